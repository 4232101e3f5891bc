//! `logbook completions`, `logbook man` and `logbook config`.

use crate::support::*;

/// Loads `logbook completions bash` into a non-interactive bash and asks the
/// completion function for the words after `line`.
fn complete(lb: &Logbook, words: &[&str]) -> Vec<String> {
    complete_with(lb, "_logbook", words)
}

/// As [`complete`], through `function` (the script's entry point), with
/// `logbook` on the PATH as an installed one would be.
fn complete_with(lb: &Logbook, function: &str, words: &[&str]) -> Vec<String> {
    let bin = assert_cmd::cargo::cargo_bin("logbook");
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let script = format!(
        "source <('{bin}' completions bash) || exit 9\n\
         COMP_WORDS=({words})\n\
         COMP_CWORD={cword}\n\
         COMP_LINE=\"${{COMP_WORDS[*]}}\"\n\
         COMP_POINT=${{#COMP_LINE}}\n\
         {function} logbook \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        bin = bin.display(),
        words = quoted.join(" "),
        cword = words.len() - 1,
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &script])
        .env_clear()
        .env("PATH", {
            let mut dirs = vec![bin.parent().unwrap().to_path_buf()];
            dirs.extend(std::env::split_paths(
                &std::env::var_os("PATH").unwrap_or_default(),
            ));
            std::env::join_paths(dirs).unwrap()
        })
        .env("LOGBOOK_DIR", lb.dir())
        .output()
        .expect("bash");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    stdout(&out).lines().map(str::to_string).collect()
}

#[test]
fn bash_completion_loads_and_completes_subcommands() {
    let lb = Logbook::new();
    let all = complete(&lb, &["logbook", ""]);
    for sub in [
        "add",
        "list",
        "show",
        "criteria",
        "edit",
        "tag",
        "rm",
        "restore",
        "trash",
        "search",
        "check",
        "import",
        "completions",
        "man",
        "config",
    ] {
        assert!(all.iter().any(|w| w == sub), "{sub} missing from {all:?}");
    }
    assert_eq!(complete(&lb, &["logbook", "se"]), ["search"]);
    let re = complete(&lb, &["logbook", "re"]);
    assert!(
        re.contains(&"restore".to_string()) && re.contains(&"remove".to_string()),
        "{re:?}"
    );
    let flags = complete(&lb, &["logbook", "search", "--"]);
    for flag in ["--json", "--since", "--tag", "--unit"] {
        assert!(
            flags.iter().any(|w| w == flag),
            "{flag} missing from {flags:?}"
        );
    }
    assert_eq!(complete(&lb, &["logbook", "import", "j"]), ["jrnl"]);
    let shells = complete(&lb, &["logbook", "completions", ""]);
    for shell in ["bash", "zsh", "fish"] {
        assert!(shells.iter().any(|w| w == shell), "{shells:?}");
    }
}

#[test]
fn zsh_and_fish_scripts_are_generated_without_a_data_dir() {
    let lb = Logbook::new();
    for (shell, marker) in [("zsh", "#compdef logbook"), ("fish", "complete -c logbook")] {
        // No LOGBOOK_DIR, no HOME: completions and man need neither.
        let out = lb
            .cmd()
            .env_remove("LOGBOOK_DIR")
            .env("LOGBOOK_NOW", "not a time")
            .args(["completions", shell])
            .output()
            .unwrap();
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert!(stdout(&out).contains(marker), "{shell}");
        assert!(stdout(&out).contains("search"), "{shell}");
    }
    let out = lb.run(&["completions", "tcsh"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("possible values: bash"),
        "{}",
        stderr(&out)
    );
    assert!(!lb.dir().exists());
}

#[test]
fn man_pages_for_the_tool_and_each_command() {
    let lb = Logbook::new();
    let out = lb
        .cmd()
        .env_remove("LOGBOOK_DIR")
        .arg("man")
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let page = stdout(&out);
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq \\(aq"),
        "{}",
        &page[..80]
    );
    assert!(page.contains(".TH logbook 1"), "{page}");
    assert!(
        page.contains(".SH NAME\nlogbook \\- A private, coaching evidence logbook"),
        "{page}"
    );
    for sub in [
        "logbook\\-edit(1)",
        "logbook\\-search(1)",
        "logbook\\-check(1)",
        "logbook\\-import(1)",
    ] {
        assert!(page.contains(sub), "{sub} missing");
    }
    for section in [
        ".SH FILES\n",
        ".SH ENVIRONMENT\n",
        ".SH \"EXIT STATUS\"\n",
        ".SH VERSION\n",
    ] {
        assert!(page.contains(section), "{section} missing");
    }
    assert!(page.contains("\\fBLOGBOOK_DIR\\fR"), "{page}");
    let out = lb.run(&["man", "edit"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let page = stdout(&out);
    assert!(page.contains(".TH logbook-edit 1"), "{page}");
    assert!(page.contains("\\-\\-title"), "{page}");
    assert!(
        page.contains(".SH NOTES\nWithout flags the entry opens as a Markdown document"),
        "{page}"
    );
    assert!(
        !page.contains(".SH ENVIRONMENT"),
        "only logbook(1) has the tool-wide sections"
    );
    let out = lb.run(&["man", "serch"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: no command \"serch\" (did you mean search?)\n"
    );
}

#[test]
fn config_shows_where_things_are_and_the_settings_in_force() {
    let lb = Logbook::new();
    let dir = lb.dir().display().to_string();
    let out = lb.run(&["config"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let shown = stdout(&out).replace(&dir, "[DATA]");
    insta::assert_snapshot!(shown, @r#"
    Data directory [DATA]
      from $LOGBOOK_DIR
    Settings file  [DATA]/logbook.toml
      not created yet: every setting below is a default

    learner                            (not set: the export has no name on it)
    registration                       (not set)
    centre                             (not set)
    awarding_body                      (not set)
    qualification                      (not set: the export uses the units' titles)
    employer                           (not set)
    job_role                           (not set)
    assessor                           (not set)
    start_date                         (not set)
    end_date                           (not set)
    otj_minimum_hours                  (not set)
    english                            (not set)
    maths                              (not set)
    employer_signoff                   (not set)
    default_framework                  (not set: star)
    builtin_criteria                   (not set: true, the built-in units are on)
    gaps.currency_months               12 (default)
    gaps.same_incident_days            7 (default)
    gaps.same_incident_similarity      0.2 (default)
    gaps.review_unit                   "REV" (default)
    gaps.review_gap_days               120 (default)
    gaps.over_map_min_criteria         4 (default)
    gaps.over_map_words_per_criterion  40 (default)
    gaps.min_words_to_judge            40 (default)
    gaps.thin_words                    40 (default)
    redact.names                       [] (default)
    "#);
    assert!(!lb.dir().exists(), "config writes nothing");

    std::fs::create_dir_all(lb.dir()).unwrap();
    std::fs::write(
        lb.dir().join("logbook.toml"),
        "learner = \"Sam Patel\"\ndefault_framework = \"iair\"\n[gaps]\ncurrency_months = 6\n",
    )
    .unwrap();
    let out = lb
        .cmd()
        .args(["config", "--dir", "elsewhere"])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("from --dir"), "{}", stdout(&out));
    let out = lb.run(&["config"]);
    let text = stdout(&out);
    // Column widths follow the longest key; compare with spaces squeezed.
    let squeezed: String = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ") + "\n")
        .collect();
    assert!(
        squeezed.contains("\nlearner \"Sam Patel\" (logbook.toml)\n"),
        "{text}"
    );
    assert!(
        squeezed.contains("\ndefault_framework \"iair\" (logbook.toml)\n"),
        "{text}"
    );
    assert!(
        squeezed.contains("\ngaps.currency_months 6 (logbook.toml)\n"),
        "{text}"
    );
    assert!(
        !text.contains("Settings file  [DATA]/logbook.toml\n  not created"),
        "{text}"
    );

    let out = lb.run(&["config", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["data_dir"], dir.as_str());
    assert_eq!(doc["data_dir_source"], "$LOGBOOK_DIR");
    assert_eq!(doc["settings_file_exists"], true);
    assert_eq!(doc["settings"]["learner"], "Sam Patel");
    assert_eq!(doc["settings"]["qualification"], serde_json::Value::Null);
    assert_eq!(doc["settings"]["gaps"]["currency_months"], 6);

    std::fs::write(
        lb.dir().join("logbook.toml"),
        "learner = \"Sam\"\nlerner = 1\n",
    )
    .unwrap();
    let out = lb.run(&["config"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).starts_with(&format!(
            "error: {dir}/logbook.toml:2:1: unknown field `lerner`"
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn completion_offers_entry_ids_where_a_command_takes_one() {
    let lb = Logbook::new();
    let a = lb.add(&[
        "--title",
        "Refund complaint",
        "--date",
        "2026-11-20",
        "--section",
        "situation=x",
    ]);
    let b = lb.add(&[
        "--title",
        "Rota for December",
        "--date",
        "2026-11-25",
        "--section",
        "situation=x",
    ]);
    let ids = |words: &[&str]| complete_with(&lb, "_logbook_with_ids", words);
    assert_eq!(ids(&["logbook", "show", ""]), [a.clone(), b.clone()]);
    assert_eq!(
        ids(&["logbook", "edit", "2026-11-2"]),
        [a.clone(), b.clone()]
    );
    assert_eq!(ids(&["logbook", "rm", &a, "2026-11-25"]), [b.as_str()]);
    assert_eq!(ids(&["logbook", "tag", "2026-11-20-r"]), [a.as_str()]);
    // Flags, and the values of flags, are clap's as before.
    assert!(
        ids(&["logbook", "edit", &a, "--"])
            .iter()
            .any(|w| w == "--raw")
    );
    assert!(!ids(&["logbook", "tag", &a, "--add", ""]).contains(&a));
    assert!(ids(&["logbook", "se"]).contains(&"search".to_string()));
    assert!(!ids(&["logbook", ""]).iter().any(|w| w.contains("complete")));

    let out = lb.run(&["__complete-ids"]);
    assert_eq!(stdout(&out), format!("{a}\n{b}\n"));
    let zsh = stdout(&lb.run(&["completions", "zsh"]));
    assert!(zsh.contains("_logbook_ids() {"), "{zsh}");
    assert_eq!(
        zsh.matches(":_logbook_ids'").count(),
        10,
        "show, edit, tag, rm, remove, witness, assess, purge, history, sync resolve"
    );
    assert!(ids(&["logbook", "assess", ""]).contains(&a));
    assert!(ids(&["logbook", "history", "2026-11-2"]).contains(&a));
    assert!(ids(&["logbook", "purge", "2026-11-25"]).contains(&b));
    let fish = stdout(&lb.run(&["completions", "fish"]));
    assert!(
        fish.contains("(logbook __complete-ids 2>/dev/null)"),
        "{fish}"
    );
}
