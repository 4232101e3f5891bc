//! `logbook witness ID`: records a witness testimony for an entry — who the
//! witness is (name, role, how they know the candidate, how to reach them),
//! what they say, the date and whether they signed it. The testimony is a
//! record file of its own (`records/<id>/witness-….toml`); the entry file
//! is never changed.

use std::io::Write;

use clap::Args;

use crate::cli::app::App;
use crate::cli::error::{CommandError, Result};
use crate::cli::input::text_value;
use crate::cli::records;
use crate::cli::ui;
use crate::model::record::{Record, Witness};
use crate::rules::redact::NameRule;

#[derive(Debug, Args)]
#[command(
    after_help = "A witness is named: the assessor may contact them to confirm what \
    they saw. It is the customer who stays anonymous. The export prints each testimony \
    with a signature block."
)]
pub struct WitnessArgs {
    /// The entry's id, or enough of its start to be unique
    pub id: String,

    /// The witness's full name, e.g. "Priya Shah"
    #[arg(long, value_name = "NAME")]
    pub name: String,

    /// Their job title, e.g. "Store manager"
    #[arg(long, value_name = "ROLE")]
    pub role: String,

    /// How they know you, e.g. "my line manager"
    #[arg(long, value_name = "TEXT")]
    pub relationship: Option<String>,

    /// How the assessor can reach them (work email or phone)
    #[arg(long, value_name = "TEXT")]
    pub contact: Option<String>,

    /// What they saw, in their own words: TEXT, @FILE or - (stdin)
    #[arg(long, value_name = "TEXT|@FILE|-")]
    pub statement: Option<String>,

    /// The day they gave the statement [default: today]
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,

    /// They signed the statement (on paper, or by email from their own address)
    #[arg(long)]
    pub signed: bool,
}

pub fn run(app: &App, args: WitnessArgs, out: &mut dyn Write) -> Result<()> {
    let name = one_line("--name", &args.name)?;
    let role = one_line("--role", &args.role)?;
    let relationship = optional_line("--relationship", args.relationship.as_deref())?;
    let contact = optional_line("--contact", args.contact.as_deref())?;
    let statement = match &args.statement {
        Some(value) => {
            let text = text_value("--statement", value)?;
            Some(text.trim().to_string()).filter(|t| !t.is_empty())
        }
        None => None,
    };
    let date = match &args.date {
        Some(d) => app.parse_date("--date", d)?,
        None => app.today(),
    };
    if date > app.today() {
        return Err(CommandError::usage(format!(
            "--date: {date} is after today; a statement is dated the day it was given"
        )));
    }
    let names = NameRule::from_settings(&app.settings()?.redact);
    let _lock = app.store.lock()?;
    let stored = app.store.find(&args.id)?;
    let entry = &stored.entry;
    if date < entry.occurred {
        return Err(CommandError::usage(format!(
            "--date: {date} is before {} happened ({}); a witness can only confirm it afterwards",
            entry.id, entry.occurred
        )));
    }
    let record = Record::Witness(Witness {
        entry: entry.id.clone(),
        recorded: crate::cli::records::next_time(&app.store, &entry.id, app.now),
        name: name.to_string(),
        role: role.to_string(),
        relationship,
        contact,
        date,
        signed: args.signed,
        statement,
    });
    let path = app.store.add_record(&record)?;
    let shown = path.strip_prefix(app.store.root()).unwrap_or(&path);
    writeln!(
        out,
        "Recorded {}'s testimony for {} ({})",
        ui::clean(name),
        ui::clean(&entry.id),
        ui::clean(&shown.display().to_string())
    )?;
    records::warn_personal_data(&names, &record);
    if !args.signed {
        ui::warn(
            "not marked --signed: an assessor gives an unsigned testimony less weight; \
             record it again with --signed once the witness has signed it",
        );
    }
    Ok(())
}

/// A required one-line value.
pub(crate) fn one_line<'a>(flag: &str, value: &'a str) -> Result<&'a str> {
    let value = value.trim();
    if value.is_empty() {
        return Err(CommandError::usage(format!("{flag} is empty")));
    }
    if value.contains(['\n', '\r']) {
        return Err(CommandError::usage(format!("{flag} must be one line")));
    }
    Ok(value)
}

fn optional_line(flag: &str, value: Option<&str>) -> Result<Option<String>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => Ok(Some(one_line(flag, v)?.to_string())),
        None => Ok(None),
    }
}
