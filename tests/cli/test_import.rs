//! `logbook import jrnl`: a real `jrnl --export json` file (see
//! tests/fixtures/jrnl/README.md) imports with every entry, date, time and
//! tag accounted for, and a second import is a no-op.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;

use crate::support::*;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jrnl/export.json")
}

fn export() -> Value {
    serde_json::from_slice(&std::fs::read(fixture()).unwrap()).unwrap()
}

fn list(lb: &Logbook) -> Vec<Value> {
    let out = lb.run(&["list", "--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Unit codes of the built-in catalogue: a jrnl tag equal to one is a
/// criterion tag that jrnl's export cut at its dot.
const UNITS: [&str; 5] = ["ops", "biz", "rev", "pri", "res"];

/// `res4` → `RES.4` for the built-in units, else None.
fn criterion_tag(name: &str) -> Option<String> {
    let split = name.find(|c: char| c.is_ascii_digit())?;
    let (unit, n) = name.split_at(split);
    let n: u32 = n.parse().ok()?;
    let max = match unit {
        "ops" | "biz" | "rev" => 3,
        "pri" => 4,
        "res" => 8,
        _ => return None,
    };
    (1..=max)
        .contains(&n)
        .then(|| format!("{}.{n}", unit.to_uppercase()))
}

#[test]
fn a_real_jrnl_export_imports_with_everything_accounted_for() {
    let lb = Logbook::new();
    let export = export();
    let jrnl_entries = export["entries"].as_array().unwrap();
    assert_eq!(jrnl_entries.len(), 34);
    // The fixture's own tag index agrees with its entries.
    let tag_total: u64 = export["tags"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    let entry_tags: usize = jrnl_entries
        .iter()
        .map(|e| e["tags"].as_array().unwrap().len())
        .sum();
    assert_eq!(tag_total as usize, entry_tags);

    let out = lb.run(&["import", "jrnl", &fixture().display().to_string()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.trim_end().ends_with(&format!(
            "Imported 34 entries from {}.",
            fixture().display()
        )),
        "{text}"
    );
    assert_eq!(stderr(&out), "", "no tag needed a note in this export");

    let imported = list(&lb);
    assert_eq!(imported.len(), 34);
    assert_eq!(lb.files().len(), 34);
    let mut used = BTreeSet::new();
    for j in jrnl_entries {
        let title = j["title"].as_str().unwrap();
        let body = j["body"].as_str().unwrap();
        let date = j["date"].as_str().unwrap();
        let time = j["time"].as_str().unwrap();
        let created = format!("{date}T{time}:00+00:00");
        let (n, e) = imported
            .iter()
            .enumerate()
            .find(|(_, e)| e["created"] == created.as_str() && e["title"] == title)
            .unwrap_or_else(|| panic!("no entry for {date} {time} {title:?}"));
        assert!(used.insert(n), "two jrnl entries mapped to one");
        assert_eq!(e["occurred"], date, "{title}");
        assert_eq!(e["framework"], "free");
        assert_eq!(e["evidence"], "reflective-account");
        assert!(e["source"].as_str().unwrap().starts_with("jrnl:"));
        let expected_text = if body.is_empty() { title } else { body };
        assert_eq!(e["sections"], serde_json::json!({ "text": expected_text }));

        let criteria: Vec<&str> = e["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let tags: Vec<&str> = e["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        let mut expected_tags: BTreeSet<String> = BTreeSet::new();
        for tag in j["tags"].as_array().unwrap() {
            let name = tag.as_str().unwrap().trim_start_matches('@');
            if let Some(id) = criterion_tag(name) {
                assert!(criteria.contains(&id.as_str()), "{title}: @{name} → {id}");
            } else if UNITS.contains(&name) {
                let unit = format!("{}.", name.to_uppercase());
                assert!(
                    criteria.iter().any(|c| c.starts_with(&unit)),
                    "{title}: cut tag @{name} should be recovered from the text, got {criteria:?}"
                );
            } else {
                expected_tags.insert(name.to_string());
            }
        }
        if j["starred"].as_bool().unwrap() {
            expected_tags.insert("starred".into());
        }
        assert_eq!(
            tags.iter().map(|t| t.to_string()).collect::<BTreeSet<_>>(),
            expected_tags,
            "{title}"
        );
        // Every criterion comes from a tag or is written in the entry.
        let written = format!("{title}\n{body}").to_lowercase();
        for c in &criteria {
            let (unit, n) = c.split_once('.').unwrap();
            let unit = unit.to_lowercase();
            let from_tag = j["tags"].as_array().unwrap().iter().any(|t| {
                criterion_tag(t.as_str().unwrap().trim_start_matches('@')).as_deref() == Some(c)
            });
            let in_text = [".", "-", ""]
                .iter()
                .any(|sep| written.contains(&format!("{unit}{sep}{n}")));
            assert!(from_tag || in_text, "{title}: where did {c} come from?");
        }
    }

    let by_title = |t: &str| imported.iter().find(|e| e["title"] == t).unwrap().clone();
    let e = by_title("Handled a data request properly.");
    assert_eq!(e["criteria"], serde_json::json!(["RES.4"]));
    assert_eq!(e["tags"], serde_json::json!(["gdpr", "starred"]));
    assert_eq!(e["id"], "2025-09-05-handled-a-data-request-properly");
    let e = by_title("Handled a vulnerable customer");
    assert_eq!(e["criteria"], serde_json::json!(["PRI.4", "RES.5"]));
    assert!(
        e["sections"]["text"]
            .as_str()
            .unwrap()
            .contains("debit.\n\nI slowed")
    );
    let e = by_title("Über-angry caller about a lost parcel.");
    assert_eq!(e["criteria"], serde_json::json!(["RES.1", "RES.3"]));
    assert_eq!(e["id"], "2025-10-20-uber-angry-caller-about-a-lost-parcel");
    let e = by_title("Short note.");
    assert_eq!(e["criteria"], serde_json::json!([]));
    assert_eq!(e["tags"], serde_json::json!([]));
    // Two jrnl entries in the same minute stay two entries.
    assert_eq!(
        imported
            .iter()
            .filter(|e| e["created"] == "2025-10-01T08:50:00+00:00")
            .count(),
        2
    );
    let out = lb.run(&["check"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert_eq!(stdout(&out), "OK 34 entries checked, no problems.\n");
}

#[test]
fn importing_twice_creates_nothing_new() {
    let lb = Logbook::new();
    let file = fixture().display().to_string();
    assert_eq!(code(&lb.run(&["import", "jrnl", &file])), 0);
    let snapshot = |lb: &Logbook| -> Vec<(String, Vec<u8>)> {
        lb.files()
            .into_iter()
            .map(|f| {
                let bytes = std::fs::read(lb.dir().join(&f)).unwrap();
                (f, bytes)
            })
            .collect()
    };
    let before = snapshot(&lb);
    let out = lb.run(&["import", "jrnl", &file]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!("Nothing new to import from {file}: all 34 entries are already in the logbook.\n")
    );
    assert_eq!(snapshot(&lb), before);

    // A removed entry stays removed; an entry written since is kept.
    let gone = "2025-11-17-short-note";
    assert_eq!(code(&lb.run(&["rm", gone])), 0);
    lb.add(&["--title", "Mine", "--section", "situation=x"]);
    let out = lb.run(&["import", "jrnl", &file]);
    assert!(
        stdout(&out).starts_with("Nothing new to import"),
        "{}",
        stdout(&out)
    );
    assert_eq!(list(&lb).len(), 34);
    assert!(lb.dir().join(format!("trash/{gone}.toml")).exists());

    // The same export read from stdin is recognised too.
    let out = lb
        .cmd()
        .args(["import", "jrnl", "-"])
        .write_stdin(std::fs::read(fixture()).unwrap())
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("Nothing new to import from stdin"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn dry_run_shows_the_plan_and_writes_nothing() {
    let lb = Logbook::new();
    let file = fixture().display().to_string();
    let out = lb.run(&["import", "jrnl", "--dry-run", &file]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2 + 34 + 1, "{text}");
    assert!(
        lines[0].contains("Date") && lines[0].contains("Criteria"),
        "{text}"
    );
    assert!(
        lines[4].contains("2025-09-05")
            && lines[4].contains("11:00")
            && lines[4].contains("Handled a data request properly.")
            && lines[4].contains("RES.4")
            && lines[4].contains("gdpr, starred"),
        "{}",
        lines[4]
    );
    assert_eq!(
        lines[36],
        format!("Would import 34 entries from {file}. Nothing was written (--dry-run).")
    );
    assert!(lb.files().is_empty());
    assert!(!lb.dir().exists(), "a dry run creates no directory");
}

#[test]
fn a_bad_export_is_refused_with_its_place() {
    let lb = Logbook::new();
    let bad = lb.tmp.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\"entries\": [\n  {\"title\": \"x\", \"date\": 2025}\n]}",
    )
    .unwrap();
    let out = lb.run(&["import", "jrnl", &bad.display().to_string()]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        format!(
            "error: {}:2:29: not a jrnl JSON export: invalid type: integer `2025`, expected a string\n",
            bad.display()
        )
    );
    std::fs::write(
        &bad,
        "{\"entries\": [{\"title\": \"x\", \"body\": \"\", \"date\": \"5 May\", \"time\": \"09:00\", \"tags\": [], \"starred\": false}]}",
    )
    .unwrap();
    let out = lb.run(&["import", "jrnl", &bad.display().to_string()]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        format!(
            "error: {}: entry 1 (\"x\"): date \"5 May\" is not YYYY-MM-DD\n",
            bad.display()
        )
    );
    let out = lb.run(&["import", "jrnl", "missing.json"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: cannot read missing.json: No such file or directory\n"
    );
    assert!(lb.files().is_empty());
}

/// jrnl keeps local times without an offset: each is read in the local
/// time zone with the offset in force on its own date, not the offset at
/// the time of the import. The zone is a POSIX TZ rule for UK time, so the
/// test does not depend on the machine's time zone database.
#[test]
fn each_time_gets_the_offset_in_force_on_its_own_date() {
    const UK: &str = "GMT0BST,M3.5.0/1,M10.5.0";
    let lb = Logbook::new();
    let file = lb.tmp.path().join("journal.json");
    std::fs::write(
        &file,
        r#"{"entries": [
  {"title": "Summer call", "body": "A customer rang.", "date": "2026-07-01", "time": "09:15"},
  {"title": "Winter call", "body": "Another rang.", "date": "2026-11-02", "time": "09:15"},
  {"title": "Clocks forward", "body": "In the skipped hour.", "date": "2026-03-29", "time": "01:30"},
  {"title": "Clocks back", "body": "In the hour that came twice.", "date": "2026-10-25", "time": "01:30"}
]}"#,
    )
    .unwrap();
    let file = file.display().to_string();
    // Imported in December, when the UK is on GMT.
    let run = |args: &[&str]| {
        lb.cmd()
            .env("TZ", UK)
            .env("LOGBOOK_NOW", "2026-12-01T10:00:00Z")
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["import", "jrnl", "--dry-run", &file]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("2026-03-29   02:30   Clocks forward"),
        "{}",
        stdout(&out)
    );
    let out = run(&["import", "jrnl", &file]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let created: BTreeSet<(String, String)> = list(&lb)
        .iter()
        .map(|e| {
            (
                e["title"].as_str().unwrap().to_string(),
                e["created"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: BTreeSet<(String, String)> = [
        ("Summer call", "2026-07-01T09:15:00+01:00"),
        ("Winter call", "2026-11-02T09:15:00+00:00"),
        // The skipped hour: read with the offset before the change.
        ("Clocks forward", "2026-03-29T02:30:00+01:00"),
        // The hour that came twice: the earlier of the two.
        ("Clocks back", "2026-10-25T01:30:00+01:00"),
    ]
    .iter()
    .map(|(t, c)| (t.to_string(), c.to_string()))
    .collect();
    assert_eq!(created, want);
}

/// An entry with no title and no text is skipped, and the summary says so,
/// rather than imported with made-up words.
#[test]
fn an_empty_jrnl_entry_is_skipped_with_a_note() {
    let lb = Logbook::new();
    let path = lb.tmp.path().join("journal.json");
    std::fs::write(
        &path,
        r#"{"entries": [
  {"title": "", "body": "", "date": "2026-11-21", "time": "10:00"},
  {"title": "Kept", "body": "A customer rang.", "date": "2026-11-22", "time": "09:00"},
  {"title": "  ", "body": " \n ", "date": "2026-11-23", "time": "11:00", "tags": ["@res4"]}
]}"#,
    )
    .unwrap();
    let file = path.display().to_string();
    let note = "2 empty entries skipped (2026-11-21 10:00, 2026-11-23 11:00)";
    let out = lb.run(&["import", "jrnl", "--dry-run", &file]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).ends_with(&format!(
            "Would import 1 entry from {file}; {note}. Nothing was written (--dry-run).\n"
        )),
        "{}",
        stdout(&out)
    );
    let out = lb.run(&["import", "jrnl", &file]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).ends_with(&format!("Imported 1 entry from {file}; {note}.\n")),
        "{}",
        stdout(&out)
    );
    let entries = list(&lb);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["title"], "Kept");
    let out = lb.run(&["import", "jrnl", &file]);
    assert_eq!(
        stdout(&out),
        format!(
            "Nothing new to import from {file}: all 1 entry is already in the logbook; {note}.\n"
        )
    );

    // Only empty entries: nothing to import, and nothing made up.
    let lb = Logbook::new();
    std::fs::write(
        &path,
        r#"{"entries": [{"title": "", "body": "", "date": "2026-11-21", "time": "10:00"}]}"#,
    )
    .unwrap();
    let out = lb.run(&["import", "jrnl", &file]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!("Nothing to import from {file}: 1 empty entry skipped (2026-11-21 10:00).\n")
    );
    assert!(lb.files().is_empty(), "{:?}", lb.files());
}
