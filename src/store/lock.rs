//! The writers' lock: one `.lock` file in the data directory, held by every
//! read-modify-write (add, edit, tag, rm, restore, import) until it is done.
//! Commands read what they were given (stdin, files) before taking it, so
//! it is held only while files are read and written; a command that has
//! to wait for it says so after a moment, rather than hang in silence.

use std::fs::{File, OpenOptions, TryLockError};
use std::os::unix::fs::OpenOptionsExt;
use std::sync::mpsc;
use std::time::Duration;

use super::{Store, StoreError};
use crate::model::diagnostic::Diagnostic;

/// How long a command waits for the lock in silence.
const QUIET_WAIT: Duration = Duration::from_secs(1);

/// What a command waiting for the lock says on stderr.
pub const WAITING: &str = "waiting for another logbook command to finish…";

/// Holds the writers' lock; released on drop.
pub struct LockGuard {
    _file: File,
}

impl Store {
    /// Takes the data directory's writers' lock until the guard is dropped,
    /// waiting for another command that holds it (and saying so on stderr
    /// once the wait passes a second).
    pub fn lock(&self) -> Result<LockGuard, StoreError> {
        self.ensure_dir(&self.root)?;
        let path = self.root.join(".lock");
        // Not following a link, and not waiting for a reader should a FIFO
        // sit where the lock file belongs: anything but a regular file is
        // refused, as every file logbook reads is (see `read::open_regular`).
        let refuse = |kind: &std::fs::FileType| {
            StoreError::from(Diagnostic::whole(&path, super::read::not_regular(kind)))
        };
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(&path)
            .map_err(|e| match path.symlink_metadata() {
                Ok(meta) if !meta.is_file() => refuse(&meta.file_type()),
                _ => StoreError::io("open lock file", &path, e),
            })?;
        let kind = file
            .metadata()
            .map_err(|e| StoreError::io("open lock file", &path, e))?
            .file_type();
        if !kind.is_file() {
            return Err(refuse(&kind));
        }
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let (done, waited) = mpsc::channel::<()>();
                let notice = std::thread::spawn(move || {
                    if waited.recv_timeout(QUIET_WAIT) == Err(mpsc::RecvTimeoutError::Timeout) {
                        eprintln!("{WAITING}");
                    }
                });
                let locked = file.lock();
                drop(done);
                let _ = notice.join();
                locked.map_err(|e| StoreError::io("lock", &path, e))?;
            }
            Err(TryLockError::Error(e)) => return Err(StoreError::io("lock", &path, e)),
        }
        Ok(LockGuard { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_taker_waits_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let first = store.lock().unwrap();
        let (tx, rx) = mpsc::channel();
        let other = store.clone();
        let waiter = std::thread::spawn(move || {
            let _second = other.lock().unwrap();
            tx.send(()).unwrap();
        });
        assert!(rx.recv_timeout(Duration::from_millis(200)).is_err());
        drop(first);
        rx.recv_timeout(Duration::from_secs(5)).unwrap();
        waiter.join().unwrap();
    }
}
