//! logbook: a private, coaching evidence logbook for customer-service
//! management qualifications. `main.rs` parses the command line and calls
//! [`run`]; everything else lives here so tests can reach it.
//!
//! The layers, lowest first; each uses only the ones it names
//! (`tests/cli/test_layers.rs` checks it):
//! - [`model`]: the domain values and file formats (entries, evidence
//!   types, criteria, frameworks, dates, settings, diagnostics). Pure.
//! - [`rules`]: the judgement (lints, gaps, suggest, search, incidents,
//!   redaction, jrnl plans). Pure; uses `model`.
//! - [`render`]: the portfolio document writers. Pure; uses `model`, `rules`.
//! - [`store`]: the data directory on disk, and the digest cache of each
//!   entry's lints; uses `model`, `rules`.
//! - [`cli`]: the command line, prompts, the editor and terminal output;
//!   uses all of the above, and is the one place errors become exit codes.

pub mod cli;
pub mod model;
pub mod render;
pub mod rules;
pub mod store;

use std::io::Write;

use crate::cli::error::{self, CommandError, Result};
use crate::cli::ui;

/// Runs one command line. Output goes to `out`; errors come back for
/// `main` to print and turn into an exit code.
pub fn run(cli: cli::Cli, out: &mut dyn Write) -> Result<()> {
    cli::dispatch(cli, out)?;
    out.flush()?;
    Ok(())
}

/// Prints an error the way every command does, and gives its exit code.
pub fn report(err: &CommandError) -> u8 {
    // Messages quote what was typed and what files hold: made safe to print.
    let message = err.to_string();
    let message = ui::clean(&message);
    if err.kind == error::Kind::Interrupted {
        // Ctrl-C is the user's choice, not a failure: say what happened, calmly.
        let _ = writeln!(std::io::stderr(), "{message}");
    } else if err.kind != error::Kind::BrokenPipe {
        let paint = ui::Paint {
            on: ui::stderr_colour(),
        };
        let _ = writeln!(std::io::stderr(), "{} {message}", paint.red("error:"));
    }
    err.exit_code()
}
