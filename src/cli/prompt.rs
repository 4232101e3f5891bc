//! The conversation behind the guided `logbook add`, as a small [`Prompter`]
//! trait: [`Terminal`] talks to a person on stderr, and [`Scripted`] plays
//! back answers so the walk-through is tested without a terminal.
//!
//! [`Terminal`] draws its own prompts with crossterm, one small screen
//! region at a time that it always knows the size of, so nothing is left
//! behind on a narrow screen. Answers are typed into a real line editor
//! ([`crate::cli::line`]): Home/End, Ctrl-A/E, word moves and deletes,
//! Ctrl-U/K/Y, up and down through a long answer, paragraphs, pasting.
//! Every change is reported to the caller as it happens ([`Typing`]), so a
//! draft can keep the words of an unfinished answer. Ctrl-C at any prompt
//! comes back as [`CommandError::interrupted`] with the terminal restored.
//!
//! dialoguer (the crate this replaced here) reads keys its own way, so it
//! could not report an answer while it was typed, move between its lines
//! or keep a blank line; rustyline and reedline own the whole read loop
//! and neither reports the text as it changes nor lets a signal save it.

use std::collections::VecDeque;
use std::io::{IsTerminal, Write};
use std::os::fd::AsFd;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, queue, terminal};

use crate::cli::editor::{self, Scratch};
use crate::cli::error::{CommandError, Result};
use crate::cli::line::{self, Buffer, text_width};
use crate::cli::ui::{self, Paint, wrap};

/// How a piece of text that needs no answer is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Heading,
    Plain,
    Hint,
    Warning,
    /// An entry as [`crate::cli::view::write_entry`] renders it: every
    /// piece of it already made safe there, and painted. Shown as it is;
    /// every other tone is made safe ([`ui::clean_text`]) on the way out.
    Entry,
}

/// How soon a change to an answer being typed should reach the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// A keystroke: keep it, and write it when it is the caller's turn to
    /// (a few times a second at most).
    Soon,
    /// A finished line, a pause in typing, or the prompt closing: write now.
    Now,
}

/// Told the whole text of an answer each time it changes while typed.
pub type Typing<'a> = dyn FnMut(&str, Pace) + 'a;

/// The answer editor's short guide, under the text being typed.
pub const LONG_TEXT_KEYS: &str = "Ctrl-D: done · empty line: new paragraph · two empty lines: done";

/// Everything the walk-through may ask. Every method can fail with
/// [`CommandError::interrupted`] (Ctrl-C) and must leave the terminal usable.
pub trait Prompter {
    /// Shows text that needs no answer: a question, a hint, the entry, a warning.
    fn show(&mut self, tone: Tone, text: &str) -> Result<()>;

    /// One line of text. Enter alone gives `default`, or "" when there is none.
    fn input(&mut self, prompt: &str, default: Option<&str>) -> Result<String>;

    /// One line of text that starts as `initial`; `typing` hears every change.
    fn line(&mut self, prompt: &str, initial: &str, typing: &mut Typing) -> Result<String>;

    /// Any number of lines and paragraphs, starting as `initial`; `typing`
    /// hears every change. Returns "" when nothing was written. Enter on an
    /// empty answer finishes it at once (nothing to say); otherwise Ctrl-D
    /// or Enter on two empty lines finishes.
    fn long_text(&mut self, prompt: &str, initial: &str, typing: &mut Typing) -> Result<String>;

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

    /// Opens the user's editor on `text`, in a scratch file called `name`.
    /// `None` when no editor could be run or it was abandoned.
    fn edit(&mut self, name: &str, text: &str) -> Result<Option<String>>;
}

/// A person at a terminal: prompts on stderr, keys from the terminal.
pub struct Terminal {
    paint: Paint,
    scratch: Scratch,
    tty: Option<tty::Guard>,
}

/// How long typing must pause before an unsaved change is written.
const PAUSE: Duration = Duration::from_millis(300);

/// The terminal's width and height, with a sane default when it will not say.
fn screen() -> (usize, usize) {
    match terminal::size() {
        Ok((w, h)) if w > 0 && h > 0 => (usize::from(w), usize::from(h)),
        _ => (80, 24),
    }
}

/// Raw mode and bracketed paste for the length of one prompt.
struct Raw;

impl Raw {
    fn on() -> std::io::Result<Raw> {
        terminal::enable_raw_mode()?;
        let _ = crossterm::execute!(std::io::stderr(), event::EnableBracketedPaste);
        Ok(Raw)
    }
}

impl Drop for Raw {
    fn drop(&mut self) {
        let _ = crossterm::execute!(
            std::io::stderr(),
            event::DisableBracketedPaste,
            cursor::Show
        );
        let _ = terminal::disable_raw_mode();
    }
}

/// The rows a prompt occupies, redrawn whole at each change. It remembers
/// only where the cursor was left inside it, so it never depends on the
/// screen's absolute positions.
#[derive(Default)]
struct Region {
    /// The row of the region the cursor was left on.
    at: usize,
}

impl Region {
    /// Clears the region and prints `rows` in its place, leaving the
    /// cursor at the end of the last.
    fn paint(&mut self, out: &mut impl Write, rows: &[String]) -> std::io::Result<()> {
        queue!(out, cursor::MoveToColumn(0))?;
        if self.at > 0 {
            queue!(out, cursor::MoveUp(to_u16(self.at)))?;
        }
        queue!(out, terminal::Clear(terminal::ClearType::FromCursorDown))?;
        for (i, r) in rows.iter().enumerate() {
            if i > 0 {
                queue!(out, crossterm::style::Print("\r\n"))?;
            }
            queue!(out, crossterm::style::Print(r))?;
        }
        Ok(())
    }

    /// Draws `rows` (each narrower than the screen) and leaves the cursor
    /// at `(row, column)`.
    fn draw(&mut self, rows: &[String], (row, col): (usize, usize)) -> std::io::Result<()> {
        let mut out = std::io::stderr().lock();
        self.paint(&mut out, rows)?;
        let last = rows.len().saturating_sub(1);
        let row = row.min(last);
        if last > row {
            queue!(out, cursor::MoveUp(to_u16(last - row)))?;
        }
        queue!(out, cursor::MoveToColumn(to_u16(col)))?;
        self.at = row;
        out.flush()
    }

    /// Replaces the region with `rows` for good and moves below them.
    fn close(&mut self, rows: &[String]) -> std::io::Result<()> {
        let mut out = std::io::stderr().lock();
        self.paint(&mut out, rows)?;
        queue!(out, crossterm::style::Print("\r\n"))?;
        self.at = 0;
        out.flush()
    }
}

fn to_u16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// `text` cut to `width` columns, with an ellipsis when cut.
fn cut(text: &str, width: usize) -> String {
    if text_width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = line::char_width(c);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    format!("{}…", out.trim_end())
}

/// One text prompt: what is shown before the text, whether it takes
/// several lines, and how it is reported once answered (`report`: as
/// "prompt answer", with `default` for an empty answer).
struct Ask<'a> {
    label: &'a str,
    multi: bool,
    report: Option<&'a str>,
    default: Option<&'a str>,
}

/// What one key does to an answer being typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyOutcome {
    /// Nothing changed (a move, or a key with no meaning here).
    Moved,
    /// The text changed; how soon it should be saved.
    Changed(Pace),
    Finish,
    Interrupt,
    /// Up or down: the caller moves through the laid-out rows.
    Vertical(isize),
}

/// Applies one key to `buffer`. `multi` allows several lines; `escaped`
/// remembers a lone Esc, so Esc then Enter finishes like Alt-Enter.
fn apply_key(buffer: &mut Buffer, key: KeyEvent, multi: bool, escaped: &mut bool) -> KeyOutcome {
    use KeyOutcome::{Changed, Finish, Interrupt, Moved, Vertical};
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let after_esc = std::mem::take(escaped);
    let changed = |b: &Buffer, before: &str| {
        if b.text() == before {
            Moved
        } else {
            Changed(Pace::Soon)
        }
    };
    let before = buffer.text();
    let enter =
        key.code == KeyCode::Enter || (ctrl && matches!(key.code, KeyCode::Char('j' | 'm')));
    if enter {
        // Alt-Enter, Esc Enter, or one line: done. An empty answer is done
        // at once, and so is one ending in two empty lines; otherwise a
        // new line (on an empty line: a blank line between paragraphs).
        let done = alt
            || after_esc
            || !multi
            || buffer.is_empty()
            || (buffer.at_empty_last_line() && buffer.line_above_empty());
        if done {
            return Finish;
        }
        buffer.newline();
        return Changed(Pace::Now);
    }
    match key.code {
        KeyCode::Char('c') if ctrl => Interrupt,
        KeyCode::Char('d') if ctrl => Finish,
        KeyCode::Esc => {
            *escaped = true;
            Moved
        }
        KeyCode::Char('a') if ctrl => {
            buffer.home();
            Moved
        }
        KeyCode::Char('e') if ctrl => {
            buffer.end();
            Moved
        }
        KeyCode::Char('b') if ctrl => {
            buffer.left();
            Moved
        }
        KeyCode::Char('f') if ctrl => {
            buffer.right();
            Moved
        }
        KeyCode::Char('b') if alt => {
            buffer.word_left();
            Moved
        }
        KeyCode::Char('f') if alt => {
            buffer.word_right();
            Moved
        }
        KeyCode::Left if ctrl || alt => {
            buffer.word_left();
            Moved
        }
        KeyCode::Right if ctrl || alt => {
            buffer.word_right();
            Moved
        }
        KeyCode::Left => {
            buffer.left();
            Moved
        }
        KeyCode::Right => {
            buffer.right();
            Moved
        }
        KeyCode::Home => {
            buffer.home();
            Moved
        }
        KeyCode::End => {
            buffer.end();
            Moved
        }
        KeyCode::Up => Vertical(-1),
        KeyCode::Down => Vertical(1),
        KeyCode::Char('p') if ctrl => Vertical(-1),
        KeyCode::Char('n') if ctrl => Vertical(1),
        KeyCode::Backspace if alt || ctrl => {
            buffer.kill_word_before();
            changed(buffer, &before)
        }
        KeyCode::Char('h') if ctrl => {
            buffer.backspace();
            changed(buffer, &before)
        }
        KeyCode::Backspace => {
            buffer.backspace();
            changed(buffer, &before)
        }
        KeyCode::Delete if ctrl || alt => {
            buffer.kill_word_after();
            changed(buffer, &before)
        }
        KeyCode::Char('d') if alt => {
            buffer.kill_word_after();
            changed(buffer, &before)
        }
        KeyCode::Delete => {
            buffer.delete();
            changed(buffer, &before)
        }
        KeyCode::Char('w') if ctrl => {
            buffer.kill_word_before_space();
            changed(buffer, &before)
        }
        KeyCode::Char('u') if ctrl => {
            buffer.kill_to_start();
            changed(buffer, &before)
        }
        KeyCode::Char('k') if ctrl => {
            buffer.kill_to_end();
            changed(buffer, &before)
        }
        KeyCode::Char('y') if ctrl => {
            buffer.yank();
            if !multi {
                flatten(buffer);
            }
            changed(buffer, &before)
        }
        KeyCode::Char(c) if !ctrl && !alt => {
            buffer.insert(c);
            Changed(Pace::Soon)
        }
        _ => Moved,
    }
}

/// A one-line answer never holds a line break: pasted lines join with spaces.
fn flatten(buffer: &mut Buffer) {
    if buffer.lines().len() > 1 {
        let (row, col) = buffer.cursor();
        let offset: usize = buffer.lines()[..row]
            .iter()
            .map(|l| l.len() + 1)
            .sum::<usize>()
            + col;
        *buffer = Buffer::new(&buffer.text().replace('\n', " "));
        let total = buffer.lines()[0].len();
        buffer.place(0, offset.min(total));
    }
}

impl Terminal {
    /// Takes over the terminal for a walk-through. Ctrl-C stops being a
    /// signal and becomes a key that every prompt turns into
    /// [`CommandError::interrupted`]; dropping the `Terminal` puts everything back.
    /// The editor works on files from `scratch`.
    pub fn new(scratch: Scratch) -> Terminal {
        Terminal {
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

    fn failed(&self, err: std::io::Error) -> CommandError {
        if err.kind() == std::io::ErrorKind::Interrupted {
            CommandError::interrupted()
        } else {
            CommandError::io("use", Path::new("the terminal"), err)
        }
    }

    fn write_line(&self, text: &str) -> Result<()> {
        let mut err = std::io::stderr().lock();
        writeln!(err, "{text}")
            .and_then(|()| err.flush())
            .map_err(|e| self.failed(e))
    }

    /// How a finished prompt stays on screen: the question and the answer.
    fn report(&self, prompt: &str, answer: &str) -> Vec<String> {
        let p = self.paint;
        let (prompt, answer) = (ui::clean(prompt), ui::clean(answer));
        let (prompt, answer) = (prompt.as_ref(), answer.as_ref());
        let label = ui::label(prompt);
        let head = label.trim_end();
        let (width, _) = screen();
        let text = format!("{label}{answer}");
        let wrapped = wrap(&text, width.saturating_sub(1).max(20), "  ");
        let mut rows: Vec<String> = wrapped.lines().map(String::from).collect();
        if let Some(first) = rows.first_mut()
            && let Some(rest) = first.strip_prefix(head)
        {
            *first = format!("{}{rest}", p.bold(head));
        }
        if rows.is_empty() {
            rows.push(String::new());
        }
        rows
    }

    /// Reads the next key or paste, saying when `idle` passes without one.
    /// A terminal that hung up answers at once with nothing, forever; that
    /// is an error here, not an endless stream of pauses.
    fn next_event(idle: Option<Duration>) -> std::io::Result<Option<Event>> {
        let wait = idle.unwrap_or(Duration::from_secs(3600));
        let asked = Instant::now();
        if event::poll(wait)? {
            return event::read().map(Some);
        }
        if asked.elapsed() + Duration::from_millis(50) < wait {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the terminal closed",
            ));
        }
        Ok(None)
    }

    /// The answer editor, as `ask` says. Reports every change to `typing`.
    fn edit_text(&mut self, ask: &Ask, initial: &str, typing: &mut Typing) -> Result<String> {
        // The buffer drops what is unsafe to echo (see `Buffer::insert`);
        // the label can quote a draft (a default), so it is made safe too.
        let label = ui::clean(ask.label);
        let (label, multi) = (label.as_ref(), ask.multi);
        let mut buffer = Buffer::new(initial);
        if !multi {
            flatten(&mut buffer);
        }
        let raw = Raw::on().map_err(|e| self.failed(e))?;
        let mut region = Region::default();
        let mut escaped = false;
        let mut unsaved: Option<Instant> = None;
        let outcome = loop {
            let (rows, cursor) = self.text_rows(&buffer, label, multi, true);
            if let Err(e) = region.draw(&rows, cursor) {
                break Err(e);
            }
            let idle = unsaved.map(|t| PAUSE.saturating_sub(t.elapsed()));
            let ev = match Self::next_event(idle) {
                Ok(Some(ev)) => ev,
                Ok(None) => {
                    typing(&buffer.text(), Pace::Now);
                    unsaved = None;
                    continue;
                }
                Err(e) => break Err(e),
            };
            let outcome = match ev {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    apply_key(&mut buffer, key, multi, &mut escaped)
                }
                Event::Paste(text) => {
                    buffer.insert_str(&text);
                    if !multi {
                        flatten(&mut buffer);
                    }
                    KeyOutcome::Changed(Pace::Now)
                }
                _ => KeyOutcome::Moved,
            };
            match outcome {
                KeyOutcome::Moved => {}
                KeyOutcome::Vertical(delta) => {
                    let (width, _) = screen();
                    let (first, rest) = Self::rooms(&cut(label, width / 2), width);
                    let rows = line::layout(buffer.lines(), first, rest);
                    line::move_vertically(&mut buffer, &rows, delta);
                }
                KeyOutcome::Changed(pace) => {
                    typing(&buffer.text(), pace);
                    unsaved = match pace {
                        Pace::Now => None,
                        Pace::Soon => unsaved.or_else(|| Some(Instant::now())),
                    };
                }
                KeyOutcome::Finish => break Ok(true),
                KeyOutcome::Interrupt => break Ok(false),
            }
        };
        // Whatever happened, the words typed so far reach the caller.
        let text = buffer.text();
        typing(&text, Pace::Now);
        let finished = match outcome {
            Ok(finished) => finished,
            Err(e) => {
                drop(raw);
                return Err(self.failed(e));
            }
        };
        let mut answer = if multi {
            text.trim_end().to_string()
        } else {
            text.trim().to_string()
        };
        if let Some(default) = ask.default.filter(|_| answer.is_empty()) {
            answer = default.to_string();
        }
        let rows = match ask.report {
            Some(prompt) if finished => self.report(prompt, &answer),
            _ => self.text_rows(&Buffer::new(&answer), label, multi, false).0,
        };
        let closed = region.close(&rows);
        drop(raw);
        closed.map_err(|e| self.failed(e))?;
        if finished {
            Ok(answer)
        } else {
            Err(CommandError::interrupted())
        }
    }

    /// Room for text on the first row (after `label`) and on the others
    /// (after a two-space indent), keeping the last column free.
    fn rooms(label: &str, width: usize) -> (usize, usize) {
        let rest = width.saturating_sub(3).max(10);
        let first = width.saturating_sub(1 + text_width(label)).max(10);
        (first, rest)
    }

    /// The rows that show `buffer` and where its cursor is on them: the
    /// rows around the cursor when they do not all fit on the screen.
    fn text_rows(
        &self,
        buffer: &Buffer,
        label: &str,
        multi: bool,
        editing: bool,
    ) -> (Vec<String>, (usize, usize)) {
        let (width, height) = screen();
        let label = cut(label, width / 2);
        let (first, rest) = Self::rooms(&label, width);
        let rows = line::layout(buffer.lines(), first, rest);
        let (at, x) = line::cursor_row(&rows, buffer.cursor(), buffer.lines());
        let mut shown: Vec<String> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let text: String = buffer.lines()[r.line][r.start..r.end].iter().collect();
                if i == 0 {
                    format!("{}{text}", self.paint.bold(&label))
                } else {
                    format!("  {text}")
                }
            })
            .collect();
        let col = if at == 0 { text_width(&label) } else { 2 } + x;
        let status = multi && editing;
        let room = height.saturating_sub(1 + usize::from(status)).max(1);
        let mut at = at;
        if shown.len() > room {
            let top = (at + 1).saturating_sub(room);
            shown = shown.split_off(top);
            shown.truncate(room);
            at -= top;
        }
        if status {
            let keys = if buffer.at_empty_last_line() && !buffer.is_empty() {
                if buffer.line_above_empty() {
                    "Enter: done · or type the next paragraph"
                } else {
                    "Enter: a blank line, for a new paragraph · Ctrl-D: done"
                }
            } else if buffer.is_empty() {
                "Enter: skip this step · Ctrl-D: done"
            } else {
                LONG_TEXT_KEYS
            };
            shown.push(self.paint.dim(&cut(keys, width.saturating_sub(1))));
        }
        (shown, (at, col))
    }

    /// A list to move through with the arrow keys; `checks` for ticking.
    fn choose(
        &mut self,
        prompt: &str,
        items: &[String],
        default: usize,
        mut checks: Option<&mut Vec<bool>>,
    ) -> Result<usize> {
        if items.is_empty() {
            return Err(CommandError::usage(format!(
                "{}nothing to choose from",
                ui::label(prompt)
            )));
        }
        let raw = Raw::on().map_err(|e| self.failed(e))?;
        let mut region = Region::default();
        let mut at = default.min(items.len() - 1);
        let mut top = 0usize;
        let outcome = loop {
            let (width, height) = screen();
            let room = height.saturating_sub(2).clamp(3, items.len().max(3));
            if at < top {
                top = at;
            } else if at >= top + room {
                top = at + 1 - room;
            }
            let rows = self.list_rows(prompt, items, at, top, room, checks.as_deref(), width);
            if let Err(e) = region.draw(&rows, (rows.len() - 1, 0)) {
                break Err(e);
            }
            let _ = crossterm::execute!(std::io::stderr(), cursor::Hide);
            let key = match Self::next_event(None) {
                Ok(Some(Event::Key(k))) if k.kind != KeyEventKind::Release => k,
                Ok(_) => continue,
                Err(e) => break Err(e),
            };
            let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
            let last = items.len() - 1;
            match key.code {
                KeyCode::Char('c') if ctrl => break Ok(None),
                KeyCode::Enter => break Ok(Some(at)),
                KeyCode::Up | KeyCode::Char('k') => at = if at == 0 { last } else { at - 1 },
                KeyCode::Char('p') if ctrl => at = at.saturating_sub(1),
                KeyCode::Down | KeyCode::Char('j') => at = if at == last { 0 } else { at + 1 },
                KeyCode::Char('n') if ctrl => at = (at + 1).min(last),
                KeyCode::PageUp => at = at.saturating_sub(room),
                KeyCode::PageDown => at = (at + room).min(last),
                KeyCode::Home => at = 0,
                KeyCode::End => at = last,
                KeyCode::Char(' ') => {
                    if let Some(c) = checks.as_deref_mut()
                        && let Some(tick) = c.get_mut(at)
                    {
                        *tick = !*tick;
                    }
                }
                _ => {}
            }
        };
        let chosen = match outcome {
            Ok(chosen) => chosen,
            Err(e) => {
                drop(raw);
                return Err(self.failed(e));
            }
        };
        let answer = match (&checks, chosen) {
            (_, None) => String::new(),
            (Some(c), Some(_)) => {
                let names: Vec<&str> = items
                    .iter()
                    .zip(c.iter())
                    .filter(|(_, t)| **t)
                    .filter_map(|(i, _)| i.split_whitespace().next())
                    .collect();
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            }
            (None, Some(i)) => items[i].lines().next().unwrap_or_default().to_string(),
        };
        let closed = if chosen.is_some() {
            region.close(&self.report(prompt, &answer))
        } else {
            region.close(&[self.paint.bold(&ui::clean(prompt))])
        };
        drop(raw);
        closed.map_err(|e| self.failed(e))?;
        chosen.ok_or_else(CommandError::interrupted)
    }

    /// The rows of a list: the prompt with its keys, then the items in view,
    /// the one at the cursor marked by a symbol (and colour, when there is any).
    #[allow(clippy::too_many_arguments)]
    fn list_rows(
        &self,
        prompt: &str,
        items: &[String],
        at: usize,
        top: usize,
        room: usize,
        checks: Option<&Vec<bool>>,
        width: usize,
    ) -> Vec<String> {
        let p = self.paint;
        let keys = match checks {
            Some(_) => "↑↓ move · Space ticks · Enter accepts",
            None => "↑↓ move · Enter chooses",
        };
        let more = if items.len() > room {
            format!(" · {} of {}", at + 1, items.len())
        } else {
            String::new()
        };
        let prompt = ui::clean(prompt);
        let prompt = prompt.as_ref();
        let head_room = width.saturating_sub(text_width(prompt) + 2).max(1);
        let mut rows = vec![format!(
            "{} {}",
            p.bold(prompt),
            p.dim(&cut(&format!("({keys}{more})"), head_room))
        )];
        let marker = if p.on { "❯" } else { ">" };
        for (i, item) in items.iter().enumerate().skip(top).take(room) {
            let here = i == at;
            let mark = if here { marker } else { " " };
            let tick = match checks.and_then(|c| c.get(i)) {
                Some(true) => format!("{} ", p.green("[x]")),
                Some(false) => "[ ] ".to_string(),
                None => String::new(),
            };
            let first = ui::clean(item.lines().next().unwrap_or_default());
            let room = width.saturating_sub(3 + if checks.is_some() { 4 } else { 0 } + 1);
            let text = cut(&first, room.max(10));
            let text = if here { p.cyan(&p.bold(&text)) } else { text };
            let mark = if here { p.cyan(mark) } else { mark.to_string() };
            rows.push(format!("{mark} {tick}{text}"));
        }
        rows
    }

    fn run_editor(&mut self, path: &Path) -> Result<bool> {
        let Some(choice) = editor::choose() else {
            self.show(
                Tone::Warning,
                "no editor found: set EDITOR (for example EDITOR=nano) to write in one",
            )?;
            return Ok(false);
        };
        if let Some(note) = choice.announcement() {
            self.show(Tone::Hint, &note)?;
        }
        let editor = choice.command;
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
        let _ = crossterm::execute!(std::io::stderr(), cursor::Show);
    }
}

impl Prompter for Terminal {
    fn show(&mut self, tone: Tone, text: &str) -> Result<()> {
        let p = self.paint;
        let width = screen().0.saturating_sub(1).max(20);
        // Questions, hints and warnings can quote a data file, a draft or
        // what was typed: nothing in them reaches the terminal unescaped.
        let safe = ui::clean_text(text);
        let text = match tone {
            Tone::Entry => wrap(text, width, ""),
            Tone::Heading => format!("\n{}", p.bold(&safe)),
            Tone::Plain => wrap(&safe, width, ""),
            Tone::Hint => p.dim(&wrap(&safe, width, "")),
            Tone::Warning => {
                let wrapped = wrap(&format!("! {safe}"), width, "  ");
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
        let label = match default {
            Some(d) => format!("{prompt} [{d}]: "),
            None => ui::label(prompt),
        };
        let ask = Ask {
            label: &label,
            multi: false,
            report: Some(prompt),
            default,
        };
        self.edit_text(&ask, "", &mut |_, _| {})
    }

    fn line(&mut self, prompt: &str, initial: &str, typing: &mut Typing) -> Result<String> {
        let label = ui::label(prompt);
        let ask = Ask {
            label: &label,
            multi: false,
            report: None,
            default: None,
        };
        self.edit_text(&ask, initial, typing)
    }

    fn long_text(&mut self, prompt: &str, initial: &str, typing: &mut Typing) -> Result<String> {
        let label = ui::label(prompt);
        let ask = Ask {
            label: &label,
            multi: true,
            report: None,
            default: None,
        };
        self.edit_text(&ask, initial, typing)
    }

    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize> {
        self.choose(prompt, items, default, None)
    }

    fn multi_select(
        &mut self,
        prompt: &str,
        items: &[String],
        checked: &[bool],
    ) -> Result<Vec<usize>> {
        let mut ticks: Vec<bool> = (0..items.len())
            .map(|i| checked.get(i).copied().unwrap_or(false))
            .collect();
        self.choose(prompt, items, 0, Some(&mut ticks))?;
        Ok((0..items.len()).filter(|&i| ticks[i]).collect())
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool> {
        let keys = if default { "[Y/n]" } else { "[y/N]" };
        let (width, _) = screen();
        let asked = wrap(
            &format!("{} {keys} ", ui::clean(prompt)),
            width.saturating_sub(1).max(20),
            "  ",
        );
        let rows: Vec<String> = asked.lines().map(String::from).collect();
        let end = (
            rows.len().saturating_sub(1),
            rows.last().map_or(0, |r| text_width(r)),
        );
        let raw = Raw::on().map_err(|e| self.failed(e))?;
        let mut region = Region::default();
        let outcome = loop {
            if let Err(e) = region.draw(&rows, end) {
                break Err(e);
            }
            match Self::next_event(None) {
                Ok(Some(Event::Key(k))) if k.kind != KeyEventKind::Release => match k.code {
                    KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                        break Ok(None);
                    }
                    KeyCode::Char('y' | 'Y') => break Ok(Some(true)),
                    KeyCode::Char('n' | 'N') => break Ok(Some(false)),
                    KeyCode::Enter => break Ok(Some(default)),
                    _ => {}
                },
                Ok(_) => {}
                Err(e) => break Err(e),
            }
        };
        let answer = match outcome {
            Ok(a) => a,
            Err(e) => {
                drop(raw);
                return Err(self.failed(e));
            }
        };
        let shown = match answer {
            Some(true) => self.report(prompt, "yes"),
            Some(false) => self.report(prompt, "no"),
            None => rows.clone(),
        };
        let closed = region.close(&shown);
        drop(raw);
        closed.map_err(|e| self.failed(e))?;
        answer.ok_or_else(CommandError::interrupted)
    }

    fn edit(&mut self, name: &str, text: &str) -> Result<Option<String>> {
        let file = self.scratch.create(name, text)?;
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

/// Whether stdin and stderr are both a terminal: prompts can be shown.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// The terminal's line settings, held for the length of a walk-through.
/// One of the two places that call C (termios), hence the `unsafe_code`
/// exception.
#[allow(unsafe_code)]
mod tty {
    use std::io::Write;
    use std::sync::Mutex;

    /// Ctrl-C as a key rather than a signal between prompts too, so that
    /// it reaches the next prompt (which restores the screen) instead of
    /// killing the process between two key presses. The original settings
    /// come back on drop, while an editor runs, and from
    /// [`restore_now`] when a signal ends the process.
    pub(super) struct Guard {
        original: libc::termios,
    }

    const FD: libc::c_int = libc::STDIN_FILENO;

    /// The settings found when the walk-through began, for [`restore_now`].
    static ORIGINAL: Mutex<Option<libc::termios>> = Mutex::new(None);

    impl Guard {
        pub(super) fn take() -> Option<Guard> {
            // SAFETY: tcgetattr fills the struct or fails; nothing is kept on failure.
            let original = unsafe {
                let mut t: libc::termios = std::mem::zeroed();
                if libc::tcgetattr(FD, &mut t) != 0 {
                    return None;
                }
                t
            };
            if let Ok(mut kept) = ORIGINAL.lock() {
                kept.get_or_insert(original);
            }
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

    /// Puts the terminal back as the walk-through found it, from any
    /// thread: line mode, signals, the cursor shown, pasting plain.
    pub(crate) fn restore_now() {
        let original = ORIGINAL.lock().ok().and_then(|kept| *kept);
        if let Some(original) = original {
            // SAFETY: sets attributes from a valid termios on our own terminal.
            unsafe {
                libc::tcsetattr(FD, libc::TCSANOW, &original);
            }
        }
        let mut err = std::io::stderr();
        let _ = err.write_all(b"\x1b[?2004l\x1b[?25h\r\n");
        let _ = err.flush();
    }
}

pub(crate) use tty::restore_now;

/// One scripted answer for [`Scripted`].
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Typed text, for `input`, `line` and `long_text` ("" is pressing Enter).
    Text(String),
    /// Text typed and then Ctrl-C, for `line` and `long_text`: the words
    /// reach the typing callback, then the prompt is interrupted.
    Stopped(String),
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

    fn text(&mut self, asked: String, typing: &mut Typing) -> Result<String> {
        match self.next(&asked)? {
            Answer::Text(text) => {
                if !text.is_empty() {
                    typing(&text, Pace::Now);
                }
                Ok(text)
            }
            Answer::Stopped(text) => {
                typing(&text, Pace::Soon);
                Err(CommandError::interrupted())
            }
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

    fn line(&mut self, prompt: &str, initial: &str, typing: &mut Typing) -> Result<String> {
        self.text(format!("line {prompt} [{initial}]"), typing)
    }

    fn long_text(&mut self, prompt: &str, initial: &str, typing: &mut Typing) -> Result<String> {
        self.text(format!("long {prompt} [{initial}]"), typing)
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

    fn edit(&mut self, name: &str, text: &str) -> Result<Option<String>> {
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

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    /// Types `keys` into an answer: what it holds, and how the last key ended.
    fn typed(multi: bool, keys: &[KeyEvent]) -> (String, KeyOutcome) {
        let mut b = Buffer::default();
        let mut esc = false;
        let mut last = KeyOutcome::Moved;
        for k in keys {
            last = apply_key(&mut b, *k, multi, &mut esc);
            if let KeyOutcome::Vertical(d) = last {
                let rows = line::layout(b.lines(), 80, 80);
                line::move_vertically(&mut b, &rows, d);
            }
        }
        (b.text(), last)
    }

    fn chars(s: &str) -> Vec<KeyEvent> {
        s.chars()
            .map(|c| match c {
                '\r' => key(KeyCode::Enter, KeyModifiers::NONE),
                c => key(KeyCode::Char(c), KeyModifiers::NONE),
            })
            .collect()
    }

    #[test]
    fn keys_edit_like_a_shell_and_enter_makes_paragraphs() {
        use KeyModifiers as M;
        let ctrl = |c| key(KeyCode::Char(c), M::CONTROL);
        let alt = |c| key(KeyCode::Char(c), M::ALT);
        let plain = |c| key(c, M::NONE);

        // Enter on an empty line keeps a blank line; two empty lines finish.
        let (text, how) = typed(true, &chars("one\r\rtwo\r\r\r"));
        assert_eq!((text.as_str(), how), ("one\n\ntwo\n\n", KeyOutcome::Finish));
        // Enter straight away: nothing to say.
        assert_eq!(typed(true, &chars("\r")).1, KeyOutcome::Finish);
        // Ctrl-D, Alt-Enter and Esc then Enter finish at once.
        let mut keys = chars("a\rb");
        keys.push(ctrl('d'));
        assert_eq!(typed(true, &keys), ("a\nb".into(), KeyOutcome::Finish));
        let mut keys = chars("a");
        keys.push(key(KeyCode::Enter, M::ALT));
        assert_eq!(typed(true, &keys).1, KeyOutcome::Finish);
        let mut keys = chars("a");
        keys.extend([plain(KeyCode::Esc), plain(KeyCode::Enter)]);
        assert_eq!(typed(true, &keys).1, KeyOutcome::Finish);
        // One line: Enter finishes whatever is typed.
        assert_eq!(
            typed(false, &chars("a\r")),
            ("a".into(), KeyOutcome::Finish)
        );
        assert_eq!(typed(true, &[ctrl('c')]).1, KeyOutcome::Interrupt);

        // Home, End, Ctrl-A/E, word moves and deletes, kill and yank.
        let mut keys = chars("brown fox");
        keys.extend([ctrl('a')]);
        keys.extend(chars("the "));
        keys.extend([ctrl('e'), alt('b'), key(KeyCode::Left, M::CONTROL)]);
        keys.extend(chars("quick "));
        keys.extend([
            plain(KeyCode::End),
            ctrl('w'),
            alt('b'),
            ctrl('k'),
            ctrl('y'),
        ]);
        keys.extend([plain(KeyCode::Home), key(KeyCode::Right, M::ALT)]);
        keys.extend([key(KeyCode::Backspace, M::ALT)]);
        assert_eq!(typed(false, &keys).0, " quick brown ");
        // Up and down move between the lines of an answer.
        let mut keys = chars("first\rsecond");
        keys.extend([plain(KeyCode::Up), plain(KeyCode::End)]);
        keys.extend(chars("!"));
        keys.extend([plain(KeyCode::Down), ctrl('u')]);
        assert_eq!(typed(true, &keys).0, "first!\n");
        assert_eq!(
            typed(false, &[ctrl('h'), plain(KeyCode::Delete), alt('d')]).1,
            KeyOutcome::Moved
        );
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
        let mut seen = Vec::new();
        let mut p2 = Scripted::new([Answer::Text("typed".into()), Answer::Stopped("half".into())]);
        assert_eq!(
            p2.long_text("Step", "", &mut |t, _| seen.push(t.to_string()))
                .unwrap(),
            "typed"
        );
        let err = p2
            .line("Title", "", &mut |t, _| seen.push(t.to_string()))
            .unwrap_err();
        assert_eq!(err.kind, crate::cli::error::Kind::Interrupted);
        assert_eq!(seen, ["typed", "half"]);
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
