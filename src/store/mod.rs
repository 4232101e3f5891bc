//! The data directory on disk: paths, atomic private writes, tolerant
//! loading, id lookup and the writers' lock. The only module that touches
//! entry files.

pub mod cache;

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use chrono::{DateTime, FixedOffset};

use chrono::{Datelike, NaiveDate};

use rayon::prelude::*;

use crate::cli::error::{Error, Result};
use crate::model::diagnostic::{Diagnostic, line_col};
use crate::model::entry::{Entry, Spans};
use crate::model::names::{closest, is_valid_id, slug};

/// Entry files larger than this are refused rather than read into memory.
pub const MAX_ENTRY_BYTES: u64 = 16 * 1024 * 1024;

/// Where things live inside the data directory.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

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

/// Things in the entries tree that are not entry files.
#[derive(Debug, Default)]
pub struct Listing {
    pub files: Vec<PathBuf>,
    /// Left-over temporary files from an interrupted write.
    pub temp_files: Vec<PathBuf>,
    /// Symlinks, stray files, unreadable directories.
    pub problems: Vec<Diagnostic>,
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl Store {
    pub fn new(root: impl Into<PathBuf>) -> Store {
        Store { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

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

    /// Creates `dir` (and parents) private to the user.
    pub fn ensure_dir(&self, dir: &Path) -> Result<()> {
        if dir.is_dir() {
            return Ok(());
        }
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| Error::io("create directory", dir, e))
    }

    /// Takes the data directory's writers' lock until the guard is dropped.
    /// Every read-modify-write (add, edit, tag, rm, restore) holds it.
    pub fn lock(&self) -> Result<LockGuard> {
        self.ensure_dir(&self.root)?;
        let path = self.root.join(".lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(&path)
            .map_err(|e| Error::io("open lock file", &path, e))?;
        file.lock().map_err(|e| Error::io("lock", &path, e))?;
        Ok(LockGuard { _file: file })
    }

    /// Writes a new entry under a fresh id derived from its date and title
    /// (`2026-11-27-refund-complaint`, then `-2`, `-3`...). Never replaces an
    /// existing file, and never reuses the id of an entry in the trash.
    pub fn create_entry(&self, entry: &mut Entry) -> Result<PathBuf> {
        let lock = self.lock()?;
        self.create_entry_locked(entry, &lock)
    }

    /// [`Store::create_entry`] for a caller that already holds the lock
    /// (an import checks for duplicates and creates under one lock).
    pub fn create_entry_locked(&self, entry: &mut Entry, _lock: &LockGuard) -> Result<PathBuf> {
        let title_slug = slug(&entry.title, 60);
        let base = if title_slug.is_empty() {
            format!("{}-entry", entry.occurred)
        } else {
            format!("{}-{title_slug}", entry.occurred)
        };
        let dir = self
            .month_dir(&base)
            .ok_or_else(|| Error::usage(format!("cannot derive a file name from {base:?}")))?;
        self.ensure_dir(&dir)?;
        for n in 1u32.. {
            let id = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            let path = dir.join(format!("{id}.toml"));
            if path.symlink_metadata().is_ok()
                || self.trash_dir().join(format!("{id}.toml")).exists()
            {
                continue;
            }
            entry.id = id;
            match write_new(&path, entry.to_toml().as_bytes()) {
                Ok(()) => return Ok(path),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(Error::io("write", &path, e)),
            }
        }
        Err(Error::usage(format!("no free id left for {base:?}")))
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
            let key = (entry.occurred, entry.created, entry.id.clone());
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
    pub fn find(&self, wanted: &str) -> Result<Stored> {
        let wanted = wanted.trim();
        if let Some(path) = self.entry_path(wanted).filter(|_| is_valid_id(wanted))
            && path.is_file()
        {
            return read_entry(&path).map_err(problem_error);
        }
        let files = self.list_files().files;
        let stems: Vec<String> = files.iter().map(|p| file_stem(p)).collect();
        let index = pick_id(wanted, &stems, "`logbook list` shows the ids")?;
        read_entry(&files[index]).map_err(problem_error)
    }
}

/// The one stem `wanted` names, exactly or as a unique prefix; otherwise an
/// error listing the candidates or offering a "did you mean".
pub fn pick_id(wanted: &str, stems: &[String], listing_hint: &str) -> Result<usize> {
    if let Some(i) = stems.iter().position(|s| s == wanted) {
        return Ok(i);
    }
    let matches: Vec<usize> = (0..stems.len())
        .filter(|&i| stems[i].starts_with(wanted) && !wanted.is_empty())
        .collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => {
            let err = Error::usage(format!("no entry {wanted:?}"));
            Err(match closest(wanted, stems.iter().map(String::as_str)) {
                Some(best) => err.with_hint(format!("did you mean {best}?")),
                None => err.with_hint(listing_hint.to_string()),
            })
        }
        many => {
            let mut names: Vec<&str> = many.iter().map(|&i| stems[i].as_str()).collect();
            let more = names.len().saturating_sub(5);
            names.truncate(5);
            let mut list = names.join(", ");
            if more > 0 {
                list.push_str(&format!(" and {more} more"));
            }
            Err(
                Error::usage(format!("{wanted:?} matches {} entries: {list}", many.len()))
                    .with_hint("type more of the id"),
            )
        }
    }
}

/// Drafts of entries being written, and scratch files for the editor.
impl Store {
    /// Starts a draft file for an entry being written, named after when it
    /// was begun (`drafts/20261128-100000.toml`, then `-2`...). Never
    /// replaces another draft.
    pub fn create_draft(&self, started: &DateTime<FixedOffset>, bytes: &[u8]) -> Result<PathBuf> {
        let dir = self.drafts_dir();
        self.ensure_dir(&dir)?;
        let base = started.format("%Y%m%d-%H%M%S").to_string();
        for n in 1u32.. {
            let name = if n == 1 {
                format!("{base}.toml")
            } else {
                format!("{base}-{n}.toml")
            };
            let path = dir.join(name);
            match write_new(&path, bytes) {
                Ok(()) => return Ok(path),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(Error::io("write", &path, e)),
            }
        }
        Err(Error::usage("no free draft name left in drafts/"))
    }

    /// Replaces a draft's contents, atomically.
    pub fn save_draft(&self, path: &Path, bytes: &[u8]) -> Result<()> {
        write_replace(path, bytes).map_err(|e| Error::io("save the draft", path, e))
    }

    /// The drafts, newest first (by when they were last saved, then name).
    pub fn drafts(&self) -> Vec<DraftFile> {
        let Ok(read) = fs::read_dir(self.drafts_dir()) else {
            return Vec::new();
        };
        let mut drafts: Vec<DraftFile> = read
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|x| x == "toml")
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .map(|path| DraftFile {
                modified: path
                    .metadata()
                    .and_then(|m| m.modified())
                    .unwrap_or(SystemTime::UNIX_EPOCH),
                path,
            })
            .collect();
        drafts.sort_by(|a, b| (b.modified, &b.path).cmp(&(a.modified, &a.path)));
        drafts
    }

    /// Deletes a draft once its entry is saved or the user threw it away.
    pub fn remove_draft(&self, path: &Path) -> Result<()> {
        match fs::remove_file(path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Error::io("remove the draft", path, e)),
        }
    }

    /// Where an editor may work on one answer: `drafts/edit-<pid>-<name>.txt`,
    /// private and inside the data directory.
    pub fn scratch_path(&self, name: &str) -> Result<PathBuf> {
        let dir = self.drafts_dir();
        self.ensure_dir(&dir)?;
        let name = slug(name, 40);
        Ok(dir.join(format!("edit-{}-{name}.txt", std::process::id())))
    }
}

/// A saved draft (`drafts/*.toml`).
#[derive(Debug, Clone)]
pub struct DraftFile {
    pub path: PathBuf,
    pub modified: SystemTime,
}

/// The trash and the drafts: where removed entries and unsaved text wait.
impl Store {
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

    /// Moves an entry file into `trash/` by renaming it: the same bytes,
    /// nothing deleted. Refuses to replace a file already in the trash.
    pub fn trash_entry(&self, stored: &Stored, _lock: &LockGuard) -> Result<PathBuf> {
        let dir = self.trash_dir();
        self.ensure_dir(&dir)?;
        let name = stored.path.file_name().unwrap_or_default();
        let target = dir.join(name);
        if target.symlink_metadata().is_ok() {
            return Err(Error::usage(format!(
                "the trash already holds {}; restore or move that file first",
                target.display()
            )));
        }
        fs::rename(&stored.path, &target)
            .map_err(|e| Error::io("move to the trash", &stored.path, e))?;
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
            let is_file = item.file_type().is_ok_and(|t| t.is_file());
            if is_file && name.ends_with(".toml") && !name.starts_with('.') {
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
    pub fn find_in_trash(&self, wanted: &str) -> Result<Stored> {
        let files = self.trash_files().files;
        let stems: Vec<String> = files.iter().map(|p| file_stem(p)).collect();
        let index =
            pick_id(wanted.trim(), &stems, "`logbook trash` lists what is there").map_err(|e| {
                if files.is_empty() {
                    Error::usage(format!("no entry {:?} in the trash", wanted.trim()))
                        .with_hint("the trash is empty")
                } else {
                    e
                }
            })?;
        read_entry(&files[index]).map_err(problem_error)
    }

    /// Moves a trashed entry back to its place under `entries/`, by rename.
    /// Refuses to replace an entry that lives there now.
    pub fn restore_entry(&self, trashed: &Stored, _lock: &LockGuard) -> Result<PathBuf> {
        let target = self.home_path(&file_stem(&trashed.path), trashed.entry.occurred);
        if target.symlink_metadata().is_ok() {
            return Err(Error::usage(format!(
                "an entry already lives at {}; it was not replaced",
                target.display()
            ))
            .with_hint("rename the file in the trash, or remove the other entry first"));
        }
        if let Some(dir) = target.parent() {
            self.ensure_dir(dir)?;
        }
        fs::rename(&trashed.path, &target).map_err(|e| Error::io("restore", &trashed.path, e))?;
        sync_dir(&target);
        sync_dir(&trashed.path);
        Ok(target)
    }

    /// `drafts/edits/<stem>.toml`: where `logbook edit` keeps the text being
    /// edited until it is valid and saved.
    pub fn edit_draft_path(&self, stem: &str) -> PathBuf {
        self.drafts_dir().join("edits").join(format!("{stem}.toml"))
    }

    /// Every file under `drafts/` (two levels, links not followed), sorted.
    pub fn draft_files(&self) -> Vec<PathBuf> {
        fn visit(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
            let Ok(read) = fs::read_dir(dir) else { return };
            for item in read.flatten() {
                match item.file_type() {
                    Ok(t) if t.is_dir() && depth < 2 => visit(&item.path(), depth + 1, out),
                    Ok(t) if t.is_dir() => {}
                    _ => out.push(item.path()),
                }
            }
        }
        let mut out = Vec::new();
        visit(&self.drafts_dir(), 0, &mut out);
        out.sort();
        out
    }
}

/// A file's name without its extension, as text.
pub fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads the listed entry files with `read`, on all cores. The files are many and small, so reading and parsing
/// them is the whole cost of a command like `list` or `gaps`; problems come
/// back in path order whatever the threads did, so output never depends on
/// scheduling.
fn load_listing<T: Send>(
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
fn sorted(mut loaded: Loaded) -> Loaded {
    loaded
        .entries
        .sort_by(|a, b| crate::model::entry::date_order(&a.entry, &b.entry));
    loaded
}

/// Holds the writers' lock; released on drop.
pub struct LockGuard {
    _file: File,
}

fn problem_error(p: Diagnostic) -> Error {
    Error::usage(p.to_string())
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

/// Walks `dir` depth first, each directory's items sorted by name, which
/// lists files in the same order as sorting their whole paths, without the
/// cost of comparing 10,000 paths component by component.
fn walk(dir: &Path, depth: usize, listing: &mut Listing) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            listing.problems.push(Diagnostic::whole(
                dir,
                format!(
                    "cannot read directory: {}",
                    crate::cli::error::describe_io(&e)
                ),
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
    let (entry, spans) = crate::model::entry::Entry::parse(&text).map_err(|p| p.in_file(path))?;
    let stem = path.file_stem().map(|s| s.to_string_lossy());
    if let Some(p) = crate::model::entry::id_problem(&entry, &spans, &text, stem.as_deref()) {
        return Err(p.in_file(path));
    }
    Ok(Stored {
        entry,
        path: path.to_path_buf(),
        text,
        spans,
    })
}

/// Reads a file as UTF-8 text, refusing symlinks and huge files, with the
/// position of the first invalid byte. The file is opened with `O_NOFOLLOW`,
/// so a link swapped in after a check cannot be followed either.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let cannot = |e: &io::Error| {
        Diagnostic::whole(
            path,
            format!("cannot read: {}", crate::cli::error::describe_io(e)),
        )
    };
    let mut file = match OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) && path.is_symlink() => {
            return Err(Diagnostic::whole(
                path,
                "is a symbolic link; logbook does not follow it",
            ));
        }
        Err(e) => return Err(cannot(&e)),
    };
    let meta = file.metadata().map_err(|e| cannot(&e))?;
    if meta.len() > MAX_ENTRY_BYTES {
        return Err(Diagnostic::whole(
            path,
            format!(
                "is {} MB; entry files are limited to {} MB",
                meta.len() / 1_000_000,
                MAX_ENTRY_BYTES / 1_000_000
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    io::Read::read_to_end(&mut file, &mut bytes).map_err(|e| cannot(&e))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..valid]);
        let (line, col) = line_col(&text, valid);
        Diagnostic {
            path: path.to_path_buf(),
            line,
            col,
            message: "not valid UTF-8 text (save the file as UTF-8)".into(),
        }
    })
}

/// A temporary file next to `path`, private, created exclusively.
fn temp_file(path: &Path) -> io::Result<(PathBuf, File)> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let stem = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    loop {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!(".{stem}.{}.{n}.tmp", std::process::id()));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temp)
        {
            Ok(file) => {
                // Respect 0600 even under an unusual umask.
                file.set_permissions(fs::Permissions::from_mode(0o600))?;
                return Ok((temp, file));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// A synced temporary file next to `path`, filled by `fill`.
fn write_temp(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<PathBuf> {
    let (temp, file) = temp_file(path)?;
    let mut writer = io::BufWriter::new(file);
    let result = fill(&mut writer)
        .and_then(|()| writer.into_inner().map_err(io::IntoInnerError::into_error))
        .and_then(|file| file.sync_all());
    if let Err(e) = result {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    Ok(temp)
}

fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent()
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
}

/// Crash-test hook, debug builds only: `LOGBOOK_FAULT=before-commit` aborts
/// the process after the temporary file is written and synced but before it
/// is moved into place — the worst moment for a crash.
fn fault_point(name: &str) {
    #[cfg(debug_assertions)]
    if std::env::var_os("LOGBOOK_FAULT").is_some_and(|v| v == name) {
        std::process::abort();
    }
    #[cfg(not(debug_assertions))]
    let _ = name;
}

/// Atomically creates `path` with `bytes`; fails with `AlreadyExists` rather
/// than replace anything. Readers see no file or the whole file.
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_new_with(path, |w| w.write_all(bytes))
}

/// [`write_new`] for content written piece by piece (a long document need
/// not be held in memory); nothing appears at `path` unless `fill` succeeds.
pub fn write_new_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let temp = write_temp(path, fill)?;
    fault_point("before-commit");
    let linked = fs::hard_link(&temp, path);
    let _ = fs::remove_file(&temp);
    linked?;
    sync_dir(path);
    Ok(())
}

/// Atomically replaces (or creates) `path` with `bytes`.
pub fn write_replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_replace_with(path, |w| w.write_all(bytes))
}

/// [`write_replace`] for content written piece by piece.
pub fn write_replace_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let temp = write_temp(path, fill)?;
    fault_point("before-commit");
    if let Err(e) = fs::rename(&temp, path) {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    sync_dir(path);
    Ok(())
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

    #[test]
    fn a_symlink_is_refused_even_when_opened_directly() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("real.toml");
        fs::write(&real, "id = 1").unwrap();
        let link = tmp.path().join("link.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let problem = read_text(&link).unwrap_err();
        assert_eq!(
            problem.message,
            "is a symbolic link; logbook does not follow it"
        );
        assert_eq!(read_text(&real).unwrap(), "id = 1");
        let missing = read_text(&tmp.path().join("gone.toml")).unwrap_err();
        assert_eq!(missing.message, "cannot read: No such file or directory");
    }

    #[test]
    fn drafts_are_private_never_clash_and_list_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("data"));
        assert!(store.drafts().is_empty());
        let started = DateTime::parse_from_rfc3339("2026-11-28T10:00:00+00:00").unwrap();
        let a = store.create_draft(&started, b"title = \"a\"\n").unwrap();
        let b = store.create_draft(&started, b"title = \"b\"\n").unwrap();
        assert_eq!(a.file_name().unwrap(), "20261128-100000.toml");
        assert_eq!(b.file_name().unwrap(), "20261128-100000-2.toml");
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&a), 0o600);
        assert_eq!(mode(&store.drafts_dir()), 0o700);

        // The one saved last comes first, whatever its name.
        std::thread::sleep(std::time::Duration::from_millis(20));
        store.save_draft(&a, b"title = \"a2\"\n").unwrap();
        let scratch = store.scratch_path("situation").unwrap();
        fs::write(&scratch, "editor text").unwrap();
        let listed: Vec<PathBuf> = store.drafts().into_iter().map(|d| d.path).collect();
        assert_eq!(
            listed,
            [a.clone(), b.clone()],
            "editor scratch files are not drafts"
        );
        assert_eq!(fs::read(&a).unwrap(), b"title = \"a2\"\n");

        store.remove_draft(&a).unwrap();
        store.remove_draft(&a).unwrap();
        assert_eq!(store.drafts().len(), 1);
    }

    #[test]
    fn a_failed_fill_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        let fail = |w: &mut dyn Write| {
            w.write_all(b"half a document")?;
            Err(io::Error::other("cancelled"))
        };
        assert_eq!(
            write_new_with(&path, fail).unwrap_err().to_string(),
            "cancelled"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
        write_new_with(&path, |w| {
            w.write_all(b"one ")?;
            w.write_all(b"two")
        })
        .unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"one two");
        assert!(write_replace_with(&path, fail).is_err());
        assert_eq!(fs::read(&path).unwrap(), b"one two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn write_new_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        write_new(&path, b"one").unwrap();
        let err = write_new(&path, b"two").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"one");
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        write_replace(&path, b"three").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"three");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "temp files left: {names:?}");
    }
}
