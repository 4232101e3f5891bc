//! `logbook restore ID`: moves an entry back from `trash/` to its place
//! under `entries/`, byte for byte.

use std::io::Write;

use clap::Args;

use crate::cli::app::App;
use crate::cli::error::Result;
use crate::cli::ui;

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The entry's id in the trash, or enough of its start to be unique
    pub id: String,
}

pub fn run(app: &App, args: RestoreArgs, out: &mut dyn Write) -> Result<()> {
    let lock = app.store.lock()?;
    let trashed = app.store.find_in_trash(&args.id)?;
    app.store.restore_entry(&trashed, &lock)?;
    writeln!(
        out,
        "Restored {} ({})",
        trashed.entry.id,
        ui::clean(&trashed.entry.title)
    )?;
    Ok(())
}
