//! The entry model and its TOML file format (see CONTRACT.md). Pure: text in,
//! entry out, with positions for every problem.
//!
//! [`Entry`] is the one shape of an entry: the files, `show --json`, the
//! digest cache and the entry a walk-through or `add` builds are all this
//! type (an entry not yet written has an empty id).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::ops::Range;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};
use indexmap::IndexMap;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};
use toml::Spanned;
use toml::value::Datetime;

use crate::model::criteria::Catalogue;
use crate::model::dates::YEARS;
use crate::model::diagnostic::{Diagnostic, Hinted};
use crate::model::evidence::{EvidenceError, EvidenceType};
use crate::model::frameworks::Frameworks;

/// Whether `text` shows nothing: only white space and characters with no
/// visible form of their own — zero-width spaces and joiners, the
/// byte-order mark, bidirectional marks and overrides, soft hyphens,
/// variation selectors, tag characters, fillers, other control and format
/// characters. A title or a step made only of these is empty.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(is_invisible)
}

/// A character that takes no visible form on its own (see [`is_blank`]).
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{00ad}'
                | '\u{034f}'
                | '\u{061c}'
                | '\u{115f}'
                | '\u{1160}'
                | '\u{17b4}'
                | '\u{17b5}'
                | '\u{180b}'..='\u{180f}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{fe00}'..='\u{fe0f}'
                | '\u{feff}'
                | '\u{ffa0}'
                | '\u{fff0}'..='\u{fff8}'
                | '\u{1bca0}'..='\u{1bca3}'
                | '\u{1d173}'..='\u{1d17a}'
                | '\u{e0000}'..='\u{e0fff}'
        )
}
use crate::model::names::is_valid_id;

/// One piece of evidence, as stored in `entries/YYYY/MM/<id>.toml`.
/// Serialised (see its `Serialize`) for `--json` and the digest cache.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub created: DateTime<FixedOffset>,
    pub occurred: NaiveDate,
    pub updated: Option<DateTime<FixedOffset>>,
    pub framework: String,
    pub evidence: EvidenceType,
    pub criteria: Vec<String>,
    pub tags: Vec<String>,
    pub witness: Option<String>,
    pub attachments: Vec<String>,
    pub sections: IndexMap<String, String>,
    /// Where an imported entry came from (`jrnl:…`), so a second import of
    /// the same file creates nothing new.
    #[serde(default)]
    pub source: Option<String>,
}

/// Field by field, in the order above. People and scripts read the JSON:
/// times to the second with their offset, as in the file, and `source` only
/// for an imported entry. A format that is not human-readable (the digest
/// cache's postcard) gets every field, times exact, so [`Entry`]'s derived
/// `Deserialize` reads it back.
impl Serialize for Entry {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let readable = s.is_human_readable();
        let source = !readable || self.source.is_some();
        let mut e = s.serialize_struct("Entry", 12 + usize::from(source))?;
        e.serialize_field("id", &self.id)?;
        e.serialize_field("title", &self.title)?;
        if readable {
            e.serialize_field("created", &format_time(&self.created))?;
        } else {
            e.serialize_field("created", &self.created)?;
        }
        e.serialize_field("occurred", &self.occurred)?;
        if readable {
            e.serialize_field("updated", &self.updated.as_ref().map(format_time))?;
        } else {
            e.serialize_field("updated", &self.updated)?;
        }
        e.serialize_field("framework", &self.framework)?;
        e.serialize_field("evidence", &self.evidence)?;
        e.serialize_field("criteria", &self.criteria)?;
        e.serialize_field("tags", &self.tags)?;
        e.serialize_field("witness", &self.witness)?;
        e.serialize_field("attachments", &self.attachments)?;
        e.serialize_field("sections", &self.sections)?;
        if source {
            e.serialize_field("source", &self.source)?;
        } else {
            e.skip_field("source")?;
        }
        e.end()
    }
}

/// Where an entry sorts in date order: the day it happened, then when it
/// was written, then its id. Borrowed from the entry, or owned
/// ([`DateKey::into_owned`]) by a loader that keeps only part of it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateKey<'a>(NaiveDate, DateTime<FixedOffset>, Cow<'a, str>);

impl DateKey<'_> {
    pub fn into_owned(self) -> DateKey<'static> {
        DateKey(self.0, self.1, Cow::Owned(self.2.into_owned()))
    }
}

impl Entry {
    /// This entry's place in date order.
    pub fn date_key(&self) -> DateKey<'_> {
        DateKey(self.occurred, self.created, Cow::Borrowed(&self.id))
    }
}

/// Date order: the day it happened, then when it was written, then the id.
pub fn date_order(a: &Entry, b: &Entry) -> Ordering {
    a.date_key().cmp(&b.date_key())
}

/// Byte ranges of the fields semantic checks point at: each value as
/// written in the file (a string's quotes included).
#[derive(Debug, Clone, Default)]
pub struct Spans {
    pub id: Range<usize>,
    pub title: Range<usize>,
    pub framework: Range<usize>,
    pub evidence: Range<usize>,
    pub occurred: Range<usize>,
    pub criteria: Vec<Range<usize>>,
    pub tags: Vec<Range<usize>>,
    pub witness: Option<Range<usize>>,
    pub attachments: Vec<Range<usize>>,
    /// The sections' keys, in order.
    pub sections: Vec<Range<usize>>,
    /// The sections' texts, in the same order.
    pub section_texts: Vec<Range<usize>>,
}

/// The on-disk shape: native TOML datetimes, spans for error positions.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    id: Spanned<String>,
    title: Spanned<String>,
    created: Spanned<Datetime>,
    occurred: Spanned<Datetime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    updated: Option<Spanned<Datetime>>,
    framework: Spanned<String>,
    evidence: Spanned<String>,
    #[serde(default)]
    criteria: Vec<Spanned<String>>,
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    witness: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    attachments: Vec<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(default)]
    sections: IndexMap<Spanned<String>, Spanned<String>>,
}

fn spanned<T>(value: T) -> Spanned<T> {
    Spanned::new(0..0, value)
}

/// Why an entry could not be turned into the text of its file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SerialiseError {
    #[error("its {field} date {value} is outside the years 0001 to 9999 an entry file can hold")]
    OutOfRange { field: &'static str, value: String },
    #[error("it cannot be written as TOML: {0}")]
    Toml(String),
}

fn toml_date(field: &'static str, date: NaiveDate) -> Result<toml::value::Date, SerialiseError> {
    let year = u16::try_from(date.year())
        .ok()
        .filter(|_| YEARS.contains(&date.year()))
        .ok_or_else(|| SerialiseError::OutOfRange {
            field,
            value: date.to_string(),
        })?;
    Ok(toml::value::Date {
        year,
        month: date.month() as u8,
        day: date.day() as u8,
    })
}

fn toml_day(field: &'static str, date: NaiveDate) -> Result<Datetime, SerialiseError> {
    Ok(Datetime {
        date: Some(toml_date(field, date)?),
        time: None,
        offset: None,
    })
}

/// Whole seconds and a numeric offset, as [`format_time`] writes them.
fn toml_time(
    field: &'static str,
    time: &DateTime<FixedOffset>,
) -> Result<Datetime, SerialiseError> {
    let minutes = time.offset().local_minus_utc() / 60;
    Ok(Datetime {
        date: Some(toml_date(field, time.date_naive())?),
        time: Some(toml::value::Time {
            hour: time.hour() as u8,
            minute: time.minute() as u8,
            second: Some(time.second() as u8),
            nanosecond: None,
        }),
        offset: Some(toml::value::Offset::Custom {
            minutes: i16::try_from(minutes)
                .map_err(|_| SerialiseError::Toml(format!("the offset of {field}")))?,
        }),
    })
}

impl Entry {
    /// The TOML text of this entry, as written to disk, or why it cannot be
    /// (a date outside [`YEARS`]). The store writes nothing it has not read
    /// back as this same entry.
    pub fn to_toml(&self) -> Result<String, SerialiseError> {
        let file = EntryFile {
            id: spanned(self.id.clone()),
            title: spanned(self.title.clone()),
            created: spanned(toml_time("created", &self.created)?),
            occurred: spanned(toml_day("occurred", self.occurred)?),
            updated: match &self.updated {
                Some(u) => Some(spanned(toml_time("updated", u)?)),
                None => None,
            },
            framework: spanned(self.framework.clone()),
            evidence: spanned(self.evidence.as_str().to_string()),
            criteria: self.criteria.iter().cloned().map(spanned).collect(),
            tags: self.tags.iter().cloned().map(spanned).collect(),
            witness: self.witness.clone().map(spanned),
            attachments: self.attachments.iter().cloned().map(spanned).collect(),
            source: self.source.clone(),
            sections: self
                .sections
                .iter()
                .map(|(k, v)| (spanned(k.clone()), spanned(v.clone())))
                .collect(),
        };
        toml::to_string(&file).map_err(|e| SerialiseError::Toml(e.to_string()))
    }

    /// Parses an entry file's text. Syntax, type and missing-field problems
    /// make the file unusable; see [`validate`] for the softer checks.
    pub fn parse(text: &str) -> Result<(Entry, Spans), Diagnostic> {
        let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
        let bom = text.len() - text_no_bom.len();
        let file: EntryFile =
            toml::from_str(text_no_bom).map_err(|e| Diagnostic::toml(text, bom, &e))?;
        let shift = |r: Range<usize>| r.start + bom..r.end + bom;

        let created = parse_time(&file.created)
            .map_err(|m| Diagnostic::at(text, file.created.span().start + bom, m))?;
        let updated = match &file.updated {
            Some(u) => {
                Some(parse_time(u).map_err(|m| Diagnostic::at(text, u.span().start + bom, m))?)
            }
            None => None,
        };
        let occurred = parse_day(&file.occurred)
            .map_err(|m| Diagnostic::at(text, file.occurred.span().start + bom, m))?;

        let spans = Spans {
            id: shift(file.id.span()),
            title: shift(file.title.span()),
            framework: shift(file.framework.span()),
            evidence: shift(file.evidence.span()),
            occurred: shift(file.occurred.span()),
            criteria: file.criteria.iter().map(|c| shift(c.span())).collect(),
            tags: file.tags.iter().map(|t| shift(t.span())).collect(),
            witness: file.witness.as_ref().map(|w| shift(w.span())),
            attachments: file.attachments.iter().map(|a| shift(a.span())).collect(),
            sections: file.sections.keys().map(|k| shift(k.span())).collect(),
            section_texts: file.sections.values().map(|v| shift(v.span())).collect(),
        };
        let entry = Entry {
            id: file.id.into_inner(),
            title: file.title.into_inner(),
            created,
            occurred,
            updated,
            framework: file.framework.into_inner(),
            evidence: EvidenceType::from_name(file.evidence.as_ref()),
            criteria: file.criteria.into_iter().map(Spanned::into_inner).collect(),
            tags: file.tags.into_iter().map(Spanned::into_inner).collect(),
            witness: file.witness.map(Spanned::into_inner),
            attachments: file
                .attachments
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
            source: file.source,
            sections: file
                .sections
                .into_iter()
                .map(|(k, v)| (k.into_inner(), v.into_inner()))
                .collect(),
        };
        Ok((entry, spans))
    }

    /// All the words of the entry, for matching and search.
    pub fn body(&self) -> String {
        let mut out = self.title.clone();
        for text in self.sections.values() {
            out.push('\n');
            out.push_str(text);
        }
        out
    }

    /// The section texts that have words in them.
    pub fn filled_sections(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sections
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// RFC 3339 with whole seconds and a numeric offset: `2026-11-28T14:12:05+00:00`.
pub fn format_time(time: &DateTime<FixedOffset>) -> String {
    time.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

fn parse_time(value: &Spanned<Datetime>) -> Result<DateTime<FixedOffset>, String> {
    let dt = value.as_ref();
    if dt.date.is_none() || dt.time.is_none() {
        return Err(format!(
            "expected a date and time like 2026-11-28T14:12:05+00:00, found {dt}"
        ));
    }
    if dt.offset.is_none() {
        return Err(format!("{dt} needs a UTC offset, e.g. {dt}+00:00"));
    }
    let time = DateTime::parse_from_rfc3339(&dt.to_string())
        .map_err(|e| format!("invalid time {dt}: {e}"))?;
    if !YEARS.contains(&time.year()) {
        return Err(format!("{dt} is outside the years 0001 to 9999"));
    }
    Ok(time)
}

fn parse_day(value: &Spanned<Datetime>) -> Result<NaiveDate, String> {
    let dt = value.as_ref();
    match (&dt.date, &dt.time) {
        (Some(d), None) => {
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                .filter(|d| YEARS.contains(&d.year()))
                .ok_or_else(|| {
                    format!("invalid date {dt} (dates run from 0001-01-01 to 9999-12-31)")
                })
        }
        _ => Err(format!("expected a plain date like 2026-11-27, found {dt}")),
    }
}

/// The id must be a safe file stem and, when the file name is known, equal
/// to it: ids are used to build paths, so a file cannot smuggle in another.
pub fn id_problem(
    entry: &Entry,
    spans: &Spans,
    text: &str,
    stem: Option<&str>,
) -> Option<Diagnostic> {
    let message = if !is_valid_id(&entry.id) {
        format!("id {:?} may only use a-z, 0-9 and '-'", entry.id)
    } else if let Some(stem) = stem.filter(|s| *s != entry.id) {
        format!("id {:?} does not match the file name {stem:?}", entry.id)
    } else {
        return None;
    };
    Some(Diagnostic::at(text, spans.id.start, message))
}

/// The softer checks that need the catalogue: known framework, section keys,
/// evidence type and criteria; id shape and file name. The entry stays
/// usable; `check` reports these.
pub fn validate(
    entry: &Entry,
    spans: &Spans,
    text: &str,
    stem: Option<&str>,
    catalogue: &Catalogue,
    frameworks: &Frameworks,
) -> Vec<Diagnostic> {
    let mut problems: Vec<Diagnostic> = id_problem(entry, spans, text, stem).into_iter().collect();
    let at = |range: &Range<usize>, message: String| Diagnostic::at(text, range.start, message);

    if is_blank(&entry.title) {
        problems.push(Diagnostic::at(
            text,
            text.find("title").unwrap_or(0),
            "the title is empty",
        ));
    }
    match frameworks.resolve(&entry.framework) {
        Ok(framework) => {
            for (key, span) in entry.sections.keys().zip(&spans.sections) {
                if let Err(e) = frameworks.step(framework, key) {
                    problems.push(at(span, e.with_hint()));
                }
            }
        }
        Err(e) => problems.push(at(&spans.framework, e.with_hint())),
    }
    if let EvidenceType::Other(name) = &entry.evidence {
        let err = EvidenceError::unknown(name, name);
        problems.push(at(&spans.evidence, err.with_hint()));
    }
    for (id, span) in entry.criteria.iter().zip(&spans.criteria) {
        match catalogue.resolve(id) {
            Ok(c) if c.id == *id => {}
            Ok(c) => problems.push(at(span, format!("write {:?} as {:?}", id, c.id))),
            Err(e) => problems.push(at(span, e.with_hint())),
        }
    }
    if entry.filled_sections().next().is_none() {
        problems.push(Diagnostic::at(
            text,
            text.find("[sections]").unwrap_or(0),
            "the entry has no text in any section",
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_invisible_characters_is_blank() {
        for blank in [
            "",
            "  \t\n",
            "\u{202e}",
            "\u{200b}\u{200c}\u{200d}",
            "\u{feff}",
            "\u{2060}\u{2066}\u{2069}",
            "\u{00ad}\u{fe0f}\u{e0041}",
            "\u{3164}\u{115f}\u{2800}",
            "\u{a0}\u{3000}\u{1b}",
        ] {
            assert!(is_blank(blank), "{blank:?}");
        }
        for shown in [
            "a",
            "\u{202e}a",
            "👍",
            "\u{200d}1",
            "—",
            "٠",
            "é",
            "\u{301}x",
        ] {
            assert!(!is_blank(shown), "{shown:?}");
        }
    }

    pub(crate) fn sample() -> Entry {
        let mut sections = IndexMap::new();
        sections.insert(
            "situation".into(),
            "A customer rang about a late refund.\nShe was upset — ünïcode ✓".into(),
        );
        sections.insert("task".into(), "Resolve it within policy.".into());
        sections.insert(
            "action".into(),
            "I listened, checked the order and \"escalated\".\n".into(),
        );
        sections.insert("result".into(), "Refund issued the same day.".into());
        Entry {
            id: "2026-11-27-refund-complaint".into(),
            title: "Refund complaint escalated by phone".into(),
            created: DateTime::parse_from_rfc3339("2026-11-28T14:12:05+00:00").unwrap(),
            occurred: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            updated: None,
            framework: "star".into(),
            evidence: EvidenceType::ReflectiveAccount,
            criteria: vec!["RES.1".into(), "RES.6".into()],
            tags: vec!["complaint".into(), "phone".into()],
            witness: Some("Team leader".into()),
            attachments: vec!["minutes/2026-11-27.pdf".into()],
            sections,
            source: None,
        }
    }

    #[test]
    fn writes_the_contract_format_and_reads_it_back() {
        let entry = sample();
        let text = entry.to_toml().unwrap();
        assert!(
            text.starts_with("id = \"2026-11-27-refund-complaint\"\n"),
            "{text}"
        );
        assert!(
            text.contains("\ncreated = 2026-11-28T14:12:05+00:00\n"),
            "{text}"
        );
        assert!(text.contains("\noccurred = 2026-11-27\n"), "{text}");
        assert!(
            text.contains("\n[sections]\nsituation = \"\"\"\n"),
            "{text}"
        );
        let (back, spans) = Entry::parse(&text).unwrap();
        assert_eq!(back, entry);
        assert_eq!(spans.criteria.len(), 2);
        let cat = Catalogue::builtin();
        let fw = Frameworks::builtin();
        assert_eq!(
            validate(&back, &spans, &text, Some(&entry.id), &cat, &fw),
            vec![]
        );
    }

    #[test]
    fn json_shows_whole_seconds_and_the_cache_keeps_everything() {
        let mut entry = sample();
        entry.created = DateTime::parse_from_rfc3339("2026-11-28T14:12:05.25+01:00").unwrap();
        let json = serde_json::to_value(&entry).unwrap();
        assert_eq!(json["created"], "2026-11-28T14:12:05+01:00");
        assert_eq!(json["updated"], serde_json::Value::Null);
        assert!(json.get("source").is_none(), "{json}");
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys.first(), Some(&"id"));
        assert_eq!(keys.last(), Some(&"sections"));
        entry.source = Some("jrnl:1".into());
        assert_eq!(serde_json::to_value(&entry).unwrap()["source"], "jrnl:1");

        for source in [None, Some("jrnl:1".to_string())] {
            entry.source = source;
            let bytes = postcard::to_stdvec(&entry).unwrap();
            let back: Entry = postcard::from_bytes(&bytes).unwrap();
            assert_eq!(back, entry);
        }
    }

    #[test]
    fn syntax_and_type_errors_have_positions() {
        let text = sample()
            .to_toml()
            .unwrap()
            .replace("occurred = 2026-11-27", "occurred = 2026-11-32");
        let p = Entry::parse(&text).unwrap_err();
        assert_eq!((p.line, p.col), (4, 12), "{p:?}");
        let text = sample().to_toml().unwrap().replace("title = ", "titel = ");
        let p = Entry::parse(&text).unwrap_err();
        assert!(p.message.contains("titel"), "{p:?}");
        assert_eq!(p.line, 2);
        let text = "\u{feff}".to_string() + &sample().to_toml().unwrap();
        assert!(Entry::parse(&text).is_ok());
        let text = sample().to_toml().unwrap().replace(
            "created = 2026-11-28T14:12:05+00:00",
            "created = 2026-11-28T14:12:05",
        );
        let p = Entry::parse(&text).unwrap_err();
        assert!(p.message.contains("UTC offset"), "{p:?}");
    }

    #[test]
    fn semantic_problems_point_at_the_value() {
        let text = sample()
            .to_toml()
            .unwrap()
            .replace("\"RES.6\"", "\"RES.66\"")
            .replace(
                "evidence = \"reflective-account\"",
                "evidence = \"observaton\"",
            )
            .replace("\nresult = ", "\nresutl = ");
        let (entry, spans) = Entry::parse(&text).unwrap();
        let problems = validate(
            &entry,
            &spans,
            &text,
            Some("other-name"),
            &Catalogue::builtin(),
            &Frameworks::builtin(),
        );
        let messages: Vec<String> = problems
            .iter()
            .map(|p| format!("{}:{}: {}", p.line, p.col, p.message))
            .collect();
        assert_eq!(messages.len(), 4, "{messages:#?}");
        assert!(messages[0].starts_with("1:6: id \"2026-11-27-refund-complaint\" does not match"));
        assert!(
            messages[1].contains("(did you mean result?)"),
            "{}",
            messages[1]
        );
        assert!(
            messages[2].contains("(did you mean observation?)"),
            "{}",
            messages[2]
        );
        assert!(
            messages[3].contains("unknown criterion \"RES.66\""),
            "{}",
            messages[3]
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use chrono::{Days, TimeZone};
    use proptest::prelude::*;

    fn any_text() -> impl Strategy<Value = String> {
        // Arbitrary Unicode including controls, CR/LF, quotes and backslashes.
        prop_oneof![
            any::<String>(),
            "[ -~\\n\\r\\t\"'\\\\]{0,200}",
            "(\"\"\"|'''|\\\\u0000|\\n|\\r\\n| |é|😀|ע|\u{feff}|\u{7}|a){0,40}",
        ]
    }

    prop_compose! {
        fn any_entry()(
            title in "[^\\r\\n]{0,60}[a-zA-Z0-9é😀][^\\r\\n]{0,20}",
            secs in 0i64..4_000_000_000,
            offset_min in -14 * 60i32..=14 * 60,
            day in 0u64..100_000,
            framework in prop::sample::select(vec!["star", "iair", "gibbs", "driscoll", "free"]),
            evidence in prop::sample::select(vec!["reflective-account", "observation", "product"]),
            criteria in prop::collection::vec(prop::sample::select(vec!["RES.1", "OPS.3", "PRI.4"]), 0..4),
            tags in prop::collection::vec(any_text(), 0..4),
            witness in prop::option::of(any_text()),
            attachments in prop::collection::vec(any_text(), 0..3),
            updated in prop::option::of(0i64..4_000_000_000),
            sections in prop::collection::vec((prop::sample::select(vec!["situation", "task", "action", "result", "reflection", "x-y"]), any_text()), 0..6),
            source in prop::option::of(any_text()),
        ) -> Entry {
            let offset = FixedOffset::east_opt(offset_min * 60).unwrap();
            let time = |s: i64| offset.timestamp_opt(s, 0).unwrap();
            Entry {
                id: "2026-11-27-x".into(),
                title,
                created: time(secs),
                occurred: NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + Days::new(day),
                updated: updated.map(time),
                framework: framework.into(),
                evidence: EvidenceType::from_name(evidence),
                criteria: criteria.into_iter().map(String::from).collect(),
                tags,
                witness,
                attachments,
                sections: sections.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
                source,
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Anything the tool can write, it reads back identically.
        #[test]
        fn every_written_entry_reads_back_identically(entry in any_entry()) {
            let text = entry.to_toml().unwrap();
            let (back, _) = Entry::parse(&text).map_err(|p| TestCaseError::fail(format!("{p:?}\n{text}")))?;
            prop_assert_eq!(back, entry);
        }

        /// Arbitrary text never panics the parser; a failure has a position inside the text.
        #[test]
        fn arbitrary_text_never_panics_the_parser(text in any::<String>()) {
            if let Err(p) = Entry::parse(&text) {
                prop_assert!(p.line >= 1 && p.col >= 1);
                prop_assert!(p.line <= text.lines().count().max(1) + 1);
            }
        }

        /// Valid files with random byte edits never panic the parser.
        #[test]
        fn mutated_files_never_panic_the_parser(
            entry in any_entry(),
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8),
        ) {
            let mut bytes = entry.to_toml().unwrap().into_bytes();
            for (at, byte, op) in edits {
                if bytes.is_empty() { break; }
                let i = at.index(bytes.len());
                match op {
                    0 => bytes[i] = byte,
                    1 => { bytes.remove(i); }
                    _ => bytes.insert(i, byte),
                }
            }
            if let Ok(text) = String::from_utf8(bytes) {
                let _ = Entry::parse(&text);
                let _ = crate::rules::redact::find(&text, &[]);
            }
        }

        #[test]
        fn the_date_parser_never_panics(text in any::<String>(), n in any::<u64>(), unit in "(day|week|month|year)s?") {
            let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
            let _ = crate::model::dates::parse_date(&text, today);
            let _ = crate::model::dates::parse_date(&format!("{n} {unit} ago"), today);
            let _ = crate::model::dates::parse_date(&format!("{n}-{n}-{n}"), today);
        }

        /// Every date in the years 1 to 9999 is written and read back; any
        /// other is refused, never written as something else.
        #[test]
        fn dates_outside_the_file_format_are_refused(days in -5_000_000i64..5_000_000, entry in any_entry()) {
            let Some(date) = NaiveDate::from_ymd_opt(2000, 1, 1)
                .and_then(|d| d.checked_add_signed(chrono::Duration::days(days))) else {
                return Ok(());
            };
            let mut entry = entry;
            entry.occurred = date;
            match entry.to_toml() {
                Ok(text) => {
                    prop_assert!(YEARS.contains(&date.year()));
                    let (back, _) = Entry::parse(&text).map_err(|p| TestCaseError::fail(format!("{p:?}")))?;
                    prop_assert_eq!(back, entry);
                }
                Err(e) => prop_assert!(!YEARS.contains(&date.year()), "{e}"),
            }
        }
    }
}
