//! The person's own text editor: `$VISUAL`, else `$EDITOR`, else nano or vi
//! on a terminal, run through `sh -c` so values like `code --wait` or
//! `emacsclient -t` work. Used by `edit` and by the walk-through.

use std::io::IsTerminal;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

use crate::cli::error::{CommandError, Result};

/// The editor command line from the environment, if one is set.
pub fn from_env() -> Option<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
}

/// The first of nano and vi found on the PATH.
pub fn fallback() -> Option<String> {
    let path = std::env::var_os("PATH")?;
    ["nano", "vi"]
        .into_iter()
        .find(|name| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
        .map(String::from)
}

/// The editor to run. Without a terminal, a fallback editor would hang or
/// scribble, so it is only used on one.
pub fn command() -> Result<String> {
    if let Some(editor) = from_env() {
        return Ok(editor);
    }
    if std::io::stdin().is_terminal() {
        return Ok(fallback().unwrap_or_else(|| "vi".into()));
    }
    Err(
        CommandError::usage("no editor to open: $VISUAL and $EDITOR are not set")
            .with_hint("set EDITOR, e.g. EDITOR=nano, or change fields with flags: see --help"),
    )
}

/// Runs `editor` on `path` with the given stdout and waits for it.
pub fn run(editor: &str, path: &Path, stdout: Stdio) -> std::io::Result<ExitStatus> {
    Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("logbook-editor")
        .arg(path)
        .stdout(stdout)
        .status()
}

/// Opens `path` in `editor` and waits for it to close.
pub fn open(editor: &str, path: &Path) -> Result<()> {
    let status = run(editor, path, Stdio::inherit())
        .map_err(|e| CommandError::io("run the editor via", Path::new("sh"), e))?;
    match status.code() {
        Some(0) => Ok(()),
        Some(127) => Err(
            CommandError::usage(format!("cannot run the editor {editor:?}"))
                .with_hint("set $VISUAL or $EDITOR to an editor that is installed"),
        ),
        Some(code) => Err(CommandError::usage(format!(
            "the editor {editor:?} gave up (exit status {code})"
        ))),
        None => Err(CommandError::interrupted()),
    }
}
