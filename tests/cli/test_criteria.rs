use crate::support::*;

#[test]
fn criteria_lists_all_21_grouped_by_unit() {
    let lb = Logbook::new();
    let out = lb.run(&["criteria"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    insta::assert_snapshot!(text);
    let ids: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.contains('.') && w.len() <= 6)
        .collect();
    assert_eq!(ids.len(), 21, "{ids:?}");
    // A fresh install writes nothing just by reading the catalogue.
    assert!(!lb.dir().exists());
}

#[test]
fn criteria_json_and_detail() {
    let lb = Logbook::new();
    let out = lb.run(&["criteria", "--json", "--unit", "ops"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let unit = &json["units"][0];
    assert_eq!(unit["id"], "OPS");
    assert_eq!(unit["criteria"][2]["id"], "OPS.3");
    assert_eq!(unit["criteria"][2]["required"], 2);

    let out = lb.run(&["criteria", "res4"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(text.starts_with("RES.4  "), "{text}");
    assert!(text.contains("data protection"), "{text}");
    assert!(text.contains("Assessors reject"), "{text}");

    let out = lb.run(&["criteria", "--unit", "RSE"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: unknown unit \"RSE\" (did you mean RES?)\n"
    );
}

#[test]
fn user_criteria_extend_and_a_broken_file_is_reported() {
    let lb = Logbook::new();
    let dir = lb.dir().join("criteria");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("team.toml"),
        "code = \"TEAM\"\ntitle = \"Lead a team\"\n\n[[criteria]]\nid = \"TEAM.1\"\ntext = \"Runs a daily huddle\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("zbroken.toml"), "code = \"X\"\ntitle = [\n").unwrap();
    let out = lb.run(&["criteria"]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("  TEAM.1  Runs a daily huddle\n"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("RES.8"));
    let err = stderr(&out);
    assert!(err.contains("criteria/zbroken.toml:2:"), "{err}");
    assert!(err.contains("skipped"), "{err}");
}
