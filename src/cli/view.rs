//! An entry as a person reads it: what `show` prints, and what the
//! walk-through's confirm screen shows before saving.

use std::io::Write;

use crate::cli::ui::{Paint, clean, clean_text, label};
use crate::model::criteria::Catalogue;
use crate::model::entry::Entry;
use crate::model::frameworks::Frameworks;

/// An entry as a person reads it: title, facts, criteria, tags, then each
/// section under its step's title. Also the guided `add`'s confirm screen,
/// where the entry has no id yet (and none is shown). Every piece of text
/// from the entry goes through [`clean`] (or [`clean_text`] for sections),
/// so no control character or escape sequence reaches the terminal.
pub fn write_entry(
    out: &mut dyn Write,
    entry: &Entry,
    frameworks: &Frameworks,
    catalogue: &Catalogue,
    paint: Paint,
) -> std::io::Result<()> {
    let framework = frameworks.get(&entry.framework);
    let framework_name = framework.map_or(entry.framework.as_str(), |f| f.name.as_str());

    writeln!(out, "{}", paint.bold(&clean(&entry.title)))?;
    let mut facts = vec![
        entry.occurred.format("%a %-d %b %Y").to_string(),
        clean(framework_name).into_owned(),
        clean(&entry.evidence.words()).into_owned(),
    ];
    if let Some(w) = &entry.witness {
        facts.push(format!("witness: {}", clean(w)));
    }
    writeln!(out, "{}", facts.join(" · "))?;
    if !entry.id.is_empty() {
        writeln!(
            out,
            "{}",
            paint.dim(&format!("{}{}", label("id"), clean(&entry.id)))
        )?;
    }
    if !entry.criteria.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", paint.bold("Criteria"))?;
        for id in &entry.criteria {
            let label = catalogue
                .criterion(id)
                .map_or("(not in the catalogue)", |c| c.label());
            writeln!(out, "  {}  {}", paint.cyan(&clean(id)), clean(label))?;
        }
    }
    if !entry.tags.is_empty() {
        writeln!(
            out,
            "{}{}",
            paint.bold(&label("Tags")),
            clean(&entry.tags.join(", "))
        )?;
    }
    if !entry.attachments.is_empty() {
        writeln!(
            out,
            "{}{}",
            paint.bold(&label("Attachments")),
            clean(&entry.attachments.join(", "))
        )?;
    }
    for (key, text) in &entry.sections {
        let title = framework
            .and_then(|f| frameworks.steps(f).find(|s| s.key == *key))
            .map_or(key.as_str(), |s| s.title.as_str());
        writeln!(out)?;
        writeln!(out, "{}", paint.bold(&clean(title)))?;
        writeln!(out, "{}", clean_text(text.trim_end()))?;
    }
    Ok(())
}

/// "kind: message — advice (holds back X)", with the unit prefix dropped
/// where the group heading already names it.
pub fn warning_text(w: &crate::rules::gaps::Warning) -> String {
    let message = match &w.unit {
        Some(u) => w
            .message
            .strip_prefix(&format!("{u}: "))
            .unwrap_or(&w.message),
        None => &w.message,
    };
    let mut text = format!("{}: {message} — {}", w.kind, w.advice);
    // These two name what they hold back in their message already.
    use crate::rules::verdict::WarningKind;
    let named = matches!(w.kind, WarningKind::OutOfDate | WarningKind::SameIncident);
    if !w.holds_back.is_empty() && !named {
        text.push_str(&format!(
            " (holds back {})",
            crate::model::english::and_list(&w.holds_back)
        ));
    }
    text
}
