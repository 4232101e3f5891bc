//! The command line, as clap derive types. Each subcommand's flags live in
//! its own module under `commands/`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::commands;

/// A private, coaching evidence logbook for customer-service management
/// qualifications.
///
/// After a shift, `logbook add` walks you through a structured reflection and
/// tags it against the assessment criteria. Before your assessor visits,
/// `logbook gaps` shows what still needs evidence. `logbook export` builds the
/// portfolio document.
#[derive(Debug, Parser)]
#[command(name = "logbook", version, max_term_width = 100)]
#[command(
    after_help = "Your entries are plain TOML files in the data directory \
    (--dir, else $LOGBOOK_DIR, else ~/.local/share/logbook)."
)]
pub struct Cli {
    /// Data directory [default: $LOGBOOK_DIR, else ~/.local/share/logbook]
    #[arg(long, global = true, value_name = "PATH")]
    pub dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a new entry, guided step by step (or from flags with --no-input)
    Add(commands::add::AddArgs),
    /// List entries, newest last
    #[command(visible_alias = "ls")]
    List(commands::list::ListArgs),
    /// Show one entry in full
    Show(commands::show::ShowArgs),
    /// The assessment criteria, by unit
    Criteria(commands::criteria::CriteriaArgs),
    /// The portfolio: a Markdown document for your assessor, with an evidence matrix
    Export(commands::export::ExportArgs),
}
