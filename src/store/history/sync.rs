//! `logbook sync`: commit what is pending, fetch, merge, push — and never
//! lose a word. When the same file was changed on both sides, the version
//! here stays in place and the other side's is kept whole beside it, under
//! `conflicts/` at the same relative path with `.conflict-<commit>` before
//! its extension (`conflicts/entries/2026/11/<id>.conflict-3f2a9c1.toml`),
//! committed with the merge; no file ever holds conflict markers. A file
//! removed on one side and changed on the other is kept as changed. The
//! writers' lock is held while the data directory changes, not while the
//! network is waited on.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::error::GitError;
use super::git::{Git, failed, reason};
pub use super::names::HAND;
use super::names::{Aside, CONFLICTS, HEADER, aside_path, entry_of, record_of};
use super::repo::{Change, History, Recorded, TRAILER, parse_name_status};
use crate::store::Store;
use crate::store::atomic::{write_new, write_replace};
use crate::store::read::read_text;

/// The one remote logbook syncs with.
pub const REMOTE: &str = "origin";

/// What one sync did, as far as it got.
#[derive(Debug, Default)]
pub struct SyncReport {
    /// Changes made outside logbook, committed first.
    pub committed: Vec<Recorded>,
    /// The remote's URL, if one is set.
    pub remote: Option<String>,
    /// Files changed by what came in from the other side.
    pub incoming: Vec<Change>,
    /// Versions from the other side kept beside ours.
    pub conflicts: Vec<Aside>,
    /// Versions kept aside by a sync on the other side, new here.
    pub arrived: Vec<Aside>,
    /// Versions kept aside that the other side resolved.
    pub settled: Vec<Aside>,
    /// Files removed on one side and changed on the other, kept as changed.
    pub kept: Vec<String>,
    /// Whether rules were added to `.gitignore` so that logbook's own
    /// files, which other rules there ignored, are shared.
    pub unignored: bool,
    /// Purged entries here that came back from the other side.
    pub returned: Vec<String>,
    /// Whether commits went up to the remote.
    pub pushed: bool,
    /// What stopped it, if anything did.
    pub error: Option<GitError>,
}

/// A path git could not merge, with the blob of each stage it has (base,
/// ours, theirs).
type Unmerged = (String, [Option<String>; 3]);

impl Store {
    /// Every version kept aside by a sync and not yet resolved, in path
    /// order. Needs no git: the files are the record.
    pub fn conflicts(&self) -> Vec<Aside> {
        fn visit(root: &Path, dir: &Path, depth: usize, out: &mut Vec<Aside>) {
            let Ok(read) = fs::read_dir(dir) else { return };
            for item in read.flatten() {
                let path = item.path();
                match item.file_type() {
                    Ok(t) if t.is_dir() && depth < 6 => visit(root, &path, depth + 1, out),
                    Ok(t) if t.is_file() => {
                        let relative = path
                            .strip_prefix(root)
                            .ok()
                            .and_then(|p| p.to_str())
                            .and_then(Aside::parse);
                        out.extend(relative);
                    }
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        visit(self.root(), &self.root().join(CONFLICTS), 0, &mut out);
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }

    /// The text of the other side's version, without the header logbook
    /// put above it.
    pub fn aside_text(&self, aside: &Aside) -> Result<String, GitError> {
        let path = self.root().join(&aside.path);
        let text = read_text(&path).map_err(|d| GitError::Failed {
            command: "read the kept version".into(),
            message: d.to_string(),
        })?;
        let mut body = text.as_str();
        while body.starts_with(HEADER) {
            body = body.split_once('\n').map_or("", |(_, rest)| rest);
        }
        Ok(body.to_string())
    }

    /// Removes a kept version (once resolved), and its folders if empty.
    pub fn remove_aside(&self, aside: &Aside) -> Result<(), GitError> {
        let path = self.root().join(&aside.path);
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(GitError::io("remove", &path, e)),
        }
        let top = self.root().join(CONFLICTS);
        let mut dir = path.parent();
        while let Some(d) = dir {
            if !d.starts_with(&top) || fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
        Ok(())
    }
}

impl History {
    /// The remote's URL, if one is set.
    pub fn remote(&self) -> Result<Option<String>, GitError> {
        let out = self
            .git
            .output(["config", "--get", &format!("remote.{REMOTE}.url")])?;
        let url = String::from_utf8_lossy(&out.stdout).trim().to_string();
        Ok((out.status.success() && !url.is_empty()).then_some(url))
    }

    /// Sets the remote to `url`; returns the URL it replaces, if any.
    pub fn set_remote(&self, url: &str) -> Result<Option<String>, GitError> {
        let old = self.remote()?;
        match &old {
            Some(same) if same == url => {}
            Some(_) => {
                self.git.run(["remote", "set-url", REMOTE, url])?;
            }
            None => {
                self.git.run(["remote", "add", REMOTE, url])?;
            }
        }
        Ok(old.filter(|o| o != url))
    }

    /// The branch checked out.
    pub fn branch(&self) -> Result<String, GitError> {
        let out = self
            .git
            .output(["symbolic-ref", "--quiet", "--short", "HEAD"])?;
        let name = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if out.status.success() && !name.is_empty() {
            Ok(name)
        } else {
            Err(GitError::Detached(self.git.work().to_path_buf()))
        }
    }

    /// A merge, rebase, cherry-pick or revert left unfinished (by git by
    /// hand, or a sync that was killed).
    pub fn merge_in_progress(&self) -> Option<PathBuf> {
        let git = self.git.work().join(".git");
        [
            "MERGE_HEAD",
            "rebase-merge",
            "rebase-apply",
            "CHERRY_PICK_HEAD",
            "REVERT_HEAD",
        ]
        .iter()
        .any(|name| git.join(name).symlink_metadata().is_ok())
        .then(|| self.git.work().to_path_buf())
    }

    /// Whether the repository is in a state to record anything: on a
    /// branch, with no merge or rebase unfinished. Checked before anything
    /// is committed, so that git's own advice cannot lose a commit.
    pub fn ready(&self) -> Result<(), GitError> {
        if let Some(dir) = self.merge_in_progress() {
            return Err(GitError::MergeInProgress(dir));
        }
        self.branch().map(drop)
    }

    /// Fetches the remote's branches; an unreachable remote is one clear
    /// error, and nothing here changes.
    pub fn fetch(&self, url: &str) -> Result<(), GitError> {
        let out = self
            .git
            .network_output(&["fetch", "--quiet", "--prune", REMOTE])?;
        if out.status.success() {
            Ok(())
        } else {
            Err(GitError::Unreachable {
                remote: url.to_string(),
                message: reason(&out.stderr, &out.stdout),
            })
        }
    }

    /// The branches the remote has (as last fetched).
    pub fn remote_branches(&self) -> Result<Vec<String>, GitError> {
        let out = self.git.run([
            "for-each-ref",
            "--format=%(refname:strip=3)",
            &format!("refs/remotes/{REMOTE}/"),
        ])?;
        Ok(out
            .lines()
            .filter(|l| !l.is_empty() && *l != "HEAD")
            .map(str::to_string)
            .collect())
    }

    /// Renames the branch checked out (for a new logbook joining a remote
    /// whose branch has another name).
    pub fn rename_branch(&self, to: &str) -> Result<(), GitError> {
        self.git.run(["branch", "-M", to]).map(drop)
    }

    fn rev(&self, name: &str) -> Result<Option<String>, GitError> {
        let out = self.git.output([
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{name}^{{commit}}"),
        ])?;
        let sha = String::from_utf8_lossy(&out.stdout).trim().to_string();
        Ok((out.status.success() && !sha.is_empty()).then_some(sha))
    }

    /// Merges the remote's `branch` into ours, keeping both versions of
    /// whatever both sides changed. Returns what came in and what was kept
    /// aside. The caller holds the writers' lock.
    fn merge(&self, store: &Store, branch: &str, report: &mut SyncReport) -> Result<(), GitError> {
        let Some(theirs) = self.rev(&format!("refs/remotes/{REMOTE}/{branch}"))? else {
            return Ok(());
        };
        let before = self.rev("HEAD")?;
        if let Some(ours) = &before {
            let merged = self
                .git
                .output(["merge-base", "--is-ancestor", &theirs, ours])?;
            if merged.status.success() {
                return Ok(());
            }
        }
        let message = format!("sync: merge from {REMOTE}\n\n{TRAILER}: sync");
        let args = [
            "merge",
            "--quiet",
            "--no-edit",
            "--no-verify",
            "--allow-unrelated-histories",
            "-m",
            &message,
            &theirs,
        ];
        let out = self.git.output(args)?;
        if !out.status.success() {
            let unmerged = self.unmerged()?;
            if unmerged.is_empty() {
                let _ = self.git.output(["merge", "--abort"]);
                let args: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
                return Err(failed(&args, &out));
            }
            let short = self.git.run(["rev-parse", "--short=7", &theirs])?;
            self.keep_both(store, &unmerged, short.trim(), report)?;
            let mut message = format!("sync: merge from {REMOTE}");
            let kept: Vec<&str> = report
                .conflicts
                .iter()
                .map(|a| a.entry().unwrap_or(&a.original))
                .collect();
            if !kept.is_empty() {
                message.push_str(&format!("; kept both versions of {}", kept.join(", ")));
            }
            message.push_str(&format!("\n\n{TRAILER}: sync"));
            self.git
                .run(["commit", "--quiet", "--no-verify", "-m", &message])?;
        }
        let range = match &before {
            Some(b) => vec![b.clone(), "HEAD".to_string()],
            None => vec![
                "4b825dc642cb6eb9a060e54bf8d69288fbee4904".to_string(),
                "HEAD".to_string(),
            ],
        };
        let mut args = vec!["diff", "--name-status", "--no-renames", "-z"];
        args.extend(range.iter().map(String::as_str));
        let diff = self.git.run(args)?;
        for change in parse_name_status(&diff) {
            match Aside::parse(&change.path) {
                None => report.incoming.push(change),
                Some(aside) if report.conflicts.contains(&aside) => {}
                Some(aside) if change.status == 'D' => report.settled.push(aside),
                Some(aside) => report.arrived.push(aside),
            }
        }
        Ok(())
    }

    /// The journal's lock (`.git/logbook/journal.lock`, this copy's own):
    /// every recorded command holds it shared from before it runs until
    /// its commit is made, and a sync takes it whole while it commits and
    /// merges, so a command's files are never swept into a sync's "edit by
    /// hand" commit between being written and being recorded. A sync waits
    /// for it ten seconds at most (a guided `add` may stay open for long,
    /// and writes its files only as it ends); a command waits for a sync.
    /// `None` when it cannot be had: recording goes on without it.
    pub fn journal_lock(&self, store: &Store, exclusive: bool) -> Option<fs::File> {
        use std::os::unix::fs::OpenOptionsExt;
        let path = self
            .git
            .work()
            .join(".git")
            .join("logbook")
            .join("journal.lock");
        store.ensure_dir(path.parent()?).ok()?;
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(&path)
            .ok()?;
        if !exclusive {
            return file.lock_shared().ok().map(|()| file);
        }
        for _ in 0..100 {
            match file.try_lock() {
                Ok(()) => return Some(file),
                Err(fs::TryLockError::WouldBlock) => {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                Err(fs::TryLockError::Error(_)) => return None,
            }
        }
        None
    }

    /// Where the ids of entries purged here are kept: inside `.git`, so
    /// never shared (the ids name nothing personal, but the list is this
    /// copy's own).
    fn purged_file(&self) -> PathBuf {
        self.git.work().join(".git").join("logbook").join("purged")
    }

    /// The ids of entries purged in this copy.
    pub fn purged(&self) -> Vec<String> {
        fs::read_to_string(self.purged_file())
            .map(|t| {
                t.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Remembers that `id` was purged here, so a sync that brings it back
    /// from another copy says so.
    pub fn note_purged(&self, store: &Store, id: &str) -> Result<(), GitError> {
        let mut ids = self.purged();
        if ids.iter().any(|i| i == id) {
            return Ok(());
        }
        ids.push(id.to_string());
        let path = self.purged_file();
        if let Some(dir) = path.parent() {
            store
                .ensure_dir(dir)
                .map_err(|e| GitError::io("create", dir, io::Error::other(e.to_string())))?;
        }
        let mut text = ids.join("\n");
        text.push('\n');
        write_replace(&path, text.as_bytes()).map_err(|e| GitError::io("write", &path, e))
    }

    /// Entries purged here that a merge brought back from the other side
    /// (the entry, its trash copy, its records or a version kept aside).
    fn find_returned(&self, report: &mut SyncReport) {
        let purged = self.purged();
        if purged.is_empty() {
            return;
        }
        let ids = report
            .incoming
            .iter()
            .filter(|c| c.status != 'D')
            .map(|c| c.path.as_str())
            .chain(report.kept.iter().map(String::as_str))
            .filter_map(|p| entry_of(p).or_else(|| record_of(p).map(|(id, _)| id)))
            .chain(
                report
                    .conflicts
                    .iter()
                    .chain(&report.arrived)
                    .filter_map(Aside::entry),
            )
            .map(str::to_string)
            .collect::<Vec<_>>();
        for id in ids {
            if purged.contains(&id) && !report.returned.contains(&id) {
                report.returned.push(id);
            }
        }
    }

    /// Paths git could not merge, with the blob of each stage (1 base,
    /// 2 ours, 3 theirs).
    fn unmerged(&self) -> Result<Vec<Unmerged>, GitError> {
        let out = self.git.run(["ls-files", "--unmerged", "-z"])?;
        let mut paths: Vec<Unmerged> = Vec::new();
        for record in out.split('\0').filter(|r| !r.is_empty()) {
            // "<mode> <sha> <stage>\t<path>"
            let Some((meta, path)) = record.split_once('\t') else {
                continue;
            };
            let mut fields = meta.split(' ');
            let (_, Some(sha), Some(stage)) = (fields.next(), fields.next(), fields.next()) else {
                continue;
            };
            let Ok(stage @ 1..=3) = stage.parse::<usize>() else {
                continue;
            };
            let at = match paths.iter().position(|(p, _)| p == path) {
                Some(at) => at,
                None => {
                    paths.push((path.to_string(), [None, None, None]));
                    paths.len() - 1
                }
            };
            paths[at].1[stage - 1] = Some(sha.to_string());
        }
        Ok(paths)
    }

    /// Settles every unmerged path without losing either side: ours stays
    /// in place and theirs is written beside it under `conflicts/`; a file
    /// removed on one side and changed on the other is kept as changed.
    fn keep_both(
        &self,
        store: &Store,
        unmerged: &[Unmerged],
        commit: &str,
        report: &mut SyncReport,
    ) -> Result<(), GitError> {
        let work = self.git.work();
        let literal = |args: &[&str]| -> Result<(), GitError> {
            let mut all = vec!["--literal-pathspecs"];
            all.extend_from_slice(args);
            self.git.run(all).map(drop)
        };
        let header = self.commit_line(commit)?;
        for (path, [_, ours, theirs]) in unmerged {
            match (ours, theirs) {
                (Some(_), Some(theirs)) => {
                    literal(&["checkout", "--ours", "--", path])?;
                    let blob = self.blob(theirs)?;
                    let aside = write_aside(store, work, path, commit, &header, &blob)?;
                    literal(&["add", "--", path, &aside.path])?;
                    report.conflicts.push(aside);
                }
                (None, Some(_)) => {
                    literal(&["checkout", "--theirs", "--", path])?;
                    literal(&["add", "--", path])?;
                    report.kept.push(path.clone());
                }
                (Some(_), None) => {
                    literal(&["add", "--", path])?;
                    report.kept.push(path.clone());
                }
                (None, None) => {
                    literal(&["rm", "--cached", "--quiet", "--ignore-unmatch", "--", path])?;
                }
            }
        }
        Ok(())
    }

    /// "commit 3f2a9c1 by Sam Taylor on 2026-11-28 10:00".
    fn commit_line(&self, commit: &str) -> Result<String, GitError> {
        let out = self.git.run([
            "show",
            "--no-patch",
            "--format=%an%x00%ad",
            "--date=format:%Y-%m-%d %H:%M",
            commit,
        ])?;
        let (name, date) = out.trim().split_once('\0').unwrap_or(("", ""));
        Ok(format!("commit {commit} by {name} on {date}"))
    }

    fn blob(&self, sha: &str) -> Result<Vec<u8>, GitError> {
        let out = self.git.output(["cat-file", "blob", sha])?;
        if out.status.success() {
            Ok(out.stdout)
        } else {
            Err(failed(&["cat-file".into(), "blob".into()], &out))
        }
    }

    /// Pushes our branch; `Ok(false)` when the remote moved on meanwhile
    /// (fetch and merge again).
    fn push(&self, url: &str, branch: &str) -> Result<bool, GitError> {
        let mut args = vec!["push", "--quiet", "--porcelain"];
        // A repository on this machine or a shared drive is updated by a
        // receive-pack running here, as this user: its hooks (anyone with
        // write access to the drive could have put some there) stay off.
        if is_local(url) {
            args.push("--receive-pack=git -c core.hooksPath=/dev/null receive-pack");
        }
        args.extend(["-u", REMOTE, branch]);
        let out = self.git.network_output(&args)?;
        if out.status.success() {
            return Ok(true);
        }
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if said.contains("[rejected]") || said.contains("fetch first") {
            return Ok(false);
        }
        Err(GitError::Unreachable {
            remote: url.to_string(),
            message: reason(&out.stderr, &out.stdout),
        })
    }

    /// Whether the remote lacks commits we have.
    fn ahead(&self, branch: &str) -> Result<bool, GitError> {
        let Some(theirs) = self.rev(&format!("refs/remotes/{REMOTE}/{branch}"))? else {
            return Ok(self.rev("HEAD")?.is_some());
        };
        let count = self
            .git
            .run(["rev-list", "--count", &format!("{theirs}..HEAD")])?;
        Ok(count.trim() != "0")
    }
}

/// Writes the other side's version beside ours: a header naming where it
/// came from (TOML files only, as a comment), then its bytes as they were.
fn write_aside(
    store: &Store,
    work: &Path,
    original: &str,
    commit: &str,
    header: &str,
    blob: &[u8],
) -> Result<Aside, GitError> {
    let mut bytes = Vec::new();
    if original.ends_with(".toml") {
        let what = entry_of(original).map_or_else(
            || format!("`{original}`"),
            |id| format!("entry {id} (`{original}`)"),
        );
        bytes.extend_from_slice(
            format!("{HEADER}the other version of {what}, from {header}.\n").as_bytes(),
        );
        if let Some(id) = entry_of(original) {
            bytes.extend_from_slice(
                format!(
                    "{HEADER}compare it with yours, then `logbook sync resolve {id} --keep ours|theirs|both`.\n"
                )
                .as_bytes(),
            );
        }
    }
    bytes.extend_from_slice(blob);
    for n in 1u32..1000 {
        let relative = aside_path(original, commit, n);
        let path = work.join(&relative);
        if let Some(dir) = path.parent() {
            store
                .ensure_dir(dir)
                .map_err(|e| GitError::io("create", dir, io::Error::other(e.to_string())))?;
        }
        match write_new(&path, &bytes) {
            Ok(()) => {
                return Ok(Aside {
                    path: relative,
                    original: original.to_string(),
                    commit: commit.to_string(),
                });
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(GitError::io("write", &path, e)),
        }
    }
    Err(GitError::Failed {
        command: "keep the other version".into(),
        message: format!("no free name for {original} under {CONFLICTS}/"),
    })
}

/// One whole sync of `store`: commit what is pending, fetch, merge (keeping
/// both versions of anything changed on both sides), push; the remote
/// moving on meanwhile is met by fetching and merging again (three times at
/// most). Whatever happens, everything here is committed first, so nothing
/// can be lost; [`SyncReport::error`] says what stopped it.
pub fn sync(store: &Store, history: &History) -> SyncReport {
    let mut report = SyncReport::default();
    if let Err(e) = sync_steps(store, history, &mut report) {
        report.error = Some(e);
    }
    report
}

fn sync_steps(store: &Store, history: &History, report: &mut SyncReport) -> Result<(), GitError> {
    history.ready()?;
    let branch = history.branch()?;
    {
        let _journal = history.journal_lock(store, true);
        let _lock = lock(store)?;
        report.unignored = history.ensure_travel()?;
        report
            .committed
            .extend(history.commit_all(HAND, "sync", false)?);
    }
    let Some(url) = history.remote()? else {
        return Ok(());
    };
    report.remote = Some(url.clone());
    for _ in 0..3 {
        history.fetch(&url)?;
        {
            let _journal = history.journal_lock(store, true);
            let _lock = lock(store)?;
            // Anything written while the fetch ran goes in before the merge.
            report
                .committed
                .extend(history.commit_all(HAND, "sync", false)?);
            history.merge(store, &branch, report)?;
        }
        history.find_returned(report);
        if !history.ahead(&branch)? {
            return Ok(());
        }
        if history.push(&url, &branch)? {
            report.pushed = true;
            return Ok(());
        }
    }
    Err(GitError::Unreachable {
        remote: url,
        message: "it kept changing while this sync ran; try again in a moment".into(),
    })
}

fn lock(store: &Store) -> Result<crate::store::lock::LockGuard, GitError> {
    store.lock().map_err(|e| GitError::Failed {
        command: "take the writers' lock".into(),
        message: e.to_string(),
    })
}

/// Whether `url` names a repository on this machine (or a mounted shared
/// drive) rather than a server: a path, or a `file://` URL.
pub fn is_local(url: &str) -> bool {
    if url.starts_with("file://") {
        return true;
    }
    if url.contains("://") {
        return false;
    }
    // scp-like `host:path` has a colon before any slash.
    match (url.find(':'), url.find('/')) {
        (Some(colon), Some(slash)) => slash < colon,
        (Some(_), None) => false,
        _ => true,
    }
}

/// Prepares a remote on this machine: `path` made absolute, and an empty
/// bare repository created there (on `branch`) if nothing is there yet but
/// its folder exists. Returns the URL to use and whether it was created.
pub fn prepare_local(path: &str, branch: &str) -> Result<(String, bool), GitError> {
    let raw = path.strip_prefix("file://").unwrap_or(path);
    let expanded = match raw.strip_prefix("~/") {
        Some(rest) => std::env::var_os("HOME")
            .map(|h| PathBuf::from(h).join(rest))
            .unwrap_or_else(|| PathBuf::from(raw)),
        None => PathBuf::from(raw),
    };
    let absolute = std::path::absolute(&expanded).unwrap_or(expanded);
    let url = absolute.to_string_lossy().into_owned();
    let empty_dir =
        absolute.is_dir() && fs::read_dir(&absolute).is_ok_and(|mut d| d.next().is_none());
    if absolute.exists() && !empty_dir {
        return Ok((url, false));
    }
    let parent_exists = absolute.parent().is_some_and(Path::is_dir);
    if !parent_exists {
        return Ok((url, false));
    }
    let git = Git::new(&absolute);
    let mut cmd = git.command([
        "init",
        "--bare",
        "--quiet",
        "--template=",
        &format!("--initial-branch={branch}"),
    ]);
    cmd.env_remove("GIT_DIR").env_remove("GIT_WORK_TREE");
    if !empty_dir {
        fs::create_dir(&absolute).map_err(|e| GitError::io("create", &absolute, e))?;
    }
    cmd.current_dir(&absolute);
    let out = cmd.output().map_err(GitError::Spawn)?;
    if !out.status.success() {
        return Err(GitError::Failed {
            command: "git init --bare".into(),
            message: reason(&out.stderr, &out.stdout),
        });
    }
    Ok((url, true))
}

/// Replaces the file `original` with the other side's version (header
/// dropped), atomically; the caller has checked it and holds the lock.
pub fn keep_theirs(store: &Store, target: &Path, text: &str) -> Result<(), GitError> {
    if let Some(dir) = target.parent() {
        store
            .ensure_dir(dir)
            .map_err(|e| GitError::io("create", dir, io::Error::other(e.to_string())))?;
    }
    write_replace(target, text.as_bytes()).map_err(|e| GitError::io("write", target, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_remotes_are_paths_and_file_urls() {
        for url in [
            "/mnt/shared/sam.git",
            "../sam.git",
            "sam.git",
            "file:///srv/sam.git",
        ] {
            assert!(is_local(url), "{url}");
        }
        for url in [
            "git@github.com:sam/logbook.git",
            "https://example.org/sam.git",
            "ssh://host/sam.git",
            "host:sam.git",
        ] {
            assert!(!is_local(url), "{url}");
        }
    }
}
