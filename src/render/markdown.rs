//! Putting text a person typed into Markdown so that pandoc, CommonMark and
//! GitHub all read it back as that same text and nothing more: no stray
//! emphasis, links, HTML, tables, headings, lists, code or metadata blocks.
//!
//! The rules, deliberately simple so they can be trusted:
//! - Inline text (titles, table cells, metadata values) is one line: line
//!   breaks become spaces, and every character that can open inline syntax
//!   in any of the three dialects is backslash-escaped (`\ ` * _ [ ] { } <
//!   # | ~ ^ $ @`, and `&` where it could start an entity).
//! - Prose (entry sections) keeps the writer's paragraphs (blank lines); a
//!   single line break inside a paragraph stays a soft break, so text typed
//!   a line at a time at a prompt flows as one paragraph in Word or a PDF
//!   rather than breaking at every Enter. Each line loses its leading and
//!   trailing blanks, so nothing becomes indented code, and a line that
//!   starts like a block (`>`, `-`, `+`, `=`, `:`, `%`, `(`, `1.`, `a)`,
//!   `iv.`) has that mark escaped, so it stays a line of text.
//! - Control characters are dropped (tabs become spaces); every other
//!   character, emoji and right-to-left text included, passes through.

/// One line of inline text, safe anywhere inline: in a heading, a table
/// cell, a link label or a list item.
pub fn inline(text: &str) -> String {
    let clean = clean(text);
    let joined = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    escape(&joined)
}

/// Inline text that is also safe at the start of a line: for values that
/// pandoc parses as a whole block, such as metadata fields.
pub fn inline_line(text: &str) -> String {
    guard_line_start(&inline(text))
}

/// A pandoc metadata value: a YAML single-quoted string holding one line of
/// escaped Markdown (pandoc reads metadata strings as Markdown).
pub fn yaml_string(text: &str) -> String {
    format!("'{}'", inline_line(text).replace('\'', "''"))
}

/// Prose as Markdown paragraphs: a blank line starts a new paragraph, a
/// single line break is a soft break. Empty when the text has no words.
pub fn prose(text: &str) -> String {
    let clean = clean(text);
    let mut paragraphs: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for line in clean.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            continue;
        }
        let words = line.split_whitespace().collect::<Vec<_>>().join(" ");
        current.push(guard_line_start(&escape(&words)));
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
        .iter()
        .map(|lines| lines.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// An identifier for `{#id}` and `#id` links: `prefix-` then `raw` in
/// lowercase letters, digits and single dashes (`crit`, `RES.4` → `crit-res-4`).
pub fn anchor(prefix: &str, raw: &str) -> String {
    let slug = crate::model::names::slug(raw, 200);
    if slug.is_empty() {
        format!("{prefix}-x")
    } else {
        format!("{prefix}-{slug}")
    }
}

/// Line endings normalised, tabs made spaces, other control characters
/// (and the Unicode line and paragraph separators) dropped or made breaks.
fn clean(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0b}' | '\u{0c}' | '\u{85}' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '{' | '}' | '<' | '#' | '|' | '~' | '^' | '$'
            | '@' => {
                out.push('\\');
                out.push(c);
            }
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("\\&");
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes a block mark at the start of an (already escaped) line.
fn guard_line_start(line: &str) -> String {
    let Some(first) = line.chars().next() else {
        return String::new();
    };
    if first == '-' {
        // Every dash of the run, so pandoc's smart dashes keep `---` as typed.
        let run = line.len() - line.trim_start_matches('-').len();
        return format!("{}{}", "\\-".repeat(run), &line[run..]);
    }
    if matches!(first, '>' | '+' | '=' | ':' | '%' | '(') {
        return format!("\\{line}");
    }
    // Ordered-list lookalikes: `12.`, `3)`, `a.`, `B)`, `iv.`, `XII)`.
    let marker_len = line
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(line.len());
    let marker = &line[..marker_len];
    let rest = &line[marker_len..];
    let is_number =
        !marker.is_empty() && marker.len() <= 9 && marker.bytes().all(|b| b.is_ascii_digit());
    let is_letter = marker.len() == 1 && marker.bytes().all(|b| b.is_ascii_alphabetic());
    let is_roman = !marker.is_empty()
        && marker.len() <= 8
        && (marker.bytes().all(|b| b"ivxlcdm".contains(&b))
            || marker.bytes().all(|b| b"IVXLCDM".contains(&b)));
    let delimited =
        rest.starts_with(['.', ')']) && rest[1..].chars().next().is_none_or(char::is_whitespace);
    if (is_number || is_letter || is_roman) && delimited {
        format!("{marker}\\{rest}")
    } else {
        line.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_escapes_every_opener_and_keeps_the_rest() {
        assert_eq!(
            inline("a|b *c* _d_ `e` <b>x</b> [l](u) #1 ~s~ ^p^ $5 @cite {#id} \\ &amp; & Q&A"),
            "a\\|b \\*c\\* \\_d\\_ \\`e\\` \\<b>x\\</b> \\[l\\](u) \\#1 \\~s\\~ \\^p\\^ \\$5 \\@cite \\{\\#id\\} \\\\ \\&amp; & Q\\&A"
        );
        assert_eq!(
            inline("two\nlines\r\n  and\ttabs\u{7}"),
            "two lines and tabs"
        );
        assert_eq!(inline("مرحبا 👋🏽 ok"), "مرحبا 👋🏽 ok");
    }

    #[test]
    fn prose_keeps_paragraphs_and_line_breaks() {
        assert_eq!(
            prose("First line\n  second line  \n\n\n\nNew paragraph\r\n"),
            "First line\nsecond line\n\nNew paragraph"
        );
        assert_eq!(prose("  \n \n"), "");
        assert_eq!(
            prose("ends with a backslash \\"),
            "ends with a backslash \\\\"
        );
    }

    #[test]
    fn prose_lines_never_start_a_block() {
        let cases = [
            ("---", "\\-\\-\\-"),
            ("+++", "\\+++"),
            ("> quote", "\\> quote"),
            ("- item", "\\- item"),
            ("-- aside", "\\-\\- aside"),
            ("=====", "\\====="),
            (": definition", "\\: definition"),
            ("% title", "\\% title"),
            ("(@) example", "\\(\\@) example"),
            ("1. first", "1\\. first"),
            ("12) twelfth", "12\\) twelfth"),
            ("a) option", "a\\) option"),
            ("iv. fourth", "iv\\. fourth"),
            ("B. Russell", "B\\. Russell"),
            ("    indented code", "indented code"),
            ("```rust", "\\`\\`\\`rust"),
            ("# heading", "\\# heading"),
            ("| a | b |", "\\| a \\| b \\|"),
            ("<div>", "\\<div>"),
            ("1.5 hours", "1.5 hours"),
            ("Mr. Smith", "Mr. Smith"),
            ("I. Introduction", "I\\. Introduction"),
            ("\"Quoted\"", "\"Quoted\""),
        ];
        for (typed, written) in cases {
            assert_eq!(prose(typed), written, "{typed:?}");
        }
    }

    #[test]
    fn metadata_values_are_single_quoted_yaml() {
        assert_eq!(
            yaml_string("O'Brien: *Level 3*"),
            "'O''Brien: \\*Level 3\\*'"
        );
        assert_eq!(yaml_string("1. Intro"), "'1\\. Intro'");
        assert_eq!(yaml_string("---\nx"), "'\\-\\-\\- x'");
    }

    #[test]
    fn anchors_are_plain_and_prefixed() {
        assert_eq!(anchor("crit", "RES.4"), "crit-res-4");
        assert_eq!(
            anchor("entry", "2026-11-27-refund"),
            "entry-2026-11-27-refund"
        );
        assert_eq!(anchor("unit", "Ünit 9!"), "unit-unit-9");
        assert_eq!(anchor("x", "!!!"), "x-x");
    }
}
