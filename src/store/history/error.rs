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
    #[error("the logbook's git repository is not on a branch (a detached HEAD)")]
    Detached,
    #[error("cannot reach {remote}: {message}")]
    Unreachable { remote: String, message: String },
    #[error("cannot {action} {}: {}", path.display(), describe_io(source))]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("a sync or merge was left unfinished in {}", .0.display())]
    MergeInProgress(PathBuf),
}

impl Hinted for GitError {
    fn hint(&self) -> Option<&str> {
        match self {
            GitError::Missing => Some("install git, e.g. `sudo apt install git`, then try again"),
            GitError::NoHistory => {
                Some("`logbook sync init` starts it; add `--remote URL` to share it")
            }
            GitError::Detached => Some("`git switch main` in the data directory puts it back"),
            GitError::Unreachable { .. } => Some(
                "nothing is lost: your changes are committed here and go up with the next `logbook sync`",
            ),
            GitError::MergeInProgress(_) => Some(
                "finish it with git (`git merge --continue` or `git merge --abort` in the data directory), then sync again",
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
