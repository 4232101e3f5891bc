//! `logbook criteria`: the catalogue by unit, one criterion in detail, or
//! JSON for scripts.

use std::io::Write;

use clap::Args;
use serde::Serialize;

use crate::cli::app::App;
use crate::cli::error::Result;
use crate::cli::ui::{self, Paint};
use crate::model::criteria::{Criterion, Unit};
use crate::model::evidence::EvidenceType;

#[derive(Debug, Args)]
pub struct CriteriaArgs {
    /// Show one criterion in full, with guidance and pitfalls, e.g. RES.4
    /// (a unit's code, e.g. RES, lists that unit)
    #[arg(value_name = "ID")]
    pub id: Option<String>,

    /// Only this unit, e.g. OPS
    #[arg(long, short, value_name = "UNIT")]
    pub unit: Option<String>,

    /// The catalogue as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct UnitJson<'a> {
    id: &'a str,
    title: &'a str,
    synopsis: &'a str,
    criteria: &'a [Criterion],
}

pub fn run(app: &App, args: CriteriaArgs, out: &mut dyn Write) -> Result<()> {
    let catalogue = app.catalogue();
    let paint = Paint {
        on: ui::stdout_colour(),
    };
    // `criteria RES`: a unit's code where a criterion was expected shows the unit.
    let unit_asked = args
        .id
        .as_deref()
        .filter(|id| catalogue.resolve(id).is_err() && catalogue.resolve_unit(id).is_ok());
    if let Some(code) = unit_asked {
        return run(
            app,
            CriteriaArgs {
                id: None,
                unit: Some(code.to_string()),
                json: args.json,
            },
            out,
        );
    }
    if let Some(id) = &args.id {
        let criterion = catalogue.resolve(id)?;
        if args.json {
            serde_json::to_writer_pretty(&mut *out, criterion).map_err(std::io::Error::from)?;
            writeln!(out)?;
            return Ok(());
        }
        return detail(app, criterion, paint, out);
    }
    let units: Vec<&Unit> = match &args.unit {
        Some(u) => vec![catalogue.resolve_unit(u)?],
        None => catalogue.units.iter().collect(),
    };
    if args.json {
        let json: Vec<UnitJson> = units
            .iter()
            .map(|u| UnitJson {
                id: &u.code,
                title: &u.title,
                synopsis: &u.synopsis,
                criteria: &u.criteria,
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &serde_json::json!({ "units": json }))
            .map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    let width = units
        .iter()
        .flat_map(|u| u.criteria.iter())
        .map(|c| c.id.chars().count())
        .max()
        .unwrap_or(5)
        + 2;
    for (i, unit) in units.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{}  {}",
            paint.bold(&ui::clean(&unit.code)),
            paint.bold(&ui::clean(&unit.title))
        )?;
        for c in &unit.criteria {
            let needs = if c.required > 1 {
                paint.dim(&format!("  (needs {})", c.required))
            } else {
                String::new()
            };
            let pad = " ".repeat(width - c.id.chars().count());
            writeln!(
                out,
                "  {}{pad}{}{needs}",
                paint.cyan(&ui::clean(&c.id)),
                ui::clean(c.label())
            )?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint.dim("`logbook criteria RES.4` shows one criterion with guidance and pitfalls.")
    )?;
    Ok(())
}

fn detail(app: &App, c: &Criterion, paint: Paint, out: &mut dyn Write) -> Result<()> {
    let unit = app.catalogue().unit(c.unit());
    // User criteria files are text like any other: made safe to print.
    writeln!(
        out,
        "{}  {}",
        paint.bold(&ui::clean(&c.id)),
        paint.bold(&ui::clean(c.label()))
    )?;
    if let Some(unit) = unit {
        writeln!(
            out,
            "{}",
            paint.dim(&ui::clean(&format!("{} — {}", unit.code, unit.title)))
        )?;
    }
    writeln!(out)?;
    writeln!(out, "{}", ui::clean_text(&c.text))?;
    let needs = if c.required == 1 {
        "1 entry".to_string()
    } else {
        format!("{} entries", c.required)
    };
    writeln!(out)?;
    writeln!(out, "{} {needs}", paint.bold("Needs"))?;
    if !c.evidence.is_empty() {
        writeln!(
            out,
            "{} {}",
            paint.bold("Best evidence"),
            c.evidence
                .iter()
                .map(EvidenceType::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    }
    for (heading, items) in [
        ("How to evidence it", &c.guidance),
        ("Assessors reject", &c.pitfalls),
    ] {
        if items.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "{}", paint.bold(heading))?;
        for item in items {
            writeln!(out, "  • {}", ui::clean(item))?;
        }
    }
    if !c.keywords.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{} {}",
            paint.bold("Words that signal it"),
            paint.dim(&ui::clean(&c.keywords.join(", ")))
        )?;
    }
    Ok(())
}
