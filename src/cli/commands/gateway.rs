//! `logbook gateway`: the readiness checklist before end-point assessment
//! (see [`crate::rules::gateway`] for the checks). Exit 1 while anything is
//! missing, 0 once every check passes.

use std::io::Write;

use clap::Args;
use serde::Serialize;

use crate::cli::app::App;
use crate::cli::error::{CommandError, Result};
use crate::cli::scope::{self, Scope};
use crate::cli::ui::{self, Paint};
use crate::model::english::plural;
use crate::rules::gateway::{self, Check};

#[derive(Debug, Args)]
#[command(
    after_help = "Checks: criteria (every criterion of the qualification has enough \
    evidence), assessor (once the assessor records decisions, every criterion accepted), \
    and for an apprenticeship standard also hours (off-the-job hours at or above \
    otj_minimum_hours), english and maths (recorded in the profile), employer-signoff (the \
    employer_signoff date). Exit 1 until all pass."
)]
pub struct GatewayArgs {
    /// The qualification to check [default: the profile's qualification, or
    /// the only one the logbook has]
    #[arg(long, value_name = "Q")]
    pub qualification: Option<String>,

    /// One JSON document on stdout: {"ready", "checks": [{"id", "ok", "detail"}]}
    #[arg(long)]
    pub json: bool,
}

/// `gateway --json`: the contract's `ready` and `checks`, and (additions)
/// the qualification whose criteria were checked, the profile's
/// qualification when it names another (`working_towards`), whether it is
/// an apprenticeship, and the checks that do not apply to it (left out of
/// `checks`).
#[derive(Serialize)]
struct GatewayJson<'a> {
    ready: bool,
    qualification: &'a str,
    working_towards: Option<&'a str>,
    apprenticeship: bool,
    not_applicable: &'a [&'static str],
    as_of: chrono::NaiveDate,
    checks: &'a [Check],
}

pub fn run(app: &App, args: GatewayArgs, out: &mut dyn Write) -> Result<()> {
    let scope = choose(app, args.qualification.as_deref())?;
    let settings = app.settings()?;
    // The profile's qualification, when the criteria checked are another's
    // (an ILM certificate judged by the built-in units): it is what the
    // candidate works towards, so the heading names it.
    let working_towards = settings
        .qualification()
        .map(str::trim)
        .filter(|q| !q.is_empty() && args.qualification.is_none())
        .filter(|q| {
            app.catalogue()
                .resolve_qualification(q)
                .map_or(true, |found| found != scope.name)
        });
    let ids: Vec<&str> = scope.catalogue.criteria().map(|c| c.id.as_str()).collect();
    let names: Vec<&str> = std::iter::once(scope.name.as_str())
        .chain(working_towards)
        .collect();
    let today = app.today();
    let hours = scope::hours(app, scope::programme(settings), today, None)?;
    // The apprenticeship checks are dropped only for a qualification the
    // profile names that is not one; a logbook that names none, or that
    // logs off-the-job hours, gets the whole checklist.
    let named = settings
        .qualification()
        .is_some_and(|q| !q.trim().is_empty());
    let apprenticeship = !named
        || !hours.items.is_empty()
        || gateway::is_apprenticeship(&names, &ids, &settings.profile);
    let not_applicable: &[&str] = if apprenticeship {
        &[]
    } else {
        &gateway::APPRENTICESHIP_CHECKS
    };
    let report = scope::evidence(app, settings, Some(&scope), |_| true).report(
        &scope.catalogue,
        settings,
        today,
        today,
        None,
    );
    let checks = gateway::checks(&report, &hours, &settings.profile, today, apprenticeship);
    let ready = checks.iter().all(|c| c.ok);
    let failing = checks.iter().filter(|c| !c.ok).count();
    if args.json {
        let doc = GatewayJson {
            ready,
            qualification: &scope.name,
            working_towards,
            apprenticeship,
            not_applicable,
            as_of: today,
            checks: &checks,
        };
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        let paint = Paint {
            on: ui::stdout_colour(),
        };
        let verdict = if ready {
            paint.green("ready")
        } else {
            paint.yellow(&format!(
                "not ready: {failing} of {} checks to go",
                checks.len()
            ))
        };
        writeln!(
            out,
            "{} {verdict}",
            paint.bold(&ui::clean(&format!(
                "Gateway for {} on {today}:",
                working_towards.unwrap_or(&scope.name)
            )))
        )?;
        if working_towards.is_some() {
            writeln!(
                out,
                "{}",
                paint.dim(&ui::clean(&format!(
                    "  judged against the criteria of {}",
                    scope.name
                )))
            )?;
        }
        let width = checks.iter().map(|c| c.id.len()).max().unwrap_or(0);
        for c in &checks {
            let mark = if c.ok {
                paint.green("✓")
            } else {
                paint.red("✗")
            };
            writeln!(out, "  {mark} {:<width$}  {}", c.id, ui::clean(&c.detail))?;
        }
        if !apprenticeship {
            writeln!(
                out,
                "{}",
                paint.dim(
                    "  Not an apprenticeship standard, so the apprenticeship checks (English, maths, \
                     off-the-job hours, employer sign-off) do not apply."
                )
            )?;
        }
    }
    if !ready {
        out.flush()?;
        return Err(CommandError::found(format!(
            "not ready for gateway: {failing} {} to go",
            plural(failing, "check", "checks")
        )));
    }
    Ok(())
}

/// The qualification to check: as asked, else the profile's when it names
/// one of the logbook's, else the only one there is.
fn choose(app: &App, asked: Option<&str>) -> Result<Scope> {
    if let Some(scope) = scope::qualification(app, asked)? {
        return Ok(scope);
    }
    let catalogue = app.catalogue();
    let from_profile = app
        .settings()?
        .qualification()
        .and_then(|q| catalogue.resolve_qualification(q).ok());
    let all = catalogue.qualifications();
    let name = match (from_profile, all.as_slice()) {
        (Some(q), _) => q.to_string(),
        (None, [only]) => (*only).to_string(),
        (None, []) => {
            return Err(CommandError::usage(
                "the logbook has no qualification to check: no unit names one",
            )
            .with_hint("add `qualification = \"...\"` to your criteria files"));
        }
        (None, many) => {
            return Err(CommandError::usage(format!(
                "the logbook has {} qualifications: {}",
                many.len(),
                many.iter()
                    .map(|q| format!("{q:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .with_hint("choose one with --qualification"));
        }
    };
    Ok(Scope {
        catalogue: catalogue.only_qualification(&name),
        name,
    })
}
