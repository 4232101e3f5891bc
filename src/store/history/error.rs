//! What can go wrong with the history or a sync, each with what to do
//! next.

use std::io;
use std::path::{Path, PathBuf};

use crate::model::diagnostic::Hinted;
use crate::store::describe_io;

/// What went wrong with the history or a sync.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("the `git` program is not installed; logbook uses it to keep history and to sync")]
    Missing,
    #[error("cannot run git: {}", describe_io(.0))]
    Spawn(io::Error),
    #[error("{command} failed: {message}")]
    Failed { command: String, message: String },
    #[error("this logbook keeps no history yet")]
    NoHistory,
    #[error(
        "the git repository in {dir} is not on a branch (a detached HEAD), so nothing was recorded; `git -C {dir} switch -c logbook` keeps your files on a new branch, then run this again",
        dir = .0.display()
    )]
    Detached(PathBuf),
    #[error("cannot reach {remote}: {message}")]
    Unreachable { remote: String, message: String },
    #[error("cannot {action} {}: {}", path.display(), describe_io(source))]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("a git merge or rebase was left unfinished in {}, so nothing was recorded", .0.display())]
    MergeInProgress(PathBuf),
    #[error(
        "{path} must travel to your other copies but git ignores it ({rule}), so it would not be shared"
    )]
    Ignored { path: String, rule: String },
}

impl Hinted for GitError {
    fn hint(&self) -> Option<&str> {
        match self {
            GitError::Missing => Some("install git, e.g. `sudo apt install git`, then try again"),
            GitError::NoHistory => {
                Some("`logbook sync init` starts it; add `--remote URL` to share it")
            }
            GitError::Unreachable { .. } => Some(
                "nothing is lost: your changes are committed here and go up with the next `logbook sync`",
            ),
            GitError::MergeInProgress(_) => Some(
                "finish it with git in the data directory (or `git merge --abort` / `git rebase --abort`, which put it back as it was), then try again",
            ),
            GitError::Ignored { .. } => Some(
                "remove that rule from the .gitignore it is in (logbook's own files must always be shared), then run this again",
            ),
            _ => None,
        }
    }
}

impl GitError {
    pub(super) fn io(action: &'static str, path: &Path, source: io::Error) -> GitError {
        GitError::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}
