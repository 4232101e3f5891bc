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

/// A long answer: its lines, each ended by Enter, then Ctrl-D to finish
/// (or Enter alone, for an empty answer).
fn long_answer(p: &mut PtySession, prompt: &str, lines: &[&str]) {
    let keys = if lines.is_empty() {
        "\r".to_string()
    } else {
        format!("{}\x04", lines.join("\r"))
    };
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

/// Starts an entry and types two lines of its Task, without finishing it.
fn two_lines_of_the_task(lb: &Logbook) -> PtySession {
    let mut p = pty(lb, &["add"]);
    answer(&mut p, "How do you want to structure it?", "\r");
    answer(&mut p, "Title", "Queue backlog on Monday\r");
    answer(&mut p, "When did it happen?", "23/11/2026\r");
    long_answer(&mut p, "Situation: ", &[SITUATION_1]);
    answer(&mut p, "Task: ", &format!("{TASK}\rand a second line"));
    // The second line is on screen: everything typed has arrived.
    p.exp_string("and a second line").unwrap();
    p
}

/// The draft an interrupted walk left, checked: the words of the Task are
/// kept as typed, and nothing else was written.
fn check_kept_draft(lb: &Logbook) {
    let kept = drafts(lb);
    assert_eq!(kept.len(), 1, "{kept:?}");
    let draft: toml::Table = std::fs::read_to_string(&kept[0]).unwrap().parse().unwrap();
    assert_eq!(draft["title"].as_str(), Some("Queue backlog on Monday"));
    assert_eq!(draft["occurred"].as_str(), Some("2026-11-23"));
    assert_eq!(section(&draft, "situation"), SITUATION_1);
    assert!(draft["sections"].get("task").is_none(), "{draft}");
    assert_eq!(draft["unfinished"]["field"].as_str(), Some("sections.task"));
    assert_eq!(
        draft["unfinished"]["text"].as_str(),
        Some(format!("{TASK}\nand a second line").as_str())
    );
    assert!(lb.files().iter().all(|f| !f.starts_with("entries/")));
}

/// Resumes the draft: the Task step again, with both lines in it; adding
/// a word and finishing saves the entry.
fn resume_and_finish(lb: &Logbook) {
    let mut p = pty(lb, &["add", "--resume"]);
    p.exp_string("Task: I had to find out what went wrong")
        .unwrap();
    p.exp_string("and a second line").unwrap();
    p.send(" too.\x04").unwrap();
    p.flush().unwrap();
    long_answer(&mut p, "Action: ", &[ACTION]);
    long_answer(&mut p, "Result: ", &[RESULT]);
    long_answer(&mut p, "Reflection: ", &[]);
    answer(&mut p, "What kind of evidence is it?", "\r");
    answer(&mut p, "Witness (optional)", "\r");
    answer(&mut p, "Which criteria does this evidence?", "\r");
    answer(&mut p, "Tags", "\r");
    answer(&mut p, "What next?", "\r");
    let rest = p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 0, "{rest}");

    let entry = only_entry(lb);
    assert_eq!(entry["title"].as_str(), Some("Queue backlog on Monday"));
    assert_eq!(entry["occurred"].to_string(), "2026-11-23");
    assert_eq!(section(&entry, "situation"), SITUATION_1);
    assert_eq!(
        section(&entry, "task"),
        format!("{TASK}\nand a second line too.")
    );
    assert_eq!(section(&entry, "result"), RESULT);
    assert!(
        entry["sections"].get("reflection").is_none(),
        "empty steps are left out"
    );
    assert!(drafts(lb).is_empty(), "{:?}", drafts(lb));
}

#[test]
fn ctrl_c_keeps_the_lines_being_typed_restores_the_terminal_and_resume_goes_on() {
    let lb = Logbook::new();
    let mut p = two_lines_of_the_task(&lb);
    p.send_control('c').unwrap();
    let rest = p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 130, "{rest}");
    assert!(
        rest.contains("\x1b[?25h"),
        "the cursor is shown again: {rest:?}"
    );
    assert!(rest.contains("logbook add --resume"), "{rest}");
    assert_eq!(line_modes(&p), (true, true), "no raw mode left behind");
    check_kept_draft(&lb);
    resume_and_finish(&lb);
}

#[test]
fn closing_the_terminal_keeps_the_lines_being_typed_too() {
    let lb = Logbook::new();
    let mut p = two_lines_of_the_task(&lb);
    // What the terminal sends when its window is closed.
    p.process_mut()
        .signal(rexpect::process::Signal::SIGHUP)
        .unwrap();
    let rest = p.exp_eof().unwrap_or_default();
    assert_eq!(exit_code(&p), 129, "{rest}");
    check_kept_draft(&lb);
    resume_and_finish(&lb);
}

#[test]
fn a_title_given_as_a_flag_is_kept_even_if_stopped_at_once() {
    let lb = Logbook::new();
    let mut p = pty(&lb, &["add", "--title", "Given as a flag"]);
    answer(&mut p, "How do you want to structure it?", "");
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 130);
    let kept = drafts(&lb);
    assert_eq!(kept.len(), 1, "{kept:?}");
    let draft: toml::Table = std::fs::read_to_string(&kept[0]).unwrap().parse().unwrap();
    assert_eq!(draft["title"].as_str(), Some("Given as a flag"));

    // SIGTERM (a shutdown) while a title is typed keeps its words.
    let lb = Logbook::new();
    let mut p = pty(&lb, &["add", "--framework", "iair"]);
    answer(&mut p, "Title", "Half a tit");
    p.exp_string("Half a tit").unwrap();
    p.process_mut()
        .signal(rexpect::process::Signal::SIGTERM)
        .unwrap();
    p.exp_eof().unwrap_or_default();
    assert_eq!(exit_code(&p), 143);
    let draft: toml::Table = std::fs::read_to_string(&drafts(&lb)[0])
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(draft["unfinished"]["text"].as_str(), Some("Half a tit"));
}

#[test]
fn a_date_after_today_is_refused_without_a_tick_and_asked_again() {
    let lb = Logbook::new();
    let mut p = pty(&lb, &["add", "--framework", "free", "--title", "Dates"]);
    answer(&mut p, "When did it happen?", "tomorrow\r");
    let shown = p
        .exp_string("a date in the future cannot be")
        .unwrap_or_else(|e| panic!("the refusal: {e}"));
    assert!(!shown.contains('✔') && !shown.contains('✓'), "{shown:?}");
    assert!(
        shown.contains("29 November 2026 is after today"),
        "{shown:?}"
    );
    answer(&mut p, "When did it happen?", "27 Nov\r");
    p.exp_string("That is Friday 27 November 2026.").unwrap();
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
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

/// An "editor" (a shell script) that replaces the file it is given with
/// `text`, and leaves a copy of what it was given beside it.
fn fake_editor(lb: &Logbook, text: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let dir = lb.tmp.path();
    std::fs::write(dir.join("new.md"), text).unwrap();
    let editor = dir.join("editor.sh");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\ncp \"$1\" '{0}/given.md'\ncp '{0}/new.md' \"$1\"\n",
            dir.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    editor
}

#[test]
fn add_editor_opens_the_whole_entry_once_as_markdown() {
    let lb = Logbook::new();
    let editor = fake_editor(
        &lb,
        "---\ntitle: Queue backlog\ndate: 26/11/2026\nframework: iair\nevidence: product\n\
         criteria: OPS.3\ntags: queue\nwitness: Team leader\n---\n\
         ## Identify\nThe queue reached 40 calls.\n\nWaits were 9 minutes.\n\
         ## Analyse\nTwo lunches overlapped; I weighed moving them against overtime.\n\
         ## Implement\nI moved one lunch because overtime was over budget.\n\
         ## Review\nWaits fell to 3 minutes and I checked again a week later.\n",
    );
    let mut cmd = pty_env(&lb, &["add", "--editor", "--title", "From a flag"]);
    cmd.env("EDITOR", &editor);
    let mut p = spawn_with_options(cmd, Options::default().timeout_ms(Some(TIMEOUT_MS))).unwrap();
    answer(&mut p, "What next?", "\r");
    let rest = p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 0, "{rest}");
    let given = std::fs::read_to_string(lb.tmp.path().join("given.md")).unwrap();
    assert!(given.starts_with("---\ntitle: From a flag\n"), "{given}");
    assert!(
        given.contains("\n## Situation\n<!-- What happened"),
        "{given}"
    );
    let entry = only_entry(&lb);
    assert_eq!(entry["title"].as_str(), Some("Queue backlog"));
    assert_eq!(entry["occurred"].to_string(), "2026-11-26");
    assert_eq!(entry["framework"].as_str(), Some("iair"));
    assert_eq!(entry["evidence"].as_str(), Some("product"));
    assert_eq!(entry["witness"].as_str(), Some("Team leader"));
    assert_eq!(
        section(&entry, "identify"),
        "The queue reached 40 calls.\n\nWaits were 9 minutes."
    );
    assert!(drafts(&lb).is_empty(), "{:?}", drafts(&lb));
}

/// Sets the pseudo-terminal's size, as a window of that size would.
#[allow(unsafe_code)]
fn set_size(p: &PtySession, cols: u16, rows: u16) {
    let handle = p.process().get_file_handle().unwrap();
    let size = libc::winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCSWINSZ reads a plain struct on an open descriptor.
    let rc = unsafe { libc::ioctl(handle.as_raw_fd(), libc::TIOCSWINSZ, &size) };
    assert_eq!(rc, 0);
}

#[test]
fn on_a_narrow_screen_a_wrapped_question_leaves_no_stale_line() {
    let lb = Logbook::new();
    let mut p = pty(
        &lb,
        &[
            "add",
            "--framework",
            "free",
            "--title",
            "Narrow",
            "--date",
            "today",
        ],
    );
    set_size(&p, 40, 200);
    let mut seen = String::new();
    let mut step = |p: &mut PtySession, wait: &str, keys: &str| {
        seen.push_str(&p.exp_string(wait).unwrap_or_else(|e| panic!("{wait}: {e}")));
        seen.push_str(wait);
        p.send(keys).unwrap();
        p.flush().unwrap();
    };
    step(&mut p, "Account: ", "Short words.\x04");
    step(&mut p, "What kind of evidence", "\r");
    step(&mut p, "Witness", "\r");
    step(&mut p, "Which criteria", "\r");
    step(&mut p, "Tags", "\r");
    // The last choice: "Throw it away", then No at the question.
    step(&mut p, "What next?", "\x1b[F\r");
    step(&mut p, "[y/N]", "n");
    step(&mut p, "What next?", "\x03");
    seen.push_str(&p.exp_eof().unwrap());

    let mut screen = vt100::Parser::new(200, 40, 0);
    screen.process(seen.as_bytes());
    let rows: Vec<String> = screen.screen().rows(0, 40).collect();
    let asked = rows
        .iter()
        .position(|r| r.starts_with("Throw this entry away?"))
        .unwrap_or_else(|| panic!("{rows:#?}"));
    assert_eq!(
        rows[asked..asked + 2],
        [
            "Throw this entry away? Your answers",
            "  will be deleted. no"
        ],
        "{rows:#?}"
    );
    assert!(!rows.iter().any(|r| r.contains("[y/N]")), "{rows:#?}");
    assert!(rows.iter().all(|r| r.chars().count() <= 40));
}

#[test]
fn a_resumed_draft_never_sends_its_control_sequences_to_the_terminal() {
    // A draft holding what must never reach a terminal as it is: clearing
    // the screen, writing the clipboard (OSC 52), colour, a bell, a C1
    // CSI and a right-to-left override, in the title and in the words
    // being typed when it stopped.
    let lb = Logbook::new();
    let drafts_dir = lb.dir().join("drafts");
    std::fs::create_dir_all(&drafts_dir).unwrap();
    let draft = toml::toml! {
        started = "2026-11-28T09:00:00+00:00"
        framework = "star"
        title = "Queue \u{1b}[2J backlog \u{1b}]52;c;SGVsbG8=\u{7}"
        occurred = "2026-11-23"
        [sections]
        situation = "Fine words."
        [unfinished]
        field = "sections.task"
        text = "Typed \u{1b}[31mred\u{1b}[0m and \u{202e}reversed\u{9b}2J here"
    };
    std::fs::write(
        drafts_dir.join("20261128-090000.toml"),
        toml::to_string(&draft).unwrap(),
    )
    .unwrap();
    let mut p = pty(&lb, &["add"]);
    let mut seen = p.exp_string("What would you like to do?").unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    seen += &p.exp_string("reversed").unwrap();
    seen += &p.exp_string("here").unwrap();
    // Finish the Task as it stands, then stop at the next step.
    p.send("\x04").unwrap();
    p.flush().unwrap();
    seen += &p.exp_string("Action: ").unwrap();
    p.send_control('c').unwrap();
    seen += &p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 130, "{seen:?}");
    assert!(seen.contains("Queue \\u{1b}[2J backlog"), "{seen:?}");
    // rexpect reads the terminal byte by byte (each byte one char).
    for bad in [
        "\x1b[2J", "\x1b]52", "\x07", "\x1b[31m", "\u{202e}", "\u{9b}",
    ] {
        let bytes: String = bad.bytes().map(char::from).collect();
        assert!(
            !seen.contains(&bytes),
            "{bad:?} reached the terminal: {seen:?}"
        );
    }
    // What the editor kept is the words, without the sequences.
    let kept: toml::Table = std::fs::read_to_string(&drafts(&lb)[0])
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        section(&kept, "task"),
        "Typed [31mred[0m and reversed2J here"
    );
}
