//! `logbook rm`, `restore` and `trash`: nothing is ever deleted.

use crate::support::*;

fn two(lb: &Logbook) -> (String, String) {
    let a = lb.add(&[
        "--title",
        "Refund complaint",
        "--date",
        "2026-10-20",
        "--section",
        "situation=A late refund — ünïcode ✓\r\nwith CRLF",
        "--criteria",
        "RES.1",
    ]);
    let b = lb.add(&[
        "--title",
        "Team briefing",
        "--date",
        "2026-11-23",
        "--section",
        "situation=briefing",
    ]);
    (a, b)
}

#[test]
fn rm_then_restore_round_trips_byte_for_byte() {
    let lb = Logbook::new();
    let (a, b) = two(&lb);
    let path = lb.dir().join(format!("entries/2026/10/{a}.toml"));
    // A hand edit with a comment and odd spacing, to prove nothing is rewritten.
    let original = format!(
        "# kept as typed\n{}",
        std::fs::read_to_string(&path).unwrap()
    )
    .replace("title = ", "title    = ")
    .into_bytes();
    std::fs::write(&path, &original).unwrap();

    let out = lb.run(&["rm", "2026-10"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!(
            "Moved {a} to the trash (Refund complaint)\n`logbook restore {a}` brings it back; `logbook trash` lists the trash.\n"
        )
    );
    assert!(!path.exists());
    let trashed = lb.dir().join(format!("trash/{a}.toml"));
    assert_eq!(std::fs::read(&trashed).unwrap(), original);
    let list = lb.run(&["list", "--json"]);
    let ids: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(ids.len(), 1);
    assert_eq!(ids[0]["id"], b.as_str());

    let out = lb.run(&["trash"]);
    assert_eq!(code(&out), 0);
    insta::assert_snapshot!(stdout(&out), @r"
     Date         Id                            Title
    ─────────────────────────────────────────────────────────────
     2026-10-20   2026-10-20-refund-complaint   Refund complaint
    1 entry in the trash; `logbook restore ID` brings one back
    ");
    let out = lb.run(&["trash", "--json"]);
    let trash: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(trash[0]["id"], a.as_str());

    // A new entry never takes the id of one in the trash.
    let again = lb.add(&[
        "--title",
        "Refund complaint",
        "--date",
        "2026-10-20",
        "--section",
        "situation=x",
    ]);
    assert_eq!(again, format!("{a}-2"));

    let out = lb.run(&["restore", "2026-10-20-ref"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), format!("Restored {a} (Refund complaint)\n"));
    assert_eq!(std::fs::read(&path).unwrap(), original);
    assert!(!trashed.exists());
    let out = lb.run(&["trash"]);
    assert_eq!(stdout(&out), "The trash is empty.\n");
    assert_eq!(code(&lb.run(&["check"])), 0);
}

#[test]
fn rm_takes_several_ids_and_a_bad_one_moves_none() {
    let lb = Logbook::new();
    let (a, b) = two(&lb);
    let before = lb.files();
    let out = lb.run(&["rm", &a, "2026-11-23-team-briefnig"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: no entry \"2026-11-23-team-briefnig\" (did you mean 2026-11-23-team-briefing?)\n"
    );
    assert_eq!(lb.files(), before);

    let out = lb.run(&["rm", &a, &b]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        lb.files(),
        [format!("trash/{a}.toml"), format!("trash/{b}.toml")]
    );
    let out = lb.run(&["list"]);
    assert_eq!(stdout(&out), "No entries match.\n");
}

#[test]
fn restore_explains_what_it_cannot_do() {
    let lb = Logbook::new();
    let (a, _) = two(&lb);
    let out = lb.run(&["restore", &a]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        format!("error: no entry \"{a}\" in the trash (the trash is empty)\n")
    );

    assert_eq!(code(&lb.run(&["rm", &a])), 0);
    let out = lb.run(&["restore", "2026-10-20-refund-complaitn"]);
    assert_eq!(
        stderr(&out),
        format!("error: no entry \"2026-10-20-refund-complaitn\" (did you mean {a}?)\n")
    );
    // Something now lives where the entry would go back: it is not replaced.
    let home = lb.dir().join(format!("entries/2026/10/{a}.toml"));
    std::fs::write(&home, "someone else's file").unwrap();
    let out = lb.run(&["restore", &a]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("it was not replaced"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&home).unwrap(),
        "someone else's file"
    );
    assert!(lb.dir().join(format!("trash/{a}.toml")).exists());
}
