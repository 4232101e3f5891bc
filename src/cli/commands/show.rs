//! `logbook show ID`: one entry in full, for reading or as JSON.

use std::io::Write;

use clap::Args;

use crate::cli::app::App;
use crate::cli::error::Result;
use crate::cli::records::{self, EntryRecords};
use crate::cli::scope;
use crate::cli::ui::{self, Paint};
use crate::cli::view::{self, write_entry};
use crate::model::record::Decision;
use crate::rules::gaps::Warning;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The entry's id, or enough of its start to be unique
    pub id: String,

    /// The entry as one JSON object
    #[arg(long)]
    pub json: bool,
}

pub fn run(app: &App, args: ShowArgs, out: &mut dyn Write) -> Result<()> {
    let stored = app.store.find(&args.id)?;
    let entry = &stored.entry;
    let records = records::for_entry(&app.store, &entry.id, &stored.path);
    let warnings = warnings(app, &entry.id)?;
    if args.json {
        // The entry's own fields, then what others added: witnesses and
        // the assessor's decisions (one per criterion).
        let mut doc = serde_json::to_value(entry).map_err(std::io::Error::from)?;
        if let Some(map) = doc.as_object_mut() {
            let witnesses: Vec<_> = records.witnesses.iter().map(|w| w.view()).collect();
            let assessments: Vec<_> = records
                .assessments
                .iter()
                .flat_map(|a| a.views(records.hash.as_deref()))
                .collect();
            map.insert(
                "witnesses".into(),
                serde_json::to_value(witnesses).unwrap_or_default(),
            );
            map.insert(
                "assessments".into(),
                serde_json::to_value(assessments).unwrap_or_default(),
            );
            // What `gaps` finds about this entry, in the shape of its
            // `warnings` (without the entry's own id).
            let findings: Vec<_> = warnings
                .iter()
                .map(|w| {
                    serde_json::json!({
                        "kind": w.kind,
                        "message": w.message,
                        "advice": w.advice,
                        "holds_back": w.holds_back,
                    })
                })
                .collect();
            map.insert("warnings".into(), serde_json::Value::Array(findings));
        }
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    let paint = Paint {
        on: ui::stdout_colour(),
    };
    write_entry(out, entry, app.frameworks(), app.catalogue(), paint)?;
    write_warnings(out, &warnings, paint)?;
    write_records(out, &records, paint)?;
    Ok(())
}

/// What `gaps` finds about the entry today: the same judgement over the
/// whole logbook (an entry can be one incident with another), kept to the
/// findings about this entry.
fn warnings(app: &App, id: &str) -> Result<Vec<Warning>> {
    let settings = app.settings()?;
    let today = app.today();
    let report = scope::evidence(app, settings, None, |_| true).report(
        app.catalogue(),
        settings,
        today,
        today,
        None,
    );
    Ok(report
        .warnings
        .into_iter()
        .filter(|w| w.unit.is_none() && w.entry.as_deref() == Some(id))
        .collect())
}

/// The findings, after the entry's sections: kind, message, advice.
fn write_warnings(out: &mut dyn Write, warnings: &[Warning], paint: Paint) -> Result<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint.bold(&format!("Warnings ({})", warnings.len()))
    )?;
    for w in warnings {
        let text = view::warning_text(w);
        let rest = text.strip_prefix(w.kind.as_str()).unwrap_or(&text);
        writeln!(
            out,
            "  {}{}",
            paint.yellow(w.kind.as_str()),
            ui::clean(rest)
        )?;
    }
    Ok(())
}

/// The witness testimonies and the assessor's decisions, after the entry.
fn write_records(out: &mut dyn Write, records: &EntryRecords, paint: Paint) -> Result<()> {
    for w in &records.witnesses {
        writeln!(out)?;
        // Everything here was typed by someone, so none of it reaches the
        // terminal without the sanitiser.
        let mut who = format!("{}, {}", ui::clean(&w.name), ui::clean(&w.role));
        if let Some(r) = &w.relationship {
            who.push_str(&format!(" ({})", ui::clean(r)));
        }
        writeln!(out, "{} {who}", paint.bold("Witness"))?;
        let mut facts = vec![format!("statement of {}", w.date.format("%-d %b %Y"))];
        facts.push(if w.signed { "signed" } else { "not signed" }.to_string());
        if let Some(c) = &w.contact {
            facts.push(format!("contact: {}", ui::clean(c)));
        }
        writeln!(out, "{}", paint.dim(&facts.join(" · ")))?;
        if let Some(s) = &w.statement {
            writeln!(out, "{}", ui::clean_text(s.trim_end()))?;
        }
    }
    if !records.assessments.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", paint.bold("Assessor decisions"))?;
    }
    for a in &records.assessments {
        let word = match a.decision {
            Decision::Accepted => paint.green(a.decision.words()),
            Decision::ActionRequired => paint.yellow(a.decision.words()),
        };
        let mut line = format!(
            "  {}  {word} by {} on {}",
            ui::clean(&a.criteria.join(", ")),
            ui::clean(&a.assessor),
            a.date.format("%-d %b %Y")
        );
        if let Some(m) = &a.method {
            line.push_str(&format!(" ({})", ui::clean(m)));
        }
        if !records.is_current(a) {
            line.push_str(&format!(" — {}", paint.yellow("changed since assessed")));
        }
        writeln!(out, "{line}")?;
        if let Some(f) = &a.feedback {
            for l in f.trim_end().lines() {
                writeln!(out, "    {}", ui::clean(l))?;
            }
        }
    }
    Ok(())
}
