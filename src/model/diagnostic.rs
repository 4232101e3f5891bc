//! One way to say what is wrong and where: a [`Diagnostic`] is a message at
//! a line and column, in a file once the file is known. Every parser in the
//! crate reports through it, and it prints as `path:line:col: message`,
//! which editors can jump to. Errors that can say what to do about them
//! implement [`Hinted`].

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem at a place: 1-based line and column (in characters), and the
/// file when it is known (empty until [`Diagnostic::in_file`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl Diagnostic {
    /// A problem at a line and column already worked out.
    pub fn new(line: usize, col: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path: PathBuf::new(),
            line,
            col,
            message: message.into(),
        }
    }

    /// A problem at byte `offset` of `text`.
    pub fn at(text: &str, offset: usize, message: impl Into<String>) -> Diagnostic {
        let (line, col) = line_col(text, offset);
        Diagnostic::new(line, col, message)
    }

    /// A problem with a whole file, reported at 1:1.
    pub fn whole(path: &Path, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(1, 1, message).in_file(path)
    }

    /// A TOML parse error in `text`, whose parser was given `text[skip..]`
    /// (after a byte-order mark, say): at the start of its span, or of the
    /// text when it has none, with the first line of its message.
    pub fn toml(text: &str, skip: usize, err: &toml::de::Error) -> Diagnostic {
        let offset = err.span().map_or(0, |s| s.start) + skip;
        let message = err.message();
        Diagnostic::at(
            text,
            offset,
            message.lines().next().unwrap_or(message).trim(),
        )
    }

    /// The same problem, in the file at `path`.
    pub fn in_file(mut self, path: impl Into<PathBuf>) -> Diagnostic {
        self.path = path.into();
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.as_os_str().is_empty() {
            write!(f, "{}:", self.path.display())?;
        }
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// An error that can tell a person what to do next. Its `Display` is the
/// message; the hint is shown after it, in brackets. The command line
/// turns every such error into its one error type (and exit code).
pub trait Hinted: fmt::Display {
    /// What to do about it, when there is something useful to say.
    fn hint(&self) -> Option<&str>;

    /// The message and its hint as one line: `message (hint)`.
    fn with_hint(&self) -> String {
        match self.hint() {
            Some(hint) => format!("{self} ({hint})"),
            None => self.to_string(),
        }
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        assert_eq!(line_col(text, text.find('=').unwrap()), (1, 3));
        assert_eq!(line_col(text, text.rfind('=').unwrap()), (2, 4));
        assert_eq!(line_col(text, 999), (3, 1));
    }

    #[test]
    fn prints_with_the_file_once_it_is_known() {
        let d = Diagnostic::at("a = 1\nb = [", 10, "unclosed array");
        assert_eq!(d.to_string(), "2:5: unclosed array");
        assert_eq!(
            d.in_file("x/y.toml").to_string(),
            "x/y.toml:2:5: unclosed array"
        );
        let err = toml::from_str::<toml::Table>("\u{feff}a = ").unwrap_err();
        let d = Diagnostic::toml("\u{feff}a = ", 3, &err);
        assert_eq!((d.line, d.col), (1, 6), "{d}");
    }
}
