//! `logbook list`: the entries, as a table for people or JSON for scripts.
//! Its filters (`FilterArgs`) are shared by other commands.

use std::io::Write;

use chrono::NaiveDate;
use clap::Args;
use comfy_table::{Cell, Color};

use crate::cli::app::App;
use crate::cli::error::Result;
use crate::cli::ui;
use crate::model::diagnostic::Diagnostic;
use crate::model::english::plural;
use crate::model::entry::Entry;

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Only the last N entries
    #[arg(long, short = 'n', value_name = "N")]
    pub limit: Option<usize>,

    /// One JSON array on stdout, for scripts
    #[arg(long)]
    pub json: bool,
}

/// Filters shared by list, search and export.
#[derive(Debug, Args, Default, Clone)]
pub struct FilterArgs {
    /// Only entries mapped to a criterion of this unit, e.g. RES
    #[arg(long, short, value_name = "UNIT")]
    pub unit: Option<String>,

    /// Only entries mapped to this criterion, e.g. RES.4
    #[arg(long, value_name = "ID")]
    pub criterion: Option<String>,

    /// Only entries with this tag
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,

    /// Only entries that happened on or after this date
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only entries that happened on or before this date
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

/// A checked filter: ids resolved, dates parsed.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub unit: Option<String>,
    pub criterion: Option<String>,
    pub tag: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl FilterArgs {
    pub fn resolve(&self, app: &App) -> Result<Filter> {
        let catalogue = app.catalogue();
        Ok(Filter {
            unit: match &self.unit {
                Some(u) => Some(catalogue.resolve_unit(u)?.code.clone()),
                None => None,
            },
            criterion: match &self.criterion {
                Some(c) => Some(catalogue.resolve(c)?.id.clone()),
                None => None,
            },
            tag: self
                .tag
                .as_ref()
                .map(|t| t.trim().trim_start_matches(['#', '@']).to_lowercase()),
            since: self
                .since
                .as_deref()
                .map(|d| app.parse_date("--since", d))
                .transpose()?,
            until: self
                .until
                .as_deref()
                .map(|d| app.parse_date("--until", d))
                .transpose()?,
        })
    }
}

impl Filter {
    pub fn matches(&self, entry: &Entry) -> bool {
        let unit_ok = self.unit.as_ref().is_none_or(|u| {
            entry
                .criteria
                .iter()
                .any(|c| c.split('.').next() == Some(u.as_str()))
        });
        let criterion_ok = self
            .criterion
            .as_ref()
            .is_none_or(|c| entry.criteria.contains(c));
        let tag_ok = self
            .tag
            .as_ref()
            .is_none_or(|t| entry.tags.iter().any(|e| e.to_lowercase() == *t));
        let since_ok = self.since.is_none_or(|d| entry.occurred >= d);
        let until_ok = self.until.is_none_or(|d| entry.occurred <= d);
        unit_ok && criterion_ok && tag_ok && since_ok && until_ok
    }
}

/// Loads the entries the filter accepts, in date order, warning about the
/// files that could not be used. The filter runs as files are read, and no
/// file text is kept.
pub fn load_matching(app: &App, filter: &Filter) -> Vec<Entry> {
    let loaded = app.store.load_entries(|e| filter.matches(&e).then_some(e));
    warn_skipped(&loaded.problems);
    loaded.entries
}

/// What a row of the table shows: no sections, so a long logbook's table
/// needs little memory.
struct Row {
    id: String,
    title: String,
    criteria: Vec<String>,
    evidence: String,
}

pub fn warn_skipped(problems: &[Diagnostic]) {
    for problem in problems {
        ui::warn(&format!("{problem}; skipped"));
    }
}

/// The last `n` of `items`, or all of them.
fn last<T>(mut items: Vec<T>, n: Option<usize>) -> Vec<T> {
    if let Some(n) = n {
        items.drain(..items.len().saturating_sub(n));
    }
    items
}

pub fn run(app: &App, args: ListArgs, out: &mut dyn Write) -> Result<()> {
    let filter = args.filter.resolve(app)?;
    if args.json {
        let entries = last(load_matching(app, &filter), args.limit);
        serde_json::to_writer_pretty(&mut *out, &entries).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    // Every id is kept (for the short ids below); rows only for matches.
    // The table needs no sections, so kept digests serve unchanged files.
    let loaded = crate::store::cache::load_fields(&app.store, |e| {
        let row = filter.matches(&e).then(|| Row {
            id: e.id.clone(),
            title: e.title,
            criteria: e.criteria,
            evidence: e.evidence,
        });
        Some((e.id, row))
    });
    warn_skipped(&loaded.problems);
    let mut all_ids: Vec<String> = Vec::with_capacity(loaded.entries.len());
    let mut rows = Vec::new();
    for (id, row) in loaded.entries {
        all_ids.push(id);
        rows.extend(row);
    }
    all_ids.sort();
    let entries = last(rows, args.limit);
    if entries.is_empty() {
        let empty = if app.store.entries_dir().exists() {
            "No entries match."
        } else {
            "No entries yet. Write your first with `logbook add`."
        };
        writeln!(out, "{empty}")?;
        return Ok(());
    }
    // Ids are shown as their shortest unique start (which begins with the
    // date): every command that takes an id accepts it.
    let colour = ui::stdout_colour();
    let mut table = ui::table();
    table.set_header(["Id", "Title", "Criteria", "Evidence"]);
    let n = entries.len();
    for e in entries {
        let criteria = if e.criteria.is_empty() {
            "—".to_string()
        } else {
            e.criteria.join(" ")
        };
        let mut id = Cell::new(crate::model::names::short_id(&e.id, &all_ids));
        if colour {
            id = id.fg(Color::Cyan);
        }
        table.add_row(vec![
            id,
            Cell::new(&e.title),
            Cell::new(criteria),
            Cell::new(short_evidence(&e.evidence)),
        ]);
    }
    ui::write_table(out, &table)?;
    let paint = ui::Paint { on: colour };
    writeln!(
        out,
        "{}",
        paint.dim(&format!(
            "{n} {}; `logbook show ID` opens one, `--json` gives full ids",
            plural(n, "entry", "entries")
        ))
    )?;
    Ok(())
}

/// `reflective-account` → `reflective`, for narrow tables.
pub fn short_evidence(kind: &str) -> &str {
    match kind {
        "reflective-account" => "reflective",
        "witness-testimony" => "witness",
        "professional-discussion" => "discussion",
        other => other,
    }
}
