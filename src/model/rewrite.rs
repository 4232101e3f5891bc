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

/// A three-way merge of two edits of one entry: `ours` and `theirs` were
/// both made from `base`. A field changed on one side only takes that
/// side's value; changed alike on both, that value. Criteria, tags and
/// attachments merge item by item (what either side added is in, what
/// either removed is out), sections key by key. `Err` names the fields both
/// sides changed differently, which only a person can reconcile.
pub fn merge_edits(base: &Entry, ours: &Entry, theirs: &Entry) -> Result<Entry, Vec<String>> {
    let mut conflicts = Vec::new();
    let mut pick = |name: &str, b: &dyn Fn(&Entry) -> String| {
        let (b0, o, t) = (b(base), b(ours), b(theirs));
        if o == b0 || o == t {
            Side::Theirs
        } else if t == b0 {
            Side::Ours
        } else {
            conflicts.push(name.to_string());
            Side::Theirs
        }
    };
    let title = pick("title", &|e| e.title.clone());
    let occurred = pick("occurred", &|e| e.occurred.to_string());
    let framework = pick("framework", &|e| e.framework.clone());
    let evidence = pick("evidence", &|e| e.evidence.as_str().to_string());
    let witness = pick("witness", &|e| format!("{:?}", e.witness));
    let source = pick("source", &|e| format!("{:?}", e.source));
    let id = pick("id", &|e| e.id.clone());
    let created = pick("created", &|e| e.created.to_rfc3339());
    let choose = |side: Side| if side == Side::Ours { ours } else { theirs };
    let mut merged = theirs.clone();
    merged.title = choose(title).title.clone();
    merged.occurred = choose(occurred).occurred;
    merged.framework = choose(framework).framework.clone();
    merged.evidence = choose(evidence).evidence.clone();
    merged.witness = choose(witness).witness.clone();
    merged.source = choose(source).source.clone();
    merged.id = choose(id).id.clone();
    merged.created = choose(created).created;
    merged.criteria = merge_items(&base.criteria, &ours.criteria, &theirs.criteria);
    merged.tags = merge_items(&base.tags, &ours.tags, &theirs.tags);
    merged.attachments = merge_items(&base.attachments, &ours.attachments, &theirs.attachments);
    let mut keys: Vec<&String> = theirs.sections.keys().collect();
    for key in ours.sections.keys().chain(base.sections.keys()) {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let mut sections = indexmap::IndexMap::new();
    for key in keys {
        let (b, o, t) = (
            base.sections.get(key),
            ours.sections.get(key),
            theirs.sections.get(key),
        );
        let value = if o == b || o == t {
            t
        } else if t == b {
            o
        } else {
            conflicts.push(format!("the {key} section"));
            t
        };
        if let Some(text) = value {
            sections.insert(key.clone(), text.clone());
        }
    }
    merged.sections = sections;
    if conflicts.is_empty() {
        Ok(merged)
    } else {
        Err(conflicts)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Ours,
    Theirs,
}

/// `theirs` without what `ours` removed from `base`, then what `ours` added.
fn merge_items(base: &[String], ours: &[String], theirs: &[String]) -> Vec<String> {
    let mut out: Vec<String> = theirs
        .iter()
        .filter(|x| !base.contains(x) || ours.contains(x))
        .cloned()
        .collect();
    for x in ours {
        if !base.contains(x) && !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
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

    #[test]
    fn edits_of_different_fields_merge_and_overlapping_ones_do_not() {
        let (base, _) = Entry::parse(FILE).unwrap();
        let mut ours = base.clone();
        ours.sections
            .insert("situation".into(), "Rewritten.".into());
        ours.tags.push("mine".into());
        ours.criteria.clear();
        let mut theirs = base.clone();
        theirs.title = "Retitled".into();
        theirs.tags.push("theirs".into());
        theirs.sections.insert("action".into(), "Added.".into());
        theirs.updated = Some(base.created);
        let merged = merge_edits(&base, &ours, &theirs).unwrap();
        assert_eq!(merged.title, "Retitled");
        assert_eq!(merged.sections["situation"], "Rewritten.");
        assert_eq!(merged.sections["action"], "Added.");
        assert_eq!(merged.tags, ["complaint", "theirs", "mine"]);
        assert!(merged.criteria.is_empty());
        assert_eq!(merged.updated, theirs.updated);
        assert_eq!(merge_edits(&base, &base, &theirs).unwrap(), theirs);
        assert_eq!(
            merge_edits(&base, &ours, &base).unwrap().sections,
            ours.sections
        );

        let mut clash = base.clone();
        clash
            .sections
            .insert("situation".into(), "Other words.".into());
        clash.title = "Another title".into();
        let mut ours_title = ours.clone();
        ours_title.title = "My title".into();
        assert_eq!(
            merge_edits(&base, &ours_title, &clash).unwrap_err(),
            ["title", "the situation section"]
        );
        // The same change on both sides is no clash.
        assert!(merge_edits(&base, &ours, &ours).is_ok());
    }
}
