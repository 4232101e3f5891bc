//! `logbook add`: write a new entry. With `--no-input` everything comes from
//! flags and nothing is asked; otherwise the guided walk-through runs.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;
use indexmap::IndexMap;

use crate::cli::app::App;
use crate::cli::editor::Scratch;
use crate::cli::error::{CommandError, Result};
use crate::cli::input::{check_title, section_value, split_tags};
use crate::cli::keeper::Keeper;
use crate::cli::prompt::{Pace, Prompter, Terminal, Tone};
use crate::cli::walk::{Draft, Finish, Walk};
use crate::model::entry::Entry;
use crate::model::evidence::EvidenceType;
use crate::model::frameworks::Framework;
use crate::rules::lint::LintConfig;
use crate::rules::suggest::Index;

#[derive(Debug, Args, Default)]
pub struct AddArgs {
    /// A quick note: stored as a free-text entry dated today, no questions
    /// asked, its id printed (the same as `logbook note TEXT`)
    #[arg(value_name = "TEXT", conflicts_with_all = ["sections", "framework", "resume", "editor"])]
    pub text: Vec<String>,

    /// Never prompt: take everything from flags (for scripts). Prints the new id.
    #[arg(long)]
    pub no_input: bool,

    /// A short title, e.g. "Refund complaint escalated by phone"
    #[arg(long, short)]
    pub title: Option<String>,

    /// Reflection framework: star, iair, gibbs, driscoll or free [default: star]
    #[arg(long, short)]
    pub framework: Option<String>,

    /// The day it happened: YYYY-MM-DD, today, yesterday, "3 days ago" [default: today]
    #[arg(long, short, value_name = "DATE")]
    pub date: Option<String>,

    /// One step of the framework: KEY=TEXT, KEY=@FILE (read a file) or KEY=- (read stdin)
    #[arg(long = "section", short, value_name = "KEY=TEXT")]
    pub sections: Vec<String>,

    /// Criteria this evidences, e.g. RES.1,RES.6
    #[arg(long, short, value_name = "IDS")]
    pub criteria: Vec<String>,

    /// A free tag (repeat or separate with commas)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// Evidence type: reflective-account, observation, witness-testimony, product,
    /// professional-discussion [default: reflective-account]
    #[arg(long, short, value_name = "TYPE")]
    pub evidence: Option<String>,

    /// Who witnessed it, by role or name, e.g. "Team leader"
    #[arg(long, short, value_name = "NAME")]
    pub witness: Option<String>,

    /// A document this entry refers to (not copied), e.g. minutes/2026-11-27.pdf
    #[arg(long = "attachment", value_name = "PATH")]
    pub attachments: Vec<String>,

    /// Copy a file into the logbook as evidence (repeatable): an email, minutes, a plan
    #[arg(long = "attach", value_name = "FILE")]
    pub attach: Vec<PathBuf>,

    /// Carry on with the newest unfinished entry (answers are kept in drafts/)
    #[arg(long, conflicts_with = "no_input")]
    pub resume: bool,

    /// Write the whole entry in $VISUAL or $EDITOR, as one Markdown document
    #[arg(long, conflicts_with = "no_input")]
    pub editor: bool,
}

pub fn run(app: &App, args: AddArgs, out: &mut dyn Write) -> Result<()> {
    if !args.text.is_empty() {
        let extras = crate::cli::capture::Extras {
            title: args.title.as_deref(),
            date: args.date.as_deref(),
            tags: &args.tags,
            criteria: &args.criteria,
            evidence: args.evidence.as_deref(),
            witness: args.witness.as_deref(),
            attachments: &args.attachments,
            attach: &args.attach,
        };
        return crate::cli::capture::run(app, &args.text, &extras, out);
    }
    if !args.no_input {
        if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
            return Err(no_terminal_error(&args));
        }
        return guided(app, &args, out);
    }
    let mut new = from_flags(app, &args)?;
    new.attachments
        .extend(crate::cli::input::attach_files(&app.store, &args.attach)?);
    let entry = create(app, new)?;
    writeln!(out, "{}", entry.id)?;
    crate::cli::capture::warn_personal_data(app, &entry)?;
    Ok(())
}

/// The walk-through on a terminal: continue a draft or start one (from
/// whatever flags were given), save the draft after every answer, and
/// write the entry at the end.
fn guided(app: &App, args: &AddArgs, out: &mut dyn Write) -> Result<()> {
    let preset = draft_from_flags(app, args)?;
    let settings = app.settings()?;
    let index = Index::new(app.catalogue());
    let mut terminal = Terminal::new(Scratch::new(app.store.clone()));
    let (mut draft, mut path) = if args.resume {
        if has_entry_flags(args) {
            return Err(CommandError::usage(
                "--resume carries on a draft as it was saved; give no other answers with it",
            )
            .with_hint("change answers on the draft's confirm screen instead"));
        }
        let newest = app.store.drafts().into_iter().next().ok_or_else(|| {
            CommandError::usage("there is no unfinished entry to resume")
                .with_hint("start one with `logbook add`")
        })?;
        (read_draft(&newest.path)?, Some(newest.path))
    } else if has_entry_flags(args) {
        (preset, None)
    } else {
        match offer_draft(app, &mut terminal)? {
            Some((draft, path)) => (draft, Some(path)),
            None => (preset, None),
        }
    };
    if draft.started.is_none() {
        draft.started = Some(crate::model::entry::format_time(
            &crate::model::dates::whole_seconds(app.now),
        ));
    }
    // Every answer and keystroke is kept; so is the draft when the
    // terminal closes or the process is told to stop.
    let keeper = Keeper::new(app.store.clone(), app.now, path.take());
    keeper.watch_signals();
    if draft.has_answers() {
        keeper.save(draft.to_toml()?, Pace::Now)?;
    }
    let walk = Walk {
        frameworks: app.frameworks(),
        catalogue: app.catalogue(),
        index: &index,
        today: app.today(),
        default_framework: settings
            .default_framework
            .as_deref()
            .and_then(|f| app.frameworks().resolve(f).ok())
            .map_or_else(|| "star".to_string(), |f| f.id.clone()),
        editor_first: args.editor,
        lint: LintConfig::new(settings, app.catalogue()),
        paint: terminal.paint(),
    };
    // Each save is checked to read back as written (`Draft::to_toml`)
    // before the keeper writes it.
    let mut save = |d: &Draft, pace: Pace| -> Result<()> { Ok(keeper.save(d.to_toml()?, pace)?) };
    let finish = walk.run(&mut terminal, &mut draft, &mut save);
    keeper.flush()?;
    let path = keeper.path();
    let kept = |path: &Option<PathBuf>| match path {
        Some(p) => format!(
            "your answers are kept in {}; `logbook add --resume` carries on",
            p.display()
        ),
        None => "nothing had been answered yet".to_string(),
    };
    match finish {
        Ok(Finish::Save(new)) => {
            let entry = create(app, *new).map_err(|e| {
                let hint = kept(&path);
                e.with_hint(hint)
            })?;
            keeper.finish()?;
            terminal.show(
                Tone::Plain,
                &format!(
                    "Saved as {}. `logbook gaps` shows what still needs evidence.",
                    entry.id
                ),
            )?;
            drop(terminal);
            writeln!(out, "{}", entry.id)?;
            Ok(())
        }
        Ok(Finish::Keep) => {
            let text = match &path {
                Some(p) => format!(
                    "Kept as a draft in {}. `logbook add --resume` carries on.",
                    p.display()
                ),
                None => "Nothing was answered, so there is no draft to keep.".to_string(),
            };
            terminal.show(Tone::Plain, &text)
        }
        Ok(Finish::Discard) => {
            keeper.finish()?;
            terminal.show(Tone::Plain, "Thrown away; nothing was saved.")
        }
        Err(e) if e.kind == crate::cli::error::Kind::Interrupted => Err(CommandError {
            message: match &path {
                Some(_) => format!("stopped; {}", kept(&path)),
                None => "stopped before anything was answered".to_string(),
            },
            ..e
        }),
        Err(e) => Err(e),
    }
}

/// When an unfinished entry exists, asks whether to carry on with it.
fn offer_draft(app: &App, terminal: &mut Terminal) -> Result<Option<(Draft, PathBuf)>> {
    let Some(newest) = app.store.drafts().into_iter().next() else {
        return Ok(None);
    };
    let draft = match read_draft(&newest.path) {
        Ok(draft) => draft,
        Err(e) => {
            crate::cli::ui::warn(&format!("{e}; starting a new entry"));
            return Ok(None);
        }
    };
    let what = match draft.title.as_deref() {
        Some(title) => format!("“{}”", crate::cli::ui::clean(title)),
        None => "an untitled entry".to_string(),
    };
    let when = draft
        .started
        .as_deref()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map(|t| format!(", started {}", t.format("%a %-d %b %H:%M")))
        .unwrap_or_default();
    terminal.show(
        Tone::Plain,
        &format!("You have an unfinished entry: {what}{when}."),
    )?;
    let items = [
        "Carry on with it".to_string(),
        "Start a new entry (keep that one for later)".to_string(),
        "Start a new entry and delete that one".to_string(),
    ];
    match terminal.select("What would you like to do?", &items, 0)? {
        0 => Ok(Some((draft, newest.path))),
        2 => {
            app.store.remove_draft(&newest.path)?;
            Ok(None)
        }
        _ => Ok(None),
    }
}

fn read_draft(path: &std::path::Path) -> Result<Draft> {
    let text =
        crate::store::read::read_text(path).map_err(|p| CommandError::usage(p.to_string()))?;
    Draft::parse(&text).map_err(|p| {
        CommandError::usage(p.in_file(path).to_string())
            .with_hint("fix the draft file or delete it")
    })
}

/// Whether any answer was given as a flag.
fn has_entry_flags(args: &AddArgs) -> bool {
    args.title.is_some()
        || args.framework.is_some()
        || args.date.is_some()
        || !args.sections.is_empty()
        || !args.criteria.is_empty()
        || !args.tags.is_empty()
        || args.evidence.is_some()
        || args.witness.is_some()
        || !args.attachments.is_empty()
        || !args.attach.is_empty()
}

/// The answers given as flags, checked, so the walk-through skips them.
fn draft_from_flags(app: &App, args: &AddArgs) -> Result<Draft> {
    let mut draft = Draft::default();
    if let Some(title) = &args.title {
        draft.title = Some(check_title(title)?.to_string());
    }
    let frameworks = app.frameworks();
    if args.framework.is_some() || !args.sections.is_empty() {
        let framework = frameworks.resolve(&framework_input(app, args)?)?;
        draft.sections = sections_from_flags(app, framework, &args.sections)?;
        draft.framework = Some(framework.id.clone());
    }
    if let Some(d) = &args.date {
        draft.occurred = Some(app.parse_occurred("--date", d)?);
    }
    if !args.criteria.is_empty() {
        draft.criteria = Some(
            app.catalogue()
                .resolve_list(args.criteria.iter().map(String::as_str))?,
        );
    }
    if !args.tags.is_empty() {
        draft.tags = Some(split_tags(&args.tags));
    }
    if let Some(e) = &args.evidence {
        draft.evidence = Some(EvidenceType::resolve(e)?);
    }
    draft.witness = args.witness.clone();
    draft.attachments = args.attachments.clone();
    draft
        .attachments
        .extend(crate::cli::input::attach_files(&app.store, &args.attach)?);
    Ok(draft)
}

/// The message for `logbook add` without a terminal: which flags to pass.
fn no_terminal_error(args: &AddArgs) -> CommandError {
    if args.resume {
        return CommandError::usage(
            "logbook add --resume asks the remaining questions on a terminal, and there is none here",
        )
        .with_hint("run it in a terminal window; the draft is kept until then");
    }
    let mut missing = vec!["--no-input"];
    if args.title.is_none() {
        missing.push("--title TEXT");
    }
    if args.sections.is_empty() {
        missing.push("--section KEY=TEXT");
    }
    CommandError::usage(format!(
        "logbook add asks its questions on a terminal, and there is none here; pass {}",
        missing.join(" ")
    ))
    .with_hint("see `logbook add --help` for --framework, --date, --criteria, --tag, --evidence, --witness")
}

/// The entry `--no-input` flags describe, checked, not yet written.
pub fn from_flags(app: &App, args: &AddArgs) -> Result<Entry> {
    let title = args
        .title
        .as_deref()
        .ok_or_else(|| missing_flags("--title TEXT"))?;
    if args.sections.is_empty() {
        return Err(missing_flags("--section KEY=TEXT"));
    }
    let framework = app.frameworks().resolve(&framework_input(app, args)?)?;
    let sections = sections_from_flags(app, framework, &args.sections)?;

    let occurred = match &args.date {
        Some(d) => app.parse_occurred("--date", d)?,
        None => app.today(),
    };
    let criteria = app
        .catalogue()
        .resolve_list(args.criteria.iter().map(String::as_str))?;
    Ok(Entry {
        title: title.to_string(),
        framework: framework.id.clone(),
        occurred,
        sections,
        criteria,
        tags: split_tags(&args.tags),
        evidence: match &args.evidence {
            Some(e) => EvidenceType::resolve(e)?,
            None => EvidenceType::default(),
        },
        witness: args.witness.clone(),
        attachments: args.attachments.clone(),
        ..Entry::default()
    })
}

/// `--framework`, else the `default_framework` setting, else STAR.
fn framework_input(app: &App, args: &AddArgs) -> Result<String> {
    Ok(match &args.framework {
        Some(f) => f.clone(),
        None => app
            .settings()?
            .default_framework
            .clone()
            .unwrap_or_else(|| "star".into()),
    })
}

/// `--section KEY=TEXT` flags for `framework`, each key once.
fn sections_from_flags(
    app: &App,
    framework: &Framework,
    raw_sections: &[String],
) -> Result<IndexMap<String, String>> {
    let frameworks = app.frameworks();
    let mut sections = IndexMap::new();
    let mut stdin_used = false;
    for raw in raw_sections {
        let (key, value) = raw.split_once('=').ok_or_else(|| {
            CommandError::usage(format!("--section {raw:?} needs the form KEY=TEXT")).with_hint(
                format!(
                    "{}'s keys are {}",
                    framework.name,
                    frameworks
                        .steps(framework)
                        .map(|s| s.key.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?;
        let step = frameworks.step(framework, key)?;
        let text = section_value(key, value, &mut stdin_used)?;
        if sections.contains_key(&step.key) {
            return Err(CommandError::usage(format!(
                "--section {} is given twice",
                step.key
            )));
        }
        sections.insert(step.key.clone(), text);
    }
    Ok(sections)
}

fn missing_flags(flag: &str) -> CommandError {
    CommandError::usage(format!("add --no-input needs {flag}")).with_hint(
        "e.g. logbook add --no-input --title \"Refund complaint\" --section situation=\"...\" --section action=\"...\"",
    )
}

/// Checks what no flag parser can (one-line title, some text) and writes the
/// entry under a fresh id. Returns the entry as stored.
pub fn create(app: &App, mut entry: Entry) -> Result<Entry> {
    entry.title = check_title(&entry.title)?.to_string();
    entry
        .sections
        .retain(|_, text| !crate::model::entry::is_blank(text));
    if entry.sections.is_empty() {
        return Err(CommandError::usage(
            "the entry has no text; fill in at least one section",
        ));
    }
    entry.created = crate::model::dates::whole_seconds(app.now);
    entry.witness = entry
        .witness
        .map(|w| w.trim().to_string())
        .filter(|w| !w.is_empty());
    app.store.create_entry(&mut entry)?;
    Ok(entry)
}
