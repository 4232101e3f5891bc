//! Drafts: the answers to an unfinished `logbook add` (`drafts/*.toml`,
//! saved after every answer and while typing), the text of an unsaved
//! `logbook edit` (`drafts/edits/<id>.md`, or `<id>.toml` for `--raw`,
//! each with the entry text it began from beside it, `….base`) and the
//! editor's scratch files.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::{DateTime, FixedOffset};

use super::atomic::{write_new, write_replace};
use super::read::read_text;
use super::{Store, StoreError};
use crate::model::names::slug;

impl Store {
    /// Starts a draft file for an entry being written, named after when it
    /// was begun (`drafts/20261128-100000.toml`, then `-2`...). Never
    /// replaces another draft.
    pub fn create_draft(
        &self,
        started: &DateTime<FixedOffset>,
        bytes: &[u8],
    ) -> Result<PathBuf, StoreError> {
        let dir = self.drafts_dir();
        self.ensure_dir(&dir)?;
        let base = started.format("%Y%m%d-%H%M%S").to_string();
        for n in 1u32.. {
            let name = if n == 1 {
                format!("{base}.toml")
            } else {
                format!("{base}-{n}.toml")
            };
            let path = dir.join(name);
            match write_new(&path, bytes) {
                Ok(()) => return Ok(path),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(StoreError::io("write", &path, e)),
            }
        }
        Err(StoreError::NoFreeDraft)
    }

    /// Replaces a draft's contents, atomically.
    pub fn save_draft(&self, path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
        write_replace(path, bytes).map_err(|e| StoreError::io("save the draft", path, e))
    }

    /// The drafts, newest first (by when they were last saved, then name).
    pub fn drafts(&self) -> Vec<DraftFile> {
        let Ok(read) = fs::read_dir(self.drafts_dir()) else {
            return Vec::new();
        };
        let mut drafts: Vec<DraftFile> = read
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|x| x == "toml")
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .map(|path| DraftFile {
                modified: path
                    .metadata()
                    .and_then(|m| m.modified())
                    .unwrap_or(SystemTime::UNIX_EPOCH),
                path,
            })
            .collect();
        drafts.sort_by(|a, b| (b.modified, &b.path).cmp(&(a.modified, &a.path)));
        drafts
    }

    /// Deletes a draft once its entry is saved or the user threw it away.
    pub fn remove_draft(&self, path: &Path) -> Result<(), StoreError> {
        match fs::remove_file(path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(StoreError::io("remove the draft", path, e)),
        }
    }

    /// Where an editor may work: `drafts/edit-<pid>-<name>.<ext>` (`.txt`
    /// unless `name` has an extension, so `entry.md` opens as Markdown),
    /// private and inside the data directory.
    pub fn scratch_path(&self, name: &str) -> Result<PathBuf, StoreError> {
        let dir = self.drafts_dir();
        self.ensure_dir(&dir)?;
        let (stem, ext) = match name.rsplit_once('.') {
            Some((stem, ext))
                if !ext.is_empty() && ext.chars().all(|c| c.is_ascii_alphanumeric()) =>
            {
                (stem, ext.to_ascii_lowercase())
            }
            _ => (name, "txt".to_string()),
        };
        let stem = slug(stem, 40);
        Ok(dir.join(format!("edit-{}-{stem}.{ext}", std::process::id())))
    }

    /// `drafts/edits/<stem>.toml`: where `logbook edit` keeps the text being
    /// edited until it is valid and saved.
    pub fn edit_draft_path(&self, stem: &str) -> PathBuf {
        self.drafts_dir().join("edits").join(format!("{stem}.toml"))
    }

    /// `drafts/edits/<stem>.md`: where `logbook edit` keeps the Markdown
    /// form being edited until it reads back and is saved.
    pub fn edit_form_path(&self, stem: &str) -> PathBuf {
        self.drafts_dir().join("edits").join(format!("{stem}.md"))
    }

    /// The base kept beside an edit's draft (`<stem>.toml.base` beside
    /// `<stem>.toml`, `<stem>.md.base` beside `<stem>.md`): the entry's
    /// text as it was when the edit began, so that saving the edit later
    /// can tell whether the entry has moved on since (and merge, or
    /// refuse), rather than silently undo what changed meanwhile. The same
    /// for the TOML file and the Markdown form.
    pub fn edit_base_path(draft: &Path) -> PathBuf {
        let mut name = draft.as_os_str().to_owned();
        name.push(EDIT_BASE_SUFFIX);
        PathBuf::from(name)
    }

    /// Starts an edit whose draft is `draft`: the entry's text `base` is
    /// kept first, then the draft the editor opens (`text`: the entry file
    /// itself, or its Markdown form). Both atomic and private.
    pub fn start_edit(&self, draft: &Path, base: &str, text: &str) -> Result<(), StoreError> {
        let base_path = Self::edit_base_path(draft);
        if let Some(dir) = draft.parent() {
            self.ensure_dir(dir)?;
        }
        write_replace(&base_path, base.as_bytes())
            .map_err(|e| StoreError::io("write", &base_path, e))?;
        write_replace(draft, text.as_bytes()).map_err(|e| StoreError::io("write", draft, e))?;
        Ok(())
    }

    /// The entry text an unsaved edit began from, if it was recorded.
    pub fn edit_base(&self, draft: &Path) -> Option<String> {
        read_text(&Self::edit_base_path(draft)).ok()
    }

    /// Removes an edit's draft and base once it is saved or given up, and
    /// `drafts/edits/` when nothing else is in it.
    pub fn remove_edit(&self, draft: &Path) {
        let _ = fs::remove_file(draft);
        let _ = fs::remove_file(Self::edit_base_path(draft));
        if let Some(dir) = draft.parent() {
            // Only succeeds when empty, which is the point.
            let _ = fs::remove_dir(dir);
        }
    }

    /// Every file an unsaved edit of the entry stored as `<stem>.toml`
    /// left in `drafts/edits/`: its drafts (TOML and Markdown) and what
    /// they began from. They hold the entry's words, so `purge` takes them.
    pub fn edit_files(&self, stem: &str) -> Vec<PathBuf> {
        [self.edit_draft_path(stem), self.edit_form_path(stem)]
            .into_iter()
            .flat_map(|draft| [Self::edit_base_path(&draft), draft])
            .filter(|p| p.symlink_metadata().is_ok())
            .collect()
    }

    /// Every file under `drafts/` (two levels, links not followed), sorted.
    pub fn draft_files(&self) -> Vec<PathBuf> {
        fn visit(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
            let Ok(read) = fs::read_dir(dir) else { return };
            for item in read.flatten() {
                match item.file_type() {
                    Ok(t) if t.is_dir() && depth < 2 => visit(&item.path(), depth + 1, out),
                    Ok(t) if t.is_dir() => {}
                    _ => out.push(item.path()),
                }
            }
        }
        let mut out = Vec::new();
        visit(&self.drafts_dir(), 0, &mut out);
        out.sort();
        out
    }
}

/// What follows an edit draft's name in the name of its base (see
/// [`Store::edit_base_path`]).
pub const EDIT_BASE_SUFFIX: &str = ".base";

/// A saved draft (`drafts/*.toml`).
#[derive(Debug, Clone)]
pub struct DraftFile {
    pub path: PathBuf,
    pub modified: SystemTime,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn drafts_are_private_never_clash_and_list_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("data"));
        assert!(store.drafts().is_empty());
        let started = DateTime::parse_from_rfc3339("2026-11-28T10:00:00+00:00").unwrap();
        let a = store.create_draft(&started, b"title = \"a\"\n").unwrap();
        let b = store.create_draft(&started, b"title = \"b\"\n").unwrap();
        assert_eq!(a.file_name().unwrap(), "20261128-100000.toml");
        assert_eq!(b.file_name().unwrap(), "20261128-100000-2.toml");
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&a), 0o600);
        assert_eq!(mode(&store.drafts_dir()), 0o700);

        // The one saved last comes first, whatever its name.
        std::thread::sleep(std::time::Duration::from_millis(20));
        store.save_draft(&a, b"title = \"a2\"\n").unwrap();
        let scratch = store.scratch_path("situation").unwrap();
        fs::write(&scratch, "editor text").unwrap();
        let listed: Vec<PathBuf> = store.drafts().into_iter().map(|d| d.path).collect();
        assert_eq!(
            listed,
            [a.clone(), b.clone()],
            "editor scratch files are not drafts"
        );
        assert_eq!(fs::read(&a).unwrap(), b"title = \"a2\"\n");

        store.remove_draft(&a).unwrap();
        store.remove_draft(&a).unwrap();
        assert_eq!(store.drafts().len(), 1);
    }
}
