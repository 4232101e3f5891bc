//! Where things live inside the data directory: `entries/YYYY/MM/<id>.toml`,
//! `drafts/`, `trash/`, `criteria/`, `logbook.toml`.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::Store;

impl Store {
    pub fn entries_dir(&self) -> PathBuf {
        self.root.join("entries")
    }

    pub fn drafts_dir(&self) -> PathBuf {
        self.root.join("drafts")
    }

    pub fn trash_dir(&self) -> PathBuf {
        self.root.join("trash")
    }

    pub fn criteria_dir(&self) -> PathBuf {
        self.root.join("criteria")
    }

    pub fn settings_path(&self) -> PathBuf {
        self.root.join("logbook.toml")
    }

    /// `entries/YYYY/MM` for an id that starts with its date.
    pub fn month_dir(&self, id: &str) -> Option<PathBuf> {
        let (year, month) = id_year_month(id)?;
        Some(self.entries_dir().join(year).join(month))
    }

    /// Where the entry with this id lives (whether or not it exists).
    pub fn entry_path(&self, id: &str) -> Option<PathBuf> {
        Some(self.month_dir(id)?.join(format!("{id}.toml")))
    }

    /// Where an entry file belongs: `entries/YYYY/MM/<stem>.toml`, the month
    /// taken from the id's date, or from the day it happened for an id
    /// without one.
    pub fn home_path(&self, stem: &str, occurred: NaiveDate) -> PathBuf {
        self.entry_path(stem).unwrap_or_else(|| {
            self.entries_dir()
                .join(format!("{:04}", occurred.year()))
                .join(format!("{:02}", occurred.month()))
                .join(format!("{stem}.toml"))
        })
    }
}

/// A file's name without its extension, as text.
pub fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `2026-11-27-x` → ("2026", "11").
fn id_year_month(id: &str) -> Option<(&str, &str)> {
    let bytes = id.as_bytes();
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let (year, month) = (&id[0..4], &id[5..7]);
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (digits(year) && digits(month) && digits(&id[8..10])).then_some((year, month))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_dirs_come_from_the_id() {
        let store = Store::new("/d");
        assert_eq!(
            store.entry_path("2026-11-27-refund"),
            Some(PathBuf::from("/d/entries/2026/11/2026-11-27-refund.toml"))
        );
        assert_eq!(store.entry_path("refund"), None);
        assert_eq!(store.entry_path("../../etc-xx-yy"), None);
    }
}
