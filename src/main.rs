//! The `logbook` binary: parses the command line and hands it to
//! [`logbook::run`], then turns the outcome into an exit code.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match logbook::cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return clap_error(&err),
    };
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

/// clap's own messages (help and version as clap prints them). A usage
/// error quotes what was typed, so it is made safe to print first, as
/// every other message is.
fn clap_error(err: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = err.print();
        return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
    }
    let message = err.render().to_string();
    let _ = write!(
        std::io::stderr(),
        "{}",
        logbook::cli::ui::clean_text(&message)
    );
    ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2))
}
