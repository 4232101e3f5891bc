//! Personal data in free text: finding it (for coaching and `check`) and
//! replacing it with role placeholders (for `export --redact`). Pure and
//! conservative: a false alarm costs a glance, a miss leaks a customer.
//!
//! Recognised: email addresses, UK phone numbers, payment card numbers
//! (13–19 digits passing the Luhn check), UK postcodes, National Insurance
//! numbers, and names the learner lists in `logbook.toml`.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Email,
    Phone,
    Card,
    Postcode,
    NiNumber,
    Name,
}

impl Kind {
    pub fn placeholder(self) -> &'static str {
        match self {
            Kind::Email => "[EMAIL]",
            Kind::Phone => "[PHONE]",
            Kind::Card => "[CARD]",
            Kind::Postcode => "[POSTCODE]",
            Kind::NiNumber => "[NI-NUMBER]",
            Kind::Name => "[NAME]",
        }
    }

    /// "an email address", for sentences.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Email => "an email address",
            Kind::Phone => "a phone number",
            Kind::Card => "a card number",
            Kind::Postcode => "a postcode",
            Kind::NiNumber => "a National Insurance number",
            Kind::Name => "a name from your redaction list",
        }
    }
}

/// One piece of personal data: what it is and where (byte range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    pub range: Range<usize>,
    /// The placeholder to put in its place.
    pub placeholder: String,
}

/// A name to redact and the placeholder that replaces it (`[NAME]`,
/// `[CUSTOMER]`, `[COLLEAGUE]`...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameRule {
    pub name: String,
    pub placeholder: String,
}

impl NameRule {
    /// `"Mrs Patel"` → `[NAME]`; `"Dave Jones = COLLEAGUE"` → `[COLLEAGUE]`.
    pub fn parse(spec: &str) -> Option<NameRule> {
        let (name, role) = match spec.split_once('=') {
            Some((name, role)) => (name.trim(), role.trim().trim_matches(['[', ']']).trim()),
            None => (spec.trim(), "NAME"),
        };
        if name.is_empty() {
            return None;
        }
        let role = if role.is_empty() { "NAME" } else { role };
        Some(NameRule {
            name: name.to_string(),
            placeholder: format!("[{}]", role.to_uppercase()),
        })
    }
}

/// Every piece of personal data in `text`, in order, never overlapping.
pub fn find(text: &str, names: &[NameRule]) -> Vec<Finding> {
    let mut found = Vec::new();
    let plain = |kind: Kind, range: Range<usize>| Finding {
        kind,
        placeholder: kind.placeholder().to_string(),
        range,
    };
    found.extend(emails(text).into_iter().map(|r| plain(Kind::Email, r)));
    for run in digit_runs(text) {
        let digits: String = text[run.clone()]
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        if is_card(&digits) {
            found.push(plain(Kind::Card, run));
        } else if let Some(range) = phone(text, run.clone(), &digits) {
            found.push(plain(Kind::Phone, range));
        }
    }
    found.extend(
        postcodes(text)
            .into_iter()
            .map(|r| plain(Kind::Postcode, r)),
    );
    found.extend(
        ni_numbers(text)
            .into_iter()
            .map(|r| plain(Kind::NiNumber, r)),
    );
    for rule in names {
        for range in whole_word_matches(text, &rule.name) {
            found.push(Finding {
                kind: Kind::Name,
                range,
                placeholder: rule.placeholder.clone(),
            });
        }
    }
    // Earliest first; of two that overlap, keep the longer.
    found.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    let mut kept: Vec<Finding> = Vec::new();
    for f in found {
        match kept.last() {
            Some(last) if f.range.start < last.range.end => {}
            _ => kept.push(f),
        }
    }
    kept
}

/// How many of each kind were replaced.
pub type Counts = BTreeMap<Kind, usize>;

/// `text` with every finding replaced by its placeholder.
pub fn redact(text: &str, names: &[NameRule]) -> (String, Counts) {
    let mut out = String::with_capacity(text.len());
    let mut counts = Counts::new();
    let mut at = 0;
    for f in find(text, names) {
        out.push_str(&text[at..f.range.start]);
        out.push_str(&f.placeholder);
        *counts.entry(f.kind).or_default() += 1;
        at = f.range.end;
    }
    out.push_str(&text[at..]);
    (out, counts)
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn emails(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || b"._%+-'".contains(&b);
    let domain = |b: u8| b.is_ascii_alphanumeric() || b == b'.' || b == b'-';
    let mut out = Vec::new();
    for (at, _) in text.match_indices('@') {
        let mut start = at;
        while start > 0 && local(bytes[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < bytes.len() && domain(bytes[end]) {
            end += 1;
        }
        while end > at + 1 && matches!(bytes[end - 1], b'.' | b'-') {
            end -= 1;
        }
        while start < at && matches!(bytes[start], b'.' | b'\'') {
            start += 1;
        }
        let host = &text[at + 1..end];
        let tld_ok = host.rsplit_once('.').is_some_and(|(name, tld)| {
            !name.is_empty() && tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic())
        });
        if start < at && tld_ok {
            out.push(start..end);
        }
    }
    out
}

/// Runs of digits joined by single spaces, dashes, dots or brackets, with a
/// leading `+` kept: `07700 900 123`, `+44 (0)20 7946 0958`, `4111-1111-…`.
fn digit_runs(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts = bytes[i].is_ascii_digit()
            || (bytes[i] == b'+' || bytes[i] == b'(')
                && bytes
                    .get(i + 1)
                    .is_some_and(|b| b.is_ascii_digit() || *b == b'0');
        if !starts
            || (i > 0
                && (is_word_byte(bytes[i - 1]) || bytes[i - 1] == b'-' || bytes[i - 1] == b'.'))
        {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut j = i;
        while j < bytes.len() {
            let b = bytes[j];
            if b.is_ascii_digit() {
                j += 1;
                end = j;
            } else if (b == b'+' && j == start)
                || b == b'('
                || b == b')'
                || matches!(b, b' ' | b'-')
                    && bytes
                        .get(j + 1)
                        .is_some_and(|n| n.is_ascii_digit() || *n == b'(')
            {
                j += 1;
            } else {
                break;
            }
        }
        // A run glued to letters or decimals is a reference or an amount.
        let glued = bytes.get(end).is_some_and(|b| is_word_byte(*b))
            || (bytes.get(end) == Some(&b'.')
                && bytes.get(end + 1).is_some_and(u8::is_ascii_digit));
        if end > start && !glued {
            out.push(start..end);
        }
        i = j.max(i + 1);
    }
    out
}

fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (i, d) in digits.bytes().rev().enumerate() {
        let mut v = u32::from(d - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

fn is_card(digits: &str) -> bool {
    (13..=19).contains(&digits.len()) && luhn(digits) && digits.bytes().any(|b| b != b'0')
}

/// A UK phone number within a digit run: `07…`/`01…`/`02…`/`03…`/`08…` with
/// 10–11 digits, or `+44`/`0044` followed by 10 (or `(0)` + 10).
fn phone(text: &str, run: Range<usize>, digits: &str) -> Option<Range<usize>> {
    let raw = &text[run.clone()];
    let national = if let Some(rest) = digits.strip_prefix("44").filter(|_| raw.starts_with('+')) {
        format!(
            "0{}",
            rest.strip_prefix('0')
                .filter(|_| raw.contains("(0)"))
                .unwrap_or(rest)
        )
    } else if let Some(rest) = digits.strip_prefix("0044") {
        format!("0{rest}")
    } else {
        digits.to_string()
    };
    let ok = national.starts_with('0')
        && matches!(
            national.as_bytes().get(1),
            Some(b'1' | b'2' | b'3' | b'5' | b'7' | b'8' | b'9')
        )
        && (10..=11).contains(&national.len());
    // A date like 2026-11-27 never starts with 0; a bare time never has 10 digits.
    ok.then_some(run)
}

fn postcodes(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if (i == 0 || !is_word_byte(bytes[i - 1]))
            && bytes[i].is_ascii_alphabetic()
            && let Some(len) = postcode_at(&bytes[i..])
        {
            out.push(i..i + len);
            i += len;
            continue;
        }
        i += 1;
    }
    out
}

/// Length of a UK postcode starting at `b`, following Royal Mail's letter
/// rules so that "Q3 4PM" or "A1 2BC"-like noise is less likely to match.
fn postcode_at(b: &[u8]) -> Option<usize> {
    let up = |i: usize| b.get(i).map(u8::to_ascii_uppercase);
    let alpha = |i: usize| up(i).is_some_and(|c| c.is_ascii_uppercase());
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if !alpha(0) || matches!(up(0), Some(b'Q' | b'V' | b'X')) {
        return None;
    }
    let mut i = 1;
    if alpha(1) {
        if matches!(up(1), Some(b'I' | b'J' | b'Z')) {
            return None;
        }
        i = 2;
    }
    if !digit(i) {
        return None;
    }
    i += 1;
    if digit(i) || alpha(i) {
        i += 1;
    }
    if b.get(i) == Some(&b' ') {
        i += 1;
    }
    let inward_letter =
        |i: usize| alpha(i) && !matches!(up(i), Some(b'C' | b'I' | b'K' | b'M' | b'O' | b'V'));
    if digit(i)
        && inward_letter(i + 1)
        && inward_letter(i + 2)
        && !b.get(i + 3).is_some_and(|c| is_word_byte(*c))
    {
        Some(i + 3)
    } else {
        None
    }
}

fn ni_numbers(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for i in 0..bytes.len() {
        if i > 0 && is_word_byte(bytes[i - 1]) {
            continue;
        }
        if let Some(len) = ni_at(&bytes[i..]) {
            out.push(i..i + len);
        }
    }
    out
}

/// `AB123456C` or `AB 12 34 56 C`.
fn ni_at(b: &[u8]) -> Option<usize> {
    if !(b.first()?.is_ascii_alphabetic() && b.get(1)?.is_ascii_alphabetic()) {
        return None;
    }
    let mut i = 2;
    let mut digits = 0;
    while digits < 6 {
        if b.get(i) == Some(&b' ') && digits % 2 == 0 {
            i += 1;
        }
        if !b.get(i)?.is_ascii_digit() {
            return None;
        }
        i += 1;
        digits += 1;
    }
    if b.get(i) == Some(&b' ') {
        i += 1;
    }
    let last = b.get(i)?.to_ascii_uppercase();
    if !(b'A'..=b'D').contains(&last) || b.get(i + 1).is_some_and(|c| is_word_byte(*c)) {
        return None;
    }
    Some(i + 1)
}

/// Case-insensitive whole-word occurrences of `needle` (ASCII case folding,
/// so byte offsets stay valid).
fn whole_word_matches(text: &str, needle: &str) -> Vec<Range<usize>> {
    let needle = needle.trim();
    if needle.is_empty() {
        return Vec::new();
    }
    let hay = text.to_ascii_lowercase();
    let low = needle.to_ascii_lowercase();
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = hay[from..].find(&low) {
        let start = from + pos;
        let end = start + low.len();
        let before = start == 0 || !is_word_byte(bytes[start - 1]);
        let after = end >= bytes.len() || !is_word_byte(bytes[end]);
        if before && after {
            out.push(start..end);
        }
        from = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        find(text, &[])
            .into_iter()
            .map(|f| (f.kind, &text[f.range]))
            .collect()
    }

    #[test]
    fn finds_the_planted_personal_data() {
        let text = "Mrs P (jane.doe+orders@example.co.uk, 07700 900123, +44 (0)20 7946 0958) \
                    paid with 4111 1111 1111 1111 and lives at SW1A 1AA; NI QQ 12 34 56 C; \
                    landline 0161-496-0000; card 5500-0000-0000-0004; also m1 1ae and AB123456D.";
        assert_eq!(
            kinds(text),
            [
                (Kind::Email, "jane.doe+orders@example.co.uk"),
                (Kind::Phone, "07700 900123"),
                (Kind::Phone, "+44 (0)20 7946 0958"),
                (Kind::Card, "4111 1111 1111 1111"),
                (Kind::Postcode, "SW1A 1AA"),
                (Kind::NiNumber, "QQ 12 34 56 C"),
                (Kind::Phone, "0161-496-0000"),
                (Kind::Card, "5500-0000-0000-0004"),
                (Kind::Postcode, "m1 1ae"),
                (Kind::NiNumber, "AB123456D"),
            ]
        );
    }

    #[test]
    fn leaves_ordinary_numbers_alone() {
        let text = "On 2026-11-27 at 14:30 I refunded £45.99 (ticket INC-20431, order 88213). \
                    3 of 9 advisers; SLA 80/20; calls up 12.5% to 1,250; 4111 1111 1111 1112 \
                    fails Luhn; Q3 4PM review; v2.0.1; room B12; 2025-2026; 30 mins; 0.75 FTE.";
        assert_eq!(kinds(text), []);
    }

    #[test]
    fn redacts_with_role_placeholders_and_counts() {
        let names = [
            NameRule::parse("Mrs Patel = customer").unwrap(),
            NameRule::parse("Dave").unwrap(),
        ];
        let (out, counts) = redact(
            "Mrs Patel emailed mrs.patel@example.com; DAVE called her on 07700900123. Davey is fine.",
            &names,
        );
        assert_eq!(
            out,
            "[CUSTOMER] emailed [EMAIL]; [NAME] called her on [PHONE]. Davey is fine."
        );
        assert_eq!(counts.get(&Kind::Name), Some(&2));
        assert_eq!(counts.get(&Kind::Email), Some(&1));
        assert_eq!(NameRule::parse("  "), None);
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "@",
            "a@",
            "@b.c",
            "+",
            "(",
            "+(",
            "0",
            "ÅB123456C",
            "é@é.é",
            "SW1A",
            "4111 1111 1111 111 1",
            "£",
        ] {
            let _ = redact(text, &[NameRule::parse("é").unwrap()]);
        }
    }
}
