use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::support::*;

fn sample() -> Logbook {
    Logbook::sample()
}

fn json(lb: &Logbook, args: &[&str]) -> Value {
    let mut all = vec!["gaps", "--json"];
    all.extend_from_slice(args);
    let out = lb.run(&all);
    assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

/// Criterion id → status.
fn statuses(report: &Value) -> BTreeMap<String, String> {
    report["units"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|u| u["criteria"].as_array().unwrap())
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// `kind entry-or-unit` for each warning, in report order.
fn warnings(report: &Value) -> Vec<String> {
    report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            let whom = w["unit"].as_str().or(w["entry"].as_str()).unwrap_or("");
            format!("{} {whom}", w["kind"].as_str().unwrap())
        })
        .collect()
}

fn messages(report: &Value, kind: &str) -> Vec<String> {
    report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == kind)
        .map(|w| w["message"].as_str().unwrap().to_string())
        .collect()
}

fn not_met(report: &Value) -> Vec<String> {
    statuses(report)
        .into_iter()
        .filter(|(_, s)| s != "met")
        .map(|(id, s)| format!("{id} {s}"))
        .collect()
}

#[test]
fn an_empty_logbook_shows_where_to_start() {
    let lb = Logbook::new();
    let report = json(&lb, &[]);
    assert_eq!(
        report["summary"],
        serde_json::json!({"met": 0, "partial": 0, "missing": 21, "total": 21})
    );
    assert!(report["warnings"].as_array().unwrap().is_empty());
    assert_eq!(
        report["next_steps"][0]["action"],
        "Write your first entry: run `logbook add`"
    );
    let out = lb.cmd().arg("gaps").env("COLUMNS", "100").output().unwrap();
    assert_eq!(code(&out), 0);
    insta::assert_snapshot!(stdout(&out));
    assert!(lb.files().is_empty(), "gaps wrote {:?}", lb.files());
}

#[test]
fn the_sample_logbook_report() {
    let lb = sample();
    // Piped to a reader 100 columns wide.
    let out = lb.cmd().arg("gaps").env("COLUMNS", "100").output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    assert!(!text.contains('\x1b'), "colour when piped");
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest <= 100, "{widest} columns");
    insta::assert_snapshot!("sample_human", text);

    // Wider readers get wider lines; with no width known, none are broken.
    let wide = lb.cmd().arg("gaps").env("COLUMNS", "160").output().unwrap();
    let widest = stdout(&wide)
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert!(widest > 100 && widest <= 160, "{widest} columns");
    let unbroken = stdout(&lb.run(&["gaps"]));
    let warnings = unbroken.split("\nWarnings").nth(1).unwrap_or_default();
    assert!(
        warnings.lines().any(|l| l.chars().count() > 160),
        "a long warning stays on one line: {warnings}"
    );

    let out = lb.run(&["gaps", "--json"]);
    assert_eq!(code(&out), 0);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    insta::assert_json_snapshot!("sample_json", report);
}

/// Every planted weakness in examples/sample/README.md, and nothing else.
#[test]
fn each_rule_fires_where_it_should_and_nowhere_else() {
    let lb = sample();
    let report = json(&lb, &[]);
    assert_eq!(report["as_of"], "2026-11-28");
    assert_eq!(
        report["summary"],
        serde_json::json!({"met": 18, "partial": 2, "missing": 1, "total": 21})
    );
    assert_eq!(
        not_met(&report),
        ["BIZ.3 missing", "OPS.3 partial", "PRI.2 partial"]
    );
    assert_eq!(
        warnings(&report),
        [
            // 4: REV is a cycle, but the reviews are 13 months apart.
            "review-cadence REV",
            // 3: PRI rests on reflective accounts only.
            "single-source PRI",
            // 1: PRI.2's only evidence is more than 12 months old.
            "out-of-date 2025-07-03-changing-callback-promises-after-survey-comments",
            // 8: purely descriptive (advice: OPS.2 asks for neither).
            "no-reasons 2025-07-14-monday-team-briefing",
            "no-evaluation 2025-07-14-monday-team-briefing",
            // 7: hypothetical.
            "hypothetical 2025-10-09-customer-threatening-to-post-a-complaint-on-social-media",
            "no-outcome 2025-10-09-customer-threatening-to-post-a-complaint-on-social-media",
            "no-follow-up 2025-10-09-customer-threatening-to-post-a-complaint-on-social-media",
            // 10: mapped to nothing.
            "unmapped 2025-11-06-fire-alarm-evacuation-during-the-evening-shift",
            // 2: OPS.3's two entries are one outage.
            "same-incident 2026-02-10-telephony-outage-incident-report-and-lessons-learned",
            // 11: personal data.
            "personal-data 2026-03-03-wrong-delivery-address-on-a-mattress-order",
            // 6: no follow-up with the customer.
            "no-follow-up 2026-03-19-damaged-dining-table-replaced-from-store-stock",
            // 9: over-mapped, and too thin for what it claims.
            "thin 2026-05-14-missed-delivery-slot",
            "no-record 2026-05-14-missed-delivery-slot",
            "over-mapped 2026-05-14-missed-delivery-slot",
            // 5: no result section.
            "no-outcome 2026-07-30-chasing-a-late-made-to-order-sofa-with-the-supplier",
            "no-follow-up 2026-07-30-chasing-a-late-made-to-order-sofa-with-the-supplier",
        ]
    );
    let ops3 = report["units"][0]["criteria"][2].clone();
    assert_eq!(
        (ops3["count"].clone(), ops3["credited"].clone()),
        (
            2.into(),
            serde_json::json!(["2026-02-10-phone-system-outage-on-the-morning-shift"])
        )
    );
    assert!(
        ops3["why"][0]
            .as_str()
            .unwrap()
            .contains("look like one incident (the same day, both about “outage”"),
        "{}",
        ops3["why"]
    );
    assert_eq!(
        messages(&report, "review-cadence"),
        ["REV: 399 days between the reviews of 2025-09-18 and 2026-10-22, longer than 120 days"]
    );
    assert_eq!(
        messages(&report, "personal-data"),
        [
            "contains what looks like personal data: an email address, a phone number, a postcode, a card number"
        ]
    );
    // A finding holds back the claimed criteria it stops the entry counting
    // for (whether or not they are met elsewhere); advice holds back none.
    for w in report["warnings"].as_array().unwrap() {
        let kind = w["kind"].as_str().unwrap();
        let expect_held = [
            "hypothetical",
            "out-of-date",
            "same-incident",
            "personal-data",
            "thin",
            "no-record",
            "over-mapped",
        ]
        .contains(&kind);
        assert_eq!(
            w["holds_back"].as_array().unwrap().is_empty(),
            !expect_held,
            "{w}"
        );
    }
}

#[test]
fn as_of_moves_the_report_through_time() {
    let lb = sample();
    let at = |date: &str| json(&lb, &["--as-of", date]);

    // Before the first entry: nothing yet, so start here.
    let r = at("2025-06-01");
    assert_eq!(r["summary"]["missing"], 21);
    assert_eq!(
        r["next_steps"][0]["action"],
        "Write your first entry: run `logbook add`"
    );

    // Currency: PRI.2's evidence (2025-07-03) counts up to twelve months on the day.
    assert_eq!(statuses(&at("2026-07-03"))["PRI.2"], "met");
    let r = at("2026-07-04");
    assert_eq!(statuses(&r)["PRI.2"], "partial");
    assert_eq!(
        messages(&r, "out-of-date"),
        [
            "happened on 2025-06-12, more than 12 months before 2026-07-04, so it no longer shows current competence",
            "happened on 2025-07-03, more than 12 months before 2026-07-04, so it no longer shows current competence"
        ]
    );
    // In July 2026 the summer-sale plan has aged out and the peak plan is
    // not written yet, so OPS.1 rests on the over-mapped entry alone: partial,
    // and fixing that entry is the step that closes it.
    let ops1 = &r["units"][0]["criteria"][0];
    assert_eq!(ops1["status"], "partial");
    assert_eq!(
        ops1["why"],
        serde_json::json!([
            "2025-06-12-summer-sale-staffing-plan-and-rota is from 2025-06-12, more than 12 months before 2026-07-04, so it no longer counts",
            "2026-05-14-missed-delivery-slot: 39 words are too few to show OPS.1, OPS.2, BIZ.1, BIZ.2, RES.1, RES.2, RES.5, RES.6 and RES.8",
            "2026-05-14-missed-delivery-slot: 39 words mapped to 9 criteria"
        ])
    );
    assert_eq!(
        r["next_steps"][0]["action"],
        "Fix 2026-05-14-missed-delivery-slot so it counts for OPS.1"
    );
    assert_eq!(r["next_steps"][0]["closes"], serde_json::json!(["OPS.1"]));
    // Entries after the date do not exist yet: the peak plan and the review
    // panel of October 2026 are missing from a July report.
    let r = at("2026-07-04");
    assert_eq!(r["units"][2]["criteria"][2]["status"], "missing");
    assert_eq!(r["units"][2]["criteria"][0]["latest"], "2025-09-18");

    // Cadence: one review so far in January 2026…
    let r = at("2026-01-15");
    assert_eq!(
        messages(&r, "review-cadence"),
        [
            "REV: one review so far (2025-09-18, 119 days ago); reviewing service is a cycle, not a one-off"
        ]
    );
    // …a long gap once the second review lands…
    let r = at("2026-11-28");
    assert_eq!(
        messages(&r, "review-cadence"),
        ["REV: 399 days between the reviews of 2025-09-18 and 2026-10-22, longer than 120 days"]
    );
    // …and overdue as well when nothing follows it.
    let r = at("2027-03-01");
    assert_eq!(
        messages(&r, "review-cadence"),
        [
            "REV: 399 days between the reviews of 2025-09-18 and 2026-10-22, longer than 120 days",
            "REV: the latest review (2026-10-22) was 130 days ago, longer than 120 days"
        ]
    );
    // By June 2027 the first half of the logbook has aged out: RES.6 rests
    // on the sofa entry alone, whose Result step is empty. Describing a
    // problem does not ask for its result, so it still counts, and the
    // empty step is advice.
    let r = at("2027-06-01");
    assert_eq!(
        not_met(&r),
        [
            "BIZ.2 partial",
            "BIZ.3 missing",
            "OPS.3 partial",
            "PRI.2 partial",
            "PRI.4 partial"
        ]
    );
    let sofa = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| {
            w["kind"] == "no-outcome"
                && w["entry"] == "2026-07-30-chasing-a-late-made-to-order-sofa-with-the-supplier"
        })
        .unwrap();
    assert_eq!(sofa["message"], "the Result step is empty");
    assert_eq!(sofa["holds_back"], serde_json::json!([]));
    // Two old accounts of one outage: currency explains it, not sameness.
    assert!(messages(&r, "same-incident").is_empty());

    // Relative dates work too.
    assert_eq!(json(&lb, &["--as-of", "today"])["as_of"], "2026-11-28");
}

#[test]
fn unit_and_strict() {
    let lb = sample();
    let r = json(&lb, &["--unit", "pri"]);
    assert_eq!(r["units"].as_array().unwrap().len(), 1);
    assert_eq!(
        r["summary"],
        serde_json::json!({"met": 3, "partial": 1, "missing": 0, "total": 4})
    );
    assert_eq!(
        warnings(&r),
        [
            "single-source PRI",
            "out-of-date 2025-07-03-changing-callback-promises-after-survey-comments"
        ]
    );

    let out = lb.run(&["gaps", "--unit", "RES"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(
        text.starts_with("Coverage of RES on 2026-11-28: 8 of 8 criteria met"),
        "{text}"
    );
    assert!(!text.contains("OPS  Plan"), "{text}");

    // --strict fails while anything is missing, after printing the report.
    let out = lb.run(&["gaps", "--strict"]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("BIZ.3"));
    assert_eq!(
        stderr(&out),
        "error: 1 criterion has no evidence yet (--strict)\n"
    );
    let out = lb.run(&["gaps", "--strict", "--unit", "RES", "--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    for (args, message) in [
        (
            vec!["gaps", "--unit", "RSE"],
            "error: unknown unit \"RSE\" (did you mean RES?)\n",
        ),
        (
            vec!["gaps", "--as-of", "soon"],
            "error: --as-of: \"soon\" is not a date I understand; use 27/11/2026 (day first), 27 Nov 2026, 2026-11-27, today, yesterday, \"3 days ago\", last week or a weekday\n",
        ),
    ] {
        let out = lb.run(&args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert_eq!(stderr(&out), message);
        assert_eq!(stdout(&out), "");
    }
}

#[test]
fn thresholds_come_from_logbook_toml() {
    let lb = sample();
    let settings = lb.dir().join("logbook.toml");
    let base = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(
        &settings,
        format!("{base}\n[gaps]\ncurrency_months = 24\nreview_gap_days = 400\nsame_incident_similarity = 0.9\n"),
    )
    .unwrap();
    let r = json(&lb, &[]);
    // The two outage entries both name INC-20877, so they stay one incident
    // whatever the wording threshold.
    assert_eq!(not_met(&r), ["BIZ.3 missing", "OPS.3 partial"]);
    let kinds: Vec<String> = warnings(&r);
    for gone in ["out-of-date", "review-cadence"] {
        assert!(!kinds.iter().any(|k| k.starts_with(gone)), "{kinds:?}");
    }
    assert!(
        r["units"][0]["criteria"][2]["why"][0]
            .as_str()
            .unwrap()
            .contains("(both about INC-20877)"),
        "{}",
        r["units"][0]["criteria"][2]["why"]
    );

    std::fs::write(&settings, "[gaps]\ncurrency_month = 6\n").unwrap();
    let out = lb.run(&["gaps"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out).replace(&lb.dir().display().to_string(), "[DATA]");
    insta::assert_snapshot!(err, @"error: [DATA]/logbook.toml:2:1: unknown field `currency_month`, expected one of `currency_months`, `same_incident_days`, `same_incident_similarity`, `review_unit`, `review_gap_days`, `over_map_min_criteria`, `over_map_words_per_criterion`, `min_words_to_judge`, `thin_words`");
}

/// The text of the first fenced block after `marker` in README.md.
fn readme_block(marker: &str) -> String {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let at = readme.find(marker).expect("marker in README");
    let rest = &readme[at..];
    let open = rest.find("```").unwrap();
    let body = &rest[open..];
    let start = body.find('\n').unwrap() + 1;
    let end = body[start..].find("\n```").unwrap();
    body[start..start + end + 1].to_string()
}

#[test]
fn the_readme_shows_the_real_output_and_the_true_defaults() {
    let lb = sample();
    let out = lb.cmd().arg("gaps").env("COLUMNS", "100").output().unwrap();
    assert_eq!(
        readme_block("examples/sample gaps`:"),
        stdout(&out),
        "README.md's sample output is stale"
    );
    let settings =
        logbook::model::settings::Settings::parse(&readme_block("every key is optional:")).unwrap();
    assert_eq!(
        settings.gaps,
        logbook::model::settings::GapSettings::default()
    );
}
