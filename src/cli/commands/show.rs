//! `logbook show ID`: one entry in full, for reading or as JSON.

use std::io::Write;

use clap::Args;

use crate::cli::app::App;
use crate::cli::error::Result;
use crate::cli::ui::{self, Paint};
use crate::model::criteria::Catalogue;
use crate::model::entry::Entry;
use crate::model::frameworks::Frameworks;

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

/// An entry as a person reads it: title, facts, criteria, tags, then each
/// section under its step's title. Also the guided `add`'s confirm screen,
/// where the entry has no id yet (and none is shown).
pub fn write_entry(
    out: &mut dyn Write,
    entry: &Entry,
    frameworks: &Frameworks,
    catalogue: &Catalogue,
    paint: Paint,
) -> std::io::Result<()> {
    let framework = frameworks.get(&entry.framework);
    let framework_name = framework.map_or(entry.framework.as_str(), |f| f.name.as_str());

    writeln!(out, "{}", paint.bold(&entry.title))?;
    let mut facts = vec![
        entry.occurred.format("%a %-d %b %Y").to_string(),
        framework_name.to_string(),
        entry.evidence.replace('-', " "),
    ];
    if let Some(w) = &entry.witness {
        facts.push(format!("witness: {w}"));
    }
    writeln!(out, "{}", facts.join(" · "))?;
    if !entry.id.is_empty() {
        writeln!(out, "{}", paint.dim(&format!("id {}", entry.id)))?;
    }
    if !entry.criteria.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", paint.bold("Criteria"))?;
        for id in &entry.criteria {
            let label = catalogue
                .criterion(id)
                .map_or("(not in the catalogue)", |c| c.label());
            writeln!(out, "  {}  {label}", paint.cyan(id))?;
        }
    }
    if !entry.tags.is_empty() {
        writeln!(out, "{} {}", paint.bold("Tags"), entry.tags.join(", "))?;
    }
    if !entry.attachments.is_empty() {
        writeln!(
            out,
            "{} {}",
            paint.bold("Attachments"),
            entry.attachments.join(", ")
        )?;
    }
    for (key, text) in &entry.sections {
        let title = framework
            .and_then(|f| frameworks.steps(f).find(|s| s.key == *key))
            .map_or(key.as_str(), |s| s.title.as_str());
        writeln!(out)?;
        writeln!(out, "{}", paint.bold(title))?;
        writeln!(out, "{}", text.trim_end())?;
    }
    Ok(())
}
