//! The `logbook` binary: parses the command line and hands it to
//! [`logbook::run`], then turns the outcome into an exit code.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = logbook::cli::parse();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = logbook::run(cli, &mut out);
    // A flush error here is the closed-pipe case: nothing more to say.
    let _ = out.flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => ExitCode::from(logbook::report(&err)),
    }
}
