//! One module per subcommand; each has its clap `Args` and a `run`.

use std::io::Write;

use crate::cli::Command;
use crate::cli::app::App;
use crate::cli::error::Result;

pub mod add;
pub mod check;
pub mod completions;
pub mod config;
pub mod criteria;
pub mod edit;
pub mod export;
pub mod gaps;
pub mod import;
pub mod list;
pub mod man;
pub mod restore;
pub mod rm;
pub mod search;
pub mod show;
pub mod suggest;
pub mod tag;
pub mod trash;

pub fn dispatch(app: &App, command: Command, out: &mut dyn Write) -> Result<()> {
    match command {
        Command::Add(args) => add::run(app, args, out),
        Command::List(args) => list::run(app, args, out),
        Command::Show(args) => show::run(app, args, out),
        Command::Criteria(args) => criteria::run(app, args, out),
        Command::Export(args) => export::run(app, args, out),
        Command::Gaps(args) => gaps::run(app, args, out),
        Command::Edit(args) => edit::run(app, args, out),
        Command::Tag(args) => tag::run(app, args, out),
        Command::Rm(args) => rm::run(app, args, out),
        Command::Restore(args) => restore::run(app, args, out),
        Command::Trash(args) => trash::run(app, args, out),
        Command::Search(args) => search::run(app, args, out),
        Command::Check(args) => check::run(app, args, out),
        Command::Import(args) => import::run(app, args, out),
        Command::Completions(args) => completions::run(args, out),
        Command::Man(args) => man::run(args, out),
        Command::Config(args) => config::run(app, args, out),
        Command::Suggest(args) => suggest::run(app, args, out),
    }
}
