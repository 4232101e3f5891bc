//! Reading the history back: an entry's revisions, oldest first, with what
//! each changed ([`History::revisions`]), and when each entry was first
//! recorded ([`History::first_recorded`]) — for `logbook history`, `check`
//! and the export.
//!
//! An entry is followed by its id, which is its file name wherever the file
//! goes: `entries/YYYY/MM/<id>.toml` and `trash/<id>.toml`, so moves to the
//! trash and back are part of its history, and so is an entry purged since.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset};

use super::error::GitError;
use super::names::entry_of;
use super::repo::{History, INIT, RESOLVE, TRAILER};
use crate::model::entry::Entry;

/// Field and record separators in the formats asked of `git log`.
const RS: char = '\u{1e}';
const US: char = '\u{1f}';

/// One commit that changed an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub commit: String,
    /// When it was made (the author date: kept as it was when commits
    /// travel between machines).
    pub date: DateTime<FixedOffset>,
    pub author: String,
    /// The commit's subject, e.g. "edit 2026-11-27-refund-complaint".
    pub summary: String,
    /// Where the entry's file was after it ("" once removed for good).
    pub path: String,
    /// What changed in the entry, in words: "written", "criteria +RES.4",
    /// "moved to the trash"...
    pub changes: Vec<String>,
}

/// When an entry was first committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct First {
    pub commit: String,
    pub date: DateTime<FixedOffset>,
    /// Whether this commit tells when the entry was written. It does not
    /// when the commit is the one `sync init` made, or older (the entry was
    /// written before its logbook kept a history), or a `sync resolve` that
    /// kept another copy's version as a new entry.
    pub dates_writing: bool,
}

/// A commit as `git log` printed it, with its raw file changes.
struct Logged {
    commit: String,
    date: Option<DateTime<FixedOffset>>,
    author: String,
    subject: String,
    /// (status, new blob, path)
    files: Vec<(char, String, String)>,
}

impl History {
    /// The revisions of entry `id`, oldest first: every commit that added,
    /// changed, moved or removed its file, with what changed.
    pub fn revisions(&self, id: &str) -> Result<Vec<Revision>, GitError> {
        let out = self.git.run([
            "log",
            "--topo-order",
            "--reverse",
            "--no-renames",
            "--raw",
            "--no-abbrev",
            &format!("--format={RS}%H{US}%aI{US}%an{US}%s"),
            "--",
            &format!(":(glob)entries/*/*/{id}.toml"),
            &format!(":(glob)trash/{id}.toml"),
        ])?;
        let logged = parse_log(&out);
        let blobs: Vec<&str> = logged
            .iter()
            .flat_map(|l| &l.files)
            .filter(|(status, ..)| *status != 'D')
            .map(|(_, blob, _)| blob.as_str())
            .collect();
        let texts = self.blobs(&blobs)?;
        let mut previous: Option<(String, Option<Entry>)> = None;
        let mut revisions = Vec::new();
        for l in logged {
            let (Some(date), Some(_)) = (l.date, l.files.first()) else {
                continue;
            };
            // A move is a removal and an addition in one commit.
            let now = l.files.iter().find(|(s, ..)| *s != 'D');
            let (path, entry) = match now {
                Some((_, blob, path)) => {
                    let entry = texts
                        .get(blob.as_str())
                        .and_then(|t| Entry::parse(t).ok())
                        .map(|(e, _)| e);
                    (path.clone(), Some(entry))
                }
                None => (String::new(), None),
            };
            let changes = describe(previous.as_ref(), &path, entry.as_ref());
            revisions.push(Revision {
                commit: l.commit,
                date,
                author: l.author,
                summary: l.subject,
                path: path.clone(),
                changes,
            });
            previous = entry.map(|e| (path, e));
        }
        Ok(revisions)
    }

    /// The blobs' texts, by id, read by one `git cat-file --batch`.
    fn blobs(&self, ids: &[&str]) -> Result<HashMap<String, String>, GitError> {
        let mut texts = HashMap::new();
        if ids.is_empty() {
            return Ok(texts);
        }
        let input: String = ids.iter().map(|id| format!("{id}\n")).collect();
        let out = self
            .git
            .run_with_input(&["cat-file", "--batch"], input.into_bytes())?;
        let mut rest = out.as_slice();
        while let Some(eol) = rest.iter().position(|&b| b == b'\n') {
            let header = String::from_utf8_lossy(&rest[..eol]).into_owned();
            rest = &rest[eol + 1..];
            let mut fields = header.split(' ');
            let (Some(id), Some(kind), Some(size)) = (fields.next(), fields.next(), fields.next())
            else {
                continue; // "<id> missing"
            };
            let Ok(size) = size.parse::<usize>() else {
                continue;
            };
            let size = size.min(rest.len());
            if kind == "blob" {
                texts.insert(
                    id.to_string(),
                    String::from_utf8_lossy(&rest[..size]).into_owned(),
                );
            }
            rest = rest.get(size + 1..).unwrap_or_default();
        }
        Ok(texts)
    }

    /// When each entry (by id) was first committed, and whether that was
    /// one that dates its writing (see [`First::dates_writing`]).
    pub fn first_recorded(&self) -> Result<HashMap<String, First>, GitError> {
        let out = self.git.run([
            "log",
            "--topo-order",
            "--reverse",
            "--no-renames",
            "--diff-filter=A",
            "--name-only",
            &format!(
                "--format={RS}%H{US}%aI{US}%(trailers:key={TRAILER},valueonly,separator=%x2C)"
            ),
            "--",
            "entries",
            "trash",
        ])?;
        let mut firsts: HashMap<String, (First, bool)> = HashMap::new();
        let mut inits: Vec<String> = Vec::new();
        for record in out.split(RS).filter(|r| !r.trim().is_empty()) {
            let mut lines = record.lines();
            let header = lines.next().unwrap_or_default();
            let mut fields = header.split(US);
            let (Some(commit), Some(date)) = (fields.next(), fields.next()) else {
                continue;
            };
            let Ok(date) = DateTime::parse_from_rfc3339(date) else {
                continue;
            };
            let trailer = fields.next().unwrap_or("").trim();
            let commands: Vec<&str> = trailer.split(',').map(str::trim).collect();
            let init = commands.contains(&INIT);
            if init {
                inits.push(commit.to_string());
            }
            let undated = init || commands.contains(&RESOLVE);
            for path in lines.map(str::trim).filter(|l| !l.is_empty()) {
                let Some(id) = entry_of(path) else { continue };
                firsts.entry(id.to_string()).or_insert((
                    First {
                        commit: commit.to_string(),
                        date,
                        dates_writing: !undated,
                    },
                    trailer.is_empty(),
                ));
            }
        }
        // Commits older than a `sync init` were made before logbook kept
        // the history (an adopted repository): they date nothing either.
        let foreign = firsts
            .values()
            .any(|(f, unmarked)| *unmarked && f.dates_writing);
        let older: HashSet<String> = if foreign && !inits.is_empty() {
            let mut args = vec!["rev-list".to_string()];
            args.extend(inits.iter().cloned());
            self.git.run(args)?.lines().map(str::to_string).collect()
        } else {
            HashSet::new()
        };
        Ok(firsts
            .into_iter()
            .map(|(id, (mut first, _))| {
                first.dates_writing &= !older.contains(&first.commit);
                (id, first)
            })
            .collect())
    }
}

fn parse_log(out: &str) -> Vec<Logged> {
    let mut logged = Vec::new();
    for record in out.split(RS).filter(|r| !r.trim().is_empty()) {
        let mut lines = record.lines();
        let header = lines.next().unwrap_or_default();
        let mut fields = header.splitn(4, US);
        let commit = fields.next().unwrap_or_default().to_string();
        let date = fields
            .next()
            .and_then(|d| DateTime::parse_from_rfc3339(d).ok());
        let author = fields.next().unwrap_or_default().to_string();
        let subject = fields.next().unwrap_or_default().to_string();
        let mut files = Vec::new();
        for line in lines {
            // ":100644 100644 <old> <new> M\tpath"
            let Some((meta, path)) = line.strip_prefix(':').and_then(|l| l.split_once('\t')) else {
                continue;
            };
            let fields: Vec<&str> = meta.split(' ').collect();
            let (Some(new), Some(status)) = (fields.get(3), fields.get(4)) else {
                continue;
            };
            let status = status.chars().next().unwrap_or('M');
            files.push((status, new.to_string(), path.to_string()));
        }
        logged.push(Logged {
            commit,
            date,
            author,
            subject,
            files,
        });
    }
    logged
}

/// What one revision changed, in words, from the one before.
fn describe(
    previous: Option<&(String, Option<Entry>)>,
    path: &str,
    now: Option<&Option<Entry>>,
) -> Vec<String> {
    let Some(now) = now else {
        return vec!["removed for good".into()];
    };
    let mut changes = Vec::new();
    let Some((before_path, before)) = previous else {
        changes.push(if path.starts_with("trash/") {
            "written (in the trash)".to_string()
        } else {
            "written".to_string()
        });
        if let Some(e) = now
            && !e.criteria.is_empty()
        {
            changes.push(format!("criteria {}", e.criteria.join(", ")));
        }
        if now.is_none() {
            changes.push("not a valid entry at this point".into());
        }
        return changes;
    };
    let trashed = |p: &str| p.starts_with("trash/");
    match (trashed(before_path), trashed(path)) {
        (false, true) => changes.push("moved to the trash".into()),
        (true, false) => changes.push("restored from the trash".into()),
        _ => {}
    }
    let (Some(before), Some(now)) = (before, now) else {
        if now.is_none() {
            changes.push("not a valid entry at this point".into());
        } else {
            changes.push("readable again".into());
        }
        return changes;
    };
    // A title or a witness may name a person: said changed, never shown
    // (like the text of each section).
    for (name, changed) in [("title", before.title != now.title)] {
        if changed {
            changes.push(format!("{name} changed"));
        }
    }
    let mut field = |name: &str, a: String, b: String| {
        if a != b {
            changes.push(format!("{name} {a:?} → {b:?}"));
        }
    };
    field(
        "created",
        before.created.to_rfc3339(),
        now.created.to_rfc3339(),
    );
    field(
        "date",
        before.occurred.to_string(),
        now.occurred.to_string(),
    );
    field("framework", before.framework.clone(), now.framework.clone());
    field(
        "evidence",
        before.evidence.to_string(),
        now.evidence.to_string(),
    );
    if before.witness != now.witness {
        changes.push("witness changed".into());
    }
    for (name, a, b) in [
        ("criteria", &before.criteria, &now.criteria),
        ("tags", &before.tags, &now.tags),
        ("attachments", &before.attachments, &now.attachments),
    ] {
        let added: Vec<String> = b
            .iter()
            .filter(|x| !a.contains(x))
            .map(|x| format!("+{x}"))
            .collect();
        let removed: Vec<String> = a
            .iter()
            .filter(|x| !b.contains(x))
            .map(|x| format!("-{x}"))
            .collect();
        if !added.is_empty() || !removed.is_empty() {
            let all: Vec<String> = added.into_iter().chain(removed).collect();
            changes.push(format!("{name} {}", all.join(" ")));
        }
    }
    let mut sections: Vec<&str> = now
        .sections
        .iter()
        .filter(|(k, v)| before.sections.get(*k) != Some(*v))
        .map(|(k, _)| k.as_str())
        .collect();
    sections.extend(
        before
            .sections
            .keys()
            .filter(|k| !now.sections.contains_key(*k))
            .map(String::as_str),
    );
    if !sections.is_empty() {
        changes.push(format!("text of {}", sections.join(", ")));
    }
    if changes.is_empty() {
        changes.push("layout only".into());
    }
    changes
}
