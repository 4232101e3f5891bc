//! What a user trial found, fixed as classes: ids made from personal data,
//! vague date errors, criterion ids with a space, command synonyms, and
//! labels with doubled punctuation.

use crate::support::{Logbook, code, git, stderr, stdout};

/// Pieces of personal data, each with the fragments that must never reach
/// an id (digits as a run, the parts of an email, a postcode squashed).
const PERSONAL: &[(&str, &[&str])] = &[
    ("020 7946 0958", &["7946", "0958", "02079460958"]),
    ("02079460958", &["02079460958"]),
    ("020-7946-0958", &["7946", "0958"]),
    ("(020) 7946 0958", &["7946", "0958"]),
    ("+44 20 7946 0958", &["7946", "0958"]),
    ("+44 (0)20 7946 0958", &["7946", "0958"]),
    ("07700 900123", &["07700", "900123"]),
    ("07700900123", &["07700900123"]),
    ("07700 900 123", &["07700", "900"]),
    ("0770 090 0123", &["0770", "0900123", "090", "0123"]),
    ("+447700900123", &["447700900123"]),
    ("0161.496.0000", &["0161", "496"]),
    ("0161\u{a0}496\u{a0}0000", &["0161", "496"]),
    ("0800 123 4567", &["0800", "4567"]),
    ("jane.doe@example.com", &["jane", "doe", "example"]),
    (
        "JANE_DOE+ref@mail.example.co.uk",
        &["jane", "doe", "mail-example"],
    ),
    ("SW1A 1AA", &["sw1a", "1aa"]),
    ("sw1a1aa", &["sw1a1aa"]),
    ("M1 1AE", &["m1-1ae"]),
    ("B33 8TH", &["b33", "8th"]),
    ("QQ 12 34 56 C", &["qq-12", "34-56"]),
    ("QQ123456C", &["qq123456c"]),
    ("4111 1111 1111 1111", &["4111", "1111"]),
    (
        "account 12345678 sort code 12-34-56",
        &["12345678", "12-34-56"],
    ),
    ("Mrs Patel", &["patel"]),
    ("Mr Jones", &["jones"]),
    ("Dr. Okafor", &["okafor"]),
];

/// Sentences a person writes around them.
const SENTENCES: &[&str] = &[
    "Customer on {} complained",
    "Email from {} about the refund",
    "{} rang about a late delivery",
    "Called back {}",
    "{}",
];

fn with_names(lb: &Logbook) {
    std::fs::create_dir_all(lb.dir()).unwrap();
    std::fs::write(
        lb.dir().join("logbook.toml"),
        "[redact]\nnames = [\"Siobhan Hughes = customer\"]\n",
    )
    .unwrap();
}

fn assert_clean(id: &str, typed: &str, banned: &[&str]) {
    assert!(!id.is_empty(), "no id for {typed:?}");
    for b in banned {
        assert!(!id.contains(b), "id {id} carries {b:?} from {typed:?}");
    }
    // Never a long run of digits beyond the date.
    let title_part = &id["2026-11-28-".len().min(id.len())..];
    let digits = title_part.bytes().filter(u8::is_ascii_digit).count();
    assert!(digits < 7, "id {id} keeps {digits} digits from {typed:?}");
}

#[test]
fn no_id_ever_carries_personal_data_whatever_makes_it() {
    let lb = Logbook::new();
    with_names(&lb);
    let mut ids = Vec::new();
    let mut n = 0;
    for (data, banned) in PERSONAL {
        for sentence in SENTENCES {
            let text = sentence.replace("{}", data);
            // Each way an id is made from typed text, in turn.
            let out = match n % 4 {
                0 => lb.run(&["note", &text]),
                1 => lb.run(&["add", &text]),
                2 => lb
                    .cmd()
                    .args(["note", "-"])
                    .write_stdin(format!("{text}\nMore detail on the next line."))
                    .output()
                    .unwrap(),
                _ => lb.run(&[
                    "add",
                    "--no-input",
                    "--framework",
                    "free",
                    "--title",
                    &text,
                    "--section",
                    "text=It went well.",
                ]),
            };
            n += 1;
            assert_eq!(code(&out), 0, "{text}: {}", stderr(&out));
            let id = stdout(&out).trim().to_string();
            assert_clean(&id, &text, banned);
            ids.push((id, text, *banned));
        }
    }
    // A name listed for redaction in logbook.toml goes too.
    let out = lb.run(&["note", "Siobhan Hughes rang about her order"]);
    let id = stdout(&out).trim().to_string();
    assert_eq!(id, "2026-11-28-rang-about-her-order");

    // What is left is readable, and a note of nothing but personal data
    // still gets an id.
    let fresh = Logbook::new();
    for (text, id) in [
        (
            "Customer on 020 7946 0958 complained",
            "2026-11-28-customer-complained",
        ),
        (
            "Email from jane.doe@example.com about a refund",
            "2026-11-28-email-about-a-refund",
        ),
        ("Mr Jones rang … 07700 900123", "2026-11-28-rang"),
        ("07700 900123", "2026-11-28-note"),
        ("jane.doe@example.com", "2026-11-28-note-2"),
    ] {
        assert_eq!(stdout(&fresh.run(&["note", text])).trim(), id, "{text}");
    }
    let out = fresh.run(&[
        "add",
        "--no-input",
        "--framework",
        "free",
        "--title",
        "SW1A 1AA",
        "-s",
        "text=x",
    ]);
    assert_eq!(stdout(&out).trim(), "2026-11-28-entry");

    // Nowhere an id travels carries it either: file names, list, gaps.
    // (Titles are the learner's own words and stay as typed; the ids
    // that `list` and `gaps` print are checked.)
    let files = lb.files().join("\n");
    let shown = format!(
        "{}\n{}",
        stdout(&lb.run(&["list"])),
        stdout(&lb.run(&["gaps", "--json"]))
    );
    let shown_ids: Vec<&str> = shown
        .split(|c: char| c.is_whitespace() || "(),\"".contains(c))
        .filter(|w| w.starts_with("2026-11-28-"))
        .collect();
    assert!(shown_ids.len() >= ids.len() / 2, "{shown}");
    for (_, text, banned) in &ids {
        for b in *banned {
            assert!(
                !files.to_lowercase().contains(b),
                "{b} in a file name ({text})"
            );
            for id in &shown_ids {
                assert!(!id.contains(b), "{b} in {id} shown ({text})");
            }
        }
    }
}

#[test]
fn imported_and_kept_copies_get_clean_ids_too() {
    let lb = Logbook::new();
    let file = lb.tmp.path().join("jrnl.json");
    std::fs::write(
        &file,
        r#"{"tags": {}, "entries": [
            {"title": "Mr Jones rang on 07700 900123 about his refund.", "body": "Sorted it the same day.",
             "date": "2026-11-20", "time": "09:00", "tags": [], "starred": false},
            {"title": "Email from jane.doe@example.com, postcode SW1A 1AA.", "body": "Replied.",
             "date": "2026-11-21", "time": "09:00", "tags": [], "starred": false}
        ]}"#,
    )
    .unwrap();
    let out = lb.run(&["import", "jrnl", &file.display().to_string()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let files = lb.files();
    let entries: Vec<&String> = files.iter().filter(|f| f.starts_with("entries")).collect();
    assert_eq!(
        entries,
        [
            "entries/2026/11/2026-11-20-rang-about-his-refund.toml",
            "entries/2026/11/2026-11-21-email-postcode.toml",
        ]
    );
}

#[test]
fn the_history_sync_shares_names_no_customer() {
    let lb = Logbook::new();
    std::fs::create_dir_all(lb.dir()).unwrap();
    assert_eq!(code(&lb.run(&["sync", "init"])), 0);
    let out = lb.run(&["note", "Mr Jones rang … 07700 900123 about a refund"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let subjects = git(&lb.dir(), &["log", "--format=%s"]);
    let first = subjects.lines().next().unwrap();
    assert_eq!(first, "note 2026-11-28-rang-about-a-refund");
    assert!(!subjects.contains("jones") && !subjects.contains("900123"));
}

#[test]
fn quick_capture_warns_about_personal_data_as_add_no_input_does() {
    let lb = Logbook::new();
    let out = lb.run(&[
        "note",
        "Customer on 020 7946 0958 complained about the wait",
    ]);
    assert_eq!(code(&out), 0);
    insta::assert_snapshot!(stderr(&out), @r#"warning: 2026-11-28-customer-complained-about-the-wait (title) contains what looks like personal data: a phone number — refer to people by role ("the customer") and leave out contact, address, birth-date, account and card details (RES.4)"#);
    let out = lb.run(&["add", "Email from jane.doe@example.com about a refund"]);
    assert_eq!(code(&out), 0);
    insta::assert_snapshot!(stderr(&out), @r#"warning: 2026-11-28-email-about-a-refund (title) contains what looks like personal data: an email address — refer to people by role ("the customer") and leave out contact, address, birth-date, account and card details (RES.4)"#);
    let out = lb
        .cmd()
        .args(["note", "-"])
        .write_stdin("Postcode SW1A 1AA given for the return")
        .output()
        .unwrap();
    assert!(stderr(&out).contains("a postcode"), "{}", stderr(&out));
    // Text without any says nothing.
    let out = lb.run(&["note", "Briefed the team on the new rota"]);
    assert_eq!(stderr(&out), "");
}

#[test]
fn a_quick_notes_title_keeps_a_whole_sentence_and_ids_end_at_a_word() {
    let lb = Logbook::new();
    let id = stdout(&lb.run(&[
        "note",
        "Briefed the team on the new Christmas rota, everyone ok with it. Two swaps agreed.",
    ]))
    .trim()
    .to_string();
    let shown = stdout(&lb.run(&["show", &id]));
    assert_eq!(
        shown.lines().next().unwrap(),
        "Briefed the team on the new Christmas rota, everyone ok with it"
    );
    assert_eq!(id, "2026-11-28-briefed-the-team-on-the-new-christmas");

    let id = stdout(&lb.run(&[
        "note",
        "Customer asked for a refund that never came through because the warehouse had lost the parcel twice",
    ]))
    .trim()
    .to_string();
    let shown = stdout(&lb.run(&["show", &id]));
    assert_eq!(
        shown.lines().next().unwrap(),
        "Customer asked for a refund that never came through…"
    );
    assert_eq!(id, "2026-11-28-customer-asked-for-a-refund-that-never");
    let id = stdout(&lb.run(&[
        "note",
        "Spoke to the team about the rota for the whole of December",
    ]))
    .trim()
    .to_string();
    // Cut at 40 characters, without a dangling "for the".
    assert_eq!(id, "2026-11-28-spoke-to-the-team-about-the-rota");
}

#[test]
fn date_errors_say_what_is_wrong_in_one_line() {
    let lb = Logbook::new();
    for (args, said) in [
        (
            vec!["note", "--date", "31/11/2026", "x"],
            "error: --date: 31/11/2026 is not a date: 30 November is the last day of November",
        ),
        (
            vec!["note", "--date", "12/13/2026", "x"],
            "error: --date: 12/13/2026 is not a date: there is no month 13 — dates are day first (13/12/2026?)",
        ),
        (
            vec!["note", "--date", "11/27/2026", "x"],
            "error: --date: 11/27/2026 is not a date: there is no month 27 — dates are day first (27/11/2026?)",
        ),
        (
            vec![
                "add",
                "--no-input",
                "--framework",
                "free",
                "-s",
                "text=x",
                "--title",
                "x",
                "--date",
                "next friday",
            ],
            "error: --date: 4 December 2026 is after today (2026-11-28): a date in the future cannot be used for when something happened",
        ),
        (
            vec![
                "add",
                "--no-input",
                "--framework",
                "free",
                "-s",
                "text=x",
                "--title",
                "x",
                "--date",
                "29/02/2026",
            ],
            "error: --date: 29/02/2026 is not a date: 28 February is the last day of February 2026",
        ),
        (
            vec![
                "add",
                "--no-input",
                "--framework",
                "free",
                "-s",
                "text=x",
                "--title",
                "x",
                "--date",
                "2026-13-01",
            ],
            "error: --date: 2026-13-01 is not a date: there is no month 13",
        ),
        (
            vec!["list", "--since", "31 Sept"],
            "error: --since: 31 Sept is not a date: 30 September is the last day of September",
        ),
        (
            vec!["gaps", "--as-of", "Mon 27 Nov 2026"],
            "error: --as-of: Mon 27 Nov 2026 is not a date: 27 November 2026 is a Friday, not a Monday",
        ),
        (
            vec!["config", "set", "start_date", "31/02/2026"],
            "error: start_date: 31/02/2026 is not a date: 28 February is the last day of February 2026",
        ),
    ] {
        let out = lb.run(&args);
        assert_eq!(code(&out), 2, "{args:?}");
        let err = stderr(&out);
        assert_eq!(
            err.lines().next().unwrap_or_default(),
            said,
            "{args:?}: {err}"
        );
        assert!(!err.contains("I understand"), "{args:?}: {err}");
    }
    assert!(lb.files().iter().all(|f| !f.starts_with("entries")));
    // Where a date may lie ahead, "next friday" is read.
    let out = lb.run(&["config", "set", "end_date", "next friday"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&lb.run(&["config", "get", "end_date"])).trim(),
        "2026-12-04"
    );
}

#[test]
fn criterion_ids_are_read_with_any_separator_wherever_typed() {
    let lb = Logbook::new();
    for typed in [
        "RES 1",
        "res1",
        "RES-1",
        "RES.1",
        "res_1",
        "Res 1, RES 6",
        "RES 1 RES 6",
    ] {
        let id = lb.add(&[
            "--title",
            typed,
            "--framework",
            "free",
            "-s",
            "text=x",
            "-c",
            typed,
        ]);
        let json = stdout(&lb.run(&["show", &id, "--json"]));
        assert!(json.contains("\"RES.1\""), "{typed}: {json}");
    }
    let out = lb.run(&["note", "--criteria", "res 6", "Coached a new starter"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let note = stdout(&out).trim().to_string();
    assert!(stdout(&lb.run(&["show", &note, "--json"])).contains("\"RES.6\""));

    let out = lb.run(&["list", "--criterion", "res 6", "--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains(&note));

    let out = lb.run(&["tag", &note, "--add", "RES 2", "--remove", "res_6"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let json = stdout(&lb.run(&["show", &note, "--json"]));
    assert!(
        json.contains("\"RES.2\"") && !json.contains("\"RES.6\""),
        "{json}"
    );

    let out = lb.run(&[
        "assess",
        &note,
        "-c",
        "RES 2",
        "--accept",
        "--assessor",
        "A. Assessor",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    // A wrong number still says what the unit has.
    let out = lb.run(&["note", "--criteria", "RES 66", "x"]);
    assert_eq!(code(&out), 2);
    insta::assert_snapshot!(stderr(&out), @r#"error: unknown criterion "RES 66" (RES has RES.1–RES.8)"#);
}

#[test]
fn a_synonym_of_a_command_names_the_command() {
    let lb = Logbook::new();
    let mut said = String::new();
    for word in [
        "profile",
        "settings",
        "preferences",
        "new",
        "write",
        "entry",
        "delete",
        "report",
        "status",
        "portfolio",
        "find",
        "Profile",
    ] {
        let out = lb.run(&[word, "anything"]);
        assert_eq!(code(&out), 2, "{word}");
        assert_eq!(stderr(&out).lines().count(), 1, "{word}: {}", stderr(&out));
        said.push_str(&stderr(&out));
    }
    insta::assert_snapshot!(said, @r#"
    error: `logbook profile` is not a command; your profile is set with `logbook config set KEY VALUE` (see `logbook config`)
    error: `logbook settings` is not a command; settings are changed with `logbook config set KEY VALUE` (see `logbook config`)
    error: `logbook preferences` is not a command; settings are changed with `logbook config set KEY VALUE` (see `logbook config`)
    error: `logbook new` is not a command; a new entry is written with `logbook add` (or `logbook note "text"` for a quick one)
    error: `logbook write` is not a command; a new entry is written with `logbook add` (or `logbook note "text"` for a quick one)
    error: `logbook entry` is not a command; a new entry is written with `logbook add` (or `logbook note "text"` for a quick one)
    error: `logbook delete` is not a command; `logbook rm ID` moves an entry to the trash (`logbook purge ID` deletes it for good)
    error: `logbook report` is not a command; `logbook gaps` shows which criteria still lack evidence and what to do next
    error: `logbook status` is not a command; `logbook gaps` shows which criteria still lack evidence and what to do next
    error: `logbook portfolio` is not a command; the portfolio for your assessor is built by `logbook export`
    error: `logbook find` is not a command; entries are found by their words with `logbook search WORDS`
    error: `logbook Profile` is not a command; your profile is set with `logbook config set KEY VALUE` (see `logbook config`)
    "#);
    // A typo is still clap's "did you mean", and a real command still runs.
    let out = lb.run(&["gasp"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("'gaps'"), "{}", stderr(&out));
}

#[test]
fn show_separates_every_label_from_its_value_alike() {
    let lb = Logbook::new();
    let id = lb.add(&[
        "--title",
        "Refund",
        "--framework",
        "driscoll",
        "-s",
        "what=A refund was late.",
        "--tag",
        "complaint, refund",
        "--attachment",
        "minutes.pdf",
    ]);
    let shown = stdout(&lb.run(&["show", &id]));
    insta::assert_snapshot!(shown, @"
    Refund
    Sat 28 Nov 2026 · Driscoll's what? model · reflective account
    id: 2026-11-28-refund
    Tags: complaint, refund
    Attachments: minutes.pdf

    What?
    A refund was late.

    Warnings (1)
      unmapped: is not mapped to any criterion — run `logbook tag 2026-11-28-refund --add ID` (or `logbook suggest`) to map it
    ");
    for line in shown.lines() {
        assert!(!line.contains("?:") && !line.contains(".:"), "{line}");
    }
}
