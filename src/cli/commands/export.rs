//! `logbook export`: the portfolio document, as Markdown (or HTML) on
//! stdout or in a file, optionally with personal data redacted. The
//! document itself is built by the pure [`crate::render::portfolio`].

use std::cell::RefCell;
use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use crate::cli::app::App;
use crate::cli::error::{CommandError, Result};
use crate::cli::filter::{Filter, FilterArgs};
use crate::cli::ui;
use crate::model::english::plural;
use crate::model::entry::Entry;
use crate::render::html;
use crate::render::portfolio::{self, Meta, Portfolio};
use crate::rules::lint::LintConfig;
use crate::rules::redact::NameRule;
use crate::rules::{gaps, redact};
use crate::store;

#[derive(Debug, Args)]
#[command(after_help = "To get Word or PDF: \
    logbook export -o portfolio.md && pandoc portfolio.md -s --toc -o portfolio.docx")]
pub struct ExportArgs {
    /// Write to FILE instead of stdout (an existing file is kept unless --force)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace FILE if it already exists
    #[arg(long, requires = "output")]
    pub force: bool,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// Replace personal data (emails, phone, card, NI numbers, postcodes and
    /// the names in logbook.toml) with placeholders such as [EMAIL]; your
    /// entries are not changed
    #[arg(long)]
    pub redact: bool,

    /// markdown (pandoc-flavoured) or html (one self-contained page)
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
    let target = args
        .output
        .as_deref()
        .filter(|p| p.as_os_str() != "-")
        .map(|p| check_target(app, p, args.force))
        .transpose()?;
    let filter = args.filter.resolve(app)?;
    let settings = app.settings()?;
    let catalogue = app.catalogue();
    let frameworks = app.frameworks();
    // The analysis works from digests (kept between runs, see `store::cache`),
    // which carry no section text; each entry's text is read again only as
    // the document reaches it, so a long logbook's text is never all in
    // memory at once.
    let loaded = crate::store::cache::load_digests(
        &app.store,
        frameworks,
        &LintConfig::new(settings, catalogue),
    );
    ui::warn_skipped(&loaded.problems);
    let (paths, digests): (Vec<PathBuf>, Vec<gaps::Digest>) = loaded
        .entries
        .into_iter()
        .filter(|(_, d)| filter.matches(&d.entry))
        .unzip();
    let report = {
        let today = app.today();
        let whole = gaps::analyse_digests(&digests, catalogue, settings, today, today, None);
        portfolio::narrow(&whole, filter.unit.as_deref(), filter.criterion.as_deref())
    };
    let mut entries: Vec<Entry> = digests.into_iter().map(|d| d.entry).collect();

    let rules = NameRule::from_settings(&settings.redact);
    if args.redact {
        // The fields shown before the entries (titles in the matrix); what
        // was redacted is counted once, as each whole entry is read below.
        for entry in &mut entries {
            redact::redact_entry(entry, &rules);
        }
    }
    let counts = RefCell::new(redact::Counts::new());
    let body = |i: usize| -> Entry {
        let mut entry = match store::entries::read_entry(&paths[i]) {
            Ok(stored) => stored.entry,
            Err(problem) => {
                ui::warn(&format!("{problem}; its text is left out"));
                return entries[i].clone();
            }
        };
        if args.redact {
            let mut counts = counts.borrow_mut();
            for (kind, n) in redact::redact_entry(&mut entry, &rules) {
                *counts.entry(kind).or_default() += n;
            }
            for name in redact::likely_names(&entry) {
                ui::warn(&format!(
                    "{}: {name:?} may be a name and was left in; to redact it, add it to \
                     [redact] names in logbook.toml",
                    entry.id
                ));
            }
        }
        entry
    };

    let meta = Meta {
        learner: settings.learner.clone(),
        qualification: settings.qualification.clone(),
        date: Some(app.today()),
        scope: scope_words(&filter),
        redacted: args.redact,
        names: NameRule::from_settings(&settings.redact),
    };
    let portfolio = Portfolio {
        meta: &meta,
        report: &report,
        entries: &entries,
        body: Some(&body),
        catalogue,
        frameworks,
    };
    // Markdown is written as it is made; HTML needs the whole Markdown first.
    let html = match args.format {
        Format::Markdown => None,
        Format::Html => Some(html::page(&meta, &portfolio::render(&portfolio))),
    };
    let write = |w: &mut dyn Write| match &html {
        Some(page) => w.write_all(page.as_bytes()),
        None => portfolio::write(&portfolio, w),
    };

    let written = match &target {
        None => write(out).map_err(CommandError::from),
        Some(path) => write_file(path, write, args.force),
    };
    if args.redact {
        eprintln!("{}", redact::describe_counts(&counts.borrow()));
    }
    written?;
    match target {
        None => {}
        Some(path) => {
            let s = &report.summary;
            eprintln!(
                "wrote {}: {} {}, {} of {} criteria met",
                ui::clean(&path.display().to_string()),
                entries.len(),
                plural(entries.len(), "entry", "entries"),
                s.met,
                s.total
            );
        }
    }
    if settings.learner.is_none() {
        eprintln!(
            "tip: add learner = \"Your Name\" to logbook.toml to put your name on the portfolio"
        );
    }
    Ok(())
}

/// glibc gives each thread its own heap, and memory freed in one is not
/// reused by another. Export loads the digests on all cores, analyses them
/// on one, then reads and writes every entry: with a heap per thread it
/// would hold all three phases' memory at once (54 MB at 10,000 entries
/// rather than 40-47; `bench/RESULTS.md`). One heap makes the parallel
/// loading slower when nothing is cached, which matters less here than
/// memory: `export` runs before an assessor's visit, not after every shift.
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
