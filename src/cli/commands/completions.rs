//! `logbook completions SHELL`: a completion script for bash, zsh, fish,
//! elvish or PowerShell, generated from the command-line definition.

use std::io::Write;

use clap::Args;
use clap_complete::Shell;

use crate::cli::error::Result;

#[derive(Debug, Args)]
#[command(after_help = "Install, for example:
  bash  logbook completions bash > ~/.local/share/bash-completion/completions/logbook
  zsh   logbook completions zsh > ~/.zfunc/_logbook   (with fpath+=~/.zfunc before compinit)
  fish  logbook completions fish > ~/.config/fish/completions/logbook.fish")]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Writes the script for `command`, the whole command-line definition.
pub fn run(args: CompletionsArgs, mut command: clap::Command, out: &mut dyn Write) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "logbook", &mut script);
    out.write_all(&script)?;
    Ok(())
}
