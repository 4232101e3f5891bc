//! Evidence files: documents copied into the logbook with `--attach`, kept
//! in `evidence/` under their content's hash and their own name
//! (`evidence/3f2a9c1b7d4e-minutes.pdf`: the first 12 hex digits of the
//! file's SHA-256, a dash, the original name made safe and with its
//! personal data taken out, as an entry id's is: see [`stored_name`];
//! `evidence/3f2a9c1b7d4e-evidence.pdf` when nothing is left). The same file
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
use crate::rules::redact::{self, NameRule};

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
        let names = self.listed_names();
        let raw = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = stored_name(&raw, &names);
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

/// The name a file is stored under after its hash: the original name with
/// its personal data taken out as an entry id's is ([`redact::file_name_words`]:
/// phone, card and account numbers, emails, postcodes, listed and titled
/// names, any run of seven digits or more), made safe anywhere — letters,
/// digits, `.`, `-`, `_`; other runs become one `-`; at most 80 characters —
/// keeping the extension; `evidence.<ext>` when nothing else is left.
pub fn stored_name(original: &str, names: &[NameRule]) -> String {
    // `jane@example.com` is an address, not a file of type `com`.
    let domain_cut = |stem: &str| {
        stem.rsplit(char::is_whitespace)
            .next()
            .and_then(|last| last.rsplit_once(['@', '＠']))
            .is_some_and(|(_, domain)| !domain.contains('.'))
    };
    let (stem, ext) = match original.rsplit_once('.') {
        Some((stem, ext))
            if !stem.trim_matches('.').is_empty()
                && !domain_cut(stem)
                && (1..=10).contains(&ext.len())
                && ext.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            (stem, Some(ext))
        }
        _ => (original, None),
    };
    let words = redact::file_name_words(stem, names);
    let stem = safe(&words);
    let stem = if stem.is_empty() { "evidence" } else { &stem };
    let Some(ext) = ext else {
        return stem.chars().take(80).collect();
    };
    let keep = 80 - ext.len() - 1;
    let stem = match stem.char_indices().nth(keep) {
        Some((cut, _)) => stem[..cut].trim_end_matches(['-', '.']),
        None => stem,
    };
    format!("{stem}.{ext}")
}

/// How a stored evidence path is shown (in an export, its bundle and
/// links): `evidence/<hash>-` and [`stored_name`] of the rest, so a file
/// stored before names were cleaned shows no personal data either; any
/// other attachment as it is.
pub fn shown_name(attachment: &str, names: &[NameRule]) -> String {
    match stored_hash(attachment) {
        Some(hash) => {
            let rest = &attachment["evidence/".len() + HASH_LEN + 1..];
            format!("evidence/{hash}-{}", stored_name(rest, names))
        }
        None => attachment.to_string(),
    }
}

/// `text` made safe anywhere: letters, digits, `.`, `_`; other runs one
/// `-`; no dash or dot at either end.
fn safe(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut out = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.replace("-.", ".").trim_matches(['-', '.']).to_string()
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
    fn stored_names_carry_no_personal_data() {
        let names: Vec<NameRule> = ["Joanne Hughes", "Siobhán Ó Briain"]
            .iter()
            .filter_map(|n| NameRule::parse(n))
            .collect();
        for (original, stored) in [
            (
                "Joanne Hughes 07700 900123 jane@example.com SW1A1AA.pdf",
                "evidence.pdf",
            ),
            ("Joanne_Hughes_complaint_07700900123.docx", "complaint.docx"),
            ("joanne-hughes-letter.pdf", "letter.pdf"),
            ("Siobhan O Briain refund M11AE.PDF", "refund.PDF"),
            ("Letter to Mrs Okafor.pdf", "Letter.pdf"),
            ("Mrs-Okafor-letter.pdf", "letter.pdf"),
            ("card 4111 1111 1111 1111 receipt.png", "card-receipt.png"),
            ("ref ٠١٢٣٤٥٦٧٨٩ notes.txt", "ref-notes.txt"),
            ("jane@example.com", "evidence"),
            ("jane.doe＠example.com.eml", "evidence.eml"),
            ("07700 900123.m4a", "evidence.m4a"),
            ("Team rota week 3.xlsx", "Team-rota-week-3.xlsx"),
            (
                "Joanne-Hughes-07700-900123-jane-example.com-SW1A1AA.pdf",
                "evidence.pdf",
            ),
        ] {
            assert_eq!(stored_name(original, &names), stored, "{original}");
        }
        assert_eq!(
            shown_name(
                "evidence/3f2a9c1b7d4e-Joanne-Hughes-07700-900123-jane-example.com-SW1A1AA.pdf",
                &names
            ),
            "evidence/3f2a9c1b7d4e-evidence.pdf"
        );
        assert_eq!(
            shown_name("recordings/call.m4a", &names),
            "recordings/call.m4a"
        );
        let long = format!("{}.pdf", "word ".repeat(40));
        let stored = stored_name(&long, &[]);
        assert!(stored.len() <= 80 && stored.ends_with(".pdf"), "{stored}");
    }

    #[test]
    fn names_are_safe_and_hashes_are_checked() {
        for (original, stored) in [
            ("Minutes 27 Nov (final).PDF", "Minutes-27-Nov-final.PDF"),
            ("..", "evidence"),
            ("ünïcode.txt", "unicode.txt"),
            (".hidden", "hidden"),
        ] {
            assert_eq!(stored_name(original, &[]), stored, "{original}");
        }
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
