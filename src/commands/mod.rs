//! One module per subcommand; each has its clap `Args` and a `run`.

use std::io::Write;

use crate::App;
use crate::cli::Command;
use crate::error::Result;

pub mod add;
pub mod criteria;
pub mod export;
pub mod list;
pub mod show;

pub fn dispatch(app: &App, command: Command, out: &mut dyn Write) -> Result<()> {
    match command {
        Command::Add(args) => add::run(app, args, out),
        Command::List(args) => list::run(app, args, out),
        Command::Show(args) => show::run(app, args, out),
        Command::Criteria(args) => criteria::run(app, args, out),
        Command::Export(args) => export::run(app, args, out),
    }
}
