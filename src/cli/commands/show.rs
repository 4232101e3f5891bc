//! `logbook show ID`: one entry in full, for reading or as JSON.

use std::io::Write;

use clap::Args;

use crate::cli::app::App;
use crate::cli::error::Result;
use crate::cli::ui::{self, Paint};
use crate::cli::view::write_entry;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The entry's id, or enough of its start to be unique
    pub id: String,

    /// The entry as one JSON object
    #[arg(long)]
    pub json: bool,
}

pub fn run(app: &App, args: ShowArgs, out: &mut dyn Write) -> Result<()> {
    let stored = app.store.find(&args.id)?;
    let entry = &stored.entry;
    if args.json {
        serde_json::to_writer_pretty(&mut *out, entry).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    let paint = Paint {
        on: ui::stdout_colour(),
    };
    write_entry(out, entry, app.frameworks(), app.catalogue(), paint)?;
    Ok(())
}
