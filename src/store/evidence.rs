//! Evidence files: documents copied into the logbook with `--attach`, kept
//! in `evidence/` under their content's hash and their own name
//! (`evidence/3f2a9c1b7d4e-minutes.pdf`: the first 12 hex digits of the
//! file's SHA-256, a dash, the original name made safe). The same file
//! attached twice is stored once; a changed file gets a new name, so an
//! entry's `attachments` always say which bytes it refers to, and `check`
//! can tell when a stored file went missing or was altered.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::atomic::{sync_dir, temp_file};
use super::{Store, StoreError};
use crate::model::record::hex;

/// How many hex digits of the SHA-256 start a stored file's name.
pub const HASH_LEN: usize = 12;

/// What `check` finds for one attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attachment {
    /// A reference to a document outside the logbook (not copied): not checked.
    Reference,
    /// Stored, with the content its name promises.
    Intact,
    Missing,
    /// Stored, but its content no longer matches its name's hash.
    Altered {
        found: String,
    },
}

impl Store {
    pub fn evidence_dir(&self) -> PathBuf {
        self.root.join("evidence")
    }

    /// Copies `source` into `evidence/`, returning its path relative to the
    /// data directory (`evidence/<hash>-<name>`). Atomic; an identical file
    /// already there is reused.
    pub fn attach(&self, source: &Path) -> Result<String, StoreError> {
        let dir = self.evidence_dir();
        self.ensure_dir(&dir)?;
        let mut input = File::open(source).map_err(|e| StoreError::io("read", source, e))?;
        if input.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(StoreError::io(
                "attach",
                source,
                io::Error::other("it is a folder, not a file"),
            ));
        }
        let name = safe_name(source);
        let (temp, file) =
            temp_file(&dir.join(&name)).map_err(|e| StoreError::io("write in", &dir, e))?;
        let copied = copy_hashing(&mut input, &file).and_then(|hash| {
            file.sync_all()?;
            Ok(hash)
        });
        let hash = match copied {
            Ok(hash) => hash,
            Err(e) => {
                let _ = fs::remove_file(&temp);
                return Err(StoreError::io("copy", source, e));
            }
        };
        let relative = format!("evidence/{}-{name}", &hash[..HASH_LEN]);
        let target = self.root.join(&relative);
        let linked = fs::hard_link(&temp, &target);
        let _ = fs::remove_file(&temp);
        match linked {
            Ok(()) => {
                sync_dir(&target);
                Ok(relative)
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                // The same name means the same bytes, unless someone changed it.
                match self.verify(&relative) {
                    Attachment::Intact => Ok(relative),
                    _ => Err(StoreError::io(
                        "store",
                        &target,
                        io::Error::other(
                            "a different file is already there under that name; run `logbook check`",
                        ),
                    )),
                }
            }
            Err(e) => Err(StoreError::io("store", &target, e)),
        }
    }

    /// Whether an attachment is a stored evidence file and still whole.
    pub fn verify(&self, attachment: &str) -> Attachment {
        let Some(expected) = stored_hash(attachment) else {
            return Attachment::Reference;
        };
        let path = self.root.join(attachment);
        let Ok((mut file, _)) = super::read::open_regular(&path) else {
            return Attachment::Missing;
        };
        match copy_hashing(&mut file, io::sink()) {
            Ok(hash) if hash.starts_with(expected) => Attachment::Intact,
            Ok(hash) => Attachment::Altered {
                found: hash[..HASH_LEN].to_string(),
            },
            Err(_) => Attachment::Missing,
        }
    }

    /// Deletes a stored evidence file (`purge`); a reference is left alone.
    pub fn remove_evidence(&self, attachment: &str) -> Result<bool, StoreError> {
        if stored_hash(attachment).is_none() {
            return Ok(false);
        }
        let path = self.root.join(attachment);
        match fs::remove_file(&path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(StoreError::io("delete", &path, e)),
        }
    }
}

/// The hash prefix of a stored evidence path (`evidence/<12 hex>-name`,
/// one level, no `..`), or `None` for anything else.
pub fn stored_hash(attachment: &str) -> Option<&str> {
    let name = attachment.strip_prefix("evidence/")?;
    if name.contains('/') || name.contains('\\') || name.starts_with('.') {
        return None;
    }
    let (hash, rest) = name.split_at_checked(HASH_LEN)?;
    let hex = hash
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    (hex && rest.starts_with('-') && rest.len() > 1).then_some(hash)
}

/// The file's own name, safe anywhere: letters, digits, `.`, `-`, `_`;
/// other runs become one `-`; at most 80 characters, keeping the extension.
fn safe_name(path: &Path) -> String {
    let raw = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ascii = deunicode::deunicode(&raw);
    let mut out = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.replace("-.", ".").trim_matches(['-', '.']).to_string();
    let out = if out.is_empty() {
        "file".to_string()
    } else {
        out
    };
    if out.len() <= 80 {
        return out;
    }
    let (stem, ext) = match out.rsplit_once('.') {
        Some((s, e)) if e.len() <= 10 => (s, format!(".{e}")),
        _ => (out.as_str(), String::new()),
    };
    format!("{}{ext}", &stem[..80 - ext.len()])
}

/// Copies everything from `input` into `output`, returning the hex SHA-256.
fn copy_hashing(input: &mut dyn Read, mut output: impl Write) -> io::Result<String> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        output.write_all(&buf[..n])?;
    }
    output.flush()?;
    Ok(hex(&hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_and_hashes_are_checked() {
        assert_eq!(
            safe_name(Path::new("/x/Minutes 27 Nov (final).PDF")),
            "Minutes-27-Nov-final.PDF"
        );
        assert_eq!(safe_name(Path::new("../..")), "file");
        assert_eq!(safe_name(Path::new("ünïcode.txt")), "unicode.txt");
        assert_eq!(
            stored_hash("evidence/3f2a9c1b7d4e-minutes.pdf"),
            Some("3f2a9c1b7d4e")
        );
        for not in [
            "minutes.pdf",
            "evidence/3f2a9c1b7d4e",
            "evidence/../3f2a9c1b7d4e-x",
            "evidence/3F2A9C1B7D4E-x",
            "evidence/a/3f2a9c1b7d4e-x",
        ] {
            assert_eq!(stored_hash(not), None, "{not}");
        }

        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("data"));
        let source = dir.path().join("Minutes.pdf");
        fs::write(&source, b"minutes").unwrap();
        let stored = store.attach(&source).unwrap();
        assert!(
            stored.starts_with("evidence/") && stored.ends_with("-Minutes.pdf"),
            "{stored}"
        );
        assert_eq!(store.attach(&source).unwrap(), stored, "stored once");
        assert_eq!(store.verify(&stored), Attachment::Intact);
        assert_eq!(store.verify("recordings/x.m4a"), Attachment::Reference);
        fs::write(store.root().join(&stored), b"changed").unwrap();
        assert!(matches!(store.verify(&stored), Attachment::Altered { .. }));
        assert!(
            store.attach(&source).is_err(),
            "an altered file is not reused"
        );
        assert!(store.remove_evidence(&stored).unwrap());
        assert_eq!(store.verify(&stored), Attachment::Missing);
        let leftovers: Vec<_> = fs::read_dir(store.evidence_dir())
            .unwrap()
            .flatten()
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        assert!(store.attach(dir.path()).is_err());
    }
}
