//! The logbook's history, kept in git once `logbook sync init` has made the
//! data directory a repository: every command that writes records its
//! change as one commit ([`History::record`]), `logbook sync` shares it with
//! a remote ([`sync`]), and `logbook history` reads it back ([`log`]).
//!
//! A data directory without `.git` has no history and costs nothing: one
//! `stat` ([`Store::history`]) and no git call at all. A repository the user
//! made by hand is left alone until `sync init` adopts it.
//!
//! What is committed is everything in the data directory but what
//! `.gitignore` leaves out: the digest cache, drafts, the writers' lock and
//! temporary files (see [`GITIGNORE`]).

pub mod error;
pub mod git;
pub mod log;
pub mod names;
pub mod repo;
pub mod sync;

pub use error::GitError;
pub use git::{Git, Ident};
pub use log::{First, Revision};
pub use names::{Aside, entry_of, hours_of, record_of};
pub use repo::{
    Change, GITATTRIBUTES, GITIGNORE, History, INIT, RESOLVE, Recorded, Start, TRAILER, subject,
};
