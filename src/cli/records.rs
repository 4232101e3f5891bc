//! The witness and assessor records of the logbook's entries, as the
//! commands that show them need them (`show`, `gaps`, `export`): loaded
//! from `records/`, with each decision judged current or not against the
//! entry file as it is now.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset, TimeDelta};

use crate::cli::ui;
use crate::model::dates::whole_seconds;
use crate::model::record::{Assessment, Record, Witness};
use crate::rules::assessed::{self, Judged};
use crate::rules::redact::{self, NameRule};
use crate::store::Store;
use crate::store::records::file_sha256;

/// One entry's records, with the entry file's hash now.
#[derive(Debug, Default)]
pub struct EntryRecords {
    pub witnesses: Vec<Witness>,
    pub assessments: Vec<Assessment>,
    /// The SHA-256 of the entry file as it is now.
    pub hash: Option<String>,
}

impl EntryRecords {
    /// Whether a decision was made on the entry as it is now.
    pub fn is_current(&self, a: &Assessment) -> bool {
        self.hash.as_deref() == Some(a.entry_sha256.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.witnesses.is_empty() && self.assessments.is_empty()
    }
}

/// The records of the entry with `id`, whose file is at `path`; files that
/// cannot be read are warned about and left out.
pub fn for_entry(store: &Store, id: &str, path: &Path) -> EntryRecords {
    let loaded = store.records(id);
    ui::warn_skipped(&loaded.problems);
    let mut out = EntryRecords::default();
    for record in loaded.records {
        match record {
            Record::Witness(w) => out.witnesses.push(w),
            Record::Assessment(a) => out.assessments.push(a),
        }
    }
    if !out.assessments.is_empty() {
        out.hash = file_sha256(path).ok();
    }
    out
}

/// Every decision about the entries at hand (id → file), judged current
/// or not. Reads only the entries that have records.
pub fn judged<'a>(
    store: &Store,
    entries: impl IntoIterator<Item = (&'a str, &'a Path)>,
) -> Vec<Judged> {
    let with_records = store.ids_with_records();
    if with_records.is_empty() {
        return Vec::new();
    }
    let paths: HashMap<&str, &Path> = entries.into_iter().collect();
    let mut out = Vec::new();
    for id in &with_records {
        let Some(path) = paths.get(id.as_str()) else {
            continue;
        };
        let records = for_entry(store, id, path);
        for a in &records.assessments {
            out.extend(assessed::judged(a, records.hash.as_deref()));
        }
    }
    out
}

/// When a new record about entry `id` is recorded: now, or just after the
/// entry's latest record when that is not earlier (a clock set back, or
/// `LOGBOOK_NOW` pinned), so an entry's records always read in the order
/// they were made and a later decision is always the later one.
pub fn next_time(store: &Store, id: &str, now: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    let now = whole_seconds(now);
    let latest = store.records(id).records.iter().map(Record::recorded).max();
    match latest {
        Some(last) if last >= now => last + TimeDelta::seconds(1),
        _ => now,
    }
}

/// A line on stderr for each piece of what looks like a customer's
/// personal data in what a new record says (a statement, feedback), as
/// `add` warns about an entry's fields. The record is kept as written.
pub fn warn_personal_data(names: &[NameRule], record: &Record) {
    for (field, text) in record.texts() {
        for found in redact::find(text, names) {
            ui::warn(&format!(
                "the {field} has what looks like {}: keep customers' personal data out \
                 (say \"the customer\"); the export redacts it unless --no-redact",
                found.kind.describe()
            ));
        }
    }
}
