//! The one gate every entry file passes before it is written (by `add`,
//! `edit`, the editor, `tag`, `import`) or moved back (`restore`): the text
//! was made without error, fits the size limit the reader holds to, and
//! reads back as the very entry meant, with an id that fits its file name.
//! A write that fails here writes nothing, so no stored file is ever
//! replaced by text that is empty, cut short or different. Witness and
//! assessor records pass the same checks ([`record_text`]) before their
//! file is created.

use super::atomic::fault;
use std::path::Path;

use super::StoreError;
use super::read::{max_entry_bytes, read_text, size_words};
use crate::model::entry::{Entry, SerialiseError, id_problem};
use crate::model::record::Record;

/// `made` (the text of `entry`, to be stored as `<stem>.toml`), checked.
pub fn entry_text(
    entry: &Entry,
    made: Result<String, SerialiseError>,
    stem: &str,
) -> Result<String, StoreError> {
    let made = if fault("serialise") {
        Err(SerialiseError::Toml("LOGBOOK_FAULT=serialise".into()))
    } else {
        made
    };
    let text = made.map_err(|e| StoreError::Unwritable {
        id: entry.id.clone(),
        reason: e.to_string(),
    })?;
    let limit = max_entry_bytes();
    if text.len() as u64 > limit {
        let (mut size, mut most) = (size_words(text.len() as u64), size_words(limit));
        if size == most {
            size = format!("{} bytes", text.len());
            most = format!("{limit} bytes");
        }
        return Err(StoreError::TooLarge {
            id: entry.id.clone(),
            size,
            limit: most,
        });
    }
    let reads_back = match Entry::parse(&text) {
        Ok((back, spans)) => {
            back == *entry && id_problem(&back, &spans, &text, Some(stem)).is_none()
        }
        Err(_) => false,
    };
    if !reads_back || fault("verify") {
        return Err(StoreError::NotReadBack {
            id: entry.id.clone(),
        });
    }
    Ok(text)
}

/// A file about to be moved back into place (by `restore`) is still what
/// was read from it — the same bytes, the same entry — and an entry the
/// store could write out again, as the next `tag` or `edit` will.
/// `path` held `text`, which was read as `entry`.
pub fn restorable(path: &Path, text: &str, entry: &Entry, stem: &str) -> Result<(), StoreError> {
    let same = read_text(path).is_ok_and(|now| now == text)
        && Entry::parse(text).is_ok_and(|(back, _)| back == *entry);
    if !same {
        return Err(StoreError::NotReadBack {
            id: entry.id.clone(),
        });
    }
    entry_text(entry, entry.to_toml(), stem).map(drop)
}

/// `made` (the text of a witness or assessor `record`), checked as
/// [`entry_text`] checks an entry: made without error, within the size the
/// reader accepts, and read back as the very record meant.
pub fn record_text(
    record: &Record,
    made: Result<String, SerialiseError>,
) -> Result<String, StoreError> {
    let what = format!("the {} record for {}", record.kind(), record.entry());
    let made = if fault("serialise") {
        Err(SerialiseError::Toml("LOGBOOK_FAULT=serialise".into()))
    } else {
        made
    };
    let text = made.map_err(|e| StoreError::Unwritable {
        id: what.clone(),
        reason: e.to_string(),
    })?;
    let limit = max_entry_bytes();
    if text.len() as u64 > limit {
        return Err(StoreError::TooLarge {
            id: what,
            size: size_words(text.len() as u64),
            limit: size_words(limit),
        });
    }
    let reads_back = Record::parse(record.kind(), &text).is_ok_and(|back| back == *record);
    if !reads_back || fault("verify") {
        return Err(StoreError::NotReadBack { id: what });
    }
    Ok(text)
}
