//! Personal data beyond contact details — a home address, a date of birth,
//! bank account and sort-code numbers — and the phone numbers that are an
//! organisation's rather than a person's (freephone and service numbers, a
//! helpline given to a customer), which are not personal data. Used by
//! [`crate::rules::redact`]; pure.

use std::ops::Range;

use crate::rules::text::{Word, words};

const STREET: &[&str] = &[
    "road",
    "rd",
    "street",
    "st",
    "avenue",
    "ave",
    "close",
    "way",
    "lane",
    "ln",
    "drive",
    "dr",
    "court",
    "ct",
    "crescent",
    "cres",
    "place",
    "pl",
    "gardens",
    "gdns",
    "terrace",
    "grove",
    "hill",
    "park",
    "row",
    "walk",
    "square",
    "sq",
    "mews",
    "rise",
    "view",
    "parade",
    "green",
    "crescent",
    "vale",
    "meadow",
    "meadows",
    "fields",
    "gate",
    "wharf",
    "yard",
    "cottages",
    "villas",
    "estate",
    "boulevard",
    "broadway",
];

/// "14 Larch Close", "9a Orchard Way", "Flat 3, 22 High Street": a house
/// number, up to three capitalised words and a street word.
pub fn addresses(text: &str) -> Vec<Range<usize>> {
    addresses_in(text, &words(text))
}

/// [`addresses`] over words already found.
pub fn addresses_in(text: &str, ws: &[Word]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let number = w.folded.len() <= 5
            && w.folded.starts_with(|c: char| c.is_ascii_digit())
            && w.folded.chars().all(|c| c.is_ascii_alphanumeric())
            && w.folded.chars().filter(|c| c.is_ascii_digit()).count() <= 4;
        if !number {
            continue;
        }
        for len in 1..=4 {
            let Some(last) = ws.get(i + len) else { break };
            let capital = |k: usize| {
                text[ws[k].range.clone()]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            };
            if !(1..=len).all(|k| capital(i + k)) {
                break;
            }
            // Only spaces between the words of the address.
            let joined = text[ws[i].range.end..last.range.start]
                .chars()
                .all(|c| c.is_alphanumeric() || c == ' ' || c == '\'' || c == '-');
            if !joined {
                break;
            }
            if len >= 2 && STREET.contains(&last.folded.as_str()) {
                out.push(ws[i].range.start..last.range.end);
                break;
            }
        }
    }
    out
}

const MONTHS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
];

/// A date given as someone's date of birth ("date of birth 12/03/1984",
/// "DOB 12 March 1984", "born on 4th May 1990").
pub fn birth_dates(text: &str) -> Vec<Range<usize>> {
    birth_dates_in(text, &words(text))
}

/// [`birth_dates`] over words already found.
pub fn birth_dates_in(text: &str, ws: &[Word]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let cue = match w.folded.as_str() {
            "dob" | "birthday" | "born" => Some(i + 1),
            "d" if ws.get(i + 2).is_some_and(|b| b.folded == "b") => Some(i + 3),
            "birth" if i >= 2 && ws[i - 1].folded == "of" && ws[i - 2].folded == "date" => {
                Some(i + 1)
            }
            _ => None,
        };
        let Some(mut k) = cue else { continue };
        // Skip "on", "in", "is", "was", "of".
        while ws
            .get(k)
            .is_some_and(|w| matches!(w.folded.as_str(), "on" | "in" | "is" | "was" | "of" | "the"))
        {
            k += 1;
        }
        let Some(first) = ws.get(k) else { continue };
        if first.range.start.saturating_sub(w.range.end) > 20 {
            continue;
        }
        // Digits with separators: 12/03/1984, 12-03-84, 12.03.1984.
        let digits_end = text[first.range.start..]
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_digit() || matches!(c, '/' | '-' | '.'))
            .last()
            .map(|(j, c)| first.range.start + j + c.len_utf8());
        if let Some(end) = digits_end {
            // A full stop or dash after the date ends the sentence, not
            // the date.
            let end = first.range.start
                + text[first.range.start..end]
                    .trim_end_matches(['/', '-', '.'])
                    .len();
            let span = &text[first.range.start..end];
            let groups = span
                .split(['/', '-', '.'])
                .filter(|g| !g.is_empty())
                .count();
            if groups == 3 {
                out.push(first.range.start..end);
                continue;
            }
        }
        // 12 March 1984, 12th March 1984, March 1984.
        let day = first
            .folded
            .trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let (month_at, start) = if !day.is_empty() && day.chars().all(|c| c.is_ascii_digit()) {
            (k + 1, first.range.start)
        } else {
            (k, first.range.start)
        };
        let Some(month) = ws.get(month_at) else {
            continue;
        };
        if !MONTHS.contains(&month.folded.as_str()) {
            continue;
        }
        let end = match ws.get(month_at + 1) {
            Some(y) if y.folded.len() == 4 && y.folded.chars().all(|c| c.is_ascii_digit()) => {
                y.range.end
            }
            _ => month.range.end,
        };
        out.push(start..end);
    }
    out
}

/// Bank details: a sort code (12-34-56) and an account number (6–10 digits)
/// given as such.
pub fn bank_details(text: &str) -> Vec<Range<usize>> {
    bank_details_in(text, &words(text))
}

/// [`bank_details`] over words already found.
pub fn bank_details_in(text: &str, ws: &[Word]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let cue = match w.folded.as_str() {
            "sort" if ws.get(i + 1).is_some_and(|n| n.folded == "code") => Some(i + 2),
            // "sort 12-34-56", "sortcode 12 34 56": only a sort code's shape.
            "sort" | "sortcode" => {
                if let Some(r) = ws
                    .get(i + 1)
                    .and_then(|n| sort_code_at(text, n.range.start))
                    && r.start.saturating_sub(w.range.end) <= 12
                {
                    out.push(r);
                }
                continue;
            }
            "account" | "acct" | "acc" | "a" => {
                let mut k = i + 1;
                if w.folded == "a" {
                    // "a/c"
                    if ws.get(k).is_some_and(|n| n.folded == "c")
                        && text[w.range.end..].starts_with('/')
                    {
                        k += 1;
                    } else {
                        continue;
                    }
                }
                while ws.get(k).is_some_and(|n| {
                    matches!(
                        n.folded.as_str(),
                        "number" | "no" | "num" | "ending" | "is" | "was" | "of"
                    )
                }) {
                    k += 1;
                }
                Some(k)
            }
            _ => None,
        };
        let Some(k) = cue else { continue };
        let Some(first) = ws.get(k) else { continue };
        if !first.folded.starts_with(|c: char| c.is_ascii_digit())
            || first.range.start.saturating_sub(w.range.end) > 12
        {
            continue;
        }
        // Digits with spaces or dashes between them.
        let mut end = first.range.start;
        let mut digits = 0;
        for (j, c) in text[first.range.start..].char_indices() {
            if c.is_ascii_digit() {
                digits += 1;
                end = first.range.start + j + 1;
            } else if !matches!(c, ' ' | '-') || digits >= 10 {
                break;
            }
        }
        if (6..=10).contains(&digits) {
            out.push(first.range.start..end);
        }
    }
    out
}

/// A sort code starting at byte `at`: three pairs of digits joined by
/// dashes or spaces (`12-34-56`, `12 34 56`), or six digits solid, not
/// carrying on as a longer number.
fn sort_code_at(text: &str, at: usize) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut i = at;
    for pair in 0..3 {
        if pair > 0 && matches!(b.get(i), Some(b'-' | b' ')) && digit(i + 1) {
            i += 1;
        }
        if !(digit(i) && digit(i + 1)) {
            return None;
        }
        i += 2;
    }
    let glued = digit(i) || b.get(i).is_some_and(|c| c.is_ascii_alphabetic());
    let more =
        matches!(b.get(i), Some(b'-' | b' ')) && digit(i + 1) && digit(i + 2) && !digit(i + 3);
    (!glued && !more).then_some(at..i)
}

/// Whether the phone number at `range` is an organisation's: a freephone,
/// non-geographic or service number, or one introduced as a helpline,
/// switchboard or office line.
pub fn organisation_number(text: &str, range: Range<usize>) -> bool {
    let digits: String = text[range.clone()]
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let national = digits
        .strip_prefix("440")
        .or_else(|| digits.strip_prefix("44"))
        .map_or(digits.clone(), |rest| format!("0{rest}"));
    let service = [
        "0800", "0808", "0500", "0843", "0844", "0845", "0870", "0871", "0872", "0873",
    ]
    .iter()
    .any(|p| national.starts_with(p))
        || (national.starts_with("03") && national.len() == 11)
        || ["111", "999", "101", "105", "116", "118"]
            .iter()
            .any(|p| national.starts_with(p));
    if service {
        return true;
    }
    if national.starts_with("07") {
        return false;
    }
    labelled_as_organisations(&text[..range.start])
}

/// Whether the words right before a geographic number (`before` ends where
/// it starts) say it is the organisation's own: "our helpline on", "the
/// branch on", "the switchboard:". Only the last few words of the same
/// sentence count, and a word that makes it someone's ("her", "home",
/// "mobile") wins — "rang customer services from her home number" gives
/// her number, not theirs.
fn labelled_as_organisations(before: &str) -> bool {
    let sentence = before
        .rsplit_once(['.', '!', '?', ';', '\n'])
        .map_or(before, |(_, s)| s)
        .to_lowercase();
    let words: Vec<&str> = sentence
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .collect();
    let lead = &words[words.len().saturating_sub(5)..];
    const PERSONAL: &[&str] = &[
        "her",
        "his",
        "their",
        "my",
        "your",
        "home",
        "mobile",
        "personal",
        "landline",
        "own",
        "she",
        "he",
        "customer's",
        "customer’s",
        "husband's",
        "wife's",
        "son's",
        "daughter's",
        "mum's",
        "dad's",
    ];
    let personal = lead.iter().rposition(|w| PERSONAL.contains(w));
    const LABELS: &[&str] = &[
        "helpline",
        "freephone",
        "switchboard",
        "main number",
        "reception",
        "contact centre",
        "call centre",
        "our number",
        "our line",
        "our office",
        "our branch",
        "branch on",
        "branch number",
        "branch's number",
        "office number",
        "office on",
        "office line",
        "customer services on",
        "customer services number",
        "customer services line",
    ];
    // The label must come after any word that makes the number someone's:
    // "gave her our helpline" is the helpline.
    let labelled = (0..lead.len()).rev().find(|&end| {
        LABELS.iter().any(|label| {
            let n = label.split(' ').count();
            end + 1 >= n && lead[end + 1 - n..=end].join(" ") == *label
        })
    });
    labelled.is_some_and(|at| personal.is_none_or(|p| at > p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(f: fn(&str) -> Vec<Range<usize>>, text: &str) -> Vec<String> {
        f(text).into_iter().map(|r| text[r].to_string()).collect()
    }

    #[test]
    fn home_addresses() {
        for (text, want) in [
            ("her new address is 9 Orchard Way, Bristol", "9 Orchard Way"),
            ("He lives at 14 Larch Close in Leeds.", "14 Larch Close"),
            ("Flat 3, 22 High Street", "22 High Street"),
            ("at 221b Baker Street", "221b Baker Street"),
            ("to 7 St Mary's Road", "7 St Mary's Road"),
        ] {
            assert_eq!(found(addresses, text), [want], "{text}");
        }
        for text in [
            "we had 3 Team Leaders on shift",
            "12 Park tickets were sold",
            "calls fell to 12 a week",
            "on 14 March the road was closed",
        ] {
            assert!(found(addresses, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn dates_of_birth() {
        for (text, want) in [
            ("date of birth 12/03/1984", "12/03/1984"),
            ("DOB: 12 March 1984", "12 March 1984"),
            ("she was born on 4th May 1990", "4th May 1990"),
            ("d.o.b. 01-02-75", "01-02-75"),
            ("date of birth, 12/03/1985. Then", "12/03/1985"),
            ("DOB 01-02-75- she said", "01-02-75"),
        ] {
            assert_eq!(found(birth_dates, text), [want], "{text}");
        }
        assert!(found(birth_dates, "I asked for her date of birth and postcode.").is_empty());
        assert!(found(birth_dates, "On 12/03/2026 she rang.").is_empty());
    }

    #[test]
    fn bank_details_given_as_such() {
        for (text, want) in [
            ("sort code 12-34-56", "12-34-56"),
            ("account number 12345678", "12345678"),
            ("acc no. 1234 5678", "1234 5678"),
            ("a/c 87654321", "87654321"),
            ("account ending 4821 9931", "4821 9931"),
        ] {
            assert_eq!(found(bank_details, text), [want], "{text}");
        }
        assert!(found(bank_details, "the account was 3 weeks in arrears").is_empty());
        assert!(found(bank_details, "order 12345678 arrived").is_empty());
        for (text, want) in [
            (
                "account 12345678 sort 12-34-56",
                vec!["12345678", "12-34-56"],
            ),
            (
                "sort 12 34 56, account 12345678",
                vec!["12 34 56", "12345678"],
            ),
            ("sortcode 123456", vec!["123456"]),
        ] {
            assert_eq!(found(bank_details, text), want, "{text}");
        }
        for text in ["sort 12 boxes", "sort 12-34-56-78 out", "sort the 3 files"] {
            assert!(found(bank_details, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn organisation_numbers_are_not_personal() {
        let at = |text: &str, number: &str| {
            let s = text.find(number).unwrap();
            organisation_number(text, s..s + number.len())
        };
        assert!(at(
            "our Passenger Assist number, 0800 123 4567, so",
            "0800 123 4567"
        ));
        assert!(at("ring us on 0345 600 1234", "0345 600 1234"));
        assert!(at("the helpline on 0161 496 0000", "0161 496 0000"));
        assert!(!at("her mobile 07700 900123", "07700 900123"));
        assert!(!at("his landline 0161 496 0000", "0161 496 0000"));
        for (text, number, organisation) in [
            (
                "She rang customer services from her home number 0161 496 0000",
                "0161 496 0000",
                false,
            ),
            (
                "At the office she gave 0161 496 0000",
                "0161 496 0000",
                false,
            ),
            (
                "The branch manager rang 0161 496 0000 back",
                "0161 496 0000",
                false,
            ),
            (
                "customer services rang her on 0161 496 0000",
                "0161 496 0000",
                false,
            ),
            (
                "I gave her our helpline, 0161 496 0000",
                "0161 496 0000",
                true,
            ),
            (
                "she could ring the branch on 0161 496 0000",
                "0161 496 0000",
                true,
            ),
            ("our office number is 020 7946 0958", "020 7946 0958", true),
            ("the branch on 07700 900123", "07700 900123", false),
            ("call 0808 157 0192 any time", "0808 157 0192", true),
            ("her number, 0300 123 4567", "0300 123 4567", true),
        ] {
            assert_eq!(at(text, number), organisation, "{text}");
        }
    }
}
