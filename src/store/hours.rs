//! Training hours on disk: `hours/<kind>-<time>-<hash>.toml`, one file per
//! record, e.g. `hours/hours-20261128T100000p0000-3f2a9c1b7d4e.toml`.
//!
//! - `<kind>` is `hours` (a stretch of training) or `void` (cancels one);
//! - `<time>` is when it was logged (`YYYYMMDDTHHMMSS` and the offset), so
//!   a listing sorts in the order they were made;
//! - `<hash>` is the start of the SHA-256 of the file's own text: the
//!   record's id (`logbook hours void 3f2a9c1`), and what keeps two records
//!   made in the same second, or on two machines, apart.
//!
//! Like witness and assessor records, an hours file is written once,
//! atomically, private, and never replaced or changed; a correction is a
//! new `void` file. So two copies of a logbook merge by taking every file,
//! without a conflict.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::atomic::write_new;
use super::read::read_text;
use super::{Store, StoreError};
use crate::model::diagnostic::Diagnostic;
use crate::model::hours::HoursFile;
use crate::model::record::{sha256_hex, time_stamp};

/// How many hex digits of the hash name a record.
pub const ID_LEN: usize = 12;

/// Every hours file that could be read, with its id, in the order logged,
/// and what was wrong with the rest.
#[derive(Debug, Default)]
pub struct HoursFiles {
    pub files: Vec<Logged>,
    pub problems: Vec<Diagnostic>,
}

/// One hours file as read: its id (from its name), where it is, and what
/// it holds.
#[derive(Debug, Clone)]
pub struct Logged {
    pub id: String,
    pub path: PathBuf,
    pub file: HoursFile,
}

impl Store {
    pub fn hours_dir(&self) -> PathBuf {
        self.root.join("hours")
    }

    /// Writes a new hours file; never replaces one. Gives its path and id.
    pub fn add_hours(&self, record: &HoursFile) -> Result<(PathBuf, String), StoreError> {
        let what = format!("the {} record", record.kind());
        let text = record.to_toml().map_err(|e| StoreError::Unwritable {
            id: what.clone(),
            reason: e.to_string(),
        })?;
        // Checked before anything is created: what cannot be read back as
        // the very record meant is not written.
        if HoursFile::parse(record.kind(), &text).ok().as_ref() != Some(record) {
            return Err(StoreError::NotReadBack { id: what });
        }
        let dir = self.hours_dir();
        self.ensure_dir(&dir)?;
        let hash = sha256_hex(text.as_bytes());
        let id = hash[..ID_LEN].to_string();
        let name = format!(
            "{}-{}-{id}.toml",
            record.kind(),
            time_stamp(&record.recorded())
        );
        let path = dir.join(name);
        match write_new(&path, text.as_bytes()) {
            // The same bytes under the same name: it is already there.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok((path, id)),
            Err(e) => Err(StoreError::io("write", &path, e)),
            Ok(()) => Ok((path, id)),
        }
    }

    /// Every hours file, oldest first.
    pub fn hours_files(&self) -> HoursFiles {
        let mut out = HoursFiles::default();
        let Ok(read) = fs::read_dir(self.hours_dir()) else {
            return out;
        };
        let mut paths: Vec<PathBuf> = read
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.path())
            .filter(|p| {
                let name = p.file_name().unwrap_or_default().to_string_lossy();
                !name.starts_with('.') && name.ends_with(".toml")
            })
            .collect();
        paths.sort();
        for path in paths {
            match read_hours(&path) {
                Ok((id, file)) => out.files.push(Logged { id, path, file }),
                Err(problem) => out.problems.push(problem),
            }
        }
        out.files
            .sort_by(|a, b| (a.file.recorded(), &a.id).cmp(&(b.file.recorded(), &b.id)));
        out
    }
}

/// Reads one hours file; its kind and id come from its name.
pub fn read_hours(path: &Path) -> Result<(String, HoursFile), Diagnostic> {
    let name = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let kind = name.split('-').next().unwrap_or_default();
    let id = name.rsplit('-').next().unwrap_or_default();
    if id.len() != ID_LEN || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Diagnostic::whole(
            path,
            "not an hours record: its name must end in -<12 hex digits>.toml",
        ));
    }
    let text = read_text(path)?;
    let file = HoursFile::parse(kind, &text).map_err(|p| p.in_file(path))?;
    Ok((id.to_lowercase(), file))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::hours::{Hours, Void};
    use chrono::{DateTime, NaiveDate};
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn hours_are_one_file_each_and_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let hours = |activity: &str| {
            HoursFile::Hours(Hours {
                recorded: DateTime::parse_from_rfc3339("2026-11-28T10:00:00Z").unwrap(),
                date: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
                minutes: 90,
                activity: activity.into(),
                off_the_job: true,
                entry: None,
                note: None,
            })
        };
        let (a, id_a) = store.add_hours(&hours("Workshop")).unwrap();
        let (b, _) = store.add_hours(&hours("Reading")).unwrap();
        assert_ne!(a, b, "same second, different records");
        assert_eq!(store.add_hours(&hours("Workshop")).unwrap().0, a);
        let name = a.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("hours-20261128T100000p0000-"), "{name}");
        assert_eq!(
            fs::metadata(&a).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let void = HoursFile::Void(Void {
            recorded: DateTime::parse_from_rfc3339("2026-11-28T11:00:00Z").unwrap(),
            voids: id_a.clone(),
            reason: None,
        });
        store.add_hours(&void).unwrap();
        fs::write(store.hours_dir().join("hours-x-zzz.toml"), "x").unwrap();
        let found = store.hours_files();
        assert_eq!(found.files.len(), 3);
        assert_eq!(found.files[2].file, void);
        assert_eq!(found.problems.len(), 1);
    }
}
