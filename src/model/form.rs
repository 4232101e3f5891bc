//! The Markdown form of an entry: what `add --editor` and `edit ID` open
//! in a person's editor instead of TOML. Fields sit in a front matter
//! block between `---` lines; each step of the framework is a `## Heading`
//! with its question as a comment, and the answer under it:
//!
//! ```text
//! ---
//! title: Refund complaint escalated by phone
//! date: 2026-11-27
//! framework: star
//! evidence: reflective-account
//! criteria: RES.1, RES.6
//! tags: complaint, phone
//! witness: Team leader
//! ---
//!
//! ## Situation
//! <!-- What happened, when and where…? -->
//!
//! A customer rang about a refund…
//! ```
//!
//! [`parse`] reads it back with the checks an entry file gets, every
//! problem at its `line:col`. Pure: text in, text out. A value that would
//! not survive as plain text (leading spaces, a comma inside a tag, a
//! control character) is written in double quotes with JSON escapes, and a
//! line of an answer that would read as a heading or a comment gets a
//! backslash in front; so every field of any entry comes back exactly.

use chrono::NaiveDate;
use indexmap::IndexMap;

use crate::model::criteria::Catalogue;
use crate::model::diagnostic::{Diagnostic, Hinted};
use crate::model::entry::Entry;
use crate::model::evidence::EvidenceType;
use crate::model::frameworks::{Framework, Frameworks, Step};
use crate::model::names::closest;

/// The front matter's keys, in the order they are written.
pub const KEYS: [&str; 7] = [
    "title",
    "date",
    "framework",
    "evidence",
    "criteria",
    "tags",
    "witness",
];

/// What a form holds once read: every field a person edits. The rest of
/// an entry (id, when it was written, attachments) comes from the entry it
/// is applied to ([`Form::apply`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub title: String,
    pub occurred: NaiveDate,
    pub framework: String,
    pub evidence: EvidenceType,
    pub criteria: Vec<String>,
    pub tags: Vec<String>,
    pub witness: Option<String>,
    /// Every heading in the form, by section key, with its text ("" when
    /// left empty), in the order written.
    pub sections: IndexMap<String, String>,
}

/// The note at the top of every form.
const GUIDE: &str = "<!--
  Write under each ## heading, in your own words; lines inside these
  comment marks are ignored. Leave a step empty to skip it.
  date: 27/11/2026, 27 Nov, yesterday, last friday or 2026-11-27
  framework: star, iair, gibbs, driscoll or free (its steps are the headings)
  evidence: reflective-account, observation, witness-testimony, product
    or professional-discussion
  criteria and tags: separated by commas; `logbook criteria` lists the ids
  Save and close the editor to check it; nothing is stored until it is valid.
-->";

/// The form for `entry`: front matter, then a heading for each step the
/// framework asks, each step that has text, and any other section.
pub fn write(entry: &Entry, frameworks: &Frameworks) -> String {
    let mut out = String::from("---\n");
    let field = |out: &mut String, key: &str, value: &str| {
        out.push_str(key);
        out.push(':');
        if !value.is_empty() {
            out.push(' ');
            out.push_str(value);
        }
        out.push('\n');
    };
    field(&mut out, "title", &scalar(&entry.title));
    field(&mut out, "date", &entry.occurred.to_string());
    field(&mut out, "framework", &scalar(&entry.framework));
    field(&mut out, "evidence", &scalar(entry.evidence.as_str()));
    field(&mut out, "criteria", &list(&entry.criteria));
    field(&mut out, "tags", &list(&entry.tags));
    let witness = match &entry.witness {
        None => String::new(),
        Some(w) if w.is_empty() => "\"\"".to_string(),
        Some(w) => scalar(w),
    };
    field(&mut out, "witness", &witness);
    out.push_str("---\n");
    out.push_str(GUIDE);
    out.push('\n');

    let framework = frameworks.resolve(&entry.framework).ok();
    let mut shown: Vec<&str> = Vec::new();
    if let Some(framework) = framework {
        for step in frameworks.steps(framework) {
            let asked = frameworks.asked_steps(framework).any(|s| s.key == step.key);
            if asked || entry.sections.contains_key(&step.key) {
                let optional = step.key == frameworks.reflection.key && asked;
                let text = entry.sections.get(&step.key).map_or("", String::as_str);
                heading(&mut out, &step.title, optional, Some(step), text);
                shown.push(&step.key);
            }
        }
    }
    for (key, text) in &entry.sections {
        if !shown.contains(&key.as_str()) {
            heading(&mut out, key, false, None, text);
        }
    }
    out
}

fn heading(out: &mut String, title: &str, optional: bool, step: Option<&Step>, text: &str) {
    out.push_str("\n## ");
    out.push_str(title);
    if optional {
        out.push_str(" (optional)");
    }
    out.push('\n');
    if let Some(step) = step {
        let note = if step.hint.is_empty() {
            step.question.clone()
        } else {
            format!("{}\n     Hint: {}", step.question, step.hint)
        };
        out.push_str("<!-- ");
        out.push_str(&note.replace("-->", "->"));
        out.push_str(" -->\n");
    }
    out.push('\n');
    for line in text.split('\n') {
        if needs_escape(line) {
            out.push('\\');
        }
        out.push_str(line);
        out.push('\n');
    }
}

/// A line that would read as a heading or the start of a comment, once
/// any backslashes in front are taken away.
fn needs_escape(line: &str) -> bool {
    let bare = line.trim_start_matches('\\');
    is_heading(bare) || bare.starts_with("<!--")
}

fn is_heading(line: &str) -> bool {
    line.starts_with("## ") || line.trim_end() == "##"
}

/// A value written as it is, unless it would not read back the same.
fn scalar(value: &str) -> String {
    let plain = !value.is_empty()
        && value.trim() == value
        && !value.starts_with('"')
        && !value.chars().any(char::is_control);
    if plain {
        value.to_string()
    } else {
        quote(value)
    }
}

fn quote(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| format!("{value:?}"))
}

/// Items separated by commas, each quoted when it must be.
fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|item| {
            if item.contains(',') {
                quote(item)
            } else {
                scalar(item)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One front matter line, as found.
struct Line<'a> {
    /// 1-based line number.
    n: usize,
    /// The column (1-based, in characters) where the value starts.
    col: usize,
    value: &'a str,
}

/// Reads a form back. `today` is the last day an entry may have happened.
/// Every problem comes back, each at its line and column.
pub fn parse(
    text: &str,
    frameworks: &Frameworks,
    catalogue: &Catalogue,
    today: NaiveDate,
) -> Result<Form, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut problems = Vec::new();
    // Blank lines and comments may come before the fields.
    let mut in_comment = false;
    let Some(open) = lines.iter().position(|l| {
        let was = in_comment;
        if was || l.starts_with("<!--") {
            in_comment = !l.contains("-->");
            return false;
        }
        !l.trim().is_empty()
    }) else {
        return Err(vec![Diagnostic::new(1, 1, "the form is empty")]);
    };
    if lines[open].trim_end() != "---" {
        return Err(vec![Diagnostic::new(
            open + 1,
            1,
            "the form starts with a line of three dashes (---), then the title, date and other fields",
        )]);
    }
    let Some(close) = lines[open + 1..]
        .iter()
        .position(|l| l.trim_end() == "---")
        .map(|i| open + 1 + i)
    else {
        return Err(vec![Diagnostic::new(
            open + 1,
            1,
            "the fields are not closed: put a line of three dashes (---) after the last one",
        )]);
    };

    // Front matter.
    let mut fields: IndexMap<&str, Line> = IndexMap::new();
    for (i, raw) in lines.iter().enumerate().take(close).skip(open + 1) {
        let n = i + 1;
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        let Some((key, value)) = raw.split_once(':') else {
            problems.push(Diagnostic::new(
                n,
                1,
                format!("expected `key: value`, found {:?}", raw.trim()),
            ));
            continue;
        };
        let key_col = raw.len() - raw.trim_start().len();
        let name = key.trim().to_lowercase();
        let Some(known) = KEYS.iter().copied().find(|k| *k == name) else {
            let hint = match closest(&name, KEYS) {
                Some(best) => format!("did you mean {best}?"),
                None => format!("the fields are {}", KEYS.join(", ")),
            };
            problems.push(Diagnostic::new(
                n,
                key_col + 1,
                format!("unknown field {:?} ({hint})", key.trim()),
            ));
            continue;
        };
        let lead = if value.trim().is_empty() {
            value.len().min(1)
        } else {
            value.len() - value.trim_start().len()
        };
        let col = raw[..key.len() + 1 + lead].chars().count() + 1;
        if fields.contains_key(known) {
            problems.push(Diagnostic::new(
                n,
                key_col + 1,
                format!("{known} is given twice"),
            ));
            continue;
        }
        fields.insert(
            known,
            Line {
                n,
                col,
                value: value.trim(),
            },
        );
    }
    let end_of_fields = close + 1;
    let missing = |key: &str| {
        Diagnostic::new(
            end_of_fields,
            1,
            format!("the {key} field is missing; add a line `{key}: …` before this one"),
        )
    };

    let title = match fields.get("title") {
        None => {
            problems.push(missing("title"));
            None
        }
        Some(l) => match read_scalar(l) {
            Err(p) => {
                problems.push(p);
                None
            }
            Ok(t) if crate::model::entry::is_blank(&t) => {
                problems.push(Diagnostic::new(l.n, l.col, "the title is empty"));
                None
            }
            Ok(t) => Some(t),
        },
    };
    let occurred = match fields.get("date") {
        None => {
            problems.push(missing("date"));
            None
        }
        // One message per failure: not a date, outside the years a file
        // holds, or after today.
        Some(l) => match crate::model::dates::parse_occurred(l.value, today) {
            Err(e) => {
                problems.push(Diagnostic::new(l.n, l.col, e.with_hint()));
                None
            }
            Ok(d) => Some(d),
        },
    };
    let framework: Option<&Framework> = match fields.get("framework") {
        None => {
            problems.push(missing("framework"));
            None
        }
        Some(l) => match read_scalar(l) {
            Err(p) => {
                problems.push(p);
                None
            }
            Ok(f) => match frameworks.resolve(&f) {
                Ok(f) => Some(f),
                Err(e) => {
                    problems.push(Diagnostic::new(l.n, l.col, e.with_hint()));
                    None
                }
            },
        },
    };
    let evidence = match fields.get("evidence") {
        None => {
            problems.push(missing("evidence"));
            None
        }
        Some(l) => match read_scalar(l).map(|e| EvidenceType::resolve(&e)) {
            Err(p) => {
                problems.push(p);
                None
            }
            Ok(Err(e)) => {
                problems.push(Diagnostic::new(l.n, l.col, e.with_hint()));
                None
            }
            Ok(Ok(e)) => Some(e),
        },
    };
    let mut criteria = Vec::new();
    if let Some(l) = fields.get("criteria") {
        match read_list(l) {
            Err(p) => problems.push(p),
            Ok(items) => {
                for (col, item) in items {
                    match catalogue.resolve(&item) {
                        Ok(c) if !criteria.contains(&c.id) => criteria.push(c.id.clone()),
                        Ok(_) => {}
                        Err(e) => problems.push(Diagnostic::new(l.n, col, e.with_hint())),
                    }
                }
            }
        }
    }
    let tags = match fields.get("tags").map(read_list) {
        None => Vec::new(),
        Some(Err(p)) => {
            problems.push(p);
            Vec::new()
        }
        Some(Ok(items)) => items.into_iter().map(|(_, t)| t).collect(),
    };
    let witness = match fields.get("witness") {
        None => None,
        Some(l) if l.value.is_empty() => None,
        Some(l) => match read_scalar(l) {
            Ok(w) => Some(w),
            Err(p) => {
                problems.push(p);
                None
            }
        },
    };

    // The steps, under their headings.
    let mut sections: IndexMap<String, String> = IndexMap::new();
    let mut current: Option<(String, Vec<&str>)> = None;
    in_comment = false;
    let mut stray: Option<usize> = None;
    let mut bad_heading = false;
    for (i, raw) in lines.iter().enumerate().skip(close + 1) {
        let n = i + 1;
        if in_comment {
            in_comment = !raw.contains("-->");
            continue;
        }
        if let Some(rest) = raw.strip_prefix("<!--") {
            in_comment = !rest.contains("-->");
            continue;
        }
        if is_heading(raw) {
            finish(&mut current, &mut sections);
            bad_heading = false;
            let name = raw[2..].trim();
            let name = name.strip_suffix("(optional)").map_or(name, str::trim_end);
            let Some(framework) = framework else {
                // Without a known framework, headings cannot be checked.
                current = Some((name.to_string(), Vec::new()));
                continue;
            };
            match find_step(frameworks, framework, name) {
                Err(message) => {
                    problems.push(Diagnostic::new(n, 4.min(raw.chars().count() + 1), message));
                    bad_heading = true;
                }
                Ok(key) if sections.contains_key(&key) => {
                    problems.push(Diagnostic::new(n, 1, format!("## {name} is here twice")));
                    bad_heading = true;
                }
                Ok(key) => current = Some((key, Vec::new())),
            }
            continue;
        }
        let line = unescape(raw);
        match &mut current {
            Some((_, body)) => body.push(line),
            None if !line.trim().is_empty() && stray.is_none() && !bad_heading => {
                stray = Some(n);
            }
            None => {}
        }
    }
    finish(&mut current, &mut sections);
    if let Some(n) = stray {
        problems.push(Diagnostic::new(
            n,
            1,
            "text outside any step: put it under a ## heading (the step it belongs to)",
        ));
    }
    if framework.is_some()
        && sections.values().all(|t| crate::model::entry::is_blank(t))
        && problems.is_empty()
    {
        problems.push(Diagnostic::new(
            lines.len().max(1),
            1,
            "there is no text under any heading; write at least one step",
        ));
    }

    match (title, occurred, framework, evidence) {
        (Some(title), Some(occurred), Some(framework), Some(evidence)) if problems.is_empty() => {
            Ok(Form {
                title,
                occurred,
                framework: framework.id.clone(),
                evidence,
                criteria,
                tags,
                witness,
                sections,
            })
        }
        _ => {
            problems.sort_by_key(|p| (p.line, p.col));
            Err(problems)
        }
    }
}

/// A heading's step: by title or key, in any case, with or without its
/// punctuation ("So What" is "So what?").
fn find_step(frameworks: &Frameworks, framework: &Framework, name: &str) -> Result<String, String> {
    let bare = |t: &str| {
        t.trim()
            .trim_end_matches(['?', '.', ':', '!'])
            .trim()
            .to_lowercase()
    };
    let wanted = bare(name);
    if let Some(step) = frameworks.steps(framework).find(|s| {
        bare(&s.title) == wanted || s.key == wanted || bare(&s.key.replace('-', " ")) == wanted
    }) {
        return Ok(step.key.clone());
    }
    let titles: Vec<&str> = frameworks
        .asked_steps(framework)
        .map(|s| s.title.as_str())
        .collect();
    Err(if name.is_empty() {
        format!("a heading needs the name of a step: {}", titles.join(", "))
    } else {
        let hint = match closest(name, titles.iter().copied()) {
            Some(best) if best.ends_with('?') => format!("did you mean {best}"),
            Some(best) => format!("did you mean {best}?"),
            None => format!("its steps are {}", titles.join(", ")),
        };
        format!("{} has no step {name:?} ({hint})", framework.name)
    })
}

/// A line of an answer with its escaping backslash taken away.
fn unescape(line: &str) -> &str {
    match line.strip_prefix('\\') {
        Some(rest) if needs_escape(line) => rest,
        _ => line,
    }
}

fn finish(current: &mut Option<(String, Vec<&str>)>, sections: &mut IndexMap<String, String>) {
    if let Some((key, body)) = current.take() {
        sections.insert(key, tidy(&body));
    }
}

/// An answer's lines as one text, without blank lines around it.
fn tidy(body: &[&str]) -> String {
    let start = body
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(body.len());
    body[start..].join("\n").trim_end().to_string()
}

/// The answer the form gives for text it was written with: what survives
/// [`write`] then [`parse`] unchanged.
pub fn as_read(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    tidy(&lines)
}

fn read_scalar(l: &Line) -> Result<String, Diagnostic> {
    if l.value.starts_with('"') {
        serde_json::from_str::<String>(l.value).map_err(|e| quote_problem(l.n, l.col, &e))
    } else {
        Ok(l.value.to_string())
    }
}

/// A quoted value that does not read: at its opening quote when it is not
/// closed, else where reading stopped.
fn quote_problem(line: usize, col: usize, e: &serde_json::Error) -> Diagnostic {
    let at = if e.is_eof() {
        col
    } else {
        col + e.column().saturating_sub(1)
    };
    Diagnostic::new(
        line,
        at,
        "a quoted value must be one \"…\", with \\\" for a quote inside it and \\\\ for a backslash",
    )
}

/// Items separated by commas, each plain or quoted, with their columns.
fn read_list(l: &Line) -> Result<Vec<(usize, String)>, Diagnostic> {
    let chars: Vec<char> = l.value.chars().collect();
    let mut items = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && chars[i] == ' ' {
            i += 1;
        }
        let start = i;
        if chars.get(i) == Some(&'"') {
            // Up to the closing quote that is not escaped.
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '"' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            let quoted: String = chars[i..(j + 1).min(chars.len())].iter().collect();
            let item = serde_json::from_str::<String>(&quoted)
                .map_err(|e| quote_problem(l.n, l.col + start, &e))?;
            items.push((l.col + start, item));
            i = j + 1;
            while i < chars.len() && chars[i] == ' ' {
                i += 1;
            }
            match chars.get(i) {
                None => {}
                Some(',') => i += 1,
                Some(_) => {
                    return Err(Diagnostic::new(
                        l.n,
                        l.col + i,
                        "expected a comma after the quoted item",
                    ));
                }
            }
        } else {
            let mut j = i;
            while j < chars.len() && chars[j] != ',' {
                j += 1;
            }
            let item: String = chars[i..j].iter().collect::<String>().trim().to_string();
            if !item.is_empty() {
                items.push((l.col + start, item));
            }
            i = j + 1;
        }
    }
    Ok(items)
}

impl Form {
    /// `base` with this form's fields. A section whose text reads the same
    /// as `base`'s keeps `base`'s exact text (its trailing spaces and blank
    /// lines); a step left empty is removed.
    pub fn apply(self, base: &Entry, frameworks: &Frameworks) -> Entry {
        let same_framework = frameworks
            .resolve(&base.framework)
            .is_ok_and(|f| f.id == self.framework);
        let mut sections = IndexMap::new();
        for (key, text) in self.sections {
            match base.sections.get(&key) {
                Some(old) if as_read(old) == text => {
                    sections.insert(key, old.clone());
                }
                _ if text.trim().is_empty() => {}
                _ => {
                    sections.insert(key, text);
                }
            }
        }
        Entry {
            title: self.title,
            occurred: self.occurred,
            framework: if same_framework {
                base.framework.clone()
            } else {
                self.framework
            },
            evidence: self.evidence,
            criteria: self.criteria,
            tags: self.tags,
            witness: self.witness,
            sections,
            ..base.clone()
        }
    }
}

#[cfg(test)]
mod tests;
