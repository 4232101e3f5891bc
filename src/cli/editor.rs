//! The person's own text editor: `$VISUAL`, else `$EDITOR`, else nano or vi
//! on a terminal, run through `sh -c` so values like `code --wait` or
//! `emacsclient -t` work. Used by `edit` and by the walk-through, whose
//! answers are written in private scratch files under `drafts/` with the
//! question below a cut line ([`Scratch`]).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

use crate::cli::error::{CommandError, Result};
use crate::model::diagnostic::Diagnostic;
use crate::store::Store;
use crate::store::atomic::write_replace;
use crate::store::read::read_text;

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

/// Where the walk-through's editor writes: the data directory's `drafts/`.
pub struct Scratch {
    store: Store,
}

impl Scratch {
    pub fn new(store: Store) -> Scratch {
        Scratch { store }
    }

    /// A scratch file for the answer `name`, holding `text` above the cut
    /// line and `help` below it.
    pub fn create(&self, name: &str, text: &str, help: &str) -> Result<ScratchFile> {
        let path = self.store.scratch_path(name)?;
        write_replace(&path, editor_template(text, help).as_bytes())
            .map_err(|e| CommandError::io("write", &path, e))?;
        Ok(ScratchFile { path })
    }
}

/// A scratch file being edited; deleted when dropped.
pub struct ScratchFile {
    path: PathBuf,
}

impl ScratchFile {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the person wrote: the text above the cut line.
    pub fn read(&self) -> Result<String, Diagnostic> {
        read_text(&self.path).map(|edited| from_template(&edited))
    }
}

impl Drop for ScratchFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The line in an editor template below which everything is ignored.
pub const CUT_LINE: &str = "# ------------------------ >8 ------------------------";

/// What the editor opens: the text, then the help as comments below the cut line.
pub fn editor_template(text: &str, help: &str) -> String {
    let mut out = text.trim_end().to_string();
    out.push_str("\n\n");
    out.push_str(CUT_LINE);
    out.push('\n');
    for line in help.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("# Write above the cut line; it and everything below it are ignored.\n");
    out.push_str("# Save and close the editor to carry on.\n");
    out
}

/// The text the user wrote in a template: everything above the cut line,
/// without trailing blank space.
pub fn from_template(edited: &str) -> String {
    let text = edited.replace("\r\n", "\n");
    let above = match text.lines().position(|l| l.trim_end() == CUT_LINE) {
        Some(n) => text.lines().take(n).collect::<Vec<_>>().join("\n"),
        None => text,
    };
    above.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_keep_only_what_is_above_the_cut_line() {
        let t = editor_template(
            "first line\n\nsecond para\n",
            "What happened?\nHint: be specific",
        );
        assert!(t.starts_with("first line\n\nsecond para\n\n# ---"), "{t}");
        assert!(t.contains("# What happened?\n# Hint: be specific\n"), "{t}");
        assert_eq!(from_template(&t), "first line\n\nsecond para");
        let edited = t.replace(
            "second para",
            "second para — edited ✓\r\n# a hash line I wrote",
        );
        assert_eq!(
            from_template(&edited),
            "first line\n\nsecond para — edited ✓\n# a hash line I wrote"
        );
        assert_eq!(from_template(&editor_template("", "help")), "");
        assert_eq!(
            from_template("no cut line at all\n\n"),
            "no cut line at all"
        );
    }
}
