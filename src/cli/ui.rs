//! Terminal manners: colour only on a terminal and never under `NO_COLOR`,
//! tables that stay readable when piped, warnings on stderr.

use std::io::IsTerminal;

use comfy_table::{ContentArrangement, LineStyle, Table, TableStyle};

use crate::model::diagnostic::Diagnostic;

/// Whether to colour what goes to stdout.
pub fn stdout_colour() -> bool {
    std::io::stdout().is_terminal() && colour_allowed()
}

/// Whether to colour what goes to stderr.
pub fn stderr_colour() -> bool {
    std::io::stderr().is_terminal() && colour_allowed()
}

fn colour_allowed() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    !no_color && !dumb
}

/// ANSI styling that turns itself off.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub on: bool,
}

impl Paint {
    fn wrap(self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn bold(self, text: &str) -> String {
        self.wrap("1", text)
    }

    pub fn dim(self, text: &str) -> String {
        self.wrap("2", text)
    }

    pub fn green(self, text: &str) -> String {
        self.wrap("32", text)
    }

    pub fn yellow(self, text: &str) -> String {
        self.wrap("33", text)
    }

    pub fn red(self, text: &str) -> String {
        self.wrap("31", text)
    }

    pub fn cyan(self, text: &str) -> String {
        self.wrap("36", text)
    }
}

/// Column headings underlined, nothing else drawn: quiet, and it survives
/// copy-paste into an email.
const HOUSE_STYLE: TableStyle =
    TableStyle::new().header_separator(LineStyle::none().fill('─').junction('─'));

/// A table in the house style: light rules, wrapped to the terminal's width
/// on a terminal (or to `COLUMNS` when piped). Callers colour cells only
/// when [`stdout_colour`] says so.
pub fn table() -> Table {
    let mut table = Table::new();
    table.load_style(HOUSE_STYLE);
    if std::io::stdout().is_terminal() {
        table.set_content_arrangement(ContentArrangement::Dynamic);
    } else {
        table.force_no_tty();
        if let Some(width) = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse::<u16>().ok())
        {
            table.set_width(width);
            table.set_content_arrangement(ContentArrangement::Dynamic);
        }
    }
    table
}

/// A table cell holding text from entries, files or the command line,
/// made safe with [`clean`].
pub fn cell(text: &str) -> comfy_table::Cell {
    comfy_table::Cell::new(clean(text))
}

/// Writes a table without the padding comfy-table leaves at line ends.
pub fn write_table(out: &mut dyn std::io::Write, table: &Table) -> std::io::Result<()> {
    for line in table.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Warns about each file that could not be used and was left out.
pub fn warn_skipped(problems: &[Diagnostic]) {
    for problem in problems {
        warn(&format!("{problem}; skipped"));
    }
}

/// A prompt or field name as the label of its value, with what separates
/// them: "Title: ", "Tags: ", and after a question or a sentence "What? ",
/// "…will be deleted. " — never "What?:" or "deleted.:". Every
/// label-and-value pair the walk and `show` print is made with this.
pub fn label(prompt: &str) -> String {
    let prompt = prompt.trim_end();
    if prompt.ends_with(['?', ':', '!', '.', '…']) {
        format!("{prompt} ")
    } else {
        format!("{prompt}: ")
    }
}

/// Prints a warning line on stderr (made safe with [`clean`]: warnings
/// quote file names and what was typed).
pub fn warn(message: &str) {
    let paint = Paint {
        on: stderr_colour(),
    };
    eprintln!("{} {}", paint.yellow("warning:"), clean(message));
}

/// Prints a calm note on stderr: not a problem with what was typed, but
/// something the person should know (made safe with [`clean`]).
pub fn note(message: &str) {
    let paint = Paint {
        on: stderr_colour(),
    };
    eprintln!("{} {}", paint.cyan("note:"), clean(message));
}

/// Text from entries, files or the command line made safe to print on a
/// terminal, on one line: every control character (C0, DEL, C1 — so every
/// escape sequence, since each begins with ESC or a C1 control), every
/// line break and tab, and the bidirectional embedding, override and
/// isolate controls (which can make text read differently from how it is
/// stored) are shown as escapes such as `\u{1b}`, never sent as they are.
/// Everything else, accents, emoji and right-to-left scripts included,
/// passes through. For layout that keeps lines, see [`clean_text`].
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    escape_unsafe(text, false)
}

/// [`clean`] for text shown over several lines (an entry's sections):
/// line breaks (`\n`, and `\r\n` as written) and tabs are kept, the rest
/// is escaped as there — a `\r` on its own too, as it would let text
/// overwrite the line it is on.
pub fn clean_text(text: &str) -> std::borrow::Cow<'_, str> {
    escape_unsafe(text, true)
}

/// A character that must not reach a terminal as it is.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{2028}' | '\u{2029}')
}

fn escape_unsafe(text: &str, keep_lines: bool) -> std::borrow::Cow<'_, str> {
    let kept = |c: char| keep_lines && matches!(c, '\n' | '\t');
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        let crlf = keep_lines && c == '\r' && chars.peek() == Some(&'\n');
        if is_unsafe(c) && !kept(c) && !crlf {
            any = true;
            break;
        }
    }
    if !any {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if keep_lines && c == '\r' && chars.peek() == Some(&'\n') {
            out.push(c);
            continue;
        }
        if is_unsafe(c) && !kept(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Nothing unsafe survives, and text without it is unchanged.
        #[test]
        fn nothing_unsafe_survives(text in any::<String>()) {
            let one = clean(&text);
            prop_assert!(!one.chars().any(is_unsafe), "{:?}", one);
            let many = clean_text(&text).replace("\r\n", "\n");
            prop_assert!(!many.chars().any(|c| is_unsafe(c) && c != '\n' && c != '\t'));
            if !text.chars().any(is_unsafe) {
                prop_assert_eq!(one.as_ref(), text.as_str());
            }
        }
    }
}

/// `text` with each line broken at spaces to fit `width` columns, and
/// `indent` before every continuation. Colour codes take no width.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let visible = |s: &str| {
        let mut n = 0;
        let mut in_escape = false;
        for c in s.chars() {
            match (in_escape, c) {
                (false, '\x1b') => in_escape = true,
                (true, 'm') => in_escape = false,
                (true, _) => {}
                (false, c) => n += crate::cli::line::char_width(c),
            }
        }
        n
    };
    let mut out = Vec::new();
    for line in text.split('\n') {
        let mut current = String::new();
        let mut used = 0;
        for (i, word) in line.split(' ').enumerate() {
            let w = visible(word);
            if i > 0 {
                if used + 1 + w > width && !current.trim().is_empty() {
                    out.push(std::mem::take(&mut current));
                    current.push_str(indent);
                    used = visible(indent);
                } else {
                    current.push(' ');
                    used += 1;
                }
            }
            current.push_str(word);
            used += w;
        }
        out.push(current);
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_never_double_their_punctuation() {
        for (prompt, want) in [
            ("Title", "Title: "),
            ("Tags", "Tags: "),
            ("What?", "What? "),
            ("So what? ", "So what? "),
            (
                "Throw it away? It will be deleted.",
                "Throw it away? It will be deleted. ",
            ),
            ("Next:", "Next: "),
        ] {
            assert_eq!(label(prompt), want);
        }
    }

    #[test]
    fn control_sequences_are_shown_not_sent() {
        let cases = [
            ("Evil \u{1b}[2J title", "Evil \\u{1b}[2J title"),
            (
                "a\u{1b}]52;c;SGVsbG8=\u{7}b",
                "a\\u{1b}]52;c;SGVsbG8=\\u{7}b",
            ),
            ("x\u{9b}2Jy", "x\\u{9b}2Jy"),
            ("back\u{8}\u{8}", "back\\u{8}\\u{8}"),
            ("del\u{7f}", "del\\u{7f}"),
            ("\u{202e}evil", "\\u{202e}evil"),
            ("iso\u{2067}late\u{2069}", "iso\\u{2067}late\\u{2069}"),
            ("two\nlines\ttab\r", "two\\u{a}lines\\u{9}tab\\u{d}"),
            ("café ✓ 😀 עברית", "café ✓ 😀 עברית"),
        ];
        for (raw, shown) in cases {
            assert_eq!(clean(raw), shown, "{raw:?}");
        }
        assert_eq!(clean_text("a\r\nb\tc\rd\u{1b}"), "a\r\nb\tc\\u{d}d\\u{1b}");
        assert!(matches!(clean("plain"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_ignores_colour() {
        assert_eq!(
            wrap("one two three four", 9, "  "),
            "one two\n  three\n  four"
        );
        assert_eq!(wrap("a\n\nb", 10, ""), "a\n\nb");
        assert_eq!(
            wrap("\x1b[1mbold\x1b[0m word", 9, ""),
            "\x1b[1mbold\x1b[0m word"
        );
        assert_eq!(
            wrap("averyveryverylongword x", 5, ""),
            "averyveryverylongword\nx"
        );
        assert_eq!(wrap("  indented line", 40, ""), "  indented line");
    }
}
