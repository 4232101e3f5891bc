//! `logbook man [COMMAND]`: the manual page in roff, generated from the
//! command-line definition, for `man -l -` or a packager's `man1/`.

use std::io::Write;

use clap::Args;

use crate::cli::error::{CommandError, Result};
use crate::model::names::closest;

#[derive(Debug, Args)]
#[command(after_help = "Read it with `logbook man | man -l -`, or install it:
  logbook man > ~/.local/share/man/man1/logbook.1")]
pub struct ManArgs {
    /// A subcommand's own page (logbook-edit(1)) instead of logbook(1)
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

/// Writes the page for `top`, the whole command-line definition.
pub fn run(args: ManArgs, mut top: clap::Command, out: &mut dyn Write) -> Result<()> {
    top.build();
    let whole_tool = args.command.is_none();
    let page = match &args.command {
        None => top,
        Some(name) => {
            let names: Vec<String> = top
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            let Some(sub) = top.find_subcommand(name).cloned() else {
                let err = CommandError::usage(format!("no command {name:?}"));
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
    let mut text = String::from_utf8_lossy(&roff).replace("\n.SH EXTRA\n", "\n.SH NOTES\n");
    if whole_tool {
        let at = text.find("\n.SH VERSION\n").map_or(text.len(), |i| i + 1);
        text.insert_str(at, TOOL_SECTIONS);
    }
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// What the generated page cannot know: files, environment, exit codes.
const TOOL_SECTIONS: &str = r#".SH FILES
In the data directory:
.TP
\fIentries/YYYY/MM/<id>.toml\fR
One entry per file, plain TOML; edit with \fBlogbook edit\fR, validate with \fBlogbook check\fR.
.TP
\fIlogbook.toml\fR
Optional settings: learner, qualification, default_framework, [gaps], [redact]; \fBlogbook config\fR shows them.
.TP
\fIcriteria/*.toml\fR
Optional criteria sets that extend or replace the built\-in units.
.TP
\fIdrafts/\fR, \fItrash/\fR
Unfinished entries and edits, and entries removed with \fBlogbook rm\fR. Nothing is ever deleted outright.
.SH ENVIRONMENT
.TP
\fBLOGBOOK_DIR\fR
The data directory when \fB\-\-dir\fR is not given (default ~/.local/share/logbook).
.TP
\fBLOGBOOK_NOW\fR
Pins the current time (RFC 3339), for tests and reproducible examples.
.TP
\fBVISUAL\fR, \fBEDITOR\fR
The editor \fBlogbook edit\fR opens, run through sh(1); vi when neither is set.
.TP
\fBNO_COLOR\fR
When set, output is never coloured.
.SH "EXIT STATUS"
.TP
0
Success.
.TP
1
The command ran and found a problem (\fBlogbook check\fR), or the system refused (disk full, permissions).
.TP
2
Bad flags or input; nothing stored was changed.
.TP
130
Interrupted (Ctrl\-C).
"#;
