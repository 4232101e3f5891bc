//! `logbook criteria`: the catalogue by unit, one criterion in detail, or
//! JSON for scripts; `criteria import` makes a unit file from a CSV
//! spreadsheet, `criteria new` a template to fill in by hand.

use std::io::Write;

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde::Serialize;

use crate::cli::app::App;
use crate::cli::error::{CommandError, Result};
use crate::cli::scope;
use crate::cli::ui::{self, Paint};
use crate::model::criteria::{Criterion, Unit, is_unit_code};
use crate::model::english::plural;
use crate::model::evidence::EvidenceType;
use crate::model::settings::Settings;
use crate::model::unit_file;
use crate::store::atomic;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
#[command(
    after_help = "Your own criteria live in criteria/CODE.toml in the logbook: import a \
    spreadsheet with `logbook criteria import FILE.csv --unit CODE --title TEXT`, or start one \
    by hand with `logbook criteria new CODE --title TEXT`. `builtin_criteria = false` in \
    logbook.toml switches the built-in units off."
)]
pub struct CriteriaArgs {
    #[command(subcommand)]
    pub action: Option<CriteriaAction>,

    /// Show one criterion in full, with guidance and pitfalls, e.g. RES.4
    /// (a unit's code, e.g. RES, lists that unit)
    #[arg(value_name = "ID")]
    pub id: Option<String>,

    /// Only this unit, e.g. OPS
    #[arg(long, short, value_name = "UNIT")]
    pub unit: Option<String>,

    /// Only this qualification's units (its name, or a part only it has)
    #[arg(long, value_name = "Q")]
    pub qualification: Option<String>,

    /// The catalogue as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum CriteriaAction {
    /// Make criteria/CODE.toml from a spreadsheet saved as CSV (a header row
    /// with at least id and text columns)
    Import(ImportArgs),
    /// Start criteria/CODE.toml by hand: a template with the format explained
    New(NewArgs),
}

#[derive(Debug, Args)]
#[command(
    after_help = "Columns, found by name in any order: id (or ksb, ref), text (or \
    description), and optionally required, summary, keywords, guidance, pitfalls, evidence, \
    asks. Lists are separated by semicolons (keywords, evidence and asks also by commas). \
    Ids may be whole (CSS.K1) or the code alone (K1, S5, B2, 1.2). Every bad row is reported \
    with its line, and then nothing is written."
)]
pub struct ImportArgs {
    /// The CSV file (UTF-8; comma, semicolon or tab separated)
    pub file: PathBuf,

    /// The unit's code: 2-10 capital letters or digits, starting with a letter, e.g. CSS
    #[arg(long, value_name = "CODE")]
    pub unit: String,

    /// The unit's title, e.g. "Customer Service Practitioner KSBs"
    #[arg(long, value_name = "TEXT")]
    pub title: String,

    /// The qualification or standard it belongs to, e.g. "Customer Service
    /// Practitioner (ST0072)" [default: the profile's qualification]
    #[arg(long, value_name = "Q")]
    pub qualification: Option<String>,

    /// Replace criteria/CODE.toml if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The unit's code, e.g. CSS
    pub code: String,

    /// The unit's title
    #[arg(long, value_name = "TEXT")]
    pub title: String,

    /// The qualification or standard it belongs to [default: the profile's qualification]
    #[arg(long, value_name = "Q")]
    pub qualification: Option<String>,

    /// Print the template instead of writing criteria/CODE.toml
    #[arg(long)]
    pub print: bool,
}

#[derive(Serialize)]
struct UnitJson<'a> {
    id: &'a str,
    title: &'a str,
    qualification: Option<&'a str>,
    synopsis: &'a str,
    criteria: &'a [Criterion],
}

pub fn run(app: &App, args: CriteriaArgs, out: &mut dyn Write) -> Result<()> {
    match args.action {
        Some(CriteriaAction::Import(a)) => return import(app, a, out),
        Some(CriteriaAction::New(a)) => return new(app, a, out),
        None => {}
    }
    let scope = scope::qualification(app, args.qualification.as_deref())?;
    let catalogue = scope::catalogue(app, scope.as_ref());
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
                action: None,
                id: None,
                unit: Some(code.to_string()),
                qualification: args.qualification,
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
                qualification: u.qualification.as_deref(),
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
    // Qualifications are named once each, when the logbook has several.
    let several = catalogue.qualifications().len() > 1;
    let mut last_qualification = None;
    for (i, unit) in units.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        if several && unit.qualification != last_qualification {
            let name = unit
                .qualification
                .as_deref()
                .unwrap_or("(no qualification named)");
            writeln!(
                out,
                "{}",
                paint.dim(&ui::clean(&format!("Qualification: {name}")))
            )?;
            last_qualification.clone_from(&unit.qualification);
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
    if units.is_empty() {
        writeln!(
            out,
            "No criteria. Import a spreadsheet with `logbook criteria import FILE.csv --unit CODE --title TEXT`."
        )?;
        return Ok(());
    }
    writeln!(out)?;
    let example = if catalogue.criterion("RES.4").is_some() {
        "RES.4"
    } else {
        units
            .iter()
            .find_map(|u| u.criteria.first())
            .map_or("RES.4", |c| c.id.as_str())
    };
    writeln!(
        out,
        "{}",
        paint.dim(&ui::clean(&format!(
            "`logbook criteria {example}` shows one criterion with guidance and pitfalls."
        )))
    )?;
    Ok(())
}

/// A unit code as typed: upper case, and the shape ids need.
fn unit_code(flag: &str, typed: &str) -> Result<String> {
    let code = typed.trim().to_uppercase();
    if !is_unit_code(&code) {
        return Err(CommandError::usage(format!(
            "{flag}: {:?} is not a unit code: 2 to 10 capital letters or digits, starting with a letter (CSS, TL, ST0072)",
            typed.trim()
        )));
    }
    Ok(code)
}

/// The qualification a new unit belongs to: as given, else the profile's.
fn qualification_for(app: &App, given: Option<&str>) -> Result<Option<String>> {
    let given = match given.map(str::trim) {
        Some("") => return Err(CommandError::usage("--qualification is empty")),
        Some(q) if q.contains(['\n', '\r']) => {
            return Err(CommandError::usage("--qualification must be one line"));
        }
        Some(q) => Some(q.to_string()),
        None => None,
    };
    Ok(given.or_else(|| {
        app.settings()
            .ok()
            .and_then(|s| s.qualification().map(str::to_string))
    }))
}

/// A one-line title.
fn title(typed: &str) -> Result<String> {
    let t = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        return Err(CommandError::usage("--title is empty"));
    }
    if t.chars().any(char::is_control) {
        return Err(CommandError::usage("--title contains a control character"));
    }
    Ok(t)
}

/// `criteria import FILE.csv --unit CODE --title TEXT`: every row checked
/// before anything is written; a bad row is reported with its line.
fn import(app: &App, args: ImportArgs, out: &mut dyn Write) -> Result<()> {
    let code = unit_code("--unit", &args.unit)?;
    let title = title(&args.title)?;
    let qualification = qualification_for(app, args.qualification.as_deref())?;
    let shown = args.file.display().to_string();
    let bytes = std::fs::read(&args.file)
        .map_err(|e| CommandError::io("read", &args.file, e).into_usage())?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..valid]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        CommandError::usage(format!(
            "{}:{line}: not UTF-8 text; save the spreadsheet as \"CSV UTF-8\" and import it again",
            ui::clean(&shown)
        ))
    })?;
    let source = args
        .file
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    let imported =
        match unit_file::from_csv(&text, &source, &code, &title, qualification.as_deref()) {
            Ok(imported) => imported,
            Err(errors) => {
                let line = |e: &unit_file::RowError| format!("{shown}:{}: {}", e.line, e.message);
                if let [only] = errors.as_slice() {
                    return Err(CommandError::usage(format!(
                        "{}; nothing was written",
                        ui::clean(&line(only))
                    )));
                }
                for e in &errors {
                    eprintln!("{}", ui::clean(&line(e)));
                }
                let rows: std::collections::BTreeSet<u64> = errors.iter().map(|e| e.line).collect();
                return Err(CommandError::usage(format!(
                    "{} {} in {}; nothing was written",
                    rows.len(),
                    plural(rows.len(), "bad row", "bad rows"),
                    ui::clean(&shown)
                )));
            }
        };
    let target = app.store.criteria_dir().join(format!("{code}.toml"));
    let _lock = app.store.lock()?;
    app.store.ensure_dir(&app.store.criteria_dir())?;
    let written = if args.force {
        atomic::write_replace(&target, imported.text.as_bytes())
    } else {
        atomic::write_new(&target, imported.text.as_bytes())
    };
    written.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            CommandError::usage(format!("{} already exists", target.display()))
                .with_hint("add --force to replace it")
        }
        _ => CommandError::io("write", &target, e),
    })?;
    for note in &imported.notes {
        ui::warn(note);
    }
    let unit = &imported.unit;
    let first = unit.criteria.first().map_or("", |c| c.id.as_str());
    let last = unit.criteria.last().map_or("", |c| c.id.as_str());
    writeln!(
        out,
        "{}",
        ui::clean(&format!(
            "Imported {} {} ({first}–{last}) into criteria/{code}.toml{}",
            unit.criteria.len(),
            plural(unit.criteria.len(), "criterion", "criteria"),
            unit.qualification
                .as_deref()
                .map_or(String::new(), |q| format!(", qualification {q:?}"))
        ))
    )?;
    if app.settings().is_ok_and(Settings::builtin_criteria) {
        ui::warn(
            "the 21 built-in criteria are still on; add `builtin_criteria = false` to logbook.toml \
             if this qualification is the one you are working towards",
        );
    }
    Ok(())
}

/// `criteria new CODE --title TEXT`: a template to fill in by hand.
fn new(app: &App, args: NewArgs, out: &mut dyn Write) -> Result<()> {
    let code = unit_code("CODE", &args.code)?;
    let title = title(&args.title)?;
    let qualification = qualification_for(app, args.qualification.as_deref())?;
    let text = unit_file::template(&code, &title, qualification.as_deref());
    if args.print {
        out.write_all(text.as_bytes())?;
        return Ok(());
    }
    let target = app.store.criteria_dir().join(format!("{code}.toml"));
    let _lock = app.store.lock()?;
    app.store.ensure_dir(&app.store.criteria_dir())?;
    atomic::write_new(&target, text.as_bytes()).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            CommandError::usage(format!("{} already exists", target.display()))
                .with_hint("edit it, or choose another code")
        }
        _ => CommandError::io("write", &target, e),
    })?;
    writeln!(
        out,
        "{}",
        ui::clean(&format!(
            "Wrote {}: add a [[criteria]] table for each criterion, then run `logbook check`",
            target.display()
        ))
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
