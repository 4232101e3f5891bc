//! Sentences and quotations. Sentences end at `.`, `!`, `?` or `…` before a
//! capital, a digit or an opening mark (not after `Mr.`, `e.g.` or an
//! initial), at a blank line, and at a line break unless the next line
//! carries on in lower case (soft-wrapped text). Quotations are spans in
//! double or single quotation marks; an apostrophe inside a word never opens
//! or closes one.

use std::ops::Range;

const ABBREVIATIONS: &[&str] = &[
    "approx", "co", "dept", "dr", "e.g", "eg", "est", "i.e", "ie", "inc", "ltd", "mr", "mrs", "ms",
    "no", "nr", "ref", "st", "tel", "vs",
];

/// The sentences of `text` as byte ranges, trimmed, none empty.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let mut cut: Option<usize> = None; // end of the sentence (exclusive)
        if c == '\n' {
            let next = chars[i + 1..]
                .iter()
                .map(|&(_, c)| c)
                .find(|c| *c != ' ' && *c != '\t');
            let blank = next == Some('\n') || next.is_none();
            if blank || !next.is_some_and(char::is_lowercase) {
                cut = Some(at);
            }
        } else if matches!(c, '.' | '!' | '?' | '…') {
            // Take the whole run of terminal marks and closing quotes/brackets.
            let mut j = i + 1;
            while j < chars.len()
                && matches!(
                    chars[j].1,
                    '.' | '!' | '?' | '…' | '"' | '\'' | '”' | '’' | ')' | ']'
                )
            {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
            let after_space = chars.get(j).is_none_or(|&(_, n)| n.is_whitespace());
            let next = chars[j..]
                .iter()
                .map(|&(_, c)| c)
                .find(|c| !c.is_whitespace());
            let opens = next.is_none_or(|n| {
                n.is_uppercase()
                    || n.is_ascii_digit()
                    || matches!(n, '"' | '“' | '‘' | '\'' | '(' | '[' | '-' | '•' | '*')
            });
            if after_space && opens && !(c == '.' && abbreviation_before(text, at)) {
                cut = Some(end);
                i = j.saturating_sub(1);
            }
        }
        if let Some(end) = cut {
            push_trimmed(text, start..end, &mut out);
            start = end;
        }
        i += 1;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn abbreviation_before(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = before[word_start..].to_lowercase();
    if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
        // An initial ("J. Smith"), but not the pronoun at a sentence's end.
        return word != "i";
    }
    ABBREVIATIONS.contains(&word.as_str())
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    let (s, e) = (range.start + lead, range.end - trail);
    if s < e && text[s..e].chars().any(char::is_alphanumeric) {
        out.push(s..e);
    }
}

/// Spans of quoted text, marks included, in order and not overlapping.
pub fn quoted_spans(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    // (start byte, closing char kind) of the open quotation.
    let mut open: Option<(usize, char)> = None;
    for (k, &(at, c)) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(k + 1).map(|&(_, n)| n);
        let boundary_before = prev.is_none_or(|p| p.is_whitespace() || "([{—–-:/".contains(p));
        let word_after = next.is_some_and(|n| !n.is_whitespace());
        let alnum_after = next.is_some_and(char::is_alphanumeric);
        let end = at + c.len_utf8();
        match (open, c) {
            (None, '“') => open = Some((at, '”')),
            (None, '"') if boundary_before && word_after => open = Some((at, '"')),
            (None, '‘' | '\'') if boundary_before && alnum_after => open = Some((at, '’')),
            (Some((s, '”')), '”') | (Some((s, '"')), '"' | '”') => {
                out.push(s..end);
                open = None;
            }
            (Some((s, '’')), '’' | '\'')
                if !alnum_after && prev.is_some_and(|p| !p.is_whitespace()) =>
            {
                out.push(s..end);
                open = None;
            }
            (Some((s, kind)), '\n')
                // A quotation does not run past a blank line; a curly one
                // left open is closed there, a straight one is dropped.
                if (next == Some('\n')
                    || chars[k + 1..]
                        .iter()
                        .take_while(|&&(_, c)| c != '\n')
                        .all(|&(_, c)| c.is_whitespace()))
                => {
                    if kind == '”' {
                        out.push(s..at);
                    }
                    open = None;
                }
            _ => {}
        }
    }
    if let Some((s, '”')) = open {
        out.push(s..text.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    fn quoted(text: &str) -> Vec<&str> {
        quoted_spans(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn sentences_end_at_marks_before_capitals() {
        assert_eq!(
            split("I rang Mr. Shah at 2.30pm. He was upset! Was it fixed? Yes."),
            [
                "I rang Mr. Shah at 2.30pm.",
                "He was upset!",
                "Was it fixed?",
                "Yes."
            ]
        );
        assert_eq!(
            split("e.g. refunds, i.e. money back. Then I rang J. Smith."),
            ["e.g. refunds, i.e. money back.", "Then I rang J. Smith."]
        );
        assert_eq!(
            split("She said \"I'll wait.\" Then she left."),
            ["She said \"I'll wait.\"", "Then she left."]
        );
        assert_eq!(split("no stop at the end"), ["no stop at the end"]);
        assert_eq!(
            split("Version 2.5 of it. 40 calls fell."),
            ["Version 2.5 of it.", "40 calls fell."]
        );
    }

    #[test]
    fn line_breaks_end_sentences_unless_the_line_carries_on() {
        assert_eq!(
            split("- rang cust\n- sent email\n\nAll sorted"),
            ["- rang cust", "- sent email", "All sorted"]
        );
        assert_eq!(
            split("I rang the\ncustomer back"),
            ["I rang the\ncustomer back"]
        );
    }

    #[test]
    fn quotations_in_every_kind_of_mark() {
        assert_eq!(
            quoted("She said “I'll sort it today” and I didn't doubt it."),
            ["“I'll sort it today”"]
        );
        assert_eq!(quoted("He said \"we'll see\". Fine."), ["\"we'll see\""]);
        assert_eq!(
            quoted("I told her, 'I'll ring you back,' and did."),
            ["'I'll ring you back,'"]
        );
        assert_eq!(quoted("I said ‘leave it with me’."), ["‘leave it with me’"]);
        assert!(quoted("The customers' orders didn't arrive; it's late.").is_empty());
        assert!(quoted("rock 'n' roll").len() <= 1);
    }

    #[test]
    fn an_open_quotation_stops_at_a_blank_line() {
        assert!(quoted("He said \"wait\n\nThen I rang.").is_empty());
        assert_eq!(quoted("He said “wait\n\nThen"), ["“wait"]);
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in [
            "",
            ".",
            "...",
            "“",
            "'",
            "\n\n",
            "é. É",
            "a.\u{301} B",
            "?!\"'’”",
            "日本語。次",
        ] {
            let _ = sentences(t);
            let _ = quoted_spans(t);
        }
    }
}
