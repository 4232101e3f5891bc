//! The gateway: before end-point assessment an apprentice must show that
//! every knowledge, skill and behaviour is evidenced, the off-the-job
//! minimum is met, English and maths are achieved, and the employer has
//! signed off. Pure: a gaps report, the hours report and the profile in, a
//! checklist out.
//!
//! # Checks (each has a stable id)
//! - `criteria`: every criterion of the qualification is met (enough
//!   evidence that would count, as `gaps` judges it);
//! - `assessor`: once the logbook holds any assessor decision on the
//!   qualification's criteria, every criterion must be `accepted` (the
//!   candidate's claim is not the assessor's judgement); a decision made on
//!   an earlier text of an entry is out of date and named as such, never
//!   taken for "no decisions". With no decisions at all it passes, saying
//!   the assessor confirms at gateway;
//! - `hours`: off-the-job hours at or above `otj_minimum_hours`;
//! - `english`, `maths`: recorded in the profile (a level and date, or an
//!   exemption);
//! - `employer-signoff`: `employer_signoff` recorded, on or before today.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::english::plural;
use crate::model::hours::hours_text;
use crate::model::profile::Profile;
use crate::model::record::Decision;
use crate::rules::gaps::{CriterionReport, Report};
use crate::rules::programme::HoursReport;
use crate::rules::verdict::Status;

/// How many ids a detail names before "and N more".
const NAMED: usize = 8;

/// One line of the checklist.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Check {
    pub id: &'static str,
    pub ok: bool,
    pub detail: String,
}

/// The checks only an apprenticeship has: off-the-job hours, English,
/// maths and the employer's sign-off.
pub const APPRENTICESHIP_CHECKS: [&str; 4] = ["hours", "english", "maths", "employer-signoff"];

/// The profile keys only an apprentice sets.
const APPRENTICESHIP_KEYS: [&str; 4] =
    ["otj_minimum_hours", "english", "maths", "employer_signoff"];

/// Whether the logbook is kept for an apprenticeship standard, where the
/// gateway's apprenticeship checks apply: a qualification named as one
/// (`names`: the qualification checked and the profile's; "apprenticeship",
/// or a standard's reference such as ST0072), criteria coded as knowledge,
/// skills and behaviours (`CSS.K1`, `CSS.S5`, `CSS.B2`), or any of the
/// apprenticeship keys set in the profile. A qualification such as an ILM
/// or NVQ certificate is none of these.
pub fn is_apprenticeship(names: &[&str], criteria: &[&str], profile: &Profile) -> bool {
    let named = names.iter().any(|n| {
        let lower = n.to_lowercase();
        lower.contains("apprentice") || has_standard_reference(n)
    });
    let ksb = criteria.iter().any(|id| {
        id.rsplit_once('.').is_some_and(|(_, code)| {
            let mut chars = code.chars();
            matches!(chars.next(), Some('K' | 'S' | 'B'))
                && chars
                    .as_str()
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit())
        })
    });
    let keys = APPRENTICESHIP_KEYS.iter().any(|k| profile.get(k).is_some());
    named || ksb || keys
}

/// "ST0072" in a name: an apprenticeship standard's reference (ST and four
/// digits, standing alone).
fn has_standard_reference(name: &str) -> bool {
    let chars: Vec<char> = name.chars().collect();
    chars.windows(6).enumerate().any(|(i, w)| {
        w[0].eq_ignore_ascii_case(&'S')
            && w[1].eq_ignore_ascii_case(&'T')
            && w[2..].iter().all(char::is_ascii_digit)
            && (i == 0 || !chars[i - 1].is_alphanumeric())
            && chars.get(i + 6).is_none_or(|c| !c.is_alphanumeric())
    })
}

/// The checklist for one qualification: `report` is its gaps report with
/// the assessor's decisions applied, `hours` the hours report on `today`.
/// Without an apprenticeship (`apprenticeship` false) only the checks that
/// apply to any qualification are made: criteria and assessor.
pub fn checks(
    report: &Report,
    hours: &HoursReport,
    profile: &Profile,
    today: NaiveDate,
    apprenticeship: bool,
) -> Vec<Check> {
    let criteria: Vec<&CriterionReport> = report.units.iter().flat_map(|u| &u.criteria).collect();
    let total = criteria.len();
    let mut out = vec![criteria_check(&criteria), assessor_check(&criteria, total)];
    if apprenticeship {
        out.extend([
            hours_check(hours),
            recorded(profile, "english", "English"),
            recorded(profile, "maths", "maths"),
            signoff_check(profile, today),
        ]);
    }
    out
}

/// "CSS.K3, CSS.S2 and 4 more".
fn named(ids: &[String]) -> String {
    if ids.len() <= NAMED {
        crate::model::english::and_list(ids)
    } else {
        format!("{} and {} more", ids[..NAMED].join(", "), ids.len() - NAMED)
    }
}

fn criteria_check(criteria: &[&CriterionReport]) -> Check {
    let total = criteria.len();
    if total == 0 {
        return Check {
            id: "criteria",
            ok: false,
            detail: "the qualification has no criteria".into(),
        };
    }
    let open: Vec<String> = criteria
        .iter()
        .filter(|c| c.status != Status::Met)
        .map(|c| match c.status {
            Status::Partial => format!("{} (partial)", c.id),
            _ => c.id.clone(),
        })
        .collect();
    if open.is_empty() {
        Check {
            id: "criteria",
            ok: true,
            detail: format!("all {total} criteria have enough evidence"),
        }
    } else {
        Check {
            id: "criteria",
            ok: false,
            detail: format!(
                "{} of {total} {} more evidence: {}",
                open.len(),
                plural(open.len(), "criterion needs", "criteria need"),
                named(&open)
            ),
        }
    }
}

fn assessor_check(criteria: &[&CriterionReport], total: usize) -> Check {
    let decided = criteria
        .iter()
        .any(|c| c.assessed.is_some() || !c.out_of_date_decisions.is_empty());
    if !decided {
        return Check {
            id: "assessor",
            ok: true,
            detail: "no assessor decisions in the logbook; your assessor confirms the evidence at gateway".into(),
        };
    }
    let ids = |d: Option<Decision>| -> Vec<String> {
        criteria
            .iter()
            .filter(|c| c.assessed == d)
            .map(|c| c.id.clone())
            .collect()
    };
    let action = ids(Some(Decision::ActionRequired));
    let (stale, waiting): (Vec<String>, Vec<String>) = ids(None).into_iter().partition(|id| {
        criteria
            .iter()
            .any(|c| &c.id == id && !c.out_of_date_decisions.is_empty())
    });
    let accepted = total - action.len() - stale.len() - waiting.len();
    if action.is_empty() && stale.is_empty() && waiting.is_empty() {
        return Check {
            id: "assessor",
            ok: true,
            detail: format!("the assessor has accepted all {total} criteria"),
        };
    }
    let mut parts = vec![format!("{accepted} of {total} accepted")];
    if !action.is_empty() {
        parts.push(format!("action required on {}", named(&action)));
    }
    if !stale.is_empty() {
        parts.push(format!(
            "out of date on {} (the entry changed after the decision; ask your assessor to look again)",
            named(&stale)
        ));
    }
    if !waiting.is_empty() {
        parts.push(format!("not yet assessed: {}", named(&waiting)));
    }
    Check {
        id: "assessor",
        ok: false,
        detail: parts.join("; "),
    }
}

fn hours_check(hours: &HoursReport) -> Check {
    let logged = hours_text(hours.logged_hours);
    match hours.target_hours {
        None => Check {
            id: "hours",
            ok: false,
            detail: format!(
                "{logged} off-the-job hours logged, but no minimum is set: `logbook config set otj_minimum_hours HOURS`"
            ),
        },
        Some(target) if hours.logged_hours >= target => Check {
            id: "hours",
            ok: true,
            detail: format!("{logged} of {} off-the-job hours", hours_text(target)),
        },
        Some(target) => Check {
            id: "hours",
            ok: false,
            detail: format!(
                "{logged} of {} off-the-job hours; {} to go",
                hours_text(target),
                hours_text(target - hours.logged_hours)
            ),
        },
    }
}

fn recorded(profile: &Profile, key: &'static str, words: &str) -> Check {
    match profile.text(key) {
        Some(value) => Check {
            id: key,
            ok: true,
            detail: value.to_string(),
        },
        None => Check {
            id: key,
            ok: false,
            detail: format!(
                "no {words} result recorded: `logbook config set {key} \"Level 2, June 2026\"` (or the exemption)"
            ),
        },
    }
}

fn signoff_check(profile: &Profile, today: NaiveDate) -> Check {
    let id = "employer-signoff";
    match profile.date("employer_signoff") {
        Some(d) if d <= today => Check {
            id,
            ok: true,
            detail: format!("signed off on {d}"),
        },
        Some(d) => Check {
            id,
            ok: false,
            detail: format!("dated {d}, after today ({today})"),
        },
        None => Check {
            id,
            ok: false,
            detail: "no employer sign-off recorded: `logbook config set employer_signoff DATE` once your employer confirms you are ready".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::criteria::Catalogue;
    use crate::model::profile::{Value, key};
    use crate::rules::programme::{Programme, hours_report};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn an_apprenticeship_is_known_by_its_name_its_ksbs_or_its_profile() {
        let mut profile = Profile::default();
        let plain = ["OPS.1", "RES.4", "ILM.1.2"];
        assert!(!is_apprenticeship(
            &["ILM Level 3 Certificate in Leadership and Management"],
            &plain,
            &profile
        ));
        assert!(!is_apprenticeship(&["Stage 1234x"], &plain, &profile));
        assert!(is_apprenticeship(
            &["Customer Service Practitioner (ST0072)"],
            &plain,
            &profile
        ));
        assert!(is_apprenticeship(
            &["Team Leader apprenticeship"],
            &plain,
            &profile
        ));
        assert!(is_apprenticeship(&["Anything"], &["CSS.K1"], &profile));
        assert!(!is_apprenticeship(&["Anything"], &["CSS.Skills"], &profile));
        profile.set(key("maths").unwrap(), Some(Value::Text("Level 2".into())));
        assert!(is_apprenticeship(&["Anything"], &plain, &profile));
    }

    #[test]
    fn each_check_says_what_is_missing_until_it_passes() {
        let catalogue =
            Catalogue::builtin().only_qualification(crate::model::criteria::BUILTIN_QUALIFICATION);
        let today = day("2026-11-28");
        let mut report = crate::rules::gaps::analyse(
            &[],
            &catalogue,
            &crate::model::frameworks::Frameworks::builtin(),
            &crate::model::settings::Settings::default(),
            today,
        );
        let p = Programme::new(Some(day("2025-11-01")), Some(day("2026-11-01")));
        let hours = hours_report(&[], Some(278.0), p, today, None);
        let mut profile = Profile::default();
        let got = checks(&report, &hours, &profile, today, true);
        let ids: Vec<&str> = got.iter().map(|c| c.id).collect();
        assert_eq!(
            ids,
            [
                "criteria",
                "assessor",
                "hours",
                "english",
                "maths",
                "employer-signoff"
            ]
        );
        assert!(!got[0].ok);
        assert!(
            got[0]
                .detail
                .starts_with("21 of 21 criteria need more evidence: OPS.1"),
            "{}",
            got[0].detail
        );
        assert!(got[0].detail.ends_with("and 13 more"), "{}", got[0].detail);
        assert!(got[1].ok, "no decisions yet");
        let plain = checks(&report, &hours, &profile, today, false);
        let ids: Vec<&str> = plain.iter().map(|c| c.id).collect();
        assert_eq!(ids, ["criteria", "assessor"], "no apprenticeship checks");
        assert_eq!(got[2].detail, "0 of 278 off-the-job hours; 278 to go");
        assert!(!got[3].ok && !got[4].ok && !got[5].ok);

        for c in report.units.iter_mut().flat_map(|u| &mut u.criteria) {
            c.status = Status::Met;
            c.assessed = Some(Decision::Accepted);
        }
        report.units[0].criteria[0].assessed = Some(Decision::ActionRequired);
        let got = checks(&report, &hours, &profile, today, true);
        assert!(got[0].ok);
        assert_eq!(got[1].detail, "20 of 21 accepted; action required on OPS.1");
        report.units[0].criteria[0].assessed = Some(Decision::Accepted);
        profile.set(
            key("english").unwrap(),
            Some(Value::Text("Level 2, 2026".into())),
        );
        profile.set(
            key("maths").unwrap(),
            Some(Value::Text("Exempt (GCSE 5)".into())),
        );
        profile.set(
            key("employer_signoff").unwrap(),
            Some(Value::Date(day("2026-11-29"))),
        );
        let got = checks(&report, &hours, &profile, today, true);
        assert_eq!(got[5].detail, "dated 2026-11-29, after today (2026-11-28)");
        profile.set(
            key("employer_signoff").unwrap(),
            Some(Value::Date(day("2026-11-20"))),
        );
        let full = hours_report(
            &[crate::rules::programme::Item {
                id: "a".into(),
                hours: crate::model::hours::Hours {
                    recorded: chrono::DateTime::parse_from_rfc3339("2026-11-28T10:00:00Z").unwrap(),
                    date: day("2026-10-01"),
                    minutes: 20 * 60,
                    activity: "Course".into(),
                    off_the_job: true,
                    entry: None,
                    note: None,
                },
            }],
            Some(20.0),
            p,
            today,
            None,
        );
        let got = checks(&report, &full, &profile, today, true);
        assert!(got.iter().all(|c| c.ok), "{got:?}");
        assert_eq!(got[2].detail, "20 of 20 off-the-job hours");
    }
}
