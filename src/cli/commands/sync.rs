//! `logbook sync`: the logbook's history and sharing, on git.
//! `sync init [--remote URL]` starts the history (or adopts a repository
//! already there) and names the remote; a plain `sync` commits what is
//! pending, fetches, merges and pushes, keeping both versions of anything
//! changed on both sides; `sync resolve ID` settles such a conflict.

use std::io::Write;

use clap::{Args, Subcommand, ValueEnum};

use crate::cli::app::App;
use crate::cli::editor::{self, Scratch};
use crate::cli::error::{CommandError, Result};
use crate::cli::journal::ident;
use crate::cli::ui::{self, Paint};
use crate::model::english::plural;
use crate::model::entry::{Entry, id_problem, validate};
use crate::rules::redact::{self, NameRule};
use crate::store::history::repo::TRAVEL_HEADER;
use crate::store::history::sync::{self, SyncReport};
use crate::store::history::{
    Aside, Change, GitError, History, Start, entry_of, hours_of, record_of,
};
use crate::store::paths::file_stem;

#[derive(Debug, Args)]
#[command(
    after_help = "Start with `logbook sync init --remote URL` on the first machine, \
and the same command with the same URL on the next one (in an empty data directory): it brings \
the logbook down. URL is any git URL (git@host:path.git, https://…) or a folder on a shared \
drive (/mnt/shared/sam.git, created if it does not exist yet). After that, `logbook sync` \
whenever you change machines."
)]
pub struct SyncArgs {
    #[command(subcommand)]
    pub action: Option<SyncAction>,
}

#[derive(Debug, Subcommand)]
pub enum SyncAction {
    /// Start keeping the logbook's history in git (or adopt the repository
    /// already there); every change is then recorded as a commit
    Init(InitArgs),
    /// Settle an entry changed on both sides: keep this copy's version, the
    /// other one, or both; or merge them in your editor
    Resolve(ResolveArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to share the logbook: a git URL, or a folder on a shared drive
    #[arg(long, value_name = "URL")]
    pub remote: Option<String>,

    /// Whose name this copy's commits carry, if not the learner's (an
    /// assessor's clone: `--as "J. Okafor"`); kept on this machine only
    #[arg(long = "as", value_name = "NAME")]
    pub author: Option<String>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("how").required(true).args(["keep", "edit"])))]
pub struct ResolveArgs {
    /// The entry's id (or a unique start of it), or a file such as logbook.toml
    pub id: String,

    /// ours: the version in place; theirs: the one kept under conflicts/;
    /// both: keep the other as a new entry beside this one
    #[arg(long, value_enum)]
    pub keep: Option<Keep>,

    /// Merge the two in your editor: the version in place to change, the
    /// other below it to copy from
    #[arg(long)]
    pub edit: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Keep {
    Ours,
    Theirs,
    Both,
}

pub fn run(app: &App, args: SyncArgs, out: &mut dyn Write) -> Result<()> {
    match args.action {
        Some(SyncAction::Init(init)) => run_init(app, init, out),
        Some(SyncAction::Resolve(resolve)) => run_resolve(app, resolve, out),
        None => {
            let history = app
                .store
                .history()
                .ok_or_else(|| CommandError::from(GitError::NoHistory))?
                .as_ident(ident(app));
            let report = sync::sync(&app.store, &history);
            print_report(app, report, out)
        }
    }
}

fn run_init(app: &App, args: InitArgs, out: &mut dyn Write) -> Result<()> {
    let root = app.store.root().display().to_string();
    let author = args.author.as_deref().map(str::trim);
    if author == Some("") {
        return Err(CommandError::usage("--as: a name is needed"));
    }
    let had_rules = has_travel_rules(app);
    let (history, start) = History::init(&app.store, ident(app), author)?;
    match start {
        Start::New => writeln!(
            out,
            "Started the history of this logbook in {root}: every change is recorded from now on."
        )?,
        Start::Adopted => writeln!(
            out,
            "Using the git repository already in {root}: every change is recorded there from now on."
        )?,
        Start::Already => writeln!(out, "This logbook keeps its history in {root} already.")?,
    }
    if !had_rules && has_travel_rules(app) {
        writeln!(
            out,
            "Rules in .gitignore kept some of the logbook's own files from being shared; logbook added rules at its end so they are."
        )?;
    }
    let adopted = start != Start::New;
    if let Some(author) = author {
        writeln!(out, "This copy's changes are recorded as {author}.")?;
    }
    let history = history.as_ident(ident(app));
    let Some(url) = args.remote else {
        match history.remote()? {
            Some(url) => writeln!(
                out,
                "It syncs with {url}: `logbook sync` whenever you change machines."
            )?,
            None => writeln!(
                out,
                "To share it between machines or with your assessor: `logbook sync init --remote URL`."
            )?,
        }
        return Ok(());
    };
    let branch = history.branch()?;
    let url = if sync::is_local(&url) {
        let (url, created) = sync::prepare_local(&url, &branch)?;
        if created {
            writeln!(out, "Created an empty shared repository at {url}.")?;
        }
        url
    } else {
        url
    };
    match history.set_remote(&url)? {
        Some(old) => writeln!(out, "The remote was {old}; it is now {url}.")?,
        None => writeln!(out, "Syncing with {url}.")?,
    }
    if !adopted {
        // A new logbook joining a shared one takes the name of its branch.
        history.fetch(&url)?;
        let theirs = history.remote_branches()?;
        if !theirs.contains(&branch)
            && let [only] = theirs.as_slice()
        {
            history.rename_branch(only)?;
        }
    }
    let report = sync::sync(&app.store, &history);
    print_report(app, report, out)
}

/// Whether `.gitignore` holds the rules logbook adds to share its own files.
fn has_travel_rules(app: &App) -> bool {
    std::fs::read_to_string(app.store.root().join(".gitignore"))
        .is_ok_and(|t| t.lines().any(|l| l.trim() == TRAVEL_HEADER))
}

/// What a sync did, then its outcome: exit 1 for an error or for entries
/// changed on both sides (both kept).
fn print_report(app: &App, mut report: SyncReport, out: &mut dyn Write) -> Result<()> {
    let paint = Paint {
        on: ui::stdout_colour(),
    };
    let paint_err = Paint {
        on: ui::stderr_colour(),
    };
    if report.unignored {
        writeln!(
            out,
            "Rules in .gitignore kept some of the logbook's own files from being shared; logbook added rules at its end so they are."
        )?;
    }
    for recorded in &report.committed {
        writeln!(
            out,
            "Recorded changes made outside logbook: {}",
            recorded.subject
        )?;
    }
    let rules = app
        .settings()
        .map(|s| NameRule::from_settings(&s.redact))
        .unwrap_or_default();
    // Every path shown is a file's name as git has it: it may carry
    // personal data (redacted) or terminal escapes (made harmless).
    let shown = |path: &str| ui::clean(&redact::redact_all(path, &rules).0).into_owned();
    let incoming = describe_incoming(&report.incoming, &shown);
    if !incoming.is_empty() {
        writeln!(out, "From the other copy:")?;
        for line in &incoming {
            writeln!(out, "  {line}")?;
        }
    }
    for path in &report.kept {
        let what = entry_of(path).map_or_else(|| shown(path), str::to_string);
        writeln!(
            out,
            "Kept {what}: it was removed on one side and changed on the other, so the changed version stays"
        )?;
    }
    for aside in &report.conflicts {
        let what = aside
            .entry()
            .map_or_else(|| shown(&aside.original), |id| format!("entry {id}"));
        writeln!(
            out,
            "{} {what} was changed on both sides: this copy's version stays in {}, the other is kept in {}",
            paint.yellow("Both kept:"),
            shown(&aside.original),
            shown(&aside.path)
        )?;
    }
    for aside in &report.arrived {
        let what = aside
            .entry()
            .map_or_else(|| shown(&aside.original), |id| format!("entry {id}"));
        writeln!(
            out,
            "{} {what} was changed on both sides (found by the other copy's sync): one version is in {}, the other in {}",
            paint.yellow("Both kept:"),
            shown(&aside.original),
            shown(&aside.path)
        )?;
    }
    for aside in &report.settled {
        let what = aside
            .entry()
            .map_or_else(|| shown(&aside.original), str::to_string);
        writeln!(out, "Resolved on the other copy: {what}")?;
    }
    for id in &report.returned {
        eprintln!(
            "{} {id} was purged here but came back from the other copy; purge it again there (`logbook purge {id}`) and here",
            paint_err.red("Purged entry back:")
        );
    }
    if let Some(err) = report.error.take() {
        return Err(CommandError::from(err));
    }
    match &report.remote {
        None => writeln!(
            out,
            "Nothing to sync with yet: every change is recorded here. `logbook sync init --remote URL` shares it."
        )?,
        Some(url) if report.pushed => writeln!(out, "{} Sent to {url}.", paint.green("Synced."))?,
        Some(url) => writeln!(out, "{} Up to date with {url}.", paint.green("Synced."))?,
    }
    if let Some(first) = report.returned.first() {
        let n = report.returned.len();
        return Err(CommandError::found(format!(
            "{n} purged {} came back from the other copy",
            plural(n, "entry", "entries")
        ))
        .with_hint(format!(
            "`logbook purge {first}` here and on the other copy, then `logbook sync` on both"
        )));
    }
    let fresh: Vec<&Aside> = report.conflicts.iter().chain(&report.arrived).collect();
    if let Some(first) = fresh.first() {
        let n = fresh.len();
        let first = first.entry().unwrap_or(&first.original);
        return Err(CommandError::found(format!(
            "{n} {} changed on both sides; both versions are kept, nothing is lost",
            plural(n, "file was", "files were")
        ))
        .with_hint(format!(
            "compare them, then `logbook sync resolve {first} --keep ours|theirs|both` (or --edit); `logbook check` lists what is left"
        )));
    }
    let older: Vec<Aside> = app
        .store
        .conflicts()
        .into_iter()
        .filter(|a| !fresh.contains(&a))
        .collect();
    if !older.is_empty() {
        let names: Vec<&str> = older
            .iter()
            .map(|a| a.entry().unwrap_or(&a.original))
            .collect();
        ui::warn(&format!(
            "still to resolve from an earlier sync: {} (`logbook sync resolve ID --keep ours|theirs|both`)",
            names.join(", ")
        ));
    }
    Ok(())
}

/// "new 2026-11-27-x", "changed logbook.toml", "moved to the trash: y"…
fn describe_incoming(changes: &[Change], shown: &dyn Fn(&str) -> String) -> Vec<String> {
    let mut lines = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for change in changes {
        let Some(id) = entry_of(&change.path) else {
            lines.push(describe_file(change, shown));
            continue;
        };
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        let here: Vec<&Change> = changes
            .iter()
            .filter(|c| entry_of(&c.path) == Some(id))
            .collect();
        let added_to = |dir: &str| {
            here.iter()
                .any(|c| c.status == 'A' && c.path.starts_with(dir))
        };
        let removed_from = |dir: &str| {
            here.iter()
                .any(|c| c.status == 'D' && c.path.starts_with(dir))
        };
        let line = if added_to("trash/") && removed_from("entries/") {
            format!("moved to the trash: {id}")
        } else if added_to("entries/") && removed_from("trash/") {
            format!("restored from the trash: {id}")
        } else if here.iter().all(|c| c.status == 'A') {
            format!("new entry {id}")
        } else if here.iter().all(|c| c.status == 'D') {
            format!("removed entry {id}")
        } else {
            format!("changed entry {id}")
        };
        lines.push(line);
    }
    lines
}

/// A file that is not an entry, as it came in: an assessor's decision, a
/// witness testimony, hours, evidence, or just the file.
fn describe_file(change: &Change, shown: &dyn Fn(&str) -> String) -> String {
    let path = &shown(&change.path);
    if change.status == 'A' {
        if let Some((id, kind)) = record_of(path) {
            return match kind {
                "assessment" => format!("new assessor decision on {id}"),
                "witness" => format!("new witness testimony for {id}"),
                _ => format!("new record for {id}: {path}"),
            };
        }
        if let Some((short, kind)) = hours_of(path) {
            return match kind {
                "void" => format!("hours voided ({short})"),
                _ => format!("hours logged ({short})"),
            };
        }
        if path.starts_with("evidence/") {
            return format!("new evidence file {path}");
        }
    }
    let verb = match change.status {
        'A' => "new file",
        'D' => "removed file",
        _ => "changed",
    };
    format!("{verb} {path}")
}

fn run_resolve(app: &App, args: ResolveArgs, out: &mut dyn Write) -> Result<()> {
    let all = app.store.conflicts();
    let wanted = args.id.trim();
    let name = |a: &Aside| a.entry().map_or_else(|| a.original.clone(), str::to_string);
    let mut names: Vec<String> = all.iter().map(name).collect();
    names.dedup();
    let chosen = match names.iter().find(|n| *n == wanted) {
        Some(exact) => exact.clone(),
        None => {
            let starts: Vec<&String> = names.iter().filter(|n| n.starts_with(wanted)).collect();
            match starts.as_slice() {
                [one] => (*one).clone(),
                [] if names.is_empty() => {
                    return Err(CommandError::usage(format!(
                        "nothing to resolve: no version of {wanted:?} is kept aside"
                    ))
                    .with_hint(
                        "`logbook sync` keeps one under conflicts/ when both sides change an entry",
                    ));
                }
                [] => {
                    return Err(CommandError::usage(format!(
                        "no version of {wanted:?} is kept aside"
                    ))
                    .with_hint(format!("to resolve: {}", names.join(", "))));
                }
                many => {
                    let list: Vec<&str> = many.iter().map(|s| s.as_str()).collect();
                    return Err(CommandError::usage(format!(
                        "{wanted:?} matches {}",
                        list.join(", ")
                    ))
                    .with_hint("type more of the id"));
                }
            }
        }
    };
    let asides: Vec<Aside> = all.into_iter().filter(|a| name(a) == chosen).collect();
    // Recorded in the history as "resolve ID" by `cli::records`, like
    // every command that writes; hand edits made before get their own
    // commit first.
    let lock = app.store.lock()?;
    let done = if args.edit {
        merge_in_editor(app, &asides)?
    } else {
        match args.keep.unwrap_or(Keep::Ours) {
            Keep::Ours => {
                for aside in &asides {
                    app.store.remove_aside(aside)?;
                }
                format!(
                    "Kept this copy's version of {chosen}; the other is no longer kept aside (the history still has it)"
                )
            }
            Keep::Theirs => keep_theirs(app, &asides)?,
            Keep::Both => keep_both(app, &asides, &lock)?,
        }
    };
    drop(lock);
    writeln!(out, "{done}.")?;
    Ok(())
}

/// Where the file a kept version belongs to lives now: its own place, or,
/// for an entry moved since, wherever the entry is.
fn target_of(app: &App, aside: &Aside) -> std::path::PathBuf {
    let original = app.store.root().join(&aside.original);
    if original.exists() {
        return original;
    }
    aside
        .entry()
        .and_then(|id| {
            app.store
                .find(id)
                .or_else(|_| app.store.find_in_trash(id))
                .ok()
        })
        .map_or(original, |s| s.path)
}

/// Checks the text an entry file would hold: it parses and keeps its id.
fn valid_entry(app: &App, text: &str, stem: &str) -> std::result::Result<Entry, String> {
    let (entry, spans) = Entry::parse(text).map_err(|d| d.to_string())?;
    if let Some(p) = id_problem(&entry, &spans, text, Some(stem)) {
        return Err(p.to_string());
    }
    let problems = validate(
        &entry,
        &spans,
        text,
        Some(stem),
        app.catalogue(),
        app.frameworks(),
    );
    match problems.first() {
        Some(p) => Err(p.to_string()),
        None => Ok(entry),
    }
}

fn one<'a>(asides: &'a [Aside], how: &str) -> Result<&'a Aside> {
    match asides {
        [one] => Ok(one),
        _ => Err(CommandError::usage(format!(
            "{} versions are kept aside: {}",
            asides.len(),
            asides
                .iter()
                .map(|a| a.path.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .with_hint(format!(
            "{how} works on one; delete the ones you do not want, or use --keep ours"
        ))),
    }
}

fn keep_theirs(app: &App, asides: &[Aside]) -> Result<String> {
    let aside = one(asides, "--keep theirs")?;
    let text = app.store.aside_text(aside)?;
    let target = target_of(app, aside);
    if aside.entry().is_some() {
        valid_entry(app, &text, &file_stem(&target)).map_err(|problem| {
            CommandError::usage(format!(
                "the other version is not a valid entry, so it was not put in place: {problem}"
            ))
            .with_hint(format!("fix it in {}, or keep ours", aside.path))
        })?;
    }
    sync::keep_theirs(&app.store, &target, &text)?;
    app.store.remove_aside(aside)?;
    let name = aside.entry().unwrap_or(&aside.original);
    Ok(format!(
        "Kept the other version of {name} (this copy's is still in the history)"
    ))
}

fn keep_both(app: &App, asides: &[Aside], lock: &crate::store::lock::LockGuard) -> Result<String> {
    let mut made = Vec::new();
    for aside in asides {
        let Some(id) = aside.entry() else {
            return Err(CommandError::usage(format!(
                "{} is not an entry: keep ours or theirs",
                aside.original
            )));
        };
        let text = app.store.aside_text(aside)?;
        let (mut entry, _) = Entry::parse(&text).map_err(|d| {
            CommandError::usage(format!(
                "the other version of {id} is not a valid entry: {d}"
            ))
            .with_hint(format!("fix it in {}, or keep ours", aside.path))
        })?;
        app.store.create_entry_locked(&mut entry, lock)?;
        app.store.remove_aside(aside)?;
        made.push(entry.id);
    }
    let n = made.len();
    Ok(format!(
        "Kept both: the other {} now {} {}",
        plural(n, "version is", "versions are"),
        plural(n, "the entry", "the entries"),
        made.join(", ")
    ))
}

/// Both versions in the editor: this copy's above the cut line, to change;
/// the other's below it, to copy from. What is above when the editor
/// closes, if a valid entry, becomes the entry.
fn merge_in_editor(app: &App, asides: &[Aside]) -> Result<String> {
    let aside = one(asides, "--edit")?;
    let Some(id) = aside.entry() else {
        return Err(CommandError::usage(format!(
            "{} is not an entry: keep ours or theirs, or edit it yourself",
            aside.original
        )));
    };
    let editor = editor::command()?;
    let target = target_of(app, aside);
    let ours = crate::store::read::read_text(&target).map_err(CommandError::from)?;
    let theirs = app.store.aside_text(aside)?;
    let help = format!(
        "Merge the two versions of {id}: change the text above into the entry you want to keep.\n\
         Below is the other version, from {}, to copy from. Everything below the line is dropped.\n\n{theirs}",
        aside.path
    );
    let scratch = Scratch::new(app.store.clone())
        .create(&format!("merge-{id}.toml"), &merge_template(&ours, &help))?;
    editor::open(&editor, scratch.path())?;
    let mut text = above_cut(&scratch.read().map_err(CommandError::from)?);
    text.push('\n');
    let stem = file_stem(&target);
    valid_entry(app, &text, &stem).map_err(|problem| {
        CommandError::usage(format!("the merged text was not saved: {problem}")).with_hint(
            "both versions are unchanged; run the command again to merge them".to_string(),
        )
    })?;
    sync::keep_theirs(&app.store, &target, &text)?;
    app.store.remove_aside(aside)?;
    Ok(format!("Saved the merged version of {id}"))
}

/// The line in the merge file below which everything is dropped.
const CUT_LINE: &str = "# ------------------------ >8 ------------------------";

/// What the editor opens for a merge: the text to change, then the help
/// and the other version as comments below the cut line.
fn merge_template(text: &str, help: &str) -> String {
    let mut out = text.trim_end().to_string();
    out.push_str("\n\n");
    out.push_str(CUT_LINE);
    out.push('\n');
    for line in help.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("# Write above the cut line; it and everything below it are ignored.\n");
    out.push_str("# Save and close the editor to carry on.\n");
    out
}

/// What was written above the cut line, without trailing blank space.
fn above_cut(edited: &str) -> String {
    let text = edited.replace("\r\n", "\n");
    let above = match text.lines().position(|l| l.trim_end() == CUT_LINE) {
        Some(n) => text.lines().take(n).collect::<Vec<_>>().join("\n"),
        None => text,
    };
    above.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merge_keeps_only_what_is_above_the_cut_line() {
        let t = merge_template("title = \"A\"\n", "Merge them.\nid = \"x\"");
        assert!(t.starts_with("title = \"A\"\n\n# ---"), "{t}");
        assert!(t.contains("# Merge them.\n# id = \"x\"\n"), "{t}");
        assert_eq!(above_cut(&t), "title = \"A\"");
        assert_eq!(above_cut("no cut line\r\n\n"), "no cut line");
    }
}
