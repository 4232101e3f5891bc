//! Private, atomic writes: a file appears whole or not at all (written to
//! a synced temporary file, then linked or renamed into place), readable
//! only by its owner, and directories are created private.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Store, StoreError};

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl Store {
    /// Creates `dir` (and parents) private to the user.
    pub fn ensure_dir(&self, dir: &Path) -> Result<(), StoreError> {
        if dir.is_dir() {
            return Ok(());
        }
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| StoreError::io("create directory", dir, e))
    }
}

/// A temporary file next to `path`, private, created exclusively.
pub(super) fn temp_file(path: &Path) -> io::Result<(PathBuf, File)> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let stem = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    loop {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!(".{stem}.{}.{n}.tmp", std::process::id()));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temp)
        {
            Ok(file) => {
                // Respect 0600 even under an unusual umask.
                file.set_permissions(fs::Permissions::from_mode(0o600))?;
                return Ok((temp, file));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// A synced temporary file next to `path`, filled by `fill`.
fn write_temp(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<PathBuf> {
    let (temp, file) = temp_file(path)?;
    let mut writer = io::BufWriter::new(file);
    let result = fill(&mut writer)
        .and_then(|()| writer.into_inner().map_err(io::IntoInnerError::into_error))
        .and_then(|file| file.sync_all());
    if let Err(e) = result {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    Ok(temp)
}

pub(super) fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent()
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
}

/// Crash-test hook, debug builds only: `LOGBOOK_FAULT=before-commit` aborts
/// the process after the temporary file is written and synced but before it
/// is moved into place — the worst moment for a crash.
fn fault_point(name: &str) {
    if fault(name) {
        std::process::abort();
    }
}

/// Whether the debug-only fault hook `LOGBOOK_FAULT` names `name`:
/// `before-commit` (above), `serialise` (an entry's text cannot be made)
/// and `verify` (it does not read back), the last two checked by
/// [`super::verify`]. Always false in a release build.
pub(super) fn fault(name: &str) -> bool {
    #[cfg(debug_assertions)]
    {
        std::env::var_os("LOGBOOK_FAULT").is_some_and(|v| v == name)
    }
    #[cfg(not(debug_assertions))]
    {
        let _ = name;
        false
    }
}

/// Atomically creates `path` with `bytes`; fails with `AlreadyExists` rather
/// than replace anything. Readers see no file or the whole file.
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_new_with(path, |w| w.write_all(bytes))
}

/// [`write_new`] for content written piece by piece (a long document need
/// not be held in memory); nothing appears at `path` unless `fill` succeeds.
pub fn write_new_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let temp = write_temp(path, fill)?;
    fault_point("before-commit");
    let linked = fs::hard_link(&temp, path);
    let _ = fs::remove_file(&temp);
    linked?;
    sync_dir(path);
    Ok(())
}

/// Atomically replaces (or creates) `path` with `bytes`.
pub fn write_replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_replace_with(path, |w| w.write_all(bytes))
}

/// [`write_replace`] for content written piece by piece.
pub fn write_replace_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let temp = write_temp(path, fill)?;
    fault_point("before-commit");
    if let Err(e) = fs::rename(&temp, path) {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    sync_dir(path);
    Ok(())
}

/// [`write_replace_with`] for a file the user named, which must be a
/// regular file if it exists at all: it is looked at again just before the
/// rename, and anything else there (a FIFO, a device, a directory, a link)
/// is left alone with an `InvalidInput` error.
pub fn write_replace_file_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let temp = write_temp(path, fill)?;
    let regular = match fs::symlink_metadata(path) {
        Ok(meta) => meta.file_type().is_file(),
        Err(e) => e.kind() == io::ErrorKind::NotFound,
    };
    if !regular {
        let _ = fs::remove_file(&temp);
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    fault_point("before-commit");
    if let Err(e) = fs::rename(&temp, path) {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    sync_dir(path);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_fill_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        let fail = |w: &mut dyn Write| {
            w.write_all(b"half a document")?;
            Err(io::Error::other("cancelled"))
        };
        assert_eq!(
            write_new_with(&path, fail).unwrap_err().to_string(),
            "cancelled"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
        write_new_with(&path, |w| {
            w.write_all(b"one ")?;
            w.write_all(b"two")
        })
        .unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"one two");
        assert!(write_replace_with(&path, fail).is_err());
        assert_eq!(fs::read(&path).unwrap(), b"one two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn write_new_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        write_new(&path, b"one").unwrap();
        let err = write_new(&path, b"two").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"one");
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        write_replace(&path, b"three").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"three");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "temp files left: {names:?}");
    }
}
