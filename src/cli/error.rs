//! The one error type: a user-facing message, an optional hint, and the exit
//! code it maps to. Every failure the user can see goes through here.

use std::fmt;
use std::io;
use std::path::Path;

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

/// `io::Error`'s Display adds "(os error 28)"; people want the words only.
pub fn describe_io(err: &io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}
