use crate::support::*;

const COMPLAINT: &str = "A customer phoned very angry because her replacement kettle had not arrived \
after two weeks and nobody had called her back. I let her explain everything without interrupting, \
apologised, and asked when she had ordered and what she had been told. I found the order had been \
sent to an old address. I offered either a refund or a new kettle by next-day courier; she chose the \
courier. I emailed her to confirm and rang her two days later to check it had arrived. She thanked me \
and the complaint was closed.";

const BRIEFING: &str = "On Monday I ran the morning briefing for my team of eight before the phones \
opened. I went through the new rota for the sale week, who was covering lunches and the late shift, \
and reminded everyone of our target to answer calls within 20 seconds. During the day I watched the \
queue figures, moved one person from emails to calls when we fell behind, and gave two new starters \
feedback after listening to their calls.";

fn suggest_json(lb: &Logbook, text: &str) -> Vec<serde_json::Value> {
    let out = lb
        .cmd()
        .args(["suggest", "--json"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json.as_array().unwrap().clone()
}

#[test]
fn a_complaint_account_ranks_a_res_criterion_first() {
    let lb = Logbook::new();
    let ranked = suggest_json(&lb, COMPLAINT);
    let first = ranked[0]["id"].as_str().unwrap();
    assert!(first.starts_with("RES."), "{ranked:#?}");
    let keys: Vec<&String> = ranked[0].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["id", "score", "matched"]);
    assert!(ranked[0]["score"].as_f64().unwrap() > 0.0);
    assert!(!ranked[0]["matched"].as_array().unwrap().is_empty());
    let scores: Vec<f64> = ranked
        .iter()
        .map(|s| s["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn a_team_briefing_and_rota_account_ranks_an_ops_criterion_first() {
    let lb = Logbook::new();
    let ranked = suggest_json(&lb, BRIEFING);
    assert!(
        ranked[0]["id"].as_str().unwrap().starts_with("OPS."),
        "{ranked:#?}"
    );
    let matched: Vec<&str> = ranked[0]["matched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(
        matched
            .iter()
            .any(|m| m.contains("briefing") || m.contains("rota")),
        "{matched:?}"
    );
}

#[test]
fn human_output_is_a_short_table_with_the_matching_words() {
    let lb = Logbook::new();
    let out = lb
        .cmd()
        .args(["suggest"])
        .write_stdin(BRIEFING)
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].trim_start().starts_with("Criterion"), "{text}");
    assert!(!text.contains('\x1b'), "no colour when piped: {text}");
    let rows = lines
        .iter()
        .filter(|l| l.trim_start().starts_with("OPS.") || l.trim_start().get(3..4) == Some("."))
        .count();
    assert!((1..=5).contains(&rows), "{text}");
    assert!(text.contains("briefing"), "{text}");
    let all = lb
        .cmd()
        .args(["suggest", "--all"])
        .write_stdin(BRIEFING)
        .output()
        .unwrap();
    assert!(
        stdout(&all).lines().count() > lines.len(),
        "{}",
        stdout(&all)
    );
}

#[test]
fn empty_input_is_a_clear_error() {
    let lb = Logbook::new();
    let out = lb
        .cmd()
        .args(["suggest"])
        .write_stdin("  \n")
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("no text on stdin"),
        "{}",
        stderr(&out)
    );
    let out = lb
        .cmd()
        .args(["suggest", "--json"])
        .write_stdin("the and of")
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "[]\n");
}
