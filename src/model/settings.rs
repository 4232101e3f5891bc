//! `logbook.toml`: the learner's optional settings. Every field has a
//! sensible default, so the file may be absent or hold just one line.

use serde::{Deserialize, Serialize};

use crate::model::diagnostic::Diagnostic;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// The learner's name, printed on the exported portfolio.
    pub learner: Option<String>,
    /// The qualification being worked towards, for the export's title page.
    pub qualification: Option<String>,
    /// The framework `add` offers first.
    pub default_framework: Option<String>,
    /// When the programme started: evidence since then is current.
    pub start_date: Option<chrono::NaiveDate>,
    pub gaps: GapSettings,
    pub redact: RedactSettings,
}

/// Thresholds for `logbook gaps` (the `[gaps]` table; README lists them).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct GapSettings {
    /// Evidence older than this many months no longer counts towards "met".
    pub currency_months: u32,
    /// Two entries at most this many days apart…
    pub same_incident_days: u32,
    /// …whose wording is at least this similar (0–1) are about one incident.
    pub same_incident_similarity: f64,
    /// The unit whose evidence should show a repeating review cycle ("" = none).
    pub review_unit: String,
    /// Reviews further apart than this, or a latest one longer ago, break the cycle.
    pub review_gap_days: u32,
    /// An entry mapped to at least this many criteria…
    pub over_map_min_criteria: usize,
    /// …with fewer words than this per criterion is over-mapped.
    pub over_map_words_per_criterion: usize,
    /// Entries shorter than this are not judged for reasons, follow-up and
    /// evaluation.
    pub min_words_to_judge: usize,
    /// An entry with fewer words than this is too thin to show any criterion.
    pub thin_words: usize,
}

impl Default for GapSettings {
    fn default() -> Self {
        GapSettings {
            currency_months: 12,
            same_incident_days: 7,
            same_incident_similarity: 0.2,
            review_unit: "REV".into(),
            review_gap_days: 120,
            over_map_min_criteria: 4,
            over_map_words_per_criterion: 40,
            min_words_to_judge: 40,
            thin_words: 40,
        }
    }
}

/// What `export --redact` replaces besides the patterns it knows.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RedactSettings {
    /// Names of customers, colleagues or companies to treat as personal
    /// data, e.g. `names = ["Mrs Patel = customer", "Dave"]`: each is replaced
    /// by its role in brackets (`[CUSTOMER]`), or `[NAME]` when none is given.
    pub names: Vec<String>,
}

impl Settings {
    /// Parses `logbook.toml`; a problem carries its line and column.
    pub fn parse(text: &str) -> Result<Settings, Diagnostic> {
        toml::from_str(text).map_err(|e| Diagnostic::toml(text, 0, &e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_means_defaults() {
        assert_eq!(Settings::parse("").unwrap(), Settings::default());
        assert_eq!(Settings::default().gaps.currency_months, 12);
    }

    #[test]
    fn values_and_mistakes() {
        let s = Settings::parse("learner = \"Sam\"\n[gaps]\ncurrency_months = 6\n").unwrap();
        assert_eq!(s.learner.as_deref(), Some("Sam"));
        assert_eq!(s.gaps.currency_months, 6);
        let p = Settings::parse("learner = \"Sam\"\nlerner = 1\n").unwrap_err();
        assert_eq!((p.line, p.col), (2, 1), "{p:?}");
    }
}
