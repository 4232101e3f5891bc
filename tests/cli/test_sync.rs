//! History and sync on git, end to end: every writing command is one
//! commit; two clones (a laptop and a home machine) share a logbook through
//! a bare repository in the test's own temporary directory, never the
//! network; both versions of an entry changed on both sides survive.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{Logbook, code, git, stderr, stdout};

/// Machines sharing one logbook through a bare repository, all inside one
/// temporary directory.
struct Machines {
    lb: Logbook,
}

impl Machines {
    fn new() -> Machines {
        Machines { lb: Logbook::new() }
    }

    fn dir(&self, machine: &str) -> PathBuf {
        self.lb.tmp.path().join(machine)
    }

    fn remote(&self) -> String {
        self.lb.tmp.path().join("shared.git").display().to_string()
    }

    /// `logbook --dir MACHINE ARGS` at `now`.
    fn run(&self, machine: &str, now: &str, args: &[&str]) -> Output {
        self.lb
            .cmd()
            .env("LOGBOOK_NOW", now)
            .arg("--dir")
            .arg(self.dir(machine))
            .args(args)
            .output()
            .expect("run logbook")
    }

    /// Runs a command that must succeed; returns its stdout.
    fn ok(&self, machine: &str, now: &str, args: &[&str]) -> String {
        let out = self.run(machine, now, args);
        assert_eq!(
            code(&out),
            0,
            "{machine}: logbook {args:?}\nstdout: {}\nstderr: {}",
            stdout(&out),
            stderr(&out)
        );
        stdout(&out)
    }

    fn add(&self, machine: &str, now: &str, title: &str, result: &str) -> String {
        self.add_dated(machine, now, "2026-11-20", title, result)
    }

    /// An entry about `date` (which must not be after `now`).
    fn add_dated(&self, machine: &str, now: &str, date: &str, title: &str, result: &str) -> String {
        self.ok(
            machine,
            now,
            &[
                "add",
                "--no-input",
                "--title",
                title,
                "--framework",
                "star",
                "--date",
                date,
                "--section",
                "situation=A customer rang about a refund that was late.",
                "--section",
                &format!("result={result}"),
                "--criteria",
                "RES.1",
            ],
        )
        .trim()
        .to_string()
    }

    fn entry(&self, machine: &str, id: &str) -> String {
        std::fs::read_to_string(self.entry_path(machine, id)).expect("entry file")
    }

    fn entry_path(&self, machine: &str, id: &str) -> PathBuf {
        self.dir(machine)
            .join("entries")
            .join(&id[..4])
            .join(&id[5..7])
            .join(format!("{id}.toml"))
    }

    /// Commit subjects, oldest first.
    fn subjects(&self, machine: &str) -> Vec<String> {
        git(&self.dir(machine), &["log", "--reverse", "--format=%s"])
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Every file of a machine's logbook that git tracks, with its text.
    fn tracked(&self, machine: &str) -> Vec<(String, String)> {
        let dir = self.dir(machine);
        git(&dir, &["ls-files"])
            .lines()
            .map(|p| {
                (
                    p.to_string(),
                    std::fs::read_to_string(dir.join(p)).unwrap_or_default(),
                )
            })
            .collect()
    }

    /// Both machines start with the same logbook: entries A and D written
    /// on the laptop, then `sync init --remote` on each.
    fn shared(&self) -> (String, String) {
        std::fs::create_dir_all(self.dir("laptop")).unwrap();
        std::fs::write(
            self.dir("laptop").join("logbook.toml"),
            "learner = \"Sam Taylor\"\n",
        )
        .unwrap();
        let a = self.add(
            "laptop",
            T0,
            "Refund complaint",
            "She had her refund that day.",
        );
        let d = self.add(
            "laptop",
            T0,
            "Delivery mix-up",
            "The parcel arrived next day.",
        );
        self.ok("laptop", T0, &["sync", "init", "--remote", &self.remote()]);
        self.ok("home", T1, &["sync", "init", "--remote", &self.remote()]);
        (a, d)
    }
}

const T0: &str = "2026-11-28T10:00:00Z";
const T1: &str = "2026-11-28T18:00:00Z";
const T2: &str = "2026-11-29T09:00:00Z";
const T3: &str = "2026-11-29T20:00:00Z";
const T4: &str = "2026-11-30T08:00:00Z";

fn no_conflict_markers(dir: &Path) {
    fn visit(dir: &Path) {
        for item in std::fs::read_dir(dir).unwrap().flatten() {
            let path = item.path();
            if item.file_name() == ".git" {
                continue;
            }
            if path.is_dir() {
                visit(&path);
            } else {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                assert!(
                    !text.contains("<<<<<<<") && !text.contains(">>>>>>>"),
                    "conflict markers in {}",
                    path.display()
                );
            }
        }
    }
    visit(dir);
}

#[test]
fn sync_init_starts_a_history_where_each_write_is_one_commit_by_the_learner() {
    let m = Machines::new();
    std::fs::create_dir_all(m.dir("laptop")).unwrap();
    std::fs::write(
        m.dir("laptop").join("logbook.toml"),
        "learner = \"Sam Taylor\"\n",
    )
    .unwrap();
    let before = m.add("laptop", T0, "Written before the history", "It went well.");
    let out = m.ok("laptop", T0, &["sync", "init"]);
    assert_eq!(
        out,
        format!(
            "Started the history of this logbook in {}: every change is recorded from now on.\n\
             To share it between machines or with your assessor: `logbook sync init --remote URL`.\n",
            m.dir("laptop").display()
        )
    );
    let ignore = std::fs::read_to_string(m.dir("laptop").join(".gitignore")).unwrap();
    for line in ["/cache/", "/drafts/", "/.lock", "*.tmp", "*.base"] {
        assert!(ignore.lines().any(|l| l == line), "{ignore}");
    }
    // What stays on this machine, and what must travel to the other copies
    // (the assessor's included), asked of git itself.
    let ignored = |path: &str| {
        std::process::Command::new("git")
            .args(["check-ignore", "--no-index", "-q", path])
            .current_dir(m.dir("laptop"))
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .status()
            .unwrap()
            .success()
    };
    for path in [
        "cache/digests",
        ".lock",
        "drafts/2026-11-28-x.toml",
        "drafts/edit-123-situation.txt",
        "drafts/edit-123-entry.md",
        "drafts/edits/2026-11-27-x.md",
        "drafts/edits/2026-11-27-x.md.base",
        "drafts/edits/2026-11-27-x.toml",
        "drafts/edits/2026-11-27-x.toml.base",
        "entries/2026/11/.2026-11-27-x.toml.123.0.tmp",
        "entries/2026/11/2026-11-27-x.toml.base",
        "entries/2026/11/.2026-11-27-x.toml.swp",
        "entries/2026/11/2026-11-27-x.toml~",
        "entries/2026/11/.#2026-11-27-x.toml",
        "evidence/.minutes.pdf.123.0.tmp",
        "records/2026-11-27-x/.assessment-x.toml.123.0.tmp",
        ".logbook.toml.123.0.tmp",
    ] {
        assert!(ignored(path), "{path} should stay on this machine");
    }
    for path in [
        "logbook.toml",
        "entries/2026/11/2026-11-27-x.toml",
        "trash/2026-11-27-x.toml",
        "records/2026-11-27-x/assessment-20261129T090000p0000-0123456789ab.toml",
        "records/2026-11-27-x/witness-20261129T090000p0000-0123456789ab.toml",
        "evidence/3f2a9c1b7d4e-minutes.pdf",
        "evidence/3f2a9c1b7d4e-notes.tmp",
        "evidence/3f2a9c1b7d4e-plan.base",
        "hours/hours-20261123T180000p0000-753a2b3c4d5e.toml",
        "hours/void-20261123T180000p0000-753a2b3c4d5e.toml",
        "criteria/CSS.toml",
        "conflicts/entries/2026/11/2026-11-27-x.conflict-3f2a9c1.toml",
    ] {
        assert!(!ignored(path), "{path} should travel");
    }

    let id = m.add(
        "laptop",
        T1,
        "Refund complaint",
        "She had her refund that day.",
    );
    m.ok(
        "laptop",
        T1,
        &[
            "edit",
            &id,
            "--section",
            "result=Refunded the same afternoon.",
        ],
    );
    m.ok(
        "laptop",
        T1,
        &["tag", &id, "--add", "RES.6", "--tag", "phone"],
    );
    m.ok("laptop", T1, &["rm", &id]);
    m.ok("laptop", T1, &["restore", &id]);
    m.ok("laptop", T1, &["list"]);
    m.ok("laptop", T1, &["gaps"]);
    // A file changed by hand is its own commit, before the next command's.
    let hand = m.entry_path("laptop", &before);
    let text = std::fs::read_to_string(&hand).unwrap();
    std::fs::write(
        &hand,
        text.replace("It went well.", "It went well, in the end."),
    )
    .unwrap();
    let next = m.add("laptop", T2, "Team briefing", "The team knew the plan.");
    // Running `sync init` again changes nothing.
    let again = m.ok("laptop", T2, &["sync", "init"]);
    assert!(
        again.starts_with("This logbook keeps its history in "),
        "{again}"
    );
    assert_eq!(
        m.subjects("laptop"),
        [
            "sync init: the history starts here".to_string(),
            format!("add {id}"),
            format!("edit {id}"),
            format!("tag {id}"),
            format!("rm {id}"),
            format!("restore {id}"),
            format!("edit by hand {before}"),
            format!("add {next}"),
        ]
    );
    let authors = git(&m.dir("laptop"), &["log", "--format=%an <%ae> %aI %cn"]);
    assert!(
        authors
            .lines()
            .all(|l| l.starts_with("Sam Taylor <> 2026-11-2") && l.ends_with(" Sam Taylor")),
        "{authors}"
    );
    assert_eq!(git(&m.dir("laptop"), &["status", "--porcelain"]), "");
    // Trailers name the command for tools reading the history.
    let trailers = git(
        &m.dir("laptop"),
        &[
            "log",
            "-1",
            "--format=%(trailers:key=Logbook-Command,valueonly)",
        ],
    );
    assert_eq!(trailers.trim(), "add");
    // What git checked in stays private.
    let mode = std::fs::metadata(m.dir("laptop").join(".gitignore"))
        .unwrap()
        .permissions();
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&mode) & 0o777,
        0o600
    );
}

/// The commits made since `before` (a count of commits), oldest first,
/// as "subject|trailer".
fn commits_since(dir: &Path, before: usize) -> Vec<String> {
    git(
        dir,
        &[
            "log",
            "--reverse",
            "--format=%s|%(trailers:key=Logbook-Command,valueonly,separator=%x2C)",
        ],
    )
    .lines()
    .skip(before)
    .filter(|l| !l.is_empty())
    .map(str::to_string)
    .collect()
}

#[test]
fn every_command_that_writes_is_one_commit_named_after_it_and_reads_make_none() {
    let m = Machines::new();
    let dir = m.dir("laptop");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("logbook.toml"), "learner = \"Sam Taylor\"\n").unwrap();
    m.ok("laptop", T0, &["sync", "init"]);
    let count = || {
        git(&dir, &["rev-list", "--count", "HEAD"])
            .trim()
            .parse::<usize>()
            .unwrap()
    };
    let start = count();
    let files = m.lb.tmp.path();
    std::fs::write(files.join("minutes.pdf"), "%PDF minutes").unwrap();
    std::fs::write(files.join("rota.txt"), "Rota for December").unwrap();
    std::fs::write(
        files.join("ksb.csv"),
        "id,text\nK1,Who our customers are\nS1,Find out needs\n",
    )
    .unwrap();
    let minutes = files.join("minutes.pdf").display().to_string();
    let rota = files.join("rota.txt").display().to_string();
    let csv = files.join("ksb.csv").display().to_string();

    let note = m.ok("laptop", T1, &["note", "Rang the agency back about cover"]);
    let note = note.trim();
    let quick = m.ok("laptop", T1, &["add", "Two temps confirmed for Saturday"]);
    let quick = quick.trim();
    let full = m.ok(
        "laptop",
        T1,
        &[
            "add",
            "--no-input",
            "--title",
            "Refund complaint",
            "--framework",
            "star",
            "--date",
            "2026-11-20",
            "--section",
            "situation=A refund was late.",
            "--section",
            "result=Refunded that day.",
            "--criteria",
            "RES.1",
            "--attach",
            &minutes,
        ],
    );
    let full = full.trim();
    m.ok("laptop", T1, &["edit", full, "--attach", &rota]);
    m.ok(
        "laptop",
        T1,
        &[
            "witness",
            full,
            "--name",
            "Priya Shah",
            "--role",
            "Store manager",
            "--signed",
        ],
    );
    m.ok(
        "laptop",
        T1,
        &[
            "assess",
            full,
            "-c",
            "RES.1",
            "--accept",
            "--assessor",
            "J. Okafor",
        ],
    );
    m.ok(
        "laptop",
        T1,
        &["config", "set", "employer", "Hartley Stores"],
    );
    m.ok(
        "laptop",
        T1,
        &[
            "criteria", "import", &csv, "--unit", "CSS", "--title", "KSBs",
        ],
    );
    m.ok(
        "laptop",
        T1,
        &["criteria", "new", "TL", "--title", "Team leading"],
    );
    let logged = m.ok(
        "laptop",
        T1,
        &["hours", "add", "2h", "--activity", "Workshop"],
    );
    let short = logged
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(id, _)| id.to_string())
        .unwrap();
    m.ok(
        "laptop",
        T1,
        &["hours", "void", &short, "--reason", "twice"],
    );
    m.ok("laptop", T1, &["tag", quick, "--tag", "staffing"]);
    m.ok("laptop", T1, &["rm", quick]);
    m.ok("laptop", T1, &["restore", quick]);
    // Reads, and writes that change nothing, make no commit.
    for args in [
        &["config", "get", "employer"][..],
        &["config"],
        &["criteria"],
        &["criteria", "new", "XY", "--title", "Printed", "--print"],
        &["hours"],
        &["hours", "--json"],
        &["gaps"],
        &["list"],
        &["show", full],
        &["search", "refund"],
        &["export"],
        &["history", full],
        &["trash"],
        &["check"],
    ] {
        let out = m.run("laptop", T1, args);
        assert!(code(&out) <= 1, "{args:?}: {}", stderr(&out));
    }
    let out = m.run("laptop", T1, &["gateway"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let out = m.run("laptop", T1, &["config", "set", "nonsense", "x"]);
    assert_eq!(code(&out), 2);
    let purged = m.ok("laptop", T2, &["purge", note, "--yes"]);
    assert_eq!(
        commits_since(&dir, start),
        [
            format!("note {note}|note"),
            format!("add {quick}|add"),
            format!("add {full} and 1 evidence file|add"),
            format!("edit {full} and 1 evidence file|edit"),
            format!("witness {full}|witness"),
            format!("assess {full}|assess"),
            "config set employer|config set".to_string(),
            "criteria import criteria/CSS.toml|criteria import".to_string(),
            "criteria new criteria/TL.toml|criteria new".to_string(),
            format!("hours add {short}|hours add"),
            format!("hours void {short}|hours void"),
            format!("tag {quick}|tag"),
            format!("rm {quick}|rm"),
            format!("restore {quick}|restore"),
            format!("purge {note}|purge"),
        ]
    );
    assert_eq!(git(&dir, &["status", "--porcelain"]), "");

    // Purge says plainly that the history still holds the entry, and the
    // command it names does take it out of the history.
    let path = format!("entries/2026/11/{note}.toml");
    assert!(
        purged.contains(&format!(
            "Note: this logbook keeps its history in git, and the history still holds {note}"
        )),
        "{purged}"
    );
    assert!(!git(&dir, &["log", "--format=%h", "--", &path]).is_empty());
    let command = purged
        .lines()
        .find(|l| l.trim_start().starts_with("cd "))
        .unwrap()
        .trim()
        .to_string();
    let out = std::process::Command::new("sh")
        .args(["-c", &command])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("FILTER_BRANCH_SQUELCH_WARNING", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{command}: {}", stderr(&out));
    assert_eq!(git(&dir, &["log", "HEAD", "--format=%h", "--", &path]), "");
    // Every other entry and its evidence are still in the history.
    assert!(!git(&dir, &["log", "HEAD", "--format=%h", "--", "evidence/"]).is_empty());
    m.ok("laptop", T2, &["check"]);
}

#[test]
fn a_logbook_without_history_never_runs_git_and_sync_says_what_to_do() {
    let lb = Logbook::new();
    // No git on the PATH at all: any call to it would show on stderr.
    let empty = lb.tmp.path().join("no-git");
    std::fs::create_dir_all(&empty).unwrap();
    let run = |args: &[&str]| lb.cmd().env("PATH", &empty).args(args).output().unwrap();
    let out = run(&[
        "add",
        "--no-input",
        "--title",
        "Queue backlog",
        "--section",
        "situation=Calls queued.",
    ]);
    assert_eq!((code(&out), stderr(&out)), (0, String::new()));
    let id = stdout(&out).trim().to_string();
    let out = run(&["tag", &id, "--tag", "queue"]);
    assert_eq!((code(&out), stderr(&out)), (0, String::new()));
    let out = run(&["check"]);
    assert_eq!((code(&out), stderr(&out)), (0, String::new()));
    assert!(!lb.dir().join(".git").exists());

    let out = run(&["sync"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: this logbook keeps no history yet (`logbook sync init` starts it; add `--remote URL` to share it)\n"
    );
    let out = run(&["history", &id]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("`logbook sync init` starts it"),
        "{}",
        stderr(&out)
    );

    // And without git, `sync init` says so plainly.
    let out = run(&["sync", "init"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stderr(&out),
        "error: the `git` program is not installed; logbook uses it to keep history and to sync \
         (install git, e.g. `sudo apt install git`, then try again)\n"
    );
}

#[test]
fn two_clones_add_and_edit_different_entries_and_sync_both_ways_with_nothing_lost() {
    let m = Machines::new();
    let (a, d) = m.shared();
    assert_eq!(
        m.entry("home", &a),
        m.entry("laptop", &a),
        "home has the logbook"
    );

    // The laptop adds B and edits A; home adds C and edits D.
    let b = m.add(
        "laptop",
        T2,
        "Coaching an adviser",
        "Her calls were shorter by Friday.",
    );
    m.ok(
        "laptop",
        T2,
        &[
            "edit",
            &a,
            "--section",
            "result=Refunded the same afternoon.",
        ],
    );
    let c = m.add("home", T3, "Supplier delay", "The sofa came a week early.");
    m.ok(
        "home",
        T3,
        &[
            "edit",
            &d,
            "--section",
            "result=The parcel came the next morning.",
        ],
    );

    let out = m.ok("laptop", T2, &["sync"]);
    assert!(
        out.ends_with(&format!("Synced. Sent to {}.\n", m.remote())),
        "{out}"
    );
    let out = m.ok("home", T3, &["sync"]);
    assert_eq!(
        out,
        format!(
            "From the other copy:\n  new entry {b}\n  changed entry {a}\nSynced. Sent to {}.\n",
            m.remote()
        )
    );
    let out = m.ok("laptop", T4, &["sync"]);
    assert_eq!(
        out,
        format!(
            "From the other copy:\n  changed entry {d}\n  new entry {c}\nSynced. Up to date with {}.\n",
            m.remote()
        )
    );
    // The same files, word for word, on both machines.
    assert_eq!(m.tracked("laptop"), m.tracked("home"));
    assert!(m.entry("home", &a).contains("Refunded the same afternoon."));
    assert!(
        m.entry("laptop", &d)
            .contains("The parcel came the next morning.")
    );
    for id in [&a, &b, &c, &d] {
        assert!(m.entry_path("laptop", id).is_file(), "{id}");
    }
    let out = m.ok("home", T4, &["sync"]);
    assert_eq!(out, format!("Synced. Up to date with {}.\n", m.remote()));
    m.ok("laptop", T4, &["check"]);
}

#[test]
fn both_edit_the_same_entry_and_both_versions_survive_until_resolved() {
    let m = Machines::new();
    let (a, _) = m.shared();
    m.ok(
        "laptop",
        T2,
        &["edit", &a, "--section", "result=Laptop: refunded by card."],
    );
    m.ok(
        "home",
        T3,
        &["edit", &a, "--section", "result=Home: refunded by cheque."],
    );
    m.ok("laptop", T2, &["sync"]);

    let out = m.run("home", T3, &["sync"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let asides = {
        let mut v: Vec<String> =
            m.lb.tmp
                .path()
                .join("home/conflicts/entries/2026/11")
                .read_dir()
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
        v.sort();
        v
    };
    assert_eq!(asides.len(), 1, "{asides:?}");
    let aside = format!("conflicts/entries/2026/11/{}", asides[0]);
    assert!(
        aside.starts_with(&format!("conflicts/entries/2026/11/{a}.conflict-")),
        "{aside}"
    );
    assert_eq!(
        stdout(&out),
        format!(
            "Both kept: entry {a} was changed on both sides: this copy's version stays in \
             entries/2026/11/{a}.toml, the other is kept in {aside}\nSynced. Sent to {}.\n",
            m.remote()
        )
    );
    assert_eq!(
        stderr(&out),
        format!(
            "error: 1 file was changed on both sides; both versions are kept, nothing is lost \
             (compare them, then `logbook sync resolve {a} --keep ours|theirs|both` (or --edit); \
             `logbook check` lists what is left)\n"
        )
    );
    // Both versions, whole: home's in place, the laptop's beside it.
    assert!(m.entry("home", &a).contains("Home: refunded by cheque."));
    let theirs = std::fs::read_to_string(m.dir("home").join(&aside)).unwrap();
    assert!(theirs.contains("Laptop: refunded by card."), "{theirs}");
    assert!(
        theirs.starts_with("# logbook sync: the other version of entry"),
        "{theirs}"
    );
    no_conflict_markers(&m.dir("home"));
    // The entry still reads and counts as it did.
    m.ok("home", T3, &["show", &a]);

    let check = m.run("home", T3, &["check"]);
    assert_eq!(code(&check), 1);
    assert!(
        stdout(&check).starts_with(&format!(
            "{}:1:1: another version of entry {a}, kept when a sync found it changed on both sides",
            m.dir("home").join(&aside).display()
        )),
        "{}",
        stdout(&check)
    );

    // The laptop gets the same tree, and hears of the conflict too.
    let out = m.run("laptop", T4, &["sync"]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains(&format!(
            "Both kept: entry {a} was changed on both sides (found by the other copy's sync)"
        )),
        "{}",
        stdout(&out)
    );
    assert_eq!(code(&m.run("laptop", T4, &["check"])), 1);
    assert_eq!(m.tracked("laptop"), m.tracked("home"));

    // Resolved on one machine, resolved on both.
    let out = m.ok("home", T4, &["sync", "resolve", &a, "--keep", "theirs"]);
    assert_eq!(
        out,
        format!("Kept the other version of {a} (this copy's is still in the history).\n")
    );
    assert!(m.entry("home", &a).contains("Laptop: refunded by card."));
    assert!(!m.entry("home", &a).contains("# logbook sync"));
    assert!(!m.dir("home").join("conflicts").exists());
    m.ok("home", T4, &["check"]);
    m.ok("home", T4, &["sync"]);
    let out = m.ok("laptop", T4, &["sync"]);
    assert!(
        out.contains(&format!("Resolved on the other copy: {a}")),
        "{out}"
    );
    m.ok("laptop", T4, &["check"]);
    assert_eq!(m.tracked("laptop"), m.tracked("home"));
    let last = m.subjects("home").pop().unwrap();
    assert_eq!(last, format!("resolve {a}"));
}

#[test]
fn resolve_can_keep_both_as_two_entries_or_ours() {
    let m = Machines::new();
    let (a, d) = m.shared();
    m.ok(
        "laptop",
        T2,
        &["edit", &a, "--section", "result=Laptop words."],
    );
    m.ok(
        "laptop",
        T2,
        &["edit", &d, "--section", "result=Laptop words."],
    );
    m.ok("home", T3, &["edit", &a, "--section", "result=Home words."]);
    m.ok("home", T3, &["edit", &d, "--section", "result=Home words."]);
    m.ok("laptop", T2, &["sync"]);
    assert_eq!(code(&m.run("home", T3, &["sync"])), 1);

    let out = m.ok("home", T4, &["sync", "resolve", &a, "--keep", "both"]);
    assert_eq!(
        out,
        format!("Kept both: the other version is now the entry {a}-2.\n")
    );
    assert!(m.entry("home", &a).contains("Home words."));
    assert!(m.entry("home", &format!("{a}-2")).contains("Laptop words."));

    let out = m.ok("home", T4, &["sync", "resolve", &d[..12], "--keep", "ours"]);
    assert!(
        out.starts_with(&format!("Kept this copy's version of {d}")),
        "{out}"
    );
    assert!(m.entry("home", &d).contains("Home words."));
    m.ok("home", T4, &["check"]);

    let out = m.run("home", T4, &["sync", "resolve", &d, "--keep", "ours"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("nothing to resolve"),
        "{}",
        stderr(&out)
    );
    // No history warning for the copy: it was written long before it was kept.
    let check = m.ok("home", T4, &["check"]);
    assert!(!check.contains("warning"), "{check}");
}

#[test]
fn resolve_edit_merges_the_two_in_the_editor() {
    let m = Machines::new();
    let (a, _) = m.shared();
    m.ok(
        "laptop",
        T2,
        &["edit", &a, "--section", "result=Laptop words."],
    );
    m.ok("home", T3, &["edit", &a, "--section", "result=Home words."]);
    m.ok("laptop", T2, &["sync"]);
    assert_eq!(code(&m.run("home", T3, &["sync"])), 1);
    // The "editor" keeps this copy's text and adds a line from the other.
    let out =
        m.lb.cmd()
            .env("LOGBOOK_NOW", T4)
            .env(
                "EDITOR",
                "sed -i 's/^result = \"Home words.\"/result = \"Home words. Laptop words.\"/'",
            )
            .args([
                "--dir",
                m.dir("home").to_str().unwrap(),
                "sync",
                "resolve",
                &a[..10],
                "--edit",
            ])
            .output()
            .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), format!("Saved the merged version of {a}.\n"));
    let merged = m.entry("home", &a);
    assert!(
        merged.contains("result = \"Home words. Laptop words.\""),
        "{merged}"
    );
    assert!(!merged.contains("Merge the two versions"), "{merged}");
    assert!(!m.dir("home").join("conflicts").exists());
    m.ok("home", T4, &["check"]);
    assert_eq!(m.subjects("home").pop().unwrap(), format!("resolve {a}"));
}

#[test]
fn settings_changed_on_both_sides_keep_ours_and_save_theirs_aside() {
    let m = Machines::new();
    m.shared();
    std::fs::write(
        m.dir("laptop").join("logbook.toml"),
        "learner = \"Sam Taylor\"\nqualification = \"Level 3\"\n",
    )
    .unwrap();
    std::fs::write(
        m.dir("home").join("logbook.toml"),
        "learner = \"Sam Taylor\"\nqualification = \"Level 4\"\n",
    )
    .unwrap();
    let out = m.ok("laptop", T2, &["sync"]);
    assert!(
        out.starts_with("Recorded changes made outside logbook: edit by hand logbook.toml\n"),
        "{out}"
    );
    let out = m.run("home", T3, &["sync"]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains("Both kept: logbook.toml was changed on both sides"),
        "{}",
        stdout(&out)
    );
    let ours = std::fs::read_to_string(m.dir("home").join("logbook.toml")).unwrap();
    assert_eq!(
        ours,
        "learner = \"Sam Taylor\"\nqualification = \"Level 4\"\n"
    );
    no_conflict_markers(&m.dir("home"));
    let check = stdout(&m.run("home", T3, &["check"]));
    assert!(check.contains("another version of logbook.toml"), "{check}");
    m.ok(
        "home",
        T3,
        &["sync", "resolve", "logbook.toml", "--keep", "theirs"],
    );
    let now = std::fs::read_to_string(m.dir("home").join("logbook.toml")).unwrap();
    assert_eq!(
        now,
        "learner = \"Sam Taylor\"\nqualification = \"Level 3\"\n"
    );
}

#[test]
fn a_sync_with_the_remote_missing_fails_cleanly_and_catches_up_later() {
    let m = Machines::new();
    let (a, _) = m.shared();
    let away = m.lb.tmp.path().join("unplugged.git");
    std::fs::rename(m.remote(), &away).unwrap();
    let b = m.add(
        "laptop",
        T2,
        "Written on the train",
        "The customer was happy.",
    );
    m.ok(
        "laptop",
        T2,
        &["edit", &a, "--section", "result=Edited offline."],
    );
    let out = m.run("laptop", T2, &["sync"]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!("error: cannot reach {}: ", m.remote())),
        "{err}"
    );
    assert!(
        err.ends_with("(nothing is lost: your changes are committed here and go up with the next `logbook sync`)\n"),
        "{err}"
    );
    // Committed here, nothing lost.
    let subjects = m.subjects("laptop");
    assert!(
        subjects.ends_with(&[format!("add {b}"), format!("edit {a}")]),
        "{subjects:?}"
    );
    assert!(m.entry("laptop", &a).contains("Edited offline."));

    std::fs::rename(&away, m.remote()).unwrap();
    let out = m.ok("laptop", T3, &["sync"]);
    assert_eq!(out, format!("Synced. Sent to {}.\n", m.remote()));
    let out = m.ok("home", T4, &["sync"]);
    assert!(out.contains(&format!("new entry {b}")), "{out}");
    assert!(m.entry("home", &a).contains("Edited offline."));
}

#[test]
fn the_assessors_decisions_and_witnesses_travel_to_the_candidate_and_the_entries_are_untouched() {
    let m = Machines::new();
    let (a, _) = m.shared();
    // The candidate attaches evidence, sets the programme and logs hours.
    let minutes = m.lb.tmp.path().join("minutes.txt");
    std::fs::write(&minutes, "Minutes of the refund review.\n").unwrap();
    m.ok(
        "laptop",
        T1,
        &["edit", &a, "--attach", minutes.to_str().unwrap()],
    );
    for (key, value) in [
        ("start_date", "2026-09-01"),
        ("end_date", "2027-09-01"),
        ("otj_minimum_hours", "278"),
    ] {
        m.ok("laptop", T1, &["config", "set", key, value]);
    }
    let logged = m.ok(
        "laptop",
        T1,
        &[
            "hours",
            "add",
            "3h",
            "--date",
            "2026-11-20",
            "--activity",
            "Workshop: handling complaints",
        ],
    );
    assert!(logged.starts_with("Logged 3h"), "{logged}");
    m.ok("laptop", T1, &["sync"]);

    // The assessor joins once, under their own name, and finds it all.
    let out = m.ok(
        "assessor",
        T2,
        &["sync", "init", "--remote", &m.remote(), "--as", "J. Okafor"],
    );
    assert!(
        out.contains("This copy's changes are recorded as J. Okafor.\n"),
        "{out}"
    );
    let entry_before = m.entry("assessor", &a);
    let shown: serde_json::Value =
        serde_json::from_str(&m.ok("assessor", T2, &["show", &a, "--json"])).unwrap();
    let attachment = shown["attachments"][0].as_str().unwrap().to_string();
    assert_eq!(
        std::fs::read_to_string(m.dir("assessor").join(&attachment)).unwrap(),
        "Minutes of the refund review.\n"
    );
    m.ok("assessor", T2, &["check"]);
    m.ok(
        "assessor",
        T2,
        &[
            "assess",
            &a,
            "--criterion",
            "RES.1",
            "--accept",
            "--assessor",
            "J. Okafor",
            "--feedback",
            "Clear account of the refund.",
        ],
    );
    m.ok(
        "assessor",
        T2,
        &[
            "witness",
            &a,
            "--name",
            "Priya Shah",
            "--role",
            "Store manager",
            "--statement",
            "I heard the call; the customer left satisfied.",
            "--signed",
        ],
    );
    let out = m.ok("assessor", T2, &["sync"]);
    assert_eq!(out, format!("Synced. Sent to {}.\n", m.remote()));

    // The candidate's next sync brings the decision and the testimony.
    let out = m.ok("laptop", T3, &["sync"]);
    assert_eq!(
        out,
        format!(
            "From the other copy:\n  new assessor decision on {a}\n  new witness testimony for {a}\n\
             Synced. Up to date with {}.\n",
            m.remote()
        )
    );
    let shown: serde_json::Value =
        serde_json::from_str(&m.ok("laptop", T3, &["show", &a, "--json"])).unwrap();
    assert_eq!(
        shown["assessments"],
        serde_json::json!([{
            "criterion": "RES.1",
            "decision": "accepted",
            "assessor": "J. Okafor",
            "feedback": "Clear account of the refund.",
            "method": null,
            "date": "2026-11-29",
            "current": true
        }])
    );
    assert_eq!(shown["witnesses"][0]["name"], "Priya Shah");
    assert_eq!(shown["witnesses"][0]["signed"], true);
    let gaps: serde_json::Value =
        serde_json::from_str(&m.ok("laptop", T3, &["gaps", "--json"])).unwrap();
    let res1 = gaps["units"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|u| u["criteria"].as_array().unwrap())
        .find(|c| c["id"] == "RES.1")
        .unwrap();
    assert_eq!(res1["assessed"], "accepted");
    m.ok("laptop", T3, &["check"]);
    // The entry file itself was never touched, on either side.
    assert_eq!(m.entry("laptop", &a), entry_before);
    assert_eq!(m.entry("assessor", &a), entry_before);
    // Each record is one commit by the assessor, named by its entry.
    let log = git(&m.dir("laptop"), &["log", "--format=%an|%s"]);
    assert!(
        log.starts_with(&format!(
            "J. Okafor|witness {a}\nJ. Okafor|assess {a}\nJ. Okafor|sync: merge from origin\n"
        )),
        "{log}"
    );
    assert!(
        log.contains(&format!("Sam Taylor|edit {a} and 1 evidence file\n"))
            && log.contains("Sam Taylor|config set otj_minimum_hours\n")
            && log.contains("Sam Taylor|hours add "),
        "{log}"
    );
    // What must travel is tracked on both copies; drafts and the cache never.
    for machine in ["laptop", "assessor"] {
        let files = git(&m.dir(machine), &["ls-files"]);
        for dir in [
            "records/",
            "evidence/",
            "hours/",
            "entries/",
            "logbook.toml",
        ] {
            assert!(
                files.lines().any(|f| f.starts_with(dir)),
                "{machine}: {dir}\n{files}"
            );
        }
        assert!(
            !files
                .lines()
                .any(|f| f.starts_with("cache/") || f.starts_with("drafts/")),
            "{machine}: {files}"
        );
        assert_eq!(git(&m.dir(machine), &["status", "--porcelain"]), "");
    }
    assert_eq!(m.tracked("laptop"), m.tracked("assessor"));

    // The caseload counts the accepted criterion and reads the hours.
    let out = m.ok(
        "assessor",
        T4,
        &["cohort", m.dir("assessor").to_str().unwrap(), "--json"],
    );
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let row = &doc["learners"][0];
    assert_eq!(row["learner"], "Sam Taylor");
    assert_eq!(row["assessed"], 1);
    assert_eq!(row["hours"], "behind");
    assert_eq!(
        row["flags"],
        serde_json::json!(["off-the-job hours behind"])
    );
}

#[test]
fn history_lists_the_revisions_of_an_entry_edited_three_times() {
    let m = Machines::new();
    std::fs::create_dir_all(m.dir("laptop")).unwrap();
    std::fs::write(
        m.dir("laptop").join("logbook.toml"),
        "learner = \"Sam Taylor\"\n",
    )
    .unwrap();
    m.ok("laptop", T0, &["sync", "init"]);
    let id = m.add(
        "laptop",
        T0,
        "Refund complaint",
        "She had her refund that day.",
    );
    m.ok(
        "laptop",
        T1,
        &[
            "edit",
            &id,
            "--section",
            "result=Refunded the same afternoon.",
        ],
    );
    m.ok("laptop", T2, &["tag", &id, "--add", "RES.6"]);
    m.ok(
        "laptop",
        T3,
        &["edit", &id, "--title", "Refund complaint by phone"],
    );
    m.ok("laptop", T4, &["rm", &id]);
    m.ok("laptop", T4, &["restore", &id]);
    m.add("laptop", T4, "Another entry", "Not in this history.");

    let json: serde_json::Value =
        serde_json::from_str(&m.ok("laptop", T4, &["history", &id[..15], "--json"])).unwrap();
    let rows = json.as_array().unwrap();
    let pick = |key: &str| -> Vec<String> {
        rows.iter()
            .map(|r| r[key].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        pick("summary"),
        [
            format!("add {id}"),
            format!("edit {id}"),
            format!("tag {id}"),
            format!("edit {id}"),
            format!("rm {id}"),
            format!("restore {id}"),
        ]
    );
    assert_eq!(
        pick("date"),
        [
            "2026-11-28T10:00:00+00:00",
            "2026-11-28T18:00:00+00:00",
            "2026-11-29T09:00:00+00:00",
            "2026-11-29T20:00:00+00:00",
            "2026-11-30T08:00:00+00:00",
            "2026-11-30T08:00:00+00:00",
        ]
    );
    assert!(pick("author").iter().all(|a| a == "Sam Taylor"));
    assert!(pick("commit").iter().all(|c| c.len() == 40));
    let keys: Vec<&String> = rows[0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["commit", "date", "author", "summary", "path", "changes"]
    );
    let changes: Vec<String> = rows
        .iter()
        .map(|r| {
            r["changes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap())
                .collect::<Vec<_>>()
                .join("; ")
        })
        .collect();
    assert_eq!(
        changes,
        [
            "written; criteria RES.1",
            "text of result",
            "criteria +RES.6",
            "title changed",
            "moved to the trash",
            "restored from the trash",
        ]
    );
    // Commit ids depend on every byte committed: shown, but not compared.
    let human: String = m
        .ok("laptop", T4, &["history", &id])
        .lines()
        .map(|l| match l.split_once("  ") {
            Some((hash, rest))
                if hash.len() == 7 && hash.bytes().all(|b| b.is_ascii_hexdigit()) =>
            {
                format!("<commit>  {rest}\n")
            }
            _ => format!("{l}\n"),
        })
        .collect();
    insta::assert_snapshot!(human);
}

#[test]
fn check_warns_when_an_entry_is_older_than_its_first_commit_by_more_than_a_day() {
    let m = Machines::new();
    // Written before the history began: its first commit dates nothing.
    let old = m.add_dated(
        "laptop",
        "2026-10-01T10:00:00Z",
        "2026-09-30",
        "Old entry",
        "It went well.",
    );
    m.ok("laptop", T0, &["sync", "init"]);
    let fresh = m.add("laptop", T0, "Fresh entry", "It went well.");
    // A file written by hand today that claims to be from early November.
    let id = "2026-11-02-backdated";
    let path = m.entry_path("laptop", id);
    let text = m.entry("laptop", &fresh).replace(&fresh, id).replace(
        "created = 2026-11-28T10:00:00+00:00",
        "created = 2026-11-02T09:00:00+00:00",
    );
    std::fs::write(&path, text).unwrap();
    m.ok("laptop", T1, &["sync"]);
    let out = m.ok("laptop", T1, &["check"]);
    let warnings: Vec<&str> = out.lines().filter(|l| l.contains("warning:")).collect();
    assert_eq!(warnings.len(), 1, "{out}");
    assert_eq!(
        warnings[0],
        format!(
            "{}:3:1: warning: `created` says 2 November 2026, but the entry first reached the \
             logbook's history on 28 November 2026, 26 days later; assessors value evidence \
             written close to the event and may ask when this was written",
            path.display()
        )
    );
    assert!(!out.contains(&old) && !out.contains(&fresh), "{out}");
    assert_eq!(code(&m.run("laptop", T1, &["check", "--strict"])), 1);
}

#[test]
fn the_export_says_when_each_account_was_first_recorded() {
    let m = Machines::new();
    let old = m.add_dated(
        "laptop",
        "2026-10-01T10:00:00Z",
        "2026-09-30",
        "Old entry",
        "It went well.",
    );
    m.ok("laptop", T0, &["sync", "init"]);
    let fresh = m.add("laptop", T1, "Fresh entry", "It went well.");
    let doc = m.ok("laptop", T2, &["export"]);
    // Each entry's block, found by its title (ids may be redacted).
    let block = |title: &str| {
        let start = doc
            .match_indices("\n## ")
            .map(|(at, _)| at)
            .find(|&at| doc[at..].lines().nth(1).is_some_and(|l| l.contains(title)))
            .unwrap();
        let end = doc[start..].find("\n### ").map_or(doc.len(), |n| start + n);
        doc[start..end].to_string()
    };
    assert!(
        block("Fresh entry").contains("- **First recorded:** Saturday 28 November 2026\n"),
        "{}",
        block("Fresh entry")
    );
    assert!(
        !block("Old entry").contains("First recorded"),
        "{}",
        block("Old entry")
    );
    assert!(!old.is_empty() && !fresh.is_empty());
}

#[test]
fn sync_init_creates_a_shared_repository_and_a_new_machine_takes_its_branch() {
    let m = Machines::new();
    // A shared repository made by someone's own git, on another branch name.
    let shared = m.lb.tmp.path().join("shared.git");
    std::fs::create_dir_all(&shared).unwrap();
    git(
        &shared,
        &["init", "--quiet", "--bare", "--initial-branch=trunk"],
    );
    // A hook someone left in the shared repository never runs as us.
    let ran = m.lb.tmp.path().join("hook-ran");
    let hook = shared.join("hooks").join("post-receive");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    std::fs::write(&hook, format!("#!/bin/sh\ntouch '{}'\n", ran.display())).unwrap();
    std::fs::set_permissions(&hook, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    std::fs::create_dir_all(m.dir("laptop")).unwrap();
    git(
        &m.dir("laptop"),
        &["init", "--quiet", "--initial-branch=trunk"],
    );
    let a = m.add(
        "laptop",
        T0,
        "Refund complaint",
        "She had her refund that day.",
    );
    let out = m.ok("laptop", T0, &["sync", "init", "--remote", &m.remote()]);
    assert!(
        out.starts_with(&format!(
            "Using the git repository already in {}: every change is recorded there from now on.\n",
            m.dir("laptop").display()
        )),
        "{out}"
    );
    let out = m.ok("home", T1, &["sync", "init", "--remote", &m.remote()]);
    assert!(out.contains(&format!("new entry {a}")), "{out}");
    assert_eq!(
        git(&m.dir("home"), &["symbolic-ref", "--short", "HEAD"]).trim(),
        "trunk"
    );
    assert!(!ran.exists(), "the shared repository's hook ran");

    // A folder that does not exist yet becomes an empty shared repository.
    let fresh = m.lb.tmp.path().join("drive").join("sam.git");
    std::fs::create_dir_all(fresh.parent().unwrap()).unwrap();
    let out = m.ok(
        "third",
        T1,
        &["sync", "init", "--remote", fresh.to_str().unwrap()],
    );
    assert!(
        out.contains(&format!(
            "Created an empty shared repository at {}.",
            fresh.display()
        )),
        "{out}"
    );
    assert!(fresh.join("HEAD").is_file());
}

#[test]
fn a_gitignore_that_hides_the_logbooks_files_is_overridden_so_entries_still_travel() {
    let m = Machines::new();
    std::fs::create_dir_all(m.dir("laptop")).unwrap();
    // The user's own rules, there before logbook: they would keep every
    // entry (and the settings) on this machine.
    std::fs::write(m.dir("laptop").join(".gitignore"), "*.toml\nentries/\n").unwrap();
    let a = m.add(
        "laptop",
        T0,
        "Refund complaint",
        "She had her refund that day.",
    );
    let out = m.ok("laptop", T0, &["sync", "init", "--remote", &m.remote()]);
    assert!(out.contains("logbook added rules at its end"), "{out}");
    let tracked: Vec<String> = m.tracked("laptop").into_iter().map(|(p, _)| p).collect();
    assert!(
        tracked.iter().any(|p| p.ends_with(&format!("{a}.toml"))),
        "{tracked:?}"
    );
    // Temporary files stay ignored after the rules that let entries through.
    let tmp = m.dir("laptop").join("entries/2026/11/.x.toml.1.0.tmp");
    std::fs::write(&tmp, "x").unwrap();
    let ignored = git(&m.dir("laptop"), &["status", "--porcelain"]);
    assert!(!ignored.contains(".tmp"), "{ignored}");
    std::fs::remove_file(&tmp).unwrap();
    m.ok("home", T1, &["sync", "init", "--remote", &m.remote()]);
    assert!(m.entry("home", &a).contains("Refund complaint"));
    m.ok("laptop", T1, &["check"]);

    // A rule logbook cannot override (a .gitignore deeper in): sync and
    // check say so, exit 1.
    std::fs::write(m.dir("laptop").join("entries/.gitignore"), "*\n").unwrap();
    let b = m.add(
        "laptop",
        T2,
        "Delivery mix-up",
        "The parcel arrived next day.",
    );
    let out = m.run("laptop", T2, &["sync"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(stderr(&out).contains("git ignores it"), "{}", stderr(&out));
    assert!(!stdout(&out).contains("Synced"), "{}", stdout(&out));
    let out = m.run("laptop", T2, &["check"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(said.contains("git ignores it"), "{said}");
    let _ = b;
}

#[test]
fn sync_init_on_a_detached_head_or_unfinished_merge_commits_nothing_and_says_how_to_keep_the_files()
{
    let m = Machines::new();
    let dir = m.dir("laptop");
    std::fs::create_dir_all(&dir).unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    std::fs::write(dir.join("notes.md"), "x\n").unwrap();
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "first"]);
    git(&dir, &["checkout", "-q", "--detach"]);
    let a = m.add(
        "laptop",
        T0,
        "Refund complaint",
        "She had her refund that day.",
    );
    let before = git(&dir, &["rev-parse", "HEAD"]);
    let out = m.run("laptop", T0, &["sync", "init"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("detached HEAD"), "{err}");
    assert!(err.contains("switch -c logbook"), "{err}");
    assert!(!err.contains("switch main"), "{err}");
    assert_eq!(git(&dir, &["rev-parse", "HEAD"]), before);
    assert!(m.entry_path("laptop", &a).exists());
    // Following the advice keeps everything.
    git(&dir, &["switch", "-q", "-c", "logbook"]);
    m.ok("laptop", T0, &["sync", "init"]);
    // A plain sync checks the same before committing.
    git(&dir, &["checkout", "-q", "--detach"]);
    std::fs::write(dir.join("notes.md"), "y\n").unwrap();
    let before = git(&dir, &["rev-parse", "HEAD"]);
    let out = m.run("laptop", T1, &["sync"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(
        stderr(&out).contains("switch -c logbook"),
        "{}",
        stderr(&out)
    );
    assert_eq!(git(&dir, &["rev-parse", "HEAD"]), before);
    // An unfinished rebase too.
    git(&dir, &["switch", "-q", "logbook"]);
    std::fs::create_dir_all(dir.join(".git/rebase-merge")).unwrap();
    let out = m.run("laptop", T1, &["sync"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(
        stderr(&out).contains("merge or rebase was left unfinished"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_purged_entry_that_comes_back_from_the_other_copy_is_said_loudly() {
    let m = Machines::new();
    let (a, _d) = m.shared();
    // Home edits A while the laptop purges it.
    let path = m.entry_path("home", &a);
    let text = m.entry("home", &a).replace("that day", "that very day");
    std::fs::write(&path, text).unwrap();
    m.ok("home", T1, &["sync"]);
    m.ok("laptop", T2, &["purge", "--yes", &a]);
    let out = m.run("laptop", T2, &["sync"]);
    assert_eq!(code(&out), 1, "{}\n{}", stdout(&out), stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{a} was purged here but came back from the other copy; purge it again there (`logbook purge {a}`) and here"
        )),
        "{err}"
    );
    // The purged list is this copy's own: never shared.
    assert!(m.dir("laptop").join(".git/logbook/purged").exists());
    assert!(
        !m.tracked("laptop")
            .iter()
            .any(|(p, _)| p.contains("purged"))
    );
}

#[test]
fn files_added_by_hand_are_never_named_in_shared_subjects_nor_printed_raw() {
    let m = Machines::new();
    let _ = m.shared();
    std::fs::write(
        m.dir("laptop").join("Joanne Hughes 07700 900123.txt"),
        "call back\n",
    )
    .unwrap();
    std::fs::write(m.dir("laptop").join("bad\u{1b}[31mname.txt"), "x\n").unwrap();
    let out = m.ok("laptop", T1, &["sync"]);
    assert!(!out.contains("Joanne") && !out.contains("07700"), "{out}");
    assert!(!out.contains('\u{1b}'), "{out:?}");
    let subjects = m.subjects("laptop");
    assert!(
        subjects.iter().any(|s| s == "edit by hand: 2 other files"),
        "{subjects:?}"
    );
    let out = m.ok("home", T2, &["sync"]);
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(!out.contains("07700"), "{out}");
    assert!(!m.subjects("home").iter().any(|s| s.contains("Joanne")));
}

#[test]
fn a_busy_index_is_waited_for_and_a_sync_never_records_a_command_half_done_as_an_edit_by_hand() {
    let m = Machines::new();
    let _ = m.shared();
    let dir = m.dir("laptop");
    // Another git process holds the index for a moment: the note's commit
    // waits for it rather than failing.
    let busy = dir.join(".git/index.lock");
    std::fs::write(&busy, "").unwrap();
    let freed = {
        let busy = busy.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(400));
            std::fs::remove_file(busy).unwrap();
        })
    };
    let out = m.run(
        "laptop",
        T1,
        &["note", "Rang the customer back about her refund."],
    );
    freed.join().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stderr(&out).contains("not recorded"), "{}", stderr(&out));
    let last = m.subjects("laptop").pop().unwrap();
    assert!(last.starts_with("note "), "{last}");

    // A command in progress holds the journal's lock from before it writes
    // until its commit is made; a sync meanwhile waits for it, so the
    // command's file is recorded as the command, not as an edit by hand.
    std::fs::create_dir_all(dir.join(".git/logbook")).unwrap();
    let held = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(".git/logbook/journal.lock"))
        .unwrap();
    held.lock_shared().unwrap();
    let sync = std::process::Command::new(assert_cmd::cargo::cargo_bin("logbook"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TZ", "UTC")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("LOGBOOK_NOW", T2)
        .arg("--dir")
        .arg(&dir)
        .arg("sync")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::fs::write(dir.join("logbook.toml"), "learner = \"Sam T.\"\n").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "config set learner"]);
    drop(held);
    let out = sync.wait_with_output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let subjects = m.subjects("laptop");
    assert!(
        !subjects.iter().any(|s| s.starts_with("edit by hand")),
        "{subjects:?}"
    );
}
