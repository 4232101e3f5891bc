//! Reading a file as text: symlinks and FIFOs refused, huge files refused, and text
//! that is not UTF-8 reported at the first bad byte.

use std::fs::{File, FileType, Metadata, OpenOptions};
use std::io;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

use super::describe_io;
use crate::model::diagnostic::{Diagnostic, line_col};

/// Entry files larger than this are refused rather than read into memory,
/// and no entry larger than this is ever written (see [`super::verify`]).
pub const MAX_ENTRY_BYTES: u64 = 16 * 1024 * 1024;

/// The size limit for entry files in force: [`MAX_ENTRY_BYTES`], or in a
/// debug build `LOGBOOK_MAX_ENTRY_BYTES`, so tests need not make 16 MB files.
pub fn max_entry_bytes() -> u64 {
    #[cfg(debug_assertions)]
    if let Some(limit) = std::env::var("LOGBOOK_MAX_ENTRY_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return limit;
    }
    MAX_ENTRY_BYTES
}

/// `17 MB`, `4 KB`, `812 bytes` (decimal units, rounded down).
pub fn size_words(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{} MB", bytes / 1_000_000)
    } else if bytes >= 1_000 {
        format!("{} KB", bytes / 1_000)
    } else {
        format!("{bytes} bytes")
    }
}

/// Opens a file in the data directory for reading, refusing anything but a
/// regular file. It is opened with `O_NOFOLLOW`, so a symlink (even one
/// swapped in after a check) is never followed, and with `O_NONBLOCK`, so a
/// FIFO or device named like a logbook file cannot hang the command: the
/// open returns at once and `fstat` on the open file then refuses it. This
/// is the one way logbook opens its own files for reading.
pub fn open_regular(path: &Path) -> Result<(File, Metadata), Diagnostic> {
    let cannot =
        |e: &io::Error| Diagnostic::whole(path, format!("cannot read: {}", describe_io(e)));
    let file = match OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) && path.is_symlink() => {
            return Err(Diagnostic::whole(
                path,
                "is a symbolic link; logbook does not follow it",
            ));
        }
        Err(e) => return Err(cannot(&e)),
    };
    let meta = file.metadata().map_err(|e| cannot(&e))?;
    if !meta.is_file() {
        return Err(Diagnostic::whole(path, not_regular(&meta.file_type())));
    }
    Ok((file, meta))
}

/// Why a FIFO, socket, device or directory where a file belongs is skipped.
pub fn not_regular(kind: &FileType) -> String {
    let what = if kind.is_fifo() {
        "a named pipe"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_dir() {
        "a directory"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else {
        "something other than a file"
    };
    format!("is {what}, not a regular file; logbook reads only regular files")
}

/// Reads a file as UTF-8 text, refusing symlinks, non-regular files (see
/// [`open_regular`]) and huge files, with the position of the first
/// invalid byte.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let cannot =
        |e: &io::Error| Diagnostic::whole(path, format!("cannot read: {}", describe_io(e)));
    let (mut file, meta) = open_regular(path)?;
    let limit = max_entry_bytes();
    if meta.len() > limit {
        return Err(Diagnostic::whole(
            path,
            format!(
                "is {}; entry files are limited to {}",
                size_words(meta.len()),
                size_words(limit)
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    io::Read::read_to_end(&mut file, &mut bytes).map_err(|e| cannot(&e))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..valid]);
        let (line, col) = line_col(&text, valid);
        Diagnostic {
            path: path.to_path_buf(),
            line,
            col,
            message: "not valid UTF-8 text (save the file as UTF-8)".into(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn a_symlink_is_refused_even_when_opened_directly() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("real.toml");
        fs::write(&real, "id = 1").unwrap();
        let link = tmp.path().join("link.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let problem = read_text(&link).unwrap_err();
        assert_eq!(
            problem.message,
            "is a symbolic link; logbook does not follow it"
        );
        assert_eq!(read_text(&real).unwrap(), "id = 1");
        let missing = read_text(&tmp.path().join("gone.toml")).unwrap_err();
        assert_eq!(missing.message, "cannot read: No such file or directory");
    }

    #[test]
    fn a_fifo_or_directory_is_refused_without_blocking() {
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("pipe.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        // With no writer, a blocking open would never return.
        let problem = read_text(&fifo).unwrap_err();
        assert_eq!(
            problem.message,
            "is a named pipe, not a regular file; logbook reads only regular files"
        );
        let problem = read_text(tmp.path()).unwrap_err();
        assert_eq!(
            problem.message,
            "is a directory, not a regular file; logbook reads only regular files"
        );
    }
}
