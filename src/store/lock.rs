//! The writers' lock: one `.lock` file in the data directory, held by every
//! read-modify-write (add, edit, tag, rm, restore, import) until it is done.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;

use super::{Store, StoreError};

/// Holds the writers' lock; released on drop.
pub struct LockGuard {
    _file: File,
}

impl Store {
    /// Takes the data directory's writers' lock until the guard is dropped.
    pub fn lock(&self) -> Result<LockGuard, StoreError> {
        self.ensure_dir(&self.root)?;
        let path = self.root.join(".lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(&path)
            .map_err(|e| StoreError::io("open lock file", &path, e))?;
        file.lock().map_err(|e| StoreError::io("lock", &path, e))?;
        Ok(LockGuard { _file: file })
    }
}
