//! `logbook check`: every problem as path:line:col, exit 1; a clean logbook
//! gets a one-line summary and exit 0.

use crate::support::*;

fn entry(lb: &Logbook, title: &str, date: &str) -> String {
    lb.add(&[
        "--title",
        title,
        "--date",
        date,
        "--section",
        "situation=Something happened.",
        "--criteria",
        "RES.1",
    ])
}

#[test]
fn a_clean_logbook_passes_with_a_summary() {
    let lb = Logbook::new();
    let out = lb.run(&["check"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "OK 0 entries checked, no problems.\n");
    entry(&lb, "One", "2026-11-20");
    entry(&lb, "Two", "2026-10-02");
    std::fs::write(
        lb.dir().join("logbook.toml"),
        "learner = \"Sam Patel\"\ndefault_framework = \"IAIR\"\n",
    )
    .unwrap();
    let out = lb.run(&["check"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert_eq!(stdout(&out), "OK 2 entries checked, no problems.\n");
    assert_eq!(stderr(&out), "");
}

#[test]
fn every_kind_of_problem_is_named_with_its_place() {
    let lb = Logbook::new();
    let dir = lb.dir();
    let good = entry(&lb, "Refund complaint", "2026-11-20");
    let month = dir.join("entries/2026/11");
    let good_text = std::fs::read_to_string(month.join(format!("{good}.toml"))).unwrap();

    std::fs::write(
        month.join("2026-11-24-broken.toml"),
        "id = \"2026-11-24-broken\"\ntitle = \"Half written\nframework = \"star\"\n",
    )
    .unwrap();
    let unknown = entry(&lb, "Unknown criterion", "2026-11-21");
    let unknown_path = month.join(format!("{unknown}.toml"));
    let text = std::fs::read_to_string(&unknown_path).unwrap();
    std::fs::write(
        &unknown_path,
        text.replace("\"RES.1\"", "\"RES.66\"")
            .replace("framework = \"star\"", "framework = \"stra\""),
    )
    .unwrap();
    // The same entry under a second name, and a copy in another month: a duplicate id.
    std::fs::write(month.join(format!("{good}-copy.toml")), &good_text).unwrap();
    std::fs::create_dir_all(dir.join("entries/2026/10")).unwrap();
    std::fs::write(dir.join(format!("entries/2026/10/{good}.toml")), &good_text).unwrap();
    // An entry filed under the wrong month.
    let moved = entry(&lb, "Filed in the wrong month", "2026-11-22");
    std::fs::rename(
        month.join(format!("{moved}.toml")),
        dir.join(format!("entries/2026/10/{moved}.toml")),
    )
    .unwrap();
    std::fs::write(month.join(format!(".{good}.toml.4242.0.tmp")), "partial").unwrap();
    std::fs::write(month.join("notes.txt"), "stray").unwrap();
    std::os::unix::fs::symlink("/etc/passwd", month.join("2026-11-25-link.toml")).unwrap();
    std::fs::create_dir_all(dir.join("drafts/edits")).unwrap();
    std::fs::write(dir.join("drafts/2026-11-28T09-00-00.toml"), "title = \"x\"").unwrap();
    std::fs::write(dir.join(format!("drafts/edits/{good}.toml")), &good_text).unwrap();
    std::fs::write(dir.join("logbook.toml"), "learner = \"Sam\"\nlerner = 1\n").unwrap();
    std::fs::create_dir_all(dir.join("criteria")).unwrap();
    std::fs::write(
        dir.join("criteria/TEAM.toml"),
        "code = \"TEAM\"\ntitle = 3\n",
    )
    .unwrap();

    let out = lb.run(&["check"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let shown = stdout(&out).replace(&dir.display().to_string(), "[DATA]");
    insta::assert_snapshot!(shown, @r#"
    [DATA]/criteria/TEAM.toml:2:9: invalid type: integer `3`, expected a string
    [DATA]/drafts/2026-11-28T09-00-00.toml:1:1: an unfinished draft; `logbook add --resume` continues it, or delete the file
    [DATA]/drafts/edits/2026-11-20-refund-complaint.toml:1:1: an edit of 2026-11-20-refund-complaint that was never saved; `logbook edit 2026-11-20-refund-complaint` reopens it, or delete the file
    [DATA]/entries/2026/10/2026-11-20-refund-complaint.toml:1:1: is in the wrong place; entry 2026-11-20-refund-complaint belongs at entries/2026/11/2026-11-20-refund-complaint.toml
    [DATA]/entries/2026/10/2026-11-20-refund-complaint.toml:1:6: id "2026-11-20-refund-complaint" is also used by [DATA]/entries/2026/11/2026-11-20-refund-complaint.toml; ids must be unique
    [DATA]/entries/2026/10/2026-11-22-filed-in-the-wrong-month.toml:1:1: is in the wrong place; entry 2026-11-22-filed-in-the-wrong-month belongs at entries/2026/11/2026-11-22-filed-in-the-wrong-month.toml
    [DATA]/entries/2026/11/.2026-11-20-refund-complaint.toml.4242.0.tmp:1:1: left over from an interrupted write; nothing refers to it, so it is safe to delete
    [DATA]/entries/2026/11/2026-11-20-refund-complaint-copy.toml:1:6: id "2026-11-20-refund-complaint" does not match the file name "2026-11-20-refund-complaint-copy"
    [DATA]/entries/2026/11/2026-11-21-unknown-criterion.toml:5:13: unknown framework "stra" (did you mean star?)
    [DATA]/entries/2026/11/2026-11-21-unknown-criterion.toml:7:13: unknown criterion "RES.66" (RES has RES.1–RES.8)
    [DATA]/entries/2026/11/2026-11-24-broken.toml:2:22: invalid basic string, expected `"`
    [DATA]/entries/2026/11/2026-11-25-link.toml:1:1: is a symbolic link; logbook does not follow links inside its data directory
    [DATA]/entries/2026/11/notes.txt:1:1: not an entry file (entry files end in .toml)
    [DATA]/logbook.toml:2:1: unknown field `lerner` (did you mean learner?)
    "#);
    assert_eq!(
        stderr(&out),
        "error: 14 problems in 12 files (4 entries checked)\n"
    );

    let out = lb.run(&["check", "--json"]);
    assert_eq!(code(&out), 1);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["entries"], 4);
    let problems = doc["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 14);
    assert_eq!(
        problems[0].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["path", "line", "col", "message"]
    );

    // Checking writes nothing and changes nothing.
    let before = lb.files();
    lb.run(&["check"]);
    assert_eq!(lb.files(), before);
}

#[test]
fn an_unknown_default_framework_is_reported() {
    let lb = Logbook::new();
    std::fs::create_dir_all(lb.dir()).unwrap();
    std::fs::write(
        lb.dir().join("logbook.toml"),
        "learner = \"Sam\"\ndefault_framework = \"stra\"\n",
    )
    .unwrap();
    let out = lb.run(&["check"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stdout(&out),
        format!(
            "{}:2:1: default_framework: unknown framework \"stra\" (did you mean star?)\n",
            lb.dir().join("logbook.toml").display()
        )
    );
}

#[test]
fn personal_data_is_a_warning_with_its_place_and_fails_with_strict() {
    let lb = Logbook::new();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sample");
    let sample_arg = sample.display().to_string();
    let before = std::fs::read_dir(sample.join("entries/2026/03"))
        .unwrap()
        .count();
    let out = lb.run(&["--dir", &sample_arg, "check"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let entry = format!(
        "{sample_arg}/entries/2026/03/2026-03-03-wrong-delivery-address-on-a-mattress-order.toml"
    );
    let advice = "keep customers' personal data out of your evidence (say \"the customer\"); the export redacts it unless --no-redact";
    assert_eq!(
        stdout(&out),
        format!(
            "{entry}:13:147: warning: this looks like an email address: {advice}\n\
             {entry}:13:185: warning: this looks like a phone number: {advice}\n\
             {entry}:13:212: warning: this looks like a postcode: {advice}\n\
             {entry}:13:290: warning: this looks like a card number: {advice}\n\
             OK 28 entries checked, no problems; 4 warnings.\n"
        )
    );
    let out = lb.run(&["--dir", &sample_arg, "check", "--strict"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stderr(&out),
        "error: 4 warnings in 1 file (28 entries checked; --strict)\n"
    );
    let out = lb.run(&["--dir", &sample_arg, "check", "--json"]);
    assert_eq!(code(&out), 0);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["ok"], true);
    assert_eq!(doc["warnings"].as_array().unwrap().len(), 4);
    assert_eq!(doc["problems"], serde_json::json!([]));
    assert_eq!(
        std::fs::read_dir(sample.join("entries/2026/03"))
            .unwrap()
            .count(),
        before,
        "check writes nothing"
    );

    // Names listed for redaction count as personal data too.
    let id = entry_with(&lb, "Mrs Patel rang about her refund.");
    std::fs::write(
        lb.dir().join("logbook.toml"),
        "[redact]\nnames = [\"Mrs Patel = customer\"]\n",
    )
    .unwrap();
    let out = lb.run(&["check"]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains(&format!(
            "entries/2026/11/{id}.toml:11:14: warning: this looks like a name from your redaction list"
        )),
        "{}",
        stdout(&out)
    );
}

fn entry_with(lb: &Logbook, situation: &str) -> String {
    lb.add(&[
        "--title",
        "Refund call",
        "--date",
        "2026-11-20",
        "--section",
        &format!("situation={situation}"),
    ])
}
