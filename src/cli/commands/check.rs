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
use crate::model::criteria::Catalogue;
use crate::model::diagnostic::{Diagnostic, Hinted, line_col};
use crate::model::english::plural;
use crate::model::entry::validate;
use crate::model::settings::Settings;
use crate::rules::redact;
use crate::rules::redact::NameRule;
use crate::store::Store;
use crate::store::entries::read_entry;
use crate::store::paths::file_stem;
use crate::store::read::read_text;

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
            writeln!(
                out,
                "{}:{}:{}: {label}{}",
                p.path.display(),
                p.line,
                p.col,
                p.message
            )?;
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
    let mut catalogue = Catalogue::builtin();
    report
        .problems
        .extend(store.load_user_units(&mut catalogue));
    check_settings(app, &mut report.problems);
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
        for found in redact::find(&stored.text, &names) {
            let (line, col) = line_col(&stored.text, found.range.start);
            report.warnings.push(Diagnostic {
                path: path.clone(),
                line,
                col,
                message: format!(
                    "this looks like {}: keep customers' personal data out of your evidence \
                     (say \"the customer\"), or export with --redact",
                    found.kind.describe()
                ),
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

    let edits = store.drafts_dir().join("edits");
    for draft in store.draft_files() {
        let message = if draft.parent() == Some(edits.as_path()) {
            // `<id>.toml`, `<id>.md`, or an older edit kept as `<id>.md.older`.
            let stem = file_stem(&draft);
            let id = stem.split('.').next().unwrap_or_default();
            format!(
                "an edit of {id} that was never saved; `logbook edit {id}` reopens it, or delete the file"
            )
        } else {
            "an unfinished draft; `logbook add --resume` continues it, or delete the file".into()
        };
        report.problems.push(Diagnostic::whole(&draft, message));
    }
    report
        .problems
        .sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    report
}

/// `logbook.toml`: syntax, known keys, and a default framework that exists.
fn check_settings(app: &App, problems: &mut Vec<Diagnostic>) {
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
        }
    }
}

fn relative(store: &Store, path: &Path) -> String {
    path.strip_prefix(store.root())
        .unwrap_or(path)
        .display()
        .to_string()
}
