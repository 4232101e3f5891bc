//! The command line: clap's [`Cli`] and [`Command`], one module per
//! subcommand under `commands/`, and what they share — the [`app::App`]
//! context, the guided walk, prompts, the editor, terminal output and the
//! one error type that decides exit codes.

pub mod app;
pub mod capture;
pub mod commands;
pub mod editor;
pub mod error;
pub mod filter;
pub mod input;
pub mod keeper;
pub mod line;
pub mod prompt;
pub mod records;
pub mod scope;
pub mod ui;
pub mod view;
pub mod walk;

use std::io::Write;
use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand};

use crate::cli::app::App;
use crate::cli::error::Result;

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
    /// Write a new entry, guided step by step (or from flags with --no-input);
    /// `add "text…"` stores a quick note
    Add(commands::add::AddArgs),
    /// A quick note, stored as a free-text entry dated today without a question
    Note(commands::note::NoteArgs),
    /// Which criteria still lack evidence an assessor would credit, and what to do next
    Gaps(commands::gaps::GapsArgs),
    /// The portfolio: a Markdown document for your assessor, with an evidence matrix
    Export(commands::export::ExportArgs),
    /// List entries, newest last
    #[command(visible_alias = "ls")]
    List(commands::list::ListArgs),
    /// Show one entry in full
    Show(commands::show::ShowArgs),
    /// Find entries by words in their title, text, tags and criteria
    Search(commands::search::SearchArgs),
    /// Change an entry: in your editor, or with --title, --criteria, --tag, --section
    Edit(commands::edit::EditArgs),
    /// Add or remove criteria (--add, --remove) and free tags (--tag, --untag)
    Tag(commands::tag::TagArgs),
    /// Move entries to the trash (nothing is deleted; `restore` brings them back)
    #[command(visible_alias = "remove")]
    Rm(commands::rm::RmArgs),
    /// Bring an entry back from the trash
    Restore(commands::restore::RestoreArgs),
    /// Delete an entry for good, with its records and evidence files (asks first)
    Purge(commands::purge::PurgeArgs),
    /// List the entries in the trash
    Trash(commands::trash::TrashArgs),
    /// The assessment criteria, by unit
    Criteria(commands::criteria::CriteriaArgs),
    /// Record a witness testimony for an entry (who, their statement, signed or not)
    Witness(commands::witness::WitnessArgs),
    /// Record an assessor's decision on an entry's criteria: --accept or --action-required
    Assess(commands::assess::AssessArgs),
    /// Off-the-job training hours: `hours add 2h30m --activity TEXT`, or the log and progress
    Hours(commands::hours::HoursArgs),
    /// Ready for end-point assessment? The gateway checklist; exit 1 while anything is missing
    Gateway(commands::gateway::GatewayArgs),
    /// Which criteria a piece of writing fits (text on stdin)
    Suggest(commands::suggest::SuggestArgs),
    /// Validate every file in the logbook; exit 1 if anything is wrong
    Check(commands::check::CheckArgs),
    /// Bring entries in from another tool (jrnl)
    Import(commands::import::ImportArgs),
    /// Your profile and settings: `config set KEY VALUE`, `config get KEY`, or all with where each comes from
    Config(commands::config::ConfigArgs),
    /// Shell completions for bash, zsh or fish (`--help` shows how to install them)
    Completions(commands::completions::CompletionsArgs),
    /// The manual page, as roff: `logbook man | man -l -`
    Man(commands::man::ManArgs),
    /// Every entry's id, one a line (for the completion scripts)
    #[command(name = "__complete-ids", hide = true)]
    CompleteIds,
}

/// The command line of this process. Help printed to a pipe is wrapped at
/// the reader's width when `COLUMNS` gives it, else not at all; on a
/// terminal, at its width (at most 100 columns).
pub fn try_parse() -> Result<Cli, clap::Error> {
    use clap::FromArgMatches;
    use std::io::IsTerminal;
    let mut command = Cli::command();
    if !std::io::stdout().is_terminal() {
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse::<usize>().ok());
        command = command.term_width(columns.unwrap_or(0));
    }
    let matches = command.try_get_matches()?;
    Cli::from_arg_matches(&matches)
}

/// Runs one parsed command line, writing what it prints to `out`.
pub fn dispatch(cli: Cli, out: &mut dyn Write) -> Result<()> {
    let app = || App::from_env(cli.dir.clone());
    match cli.command {
        // These need no data directory, so they work anywhere (packaging).
        Command::Completions(args) => commands::completions::run(args, Cli::command(), out),
        Command::Man(args) => commands::man::run(args, Cli::command(), out),
        Command::CompleteIds => commands::completions::ids(&app()?, out),
        Command::Add(args) => commands::add::run(&app()?, args, out),
        Command::Note(args) => commands::note::run(&app()?, args, out),
        Command::List(args) => commands::list::run(&app()?, args, out),
        Command::Show(args) => commands::show::run(&app()?, args, out),
        Command::Criteria(args) => commands::criteria::run(&app()?, args, out),
        Command::Export(args) => commands::export::run(&app()?, args, out),
        Command::Gaps(args) => commands::gaps::run(&app()?, args, out),
        Command::Edit(args) => commands::edit::run(&app()?, args, out),
        Command::Tag(args) => commands::tag::run(&app()?, args, out),
        Command::Rm(args) => commands::rm::run(&app()?, args, out),
        Command::Restore(args) => commands::restore::run(&app()?, args, out),
        Command::Trash(args) => commands::trash::run(&app()?, args, out),
        Command::Search(args) => commands::search::run(&app()?, args, out),
        Command::Check(args) => commands::check::run(&app()?, args, out),
        Command::Import(args) => commands::import::run(&app()?, args, out),
        Command::Config(args) => commands::config::run(&app()?, args, out),
        Command::Suggest(args) => commands::suggest::run(&app()?, args, out),
        Command::Witness(args) => commands::witness::run(&app()?, args, out),
        Command::Assess(args) => commands::assess::run(&app()?, args, out),
        Command::Purge(args) => commands::purge::run(&app()?, args, out),
        Command::Hours(args) => commands::hours::run(&app()?, args, out),
        Command::Gateway(args) => commands::gateway::run(&app()?, args, out),
    }
}
