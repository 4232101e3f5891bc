//! The command line's one error type, [`CommandError`]: a message for a
//! person, an optional hint, and the [`Kind`] that decides the exit code.
//! The lower layers return their own typed errors ([`StoreError`],
//! [`CriteriaError`], [`FrameworkError`], [`DateError`], [`EvidenceError`],
//! a [`Diagnostic`]); the `From` impls at the end of this file are the one
//! place that decides how each is reported and with which exit code.

use std::fmt;
use std::io;
use std::path::Path;

use crate::model::criteria::CriteriaError;
use crate::model::dates::DateError;
use crate::model::diagnostic::{Diagnostic, Hinted};
use crate::model::evidence::EvidenceError;
use crate::model::frameworks::FrameworkError;
use crate::store::history::GitError;
use crate::store::{StoreError, describe_io};

/// What kind of failure this is; decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bad flags, unknown ids, malformed input files: exit 2.
    Usage,
    /// The command ran and found a problem (check, gaps --strict): exit 1.
    Found,
    /// The machine said no (disk full, permissions): exit 1.
    Io,
    /// Ctrl-C: exit 130.
    Interrupted,
    /// stdout was closed under us (`logbook list | head -1`): exit 0, quietly.
    BrokenPipe,
}

/// A failure as the person sees it: `error: message (hint)`, and an exit code.
#[derive(Debug)]
pub struct CommandError {
    pub kind: Kind,
    pub message: String,
    pub hint: Option<String>,
}

pub type Result<T, E = CommandError> = std::result::Result<T, E>;

impl CommandError {
    pub fn usage(message: impl Into<String>) -> Self {
        CommandError {
            kind: Kind::Usage,
            message: message.into(),
            hint: None,
        }
    }

    pub fn found(message: impl Into<String>) -> Self {
        CommandError {
            kind: Kind::Found,
            message: message.into(),
            hint: None,
        }
    }

    pub fn interrupted() -> Self {
        CommandError {
            kind: Kind::Interrupted,
            message: "interrupted".into(),
            hint: None,
        }
    }

    /// An I/O failure on `path`, phrased for a person.
    pub fn io(action: &str, path: &Path, err: io::Error) -> Self {
        let kind = if err.kind() == io::ErrorKind::BrokenPipe {
            Kind::BrokenPipe
        } else {
            Kind::Io
        };
        CommandError {
            kind,
            message: format!("cannot {action} {}: {}", path.display(), describe_io(&err)),
            hint: None,
        }
    }

    /// A failure of the program's own making, not the person's (exit 1).
    pub fn io_other(message: impl Into<String>) -> Self {
        CommandError {
            kind: Kind::Io,
            message: message.into(),
            hint: None,
        }
    }

    /// The same message as a usage error (exit 2): for files the user named.
    pub fn into_usage(mut self) -> Self {
        self.kind = Kind::Usage;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn exit_code(&self) -> u8 {
        match self.kind {
            Kind::Usage => 2,
            Kind::Found | Kind::Io => 1,
            Kind::Interrupted => 130,
            Kind::BrokenPipe => 0,
        }
    }
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

impl std::error::Error for CommandError {}

/// Writing to stdout failed: a closed pipe is not an error worth a word.
impl From<io::Error> for CommandError {
    fn from(err: io::Error) -> Self {
        let kind = if err.kind() == io::ErrorKind::BrokenPipe {
            Kind::BrokenPipe
        } else {
            Kind::Io
        };
        CommandError {
            kind,
            message: format!("cannot write output: {}", describe_io(&err)),
            hint: None,
        }
    }
}

impl CommandError {
    /// A lower layer's error, with its hint, as `kind`.
    fn hinted(kind: Kind, err: &dyn Hinted) -> Self {
        CommandError {
            kind,
            message: err.to_string(),
            hint: err.hint().map(str::to_string),
        }
    }
}

/// The data directory: the machine refusing is an I/O failure (exit 1, or
/// quiet for a closed pipe); anything else is about what was asked (exit 2).
impl From<StoreError> for CommandError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Io {
                action,
                path,
                source,
            } => CommandError::io(action, &path, source),
            StoreError::Unwritable { .. } | StoreError::NotReadBack { .. } => {
                CommandError::hinted(Kind::Io, &err)
            }
            other => CommandError::hinted(Kind::Usage, &other),
        }
    }
}

/// A file the person wrote (or named) that cannot be used: exit 2.
impl From<Diagnostic> for CommandError {
    fn from(d: Diagnostic) -> Self {
        CommandError::usage(d.to_string())
    }
}

/// A criterion or unit that does not resolve: exit 2, with a "did you mean".
impl From<CriteriaError> for CommandError {
    fn from(err: CriteriaError) -> Self {
        CommandError::hinted(Kind::Usage, &err)
    }
}

/// A framework or section that does not resolve: exit 2.
impl From<FrameworkError> for CommandError {
    fn from(err: FrameworkError) -> Self {
        CommandError::hinted(Kind::Usage, &err)
    }
}

/// An evidence type that is none of the known ones: exit 2.
impl From<EvidenceError> for CommandError {
    fn from(err: EvidenceError) -> Self {
        CommandError::hinted(Kind::Usage, &err)
    }
}

/// A date that cannot be read (or a bad `LOGBOOK_NOW`): exit 2.
impl From<DateError> for CommandError {
    fn from(err: DateError) -> Self {
        CommandError::hinted(Kind::Usage, &err)
    }
}

/// The history and sync: a logbook with no history yet is about what was
/// asked (exit 2); git missing, failing or a remote out of reach is the
/// machine's doing (exit 1), with what to do next.
impl From<GitError> for CommandError {
    fn from(err: GitError) -> Self {
        let kind = match err {
            GitError::NoHistory => Kind::Usage,
            _ => Kind::Io,
        };
        CommandError::hinted(kind, &err)
    }
}

/// A profile key that is not one, or a value that does not fit it: exit 2.
impl From<crate::model::profile::ProfileError> for CommandError {
    fn from(err: crate::model::profile::ProfileError) -> Self {
        CommandError::hinted(Kind::Usage, &err)
    }
}
