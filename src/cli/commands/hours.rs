//! `logbook hours`: the training-hours log of an apprenticeship. `hours
//! add DURATION` logs a stretch of off-the-job (or, with `--on-the-job`,
//! on-the-job) training; `hours` reports the totals by week and month and
//! the progress against the minimum (`otj_minimum_hours`, pro rata over
//! `start_date` to `end_date`); `hours void ID` cancels a record logged by
//! mistake. Each record is a file of its own under `hours/`, written once
//! and never changed (see `store::hours`).

use std::io::Write;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use comfy_table::Color;

use crate::cli::app::App;
use crate::cli::error::{CommandError, Result};
use crate::cli::scope;
use crate::cli::ui::{self, Paint};
use crate::model::dates::whole_seconds;
use crate::model::hours::{Hours, HoursFile, Void, format_minutes, hours_text, parse_duration};
use crate::rules::programme::{self, HoursReport, Pace};
use crate::store::hours::ID_LEN;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
#[command(
    after_help = "The minimum comes from your profile: `logbook config set otj_minimum_hours \
    278`, with start_date and end_date. Hours expected by today are the minimum pro rata over \
    the programme; within one week's share or 10% of that (whichever is more) is on track. \
    Only off-the-job hours dated within the programme count."
)]
pub struct HoursArgs {
    #[command(subcommand)]
    pub action: Option<HoursAction>,

    /// List the log from this date on (progress still counts it all)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Report as of this date: the log and progress up to it [default: today]
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,

    /// One JSON document on stdout, for scripts
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum HoursAction {
    /// Log training time: off the job unless --on-the-job
    Add(AddArgs),
    /// Cancel a record logged by mistake (it stays in the log's history)
    Void(VoidArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// How long: 2h30m, 90m, 1.5h, 2h
    pub duration: String,

    /// The day of the training [default: today]
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,

    /// What the training was, e.g. "Workshop: handling complaints"
    #[arg(long, value_name = "TEXT")]
    pub activity: String,

    /// A note: what you learned, who ran it
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// The entry that describes what you learned (its id, or a unique start)
    #[arg(long, value_name = "ID")]
    pub entry: Option<String>,

    /// Training as part of your normal work: listed, but not counted
    /// towards the off-the-job minimum
    #[arg(long)]
    pub on_the_job: bool,
}

#[derive(Debug, Args)]
pub struct VoidArgs {
    /// The record's id as `logbook hours` shows it (at least 4 characters)
    pub id: String,

    /// Why, e.g. "logged twice"
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

pub fn run(app: &App, args: HoursArgs, out: &mut dyn Write) -> Result<()> {
    match args.action {
        Some(HoursAction::Add(a)) => return add(app, a, out),
        Some(HoursAction::Void(v)) => return void(app, v, out),
        None => {}
    }
    let since = args
        .since
        .as_deref()
        .map(|d| app.parse_date("--since", d))
        .transpose()?;
    let until = args
        .until
        .as_deref()
        .map(|d| app.parse_date("--until", d))
        .transpose()?;
    if let (Some(s), Some(u)) = (since, until)
        && s > u
    {
        return Err(CommandError::usage(format!(
            "--since {s} is after --until {u}"
        )));
    }
    let as_of = until.unwrap_or_else(|| app.today());
    let dates = scope::programme(app.settings()?);
    let report = scope::hours(app, dates, as_of, since)?;
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &report).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    render(&report, since, out)
}

/// One line of text: trimmed, not empty, no line breaks.
fn one_line(flag: &str, value: &str) -> Result<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(CommandError::usage(format!("{flag} is empty")));
    }
    if value.contains(['\n', '\r']) {
        return Err(CommandError::usage(format!("{flag} must be one line")));
    }
    if value.chars().any(char::is_control) {
        return Err(CommandError::usage(format!(
            "{flag} contains a control character"
        )));
    }
    Ok(value.to_string())
}

fn add(app: &App, args: AddArgs, out: &mut dyn Write) -> Result<()> {
    let minutes = parse_duration(&args.duration)
        .map_err(|e| CommandError::usage(format!("DURATION: {e}")))?;
    let date = match &args.date {
        Some(d) => {
            let date = app.parse_date("--date", d)?;
            if date > app.today() {
                return Err(CommandError::usage(format!(
                    "--date: {} is after today ({}); hours are logged once they are done",
                    date.format("%-d %B %Y"),
                    app.today()
                )));
            }
            date
        }
        None => app.today(),
    };
    let activity = one_line("--activity", &args.activity)?;
    let note = args
        .note
        .as_deref()
        .map(|n| one_line("--note", n))
        .transpose()?;
    let settings = app.settings()?;
    let lock = app.store.lock()?;
    let entry = match &args.entry {
        Some(id) => Some(app.store.find(id)?.entry.id),
        None => None,
    };
    let record = Hours {
        recorded: whole_seconds(app.now),
        date,
        minutes,
        activity,
        off_the_job: !args.on_the_job,
        entry,
        note,
    };
    let (_, id) = app.store.add_hours(&HoursFile::Hours(record.clone()))?;
    let kind = if record.off_the_job {
        "off-the-job"
    } else {
        "on-the-job"
    };
    writeln!(
        out,
        "{}",
        ui::clean(&format!(
            "Logged {} of {kind} training on {date} ({}): {}",
            format_minutes(minutes),
            short(&id),
            record.activity
        ))
    )?;
    let dates = scope::programme(settings);
    if let Some(p) = dates
        && record.off_the_job
        && !p.contains(date)
    {
        ui::warn(&format!(
            "{date} is outside the programme ({} to {}): it is logged, but does not count \
             towards the off-the-job minimum",
            p.start, p.end
        ));
    }
    drop(lock);
    let report = scope::hours(app, dates, app.today(), None)?;
    if let Some(line) = standing(&report) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn void(app: &App, args: VoidArgs, out: &mut dyn Write) -> Result<()> {
    let wanted = args.id.trim().to_lowercase();
    if wanted.len() < 4 || !wanted.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(CommandError::usage(format!(
            "{:?} is not an hours record id: give at least 4 of the hex digits `logbook hours` shows",
            args.id.trim()
        )));
    }
    let reason = args
        .reason
        .as_deref()
        .map(|r| one_line("--reason", r))
        .transpose()?;
    let _lock = app.store.lock()?;
    let found = app.store.hours_files();
    ui::warn_skipped(&found.problems);
    let live = programme::live(found.files.iter().map(|f| (f.id.as_str(), &f.file)));
    let matches: Vec<&programme::Item> =
        live.iter().filter(|i| i.id.starts_with(&wanted)).collect();
    let item = match matches.as_slice() {
        [one] => *one,
        [] => {
            let voided = found.files.iter().any(|f| f.id.starts_with(&wanted));
            return Err(CommandError::usage(if voided {
                format!("{wanted} is already voided")
            } else {
                format!("no hours record {wanted}")
            })
            .with_hint("`logbook hours` lists the records with their ids"));
        }
        many => {
            return Err(
                CommandError::usage(format!("{wanted} matches {} records", many.len()))
                    .with_hint("type more of the id"),
            );
        }
    };
    let void = HoursFile::Void(Void {
        recorded: whole_seconds(app.now),
        voids: item.id.clone(),
        reason,
    });
    app.store.add_hours(&void)?;
    writeln!(
        out,
        "{}",
        ui::clean(&format!(
            "Voided {} ({} on {}: {}); it no longer counts",
            short(&item.id),
            format_minutes(item.hours.minutes),
            item.hours.date,
            item.hours.activity
        ))
    )?;
    Ok(())
}

/// A record's id as shown: its first 7 hex digits (any unique start works).
fn short(id: &str) -> &str {
    id.get(..7.min(ID_LEN)).unwrap_or(id)
}

/// "Off-the-job: 42.5 of 278 hours, 57.7 expected by today: behind".
fn standing(r: &HoursReport) -> Option<String> {
    let target = r.target_hours?;
    let mut line = format!(
        "Off-the-job: {} of {} hours",
        hours_text(r.logged_hours),
        hours_text(target)
    );
    if let (Some(expected), Some(status)) = (r.expected_by_now, r.status) {
        line.push_str(&format!(
            ", {} expected by {}: {}",
            hours_text(expected),
            r.as_of,
            status.words()
        ));
    }
    Some(line)
}

fn render(r: &HoursReport, since: Option<NaiveDate>, out: &mut dyn Write) -> Result<()> {
    let colour = ui::stdout_colour();
    let paint = Paint { on: colour };
    writeln!(
        out,
        "{}",
        paint.bold(&format!("Off-the-job training on {}", r.as_of))
    )?;
    match (r.target_hours, r.start_date, r.end_date) {
        (Some(target), Some(start), Some(end)) => writeln!(
            out,
            "  Minimum   {} hours, {start} to {end}",
            hours_text(target)
        )?,
        (Some(target), _, _) => writeln!(
            out,
            "  Minimum   {} hours (set start_date and end_date to see the pace)",
            hours_text(target)
        )?,
        (None, _, _) => writeln!(
            out,
            "  Minimum   not set: `logbook config set otj_minimum_hours HOURS` (your standard's minimum)"
        )?,
    }
    let share = r
        .target_hours
        .filter(|t| *t > 0.0)
        .map_or(String::new(), |t| {
            format!(" ({:.0}% of the minimum)", r.logged_hours / t * 100.0)
        });
    writeln!(
        out,
        "  Logged    {} hours off the job{share}",
        hours_text(r.logged_hours)
    )?;
    if let (Some(expected), Some(tolerance), Some(status)) =
        (r.expected_by_now, r.tolerance_hours, r.status)
    {
        writeln!(
            out,
            "  Expected  {} hours by {} (on track within {} hours)",
            hours_text(expected),
            r.as_of,
            hours_text(tolerance)
        )?;
        let gap = r.logged_hours - expected;
        let mut words = match status {
            Pace::Ahead => format!("ahead, by {} hours", hours_text(gap)),
            Pace::OnTrack => "on track".to_string(),
            Pace::Behind => format!("behind, by {} hours", hours_text(-gap)),
        };
        if let (Some(target), Some(end)) = (r.target_hours, r.end_date) {
            let weeks = (end - r.as_of).num_days() as f64 / 7.0;
            let left = target - r.logged_hours;
            if left > 0.0 && weeks >= 1.0 {
                words.push_str(&format!(
                    "; {} hours a week from now reaches {} by {end}",
                    hours_text((left / weeks * 10.0).ceil() / 10.0),
                    hours_text(target)
                ));
            }
        }
        let words = format!("  Status    {words}");
        let painted = match status {
            Pace::Behind => paint.yellow(&words),
            Pace::Ahead | Pace::OnTrack => paint.green(&words),
        };
        writeln!(out, "{painted}")?;
    }
    if r.not_counted_hours > 0.0 {
        writeln!(
            out,
            "  {}",
            paint.dim(&format!(
                "{} off-the-job hours dated outside the programme are not counted",
                hours_text(r.not_counted_hours)
            ))
        )?;
    }
    if r.items.is_empty() {
        writeln!(out)?;
        let none = match since {
            Some(s) => format!("No hours logged from {s} to {}.", r.as_of),
            None => "No hours logged yet. Log some with `logbook hours add 2h30m --activity \"Workshop: handling complaints\"`.".to_string(),
        };
        writeln!(out, "{none}")?;
        return Ok(());
    }
    writeln!(out)?;
    let mut weeks = ui::table();
    weeks.set_header(["Week", "Off-the-job hours"]);
    for w in &r.weeks {
        weeks.add_row(vec![ui::cell(&w.week), ui::cell(&hours_text(w.hours))]);
    }
    ui::write_table(out, &weeks)?;
    writeln!(out)?;
    let mut months = ui::table();
    months.set_header(["Month", "Off-the-job hours"]);
    for m in &r.months {
        months.add_row(vec![ui::cell(&m.month), ui::cell(&hours_text(m.hours))]);
    }
    ui::write_table(out, &months)?;
    writeln!(out)?;
    let mut log = ui::table();
    log.set_header(["Id", "Date", "Time", "Kind", "Activity", "Entry"]);
    for i in &r.items {
        let kind = match (i.off_the_job, i.counted) {
            (true, true) => "off the job",
            (true, false) => "off the job, not counted",
            (false, _) => "on the job",
        };
        let activity = match &i.note {
            Some(note) => format!("{} — {note}", i.activity),
            None => i.activity.clone(),
        };
        let mut id = ui::cell(short(&i.id));
        if colour {
            id = id.fg(Color::Cyan);
        }
        log.add_row(vec![
            id,
            ui::cell(&i.date.to_string()),
            ui::cell(&format_minutes(i.minutes)),
            ui::cell(kind),
            ui::cell(&activity),
            ui::cell(i.entry.as_deref().unwrap_or("—")),
        ]);
    }
    ui::write_table(out, &log)?;
    let n = r.items.len();
    writeln!(
        out,
        "{}",
        paint.dim(&format!(
            "{n} {}: {} hours off the job, {} on the job; `logbook hours void ID` cancels one logged by mistake",
            crate::model::english::plural(n, "record", "records"),
            hours_text(r.period_hours - r.on_the_job_hours),
            hours_text(r.on_the_job_hours)
        ))
    )?;
    Ok(())
}
