//! No word is ever lost: crashes and failed writes leave the old state or
//! the new one, never a partial entry; bad files are named, never fatal.

use std::os::unix::fs::symlink;

use crate::support::*;

fn entry_files(lb: &Logbook) -> Vec<String> {
    lb.files()
        .into_iter()
        .filter(|f| f.starts_with("entries/") && f.ends_with(".toml") && !f.contains("/."))
        .collect()
}

fn temp_files(lb: &Logbook) -> Vec<String> {
    lb.files()
        .into_iter()
        .filter(|f| f.ends_with(".tmp"))
        .collect()
}

fn first_entry(lb: &Logbook) -> (String, Vec<u8>) {
    let id = lb.add(&[
        "--title",
        "First entry",
        "--section",
        "situation=keep me",
        "--date",
        "2026-11-20",
    ]);
    let path = lb.dir().join(format!("entries/2026/11/{id}.toml"));
    (id, std::fs::read(path).unwrap())
}

#[test]
fn a_crash_between_writing_and_committing_leaves_the_old_state() {
    let lb = Logbook::new();
    let (id, bytes) = first_entry(&lb);
    let out = lb
        .cmd()
        .env("LOGBOOK_FAULT", "before-commit")
        .args([
            "add",
            "--no-input",
            "--title",
            "Crashed",
            "--section",
            "situation=lost?",
            "--date",
            "2026-11-20",
        ])
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "the fault hook must abort the process"
    );
    assert_eq!(entry_files(&lb), [format!("entries/2026/11/{id}.toml")]);
    assert_eq!(
        std::fs::read(lb.dir().join(format!("entries/2026/11/{id}.toml"))).unwrap(),
        bytes
    );
    assert_eq!(
        temp_files(&lb).len(),
        1,
        "the abandoned temp file is left for `check` to report"
    );

    // The leftover is ignored by readers and does not block the next write.
    let out = lb.run(&["list", "--json"]);
    assert_eq!(stderr(&out), "");
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        lb.add(&[
            "--title",
            "Crashed",
            "--section",
            "situation=again",
            "--date",
            "2026-11-20"
        ]),
        "2026-11-20-crashed"
    );

    // `check` reports the leftover and says what it is.
    let out = lb.run(&["check"]);
    assert_eq!(code(&out), 1);
    let report = stdout(&out) + &stderr(&out);
    let temp = &temp_files(&lb)[0];
    assert!(report.contains(temp.as_str()), "{report}");
    assert!(
        report.contains("left over from an interrupted write"),
        "{report}"
    );
}

/// `ulimit -f` makes the kernel stop the process part-way through writing
/// the temp file (SIGXFSZ), a real kill mid-write.
#[test]
fn a_process_killed_mid_write_leaves_no_partial_entry() {
    let lb = Logbook::new();
    let (id, bytes) = first_entry(&lb);
    let big = "x".repeat(20_000);
    let out = lb.bash(&format!(
        "ulimit -f 8; exec \"$LOGBOOK\" add --no-input --title Big --date 2026-11-20 --section situation={big}"
    ));
    assert!(!out.status.success());
    assert_eq!(entry_files(&lb), [format!("entries/2026/11/{id}.toml")]);
    assert_eq!(
        std::fs::read(lb.dir().join(format!("entries/2026/11/{id}.toml"))).unwrap(),
        bytes
    );
    let out = lb.run(&["list", "--json"]);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.len(), 1);
}

/// With SIGXFSZ ignored, the same limit turns into a write error — what a
/// full disk looks like to the program: a clear message, nothing half-written.
#[test]
fn a_failed_write_is_reported_and_cleaned_up() {
    let lb = Logbook::new();
    let (id, _) = first_entry(&lb);
    let big = "x".repeat(20_000);
    let out = lb.bash(&format!(
        "trap '' XFSZ; ulimit -f 8; exec \"$LOGBOOK\" add --no-input --title Big --date 2026-11-20 --section situation={big}"
    ));
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.starts_with("error: cannot write ") && err.contains("File too large"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(entry_files(&lb), [format!("entries/2026/11/{id}.toml")]);
    assert!(temp_files(&lb).is_empty(), "{:?}", lb.files());
}

#[test]
fn a_blocked_directory_is_a_clear_error_and_touches_nothing() {
    let lb = Logbook::new();
    let (id, bytes) = first_entry(&lb);
    std::fs::write(lb.dir().join("entries/2025"), "not a directory").unwrap();
    let out = lb.run(&[
        "add",
        "--no-input",
        "--title",
        "Old",
        "--section",
        "situation=x",
        "--date",
        "2025-01-02",
    ]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.starts_with("error: cannot create directory ") && err.contains("entries/2025/01: "),
        "{err}"
    );
    assert_eq!(
        std::fs::read(lb.dir().join(format!("entries/2026/11/{id}.toml"))).unwrap(),
        bytes
    );
}

/// A corpus of broken files next to one good entry: each is named with its
/// line and column, the good entry is still listed, nothing is rewritten.
#[test]
fn every_kind_of_bad_file_is_named_and_the_rest_keeps_working() {
    let lb = Logbook::new();
    let (good_id, _) = first_entry(&lb);
    let dir = lb.dir().join("entries/2026/11");
    let valid = std::fs::read_to_string(dir.join(format!("{good_id}.toml"))).unwrap();
    let with_id = |id: &str, text: &str| text.replace(&good_id, id);

    let ten_mb = format!(
        "{}\n[sections]\nsituation = \"{}\"\n",
        valid.split("\n[sections]").next().unwrap(),
        "a".repeat(10_000_000)
    );
    let corpus: Vec<(&str, Vec<u8>, Option<&str>)> = vec![
        (
            "2026-11-01-bad-toml",
            b"id = \"2026-11-01-bad-toml\"\ntitle = \n".to_vec(),
            Some(":2:9: "),
        ),
        (
            "2026-11-02-wrong-type",
            with_id("2026-11-02-wrong-type", &valid)
                .replace("tags = []", "tags = 3")
                .into_bytes(),
            Some(":8:8: "),
        ),
        (
            "2026-11-03-missing-field",
            b"id = \"2026-11-03-missing-field\"\ntitle = \"x\"\n".to_vec(),
            Some(":1:1: missing field `created`"),
        ),
        (
            "2026-11-04-unknown-key",
            with_id("2026-11-04-unknown-key", &valid)
                .replace("tags = []", "tags = []\nmood = \"tired\"")
                .into_bytes(),
            Some(":9:1: unknown field `mood`"),
        ),
        (
            "2026-11-05-bad-date",
            with_id("2026-11-05-bad-date", &valid)
                .replace("occurred = 2026-11-20", "occurred = 2026-02-30")
                .into_bytes(),
            Some(":4:12: "),
        ),
        (
            "2026-11-06-datetime-for-date",
            with_id("2026-11-06-datetime-for-date", &valid)
                .replace("occurred = 2026-11-20", "occurred = 2026-11-20T10:00:00Z")
                .into_bytes(),
            Some(":4:12: expected a plain date"),
        ),
        (
            "2026-11-07-not-utf8",
            [
                b"id = \"2026-11-07-not-utf8\"\ntitle = \"caf".as_slice(),
                &[0xe9],
                b"\"\n",
            ]
            .concat(),
            Some(":2:13: not valid UTF-8"),
        ),
        (
            "2026-11-08-bom",
            format!("\u{feff}{}", with_id("2026-11-08-bom", &valid)).into_bytes(),
            None,
        ),
        (
            "2026-11-09-crlf",
            with_id("2026-11-09-crlf", &valid)
                .replace('\n', "\r\n")
                .into_bytes(),
            None,
        ),
        (
            "2026-11-10-ten-mb",
            with_id("2026-11-10-ten-mb", &ten_mb).into_bytes(),
            None,
        ),
        ("2026-11-11-empty", Vec::new(), Some(":1:1: missing field")),
        (
            "2026-11-12-binary",
            vec![0u8, 159, 146, 150, 0, 1, 2],
            Some(":1:2: not valid UTF-8"),
        ),
    ];
    let mut originals = Vec::new();
    for (name, bytes, _) in &corpus {
        let path = dir.join(format!("{name}.toml"));
        std::fs::write(&path, bytes).unwrap();
        originals.push((path, bytes.clone()));
    }
    // Escapes: a symlink to a file outside, a symlinked month directory, and
    // an entry whose id tries to climb out.
    let outside = lb.tmp.path().join("secret.toml");
    std::fs::write(&outside, &valid).unwrap();
    symlink(&outside, dir.join("2026-11-13-link.toml")).unwrap();
    std::fs::create_dir_all(lb.tmp.path().join("elsewhere")).unwrap();
    symlink(
        lb.tmp.path().join("elsewhere"),
        lb.dir().join("entries/2026/10"),
    )
    .unwrap();
    let climbing = valid.replace(
        &format!("id = \"{good_id}\""),
        "id = \"../../../etc/passwd\"",
    );
    std::fs::write(dir.join("2026-11-14-climb.toml"), &climbing).unwrap();
    let huge = dir.join("2026-11-15-huge.toml");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(17 * 1024 * 1024)
        .unwrap();

    let out = lb.run(&["list", "--json"]);
    assert_eq!(code(&out), 0);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = list.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "2026-11-08-bom",
            "2026-11-09-crlf",
            "2026-11-10-ten-mb",
            good_id.as_str()
        ]
    );
    assert_eq!(list[1]["sections"]["situation"], "keep me");
    assert_eq!(
        list[2]["sections"]["situation"].as_str().map(str::len),
        Some(10_000_000)
    );

    let err = stderr(&out);
    for (name, _, expected) in &corpus {
        let line = err.lines().find(|l| l.contains(&format!("/{name}.toml")));
        match expected {
            Some(expected) => {
                let line = line.unwrap_or_else(|| panic!("{name} not reported:\n{err}"));
                assert!(
                    line.contains(&format!("{name}.toml{expected}")),
                    "{name}: {line}"
                );
                assert!(
                    line.starts_with("warning: ") && line.ends_with("; skipped"),
                    "{line}"
                );
            }
            None => assert!(line.is_none(), "{name} should load: {line:?}"),
        }
    }
    assert!(
        err.contains("2026-11-13-link.toml:1:1: is a symbolic link"),
        "{err}"
    );
    assert!(
        err.contains("entries/2026/10:1:1: is a symbolic link"),
        "{err}"
    );
    assert!(
        err.contains("2026-11-15-huge.toml:1:1: is 17 MB; entry files are limited to 16 MB"),
        "{err}"
    );
    assert!(err.contains("2026-11-14-climb.toml:1:6: id \"../../../etc/passwd\" may only use a-z, 0-9 and '-'; skipped"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    // Nothing was rewritten, and the climbing id cannot reach outside.
    for (path, bytes) in originals {
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{}", path.display());
    }
    let out = lb.run(&["show", "../../../etc/passwd"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).starts_with("error: no entry \"../../../etc/passwd\""),
        "{}",
        stderr(&out)
    );
    let out = lb.run(&["show", "2026-11-14-climb"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("2026-11-14-climb.toml:1:6: id \"../../../etc/passwd\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_symlinked_data_dir_is_followed_but_nothing_escapes_it() {
    let lb = Logbook::new();
    let real = lb.tmp.path().join("real-data");
    std::fs::create_dir_all(&real).unwrap();
    symlink(&real, lb.dir()).unwrap();
    let id = lb.add(&["--title", "Through a link", "--section", "situation=x"]);
    assert!(real.join(format!("entries/2026/11/{id}.toml")).is_file());
}

/// Many writers at once: adds with one title, tags on one shared entry,
/// edits and removals of others. Every successful command's effect is
/// present, every file is valid, no id is used twice.
#[test]
fn concurrent_adds_tags_edits_and_removals_all_take_effect() {
    let lb = Logbook::new();
    let shared = lb.add(&[
        "--title",
        "Shared entry",
        "--section",
        "situation=base",
        "--date",
        "2026-11-01",
    ]);
    let to_edit: Vec<String> = (0..10)
        .map(|i| {
            lb.add(&[
                "--title",
                &format!("Edit me {i}"),
                "--section",
                "situation=before",
                "--date",
                "2026-11-02",
            ])
        })
        .collect();
    let to_remove: Vec<String> = (0..10)
        .map(|i| {
            lb.add(&[
                "--title",
                &format!("Remove me {i}"),
                "--section",
                "situation=x",
                "--date",
                "2026-11-03",
            ])
        })
        .collect();

    let bin = assert_cmd::cargo::cargo_bin("logbook");
    let spawn = |args: Vec<String>| {
        std::process::Command::new(&bin)
            .env_clear()
            .env("LOGBOOK_DIR", lb.dir())
            .env("LOGBOOK_NOW", NOW)
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let mut jobs = Vec::new();
    for i in 0..40 {
        jobs.push((
            "add",
            spawn(s(&[
                "add",
                "--no-input",
                "--title",
                "Busy day",
                "--date",
                "2026-11-04",
                "--section",
                &format!("situation=writer {i}"),
            ])),
        ));
        if i < 20 {
            jobs.push((
                "tag",
                spawn(s(&["tag", &shared, "--tag", &format!("t{i}")])),
            ));
        }
        if i < 10 {
            jobs.push((
                "edit",
                spawn(s(&[
                    "edit",
                    &to_edit[i],
                    "--section",
                    &format!("situation=after {i}"),
                ])),
            ));
            jobs.push(("rm", spawn(s(&["rm", &to_remove[i]]))));
        }
    }
    let mut added = Vec::new();
    for (kind, child) in jobs {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
        if kind == "add" {
            added.push(stdout(&out).trim().to_string());
        }
    }

    let out = lb.run(&["list", "--json"]);
    assert_eq!(stderr(&out), "");
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let by_id = |id: &str| {
        list.iter()
            .find(|e| e["id"] == id)
            .unwrap_or_else(|| panic!("{id} missing"))
    };
    // 40 new entries, each writer's text exactly once.
    let mut writers: Vec<&str> = added
        .iter()
        .map(|id| by_id(id)["sections"]["situation"].as_str().unwrap())
        .collect();
    writers.sort();
    writers.dedup();
    assert_eq!(writers.len(), 40);
    // Twenty tags on one entry: no read-modify-write lost an update.
    let tags = by_id(&shared)["tags"].as_array().unwrap().len();
    assert_eq!(tags, 20);
    for (i, id) in to_edit.iter().enumerate() {
        assert_eq!(by_id(id)["sections"]["situation"], format!("after {i}"));
        assert!(by_id(id)["updated"].is_string());
    }
    for id in &to_remove {
        assert!(
            list.iter().all(|e| e["id"] != id.as_str()),
            "{id} still listed"
        );
    }
    assert_eq!(list.len(), 1 + 10 + 40);
    let out = lb.run(&["trash", "--json"]);
    let trash: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(trash.len(), 10);
    // Every file valid, no leftovers, no id in two places.
    let out = lb.run(&["check"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(temp_files(&lb).is_empty());
}

#[test]
fn a_scripted_add_warns_about_personal_data_but_still_saves() {
    let lb = Logbook::new();
    let out = lb.run(&[
        "add",
        "--no-input",
        "--title",
        "Call back",
        "--section",
        "situation=She left 07700 900123 and jo@example.com",
        "--section",
        "result=Sorted.",
    ]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "2026-11-28-call-back\n");
    assert_eq!(
        stderr(&out),
        "warning: 2026-11-28-call-back (situation) contains what looks like personal data: a phone number, an email address — refer to people by role (\"the customer\") and leave out contact, address, birth-date, account and card details (RES.4)\n"
    );
}
