//! The one error type: a user-facing message, an optional hint, and the exit
//! code it maps to. Every failure the user can see goes through here.

use std::fmt;
use std::io;
use std::path::Path;

use crate::model::diagnostic::{Diagnostic, Hinted};
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

#[derive(Debug)]
pub struct Error {
    pub kind: Kind,
    pub message: String,
    pub hint: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn usage(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Usage,
            message: message.into(),
            hint: None,
        }
    }

    pub fn found(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Found,
            message: message.into(),
            hint: None,
        }
    }

    pub fn interrupted() -> Self {
        Error {
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
        Error {
            kind,
            message: format!("cannot {action} {}: {}", path.display(), describe_io(&err)),
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Writing to stdout failed: a closed pipe is not an error worth a word.
impl From<io::Error> for Error {
    fn from(err: io::Error) -> Self {
        let kind = if err.kind() == io::ErrorKind::BrokenPipe {
            Kind::BrokenPipe
        } else {
            Kind::Io
        };
        Error {
            kind,
            message: format!("cannot write output: {}", describe_io(&err)),
            hint: None,
        }
    }
}

impl Error {
    /// A lower layer's error, with its hint, as `kind`.
    fn hinted(kind: Kind, err: &dyn Hinted) -> Self {
        Error {
            kind,
            message: err.to_string(),
            hint: err.hint().map(str::to_string),
        }
    }
}

/// The data directory: the machine refusing is an I/O failure (exit 1, or
/// quiet for a closed pipe); anything else is about what was asked (exit 2).
impl From<StoreError> for Error {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Io {
                action,
                path,
                source,
            } => Error::io(action, &path, source),
            other => Error::hinted(Kind::Usage, &other),
        }
    }
}

/// A file the person wrote (or named) that cannot be used: exit 2.
impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::usage(d.to_string())
    }
}
