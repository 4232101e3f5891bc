//! `logbook purge ID`: deletes an entry for good — the right to erasure.
//! Unlike `rm` (which moves an entry to the trash), it removes the entry
//! file, its copies in the trash, its unsaved edit in `drafts/edits/`, its
//! witness and assessor records, the evidence files no other entry uses,
//! the versions of it a sync kept aside under `conflicts/`, and the digest
//! cache (which holds the entry's title and words; it is rebuilt on the
//! next run). It asks first unless `--yes`.
//!
//! What it cannot delete is the logbook's history: once `logbook sync
//! init` keeps one, every version committed before stays in git, here and
//! in every copy synced with. Purge says so, and names the command that
//! rewrites the history, but never rewrites it itself (that changes every
//! copy's history and needs each of them cloned afresh).

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;

use crate::cli::app::App;
use crate::cli::error::{CommandError, Result};
use crate::cli::ui;
use crate::model::english::plural;
use crate::store::StoreError;
use crate::store::entries::Stored;
use crate::store::evidence::stored_hash;
use crate::store::history::Aside;

#[derive(Debug, Args)]
#[command(
    after_help = "Nothing purged can be brought back. To put an entry aside \
    without losing it, use `logbook rm` (the trash) instead. Once `logbook sync init` keeps a \
    history, that history still holds what was committed before: purge says so and names the \
    git command that rewrites it (README: \"Purging from the history\")."
)]
pub struct PurgeArgs {
    /// The entry's id, or enough of its start to be unique (also in the trash)
    pub id: String,

    /// Do not ask; delete at once (for scripts)
    #[arg(long, short)]
    pub yes: bool,
}

/// Everything that goes with one entry.
#[derive(Debug, PartialEq, Eq)]
struct Doomed {
    id: String,
    title: String,
    files: Vec<PathBuf>,
    /// Versions of it kept aside by a sync, not yet resolved.
    asides: Vec<Aside>,
    records: usize,
    evidence: Vec<String>,
    kept_evidence: usize,
}

pub fn run(app: &App, args: PurgeArgs, out: &mut dyn Write) -> Result<()> {
    let store = &app.store;
    // The question is asked before the writers' lock is taken, so other
    // commands are not held up while the person decides; what is deleted
    // is surveyed again under the lock and must be what they agreed to.
    let asked = if args.yes {
        None
    } else {
        let doomed = find(app, &args.id)?;
        if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
            return Err(CommandError::usage(format!(
                "purge deletes {} for good and asks first, but there is no terminal here",
                ui::clean(&doomed.id)
            ))
            .with_hint("pass --yes to delete without asking"));
        }
        eprintln!("{}", describe(&doomed));
        if store.history().is_some() {
            eprintln!(
                "The logbook's history (git) keeps what was committed of it; purge does not \
                 change the history (it says afterwards how to)."
            );
        }
        let sure = dialoguer::Confirm::new()
            .with_prompt(format!(
                "Delete {} for good? It cannot be undone",
                ui::clean(&doomed.id)
            ))
            .default(false)
            .interact()
            .map_err(|_| CommandError::interrupted())?;
        if !sure {
            writeln!(out, "Nothing deleted.")?;
            return Ok(());
        }
        Some(doomed)
    };
    let lock = store.lock()?;
    let doomed = find(app, &args.id)?;
    if asked.is_some_and(|asked| asked != doomed) {
        return Err(CommandError::usage(format!(
            "{} changed while you were deciding; nothing was deleted",
            ui::clean(&doomed.id)
        ))
        .with_hint("run the purge again to see what it would delete now"));
    }

    for path in &doomed.files {
        match std::fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(CommandError::io("delete", path, e)),
        }
    }
    for aside in &doomed.asides {
        store.remove_aside(aside)?;
    }
    store.remove_records(&doomed.id)?;
    for attachment in &doomed.evidence {
        store.remove_evidence(attachment)?;
    }
    // The cache keeps each entry's title and words; it is rebuilt next run.
    let cache = crate::store::cache::path(store);
    match std::fs::remove_file(&cache) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(CommandError::io("delete", &cache, e)),
    }
    // Remembered in this copy's `.git` (never shared), so that a sync
    // bringing the entry back from another copy says so loudly.
    if let Some(history) = store.history()
        && let Err(e) = history.note_purged(store, &doomed.id)
    {
        ui::warn(&format!(
            "cannot note the purge for later syncs: {}",
            crate::model::diagnostic::Hinted::with_hint(&e)
        ));
    }
    drop(lock);
    writeln!(
        out,
        "Purged {} ({})",
        ui::clean(&doomed.id),
        ui::clean(&doomed.title)
    )?;
    let files = doomed.files.len() + doomed.asides.len();
    let mut parts = vec![format!("{files} {}", plural(files, "file", "files"))];
    if doomed.records > 0 {
        parts.push(format!(
            "{} witness or assessor {}",
            doomed.records,
            plural(doomed.records, "record", "records")
        ));
    }
    if !doomed.evidence.is_empty() {
        parts.push(format!(
            "{} evidence {}",
            doomed.evidence.len(),
            plural(doomed.evidence.len(), "file", "files")
        ));
    }
    writeln!(out, "Deleted {}.", crate::model::english::and_list(&parts))?;
    if doomed.kept_evidence > 0 {
        writeln!(
            out,
            "Kept {} evidence {} that other entries use.",
            doomed.kept_evidence,
            plural(doomed.kept_evidence, "file", "files")
        )?;
    }
    if store.history().is_some() {
        writeln!(out, "{}", history_note(app, &doomed))?;
    }
    Ok(())
}

/// What a purge leaves in the logbook's history, and how to take it out
/// of there too: one `git filter-branch` (it ships with git) over every
/// path the entry, its records, its versions kept aside and the evidence
/// files purged with it had, then the steps in the README. Never run for
/// the person: it rewrites every commit since.
fn history_note(app: &App, d: &Doomed) -> String {
    let id = &d.id;
    // Pathspecs, not shell words: git matches `*` across folders. Ids and
    // stored evidence names are plain; anything else is left to the README.
    let mut paths = vec![
        format!("entries/*/{id}.toml"),
        format!("trash/{id}.toml"),
        format!("records/{id}"),
        format!("conflicts/*/{id}.conflict-*"),
    ];
    paths.extend(d.evidence.iter().cloned());
    let plain = |p: &String| {
        p.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./*".contains(c))
    };
    let paths: Vec<String> = paths
        .iter()
        .filter(|p| plain(p))
        .map(|p| format!("\"{p}\""))
        .collect();
    let root = app.store.root();
    let root = std::fs::canonicalize(root)
        .unwrap_or_else(|_| root.to_path_buf())
        .display()
        .to_string();
    format!(
        "Note: this logbook keeps its history in git, and the history still holds {id}: every \
         version committed before now, here and in every copy it was synced with. Purge deletes \
         the files, not those commits. To remove it from the history too, rewrite the history \
         (logbook never does this for you; it changes every commit since):\n  \
         cd {} && git filter-branch --force --prune-empty --index-filter \
         'git rm -r -q --cached --ignore-unmatch -- {}' -- --all\n\
         then follow README \"Purging from the history\": expire the old commits, push with \
         --force, and join every other copy afresh.",
        ui::clean(&sh_quote(&root)),
        paths.join(" "),
        id = ui::clean(id),
    )
}

/// `text` as one word for a POSIX shell.
fn sh_quote(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        return text.to_string();
    }
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// The entry `id` names, live or only in the trash, and everything that
/// goes with it.
fn find(app: &App, id: &str) -> Result<Doomed> {
    let store = &app.store;
    let (live, trashed) = match store.find(id) {
        Ok(stored) => {
            let trashed = store
                .find_in_trash(&stored.entry.id)
                .ok()
                .filter(|t| t.entry.id == stored.entry.id);
            (Some(stored), trashed)
        }
        // Not among the entries: perhaps only in the trash.
        Err(missing @ StoreError::NoEntry { .. }) => match store.find_in_trash(id) {
            Ok(trashed) => (None, Some(trashed)),
            Err(_) => return Err(missing.into()),
        },
        Err(e) => return Err(e.into()),
    };
    survey(app, live.as_ref(), trashed.as_ref())
}

/// What purging the entry would delete.
fn survey(app: &App, live: Option<&Stored>, trashed: Option<&Stored>) -> Result<Doomed> {
    let store = &app.store;
    let Some(first) = live.or(trashed) else {
        return Err(CommandError::usage("no such entry"));
    };
    let id = first.entry.id.clone();
    let mut files: Vec<PathBuf> = live
        .iter()
        .chain(trashed.iter())
        .map(|s| s.path.clone())
        .collect();
    // An unsaved edit (the Markdown form or the TOML file) and the entry
    // text it began from hold the entry's words too.
    files.extend(store.edit_files(&crate::store::paths::file_stem(&first.path)));
    files.dedup();
    let own: HashSet<&str> = live
        .iter()
        .chain(trashed.iter())
        .flat_map(|s| s.entry.attachments.iter().map(String::as_str))
        .filter(|a| stored_hash(a).is_some())
        .collect();
    // Evidence any other entry (or trashed entry) refers to stays.
    let mut used = HashSet::new();
    let doomed_paths: HashSet<&PathBuf> = files.iter().collect();
    for stored in store
        .load_all()
        .entries
        .into_iter()
        .chain(store.load_trash().entries)
    {
        if doomed_paths.contains(&stored.path) {
            continue;
        }
        for a in stored.entry.attachments {
            if own.contains(a.as_str()) {
                used.insert(a);
            }
        }
    }
    let mut evidence: Vec<String> = own
        .iter()
        .filter(|a| !used.contains(**a))
        .map(|a| a.to_string())
        .collect();
    evidence.sort();
    // The versions of it a sync kept aside hold its words too.
    let asides = store
        .conflicts()
        .into_iter()
        .filter(|a| a.entry() == Some(id.as_str()))
        .collect();
    Ok(Doomed {
        title: first.entry.title.clone(),
        asides,
        records: store.record_files(&id).len(),
        files,
        evidence,
        kept_evidence: used.len(),
        id,
    })
}

fn describe(d: &Doomed) -> String {
    // Ids, titles and file names can hold anything a file did.
    let mut lines = vec![format!(
        "{} ({}) and everything made from it:",
        ui::clean(&d.id),
        ui::clean(&d.title)
    )];
    for f in &d.files {
        lines.push(format!("  {}", ui::clean(&f.display().to_string())));
    }
    for a in &d.asides {
        lines.push(format!("  {}", ui::clean(&a.path)));
    }
    if d.records > 0 {
        lines.push(format!(
            "  {} witness or assessor {} in records/{}/",
            d.records,
            plural(d.records, "record", "records"),
            ui::clean(&d.id)
        ));
    }
    for e in &d.evidence {
        lines.push(format!("  {}", ui::clean(e)));
    }
    lines.join("\n")
}
