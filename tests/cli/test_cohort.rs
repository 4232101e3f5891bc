//! `logbook cohort`: an assessor's caseload over several logbooks, each
//! judged exactly as `gaps` judges it.

use crate::support::{Logbook, code, copy_dir, stderr, stdout};

/// Three learners: the sample logbook, the sample with its learner's name
/// taken out and half its entries, and a logbook with nothing in it yet.
fn caseload() -> (Logbook, Vec<String>) {
    let lb = Logbook::new();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sample");
    let root = lb.tmp.path();
    copy_dir(&sample, &root.join("sam"));
    copy_dir(&sample, &root.join("alex"));
    std::fs::write(root.join("alex/logbook.toml"), "").unwrap();
    std::fs::remove_dir_all(root.join("alex/entries/2026")).unwrap();
    std::fs::create_dir_all(root.join("new-starter")).unwrap();
    let dirs: Vec<String> = ["sam", "alex", "new-starter"]
        .iter()
        .map(|d| root.join(d).display().to_string())
        .collect();
    // Sam's assessor accepted one criterion and sent another back; Sam is
    // on track with off-the-job hours. Alex has neither.
    let sam = dirs[0].as_str();
    let run = |args: &[&str]| {
        let out = lb.cmd().arg("--dir").arg(sam).args(args).output().unwrap();
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    };
    let gaps = gaps_summary(&lb, sam);
    let met: Vec<&serde_json::Value> = gaps["units"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|u| u["criteria"].as_array().unwrap())
        .filter(|c| c["status"] == "met" && c["required"] == 1)
        .take(2)
        .collect();
    for (c, decision) in met.iter().zip(["--accept", "--action-required"]) {
        let entry = c["entries"][0].as_str().unwrap();
        let id = c["id"].as_str().unwrap();
        run(&[
            "assess",
            entry,
            "-c",
            id,
            decision,
            "--assessor",
            "J. Okafor",
        ]);
    }
    for (key, value) in [
        ("start_date", "2025-01-01"),
        ("end_date", "2027-01-01"),
        ("otj_minimum_hours", "25"),
    ] {
        run(&["config", "set", key, value]);
    }
    for date in ["2026-10-01", "2026-10-15", "2026-11-01"] {
        run(&[
            "hours",
            "add",
            "8h",
            "--date",
            date,
            "--activity",
            "Study day",
        ]);
    }
    (lb, dirs)
}

fn gaps_summary(lb: &Logbook, dir: &str) -> serde_json::Value {
    let out = lb
        .cmd()
        .args(["--dir", dir, "gaps", "--json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report
}

#[test]
fn the_json_has_the_contract_shape_and_agrees_with_gaps() {
    let (lb, dirs) = caseload();
    let out = lb
        .cmd()
        .arg("cohort")
        .args(&dirs)
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["as_of", "learners"]);
    let learners = doc["learners"].as_array().unwrap();
    assert_eq!(learners.len(), 3);
    for (row, dir) in learners.iter().zip(&dirs) {
        let keys: Vec<&String> = row.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "dir", "learner", "summary", "assessed", "latest", "units", "entries", "hours",
                "behind", "flags"
            ]
        );
        assert_eq!(row["dir"], dir.as_str());
        let gaps = gaps_summary(&lb, dir);
        assert_eq!(row["summary"], gaps["summary"], "{dir}");
        for unit in gaps["units"].as_array().unwrap() {
            let counts = &row["units"][unit["id"].as_str().unwrap()];
            for status in ["met", "partial", "missing"] {
                let n = unit["criteria"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|c| c["status"] == status)
                    .count();
                assert_eq!(counts[status], n, "{dir} {} {status}", unit["id"]);
            }
        }
        // Criteria the assessor accepted, as `gaps --json` has them.
        let accepted = gaps["units"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|u| u["criteria"].as_array().unwrap())
            .filter(|c| c["assessed"] == "accepted")
            .count();
        assert_eq!(row["assessed"], accepted, "{dir}");
        // The hours status, as `hours --json` has it.
        let out = lb
            .cmd()
            .args(["--dir", dir, "hours", "--json"])
            .output()
            .unwrap();
        let hours: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(row["hours"], hours["status"], "{dir}");
    }
    let assessed: Vec<&serde_json::Value> = learners.iter().map(|l| &l["assessed"]).collect();
    assert_eq!(
        assessed,
        [
            &serde_json::json!(1),
            &serde_json::json!(0),
            &serde_json::json!(0)
        ]
    );
    let hours: Vec<&serde_json::Value> = learners.iter().map(|l| &l["hours"]).collect();
    assert_eq!(
        hours,
        [
            &serde_json::json!("on-track"),
            &serde_json::Value::Null,
            &serde_json::Value::Null
        ]
    );
    let names: Vec<&str> = learners
        .iter()
        .map(|l| l["learner"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Sam Taylor", "alex", "new-starter"]);
    let latest: Vec<&serde_json::Value> = learners.iter().map(|l| &l["latest"]).collect();
    assert_eq!(
        latest,
        [
            &serde_json::json!("2026-11-19"),
            &serde_json::json!("2025-12-15"),
            &serde_json::Value::Null
        ]
    );
    let flags: Vec<&serde_json::Value> = learners.iter().map(|l| &l["flags"]).collect();
    assert_eq!(
        flags,
        [
            &serde_json::json!([]),
            &serde_json::json!(["no entry for 49 weeks"]),
            &serde_json::json!(["no entries yet"])
        ]
    );
    // Read through each logbook's own digest cache.
    assert!(lb.tmp.path().join("sam/cache/digests").is_file());
}

#[test]
fn the_table_shows_each_learner_on_one_row() {
    let (lb, dirs) = caseload();
    let out = lb.cmd().arg("cohort").args(&dirs).output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn a_directory_that_is_not_there_is_named() {
    let (lb, mut dirs) = caseload();
    dirs.push(lb.tmp.path().join("nobody").display().to_string());
    let out = lb.cmd().arg("cohort").args(&dirs).output().unwrap();
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        format!(
            "error: {}: no such directory (each DIR is a learner's logbook (a data directory))\n",
            dirs[3]
        )
    );
    assert_eq!(stdout(&out), "");
}
