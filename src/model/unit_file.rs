//! Writing a unit's criteria file (`criteria/CODE.toml`): from a
//! spreadsheet saved as CSV (`logbook criteria import`), or as a template
//! to fill in by hand (`logbook criteria new`). Pure: text in, text out.
//!
//! The CSV has a header row and at least an id and a text column. Columns
//! are found by name, in any order and case: `id` (or `ksb`, `ref`,
//! `reference`, `code`), `text` (or `description`, `statement`), and
//! optionally `required`, `summary`, `keywords`, `guidance`, `pitfalls`,
//! `evidence` and `asks`. Lists are separated by `;` or line breaks
//! (keywords, evidence and asks also by commas). Other columns are left
//! out, and said so. Ids may be written whole (`CSS.K1`) or as the code
//! alone (`K1`, `1.2`), which gets the unit's code in front. Blank rows are
//! skipped. Every bad row is reported with its line; then nothing is made.

use serde::Serialize;

use crate::model::criteria::{Ask, Unit, normalize_id, parse_unit};
use crate::model::evidence::EvidenceType;

/// A bad row (or header), at its line in the CSV file (1 is the header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub message: String,
}

/// A unit made from a CSV file: the file's text, the unit it reads back
/// as, and notes (columns left out, blank rows skipped).
#[derive(Debug, Clone)]
pub struct Imported {
    pub text: String,
    pub unit: Unit,
    pub notes: Vec<String>,
}

/// The columns a CSV may have, each with the names it goes by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Id,
    Text,
    Required,
    Summary,
    Keywords,
    Guidance,
    Pitfalls,
    Evidence,
    Asks,
}

const COLUMNS: &[(Column, &[&str])] = &[
    (
        Column::Id,
        &["id", "ksb", "ref", "reference", "code", "criterionid"],
    ),
    (
        Column::Text,
        &[
            "text",
            "description",
            "statement",
            "criterion",
            "criteriontext",
        ],
    ),
    (Column::Required, &["required", "needs", "entries"]),
    (Column::Summary, &["summary", "label", "short"]),
    (Column::Keywords, &["keywords", "keyword"]),
    (Column::Guidance, &["guidance", "howtoevidence", "tips"]),
    (Column::Pitfalls, &["pitfalls"]),
    (Column::Evidence, &["evidence", "evidencetypes"]),
    (Column::Asks, &["asks"]),
];

/// A header cell's column, matched without case, spaces, dashes or underscores.
fn column(name: &str) -> Option<Column> {
    let key: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    COLUMNS
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(c, _)| *c)
}

/// One criterion as the file writes it.
#[derive(Serialize)]
struct FileCriterion {
    id: String,
    text: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    summary: String,
    required: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    evidence: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    asks: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    guidance: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pitfalls: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    keywords: Vec<String>,
}

#[derive(Serialize)]
struct FileUnit<'a> {
    code: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    qualification: Option<&'a str>,
    criteria: Vec<FileCriterion>,
}

/// The unit `code` ("CSS") titled `title`, from the CSV text `csv` (read
/// from `source`, named in the file's opening comment), or every bad row.
pub fn from_csv(
    csv: &str,
    source: &str,
    code: &str,
    title: &str,
    qualification: Option<&str>,
) -> Result<Imported, Vec<RowError>> {
    let csv = csv.strip_prefix('\u{feff}').unwrap_or(csv);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(csv))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(csv.as_bytes());
    let header_error = |message: String| vec![RowError { line: 1, message }];
    let headers = reader
        .headers()
        .map_err(|e| header_error(format!("cannot read the header row: {e}")))?
        .clone();
    let mut notes = Vec::new();
    let mut at: Vec<(Column, usize)> = Vec::new();
    let mut unused = Vec::new();
    for (i, name) in headers.iter().enumerate() {
        match column(name) {
            Some(c) if at.iter().any(|(seen, _)| *seen == c) => {
                return Err(header_error(format!(
                    "column {name:?} is there twice (as another name for the same column)"
                )));
            }
            Some(c) => at.push((c, i)),
            None if name.is_empty() => {}
            None => unused.push(format!("{name:?}")),
        }
    }
    let has = |c: Column| at.iter().find(|(seen, _)| *seen == c).map(|(_, i)| *i);
    let (Some(id_at), Some(text_at)) = (has(Column::Id), has(Column::Text)) else {
        return Err(header_error(format!(
            "the header row needs an id column and a text column (it has {}); \
             e.g. id,text,required,keywords",
            headers
                .iter()
                .map(|h| format!("{h:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    };
    if !unused.is_empty() {
        notes.push(format!(
            "left out the {} {} (not a criteria column)",
            if unused.len() == 1 {
                "column"
            } else {
                "columns"
            },
            unused.join(", ")
        ));
    }

    let mut errors = Vec::new();
    let mut criteria: Vec<(FileCriterion, u64)> = Vec::new();
    let mut blank = 0;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                let message = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => {
                        "not UTF-8 text; save the spreadsheet as \"CSV UTF-8\"".to_string()
                    }
                    _ => e.to_string(),
                };
                errors.push(RowError { line, message });
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        if record.iter().all(str::is_empty) {
            blank += 1;
            continue;
        }
        let cell = |c: Column| has(c).and_then(|i| record.get(i)).unwrap_or("");
        let mut bad = |message: String| errors.push(RowError { line, message });
        let raw_id = record.get(id_at).unwrap_or("");
        let text = record.get(text_at).unwrap_or("");
        let Some(id) = criterion_id(raw_id, code, &mut bad) else {
            continue;
        };
        if text.is_empty() {
            bad(format!("{id} has no text"));
            continue;
        }
        if let Some((_, first)) = criteria.iter().find(|(c, _)| c.id == id) {
            bad(format!("{id} is already on line {first}"));
            continue;
        }
        let required = match cell(Column::Required) {
            "" => 1,
            n => match n.parse::<u32>() {
                Ok(n) if (1..=99).contains(&n) => n,
                _ => {
                    bad(format!(
                        "{id}: required {n:?} must be a whole number from 1 to 99"
                    ));
                    continue;
                }
            },
        };
        let mut evidence = Vec::new();
        for name in list(cell(Column::Evidence), true) {
            match EvidenceType::resolve(&name) {
                Ok(t) => evidence.push(t.as_str().to_string()),
                Err(e) => bad(format!("{id}: evidence {name:?}: {e}")),
            }
        }
        let mut asks = Vec::new();
        for name in list(cell(Column::Asks), true) {
            let wanted = name.to_lowercase().replace([' ', '_'], "-");
            match Ask::from_name(&wanted) {
                Some(a) => asks.push(a.as_str().to_string()),
                None => bad(format!(
                    "{id}: asks {name:?} is none of {}",
                    Ask::ALL
                        .iter()
                        .map(|a| a.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
        }
        criteria.push((
            FileCriterion {
                id,
                text: one_line(text),
                summary: one_line(cell(Column::Summary)),
                required,
                evidence,
                asks,
                guidance: list(cell(Column::Guidance), false),
                pitfalls: list(cell(Column::Pitfalls), false),
                keywords: list(cell(Column::Keywords), true)
                    .into_iter()
                    .map(|k| k.to_lowercase())
                    .collect(),
            },
            line,
        ));
    }
    if criteria.is_empty() && errors.is_empty() {
        errors.push(RowError {
            line: 1,
            message: "no criteria: the file has a header row but no rows under it".into(),
        });
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(errors);
    }
    if blank > 0 {
        notes.push(format!(
            "skipped {blank} blank {}",
            if blank == 1 { "row" } else { "rows" }
        ));
    }
    let file = FileUnit {
        code,
        title,
        qualification,
        criteria: criteria.into_iter().map(|(c, _)| c).collect(),
    };
    let body = toml::to_string(&file).map_err(|e| {
        vec![RowError {
            line: 0,
            message: format!("cannot write the unit file: {e}"),
        }]
    })?;
    let text = format!(
        "# Unit {code}, imported from {source} by `logbook criteria import`.\n\
         # Edit it freely (README: \"Your own criteria\"); `logbook check` validates it.\n\
         {body}"
    );
    // What is written must read back as the unit meant.
    let unit = parse_unit(&format!("criteria/{code}.toml"), &text).map_err(|d| {
        vec![RowError {
            line: 0,
            message: format!("the unit file made from it does not read back: {d}"),
        }]
    })?;
    Ok(Imported { text, unit, notes })
}

/// The delimiter a spreadsheet used: a comma, or a semicolon or tab when
/// the header row has those and no comma (Excel in some languages).
fn delimiter(csv: &str) -> u8 {
    let header = csv.lines().next().unwrap_or("");
    if header.contains(',') {
        b','
    } else if header.contains(';') {
        b';'
    } else if header.contains('\t') {
        b'\t'
    } else {
        b','
    }
}

/// The id a cell names in unit `code`: the code alone (`K1` → `CSS.K1`)
/// or the whole id (`CSS.K1`); `None` (with the reason) when it is neither.
fn criterion_id(raw: &str, code: &str, bad: &mut impl FnMut(String)) -> Option<String> {
    if raw.is_empty() {
        bad("no id".into());
        return None;
    }
    let upper = raw.to_uppercase();
    let whole = [".", "-", " ", "_"]
        .iter()
        .any(|sep| upper.starts_with(&format!("{code}{sep}")));
    let id = if whole {
        normalize_id(raw)
    } else {
        normalize_id(&format!("{code}.{raw}"))
    };
    match id {
        Some(id) if id.split('.').next() == Some(code) => Some(id),
        _ => {
            match normalize_id(raw).filter(|id| id.contains('.') && !whole) {
                Some(other) if other.split('.').count() >= 2 => bad(format!(
                    "id {raw:?} is in unit {}, not {code} (the --unit given)",
                    other.split('.').next().unwrap_or_default()
                )),
                _ => bad(format!(
                    "id {raw:?} is not a criterion code like K1, S5, B2, 3 or 1.2 (or {code}.K1)"
                )),
            }
            None
        }
    }
}

/// A cell's list: split on `;` and line breaks (and commas with
/// `commas`), trimmed, blanks dropped.
fn list(cell: &str, commas: bool) -> Vec<String> {
    cell.split(|c: char| c == ';' || c == '\n' || c == '\r' || (commas && c == ','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A cell's text on one line (spreadsheets wrap long cells).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A criteria file to start from: the unit's code, title and
/// qualification, and the format explained in comments, with example
/// criteria to copy (commented out, so the file is valid as it is).
pub fn template(code: &str, title: &str, qualification: Option<&str>) -> String {
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let qualification = match qualification {
        Some(q) => format!("qualification = {}\n", quote(q)),
        None => "# qualification = \"Customer Service Practitioner (ST0072)\"\n".to_string(),
    };
    format!(
        r#"# Unit {code}: your own criteria. One [[criteria]] table per criterion.
# `logbook check` validates this file; `logbook criteria {code}` lists it.
code = {code_q}
title = {title_q}
# The qualification or standard the unit belongs to: `--qualification` on
# gaps, export, list, criteria and gateway picks units by it.
{qualification}
# Uncomment and copy for each criterion:
#
# [[criteria]]
# id = "{code}.K1"              # {code}.K1, {code}.S5, {code}.B2 (KSBs) or {code}.1, {code}.1.2
# text = "The marking point or KSB statement, as the standard words it"
# summary = "A few words for tables"          # optional
# required = 1                  # entries it needs (optional, 1 by default)
# evidence = ["observation", "product"]       # optional: reflective-account, observation,
#                               # witness-testimony, product, professional-discussion
# asks = ["reasons"]            # optional: what an entry must show beyond the deed:
#                               # reasons, follow-up, evaluation, record, outcome, plan
# guidance = ["How to evidence it, one tip per string."]   # optional
# pitfalls = ["What assessors reject."]                    # optional
# keywords = ["complaint", "refund"]  # optional: words that suggest an entry fits
"#,
        code_q = quote(code),
        title_q = quote(title),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const KSB: &str = "\u{feff}KSB,Description,Required,Keywords,Notes\n\
        K1,Know the organisation's service offer,1,\"offer, products\",x\n\
        S10,Use questioning to find needs,,questions;needs,\n\
        S2,\"Deal with customers, calmly\",2,,\n\
        ,,,,\n\
        B1,Take ownership,,,\n";

    #[test]
    fn a_ksb_sheet_becomes_a_unit_in_natural_order() {
        let got = from_csv(KSB, "ksb.csv", "CSS", "Customer service", Some("ST0072")).unwrap();
        let ids: Vec<&str> = got.unit.criteria.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["CSS.K1", "CSS.S2", "CSS.S10", "CSS.B1"]);
        assert_eq!(got.unit.qualification.as_deref(), Some("ST0072"));
        assert_eq!(got.unit.criteria[1].required, 2);
        assert_eq!(got.unit.criteria[0].keywords, ["offer", "products"]);
        assert_eq!(got.unit.criteria[1].text, "Deal with customers, calmly");
        assert_eq!(
            got.notes,
            [
                "left out the column \"Notes\" (not a criteria column)",
                "skipped 1 blank row"
            ]
        );
        assert!(got.text.starts_with("# Unit CSS, imported from ksb.csv"));
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let csv = "id,text,required,asks,evidence\n\
            K1,Fine,,reasons,observation\n\
            K1a,Bad id,,,\n\
            \"S1\",\"a text\nover two lines\",0,,\n\
            S2,,,,\n\
            K1,Again,,,\n\
            TL.B2,Other unit,,,\n\
            B1,Asks,,wishes,video\n";
        let errors = from_csv(csv, "x.csv", "CSS", "T", None).unwrap_err();
        let got: Vec<(u64, &str)> = errors
            .iter()
            .map(|e| (e.line, e.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (3, "id \"K1a\" is not a criterion code like K1, S5, B2, 3 or 1.2 (or CSS.K1)"),
                (4, "CSS.S1: required \"0\" must be a whole number from 1 to 99"),
                (6, "CSS.S2 has no text"),
                (7, "CSS.K1 is already on line 2"),
                (8, "id \"TL.B2\" is in unit TL, not CSS (the --unit given)"),
                (9, "CSS.B1: evidence \"video\": unknown evidence type \"video\""),
                (9, "CSS.B1: asks \"wishes\" is none of reasons, follow-up, evaluation, record, outcome, plan"),
            ]
            .map(|(l, m)| (l, m)),
            "{errors:?}"
        );
        let no_text = from_csv("ksb,notes\nK1,x\n", "x.csv", "CSS", "T", None).unwrap_err();
        assert_eq!(no_text[0].line, 1);
        assert!(
            no_text[0]
                .message
                .contains("needs an id column and a text column")
        );
        let empty = from_csv("id,text\n", "x.csv", "CSS", "T", None).unwrap_err();
        assert!(empty[0].message.starts_with("no criteria"), "{empty:?}");
    }

    #[test]
    fn ids_whole_or_dotted_and_other_delimiters() {
        let csv = "id;text\nCSS.K2;Whole\n1.2;Dotted\ncss-s03;Cased\n";
        let got = from_csv(csv, "x.csv", "CSS", "T", None).unwrap();
        let ids: Vec<&str> = got.unit.criteria.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["CSS.1.2", "CSS.K2", "CSS.S3"]);
    }

    #[test]
    fn the_template_is_a_valid_empty_unit() {
        let text = template("CSS", "Customer \"service\"", Some("ST0072"));
        let unit = parse_unit("t.toml", &text).unwrap();
        assert_eq!(unit.title, "Customer \"service\"");
        assert!(unit.criteria.is_empty());
        let (head, examples) = text.split_once("# Uncomment and copy").unwrap();
        let example: String = examples
            .lines()
            .skip(2)
            .map(|l| format!("{}\n", l.strip_prefix("# ").unwrap_or(l)))
            .collect();
        let example = format!("{head}{example}");
        let unit = parse_unit("t.toml", &example).unwrap();
        assert_eq!(unit.criteria.len(), 1, "{example}");
    }
}
