//! jrnl's JSON export (`jrnl --export json`) planned as logbook entries: the
//! body becomes a free-text entry, tags that name criteria become criteria,
//! criterion ids written in the text are found too (jrnl cuts a tag at its
//! first dot, so `@RES.4` arrives as `@res`), and every entry gets a stable
//! source key so importing the same file twice creates nothing new. Pure.

use chrono::{
    DateTime, Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta,
    TimeZone,
};
use serde::Deserialize;

use crate::model::criteria::{Catalogue, normalize_id};
use crate::model::dates::{DateError, YEARS, check_occurred};
use crate::model::diagnostic::{Diagnostic, line_col};

/// The parts of the export we read; other fields are ignored.
#[derive(Debug, Deserialize)]
pub struct Export {
    pub entries: Vec<JrnlEntry>,
}

#[derive(Debug, Deserialize)]
pub struct JrnlEntry {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    pub date: String,
    pub time: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub starred: bool,
}

/// One jrnl entry as it will be written.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    /// Its place in the export, counting from 1.
    pub number: usize,
    /// `jrnl:` and a hash of date, time and title; see [`source_key`].
    pub key: String,
    pub occurred: NaiveDate,
    pub created: DateTime<FixedOffset>,
    pub title: String,
    pub text: String,
    pub criteria: Vec<String>,
    pub tags: Vec<String>,
    /// Things the person should know about how a tag was read.
    pub notes: Vec<String>,
}

/// A jrnl entry whose date or time cannot be read: which one (counting
/// from 1, with its title) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("entry {number} ({title:?}): {problem}")]
pub struct PlanError {
    pub number: usize,
    pub title: String,
    pub problem: String,
}

/// Parses the export, with the position of the first problem.
pub fn parse(text: &str) -> Result<Export, Diagnostic> {
    serde_json::from_str(text).map_err(|e| {
        let (line, col) = if e.line() == 0 {
            line_col(text, text.len())
        } else {
            (e.line(), e.column().max(1))
        };
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(cut) => message[..cut].to_string(),
            None => message,
        };
        Diagnostic::new(line, col, format!("not a jrnl JSON export: {message}"))
    })
}

/// Whether a jrnl entry has no words at all (no title, no body): such an
/// entry is skipped rather than given made-up text.
pub fn is_blank(e: &JrnlEntry) -> bool {
    e.title.trim().is_empty() && e.body.trim().is_empty()
}

/// The moment a local date and time (as jrnl keeps them, without an
/// offset) meant in `zone`, with the offset in force then, not now: a July
/// time imported in December gets summer time. At a change of the clocks
/// a time that happened twice is read as the earlier one, and a time the
/// clocks skipped is read with the offset in force before the change (so
/// 01:30 on the morning the clocks go forward from 01:00 to 02:00 becomes
/// 02:30 in the new offset).
pub fn local_moment<Tz: TimeZone>(zone: &Tz, at: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
    match zone.from_local_datetime(&at) {
        LocalResult::Single(t) => Some(t.fixed_offset()),
        LocalResult::Ambiguous(earlier, later) => {
            Some(earlier.fixed_offset().min(later.fixed_offset()))
        }
        LocalResult::None => (1..=48).find_map(|hours| {
            let before = zone
                .from_local_datetime(&(at - TimeDelta::hours(hours)))
                .earliest()?;
            let offset = before.fixed_offset().offset().local_minus_utc();
            let utc = at.checked_sub_signed(TimeDelta::seconds(offset.into()))?;
            Some(zone.from_utc_datetime(&utc).fixed_offset())
        }),
    }
}

/// Plans every entry of the export but the blank ones ([`is_blank`]).
/// Times are read in `zone` (jrnl keeps local times without an offset; see
/// [`local_moment`]). A title is one line, as every entry's must be
/// (line breaks and runs of spaces become one space). Fails on the first
/// entry with a date outside the years a logbook holds or after `today`
/// (as `add` and `edit` refuse them), or a date or time
/// that cannot be read, naming it.
pub fn plan(
    export: &Export,
    catalogue: &Catalogue,
    zone: &impl TimeZone,
    today: NaiveDate,
) -> Result<Vec<Planned>, PlanError> {
    let mut keys: Vec<String> = Vec::new();
    let mut planned = Vec::new();
    for (n, e) in export.entries.iter().enumerate() {
        if is_blank(e) {
            continue;
        }
        let wrong = |problem: String| PlanError {
            number: n + 1,
            title: e.title.clone(),
            problem,
        };
        let occurred = NaiveDate::parse_from_str(e.date.trim(), "%Y-%m-%d")
            .map_err(|_| wrong(format!("date {:?} is not YYYY-MM-DD", e.date)))?;
        if !YEARS.contains(&occurred.year()) {
            return Err(wrong(
                DateError::OutOfRange(e.date.trim().to_string()).to_string(),
            ));
        }
        check_occurred(occurred, today).map_err(|err| wrong(err.to_string()))?;
        let time = NaiveTime::parse_from_str(e.time.trim(), "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(e.time.trim(), "%H:%M:%S"))
            .map_err(|_| wrong(format!("time {:?} is not HH:MM", e.time)))?;
        let created = local_moment(zone, NaiveDateTime::new(occurred, time))
            .ok_or_else(|| wrong(format!("no such time {} {}", e.date, e.time)))?;

        let base = source_key(&e.date, &e.time, &e.title);
        let repeats = keys.iter().filter(|k| **k == base).count();
        keys.push(base.clone());
        let key = if repeats == 0 {
            base
        } else {
            format!("{base}-{}", repeats + 1)
        };

        let one_line = e.title.split_whitespace().collect::<Vec<_>>().join(" ");
        let title = match one_line.as_str() {
            "" => format!("jrnl entry {} {}", e.date.trim(), e.time.trim()),
            t => t.to_string(),
        };
        let text = if e.body.trim().is_empty() {
            title.clone()
        } else {
            e.body.clone()
        };
        let (criteria, tags, notes) = map_tags(e, catalogue);
        planned.push(Planned {
            number: n + 1,
            key,
            occurred,
            created,
            title,
            text,
            criteria,
            tags,
            notes,
        });
    }
    Ok(planned)
}

/// A stable key for a jrnl entry: FNV-1a (64 bits) of date, time and title.
/// The same entry exported again gets the same key; editing its body in
/// jrnl does not make it a new entry.
pub fn source_key(date: &str, time: &str, title: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [date.trim(), time.trim(), title.trim()] {
        for byte in part.bytes().chain(std::iter::once(0x1f)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("jrnl:{hash:016x}")
}

/// Criteria and free tags from an entry's jrnl tags, its text and its star.
fn map_tags(e: &JrnlEntry, catalogue: &Catalogue) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut criteria = criteria_in_text(&format!("{}\n{}", e.title, e.body), catalogue);
    let mut tags: Vec<String> = Vec::new();
    let mut notes = Vec::new();
    let mut push_tag = |tag: &str| {
        if !tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            tags.push(tag.to_string());
        }
    };
    let names: Vec<(&str, &str)> = e
        .tags
        .iter()
        .map(|raw| (raw.as_str(), raw.trim().trim_start_matches(['@', '#'])))
        .filter(|(_, name)| !name.is_empty())
        .collect();
    // Criteria first, so a cut unit tag can see every criterion of its unit.
    let mut rest = Vec::new();
    for (raw, name) in names {
        let id = normalize_id(name);
        match catalogue.lookup(name) {
            Some(c) if !criteria.contains(&c.id) => criteria.push(c.id.clone()),
            Some(_) => {}
            None => rest.push((raw, name, id)),
        }
    }
    for (raw, name, id) in rest {
        let unit_code = id
            .as_deref()
            .and_then(|id| id.split('.').next())
            .map_or_else(|| name.to_uppercase(), str::to_string);
        match catalogue.unit(&unit_code) {
            Some(unit) if id.is_none() => {
                if criteria
                    .iter()
                    .any(|c| c.split('.').next() == Some(&unit.code))
                {
                    continue;
                }
                notes.push(format!(
                    "tag {raw} names unit {} but no {} criterion is written in the entry \
                     (jrnl's export cuts @{}.4 to @{name}); kept as the tag {name:?}",
                    unit.code, unit.code, unit.code
                ));
            }
            Some(unit) => notes.push(format!(
                "tag {raw} is not a criterion of {} ({}); kept as the tag {name:?}",
                unit.code,
                unit_range(unit)
            )),
            None => {}
        }
        push_tag(name);
    }
    if e.starred {
        push_tag("starred");
    }
    criteria.sort_by_key(|id| catalogue.order(id));
    (criteria, tags, notes)
}

fn unit_range(unit: &crate::model::criteria::Unit) -> String {
    match (unit.criteria.first(), unit.criteria.last()) {
        (Some(a), Some(b)) => format!("{}–{}", a.id, b.id),
        _ => "none".into(),
    }
}

/// Criterion ids written in free text: `RES.4`, `res4`, `RES-4`, `@RES.4`,
/// `CSS.K1`, `css-s5`, `ILM.1.2`, as whole words, known to the catalogue
/// (found by [`Catalogue::lookup`]); in catalogue order.
pub fn criteria_in_text(text: &str, catalogue: &Catalogue) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut found: Vec<String> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let boundary = i == 0 || !is_word_byte(bytes[i - 1]);
        if !(boundary && bytes[i].is_ascii_alphabetic()) {
            i += 1;
            continue;
        }
        // A token: runs of letters and digits joined by single `.`, `-` or
        // `_` (a separator at the end, like a full stop, is not part of it).
        let mut end = i;
        loop {
            let run = bytes[end..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            end += run;
            let joined = end + 1 < bytes.len()
                && matches!(bytes[end], b'.' | b'-' | b'_')
                && bytes[end + 1].is_ascii_alphanumeric();
            if run == 0 || !joined {
                break;
            }
            end += 1;
        }
        let token = &text[i..end];
        let whole = end >= bytes.len() || !is_word_byte(bytes[end]);
        if whole
            && token.len() <= 24
            && token.bytes().any(|b| b.is_ascii_digit())
            && let Some(c) = catalogue.lookup(token)
            && !found.contains(&c.id)
        {
            found.push(c.id.clone());
        }
        i = end.max(i + 1);
    }
    found.sort_by_key(|id| catalogue.order(id));
    found
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(title: &str, body: &str, tags: &[&str]) -> JrnlEntry {
        JrnlEntry {
            title: title.into(),
            body: body.into(),
            date: "2025-09-05".into(),
            time: "11:00".into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            starred: false,
        }
    }

    #[test]
    fn finds_criterion_ids_in_text_as_whole_words() {
        let cat = Catalogue::builtin();
        let text = "This is RES.4 (and res6, RES-5, @OPS.1). Not RES.9, xres.1, RES.12a, covid19 or BIZ 3.";
        assert_eq!(
            criteria_in_text(text, &cat),
            ["OPS.1", "RES.4", "RES.5", "RES.6"]
        );
        assert!(criteria_in_text("Zoë RES.4", &cat).contains(&"RES.4".to_string()));
        assert!(criteria_in_text("éRES.4", &cat).is_empty());
        assert_eq!(criteria_in_text("Ends with RES.4.", &cat), ["RES.4"]);
    }

    #[test]
    fn finds_ksb_and_dotted_ids_of_a_user_qualification() {
        let unit = crate::model::criteria::parse_unit(
            "CSS.toml",
            "code = \"CSS\"\ntitle = \"T\"\n[[criteria]]\nid = \"CSS.K1\"\ntext = \"k\"\n\
             [[criteria]]\nid = \"CSS.S5\"\ntext = \"s\"\n[[criteria]]\nid = \"CSS.S10\"\ntext = \"s\"\n",
        )
        .unwrap();
        let ilm = crate::model::criteria::parse_unit(
            "ILM.toml",
            "code = \"ILM\"\ntitle = \"T\"\n[[criteria]]\nid = \"ILM.1.2\"\ntext = \"x\"\n",
        )
        .unwrap();
        let mut cat = Catalogue::default();
        cat.merge(unit);
        cat.merge(ilm);
        let text = "Shows CSS.S10 and css-k1 (also @cssS5), ILM.1.2. Not CSS.S1, CSS.K1a or S5.";
        assert_eq!(
            criteria_in_text(text, &cat),
            ["CSS.K1", "CSS.S5", "CSS.S10", "ILM.1.2"]
        );
        let e = entry("KSBs", "no ids here", &["@cssk1", "@ilm12"]);
        let (criteria, _, notes) = map_tags(&e, &cat);
        assert_eq!(criteria, ["CSS.K1", "ILM.1.2"], "{notes:?}");
    }

    #[test]
    fn a_tag_cut_at_its_dot_is_recovered_from_the_text() {
        let cat = Catalogue::builtin();
        let e = entry(
            "Data request",
            "This is RES.4 evidence. @RES.4 @gdpr",
            &["@res", "@gdpr"],
        );
        let (criteria, tags, notes) = map_tags(&e, &cat);
        assert_eq!(criteria, ["RES.4"]);
        assert_eq!(tags, ["gdpr"]);
        assert!(notes.is_empty());

        let e = entry(
            "Unit only",
            "no id here",
            &["@res", "@res6", "@res9", "@team"],
        );
        let (criteria, tags, notes) = map_tags(&e, &cat);
        assert_eq!(criteria, ["RES.6"]);
        assert_eq!(tags, ["res9", "team"]);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("RES.1–RES.8"), "{notes:?}");

        let e = entry("Unit only", "no id here", &["@res"]);
        let (criteria, tags, notes) = map_tags(&e, &cat);
        assert!(criteria.is_empty());
        assert_eq!(tags, ["res"]);
        assert!(notes[0].contains("cuts @RES.4 to @res"), "{notes:?}");
    }

    #[test]
    fn keys_are_stable_and_repeats_get_a_number() {
        assert_eq!(
            source_key("2025-09-05", "11:00", "A"),
            source_key(" 2025-09-05", "11:00", "A ")
        );
        assert_ne!(
            source_key("2025-09-05", "11:00", "A"),
            source_key("2025-09-05", "11:01", "A")
        );
        assert_eq!(
            source_key("2025-09-05", "11:00", "A"),
            "jrnl:72540a2f2726d3e2"
        );
        let export = Export {
            entries: vec![entry("Same", "", &[]), entry("Same", "", &[])],
        };
        let offset = FixedOffset::east_opt(3600).unwrap();
        let plan = plan(&export, &Catalogue::builtin(), &offset, today()).unwrap();
        assert_eq!(plan[1].key, format!("{}-2", plan[0].key));
        assert_eq!(plan[0].text, "Same", "an empty body takes the title");
        assert_eq!(plan[0].created.to_rfc3339(), "2025-09-05T11:00:00+01:00");
    }

    #[test]
    fn bad_input_says_where() {
        let p = parse("{\"entries\": [\n  {\"title\": 3}\n]}").unwrap_err();
        assert_eq!(p.line, 2, "{p:?}");
        assert!(
            p.message
                .starts_with("not a jrnl JSON export: invalid type"),
            "{p:?}"
        );
        let mut bad = entry("x", "", &[]);
        bad.date = "05/09/2025".into();
        let export = Export { entries: vec![bad] };
        let utc = FixedOffset::east_opt(0).unwrap();
        let err = plan(&export, &Catalogue::builtin(), &utc, today()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "entry 1 (\"x\"): date \"05/09/2025\" is not YYYY-MM-DD"
        );
        for (date, problem) in [
            ("+10000-01-01", "outside the dates a logbook holds"),
            ("0000-01-01", "outside the dates a logbook holds"),
            ("2026-11-29", "is after today (2026-11-28)"),
            ("9999-12-31", "is after today (2026-11-28)"),
        ] {
            let mut bad = entry("x", "", &[]);
            bad.date = date.into();
            let export = Export {
                entries: vec![entry("ok", "", &[]), bad],
            };
            let err = plan(&export, &Catalogue::builtin(), &utc, today()).unwrap_err();
            assert_eq!(err.number, 2);
            assert!(err.problem.contains(problem), "{date}: {err}");
        }
    }

    #[test]
    fn blank_entries_are_skipped_and_the_rest_keep_their_numbers() {
        let utc = FixedOffset::east_opt(0).unwrap();
        let export = Export {
            entries: vec![entry(" ", "\n", &[]), entry("Kept", "", &[])],
        };
        let planned = plan(&export, &Catalogue::builtin(), &utc, today()).unwrap();
        assert_eq!(planned.len(), 1);
        assert_eq!((planned[0].number, planned[0].title.as_str()), (2, "Kept"));
    }

    #[test]
    fn titles_are_one_line() {
        let utc = FixedOffset::east_opt(0).unwrap();
        for title in [
            "One\ntwo",
            "One\r\ntwo",
            "One\rtwo",
            "One\u{2028}two",
            "One\u{85}two",
            " One \n\n two ",
        ] {
            let export = Export {
                entries: vec![entry(title, "", &[])],
            };
            let planned = plan(&export, &Catalogue::builtin(), &utc, today()).unwrap();
            assert_eq!(planned[0].title, "One two", "{title:?}");
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }
}
