//! `logbook list`: the entries, as a table for people or JSON for scripts.

use std::io::Write;

use clap::Args;
use comfy_table::Color;

use crate::cli::app::App;
use crate::cli::error::Result;
use crate::cli::filter::{FilterArgs, load_matching};
use crate::cli::ui;
use crate::model::english::plural;
use crate::model::evidence::EvidenceType;

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

/// What a row of the table shows: no sections, so a long logbook's table
/// needs little memory.
struct Row {
    id: String,
    /// The day it happened, as it stands now (an id keeps the date it was
    /// written with, so the id alone can mislead after an edit).
    occurred: chrono::NaiveDate,
    title: String,
    criteria: Vec<String>,
    evidence: EvidenceType,
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
    // Rows only for matches. The table needs no sections, so kept digests
    // serve unchanged files. Short ids are told apart from every entry
    // file's stem, readable or not: the ids `show` and the rest choose
    // among, so every short id shown opens the entry it stands for.
    let (loaded, mut all_ids) = crate::store::cache::load_fields(&app.store, |e| {
        filter.matches(&e).then_some(Row {
            id: e.id,
            occurred: e.occurred,
            title: e.title,
            criteria: e.criteria,
            evidence: e.evidence,
        })
    });
    ui::warn_skipped(&loaded.problems);
    let rows = loaded.entries;
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
    table.set_header(["Id", "Date", "Title", "Criteria", "Evidence"]);
    let n = entries.len();
    for e in entries {
        let criteria = if e.criteria.is_empty() {
            "—".to_string()
        } else {
            e.criteria.join(" ")
        };
        let mut id = ui::cell(crate::model::names::short_id(&e.id, &all_ids));
        if colour {
            id = id.fg(Color::Cyan);
        }
        table.add_row(vec![
            id,
            ui::cell(&e.occurred.format("%-d %b %Y").to_string()),
            ui::cell(&e.title),
            ui::cell(&criteria),
            ui::cell(e.evidence.short()),
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
