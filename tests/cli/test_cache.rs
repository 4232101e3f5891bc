//! The digest cache (`cache/digests`) only ever saves time: every reading
//! command prints the same with it, without it, and with it damaged, and a
//! changed entry is read again.

use std::path::Path;
use std::process::Output;

use crate::support::*;

/// Runs with the cache's settling time off, so files written by the test
/// a moment ago are kept (the default waits two seconds).
fn run(lb: &Logbook, args: &[&str]) -> Output {
    let out = lb
        .cmd()
        .env("LOGBOOK_CACHE_SETTLE_MS", "0")
        .args(args)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{args:?} exited {}: {}",
        code(&out),
        stderr(&out)
    );
    out
}

const COMMANDS: &[&[&str]] = &[
    &["gaps"],
    &["gaps", "--json"],
    &["gaps", "--unit", "RES"],
    &["list"],
    &["list", "-n", "3", "--unit", "OPS"],
    &["export"],
    &["export", "--redact", "--format", "html"],
];

fn outputs(lb: &Logbook) -> Vec<(String, String)> {
    COMMANDS
        .iter()
        .map(|args| {
            let out = run(lb, args);
            (stdout(&out), stderr(&out))
        })
        .collect()
}

#[test]
fn the_cache_changes_no_output() {
    let lb = Logbook::sample();
    let cache = lb.dir().join("cache/digests");
    let before = outputs(&lb);
    assert!(before[0].0.contains("RES.1"), "{}", before[0].0);
    assert!(cache.is_file(), "gaps keeps digests");
    assert_eq!(outputs(&lb), before, "from the cache");

    std::fs::remove_dir_all(lb.dir().join("cache")).unwrap();
    assert_eq!(outputs(&lb), before, "cache deleted");

    for damage in [&b""[..], b"LBDIGST\x01 garbage", &[0xffu8; 4096][..]] {
        std::fs::write(&cache, damage).unwrap();
        assert_eq!(outputs(&lb), before, "damaged cache {damage:?}");
    }
    // `check` looks at entries, and has nothing to say about the cache.
    let out = lb.run(&["check"]);
    assert!(!stdout(&out).contains("cache"), "{}", stdout(&out));
}

#[test]
fn an_edited_entry_is_read_again() {
    let lb = Logbook::sample();
    let before = stdout(&run(&lb, &["gaps", "--json"]));
    assert!(lb.dir().join("cache/digests").is_file());
    // Unmap every entry from RES.1: what the cache holds is now wrong.
    let entries = lb.dir().join("entries");
    let mut changed = 0;
    for path in files_under(&entries) {
        let text = std::fs::read_to_string(&path).unwrap();
        if text.contains("\"RES.1\"") {
            std::fs::write(&path, text.replace("\"RES.1\"", "\"RES.2\"")).unwrap();
            changed += 1;
        }
    }
    assert!(changed > 0);
    let after = stdout(&run(&lb, &["gaps", "--json"]));
    assert_ne!(after, before);
    let report: serde_json::Value = serde_json::from_str(&after).unwrap();
    let res1 = report["units"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|u| u["criteria"].as_array().unwrap())
        .find(|c| c["id"] == "RES.1")
        .unwrap()
        .clone();
    assert_eq!(res1["status"], "missing", "{res1}");
    std::fs::remove_dir_all(lb.dir().join("cache")).unwrap();
    assert_eq!(stdout(&run(&lb, &["gaps", "--json"])), after);
}

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for item in std::fs::read_dir(dir).unwrap().flatten() {
        if item.file_type().unwrap().is_dir() {
            out.extend(files_under(&item.path()));
        } else {
            out.push(item.path());
        }
    }
    out
}
