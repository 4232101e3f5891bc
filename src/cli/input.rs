//! What a person types for an entry, checked and tidied: section text given
//! as `TEXT`, `@FILE` or `-`, tags and titles. Shared by `add`, `edit`,
//! `tag` and the walk-through.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use crate::cli::error::{CommandError, Result};
use crate::store::read::{max_entry_bytes, size_words};

/// `TEXT`, `@FILE` or `-` (stdin, once), for `--section KEY=VALUE`.
/// Text read from stdin or a file must have words in it: an empty pipe
/// (`false | logbook edit ID --section result=-`) or an empty file is a
/// mistake, never a way to remove a section (that is `KEY=` with nothing
/// after it). Stdin and files are read whole before anything else is done
/// (and before the writers' lock is taken), and no larger than an entry may
/// be.
pub fn section_value(key: &str, value: &str, stdin_used: &mut bool) -> Result<String> {
    let limit = max_entry_bytes();
    let too_large = |what: &str| {
        CommandError::usage(format!(
            "--section {key}: {what} is larger than the {} an entry may hold",
            size_words(limit)
        ))
        .with_hint("shorten it, or split it into two entries")
    };
    let (text, from) = if value == "-" {
        if *stdin_used {
            return Err(CommandError::usage(
                "only one --section can read stdin (KEY=-)",
            ));
        }
        *stdin_used = true;
        let stdin = std::io::stdin();
        if stdin.is_terminal() {
            return Err(CommandError::usage(
                "KEY=- reads the section from stdin, but stdin is a terminal",
            )
            .with_hint("pipe the text in, or use KEY=@FILE"));
        }
        let mut bytes = Vec::new();
        stdin
            .lock()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| CommandError::io("read", &PathBuf::from("stdin"), e))?;
        if bytes.len() as u64 > limit {
            return Err(too_large("stdin"));
        }
        let text =
            String::from_utf8(bytes).map_err(|_| CommandError::usage("stdin is not UTF-8 text"))?;
        (text, "stdin".to_string())
    } else if let Some(file) = value.strip_prefix('@') {
        let path = PathBuf::from(file);
        let mut reader = std::fs::File::open(&path)
            .map_err(|e| CommandError::io("read", &path, e).into_usage())?;
        let mut bytes = Vec::new();
        (&mut reader)
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| CommandError::io("read", &path, e).into_usage())?;
        if bytes.len() as u64 > limit {
            return Err(too_large(&path.display().to_string()));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            CommandError::usage(format!(
                "{}: not UTF-8 text (byte {})",
                path.display(),
                e.utf8_error().valid_up_to() + 1
            ))
        })?;
        (text, path.display().to_string())
    } else {
        return Ok(value.to_string());
    };
    if text.trim().is_empty() {
        return Err(CommandError::usage(format!(
            "--section {key}={value}: {from} is empty, so there is no text for {key}"
        ))
        .with_hint(format!(
            "nothing was changed; to remove a section on purpose, pass --section {key}= with nothing after the ="
        )));
    }
    Ok(text)
}

/// Tags as given, split on commas, trimmed, without repeats.
pub fn split_tags(raw: &[String]) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in raw.iter().flat_map(|t| t.split(',')) {
        let tag = tag.trim().trim_start_matches(['#', '@']).to_string();
        if !tag.is_empty() && !tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            tags.push(tag);
        }
    }
    tags
}

/// A usable title: some words, on one line.
pub fn check_title(title: &str) -> Result<&str> {
    let title = title.trim();
    if title.is_empty() {
        return Err(CommandError::usage("the title is empty"));
    }
    if title.contains(['\n', '\r']) {
        return Err(CommandError::usage("the title must be one line"));
    }
    Ok(title)
}
