//! `logbook import jrnl FILE`: brings in a jrnl journal from its JSON export.
//! Each jrnl entry becomes a free-text entry; importing the same file again
//! creates nothing new (each entry remembers its jrnl source key).

use std::collections::HashSet;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use comfy_table::Cell;
use indexmap::IndexMap;

use crate::cli::app::App;
use crate::cli::error::{CommandError, Result};
use crate::cli::input::check_title;
use crate::cli::ui::{self, Paint};
use crate::model::english::plural;
use crate::model::entry::Entry;
use crate::model::evidence::EvidenceType;
use crate::rules::jrnl::{self, Planned};
use crate::store::entries::NewEntry;

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub from: ImportFrom,
}

#[derive(Debug, Subcommand)]
pub enum ImportFrom {
    /// A jrnl journal, from `jrnl --export json > journal.json`
    #[command(
        after_help = "Each jrnl entry becomes a free-text reflective account dated as in \
        jrnl. Tags that name criteria (@res4, @RES-4) become criteria; because jrnl's export cuts \
        a tag at its first dot (@RES.4 arrives as @res), criterion ids written in the title or \
        body (RES.4) count too. Other tags stay tags; a starred entry gets the tag \"starred\". \
        Times are read in the local time zone (TZ) with the offset in force on each entry's \
        date. An entry with no title and no text is skipped. Importing the same export again \
        skips what is already there."
    )]
    Jrnl(JrnlArgs),
}

#[derive(Debug, Args)]
pub struct JrnlArgs {
    /// The JSON export (`-` reads stdin)
    pub file: PathBuf,

    /// Show what would be imported, and write nothing
    #[arg(long, short = 'n')]
    pub dry_run: bool,
}

pub fn run(app: &App, args: ImportArgs, out: &mut dyn Write) -> Result<()> {
    match args.from {
        ImportFrom::Jrnl(args) => import_jrnl(app, &args, out),
    }
}

fn import_jrnl(app: &App, args: &JrnlArgs, out: &mut dyn Write) -> Result<()> {
    let (path, text) = read_input(&args.file)?;
    let export =
        jrnl::parse(&text).map_err(|p| CommandError::usage(p.in_file(&path).to_string()))?;
    // Each jrnl time is read in the local time zone (TZ) with the offset in
    // force on its own date, not today's.
    let planned = jrnl::plan(&export, app.catalogue(), &chrono::Local, app.today())
        .map_err(|m| CommandError::usage(format!("{}: {m}", path.display())))?;
    let blank: Vec<String> = export
        .entries
        .iter()
        .filter(|e| jrnl::is_blank(e))
        .map(|e| format!("{} {}", e.date.trim(), e.time.trim()))
        .collect();
    let blank_note = blank_note(&blank);
    for p in &planned {
        for note in &p.notes {
            ui::warn(&format!("{} {:?}: {note}", p.occurred, short(&p.title)));
        }
    }

    let lock = if args.dry_run {
        None
    } else {
        Some(app.store.lock()?)
    };
    let known = imported_sources(app);
    let (new, old): (Vec<&Planned>, Vec<&Planned>) =
        planned.iter().partition(|p| !known.contains(&p.key));

    // Every new entry is built, given its id and checked exactly as it
    // will be written before any is written: one that could not be stored
    // stops the import with nothing written, and a dry run stops where the
    // import would.
    let mut prepared: Vec<NewEntry> = Vec::with_capacity(new.len());
    for p in &new {
        let which = |e: CommandError| {
            let number = p.number;
            CommandError {
                message: format!(
                    "{}: entry {number} ({:?}): {}",
                    path.display(),
                    p.title,
                    e.message
                ),
                ..e
            }
        };
        let entry = to_entry(p).map_err(which)?;
        let taken: Vec<String> = prepared.iter().map(|n| n.entry.id.clone()).collect();
        let ready = app
            .store
            .prepare_new(&entry, &taken)
            .map_err(|e| which(e.into()))?;
        prepared.push(ready);
    }
    let mut ids = Vec::new();
    if let Some(lock) = &lock {
        for ready in &prepared {
            app.store.write_new_entry(ready, lock)?;
            ids.push(ready.entry.id.clone());
        }
    }

    let shown = path.display().to_string();
    let shown = ui::clean(&shown);
    let paint = Paint {
        on: ui::stdout_colour(),
    };
    if new.is_empty() && old.is_empty() {
        let why = match blank_note.strip_prefix("; ") {
            Some(note) => note.to_string(),
            None => "it has no entries".to_string(),
        };
        writeln!(out, "Nothing to import from {shown}: {why}.")?;
        return Ok(());
    }
    if new.is_empty() {
        writeln!(
            out,
            "Nothing new to import from {shown}: all {} {} already in the logbook{blank_note}.",
            old.len(),
            plural(old.len(), "entry is", "entries are")
        )?;
        return Ok(());
    }
    let mut table = ui::table();
    if args.dry_run {
        table.set_header(["Date", "Time", "Title", "Criteria", "Tags"]);
    } else {
        table.set_header(["Id", "Criteria", "Tags"]);
    }
    for (n, p) in new.iter().enumerate() {
        let criteria = ui::cell(&p.criteria.join(" "));
        let tags = ui::cell(&p.tags.join(", "));
        if args.dry_run {
            table.add_row(vec![
                Cell::new(p.occurred),
                Cell::new(p.created.format("%H:%M")),
                ui::cell(&short(&p.title)),
                criteria,
                tags,
            ]);
        } else {
            table.add_row(vec![ui::cell(&ids[n]), criteria, tags]);
        }
    }
    ui::write_table(out, &table)?;
    let n = new.len();
    let entries = plural(n, "entry", "entries");
    let skipped = match old.len() {
        0 => String::new(),
        m => format!("; {m} already imported, skipped"),
    };
    let summary = if args.dry_run {
        format!(
            "Would import {n} {entries} from {shown}{skipped}{blank_note}. Nothing was written (--dry-run)."
        )
    } else {
        format!("Imported {n} {entries} from {shown}{skipped}{blank_note}.")
    };
    writeln!(out, "{}", paint.bold(&summary))?;
    Ok(())
}

/// The file's path (or `stdin`) and its text.
fn read_input(file: &Path) -> Result<(PathBuf, String)> {
    if file == Path::new("-") {
        let mut stdin = std::io::stdin();
        if stdin.is_terminal() {
            return Err(CommandError::usage(
                "`-` reads the export from stdin, but stdin is a terminal",
            )
            .with_hint("pipe it in: jrnl --export json | logbook import jrnl -"));
        }
        let mut text = String::new();
        stdin
            .read_to_string(&mut text)
            .map_err(|e| CommandError::io("read", Path::new("stdin"), e).into_usage())?;
        return Ok((PathBuf::from("stdin"), text));
    }
    let bytes = std::fs::read(file).map_err(|e| CommandError::io("read", file, e).into_usage())?;
    let text = String::from_utf8(bytes)
        .map_err(|_| CommandError::usage(format!("{}: not UTF-8 text", file.display())))?;
    Ok((file.to_path_buf(), text))
}

/// Source keys of every entry already imported, in the logbook or its
/// trash: a removed entry is not brought back by a second import.
fn imported_sources(app: &App) -> HashSet<String> {
    let loaded = app.store.load_all();
    let trash = app.store.load_trash();
    let unreadable = loaded.problems.len() + trash.problems.len();
    if unreadable > 0 {
        ui::warn(&format!(
            "{unreadable} {} could not be read (see `logbook check`); an entry imported into one of them may be imported again",
            plural(unreadable, "file", "files")
        ));
    }
    loaded
        .entries
        .iter()
        .chain(&trash.entries)
        .filter_map(|s| s.entry.source.clone())
        .collect()
}

/// The entry a planned jrnl entry becomes, its title checked as `add` and
/// `edit` check one.
fn to_entry(p: &Planned) -> Result<Entry> {
    let mut sections = IndexMap::new();
    sections.insert("text".to_string(), p.text.clone());
    Ok(Entry {
        id: String::new(),
        title: check_title(&p.title)?.to_string(),
        created: p.created,
        occurred: p.occurred,
        updated: None,
        framework: "free".into(),
        evidence: EvidenceType::ReflectiveAccount,
        criteria: p.criteria.clone(),
        tags: p.tags.clone(),
        witness: None,
        attachments: Vec::new(),
        sections,
        source: Some(p.key.clone()),
    })
}

/// `; 1 empty entry skipped (2026-11-21 10:00)`: the jrnl entries with no
/// title and no text, which are not imported rather than given made-up
/// words. The first few are named by their date and time.
fn blank_note(blank: &[String]) -> String {
    const NAMED: usize = 3;
    if blank.is_empty() {
        return String::new();
    }
    let mut named = blank[..blank.len().min(NAMED)].join(", ");
    if blank.len() > NAMED {
        named.push_str(&format!(" and {} more", blank.len() - NAMED));
    }
    format!(
        "; {} empty {} skipped ({named})",
        blank.len(),
        plural(blank.len(), "entry", "entries")
    )
}

/// A title cut to fit a table row.
fn short(title: &str) -> String {
    const MAX: usize = 60;
    if title.chars().count() <= MAX {
        return title.to_string();
    }
    let cut: String = title.chars().take(MAX - 1).collect();
    format!("{}…", cut.trim_end())
}
