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

/// `2026-11-27-x` → ("2026", "11"). Any text may come in (an id typed on
/// the command line): the shape is checked byte by byte first, so no slice
/// can fall inside a multi-byte character.
fn id_year_month(id: &str) -> Option<(&str, &str)> {
    let shape = id.as_bytes().get(..10)?;
    let digit = |i: usize| shape[i].is_ascii_digit();
    let dated = (0..4).all(digit)
        && shape[4] == b'-'
        && (5..7).all(digit)
        && shape[7] == b'-'
        && (8..10).all(digit);
    // All ten bytes are ASCII, so these are whole characters.
    dated
        .then(|| (id.get(0..4), id.get(5..7)))
        .and_then(|(y, m)| Some((y?, m?)))
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
        for typed in [
            "2026-11-2é",
            "2026-11-2😀",
            "2026-1é-20",
            "é",
            "2026-11-\u{301}0",
        ] {
            assert_eq!(store.entry_path(typed), None, "{typed}");
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::store::entries::pick_id;
    use proptest::prelude::*;

    fn stems() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec(
            prop_oneof![
                "20[0-9]{2}-[01][0-9]-[0-3][0-9](-[a-z0-9]{1,8}){0,3}",
                any::<String>(),
            ],
            0..12,
        )
    }

    /// Typed text near ids: ids cut inside a character, with multi-byte
    /// letters, emoji and combining marks where the digits should be.
    fn typed() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "20[0-9é😀日]{1,3}-[0-9é]{0,2}-[0-9é😀\u{301}]{0,3}.{0,6}",
            "(2026-11-2|2026-1|2026-|é|日本|😀|e\u{301}|\u{202e})(é|😀|日|\u{301}|\u{fffd}|x){0,4}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

        /// Resolving any typed text against any stems never panics; what
        /// it picks is an exact match or the one stem it starts.
        #[test]
        fn id_resolution_never_panics(wanted in typed(), stems in stems()) {
            let store = Store::new("/d");
            let _ = store.entry_path(&wanted);
            let _ = store.month_dir(&wanted);
            let _ = store.home_path(&wanted, chrono::NaiveDate::MIN);
            match pick_id(&wanted, &stems, "hint") {
                Ok(i) => prop_assert!(stems[i] == wanted || stems[i].starts_with(&wanted)),
                Err(e) => { let _ = e.to_string(); }
            }
            let mut sorted = stems.clone();
            sorted.push(wanted.clone());
            sorted.sort();
            let short = crate::model::names::short_id(&wanted, &sorted);
            prop_assert!(wanted.starts_with(short));
        }
    }
}
