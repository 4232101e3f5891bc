//! `logbook rm ID...`: moves entries into `trash/`, byte for byte. Nothing
//! is ever deleted; `logbook restore` brings an entry back.

use std::io::Write;

use clap::Args;

use crate::cli::app::App;
use crate::cli::error::Result;
use crate::cli::ui;
use crate::store::entries::Stored;

#[derive(Debug, Args)]
pub struct RmArgs {
    /// The entries' ids, or enough of each id's start to be unique
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
}

pub fn run(app: &App, args: RmArgs, out: &mut dyn Write) -> Result<()> {
    let lock = app.store.lock()?;
    // Every id is found before anything moves: one typo moves nothing.
    let mut found: Vec<Stored> = Vec::new();
    for wanted in &args.ids {
        let stored = app.store.find(wanted)?;
        if !found.iter().any(|s| s.path == stored.path) {
            found.push(stored);
        }
    }
    for stored in &found {
        app.store.trash_entry(stored, &lock)?;
        writeln!(
            out,
            "Moved {} to the trash ({})",
            stored.entry.id,
            ui::clean(&stored.entry.title)
        )?;
    }
    let restore = match found.as_slice() {
        [one] => format!("`logbook restore {}`", one.entry.id),
        _ => "`logbook restore ID`".to_string(),
    };
    writeln!(
        out,
        "{restore} brings it back; `logbook trash` lists the trash."
    )?;
    Ok(())
}
