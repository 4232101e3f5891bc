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

/// The assessor's decisions that stand on the entries as they are, taken
/// before a command that may change entries (`edit` in all its forms,
/// `tag`, `sync` and `sync resolve`), so that afterwards it can say, calmly
/// and once, which of them the change left out of date: the assessor judged
/// other words, so the decision no longer counts until they look again.
#[derive(Debug, Default)]
pub struct Standing {
    entries: Vec<Watched>,
}

/// An entry with current decisions: its id, its file, the file's hash
/// then, and the latest current decision per criterion.
#[derive(Debug)]
struct Watched {
    id: String,
    path: std::path::PathBuf,
    hash: String,
    decisions: Vec<(String, Assessment)>,
}

impl Standing {
    /// The decisions current now. Reads only entries that have records;
    /// unreadable records are left to the commands that show them.
    pub fn now(store: &Store) -> Standing {
        let mut out = Standing::default();
        for id in store.ids_with_records() {
            let path = match store.entry_path(&id) {
                Some(p) if p.is_file() => p,
                _ => match store.find(&id) {
                    Ok(found) if found.entry.id == id => found.path,
                    _ => continue,
                },
            };
            let assessments: Vec<Assessment> = store
                .records(&id)
                .records
                .into_iter()
                .filter_map(|r| match r {
                    Record::Assessment(a) => Some(a),
                    Record::Witness(_) => None,
                })
                .collect();
            if assessments.is_empty() {
                continue;
            }
            let Ok(hash) = file_sha256(&path) else {
                continue;
            };
            let latest = latest_current(&assessments, &hash);
            if !latest.is_empty() {
                out.entries.push(Watched {
                    id,
                    path,
                    hash,
                    decisions: latest,
                });
            }
        }
        out
    }

    /// One line on stderr per entry whose current decisions the command
    /// made out of date (its file changed; an entry moved to the trash or
    /// purged is not "changed").
    pub fn report_changed(self, today: chrono::NaiveDate) {
        for w in self.entries {
            let Ok(now) = file_sha256(&w.path) else {
                continue;
            };
            if now == w.hash {
                continue;
            }
            ui::note(&out_of_date_line(&w.id, &w.decisions, today));
        }
    }
}

/// The latest decision per criterion among those made on the entry whose
/// file hashes to `hash`, in criterion order of first decision.
fn latest_current(assessments: &[Assessment], hash: &str) -> Vec<(String, Assessment)> {
    let mut latest: Vec<(String, Assessment)> = Vec::new();
    for a in assessments {
        for c in &a.criteria {
            match latest.iter_mut().find(|(id, _)| id == c) {
                Some((_, slot)) if (a.date, a.recorded) >= (slot.date, slot.recorded) => {
                    *slot = a.clone();
                }
                Some(_) => {}
                None => latest.push((c.clone(), a.clone())),
            }
        }
    }
    latest.retain(|(_, a)| a.entry_sha256 == hash);
    latest
}

/// "RES.1 was accepted by J Morgan on 28 Nov for the earlier text; ask
/// your assessor to look at it again (`logbook show ID`)".
pub fn out_of_date_line(
    id: &str,
    decisions: &[(String, Assessment)],
    today: chrono::NaiveDate,
) -> String {
    use crate::model::english::{and_list, plural};
    use crate::model::record::Decision;
    // Decisions grouped by what was decided, by whom and when.
    let mut groups: Vec<(Decision, &str, chrono::NaiveDate, Vec<String>)> = Vec::new();
    for (c, a) in decisions {
        match groups
            .iter_mut()
            .find(|(d, who, day, _)| *d == a.decision && *who == a.assessor && *day == a.date)
        {
            Some((_, _, _, ids)) => ids.push(c.clone()),
            None => groups.push((a.decision, &a.assessor, a.date, vec![c.clone()])),
        }
    }
    let day = |d: chrono::NaiveDate| {
        use chrono::Datelike;
        if d.year() == today.year() {
            d.format("%-d %b").to_string()
        } else {
            d.format("%-d %b %Y").to_string()
        }
    };
    let total: usize = groups.iter().map(|g| g.3.len()).sum();
    let parts: Vec<String> = groups
        .iter()
        .map(|(decision, who, date, ids)| {
            let verb = plural(ids.len(), "was", "were");
            let what = match decision {
                Decision::Accepted => "accepted",
                Decision::ActionRequired => "sent back for action",
            };
            format!("{} {verb} {what} by {who} on {}", and_list(ids), day(*date))
        })
        .collect();
    format!(
        "{} for the earlier text of {id}; ask your assessor to look at {} again (`logbook show {id}`)",
        parts.join(", and "),
        plural(total, "it", "them")
    )
}
