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

/// Prints a warning line on stderr.
pub fn warn(message: &str) {
    let paint = Paint {
        on: stderr_colour(),
    };
    eprintln!("{} {message}", paint.yellow("warning:"));
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
