//! The guided `logbook add` in a pseudo-terminal made by the test (CI has
//! no terminal of its own): keystrokes in, files out. Generous timeouts
//! only guard against a hang; nothing here measures time.

use std::os::fd::AsRawFd;
use std::path::PathBuf;
use std::process::Command;

use rexpect::process::WaitStatus;
use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};

use crate::support::*;

/// Long enough for a slow CI machine; only reached if something hangs.
const TIMEOUT_MS: u64 = 60_000;

const SITUATION_1: &str =
    "On Friday a customer rang about a refund — promised a week earlier — that had not arrived.";
const SITUATION_2: &str =
    "She was upset: \"I've waited long enough!\" and wanted to cancel her account. £45 ✓";
const TASK: &str = "I had to find out what went wrong and put it right within our refunds policy.";
const ACTION: &str = "I listened without interrupting and asked clarifying questions about the order. I chose a bank transfer rather than waiting for a new card, because she needed the money that week.";
const RESULT: &str =
    "The refund reached her the next day; I rang her back to check and she thanked me.";
const REFLECTION: &str = "Next time I will check the card expiry before promising a date.";

fn pty(lb: &Logbook, args: &[&str]) -> PtySession {
    spawn_with_options(
        pty_env(lb, args),
        Options::default().timeout_ms(Some(TIMEOUT_MS)),
    )
    .expect("start logbook in a pseudo-terminal")
}

/// The command for a hermetic run: own data dir, pinned time, no EDITOR,
/// no colour, a plain terminal type.
fn pty_env(lb: &Logbook, args: &[&str]) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("logbook"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("LOGBOOK_DIR", lb.dir())
        .env("LOGBOOK_NOW", NOW)
        .env("TZ", "UTC")
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .current_dir(lb.tmp.path())
        .args(args);
    cmd
}

/// Waits for `prompt`, then types `keys`.
fn answer(p: &mut PtySession, prompt: &str, keys: &str) {
    p.exp_string(prompt)
        .unwrap_or_else(|e| panic!("waiting for {prompt:?}: {e}"));
    p.send(keys).unwrap();
    p.flush().unwrap();
}

/// A long answer: each line, then an empty line to finish.
fn long_answer(p: &mut PtySession, prompt: &str, lines: &[&str]) {
    let mut keys = String::new();
    for line in lines {
        keys.push_str(line);
        keys.push('\r');
    }
    keys.push('\r');
    answer(p, prompt, &keys);
}

fn exit_code(p: &PtySession) -> i32 {
    match p.process().wait().expect("wait for logbook") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("logbook did not exit normally: {other:?}"),
    }
}

fn drafts(lb: &Logbook) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(lb.dir().join("drafts"))
        .map(|r| r.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

fn only_entry(lb: &Logbook) -> toml::Table {
    let files: Vec<String> = lb
        .files()
        .into_iter()
        .filter(|f| f.starts_with("entries/"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let text = std::fs::read_to_string(lb.dir().join(&files[0])).unwrap();
    text.parse().unwrap()
}

fn section<'a>(entry: &'a toml::Table, key: &str) -> &'a str {
    entry["sections"][key].as_str().unwrap_or_default()
}

#[test]
fn a_full_star_entry_typed_key_by_key_is_saved_exactly() {
    let lb = Logbook::new();
    let mut p = pty(&lb, &["add"]);
    answer(&mut p, "How do you want to structure it?", "\r");
    answer(&mut p, "Title", "Late refund put right — by phone ✓\r");
    answer(&mut p, "When did it happen?", "yesterday\r");
    long_answer(&mut p, "Situation: ", &[SITUATION_1, SITUATION_2]);
    long_answer(&mut p, "Task: ", &[TASK]);
    long_answer(&mut p, "Action: ", &[ACTION]);
    long_answer(&mut p, "Result: ", &[RESULT]);
    long_answer(&mut p, "Reflection: ", &[REFLECTION]);
    answer(&mut p, "What kind of evidence is it?", "\r");
    answer(&mut p, "Witness (optional)", "Team leader\r");
    // Accept the criteria ticked in advance: the answer is reported by
    // the ids alone, not the whole list items with their matched words.
    answer(&mut p, "Which criteria does this evidence?", "\r");
    let shown = p.exp_string("Tags").unwrap();
    let report = shown
        .rsplit("Which criteria does this evidence?")
        .next()
        .and_then(|rest| rest.lines().next())
        .unwrap_or_default()
        .trim_start_matches([':', ' '])
        .trim_end();
    assert!(
        !report.is_empty()
            && report
                .split(", ")
                .all(|id| id.len() == 5 && id.as_bytes()[3] == b'.'),
        "{report:?}"
    );
    p.send("refund, phone\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Your entry").unwrap();
    answer(&mut p, "What next?", "\r");
    let rest = p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 0, "{rest}");
    assert!(
        rest.contains("Saved as 2026-11-27-late-refund-put-right-by-phone"),
        "{rest}"
    );

    let entry = only_entry(&lb);
    assert_eq!(
        entry["title"].as_str(),
        Some("Late refund put right — by phone ✓")
    );
    assert_eq!(entry["occurred"].to_string(), "2026-11-27");
    assert_eq!(entry["framework"].as_str(), Some("star"));
    assert_eq!(entry["evidence"].as_str(), Some("reflective-account"));
    assert_eq!(entry["witness"].as_str(), Some("Team leader"));
    assert_eq!(
        section(&entry, "situation"),
        format!("{SITUATION_1}\n{SITUATION_2}")
    );
    assert_eq!(section(&entry, "task"), TASK);
    assert_eq!(section(&entry, "action"), ACTION);
    assert_eq!(section(&entry, "result"), RESULT);
    assert_eq!(section(&entry, "reflection"), REFLECTION);
    let tags: Vec<&str> = entry["tags"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t.as_str())
        .collect();
    assert_eq!(tags, ["refund", "phone"]);
    // The suggestions that were ticked are the ones `suggest` ranks first.
    let criteria: Vec<&str> = entry["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    assert!(!criteria.is_empty() && criteria.len() <= 3, "{criteria:?}");
    assert!(
        criteria.iter().all(|c| c.starts_with("RES.")),
        "{criteria:?}"
    );
    assert!(
        drafts(&lb).is_empty(),
        "a saved entry leaves no draft: {:?}",
        drafts(&lb)
    );
}

/// The terminal's local modes: (line editing, Ctrl-C as a signal).
#[allow(unsafe_code)]
fn line_modes(p: &PtySession) -> (bool, bool) {
    // On Linux the master side reports the settings of the terminal the
    // program used, which is still there after it exited.
    let handle = p.process().get_file_handle().unwrap();
    // SAFETY: tcgetattr fills a plain struct from an open descriptor.
    let t = unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        assert_eq!(libc::tcgetattr(handle.as_raw_fd(), &mut t), 0);
        t
    };
    (t.c_lflag & libc::ICANON != 0, t.c_lflag & libc::ISIG != 0)
}

#[test]
fn ctrl_c_keeps_the_draft_restores_the_terminal_and_resume_finishes_it() {
    let lb = Logbook::new();
    let mut p = pty(&lb, &["add"]);
    answer(&mut p, "How do you want to structure it?", "\r");
    answer(&mut p, "Title", "Queue backlog on Monday\r");
    answer(&mut p, "When did it happen?", "2026-11-23\r");
    long_answer(&mut p, "Situation: ", &[SITUATION_1]);
    // Half-way through typing the task: Ctrl-C.
    answer(&mut p, "Task: ", "half a tho");
    p.send_control('c').unwrap();
    let rest = p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 130, "{rest}");
    assert!(
        rest.contains("\x1b[?25h"),
        "the cursor is shown again: {rest:?}"
    );
    assert!(rest.contains("logbook add --resume"), "{rest}");
    assert_eq!(line_modes(&p), (true, true), "no raw mode left behind");

    let kept = drafts(&lb);
    assert_eq!(kept.len(), 1, "{kept:?}");
    let draft: toml::Table = std::fs::read_to_string(&kept[0]).unwrap().parse().unwrap();
    assert_eq!(draft["title"].as_str(), Some("Queue backlog on Monday"));
    assert_eq!(draft["occurred"].as_str(), Some("2026-11-23"));
    assert_eq!(section(&draft, "situation"), SITUATION_1);
    assert!(draft["sections"].get("task").is_none(), "{draft}");
    assert!(lb.files().iter().all(|f| !f.starts_with("entries/")));

    let mut p = pty(&lb, &["add", "--resume"]);
    long_answer(&mut p, "Task: ", &[TASK]);
    long_answer(&mut p, "Action: ", &[ACTION]);
    long_answer(&mut p, "Result: ", &[RESULT]);
    long_answer(&mut p, "Reflection: ", &[]);
    answer(&mut p, "in your editor?", "n");
    answer(&mut p, "What kind of evidence is it?", "\r");
    answer(&mut p, "Witness (optional)", "\r");
    answer(&mut p, "Which criteria does this evidence?", "\r");
    answer(&mut p, "Tags", "\r");
    answer(&mut p, "What next?", "\r");
    let rest = p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 0, "{rest}");

    let entry = only_entry(&lb);
    assert_eq!(entry["title"].as_str(), Some("Queue backlog on Monday"));
    assert_eq!(entry["occurred"].to_string(), "2026-11-23");
    assert_eq!(section(&entry, "situation"), SITUATION_1);
    assert_eq!(section(&entry, "task"), TASK);
    assert_eq!(section(&entry, "result"), RESULT);
    assert!(
        entry["sections"].get("reflection").is_none(),
        "empty steps are left out"
    );
    assert!(drafts(&lb).is_empty(), "{:?}", drafts(&lb));
}

#[test]
fn plain_add_offers_to_carry_on_with_a_draft() {
    let lb = Logbook::new();
    let mut p = pty(&lb, &["add"]);
    answer(&mut p, "How do you want to structure it?", "\r");
    answer(&mut p, "Title", "Unfinished\r");
    answer(&mut p, "When did it happen?", "");
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 130);
    assert_eq!(drafts(&lb).len(), 1);

    // Offered, declined, and deleted on request; the new walk starts afresh.
    let mut p = pty(&lb, &["add"]);
    // (rexpect reads bytes one by one, so only ASCII is matched.)
    p.exp_string("You have an unfinished entry: ").unwrap();
    p.exp_string("Unfinished").unwrap();
    // Down twice: "Start a new entry and delete that one".
    answer(&mut p, "What would you like to do?", "\x1b[B\x1b[B\r");
    answer(&mut p, "How do you want to structure it?", "");
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 130);
    assert!(drafts(&lb).is_empty(), "{:?}", drafts(&lb));
}

#[test]
fn an_empty_answer_and_y_opens_the_editor_and_its_text_comes_back() {
    use std::os::unix::fs::PermissionsExt;
    let lb = Logbook::new();
    // An "editor" that writes two paragraphs above the template it is given.
    let editor = lb.tmp.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\n{ printf 'Written in the editor.\\n\\nSecond paragraph.\\n'; cat \"$1\"; } > \"$1.new\" && mv \"$1.new\" \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();

    let mut cmd_env = pty_env(
        &lb,
        &["add", "--title", "Editor test", "--framework", "star"],
    );
    cmd_env.env("EDITOR", &editor);
    let mut p =
        spawn_with_options(cmd_env, Options::default().timeout_ms(Some(TIMEOUT_MS))).unwrap();
    answer(&mut p, "When did it happen?", "\r");
    answer(&mut p, "Situation: ", "\r");
    answer(&mut p, "in your editor?", "y");
    answer(&mut p, "Task: ", "");
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 130);

    let kept = drafts(&lb);
    assert_eq!(kept.len(), 1, "the editor's scratch file is gone: {kept:?}");
    let draft: toml::Table = std::fs::read_to_string(&kept[0]).unwrap().parse().unwrap();
    assert_eq!(
        section(&draft, "situation"),
        "Written in the editor.\n\nSecond paragraph."
    );
}
