//! `logbook cohort DIR...`: an assessor's caseload. Each directory is a
//! learner's logbook (their own data directory, or a clone of it kept up to
//! date with `logbook --dir DIR sync`); each is judged exactly as `gaps`
//! judges it, through its own digest cache, all of them in parallel, and
//! summed up in one row: coverage, per unit, decisions made, the latest
//! entry, off-the-job hours and whether the learner looks behind.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::Args;
use comfy_table::{Cell, Color};
use indexmap::IndexMap;
use serde::Serialize;

use crate::cli::app::App;
use crate::cli::error::{CommandError, Result};
use crate::cli::scope;
use crate::cli::ui::{self, Paint};
use crate::model::english::plural;
use crate::model::record::Decision;
use crate::model::settings::Settings;
use crate::rules::gaps::{Report, Summary};
use crate::rules::programme::Pace;
use crate::rules::verdict::Status;

/// A learner with no entry for longer than this is flagged as behind.
const QUIET_DAYS: i64 = 28;

#[derive(Debug, Args)]
#[command(
    after_help = "Each DIR is one learner's logbook: their data directory, or a clone of \
it (`logbook --dir DIR sync init --remote URL` once, then `logbook --dir DIR sync` to bring it up \
to date). Units show met/partial/missing criteria, judged as `logbook gaps` judges them."
)]
pub struct CohortArgs {
    /// The learners' logbooks
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,

    /// One JSON document on stdout: {"as_of","learners":[{"dir","learner","summary",
    /// "assessed","latest","units",...}]}
    #[arg(long)]
    pub json: bool,
}

/// Met, partial and missing criteria of one unit.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UnitCounts {
    pub met: usize,
    pub partial: usize,
    pub missing: usize,
}

/// One learner's row.
#[derive(Debug, Clone, Serialize)]
pub struct Learner {
    pub dir: PathBuf,
    pub learner: String,
    pub summary: Summary,
    /// Criteria an assessor has accepted (see [`assessed`]).
    pub assessed: usize,
    /// The day the latest entry happened.
    pub latest: Option<NaiveDate>,
    pub units: IndexMap<String, UnitCounts>,
    pub entries: usize,
    /// Off-the-job hours: "ahead", "on-track" or "behind" (see [`hours_status`]).
    pub hours: Option<Pace>,
    /// Whether any of `flags` is raised.
    pub behind: bool,
    /// Why the learner looks behind, in words.
    pub flags: Vec<String>,
}

#[derive(Serialize)]
struct Caseload<'a> {
    as_of: NaiveDate,
    learners: &'a [Learner],
}

pub fn run(app: &App, args: CohortArgs, out: &mut dyn Write) -> Result<()> {
    for dir in &args.dirs {
        if !dir.is_dir() {
            return Err(
                CommandError::usage(format!("{}: no such directory", dir.display()))
                    .with_hint("each DIR is a learner's logbook (a data directory)"),
            );
        }
    }
    let learners = summarise_all(&args.dirs, app.now);
    if args.json {
        let doc = Caseload {
            as_of: app.today(),
            learners: &learners,
        };
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    render(app, &learners, out)
}

/// Every logbook, in the order given, one per core at a time. Each core
/// reads its logbook on a one-thread pool of its own: the loaders' own
/// parallelism (built for one long logbook) only costs time when the cores
/// are already busy with other logbooks (about 10% more CPU, measured).
fn summarise_all(dirs: &[PathBuf], now: DateTime<FixedOffset>) -> Vec<Learner> {
    // As many as rayon would use: the cores, or RAYON_NUM_THREADS.
    let workers = rayon::current_num_threads().min(dirs.len()).max(1);
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, Learner)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok();
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(dir) = dirs.get(i) else { break };
                        let learner = match &pool {
                            Some(pool) => pool.install(|| summarise(dir, now)),
                            None => summarise(dir, now),
                        };
                        mine.push((i, learner));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, learner)| learner).collect()
}

/// One logbook, judged as `gaps` judges it on the same day.
pub fn summarise(dir: &Path, now: DateTime<FixedOffset>) -> Learner {
    let lb = App::new(dir.to_path_buf(), now);
    let settings = match lb.settings() {
        Ok(s) => s.clone(),
        Err(err) => {
            ui::warn(&format!(
                "{err}; {} is read with default settings",
                dir.display()
            ));
            Settings::default()
        }
    };
    let catalogue = lb.catalogue();
    let today = lb.today();
    // Judged as `gaps` judges it, with the assessor's decisions.
    let evidence = scope::evidence(&lb, &settings, None, |_| true);
    let report = evidence.report(catalogue, &settings, today, today, None);
    let digests = &evidence.digests;
    let latest = digests
        .iter()
        .map(|d| d.entry.occurred)
        .filter(|d| *d <= today)
        .max();
    let units = report
        .units
        .iter()
        .map(|u| {
            let mut counts = UnitCounts::default();
            for c in &u.criteria {
                match c.status {
                    Status::Met => counts.met += 1,
                    Status::Partial => counts.partial += 1,
                    Status::Missing => counts.missing += 1,
                }
            }
            (u.id.clone(), counts)
        })
        .collect();
    let hours = hours_status(&lb, &settings, today);
    let mut flags = Vec::new();
    match latest {
        None => flags.push("no entries yet".to_string()),
        Some(day) => {
            let quiet = (today - day).num_days();
            if quiet > QUIET_DAYS {
                flags.push(format!("no entry for {} weeks", quiet / 7));
            }
        }
    }
    if hours == Some(Pace::Behind) {
        flags.push("off-the-job hours behind".into());
    }
    let learner = settings
        .learner()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| {
            dir.file_name().map_or_else(
                || dir.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        });
    Learner {
        dir: dir.to_path_buf(),
        learner,
        assessed: assessed(&report),
        summary: report.summary,
        latest,
        units,
        entries: digests.len(),
        hours,
        behind: !flags.is_empty(),
        flags,
    }
}

/// How many criteria an assessor has accepted for this learner: those
/// whose `assessed` in `gaps --json` is "accepted" (issue 16's rule, in
/// [`assessed::apply`]: enough current decisions on entries claimed
/// against the criterion).
fn assessed(report: &Report) -> usize {
    report
        .units
        .iter()
        .flat_map(|u| &u.criteria)
        .filter(|c| c.assessed == Some(Decision::Accepted))
        .count()
}

/// The learner's off-the-job hours status on `today`, as `logbook hours`
/// reports it: "ahead", "on-track" or "behind"; `None` (shown as "—")
/// until `otj_minimum_hours`, `start_date` and `end_date` are all set.
fn hours_status(logbook: &App, settings: &Settings, today: NaiveDate) -> Option<Pace> {
    let report = scope::hours(logbook, scope::programme(settings), today, None).ok()?;
    report.status
}

fn render(app: &App, learners: &[Learner], out: &mut dyn Write) -> Result<()> {
    let colour = ui::stdout_colour();
    let paint = Paint { on: colour };
    let behind = learners.iter().filter(|l| l.behind).count();
    let n = learners.len();
    writeln!(
        out,
        "{}",
        paint.bold(&format!(
            "Caseload on {}: {n} {}, {behind} behind",
            app.today(),
            plural(n, "learner", "learners")
        ))
    )?;
    writeln!(out)?;
    // Every unit any logbook has, in the order first met.
    let mut codes: Vec<&str> = Vec::new();
    for l in learners {
        for code in l.units.keys() {
            if !codes.contains(&code.as_str()) {
                codes.push(code);
            }
        }
    }
    let mut header: Vec<String> = ["Learner", "Met", "Partial", "Missing"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    // Everything read from a learner's logbook (their name, unit codes from
    // their criteria files) goes through the terminal sanitiser.
    header.extend(codes.iter().map(|c| ui::clean(c).into_owned()));
    header.extend(["Assessed", "Latest", "Hours", "Behind"].map(String::from));
    let mut table = ui::table();
    table.set_header(header);
    for l in learners {
        let mut cells = vec![
            Cell::new(ui::clean(&l.learner)),
            Cell::new(format!("{}/{}", l.summary.met, l.summary.total)),
            Cell::new(l.summary.partial),
            Cell::new(l.summary.missing),
        ];
        for code in &codes {
            cells.push(Cell::new(
                l.units.get(*code).map_or_else(String::new, |u| {
                    format!("{}/{}/{}", u.met, u.partial, u.missing)
                }),
            ));
        }
        cells.push(Cell::new(l.assessed));
        cells.push(Cell::new(
            l.latest.map_or_else(|| "—".to_string(), |d| d.to_string()),
        ));
        cells.push(Cell::new(l.hours.map_or("—", Pace::words)));
        let flag = if l.behind { "yes" } else { "" };
        cells.push(if colour && l.behind {
            Cell::new(flag).fg(Color::Red)
        } else {
            Cell::new(flag)
        });
        table.add_row(cells);
    }
    ui::write_table(out, &table)?;
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint.dim("Units: met/partial/missing criteria. Met: of all criteria.")
    )?;
    let flagged: Vec<&Learner> = learners.iter().filter(|l| l.behind).collect();
    if !flagged.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", paint.bold("Behind"))?;
        for l in flagged {
            writeln!(
                out,
                "  {}: {}",
                ui::clean(&l.learner),
                ui::clean(&l.flags.join("; "))
            )?;
        }
    }
    Ok(())
}
