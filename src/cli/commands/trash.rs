//! `logbook trash`: the entries removed with `logbook rm`, waiting to be
//! restored.

use std::io::Write;

use clap::Args;
use comfy_table::{Cell, Color};

use crate::cli::app::App;
use crate::cli::error::Result;
use crate::cli::ui;
use crate::model::english::plural;
use crate::model::entry::Entry;

#[derive(Debug, Args)]
pub struct TrashArgs {
    /// One JSON array of the trashed entries on stdout
    #[arg(long)]
    pub json: bool,
}

pub fn run(app: &App, args: TrashArgs, out: &mut dyn Write) -> Result<()> {
    let loaded = app.store.load_trash();
    for problem in &loaded.problems {
        ui::warn(&problem.to_string());
    }
    if args.json {
        let list: Vec<&Entry> = loaded.entries.iter().map(|s| &s.entry).collect();
        serde_json::to_writer_pretty(&mut *out, &list).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    if loaded.entries.is_empty() {
        writeln!(out, "The trash is empty.")?;
        return Ok(());
    }
    let colour = ui::stdout_colour();
    let mut table = ui::table();
    table.set_header(["Date", "Id", "Title"]);
    for stored in &loaded.entries {
        let e = &stored.entry;
        let mut id = ui::cell(&e.id);
        if colour {
            id = id.fg(Color::Cyan);
        }
        table.add_row(vec![Cell::new(e.occurred), id, ui::cell(&e.title)]);
    }
    ui::write_table(out, &table)?;
    let n = loaded.entries.len();
    let paint = ui::Paint { on: colour };
    writeln!(
        out,
        "{}",
        paint.dim(&format!(
            "{n} {} in the trash; `logbook restore ID` brings one back",
            plural(n, "entry", "entries")
        ))
    )?;
    Ok(())
}
