//! `logbook export`: the portfolio document, as Markdown (or HTML) on
//! stdout or in a file, optionally with personal data redacted. The
//! document itself is built by the pure [`crate::render::portfolio`].

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

use clap::{ArgGroup, Args, ValueEnum};

use crate::cli::app::App;
use crate::cli::error::{CommandError, Result};
use crate::cli::filter::{Filter, FilterArgs};
use crate::cli::records;
use crate::cli::scope;
use crate::cli::ui;
use crate::model::english::plural;
use crate::model::entry::Entry;
use crate::model::record::Assessment;
use crate::render::portfolio::{self, Extras, Meta, Portfolio, ProgrammeLog};
use crate::rules::programme;
use crate::rules::redact;
use crate::rules::redact::NameRule;
use crate::store;
use crate::store::evidence::{self, Attachment, stored_hash};

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("target").args(["output", "bundle"])))]
#[command(
    after_help = "Personal data is redacted unless you pass --no-redact. To get Word \
    or PDF: logbook export -o portfolio.md && pandoc portfolio.md -s -o portfolio.docx, or \
    print the --format html page to PDF from a browser."
)]
pub struct ExportArgs {
    /// Write to FILE instead of stdout (an existing file is kept unless --force)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Write a zip: the document plus the evidence files it links to, with
    /// links that work once unzipped
    #[arg(long, value_name = "FILE.zip")]
    pub bundle: Option<PathBuf>,

    /// Replace FILE if it already exists
    #[arg(long, requires = "target")]
    pub force: bool,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// Keep personal data (emails, phone, card and NI numbers, postcodes, titled
    /// names and the names in logbook.toml); by default they are replaced with
    /// placeholders such as [EMAIL]. Your entries are never changed.
    #[arg(long, conflicts_with = "redact")]
    pub no_redact: bool,

    /// Redact personal data (the default; kept for old scripts)
    #[arg(long, hide = true)]
    pub redact: bool,

    /// markdown (pandoc-flavoured) or html (one self-contained page that prints)
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Markdown,
    Html,
}

pub fn run(app: &App, args: ExportArgs, out: &mut dyn Write) -> Result<()> {
    one_heap();
    let redacting = !args.no_redact;
    let target = args
        .output
        .as_deref()
        .filter(|p| p.as_os_str() != "-")
        .map(|p| check_target(app, p, args.force))
        .transpose()?;
    let bundle = args
        .bundle
        .as_deref()
        .map(|p| check_target(app, p, args.force))
        .transpose()?;
    let filter = args.filter.resolve(app)?;
    let settings = app.settings()?;
    let scope = scope::qualification(app, args.filter.qualification.as_deref())?;
    let catalogue = scope::catalogue(app, scope.as_ref());
    let frameworks = app.frameworks();
    // The analysis works from digests (kept between runs, see `store::cache`),
    // which carry no section text; each entry's text is read again only as
    // the document reaches it, so a long logbook's text is never all in
    // memory at once.
    let evidence = scope::evidence(app, settings, scope.as_ref(), |d| filter.matches(&d.entry));
    let report = {
        let today = app.today();
        let whole = evidence.report(catalogue, settings, today, today, None);
        portfolio::narrow(&whole, filter.unit.as_deref(), filter.criterion.as_deref())
    };
    let scope::Evidence {
        paths,
        digests,
        judged,
    } = evidence;
    let programme = {
        let dates = scope::programme(settings);
        let today = app.today();
        let as_of = filter.until.map_or(today, |u| u.min(today));
        let hours = scope::hours(app, dates, as_of, filter.since)?;
        let any_hours = !hours.items.is_empty() || hours.target_hours.is_some();
        ProgrammeLog {
            progress: programme::progress(dates, today, report.summary.met, report.summary.total),
            hours: any_hours.then_some(hours),
        }
    };
    let mut entries: Vec<Entry> = digests.into_iter().map(|d| d.entry).collect();
    let has_records: HashSet<String> = app.store.ids_with_records().into_iter().collect();

    let rules = NameRule::from_settings(&settings.redact);
    if redacting {
        // The fields shown before the entries (titles in the matrix); what
        // was redacted is counted once, as each whole entry is read below.
        for entry in &mut entries {
            redact::redact_entry(entry, &rules);
        }
    }
    // What was replaced, or with --no-redact what was kept.
    let counts = RefCell::new(redact::Counts::new());
    let tally = |found: redact::Counts| {
        let mut counts = counts.borrow_mut();
        for (kind, n) in found {
            *counts.entry(kind).or_default() += n;
        }
    };
    // A redacted attachment's shown path → its stored path.
    let originals: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    let body = |i: usize| -> Entry {
        let mut entry = match store::entries::read_entry(&paths[i]) {
            Ok(stored) => stored.entry,
            Err(problem) => {
                ui::warn(&format!("{problem}; its text is left out"));
                return entries[i].clone();
            }
        };
        let before = entry.attachments.clone();
        if redacting {
            tally(redact::redact_entry(&mut entry, &rules));
        } else {
            tally(redact::redact_entry(&mut entry.clone(), &rules));
        }
        // A stored evidence file is shown (and bundled) under its name with
        // personal data taken out, whatever name it was stored under.
        for (shown, stored) in entry.attachments.iter_mut().zip(&before) {
            if stored_hash(stored).is_some() {
                *shown = evidence::shown_name(stored, &rules);
            }
        }
        let mut originals = originals.borrow_mut();
        for (shown, stored) in entry.attachments.iter().zip(before) {
            originals.insert(shown.clone(), stored);
        }
        entry
    };
    let extras = |i: usize| -> Extras {
        let id = &entries[i].id;
        if !has_records.contains(id) {
            return Extras::default();
        }
        let found = records::for_entry(&app.store, id, &paths[i]);
        let mut witnesses = found.witnesses.clone();
        let mut decisions: Vec<(Assessment, bool)> = found
            .assessments
            .iter()
            .map(|a| (a.clone(), found.is_current(a)))
            .collect();
        // Witnesses are named on purpose; what they say about a customer is not.
        let clean = |text: &mut Option<String>| {
            if let Some(t) = text.as_mut() {
                let (redacted, found) = redact::redact_all(t, &rules);
                if redacting {
                    *t = redacted;
                }
                tally(found);
            }
        };
        for w in &mut witnesses {
            clean(&mut w.statement);
        }
        for (a, _) in &mut decisions {
            clean(&mut a.feedback);
        }
        Extras {
            witnesses,
            decisions,
        }
    };
    // In a bundle, each stored evidence file an entry lists goes in the zip
    // under a name made only of safe characters, and the document links to it.
    let bundled: RefCell<Vec<(String, String)>> = RefCell::new(Vec::new());
    let link = |shown: &str| -> Option<String> {
        let stored = originals
            .borrow()
            .get(shown)
            .cloned()
            .unwrap_or_else(|| shown.to_string());
        stored_hash(&stored)?;
        if app.store.verify(&stored) != Attachment::Intact {
            ui::warn(&format!(
                "{stored} is missing or has changed (see `logbook check`), so it is not in the bundle"
            ));
            return None;
        }
        let name: String = shown
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/'))
            .collect();
        let mut bundled = bundled.borrow_mut();
        if !bundled.iter().any(|(n, _)| *n == name) {
            bundled.push((name.clone(), stored));
        }
        Some(name)
    };

    let meta = Meta {
        learner: settings.learner().map(str::to_string),
        qualification: settings.qualification().map(str::to_string),
        profile: settings.profile.clone(),
        date: Some(app.today()),
        scope: scope_words(&filter),
        redacted: redacting,
        names: NameRule::from_settings(&settings.redact),
        first_recorded: first_recorded(app),
    };
    let portfolio = Portfolio {
        meta: &meta,
        report: &report,
        entries: &entries,
        body: Some(&body),
        extras: Some(&extras),
        judged: &judged,
        link: bundle
            .is_some()
            .then_some(&link as &dyn Fn(&str) -> Option<String>),
        catalogue,
        frameworks,
        programme: Some(&programme),
    };
    let document = |w: &mut dyn Write| match args.format {
        Format::Markdown => portfolio::write(&portfolio, w),
        Format::Html => portfolio::write_html(&portfolio, w),
    };

    let written = match (&target, &bundle) {
        (_, Some(zip)) => {
            let name = match args.format {
                Format::Markdown => "portfolio.md",
                Format::Html => "portfolio.html",
            };
            let fill = |w: &mut dyn Write| {
                bundled.borrow_mut().clear();
                write_bundle(app.store.root(), name, &document, &bundled, w)
            };
            write_file(zip, fill, args.force)
        }
        (Some(path), None) => write_file(path, document, args.force),
        (None, None) => document(out).map_err(CommandError::from),
    };
    let counts = counts.borrow();
    if redacting {
        eprintln!("{}", redact::describe_counts(&counts));
    } else {
        let kept: usize = counts.values().sum();
        if kept > 0 {
            let parts = redact::describe_counts(&counts);
            let parts = parts.strip_prefix("redacted ").unwrap_or(&parts);
            ui::warn(&format!(
                "--no-redact: the portfolio keeps {parts}; read it before you share it"
            ));
        } else {
            ui::warn("--no-redact: the portfolio keeps any personal data in your entries");
        }
    }
    written?;
    if let Some(path) = target.as_ref().or(bundle.as_ref()) {
        let s = &report.summary;
        let files = bundled.borrow().len();
        let extra = if bundle.is_some() {
            format!(" and {files} evidence {}", plural(files, "file", "files"))
        } else {
            String::new()
        };
        eprintln!(
            "wrote {}: {} {}{extra}, {} of {} criteria ready for assessment",
            ui::clean(&path.display().to_string()),
            entries.len(),
            plural(entries.len(), "entry", "entries"),
            s.met,
            s.total
        );
        if bundle.is_some() && files > 0 && redacting {
            eprintln!(
                "note: the evidence files themselves are not redacted; open each before you share the bundle"
            );
        }
    }
    let missing: Vec<&str> = crate::model::profile::KEYS
        .iter()
        .filter(|k| {
            crate::model::profile::always_shown(k) && settings.profile.get(k.name).is_none()
        })
        .map(|k| k.name)
        .collect();
    if !missing.is_empty() {
        eprintln!(
            "tip: the front page has no {}; set them with `logbook config set KEY VALUE`",
            missing.join(", ")
        );
    }
    Ok(())
}

/// The zip: the document first (written into the archive as it is made),
/// then each evidence file it linked to, under the name it linked.
fn write_bundle(
    root: &Path,
    name: &str,
    document: &dyn Fn(&mut dyn Write) -> io::Result<()>,
    bundled: &RefCell<Vec<(String, String)>>,
    w: &mut dyn Write,
) -> io::Result<()> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new_stream(w);
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o600);
    zip.start_file(name, options).map_err(io::Error::other)?;
    document(&mut zip)?;
    let files = bundled.borrow().clone();
    for (inside, stored) in &files {
        zip.start_file(inside.as_str(), options)
            .map_err(io::Error::other)?;
        let (mut file, _) = crate::store::read::open_regular(&root.join(stored))
            .map_err(|p| io::Error::other(p.to_string()))?;
        io::copy(&mut file, &mut zip)?;
    }
    zip.finish().map_err(io::Error::other)?;
    Ok(())
}

/// glibc gives each thread its own heap, and memory freed in one is not
/// reused by another. Export loads the digests on all cores, analyses them
/// on one, then reads and writes every entry: with a heap per thread it
/// would hold all three phases' memory at once (54 MB at 10,000 entries
/// rather than 40-47; `bench/RESULTS.md`). One heap makes the parallel
/// loading slower when nothing is cached, which matters less here than
/// memory: `export` runs before an assessor's visit, not after every shift.
/// When each entry first reached the logbook's history (where that dates
/// its writing), for the document to say; empty without a history.
fn first_recorded(app: &App) -> std::collections::HashMap<String, chrono::NaiveDate> {
    let firsts = app
        .store
        .history()
        .and_then(|h| h.first_recorded().ok())
        .unwrap_or_default();
    firsts
        .into_iter()
        .filter(|(_, f)| f.dates_writing)
        .map(|(id, f)| (id, f.date.date_naive()))
        .collect()
}

#[allow(unsafe_code)]
fn one_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tuning parameter of glibc's allocator.
    // It is called before the first parallel work starts rayon's threads,
    // and no other thread allocates meanwhile.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// Refuses, before any work, a target that exists (without --force), is
/// not a regular file — a directory, FIFO, socket or device, or a symbolic
/// link to one or to nothing: `--force` replaces a file, never anything
/// else — or lies inside the logbook's own entries. Gives the path to write:
/// for a link to a file, the file it leads to, so the link stays.
fn check_target(app: &App, path: &Path, force: bool) -> Result<PathBuf> {
    let exists = || {
        CommandError::usage(format!("{} already exists", path.display()))
            .with_hint("add --force to replace it, or choose another file name")
    };
    let not_a_file = |what: &str| {
        CommandError::usage(format!(
            "{} is {what}, not a regular file; export never replaces one",
            path.display()
        ))
        .with_hint("give the name of a file, e.g. -o portfolio.md")
    };
    let path = match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => match fs::metadata(path) {
            Err(_) => return Err(not_a_file("a symbolic link to nothing")),
            Ok(target) if !target.is_file() => {
                return Err(not_a_file(&format!(
                    "a symbolic link to {}",
                    file_kind(&target.file_type())
                )));
            }
            Ok(_) if !force => return Err(exists()),
            Ok(_) => fs::canonicalize(path).map_err(|e| CommandError::io("resolve", path, e))?,
        },
        Ok(meta) if !meta.is_file() => return Err(not_a_file(file_kind(&meta.file_type()))),
        Ok(_) if !force => return Err(exists()),
        // A new file, or a regular one --force replaces.
        Ok(_) | Err(_) => path.to_path_buf(),
    };
    let path = path.as_path();
    let entries = app.store.entries_dir();
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if let (Ok(parent), Ok(entries)) = (parent.canonicalize(), entries.canonicalize())
        && parent.starts_with(&entries)
    {
        return Err(CommandError::usage(format!(
            "{} is inside the logbook's entries directory; write the portfolio somewhere else",
            path.display()
        )));
    }
    Ok(path.to_path_buf())
}

/// "a directory", "a FIFO (named pipe)", ... for messages.
fn file_kind(kind: &fs::FileType) -> &'static str {
    if kind.is_dir() {
        "a directory"
    } else if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// Atomic: readers see the old file or the whole new one, never half.
fn write_file(
    path: &Path,
    fill: impl Fn(&mut dyn Write) -> io::Result<()>,
    force: bool,
) -> Result<()> {
    let result = if force {
        store::atomic::write_replace_file_with(path, &fill)
    } else {
        match store::atomic::write_new_with(path, &fill) {
            // Some file systems (FAT on a USB stick) have no hard links; the
            // target was checked a moment ago, so a rename is the fallback.
            Err(e)
                if e.kind() != io::ErrorKind::AlreadyExists
                    && e.kind() != io::ErrorKind::NotFound
                    && path.symlink_metadata().is_err() =>
            {
                store::atomic::write_replace_with(path, &fill)
            }
            other => other,
        }
    };
    result.map_err(|e| match e.kind() {
        io::ErrorKind::InvalidInput => CommandError::usage(format!(
            "{} is no longer a regular file; export never replaces anything else",
            path.display()
        )),
        io::ErrorKind::AlreadyExists => {
            CommandError::usage(format!("{} already exists", path.display()))
                .with_hint("add --force to replace it, or choose another file name")
        }
        io::ErrorKind::NotFound => CommandError::io("write", path, e)
            .into_usage()
            .with_hint("does its folder exist?"),
        _ => CommandError::io("write", path, e),
    })
}

fn scope_words(filter: &Filter) -> Vec<String> {
    let mut words = Vec::new();
    if let Some((name, _)) = &filter.qualification {
        words.push(format!("the qualification {name}"));
    }
    if let Some(u) = &filter.unit {
        words.push(format!("unit {u}"));
    }
    if let Some(c) = &filter.criterion {
        words.push(format!("criterion {c}"));
    }
    if let Some(t) = &filter.tag {
        words.push(format!("entries tagged {t}"));
    }
    match (filter.since, filter.until) {
        (Some(s), Some(u)) => words.push(format!(
            "entries from {} to {}",
            portfolio::long_date(s),
            portfolio::long_date(u)
        )),
        (Some(s), None) => words.push(format!("entries from {}", portfolio::long_date(s))),
        (None, Some(u)) => words.push(format!("entries up to {}", portfolio::long_date(u))),
        (None, None) => {}
    }
    words
}
