//! `logbook search QUERY`: entries ranked by how well they match every word
//! of the query, each with a snippet around the match. Takes the same
//! filters as `list`.

use std::io::Write;

use clap::Args;
use serde::Serialize;

use crate::cli::app::App;
use crate::cli::error::{CommandError, Result};
use crate::cli::filter::{FilterArgs, load_matching};
use crate::cli::ui::{self, Paint};
use crate::model::english::plural;
use crate::model::entry::Entry;
use crate::rules::search::{Snippet, Term, parse_query, search};

#[derive(Debug, Args)]
#[command(
    after_help = "Every word must match. Words match the start of words in the title, \
    text, tags and criteria, forgiving case, accents and simple endings (refunds finds \
    refunded); a criterion id such as RES.4 matches entries mapped to it."
)]
pub struct SearchArgs {
    /// The words to look for
    #[arg(required = true, value_name = "WORD")]
    pub query: Vec<String>,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// Only the best N matches
    #[arg(long, short = 'n', value_name = "N")]
    pub limit: Option<usize>,

    /// One JSON array on stdout: [{"id","title","occurred","score","criteria",
    /// "tags","matched","section","snippet"}], best first
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct JsonHit<'a> {
    id: &'a str,
    title: &'a str,
    occurred: chrono::NaiveDate,
    score: f64,
    criteria: &'a [String],
    tags: &'a [String],
    matched: &'a [String],
    section: &'a str,
    snippet: String,
}

pub fn run(app: &App, args: SearchArgs, out: &mut dyn Write) -> Result<()> {
    let query = args.query.join(" ");
    let catalogue = app.catalogue();
    let terms: Vec<Term> = parse_query(&query, |word| {
        let looks_like_id = word.chars().any(|c| c.is_ascii_digit());
        catalogue
            .lookup(word)
            .filter(|_| looks_like_id)
            .map(|c| c.id.clone())
    });
    if terms.is_empty() {
        return Err(CommandError::usage(format!(
            "{query:?} has no words to search for"
        )));
    }
    let filter = args.filter.resolve(app)?;
    let loaded = load_matching(app, &filter);
    let entries: Vec<&Entry> = loaded.iter().collect();
    let mut hits = search(&entries, &terms);
    if let Some(n) = args.limit {
        hits.truncate(n);
    }

    if args.json {
        let list: Vec<JsonHit> = hits
            .iter()
            .map(|h| {
                let e = entries[h.index];
                JsonHit {
                    id: &e.id,
                    title: &e.title,
                    occurred: e.occurred,
                    score: (h.score * 1000.0).round() / 1000.0,
                    criteria: &e.criteria,
                    tags: &e.tags,
                    matched: &h.matched,
                    section: &h.snippet.section,
                    snippet: h.snippet.plain(),
                }
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &list).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }

    if hits.is_empty() {
        let what = if entries.is_empty() {
            "No entries to search".to_string()
        } else {
            format!(
                "No entry matches every word of {}",
                ui::clean(&format!("{query:?}"))
            )
        };
        writeln!(out, "{what}.")?;
        return Ok(());
    }
    let paint = Paint {
        on: ui::stdout_colour(),
    };
    let frameworks = app.frameworks();
    for (n, hit) in hits.iter().enumerate() {
        let e = entries[hit.index];
        if n > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{}  {}  {}",
            e.occurred,
            paint.cyan(&ui::clean(&e.id)),
            paint.bold(&ui::clean(&e.title))
        )?;
        let mut facts = Vec::new();
        if !e.criteria.is_empty() {
            facts.push(e.criteria.join(" "));
        }
        if !e.tags.is_empty() {
            facts.push(
                e.tags
                    .iter()
                    .map(|t| format!("#{t}"))
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
        if !facts.is_empty() {
            writeln!(out, "  {}", paint.dim(&ui::clean(&facts.join(" · "))))?;
        }
        if !hit.snippet.parts.is_empty() {
            let section = frameworks
                .get(&e.framework)
                .and_then(|f| frameworks.steps(f).find(|s| s.key == hit.snippet.section))
                .map_or(hit.snippet.section.as_str(), |s| s.title.as_str());
            writeln!(
                out,
                "  {} {}",
                paint.dim(&format!("{}:", ui::clean(section))),
                painted(&hit.snippet, paint)
            )?;
        }
    }
    let n = hits.len();
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint.dim(&format!(
            "{n} {}",
            plural(n, "entry matches", "entries match")
        ))
    )?;
    Ok(())
}

/// The snippet with the matching words in bold yellow when `paint` is on.
fn painted(snippet: &Snippet, paint: Paint) -> String {
    snippet
        .parts
        .iter()
        .map(|(text, hit)| {
            let text = ui::clean(text);
            if *hit {
                paint.bold(&paint.yellow(&text))
            } else {
                text.into_owned()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_words_are_painted_only_when_colour_is_on() {
        let snippet = Snippet {
            section: "text".into(),
            parts: vec![
                ("…a ".to_string(), false),
                ("refund".to_string(), true),
                (", b…".to_string(), false),
            ],
        };
        let on = painted(&snippet, Paint { on: true });
        assert!(
            on.contains("\x1b[1m\x1b[33mrefund\x1b[0m\x1b[0m,"),
            "{on:?}"
        );
        assert_eq!(painted(&snippet, Paint { on: false }), snippet.plain());
    }
}
