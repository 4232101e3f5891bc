//! Placeholder for the gaps engine (issue 5), with the agreed API, so the
//! export can be built against it. Replaced wholesale when the real engine
//! lands on main.

use chrono::NaiveDate;
use serde::Serialize;

use crate::criteria::Catalogue;
use crate::entry::Entry;
use crate::frameworks::Frameworks;
use crate::settings::GapSettings;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Met,
    Partial,
    Missing,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub as_of: NaiveDate,
    pub summary: Summary,
    pub units: Vec<UnitReport>,
    pub warnings: Vec<Warning>,
    pub next_steps: Vec<NextStep>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub met: usize,
    pub partial: usize,
    pub missing: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitReport {
    pub id: String,
    pub title: String,
    pub criteria: Vec<CriterionReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionReport {
    pub id: String,
    pub text: String,
    pub required: u32,
    pub count: usize,
    pub status: Status,
    pub entries: Vec<String>,
    pub evidence_types: Vec<String>,
    pub latest: Option<NaiveDate>,
    pub why: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Warning {
    pub entry: Option<String>,
    pub kind: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NextStep {
    pub message: String,
}

pub fn analyse(
    entries: &[Entry],
    catalogue: &Catalogue,
    _frameworks: &Frameworks,
    _settings: &GapSettings,
    as_of: NaiveDate,
) -> Report {
    let mut summary = Summary::default();
    let units = catalogue
        .units
        .iter()
        .map(|unit| UnitReport {
            id: unit.code.clone(),
            title: unit.title.clone(),
            criteria: unit
                .criteria
                .iter()
                .map(|c| {
                    let mapped: Vec<&Entry> = entries
                        .iter()
                        .filter(|e| e.occurred <= as_of && e.criteria.contains(&c.id))
                        .collect();
                    let count = mapped.len();
                    let status = if count == 0 {
                        Status::Missing
                    } else if count < c.required as usize {
                        Status::Partial
                    } else {
                        Status::Met
                    };
                    match status {
                        Status::Met => summary.met += 1,
                        Status::Partial => summary.partial += 1,
                        Status::Missing => summary.missing += 1,
                    }
                    summary.total += 1;
                    CriterionReport {
                        id: c.id.clone(),
                        text: c.text.clone(),
                        required: c.required,
                        count,
                        status,
                        entries: mapped.iter().map(|e| e.id.clone()).collect(),
                        evidence_types: Vec::new(),
                        latest: mapped.iter().map(|e| e.occurred).max(),
                        why: Vec::new(),
                    }
                })
                .collect(),
        })
        .collect();
    Report {
        as_of,
        summary,
        units,
        warnings: Vec::new(),
        next_steps: Vec::new(),
    }
}
