//! `logbook man [COMMAND]`: the manual page in roff, generated from the
//! command-line definition, for `man -l -` or a packager's `man1/`.

use std::io::Write;

use clap::{Args, CommandFactory};

use crate::cli::Cli;
use crate::error::{Error, Result};
use crate::text::closest;

#[derive(Debug, Args)]
#[command(after_help = "Read it with `logbook man | man -l -`, or install it:
  logbook man > ~/.local/share/man/man1/logbook.1")]
pub struct ManArgs {
    /// A subcommand's own page (logbook-edit(1)) instead of logbook(1)
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

pub fn run(args: ManArgs, out: &mut dyn Write) -> Result<()> {
    let mut top = Cli::command();
    top.build();
    let page = match &args.command {
        None => top,
        Some(name) => {
            let names: Vec<String> = top
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            let Some(sub) = top.find_subcommand(name).cloned() else {
                let err = Error::usage(format!("no command {name:?}"));
                return Err(match closest(name, names.iter().map(String::as_str)) {
                    Some(best) => err.with_hint(format!("did you mean {best}?")),
                    None => err.with_hint(format!("commands are {}", names.join(", "))),
                });
            };
            let name = sub.get_name().to_string();
            sub.display_name(format!("logbook-{name}"))
                .bin_name(format!("logbook {name}"))
        }
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page).render(&mut roff)?;
    out.write_all(&roff)?;
    Ok(())
}
