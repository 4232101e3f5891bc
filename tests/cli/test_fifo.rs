//! A FIFO, socket or other non-regular file named like one of logbook's own
//! files must never block a command: each is opened without blocking and
//! refused unless it is a regular file. One row per place logbook reads
//! from its data directory; every run has a time limit, so a regression
//! fails the test instead of hanging the suite.

use std::path::Path;
use std::process::Command as Std;
use std::time::Duration;

use crate::support::*;

const LIMIT: Duration = Duration::from_secs(10);

const ENTRY: &str = "entries/2026/11/2026-11-28-kept.toml";
const GONE: &str = "trash/2026-11-28-gone.toml";

/// A logbook with one of everything: an entry with a stored attachment and
/// a witness testimony, an entry in the trash, an hours record, settings,
/// a criteria file, and the digest cache. Returns it with the stored names
/// of the attachment, the testimony and the hours record.
fn full_logbook() -> (Logbook, [String; 3]) {
    let lb = Logbook::new();
    std::fs::write(lb.tmp.path().join("mail.txt"), "thanks for your help").unwrap();
    let kept = lb.add(&[
        "-t",
        "Kept",
        "-s",
        "situation=A customer rang about a refund.",
        "-c",
        "RES.1",
        "--attach",
        "mail.txt",
    ]);
    assert_eq!(kept, "2026-11-28-kept");
    lb.add(&["-t", "Gone", "-s", "situation=Later removed."]);
    for args in [
        &["rm", "2026-11-28-gone"][..],
        &[
            "witness",
            "2026-11-28-kept",
            "--name",
            "Priya Shah",
            "--role",
            "Manager",
            "--statement",
            "I saw it.",
            "--signed",
        ],
        &["hours", "add", "2h", "--activity", "Course"],
        &["config", "set", "learner", "Sam Patel"],
        &["criteria", "new", "XYZ", "--title", "Extra unit"],
        &["gaps"],
    ] {
        let out = lb.run(args);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    }
    let only = |dir: &str| -> String {
        let mut names: Vec<String> = walk(&lb.dir().join(dir))
            .into_iter()
            .map(|p| p.strip_prefix(lb.dir()).unwrap().display().to_string())
            .collect();
        assert_eq!(names.len(), 1, "{dir}: {names:?}");
        names.pop().unwrap()
    };
    let names = [only("evidence"), only("records"), only("hours")];
    for made in [
        ENTRY,
        GONE,
        "logbook.toml",
        "criteria/XYZ.toml",
        "cache/digests",
    ] {
        assert!(lb.dir().join(made).is_file(), "{made} was not made");
    }
    (lb, names)
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for item in std::fs::read_dir(dir).unwrap().flatten() {
        if item.file_type().unwrap().is_dir() {
            out.extend(walk(&item.path()));
        } else {
            out.push(item.path());
        }
    }
    out
}

/// Puts a FIFO where `file` was.
fn fifo(path: &Path) {
    let _ = std::fs::remove_file(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let made = Std::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(made.success());
}

/// Runs `logbook ARGS`, failing the test if it has not finished in time.
fn run_limited(lb: &Logbook, args: &[&str]) -> std::process::Output {
    lb.cmd()
        .args(args)
        .timeout(LIMIT)
        .output()
        .unwrap_or_else(|e| panic!("logbook {args:?} did not finish: {e}"))
}

#[test]
fn a_fifo_in_place_of_any_file_is_refused_without_blocking() {
    let (base, [evidence, record, hours]) = full_logbook();
    // (the FIFO, the command that reads it, whether it names it as refused)
    let table: Vec<(&str, Vec<&str>, bool)> = vec![
        (ENTRY, vec!["list"], true),
        (ENTRY, vec!["gaps"], true),
        (ENTRY, vec!["search", "refund"], true),
        (ENTRY, vec!["check"], true),
        (ENTRY, vec!["export", "-o", "out.md"], true),
        (ENTRY, vec!["show", "2026-11-28-kept"], false),
        (
            "entries/2026/11/2026-11-27-other.toml",
            vec!["list", "--json"],
            true,
        ),
        (GONE, vec!["trash"], true),
        (GONE, vec!["restore", "2026-11-28-gone"], false),
        (&record, vec!["show", "2026-11-28-kept"], false),
        (&record, vec!["export", "-o", "out.md"], false),
        (&hours, vec!["hours"], false),
        (&evidence, vec!["check"], false),
        (&evidence, vec!["export", "-o", "out.zip"], false),
        ("logbook.toml", vec!["gaps"], true),
        ("logbook.toml", vec!["config", "set", "learner", "Bo"], true),
        ("logbook.toml", vec!["config", "get", "learner"], true),
        ("criteria/XYZ.toml", vec!["criteria"], true),
        // The writers' lock: opened for writing, which would wait for a reader.
        (
            ".lock",
            vec!["hours", "add", "1h", "--activity", "Course"],
            true,
        ),
        (".lock", vec!["rm", "2026-11-28-kept"], true),
        ("cache/digests", vec!["gaps"], false),
        ("cache/digests", vec!["list"], false),
        ("drafts/2026-11-28-draft.toml", vec!["list"], false),
        ("drafts/edits/2026-11-28-kept.toml", vec!["list"], false),
    ];
    for (file, args, named) in table {
        let lb = Logbook::new();
        copy_dir(&base.dir(), &lb.dir());
        fifo(&lb.dir().join(file));
        let out = run_limited(&lb, &args);
        // `check` reports on stdout, everything else on stderr.
        let err = stderr(&out) + &stdout(&out);
        assert!(!err.contains("panicked"), "{file} {args:?}: {err}");
        if named {
            assert!(
                err.contains(&format!(
                    "{file}:1:1: is a named pipe, not a regular file; logbook reads only regular files"
                )),
                "{file} {args:?}: {err}"
            );
        }
        assert!(
            lb.dir().join(file).exists(),
            "{file} {args:?}: the FIFO was removed"
        );
    }
}

#[test]
fn a_socket_or_fifo_entry_is_one_skipped_line_and_the_rest_still_lists() {
    let lb = Logbook::new();
    lb.add(&["-t", "Kept", "-s", "situation=A customer rang."]);
    let month = lb.dir().join("entries/2026/11");
    fifo(&month.join("2026-11-01-pipe.toml"));
    let _socket =
        std::os::unix::net::UnixListener::bind(month.join("2026-11-02-socket.toml")).unwrap();
    let out = run_limited(&lb, &["list"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("Kept"), "{}", stdout(&out));
    let err = stderr(&out).replace(&lb.dir().display().to_string(), "[DATA]");
    assert_eq!(
        err,
        "warning: [DATA]/entries/2026/11/2026-11-01-pipe.toml:1:1: is a named pipe, not a regular file; logbook reads only regular files; skipped\n\
         warning: [DATA]/entries/2026/11/2026-11-02-socket.toml:1:1: is a socket, not a regular file; logbook reads only regular files; skipped\n"
    );
}
