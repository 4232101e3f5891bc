use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;

use crate::support::*;

const SITUATION: &str = "A customer rang about a refund that was 3 weeks late.\n\nShe was upset — \"I've been waiting since the 4th!\" ✓ ünïcödé 😀 עברית\n  indented line with a tab\there\n";

#[test]
fn add_then_list_and_show_round_trip_every_field() {
    let lb = Logbook::new();
    let action_file = lb.tmp.path().join("action.txt");
    let action = "I listened without interrupting.\r\nThen I checked the order history.\n\n- option A: refund now\n- option B: wait for the courier\n";
    std::fs::write(&action_file, action).unwrap();
    let result = "Refund issued same day; she emailed thanks.";
    let out = lb
        .cmd()
        .args([
            "add",
            "--no-input",
            "--title",
            "Refund complaint — escalated by phone",
            "--framework",
            "STAR",
            "--date",
            "2026-11-27",
            "--section",
            "situation=-",
            "--section",
            "task=Resolve it within policy = fair",
            "--section",
            &format!("action=@{}", action_file.display()),
            "--section",
            &format!("result={result}"),
            "--section",
            "reflection=Next time I'd call back sooner.",
            "--criteria",
            "RES.1,res6",
            "--criteria",
            "RES.1",
            "--tag",
            "complaint",
            "--tag",
            "phone,refund",
            "--evidence",
            "observation",
            "--witness",
            "Team leader",
            "--attachment",
            "minutes/2026-11-27.pdf",
        ])
        .write_stdin(SITUATION)
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "2026-11-27-refund-complaint-escalated-by-phone\n"
    );
    assert_eq!(stderr(&out), "");

    let out = lb.run(&["list", "--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    let e = &list[0];
    assert_eq!(e["id"], "2026-11-27-refund-complaint-escalated-by-phone");
    assert_eq!(e["title"], "Refund complaint — escalated by phone");
    assert_eq!(e["created"], "2026-11-28T10:00:00+00:00");
    assert_eq!(e["occurred"], "2026-11-27");
    assert_eq!(e["updated"], serde_json::Value::Null);
    assert_eq!(e["framework"], "star");
    assert_eq!(e["evidence"], "observation");
    assert_eq!(e["criteria"], serde_json::json!(["RES.1", "RES.6"]));
    assert_eq!(
        e["tags"],
        serde_json::json!(["complaint", "phone", "refund"])
    );
    assert_eq!(e["witness"], "Team leader");
    assert_eq!(
        e["attachments"],
        serde_json::json!(["minutes/2026-11-27.pdf"])
    );
    let sections = e["sections"].as_object().unwrap();
    let keys: Vec<&str> = sections.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["situation", "task", "action", "result", "reflection"]
    );
    assert_eq!(sections["situation"], SITUATION);
    assert_eq!(sections["task"], "Resolve it within policy = fair");
    assert_eq!(sections["action"], action);
    assert_eq!(sections["result"], result);

    let out = lb.run(&["show", "2026-11-27-refund", "--json"]);
    let mut shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // `show` adds what others recorded: none yet.
    let map = shown.as_object_mut().unwrap();
    assert_eq!(map.remove("witnesses"), Some(serde_json::json!([])));
    assert_eq!(map.remove("assessments"), Some(serde_json::json!([])));
    // …and what `gaps` finds about the entry, in the shape of its warnings.
    let warnings = map.remove("warnings").expect("show --json has warnings");
    for w in warnings.as_array().unwrap() {
        let keys: Vec<&String> = w.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["kind", "message", "advice", "holds_back"]);
    }
    assert_eq!(&shown, e);

    let out = lb.run(&["show", "2026-11-27-refund-complaint-escalated-by-phone"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(text.starts_with("Refund complaint — escalated by phone\nFri 27 Nov 2026 · STAR · observation · witness: Team leader\n"), "{text}");
    assert!(text.contains(SITUATION.trim_end()), "{text}");
    assert!(
        text.contains("\nAction\nI listened without interrupting.\r\n"),
        "{text}"
    );
    assert!(text.contains("RES.6  "), "{text}");

    // The file itself is the contract's format, private to the user.
    let path = lb
        .dir()
        .join("entries/2026/11/2026-11-27-refund-complaint-escalated-by-phone.toml");
    let file = std::fs::read_to_string(&path).unwrap();
    assert!(
        file.starts_with("id = \"2026-11-27-refund-complaint-escalated-by-phone\"\ntitle = "),
        "{file}"
    );
    assert!(
        file.contains("\ncreated = 2026-11-28T10:00:00+00:00\noccurred = 2026-11-27\n"),
        "{file}"
    );
    assert!(
        file.contains("\n[sections]\nsituation = \"\"\"\n"),
        "{file}"
    );
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    for dir in ["", "entries", "entries/2026", "entries/2026/11"] {
        assert_eq!(mode(&lb.dir().join(dir)), 0o700, "{dir}");
    }
}

#[test]
fn same_title_same_day_gets_a_new_id_never_an_overwrite() {
    let lb = Logbook::new();
    let args = [
        "--title",
        "Team briefing",
        "--section",
        "situation=Monday",
        "--date",
        "today",
    ];
    assert_eq!(lb.add(&args), "2026-11-28-team-briefing");
    let first = std::fs::read(
        lb.dir()
            .join("entries/2026/11/2026-11-28-team-briefing.toml"),
    )
    .unwrap();
    assert_eq!(lb.add(&args), "2026-11-28-team-briefing-2");
    assert_eq!(lb.add(&args), "2026-11-28-team-briefing-3");
    let again = std::fs::read(
        lb.dir()
            .join("entries/2026/11/2026-11-28-team-briefing.toml"),
    )
    .unwrap();
    assert_eq!(first, again);
}

#[test]
fn natural_dates_and_hostile_titles() {
    let lb = Logbook::new();
    assert_eq!(
        lb.add(&[
            "--title",
            "../../etc/passwd",
            "--section",
            "text=x",
            "--framework",
            "free",
            "--date",
            "3 days ago"
        ]),
        "2026-11-25-etc-passwd"
    );
    assert_eq!(
        lb.add(&[
            "--title",
            "!!!",
            "--section",
            "text=x",
            "-f",
            "free",
            "--date",
            "yesterday"
        ]),
        "2026-11-27-entry"
    );
    assert_eq!(
        lb.files(),
        [
            "entries/2026/11/2026-11-25-etc-passwd.toml",
            "entries/2026/11/2026-11-27-entry.toml"
        ]
    );
}

#[test]
fn bad_input_is_one_clear_line_exit_2_and_writes_nothing() {
    let lb = Logbook::new();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "--title",
                "t",
                "--section",
                "situation=x",
                "--criteria",
                "RES.9",
            ],
            "error: unknown criterion \"RES.9\" (RES has RES.1–RES.8)\n",
        ),
        (
            &[
                "--title",
                "t",
                "--section",
                "situation=x",
                "--criteria",
                "RSE.4",
            ],
            "error: unknown criterion \"RSE.4\" (did you mean RES.4?)\n",
        ),
        (
            &[
                "--title",
                "t",
                "--section",
                "situation=x",
                "--framework",
                "gibs",
            ],
            "error: unknown framework \"gibs\" (did you mean gibbs?)\n",
        ),
        (
            &["--title", "t", "--section", "resutl=x"],
            "error: STAR has no section \"resutl\" (did you mean result?)\n",
        ),
        (
            &[
                "--title",
                "t",
                "--section",
                "situation=x",
                "--evidence",
                "witness testimoy",
            ],
            "error: unknown evidence type \"witness testimoy\" (did you mean witness-testimony?)\n",
        ),
        (
            &["--title", "t", "--section", "situation=x", "--date", "soon"],
            "error: --date: \"soon\" is not a date I understand; use 27/11/2026 (day first), 27 Nov 2026, 2026-11-27, today, yesterday, \"3 days ago\", last week or a weekday\n",
        ),
        (
            &[
                "--title",
                "t",
                "--section",
                "situation=x",
                "--date",
                "29/11/2026",
            ],
            "error: --date: 29 November 2026 is after today (2026-11-28): a date in the future cannot be used for when something happened\n",
        ),
        (
            &["--title", "t", "--section", "situation"],
            "error: --section \"situation\" needs the form KEY=TEXT (STAR's keys are situation, task, action, result, reflection)\n",
        ),
        (
            &[
                "--title",
                "t",
                "--section",
                "situation=x",
                "--section",
                "situation=y",
            ],
            "error: --section situation is given twice\n",
        ),
        (
            &["--title", "two\nlines", "--section", "situation=x"],
            "error: the title must be one line\n",
        ),
        (
            &["--title", "t", "--section", "situation=  "],
            "error: the entry has no text; fill in at least one section\n",
        ),
        (
            &["--title", "t", "--section", "situation=@missing.txt"],
            "error: cannot read missing.txt: No such file or directory\n",
        ),
    ];
    for (args, expected) in cases {
        let out = lb
            .cmd()
            .arg("add")
            .arg("--no-input")
            .args(*args)
            .write_stdin("")
            .output()
            .unwrap();
        assert_eq!(code(&out), 2, "{args:?}");
        assert_eq!(stderr(&out), *expected, "{args:?}");
        assert_eq!(stdout(&out), "", "{args:?}");
    }
    let out = lb
        .cmd()
        .args(["add", "--no-input", "--section", "situation=x"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).starts_with("error: add --no-input needs --title TEXT"),
        "{}",
        stderr(&out)
    );
    let out = lb
        .cmd()
        .args(["add", "--no-input", "--title", "x"])
        .output()
        .unwrap();
    assert!(
        stderr(&out).starts_with("error: add --no-input needs --section KEY=TEXT"),
        "{}",
        stderr(&out)
    );
    assert!(lb.files().is_empty(), "{:?}", lb.files());
}

#[test]
fn without_a_terminal_add_names_the_flags_instead_of_hanging() {
    let lb = Logbook::new();
    let out = lb
        .cmd()
        .arg("add")
        .write_stdin("")
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    insta::assert_snapshot!(stderr(&out), @r"error: logbook add asks its questions on a terminal, and there is none here; pass --no-input --title TEXT --section KEY=TEXT (see `logbook add --help` for --framework, --date, --criteria, --tag, --evidence, --witness)");
    let out = lb
        .cmd()
        .args(["add", "--title", "x"])
        .write_stdin("")
        .output()
        .unwrap();
    insta::assert_snapshot!(stderr(&out), @r"error: logbook add asks its questions on a terminal, and there is none here; pass --no-input --section KEY=TEXT (see `logbook add --help` for --framework, --date, --criteria, --tag, --evidence, --witness)");
}

#[test]
fn two_hundred_parallel_adds_leave_two_hundred_distinct_valid_entries() {
    let lb = Logbook::new();
    let bin = assert_cmd::cargo::cargo_bin("logbook");
    let children: Vec<_> = (0..200)
        .map(|i| {
            std::process::Command::new(&bin)
                .env_clear()
                .env("LOGBOOK_DIR", lb.dir())
                .env("LOGBOOK_NOW", NOW)
                .args(["add", "--no-input", "--title", "Same title", "--section"])
                .arg(format!("situation=writer {i}"))
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut ids = std::collections::BTreeSet::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        ids.insert(stdout(&out).trim().to_string());
    }
    assert_eq!(ids.len(), 200);
    let files = lb.files();
    let entries: Vec<&String> = files.iter().filter(|f| f.starts_with("entries/")).collect();
    assert_eq!(entries.len(), 200, "{files:?}");
    assert!(files.iter().all(|f| !f.ends_with(".tmp")), "{files:?}");

    let out = lb.run(&["list", "--json"]);
    assert_eq!(stderr(&out), "");
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.len(), 200);
    let mut writers: Vec<String> = list
        .iter()
        .map(|e| e["sections"]["situation"].as_str().unwrap().to_string())
        .collect();
    writers.sort();
    writers.dedup();
    assert_eq!(
        writers.len(),
        200,
        "every writer's text is present exactly once"
    );
}

#[test]
fn resume_and_editor_belong_to_the_guided_walk_through() {
    let lb = Logbook::new();
    let out = lb.run(&["add", "--no-input", "--resume", "--title", "x"]);
    assert_eq!(code(&out), 2);
    insta::assert_snapshot!(stderr(&out), @r"
    error: the argument '--no-input' cannot be used with '--resume'

    Usage: logbook add --no-input --title <TITLE> [TEXT]...

    For more information, try '--help'.
    ");
    // Without a terminal, --resume says it needs one, and waits for nothing.
    let out = lb
        .cmd()
        .args(["add", "--resume"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    insta::assert_snapshot!(stderr(&out), @r"error: logbook add --resume asks the remaining questions on a terminal, and there is none here (run it in a terminal window; the draft is kept until then)");
    assert!(lb.files().is_empty(), "{:?}", lb.files());
}

#[test]
fn uk_dates_are_read_day_first() {
    let lb = Logbook::new();
    for (typed, stored) in [
        ("27/11/2026", "2026-11-27"),
        ("27 Nov 2026", "2026-11-27"),
        ("3/4/26", "2026-04-03"),
        ("last week", "2026-11-21"),
        ("friday", "2026-11-27"),
    ] {
        let id = lb.add(&[
            "--title",
            typed,
            "--section",
            "situation=x",
            "--date",
            typed,
        ]);
        let out = lb.run(&["show", &id, "--json"]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["occurred"], stored, "{typed}");
    }
}

#[test]
fn quick_capture_stores_a_note_without_a_question() {
    let lb = Logbook::new();
    let out = lb
        .cmd()
        .args([
            "add",
            "Briefed the team on the new rota. Two asked about cover.",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "2026-11-28-briefed-the-team-on-the-new-rota\n"
    );
    let out = lb.run(&["show", "2026-11-28-briefed", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["title"], "Briefed the team on the new rota");
    assert_eq!(json["framework"], "free");
    assert_eq!(json["occurred"], "2026-11-28");
    assert_eq!(json["tags"], serde_json::json!(["note"]));
    assert_eq!(
        json["sections"]["text"],
        "Briefed the team on the new rota. Two asked about cover."
    );

    // `note` is the same; words need no quotes; flags still apply.
    let out = lb
        .cmd()
        .args([
            "note",
            "--date",
            "yesterday",
            "--tag",
            "rota",
            "rang",
            "the",
            "agency",
            "back",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "2026-11-27-rang-the-agency-back\n");
    let out = lb.run(&["show", "2026-11-27-rang", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["tags"], serde_json::json!(["note", "rota"]));

    // From stdin, with a long first sentence: the id stays short.
    let out = lb
        .cmd()
        .args(["note", "-"])
        .write_stdin("Coached a new starter through her first escalation call and then listened in on two more\n")
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let id = stdout(&out).trim().to_string();
    assert_eq!(id, "2026-11-28-coached-a-new-starter-through-her-first");
    assert!(id.len() - "2026-11-28-".len() <= 40, "{id}");

    // An empty pipe is a mistake, never an empty note.
    for piped in ["", "\n", "  \n\t\n"] {
        let out = lb
            .cmd()
            .args(["note", "-"])
            .write_stdin(piped)
            .output()
            .unwrap();
        assert_eq!(code(&out), 2, "{piped:?}");
        assert!(
            stderr(&out).starts_with("error: stdin is empty, so there is nothing to note"),
            "{}",
            stderr(&out)
        );
    }

    // A file can come with a note, copied into evidence/ as with any add.
    std::fs::write(lb.tmp.path().join("rota.pdf"), "the new rota").unwrap();
    for args in [
        vec!["note", "Sent out the rota", "--attach", "rota.pdf"],
        vec!["add", "Checked the rota", "--attach", "rota.pdf"],
    ] {
        let out = lb.run(&args);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        let id = stdout(&out).trim().to_string();
        let json = lb.run(&["show", &id, "--json"]);
        let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        let attached = json["attachments"][0].as_str().unwrap_or_default();
        assert!(
            attached.starts_with("evidence/") && attached.ends_with("-rota.pdf"),
            "{args:?}: {json}"
        );
    }

    // gaps judges notes like any entry: unmapped, and thin.
    let out = lb.run(&["gaps", "--json"]);
    let gaps: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let warned: Vec<(&str, &str)> = gaps["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["entry"].as_str().unwrap_or(""),
                w["kind"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(
        warned.contains(&("2026-11-28-briefed-the-team-on-the-new-rota", "unmapped")),
        "{warned:?}"
    );

    for (args, message) in [
        (
            vec!["note", "  "],
            "error: there is nothing to note: the text is empty",
        ),
        (
            vec!["note", "x", "--date", "tomorrow"],
            "error: --date: 29 November 2026 is after today",
        ),
        (
            vec!["note", "x", "--date", "+10000-01-01"],
            "error: --date: \"+10000-01-01\" is outside the dates a logbook holds",
        ),
        (
            vec!["note", "x", "--attach", "no-such-file.pdf"],
            "error: --attach no-such-file.pdf: no such file",
        ),
        (
            vec!["add", "x", "--section", "text=y"],
            "error: the argument '[TEXT]...' cannot be used with",
        ),
    ] {
        let out = lb.run(&args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(
            stderr(&out).starts_with(message),
            "{args:?}: {}",
            stderr(&out)
        );
        assert_eq!(stdout(&out), "");
    }
}
