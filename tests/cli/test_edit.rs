//! `logbook edit` (editor and flag forms) and `logbook tag`.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use crate::support::*;

const ID: &str = "2026-11-20-refund-complaint";

fn sample(lb: &Logbook) -> PathBuf {
    let id = lb.add(&[
        "--title",
        "Refund complaint",
        "--date",
        "2026-11-20",
        "--section",
        "situation=A customer rang about a late refund.",
        "--section",
        "action=I listened, then checked the order.",
        "--criteria",
        "RES.1",
        "--tag",
        "complaint",
    ]);
    assert_eq!(id, ID);
    lb.dir().join(format!("entries/2026/11/{ID}.toml"))
}

/// An executable shell script in the test's temp dir, to stand in for an editor.
fn script(lb: &Logbook, name: &str, body: &str) -> String {
    let path = lb.tmp.path().join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.display().to_string()
}

/// `logbook edit --raw ARGS`: the TOML file itself in `editor`.
fn edit_with(lb: &Logbook, editor: &str, args: &[&str]) -> std::process::Output {
    lb.cmd()
        .args(["edit", "--raw"])
        .args(args)
        .env("EDITOR", editor)
        .output()
        .unwrap()
}

fn draft(lb: &Logbook) -> PathBuf {
    lb.dir().join(format!("drafts/edits/{ID}.toml"))
}

#[test]
fn the_editor_changes_an_entry_and_updated_is_set() {
    let lb = Logbook::new();
    let path = sample(&lb);
    let before = std::fs::read_to_string(&path).unwrap();
    // An editor with arguments, run through sh -c as EDITOR="code --wait" would be.
    let editor = "sed -i -e 's/^title = .*/title = \"Refund complaint escalated by phone\"/' -e 's/late refund/late refund (three weeks)/'";
    let out = edit_with(&lb, editor, &["2026-11-20"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), format!("Saved {ID}\n"));
    let after = std::fs::read_to_string(&path).unwrap();
    let expected = before
        .replace(
            "title = \"Refund complaint\"",
            "title = \"Refund complaint escalated by phone\"",
        )
        .replace("late refund.", "late refund (three weeks).");
    let expected_lines: Vec<&str> = expected
        .lines()
        .filter(|l| !l.starts_with("updated"))
        .collect();
    let after_lines: Vec<&str> = after
        .lines()
        .filter(|l| !l.starts_with("updated"))
        .collect();
    assert_eq!(after_lines, expected_lines, "{after}");
    assert!(
        after.contains("\nupdated = 2026-11-28T10:00:00+00:00\n"),
        "{after}"
    );
    assert!(!draft(&lb).exists());
    assert_eq!(lb.files(), [format!("entries/2026/11/{ID}.toml")]);
    let out = lb.run(&["check"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
}

#[test]
fn an_invalid_edit_leaves_the_entry_intact_and_keeps_the_text() {
    let lb = Logbook::new();
    let path = sample(&lb);
    let before = std::fs::read(&path).unwrap();
    let broken = script(
        &lb,
        "broken-editor",
        "sed -i -e 's/^occurred = .*/occurred = 2026-13-40/' -e 's/\"RES.1\"/\"RSE.1\"/' -e 's/late refund/late refund, which I had promised/' \"$1\"",
    );
    let out = edit_with(&lb, &broken, &[ID]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    let draft_shown = draft(&lb).display().to_string();
    assert!(
        err.starts_with(&format!("{draft_shown}:4:12: ")),
        "path:line:col of the bad date: {err}"
    );
    assert!(
        err.contains(&format!(
            "error: {ID} was not saved: the edited text has 1 problem (above) (the stored entry is unchanged; your edited text is kept in {draft_shown}, and `logbook edit {ID}` reopens it)"
        )),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "stored entry untouched"
    );
    let kept = std::fs::read_to_string(draft(&lb)).unwrap();
    assert!(kept.contains("which I had promised"), "{kept}");

    // Fixing the date reveals the next problem, with a suggestion.
    let half = script(
        &lb,
        "half-fix",
        "sed -i -e 's/^occurred = .*/occurred = 2026-11-20/' \"$1\"",
    );
    let out = edit_with(&lb, &half, &[ID]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("warning: reopening your unsaved edit of 2026-11-20-refund-complaint"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{draft_shown}:7:13: unknown criterion \"RSE.1\" (did you mean RES.1?)"
        )),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);

    let out = lb.run(&["check"]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains(&format!(
            "{draft_shown}:1:1: an edit of {ID} that was never saved; `logbook edit {ID}` reopens it"
        )),
        "{}",
        stdout(&out)
    );

    let fix = script(&lb, "fix", "sed -i -e 's/\"RSE.1\"/\"RES.4\"/' \"$1\"");
    let out = edit_with(&lb, &fix, &[ID]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        saved.contains("which I had promised"),
        "no word lost: {saved}"
    );
    assert!(saved.contains("criteria = [\"RES.4\"]"), "{saved}");
    assert!(
        saved.contains("updated = 2026-11-28T10:00:00+00:00"),
        "{saved}"
    );
    assert!(!lb.dir().join("drafts/edits").exists());
    assert_eq!(code(&lb.run(&["check"])), 0);
}

#[test]
fn an_editor_that_writes_garbage_or_gives_up_changes_nothing() {
    let lb = Logbook::new();
    let path = sample(&lb);
    let before = std::fs::read(&path).unwrap();

    let garbage = script(
        &lb,
        "garbage",
        "printf 'title = \"unterminated\\n' > \"$1\"",
    );
    let out = edit_with(&lb, &garbage, &[ID]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out).replace(&lb.dir().display().to_string(), "[DATA]");
    insta::assert_snapshot!(err, @r#"
    [DATA]/drafts/edits/2026-11-20-refund-complaint.toml:1:22: invalid basic string, expected `"`
    error: 2026-11-20-refund-complaint was not saved: the edited text has 1 problem (above) (the stored entry is unchanged; your edited text is kept in [DATA]/drafts/edits/2026-11-20-refund-complaint.toml, and `logbook edit 2026-11-20-refund-complaint` reopens it)
    "#);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    std::fs::remove_file(draft(&lb)).unwrap();

    let quits = script(&lb, "quits", "exit 3");
    let out = edit_with(&lb, &quits, &[ID]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out).replace(&quits, "[EDITOR]");
    insta::assert_snapshot!(err, @r#"error: the editor "[EDITOR]" gave up (exit status 3)"#);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!draft(&lb).exists(), "an untouched draft is not kept");

    let out = edit_with(&lb, "true", &[ID]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), format!("No changes to {ID}\n"));
    assert_eq!(std::fs::read(&path).unwrap(), before);

    let out = edit_with(&lb, "no-such-editor-anywhere", &[ID]);
    assert_eq!(code(&out), 2);
    // The shell says "not found" in its own words first; ours is the last line.
    assert_eq!(
        stderr(&out).lines().last(),
        Some(
            "error: cannot run the editor \"no-such-editor-anywhere\" \
             (set $VISUAL or $EDITOR to an editor that is installed)"
        ),
        "{}",
        stderr(&out)
    );

    // No editor configured and no terminal: a clear message, never a hang.
    let out = lb.run(&["edit", ID]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: no editor to open: $VISUAL and $EDITOR are not set (set EDITOR, e.g. EDITOR=nano, or change fields with flags: see --help)\n"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn visual_wins_over_editor() {
    let lb = Logbook::new();
    let path = sample(&lb);
    let out = lb
        .cmd()
        .args(["edit", ID])
        .env("VISUAL", "sed -i -e 's/late refund/VISUAL/'")
        .env("EDITOR", "sed -i -e 's/late refund/EDITOR/'")
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(std::fs::read_to_string(&path).unwrap().contains("VISUAL"));
}

#[test]
fn flags_change_fields_and_keep_hand_written_comments() {
    let lb = Logbook::new();
    let path = sample(&lb);
    let text = std::fs::read_to_string(&path).unwrap();
    let commented = text.replace("[sections]\n", "[sections]\n# written the morning after\n");
    std::fs::write(&path, &commented).unwrap();

    let out = lb.run(&[
        "edit",
        "2026-11-20-ref",
        "--title",
        "Refund complaint escalated",
        "--criteria",
        "res1, RES.6",
        "--tag",
        "complaint,phone",
        "--section",
        "result=Refund issued the same day.",
        "--section",
        "action=",
        "--witness",
        "Team leader",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), format!("Updated {ID}\n"));
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.contains("# written the morning after\n"), "{after}");
    let out = lb.run(&["show", ID, "--json"]);
    let e: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(e["title"], "Refund complaint escalated");
    assert_eq!(e["criteria"], serde_json::json!(["RES.1", "RES.6"]));
    assert_eq!(e["tags"], serde_json::json!(["complaint", "phone"]));
    assert_eq!(e["witness"], "Team leader");
    assert_eq!(e["updated"], "2026-11-28T10:00:00+00:00");
    assert_eq!(
        e["sections"],
        serde_json::json!({
            "situation": "A customer rang about a late refund.",
            "result": "Refund issued the same day."
        })
    );

    // Nothing changes: nothing is written.
    let before = std::fs::read(&path).unwrap();
    let out = lb.run(&["edit", ID, "--title", "Refund complaint escalated"]);
    assert_eq!(stdout(&out), format!("No changes to {ID}\n"));
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // Bad input: one clear line, exit 2, the entry untouched.
    for (args, message) in [
        (
            vec!["--criteria", "RES.66"],
            "error: unknown criterion \"RES.66\" (RES has RES.1–RES.8)\n",
        ),
        (
            vec!["--section", "resutl=x"],
            "error: STAR has no section \"resutl\" (did you mean result?)\n",
        ),
        (
            vec!["--section", "situation=", "--section", "result="],
            "error: that would leave the entry with no text; keep at least one section\n",
        ),
        (vec!["--title", " "], "error: the title is empty\n"),
    ] {
        let mut all = vec!["edit", ID];
        all.extend(args);
        let out = lb.run(&all);
        assert_eq!(code(&out), 2, "{all:?}");
        assert_eq!(stderr(&out), message, "{all:?}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "{all:?}");
    }
}

#[test]
fn tag_adds_and_removes_criteria_and_tags() {
    let lb = Logbook::new();
    let path = sample(&lb);
    let out = lb.run(&[
        "tag",
        ID,
        "--add",
        "res4,OPS.1",
        "--remove",
        "RES.1",
        "--tag",
        "phone",
        "--untag",
        "complaint",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!("Updated {ID}: criteria OPS.1 RES.4; tags phone\n")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("criteria = [\"OPS.1\", \"RES.4\"]\n"),
        "{text}"
    );
    assert!(text.contains("tags = [\"phone\"]\n"), "{text}");
    assert!(
        text.contains("updated = 2026-11-28T10:00:00+00:00\n"),
        "{text}"
    );

    let out = lb.run(&["tag", ID, "--remove", "RES.2"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stderr(&out), format!("warning: RES.2 was not on {ID}\n"));
    assert_eq!(
        stdout(&out),
        format!("No changes to {ID}: criteria OPS.1 RES.4; tags phone\n")
    );

    let out = lb.run(&["tag", ID, "--add", "RSE.4"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: unknown criterion \"RSE.4\" (did you mean RES.4?)\n"
    );
    let out = lb.run(&["tag", ID]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--add"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn an_ambiguous_prefix_lists_the_candidates() {
    let lb = Logbook::new();
    sample(&lb);
    lb.add(&[
        "--title",
        "Refund again",
        "--date",
        "2026-11-20",
        "--section",
        "situation=x",
    ]);
    for cmd in [
        &["edit", "2026-11", "--title", "x"][..],
        &["tag", "2026-11", "--tag", "x"],
        &["rm", "2026-11"],
    ] {
        let out = lb.run(cmd);
        assert_eq!(code(&out), 2, "{cmd:?}");
        assert_eq!(
            stderr(&out),
            "error: \"2026-11\" matches 2 entries: 2026-11-20-refund-again, 2026-11-20-refund-complaint (type more of the id)\n",
            "{cmd:?}"
        );
    }
}

/// `logbook edit ARGS`: the Markdown form in `editor`.
fn edit_form_with(lb: &Logbook, editor: &str, args: &[&str]) -> std::process::Output {
    lb.cmd()
        .arg("edit")
        .args(args)
        .env("EDITOR", editor)
        .output()
        .unwrap()
}

fn form_draft(lb: &Logbook) -> PathBuf {
    lb.dir().join(format!("drafts/edits/{ID}.md"))
}

#[test]
fn edit_opens_the_markdown_form_and_saves_what_changed() {
    let lb = Logbook::new();
    let path = sample(&lb);
    let copy = lb.tmp.path().join("seen.md");
    let editor = script(
        &lb,
        "form-editor",
        &format!(
            "cp \"$1\" '{}'\nsed -i -e 's/^title: .*/title: Refund complaint, escalated/' \
             -e 's/^tags: .*/tags: complaint, phone/' -e 's/^witness:.*/witness: Team leader/' \
             -e 's/^I listened, then checked the order.$/I listened.\\n\\nThen I checked the order./' \"$1\"",
            copy.display()
        ),
    );
    let out = edit_form_with(&lb, &editor, &[ID]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), format!("Saved {ID}\n"));
    let seen = std::fs::read_to_string(&copy).unwrap();
    assert!(
        seen.contains(
            "---\ntitle: Refund complaint\ndate: 2026-11-20\nframework: star\n\
             evidence: reflective-account\ncriteria: RES.1\ntags: complaint\nwitness:\n---\n"
        ),
        "{seen}"
    );
    assert!(
        seen.contains("\n## Situation\n<!-- What happened"),
        "{seen}"
    );
    assert!(
        seen.contains("\nA customer rang about a late refund.\n"),
        "{seen}"
    );
    let out = lb.run(&["show", ID, "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["title"], "Refund complaint, escalated");
    assert_eq!(json["tags"], serde_json::json!(["complaint", "phone"]));
    assert_eq!(json["witness"], "Team leader");
    assert_eq!(
        json["sections"]["action"],
        "I listened.\n\nThen I checked the order."
    );
    assert_eq!(
        json["sections"]["situation"],
        "A customer rang about a late refund."
    );
    assert_eq!(json["updated"], "2026-11-28T10:00:00+00:00");
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("[sections]")
    );
    assert!(!form_draft(&lb).exists());
    assert_eq!(code(&lb.run(&["check"])), 0);

    // Closing the editor without a change changes nothing.
    let out = edit_form_with(&lb, "true", &[ID]);
    assert_eq!(stdout(&out), format!("No changes to {ID}\n"));
}

#[test]
fn an_invalid_form_leaves_the_entry_untouched_with_line_and_column() {
    let lb = Logbook::new();
    let path = sample(&lb);
    let before = std::fs::read(&path).unwrap();
    let broken = script(
        &lb,
        "broken-form",
        "sed -i -e 's/^date: .*/date: 31\\/11\\/2026/' -e 's/^criteria: .*/criteria: RES.1, RSE.4/' \
         -e 's/^A customer rang about a late refund./A customer rang about a late refund, which I had promised./' \"$1\"",
    );
    let out = edit_form_with(&lb, &broken, &[ID]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let shown = form_draft(&lb).display().to_string();
    let err = stderr(&out).replace(&shown, "[DRAFT]");
    assert_eq!(
        err,
        format!(
            "[DRAFT]:3:7: 31/11/2026 is not a date: 30 November is the last day of November\n\
             [DRAFT]:6:18: unknown criterion \"RSE.4\" (did you mean RES.4?)\n\
             error: {ID} was not saved: the edited text has 2 problems (above) (the stored entry is unchanged; your edited text is kept in [DRAFT], and `logbook edit {ID}` reopens it)\n"
        )
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "stored entry untouched"
    );
    assert!(
        std::fs::read_to_string(form_draft(&lb))
            .unwrap()
            .contains("which I had promised")
    );

    // The next edit reopens the kept text; fixing it saves every word.
    let fix = script(
        &lb,
        "fix-form",
        "sed -i -e 's/^date: .*/date: 20 Nov 2026/' -e 's/RSE.4/RES.4/' \"$1\"",
    );
    let out = edit_form_with(&lb, &fix, &[ID]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("reopening your unsaved edit"),
        "{}",
        stderr(&out)
    );
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("which I had promised"), "{saved}");
    assert!(
        saved.contains("criteria = [\"RES.1\", \"RES.4\"]"),
        "{saved}"
    );
    assert!(!form_draft(&lb).exists());
}

#[test]
fn a_kept_form_edit_of_an_older_version_merges_or_refuses_and_never_reverts() {
    // Kept because it did not read: a new action, and a typo in the framework.
    let lb = Logbook::new();
    let path = sample(&lb);
    let broken = script(
        &lb,
        "broken",
        "sed -i -e 's/^framework: .*/framework: stra/' \
         -e 's/^I listened, then checked the order.$/I listened, then checked the order twice./' \"$1\"",
    );
    assert_eq!(code(&edit_form_with(&lb, &broken, &[ID])), 2);
    let base = lb.dir().join(format!("drafts/edits/{ID}.md.base"));
    assert_eq!(
        std::fs::read(&base).unwrap(),
        std::fs::read(&path).unwrap(),
        "the draft remembers the entry text it began from"
    );
    let out = lb.run(&["check"]);
    assert!(
        stdout(&out).contains(&format!(
            "an edit of {ID} that was never saved; `logbook edit {ID}` reopens it"
        )),
        "{}",
        stdout(&out)
    );
    // The entry moves on elsewhere: its title and its tags.
    assert_eq!(code(&lb.run(&["edit", ID, "--title", "Renamed"])), 0);
    assert_eq!(code(&lb.run(&["tag", ID, "--tag", "later"])), 0);
    // Fixed and saved: merged, so neither side's change is lost.
    let fix = script(
        &lb,
        "fix",
        "sed -i -e 's/^framework: stra/framework: star/' \"$1\"",
    );
    let out = edit_form_with(&lb, &fix, &[ID]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("has changed since that edit began"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        stdout(&out),
        format!("Saved {ID}, merged with the changes made to it since your edit began\n")
    );
    let json: serde_json::Value =
        serde_json::from_slice(&lb.run(&["show", ID, "--json"]).stdout).unwrap();
    assert_eq!(json["title"], "Renamed");
    assert_eq!(json["tags"], serde_json::json!(["complaint", "later"]));
    assert_eq!(
        json["sections"]["action"],
        "I listened, then checked the order twice."
    );
    assert!(
        !lb.dir().join("drafts/edits").exists(),
        "draft and base gone"
    );

    // Both sides changed the title: refused, the draft kept, nothing written.
    let retitle = script(
        &lb,
        "retitle",
        "sed -i -e 's/^title: .*/title: My title/' \"$1\"\nexit 3",
    );
    assert_ne!(code(&edit_form_with(&lb, &retitle, &[ID])), 0);
    assert_eq!(code(&lb.run(&["edit", ID, "--title", "Their title"])), 0);
    let stored = std::fs::read(&path).unwrap();
    let out = edit_form_with(&lb, "true", &[ID]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "{ID} changed since your edit began, and both changed title"
        )),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("to settle it, copy what you want to keep from that file, delete it"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&path).unwrap(), stored, "nothing written");
    assert!(
        std::fs::read_to_string(form_draft(&lb))
            .unwrap()
            .contains("title: My title")
    );
    assert!(base.is_file());
}
