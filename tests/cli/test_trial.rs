//! What a user trial found, each fixed as a class: an assessor's decision
//! the learner's edit made out of date is said, counted and shown as such;
//! the gateway of a qualification that is not an apprenticeship; the
//! portfolio speaking to its assessor; the cost of personal data; `show`
//! with the entry's warnings.

use crate::support::{Logbook, code, stderr, stdout};

fn ok(out: &std::process::Output) -> String {
    assert_eq!(code(out), 0, "{}", stderr(out));
    stdout(out)
}

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&stdout(out)).expect("one JSON document")
}

const ILM: &str = "ILM Level 3 Certificate in Leadership and Management";

/// The trial's logbook: an ILM candidate, one entry holding a phone number
/// and an "I would…" account, claimed against four criteria, and the
/// assessor's acceptance of RES.1 with feedback.
fn trial() -> (Logbook, String) {
    let lb = Logbook::new();
    ok(&lb.run(&["config", "set", "qualification", ILM]));
    let id = lb.add(&[
        "--title",
        "Refund complaint",
        "--date",
        "2026-11-27",
        "--section",
        "situation=A customer rang about a late refund; her number is 07700 900123 and she was upset.",
        "--section",
        "task=I had to resolve it within policy.",
        "--section",
        "action=When a customer is difficult I would always stay calm and listen to them carefully.",
        "--section",
        "result=She accepted a refund and thanked me.",
        "--criteria",
        "RES.1,RES.2,RES.5,RES.7",
    ]);
    ok(&lb.run(&[
        "assess",
        &id,
        "-c",
        "RES.1",
        "--accept",
        "--assessor",
        "J Morgan",
        "--feedback",
        "Good listening; remove the customer's number",
    ]));
    (lb, id)
}

#[test]
fn an_edit_says_which_decisions_it_made_out_of_date_and_every_report_counts_them() {
    let (lb, id) = trial();
    // Nothing changed: nothing to say.
    let out = lb.run(&["edit", &id, "--title", "Refund complaint"]);
    assert_eq!(ok(&out), format!("No changes to {id}\n"));
    assert_eq!(stderr(&out), "");

    // The learner does as asked.
    let out = lb.run(&[
        "edit",
        &id,
        "--section",
        "situation=A customer rang about a late refund and she was upset.",
    ]);
    assert_eq!(ok(&out), format!("Updated {id}\n"));
    insta::assert_snapshot!("edit_out_of_date_note", stderr(&out));

    // Once said is enough: the decision is out of date already.
    let out = lb.run(&["tag", &id, "--tag", "refund"]);
    ok(&out);
    assert!(!stderr(&out).contains("note:"), "{}", stderr(&out));

    // gaps: counted apart, never as "not assessed" only.
    let human = ok(&lb.run(&["gaps", "--unit", "RES"]));
    assert!(
        human.contains(
            "Assessor: 0 accepted, 0 action required, 8 not yet assessed; 1 decision out of \
             date: the entry changed since (RES.1)"
        ),
        "{human}"
    );
    assert!(human.contains("out of date"), "{human}");
    let report = json(&lb.run(&["gaps", "--json"]));
    assert_eq!(
        report["assessor"],
        serde_json::json!({"accepted": 0, "action_required": 0, "not_assessed": 21, "out_of_date": 1})
    );
    let res1 = report["units"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|u| u["criteria"].as_array().unwrap())
        .find(|c| c["id"] == "RES.1")
        .unwrap()
        .clone();
    assert_eq!(res1["assessed"], serde_json::Value::Null);
    assert_eq!(
        res1["out_of_date_decisions"],
        serde_json::json!([{"entry": id, "decision": "accepted", "date": "2026-11-28"}])
    );

    // gateway: never "no assessor decisions".
    let out = lb.run(&["gateway"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(!text.contains("no assessor decisions"), "{text}");
    assert!(
        text.contains("✗ assessor  0 of 21 accepted; out of date on RES.1 (the entry changed after the decision; ask your assessor to look again)"),
        "{text}"
    );

    // export: an earlier version's decision, never a plain "Accepted".
    let doc = ok(&lb.run(&["export"]));
    assert!(
        doc.contains("Accepted on 28 Nov 2026 for an earlier version"),
        "{doc}"
    );
    assert!(
        doc.contains(
            "[RES.1][]: **Accepted on 28 November 2026 for an earlier version** by J Morgan"
        ),
        "{doc}"
    );
    assert!(!doc.contains("**Accepted** by"), "{doc}");
    assert!(!doc.contains("| Accepted |"), "{doc}");

    // Looked at again: current, and nothing out of date.
    ok(&lb.run(&[
        "assess",
        &id,
        "-c",
        "RES.1",
        "--accept",
        "--assessor",
        "J Morgan",
    ]));
    let report = json(&lb.run(&["gaps", "--json"]));
    assert_eq!(report["assessor"]["out_of_date"], 0);
}

#[test]
fn tag_and_the_editor_say_it_too_naming_every_decision() {
    let (lb, id) = trial();
    ok(&lb.run(&[
        "assess",
        &id,
        "-c",
        "RES.2,RES.5",
        "--action-required",
        "--assessor",
        "J Morgan",
        "--date",
        "2026-11-27",
    ]));
    let out = lb.run(&["tag", &id, "--remove", "RES.7"]);
    ok(&out);
    insta::assert_snapshot!("tag_out_of_date_note", stderr(&out));

    // The editor path: a fresh decision, then an edit in $EDITOR.
    ok(&lb.run(&[
        "assess",
        &id,
        "-c",
        "RES.1",
        "--accept",
        "--assessor",
        "J Morgan",
    ]));
    let out = lb
        .cmd()
        .args(["edit", &id])
        .env("EDITOR", "sed -i -e 's/thanked me/thanked me warmly/'")
        .output()
        .unwrap();
    assert_eq!(ok(&out), format!("Saved {id}\n"));
    assert_eq!(
        stderr(&out),
        format!(
            "note: RES.1 was accepted by J Morgan on 28 Nov for the earlier text of {id}; ask your \
             assessor to look at it again (`logbook show {id}`)\n"
        )
    );
}

#[test]
fn gateway_for_a_qualification_that_is_not_an_apprenticeship() {
    let (lb, _) = trial();
    let out = lb.run(&["gateway"]);
    assert_eq!(code(&out), 1);
    insta::assert_snapshot!("gateway_not_an_apprenticeship", stdout(&out));
    let doc = json(&lb.run(&["gateway", "--json"]));
    let ids: Vec<&str> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["criteria", "assessor"]);
    assert_eq!(doc["ready"], false);
    assert_eq!(doc["apprenticeship"], false);
    assert_eq!(doc["working_towards"], ILM);
    assert_eq!(
        doc["not_applicable"],
        serde_json::json!(["hours", "english", "maths", "employer-signoff"])
    );

    // Named as a standard: the apprenticeship checks are back.
    ok(&lb.run(&[
        "config",
        "set",
        "qualification",
        "Team Leader or Supervisor apprenticeship (ST0384)",
    ]));
    let doc = json(&lb.run(&["gateway", "--json"]));
    assert_eq!(doc["checks"].as_array().unwrap().len(), 6);
    assert_eq!(doc["apprenticeship"], true);
}

#[test]
fn a_logbook_that_names_no_qualification_or_logs_hours_gets_the_whole_gateway() {
    let ids = |lb: &Logbook| -> Vec<String> {
        json(&lb.run(&["gateway", "--json"]))["checks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    let all = [
        "criteria",
        "assessor",
        "hours",
        "english",
        "maths",
        "employer-signoff",
    ];
    let lb = Logbook::new();
    assert_eq!(ids(&lb), all);
    // Off-the-job hours are an apprenticeship's, whatever the name says.
    ok(&lb.run(&["config", "set", "qualification", ILM]));
    assert_eq!(ids(&lb), ["criteria", "assessor"]);
    ok(&lb.run(&[
        "hours",
        "add",
        "2h",
        "--date",
        "2026-11-20",
        "--activity",
        "Workshop",
    ]));
    assert_eq!(ids(&lb), all);
}

#[test]
fn the_portfolio_speaks_to_the_assessor_once_per_entry() {
    let (lb, id) = trial();
    let doc = ok(&lb.run(&["export"]));
    // Third person, about the account; a cut quote says so with an ellipsis.
    assert!(!doc.contains("what you would do"), "{doc}");
    assert!(!doc.contains("you chose"), "{doc}");
    let start = doc
        .find("### Why it does not count yet")
        .expect("the entry's reasons");
    let end = start + doc[start..].find("\n\n###").unwrap();
    insta::assert_snapshot!("export_why_not_counted", &doc[start..end]);
    // Given once, with the entry; the criteria refer to it.
    assert_eq!(
        doc.matches("reads as what the candidate would do").count(),
        1
    );
    assert!(
        doc.contains(
            "(reflective account) — not counted here: too thin, what would happen, not what did"
        ),
        "{doc}"
    );
    assert!(!doc.contains("**Why:** [E1][]"), "{doc}");
    // Unredacted, the personal data is said to be there.
    let raw = lb.run(&["export", "--no-redact"]);
    assert!(
        stdout(&raw)
            .contains("Held back: the text contains personal data (exported without redaction)"),
        "{}",
        stdout(&raw)
    );
    let _ = id;
}

#[test]
fn criteria_lists_agree_with_their_verb() {
    let lb = Logbook::new();
    let id = lb.add(&[
        "--title",
        "Delivery complaint",
        "--date",
        "2026-11-20",
        "--section",
        "situation=A customer complained that a sofa arrived two weeks late and the driver was rude to him at the door.",
        "--section",
        "task=I had to put it right for him and keep within our compensation policy.",
        "--section",
        "action=I apologised, rang the courier to find out what happened and offered a delivery refund and a voucher.",
        "--section",
        "result=He accepted the refund and the voucher and thanked me for sorting it out the same day.",
        "--criteria",
        "BIZ.3,RES.7",
    ]);
    let report = json(&lb.run(&["gaps", "--json"]));
    let messages: Vec<String> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["entry"] == id.as_str())
        .map(|w| format!("{} {}", w["message"], w["advice"]))
        .collect();
    let all = messages.join("\n");
    assert!(all.contains("BIZ.3 and RES.7 ask for them"), "{all}");
    assert!(!all.contains("RES.7 asks"), "{all}");
    let doc = ok(&lb.run(&["export"]));
    assert!(
        doc.contains(
            "No reasons are given for the choices made; [BIZ.3][] and [RES.7][] ask for them."
        ),
        "{doc}"
    );
}

#[test]
fn show_lists_the_entrys_warnings_after_its_sections() {
    let (lb, id) = trial();
    let text = ok(&lb.run(&["show", &id]));
    let result = text.find("She accepted a refund").unwrap();
    let warnings = text.find("\nWarnings (").expect("warnings shown");
    let decisions = text.find("\nAssessor decisions").unwrap();
    assert!(result < warnings && warnings < decisions, "{text}");
    assert!(
        text.contains("  personal-data: contains what looks like personal data: a phone number"),
        "{text}"
    );
    assert!(
        text.contains("  hypothetical: reads as what you would do"),
        "{text}"
    );

    // The same findings gaps lists for the entry, in show --json.
    let shown = json(&lb.run(&["show", &id, "--json"]));
    let gaps = json(&lb.run(&["gaps", "--json"]));
    let kinds = |ws: &serde_json::Value, only: Option<&str>| -> Vec<String> {
        ws.as_array()
            .unwrap()
            .iter()
            .filter(|w| only.is_none_or(|e| w["entry"] == e))
            .map(|w| w["kind"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        kinds(&shown["warnings"], None),
        kinds(&gaps["warnings"], Some(&id))
    );
    assert!(kinds(&shown["warnings"], None).contains(&"personal-data".to_string()));
}
