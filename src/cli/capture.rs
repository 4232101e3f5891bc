//! Quick capture: `logbook add "text…"` and `logbook note "text…"` store
//! a thought as a free-text entry without a single question, for the way
//! home. The title is the text's first sentence (cut at a word when it is
//! very long); the id is made from it without any personal data, and a
//! line on stderr says when the text holds some. The entry
//! is tagged `note` so it is easy to find and expand later (`logbook edit`).
//! `gaps` judges it like any other entry.

use std::io::{IsTerminal, Write};

use crate::cli::app::App;
use crate::cli::error::{CommandError, Result};
use crate::cli::input::{attach_files, check_title, note_from_stdin, split_tags};
use crate::model::entry::Entry;
use crate::model::evidence::EvidenceType;
use crate::rules::lint::LintConfig;
use crate::rules::verdict::WarningKind;

/// The tag every quick note carries.
pub const NOTE_TAG: &str = "note";

/// What may come with a quick note besides its words.
#[derive(Debug, Default)]
pub struct Extras<'a> {
    pub title: Option<&'a str>,
    pub date: Option<&'a str>,
    pub tags: &'a [String],
    pub criteria: &'a [String],
    pub evidence: Option<&'a str>,
    pub witness: Option<&'a str>,
    /// `--attachment PATH`: documents referred to, not copied.
    pub attachments: &'a [String],
    /// `--attach FILE`: files copied into `evidence/`.
    pub attach: &'a [std::path::PathBuf],
}

/// Stores `words` (joined by spaces; a lone `-` reads stdin) as a note and
/// prints its id on stdout.
pub fn run(app: &App, words: &[String], extras: &Extras, out: &mut dyn Write) -> Result<()> {
    // Everything is read and checked before the writers' lock is taken
    // (`create_entry` takes it): a pipe that is slow to close holds up no
    // other command.
    let text = match words {
        [one] if one == "-" => note_from_stdin()?,
        _ => words.join(" "),
    };
    let text = text.trim().to_string();
    if crate::model::entry::is_blank(&text) {
        return Err(
            CommandError::usage("there is nothing to note: the text is empty")
                .with_hint("logbook note \"what happened, in a sentence or two\""),
        );
    }
    let occurred = match extras.date {
        Some(d) => app.parse_occurred("--date", d)?,
        None => app.today(),
    };
    let title = match extras.title {
        Some(t) => check_title(t)?.to_string(),
        None => title_from(&text),
    };
    let mut tags = vec![NOTE_TAG.to_string()];
    tags.extend(split_tags(extras.tags));
    let tags = split_tags(&tags);
    let mut entry = Entry {
        title,
        created: crate::model::dates::whole_seconds(app.now),
        occurred,
        framework: "free".into(),
        evidence: match extras.evidence {
            Some(e) => EvidenceType::resolve(e)?,
            None => EvidenceType::default(),
        },
        criteria: app
            .catalogue()
            .resolve_list(extras.criteria.iter().map(String::as_str))?,
        tags,
        witness: extras
            .witness
            .map(|w| w.trim().to_string())
            .filter(|w| !w.is_empty()),
        sections: [("text".to_string(), text)].into_iter().collect(),
        ..Entry::default()
    };
    entry.attachments = extras.attachments.to_vec();
    for stored in attach_files(&app.store, extras.attach)? {
        if !entry.attachments.contains(&stored) {
            entry.attachments.push(stored);
        }
    }
    app.store.create_entry(&mut entry)?;
    writeln!(out, "{}", entry.id)?;
    warn_personal_data(app, &entry)?;
    if std::io::stderr().is_terminal() {
        eprintln!(
            "Noted as {} (free text, {}). `logbook edit {}` expands it into a full reflection.",
            entry.id,
            entry.occurred.format("%a %-d %b"),
            entry.id
        );
    }
    Ok(())
}

/// Scripts and quick notes get no coaching, but a customer's contact or
/// card details in an entry are worth a line on stderr (RES.4): what
/// `add --no-input`, `add "text…"` and `note` say after storing it.
pub fn warn_personal_data(app: &App, entry: &Entry) -> Result<()> {
    let config = LintConfig::new(app.settings()?, app.catalogue());
    for lint in crate::rules::lint::lint_entry(entry, app.frameworks(), &config) {
        if lint.kind == WarningKind::PersonalData {
            let place = lint.step.map(|s| format!(" ({s})")).unwrap_or_default();
            crate::cli::ui::warn(&format!(
                "{}{place} {} — {}",
                entry.id, lint.message, lint.advice
            ));
        }
    }
    Ok(())
}

/// A title from a note: its first line's first sentence, whole when it
/// is at most [`WHOLE`] characters (most sentences are), otherwise cut at
/// the last word that ends within [`CUT`] characters, with an ellipsis.
pub fn title_from(text: &str) -> String {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .trim();
    let sentence = line
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?') && line[i + c.len_utf8()..].starts_with(' ') && i > 0
        })
        .map_or(line, |(i, _)| &line[..i]);
    if sentence.chars().count() <= WHOLE {
        return sentence.trim_end_matches(['.', '!', '?']).to_string();
    }
    let mut title = String::new();
    for word in sentence.split_whitespace() {
        if title.chars().count() + word.chars().count() + 1 > CUT - 1 {
            break;
        }
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(word);
    }
    // Not "…because the…": a cut ends on a word that means something.
    while let Some((head, last)) = title.rsplit_once(' ') {
        if !crate::model::names::is_hanging(last.trim_end_matches([',', ';', ':'])) {
            break;
        }
        title.truncate(head.len());
    }
    if title.is_empty() {
        title = sentence.chars().take(CUT - 1).collect();
    }
    format!(
        "{}…",
        title.trim_end_matches([',', ';', ':', '-', '—']).trim_end()
    )
}

/// The longest first sentence a quick note's title keeps whole.
pub const WHOLE: usize = 90;

/// Where a longer first sentence is cut (at a word, the ellipsis counted).
pub const CUT: usize = 72;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_the_first_sentence_cut_at_a_word() {
        assert_eq!(
            title_from("Briefed the team on the new rota."),
            "Briefed the team on the new rota"
        );
        assert_eq!(
            title_from("Mrs X rang again. She was calmer this time.\nMore."),
            "Mrs X rang again"
        );
        // A 63-character sentence stands whole.
        assert_eq!(
            title_from("Briefed the team on the new Christmas rota, everyone ok with it. Good."),
            "Briefed the team on the new Christmas rota, everyone ok with it"
        );
        assert_eq!(
            title_from(
                "Coached a new starter through her first escalation call, then listened in on two more and gave feedback on each"
            ),
            "Coached a new starter through her first escalation call, then listened…"
        );
        assert_eq!(
            title_from("\n\n  v1.2 rollout went fine  "),
            "v1.2 rollout went fine"
        );
        let long = "x".repeat(100);
        assert_eq!(title_from(&long).chars().count(), CUT);
        let ninety = format!("{} end", "word ".repeat(17));
        assert_eq!(title_from(&ninety), ninety.trim());
    }
}
