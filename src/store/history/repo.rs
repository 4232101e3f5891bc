//! The repository itself: finding it ([`Store::history`]), starting or
//! adopting it ([`History::init`]) and recording changes as commits
//! ([`History::commit_all`]).

use std::fs;

use super::error::GitError;
use super::git::{Git, Ident};
use super::names::{Aside, entry_of, hours_of, record_of};
use crate::store::Store;
use crate::store::atomic::write_replace;
use crate::store::read::read_text;

/// What a logbook's `.gitignore` must hold: what is this machine's alone.
/// The digest cache; every draft (unfinished entries, kept edits as TOML or
/// as the Markdown form with the `.base` text each began from, the walk's
/// autosaved answers and editor scratch files all live under `drafts/`);
/// the writers' lock; the temporary files of atomic writes (`.NAME.PID.N.tmp`);
/// an edit's base wherever one turns up; and what editors leave beside a
/// file edited by hand (vim's swap files, emacs's backups and lock links).
/// Last, stored evidence files are tracked whatever they are called (an
/// attached `notes.tmp` is evidence; a temporary file there starts with a
/// dot and stays ignored).
///
/// Everything else travels between copies: entries and the trash,
/// `logbook.toml`, `criteria/`, `records/` (witness testimonies and
/// assessor decisions), `evidence/`, `hours/` and `conflicts/`.
pub const GITIGNORE: &[&str] = &[
    "/cache/",
    "/drafts/",
    "/.lock",
    "*.tmp",
    "*.base",
    "*.sw[op]",
    "*~",
    ".#*",
    "!/evidence/[!.]*",
];

/// What its `.gitattributes` must hold: an entry (or a unit of criteria)
/// changed on two machines is never merged line by line into a mix neither
/// side wrote; git keeps ours and `sync` keeps theirs beside it (see
/// [`sync`]). Ignore rules from two copies are simply put together (a
/// new copy joining one whose `.gitignore` holds the user's own rules
/// keeps both). The first line is how [`Store::history`] knows logbook keeps
/// the history.
pub const GITATTRIBUTES: &[&str] = &[
    "/entries/** merge=binary",
    "/trash/** merge=binary",
    "/criteria/** merge=binary",
    "/.gitignore merge=union",
];

/// The line above the rules `sync init` adds to `.gitignore` when other
/// rules there would keep logbook's own files from being shared.
pub const TRAVEL_HEADER: &str =
    "# Added by logbook: its own files are always shared, whatever the rules above say.";

/// The folders whose files travel between copies.
const TRAVEL_DIRS: &[&str] = &[
    "entries",
    "trash",
    "records",
    "evidence",
    "hours",
    "criteria",
    "conflicts",
];

/// The files at the top that travel between copies.
const TRAVEL_FILES: &[&str] = &["logbook.toml", ".gitignore", ".gitattributes"];

/// A path of each kind that must travel, checked against the ignore rules
/// whether or not such a file exists yet.
const TRAVEL_PROBES: &[&str] = &[
    "entries/2026/11/2026-11-27-x.toml",
    "trash/2026-11-27-x.toml",
    "records/2026-11-27-x/witness-20261129T090000p0000-0123456789ab.toml",
    "evidence/0123456789ab-minutes.pdf",
    "hours/hours-20261123T180000p0000-753a2b3c4d5e.toml",
    "criteria/CSS.toml",
    "conflicts/entries/2026/11/2026-11-27-x.conflict-abc1234.toml",
    "logbook.toml",
    ".gitignore",
    ".gitattributes",
];

/// Whether a path inside the data directory is one of logbook's own files
/// that must be shared (not a temporary file beside one).
pub fn must_travel(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.is_empty() || name.starts_with('.') && !TRAVEL_FILES.contains(&path) {
        return false;
    }
    entry_of(path).is_some()
        || record_of(path).is_some()
        || hours_of(path).is_some()
        || Aside::parse(path).is_some()
        || path.starts_with("evidence/")
        || (path.starts_with("criteria/") && path.ends_with(".toml") && !path[9..].contains('/'))
        || TRAVEL_FILES.contains(&path)
}

/// Runs `cmd` with `input` on stdin; its stdout, whatever its exit status
/// (`check-ignore` exits 1 when nothing is ignored).
fn run_input(mut cmd: std::process::Command, input: Vec<u8>) -> Result<String, GitError> {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(GitError::Spawn)?;
    let stdin = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let Some(mut stdin) = stdin {
            let _ = stdin.write_all(&input);
        }
    });
    let out = child.wait_with_output().map_err(GitError::Spawn)?;
    let _ = writer.join();
    match out.status.code() {
        Some(0 | 1) => Ok(String::from_utf8_lossy(&out.stdout).into_owned()),
        _ => Err(super::git::failed(
            &["check-ignore".into(), "--stdin".into()],
            &out,
        )),
    }
}

/// The trailer naming the logbook command that made a commit.
pub const TRAILER: &str = "Logbook-Command";

/// The trailer value of the commit `sync init` makes: what was in the
/// logbook before its history began.
pub const INIT: &str = "sync init";

/// The trailer value of a commit `sync resolve` makes.
pub const RESOLVE: &str = "sync resolve";

/// What `sync init` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// No repository: one was made.
    New,
    /// A repository made by other means, now keeping the logbook's history.
    Adopted,
    /// The logbook kept its history already.
    Already,
}

/// A data directory whose history is kept in git.
#[derive(Debug, Clone)]
pub struct History {
    pub(super) git: Git,
}

/// One file in a commit: git's status letter (`A`, `M`, `D`…) and its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub status: char,
    pub path: String,
}

/// A commit just made.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub subject: String,
    pub changes: Vec<Change>,
}

impl Store {
    /// The history, if the data directory keeps one: `.git` exists and
    /// `.gitattributes` holds logbook's line, which `sync init` wrote and
    /// every clone shares (a repository the user made by hand is not
    /// written to until `sync init` adopts it). One `stat` and no git call
    /// when there is no repository.
    pub fn history(&self) -> Option<History> {
        self.root().join(".git").symlink_metadata().ok()?;
        let attributes = fs::read_to_string(self.root().join(".gitattributes")).ok()?;
        attributes
            .lines()
            .any(|l| l.trim() == GITATTRIBUTES[0])
            .then(|| History {
                git: Git::new(self.root()),
            })
    }
}

impl History {
    /// The history of `store`, making commits as `ident`.
    pub fn of(store: &Store, ident: Ident) -> History {
        History {
            git: Git::new(store.root()).with_ident(ident),
        }
    }

    /// The same history, making commits as `ident`.
    pub fn as_ident(self, ident: Ident) -> History {
        History {
            git: self.git.with_ident(ident),
        }
    }

    pub fn git(&self) -> &Git {
        &self.git
    }

    /// Makes `store` a repository (or adopts the one there), makes sure its
    /// `.gitignore` and `.gitattributes` hold what logbook needs, and commits
    /// everything as it stands in one commit (an empty one if there is
    /// nothing), which marks where the history began; a logbook that keeps
    /// its history already only gets what is pending committed. `author`,
    /// when given, is kept in this repository's own configuration
    /// (`logbook.author`, never shared) as whose name its commits carry.
    pub fn init(
        store: &Store,
        ident: Ident,
        author: Option<&str>,
    ) -> Result<(History, Start), GitError> {
        store
            .ensure_dir(store.root())
            .map_err(|e| GitError::Failed {
                command: "create the data directory".into(),
                message: e.to_string(),
            })?;
        let adopted = store.root().join(".git").symlink_metadata().is_ok();
        let start = match (adopted, store.history().is_some()) {
            (_, true) => Start::Already,
            (true, false) => Start::Adopted,
            (false, false) => Start::New,
        };
        let history = History::of(store, ident.clone());
        if adopted {
            // Before anything is written or committed: a detached HEAD or
            // an unfinished merge would leave the commit where git's own
            // advice (`git switch main`) loses it.
            history.ready()?;
        }
        if !adopted {
            history
                .git
                .run(["init", "--quiet", "--template=", "--initial-branch=main"])?;
        }
        if let Some(author) = author {
            history.git.run(["config", "logbook.author", author])?;
        }
        let history = match author {
            Some(author) => History {
                git: history.git.clone().with_ident(Ident {
                    name: author.to_string(),
                    ..ident
                }),
            },
            None => history,
        };
        history.ensure_lines(".gitignore", "what stays on this machine", GITIGNORE)?;
        history.ensure_lines(
            ".gitattributes",
            "an entry changed on two machines keeps both versions",
            GITATTRIBUTES,
        )?;
        history.ensure_travel()?;
        if start == Start::Already {
            history.commit_all(super::names::HAND, "hand", false)?;
        } else {
            history.commit_all("sync init", INIT, true)?;
        }
        Ok((history, start))
    }

    /// Makes sure no `.gitignore` rule (the user's own, or one in
    /// `.git/info/exclude` or git's global excludes) keeps logbook's own
    /// files from being shared: if one does, rules are added at the end of
    /// `.gitignore` that let them through, and logbook's own rules for
    /// what stays on this machine are repeated after them. Returns whether
    /// it added them; a rule they cannot override (a `.gitignore` deeper
    /// in) is an error naming it, before anything is committed.
    pub fn ensure_travel(&self) -> Result<bool, GitError> {
        if self.ignored_data()?.is_empty() {
            return Ok(false);
        }
        let path = self.git.work().join(".gitignore");
        let text = if path.exists() {
            read_text(&path).map_err(|d| GitError::Failed {
                command: "read .gitignore".into(),
                message: d.to_string(),
            })?
        } else {
            String::new()
        };
        let mut added = false;
        if !text.lines().any(|l| l.trim() == TRAVEL_HEADER) {
            let mut new = text.clone();
            if !new.is_empty() && !new.ends_with('\n') {
                new.push('\n');
            }
            new.push_str(TRAVEL_HEADER);
            new.push('\n');
            for dir in TRAVEL_DIRS {
                new.push_str(&format!("!/{dir}/\n!/{dir}/**\n"));
            }
            for file in TRAVEL_FILES {
                new.push_str(&format!("!/{file}\n"));
            }
            for line in GITIGNORE {
                new.push_str(line);
                new.push('\n');
            }
            write_replace(&path, new.as_bytes()).map_err(|e| GitError::io("write", &path, e))?;
            added = true;
        }
        match self.ignored_data()?.into_iter().next() {
            Some((path, rule)) => Err(GitError::Ignored { path, rule }),
            None => Ok(added),
        }
    }

    /// Logbook's own files (and a sample path of each kind, so a rule is
    /// found before the first such file is written) that git ignores, each
    /// with the rule that does it (`FILE:LINE:PATTERN`).
    pub fn ignored_data(&self) -> Result<Vec<(String, String)>, GitError> {
        let others = self.git.run([
            "ls-files",
            "-z",
            "--others",
            "--ignored",
            "--exclude-standard",
        ])?;
        let mut paths: Vec<String> = TRAVEL_PROBES.iter().map(|p| p.to_string()).collect();
        paths.extend(
            others
                .split('\0')
                .filter(|p| must_travel(p))
                .map(str::to_string),
        );
        let mut input = Vec::new();
        for p in &paths {
            input.extend_from_slice(p.as_bytes());
            input.push(0);
        }
        let out = self
            .git
            .command(["check-ignore", "--no-index", "--verbose", "-z", "--stdin"]);
        let out = run_input(out, input)?;
        // SOURCE NUL LINE NUL PATTERN NUL PATH NUL, for each match; a
        // negative pattern (`!...`) means the path is let through.
        let fields: Vec<&str> = out.split('\0').collect();
        let mut found = Vec::new();
        for record in fields.chunks(4) {
            let [source, line, pattern, path] = record else {
                continue;
            };
            if pattern.is_empty() || pattern.starts_with('!') {
                continue;
            }
            if !found.iter().any(|(p, _): &(String, String)| p == path) {
                found.push((
                    path.to_string(),
                    format!("rule `{pattern}` in {source}, line {line}"),
                ));
            }
        }
        Ok(found)
    }

    /// Adds what is missing of `lines` to the file `name` at the top of the
    /// data directory, keeping whatever else it holds.
    fn ensure_lines(&self, name: &str, why: &str, lines: &[&str]) -> Result<(), GitError> {
        let path = self.git.work().join(name);
        let text = if path.exists() {
            read_text(&path).map_err(|d| GitError::Failed {
                command: format!("read {name}"),
                message: d.to_string(),
            })?
        } else {
            String::new()
        };
        let missing: Vec<&&str> = lines
            .iter()
            .filter(|l| !text.lines().any(|have| have.trim() == **l))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let mut new = text.clone();
        if !new.is_empty() && !new.ends_with('\n') {
            new.push('\n');
        }
        new.push_str(&format!("# Added by logbook: {why}.\n"));
        for line in missing {
            new.push_str(line);
            new.push('\n');
        }
        write_replace(&path, new.as_bytes()).map_err(|e| GitError::io("write", &path, e))
    }

    /// Commits everything pending (new, changed and removed files) as one
    /// commit named after `verb` and what changed, e.g. "add
    /// 2026-11-27-refund-complaint", with `command` in its trailer. Nothing
    /// pending, no commit (unless `allow_empty`).
    pub fn commit_all(
        &self,
        verb: &str,
        command: &str,
        allow_empty: bool,
    ) -> Result<Option<Recorded>, GitError> {
        self.commit_as(verb, command, None, allow_empty)
    }

    /// Records what a command changed, as [`History::commit_all`] does:
    /// "VERB TARGETS", or "VERB NAMING" when the command says what it
    /// changed better than its files do ("config set learner"); `command`
    /// in its trailer.
    pub fn record(
        &self,
        verb: &str,
        command: &str,
        naming: Option<&str>,
    ) -> Result<Option<Recorded>, GitError> {
        self.commit_as(verb, command, naming, false)
    }

    fn commit_as(
        &self,
        verb: &str,
        command: &str,
        naming: Option<&str>,
        allow_empty: bool,
    ) -> Result<Option<Recorded>, GitError> {
        self.git.run(["add", "--all"])?;
        let changes = self.staged()?;
        if changes.is_empty() && !allow_empty {
            return Ok(None);
        }
        let subject = match naming {
            _ if command == INIT => "sync init: the history starts here".to_string(),
            Some(what) => format!("{verb} {what}"),
            None => subject(verb, &changes),
        };
        let trailer = format!("{TRAILER}: {command}");
        let mut args = vec![
            "commit",
            "--quiet",
            "--no-verify",
            "-m",
            &subject,
            "-m",
            &trailer,
        ];
        if allow_empty {
            args.push("--allow-empty");
        }
        self.git.run(args)?;
        Ok(Some(Recorded { subject, changes }))
    }

    /// The files staged for the next commit.
    fn staged(&self) -> Result<Vec<Change>, GitError> {
        let out = self
            .git
            .run(["diff", "--cached", "--name-status", "--no-renames", "-z"])?;
        Ok(parse_name_status(&out))
    }

    /// Whether anything in the data directory differs from the last commit
    /// (new files included, ignored ones not).
    pub fn pending(&self) -> Result<Vec<String>, GitError> {
        let out = self.git.run([
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--no-renames",
        ])?;
        Ok(out
            .split('\0')
            .filter(|r| r.len() > 3)
            .map(|r| r[3..].to_string())
            .collect())
    }
}

/// `git diff --name-status -z` output: status, NUL, path, NUL...
pub(crate) fn parse_name_status(out: &str) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut fields = out.split('\0');
    while let Some(status) = fields.next() {
        let Some(first) = status.chars().next() else {
            continue;
        };
        let Some(path) = fields.next() else { break };
        // Copies and renames carry two paths: the new one counts.
        let path = if matches!(first, 'R' | 'C') {
            fields.next().unwrap_or(path)
        } else {
            path
        };
        changes.push(Change {
            status: first,
            path: path.to_string(),
        });
    }
    changes
}

/// "add 2026-11-27-refund-complaint": the verb and what it changed, by
/// entry id where the files are an entry's (its file, trash copy, a version
/// kept aside, its witness and assessor records under `records/<id>/`: one
/// id however many files), by path otherwise; past three, the first two
/// and how many more. Evidence files copied in or deleted with entries are
/// counted after them ("add ID and 1 evidence file"); an `hours` command
/// names its records by the short id `logbook hours` shows.
pub fn subject(verb: &str, changes: &[Change]) -> String {
    let hours = verb.starts_with("hours");
    // A path named as it is only when logbook chose its name: the
    // settings, the ignore rules, a unit of criteria. Any other file (one
    // added by hand, an evidence file keeping its original name) is only
    // counted: its name may carry personal data, and subjects are shared.
    let named = |path: &str| {
        TRAVEL_FILES.contains(&path)
            || (path.starts_with("criteria/")
                && path.ends_with(".toml")
                && path[9..]
                    .trim_end_matches(".toml")
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    };
    let target = |path: &str| match Aside::parse(path) {
        Some(aside) => aside.entry().map(str::to_string),
        None => match entry_of(path).or_else(|| record_of(path).map(|(id, _)| id)) {
            Some(id) => Some(id.to_string()),
            None => match hours_of(path) {
                Some((short, _)) if hours => Some(short.to_string()),
                _ => named(path).then(|| path.to_string()),
            },
        },
    };
    let is_entry = |path: &str| {
        entry_of(path).is_some()
            || record_of(path).is_some()
            || Aside::parse(path).is_some_and(|a| a.entry().is_some())
    };
    let evidence = changes
        .iter()
        .filter(|c| c.path.starts_with("evidence/"))
        .count();
    let mut targets: Vec<String> = Vec::new();
    let mut others = 0;
    for change in changes {
        if change.path.starts_with("evidence/") {
            continue;
        }
        match target(&change.path) {
            Some(t) if !targets.contains(&t) => targets.push(t),
            Some(_) => {}
            None => others += 1,
        }
    }
    let all_entries = changes
        .iter()
        .all(|c| is_entry(&c.path) || c.path.starts_with("evidence/") || target(&c.path).is_none());
    let mut parts: Vec<String> = match targets.len() {
        0 => Vec::new(),
        1..=3 => vec![targets.join(", ")],
        n if all_entries => vec![format!("{n} entries")],
        n => vec![format!("{}, {} and {} more", targets[0], targets[1], n - 2)],
    };
    let count = |n: usize, what: &str| {
        let files = if n == 1 { "file" } else { "files" };
        format!("{n} {what}{files}")
    };
    if evidence > 0 {
        parts.push(count(evidence, "evidence "));
    }
    if others > 0 {
        parts.push(count(others, "other "));
    }
    match parts.as_slice() {
        [] => verb.to_string(),
        [first, rest @ ..] if targets.is_empty() => {
            let mut s = format!("{verb}: {first}");
            for r in rest {
                s.push_str(&format!(" and {r}"));
            }
            s
        }
        [first, rest @ ..] => {
            let mut s = format!("{verb} {first}");
            for r in rest {
                s.push_str(&format!(" and {r}"));
            }
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(status: char, path: &str) -> Change {
        Change {
            status,
            path: path.into(),
        }
    }

    #[test]
    fn subjects_name_entries_by_id_and_other_files_by_path() {
        let add = [change('A', "entries/2026/11/2026-11-27-refund.toml")];
        assert_eq!(subject("add", &add), "add 2026-11-27-refund");
        let rm = [
            change('D', "entries/2026/11/2026-11-27-refund.toml"),
            change('A', "trash/2026-11-27-refund.toml"),
        ];
        assert_eq!(subject("rm", &rm), "rm 2026-11-27-refund");
        let config = [change('M', "logbook.toml")];
        assert_eq!(subject("config", &config), "config logbook.toml");
        let many: Vec<Change> = (1..=5)
            .map(|i| change('A', &format!("entries/2026/0{i}/2026-0{i}-01-x.toml")))
            .collect();
        assert_eq!(subject("import", &many), "import 5 entries");
        let mut mixed = many.clone();
        mixed.insert(0, change('A', "evidence/ab12-minutes.pdf"));
        assert_eq!(
            subject("import", &mixed),
            "import 5 entries and 1 evidence file"
        );
        let mut other = many.clone();
        other.insert(0, change('A', "notes.txt"));
        assert_eq!(
            subject("edit by hand", &other),
            "edit by hand 5 entries and 1 other file"
        );
        assert_eq!(subject("sync init", &[]), "sync init");
    }

    #[test]
    fn subjects_name_records_by_their_entry_and_count_evidence_files() {
        let id = "2026-11-27-refund";
        let assess = [change(
            'A',
            &format!("records/{id}/assessment-20261129T090000p0000-0123456789ab.toml"),
        )];
        assert_eq!(subject("assess", &assess), format!("assess {id}"));
        let attach = [
            change('A', &format!("entries/2026/11/{id}.toml")),
            change('A', "evidence/3f2a9c1b7d4e-minutes.pdf"),
        ];
        assert_eq!(
            subject("add", &attach),
            format!("add {id} and 1 evidence file")
        );
        let purge = [
            change('D', &format!("entries/2026/11/{id}.toml")),
            change(
                'D',
                &format!("records/{id}/witness-20261129T090000p0000-0123456789ab.toml"),
            ),
            change('D', "evidence/3f2a9c1b7d4e-minutes.pdf"),
            change('D', "evidence/0a1b2c3d4e5f-rota.xlsx"),
        ];
        assert_eq!(
            subject("purge", &purge),
            format!("purge {id} and 2 evidence files")
        );
        let hours = [change(
            'A',
            "hours/hours-20261123T180000p0000-753a2b3c4d5e.toml",
        )];
        assert_eq!(subject("hours add", &hours), "hours add 753a2b3");
        assert_eq!(
            subject("edit by hand", &hours),
            "edit by hand: 1 other file"
        );
        let unit = [change('A', "criteria/CSS.toml")];
        assert_eq!(
            subject("criteria import", &unit),
            "criteria import criteria/CSS.toml"
        );
        let alone = [change('A', "evidence/3f2a9c1b7d4e-minutes.pdf")];
        assert_eq!(
            subject("edit by hand", &alone),
            "edit by hand: 1 evidence file"
        );
    }

    #[test]
    fn subjects_never_name_a_file_added_by_hand() {
        let hand = [change('A', "Joanne Hughes 07700 900123.txt")];
        assert_eq!(subject("edit by hand", &hand), "edit by hand: 1 other file");
        let two = [
            change('A', "notes/\u{1b}[31mx.txt"),
            change('M', "entries/2026/11/2026-11-27-x.toml"),
            change('A', "Joanne.txt"),
        ];
        assert_eq!(
            subject("edit by hand", &two),
            "edit by hand 2026-11-27-x and 2 other files"
        );
    }

    #[test]
    fn name_status_reads_renames_by_their_new_path() {
        let out = "M\0logbook.toml\0R100\0entries/2026/11/a.toml\0trash/a.toml\0A\0b c.toml\0";
        assert_eq!(
            parse_name_status(out),
            [
                change('M', "logbook.toml"),
                change('R', "trash/a.toml"),
                change('A', "b c.toml")
            ]
        );
    }
}
