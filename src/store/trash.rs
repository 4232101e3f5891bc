//! The trash: `logbook rm` moves an entry file into `trash/` by renaming it
//! (the same bytes, nothing deleted), and `logbook restore` moves it back.

use std::fs;
use std::path::PathBuf;

use super::atomic::sync_dir;
use super::entries::{Listing, Loaded, Stored, load_listing, pick_id, read_entry, sorted};
use super::lock::LockGuard;
use super::paths::file_stem;
use super::{Store, StoreError, verify};
use crate::model::diagnostic::Diagnostic;

impl Store {
    /// Moves an entry file into `trash/` by renaming it: the same bytes,
    /// nothing deleted. Refuses to replace a file already in the trash.
    pub fn trash_entry(&self, stored: &Stored, _lock: &LockGuard) -> Result<PathBuf, StoreError> {
        let dir = self.trash_dir();
        self.ensure_dir(&dir)?;
        let name = stored.path.file_name().unwrap_or_default();
        let target = dir.join(name);
        if target.symlink_metadata().is_ok() {
            return Err(StoreError::TrashOccupied(target));
        }
        fs::rename(&stored.path, &target)
            .map_err(|e| StoreError::io("move to the trash", &stored.path, e))?;
        sync_dir(&target);
        sync_dir(&stored.path);
        Ok(target)
    }

    /// The files in `trash/`, sorted, and those that are not entry files.
    pub fn trash_files(&self) -> Listing {
        let mut listing = Listing::default();
        let Ok(read) = fs::read_dir(self.trash_dir()) else {
            return listing;
        };
        for item in read.flatten() {
            let path = item.path();
            let name = item.file_name().to_string_lossy().into_owned();
            let kind = item.file_type().ok();
            let is_file = kind.is_some_and(|t| t.is_file());
            if let Some(kind) = kind.filter(|t| !t.is_file() && !t.is_dir() && !t.is_symlink()) {
                let why = super::read::not_regular(&kind);
                listing.problems.push(Diagnostic::whole(&path, why));
            } else if is_file && name.ends_with(".toml") && !name.starts_with('.') {
                listing.files.push(path);
            } else if is_file && name.starts_with('.') && name.ends_with(".tmp") {
                listing.temp_files.push(path);
            } else {
                listing.problems.push(Diagnostic::whole(
                    &path,
                    "not an entry file; the trash only holds removed entries",
                ));
            }
        }
        listing.files.sort();
        listing
    }

    /// Every entry in the trash, oldest first; unusable files reported.
    pub fn load_trash(&self) -> Loaded {
        sorted(load_listing(self.trash_files(), |path| {
            read_entry(path).map(Some)
        }))
    }

    /// An entry in the trash by id or unique prefix.
    pub fn find_in_trash(&self, wanted: &str) -> Result<Stored, StoreError> {
        let files = self.trash_files().files;
        let stems: Vec<String> = files.iter().map(|p| file_stem(p)).collect();
        let index =
            pick_id(wanted.trim(), &stems, "`logbook trash` lists what is there").map_err(|e| {
                if files.is_empty() {
                    StoreError::TrashEmpty(wanted.trim().to_string())
                } else {
                    e
                }
            })?;
        Ok(read_entry(&files[index])?)
    }

    /// Moves a trashed entry back to its place under `entries/`, by rename.
    /// Refuses to replace an entry that lives there now.
    pub fn restore_entry(
        &self,
        trashed: &Stored,
        _lock: &LockGuard,
    ) -> Result<PathBuf, StoreError> {
        let target = self.home_path(&file_stem(&trashed.path), trashed.entry.occurred);
        if target.symlink_metadata().is_ok() {
            return Err(StoreError::HomeOccupied(target));
        }
        verify::restorable(
            &trashed.path,
            &trashed.text,
            &trashed.entry,
            &file_stem(&trashed.path),
        )?;
        if let Some(dir) = target.parent() {
            self.ensure_dir(dir)?;
        }
        fs::rename(&trashed.path, &target)
            .map_err(|e| StoreError::io("restore", &trashed.path, e))?;
        sync_dir(&target);
        sync_dir(&trashed.path);
        Ok(target)
    }
}
