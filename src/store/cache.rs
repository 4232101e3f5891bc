//! A rebuildable cache of what `gaps`, `export` and `list` work out from
//! each entry file, in `cache/digests` inside the data directory.
//!
//! Parsing, linting and splitting into words are most of the cost of
//! `gaps` on a long logbook, and they depend only on the file, the program
//! and the settings. So each entry's [`Digest`] is kept with the file's
//! stamp (inode, size, modification and change times); a later run reuses it
//! while the file's stamp is unchanged, and works out only new or changed
//! files again.
//!
//! The cache is never the source of truth: the entry files are. Deleting it
//! (or any damage to it, caught by a checksum of the whole payload) changes
//! no output, only the time taken; a file
//! whose stamp differs in any way is read again; a cache written by another
//! build of the program or under other settings is ignored whole. A file
//! changed just before it was read is not kept (see [`settle_for`]), since a
//! second change in the same clock tick could leave its stamp unchanged
//! (git's "racy clean" problem). Reading commands write the cache atomically
//! and never fail because they cannot.

use std::fs;
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use indexmap::IndexMap;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::Store;
use super::atomic::{write_new, write_replace_with};
use super::entries::{Listing, Loaded, read_entry};
use super::paths::file_stem;
use crate::model::diagnostic::Diagnostic;
use crate::model::entry::{DateKey, Entry, date_order};
use crate::model::frameworks::Frameworks;
use crate::rules::gaps::Digest;
use crate::rules::gaps::incident::Terms;
use crate::rules::lint::{Lint, LintConfig};

/// Marks the file, with the layout's version in the last byte.
const MAGIC: &[u8; 8] = b"LBDIGST\x03";

const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This file is a cache directory tag created by logbook: this directory only\n\
# holds what logbook can work out again from the entries, and is safe to delete.\n\
# For information about cache directory tags see https://bford.info/cachedir/\n";

const GITIGNORE: &str = "# Made by logbook: a cache, rebuilt as needed.\n*\n";

/// A cache file larger than this is ignored rather than read into memory.
const MAX_BYTES: u64 = 1 << 30;

/// How long after a file last changed before its digest may be kept, on a
/// filesystem with whole-second time stamps (FAT, ext3, some network
/// filesystems)…
const COARSE_SETTLE: Duration = Duration::from_secs(2);

/// …and on one with finer stamps, which Linux takes from a clock that
/// advances at least every 10 ms.
const FINE_SETTLE: Duration = Duration::from_millis(100);

/// What the digests were made by and under; any difference and the whole
/// cache is ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Header {
    program: Program,
    /// The lint settings, as `Debug` text.
    config: String,
    /// The length and CRC-32 of everything after the header: damage
    /// anywhere in the digests, even inside a field where it would still
    /// decode, makes the whole cache be ignored (and then rebuilt).
    len: u64,
    checksum: u32,
}

/// An entry file's stamp: any change to the file changes one of these.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    inode: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Stamp {
    fn of(meta: &fs::Metadata) -> Stamp {
        Stamp {
            inode: meta.ino(),
            size: meta.size(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        }
    }

    /// Whether the file last changed more than `settle` before `now`, so
    /// that a second change could not leave this stamp as it is.
    fn settled(&self, now: SystemTime, settle: Duration) -> bool {
        let Ok(now) = now.duration_since(UNIX_EPOCH) else {
            return false;
        };
        let latest = self.mtime.max(self.ctime);
        let limit = now.saturating_sub(settle);
        let limit = (limit.as_secs() as i64, i64::from(limit.subsec_nanos()));
        latest < limit
    }
}

/// How long a file must have been left alone, by its stamp, before its
/// digest may be kept: long enough that any later change gets a later time
/// stamp. Stamps whose nanoseconds are all zero come from a filesystem with
/// whole-second stamps (or, once in a billion, happen to), so they wait 2 s;
/// others 100 ms.
fn settle_for(stamp: &Stamp) -> Duration {
    if stamp.mtime.1 == 0 && stamp.ctime.1 == 0 {
        COARSE_SETTLE
    } else {
        FINE_SETTLE
    }
}

/// A settling time for every file instead of [`settle_for`]: debug builds
/// (the tests) may set one with `LOGBOOK_CACHE_SETTLE_MS`, as the files they
/// write are always fresh.
fn settle_override() -> Option<Duration> {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("LOGBOOK_CACHE_SETTLE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return Some(Duration::from_millis(ms));
    }
    None
}

/// One entry file's record as kept on disk: where it is, its stamp, and
/// the entry without its sections (all that `list` needs).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Fields {
    /// The file's path inside `entries/`.
    path: String,
    stamp: Stamp,
    entry: Entry,
}

/// The rest of its digest, kept apart so `list` need not decode it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Analysis {
    lints: Vec<Lint>,
    words: String,
    counts: Vec<u32>,
    fits: Vec<(String, f32)>,
    refers_back: bool,
}

/// [`Fields`] as written, borrowed from a digest: the same layout, so
/// writing a long logbook's cache copies nothing.
#[derive(Serialize)]
struct FieldsOut<'a> {
    path: &'a str,
    stamp: Stamp,
    entry: &'a Entry,
}

/// [`Analysis`] as written, borrowed from a digest.
#[derive(Serialize)]
struct AnalysisOut<'a> {
    lints: &'a [Lint],
    words: &'a str,
    counts: &'a [u32],
    fits: &'a [(String, f32)],
    refers_back: bool,
}

impl<'a> AnalysisOut<'a> {
    fn new(d: &'a Digest) -> AnalysisOut<'a> {
        let (words, counts) = d.terms.parts();
        AnalysisOut {
            lints: &d.lints,
            words,
            counts,
            fits: &d.fits,
            refers_back: d.refers_back,
        }
    }
}

/// The digest from its kept parts; `None` if they are damaged.
fn digest(fields: Fields, analysis: Analysis) -> Option<Digest> {
    Some(Digest {
        terms: Terms::from_parts(analysis.words, analysis.counts)?,
        entry: fields.entry,
        lints: analysis.lints,
        fits: analysis.fits,
        refers_back: analysis.refers_back,
    })
}

/// The cache file's place in the data directory.
pub fn path(store: &Store) -> PathBuf {
    store.root().join("cache").join("digests")
}

/// Which build of logbook made a cache: its version, and its program
/// file's size and modification time (so a rebuild of the same version,
/// whose lints may differ, does not trust it either).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Program {
    version: String,
    size: u64,
    mtime: (i64, i64),
}

/// The running program, or `None` if its file cannot be found (then no
/// cache is used).
fn program() -> Option<Program> {
    let meta = fs::metadata(std::env::current_exe().ok()?).ok()?;
    Some(Program {
        version: env!("CARGO_PKG_VERSION").to_string(),
        size: meta.size(),
        mtime: (meta.mtime(), meta.mtime_nsec()),
    })
}

/// The kept fields, and with `analysis` the rest of each digest, if the
/// cache exists, is whole, and was made by this program (and, given
/// `config`, under these settings). Empty otherwise.
fn read(
    store: &Store,
    program: &Program,
    config: Option<&str>,
    analysis: bool,
) -> (Vec<Fields>, Vec<Analysis>) {
    let none = || (Vec::new(), Vec::new());
    let Ok((mut file, meta)) = super::read::open_regular(&path(store)) else {
        return none();
    };
    // About 1 KB an entry: anything this large is not ours.
    let len = meta.len();
    if len > MAX_BYTES {
        return none();
    }
    let mut bytes = Vec::with_capacity(len as usize);
    if file.read_to_end(&mut bytes).is_err() {
        return none();
    }
    let Some(rest) = bytes.strip_prefix(MAGIC) else {
        return none();
    };
    let Ok((header, rest)) = postcard::take_from_bytes::<Header>(rest) else {
        return none();
    };
    if rest.len() as u64 != header.len || crc32fast::hash(rest) != header.checksum {
        return none();
    }
    if header.program != *program || config.is_some_and(|c| c != header.config) {
        return none();
    }
    let Ok((fields, rest)) = postcard::take_from_bytes::<Vec<Fields>>(rest) else {
        return none();
    };
    if !analysis {
        return (fields, Vec::new());
    }
    match postcard::from_bytes::<Vec<Analysis>>(rest) {
        Ok(analyses) if analyses.len() == fields.len() => (fields, analyses),
        _ => none(),
    }
}

/// Writes the digests, straight into the new file; a failure only costs the
/// next run time.
fn write(store: &Store, header: Header, fields: &[FieldsOut], analyses: &[AnalysisOut]) {
    let target = path(store);
    let Some(dir) = target.parent() else { return };
    if store.ensure_dir(dir).is_err() {
        return;
    }
    // Backup tools skip a tagged cache directory (https://bford.info/cachedir/),
    // and git one that ignores itself, as for pytest's cache.
    for (name, text) in [("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", GITIGNORE)] {
        let file = dir.join(name);
        if !file.exists() {
            let _ = write_new(&file, text.as_bytes());
        }
    }
    // The digests are encoded first, to be checksummed into the header.
    let Ok(payload) = postcard::to_extend(fields, Vec::new())
        .and_then(|payload| postcard::to_extend(analyses, payload))
    else {
        return;
    };
    let header = Header {
        len: payload.len() as u64,
        checksum: crc32fast::hash(&payload),
        ..header
    };
    let _ = write_replace_with(&target, |w| {
        w.write_all(MAGIC)?;
        postcard::to_io(&header, &mut *w).map_err(std::io::Error::other)?;
        w.write_all(&payload)
    });
}

/// Record index by path.
fn index(records: &[Fields]) -> FxHashMap<&str, usize> {
    records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.path.as_str(), i))
        .collect()
}

/// The index of the kept record for the file named `name`, if the file's
/// stamp is still the record's.
fn unchanged(
    by_path: &FxHashMap<&str, usize>,
    records: &[Fields],
    name: Option<&str>,
    stamp: Option<Stamp>,
) -> Option<usize> {
    let i = *by_path.get(name?)?;
    (Some(records[i].stamp) == stamp).then_some(i)
}

/// An entry file's path inside `entries/`, as the cache names it.
fn key(entries: &Path, path: &Path) -> Option<String> {
    path.strip_prefix(entries)
        .ok()?
        .to_str()
        .map(str::to_string)
}

/// The entry files with their stamps, and the kept digests (see [`read`]):
/// one core lists and stats the files while another reads the cache.
struct Survey {
    listing: Listing,
    stamps: Vec<Option<Stamp>>,
    fields: Vec<Fields>,
    analyses: Vec<Analysis>,
    program: Option<Program>,
}

/// `writes`: the caller keeps digests, so it needs every file's stamp even
/// when there is no cache yet.
fn survey(store: &Store, config: Option<&str>, analysis: bool, writes: bool) -> Survey {
    let program = program();
    let stamped = writes || path(store).exists();
    let ((listing, stamps), (fields, analyses)) = rayon::join(
        || {
            let listing = store.list_files();
            let stamps = if stamped {
                listing
                    .files
                    .par_iter()
                    .map(|path| fs::symlink_metadata(path).ok().map(|m| Stamp::of(&m)))
                    .collect()
            } else {
                vec![None; listing.files.len()]
            };
            (listing, stamps)
        },
        || match &program {
            Some(p) => read(store, p, config, analysis),
            None => (Vec::new(), Vec::new()),
        },
    );
    Survey {
        listing,
        stamps,
        fields,
        analyses,
        program,
    }
}

/// What one listed file gave.
enum Got {
    /// Unchanged since its record was kept: the record's index.
    Kept(usize),
    /// Read now, with its stamp and name if it has settled (to keep it).
    Read(Box<Digest>, Option<(String, Stamp)>),
    Problem(Diagnostic),
}

/// Every entry's digest, in date order, reusing the cache where the file is
/// unchanged and bringing the cache up to date; files that cannot be used
/// are reported (in path order) as [`crate::store::Store::load_all`] does.
/// Each digest comes with its file's path.
pub fn load_digests(
    store: &Store,
    frameworks: &Frameworks,
    config: &LintConfig,
) -> Loaded<(PathBuf, Digest)> {
    load_digests_settled(store, frameworks, config, settle_override())
}

fn load_digests_settled(
    store: &Store,
    frameworks: &Frameworks,
    config: &LintConfig,
    settle: Option<Duration>,
) -> Loaded<(PathBuf, Digest)> {
    let config_text = format!("{config:?}");
    // Before the files are looked at: a change after that has a later stamp.
    let now = SystemTime::now();
    let Survey {
        listing,
        stamps,
        fields: records,
        analyses,
        program,
    } = survey(store, Some(&config_text), true, true);
    let entries = store.entries_dir();
    let got: Vec<Got> = {
        let by_path = index(&records);
        listing
            .files
            .par_iter()
            .zip(&stamps)
            .map(|(path, &stamp)| {
                let name = key(&entries, path);
                if let Some(i) = unchanged(&by_path, &records, name.as_deref(), stamp) {
                    return Got::Kept(i);
                }
                match read_entry(path) {
                    Ok(stored) => {
                        let digest = Digest::new(stored.entry, frameworks, config);
                        let keep = name.zip(stamp).filter(|(_, stamp)| {
                            stamp.settled(now, settle.unwrap_or_else(|| settle_for(stamp)))
                        });
                        Got::Read(Box::new(digest), keep)
                    }
                    Err(problem) => Got::Problem(problem),
                }
            })
            .collect()
    };

    let total = records.len();
    let (mut records, mut analyses) = (records, analyses);
    let mut loaded = Loaded {
        entries: Vec::with_capacity(got.len()),
        problems: listing.problems,
    };
    // What the cache should hold now, by entry index, and whether that
    // differs from what it holds.
    let mut keep: Vec<(usize, String, Stamp)> = Vec::new();
    let mut changed = false;
    let mut reused = 0;
    for (g, file) in got.into_iter().zip(&listing.files) {
        match g {
            Got::Kept(i) => {
                // Each kept record is taken once: files have distinct paths.
                let fields = std::mem::take(&mut records[i]);
                let analysis = std::mem::take(&mut analyses[i]);
                let (path, stamp) = (fields.path.clone(), fields.stamp);
                match digest(fields, analysis) {
                    Some(d) => {
                        reused += 1;
                        keep.push((loaded.entries.len(), path, stamp));
                        loaded.entries.push((file.clone(), d));
                    }
                    // A damaged record: read the file again.
                    None => {
                        changed = true;
                        match read_entry(file) {
                            Ok(stored) => loaded.entries.push((
                                file.clone(),
                                Digest::new(stored.entry, frameworks, config),
                            )),
                            Err(p) => loaded.problems.push(p),
                        }
                    }
                }
            }
            Got::Read(d, settled) => {
                if let Some((path, stamp)) = settled {
                    changed = true;
                    keep.push((loaded.entries.len(), path, stamp));
                }
                loaded.entries.push((file.clone(), *d));
            }
            Got::Problem(p) => loaded.problems.push(p),
        }
    }
    // Kept records for files that are gone or changed.
    changed |= reused != total;
    if let Some(program) = program
        && changed
    {
        keep.sort_by(|a, b| a.1.cmp(&b.1));
        let (fields, analyses): (Vec<FieldsOut>, Vec<AnalysisOut>) = keep
            .iter()
            .map(|(i, path, stamp)| {
                let d = &loaded.entries[*i].1;
                let fields = FieldsOut {
                    path,
                    stamp: *stamp,
                    entry: &d.entry,
                };
                (fields, AnalysisOut::new(d))
            })
            .unzip();
        let header = Header {
            program,
            config: config_text,
            len: 0,
            checksum: 0,
        };
        write(store, header, &fields, &analyses);
    }
    // Date order. A digest is a few hundred bytes: sorting their places
    // and moving each once costs far less than sorting them.
    let mut order: Vec<usize> = (0..loaded.entries.len()).collect();
    order.sort_by(|&a, &b| date_order(&loaded.entries[a].1.entry, &loaded.entries[b].1.entry));
    let mut slots: Vec<Option<(PathBuf, Digest)>> = loaded.entries.into_iter().map(Some).collect();
    loaded.entries = order.iter().filter_map(|&i| slots[i].take()).collect();
    loaded
}

/// Every entry without its sections, for commands that show only the
/// fields (`list`): kept digests where the file is unchanged, the file
/// itself otherwise. Like [`Store::load_entries`], `pick` sees each entry
/// and returns what to keep of it (or `None`); date order. Never writes the
/// cache (only the commands that need the lints pay for working them out).
/// Also gives the file stem of every entry file listed, readable or not:
/// the ids [`Store::find`] chooses among, which short ids must tell apart.
pub fn load_fields<T: Send>(
    store: &Store,
    pick: impl Fn(Entry) -> Option<T> + Sync,
) -> (Loaded<T>, Vec<String>) {
    let Survey {
        listing,
        stamps,
        fields: records,
        ..
    } = survey(store, None, false, false);
    type Key = DateKey<'static>;
    let keyed = |e: Entry| {
        let key = e.date_key().into_owned();
        pick(e).map(|kept| (key, kept))
    };
    /// A kept record's index, or what `pick` kept of the entry read now.
    enum Field<T> {
        Kept(usize),
        Read(Option<(Key, T)>),
    }
    let entries = store.entries_dir();
    let got: Vec<Result<Field<T>, Diagnostic>> = {
        let by_path = index(&records);
        listing
            .files
            .par_iter()
            .zip(&stamps)
            .map(|(path, &stamp)| {
                let name = key(&entries, path);
                if let Some(i) = unchanged(&by_path, &records, name.as_deref(), stamp) {
                    return Ok(Field::Kept(i));
                }
                read_entry(path).map(|mut stored| {
                    stored.entry.sections = IndexMap::new();
                    Field::Read(keyed(stored.entry))
                })
            })
            .collect()
    };
    let mut records = records;
    let mut kept: Vec<(Key, T)> = Vec::with_capacity(got.len());
    let mut problems = listing.problems;
    for g in got {
        match g {
            Ok(Field::Kept(i)) => kept.extend(keyed(std::mem::take(&mut records[i]).entry)),
            Ok(Field::Read(e)) => kept.extend(e),
            Err(p) => problems.push(p),
        }
    }
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    let stems = listing.files.iter().map(|p| file_stem(p)).collect();
    (
        Loaded {
            entries: kept.into_iter().map(|(_, t)| t).collect(),
            problems,
        },
        stems,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// A copy of the sample logbook (28 entries, and a stray file).
    fn sample() -> (tempfile::TempDir, Store) {
        let tmp = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sample/entries");
        copy_tree(&from, &tmp.path().join("entries"));
        let store = Store::new(tmp.path());
        (tmp, store)
    }

    fn copy_tree(from: &Path, to: &Path) {
        fs::create_dir_all(to).unwrap();
        for item in fs::read_dir(from).unwrap().flatten() {
            let target = to.join(item.file_name());
            if item.file_type().unwrap().is_dir() {
                copy_tree(&item.path(), &target);
            } else {
                fs::copy(item.path(), target).unwrap();
            }
        }
    }

    /// Digests worked out from the files, with no cache at all.
    fn fresh(store: &Store, config: &LintConfig) -> Vec<(PathBuf, Digest)> {
        let frameworks = Frameworks::builtin();
        let mut all: Vec<(PathBuf, Digest)> = store
            .load_all()
            .entries
            .into_iter()
            .map(|s| (s.path, Digest::new(s.entry, &frameworks, config)))
            .collect();
        all.sort_by(|a, b| date_order(&a.1.entry, &b.1.entry));
        all
    }

    fn load(store: &Store, config: &LintConfig) -> Loaded<(PathBuf, Digest)> {
        load_digests_settled(store, &Frameworks::builtin(), config, Some(Duration::ZERO))
    }

    #[test]
    fn kept_digests_equal_fresh_ones() {
        let (_tmp, store) = sample();
        let config = LintConfig::default();
        let expected = fresh(&store, &config);
        assert!(expected.len() >= 20, "{}", expected.len());
        assert!(!path(&store).exists());

        let first = load(&store, &config);
        assert_eq!(first.entries, expected);
        let written = fs::metadata(path(&store)).unwrap();
        assert_eq!(written.permissions().mode() & 0o777, 0o600);
        let dir = fs::metadata(path(&store).parent().unwrap()).unwrap();
        assert_eq!(dir.permissions().mode() & 0o777, 0o700);
        let tag = fs::read_to_string(store.root().join("cache/CACHEDIR.TAG")).unwrap();
        assert!(tag.starts_with("Signature: 8a477f597d28d172789f06886806bc55\n"));
        let ignore = fs::read_to_string(store.root().join("cache/.gitignore")).unwrap();
        assert!(ignore.lines().any(|l| l == "*"));

        // All from the cache now, and nothing to rewrite.
        let second = load(&store, &config);
        assert_eq!(second.entries, expected);
        assert_eq!(second.problems, first.problems);
        let again = fs::metadata(path(&store)).unwrap();
        assert_eq!(again.modified().unwrap(), written.modified().unwrap());

        let fields: Vec<Entry> = load_fields(&store, Some).0.entries;
        let headers: Vec<Entry> = expected.iter().map(|(_, d)| d.entry.clone()).collect();
        assert_eq!(fields, headers);
    }

    #[test]
    fn a_file_changed_in_place_is_read_again_even_with_its_old_time() {
        let (_tmp, store) = sample();
        let config = LintConfig::default();
        load(&store, &config);
        let file = store.list_files().files[0].clone();
        let text = fs::read_to_string(&file).unwrap();
        let old = fs::metadata(&file).unwrap();
        // Same length, same inode, and the old modification time put back:
        // only the change time tells.
        let changed = text
            .replacen("title = \"", "title = \"X", 1)
            .replacen("  ", " ", 1);
        let changed = if changed.len() == text.len() {
            changed
        } else {
            text.replacen("title = \"", "title = \"X", 1)
                .replacen("\n\n", "\n", 1)
        };
        assert_eq!(changed.len(), text.len(), "keep the size");
        std::thread::sleep(Duration::from_millis(30));
        fs::write(&file, &changed).unwrap();
        fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(old.modified().unwrap())
            .unwrap();
        let new = fs::metadata(&file).unwrap();
        assert_eq!(
            (new.ino(), new.size(), new.mtime_nsec()),
            (old.ino(), old.size(), old.mtime_nsec())
        );

        let loaded = load(&store, &config);
        assert_eq!(loaded.entries, fresh(&store, &config));
        assert!(
            loaded
                .entries
                .iter()
                .any(|(_, d)| d.entry.title.starts_with('X'))
        );
    }

    #[test]
    fn new_removed_and_broken_files_and_other_settings_are_noticed() {
        let (_tmp, store) = sample();
        let config = LintConfig::default();
        load(&store, &config);
        let files = store.list_files().files;
        fs::remove_file(&files[1]).unwrap();
        fs::write(&files[2], "id = \"broken\n").unwrap();
        let copy = files[3].with_file_name("2026-01-01-a-copy.toml");
        let text = fs::read_to_string(&files[3]).unwrap();
        let id = crate::store::paths::file_stem(&files[3]);
        fs::write(&copy, text.replace(&id, "2026-01-01-a-copy")).unwrap();

        let loaded = load(&store, &config);
        assert_eq!(loaded.entries, fresh(&store, &config));
        assert_eq!(loaded.problems.len(), 1 + store.list_files().problems.len());
        assert!(
            loaded.problems.iter().any(|p| p.path == files[2]),
            "{:?}",
            loaded.problems
        );

        // Other thresholds give other lints: the kept ones are not used.
        let strict = LintConfig {
            min_words_to_judge: 1,
            over_map_min_criteria: 1,
            over_map_words_per_criterion: 1000,
            ..LintConfig::default()
        };
        let loaded = load(&store, &strict);
        assert_eq!(loaded.entries, fresh(&store, &strict));
        assert_ne!(loaded.entries, fresh(&store, &config));
    }

    #[test]
    fn a_damaged_cache_is_ignored_and_rebuilt() {
        let (_tmp, store) = sample();
        let config = LintConfig::default();
        load(&store, &config);
        let whole = fs::read(path(&store)).unwrap();
        let expected = fresh(&store, &config);
        let damaged: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"not a cache".to_vec(),
            whole[..whole.len() / 2].to_vec(),
            whole.iter().map(|b| b ^ 0x55).collect(),
            {
                let mut w = whole.clone();
                let n = w.len();
                w[n - 40..].fill(0xff);
                w
            },
        ];
        for bytes in damaged {
            fs::write(path(&store), &bytes).unwrap();
            let loaded = load(&store, &config);
            assert_eq!(loaded.entries, expected);
            assert_eq!(load(&store, &config).entries, expected);
        }
        assert_eq!(fs::read(path(&store)).unwrap(), whole, "rebuilt the same");
    }

    /// Damage inside a field still decodes; the checksum catches it
    /// wherever it is, and the next write keeps none of it.
    #[test]
    fn damage_inside_any_field_is_caught_by_the_checksum() {
        let (_tmp, store) = sample();
        let config = LintConfig::default();
        load(&store, &config);
        let whole = fs::read(path(&store)).unwrap();
        let expected = fresh(&store, &config);
        let mut flips = 0;
        // About 64 places spread over the file (each load reads the sample
        // logbook again); the CLI test flips every 5th byte of a small cache.
        let step = (whole.len() / 64).max(1);
        for at in (MAGIC.len()..whole.len()).step_by(step) {
            let mut bytes = whole.clone();
            bytes[at] ^= 0x04;
            fs::write(path(&store), &bytes).unwrap();
            let loaded = load(&store, &config);
            assert_eq!(loaded.entries, expected, "byte {at}");
            let (fields, _) =
                load_fields(&store, |e| Some((e.id, e.title, e.criteria, e.occurred)));
            let want: Vec<_> = expected
                .iter()
                .map(|(_, d)| {
                    let e = &d.entry;
                    (
                        e.id.clone(),
                        e.title.clone(),
                        e.criteria.clone(),
                        e.occurred,
                    )
                })
                .collect();
            assert_eq!(fields.entries, want, "byte {at}");
            assert_eq!(fs::read(path(&store)).unwrap(), whole, "byte {at}: rebuilt");
            flips += 1;
        }
        assert!(flips >= 60, "{flips}");
    }

    #[test]
    fn files_changed_just_now_are_not_kept() {
        let (_tmp, store) = sample();
        let config = LintConfig::default();
        // Copied a moment ago: within the default settling time.
        let loaded =
            load_digests_settled(&store, &Frameworks::builtin(), &config, Some(COARSE_SETTLE));
        assert_eq!(loaded.entries, fresh(&store, &config));
        assert!(!path(&store).exists());
        let stamp = Stamp::of(&fs::metadata(&store.list_files().files[0]).unwrap());
        // Judged from the moment of the file's last change, not the clock.
        let (secs, nanos) = stamp.mtime.max(stamp.ctime);
        let changed = UNIX_EPOCH + Duration::new(secs as u64, nanos as u32);
        let settle = settle_for(&stamp);
        assert!(!stamp.settled(changed, settle));
        assert!(!stamp.settled(changed + settle - Duration::from_millis(1), settle));
        assert!(stamp.settled(changed + settle + Duration::from_millis(1), settle));
        // Whole-second stamps wait longer.
        let coarse = Stamp {
            mtime: (stamp.mtime.0, 0),
            ctime: (stamp.ctime.0, 0),
            ..stamp
        };
        assert_eq!(settle_for(&coarse), COARSE_SETTLE);
        if stamp.mtime.1 != 0 {
            assert_eq!(settle_for(&stamp), FINE_SETTLE, "{stamp:?}");
        }
    }
}
