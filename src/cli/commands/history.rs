//! `logbook history ID`: an entry's revisions, oldest first — when each was
//! made, by whom, and what it changed — from the logbook's git history
//! (`logbook sync init` starts one). The entry is followed into the trash
//! and back, and after it is gone for good.

use std::io::Write;

use clap::Args;
use serde_json::json;

use crate::cli::app::App;
use crate::cli::error::{CommandError, Result};
use crate::cli::ui::{self, Paint};
use crate::model::english::plural;
use crate::model::names::is_valid_id;
use crate::store::history::GitError;

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The entry's id, or enough of its start to be unique (in the trash too)
    pub id: String,

    /// One JSON array on stdout, oldest first:
    /// [{"commit","date","author","summary","path","changes"}]
    #[arg(long)]
    pub json: bool,
}

pub fn run(app: &App, args: HistoryArgs, out: &mut dyn Write) -> Result<()> {
    let history = app
        .store
        .history()
        .ok_or_else(|| CommandError::from(GitError::NoHistory))?;
    let wanted = args.id.trim();
    // An entry here or in the trash by id or unique start; else an id the
    // history may still know (an entry purged since).
    let id = match app.store.find(wanted) {
        Ok(stored) => stored.entry.id,
        Err(err) => match app.store.find_in_trash(wanted) {
            Ok(stored) => stored.entry.id,
            Err(_) if is_valid_id(wanted) => wanted.to_string(),
            Err(_) => return Err(err.into()),
        },
    };
    let revisions = history.revisions(&id)?;
    if revisions.is_empty() {
        return Err(CommandError::usage(format!(
            "{id} has no history yet"
        ))
        .with_hint("changes are recorded from `logbook sync init` on; `logbook sync` records changes made by hand"));
    }
    if args.json {
        let doc: Vec<serde_json::Value> = revisions
            .iter()
            .map(|r| {
                json!({
                    "commit": r.commit,
                    "date": r.date.to_rfc3339(),
                    "author": r.author,
                    "summary": r.summary,
                    "path": r.path,
                    "changes": r.changes,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    let paint = Paint {
        on: ui::stdout_colour(),
    };
    let n = revisions.len();
    writeln!(
        out,
        "{}",
        paint.bold(&format!("{id}: {n} {}", plural(n, "revision", "revisions")))
    )?;
    for r in &revisions {
        writeln!(out)?;
        writeln!(
            out,
            "{}  {}  {}  {}",
            paint.cyan(&r.commit[..r.commit.len().min(7)]),
            r.date.format("%Y-%m-%d %H:%M"),
            r.author,
            r.summary
        )?;
        writeln!(out, "         {}", r.changes.join("; "))?;
    }
    Ok(())
}
