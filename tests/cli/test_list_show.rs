use crate::support::*;

fn sample(lb: &Logbook) {
    lb.add(&[
        "--title",
        "Refund complaint",
        "--date",
        "2026-11-20",
        "--section",
        "situation=late refund",
        "--criteria",
        "RES.1,RES.6",
        "--tag",
        "complaint",
    ]);
    lb.add(&[
        "--title",
        "Monday team briefing",
        "--date",
        "2026-11-23",
        "--section",
        "situation=briefing",
        "--criteria",
        "OPS.2",
        "--tag",
        "team",
    ]);
    lb.add(&[
        "--title",
        "Rota for December",
        "--date",
        "2026-11-25",
        "--section",
        "situation=rota",
        "--criteria",
        "OPS.1",
        "--evidence",
        "product",
    ]);
}

#[test]
fn list_shows_a_table_and_filters() {
    let lb = Logbook::new();
    let out = lb.run(&["list"]);
    assert_eq!(
        stdout(&out),
        "No entries yet. Write your first with `logbook add`.\n"
    );
    sample(&lb);
    let out = lb.run(&["list"]);
    assert_eq!(code(&out), 0);
    insta::assert_snapshot!(stdout(&out));

    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["list", "--json"];
        all.extend_from_slice(args);
        let out = lb.run(&all);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        list.iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids(&["--unit", "ops"]),
        [
            "2026-11-23-monday-team-briefing",
            "2026-11-25-rota-for-december"
        ]
    );
    assert_eq!(
        ids(&["--criterion", "res6"]),
        ["2026-11-20-refund-complaint"]
    );
    assert_eq!(ids(&["--tag", "TEAM"]), ["2026-11-23-monday-team-briefing"]);
    assert_eq!(
        ids(&["--since", "2026-11-21", "--until", "2026-11-24"]),
        ["2026-11-23-monday-team-briefing"]
    );
    assert_eq!(
        ids(&["--since", "5 days ago"]),
        [
            "2026-11-23-monday-team-briefing",
            "2026-11-25-rota-for-december"
        ]
    );
    assert_eq!(ids(&["-n", "1"]), ["2026-11-25-rota-for-december"]);

    let out = lb.run(&["list", "--criterion", "OPS.7"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: unknown criterion \"OPS.7\" (OPS has OPS.1–OPS.3)\n"
    );
}

#[test]
fn a_malformed_entry_is_named_and_the_rest_still_load() {
    let lb = Logbook::new();
    sample(&lb);
    let bad = lb.dir().join("entries/2026/11/2026-11-24-broken.toml");
    let bad_text = "id = \"2026-11-24-broken\"\ntitle = \"Half written\nframework = \"star\"\n";
    std::fs::write(&bad, bad_text).unwrap();
    let wrong_type = lb.dir().join("entries/2026/11/2026-11-26-wrong-type.toml");
    let wrong_text = "id = \"2026-11-26-wrong-type\"\ntitle = \"x\"\ncreated = 2026-11-26T10:00:00Z\noccurred = 2026-11-26\nframework = \"star\"\nevidence = \"product\"\ncriteria = \"RES.1\"\n";
    std::fs::write(&wrong_type, wrong_text).unwrap();

    let out = lb.run(&["list"]);
    assert_eq!(code(&out), 0);
    insta::assert_snapshot!(stdout(&out), @r"
     Id           Date          Title                  Criteria      Evidence
    ────────────────────────────────────────────────────────────────────────────
     2026-11-20   20 Nov 2026   Refund complaint       RES.1 RES.6   reflective
     2026-11-23   23 Nov 2026   Monday team briefing   OPS.2         reflective
     2026-11-25   25 Nov 2026   Rota for December      OPS.1         product
    3 entries; `logbook show ID` opens one, `--json` gives full ids
    ");
    let err = stderr(&out).replace(&lb.dir().display().to_string(), "[DATA]");
    insta::assert_snapshot!(err, @r#"
    warning: [DATA]/entries/2026/11/2026-11-24-broken.toml:2:22: invalid basic string, expected `"`; skipped
    warning: [DATA]/entries/2026/11/2026-11-26-wrong-type.toml:7:12: invalid type: string "RES.1", expected a sequence; skipped
    "#);
    assert_eq!(std::fs::read_to_string(&bad).unwrap(), bad_text);
    assert_eq!(std::fs::read_to_string(&wrong_type).unwrap(), wrong_text);

    let out = lb.run(&["list", "--json"]);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.len(), 3);
}

#[test]
fn show_finds_by_unique_prefix_and_explains_otherwise() {
    let lb = Logbook::new();
    sample(&lb);
    let out = lb.run(&["show", "2026-11-23"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).starts_with("Monday team briefing\n"));

    let out = lb.run(&["show", "2026-11-2"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: \"2026-11-2\" matches 3 entries: 2026-11-20-refund-complaint, 2026-11-23-monday-team-briefing, 2026-11-25-rota-for-december (type more of the id)\n"
    );
    let out = lb.run(&["show", "2026-11-20-refund-complaitn"]);
    assert_eq!(
        stderr(&out),
        "error: no entry \"2026-11-20-refund-complaitn\" (did you mean 2026-11-20-refund-complaint?)\n"
    );
}

#[test]
fn closed_stdout_is_not_an_error() {
    let lb = Logbook::new();
    for i in 0..30 {
        lb.add(&["--title", &format!("Entry {i}"), "--section", "situation=x"]);
    }
    let out = lb.bash("\"$LOGBOOK\" list | head -1; echo \"rc=${PIPESTATUS[0]}\"");
    let text = stdout(&out);
    assert!(text.ends_with("rc=0\n"), "{text}");
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

#[test]
fn list_shows_the_day_it_happened_even_after_the_date_is_edited() {
    let lb = Logbook::new();
    let id = lb.add(&[
        "--title",
        "Moved",
        "--date",
        "2026-11-20",
        "--section",
        "situation=x",
    ]);
    assert_eq!(code(&lb.run(&["edit", &id, "--date", "18/11/2026"])), 0);
    let out = lb.run(&["list"]);
    let row = stdout(&out).lines().nth(2).unwrap_or_default().to_string();
    assert!(
        row.starts_with(" 2026-11-20   18 Nov 2026   Moved"),
        "{row}"
    );
}

#[test]
fn criteria_of_a_unit_by_its_code() {
    let lb = Logbook::new();
    let out = lb.run(&["criteria", "res"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("RES  Resolve customer service problems\n  RES.1  "),
        "{}",
        stdout(&out)
    );
    assert!(!stdout(&out).contains("OPS"), "{}", stdout(&out));
    let out = lb.run(&["criteria", "RSE"]);
    assert_eq!(code(&out), 2);
}
