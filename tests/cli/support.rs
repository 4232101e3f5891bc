//! A hermetic logbook for each test: its own data dir, pinned time, and an
//! environment with no HOME, EDITOR or colour variables.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

pub(crate) const NOW: &str = "2026-11-28T10:00:00Z";

pub(crate) struct Logbook {
    pub(crate) tmp: TempDir,
}

impl Logbook {
    pub(crate) fn new() -> Logbook {
        Logbook {
            tmp: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub(crate) fn dir(&self) -> PathBuf {
        self.tmp.path().join("data")
    }

    /// The binary with a clean environment pointed at this logbook.
    pub(crate) fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("logbook").expect("binary");
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("LOGBOOK_DIR", self.dir())
            .env("LOGBOOK_NOW", NOW)
            .env("TZ", "UTC")
            // git (the history and sync) reads no user or system settings.
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .current_dir(self.tmp.path());
        cmd
    }

    /// Runs `logbook ARGS`, returning the output whatever the exit code.
    pub(crate) fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run logbook")
    }

    /// Runs a bash script in this logbook's clean environment, with
    /// `$LOGBOOK` naming the binary: for pipes, ulimits and signals.
    pub(crate) fn bash(&self, script: &str) -> Output {
        std::process::Command::new("bash")
            .args(["-c", script])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("LOGBOOK", assert_cmd::cargo::cargo_bin("logbook"))
            .env("LOGBOOK_DIR", self.dir())
            .env("LOGBOOK_NOW", NOW)
            .output()
            .expect("run bash")
    }

    /// Adds an entry with `--no-input` and returns its id.
    pub(crate) fn add(&self, args: &[&str]) -> String {
        let out = self
            .cmd()
            .arg("add")
            .arg("--no-input")
            .args(args)
            .output()
            .expect("run");
        assert!(out.status.success(), "add failed: {}", stderr(&out));
        stdout(&out).trim().to_string()
    }

    /// A logbook holding a copy of `examples/sample`, so nothing is written
    /// into the repository.
    pub(crate) fn sample() -> Logbook {
        let lb = Logbook::new();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sample"),
            &lb.dir(),
        );
        lb
    }

    /// Every file under the data dir, relative, sorted (the lock file aside).
    pub(crate) fn files(&self) -> Vec<String> {
        let mut out = Vec::new();
        collect(&self.dir(), &self.dir(), &mut out);
        out.sort();
        out
    }
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for item in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(item.file_name());
        if item.file_type().unwrap().is_dir() {
            copy_dir(&item.path(), &target);
        } else {
            std::fs::copy(item.path(), target).unwrap();
        }
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for item in read.flatten() {
        let path = item.path();
        if item.file_type().map(|t| t.is_dir()).unwrap_or(false) {
            collect(root, &path, out);
        } else if item.file_name() != ".lock" {
            out.push(path.strip_prefix(root).unwrap().display().to_string());
        }
    }
}

pub(crate) fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub(crate) fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub(crate) fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

/// `git ARGS` in `dir`, hermetic (no user or system settings, a fixed
/// author and time), for tests that look at or change a repository
/// directly. Panics unless git succeeds; returns its stdout.
pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .env("GIT_AUTHOR_DATE", "2026-11-28T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-11-28T10:00:00Z")
        .env("LC_ALL", "C")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
