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
/// [`sync`]). The first line is how [`Store::history`] knows logbook keeps
/// the history.
pub const GITATTRIBUTES: &[&str] = &[
    "/entries/** merge=binary",
    "/trash/** merge=binary",
    "/criteria/** merge=binary",
];

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
        if start == Start::Already {
            history.commit_all(super::names::HAND, "hand", false)?;
        } else {
            history.commit_all("sync init", INIT, true)?;
        }
        Ok((history, start))
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
    let target = |path: &str| match Aside::parse(path) {
        Some(aside) => aside.entry().unwrap_or(&aside.original).to_string(),
        None => match entry_of(path).or_else(|| record_of(path).map(|(id, _)| id)) {
            Some(id) => id.to_string(),
            None => match hours_of(path) {
                Some((short, _)) if hours => short.to_string(),
                _ => path.to_string(),
            },
        },
    };
    let is_entry = |path: &str| {
        entry_of(path).is_some() || record_of(path).is_some() || Aside::parse(path).is_some()
    };
    let evidence: Vec<&Change> = changes
        .iter()
        .filter(|c| c.path.starts_with("evidence/"))
        .collect();
    // Evidence files go with entries when there are any.
    let with_entries = !evidence.is_empty() && evidence.len() < changes.len();
    let mut targets: Vec<String> = Vec::new();
    for change in changes {
        if with_entries && change.path.starts_with("evidence/") {
            continue;
        }
        let target = target(&change.path);
        if !targets.contains(&target) {
            targets.push(target);
        }
    }
    let all_entries = changes
        .iter()
        .all(|c| is_entry(&c.path) || (with_entries && c.path.starts_with("evidence/")));
    let mut subject = match targets.len() {
        0 => verb.to_string(),
        1..=3 => format!("{verb} {}", targets.join(", ")),
        n if all_entries => format!("{verb} {n} entries"),
        n => format!("{verb} {}, {} and {} more", targets[0], targets[1], n - 2),
    };
    if with_entries {
        let n = evidence.len();
        let files = if n == 1 { "file" } else { "files" };
        subject.push_str(&format!(" and {n} evidence {files}"));
    }
    subject
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
            "edit by hand notes.txt, 2026-01-01-x and 4 more"
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
            "edit by hand hours/hours-20261123T180000p0000-753a2b3c4d5e.toml"
        );
        let unit = [change('A', "criteria/CSS.toml")];
        assert_eq!(
            subject("criteria import", &unit),
            "criteria import criteria/CSS.toml"
        );
        let alone = [change('A', "evidence/3f2a9c1b7d4e-minutes.pdf")];
        assert_eq!(
            subject("edit by hand", &alone),
            "edit by hand evidence/3f2a9c1b7d4e-minutes.pdf"
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
