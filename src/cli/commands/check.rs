//! `logbook check`: validates every file in the data directory — entry
//! syntax and schema, unknown criteria, duplicate ids, files in the wrong
//! place, left-over temporary files and drafts, `logbook.toml` and the
//! user's criteria files — and prints `path:line:col: message` for each
//! problem. Exit 1 when anything is wrong. What looks like a customer's
//! personal data is a warning (a failure with `--strict`).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::json;

use crate::cli::app::App;
use crate::cli::error::{CommandError, Result};
use crate::cli::ui::{self, Paint};
use crate::model::diagnostic::{Diagnostic, Hinted, line_col};
use crate::model::english::plural;
use crate::model::entry::validate;
use crate::model::hours::HoursFile;
use crate::model::settings::Settings;
use crate::rules::redact;
use crate::rules::redact::NameRule;
use crate::store::Store;
use crate::store::drafts::EDIT_BASE_SUFFIX;
use crate::store::entries::read_entry;
use crate::store::evidence::Attachment;
use crate::store::paths::file_stem;
use crate::store::read::read_text;
use crate::store::records::read_record;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Warnings (personal data in an entry) fail the check too
    #[arg(long)]
    pub strict: bool,

    /// One JSON object on stdout: {"ok","entries","problems":[{"path","line","col",
    /// "message"}],"warnings":[...]}
    #[arg(long)]
    pub json: bool,
}

/// What a check found.
#[derive(Debug, Default)]
pub struct Report {
    /// Entry files read.
    pub entries: usize,
    pub problems: Vec<Diagnostic>,
    /// Things to look at that do not make a file unusable.
    pub warnings: Vec<Diagnostic>,
}

pub fn run(app: &App, args: CheckArgs, out: &mut dyn Write) -> Result<()> {
    let report = check(app);
    let failing = report.problems.len()
        + if args.strict {
            report.warnings.len()
        } else {
            0
        };
    let as_json = |list: &[Diagnostic]| -> Vec<serde_json::Value> {
        list.iter()
            .map(|p| json!({"path": p.path, "line": p.line, "col": p.col, "message": p.message}))
            .collect()
    };
    if args.json {
        let doc = json!({
            "ok": failing == 0,
            "entries": report.entries,
            "problems": as_json(&report.problems),
            "warnings": as_json(&report.warnings),
        });
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        let mut all: Vec<(&Diagnostic, bool)> = report
            .problems
            .iter()
            .map(|p| (p, false))
            .chain(report.warnings.iter().map(|w| (w, true)))
            .collect();
        all.sort_by(|(a, _), (b, _)| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
        for (p, warning) in all {
            let label = if warning { "warning: " } else { "" };
            // File names and messages quote what the files hold.
            let line = format!(
                "{}:{}:{}: {label}{}",
                p.path.display(),
                p.line,
                p.col,
                p.message
            );
            writeln!(out, "{}", ui::clean(&line))?;
        }
    }
    let count = |n: usize, one: &str, many: &str| format!("{n} {}", plural(n, one, many));
    let entries = count(report.entries, "entry", "entries");
    let warnings = match report.warnings.len() {
        0 => String::new(),
        n => format!("; {}", count(n, "warning", "warnings")),
    };
    if failing > 0 {
        out.flush()?;
        let mut paths: Vec<&PathBuf> = report.problems.iter().map(|p| &p.path).collect();
        if args.strict {
            paths.extend(report.warnings.iter().map(|w| &w.path));
        }
        paths.sort();
        paths.dedup();
        let files = count(paths.len(), "file", "files");
        let message = if report.problems.is_empty() {
            format!(
                "{} in {files} ({entries} checked; --strict)",
                count(report.warnings.len(), "warning", "warnings")
            )
        } else {
            format!(
                "{} in {files} ({entries} checked{warnings})",
                count(report.problems.len(), "problem", "problems")
            )
        };
        return Err(CommandError::found(message));
    }
    if !args.json {
        let paint = Paint {
            on: ui::stdout_colour(),
        };
        writeln!(
            out,
            "{} {entries} checked, no problems{warnings}.",
            paint.green("OK")
        )?;
    }
    Ok(())
}

/// Checks everything; pure of output, so other commands can reuse it.
pub fn check(app: &App) -> Report {
    let store = &app.store;
    let mut report = Report::default();
    let builtin = app.settings().map_or(true, Settings::builtin_criteria);
    let (catalogue, problems) = store.load_catalogue(builtin);
    report.problems.extend(problems);
    check_settings(app, &mut report);
    let names = app
        .settings()
        .map(|s| NameRule::from_settings(&s.redact))
        .unwrap_or_default();

    let listing = store.list_files();
    report.problems.extend(listing.problems);
    for temp in listing.temp_files {
        report.problems.push(Diagnostic::whole(
            &temp,
            "left over from an interrupted write; nothing refers to it, so it is safe to delete",
        ));
    }
    let mut ids: HashMap<String, Vec<(PathBuf, bool, usize, usize)>> = HashMap::new();
    for path in listing.files {
        let stored = match read_entry(&path) {
            Ok(stored) => stored,
            Err(problem) => {
                report.problems.push(problem);
                continue;
            }
        };
        report.entries += 1;
        let entry = &stored.entry;
        let stem = file_stem(&path);
        for p in validate(
            entry,
            &stored.spans,
            &stored.text,
            Some(&stem),
            &catalogue,
            app.frameworks(),
        ) {
            report.problems.push(p.in_file(&path));
        }
        // The one scan of every text field that `add`, `gaps` and the export
        // use, each finding placed where it is written in the file.
        let spans = &stored.spans;
        let field_spans = std::iter::once(&spans.title)
            .chain(&spans.witness)
            .chain(&spans.tags)
            .chain(&spans.attachments)
            .chain(&spans.section_texts);
        for ((_, value), span) in redact::text_fields(entry).into_iter().zip(field_spans) {
            let raw = stored.text.get(span.clone()).unwrap_or_default();
            for found in redact::find(value, &names) {
                let at = raw
                    .find(&value[found.range.clone()])
                    .map_or(span.start, |i| span.start + i);
                let (line, col) = line_col(&stored.text, at);
                report.warnings.push(Diagnostic {
                    path: path.clone(),
                    line,
                    col,
                    message: format!(
                        "this looks like {}: keep customers' personal data out of your evidence \
                         (say \"the customer\"); the export redacts it unless --no-redact",
                        found.kind.describe()
                    ),
                });
            }
        }
        if entry.occurred > app.today() {
            let (line, col) = line_col(&stored.text, spans.occurred.start);
            report.warnings.push(Diagnostic {
                path: path.clone(),
                line,
                col,
                message: format!(
                    "it happened on {}, which is after today ({}), so `gaps` leaves it out; \
                     correct the date if the year is a typo",
                    entry.occurred,
                    app.today()
                ),
            });
        }
        for attachment in &entry.attachments {
            let at = stored.text.find(attachment.as_str()).unwrap_or(0);
            let (line, col) = line_col(&stored.text, at);
            let message = match store.verify(attachment) {
                Attachment::Reference | Attachment::Intact => continue,
                Attachment::Missing => format!(
                    "attachment {attachment} is missing from the logbook; attach it again \
                     with `logbook edit {} --attach FILE`",
                    entry.id
                ),
                Attachment::Altered { found } => format!(
                    "attachment {attachment} has changed since it was attached (its content \
                     now hashes to {found}…); attach the right file again"
                ),
            };
            report.problems.push(Diagnostic {
                path: path.clone(),
                line,
                col,
                message,
            });
        }
        let home = store.home_path(&stem, entry.occurred);
        let at_home = home == path;
        if !at_home {
            report.problems.push(Diagnostic::whole(
                &path,
                format!(
                    "is in the wrong place; entry {stem} belongs at {}",
                    relative(store, &home)
                ),
            ));
        }
        let (line, col) = line_col(&stored.text, stored.spans.id.start);
        ids.entry(entry.id.clone()).or_default().push((
            path.clone(),
            at_home && stem == entry.id,
            line,
            col,
        ));
    }
    // The file in the id's own place owns it; every other file using it is a duplicate.
    for (id, mut files) in ids {
        if files.len() < 2 {
            continue;
        }
        let owner = files.iter().position(|f| f.1).unwrap_or(0);
        let (owner, ..) = files.remove(owner);
        for (path, _, line, col) in files {
            report.problems.push(Diagnostic {
                path,
                line,
                col,
                message: format!(
                    "id {id:?} is also used by {}; ids must be unique",
                    owner.display()
                ),
            });
        }
    }

    for id in store.ids_with_records() {
        report.problems.extend(store.records(&id).problems);
        // Statements and feedback get the same scan as every entry field.
        for path in store.record_files(&id) {
            let (Ok(text), Ok(record)) = (read_text(&path), read_record(&path)) else {
                continue;
            };
            for (field, value) in record.texts() {
                for found in redact::find(value, &names) {
                    let at = text.find(&value[found.range.clone()]).unwrap_or(0);
                    let (line, col) = line_col(&text, at);
                    report.warnings.push(Diagnostic {
                        path: path.clone(),
                        line,
                        col,
                        message: format!(
                            "this {field} has what looks like {}: keep customers' personal data \
                             out of it (say \"the customer\"); the export redacts it unless --no-redact",
                            found.kind.describe()
                        ),
                    });
                }
            }
        }
    }
    check_hours(store, &mut report);
    for unit in catalogue.units.iter().filter(|u| u.criteria.is_empty()) {
        report.warnings.push(Diagnostic::whole(
            &store.criteria_dir().join(format!("{}.toml", unit.code)),
            format!(
                "unit {} has no criteria yet; add [[criteria]] tables (README: \"Your own criteria\")",
                unit.code
            ),
        ));
    }
    let files = store.draft_files();
    for draft in &files {
        if let Some(message) = draft_problem(store, draft, &files) {
            report.problems.push(Diagnostic::whole(draft, message));
        }
    }
    history_checks(app, &mut report);
    report
        .problems
        .sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    report
}

/// What syncs and the history leave to check: a version kept aside by a
/// sync is a problem until resolved; an entry whose `created` is more than
/// a day before it first reached the history is a warning (not for entries
/// older than the history, imported ones, whose `created` is their first
/// tool's, or copies kept by `sync resolve --keep both`).
fn history_checks(app: &App, report: &mut Report) {
    let store = &app.store;
    for aside in store.conflicts() {
        let message = match aside.entry() {
            Some(id) => format!(
                "another version of entry {id}, kept when a sync found it changed on both sides; \
                 compare it with {}, then `logbook sync resolve {id} --keep ours|theirs|both` \
                 (ours: the one in place; theirs: this one)",
                aside.original
            ),
            None => format!(
                "another version of {0}, kept when a sync found it changed on both sides; \
                 compare the two, then `logbook sync resolve {0} --keep ours|theirs`",
                aside.original
            ),
        };
        report
            .problems
            .push(Diagnostic::whole(&store.root().join(&aside.path), message));
    }
    let Some(history) = store.history() else {
        return;
    };
    // Logbook's own files that a `.gitignore` rule keeps from being
    // shared: `sync` would say "Synced" without them.
    match history.ignored_data() {
        Ok(ignored) => {
            for (path, rule) in ignored {
                let real = store.root().join(&path);
                let shown = if real.exists() {
                    real
                } else {
                    store.root().join(".gitignore")
                };
                report.problems.push(Diagnostic::whole(
                    &shown,
                    format!(
                        "{path} must travel to your other copies but git ignores it ({rule}), so \
                         `logbook sync` would not share it; remove that rule (logbook's own files \
                         must always be shared)",
                        path = ui::clean(&path),
                        rule = ui::clean(&rule)
                    ),
                ));
            }
        }
        Err(e) => report.warnings.push(Diagnostic::whole(
            &store.root().join(".gitignore"),
            format!("cannot check what git ignores: {}", e.with_hint()),
        )),
    }
    let firsts = match history.first_recorded() {
        Ok(firsts) => firsts,
        Err(e) => {
            report.warnings.push(Diagnostic::whole(
                &store.root().join(".git"),
                format!("cannot read the history: {}", e.with_hint()),
            ));
            return;
        }
    };
    let (entries, _) = crate::store::cache::load_fields(store, |e| {
        (e.source.is_none()).then_some((e.id, e.created, e.occurred))
    });
    for (id, created, occurred) in entries.entries {
        let Some(first) = firsts.get(&id).filter(|f| f.dates_writing) else {
            continue;
        };
        let late = first.date.signed_duration_since(created);
        if late <= chrono::Duration::days(1) {
            continue;
        }
        let path = store.home_path(&id, occurred);
        let (line, col) = read_text(&path)
            .ok()
            .and_then(|t| t.find("\ncreated").map(|at| line_col(&t, at + 1)))
            .unwrap_or((1, 1));
        report.warnings.push(Diagnostic {
            path,
            line,
            col,
            message: format!(
                "`created` says {}, but the entry first reached the logbook's history on {}, \
                 {} days later; assessors value evidence written close to the event and may ask \
                 when this was written",
                created.format("%-d %B %Y"),
                first.date.format("%-d %B %Y"),
                late.num_days()
            ),
        });
    }
}

/// The hours files: each must read, and an entry or void it names must
/// exist (a missing entry is a warning: it may have been purged).
fn check_hours(store: &Store, report: &mut Report) {
    let found = store.hours_files();
    report.problems.extend(found.problems);
    let ids: Vec<&str> = found.files.iter().map(|f| f.id.as_str()).collect();
    for logged in &found.files {
        let path = &logged.path;
        match &logged.file {
            HoursFile::Hours(h) => {
                if let Some(entry) = &h.entry
                    && store.entry_path(entry).is_none_or(|p| !p.exists())
                {
                    let text = read_text(path).unwrap_or_default();
                    let at = text.find("\nentry").map_or(0, |i| i + 1);
                    let (line, col) = line_col(&text, at);
                    report.warnings.push(Diagnostic {
                        path: path.clone(),
                        line,
                        col,
                        message: format!(
                            "names entry {entry:?}, which is not in the logbook; the hours still count"
                        ),
                    });
                }
            }
            HoursFile::Void(v) => {
                if !ids.contains(&v.voids.as_str()) {
                    report.warnings.push(Diagnostic::whole(
                        path,
                        format!("voids {:?}, which is no hours record here", v.voids),
                    ));
                }
            }
        }
    }
}

/// What a file under `drafts/` is, for the report: an unfinished entry or
/// edit (with the command that carries it on), or a leftover — a temporary
/// file from an interrupted save, an editor's scratch file, a stray — that
/// no command uses. `None` for what belongs to an edit that is reported.
fn draft_problem(store: &Store, draft: &Path, all: &[PathBuf]) -> Option<String> {
    let name = draft
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let in_edits = draft.parent() == Some(store.drafts_dir().join("edits").as_path());
    if name.starts_with('.') && name.ends_with(".tmp") {
        return Some(
            "left over from an interrupted save; nothing refers to it, so it is safe to delete"
                .into(),
        );
    }
    if in_edits && let Some(edit) = name.strip_suffix(EDIT_BASE_SUFFIX) {
        // What an edit began from (`<id>.md.base`, `<id>.toml.base`): part
        // of the edit reported beside it, or left over from one that is gone.
        let edit = draft.with_file_name(edit);
        return (!all.contains(&edit)).then(|| {
            "left over from an edit that is gone (what it was based on); safe to delete".into()
        });
    }
    // The walk's editor scratch files: `.txt` for one answer, `.md` for
    // the whole entry (`add --editor`).
    if !in_edits && name.starts_with("edit-") && (name.ends_with(".txt") || name.ends_with(".md")) {
        return Some(
            "left over from an editor session that did not finish; copy out anything you need, \
             then delete it"
                .into(),
        );
    }
    // An edit is kept as the Markdown form (`<id>.md`) or, from `edit
    // --raw`, as the TOML file (`<id>.toml`); an unfinished entry as TOML.
    let form = in_edits && name.ends_with(".md");
    if !(name.ends_with(".toml") || form) || name.starts_with('.') {
        return Some("left over: not a draft, and logbook does not use it; safe to delete".into());
    }
    let stem = file_stem(draft);
    Some(if in_edits {
        format!(
            "an edit of {stem} that was never saved; `logbook edit {stem}` reopens it, or delete the file"
        )
    } else {
        "an unfinished draft; `logbook add --resume` continues it, or delete the file".into()
    })
}

/// `logbook.toml`: syntax, known keys, a default framework that exists,
/// and (a warning) names listed for redaction that are also everyday words.
fn check_settings(app: &App, report: &mut Report) {
    let problems = &mut report.problems;
    let path = app.store.settings_path();
    if !path.exists() {
        return;
    }
    let text = match read_text(&path) {
        Ok(text) => text,
        Err(problem) => return problems.push(problem),
    };
    match Settings::parse(&text) {
        Err(problem) => problems.push(problem.in_file(&path)),
        Ok(settings) => {
            if let Some(name) = &settings.default_framework
                && let Err(e) = app.frameworks().resolve(name)
            {
                let at = text.find("default_framework").unwrap_or(0);
                problems.push(
                    Diagnostic::at(&text, at, format!("default_framework: {}", e.with_hint()))
                        .in_file(&path),
                );
            }
            for rule in NameRule::from_settings(&settings.redact) {
                for word in redact::wordlike(&rule) {
                    let at = text.find(&rule.name).unwrap_or(0);
                    report.warnings.push(
                        Diagnostic::at(
                            &text,
                            at,
                            format!(
                                "\"{word}\" is also an everyday word (\"{}\"), so it is found only \
                                 written \"{word}\" or \"{}\": \"{}\" is left alone, but a \
                                 sentence that starts with \"{word}\" is taken for the name",
                                word.to_lowercase(),
                                word.to_uppercase(),
                                word.to_lowercase()
                            ),
                        )
                        .in_file(&path),
                    );
                }
            }
        }
    }
}

fn relative(store: &Store, path: &Path) -> String {
    path.strip_prefix(store.root())
        .unwrap_or(path)
        .display()
        .to_string()
}
