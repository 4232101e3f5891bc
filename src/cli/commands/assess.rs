//! `logbook assess ID`: an assessor's decision on an entry, for one or more
//! of the criteria it claims: accepted, or action required, with feedback.
//! The decision is a record file of its own (`records/<id>/assessment-….toml`)
//! holding the SHA-256 of the entry file it judged, so an edit afterwards
//! shows as "changed since assessed". The entry file is never changed.

use std::io::Write;

use clap::{ArgGroup, Args};

use crate::cli::app::App;
use crate::cli::error::{CommandError, Result};
use crate::cli::input::text_value;
use crate::cli::records;
use crate::cli::ui;
use crate::model::english::and_list;
use crate::model::record::{Assessment, Decision, Record};
use crate::rules::redact::NameRule;
use crate::store::records::file_sha256;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("decision").required(true).args(["accept", "action_required"])))]
#[command(
    after_help = "Each decision is kept apart from the candidate's entry, with a hash of \
    the text judged: once the entry changes, the decision is shown as not current until \
    you assess it again. `logbook show ID` lists the decisions; `logbook gaps` and the \
    export show them beside the candidate's claim."
)]
pub struct AssessArgs {
    /// The entry's id, or enough of its start to be unique
    pub id: String,

    /// The criteria judged, e.g. RES.1,RES.6 (each one the entry claims)
    #[arg(long, short, value_name = "IDS", required = true)]
    pub criterion: Vec<String>,

    /// The evidence meets the criteria
    #[arg(long)]
    pub accept: bool,

    /// Not yet: say what to do in --feedback
    #[arg(long)]
    pub action_required: bool,

    /// Who decides [default: `assessor` in the profile, `logbook config set assessor NAME`]
    #[arg(long, value_name = "NAME")]
    pub assessor: Option<String>,

    /// Feedback to the candidate: TEXT, @FILE or - (stdin)
    #[arg(long, value_name = "TEXT|@FILE|-")]
    pub feedback: Option<String>,

    /// How it was assessed, e.g. "observation", "examined product", "professional discussion"
    #[arg(long, value_name = "METHOD")]
    pub method: Option<String>,

    /// The day of the decision [default: today]
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
}

pub fn run(app: &App, args: AssessArgs, out: &mut dyn Write) -> Result<()> {
    let decision = if args.accept {
        Decision::Accepted
    } else {
        Decision::ActionRequired
    };
    let assessor = match args
        .assessor
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        Some(a) => a.to_string(),
        None => app
            .settings()?
            .profile
            .text("assessor")
            .map(str::to_string)
            .ok_or_else(|| {
                CommandError::usage("who is deciding? pass --assessor NAME")
                    .with_hint("or set it once: logbook config set assessor NAME")
            })?,
    };
    if assessor.contains(['\n', '\r']) {
        return Err(CommandError::usage("--assessor must be one line"));
    }
    let criteria = app
        .catalogue()
        .resolve_list(args.criterion.iter().map(String::as_str))?;
    let feedback = match &args.feedback {
        Some(value) => {
            let text = text_value("--feedback", value)?;
            Some(text.trim().to_string()).filter(|t| !t.is_empty())
        }
        None => None,
    };
    let method = args
        .method
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(str::to_string);
    let date = match &args.date {
        Some(d) => app.parse_date("--date", d)?,
        None => app.today(),
    };
    if date > app.today() {
        return Err(CommandError::usage(format!(
            "--date: {date} is after today; date a decision the day it is made"
        )));
    }

    let names = NameRule::from_settings(&app.settings()?.redact);
    let _lock = app.store.lock()?;
    let stored = app.store.find(&args.id)?;
    let entry = &stored.entry;
    let unclaimed: Vec<String> = criteria
        .iter()
        .filter(|c| !entry.criteria.contains(c))
        .cloned()
        .collect();
    if !unclaimed.is_empty() {
        return Err(CommandError::usage(format!(
            "{} does not claim {}; an assessor decides on what the candidate claims",
            entry.id,
            and_list(&unclaimed)
        ))
        .with_hint(format!(
            "the candidate can map it first: logbook tag {} --add {}",
            entry.id,
            unclaimed.join(",")
        )));
    }
    let record = Record::Assessment(Assessment {
        entry: entry.id.clone(),
        recorded: crate::cli::records::next_time(&app.store, &entry.id, app.now),
        criteria: criteria.clone(),
        decision,
        assessor,
        method,
        date,
        entry_sha256: file_sha256(&stored.path)?,
        feedback: feedback.clone(),
    });
    let path = app.store.add_record(&record)?;
    let shown = path.strip_prefix(app.store.root()).unwrap_or(&path);
    writeln!(
        out,
        "{}: {} for {} ({})",
        decision.words(),
        ui::clean(&and_list(&criteria)),
        ui::clean(&entry.id),
        ui::clean(&shown.display().to_string())
    )?;
    records::warn_personal_data(&names, &record);
    if decision == Decision::ActionRequired && feedback.is_none() {
        ui::warn("no --feedback: the candidate will not know what action to take");
    }
    Ok(())
}
