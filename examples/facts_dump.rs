// Temporary calibration aid: prints the judgement facts of each coaching case.
use logbook::model::criteria::Ask;
use logbook::model::frameworks::Frameworks;
use logbook::rules::judge::{Claim, Limits, Part, facts, verdicts};

fn asks(id: &str) -> &'static [Ask] {
    use Ask::*;
    match id {
        "OPS.1" | "REV.1" => &[Plan],
        "BIZ.3" => &[Reasons],
        "OPS.3" => &[Reasons, FollowUp, Outcome],
        "BIZ.2" | "RES.2" | "RES.7" => &[Reasons],
        "REV.2" => &[Evaluation, Reasons],
        "PRI.4" => &[Evaluation],
        "RES.3" => &[Record, FollowUp],
        "RES.8" => &[Record, Outcome],
        _ => &[],
    }
}

fn main() {
    let fw = Frameworks::builtin();
    for dir in std::env::args().skip(1) {
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        paths.sort();
        for p in paths {
            if p.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            let v: toml::Value = toml::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            let e = &v["entry"];
            let framework = e["framework"].as_str().unwrap();
            let f = fw.get(framework).unwrap();
            let sections = e["sections"].as_table().unwrap();
            let parts: Vec<Part> = sections
                .iter()
                .map(|(k, t)| Part {
                    key: k.as_str(),
                    role: fw.steps(f).find(|s| s.key == *k).map(|s| s.role),
                    text: t.as_str().unwrap(),
                })
                .collect();
            let crit: Vec<&str> = e["criteria"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap())
                .collect();
            let plan = crit.iter().any(|c| matches!(*c, "OPS.1" | "REV.1"));
            let fa = facts(&parts, plan);
            if std::env::var("SHOW").is_ok_and(|w| p.to_string_lossy().contains(&w)) {
                for part in &parts {
                    for s in logbook::rules::text::read(part.text).sentences {
                        eprintln!(
                            "[{}] R{} O{} F{} E{} H{} P{} | {}",
                            part.key,
                            s.reason as u8,
                            s.outcome as u8,
                            s.follow_up as u8,
                            s.evaluation as u8,
                            s.hypothetical.len(),
                            s.past,
                            &part.text[s.range.clone()]
                        );
                    }
                }
            }
            let hyp: Vec<String> = fa
                .hypothetical
                .iter()
                .map(|(k, r)| {
                    let t = sections[k].as_str().unwrap();
                    let s = t[..r.start].rfind(['.', '\n']).map_or(0, |i| i + 1);
                    let e2 = t[r.end..].find(['.', '\n']).map_or(t.len(), |i| r.end + i);
                    t[s..e2].trim().to_string()
                })
                .collect();
            let claims: Vec<Claim> = crit
                .iter()
                .map(|c| Claim {
                    id: c,
                    asks: asks(c),
                })
                .collect();
            let ev = e["evidence"].as_str().unwrap();
            let has_record = ev != "reflective-account"
                || e.get("attachments").is_some()
                || e.get("witness").is_some();
            let mut vs: Vec<serde_json::Value> = verdicts(
                &fa,
                &claims,
                has_record,
                &Limits::default(),
            )
            .into_iter()
            .map(|v| serde_json::json!({"kind": v.kind.as_str(), "holds_back": v.holds_back}))
            .collect();
            let model = logbook::rules::fit::builtin_model();
            let texts: Vec<&str> = parts.iter().map(|p| p.text).collect();
            let sup = logbook::rules::fit::support(model, e["title"].as_str().unwrap(), &texts);
            let mut ranks = serde_json::Map::new();
            for c in &crit {
                if let Some(i) = model.class_index(c) {
                    ranks.insert(
                        c.to_string(),
                        serde_json::json!([
                            sup[i].best_rank,
                            (sup[i].best_prob * 1000.0).round() / 1000.0
                        ]),
                    );
                    if sup[i].best_rank > 4 {
                        vs.push(serde_json::json!({"kind": "weak-fit", "holds_back": [c]}));
                    }
                }
            }
            println!(
                "{}",
                serde_json::json!({
                    "verdicts": vs, "ranks": ranks, "blocked": v["blocked"],
                    "file": p.file_name().unwrap().to_string_lossy(), "label": v["label"].as_str(),
                    "expect": v["expect"], "criteria": crit, "evidence": e["evidence"], "framework": framework,
                    "words": fa.words, "narrated": fa.narrated, "hyp": fa.hypothetical.len(), "hyp_text": hyp,
                    "present": fa.present, "frequency": fa.frequency, "occasion": fa.occasion,
                    "reasons": fa.reasons, "reason_sentences": fa.reason_sentences, "outcome": fa.outcome, "follow_up": fa.follow_up,
                    "evaluation": fa.evaluation, "counterfactual": fa.counterfactual,
                    "outcome_steps": fa.outcome_steps, "outcome_filled": fa.outcome_filled,
                    "attach": e.get("attachments").is_some(), "witness": e.get("witness").is_some(),
                })
            );
        }
    }
}
