//! What a person types for an entry, checked and tidied: section text given
//! as `TEXT`, `@FILE` or `-`, tags and titles. Shared by `add`, `edit`,
//! `tag` and the walk-through.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use crate::cli::error::{CommandError, Result};

/// `TEXT`, `@FILE` or `-` (stdin, once).
pub fn section_value(value: &str, stdin_used: &mut bool) -> Result<String> {
    if value == "-" {
        if *stdin_used {
            return Err(CommandError::usage(
                "only one --section can read stdin (KEY=-)",
            ));
        }
        *stdin_used = true;
        let mut stdin = std::io::stdin();
        if stdin.is_terminal() {
            return Err(CommandError::usage(
                "KEY=- reads the section from stdin, but stdin is a terminal",
            )
            .with_hint("pipe the text in, or use KEY=@FILE"));
        }
        let mut bytes = Vec::new();
        stdin
            .read_to_end(&mut bytes)
            .map_err(|e| CommandError::io("read", &PathBuf::from("stdin"), e))?;
        return String::from_utf8(bytes)
            .map_err(|_| CommandError::usage("stdin is not UTF-8 text"));
    }
    if let Some(file) = value.strip_prefix('@') {
        let path = PathBuf::from(file);
        let bytes =
            std::fs::read(&path).map_err(|e| CommandError::io("read", &path, e).into_usage())?;
        return String::from_utf8(bytes).map_err(|e| {
            CommandError::usage(format!(
                "{}: not UTF-8 text (byte {})",
                path.display(),
                e.utf8_error().valid_up_to() + 1
            ))
        });
    }
    Ok(value.to_string())
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

/// Copies each `--attach FILE` into the logbook's `evidence/`, returning
/// the stored paths (relative to the data directory), in order, once each.
pub fn attach_files(
    store: &crate::store::Store,
    files: &[std::path::PathBuf],
) -> Result<Vec<String>> {
    let mut stored: Vec<String> = Vec::new();
    for file in files {
        if !file.is_file() {
            return Err(CommandError::usage(format!(
                "--attach {}: no such file",
                file.display()
            )));
        }
        let path = store
            .attach(file)
            .map_err(|e| CommandError::from(e).into_usage())?;
        if !stored.contains(&path) {
            stored.push(path);
        }
    }
    Ok(stored)
}
