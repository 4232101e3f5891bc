//! Running the `git` program on the data directory, in a clean and explicit
//! environment: the repository and work tree named outright (`GIT_DIR`,
//! `GIT_WORK_TREE`, so neither a parent repository nor a `core.worktree`
//! setting can point git anywhere else), no hooks, no pager, no signing, no
//! prompts, English messages, and a private umask so what git checks out is
//! as private as what logbook writes itself.
//!
//! Why the program and not a library: git is on every machine that syncs,
//! reaches every kind of remote (ssh, https with the user's credential
//! helper, a bare repository on a shared drive) exactly as the user's own git
//! does, and costs nothing to build; libgit2 (git2, vendored) would add a C
//! build and its own idea of ssh and credentials, and gix does not yet merge
//! and push.

use std::ffi::{OsStr, OsString};
use std::io::{self, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use chrono::{DateTime, FixedOffset};

use super::error::GitError;

/// Settings given on every command line, so the user's own configuration
/// (global or in the repository) cannot run programs or ask questions.
const CONFIG: &[&str] = &[
    "core.hooksPath=/dev/null",
    "core.fsmonitor=false",
    "core.autocrlf=false",
    "core.quotePath=false",
    "core.pager=cat",
    "commit.gpgSign=false",
    "tag.gpgSign=false",
    "color.ui=false",
    "merge.conflictStyle=merge",
    "init.defaultBranch=main",
    "advice.detachedHead=false",
];

/// `GIT_*` variables of the user's environment that are kept: how to reach
/// remotes (ssh, proxies, certificates) and which configuration files to
/// read. Every other `GIT_*` variable is removed: none may point git at
/// another repository, index or work tree.
const KEEP: &[&str] = &[
    "GIT_ASKPASS",
    "GIT_CONFIG_GLOBAL",
    "GIT_CONFIG_NOSYSTEM",
    "GIT_CONFIG_SYSTEM",
    "GIT_EXEC_PATH",
    "GIT_PROXY_COMMAND",
    "GIT_SSH",
    "GIT_SSH_COMMAND",
    "GIT_SSH_VARIANT",
    "GIT_SSL_CAINFO",
    "GIT_SSL_CAPATH",
    "GIT_SSL_NO_VERIFY",
];

/// Who a commit is by, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    /// May be empty: git records `Name <>`.
    pub email: String,
    pub when: DateTime<FixedOffset>,
}

/// The `git` program, run on one data directory.
#[derive(Debug, Clone)]
pub struct Git {
    /// The data directory, absolute.
    work: PathBuf,
    ident: Option<Ident>,
}

impl Git {
    pub fn new(work: &Path) -> Git {
        let work = std::path::absolute(work).unwrap_or_else(|_| work.to_path_buf());
        Git { work, ident: None }
    }

    /// The same, making commits as `ident`.
    pub fn with_ident(mut self, ident: Ident) -> Git {
        self.ident = Some(ident);
        self
    }

    pub fn work(&self) -> &Path {
        &self.work
    }

    /// A `git` command for the data directory, environment cleaned.
    pub fn command<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = Command::new("git");
        for (key, _) in std::env::vars_os() {
            let name = key.to_string_lossy();
            if name.starts_with("GIT_") && !KEEP.contains(&name.as_ref()) {
                cmd.env_remove(&key);
            }
        }
        cmd.env("GIT_DIR", self.work.join(".git"))
            .env("GIT_WORK_TREE", &self.work)
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_PAGER", "cat")
            .env("PAGER", "cat")
            .env("GIT_EDITOR", "true")
            .env("GIT_MERGE_AUTOEDIT", "no")
            .env("LC_ALL", "C")
            .env_remove("LANGUAGE")
            .current_dir(&self.work)
            .stdin(Stdio::null());
        if let Some(ident) = &self.ident {
            let when = ident.when.to_rfc3339();
            cmd.env("GIT_AUTHOR_NAME", &ident.name)
                .env("GIT_AUTHOR_EMAIL", &ident.email)
                .env("GIT_AUTHOR_DATE", &when)
                .env("GIT_COMMITTER_NAME", &ident.name)
                .env("GIT_COMMITTER_EMAIL", &ident.email)
                .env("GIT_COMMITTER_DATE", &when);
        }
        private_umask(&mut cmd);
        for setting in CONFIG {
            cmd.arg("-c").arg(setting);
        }
        cmd.args(args);
        cmd
    }

    /// A `git` command that talks to a remote (fetch, push): one that
    /// cannot hang on an unreachable host. Unless the user says how to run
    /// ssh (`GIT_SSH_COMMAND`, `GIT_SSH` or `core.sshCommand`, all
    /// respected), ssh gives up connecting after 15 seconds and never asks
    /// a question; over http(s), a transfer slower than 1000 bytes a second
    /// for 30 seconds is abandoned.
    pub fn network_output(&self, args: &[&str]) -> Result<Output, GitError> {
        let configured = self
            .output(["config", "--get", "core.sshCommand"])
            .map(|o| o.status.success() && !o.stdout.trim_ascii().is_empty())
            .unwrap_or(false);
        let user_ssh = configured
            || ["GIT_SSH_COMMAND", "GIT_SSH"]
                .iter()
                .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()));
        let (env, config) = network_settings(user_ssh);
        let mut all: Vec<&str> = Vec::new();
        for setting in &config {
            all.extend(["-c", setting]);
        }
        all.extend_from_slice(args);
        let mut cmd = self.command(&all);
        for (key, value) in env {
            cmd.env(key, value);
        }
        cmd.output().map_err(spawn_error)
    }

    /// Runs git and returns what it printed, whatever its exit status.
    pub fn output<I, S>(&self, args: I) -> Result<Output, GitError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        // Another git process (the user's own, or an editor's) holding the
        // index for a moment: wait a little and try again, up to 2 seconds.
        let mut tries = 0;
        loop {
            let output = self.command(&args).output().map_err(spawn_error)?;
            if output.status.success() || tries >= 20 || !index_busy(&output.stderr) {
                return Ok(output);
            }
            tries += 1;
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }

    /// Runs git, which must succeed; returns its standard output.
    pub fn run<I, S>(&self, args: I) -> Result<String, GitError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        let output = self.output(&args)?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            Err(failed(&args, &output))
        }
    }

    /// Runs git with `input` on its standard input (written from another
    /// thread, so a long answer cannot block a long question); it must
    /// succeed. Returns its standard output as bytes.
    pub fn run_with_input(&self, args: &[&str], input: Vec<u8>) -> Result<Vec<u8>, GitError> {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(spawn_error)?;
        let stdin = child.stdin.take();
        let writer = std::thread::spawn(move || -> io::Result<()> {
            if let Some(mut stdin) = stdin {
                stdin.write_all(&input)?;
            }
            Ok(())
        });
        let output = child.wait_with_output().map_err(spawn_error)?;
        let _ = writer.join();
        if output.status.success() {
            Ok(output.stdout)
        } else {
            let args: Vec<OsString> = args.iter().map(OsString::from).collect();
            Err(failed(&args, &output))
        }
    }
}

/// The environment and settings of a command that talks to a remote:
/// ssh's own (unless the user has theirs) and http's low-speed limit.
pub fn network_settings(user_ssh: bool) -> (Vec<(&'static str, &'static str)>, Vec<&'static str>) {
    let env = if user_ssh {
        Vec::new()
    } else {
        vec![(
            "GIT_SSH_COMMAND",
            "ssh -o ConnectTimeout=15 -o BatchMode=yes",
        )]
    };
    (env, vec!["http.lowSpeedLimit=1000", "http.lowSpeedTime=30"])
}

/// Whether git failed because another process holds the index's lock.
fn index_busy(stderr: &[u8]) -> bool {
    let text = String::from_utf8_lossy(stderr);
    text.contains("index.lock") && text.contains("File exists")
}

/// Files git writes (a checkout, a merge) get mode 0600 and directories
/// 0700, like everything else logbook writes.
#[allow(unsafe_code)]
fn private_umask(cmd: &mut Command) {
    // SAFETY: runs in the child between fork and exec, where only
    // async-signal-safe calls are allowed; umask(2) is one, and the closure
    // touches no memory of the parent.
    unsafe {
        cmd.pre_exec(|| {
            libc::umask(0o077);
            Ok(())
        });
    }
}

fn spawn_error(err: io::Error) -> GitError {
    if err.kind() == io::ErrorKind::NotFound {
        GitError::Missing
    } else {
        GitError::Spawn(err)
    }
}

/// A failed git command as one line: its first words and git's own reason.
pub(super) fn failed(args: &[OsString], output: &Output) -> GitError {
    let words: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .filter(|a| !a.starts_with('-'))
        .take(2)
        .collect();
    GitError::Failed {
        command: format!("git {}", words.join(" ")),
        message: reason(&output.stderr, &output.stdout),
    }
}

/// The most telling line git printed: the last `fatal:` or `error:` line,
/// else the last line of stderr, else of stdout.
pub(super) fn reason(stderr: &[u8], stdout: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let telling = lines
        .iter()
        .rev()
        .find(|l| l.starts_with("fatal:") || l.starts_with("error:"))
        .or(lines.last())
        .copied();
    let line = match telling {
        Some(line) => line.to_string(),
        None => String::from_utf8_lossy(stdout)
            .lines()
            .map(str::trim)
            .rfind(|l| !l.is_empty())
            .unwrap_or("no message")
            .to_string(),
    };
    line.trim_start_matches("fatal: ")
        .trim_start_matches("error: ")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_commands_give_up_on_an_unreachable_host_but_keep_the_users_ssh() {
        let (env, config) = network_settings(false);
        assert_eq!(
            env,
            [(
                "GIT_SSH_COMMAND",
                "ssh -o ConnectTimeout=15 -o BatchMode=yes"
            )]
        );
        assert_eq!(config, ["http.lowSpeedLimit=1000", "http.lowSpeedTime=30"]);
        let (env, config) = network_settings(true);
        assert!(env.is_empty());
        assert_eq!(config.len(), 2);
    }

    #[test]
    fn the_reason_is_the_last_fatal_line_without_its_label() {
        let stderr = b"hint: something\nfatal: 'origin' does not appear to be a git repository\nfatal: Could not read from remote repository.\n";
        assert_eq!(
            reason(stderr, b""),
            "Could not read from remote repository."
        );
        assert_eq!(reason(b"", b"out\nlast\n\n"), "last");
        assert_eq!(reason(b"", b""), "no message");
    }
}
