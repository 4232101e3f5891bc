//! Writes a changed entry back into the file text it came from, touching only
//! the fields that changed, so the comments and layout a person added by hand
//! survive `edit --title`, `tag` and the `updated` stamp. Pure: text in, text
//! out.

use toml_edit::{DocumentMut, Item, Table};

use crate::model::entry::{Entry, SerialiseError};

/// The text of `new`, made from `original` (the file that parsed as `old`).
/// Falls back to the canonical [`Entry::to_toml`] when the result would not
/// read back as exactly `new`; fails only when `new` cannot be written at
/// all.
pub fn rewrite(original: &str, old: &Entry, new: &Entry) -> Result<String, SerialiseError> {
    let canonical = new.to_toml()?;
    let Ok(old_text) = old.to_toml() else {
        return Ok(canonical);
    };
    let docs = (
        original
            .strip_prefix('\u{feff}')
            .unwrap_or(original)
            .parse::<DocumentMut>(),
        old_text.parse::<DocumentMut>(),
        canonical.parse::<DocumentMut>(),
    );
    let (Ok(mut doc), Ok(before), Ok(after)) = docs else {
        return Ok(canonical);
    };
    merge(doc.as_table_mut(), before.as_table(), after.as_table());
    let text = doc.to_string();
    Ok(match Entry::parse(&text) {
        Ok((back, _)) if back == *new => text,
        _ => canonical,
    })
}

/// Applies to `doc` every difference between `before` and `after`.
fn merge(doc: &mut Table, before: &Table, after: &Table) {
    let mut keys: Vec<String> = before.iter().map(|(k, _)| k.to_string()).collect();
    for (key, _) in after {
        if !keys.iter().any(|k| k == key) {
            keys.push(key.to_string());
        }
    }
    for key in keys {
        match (before.get(&key), after.get(&key)) {
            (Some(Item::Table(b)), Some(Item::Table(a))) => match doc.get_mut(&key) {
                Some(Item::Table(d)) => merge(d, b, a),
                _ => {
                    doc.insert(&key, Item::Table(a.clone()));
                }
            },
            (b, Some(a)) => {
                if b.map(ToString::to_string) != Some(a.to_string()) {
                    set(doc, &key, a.clone());
                }
            }
            (Some(_), None) => {
                doc.remove(&key);
            }
            (None, None) => {}
        }
    }
}

/// Replaces a value, keeping the spacing and any trailing comment around it.
fn set(doc: &mut Table, key: &str, item: Item) {
    match (doc.get_mut(key), item) {
        (Some(Item::Value(old)), Item::Value(mut value)) => {
            *value.decor_mut() = old.decor().clone();
            *old = value;
        }
        (_, item) => {
            doc.insert(key, item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"# My refund story; keep this comment.
id = "2026-11-27-refund"
title = "Refund" # short for now
created = 2026-11-28T14:12:05+00:00
occurred = 2026-11-27
framework = "star"
evidence = "reflective-account"
criteria = [
    "RES.1", # the listening part
]
tags = ["complaint"]

[sections]
# what happened first
situation = "A late refund."
task = """
Sort it out.
"""
"#;

    #[test]
    fn only_changed_fields_move_and_comments_stay() {
        let (old, _) = Entry::parse(FILE).unwrap();
        let mut new = old.clone();
        new.title = "Refund complaint escalated".into();
        new.criteria.push("RES.6".into());
        new.updated = Some(old.created);
        new.sections
            .insert("action".into(), "I rang back.\nTwice.".into());
        new.sections.shift_remove("task");
        let text = rewrite(FILE, &old, &new).unwrap();
        assert_eq!(Entry::parse(&text).unwrap().0, new);
        for kept in [
            "# My refund story; keep this comment.\n",
            "title = \"Refund complaint escalated\" # short for now\n",
            "# what happened first\nsituation = \"A late refund.\"\n",
            "updated = 2026-11-28T14:12:05+00:00\n",
        ] {
            assert!(text.contains(kept), "{kept:?} missing from:\n{text}");
        }
        assert!(!text.contains("Sort it out"), "{text}");
    }

    #[test]
    fn unchanged_entries_keep_their_text_exactly() {
        let (old, _) = Entry::parse(FILE).unwrap();
        assert_eq!(rewrite(FILE, &old, &old).unwrap(), FILE);
    }

    #[test]
    fn text_that_is_not_toml_falls_back_to_the_canonical_form() {
        let (old, _) = Entry::parse(FILE).unwrap();
        assert_eq!(
            rewrite("not = = toml", &old, &old).unwrap(),
            old.to_toml().unwrap()
        );
    }
}
