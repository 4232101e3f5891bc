//! Issue 13, "Reliability II": each defect reproduced end to end through the
//! real binary, as a class — a table or property over many variants of the
//! same mistake, not just the example in the issue. Black-box on purpose:
//! nothing here names a module, so the tests survive the source being
//! reorganised.
//!
//! Hooks used (debug builds only): `LOGBOOK_FAULT=serialise|verify` makes
//! the store's write path fail as if an entry could not be written out or
//! did not read back; `LOGBOOK_MAX_ENTRY_BYTES` lowers the one size limit so
//! the limit can be tested with small files; `LOGBOOK_CACHE_SETTLE_MS=0`
//! lets the digest cache keep files the test has just written.

use std::collections::BTreeMap;
use std::os::unix::fs::{FileTypeExt, symlink};
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::support::*;

// ---------------------------------------------------------------------------
// Helpers

/// An entry's file, for an id that starts with its date (as every id `add` makes).
fn entry_path(lb: &Logbook, id: &str) -> PathBuf {
    lb.dir()
        .join("entries")
        .join(&id[..4])
        .join(&id[5..7])
        .join(format!("{id}.toml"))
}

/// Every file under the data directory with its bytes, except the lock,
/// the digest cache and drafts: what "nothing stored changed" compares.
pub(crate) fn snapshot(lb: &Logbook) -> BTreeMap<String, Vec<u8>> {
    lb.files()
        .into_iter()
        .filter(|f| !f.starts_with("cache/") && !f.starts_with("drafts/"))
        .map(|f| {
            let bytes = std::fs::read(lb.dir().join(&f)).unwrap_or_default();
            (f, bytes)
        })
        .collect()
}

pub(crate) fn both(out: &Output) -> String {
    stdout(out) + &stderr(out)
}

pub(crate) fn assert_no_panic(out: &Output, what: &str) {
    assert_ne!(code(out), 101, "{what}: panicked\n{}", stderr(out));
    assert!(
        !stderr(out).contains("panicked"),
        "{what}: panicked\n{}",
        stderr(out)
    );
}

/// Bad input: exit 2 and one `error:` line saying what is wrong.
pub(crate) fn assert_refused(out: &Output, what: &str) {
    assert_no_panic(out, what);
    assert_eq!(
        code(out),
        2,
        "{what}: expected exit 2\nstdout: {}\nstderr: {}",
        stdout(out),
        stderr(out)
    );
    let errors = stderr(out)
        .lines()
        .filter(|l| l.starts_with("error:"))
        .count();
    assert_eq!(errors, 1, "{what}: one error line\n{}", stderr(out));
}

/// A TOML string literal for any text (control characters escaped).
pub(crate) fn toml_str(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// Writes an entry file by hand, as a person (or another tool) might.
pub(crate) fn write_entry(
    lb: &Logbook,
    id: &str,
    date: &str,
    title: &str,
    body: &str,
    more: &str,
) -> PathBuf {
    let path = lb
        .dir()
        .join("entries")
        .join(&id[..4])
        .join(&id[5..7])
        .join(format!("{id}.toml"));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text = format!(
        "id = \"{id}\"\ntitle = {}\ncreated = 2026-11-28T09:00:00+00:00\noccurred = {date}\n\
         framework = \"star\"\nevidence = \"observation\"\n{more}\n[sections]\n\
         situation = {}\nresult = \"It was resolved and the customer thanked us.\"\n",
        toml_str(title),
        toml_str(body),
    );
    std::fs::write(&path, text).unwrap();
    path
}

pub(crate) fn show_json(lb: &Logbook, id: &str) -> Value {
    let out = lb.run(&["show", id, "--json"]);
    assert_eq!(code(&out), 0, "show {id}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn gaps_json(lb: &Logbook, extra: &[&str]) -> Value {
    let mut args = vec!["gaps", "--json"];
    args.extend(extra);
    let out = lb.run(&args);
    assert!(code(&out) == 0 || code(&out) == 1, "gaps: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `(entry, kind)` of every warning in a gaps report.
fn warning_kinds(report: &Value) -> Vec<(String, String)> {
    report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["entry"].as_str().unwrap_or("").to_string(),
                w["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// An executable script in the test's temp dir, for `$EDITOR`.
fn script(lb: &Logbook, name: &str, body: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    let path = lb.tmp.path().join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.display().to_string()
}

fn bin() -> String {
    assert_cmd::cargo::cargo_bin("logbook")
        .display()
        .to_string()
}

pub(crate) fn simple_entry(lb: &Logbook, title: &str, date: &str) -> String {
    lb.add(&[
        "--title",
        title,
        "--section",
        "situation=keep me",
        "--section",
        "result=It was resolved.",
        "--date",
        date,
    ])
}

// ---------------------------------------------------------------------------
// 1. No write commits text that failed to serialise; dates outside what the
//    file format holds (years 1 to 9999) are refused when parsed, by every
//    date parser.

/// Dates that chrono or the parser can produce but an entry file cannot
/// hold, or that are not dates at all.
const OUT_OF_RANGE_DATES: &[&str] = &[
    "+10000-01-01",
    "10000-01-01",
    "+99999-12-31",
    "-0001-01-01",
    "-0001-12-31",
    "0000-01-01",
    "+0000-12-31",
    "0000-00-00",
    "+262143-12-31",
    "-262144-01-01",
    "20000 years ago",
    "10000 years ago",
    "2027 years ago",
    "2026 years ago",
    "1000000 years ago",
    "99999999 days ago",
    "1000000 days ago",
    "740000 days ago",
    "200000 weeks ago",
    "30000 months ago",
    "24313 months ago",
];

/// Old but valid: year 1 and the like must still be accepted.
const OLD_BUT_VALID: &[(&str, &str)] = &[
    ("0001-01-01", "0001-01-01"),
    ("2025 years ago", "0001-11-28"),
    ("24300 months ago", "0001-11-28"),
    ("99999 days ago", "1753-02-13"),
    ("1752-09-14", "1752-09-14"),
];

#[test]
fn out_of_range_dates_are_refused_by_every_date_flag_and_nothing_is_written() {
    let lb = Logbook::new();
    let id = simple_entry(&lb, "First entry", "2026-11-20");
    let before = snapshot(&lb);
    let mut cases = 0;
    for date in OUT_OF_RANGE_DATES {
        let flag = |f: &str| format!("{f}={date}");
        let runs: Vec<(&str, Vec<String>)> = vec![
            ("--date", vec!["edit".into(), id.clone(), flag("--date")]),
            (
                "--date",
                vec![
                    "add".into(),
                    "--no-input".into(),
                    "--title".into(),
                    "Dated".into(),
                    "--section".into(),
                    "situation=x".into(),
                    flag("--date"),
                ],
            ),
            ("--since", vec!["list".into(), flag("--since")]),
            (
                "--until",
                vec!["list".into(), "--json".into(), flag("--until")],
            ),
            (
                "--since",
                vec!["search".into(), "keep".into(), flag("--since")],
            ),
            ("--until", vec!["export".into(), flag("--until")]),
            ("--as-of", vec!["gaps".into(), flag("--as-of")]),
        ];
        for (flag, args) in runs {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = lb.run(&args);
            let what = format!("{args:?}");
            assert_refused(&out, &what);
            assert!(
                stderr(&out).contains(flag),
                "{what}: the error names the flag\n{}",
                stderr(&out)
            );
            assert_eq!(snapshot(&lb), before, "{what}: something stored changed");
            cases += 1;
        }
    }
    assert_eq!(cases, OUT_OF_RANGE_DATES.len() * 7);
    // The entry still reads back whole.
    assert_eq!(show_json(&lb, &id)["occurred"], "2026-11-20");
}

#[test]
fn old_but_valid_dates_are_kept_and_read_back() {
    let lb = Logbook::new();
    let id = simple_entry(&lb, "First entry", "2026-11-20");
    for (typed, stored) in OLD_BUT_VALID {
        let out = lb.run(&["edit", &id, &format!("--date={typed}")]);
        assert_eq!(code(&out), 0, "{typed}: {}", stderr(&out));
        assert_eq!(show_json(&lb, &id)["occurred"], *stored, "{typed}");
        let text = std::fs::read_to_string(entry_path(&lb, &id)).unwrap();
        assert!(text.contains(&format!("occurred = {stored}")), "{text}");
    }
    let out = lb.run(&["check"]);
    assert_eq!(code(&out), 0, "{}", both(&out));
}

// ---------------------------------------------------------------------------
// 2. A kept edit draft remembers what it was based on: when the entry has
//    moved on since, saving it never silently reverts the newer changes.

/// The two ways `edit` opens an entry, which keep their drafts alike: the
/// Markdown form (`edit ID`, `drafts/edits/ID.md`) and the TOML file
/// (`edit ID --raw`, `drafts/edits/ID.toml`).
const EDIT_KINDS: [(&str, &[&str], &str); 2] = [("form", &[], "md"), ("raw", &["--raw"], "toml")];

/// `edit ID` with the flags that choose `kind`.
fn edit_args<'a>(id: &'a str, flags: &'a [&'a str]) -> Vec<&'a str> {
    let mut args = vec!["edit", id];
    args.extend_from_slice(flags);
    args
}

/// An editor's change to the situation, in the TOML file and in the form
/// (where `keep me` is the situation's own line).
const EDIT_SITUATION: &str = "sed -i -e 's/^situation = .*/situation = \"edited in the editor\"/' \
    -e 's/^keep me$/edited in the editor/' \"$1\"";
/// A mistake in either: an unknown field for the title.
const BREAK_TITLE: &str = "sed -i -e 's/^title = /titel = /' -e 's/^title: /titel: /' \"$1\"";
const FIX_TITLE: &str = "sed -i -e 's/^titel = /title = /' -e 's/^titel: /title: /' \"$1\"";

/// How a draft comes to be kept: the editor fails, the edit is invalid, or
/// the same section changed on disk while the editor was open (a change
/// elsewhere would be merged, and nothing kept).
fn keep_a_draft(lb: &Logbook, id: &str, how: &str, (kind, flags, ext): (&str, &[&str], &str)) {
    let body = match how {
        "editor-failed" => format!("{EDIT_SITUATION}\nexit 3"),
        "invalid" => format!("{EDIT_SITUATION}\n{BREAK_TITLE}"),
        // Changed meanwhile in the same place: the edit cannot be merged.
        "changed-meanwhile" => format!(
            "{EDIT_SITUATION}\n'{}' edit {id} --section 'situation=Changed during the edit.'",
            bin()
        ),
        _ => unreachable!(),
    };
    let editor = script(lb, &format!("keep-{how}.sh"), &body);
    let out = lb
        .cmd()
        .args(edit_args(id, flags))
        .env("EDITOR", editor)
        .output()
        .unwrap();
    assert_ne!(
        code(&out),
        0,
        "{how}, {kind}: the edit must not be saved\n{}",
        both(&out)
    );
    assert_no_panic(&out, how);
    let draft = lb.dir().join("drafts/edits").join(format!("{id}.{ext}"));
    assert!(draft.is_file(), "{how}, {kind}: the edited text is kept");
    let base = lb
        .dir()
        .join("drafts/edits")
        .join(format!("{id}.{ext}.base"));
    assert!(base.is_file(), "{how}, {kind}: with what it began from");
}

/// How the entry moves on after the draft was kept.
fn move_on(lb: &Logbook, id: &str, how: &str) -> Vec<&'static str> {
    let out = match how {
        "tag" => lb.run(&["tag", id, "--tag", "later", "--add", "RES.1"]),
        "retitle" => lb.run(&["edit", id, "--title", "Retitled later"]),
        "section" => lb.run(&["edit", id, "--section", "task=Added later."]),
        _ => unreachable!(),
    };
    assert_eq!(code(&out), 0, "{how}: {}", stderr(&out));
    match how {
        "tag" => vec!["\"later\"", "\"RES.1\""],
        "retitle" => vec!["Retitled later"],
        "section" => vec!["Added later."],
        _ => unreachable!(),
    }
}

#[test]
fn a_kept_edit_draft_never_reverts_changes_made_since() {
    let mut cases = 0;
    for kind @ (name, _, ext) in EDIT_KINDS {
        for kept in ["editor-failed", "invalid", "changed-meanwhile"] {
            for moved in ["tag", "retitle", "section"] {
                let lb = Logbook::new();
                let id = simple_entry(&lb, "First entry", "2026-11-20");
                keep_a_draft(&lb, &id, kept, kind);
                let mut newer = move_on(&lb, &id, moved);
                if kept == "changed-meanwhile" {
                    newer.push("Changed during the edit.");
                }
                let moved_on = std::fs::read(entry_path(&lb, &id)).unwrap();
                // Reopen the draft (`edit ID` finds it, whichever kind it
                // is): save it unchanged, or with its problem fixed.
                let reopen = if kept == "invalid" {
                    script(&lb, "fix.sh", FIX_TITLE)
                } else {
                    "true".to_string()
                };
                let out = lb
                    .cmd()
                    .args(["edit", &id])
                    .env("EDITOR", reopen)
                    .output()
                    .unwrap();
                assert_no_panic(&out, kept);
                let now = std::fs::read_to_string(entry_path(&lb, &id)).unwrap();
                let what = format!("{name} draft kept by {kept}, entry moved on by {moved}");
                // Changes in different places merge; in the same place, refuse.
                assert_eq!(
                    code(&out) == 0,
                    kept != "changed-meanwhile",
                    "{what}: {}",
                    both(&out)
                );
                if code(&out) == 0 {
                    // Merged: both the newer change and the draft's are there.
                    for text in &newer {
                        assert!(now.contains(text), "{what}: {text} reverted\n{now}");
                    }
                    assert!(now.contains("edited in the editor"), "{what}\n{now}");
                    assert!(
                        stdout(&out).contains("merged with the changes made to it since"),
                        "{what}: {}",
                        stdout(&out)
                    );
                    let edits = lb.dir().join("drafts/edits");
                    assert!(!edits.exists(), "{what}: draft and base are gone");
                } else {
                    // Refused: nothing changed, and the reason is given.
                    assert_eq!(code(&out), 2, "{what}: {}", stderr(&out));
                    assert_eq!(now.as_bytes(), moved_on, "{what}: the entry changed");
                    let err = stderr(&out);
                    assert!(
                        err.contains("changed since") || err.contains("moved on"),
                        "{what}: say why\n{err}"
                    );
                    assert!(
                        lb.dir().join(format!("drafts/edits/{id}.{ext}")).is_file(),
                        "{what}: the draft is still kept"
                    );
                }
                cases += 1;
            }
        }
    }
    assert_eq!(cases, 18);
}

#[test]
fn a_kept_draft_of_an_entry_that_has_not_moved_on_still_saves() {
    for kind @ (name, flags, ext) in EDIT_KINDS {
        for kept in ["editor-failed", "invalid"] {
            let lb = Logbook::new();
            let id = simple_entry(&lb, "First entry", "2026-11-20");
            keep_a_draft(&lb, &id, kept, kind);
            let reopen = if kept == "invalid" {
                script(&lb, "fix.sh", FIX_TITLE)
            } else {
                "true".to_string()
            };
            let out = lb
                .cmd()
                .args(edit_args(&id, flags))
                .env("EDITOR", reopen)
                .output()
                .unwrap();
            assert_eq!(code(&out), 0, "{name}, {kept}: {}", both(&out));
            assert_eq!(stdout(&out), format!("Saved {id}\n"), "{name}, {kept}");
            assert_eq!(
                show_json(&lb, &id)["sections"]["situation"],
                "edited in the editor"
            );
            assert!(!lb.dir().join(format!("drafts/edits/{id}.{ext}")).exists());
            assert!(
                !lb.dir()
                    .join(format!("drafts/edits/{id}.{ext}.base"))
                    .exists()
            );
        }
    }
}

// ---------------------------------------------------------------------------
// 3. Only a literal `KEY=` removes a section; `KEY=-` with empty stdin or
//    `KEY=@FILE` with an empty file is an error, in add and in edit.

#[test]
fn empty_stdin_or_an_empty_file_never_removes_or_drops_a_section() {
    let lb = Logbook::new();
    let id = simple_entry(&lb, "First entry", "2026-11-20");
    let dir = lb.tmp.path();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(dir.join("blank.txt"), " \n\t\n").unwrap();
    std::fs::write(dir.join("newline.txt"), "\n").unwrap();
    let before = snapshot(&lb);
    // (value, stdin)
    let inputs: &[(&str, &str)] = &[
        ("-", ""),
        ("-", "\n"),
        ("-", "  \t \n\n"),
        ("-", "\r\n"),
        ("@empty.txt", ""),
        ("@blank.txt", ""),
        ("@newline.txt", ""),
        ("@/dev/null", ""),
    ];
    let mut cases = 0;
    for (value, input) in inputs {
        for key in ["result", "situation", "task"] {
            let section = format!("{key}={value}");
            let edit = lb
                .cmd()
                .args(["edit", &id, "--section", &section])
                .write_stdin(*input)
                .output()
                .unwrap();
            assert_refused(&edit, &format!("edit --section {section} <{input:?}"));
            let add = lb
                .cmd()
                .args([
                    "add",
                    "--no-input",
                    "--title",
                    "New",
                    "--section",
                    "action=Something I did.",
                    "--section",
                    &section,
                ])
                .write_stdin(*input)
                .output()
                .unwrap();
            assert_refused(&add, &format!("add --section {section} <{input:?}"));
            assert_eq!(snapshot(&lb), before, "{section} <{input:?}");
            cases += 2;
        }
    }
    assert_eq!(cases, inputs.len() * 6);
    // A literal KEY= still removes a section on purpose.
    let out = lb.run(&["edit", &id, "--section", "result="]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(show_json(&lb, &id)["sections"].get("result").is_none());
}

// ---------------------------------------------------------------------------
// 4. Numbers whose groups are separated by a no-break space, a tab, several
//    spaces or other Unicode spaces are found, warned about and redacted —
//    the original span, whatever its spacing.

const SPACES: &[(&str, &str)] = &[
    ("no-break space", "\u{a0}"),
    ("narrow no-break space", "\u{202f}"),
    ("figure space", "\u{2007}"),
    ("thin space", "\u{2009}"),
    ("ideographic space", "\u{3000}"),
    ("tab", "\t"),
    ("two spaces", "  "),
    ("three spaces", "   "),
    ("space and no-break space", " \u{a0}"),
];

const DASHES: &[(&str, &str)] = &[
    ("en dash", "\u{2013}"),
    ("non-breaking hyphen", "\u{2011}"),
    ("minus sign", "\u{2212}"),
    ("dot", "."),
];

/// (kind, its placeholder, the groups of the number, whether dashes and dots join it)
const NUMBERS: &[(&str, &str, &[&str], bool)] = &[
    ("mobile", "[PHONE]", &["07700", "900123"], true),
    ("landline", "[PHONE]", &["0161", "496", "0000"], true),
    (
        "international",
        "[PHONE]",
        &["+44", "7700", "900", "456"],
        false,
    ),
    ("card", "[CARD]", &["4111", "1111", "1111", "1111"], true),
    (
        "NI number",
        "[NI-NUMBER]",
        &["QQ", "12", "34", "56", "C"],
        false,
    ),
    ("postcode", "[POSTCODE]", &["SW1A", "1AA"], false),
];

#[test]
fn numbers_with_any_spacing_are_found_and_their_original_span_redacted() {
    let lb = Logbook::new();
    let mut variants: Vec<(String, &str, String)> = Vec::new();
    for (kind, placeholder, groups, dashes) in NUMBERS {
        let seps = SPACES
            .iter()
            .chain(DASHES.iter().filter(|_| *dashes))
            .filter(|(name, _)| !(*name == "dot" && *kind == "card"));
        for (name, sep) in seps {
            variants.push((format!("{kind} with {name}"), placeholder, groups.join(sep)));
        }
    }
    let mut ids = Vec::new();
    for (n, (what, _, number)) in variants.iter().enumerate() {
        let out = lb
            .cmd()
            .args([
                "add",
                "--no-input",
                "--title",
                &format!("Variant {n}"),
                "--date",
                "2026-11-20",
                "--section",
                &format!("situation=She rang from {number} about it."),
                "--section",
                "result=Resolved.",
            ])
            .output()
            .unwrap();
        assert_eq!(code(&out), 0, "{what}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("personal data"),
            "{what}: add must warn about {number:?}\n{}",
            stderr(&out)
        );
        ids.push(stdout(&out).trim().to_string());
    }
    // check: a warning for every one of them.
    let out = lb.run(&["check"]);
    let report = both(&out);
    for ((what, _, _), id) in variants.iter().zip(&ids) {
        assert!(
            report
                .lines()
                .any(|l| l.contains(&format!("{id}.toml:")) && l.contains("warning")),
            "{what}: check says nothing\n{report}"
        );
    }
    // gaps: a personal-data warning on every entry.
    let kinds = warning_kinds(&gaps_json(&lb, &[]));
    for ((what, _, _), id) in variants.iter().zip(&ids) {
        assert!(
            kinds.contains(&(id.clone(), "personal-data".to_string())),
            "{what}: gaps says nothing"
        );
    }
    // export: each number replaced whole, in place, and counted.
    let out = lb.run(&["export", "--redact"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let doc = stdout(&out);
    for (what, _, number) in &variants {
        let normalised: String = number.split_whitespace().collect::<Vec<_>>().join(" ");
        for form in [number.as_str(), normalised.as_str()] {
            assert!(!doc.contains(form), "{what}: {form:?} leaked");
        }
    }
    let mut placeholders: Vec<&str> = NUMBERS.iter().map(|n| n.1).collect();
    placeholders.dedup();
    for placeholder in placeholders {
        let escaped = placeholder.replace('[', "\\[").replace(']', "\\]");
        let want = variants.iter().filter(|v| v.1 == placeholder).count();
        let got = doc
            .matches(&format!("She rang from {escaped} about it."))
            .count();
        assert_eq!(got, want, "{placeholder}: every span replaced whole\n{doc}");
    }
    assert!(
        !stderr(&out).contains("redacted nothing"),
        "{}",
        stderr(&out)
    );
    assert!(variants.len() >= 60, "{} variants", variants.len());
}

// ---------------------------------------------------------------------------
// 5. Nothing generated from entry text bypasses redaction: the
//    same-incident reason quotes shared words, lower-cased and stemmed.

#[test]
fn listed_names_never_leak_through_generated_explanations() {
    let lb = Logbook::new();
    std::fs::create_dir_all(lb.dir()).unwrap();
    std::fs::write(
        lb.dir().join("logbook.toml"),
        "[redact]\nnames = [\"Mrs Okafor = customer\", \"Hughes\", \"Siobhán O'Brien\", \
         \"Dave Jones = colleague\", \"Priya\"]\n",
    )
    .unwrap();
    let pairs: &[(&str, &str, &str, &str)] = &[
        (
            "2026-11-02",
            "2026-11-03",
            "Okafor complaint about the Hughes delivery",
            "Mrs Okafor rang: the Hughes parcel for Okafor was lost. Okafor wanted the Hughes refunds sorted.",
        ),
        (
            "2026-10-01",
            "2026-10-02",
            "Siobhán O'Brien and Dave Jones on the O'Brien account",
            "Siobhán O'Brien rang about the O'Brien account; Dave Jones and Jones's team took the O'Brien call. Siobhán thanked Dave.",
        ),
        (
            "2026-09-01",
            "2026-09-02",
            "Priya and the Priya wardrobe",
            "Priya rang about Priya's wardrobe; the wardrobe for Priya arrived broken, Priya was upset.",
        ),
    ];
    for (first, second, title, text) in pairs {
        for (date, suffix) in [(first, "first call"), (second, "follow-up")] {
            lb.add(&[
                "--title",
                &format!("{title} {suffix}"),
                "--date",
                date,
                "--section",
                &format!("situation={text}"),
                "--section",
                "result=Resolved, thanked.",
                "--criteria",
                "OPS.3",
                "--evidence",
                "observation",
            ]);
        }
    }
    // The analysis sees these as one incident each (that is the reason text).
    let report = gaps_json(&lb, &[]);
    let same: Vec<_> = warning_kinds(&report)
        .into_iter()
        .filter(|(_, k)| k == "same-incident")
        .collect();
    assert!(!same.is_empty(), "{report:#}");

    let out = lb.run(&["export", "--redact"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let doc = stdout(&out).to_lowercase();
    for leak in ["okafor", "hughe", "siobh", "brien", "dave", "jone", "priya"] {
        assert!(
            !doc.contains(leak),
            "{leak:?} leaked:\n{}",
            doc.lines()
                .filter(|l| l.contains(leak))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

// ---------------------------------------------------------------------------
// 6. Everything printed for a person is sanitised: no control character,
//    escape sequence or bidi override from entry text reaches the terminal.

pub(crate) const CONTROLS: &[(&str, &str)] = &[
    ("clear screen", "\u{1b}[2J"),
    ("OSC 52 clipboard", "\u{1b}]52;c;SGVsbG8=\u{7}"),
    (
        "OSC 8 link",
        "\u{1b}]8;;https://example.com\u{1b}\\link\u{1b}]8;;\u{1b}\\",
    ),
    ("alternate screen", "\u{1b}[?1049h"),
    ("colour", "\u{1b}[31;1m"),
    ("DCS", "\u{1b}P1$r\u{1b}\\"),
    ("lone ESC", "\u{1b}"),
    ("BEL", "\u{7}"),
    ("backspace", "\u{8}\u{8}\u{8}"),
    ("carriage return", "\r"),
    ("vertical tab", "\u{b}"),
    ("form feed", "\u{c}"),
    ("NUL", "\u{0}"),
    ("DEL", "\u{7f}"),
    ("C1 CSI", "\u{9b}2J"),
    ("C1 OSC", "\u{9d}52;c;SGVsbG8=\u{9c}"),
    ("NEL", "\u{85}"),
    ("RLO bidi override", "\u{202e}"),
    ("LRE", "\u{202a}"),
    ("RLI isolate", "\u{2067}"),
    ("PDI", "\u{2069}"),
];

/// Characters that must never reach a terminal from user text (a `\r\n`
/// line ending is a line break, not a control to fear).
fn unsafe_chars(text: &str) -> Vec<char> {
    text.replace("\r\n", "\n")
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        })
        .collect()
}

pub(crate) fn assert_clean(out: &Output, what: &str) {
    assert_no_panic(out, what);
    let text = both(out);
    let bad = unsafe_chars(&text);
    assert!(
        bad.is_empty(),
        "{what}: {bad:?} reached the terminal\n{}",
        text.escape_debug()
    );
}

#[test]
fn control_sequences_in_entries_never_reach_the_terminal() {
    let lb = Logbook::new();
    let mut ids = Vec::new();
    for (n, (name, seq)) in CONTROLS.iter().enumerate() {
        let id = format!("2026-11-{:02}-hostile-{n}", 1 + n % 27);
        let title = format!("Marker title {n} {seq} end");
        let body = format!("Marker body {n} {seq}\nsecond line {seq} end");
        let more = format!(
            "tags = [{}]\nwitness = {}\nattachments = [{}]\ncriteria = [\"RES.1\"]",
            toml_str(&format!("tag{seq}{n}")),
            toml_str(&format!("Witness {seq}")),
            toml_str(&format!("files/{seq}.pdf")),
        );
        write_entry(&lb, &id, &id[..10], &title, &body, &more);
        // JSON stays exact: the text as stored, escaped by the serialiser.
        assert_eq!(show_json(&lb, &id)["title"], title.as_str(), "{name}");
        ids.push(id);
    }
    let mut cases = 0;
    for (id, (name, _)) in ids.iter().zip(CONTROLS) {
        let out = lb.run(&["show", id]);
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
        assert_clean(&out, &format!("show ({name})"));
        assert!(stdout(&out).contains("Marker title"), "{name}");
        assert!(stdout(&out).contains("second line"), "{name}");
        cases += 1;
    }
    let runs: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["list", "--tag", "tag"],
        vec!["search", "marker"],
        vec!["search", "marker", "--limit", "3"],
        vec!["gaps"],
        vec!["gaps", "--unit", "RES"],
        vec!["check"],
        vec!["tag", &ids[0], "--tag", "more"],
        vec!["tag", &ids[1], "--untag", "nothing-here"],
        vec!["edit", &ids[2], "--title", "Calm title"],
    ];
    for args in &runs {
        let out = lb.run(args);
        assert_clean(&out, &format!("{args:?}"));
        cases += 1;
    }
    let mut rm = vec!["rm"];
    rm.extend(ids.iter().map(String::as_str));
    let out = lb.run(&rm);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_clean(&out, "rm");
    let out = lb.run(&["trash"]);
    assert_clean(&out, "trash");
    for id in &ids {
        let out = lb.run(&["restore", id]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert_clean(&out, &format!("restore {id}"));
        cases += 1;
    }
    assert!(cases >= CONTROLS.len() * 2 + runs.len());
}

#[test]
fn control_sequences_in_imported_files_and_bad_input_never_reach_the_terminal() {
    let lb = Logbook::new();
    let id = simple_entry(&lb, "First entry", "2026-11-20");
    let entries: Vec<Value> = CONTROLS
        .iter()
        .enumerate()
        .map(|(n, (_, seq))| {
            serde_json::json!({
                "title": format!("Imported {n} {seq} title"),
                "body": format!("Body {seq} text"),
                "date": format!("2026-10-{:02}", 1 + n % 27),
                "time": "10:00",
                "tags": [format!("@res{seq}9"), format!("@x{seq}")],
                "starred": false,
            })
        })
        .collect();
    let file = lb.tmp.path().join("journal.json");
    std::fs::write(&file, serde_json::json!({ "entries": entries }).to_string()).unwrap();
    let file = file.display().to_string();
    let out = lb.run(&["import", "jrnl", &file, "--dry-run"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_clean(&out, "import --dry-run");
    let out = lb.run(&["import", "jrnl", &file]);
    assert_clean(&out, "import");

    // A stray file whose name holds an escape sequence, and values check quotes.
    let month = lb.dir().join("entries/2026/11");
    std::fs::write(month.join("\u{1b}[2Jodd\u{7}.txt"), "x").unwrap();
    write_entry(
        &lb,
        "2026-11-21-bad-values",
        "2026-11-21",
        "Bad values",
        "x",
        "",
    );
    let bad = lb.dir().join("entries/2026/11/2026-11-21-bad-values.toml");
    let text = std::fs::read_to_string(&bad).unwrap().replace(
        "evidence = \"observation\"",
        "evidence = \"obs\\u001b]52;c;QQ==\\u0007\\u202e\"",
    ) + "\"\\u001b[2J\\u009b\" = \"odd key\"\n";
    std::fs::write(&bad, text).unwrap();
    for args in [
        vec!["check"],
        vec!["list"],
        vec!["gaps"],
        vec!["show", "2026-11-21-bad"],
    ] {
        let out = lb.run(&args);
        assert_clean(&out, &format!("{args:?}"));
    }

    // Errors and warnings that echo what was typed.
    for (_, seq) in CONTROLS.iter().filter(|(_, s)| !s.contains('\0')) {
        let typed = format!("x{seq}y");
        let runs: Vec<Vec<&str>> = vec![
            vec!["show", &typed],
            vec!["rm", &typed],
            vec!["restore", &typed],
            vec!["edit", &id, "--evidence", &typed],
            vec!["edit", &id, "--date", &typed],
            vec!["list", "--since", &typed],
            vec!["list", "--unit", &typed],
            vec!["tag", &id, "--add", &typed],
            vec!["tag", &id, "--untag", &typed],
            vec!["criteria", &typed],
            vec!["gaps", "--as-of", &typed],
            vec!["search", &typed],
        ];
        for args in runs {
            let out = lb.run(&args);
            assert_clean(&out, &format!("{args:?}"));
        }
        let section = format!("{typed}=text");
        let framework = typed.clone();
        let out = lb.run(&[
            "add",
            "--no-input",
            "--title",
            "T",
            "--framework",
            &framework,
            "--section",
            &section,
        ]);
        assert_clean(&out, "add --framework");
        let out = lb.run(&["edit", &id, "--section", &section]);
        assert_clean(&out, "edit --section");
    }
}

// ---------------------------------------------------------------------------
// 7. `export -o PATH --force` never replaces what is not a regular file.

#[test]
fn export_force_never_replaces_anything_but_a_regular_file() {
    let lb = Logbook::new();
    simple_entry(&lb, "First entry", "2026-11-20");
    let dir = lb.tmp.path().join("targets");
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("socket")).unwrap();
    std::fs::create_dir(dir.join("folder")).unwrap();
    symlink(&fifo, dir.join("to-fifo")).unwrap();
    symlink(dir.join("socket"), dir.join("to-socket")).unwrap();
    symlink("/dev/null", dir.join("to-dev-null")).unwrap();
    symlink("/dev/zero", dir.join("to-dev-zero")).unwrap();
    symlink(dir.join("folder"), dir.join("to-folder")).unwrap();
    symlink(dir.join("nowhere"), dir.join("dangling")).unwrap();

    let kind = |p: &Path| {
        let meta = std::fs::symlink_metadata(p).unwrap();
        let t = meta.file_type();
        let target = std::fs::read_link(p).ok();
        (
            t.is_fifo(),
            t.is_socket(),
            t.is_dir(),
            t.is_symlink(),
            t.is_file(),
            target,
        )
    };
    let mut cases = 0;
    for name in [
        "fifo",
        "socket",
        "folder",
        "to-fifo",
        "to-socket",
        "to-dev-null",
        "to-dev-zero",
        "to-folder",
        "dangling",
    ] {
        let target = dir.join(name);
        let before = kind(&target);
        for force in [true, false] {
            let mut args = vec!["export", "-o", target.to_str().unwrap()];
            if force {
                args.push("--force");
            }
            let out = lb.run(&args);
            assert_refused(&out, &format!("{args:?}"));
            assert_eq!(kind(&target), before, "{name}: replaced");
            cases += 1;
        }
    }
    assert_eq!(cases, 18);
    // A regular file, and a link to one, are replaced with --force.
    let file = dir.join("portfolio.md");
    std::fs::write(&file, "old").unwrap();
    let out = lb.run(&["export", "-o", file.to_str().unwrap(), "--force"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("Evidence portfolio")
    );
    symlink(&file, dir.join("to-file")).unwrap();
    let link = dir.join("to-file");
    let out = lb.run(&["export", "-o", link.to_str().unwrap(), "--force"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

// ---------------------------------------------------------------------------
// 8. No panic from any argument: ids with multi-byte characters where a
//    byte index would land inside one.

const UNICODE_IDS: &[&str] = &[
    "2026-11-2é",
    "2026-11-2😀",
    "2026-11-2日本",
    "2026-11-2\u{301}",
    "2026-11-\u{301}0",
    "2026-11-20é",
    "2026-1é-20",
    "2026é11-20",
    "202é-11-20",
    "é",
    "日本",
    "😀",
    "e\u{301}",
    "\u{202e}2026-11-20",
    "２０２６-１１-２０",
    "2026-11-20-first-entr\u{fffd}",
    "ééééé-éé-éé",
    "2026-11-2\u{0}",
];

#[test]
fn unicode_ids_never_panic_any_command() {
    let lb = Logbook::new();
    simple_entry(&lb, "First entry", "2026-11-20");
    let gone = simple_entry(&lb, "Trashed entry", "2026-11-21");
    assert_eq!(code(&lb.run(&["rm", &gone])), 0);
    let before = snapshot(&lb);
    let mut cases = 0;
    for id in UNICODE_IDS.iter().filter(|id| !id.contains('\0')) {
        let runs: Vec<Vec<&str>> = vec![
            vec!["show", id],
            vec!["show", id, "--json"],
            vec!["rm", id],
            vec!["tag", id, "--tag", "x"],
            vec!["edit", id, "--title", "x"],
            vec!["edit", id],
            vec!["restore", id],
        ];
        for args in runs {
            let out = lb.cmd().args(&args).env("EDITOR", "true").output().unwrap();
            assert_refused(&out, &format!("{args:?}"));
            cases += 1;
        }
        assert_eq!(snapshot(&lb), before, "{id}");
    }
    assert_eq!(cases, (UNICODE_IDS.len() - 1) * 7);
}

// ---------------------------------------------------------------------------
// 9. Inputs are read before the writers' lock is taken; a command that has
//    to wait for the lock says so.

#[test]
fn a_writer_waiting_for_stdin_does_not_hold_up_other_writers() {
    let lb = Logbook::new();
    let id = simple_entry(&lb, "First entry", "2026-11-20");
    let out = lb.bash(&format!(
        r#"
        d="$LOGBOOK_DIR/.."
        mkfifo "$d/in" "$d/file-in"
        exec 3<> "$d/in"
        exec 4<> "$d/file-in"
        timeout 15 "$LOGBOOK" edit {id} --section result=- < "$d/in" > "$d/edit.out" 2> "$d/edit.err" 3>&- 4>&- &
        stdin_editor=$!
        timeout 15 "$LOGBOOK" edit {id} --section task=@"$d/file-in" > "$d/edit2.out" 2> "$d/edit2.err" 3>&- 4>&- &
        file_editor=$!
        sleep 1
        timeout 5 "$LOGBOOK" tag {id} --tag concurrent > "$d/tag.out" 2> "$d/tag.err" 3>&- 4>&-
        echo "tag=$?"
        timeout 5 "$LOGBOOK" add --no-input --title Other --section situation=x > /dev/null 2>&1 3>&- 4>&-
        echo "add=$?"
        echo "The refund went through." >&3
        exec 3>&-
        echo "The task, from a file." >&4
        exec 4>&-
        wait $stdin_editor
        echo "edit=$?"
        wait $file_editor
        echo "edit2=$?"
        "#
    ));
    let report = stdout(&out);
    for want in ["tag=0", "add=0", "edit=0", "edit2=0"] {
        assert!(
            report.lines().any(|l| l == want),
            "{want} missing:\n{report}\n{}",
            stderr(&out)
        );
    }
    let entry = show_json(&lb, &id);
    assert_eq!(entry["tags"], serde_json::json!(["concurrent"]));
    assert_eq!(
        entry["sections"]["result"].as_str().unwrap().trim(),
        "The refund went through."
    );
    assert_eq!(
        entry["sections"]["task"].as_str().unwrap().trim(),
        "The task, from a file."
    );
}

#[test]
fn a_writer_that_waits_for_the_lock_says_so() {
    let lb = Logbook::new();
    let id = simple_entry(&lb, "First entry", "2026-11-20");
    let gone = simple_entry(&lb, "Trashed", "2026-11-21");
    assert_eq!(code(&lb.run(&["rm", &gone])), 0);
    let journal = lb.tmp.path().join("j.json");
    std::fs::write(
        &journal,
        r#"{"entries":[{"title":"From jrnl","body":"Text.","date":"2026-11-02","time":"10:00","tags":[]}]}"#,
    )
    .unwrap();
    let commands = [
        (
            "add",
            "add --no-input --title Waited --section situation=x".to_string(),
        ),
        ("edit", format!("edit {id} --title Waited")),
        ("tag", format!("tag {id} --tag waited")),
        ("restore", format!("restore {gone}")),
        ("import", format!("import jrnl {}", journal.display())),
    ];
    let mut script = String::from(
        "d=\"$LOGBOOK_DIR/..\"\nflock \"$LOGBOOK_DIR/.lock\" sleep 4 &\nholder=$!\nsleep 0.3\n",
    );
    for (name, args) in &commands {
        script.push_str(&format!(
            "\"$LOGBOOK\" {args} > \"$d/{name}.out\" 2> \"$d/{name}.err\" & pids=\"$pids $!\"\n"
        ));
    }
    script.push_str("for p in $pids; do wait $p || echo failed; done\nwait $holder\n");
    let out = lb.bash(&script);
    assert!(!stdout(&out).contains("failed"), "{}", both(&out));
    for (name, _) in &commands {
        let err = std::fs::read_to_string(lb.tmp.path().join(format!("{name}.err"))).unwrap();
        assert!(
            err.contains("waiting for another logbook command"),
            "{name} waited silently: {err:?}"
        );
    }
    // Without a wait, nothing is said.
    let out = lb.run(&["tag", &id, "--tag", "quick"]);
    assert_eq!(stderr(&out), "");
}

// ---------------------------------------------------------------------------
// 10. One size limit, enforced on write as on read.

#[test]
fn an_entry_over_the_size_limit_is_refused_on_write() {
    let lb = Logbook::new();
    let big = lb.tmp.path().join("big.txt");
    std::fs::write(&big, "word ".repeat(3_400_000)).unwrap();
    let before = snapshot(&lb);
    let out = lb.run(&[
        "add",
        "--no-input",
        "--title",
        "Big",
        "--section",
        &format!("situation=@{}", big.display()),
    ]);
    assert_refused(&out, "add 17 MB");
    assert!(stderr(&out).contains("MB"), "{}", stderr(&out));
    assert_eq!(snapshot(&lb), before);
}

#[test]
fn the_size_limit_holds_for_every_write_and_read() {
    const LIMIT: &str = "4096";
    let lb = Logbook::new();
    let small = lb.add(&[
        "--title",
        "Small",
        "--date",
        "2026-11-20",
        "--section",
        &format!("situation={}", "a".repeat(3500)),
    ]);
    let long = "word ".repeat(1000);
    let file = lb.tmp.path().join("long.txt");
    std::fs::write(&file, &long).unwrap();
    let at_file = format!("situation=@{}", file.display());
    let journal = lb.tmp.path().join("j.json");
    std::fs::write(
        &journal,
        serde_json::json!({"entries": [{"title": "Long", "body": long, "date": "2026-11-02",
            "time": "10:00", "tags": []}]})
        .to_string(),
    )
    .unwrap();
    let journal = journal.display().to_string();
    let appender = script(
        &lb,
        "append.sh",
        &format!(
            "printf 'reflection = \"%s\"\\n' \"{}\" >> \"$1\"",
            "b".repeat(600)
        ),
    );
    let before = snapshot(&lb);
    let with_text = format!("situation={long}");
    let runs: Vec<(&str, Vec<&str>, &str)> = vec![
        (
            "add text",
            vec!["add", "--no-input", "--title", "T", "--section", &with_text],
            "",
        ),
        (
            "add stdin",
            vec![
                "add",
                "--no-input",
                "--title",
                "T",
                "--section",
                "situation=-",
            ],
            &long,
        ),
        (
            "add file",
            vec!["add", "--no-input", "--title", "T", "--section", &at_file],
            "",
        ),
        (
            "edit section",
            vec!["edit", &small, "--section", &with_text],
            "",
        ),
        (
            "edit stdin",
            vec!["edit", &small, "--section", "task=-"],
            &long,
        ),
        (
            "edit title",
            vec!["edit", &small, "--title", &long[..600]],
            "",
        ),
        ("tag", vec!["tag", &small, "--tag", &long[..600]], ""),
        (
            "witness",
            vec!["edit", &small, "--witness", &long[..600]],
            "",
        ),
        ("import", vec!["import", "jrnl", &journal], ""),
        (
            "import dry run",
            vec!["import", "jrnl", &journal, "--dry-run"],
            "",
        ),
        ("editor", vec!["edit", &small], ""),
    ];
    let mut cases = 0;
    for (what, args, input) in &runs {
        let out = lb
            .cmd()
            .args(args)
            .env("LOGBOOK_MAX_ENTRY_BYTES", LIMIT)
            .env("EDITOR", &appender)
            .write_stdin(*input)
            .output()
            .unwrap();
        assert_refused(&out, what);
        assert_eq!(snapshot(&lb), before, "{what}: something was written");
        cases += 1;
    }
    assert_eq!(cases, 11);
    // The reader refuses what the writer would: a hand-made file over it.
    write_entry(
        &lb,
        "2026-11-22-handmade",
        "2026-11-22",
        "Handmade",
        &long,
        "",
    );
    let out = lb
        .cmd()
        .args(["show", "2026-11-22-handmade"])
        .env("LOGBOOK_MAX_ENTRY_BYTES", LIMIT)
        .output()
        .unwrap();
    assert_refused(&out, "show over the limit");
}

// ---------------------------------------------------------------------------
// 11. The digest cache is checksummed: damage anywhere in it is ignored,
//     never shown, and does not survive the next rewrite.

#[test]
fn damage_anywhere_in_the_cache_never_reaches_the_output() {
    let lb = Logbook::new();
    for (n, title) in ["Refund complaint escalated", "Queue review", "Coaching"]
        .iter()
        .enumerate()
    {
        lb.add(&[
            "--title",
            title,
            "--date",
            &format!("2026-11-2{n}"),
            "--section",
            "situation=A customer rang because the refund was late.",
            "--section",
            "result=I would call back; it was resolved.",
            "--criteria",
            "RES.1,RES.2",
            "--tag",
            "complaint",
        ]);
    }
    let run = |args: &[&str]| {
        let out = lb
            .cmd()
            .args(args)
            .env("LOGBOOK_CACHE_SETTLE_MS", "0")
            .output()
            .unwrap();
        stdout(&out)
    };
    let baseline_list = run(&["list"]);
    let baseline_gaps = run(&["gaps", "--json"]);
    let cache = lb.dir().join("cache/digests");
    assert!(cache.is_file(), "gaps keeps a cache");
    let good = std::fs::read(&cache).unwrap();
    assert_eq!(run(&["list"]), baseline_list, "the cache alone");

    // Targeted damage inside fields, keeping every length the same.
    let targeted: &[(&[u8], &[u8])] = &[
        (b"Refund complaint", b"Refuse complaint"),
        (b"Queue review", b"Queue reviex"),
        (b"RES.2", b"RES.8"),
        (b"reflective-account", b"reflective-accoune"),
        (b"would do", b"could do"),
        (b"2026-11-21", b"2026-11-12"),
    ];
    let mut cases = 0;
    for (from, to) in targeted {
        let Some(at) = good.windows(from.len()).position(|w| w == *from) else {
            continue;
        };
        let mut bad = good.clone();
        bad[at..at + to.len()].copy_from_slice(to);
        std::fs::write(&cache, &bad).unwrap();
        assert_eq!(
            run(&["list"]),
            baseline_list,
            "{}",
            String::from_utf8_lossy(from)
        );
        assert_eq!(
            run(&["gaps", "--json"]),
            baseline_gaps,
            "{}",
            String::from_utf8_lossy(from)
        );
        // A rewrite of the cache (a new entry) does not carry the damage on.
        let damaged = String::from_utf8_lossy(to).into_owned();
        let added = lb.add(&[
            "--title",
            "Later",
            "--section",
            "situation=x",
            "--date",
            "2026-11-26",
        ]);
        run(&["gaps"]);
        let rewritten = std::fs::read(&cache).unwrap();
        assert!(
            !rewritten.windows(to.len()).any(|w| w == *to)
                || String::from_utf8_lossy(&good).contains(&damaged),
            "{damaged:?} survived the rewrite"
        );
        assert_eq!(code(&lb.run(&["rm", &added])), 0);
        run(&["gaps"]);
        std::fs::write(&cache, &good).unwrap();
        cases += 1;
    }
    assert!(cases >= 4, "{cases} targeted cases");

    // Every 5th byte flipped, one at a time.
    let mut flips = 0;
    for at in (8..good.len()).step_by(5) {
        let mut bad = good.clone();
        bad[at] ^= 0x01;
        std::fs::write(&cache, &bad).unwrap();
        assert_eq!(run(&["list"]), baseline_list, "byte {at} flipped");
        flips += 1;
    }
    assert!(flips >= 50, "{flips} flips");
}

// ---------------------------------------------------------------------------
// 12. A one-word name that is also an ordinary word matches only as a name.

const WORDLIKE_NAMES: &[(&str, &str, &str)] = &[
    (
        "Will",
        "I will call her back and I will note it.",
        "Will rang again.",
    ),
    (
        "Mark",
        "There was a mark on the sofa; we mark it down.",
        "Mark rang again.",
    ),
    (
        "Grace",
        "We gave a grace period of a week.",
        "Grace rang again.",
    ),
    (
        "Bill",
        "The bill was wrong, so we corrected the bill.",
        "Bill rang again.",
    ),
    (
        "Frank",
        "We had a frank talk about the delay.",
        "Frank rang again.",
    ),
    (
        "Rose",
        "Complaints rose after the price change.",
        "Rose rang again.",
    ),
    (
        "Hope",
        "I hope the new rota helps; there is hope.",
        "Hope rang again.",
    ),
    (
        "Sue",
        "She said she would sue the courier.",
        "Sue rang again.",
    ),
    (
        "Joy",
        "It was a joy to see the queue fall.",
        "Joy rang again.",
    ),
    (
        "Dawn",
        "We opened at dawn for the sale.",
        "Dawn rang again.",
    ),
];

#[test]
fn one_word_names_that_are_ordinary_words_match_only_as_names() {
    let lb = Logbook::new();
    std::fs::create_dir_all(lb.dir()).unwrap();
    let list: Vec<String> = WORDLIKE_NAMES
        .iter()
        .map(|(n, _, _)| format!("\"{n}\""))
        .collect();
    std::fs::write(
        lb.dir().join("logbook.toml"),
        format!("[redact]\nnames = [{}]\n", list.join(", ")),
    )
    .unwrap();
    let mut plain_ids = Vec::new();
    let mut named_ids = Vec::new();
    for (_, ordinary, named) in WORDLIKE_NAMES {
        let out = lb.run(&[
            "add",
            "--no-input",
            "--title",
            &format!("Ordinary words {}", plain_ids.len()),
            "--date",
            "2026-11-20",
            "--section",
            &format!("situation={ordinary}"),
            "--section",
            "result=Resolved.",
        ]);
        assert_eq!(code(&out), 0);
        // The title holds the name: only the section is ordinary.
        plain_ids.push(stdout(&out).trim().to_string());
        named_ids.push(lb.add(&[
            "--title",
            "A named call",
            "--date",
            "2026-11-21",
            "--section",
            &format!("situation={named}"),
            "--section",
            "result=Resolved.",
        ]));
    }
    let report = gaps_json(&lb, &[]);
    let kinds = warning_kinds(&report);
    let out = lb.run(&["check"]);
    let check = both(&out);
    let export = stdout(&lb.run(&["export", "--redact"]));
    for (((name, ordinary, _), plain), named) in
        WORDLIKE_NAMES.iter().zip(&plain_ids).zip(&named_ids)
    {
        // The ordinary sentence is not personal data…
        let flagged_plain = check
            .lines()
            .filter(|l| l.contains(&format!("{plain}.toml:")) && l.contains("warning"))
            .count();
        assert_eq!(flagged_plain, 0, "{name}: {ordinary:?} flagged\n{check}");
        // …and is exported as written.
        let lower = ordinary.to_string();
        assert!(
            export.contains(&lower[..lower.len() - 1]),
            "{name}: {ordinary:?} redacted"
        );
        // The name itself still is.
        assert!(
            kinds.contains(&(named.clone(), "personal-data".into())),
            "{name}: the name is no longer found"
        );
        assert!(
            !export.contains(&format!("{name} rang again")),
            "{name} leaked"
        );
        // check says the name is an ordinary word too.
        assert!(
            check
                .lines()
                .any(|l| l.contains("logbook.toml") && l.contains(&format!("\"{name}\""))),
            "{name}: check does not warn about the name\n{check}"
        );
    }
    for plain in &plain_ids {
        let held: Vec<_> = report["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["entry"] == plain.as_str() && w["kind"] == "personal-data")
            .collect();
        assert!(held.is_empty(), "{plain}: {held:?}");
    }
}

// ---------------------------------------------------------------------------
// 13. One personal-data scan covers every text field, in add, gaps, check
//     and export alike.

#[test]
fn personal_data_in_any_field_is_found_everywhere() {
    let lb = Logbook::new();
    std::fs::create_dir_all(lb.dir()).unwrap();
    std::fs::write(
        lb.dir().join("logbook.toml"),
        "[redact]\nnames = [\"Mrs Okafor = customer\"]\n",
    )
    .unwrap();
    let data: &[(&str, &str)] = &[
        ("phone", "07700 900123"),
        ("email", "jo.bloggs@example.com"),
        ("postcode", "SW1A 1AA"),
        ("NI number", "QQ123456C"),
        ("card", "4111 1111 1111 1111"),
        ("name", "Mrs Okafor"),
    ];
    let mut cases = Vec::new();
    for (kind, value) in data {
        for field in ["title", "witness", "tag", "attachment", "section"] {
            let mut args: Vec<String> = vec![
                "add".into(),
                "--no-input".into(),
                "--date".into(),
                "2026-11-20".into(),
                "--section".into(),
                "result=Resolved; she thanked us.".into(),
                "--criteria".into(),
                "RES.2".into(),
            ];
            let title = format!("{field} holds a {kind}");
            match field {
                "title" => args.extend(["--title".into(), format!("Call {value}")]),
                _ => args.extend(["--title".into(), title.clone()]),
            }
            match field {
                "witness" => args.extend(["--witness".into(), value.to_string()]),
                "tag" => args.extend(["--tag".into(), value.to_string()]),
                "attachment" => {
                    args.extend(["--attachment".into(), format!("files/call {value}.pdf")]);
                }
                "section" => args.extend(["--section".into(), format!("situation=Call {value}")]),
                _ => args.extend(["--section".into(), "situation=A customer rang.".into()]),
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = lb.run(&args);
            assert_eq!(code(&out), 0, "{field}/{kind}: {}", stderr(&out));
            assert!(
                stderr(&out).contains("personal data"),
                "add: {kind} in the {field} not warned\n{}",
                stderr(&out)
            );
            cases.push((field, *kind, *value, stdout(&out).trim().to_string()));
        }
    }
    let kinds = warning_kinds(&gaps_json(&lb, &[]));
    let out = lb.run(&["check"]);
    let check = both(&out);
    let export = stdout(&lb.run(&["export", "--redact"]));
    for (field, kind, value, id) in &cases {
        assert!(
            kinds.contains(&(id.clone(), "personal-data".into())),
            "gaps: {kind} in the {field} not warned"
        );
        assert!(
            check
                .lines()
                .any(|l| l.contains(&format!("{id}.toml:")) && l.contains("warning")),
            "check: {kind} in the {field}\n{check}"
        );
        assert!(
            !export.contains(value),
            "export: {kind} in the {field} leaked"
        );
    }
    assert_eq!(cases.len(), 30);
}

// ---------------------------------------------------------------------------
// 14. A date after today is refused on input, and an entry dated after
//     today (a typo in a hand-edited file) is reported, not silently dropped.

const FUTURE_DATES: &[&str] = &[
    "2026-11-29",
    "2026-12-01",
    "2027-01-01",
    "2062-11-20",
    "9999-12-31",
];

#[test]
fn future_dates_are_refused_on_input() {
    let lb = Logbook::new();
    let id = simple_entry(&lb, "First entry", "2026-11-20");
    let before = snapshot(&lb);
    let mut cases = 0;
    for date in FUTURE_DATES {
        let flag = format!("--date={date}");
        let add = lb.run(&[
            "add",
            "--no-input",
            "--title",
            "T",
            "--section",
            "situation=x",
            &flag,
        ]);
        assert_refused(&add, &format!("add {flag}"));
        let edit = lb.run(&["edit", &id, &flag]);
        assert_refused(&edit, &format!("edit {flag}"));
        let iso = date;
        let journal = lb.tmp.path().join("future.json");
        std::fs::write(
            &journal,
            serde_json::json!({"entries": [
                {"title": "Past", "body": "Fine.", "date": "2026-11-01", "time": "10:00", "tags": []},
                {"title": "Future", "body": "Typo.", "date": iso, "time": "10:00", "tags": []}
            ]})
            .to_string(),
        )
        .unwrap();
        let file = journal.display().to_string();
        for dry in [true, false] {
            let mut args = vec!["import", "jrnl", file.as_str()];
            if dry {
                args.push("--dry-run");
            }
            let out = lb.run(&args);
            assert_refused(&out, &format!("{args:?} with {date}"));
        }
        assert_eq!(snapshot(&lb), before, "{date}");
        cases += 4;
    }
    assert_eq!(cases, FUTURE_DATES.len() * 4);
    // Today is not the future.
    let out = lb.run(&[
        "add",
        "--no-input",
        "--title",
        "Today",
        "--section",
        "situation=x",
        "--date",
        "2026-11-28",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn an_entry_dated_after_today_is_reported_not_dropped() {
    let lb = Logbook::new();
    let dates = ["2026-11-29", "2027-11-20", "2062-11-20", "9999-12-31"];
    let mut ids = Vec::new();
    for (n, date) in dates.iter().enumerate() {
        let id = format!("{date}-typo-{n}");
        write_entry(
            &lb,
            &id,
            date,
            "Year typo",
            "A customer rang.",
            "criteria = [\"RES.2\"]",
        );
        ids.push(id);
    }
    let past = simple_entry(&lb, "In the past", "2026-11-20");
    let report = gaps_json(&lb, &[]);
    let kinds = warning_kinds(&report);
    for id in &ids {
        assert!(
            kinds.contains(&(id.clone(), "future-date".into())),
            "{id}: no future-date warning\n{kinds:?}"
        );
    }
    assert!(!kinds.contains(&(past.clone(), "future-date".into())));
    let human = stdout(&lb.run(&["gaps"]));
    for id in &ids {
        assert!(
            human.contains(id.as_str()),
            "{id} missing from gaps\n{human}"
        );
    }
    // Judging as of an earlier day is not a typo: only "after today" is.
    let earlier = gaps_json(&lb, &["--as-of", "2026-11-01"]);
    let earlier_kinds = warning_kinds(&earlier);
    assert!(
        !earlier_kinds.contains(&(past.clone(), "future-date".into())),
        "{earlier_kinds:?}"
    );
    let out = lb.run(&["check"]);
    let check = both(&out);
    for id in &ids {
        assert!(
            check
                .lines()
                .any(|l| l.contains(&format!("{id}.toml:")) && l.contains("after today")),
            "check: {id}\n{check}"
        );
    }
}

// ---------------------------------------------------------------------------
// 15. Smaller: short ids, import --dry-run, multi-line titles on import,
//     leftovers in drafts/.

/// The ids `list` shows, by title.
fn listed(lb: &Logbook) -> Vec<(String, String)> {
    let out = lb.run(&["list"]);
    stdout(&out)
        .lines()
        .filter(|l| {
            // Rows start with an id, which starts with its date.
            let first = l.split_whitespace().next().unwrap_or_default();
            first.len() >= 10 && first.as_bytes()[4] == b'-' && first.as_bytes()[7] == b'-'
        })
        .map(|l| {
            let mut parts = l.split_whitespace();
            let id = parts.next().unwrap().to_string();
            // Then the Date column ("26 Oct 2026"), then the title.
            (id, parts.skip(3).collect::<Vec<_>>().join(" "))
        })
        .collect()
}

#[test]
fn every_short_id_list_shows_opens_with_show() {
    let junk: &[(&str, &[u8])] = &[
        ("2026-10-27-call-notes.toml", b"broken = ["),
        ("2026-10-27-call-log.toml", b"id = \"\xff\""),
        (
            "2026-10-27-callback.toml",
            b"id = \"2026-10-27-other\"\ntitle = \"x\"\n",
        ),
        ("2026-10-27.toml", b"nonsense"),
    ];
    let mut cases = 0;
    for (name, bytes) in junk {
        let lb = Logbook::new();
        lb.add(&[
            "--title",
            "Call summary",
            "--section",
            "situation=x",
            "--date",
            "2026-10-27",
        ]);
        lb.add(&[
            "--title",
            "Other day",
            "--section",
            "situation=x",
            "--date",
            "2026-10-26",
        ]);
        std::fs::write(lb.dir().join("entries/2026/10").join(name), bytes).unwrap();
        for (short, title) in listed(&lb) {
            let out = lb.run(&["show", &short]);
            assert_eq!(code(&out), 0, "{name}: show {short}: {}", stderr(&out));
            let shown_title = stdout(&out).lines().next().unwrap_or_default().to_string();
            assert!(
                title.starts_with(&shown_title),
                "{name}: {short} opened {shown_title:?}"
            );
            cases += 1;
        }
    }
    // The sample logbook with junk sharing the start of every id.
    let lb = Logbook::sample();
    let entries: Vec<PathBuf> = lb
        .files()
        .iter()
        .filter(|f| f.starts_with("entries/") && f.ends_with(".toml"))
        .map(|f| lb.dir().join(f))
        .collect();
    for path in &entries {
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let cut = 13.min(stem.len());
        let junk = path.with_file_name(format!("{}-zz-broken.toml", &stem[..cut]));
        std::fs::write(junk, "broken = [").unwrap();
    }
    let shown = listed(&lb);
    assert!(shown.len() >= 20);
    for (short, _) in &shown {
        let out = lb.run(&["show", short, "--json"]);
        assert_eq!(code(&out), 0, "show {short}: {}", stderr(&out));
        cases += 1;
    }
    assert!(cases >= 28);
}

#[test]
fn import_dry_run_refuses_what_the_import_refuses() {
    let lb = Logbook::new();
    simple_entry(&lb, "First entry", "2026-11-20");
    let long = "word ".repeat(1000);
    let bad_dates = ["+10000-01-01", "-0001-01-01", "0000-01-01", "2027-01-01"];
    let mut exports: Vec<(String, Value)> = bad_dates
        .iter()
        .map(|d| {
            (
                format!("date {d}"),
                serde_json::json!([{"title": "A", "body": "b", "date": d, "time": "10:00", "tags": []}]),
            )
        })
        .collect();
    exports.push((
        "over the size limit".into(),
        serde_json::json!([{"title": "Long", "body": long, "date": "2026-11-02", "time": "10:00", "tags": []}]),
    ));
    let before = snapshot(&lb);
    let mut cases = 0;
    for (what, entries) in &exports {
        let good = serde_json::json!({"title": "Fine", "body": "ok", "date": "2026-11-01", "time": "09:00", "tags": []});
        let mut all = vec![good];
        all.extend(entries.as_array().unwrap().iter().cloned());
        let file = lb.tmp.path().join("bad.json");
        std::fs::write(&file, serde_json::json!({ "entries": all }).to_string()).unwrap();
        let file = file.display().to_string();
        let dry = lb
            .cmd()
            .args(["import", "jrnl", &file, "--dry-run"])
            .env("LOGBOOK_MAX_ENTRY_BYTES", "4096")
            .output()
            .unwrap();
        let real = lb
            .cmd()
            .args(["import", "jrnl", &file])
            .env("LOGBOOK_MAX_ENTRY_BYTES", "4096")
            .output()
            .unwrap();
        assert_refused(&real, &format!("import: {what}"));
        assert_refused(&dry, &format!("import --dry-run: {what}"));
        assert_eq!(snapshot(&lb), before, "{what}");
        cases += 1;
    }
    assert_eq!(cases, 5);
}

#[test]
fn imported_titles_are_one_line_and_stay_editable() {
    let breaks = [
        "\n", "\r\n", "\r", "\u{2028}", "\u{2029}", "\u{85}", "\n\n  ",
    ];
    let lb = Logbook::new();
    let entries: Vec<Value> = breaks
        .iter()
        .enumerate()
        .map(|(n, b)| {
            serde_json::json!({"title": format!("Line one {n}{b}line two"), "body": "Body text.",
                "date": format!("2026-11-{:02}", n + 1), "time": "10:00", "tags": []})
        })
        .collect();
    let file = lb.tmp.path().join("j.json");
    std::fs::write(&file, serde_json::json!({ "entries": entries }).to_string()).unwrap();
    let out = lb.run(&["import", "jrnl", file.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let list: Vec<Value> = serde_json::from_slice(&lb.run(&["list", "--json"]).stdout).unwrap();
    assert_eq!(list.len(), breaks.len());
    for e in &list {
        let title = e["title"].as_str().unwrap();
        assert!(
            !title.contains(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}']),
            "{title:?}"
        );
        assert!(title.contains("line two"), "{title:?}");
        let id = e["id"].as_str().unwrap();
        let out = lb.run(&["edit", id, "--tag", "checked"]);
        assert_eq!(code(&out), 0, "{id}: {}", stderr(&out));
    }
}

#[test]
fn leftovers_in_drafts_are_reported_as_leftovers() {
    let lb = Logbook::new();
    simple_entry(&lb, "Ok", "2026-11-20");
    let drafts = lb.dir().join("drafts");
    std::fs::create_dir_all(drafts.join("edits")).unwrap();
    let leftovers = [
        ".20261128-100000.toml.123.0.tmp",
        "edits/.2026-11-20-ok.toml.77.1.tmp",
        "edit-123-situation.txt",
        ".20261128-100000.toml.9.9.tmp",
        // What an edit began from, with its edit gone: TOML and form.
        "edits/2026-11-19-gone.toml.base",
        "edits/2026-11-19-gone.md.base",
    ];
    for name in leftovers {
        std::fs::write(drafts.join(name), "half").unwrap();
    }
    std::fs::write(
        drafts.join("20261128-100000.toml"),
        "title = \"a real draft\"\n",
    )
    .unwrap();
    let out = lb.run(&["check"]);
    assert_eq!(code(&out), 1);
    let report = both(&out);
    for name in leftovers {
        let line = report
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not reported\n{report}"));
        assert!(line.contains("left over"), "{line}");
        assert!(
            !line.contains("`logbook"),
            "a command that cannot work: {line}"
        );
    }
    let real = report
        .lines()
        .find(|l| l.contains("drafts/20261128-100000.toml:"))
        .unwrap();
    assert!(real.contains("add --resume"), "{real}");

    // A kept edit, either kind, is one line naming the command that
    // reopens it; the base beside it is part of it, not a leftover.
    for ext in ["md", "toml"] {
        let draft = drafts.join(format!("edits/2026-11-20-ok.{ext}"));
        std::fs::write(&draft, "kept words").unwrap();
        let base = drafts.join(format!("edits/2026-11-20-ok.{ext}.base"));
        std::fs::write(&base, "x").unwrap();
        let report = both(&lb.run(&["check"]));
        let lines: Vec<&str> = report
            .lines()
            .filter(|l| l.contains(&format!("/2026-11-20-ok.{ext}")))
            .collect();
        assert_eq!(lines.len(), 1, "{ext}: {report}");
        assert!(
            lines[0].contains("`logbook edit 2026-11-20-ok` reopens it"),
            "{}",
            lines[0]
        );
        std::fs::remove_file(draft).unwrap();
        std::fs::remove_file(base).unwrap();
    }
}

// ---------------------------------------------------------------------------
// Fault injection: a serialisation or validation failure in any write
// leaves every stored file byte-identical.

#[test]
fn a_failed_serialisation_or_check_in_any_write_leaves_the_files_as_they_were() {
    let mut cases = 0;
    for fault in ["serialise", "verify"] {
        let lb = Logbook::new();
        let id = simple_entry(&lb, "First entry", "2026-11-20");
        let gone = simple_entry(&lb, "Trashed entry", "2026-11-21");
        assert_eq!(code(&lb.run(&["rm", &gone])), 0);
        let journal = lb.tmp.path().join("j.json");
        std::fs::write(
            &journal,
            r#"{"entries":[{"title":"From jrnl","body":"Text.","date":"2026-11-02","time":"10:00","tags":[]}]}"#,
        )
        .unwrap();
        let journal = journal.display().to_string();
        // Changes the title in the TOML file (`--raw`) or in the form.
        let editor = script(
            &lb,
            "ed.sh",
            "sed -i -e 's/^title = .*/title = \"Edited\"/' -e 's/^title: .*/title: Edited/' \"$1\"",
        );
        let runs: Vec<(&str, Vec<&str>)> = vec![
            (
                "add",
                vec![
                    "add",
                    "--no-input",
                    "--title",
                    "New",
                    "--section",
                    "situation=x",
                ],
            ),
            ("edit flags", vec!["edit", &id, "--title", "Changed"]),
            ("edit section", vec!["edit", &id, "--section", "task=More."]),
            ("edit date", vec!["edit", &id, "--date", "2026-11-19"]),
            ("editor", vec!["edit", &id]),
            ("editor --raw", vec!["edit", &id, "--raw"]),
            ("tag", vec!["tag", &id, "--tag", "x", "--add", "RES.1"]),
            ("import", vec!["import", "jrnl", &journal]),
            ("restore", vec!["restore", &gone]),
        ];
        let before = snapshot(&lb);
        for (what, args) in &runs {
            let out = lb
                .cmd()
                .args(args)
                .env("LOGBOOK_FAULT", fault)
                .env("EDITOR", &editor)
                .output()
                .unwrap();
            let what = format!("{what} with LOGBOOK_FAULT={fault}");
            assert_no_panic(&out, &what);
            assert_ne!(code(&out), 0, "{what}: reported as done\n{}", both(&out));
            assert!(stderr(&out).contains("error:"), "{what}: {}", stderr(&out));
            assert_eq!(snapshot(&lb), before, "{what}: a stored file changed");
            cases += 1;
        }
        // Without the fault the same writes go through (the edit the
        // failed editor run kept is thrown away first).
        let _ = std::fs::remove_dir_all(lb.dir().join("drafts"));
        for (what, args) in &runs {
            let out = lb.cmd().args(args).env("EDITOR", &editor).output().unwrap();
            assert_eq!(code(&out), 0, "{what}: {}", stderr(&out));
        }
    }
    assert_eq!(cases, 18);
}
