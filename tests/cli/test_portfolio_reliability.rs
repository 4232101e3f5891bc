//! Issue 13's guarantees, held by the commands and files issue 16 added:
//! witness testimonies and assessor decisions (`witness`, `assess`), the
//! profile (`config set/get`), `purge`, and the export's `--bundle` and HTML
//! paths. Black-box like `test_reliability2`, whose helpers it shares.

use std::os::unix::fs::{FileTypeExt, symlink};
use std::path::Path;

use crate::support::*;
use crate::test_reliability2::{
    CONTROLS, assert_clean, assert_no_panic, assert_refused, both, show_json, simple_entry,
    snapshot, toml_str, write_entry,
};

/// An entry claiming RES.1, for records to be about.
fn claimed_entry(lb: &Logbook, title: &str) -> String {
    lb.add(&[
        "--title",
        title,
        "--date",
        "2026-11-27",
        "--section",
        "situation=A customer rang about a late refund.",
        "--section",
        "result=It was resolved and the customer thanked us.",
        "--criteria",
        "RES.1",
    ])
}

/// A witness record written by hand (as a copy of a logbook merged from
/// elsewhere might hold it), with any text in its fields.
fn write_witness(lb: &Logbook, id: &str, n: usize, name: &str, statement: &str) {
    let dir = lb.dir().join("records").join(id);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(format!("witness-20261128T09{n:02}00p0000-{n:012}.toml")),
        format!(
            "entry = \"{id}\"\nrecorded = 2026-11-28T09:{n:02}:00+00:00\nname = {}\n\
             role = {}\ndate = 2026-11-27\nsigned = true\nstatement = {}\n",
            toml_str(name),
            toml_str(&format!("Role {name}")),
            toml_str(statement)
        ),
    )
    .unwrap();
}

// ---------------------------------------------------------------------------
// The terminal sanitiser: every human printer of the new commands.

#[test]
fn control_sequences_in_records_the_profile_and_purge_never_reach_the_terminal() {
    let lb = Logbook::new();
    let mut cases = 0;
    let mut ids = Vec::new();
    for (n, (name, seq)) in CONTROLS.iter().enumerate() {
        let id = format!("2026-11-{:02}-hostile-{n}", 1 + n % 27);
        write_entry(
            &lb,
            &id,
            &id[..10],
            &format!("Marker title {n} {seq} end"),
            "A customer rang.",
            "criteria = [\"RES.1\"]",
        );
        // Hand-written records hold anything, NUL included.
        write_witness(
            &lb,
            &id,
            0,
            &format!("Hand {seq} Witness"),
            &format!("Said {seq}\nmore {seq}"),
        );
        // What can be typed (an argument cannot hold NUL) goes through the commands.
        if !seq.contains('\0') {
            let typed = format!("x{seq}y");
            let statement = format!("Saw it {seq}\nall {seq}");
            let runs: Vec<Vec<&str>> = vec![
                vec![
                    "witness",
                    &id,
                    "--name",
                    &typed,
                    "--role",
                    &typed,
                    "--relationship",
                    &typed,
                    "--contact",
                    &typed,
                    "--statement",
                    &statement,
                    "--signed",
                ],
                vec![
                    "witness",
                    &id,
                    "--name",
                    "Plain",
                    "--role",
                    "Plain",
                    "--statement",
                    &statement,
                ],
                vec![
                    "assess",
                    &id,
                    "--criterion",
                    "RES.1",
                    "--accept",
                    "--assessor",
                    &typed,
                    "--method",
                    &typed,
                    "--feedback",
                    &statement,
                ],
                vec![
                    "assess",
                    &typed,
                    "--criterion",
                    "RES.1",
                    "--accept",
                    "--assessor",
                    "A",
                ],
                vec!["witness", &typed, "--name", "N", "--role", "R"],
                vec!["purge", &typed, "--yes"],
                vec!["config", "set", "learner", &typed],
                vec!["config", "set", &typed, "x"],
                vec!["config", "get", &typed],
                vec!["export", "--bundle", &typed],
            ];
            for args in &runs {
                let out = lb.run(args);
                assert_clean(&out, &format!("{name}: {args:?}"));
                cases += 1;
            }
        }
        ids.push(id);
    }
    for (id, (name, seq)) in ids.iter().zip(CONTROLS) {
        let out = lb.run(&["show", id]);
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
        assert_clean(&out, &format!("show ({name})"));
        assert!(stdout(&out).contains("Hand "), "{name}: {}", stdout(&out));
        // JSON stays exact.
        let json = show_json(&lb, id);
        assert_eq!(
            json["witnesses"][0]["statement"],
            format!("Said {seq}\nmore {seq}").as_str(),
            "{name}"
        );
        cases += 1;
    }
    // A profile value from the environment, as `config` and `get` meet it.
    for (name, seq) in CONTROLS.iter().filter(|(_, s)| !s.contains('\0')) {
        for args in [vec!["config"], vec!["config", "get", "assessor"]] {
            let out = lb
                .cmd()
                .args(&args)
                .env("LOGBOOK_ASSESSOR", format!("Ann {seq} Assessor"))
                .output()
                .unwrap();
            // Refused (a profile value is one line of text), but never echoed raw.
            assert_clean(&out, &format!("{name}: {args:?}"));
            cases += 1;
        }
    }
    let target = lb.tmp.path().join("out\u{1b}[2J.md");
    let zip = lb.tmp.path().join("out\u{1b}]52;c;QQ==\u{7}.zip");
    for args in [
        vec!["gaps"],
        vec!["check"],
        vec!["export", "-o", target.to_str().unwrap()],
        vec!["export", "--bundle", zip.to_str().unwrap()],
        vec![
            "export",
            "--format",
            "html",
            "-o",
            target.to_str().unwrap(),
            "--force",
        ],
    ] {
        let out = lb.run(&args);
        assert_clean(&out, &format!("{args:?}"));
        cases += 1;
    }
    for id in &ids {
        let out = lb.run(&["purge", id, "--yes"]);
        assert_eq!(code(&out), 0, "{id}: {}", stderr(&out));
        assert_clean(&out, &format!("purge {id}"));
        assert!(stdout(&out).contains("Marker title"), "{}", stdout(&out));
        cases += 1;
    }
    assert!(cases > CONTROLS.len() * 12, "{cases}");
}

// ---------------------------------------------------------------------------
// `--force` replaces a regular file and nothing else, for every target.

#[test]
fn bundle_and_html_exports_never_replace_anything_but_a_regular_file() {
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
    symlink("/dev/null", dir.join("to-dev-null")).unwrap();
    symlink(dir.join("folder"), dir.join("to-folder")).unwrap();
    symlink(dir.join("nowhere"), dir.join("dangling")).unwrap();
    let kind = |p: &Path| {
        let meta = std::fs::symlink_metadata(p).unwrap();
        let t = meta.file_type();
        (
            t.is_fifo(),
            t.is_socket(),
            t.is_dir(),
            t.is_symlink(),
            std::fs::read_link(p).ok(),
        )
    };
    let mut cases = 0;
    for name in [
        "fifo",
        "socket",
        "folder",
        "to-fifo",
        "to-dev-null",
        "to-folder",
        "dangling",
    ] {
        let target = dir.join(name);
        let target = target.to_str().unwrap();
        let before = kind(Path::new(target));
        for shape in [
            vec!["export", "--bundle", target],
            vec!["export", "--bundle", target, "--format", "html"],
            vec!["export", "--format", "html", "-o", target],
        ] {
            for force in [false, true] {
                let mut args = shape.clone();
                if force {
                    args.push("--force");
                }
                let out = lb.run(&args);
                assert_refused(&out, &format!("{args:?}"));
                assert_eq!(kind(Path::new(target)), before, "{args:?}: replaced");
                cases += 1;
            }
        }
    }
    assert_eq!(cases, 42);
    // A regular file, and a link to one, are replaced with --force.
    let file = dir.join("portfolio.zip");
    std::fs::write(&file, "old").unwrap();
    let out = lb.run(&["export", "--bundle", file.to_str().unwrap()]);
    assert_refused(&out, "bundle over a file without --force");
    assert_eq!(std::fs::read(&file).unwrap(), b"old");
    let out = lb.run(&["export", "--bundle", file.to_str().unwrap(), "--force"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(std::fs::read(&file).unwrap().starts_with(b"PK"));
    let link = dir.join("to-zip");
    symlink(&file, &link).unwrap();
    std::fs::write(&file, "old").unwrap();
    let out = lb.run(&["export", "--bundle", link.to_str().unwrap(), "--force"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(std::fs::read(&file).unwrap().starts_with(b"PK"));
}

// ---------------------------------------------------------------------------
// The personal-data scan covers what witnesses and assessors write.

#[test]
fn personal_data_in_statements_and_feedback_is_found_everywhere() {
    let items = [
        ("phone", "07700\u{a0}900123"),
        ("email", "jo.bloggs@example.com"),
        ("postcode", "SW1A 1AA"),
        ("NI number", "QQ 12 34 56 C"),
        ("card", "4111 1111 1111 1111"),
        ("listed name", "Joanne Hughes"),
    ];
    let mut cases = 0;
    for (what, item) in items {
        let lb = Logbook::new();
        std::fs::create_dir_all(lb.dir()).unwrap();
        std::fs::write(
            lb.dir().join("logbook.toml"),
            "[redact]\nnames = [\"Mrs Joanne Hughes = customer\"]\n",
        )
        .unwrap();
        let id = claimed_entry(&lb, "Refund complaint");
        let statement = format!("I heard the call.\nThe customer gave {item} twice.");
        let out = lb.run(&[
            "witness",
            &id,
            "--name",
            "Priya Shah",
            "--role",
            "Manager",
            "--statement",
            &statement,
            "--signed",
        ]);
        assert_eq!(code(&out), 0, "{what}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("warning: the statement has what looks like"),
            "{what}: witness said nothing\n{}",
            stderr(&out)
        );
        let feedback = format!("Good. Leave out {item} next time.");
        let out = lb.run(&[
            "assess",
            &id,
            "--criterion",
            "RES.1",
            "--accept",
            "--assessor",
            "Ann",
            "--feedback",
            &feedback,
        ]);
        assert_eq!(code(&out), 0, "{what}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("warning: the feedback has what looks like"),
            "{what}: assess said nothing\n{}",
            stderr(&out)
        );
        // check: one warning per record, at the item's place in the file.
        let out = lb.run(&["check"]);
        assert_eq!(code(&out), 0, "{what}: {}", both(&out));
        let text = both(&out);
        let places: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("/records/") && l.contains("warning:"))
            .map(|l| l.split(": warning:").next().unwrap())
            .collect();
        assert_eq!(places.len(), 2, "{what}: {text}");
        for place in places {
            let mut parts = place.rsplitn(3, ':');
            let col: usize = parts.next().unwrap().parse().unwrap();
            let line: usize = parts.next().unwrap().parse().unwrap();
            let file = std::fs::read_to_string(parts.next().unwrap()).unwrap();
            let at_line = file.lines().nth(line - 1).unwrap();
            let rest: String = at_line.chars().skip(col - 1).collect();
            let item_words = item.split(|c: char| !c.is_alphanumeric()).next().unwrap();
            assert!(
                rest.starts_with(item_words),
                "{what}: {place} points at {rest:?}"
            );
        }
        // The export redacts both; --no-redact keeps them and says so.
        let out = lb.run(&["export"]);
        assert_eq!(code(&out), 0, "{what}: {}", stderr(&out));
        // Markdown escapes (`jo.bloggs\@example.com`) aside.
        let doc = stdout(&out).replace('\\', "");
        assert!(doc.contains("I heard the call."), "{what}");
        assert!(doc.contains("Leave out"), "{what}");
        // The document writes a no-break space as a plain one.
        let printed = item.replace('\u{a0}', " ");
        assert!(!doc.contains(&printed), "{what}: {item} in the export");
        let out = lb.run(&["export", "--no-redact"]);
        assert_eq!(code(&out), 0, "{what}: {}", stderr(&out));
        let doc = stdout(&out).replace('\\', "");
        assert_eq!(doc.matches(&printed).count(), 2, "{what}");
        assert!(
            stderr(&out).contains("--no-redact: the portfolio keeps"),
            "{what}"
        );
        cases += 1;
    }
    assert_eq!(cases, 6);
}

// ---------------------------------------------------------------------------
// What is piped or named is read whole, before the lock, and never empty.

#[test]
fn an_empty_pipe_or_file_is_never_taken_for_a_statement_or_feedback() {
    let lb = Logbook::new();
    let id = claimed_entry(&lb, "Refund complaint");
    let empty = lb.tmp.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let blank = lb.tmp.path().join("blank.txt");
    std::fs::write(&blank, " \n\t\n").unwrap();
    let before = snapshot(&lb);
    let mut cases = 0;
    for (flag, base) in [
        (
            "--statement",
            vec!["witness", id.as_str(), "--name", "P", "--role", "R"],
        ),
        (
            "--feedback",
            vec![
                "assess",
                id.as_str(),
                "--criterion",
                "RES.1",
                "--action-required",
                "--assessor",
                "A",
            ],
        ),
    ] {
        for stdin in ["", "\n", "  \r\n"] {
            let mut args = base.clone();
            args.extend([flag, "-"]);
            let out = lb.cmd().args(&args).write_stdin(stdin).output().unwrap();
            assert_refused(&out, &format!("{args:?} with {stdin:?} on stdin"));
            assert!(stderr(&out).contains(flag), "{}", stderr(&out));
            assert_eq!(snapshot(&lb), before, "{args:?}");
            cases += 1;
        }
        for file in [&empty, &blank, Path::new("/dev/null")] {
            let value = format!("@{}", file.display());
            let mut args = base.clone();
            args.extend([flag, value.as_str()]);
            let out = lb.run(&args);
            assert_refused(&out, &format!("{args:?}"));
            assert_eq!(snapshot(&lb), before, "{args:?}");
            cases += 1;
        }
    }
    assert_eq!(cases, 12);
    assert!(!lb.dir().join("records").exists());
}

#[test]
fn a_witness_or_assessor_waiting_for_input_does_not_hold_up_other_writers() {
    let lb = Logbook::new();
    let id = claimed_entry(&lb, "Refund complaint");
    let out = lb.bash(&format!(
        r#"
        d="$LOGBOOK_DIR/.."
        mkfifo "$d/in" "$d/file-in"
        exec 3<> "$d/in"
        exec 4<> "$d/file-in"
        timeout 15 "$LOGBOOK" witness {id} --name P --role R --statement - < "$d/in" > /dev/null 2>&1 3>&- 4>&- &
        witness=$!
        timeout 15 "$LOGBOOK" assess {id} -c RES.1 --accept --assessor A --feedback @"$d/file-in" > /dev/null 2>&1 3>&- 4>&- &
        assess=$!
        sleep 1
        timeout 5 "$LOGBOOK" tag {id} --tag concurrent > /dev/null 2>&1 3>&- 4>&-
        echo "tag=$?"
        timeout 5 "$LOGBOOK" config set employer Hartley > /dev/null 2>&1 3>&- 4>&-
        echo "config=$?"
        echo "I saw the whole call." >&3
        exec 3>&-
        echo "Well handled." >&4
        exec 4>&-
        wait $witness
        echo "witness=$?"
        wait $assess
        echo "assess=$?"
        "#
    ));
    let report = stdout(&out);
    for want in ["tag=0", "config=0", "witness=0", "assess=0"] {
        assert!(
            report.lines().any(|l| l == want),
            "{want} missing:\n{report}\n{}",
            stderr(&out)
        );
    }
    let entry = show_json(&lb, &id);
    assert_eq!(entry["tags"], serde_json::json!(["concurrent"]));
    assert_eq!(entry["witnesses"][0]["statement"], "I saw the whole call.");
    // The tag changed the entry after the decision was made: not current.
    assert_eq!(entry["assessments"][0]["feedback"], "Well handled.");
}

#[test]
fn the_new_writers_that_wait_for_the_lock_say_so() {
    let lb = Logbook::new();
    let id = claimed_entry(&lb, "Refund complaint");
    let other = simple_entry(&lb, "To purge", "2026-11-20");
    let commands = [
        (
            "witness",
            format!("witness {id} --name P --role R --signed"),
        ),
        (
            "assess",
            format!("assess {id} -c RES.1 --accept --assessor A"),
        ),
        ("config", "config set employer Hartley".to_string()),
        ("purge", format!("purge {other} --yes")),
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
}

// ---------------------------------------------------------------------------
// Record files pass a checked gate too, and are private.

#[test]
fn a_record_that_cannot_be_made_or_read_back_is_never_written() {
    let mut cases = 0;
    for fault in ["serialise", "verify"] {
        let lb = Logbook::new();
        let id = claimed_entry(&lb, "Refund complaint");
        let runs: Vec<Vec<&str>> = vec![
            vec![
                "witness",
                &id,
                "--name",
                "P",
                "--role",
                "R",
                "--statement",
                "Saw it.",
            ],
            vec!["assess", &id, "-c", "RES.1", "--accept", "--assessor", "A"],
        ];
        let before = snapshot(&lb);
        for args in &runs {
            let out = lb
                .cmd()
                .args(args)
                .env("LOGBOOK_FAULT", fault)
                .output()
                .unwrap();
            let what = format!("{args:?} with LOGBOOK_FAULT={fault}");
            assert_no_panic(&out, &what);
            assert_ne!(code(&out), 0, "{what}: reported as done\n{}", both(&out));
            assert!(stderr(&out).contains("error:"), "{what}: {}", stderr(&out));
            assert_eq!(snapshot(&lb), before, "{what}: a file changed");
            assert!(!lb.dir().join("records").exists(), "{what}");
            cases += 1;
        }
        for args in &runs {
            let out = lb.run(args);
            assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        }
        // Written private, in private folders.
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = lb.dir().join("records").join(&id);
        assert_eq!(mode(&lb.dir().join("records")), 0o700);
        assert_eq!(mode(&dir), 0o700);
        let files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
        assert_eq!(files.len(), 2);
        for f in files {
            assert_eq!(mode(&f.path()), 0o600, "{}", f.path().display());
        }
    }
    assert_eq!(cases, 4);
}
