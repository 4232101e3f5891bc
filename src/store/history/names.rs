//! Names inside the data directory that the history cares about: which
//! paths are entry files ([`entry_of`]) and where a sync keeps the other
//! side's version of a file ([`Aside`]). Pure.

/// The subject of commits of hand edits, picked up by a sync or before a
/// command records its own change.
pub const HAND: &str = "edit by hand";

/// Where the other side's versions are kept until resolved.
pub const CONFLICTS: &str = "conflicts";

/// What a header line of a kept version starts with; dropped when that
/// version is kept.
pub const HEADER: &str = "# logbook sync: ";

/// The entry a path inside the data directory holds, if it is an entry
/// file: `entries/YYYY/MM/<id>.toml` or `trash/<id>.toml`.
pub fn entry_of(path: &str) -> Option<&str> {
    let parts: Vec<&str> = path.split('/').collect();
    let file = match parts.as_slice() {
        ["entries", _, _, file] | ["trash", file] => *file,
        _ => return None,
    };
    file.strip_suffix(".toml").filter(|s| !s.starts_with('.'))
}

/// The entry a witness or assessor record belongs to, and the kind of
/// record (`witness`, `assessment`): `records/<id>/<kind>-<stamp>-<hash>.toml`.
pub fn record_of(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix("records/")?;
    let (id, file) = rest.split_once('/')?;
    let (kind, _) = file.strip_suffix(".toml")?.split_once('-')?;
    (!id.is_empty() && !id.starts_with('.') && !file.contains('/')).then_some((id, kind))
}

/// The short id `logbook hours` shows for an hours file, and its kind
/// (`hours`, `void`): `hours/<kind>-<stamp>-<12 hex>.toml` → the first 7
/// hex digits.
pub fn hours_of(path: &str) -> Option<(&str, &str)> {
    let file = path.strip_prefix("hours/")?.strip_suffix(".toml")?;
    let (kind, _) = file.split_once('-')?;
    let (_, hash) = file.rsplit_once('-')?;
    (hash.len() >= 7 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then(|| (&hash[..7], kind))
}

/// The other side's version of a file, kept beside ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aside {
    /// Where it is, inside the data directory (`conflicts/...`).
    pub path: String,
    /// The file it is a version of (`entries/2026/11/<id>.toml`).
    pub original: String,
    /// The short hash of the commit it came from.
    pub commit: String,
}

impl Aside {
    /// The entry it is a version of, if the file is an entry.
    pub fn entry(&self) -> Option<&str> {
        entry_of(&self.original)
    }

    /// Reads a path inside `conflicts/` back: the original path, and the
    /// commit named in the file name.
    pub fn parse(path: &str) -> Option<Aside> {
        let rest = path.strip_prefix(CONFLICTS)?.strip_prefix('/')?;
        let (dir, file) = match rest.rsplit_once('/') {
            Some((dir, file)) => (Some(dir), file),
            None => (None, rest),
        };
        let at = file.rfind(".conflict-")?;
        let (stem, tail) = (&file[..at], &file[at + ".conflict-".len()..]);
        let (commit, ext) = match tail.split_once('.') {
            Some((commit, ext)) => (commit, Some(ext)),
            None => (tail, None),
        };
        let commit = commit.split('-').next().unwrap_or(commit);
        if stem.is_empty() || commit.is_empty() {
            return None;
        }
        let name = match ext {
            Some(ext) => format!("{stem}.{ext}"),
            None => stem.to_string(),
        };
        Some(Aside {
            path: path.to_string(),
            original: match dir {
                Some(dir) => format!("{dir}/{name}"),
                None => name,
            },
            commit: commit.to_string(),
        })
    }
}

/// The place for the other side's version of `original` from `commit`:
/// `conflicts/<dir>/<stem>.conflict-<commit>.<ext>`, then `-2`, `-3`...
/// when that is taken.
pub fn aside_path(original: &str, commit: &str, n: u32) -> String {
    let (dir, file) = match original.rsplit_once('/') {
        Some((dir, file)) => (format!("{dir}/"), file),
        None => (String::new(), original),
    };
    let (stem, ext) = match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (file, String::new()),
    };
    let suffix = if n == 1 {
        String::new()
    } else {
        format!("-{n}")
    };
    format!("{CONFLICTS}/{dir}{stem}.conflict-{commit}{suffix}{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_aside_path_reads_back_as_its_original() {
        let path = aside_path("entries/2026/11/2026-11-27-x.toml", "3f2a9c1", 1);
        assert_eq!(
            path,
            "conflicts/entries/2026/11/2026-11-27-x.conflict-3f2a9c1.toml"
        );
        let aside = Aside::parse(&path).unwrap();
        assert_eq!(aside.original, "entries/2026/11/2026-11-27-x.toml");
        assert_eq!(aside.commit, "3f2a9c1");
        assert_eq!(aside.entry(), Some("2026-11-27-x"));

        let second = aside_path("logbook.toml", "3f2a9c1", 2);
        assert_eq!(second, "conflicts/logbook.conflict-3f2a9c1-2.toml");
        let aside = Aside::parse(&second).unwrap();
        assert_eq!(aside.original, "logbook.toml");
        assert_eq!(aside.entry(), None);

        let bare = aside_path("notes/README", "abc", 1);
        assert_eq!(bare, "conflicts/notes/README.conflict-abc");
        assert_eq!(Aside::parse(&bare).unwrap().original, "notes/README");
        assert_eq!(Aside::parse("conflicts/stray.toml"), None);
        assert_eq!(Aside::parse("entries/x.conflict-abc.toml"), None);
    }

    #[test]
    fn entry_files_are_known_by_their_place() {
        assert_eq!(entry_of("entries/2026/11/a.toml"), Some("a"));
        assert_eq!(entry_of("trash/a.toml"), Some("a"));
        assert_eq!(entry_of("entries/2026/11/.a.toml.1.tmp"), None);
        assert_eq!(entry_of("entries/a.toml"), None);
        assert_eq!(entry_of("logbook.toml"), None);
        assert_eq!(entry_of("conflicts/entries/2026/11/a.toml"), None);
        assert_eq!(
            record_of("records/a/assessment-20261129T090000p0000-0123456789ab.toml"),
            Some(("a", "assessment"))
        );
        assert_eq!(record_of("records/a/deeper/x-y.toml"), None);
        assert_eq!(record_of("records/a.toml"), None);
        assert_eq!(
            hours_of("hours/void-20261129T090000p0000-753a2b3c4d5e.toml"),
            Some(("753a2b3", "void"))
        );
        assert_eq!(hours_of("hours/notes.toml"), None);
    }
}
