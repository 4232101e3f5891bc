//! The entry files: listing `entries/` (in path order, links and strays
//! reported), loading them on all cores (in date order), finding one by id
//! or unique start, and creating one under a fresh id.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;

use super::atomic::{write_new, write_replace};
use super::lock::LockGuard;
use super::paths::file_stem;
use super::read::read_text;
use super::{Store, StoreError, describe_io, verify};
use crate::model::dates::whole_seconds;
use crate::model::diagnostic::Diagnostic;
use crate::model::entry::{Entry, SerialiseError, Spans, date_order, id_problem};
use crate::model::names::{closest, id_slug, is_valid_id};
use crate::model::rewrite::rewrite;
use crate::rules::redact::{self, NameRule};

/// An entry with where it came from.
#[derive(Debug, Clone)]
pub struct Stored {
    pub entry: Entry,
    pub path: PathBuf,
    pub text: String,
    pub spans: Spans,
}

/// Everything the entries directory held: usable entries (as [`Stored`], or
/// as bare [`Entry`]s from [`Store::load_entries`]), and the files that were
/// not.
#[derive(Debug)]
pub struct Loaded<T = Stored> {
    pub entries: Vec<T>,
    pub problems: Vec<Diagnostic>,
}

impl<T> Default for Loaded<T> {
    fn default() -> Self {
        Loaded {
            entries: Vec::new(),
            problems: Vec::new(),
        }
    }
}

/// A new entry ready to be written: its id set, its file and its checked
/// text (see [`Store::prepare_new`]).
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub entry: Entry,
    pub path: PathBuf,
    pub text: String,
}

/// Things in the entries tree that are not entry files.
#[derive(Debug, Default)]
pub struct Listing {
    pub files: Vec<PathBuf>,
    /// Left-over temporary files from an interrupted write.
    pub temp_files: Vec<PathBuf>,
    /// Symlinks, stray files, unreadable directories.
    pub problems: Vec<Diagnostic>,
}

impl Store {
    /// Writes a new entry under a fresh id derived from its date and title
    /// (`2026-11-27-refund-complaint`, then `-2`, `-3`...). Never replaces an
    /// existing file, and never reuses the id of an entry in the trash.
    pub fn create_entry(&self, entry: &mut Entry) -> Result<PathBuf, StoreError> {
        let lock = self.lock()?;
        self.create_entry_locked(entry, &lock)
    }

    /// [`Store::create_entry`] for a caller that already holds the lock
    /// (an import checks for duplicates and creates under one lock).
    pub fn create_entry_locked(
        &self,
        entry: &mut Entry,
        lock: &LockGuard,
    ) -> Result<PathBuf, StoreError> {
        loop {
            let new = self.prepare_new(entry, &[])?;
            match self.write_new_entry(&new, lock) {
                // Written by hand since it was looked for: take the next id.
                Err(StoreError::Io { source, .. })
                    if source.kind() == io::ErrorKind::AlreadyExists =>
                {
                    continue;
                }
                Err(e) => return Err(e),
                Ok(()) => {
                    *entry = new.entry;
                    return Ok(new.path);
                }
            }
        }
    }

    /// A new entry as it would be created now, without writing it: its
    /// fresh id (`2026-11-27-refund-complaint`, then `-2`, `-3`...; never
    /// one in use, in the trash, or in `taken` — ids an import has planned
    /// already) and its text, passed by [`verify::entry_text`]. A dry run
    /// checks exactly what the write would.
    pub fn prepare_new(&self, entry: &Entry, taken: &[String]) -> Result<NewEntry, StoreError> {
        // About 40 characters of title: an id people can read and type,
        // and never a customer's phone number, email or name — the id is
        // a file name, a line in `list` and a commit subject `sync` shares.
        let title_slug = id_slug(&self.id_words(&entry.title), 40);
        let base = if title_slug.is_empty() {
            // Nothing but personal data (or nothing a file name can hold).
            let what = if entry.tags.iter().any(|t| t == "note") {
                "note"
            } else {
                "entry"
            };
            format!("{}-{what}", entry.occurred)
        } else {
            format!("{}-{title_slug}", entry.occurred)
        };
        let dir = self
            .month_dir(&base)
            .ok_or_else(|| StoreError::NoFileName(base.clone()))?;
        for n in 1u32.. {
            let id = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            let path = dir.join(format!("{id}.toml"));
            if path.symlink_metadata().is_ok()
                || self.trash_dir().join(format!("{id}.toml")).exists()
                // Witness and assessor records stay with the id they name.
                || self.records_dir().join(&id).exists()
                || taken.contains(&id)
            {
                continue;
            }
            let mut entry = entry.clone();
            entry.id = id;
            let text = verify::entry_text(&entry, entry.to_toml(), &entry.id)?;
            return Ok(NewEntry { entry, path, text });
        }
        Err(StoreError::NoFreeId(base))
    }

    /// The words of a title an id may carry ([`redact::id_words`]), with
    /// the names listed for redaction in `logbook.toml` (none when it
    /// cannot be read: the other personal data still goes).
    fn id_words(&self, title: &str) -> String {
        redact::id_words(title, &self.listed_names())
    }

    /// The names listed for redaction in `logbook.toml`, for what the store
    /// names after the user's words (ids, stored evidence); none when the
    /// settings cannot be read (the other personal data still goes).
    pub(crate) fn listed_names(&self) -> Vec<NameRule> {
        self.read_settings()
            .ok()
            .flatten()
            .map(|s| NameRule::from_settings(&s.redact))
            .unwrap_or_default()
    }

    /// Writes an entry [`Store::prepare_new`] made; never replaces a file.
    pub fn write_new_entry(&self, new: &NewEntry, _lock: &LockGuard) -> Result<(), StoreError> {
        if let Some(dir) = new.path.parent() {
            self.ensure_dir(dir)?;
        }
        write_new(&new.path, new.text.as_bytes()).map_err(|e| StoreError::io("write", &new.path, e))
    }

    /// Writes `new` over the stored entry, atomically, with `updated` set to
    /// `now` and the file's own layout and comments kept. The caller holds
    /// the lock. Returns false, writing nothing, when nothing changed.
    pub fn update_entry(
        &self,
        stored: &Stored,
        mut new: Entry,
        now: DateTime<FixedOffset>,
        _lock: &LockGuard,
    ) -> Result<bool, StoreError> {
        if new == stored.entry {
            return Ok(false);
        }
        new.updated = Some(whole_seconds(now));
        let text = rewrite(&stored.text, &stored.entry, &new);
        self.replace_entry(stored, &new, text)?;
        Ok(true)
    }

    /// Writes a person's own edit of an entry file over the stored one:
    /// `text` as they left it (comments and layout kept), which parsed as
    /// `edited`, becomes `new` (the edit itself, or the edit merged with
    /// changes made to the entry meanwhile) with `updated` set to `now`.
    /// The caller holds the lock.
    pub fn save_edited(
        &self,
        stored: &Stored,
        text: &str,
        edited: &Entry,
        mut new: Entry,
        now: DateTime<FixedOffset>,
        _lock: &LockGuard,
    ) -> Result<(), StoreError> {
        new.updated = Some(whole_seconds(now));
        let output = rewrite(text, edited, &new);
        self.replace_entry(stored, &new, output)
    }

    /// Replaces the stored file with `made`, once [`verify::entry_text`]
    /// has passed it as the text of `new`.
    fn replace_entry(
        &self,
        stored: &Stored,
        new: &Entry,
        made: Result<String, SerialiseError>,
    ) -> Result<(), StoreError> {
        let text = verify::entry_text(new, made, &file_stem(&stored.path))?;
        write_replace(&stored.path, text.as_bytes())
            .map_err(|e| StoreError::io("write", &stored.path, e))
    }

    /// Every file in `entries/`, in path order, without following symlinks.
    pub fn list_files(&self) -> Listing {
        let mut listing = Listing::default();
        let top = self.entries_dir();
        if !top.exists() {
            return listing;
        }
        walk(&top, 0, &mut listing);
        listing
    }

    /// Loads every entry with its text and spans, in date order; unusable
    /// files are reported (in path order), never fatal.
    pub fn load_all(&self) -> Loaded {
        sorted(load_listing(self.list_files(), |path| {
            read_entry(path).map(Some)
        }))
    }

    /// Like [`Store::load_all`] for commands that read every entry but never
    /// point into its file: `pick` sees each entry as it is read and returns
    /// what to keep of it (or `None` to skip it), so neither the file text
    /// nor anything the command does not use stays in memory. Date order.
    pub fn load_entries<T: Send>(&self, pick: impl Fn(Entry) -> Option<T> + Sync) -> Loaded<T> {
        let mut loaded = load_listing(self.list_files(), |path| {
            let entry = read_entry(path)?.entry;
            let key = entry.date_key().into_owned();
            Ok(pick(entry).map(|kept| (key, kept)))
        });
        loaded.entries.sort_by(|a, b| a.0.cmp(&b.0));
        Loaded {
            entries: loaded.entries.into_iter().map(|(_, kept)| kept).collect(),
            problems: loaded.problems,
        }
    }

    /// Finds one entry by id or unique id prefix, with a helpful error
    /// otherwise (candidates for an ambiguous prefix, a "did you mean").
    pub fn find(&self, wanted: &str) -> Result<Stored, StoreError> {
        let wanted = wanted.trim();
        if let Some(path) = self.entry_path(wanted).filter(|_| is_valid_id(wanted))
            && path.is_file()
        {
            return Ok(read_entry(&path)?);
        }
        let files = self.list_files().files;
        let stems: Vec<String> = files.iter().map(|p| file_stem(p)).collect();
        let index = pick_id(wanted, &stems, "`logbook list` shows the ids")?;
        Ok(read_entry(&files[index])?)
    }
}

/// The one stem `wanted` names, exactly or as a unique prefix; otherwise an
/// error listing the candidates or offering a "did you mean".
pub fn pick_id(wanted: &str, stems: &[String], listing_hint: &str) -> Result<usize, StoreError> {
    if let Some(i) = stems.iter().position(|s| s == wanted) {
        return Ok(i);
    }
    let matches: Vec<usize> = (0..stems.len())
        .filter(|&i| stems[i].starts_with(wanted) && !wanted.is_empty())
        .collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(StoreError::NoEntry {
            wanted: wanted.to_string(),
            hint: match closest(wanted, stems.iter().map(String::as_str)) {
                Some(best) => format!("did you mean {best}?"),
                None => listing_hint.to_string(),
            },
        }),
        many => {
            let mut names: Vec<&str> = many.iter().map(|&i| stems[i].as_str()).collect();
            let more = names.len().saturating_sub(5);
            names.truncate(5);
            let mut list = names.join(", ");
            if more > 0 {
                list.push_str(&format!(" and {more} more"));
            }
            Err(StoreError::Ambiguous {
                wanted: wanted.to_string(),
                count: many.len(),
                list,
            })
        }
    }
}

/// Reads the listed entry files with `read`, on all cores. The files are many and small, so reading and parsing
/// them is the whole cost of a command like `list` or `gaps`; problems come
/// back in path order whatever the threads did, so output never depends on
/// scheduling.
pub(super) fn load_listing<T: Send>(
    listing: Listing,
    read: impl Fn(&Path) -> Result<Option<T>, Diagnostic> + Sync,
) -> Loaded<T> {
    let results: Vec<Result<Option<T>, Diagnostic>> =
        listing.files.par_iter().map(|path| read(path)).collect();
    let mut loaded = Loaded {
        entries: Vec::with_capacity(results.len()),
        problems: listing.problems,
    };
    for result in results {
        match result {
            Ok(Some(entry)) => loaded.entries.push(entry),
            Ok(None) => {}
            Err(problem) => loaded.problems.push(problem),
        }
    }
    loaded
}

/// Entries in date order (then creation time, then id).
pub(super) fn sorted(mut loaded: Loaded) -> Loaded {
    loaded
        .entries
        .sort_by(|a, b| date_order(&a.entry, &b.entry));
    loaded
}

/// Walks `dir` depth first, each directory's items sorted by name, which
/// lists files in the same order as sorting their whole paths, without the
/// cost of comparing 10,000 paths component by component.
fn walk(dir: &Path, depth: usize, listing: &mut Listing) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            listing.problems.push(Diagnostic::whole(
                dir,
                format!("cannot read directory: {}", describe_io(&e)),
            ));
            return;
        }
    };
    let mut items: Vec<(std::ffi::OsString, fs::FileType)> = entries
        .flatten()
        .filter_map(|item| Some((item.file_name(), item.file_type().ok()?)))
        .collect();
    items.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (file_name, kind) in items {
        let path = dir.join(&file_name);
        let name = file_name.to_string_lossy();
        if kind.is_symlink() {
            listing.problems.push(Diagnostic::whole(
                &path,
                "is a symbolic link; logbook does not follow links inside its data directory",
            ));
        } else if kind.is_dir() {
            if depth < 2 && !name.starts_with('.') {
                walk(&path, depth + 1, listing);
            } else {
                listing.problems.push(Diagnostic::whole(
                    &path,
                    "unexpected directory; entries live in entries/YYYY/MM/",
                ));
            }
        } else if !kind.is_file() {
            listing
                .problems
                .push(Diagnostic::whole(&path, super::read::not_regular(&kind)));
        } else if name.starts_with('.') && name.ends_with(".tmp") {
            listing.temp_files.push(path);
        } else if name.ends_with(".toml") && !name.starts_with('.') {
            listing.files.push(path);
        } else {
            listing.problems.push(Diagnostic::whole(
                &path,
                "not an entry file (entry files end in .toml)",
            ));
        }
    }
}

/// Reads and parses one entry file.
pub fn read_entry(path: &Path) -> Result<Stored, Diagnostic> {
    let text = read_text(path)?;
    let (entry, spans) = Entry::parse(&text).map_err(|p| p.in_file(path))?;
    let stem = path.file_stem().map(|s| s.to_string_lossy());
    if let Some(p) = id_problem(&entry, &spans, &text, stem.as_deref()) {
        return Err(p.in_file(path));
    }
    Ok(Stored {
        entry,
        path: path.to_path_buf(),
        text,
        spans,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The loader as it was before it went parallel: sort every path, read
    /// them one by one, sort the entries. The reference for the tests below.
    fn sequential_load(store: &Store) -> (Vec<Stored>, Vec<Diagnostic>) {
        let mut listing = Listing::default();
        walk(&store.entries_dir(), 0, &mut listing);
        listing.files.sort();
        let mut entries = Vec::new();
        let mut problems = listing.problems;
        for path in &listing.files {
            match read_entry(path) {
                Ok(stored) => entries.push(stored),
                Err(problem) => problems.push(problem),
            }
        }
        entries.sort_by(|a, b| crate::model::entry::date_order(&a.entry, &b.entry));
        (entries, problems)
    }

    /// A store with `n` entries on scattered dates (some sharing a day and a
    /// creation time, so the id decides), plus files that cannot be used.
    fn messy_store(n: usize) -> (tempfile::TempDir, Store) {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path());
        for i in 0..n {
            let (text, _) = Entry::parse(
                "id = \"x\"\ntitle = \"t\"\ncreated = 2026-01-01T09:00:00+00:00\n\
                 occurred = 2026-01-01\nframework = \"free\"\nevidence = \"product\"\n\
                 [sections]\ntext = \"Some words.\"\n",
            )
            .unwrap();
            let mut entry = text;
            entry.occurred = chrono::NaiveDate::from_ymd_opt(
                2025,
                1 + (i * 7 % 12) as u32,
                1 + (i * 13 % 28) as u32,
            )
            .unwrap();
            entry.title = format!("Entry {} of the day", i % 3);
            entry.created += chrono::Duration::minutes((i % 2) as i64);
            store.create_entry(&mut entry).unwrap();
        }
        let month = store.entries_dir().join("2025").join("03");
        fs::create_dir_all(&month).unwrap();
        fs::write(month.join("2025-03-09-broken.toml"), "title = [").unwrap();
        fs::write(month.join("2025-03-10-not-utf8.toml"), b"id = \"\xff\"").unwrap();
        fs::write(month.join("2025-03-11-wrong-id.toml"), "id = \"other\"").unwrap();
        fs::write(store.entries_dir().join("2025.toml"), "nonsense").unwrap();
        fs::write(store.entries_dir().join("notes.txt"), "stray").unwrap();
        fs::create_dir_all(month.join("deeper")).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", month.join("2025-03-12-link.toml")).unwrap();
        (tmp, store)
    }

    #[test]
    fn parallel_loading_matches_the_sequential_loader() {
        let (_tmp, store) = messy_store(300);
        let (want, want_problems) = sequential_load(&store);
        let loaded = store.load_all();
        let ids = |v: &[Stored]| {
            v.iter()
                .map(|s| (s.entry.id.clone(), s.path.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&loaded.entries), ids(&want));
        assert_eq!(loaded.entries.len(), 300);
        for (got, want) in loaded.entries.iter().zip(&want) {
            assert_eq!(got.entry, want.entry);
            assert_eq!(got.text, want.text);
        }
        // Problems of the walk first, then those of the files, each in path order.
        let messages: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
        assert_eq!(loaded.problems, want_problems, "{messages:#?}");
        assert_eq!(messages.len(), 7, "{messages:#?}");
        assert!(messages[0].ends_with("2025-03-12-link.toml:1:1: is a symbolic link; logbook does not follow links inside its data directory"), "{messages:#?}");
        assert!(
            messages[6].ends_with("entries/2025.toml:1:9: key with no value, expected `=`"),
            "{messages:#?}"
        );
    }

    #[test]
    fn loading_bare_entries_keeps_what_the_filter_keeps_in_the_same_order() {
        let (_tmp, store) = messy_store(120);
        let all = store.load_all();
        let keep = |e: &Entry| e.title.ends_with("1 of the day");
        let some = store.load_entries(|e| keep(&e).then_some(e));
        let want: Vec<&Entry> = all
            .entries
            .iter()
            .map(|s| &s.entry)
            .filter(|e| keep(e))
            .collect();
        assert_eq!(some.entries.iter().collect::<Vec<_>>(), want);
        assert_eq!(want.len(), 40);
        assert_eq!(some.problems, all.problems);
    }

    #[test]
    fn files_are_listed_in_path_order() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path());
        let top = store.entries_dir();
        for name in [
            "2026/01/b.toml",
            "2026/01/a-b.toml",
            "2026/01/a.b.toml",
            "2026/1/a.toml",
            "2026/01.toml",
            "2026.toml",
            "2025/12/z.toml",
            "A.toml",
        ] {
            let path = top.join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, "").unwrap();
        }
        let files = store.list_files().files;
        let mut sorted = files.clone();
        sorted.sort();
        assert_eq!(files, sorted);
        assert_eq!(files.len(), 8);
    }
}
