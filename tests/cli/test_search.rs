//! `logbook search`: ranked, with snippets, sharing list's filters.

use crate::support::*;

fn sample(lb: &Logbook) {
    lb.add(&[
        "--title",
        "Refund complaint escalated by phone",
        "--date",
        "2026-11-20",
        "--section",
        "situation=A customer rang about a refund that was three weeks late. She had returned the parcel on the 2nd and had heard nothing since.",
        "--section",
        "action=I listened without interrupting, checked the order history and authorised the refund within my limit.",
        "--criteria",
        "RES.1,RES.6",
        "--tag",
        "complaint",
    ]);
    lb.add(&[
        "--title",
        "Rota for December",
        "--date",
        "2026-11-25",
        "--section",
        "situation=Built the December rota around the peak days. One agent asked about a refunded overtime claim.",
        "--criteria",
        "OPS.1",
        "--evidence",
        "product",
    ]);
    lb.add(&[
        "--title",
        "Café order mix-up",
        "--date",
        "2026-11-26",
        "--section",
        "situation=Zoë had been charged twice for a flat white. I refunded the duplicate on the spot.",
        "--criteria",
        "RES.1",
        "--tag",
        "complaint",
    ]);
}

fn ids(lb: &Logbook, args: &[&str]) -> Vec<String> {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(args);
    let out = lb.run(&all);
    assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    hits.iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn search_ranks_highlights_and_filters() {
    let lb = Logbook::new();
    sample(&lb);
    let out = lb.run(&["search", "refund"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out), @r"
    2026-11-20  2026-11-20-refund-complaint-escalated-by-phone  Refund complaint escalated by phone
      RES.1 RES.6 · #complaint
      Situation: A customer rang about a refund that was three weeks late. She had returned the parcel on the 2nd and had heard nothing since.

    2026-11-25  2026-11-25-rota-for-december  Rota for December
      OPS.1
      Situation: Built the December rota around the peak days. One agent asked about a refunded overtime claim.

    2026-11-26  2026-11-26-cafe-order-mix-up  Café order mix-up
      RES.1 · #complaint
      Situation: Zoë had been charged twice for a flat white. I refunded the duplicate on the spot.

    3 entries match
    ");

    // Every word must match; case, accents and endings are forgiven.
    assert_eq!(
        ids(&lb, &["REFUNDS", "zoe"]),
        ["2026-11-26-cafe-order-mix-up"]
    );
    assert_eq!(ids(&lb, &["cafe"]), ["2026-11-26-cafe-order-mix-up"]);
    assert_eq!(
        ids(&lb, &["authorising"]),
        ["2026-11-20-refund-complaint-escalated-by-phone"]
    );
    // A criterion id finds entries mapped to it; a tag is searched too.
    assert_eq!(
        ids(&lb, &["res6"]),
        ["2026-11-20-refund-complaint-escalated-by-phone"]
    );
    assert_eq!(
        ids(&lb, &["complaint", "duplicate"]),
        ["2026-11-26-cafe-order-mix-up"]
    );
    // Filters shared with list.
    assert_eq!(
        ids(
            &lb,
            &["refund", "--since", "2026-11-21", "--tag", "complaint"]
        ),
        ["2026-11-26-cafe-order-mix-up"]
    );
    assert_eq!(
        ids(&lb, &["refund", "--unit", "OPS"]),
        ["2026-11-25-rota-for-december"]
    );
    assert_eq!(ids(&lb, &["refund", "-n", "1"]).len(), 1);

    let out = lb.run(&["search", "--json", "refund", "late"]);
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits.len(), 1);
    let hit = hits[0].as_object().unwrap();
    assert_eq!(
        hit.keys().collect::<Vec<_>>(),
        [
            "id", "title", "occurred", "score", "criteria", "tags", "matched", "section", "snippet"
        ]
    );
    assert_eq!(hits[0]["matched"], serde_json::json!(["refund", "late"]));
    assert_eq!(hits[0]["section"], "situation");
    assert!(hits[0]["score"].as_f64().unwrap() > 0.0);

    let out = lb.run(&["search", "refund", "sofa"]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        stdout(&out),
        "No entry matches every word of \"refund sofa\".\n"
    );
    let out = lb.run(&["search", "--criterion", "RES.9", "x"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: unknown criterion \"RES.9\" (RES has RES.1–RES.8)\n"
    );
    let out = lb.run(&["search", "—"]);
    assert_eq!(code(&out), 2);
    assert_eq!(stderr(&out), "error: \"—\" has no words to search for\n");
}
