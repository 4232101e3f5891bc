//! Names and ids: "did you mean" matching, file-name slugs, the shape of
//! an entry id and its shortest unique start.

/// The candidate closest to `probe` by edit distance (transpositions count
/// as one), if it is close enough to be a plausible typo.
pub fn closest<'a>(probe: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let probe = probe.to_lowercase();
    let limit = (probe.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(&probe, &c.to_lowercase()), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// A file-name-safe slug: ASCII lowercase letters, digits and single dashes,
/// at most `max` characters, cut at a word boundary.
pub fn slug(text: &str, max: usize) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut out = String::new();
    for word in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let extra = if out.is_empty() {
            word.len()
        } else {
            word.len() + 1
        };
        if out.len() + extra > max {
            if out.is_empty() {
                out.push_str(&word[..max.min(word.len())]);
            }
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    out
}

/// Little words that carry no meaning at the end of a cut phrase ("…for
/// a", "…because the"), in lower case.
const HANGING: &[&str] = &[
    "a", "an", "and", "as", "at", "because", "but", "by", "for", "from", "in", "into", "of", "on",
    "or", "so", "that", "the", "their", "then", "to", "was", "were", "when", "which", "who",
    "with",
];

/// Whether `word` (any case) is one a cut phrase should not end on.
pub fn is_hanging(word: &str) -> bool {
    HANGING.contains(&word.to_lowercase().as_str())
}

/// The title part of an entry id: [`slug`] at most `max` characters, and
/// when that cuts the title short, without the little words a cut can leave
/// hanging at its end ("…-asked-for-a" → "…-asked"), so an id ends on a
/// word that carries meaning.
pub fn id_slug(text: &str, max: usize) -> String {
    let mut out = slug(text, max);
    if out.len() == slug(text, usize::MAX).len() {
        return out;
    }
    while let Some((head, last)) = out.rsplit_once('-') {
        if !is_hanging(last) {
            break;
        }
        out.truncate(head.len());
    }
    out
}

/// True for ids the store accepts as file stems: `[a-z0-9-]`, no leading or
/// trailing dash, so nothing can escape the entries directory.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 120
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// The shortest start of `id` that no other id in `sorted` (sorted, `id`
/// among them) shares, cut at the end of a word and never shorter than the
/// date: what `show`, `edit` and friends accept, like git's short hashes.
pub fn short_id<'a>(id: &'a str, sorted: &[String]) -> &'a str {
    let common = |other: &str| {
        id.bytes()
            .zip(other.bytes())
            .take_while(|(a, b)| a == b)
            .count()
    };
    let at = sorted.partition_point(|s| s.as_str() < id);
    let before = at.checked_sub(1).map_or(0, |i| common(&sorted[i]));
    let after = sorted
        .get(at + usize::from(sorted.get(at).is_some_and(|s| s == id)))
        .map_or(0, |s| common(s));
    let needed = (before.max(after) + 1).max(10);
    match id.get(needed..).and_then(|rest| rest.find('-')) {
        Some(dash) => &id[..needed + dash],
        None => id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_and_readable() {
        assert_eq!(
            slug("Refund complaint escalated by phone", 50),
            "refund-complaint-escalated-by-phone"
        );
        assert_eq!(slug("Équipe: ../../etc/passwd", 50), "equipe-etc-passwd");
        assert_eq!(slug("Café ☕ rota — week 3", 50), "cafe-coffee-rota-week-3");
        assert_eq!(slug("一二三", 50), "yi-er-san");
        assert_eq!(slug("!!!", 50), "");
        assert_eq!(slug("a very long title that goes on", 12), "a-very-long");
        assert_eq!(slug("supercalifragilistic", 5), "super");
        for s in ["x", "2026-11-27-a", "a-b-c"] {
            assert!(is_valid_id(s), "{s}");
        }
        for s in ["", "-a", "a-", "A", "a/b", "..", "a.b", "a b"] {
            assert!(!is_valid_id(s), "{s}");
        }
    }

    #[test]
    fn id_slugs_end_on_a_word_that_means_something() {
        let title = "Customer asked for a refund that never came through the system";
        assert_eq!(id_slug(title, 40), "customer-asked-for-a-refund-that-never");
        assert_eq!(id_slug(title, 24), "customer-asked");
        assert_eq!(id_slug("Rota for the team", 40), "rota-for-the-team");
        assert_eq!(id_slug("a a a a a a", 3), "a");
    }

    #[test]
    fn short_ids_are_unique_word_prefixes() {
        let mut ids: Vec<String> = [
            "2026-02-10-phone-system-outage",
            "2026-02-10-telephony-outage-report",
            "2026-06-18-vulnerable-customer",
            "2026-06-19-a",
            "2026-06-19-ab-c",
            "2026-07-01",
        ]
        .map(String::from)
        .to_vec();
        ids.sort();
        let short: Vec<&str> = ids.iter().map(|id| short_id(id, &ids)).collect();
        assert_eq!(
            short,
            [
                "2026-02-10-phone",
                "2026-02-10-telephony",
                "2026-06-18",
                "2026-06-19-a",
                "2026-06-19-ab",
                "2026-07-01"
            ]
        );
        assert_eq!(
            short_id("2026-11-28-x-y", &["2026-11-28-x-y".to_string()]),
            "2026-11-28"
        );
    }

    #[test]
    fn closest_finds_typos_only() {
        let ids = ["RES.4", "RES.1", "OPS.2"];
        assert_eq!(closest("RSE.4", ids), Some("RES.4"));
        assert_eq!(closest("star", ["star", "iair"]), Some("star"));
        assert_eq!(closest("stra", ["star", "iair"]), Some("star"));
        assert_eq!(closest("banana", ["star", "iair"]), None);
    }
}
