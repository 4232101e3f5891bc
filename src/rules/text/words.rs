//! Words and their byte ranges. A word is a run of letters and digits with
//! apostrophes inside it kept (`didn't`, `customer's`) and a decimal point
//! or thousands comma between digits kept (`2.5`, `1,200`).

use std::ops::Range;

/// One word of a text: where it lies and its folded form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub range: Range<usize>,
    /// Lower case, with typographic apostrophes made straight.
    pub folded: String,
}

impl Word {
    pub fn is_number(&self) -> bool {
        self.folded.starts_with(|c: char| c.is_ascii_digit())
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let joins = start.is_some()
            && next.is_some_and(char::is_alphanumeric)
            && (is_apostrophe(c)
                || (matches!(c, '.' | ',')
                    && prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit())));
        if c.is_alphanumeric() || joins {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(word(text, s..i));
        }
        prev = Some(c);
    }
    if let Some(s) = start {
        out.push(word(text, s..text.len()));
    }
    out
}

fn word(text: &str, range: Range<usize>) -> Word {
    let folded = fold(&text[range.clone()]);
    Word { range, folded }
}

/// Lower case with apostrophes made straight: how words are compared.
pub fn fold(word: &str) -> String {
    word.chars()
        .map(|c| if is_apostrophe(c) { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.folded).collect()
    }

    #[test]
    fn words_keep_inner_apostrophes_and_decimals() {
        assert_eq!(
            folded("I couldn’t authorise £1,200.50 — the customer's 2.5% (ok)."),
            [
                "i",
                "couldn't",
                "authorise",
                "1,200.50",
                "the",
                "customer's",
                "2.5",
                "ok"
            ]
        );
        assert_eq!(
            folded("'I'll sort it today.'"),
            ["i'll", "sort", "it", "today"]
        );
        assert_eq!(folded("customers' orders"), ["customers", "orders"]);
    }

    #[test]
    fn ranges_point_into_the_text() {
        let text = "Zoë rang — twice.";
        for w in words(text) {
            assert_eq!(fold(&text[w.range.clone()]), w.folded);
        }
    }
}
