//! `logbook add`: write a new entry. With `--no-input` everything comes from
//! flags and nothing is asked; otherwise the guided walk-through runs.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;
use indexmap::IndexMap;

use crate::App;
use crate::criteria::EVIDENCE_TYPES;
use crate::entry::Entry;
use crate::error::{Error, Result};
use crate::text::closest;

#[derive(Debug, Args, Default)]
pub struct AddArgs {
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
}

/// Everything needed to write an entry, already checked.
#[derive(Debug, Clone, Default)]
pub struct NewEntry {
    pub title: String,
    pub framework: String,
    pub occurred: Option<NaiveDate>,
    pub sections: IndexMap<String, String>,
    pub criteria: Vec<String>,
    pub tags: Vec<String>,
    pub evidence: String,
    pub witness: Option<String>,
    pub attachments: Vec<String>,
}

pub fn run(app: &App, args: AddArgs, out: &mut dyn Write) -> Result<()> {
    if !args.no_input {
        if !std::io::stdin().is_terminal() {
            return Err(no_terminal_error(&args));
        }
        return Err(
            Error::usage("the guided walk-through is not available in this build")
                .with_hint("use --no-input with --title and --section KEY=TEXT"),
        );
    }
    let new = from_flags(app, &args)?;
    let entry = create(app, new)?;
    writeln!(out, "{}", entry.id)?;
    Ok(())
}

/// The message for `logbook add` without a terminal: which flags to pass.
fn no_terminal_error(args: &AddArgs) -> Error {
    let mut missing = vec!["--no-input"];
    if args.title.is_none() {
        missing.push("--title TEXT");
    }
    if args.sections.is_empty() {
        missing.push("--section KEY=TEXT");
    }
    Error::usage(format!(
        "logbook add asks its questions on a terminal, and there is none here; pass {}",
        missing.join(" ")
    ))
    .with_hint("see `logbook add --help` for --framework, --date, --criteria, --tag, --evidence, --witness")
}

/// Builds a checked [`NewEntry`] from `--no-input` flags.
pub fn from_flags(app: &App, args: &AddArgs) -> Result<NewEntry> {
    let title = args
        .title
        .as_deref()
        .ok_or_else(|| missing_flags("--title TEXT"))?;
    if args.sections.is_empty() {
        return Err(missing_flags("--section KEY=TEXT"));
    }
    let framework_input = match &args.framework {
        Some(f) => f.clone(),
        None => app
            .settings()?
            .default_framework
            .clone()
            .unwrap_or_else(|| "star".into()),
    };
    let frameworks = app.frameworks();
    let framework = frameworks.resolve(&framework_input)?;

    let mut sections = IndexMap::new();
    let mut stdin_used = false;
    for raw in &args.sections {
        let (key, value) = raw.split_once('=').ok_or_else(|| {
            Error::usage(format!("--section {raw:?} needs the form KEY=TEXT")).with_hint(format!(
                "{}'s keys are {}",
                framework.name,
                frameworks
                    .steps(framework)
                    .map(|s| s.key.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
        let step = frameworks.step(framework, key)?;
        let text = section_value(value, &mut stdin_used)?;
        if sections.contains_key(&step.key) {
            return Err(Error::usage(format!(
                "--section {} is given twice",
                step.key
            )));
        }
        sections.insert(step.key.clone(), text);
    }

    let occurred = match &args.date {
        Some(d) => Some(app.parse_date("--date", d)?),
        None => None,
    };
    let criteria = app
        .catalogue()
        .resolve_list(args.criteria.iter().map(String::as_str))?;
    Ok(NewEntry {
        title: title.to_string(),
        framework: framework.id.clone(),
        occurred,
        sections,
        criteria,
        tags: split_tags(&args.tags),
        evidence: resolve_evidence(args.evidence.as_deref().unwrap_or("reflective-account"))?,
        witness: args.witness.clone(),
        attachments: args.attachments.clone(),
    })
}

fn missing_flags(flag: &str) -> Error {
    Error::usage(format!("add --no-input needs {flag}")).with_hint(
        "e.g. logbook add --no-input --title \"Refund complaint\" --section situation=\"...\" --section action=\"...\"",
    )
}

/// `TEXT`, `@FILE` or `-` (stdin, once).
pub fn section_value(value: &str, stdin_used: &mut bool) -> Result<String> {
    if value == "-" {
        if *stdin_used {
            return Err(Error::usage("only one --section can read stdin (KEY=-)"));
        }
        *stdin_used = true;
        let mut stdin = std::io::stdin();
        if stdin.is_terminal() {
            return Err(Error::usage(
                "KEY=- reads the section from stdin, but stdin is a terminal",
            )
            .with_hint("pipe the text in, or use KEY=@FILE"));
        }
        let mut bytes = Vec::new();
        stdin
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("read", &PathBuf::from("stdin"), e))?;
        return String::from_utf8(bytes).map_err(|_| Error::usage("stdin is not UTF-8 text"));
    }
    if let Some(file) = value.strip_prefix('@') {
        let path = PathBuf::from(file);
        let bytes = std::fs::read(&path).map_err(|e| Error::io("read", &path, e).into_usage())?;
        return String::from_utf8(bytes).map_err(|e| {
            Error::usage(format!(
                "{}: not UTF-8 text (byte {})",
                path.display(),
                e.utf8_error().valid_up_to() + 1
            ))
        });
    }
    Ok(value.to_string())
}

/// Tags as given, split on commas, trimmed, without repeats.
pub fn split_tags(raw: &[String]) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in raw.iter().flat_map(|t| t.split(',')) {
        let tag = tag.trim().trim_start_matches(['#', '@']).to_string();
        if !tag.is_empty() && !tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            tags.push(tag);
        }
    }
    tags
}

/// An evidence type by name (case- and space-insensitive), with a "did you mean".
pub fn resolve_evidence(input: &str) -> Result<String> {
    let wanted = input.trim().to_lowercase().replace([' ', '_'], "-");
    if let Some((t, _)) = EVIDENCE_TYPES.iter().find(|(t, _)| *t == wanted) {
        return Ok((*t).to_string());
    }
    let types: Vec<&str> = EVIDENCE_TYPES.iter().map(|(t, _)| *t).collect();
    let err = Error::usage(format!("unknown evidence type {:?}", input.trim()));
    Err(match closest(&wanted, types.iter().copied()) {
        Some(best) => err.with_hint(format!("did you mean {best}?")),
        None => err.with_hint(format!("use one of {}", types.join(", "))),
    })
}

/// Checks what no flag parser can (one-line title, some text) and writes the
/// entry under a fresh id. Returns the entry as stored.
pub fn create(app: &App, new: NewEntry) -> Result<Entry> {
    let title = new.title.trim();
    if title.is_empty() {
        return Err(Error::usage("the title is empty"));
    }
    if title.contains(['\n', '\r']) {
        return Err(Error::usage("the title must be one line"));
    }
    let sections: IndexMap<String, String> = new
        .sections
        .into_iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .collect();
    if sections.is_empty() {
        return Err(Error::usage(
            "the entry has no text; fill in at least one section",
        ));
    }
    let mut entry = Entry {
        id: String::new(),
        title: title.to_string(),
        created: crate::dates::whole_seconds(app.now),
        occurred: new.occurred.unwrap_or_else(|| app.today()),
        updated: None,
        framework: new.framework,
        evidence: new.evidence,
        criteria: new.criteria,
        tags: new.tags,
        witness: new
            .witness
            .map(|w| w.trim().to_string())
            .filter(|w| !w.is_empty()),
        attachments: new.attachments,
        sections,
        source: None,
    };
    app.store.create_entry(&mut entry)?;
    Ok(entry)
}
