//! `logbook tag ID`: re-map an entry to criteria (`--add`, `--remove`) and
//! change its free tags (`--tag`, `--untag`), keeping the rest of the file
//! as it is.

use std::io::Write;

use clap::{ArgGroup, Args};

use crate::cli::app::App;
use crate::cli::error::{CommandError, Result};
use crate::cli::input::split_tags;
use crate::cli::ui;
use crate::model::criteria::split_ids;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("change").required(true).multiple(true)
    .args(["add", "remove", "tags", "untag"])))]
pub struct TagArgs {
    /// The entry's id, or enough of its start to be unique
    pub id: String,

    /// Criteria to map the entry to, e.g. RES.4 (repeat or separate with commas)
    #[arg(long, short, value_name = "IDS")]
    pub add: Vec<String>,

    /// Criteria to take off the entry
    #[arg(long, short, value_name = "IDS")]
    pub remove: Vec<String>,

    /// Free tags to add
    #[arg(long = "tag", short, value_name = "TAG")]
    pub tags: Vec<String>,

    /// Free tags to take off
    #[arg(long, short, value_name = "TAG")]
    pub untag: Vec<String>,
}

pub fn run(app: &App, args: TagArgs, out: &mut dyn Write) -> Result<()> {
    let lock = app.store.lock()?;
    let stored = app.store.find(&args.id)?;
    let catalogue = app.catalogue();
    let mut entry = stored.entry.clone();
    let id = entry.id.clone();

    let added = catalogue.resolve_list(args.add.iter().map(String::as_str))?;
    let mut removed = Vec::new();
    for input in args.remove.iter().flat_map(|r| split_ids(r)) {
        let input = input.as_str();
        // A criterion no longer in the catalogue can still be taken off.
        let wanted = if entry.criteria.iter().any(|c| c == input) {
            input.to_string()
        } else {
            catalogue.resolve(input)?.id.clone()
        };
        if added.contains(&wanted) {
            return Err(CommandError::usage(format!(
                "{wanted} is both added and removed; say which"
            )));
        }
        if entry.criteria.contains(&wanted) {
            entry.criteria.retain(|c| *c != wanted);
        } else {
            ui::warn(&format!("{wanted} was not on {id}"));
        }
        removed.push(wanted);
    }
    for c in added {
        if !entry.criteria.contains(&c) {
            entry.criteria.push(c);
        }
    }
    entry.criteria.sort_by_key(|c| catalogue.order(c));

    for tag in split_tags(&args.tags) {
        if !entry.tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            entry.tags.push(tag);
        }
    }
    for tag in split_tags(&args.untag) {
        let before = entry.tags.len();
        entry.tags.retain(|t| !t.eq_ignore_ascii_case(&tag));
        if entry.tags.len() == before {
            ui::warn(&format!("{id} has no tag {tag:?}"));
        }
    }

    let changed = app
        .store
        .update_entry(&stored, entry.clone(), app.now, &lock)?;
    let none = |list: &[String], sep: &str| {
        if list.is_empty() {
            "none".to_string()
        } else {
            list.join(sep)
        }
    };
    writeln!(
        out,
        "{} {id}: criteria {}; tags {}",
        if changed { "Updated" } else { "No changes to" },
        ui::clean(&none(&entry.criteria, " ")),
        ui::clean(&none(&entry.tags, ", "))
    )?;
    Ok(())
}
