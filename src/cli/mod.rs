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
pub mod journal;
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
use crate::store::history::RESOLVE;

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
    /// Keep the logbook's history in git and share it between machines or
    /// with your assessor: `sync init [--remote URL]`, then `sync`
    Sync(commands::sync::SyncArgs),
    /// An entry's revisions, oldest first: when, by whom, what changed
    History(commands::history::HistoryArgs),
    /// An assessor's caseload: several learners' logbooks in one table
    Cohort(commands::cohort::CohortArgs),
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
    let matches = command.try_get_matches().map_err(synonym_error)?;
    Cli::from_arg_matches(&matches)
}

/// Words people reach for that are another command's job, and what to say:
/// `logbook profile` finds no command, and clap's "did you mean" only
/// knows spellings, not meanings.
const SYNONYMS: &[(&[&str], &str)] = &[
    (
        &["profile"],
        "your profile is set with `logbook config set KEY VALUE` (see `logbook config`)",
    ),
    (
        &[
            "settings",
            "setting",
            "preferences",
            "prefs",
            "options",
            "setup",
            "set",
        ],
        "settings are changed with `logbook config set KEY VALUE` (see `logbook config`)",
    ),
    (
        &["new", "write", "entry", "create", "reflect", "reflection"],
        "a new entry is written with `logbook add` (or `logbook note \"text\"` for a quick one)",
    ),
    (
        &["delete", "del", "erase", "discard"],
        "`logbook rm ID` moves an entry to the trash (`logbook purge ID` deletes it for good)",
    ),
    (
        &["undelete", "recover"],
        "`logbook restore ID` brings an entry back from the trash",
    ),
    (
        &["report", "status", "progress", "missing", "todo"],
        "`logbook gaps` shows which criteria still lack evidence and what to do next",
    ),
    (
        &["portfolio", "print", "pdf", "publish", "submit"],
        "the portfolio for your assessor is built by `logbook export`",
    ),
    (
        &["find", "grep", "lookup", "query"],
        "entries are found by their words with `logbook search WORDS`",
    ),
    (
        &["view", "open", "read", "cat"],
        "`logbook show ID` shows an entry in full (`logbook list` lists them)",
    ),
];

/// What to say instead of clap's "unrecognized subcommand" when the word
/// typed is a well-known synonym of a command: one line, exit 2.
fn synonym_error(err: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if err.kind() != ErrorKind::InvalidSubcommand {
        return err;
    }
    let Some(ContextValue::String(word)) = err.get(ContextKind::InvalidSubcommand) else {
        return err;
    };
    match synonym_advice(word) {
        Some(advice) => clap::Error::raw(
            ErrorKind::InvalidSubcommand,
            format!("`logbook {word}` is not a command; {advice}\n"),
        ),
        None => err,
    }
}

/// The advice for a word in [`SYNONYMS`], in any case.
pub fn synonym_advice(word: &str) -> Option<&'static str> {
    let word = word.to_lowercase();
    SYNONYMS
        .iter()
        .find(|(words, _)| words.contains(&word.as_str()))
        .map(|&(_, advice)| advice)
}

/// The one list of commands that write to the data directory. When the
/// logbook keeps a history (`logbook sync init`), each of these records
/// what it changed as one commit whose subject starts with its verb ("add
/// 2026-11-27-refund-complaint", "hours add 6286fda", "config set
/// learner"), authored as this copy's author; see [`journal`]. The matches
/// have no catch-all on purpose: a new command (or a new action of one)
/// does not compile until it is listed here, as writing or not. A command
/// that writes only sometimes (`import --dry-run`, `criteria new --print`,
/// a refused input) is listed as writing: when nothing changed, no commit
/// is made.
fn records(command: &Command) -> Option<journal::Recording> {
    use commands::config::ConfigAction;
    use commands::criteria::CriteriaAction;
    use commands::hours::HoursAction;
    use commands::sync::SyncAction;
    use journal::Recording;
    Some(match command {
        // Quick capture (`add "text…"`) and `--attach` are `add` too: the
        // evidence files copied in are named with the entry in one commit.
        Command::Add(_) => Recording::new("add"),
        Command::Note(_) => Recording::new("note"),
        Command::Edit(_) => Recording::new("edit"),
        Command::Tag(_) => Recording::new("tag"),
        Command::Rm(_) => Recording::new("rm"),
        Command::Restore(_) => Recording::new("restore"),
        Command::Purge(_) => Recording::new("purge"),
        Command::Import(_) => Recording::new("import"),
        Command::Witness(_) => Recording::new("witness"),
        Command::Assess(_) => Recording::new("assess"),
        Command::Config(args) => match &args.action {
            // The key, never the value: a profile value can be personal.
            Some(ConfigAction::Set { key, .. }) => Recording::new("config set").naming(key),
            Some(ConfigAction::Get { .. }) | None => return None,
        },
        Command::Criteria(args) => match &args.action {
            Some(CriteriaAction::Import(_)) => Recording::new("criteria import"),
            Some(CriteriaAction::New(_)) => Recording::new("criteria new"),
            None => return None,
        },
        Command::Hours(args) => match &args.action {
            Some(HoursAction::Add(_)) => Recording::new("hours add"),
            Some(HoursAction::Void(void)) => Recording::new("hours void").naming(&void.id),
            None => return None,
        },
        Command::Sync(args) => match &args.action {
            // Trailer `sync resolve`: what it puts in place was written
            // elsewhere, so the history does not date the writing by it.
            Some(SyncAction::Resolve(_)) => Recording::new("resolve").command(RESOLVE),
            // `sync init` and `sync` make their own commits.
            Some(SyncAction::Init(_)) | None => return None,
        },
        // The rest only read (the digest cache they may refresh is this
        // machine's alone and never committed).
        Command::History(_)
        | Command::Cohort(_)
        | Command::Gaps(_)
        | Command::Gateway(_)
        | Command::Export(_)
        | Command::List(_)
        | Command::Show(_)
        | Command::Search(_)
        | Command::Trash(_)
        | Command::Suggest(_)
        | Command::Check(_)
        | Command::Completions(_)
        | Command::Man(_)
        | Command::CompleteIds => return None,
    })
}

/// Runs one parsed command line, writing what it prints to `out`; a
/// command that writes is recorded in the history, if there is one.
pub fn dispatch(cli: Cli, out: &mut dyn Write) -> Result<()> {
    let journal =
        records(&cli.command).and_then(|how| journal::Journal::start(cli.dir.clone(), how));
    let watch = changes_entries(&cli.command)
        .then(|| App::from_env(cli.dir.clone()).ok())
        .flatten()
        .map(|app| (records::Standing::now(&app.store), app.today()));
    let result = run_command(cli, out);
    if let Some((standing, today)) = watch {
        let _ = out.flush();
        standing.report_changed(today);
    }
    if let Some(journal) = journal {
        journal.finish();
    }
    result
}

/// The commands that can change the text or claims of an entry that is
/// already there: afterwards they say which assessor's decisions the change
/// left out of date ([`records::Standing`]). The match has no catch-all, so
/// a new command must say whether it does.
fn changes_entries(command: &Command) -> bool {
    match command {
        // `edit` in all its forms (flags, the Markdown form, --raw), `tag`,
        // and `sync` (changes from the other copy, `sync resolve`).
        Command::Edit(_) | Command::Tag(_) | Command::Sync(_) => true,
        // New entries, records, settings, or whole entries moved or gone:
        // none rewrites the text of an entry the assessor judged.
        Command::Add(_)
        | Command::Note(_)
        | Command::Rm(_)
        | Command::Restore(_)
        | Command::Purge(_)
        | Command::Import(_)
        | Command::Witness(_)
        | Command::Assess(_)
        | Command::Config(_)
        | Command::Criteria(_)
        | Command::Hours(_)
        | Command::History(_)
        | Command::Cohort(_)
        | Command::Gaps(_)
        | Command::Gateway(_)
        | Command::Export(_)
        | Command::List(_)
        | Command::Show(_)
        | Command::Search(_)
        | Command::Trash(_)
        | Command::Suggest(_)
        | Command::Check(_)
        | Command::Completions(_)
        | Command::Man(_)
        | Command::CompleteIds => false,
    }
}

fn run_command(cli: Cli, out: &mut dyn Write) -> Result<()> {
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
        Command::Sync(args) => commands::sync::run(&app()?, args, out),
        Command::History(args) => commands::history::run(&app()?, args, out),
        Command::Cohort(args) => commands::cohort::run(&app()?, args, out),
        Command::Witness(args) => commands::witness::run(&app()?, args, out),
        Command::Assess(args) => commands::assess::run(&app()?, args, out),
        Command::Purge(args) => commands::purge::run(&app()?, args, out),
        Command::Hours(args) => commands::hours::run(&app()?, args, out),
        Command::Gateway(args) => commands::gateway::run(&app()?, args, out),
    }
}
