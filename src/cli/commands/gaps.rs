//! `logbook gaps`: the coverage report before an assessor visits. Loads the
//! entries, runs the pure engine in [`crate::rules::gaps`], and prints a table per
//! unit, the next steps and the warnings — or the report as JSON.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};

use clap::Args;
use comfy_table::{Cell, Color, ColumnConstraint, Width};
use serde::Serialize;

use crate::cli::app::App;
use crate::cli::error::{CommandError, Result};
use crate::cli::scope;
use crate::cli::ui::{self, Paint};
use crate::model::english::plural;
use crate::model::evidence::EvidenceType;
use crate::model::record::Decision;
use crate::rules::gaps::{CriterionReport, Report, UnitReport};
use crate::rules::programme::{self, Pace, Progress};
use crate::rules::verdict::Status;

/// Next steps shown before "…and N more".
const STEPS_SHOWN: usize = 8;
/// Prose is wrapped to the terminal, but never wider than this there.
const MAX_WIDTH: usize = 100;

#[derive(Debug, Args)]
#[command(
    after_help = "Each criterion is met (enough current evidence an assessor would credit), \
partial (evidence, but not enough of it counts; the report says why) or missing (none yet). \
Thresholds live under [gaps] in logbook.toml; README.md lists them."
)]
pub struct GapsArgs {
    /// Only this unit, e.g. RES
    #[arg(long, short, value_name = "UNIT")]
    pub unit: Option<String>,

    /// Only this qualification's units (its name, or a part only it has,
    /// e.g. ST0072); entries claimed only elsewhere are left out
    #[arg(long, value_name = "Q")]
    pub qualification: Option<String>,

    /// Judge the logbook as it stood on DATE: only entries on or before it,
    /// currency and review cadence measured from it [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// One JSON document on stdout, for scripts
    #[arg(long)]
    pub json: bool,

    /// Exit 1 while any criterion has no evidence at all
    #[arg(long)]
    pub strict: bool,
}

pub fn run(app: &App, args: GapsArgs, out: &mut dyn Write) -> Result<()> {
    let scope = scope::qualification(app, args.qualification.as_deref())?;
    let catalogue = scope::catalogue(app, scope.as_ref());
    let unit = match &args.unit {
        Some(u) => Some(catalogue.resolve_unit(u)?.code.clone()),
        None => None,
    };
    let as_of = match &args.as_of {
        Some(d) => app.parse_date("--as-of", d)?,
        None => app.today(),
    };
    let settings = app.settings()?;
    let evidence = scope::evidence(app, settings, scope.as_ref(), |_| true);
    let report = evidence.report(catalogue, settings, as_of, app.today(), unit.as_deref());
    let digests = &evidence.digests;
    // How far through the programme, by date and by criteria met.
    let progress = programme::progress(
        scope::programme(settings),
        as_of,
        report.summary.met,
        report.summary.total,
    );
    if args.json {
        let doc = GapsJson {
            assessor: AssessorCounts::of(&report),
            report: &report,
            qualification: scope.as_ref().map(|s| s.name.as_str()),
            programme: progress.as_ref(),
        };
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        let types: Types = digests
            .iter()
            .map(|d| (d.entry.id.as_str(), &d.entry.evidence))
            .collect();
        let heading = Heading {
            unit: unit.as_deref(),
            qualification: scope.as_ref().map(|s| s.name.as_str()),
            progress: progress.as_ref(),
        };
        render(&report, &heading, &types, !evidence.judged.is_empty(), out)?;
    }
    let missing = report.summary.missing;
    if args.strict && missing > 0 {
        return Err(CommandError::found(format!(
            "{missing} {} no evidence yet (--strict)",
            plural(missing, "criterion has", "criteria have")
        )));
    }
    Ok(())
}

/// `gaps --json`: the report, and (additions) the qualification it is
/// limited to and the progress through the programme (`null` without
/// programme dates).
#[derive(Serialize)]
struct GapsJson<'a> {
    #[serde(flatten)]
    report: &'a Report,
    assessor: AssessorCounts,
    qualification: Option<&'a str>,
    programme: Option<&'a Progress>,
}

/// `gaps --json` `assessor`: criteria by the assessor's decision that
/// stands (`not_assessed` includes those whose only decisions are out of
/// date), and how many decisions (entry and criterion) are out of date
/// because the entry changed since.
#[derive(Serialize)]
struct AssessorCounts {
    accepted: usize,
    action_required: usize,
    not_assessed: usize,
    out_of_date: usize,
}

impl AssessorCounts {
    fn of(report: &Report) -> AssessorCounts {
        let all: Vec<&CriterionReport> = report.units.iter().flat_map(|u| &u.criteria).collect();
        let count = |d: Option<Decision>| all.iter().filter(|c| c.assessed == d).count();
        AssessorCounts {
            accepted: count(Some(Decision::Accepted)),
            action_required: count(Some(Decision::ActionRequired)),
            not_assessed: count(None),
            out_of_date: all.iter().map(|c| c.out_of_date_decisions.len()).sum(),
        }
    }

    /// "0 accepted, 0 action required, 8 not yet assessed; 1 decision out
    /// of date: the entry changed since (RES.1)".
    fn line(&self, report: &Report) -> String {
        let mut line = format!(
            "Assessor: {} accepted, {} action required, {} not yet assessed",
            self.accepted, self.action_required, self.not_assessed
        );
        if self.out_of_date > 0 {
            let ids: Vec<String> = report
                .units
                .iter()
                .flat_map(|u| &u.criteria)
                .filter(|c| !c.out_of_date_decisions.is_empty())
                .map(|c| c.id.clone())
                .collect();
            let n = self.out_of_date;
            line.push_str(&format!(
                "; {n} {} out of date: {} changed since ({})",
                plural(n, "decision", "decisions"),
                if ids.len() == 1 && n == 1 {
                    "the entry"
                } else {
                    "the entries"
                },
                crate::model::english::and_list(&ids)
            ));
        }
        line
    }
}

/// What the report's first lines say about its scope.
struct Heading<'a> {
    unit: Option<&'a str>,
    qualification: Option<&'a str>,
    progress: Option<&'a Progress>,
}

/// Evidence type by entry id.
type Types<'a> = HashMap<&'a str, &'a EvidenceType>;

fn render(
    report: &Report,
    heading: &Heading,
    types: &Types,
    decisions: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let unit = heading.unit;
    let colour = ui::stdout_colour();
    let paint = Paint { on: colour };
    // On a terminal: its width, never wider than reads well. Piped: the
    // reader's width when COLUMNS says it, else lines are not broken.
    let width = match ui::table().width().map(usize::from) {
        Some(w) if std::io::stdout().is_terminal() => w.clamp(40, MAX_WIDTH),
        Some(w) => w.max(40),
        None => usize::MAX / 2,
    };
    let s = &report.summary;
    let scope = unit.map_or(String::new(), |u| format!(" of {u}"));
    writeln!(
        out,
        "{}",
        paint.bold(&format!(
            "Coverage{scope} on {}: {} of {} criteria met, {} partial, {} missing",
            report.as_of, s.met, s.total, s.partial, s.missing
        ))
    )?;
    if let Some(q) = heading.qualification {
        writeln!(
            out,
            "{}",
            paint.dim(&ui::clean(&format!("Qualification: {q}")))
        )?;
    }
    if let Some(p) = heading.progress {
        let line = format!("Programme: {}", p.sentence());
        let line = if p.status == Pace::Behind {
            format!(
                "{line} — more of the programme has gone than of the criteria; plan evidence for the missing ones with your assessor"
            )
        } else {
            line
        };
        for (k, text) in wrap(&line, room(width, 2)).iter().enumerate() {
            let text = if k == 0 {
                text.clone()
            } else {
                format!("  {text}")
            };
            if p.status == Pace::Behind {
                writeln!(out, "{}", paint.yellow(&text))?;
            } else {
                writeln!(out, "{}", paint.dim(&text))?;
            }
        }
    }
    let currency = crate::model::english::capitalise(&report.currency.text);
    writeln!(out, "{}", paint.dim(&format!("{currency}.")))?;
    if decisions {
        let counts = AssessorCounts::of(report);
        let line = counts.line(report);
        for (k, text) in wrap(&line, room(width, 2)).iter().enumerate() {
            let text = if k == 0 {
                text.clone()
            } else {
                format!("  {text}")
            };
            if counts.out_of_date > 0 {
                writeln!(out, "{}", paint.yellow(&text))?;
            } else {
                writeln!(out, "{}", paint.dim(&text))?;
            }
        }
    }
    for u in &report.units {
        writeln!(out)?;
        unit_table(u, types, colour, paint, width, decisions, out)?;
    }
    if report
        .units
        .iter()
        .flat_map(|u| &u.criteria)
        .any(|c| c.count > 0)
    {
        writeln!(out)?;
        for line in wrap(
            "Evidence: RA reflective account, O observation, WT witness testimony, P product, PD professional discussion.",
            width,
        ) {
            writeln!(out, "{}", paint.dim(&line))?;
        }
    }

    render_steps(report, unit, paint, width, out)?;
    render_warnings(report, paint, width, out)?;
    Ok(())
}

fn render_steps(
    report: &Report,
    unit: Option<&str>,
    paint: Paint,
    width: usize,
    out: &mut dyn Write,
) -> Result<()> {
    if report.next_steps.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "{}", paint.bold("Next steps"))?;
    let shown = report.next_steps.len().min(STEPS_SHOWN);
    for (n, step) in report.next_steps.iter().take(shown).enumerate() {
        let number = format!("{:>2}. ", n + 1);
        let indent = " ".repeat(number.len() + 1);
        for (k, line) in wrap(&step.action, room(width, indent.len()))
            .iter()
            .enumerate()
        {
            if k == 0 {
                writeln!(out, " {number}{}", paint.bold(line))?;
            } else {
                writeln!(out, "{indent}{}", paint.bold(line))?;
            }
        }
        for how in &step.how {
            for line in wrap(how, room(width, indent.len())) {
                writeln!(out, "{indent}{line}")?;
            }
        }
    }
    let more = report.next_steps.len() - shown;
    if more > 0 {
        let hint = match unit {
            Some(_) => format!("…and {more} more: `--json` lists them all."),
            None => format!(
                "…and {more} more: `logbook gaps --unit {}` shows one unit's, `--json` all of them.",
                report.units.last().map_or("RES", |u| u.id.as_str())
            ),
        };
        writeln!(out, "    {}", paint.dim(&hint))?;
    }
    writeln!(
        out,
        "    {}",
        paint.dim("`logbook criteria ID` has every tip for a criterion.")
    )?;
    Ok(())
}

fn render_warnings(report: &Report, paint: Paint, width: usize, out: &mut dyn Write) -> Result<()> {
    if report.warnings.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint.bold(&format!("Warnings ({})", report.warnings.len()))
    )?;
    let mut last_group = None;
    for w in &report.warnings {
        let group = match (&w.unit, &w.entry) {
            (Some(u), _) => format!("{u} (the whole unit)"),
            (None, Some(e)) => e.clone(),
            (None, None) => "logbook".to_string(),
        };
        if last_group.as_ref() != Some(&group) {
            writeln!(out, "  {}", paint.cyan(&ui::clean(&group)))?;
            last_group = Some(group);
        }
        let text = crate::cli::view::warning_text(w);
        for (k, line) in wrap(&text, room(width, 6)).iter().enumerate() {
            if k == 0 {
                match line.strip_prefix(w.kind.as_str()) {
                    Some(rest) => writeln!(out, "    {}{rest}", paint.yellow(w.kind.as_str()))?,
                    None => writeln!(out, "    {line}")?,
                }
            } else {
                writeln!(out, "      {line}")?;
            }
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn unit_table(
    u: &UnitReport,
    types: &Types,
    colour: bool,
    paint: Paint,
    width: usize,
    decisions: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let met = u
        .criteria
        .iter()
        .filter(|c| c.status == Status::Met)
        .count();
    writeln!(
        out,
        "{}  {}  {}",
        paint.bold(&ui::clean(&u.id)),
        paint.bold(&ui::clean(&u.title)),
        paint.dim(&format!("{met} of {} met", u.criteria.len()))
    )?;
    let mut header = vec!["Id", "Asks for", "Status", "Evidence", "Latest"];
    if decisions {
        header.push("Assessor");
    }
    let rows: Vec<Vec<String>> = u
        .criteria
        .iter()
        .map(|c| {
            let mut row = vec![
                c.id.clone(),
                c.label.clone(),
                status_text(c),
                evidence_counts(c, types),
                c.latest.map_or(String::new(), |d| d.to_string()),
            ];
            if decisions {
                row.push(match c.assessed {
                    Some(Decision::Accepted) => "accepted".into(),
                    Some(Decision::ActionRequired) => "action required".into(),
                    None if !c.out_of_date_decisions.is_empty() => "out of date".into(),
                    None => "—".into(),
                });
            }
            row
        })
        .collect();
    let last = header.len() - 1;
    let mut table = ui::table();
    table.set_header(header.clone());
    for (c, row) in u.criteria.iter().zip(&rows) {
        let mut cells: Vec<Cell> = row.iter().map(|text| ui::cell(text)).collect();
        if colour {
            cells[0] = ui::cell(&row[0]).fg(Color::Cyan);
            cells[2] = ui::cell(&row[2]).fg(match c.status {
                Status::Met => Color::Green,
                Status::Partial => Color::Yellow,
                Status::Missing => Color::Red,
            });
        }
        table.add_row(cells);
    }
    // Whatever the other columns leave of `width` goes to the marking
    // point's label, which wraps within it. Every column has a space either
    // side and one between columns, except the last, which has none after.
    let natural = |col: usize| {
        rows.iter()
            .map(|r| r[col].chars().count())
            .chain([header[col].chars().count()])
            .max()
            .unwrap_or(0)
    };
    if let Some(column) = table.column_mut(last) {
        column.set_padding((1, 0));
    }
    let others: usize = (0..=last)
        .filter(|&c| c != 1)
        .map(|c| natural(c) + 3)
        .sum::<usize>()
        - 1;
    let budget = width.saturating_sub(others).max(20);
    if natural(1) + 2 > budget
        && let Some(column) = table.column_mut(1)
    {
        column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(
            u16::try_from(budget).unwrap_or(u16::MAX),
        )));
    }
    ui::write_table(out, &table)?;
    for c in u.criteria.iter().filter(|c| c.status == Status::Partial) {
        let lead = format!("  {}: ", ui::clean(&c.id));
        let indent = " ".repeat(lead.len());
        for why in &c.why {
            for (k, line) in wrap(why, room(width, lead.len())).iter().enumerate() {
                if k == 0 {
                    writeln!(out, "{}{line}", paint.yellow(&lead))?;
                } else {
                    writeln!(out, "{indent}{line}")?;
                }
            }
        }
    }
    Ok(())
}

fn status_text(c: &CriterionReport) -> String {
    if c.required > 1 {
        format!("{} {}/{}", c.status.as_str(), c.credited.len(), c.required)
    } else {
        c.status.as_str().to_string()
    }
}

/// "2 RA, 1 WT": how many entries of each evidence type.
fn evidence_counts(c: &CriterionReport, types: &Types) -> String {
    if c.count == 0 {
        return "—".into();
    }
    c.evidence_types
        .iter()
        .map(|t| {
            let n = c
                .entries
                .iter()
                .filter(|e| types.get(e.as_str()) == Some(&t))
                .count();
            format!("{n} {}", t.abbreviation())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What is left of `width` after an indent, never too narrow to read.
fn room(width: usize, indent: usize) -> usize {
    width.saturating_sub(indent).max(20)
}

/// Words of `text` in lines of at most `width` characters (a longer word
/// gets a line of its own), made safe to print (`ui::clean`): reasons and
/// warnings quote entries and the user's criteria files.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let text = ui::clean(text);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let fits = line.chars().count() + 1 + word.chars().count() <= width;
        if !line.is_empty() && !fits {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_words_whole() {
        assert_eq!(wrap("aa bb cc dd", 5), ["aa bb", "cc dd"]);
        assert_eq!(wrap("a verylongword b", 4), ["a", "verylongword", "b"]);
        assert_eq!(wrap("  ", 10), Vec::<String>::new());
    }
}
