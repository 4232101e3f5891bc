//! The conversation behind the guided `logbook add`, as a small [`Prompter`]
//! trait: [`Terminal`] talks to a person through dialoguer on stderr, and
//! [`Scripted`] plays back answers so the walk-through is tested without a
//! terminal. Ctrl-C at any prompt comes back as [`CommandError::interrupted`] with
//! the terminal restored (cursor shown, line mode and signals back on).

use std::collections::VecDeque;
use std::os::fd::AsFd;
use std::path::Path;
use std::process::Stdio;

use dialoguer::console::Term;
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Confirm, Input, MultiSelect, Select};

use crate::cli::editor::{self, Scratch};
use crate::cli::error::{CommandError, Result};
use crate::cli::ui::{self, Paint};

/// How a piece of text that needs no answer is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Heading,
    Plain,
    Hint,
    Warning,
}

/// Everything the walk-through may ask. Every method can fail with
/// [`CommandError::interrupted`] (Ctrl-C) and must leave the terminal usable.
pub trait Prompter {
    /// Shows text that needs no answer: a question, a hint, the entry, a warning.
    fn show(&mut self, tone: Tone, text: &str) -> Result<()>;

    /// One line of text. Enter alone gives `default`, or "" when there is none.
    fn input(&mut self, prompt: &str, default: Option<&str>) -> Result<String>;

    /// Any number of lines, finished by an empty line; `initial` (one line)
    /// is offered for editing first. Returns "" when nothing was written.
    fn long_text(&mut self, prompt: &str, initial: &str) -> Result<String>;

    /// One of `items` (at least one); returns its index.
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize>;

    /// Any of `items`, starting from `checked`; returns the chosen indices.
    /// The answer is reported by each item's first word.
    fn multi_select(
        &mut self,
        prompt: &str,
        items: &[String],
        checked: &[bool],
    ) -> Result<Vec<usize>>;

    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool>;

    /// Opens the user's editor on `text`, with `help` below a cut line.
    /// `None` when no editor could be run or it was abandoned.
    fn edit(&mut self, name: &str, text: &str, help: &str) -> Result<Option<String>>;
}

/// A person at a terminal: prompts on stderr through dialoguer.
pub struct Terminal {
    term: Term,
    colourful: ColorfulTheme,
    plain: SimpleTheme,
    paint: Paint,
    scratch: Scratch,
    tty: Option<tty::Guard>,
}

impl Terminal {
    /// Takes over the terminal for a walk-through. Ctrl-C stops being a
    /// signal and becomes a key that every prompt turns into
    /// [`CommandError::interrupted`]; dropping the `Terminal` puts everything back.
    /// The editor works on files from `scratch`.
    pub fn new(scratch: Scratch) -> Terminal {
        Terminal {
            term: Term::stderr(),
            colourful: ColorfulTheme::default(),
            plain: SimpleTheme,
            paint: Paint {
                on: ui::stderr_colour(),
            },
            scratch,
            tty: tty::Guard::take(),
        }
    }

    pub fn paint(&self) -> Paint {
        self.paint
    }

    fn theme(&self) -> &dyn Theme {
        if self.paint.on {
            &self.colourful
        } else {
            &self.plain
        }
    }

    /// Shows a typed answer once, as the theme reports it. dialoguer clears
    /// only the row the cursor is on before reporting an answer, so one that
    /// wrapped onto several rows would leave its first rows on screen twice;
    /// its report is turned off and this clears those rows first.
    fn report(
        &self,
        theme: &dyn Theme,
        prompt: &str,
        default: Option<&str>,
        answer: &str,
    ) -> Result<()> {
        let mut typed = String::new();
        let mut shown = String::new();
        let _ = theme.format_input_prompt(&mut typed, prompt, default);
        let _ = theme.format_input_prompt_selection(&mut shown, prompt, answer);
        let width = usize::from(self.term.size().1).max(1);
        let used = dialoguer::console::measure_text_width(&typed)
            + dialoguer::console::measure_text_width(answer);
        let rows = used.saturating_sub(1) / width + 1;
        if rows > 1 {
            self.term
                .clear_last_lines(rows - 1)
                .map_err(|e| self.failed(dialoguer::Error::IO(e)))?;
        }
        self.write_line(&shown)
    }

    fn write_line(&self, text: &str) -> Result<()> {
        self.term
            .write_line(text)
            .map_err(|e| self.failed(dialoguer::Error::IO(e)))
    }

    /// Items cut to the terminal's width: dialoguer redraws a list by
    /// counting lines, so an item must never wrap.
    fn fit(&self, items: &[String]) -> Vec<String> {
        let width = usize::from(self.term.size().1).saturating_sub(8).max(20);
        items
            .iter()
            .map(|item| {
                let line = item.lines().next().unwrap_or_default();
                let line = crate::cli::ui::clean(line);
                if line.chars().count() <= width {
                    line.to_string()
                } else {
                    let cut: String = line.chars().take(width - 1).collect();
                    format!("{}…", cut.trim_end())
                }
            })
            .collect()
    }

    fn failed(&self, err: dialoguer::Error) -> CommandError {
        let dialoguer::Error::IO(err) = err;
        // Prompts hide the cursor while they run; put it back whatever happened.
        let _ = self.term.show_cursor();
        if err.kind() == std::io::ErrorKind::Interrupted {
            let _ = self.term.write_line("");
            CommandError::interrupted()
        } else {
            CommandError::io("use", Path::new("the terminal"), err)
        }
    }

    fn run_editor(&mut self, path: &Path) -> Result<bool> {
        let Some(editor) = editor::from_env().or_else(editor::fallback) else {
            self.show(
                Tone::Warning,
                "no editor found: set EDITOR (for example EDITOR=nano) to write long answers in one",
            )?;
            return Ok(false);
        };
        // The editor draws on the terminal; our stdout may be a pipe.
        let screen = std::io::stderr()
            .as_fd()
            .try_clone_to_owned()
            .map(Stdio::from)
            .unwrap_or_else(|_| Stdio::inherit());
        if let Some(tty) = &self.tty {
            tty.release();
        }
        let status = editor::run(&editor, path, screen);
        if let Some(tty) = &self.tty {
            tty.hold();
        }
        match status {
            Ok(s) if s.success() => Ok(true),
            Ok(_) => {
                self.show(
                    Tone::Warning,
                    &format!("{editor} did not finish normally; nothing was taken from it"),
                )?;
                Ok(false)
            }
            Err(e) => {
                self.show(
                    Tone::Warning,
                    &format!("cannot run {editor}: {}", crate::store::describe_io(&e)),
                )?;
                Ok(false)
            }
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = self.term.show_cursor();
        let _ = self.term.flush();
    }
}

impl Prompter for Terminal {
    fn show(&mut self, tone: Tone, text: &str) -> Result<()> {
        let p = self.paint;
        let width = usize::from(self.term.size().1).saturating_sub(1).max(20);
        let text = match tone {
            Tone::Heading => format!("\n{}", p.bold(text)),
            Tone::Plain => wrap(text, width, ""),
            Tone::Hint => p.dim(&wrap(text, width, "")),
            Tone::Warning => {
                let wrapped = wrap(&format!("! {text}"), width, "  ");
                match wrapped.strip_prefix('!') {
                    Some(rest) => format!("{}{rest}", p.yellow("!")),
                    None => wrapped,
                }
            }
        };
        self.write_line(&text)
    }

    fn input(&mut self, prompt: &str, default: Option<&str>) -> Result<String> {
        let default = default.filter(|d| !d.is_empty());
        let mut input = Input::<String>::with_theme(self.theme())
            .with_prompt(prompt)
            .allow_empty(true)
            .report(false);
        if let Some(default) = default {
            input = input.default(default.to_string());
        }
        let answer = input
            .interact_text_on(&self.term)
            .map_err(|e| self.failed(e))?;
        self.report(self.theme(), prompt, default, &answer)?;
        Ok(answer)
    }

    fn long_text(&mut self, prompt: &str, initial: &str) -> Result<String> {
        let lines_theme = Lines;
        let mut lines: Vec<String> = Vec::new();
        loop {
            let label = if lines.is_empty() { prompt } else { "" };
            let mut input = Input::<String>::with_theme(&lines_theme)
                .with_prompt(label)
                .allow_empty(true)
                .report(false);
            if lines.is_empty() && !initial.is_empty() {
                input = input.with_initial_text(initial);
            }
            let line = input
                .interact_text_on(&self.term)
                .map_err(|e| self.failed(e))?;
            self.report(&lines_theme, label, None, &line)?;
            if line.trim().is_empty() {
                break;
            }
            lines.push(line);
        }
        Ok(lines.join("\n"))
    }

    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize> {
        let items = self.fit(items);
        Select::with_theme(self.theme())
            .with_prompt(prompt)
            .items(&items)
            .default(default.min(items.len().saturating_sub(1)))
            .interact_on(&self.term)
            .map_err(|e| self.failed(e))
    }

    fn multi_select(
        &mut self,
        prompt: &str,
        items: &[String],
        checked: &[bool],
    ) -> Result<Vec<usize>> {
        let items = self.fit(items);
        let chosen = MultiSelect::with_theme(self.theme())
            .with_prompt(prompt)
            .items(&items)
            .defaults(checked)
            .report(false)
            .interact_on(&self.term)
            .map_err(|e| self.failed(e))?;
        // Reported by each item's first word (a criterion's id): the whole
        // items, with their descriptions, made one unreadable paragraph.
        let names: Vec<&str> = chosen
            .iter()
            .filter_map(|&i| items.get(i)?.split_whitespace().next())
            .collect();
        let mut shown = String::new();
        let _ = self
            .theme()
            .format_multi_select_prompt_selection(&mut shown, prompt, &names);
        self.write_line(&shown)?;
        Ok(chosen)
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool> {
        Confirm::with_theme(self.theme())
            .with_prompt(prompt)
            .default(default)
            .interact_on(&self.term)
            .map_err(|e| self.failed(e))
    }

    fn edit(&mut self, name: &str, text: &str, help: &str) -> Result<Option<String>> {
        let file = self.scratch.create(name, text, help)?;
        if !self.run_editor(file.path())? {
            return Ok(None);
        }
        match file.read() {
            Ok(edited) => Ok(Some(edited)),
            Err(problem) => {
                self.show(Tone::Warning, &problem.to_string())?;
                Ok(None)
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
                (false, _) => n += 1,
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

/// The look of long-text lines: the step's name on the first, an indent on
/// the ones after, and the words left on screen as typed.
struct Lines;

impl Theme for Lines {
    fn format_input_prompt(
        &self,
        f: &mut dyn std::fmt::Write,
        prompt: &str,
        _default: Option<&str>,
    ) -> std::fmt::Result {
        if prompt.is_empty() {
            write!(f, "  ")
        } else {
            write!(f, "{prompt}: ")
        }
    }

    fn format_input_prompt_selection(
        &self,
        f: &mut dyn std::fmt::Write,
        prompt: &str,
        sel: &str,
    ) -> std::fmt::Result {
        self.format_input_prompt(f, prompt, None)?;
        write!(f, "{sel}")
    }
}

/// The terminal's line settings, held for the length of a walk-through.
/// One of the two places that call C (termios and a signal handler), hence
/// the `unsafe_code` exception.
#[allow(unsafe_code)]
mod tty {
    use std::sync::Once;

    /// Ctrl-C as a key rather than a signal, so that it always reaches the
    /// prompt that is waiting (which restores the screen) instead of killing
    /// the process between two key presses. The original settings come back
    /// on drop, and while an editor runs.
    pub(super) struct Guard {
        original: libc::termios,
    }

    const FD: libc::c_int = libc::STDIN_FILENO;

    extern "C" fn ignore(_: libc::c_int) {}

    impl Guard {
        pub(super) fn take() -> Option<Guard> {
            // dialoguer's key reader raises SIGINT itself when it reads
            // Ctrl-C; a do-nothing handler lets its error reach us instead.
            // A handler (unlike SIG_IGN) is reset for the editor on exec.
            static HANDLER: Once = Once::new();
            HANDLER.call_once(|| {
                // SAFETY: installs an async-signal-safe handler that does nothing.
                unsafe {
                    let mut action: libc::sigaction = std::mem::zeroed();
                    action.sa_sigaction = ignore as *const () as libc::sighandler_t;
                    libc::sigemptyset(&mut action.sa_mask);
                    libc::sigaction(libc::SIGINT, &action, std::ptr::null_mut());
                }
            });
            // SAFETY: tcgetattr fills the struct or fails; nothing is kept on failure.
            let original = unsafe {
                let mut t: libc::termios = std::mem::zeroed();
                if libc::tcgetattr(FD, &mut t) != 0 {
                    return None;
                }
                t
            };
            let guard = Guard { original };
            guard.hold();
            Some(guard)
        }

        /// Our settings: as the user had them, but Ctrl-C is a key.
        pub(super) fn hold(&self) {
            let mut quiet = self.original;
            quiet.c_lflag &= !libc::ISIG;
            // SAFETY: sets attributes from a valid termios on our own terminal.
            unsafe {
                libc::tcsetattr(FD, libc::TCSADRAIN, &quiet);
            }
        }

        /// The user's own settings.
        pub(super) fn release(&self) {
            // SAFETY: as in `hold`, with the settings we found.
            unsafe {
                libc::tcsetattr(FD, libc::TCSADRAIN, &self.original);
            }
        }
    }

    impl Drop for Guard {
        fn drop(&mut self) {
            self.release();
        }
    }
}

/// One scripted answer for [`Scripted`].
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Typed text, for `input` and `long_text` ("" is pressing Enter).
    Text(String),
    /// The item that starts with this label, for `select`.
    Choose(String),
    /// The items that start with these labels, for `multi_select`.
    Pick(Vec<String>),
    /// Enter alone: the default choice, text or ticks.
    Keep,
    Yes,
    No,
    /// What the editor gives back (`None`: no editor, or abandoned).
    Edited(Option<String>),
}

/// Answers from a script, for tests; keeps a transcript of everything
/// asked and shown. When the script runs out, the next prompt behaves as if
/// Ctrl-C were pressed.
#[derive(Debug, Default)]
pub struct Scripted {
    answers: VecDeque<Answer>,
    pub transcript: Vec<String>,
}

impl Scripted {
    pub fn new(answers: impl IntoIterator<Item = Answer>) -> Scripted {
        Scripted {
            answers: answers.into_iter().collect(),
            transcript: Vec::new(),
        }
    }

    /// Answers not used yet.
    pub fn left(&self) -> usize {
        self.answers.len()
    }

    /// The transcript as one text, for assertions.
    pub fn log(&self) -> String {
        self.transcript.join("\n")
    }

    fn next(&mut self, asked: &str) -> Result<Answer> {
        self.transcript.push(asked.to_string());
        self.answers
            .pop_front()
            .ok_or_else(CommandError::interrupted)
    }

    fn mismatch(asked: &str, answer: &Answer) -> CommandError {
        CommandError::usage(format!("script: {asked} cannot take {answer:?}"))
    }

    fn text(&mut self, asked: String) -> Result<String> {
        match self.next(&asked)? {
            Answer::Text(text) => Ok(text),
            other => Err(Self::mismatch(&asked, &other)),
        }
    }
}

fn find_item(items: &[String], label: &str) -> Option<usize> {
    items.iter().position(|i| i.starts_with(label))
}

impl Prompter for Scripted {
    fn show(&mut self, tone: Tone, text: &str) -> Result<()> {
        self.transcript.push(format!("{tone:?}: {text}"));
        Ok(())
    }

    fn input(&mut self, prompt: &str, default: Option<&str>) -> Result<String> {
        let asked = format!("input {prompt} [{}]", default.unwrap_or(""));
        let text = match self.next(&asked)? {
            Answer::Text(text) => text,
            Answer::Keep => String::new(),
            other => return Err(Self::mismatch(&asked, &other)),
        };
        Ok(match default {
            Some(d) if text.is_empty() => d.to_string(),
            _ => text,
        })
    }

    fn long_text(&mut self, prompt: &str, initial: &str) -> Result<String> {
        self.text(format!("long {prompt} [{initial}]"))
    }

    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize> {
        let asked = format!("select {prompt} {items:?} default {default}");
        match self.next(&asked)? {
            Answer::Keep => Ok(default),
            Answer::Choose(label) => find_item(items, &label).ok_or_else(|| {
                CommandError::usage(format!("script: no item {label:?} in {asked}"))
            }),
            other => Err(Self::mismatch(&asked, &other)),
        }
    }

    fn multi_select(
        &mut self,
        prompt: &str,
        items: &[String],
        checked: &[bool],
    ) -> Result<Vec<usize>> {
        let ticked: Vec<&str> = items
            .iter()
            .zip(checked)
            .filter(|(_, c)| **c)
            .map(|(i, _)| i.as_str())
            .collect();
        let asked = format!("multi {prompt} {items:?} ticked {ticked:?}");
        match self.next(&asked)? {
            Answer::Keep => Ok((0..items.len())
                .filter(|&i| checked.get(i).copied().unwrap_or(false))
                .collect()),
            Answer::Pick(labels) => labels
                .iter()
                .map(|l| {
                    find_item(items, l).ok_or_else(|| {
                        CommandError::usage(format!("script: no item {l:?} in {asked}"))
                    })
                })
                .collect(),
            other => Err(Self::mismatch(&asked, &other)),
        }
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool> {
        let asked = format!("confirm {prompt} [{default}]");
        match self.next(&asked)? {
            Answer::Yes => Ok(true),
            Answer::No => Ok(false),
            Answer::Keep => Ok(default),
            other => Err(Self::mismatch(&asked, &other)),
        }
    }

    fn edit(&mut self, name: &str, text: &str, _help: &str) -> Result<Option<String>> {
        let asked = format!("edit {name} [{text}]");
        match self.next(&asked)? {
            Answer::Edited(text) => Ok(text),
            other => Err(Self::mismatch(&asked, &other)),
        }
    }
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

    #[test]
    fn scripted_answers_play_back_and_run_out_as_ctrl_c() {
        let mut p = Scripted::new([
            Answer::Text(String::new()),
            Answer::Choose("b".into()),
            Answer::Pick(vec!["c".into(), "a".into()]),
            Answer::Keep,
            Answer::No,
        ]);
        let items: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert_eq!(p.input("Date", Some("today")).unwrap(), "today");
        assert_eq!(p.select("Which", &items, 0).unwrap(), 1);
        assert_eq!(p.multi_select("Many", &items, &[false; 3]).unwrap(), [2, 0]);
        assert_eq!(
            p.multi_select("Many", &items, &[true, false, true])
                .unwrap(),
            [0, 2]
        );
        assert!(!p.confirm("Sure?", true).unwrap());
        let err = p.input("Title", None).unwrap_err();
        assert_eq!(err.kind, crate::cli::error::Kind::Interrupted);
        let err = Scripted::new([Answer::Yes])
            .input("Title", None)
            .unwrap_err();
        assert!(err.to_string().contains("script"), "{err}");
    }
}
