//! The person's own text editor: `$VISUAL`, else `$EDITOR`, else the
//! system's choice (`sensible-editor`), nano or vi on a terminal, announced
//! with how to choose another. Run through `sh -c` so values like
//! `code --wait` or `emacsclient -t` work. Used by `edit` and by the
//! walk-through, which writes in private scratch files under `drafts/`
//! ([`Scratch`]).

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

/// The editors tried, in order, when none is set: the system's choice
/// (Debian's `sensible-editor`), then the two found almost everywhere.
const FALLBACKS: [&str; 3] = ["sensible-editor", "nano", "vi"];

/// The first of sensible-editor, nano and vi found on the PATH.
pub fn fallback() -> Option<String> {
    let path = std::env::var_os("PATH")?;
    FALLBACKS
        .into_iter()
        .find(|name| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
        .map(String::from)
}

/// The editor that will open, and whether the person chose it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub command: String,
    /// True when no `$VISUAL` or `$EDITOR` is set and this is our pick.
    pub fallback: bool,
}

impl Choice {
    /// What to say before opening an editor the person did not choose.
    pub fn announcement(&self) -> Option<String> {
        if !self.fallback {
            return None;
        }
        let which = if self.command == "sensible-editor" {
            "your system's default editor (sensible-editor)".to_string()
        } else {
            self.command.clone()
        };
        Some(format!(
            "Opening {which}, as no editor is set. To use another, set EDITOR, \
             e.g. add `export EDITOR=nano` to ~/.profile."
        ))
    }
}

/// `$VISUAL` or `$EDITOR`, else the first fallback found.
pub fn choose() -> Option<Choice> {
    if let Some(command) = from_env() {
        return Some(Choice {
            command,
            fallback: false,
        });
    }
    fallback().map(|command| Choice {
        command,
        fallback: true,
    })
}

/// The editor to run, announced on stderr when it is a fallback. Without
/// a terminal, a fallback editor would hang or scribble, so it is only
/// used on one.
pub fn command() -> Result<String> {
    if let Some(editor) = from_env() {
        return Ok(editor);
    }
    if std::io::stdin().is_terminal() {
        let choice = choose().unwrap_or_else(|| Choice {
            command: "vi".into(),
            fallback: true,
        });
        if let Some(note) = choice.announcement() {
            let width = crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w).max(20));
            eprintln!("{}", crate::cli::ui::wrap(&note, width - 1, ""));
        }
        return Ok(choice.command);
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

    /// A scratch file called after `name` (its extension kept, so the
    /// editor knows Markdown), holding `text`.
    pub fn create(&self, name: &str, text: &str) -> Result<ScratchFile> {
        let path = self.store.scratch_path(name)?;
        write_replace(&path, text.as_bytes()).map_err(|e| CommandError::io("write", &path, e))?;
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

    /// What the person wrote, line ends as on Unix.
    pub fn read(&self) -> Result<String, Diagnostic> {
        read_text(&self.path).map(|edited| edited.replace("\r\n", "\n"))
    }
}

impl Drop for ScratchFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
