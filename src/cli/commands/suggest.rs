//! `logbook suggest`: which criteria a piece of writing fits, from text on
//! stdin, with the words that matched.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

use clap::Args;
use comfy_table::Cell;

use crate::cli::app::App;
use crate::cli::error::{CommandError, Result};
use crate::cli::ui;
use crate::rules::suggest::{Index, Suggestion};

/// How many suggestions the human output shows unless `--all` is given.
const SHOWN: usize = 5;

#[derive(Debug, Args)]
#[command(after_help = "Example: logbook suggest < draft.txt")]
pub struct SuggestArgs {
    /// Print JSON: [{"id", "score", "matched"}], best first
    #[arg(long)]
    pub json: bool,

    /// Show every criterion with any fit, not just the best few
    #[arg(long)]
    pub all: bool,
}

pub fn run(app: &App, args: SuggestArgs, out: &mut dyn Write) -> Result<()> {
    let text = read_stdin()?;
    let index = Index::new(app.catalogue());
    let mut ranked = index.rank(&text);
    if args.json {
        let items: Vec<serde_json::Value> = ranked
            .iter()
            .map(|s| {
                serde_json::json!({
                    "id": s.id,
                    "score": (s.score * 1000.0).round() / 1000.0,
                    "matched": s.matched,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &items).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    if ranked.is_empty() {
        ui::warn("no criterion fits these words; say what you did, why, and what happened");
        return Ok(());
    }
    if !args.all {
        ranked.truncate(SHOWN);
    }
    write_table(app, &ranked, out)
}

fn write_table(app: &App, ranked: &[Suggestion], out: &mut dyn Write) -> Result<()> {
    let paint = ui::Paint {
        on: ui::stdout_colour(),
    };
    let mut table = ui::table();
    table.set_header(["Criterion", "Fit", "What it asks for", "Your words"]);
    for s in ranked {
        let label = app
            .catalogue()
            .criterion(&s.id)
            .map(|c| c.label().to_string())
            .unwrap_or_default();
        table.add_row([
            Cell::new(paint.bold(&ui::clean(&s.id))),
            Cell::new(if s.modelled {
                format!("{:.0}%", s.score)
            } else {
                format!("{:.1}", s.score)
            }),
            ui::cell(&label),
            ui::cell(&s.matched.join(", ")),
        ]);
    }
    ui::write_table(out, &table)?;
    Ok(())
}

/// The whole of stdin as text.
fn read_stdin() -> Result<String> {
    let mut stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprintln!("Type or paste the text, then press Ctrl-D on a new line.");
    }
    let mut bytes = Vec::new();
    stdin
        .read_to_end(&mut bytes)
        .map_err(|e| CommandError::io("read", &PathBuf::from("stdin"), e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        CommandError::usage(format!(
            "stdin is not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to() + 1
        ))
    })?;
    if text.trim().is_empty() {
        return Err(CommandError::usage("no text on stdin").with_hint(
            "e.g. logbook suggest < account.txt, or echo \"I briefed the team…\" | logbook suggest",
        ));
    }
    Ok(text)
}
