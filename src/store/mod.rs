//! The data directory on disk, and the only layer that touches it. Split by
//! job: where things live ([`paths`]), the writers' [`lock`], [`atomic`]
//! private writes, reading a file as text ([`read`]), the [`entries`]
//! (listing, loading, id lookup, creating), [`drafts`], the [`trash`], the
//! digest [`cache`], the user's own settings and criteria files
//! ([`user_files`]), witness and assessor [`records`], and the copied
//! [`evidence`] files. Failures come back as a typed [`StoreError`].

pub mod atomic;
pub mod cache;
pub mod drafts;
pub mod entries;
pub mod evidence;
pub mod history;
pub mod hours;
pub mod lock;
pub mod paths;
pub mod read;
pub mod records;
pub mod trash;
pub mod user_files;
pub mod verify;

use std::io;
use std::path::PathBuf;

use crate::model::diagnostic::{Diagnostic, Hinted};

/// Where the data directory is; every other path is worked out from it
/// (see [`paths`]).
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

impl Store {
    pub fn new(root: impl Into<PathBuf>) -> Store {
        Store { root: root.into() }
    }

    pub fn root(&self) -> &std::path::Path {
        &self.root
    }
}

/// What went wrong in the data directory. The machine refusing (an
/// [`StoreError::Io`]) is the system's doing; everything else is about
/// what the person asked for or a file they wrote.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The machine said no: disk full, permissions, a closed pipe.
    #[error("cannot {action} {}: {}", path.display(), describe_io(source))]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// A file that cannot be used, at the place of the problem.
    #[error("{0}")]
    File(Diagnostic),
    /// No entry by that id or start of one; the hint is a "did you mean" or
    /// where the ids are listed.
    #[error("no entry {wanted:?}")]
    NoEntry { wanted: String, hint: String },
    /// Looked for in an empty trash.
    #[error("no entry {0:?} in the trash")]
    TrashEmpty(String),
    /// A start of an id that fits several; `list` names the first few.
    #[error("{wanted:?} matches {count} entries: {list}")]
    Ambiguous {
        wanted: String,
        count: usize,
        list: String,
    },
    #[error("cannot derive a file name from {0:?}")]
    NoFileName(String),
    /// The entry could not be turned into file text; nothing was written.
    #[error("cannot write {id}: {reason}; nothing was changed")]
    Unwritable { id: String, reason: String },
    /// The text made for an entry did not read back as that entry, so it
    /// was not written.
    #[error("{id} did not read back as it was written, so it was not saved; nothing was changed")]
    NotReadBack { id: String },
    /// The entry would be larger than the reader accepts.
    #[error("{} would be {size}, over the {limit} an entry file may hold; nothing was saved", if id.is_empty() { "the entry" } else { id.as_str() })]
    TooLarge {
        id: String,
        size: String,
        limit: String,
    },
    #[error("no free id left for {0:?}")]
    NoFreeId(String),
    #[error("no free draft name left in drafts/")]
    NoFreeDraft,
    /// Moving an entry to the trash would replace a file already there.
    #[error("the trash already holds {}; restore or move that file first", .0.display())]
    TrashOccupied(PathBuf),
    /// Restoring an entry would replace one that lives there now.
    #[error("an entry already lives at {}; it was not replaced", .0.display())]
    HomeOccupied(PathBuf),
}

impl StoreError {
    /// An I/O failure while doing `action` to `path`.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> StoreError {
        StoreError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

impl Hinted for StoreError {
    fn hint(&self) -> Option<&str> {
        match self {
            StoreError::NoEntry { hint, .. } => Some(hint),
            StoreError::TrashEmpty(_) => Some("the trash is empty"),
            StoreError::Ambiguous { .. } => Some("type more of the id"),
            StoreError::TooLarge { .. } => {
                Some("shorten it, or split it into two entries; attach long documents instead")
            }
            StoreError::HomeOccupied(_) => {
                Some("rename the file in the trash, or remove the other entry first")
            }
            _ => None,
        }
    }
}

impl From<Diagnostic> for StoreError {
    fn from(d: Diagnostic) -> Self {
        StoreError::File(d)
    }
}

/// `io::Error`'s Display adds "(os error 28)"; people want the words only.
pub fn describe_io(err: &io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}
