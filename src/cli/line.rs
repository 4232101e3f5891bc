//! The text being typed at a prompt, apart from any terminal: a [`Buffer`]
//! of lines with a cursor and the editing a person expects from a shell
//! (word moves and deletes, kill and yank), and the [`layout`] that wraps
//! it at words to the screen's width, which up and down move through.
//! Pure, so every key is tested without a terminal; `prompt.rs` draws it.

use unicode_width::UnicodeWidthChar;

/// Lines of characters and a cursor: `row` is the line, `col` the
/// character in it (`0..=len`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Buffer {
    lines: Vec<Vec<char>>,
    row: usize,
    col: usize,
    /// What the last kill (Ctrl-U, Ctrl-K, Ctrl-W...) took, for Ctrl-Y.
    killed: String,
}

impl Default for Buffer {
    fn default() -> Self {
        Buffer {
            lines: vec![Vec::new()],
            row: 0,
            col: 0,
            killed: String::new(),
        }
    }
}

/// How a character is seen by the word moves.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '\''
}

/// Display width of one character (control characters never get here).
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Display width of a string.
pub fn text_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

impl Buffer {
    /// `text` to edit, with the cursor at its end.
    pub fn new(text: &str) -> Buffer {
        let mut b = Buffer::default();
        b.insert_str(text);
        b
    }

    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn lines(&self) -> &[Vec<char>] {
        &self.lines
    }

    pub fn cursor(&self) -> (usize, usize) {
        (self.row, self.col)
    }

    pub fn is_empty(&self) -> bool {
        self.lines.iter().all(Vec::is_empty)
    }

    fn line(&self) -> &Vec<char> {
        &self.lines[self.row]
    }

    fn line_mut(&mut self) -> &mut Vec<char> {
        &mut self.lines[self.row]
    }

    /// On the last line, which is empty.
    pub fn at_empty_last_line(&self) -> bool {
        self.row + 1 == self.lines.len() && self.line().is_empty()
    }

    /// The line above the cursor's is empty (or there is none).
    pub fn line_above_empty(&self) -> bool {
        self.row == 0 || self.lines[self.row - 1].is_empty()
    }

    /// Types one character (a newline, or a Unicode line or paragraph
    /// separator, splits the line; a tab becomes a space). Whatever else
    /// must never reach a terminal as it is ([`crate::cli::ui::is_unsafe`]:
    /// control characters, so every escape sequence, and the bidirectional
    /// overrides) is dropped, so what the editor echoes — a resumed draft,
    /// a paste — is always safe to draw.
    pub fn insert(&mut self, c: char) {
        match c {
            '\n' | '\u{2028}' | '\u{2029}' => self.newline(),
            '\t' => self.insert(' '),
            c if crate::cli::ui::is_unsafe(c) => {}
            c => {
                let col = self.col;
                self.line_mut().insert(col, c);
                self.col += 1;
            }
        }
    }

    /// Pasted or resumed text, line ends as any system writes them.
    pub fn insert_str(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        for c in text.chars() {
            self.insert(c);
        }
    }

    pub fn newline(&mut self) {
        let col = self.col;
        let rest = self.line_mut().split_off(col);
        self.lines.insert(self.row + 1, rest);
        self.row += 1;
        self.col = 0;
    }

    pub fn backspace(&mut self) {
        if self.col > 0 {
            self.col -= 1;
            let col = self.col;
            self.line_mut().remove(col);
        } else if self.row > 0 {
            let line = self.lines.remove(self.row);
            self.row -= 1;
            self.col = self.line().len();
            self.line_mut().extend(line);
        }
    }

    pub fn delete(&mut self) {
        if self.col < self.line().len() {
            let col = self.col;
            self.line_mut().remove(col);
        } else if self.row + 1 < self.lines.len() {
            let next = self.lines.remove(self.row + 1);
            self.line_mut().extend(next);
        }
    }

    pub fn left(&mut self) {
        if self.col > 0 {
            self.col -= 1;
        } else if self.row > 0 {
            self.row -= 1;
            self.col = self.line().len();
        }
    }

    pub fn right(&mut self) {
        if self.col < self.line().len() {
            self.col += 1;
        } else if self.row + 1 < self.lines.len() {
            self.row += 1;
            self.col = 0;
        }
    }

    pub fn home(&mut self) {
        self.col = 0;
    }

    pub fn end(&mut self) {
        self.col = self.line().len();
    }

    /// Where a word move backwards from the cursor lands (Alt-B).
    fn word_start_before(&self) -> (usize, usize) {
        if self.col == 0 {
            return match self.row {
                0 => (0, 0),
                r => (r - 1, self.lines[r - 1].len()),
            };
        }
        let line = self.line();
        let mut col = self.col;
        while col > 0 && !is_word(line[col - 1]) {
            col -= 1;
        }
        while col > 0 && is_word(line[col - 1]) {
            col -= 1;
        }
        (self.row, col)
    }

    /// Where a word move forwards from the cursor lands (Alt-F).
    fn word_end_after(&self) -> (usize, usize) {
        let line = self.line();
        if self.col == line.len() {
            return if self.row + 1 < self.lines.len() {
                (self.row + 1, 0)
            } else {
                (self.row, self.col)
            };
        }
        let mut col = self.col;
        while col < line.len() && !is_word(line[col]) {
            col += 1;
        }
        while col < line.len() && is_word(line[col]) {
            col += 1;
        }
        (self.row, col)
    }

    pub fn word_left(&mut self) {
        (self.row, self.col) = self.word_start_before();
    }

    pub fn word_right(&mut self) {
        (self.row, self.col) = self.word_end_after();
    }

    /// Removes the text between the cursor and `to` (on the same line, or
    /// the line break before or after it) and keeps it for yanking.
    fn kill_to(&mut self, to: (usize, usize)) {
        let here = (self.row, self.col);
        let (from, until) = if to < here { (to, here) } else { (here, to) };
        if from == until {
            return;
        }
        let mut killed = String::new();
        if from.0 == until.0 {
            let line = &mut self.lines[from.0];
            killed.extend(line.drain(from.1..until.1));
        } else {
            // A line break: joins the two lines.
            killed.push('\n');
            let next = self.lines.remove(until.0);
            self.lines[from.0].extend(next);
        }
        self.killed = killed;
        (self.row, self.col) = from;
    }

    /// Ctrl-W: the word before the cursor, up to the previous space.
    pub fn kill_word_before_space(&mut self) {
        if self.col == 0 {
            self.kill_to(self.word_start_before());
            return;
        }
        let line = self.line();
        let mut col = self.col;
        while col > 0 && line[col - 1] == ' ' {
            col -= 1;
        }
        while col > 0 && line[col - 1] != ' ' {
            col -= 1;
        }
        self.kill_to((self.row, col));
    }

    /// Alt-Backspace: the word before the cursor.
    pub fn kill_word_before(&mut self) {
        self.kill_to(self.word_start_before());
    }

    /// Alt-D: the word after the cursor.
    pub fn kill_word_after(&mut self) {
        self.kill_to(self.word_end_after());
    }

    /// Ctrl-U: the line before the cursor.
    pub fn kill_to_start(&mut self) {
        self.kill_to((self.row, 0));
    }

    /// Ctrl-K: the line after the cursor.
    pub fn kill_to_end(&mut self) {
        self.kill_to((self.row, self.line().len()));
    }

    /// Ctrl-Y: puts back what the last kill took.
    pub fn yank(&mut self) {
        let killed = self.killed.clone();
        self.insert_str(&killed);
    }

    /// Moves the cursor to `(row, col)`, kept inside the text.
    pub fn place(&mut self, row: usize, col: usize) {
        self.row = row.min(self.lines.len() - 1);
        self.col = col.min(self.line().len());
    }
}

/// One screen row of a laid-out buffer: characters `start..end` of line
/// `line`, drawn after `indent` columns of prompt or indent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

/// The buffer's lines wrapped at spaces into rows of at most `first`
/// columns (the very first row, after the prompt) or `rest` columns.
pub fn layout(lines: &[Vec<char>], first: usize, rest: usize) -> Vec<Row> {
    let mut rows = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let mut room = if n == 0 { first } else { rest }.max(2);
        let mut start = 0;
        let mut used = 0;
        let mut space: Option<usize> = None;
        let mut i = 0;
        while i < line.len() {
            let w = char_width(line[i]);
            if used + w > room && i > start {
                // Break after the last space in the row, else mid-word.
                let at = match space {
                    Some(s) if s + 1 > start && s + 1 < i + 1 => s + 1,
                    _ => i,
                };
                rows.push(Row {
                    line: n,
                    start,
                    end: at,
                });
                start = at;
                used = line[start..i].iter().copied().map(char_width).sum();
                space = None;
                room = rest.max(2);
                continue;
            }
            if line[i] == ' ' {
                space = Some(i);
            }
            used += w;
            i += 1;
        }
        rows.push(Row {
            line: n,
            start,
            end: line.len(),
        });
    }
    rows
}

/// The row the cursor is on, and its column within that row's text.
pub fn cursor_row(
    rows: &[Row],
    (line, col): (usize, usize),
    lines: &[Vec<char>],
) -> (usize, usize) {
    for (i, r) in rows.iter().enumerate() {
        let last_of_line = rows.get(i + 1).is_none_or(|next| next.line != r.line);
        if r.line == line && r.start <= col && (col < r.end || (col == r.end && last_of_line)) {
            let x = lines[line][r.start..col]
                .iter()
                .copied()
                .map(char_width)
                .sum();
            return (i, x);
        }
    }
    (rows.len().saturating_sub(1), 0)
}

/// Up (`-1`) or down (`1`) one screen row, keeping the column as far as
/// the row allows. False when there is no row there.
pub fn move_vertically(buffer: &mut Buffer, rows: &[Row], delta: isize) -> bool {
    let (at, x) = cursor_row(rows, buffer.cursor(), buffer.lines());
    let Some(target) = at.checked_add_signed(delta).filter(|t| *t < rows.len()) else {
        return false;
    };
    let r = rows[target];
    let line = &buffer.lines()[r.line];
    let last_of_line = rows.get(target + 1).is_none_or(|next| next.line != r.line);
    // A row that wraps ends before its last character's place.
    let limit = if last_of_line {
        r.end
    } else {
        r.end.saturating_sub(1).max(r.start)
    };
    let mut col = r.start;
    let mut used = 0;
    while col < limit {
        let w = char_width(line[col]);
        if used + w > x {
            break;
        }
        used += w;
        col += 1;
    }
    buffer.place(r.line, col);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(keys: &str) -> Buffer {
        let mut b = Buffer::default();
        b.insert_str(keys);
        b
    }

    #[test]
    fn typing_moving_and_deleting() {
        let mut b = typed("hello world");
        b.home();
        b.insert('>');
        b.end();
        b.insert('!');
        assert_eq!(b.text(), ">hello world!");
        b.word_left();
        assert_eq!(b.cursor(), (0, 7));
        b.word_left();
        assert_eq!(b.cursor(), (0, 1));
        b.word_right();
        assert_eq!(b.cursor(), (0, 6));
        b.kill_to_end();
        assert_eq!(b.text(), ">hello");
        b.yank();
        b.yank();
        assert_eq!(b.text(), ">hello world! world!");
        b.kill_word_before_space();
        assert_eq!(b.text(), ">hello world! ");
        b.kill_word_before();
        assert_eq!(b.text(), ">hello ");
        b.kill_to_start();
        assert_eq!(b.text(), "");
        assert!(b.is_empty());
    }

    #[test]
    fn nothing_unsafe_to_echo_gets_into_the_buffer() {
        // A resumed draft or a paste: escape sequences, C1, bell, the
        // bidirectional overrides; the Unicode line separators are lines.
        let b = Buffer::new(
            "a\u{1b}[2Jb\u{1b}]52;c;SGk=\u{7}c\u{9b}31md\u{202e}e\u{2066}f\u{2028}g\u{2029}h\r\ni\tj",
        );
        assert_eq!(b.text(), "a[2Jb]52;c;SGk=c31mdef\ng\nh\ni j");
        assert!(
            !b.text()
                .chars()
                .any(|c| c != '\n' && crate::cli::ui::is_unsafe(c))
        );
    }

    #[test]
    fn lines_split_join_and_keep_paragraphs() {
        let mut b = typed("first line\n\nsecond para");
        assert_eq!(b.lines().len(), 3);
        assert_eq!(b.cursor(), (2, 11));
        b.home();
        b.backspace();
        assert_eq!(b.text(), "first line\nsecond para");
        b.backspace();
        assert_eq!(b.text(), "first linesecond para");
        b.newline();
        assert_eq!(b.text(), "first line\nsecond para");
        b.left();
        assert_eq!(b.cursor(), (0, 10));
        b.delete();
        assert_eq!(b.text(), "first linesecond para");
        b.right();
        b.kill_word_after();
        assert_eq!(b.text(), "first lines para");
        // Ctrl-W at the start of a line takes the line break.
        let mut b = typed("a\nb");
        b.home();
        b.kill_word_before_space();
        assert_eq!(b.text(), "ab");
        assert_eq!(typed("x\r\ny\rz\tw\u{7}").text(), "x\ny\nz w");
    }

    #[test]
    fn layout_wraps_at_spaces_and_up_down_keep_the_column() {
        let b = typed("one two three four five\nsix");
        let rows = layout(b.lines(), 9, 9);
        let text: Vec<String> = rows
            .iter()
            .map(|r| b.lines()[r.line][r.start..r.end].iter().collect())
            .collect();
        assert_eq!(text, ["one two ", "three ", "four five", "six"]);
        let mut b = b;
        b.place(0, 5); // "one t|wo"
        assert_eq!(cursor_row(&rows, b.cursor(), b.lines()), (0, 5));
        assert!(move_vertically(&mut b, &rows, 1));
        assert_eq!(b.cursor(), (0, 13)); // "three|": a wrapping row ends before its space
        assert!(move_vertically(&mut b, &rows, 1));
        assert_eq!(b.cursor(), (0, 19)); // "four |five"
        assert!(move_vertically(&mut b, &rows, 1));
        assert_eq!(b.cursor(), (1, 3)); // "six|": as far as the row allows
        assert!(!move_vertically(&mut b, &rows, 1));
        assert!(move_vertically(&mut b, &rows, -3));
        assert_eq!(b.cursor(), (0, 3));
        assert!(!move_vertically(&mut b, &rows, -1));
        // A word longer than a row is cut; wide characters count twice.
        let b = typed("abcdefghij 漢字漢字");
        let rows = layout(b.lines(), 4, 4);
        assert_eq!(
            rows.iter().map(|r| (r.start, r.end)).collect::<Vec<_>>(),
            [(0, 4), (4, 8), (8, 11), (11, 13), (13, 15)]
        );
        // The cursor at the end of a full row that wraps shows on the next.
        let b = typed("abcd");
        let rows = layout(b.lines(), 4, 4);
        assert_eq!(cursor_row(&rows, b.cursor(), b.lines()), (0, 4));
    }
}
