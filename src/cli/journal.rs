//! Recording each writing command in the logbook's history, once `logbook
//! sync init` has started one. [`crate::cli::dispatch`] asks which commands
//! write (the one list is `cli::records`), starts a [`Journal`] before such
//! a command and finishes it after: hand edits made since the last command
//! are committed first, as their own commit, so the command's commit holds
//! exactly what it changed.
//!
//! A logbook without a history costs one `stat` here and never runs git.
//! Recording never fails a command: its work is saved either way, and a
//! commit that could not be made is a warning (the next `logbook sync`
//! records what is pending).

use std::path::PathBuf;

use crate::cli::app::App;
use crate::cli::ui;
use crate::model::diagnostic::Hinted;
use crate::store::history::sync::HAND;
use crate::store::history::{Git, GitError, History, Ident};

/// Who the history's commits are by: this clone's own `logbook.author`
/// (set by `sync init --as NAME`, kept in `.git/config` and never shared:
/// an assessor's clone records the assessor), else the profile's `learner`
/// (logbook.toml), else git's own `user.name`, else "logbook"; the email
/// from git's `user.email`, or none. At the command's time (`LOGBOOK_NOW`
/// pins it).
pub fn ident(app: &App) -> Ident {
    let learner = app
        .settings()
        .ok()
        .and_then(|s| s.learner().map(str::to_string))
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty());
    let (mut author, mut name, mut email) = (None, None, String::new());
    let configured = Git::new(app.store.root())
        .output([
            "config",
            "--get-regexp",
            r"^(user\.(name|email)|logbook\.author)$",
        ])
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    for line in configured.lines() {
        let (key, value) = line.split_once(' ').unwrap_or((line, ""));
        let value = value.trim().to_string();
        match key {
            "logbook.author" if !value.is_empty() => author = Some(value),
            "user.name" if !value.is_empty() => name = Some(value),
            "user.email" => email = value,
            _ => {}
        }
    }
    Ident {
        name: author
            .or(learner)
            .or(name)
            .unwrap_or_else(|| "logbook".into()),
        email,
        when: app.now,
    }
}

/// How a writing command is recorded: the words its commit's subject
/// starts with, the command named in its `Logbook-Command` trailer, and
/// what it names when the files it changed would not say it (the key of
/// `config set`, the record `hours void` cancels).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recording {
    pub verb: &'static str,
    pub command: &'static str,
    pub naming: Option<String>,
}

impl Recording {
    /// Recorded as "VERB TARGETS", with VERB in the trailer.
    pub fn new(verb: &'static str) -> Recording {
        Recording {
            verb,
            command: verb,
            naming: None,
        }
    }

    /// The trailer names `command` rather than the verb.
    pub fn command(self, command: &'static str) -> Recording {
        Recording { command, ..self }
    }

    /// The subject names `what` (as typed, kept to a short run of plain
    /// characters so nothing typed can reach past the subject line)
    /// rather than the files changed.
    pub fn naming(self, what: &str) -> Recording {
        let what: String = what
            .trim()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
            .take(40)
            .collect();
        Recording {
            naming: (!what.is_empty()).then_some(what),
            ..self
        }
    }
}

/// A writing command being recorded.
pub struct Journal {
    app: App,
    history: History,
    how: Recording,
    /// Held shared until the command's commit is made (see
    /// [`History::journal_lock`]).
    _journal: Option<std::fs::File>,
}

impl Journal {
    /// Before the command recorded as `how` runs: `None` (and no git call)
    /// when the logbook keeps no history. Pending hand edits are committed
    /// now.
    pub fn start(dir: Option<PathBuf>, how: Recording) -> Option<Journal> {
        let app = App::from_env(dir).ok()?;
        let history = app.store.history()?;
        if history.merge_in_progress().is_some() {
            ui::warn(
                "a git merge is unfinished in the data directory, so this change is not recorded in the history yet",
            );
            return None;
        }
        let history = history.as_ident(ident(&app));
        let held = history.journal_lock(&app.store, false);
        let journal = Journal {
            app,
            history,
            how,
            _journal: held,
        };
        match journal.hand_edits() {
            Ok(()) => Some(journal),
            Err(e) => {
                // Git missing or failing: say so once, and leave it there.
                warn(&e, &format!("this `{}`", journal.how.verb));
                None
            }
        }
    }

    fn hand_edits(&self) -> Result<(), GitError> {
        // Under the writers' lock, like every git command that may touch
        // the index, so a sync's own git work never meets this one's
        // index.lock.
        let _lock = self.app.store.lock().map_err(|e| GitError::Failed {
            command: "take the writers' lock".into(),
            message: e.to_string(),
        })?;
        if self.history.pending()?.is_empty() {
            return Ok(());
        }
        self.history.commit_all(HAND, "hand", false).map(drop)
    }

    /// After the command, whether or not it succeeded: commits what it
    /// changed, if anything, as "VERB TARGETS" (or "VERB NAMING").
    pub fn finish(self) {
        let done = self.app.store.lock().map_err(|e| GitError::Failed {
            command: "take the writers' lock".into(),
            message: e.to_string(),
        });
        let how = &self.how;
        let recorded = done.and_then(|_lock| {
            self.history
                .record(how.verb, how.command, how.naming.as_deref())
        });
        if let Err(e) = recorded {
            warn(&e, &format!("this `{}`", how.verb));
        }
    }
}

fn warn(err: &GitError, what: &str) {
    ui::warn(&format!(
        "{what} is not recorded in the history (your work is saved): {}; `logbook sync` records it later",
        err.with_hint()
    ));
}
