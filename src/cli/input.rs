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
    if value == "-" && *stdin_used {
        return Err(CommandError::usage(
            "only one --section can read stdin (KEY=-)",
        ));
    }
    let terminal = || {
        CommandError::usage("KEY=- reads the section from stdin, but stdin is a terminal")
            .with_hint("pipe the text in, or use KEY=@FILE")
    };
    read_value(
        &format!("--section {key}"),
        value,
        stdin_used,
        terminal,
        |from| {
            CommandError::usage(format!(
            "--section {key}={value}: {from} is empty, so there is no text for {key}"
        ))
        .with_hint(format!(
            "nothing was changed; to remove a section on purpose, pass --section {key}= with nothing after the ="
        ))
        },
    )
}

/// `TEXT`, `@FILE` or `-` (stdin) for a flag such as `--statement` or
/// `--feedback`, read as [`section_value`] reads a section: whole, before
/// the lock, within the size an entry may hold, and refused when a pipe or
/// file turns out empty (the flag is left out to record no text).
pub fn text_value(flag: &str, value: &str) -> Result<String> {
    let terminal = || {
        CommandError::usage(format!(
            "{flag} - reads the text from stdin, but stdin is a terminal"
        ))
        .with_hint(format!("pipe the text in, or use {flag} @FILE"))
    };
    read_value(flag, value, &mut false, terminal, |from| {
        CommandError::usage(format!("{flag} {value}: {from} is empty")).with_hint(format!(
            "nothing was recorded; give the text, or leave {flag} out"
        ))
    })
}

/// The words of a quick note piped in (`logbook note -`): read whole,
/// within the size an entry may hold, and refused when stdin is a terminal
/// or the pipe turns out empty.
pub fn note_from_stdin() -> Result<String> {
    let terminal = || {
        CommandError::usage("- reads the note from stdin, but stdin is a terminal")
            .with_hint("pipe the text in, or type it after the command in quotes")
    };
    read_value("the note", "-", &mut false, terminal, |from| {
        CommandError::usage(format!("{from} is empty, so there is nothing to note"))
            .with_hint("nothing was stored; pipe in what happened, in a sentence or two")
    })
}

fn read_value(
    flag: &str,
    value: &str,
    stdin_used: &mut bool,
    terminal: impl FnOnce() -> CommandError,
    empty: impl FnOnce(&str) -> CommandError,
) -> Result<String> {
    let limit = max_entry_bytes();
    let too_large = |what: &str| {
        CommandError::usage(format!(
            "{flag}: {what} is larger than the {} an entry may hold",
            size_words(limit)
        ))
        .with_hint("shorten it, or split it into two entries")
    };
    let (text, from) = if value == "-" {
        *stdin_used = true;
        let stdin = std::io::stdin();
        if stdin.is_terminal() {
            return Err(terminal());
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
    if crate::model::entry::is_blank(&text) {
        return Err(empty(&from));
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
    if crate::model::entry::is_blank(title) {
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
