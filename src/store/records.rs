//! Witness testimonies and assessor decisions on disk, apart from the
//! entries: `records/<entry-id>/<kind>-<time>-<hash>.toml`, one file per
//! record, e.g. `records/2026-11-27-refund/assessment-20261128T100000p0000-3f2a9c1b7d4e.toml`.
//!
//! - `<kind>` is `witness` or `assessment`;
//! - `<time>` is when it was recorded (`YYYYMMDDTHHMMSS` and the offset,
//!   `p0000` for +00:00), so a listing sorts in the order they were made;
//! - `<hash>` is the start of the SHA-256 of the file's own text, so two
//!   records made in the same second (or on two machines) never share a
//!   name.
//!
//! A record file is written once, atomically, and never replaced or
//! changed: a later decision is a new file. That makes the layer
//! append-only, safe to merge between copies of a logbook (a merge is the
//! union of the files), and it never touches an entry file. Only `purge`
//! deletes records, with their entry.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::atomic::write_new;
use super::read::read_text;
use super::{Store, StoreError};
use crate::model::diagnostic::Diagnostic;
use crate::model::names::is_valid_id;
use crate::model::record::{Record, sha256_hex, time_stamp};

/// An entry's records, oldest first, and the files that could not be read.
#[derive(Debug, Default)]
pub struct Records {
    pub records: Vec<Record>,
    pub problems: Vec<Diagnostic>,
}

impl Store {
    pub fn records_dir(&self) -> PathBuf {
        self.root.join("records")
    }

    /// `records/<id>`; `None` for an id that is not a safe file name.
    pub fn entry_records_dir(&self, id: &str) -> Option<PathBuf> {
        is_valid_id(id).then(|| self.records_dir().join(id))
    }

    /// Writes a new record file for its entry; never replaces one.
    pub fn add_record(&self, record: &Record) -> Result<PathBuf, StoreError> {
        let dir = self
            .entry_records_dir(record.entry())
            .ok_or_else(|| StoreError::NoFileName(record.entry().to_string()))?;
        // Checked before anything is created: a record that cannot be made
        // or read back leaves no folder and no file behind.
        let text = super::verify::record_text(record, record.to_toml())?;
        self.ensure_dir(&dir)?;
        let hash = sha256_hex(text.as_bytes());
        let name = format!(
            "{}-{}-{}.toml",
            record.kind(),
            time_stamp(&record.recorded()),
            &hash[..12]
        );
        let path = dir.join(name);
        match write_new(&path, text.as_bytes()) {
            // The same bytes under the same name: it is already there.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(path),
            Err(e) => Err(StoreError::io("write", &path, e)),
            Ok(()) => Ok(path),
        }
    }

    /// The record files of one entry, in name (= time) order.
    pub fn record_files(&self, id: &str) -> Vec<PathBuf> {
        let Some(dir) = self.entry_records_dir(id) else {
            return Vec::new();
        };
        let Ok(read) = fs::read_dir(&dir) else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = read
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.path())
            .filter(|p| {
                let name = p.file_name().unwrap_or_default().to_string_lossy();
                !name.starts_with('.') && name.ends_with(".toml")
            })
            .collect();
        files.sort();
        files
    }

    /// An entry's witness testimonies and decisions, in the order they were
    /// recorded.
    pub fn records(&self, id: &str) -> Records {
        let mut out = Records::default();
        for path in self.record_files(id) {
            match read_record(&path) {
                Ok(record) if record.entry() == id => out.records.push(record),
                Ok(record) => out.problems.push(Diagnostic::whole(
                    &path,
                    format!(
                        "is about entry {:?} but lies in records/{id}/",
                        record.entry()
                    ),
                )),
                Err(problem) => out.problems.push(problem),
            }
        }
        out.records.sort_by_key(Record::recorded);
        out
    }

    /// The ids that have a `records/<id>/` folder, sorted.
    pub fn ids_with_records(&self) -> Vec<String> {
        let Ok(read) = fs::read_dir(self.records_dir()) else {
            return Vec::new();
        };
        let mut ids: Vec<String> = read
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|id| is_valid_id(id))
            .collect();
        ids.sort();
        ids
    }

    /// Deletes an entry's records for good (`purge`). Returns how many.
    pub fn remove_records(&self, id: &str) -> Result<usize, StoreError> {
        let Some(dir) = self.entry_records_dir(id) else {
            return Ok(0);
        };
        if !dir.exists() {
            return Ok(0);
        }
        let count = fs::read_dir(&dir).map(|r| r.count()).unwrap_or(0);
        fs::remove_dir_all(&dir).map_err(|e| StoreError::io("delete", &dir, e))?;
        Ok(count)
    }
}

/// The hex SHA-256 of a file's bytes: what an assessor's decision is bound to.
pub fn file_sha256(path: &Path) -> Result<String, StoreError> {
    let (mut file, _) = super::read::open_regular(path)?;
    let mut bytes = Vec::new();
    io::Read::read_to_end(&mut file, &mut bytes).map_err(|e| StoreError::io("read", path, e))?;
    Ok(sha256_hex(&bytes))
}

/// Reads one record file; its kind comes from its name.
pub fn read_record(path: &Path) -> Result<Record, Diagnostic> {
    let text = read_text(path)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let kind = name.split('-').next().unwrap_or_default();
    Record::parse(kind, &text).map_err(|p| p.in_file(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::{Decision, Witness};
    use chrono::{DateTime, NaiveDate};

    #[test]
    fn records_are_one_file_each_and_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let witness = |name: &str| {
            Record::Witness(Witness {
                entry: "2026-11-27-x".into(),
                recorded: DateTime::parse_from_rfc3339("2026-11-28T10:00:00Z").unwrap(),
                name: name.into(),
                role: "Manager".into(),
                relationship: None,
                contact: None,
                date: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
                signed: false,
                statement: None,
            })
        };
        let a = store.add_record(&witness("A")).unwrap();
        let b = store.add_record(&witness("B")).unwrap();
        assert_ne!(a, b, "same second, different records");
        assert_eq!(store.add_record(&witness("A")).unwrap(), a);
        let name = a.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("witness-20261128T100000p0000-"), "{name}");
        let got = store.records("2026-11-27-x");
        assert_eq!(got.records.len(), 2);
        assert!(got.problems.is_empty());
        assert_eq!(store.ids_with_records(), ["2026-11-27-x"]);
        assert!(
            store
                .add_record(&Record::Witness(Witness {
                    entry: "../x".into(),
                    ..match witness("C") {
                        Record::Witness(w) => w,
                        Record::Assessment(_) => unreachable!(),
                    }
                }))
                .is_err()
        );
        assert_eq!(store.remove_records("2026-11-27-x").unwrap(), 2);
        assert!(store.records("2026-11-27-x").records.is_empty());
        let _ = Decision::Accepted;
    }
}
