//! The walk-through, driven by scripted answers: every branch, no terminal.

use super::*;
use crate::cli::error::Kind;
use crate::cli::prompt::{Answer, Scripted};

use Answer::{Choose, Edited, Keep, No, Pick, Stopped, Text, Yes};

struct Fixture {
    frameworks: Frameworks,
    catalogue: Catalogue,
    index: Index,
}

impl Fixture {
    fn new() -> Fixture {
        let catalogue = Catalogue::builtin();
        Fixture {
            frameworks: Frameworks::builtin(),
            index: Index::new(&catalogue),
            catalogue,
        }
    }

    fn walk(&self) -> Walk<'_> {
        Walk {
            frameworks: &self.frameworks,
            catalogue: &self.catalogue,
            index: &self.index,
            today: day("2026-11-28"),
            default_framework: "star".into(),
            editor_first: false,
            lint: LintConfig::default(),
            paint: Paint { on: false },
        }
    }
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn t(s: &str) -> Answer {
    Text(s.to_string())
}

fn choose(s: &str) -> Answer {
    Choose(s.to_string())
}

/// What a walk-through did: how it ended, the draft, every saved draft,
/// and the transcript.
struct Run {
    finish: Result<Finish>,
    draft: Draft,
    saves: Vec<Draft>,
    p: Scripted,
}

fn run_with(walk: &Walk, draft: Draft, answers: Vec<Answer>) -> Run {
    let mut p = Scripted::new(answers);
    let mut draft = draft;
    let mut saves = Vec::new();
    let mut save = |d: &Draft, _: Pace| -> Result<()> {
        saves.push(d.clone());
        Ok(())
    };
    let finish = walk.run(&mut p, &mut draft, &mut save);
    Run {
        finish,
        draft,
        saves,
        p,
    }
}

fn run(answers: Vec<Answer>) -> Run {
    let fx = Fixture::new();
    run_with(&fx.walk(), Draft::default(), answers)
}

fn saved(run: &Run) -> Entry {
    match &run.finish {
        Ok(Finish::Save(new)) => (**new).clone(),
        other => panic!("expected a save, got {other:?}\n{}", run.p.log()),
    }
}

const SITUATION: &str =
    "On Tuesday a customer rang, upset that a refund promised a week earlier had not arrived.";
const TASK: &str =
    "I needed to find out what had gone wrong and put it right within our refunds policy.";
const ACTION: &str = "I listened without interrupting and asked clarifying questions about the order. \
    I checked the account and found the refund had failed because the card had expired. \
    I chose to send the refund by bank transfer rather than wait for a new card, because she needed the money that week.";
const RESULT: &str = "The refund reached her account the next day. I rang her back to check it had arrived and she thanked me.";
const REFLECTION: &str =
    "Next time I would check the card expiry date before promising a refund date.";

/// A clean STAR entry, from the first question to "Save it".
fn star_answers() -> Vec<Answer> {
    vec![
        Keep,                       // framework: STAR, the default
        t("Late refund put right"), // title
        t("yesterday"),             // date
        t(SITUATION),
        t(TASK),
        t(ACTION),
        t(RESULT),
        t(REFLECTION),
        Keep,               // evidence: reflective account
        t("Team leader"),   // witness
        Keep,               // criteria: accept the suggestions
        t("refund, phone"), // tags
        choose("Save it"),
    ]
}

#[test]
fn a_full_star_walk_through_saves_exactly_what_was_typed() {
    let run = run(star_answers());
    let new = saved(&run);
    assert_eq!(run.p.left(), 0, "{}", run.p.log());
    assert_eq!(new.title, "Late refund put right");
    assert_eq!(new.framework, "star");
    assert_eq!(new.occurred, day("2026-11-27"));
    assert!(
        run.p.log().contains("That is Friday 27 November 2026."),
        "{}",
        run.p.log()
    );
    let sections: Vec<(&str, &str)> = new
        .sections
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        sections,
        [
            ("situation", SITUATION),
            ("task", TASK),
            ("action", ACTION),
            ("result", RESULT),
            ("reflection", REFLECTION)
        ]
    );
    assert_eq!(new.evidence, EvidenceType::ReflectiveAccount);
    assert_eq!(new.witness.as_deref(), Some("Team leader"));
    assert_eq!(new.tags, ["refund", "phone"]);
    assert!(
        !new.criteria.is_empty() && new.criteria.len() <= 3,
        "{:?}",
        new.criteria
    );
    assert!(
        new.criteria.iter().all(|c| c.starts_with("RES.")),
        "{:?}",
        new.criteria
    );

    // Each question shows its question and hint from frameworks.toml.
    let log = run.p.log();
    let fw = Frameworks::builtin();
    for step in fw.steps(fw.get("star").unwrap()) {
        assert!(log.contains(&step.question), "{}", step.key);
        assert!(log.contains(&step.hint), "{}", step.key);
    }
    assert!(log.contains("Reflection (optional)"), "{log}");
    // The confirm screen shows the whole entry before it is written.
    assert!(log.contains("Late refund put right\nFri 27 Nov 2026 · STAR · reflective account · witness: Team leader"), "{log}");
    assert!(
        !log.contains("Warning:"),
        "a clean entry gets no coaching: {log}"
    );
}

#[test]
fn every_answer_is_saved_as_it_is_given() {
    let run = run(star_answers());
    // One save per answer (the final choice saves nothing)...
    let answers: Vec<&Draft> = run
        .saves
        .iter()
        .filter(|d| d.unfinished.is_none())
        .collect();
    assert_eq!(answers.len(), 12);
    assert_eq!(answers[0].framework.as_deref(), Some("star"));
    assert_eq!(answers[0].title, None);
    assert_eq!(answers[1].title.as_deref(), Some("Late refund put right"));
    assert_eq!(
        answers[3].sections.get("situation").map(String::as_str),
        Some(SITUATION)
    );
    assert!(!answers[3].sections.contains_key("task"));
    // ...and the words of the title and each step while they are typed.
    let typing: Vec<(&str, &str)> = run
        .saves
        .iter()
        .filter_map(|d| d.unfinished.as_ref())
        .map(|u| (u.field.as_str(), u.text.as_str()))
        .collect();
    assert_eq!(
        typing,
        [
            ("title", "Late refund put right"),
            ("sections.situation", SITUATION),
            ("sections.task", TASK),
            ("sections.action", ACTION),
            ("sections.result", RESULT),
            ("sections.reflection", REFLECTION),
        ]
    );
    assert_eq!(run.saves.last(), Some(&run.draft));
    // Drafts survive the round trip through TOML.
    for d in &run.saves {
        assert_eq!(&Draft::parse(&d.to_toml().unwrap()).unwrap(), d);
    }
}

#[test]
fn ctrl_c_part_way_keeps_the_answers_so_far_and_resume_carries_on() {
    let fx = Fixture::new();
    let walk = fx.walk();
    // The script runs out at the Task question: Ctrl-C.
    let first = run_with(&walk, Draft::default(), star_answers()[..4].to_vec());
    let err = first.finish.unwrap_err();
    assert_eq!(err.kind, Kind::Interrupted);
    let kept = first.saves.last().unwrap().clone();
    assert_eq!(
        kept.sections.get("situation").map(String::as_str),
        Some(SITUATION)
    );
    assert_eq!(kept.title.as_deref(), Some("Late refund put right"));

    // Resuming asks only what is missing, starting at Task.
    let resumed = run_with(&walk, kept, star_answers()[4..].to_vec());
    let new = saved(&resumed);
    assert_eq!(resumed.p.left(), 0);
    assert_eq!(
        new.sections.get("situation").map(String::as_str),
        Some(SITUATION)
    );
    assert_eq!(new.sections.get("task").map(String::as_str), Some(TASK));
    let log = resumed.p.log();
    assert!(!log.contains("line Title"), "{log}");
    assert!(log.contains("long Task"), "{log}");
}

#[test]
fn ctrl_c_while_typing_keeps_the_words_and_resume_carries_on_inside_the_step() {
    let fx = Fixture::new();
    let walk = fx.walk();
    let mut answers = star_answers()[..4].to_vec();
    answers.push(Stopped("Half of the task,\nand a second line".into()));
    let first = run_with(&walk, Draft::default(), answers);
    assert_eq!(first.finish.unwrap_err().kind, Kind::Interrupted);
    let kept = first.saves.last().unwrap().clone();
    assert_eq!(
        kept.unfinished,
        Some(Unfinished {
            field: "sections.task".into(),
            text: "Half of the task,\nand a second line".into()
        })
    );
    assert!(!kept.sections.contains_key("task"));
    assert_eq!(&Draft::parse(&kept.to_toml().unwrap()).unwrap(), &kept);

    // Resumed: the Task step again, starting from the words typed.
    let resumed = run_with(&walk, kept, star_answers()[4..].to_vec());
    let log = resumed.p.log();
    assert!(
        log.contains("long Task [Half of the task,\nand a second line]"),
        "{log}"
    );
    assert_eq!(saved(&resumed).sections["task"], TASK);
    assert_eq!(resumed.draft.unfinished, None);

    // The same for a title stopped half-typed.
    let first = run_with(
        &walk,
        Draft::default(),
        vec![Keep, Stopped("Late ref".into())],
    );
    let kept = first.saves.last().unwrap().clone();
    let resumed = run_with(&walk, kept, vec![t("Late refund"), Keep]);
    assert!(
        resumed.p.log().contains("line Title [Late ref]"),
        "{}",
        resumed.p.log()
    );
    assert_eq!(
        resumed.saves.last().unwrap().title.as_deref(),
        Some("Late refund")
    );
}

#[test]
fn the_framework_is_chosen_first_and_decides_the_steps() {
    let r = run(vec![
        choose("IAIR"),
        t("Queue backlog"),
        Keep,
        t("The queue built up."),
        t("Root cause: rota gap."),
        t("I changed the rota because lunches overlapped."),
        t("Waits fell from 9 to 3 minutes; I checked again a week later."),
        t(""), // the optional reflection, skipped
    ]);
    assert_eq!(r.finish.unwrap_err().kind, Kind::Interrupted);
    let d = r.saves.last().unwrap();
    assert_eq!(d.framework.as_deref(), Some("iair"));
    let keys: Vec<&str> = d.sections.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["identify", "analyse", "implement", "review", "reflection"]
    );
    assert_eq!(d.occurred, Some(day("2026-11-28")), "Enter takes today");

    // Free text, Gibbs and Driscoll reflect already: no extra step.
    for (framework, keys) in [
        ("Free text", vec!["text"]),
        ("Driscoll", vec!["what", "so-what", "now-what"]),
    ] {
        let mut answers = vec![choose(framework), t("A note"), Keep];
        answers.extend(keys.iter().map(|_| t("Some words.")));
        answers.push(Keep); // evidence
        let r = run(answers);
        let d = r.saves.last().unwrap();
        assert_eq!(d.sections.keys().collect::<Vec<_>>(), keys, "{}", r.p.log());
        assert!(!r.p.log().contains("Reflection"), "{}", r.p.log());
    }
    // The menu says what each framework suits.
    let log = run(vec![]).p.log();
    assert!(
        log.contains("IAIR — an operational problem you solved"),
        "{log}"
    );
}

#[test]
fn the_default_framework_comes_from_the_settings() {
    let fx = Fixture::new();
    let mut walk = fx.walk();
    walk.default_framework = "gibbs".into();
    let r = run_with(&walk, Draft::default(), vec![Keep]);
    assert_eq!(r.saves[0].framework.as_deref(), Some("gibbs"));
    assert!(r.p.log().contains("default 2"), "{}", r.p.log());
}

#[test]
fn answers_given_as_flags_are_not_asked_again() {
    let fx = Fixture::new();
    let mut draft = Draft {
        title: Some("From a flag".into()),
        framework: Some("star".into()),
        occurred: Some(day("2026-11-20")),
        criteria: Some(vec!["RES.5".into()]),
        evidence: Some(EvidenceType::Observation),
        ..Draft::default()
    };
    draft
        .sections
        .insert("situation".into(), "Given with --section.".into());
    let r = run_with(&fx.walk(), draft, vec![t(TASK)]);
    let log = r.p.log();
    assert!(!log.contains("How do you want to structure it?"), "{log}");
    assert!(!log.contains("line Title"), "{log}");
    assert!(!log.contains("When did it happen?"), "{log}");
    assert!(!log.contains("long Situation"), "{log}");
    assert!(log.contains("long Task"), "{log}");
}

#[test]
fn a_title_is_required_and_dates_are_checked() {
    let r = run(vec![
        Keep,
        t("   "),
        t("Real title"),
        t("next tuesday-ish"),
        t("2027-01-01"),
        t("3 days ago"),
    ]);
    let log = r.p.log();
    assert!(log.contains("a title is needed"), "{log}");
    assert!(log.contains("is not a date I understand"), "{log}");
    assert!(
        log.contains("Warning: 1 January 2027 is after today (2026-11-28): a date in the future cannot be used for when something happened"),
        "{log}"
    );
    let d = r.saves.last().unwrap();
    assert_eq!(d.title.as_deref(), Some("Real title"));
    assert_eq!(d.occurred, Some(day("2026-11-25")));
}

#[test]
fn with_editor_the_whole_entry_is_one_document_opened_once() {
    let fx = Fixture::new();
    let mut walk = fx.walk();
    walk.editor_first = true;
    let draft = Draft {
        title: Some("From a flag".into()),
        ..Draft::default()
    };
    let filled = "---\ntitle: Queue backlog on Monday\ndate: 27/11/2026\nframework: iair\n\
        evidence: product\ncriteria:\ntags: queue, rota\nwitness:\n---\n\
        ## Identify\nThe queue built up.\n\nWaits reached 9 minutes.\n## Analyse\n\
        ## Implement\nI moved two lunches.\n## Review\nWaits fell to 3 minutes.\n";
    let r = run_with(
        &walk,
        draft,
        vec![
            Edited(Some("---\ntitle: x\n".into())), // does not read: shown, and again?
            Yes,
            Edited(Some(filled.into())),
            Keep, // criteria: none in the form, so the best fits are offered
            choose("Save"),
        ],
    );
    let new = saved(&r);
    let log = r.p.log();
    // The form it opened first holds what the flags said, and every step.
    let first = log.split("edit entry.md [").nth(1).unwrap();
    assert!(
        first.starts_with("---\ntitle: From a flag\ndate: 2026-11-28\nframework: star\n"),
        "{first}"
    );
    assert!(first.contains("\n## Situation\n"), "{first}");
    assert!(
        log.contains("Warning: entry.md:1:1: the fields are not closed"),
        "{log}"
    );
    assert!(
        log.contains("confirm Open the editor again to fix"),
        "{log}"
    );
    assert_eq!(
        log.matches("\nlong ").count(),
        0,
        "nothing is asked at the prompt: {log}"
    );
    assert_eq!(new.title, "Queue backlog on Monday");
    assert_eq!(new.occurred, day("2026-11-27"));
    assert_eq!(new.framework, "iair");
    assert_eq!(new.evidence, EvidenceType::Product);
    assert_eq!(new.tags, ["queue", "rota"]);
    assert_eq!(new.witness, None);
    assert_eq!(
        new.sections["identify"],
        "The queue built up.\n\nWaits reached 9 minutes."
    );
    assert_eq!(new.sections["analyse"], "", "skipped");
    assert!(!new.criteria.is_empty(), "suggested: {log}");
}

#[test]
fn a_document_that_does_not_read_is_kept_in_the_draft() {
    let fx = Fixture::new();
    let mut walk = fx.walk();
    walk.editor_first = true;
    let broken = "---\ntitle: Half done\ndate: tomorrow-ish\n---\n## Situation\nWords I wrote.\n";
    let r = run_with(
        &walk,
        Draft::default(),
        vec![Edited(Some(broken.into())), No],
    );
    assert_eq!(r.finish.unwrap(), Finish::Keep);
    assert_eq!(r.draft.document.as_deref(), Some(broken));
    // On resume the editor opens on it again, not on a fresh form.
    let resumed = run_with(&fx.walk(), r.draft.clone(), vec![Edited(None)]);
    assert!(
        resumed
            .p
            .log()
            .contains(&format!("edit entry.md [{broken}]")),
        "{}",
        resumed.p.log()
    );
}

#[test]
fn the_whole_entry_can_be_edited_from_the_confirm_screen() {
    let mut answers = star_until_review(&[]);
    answers.extend([
        choose("Edit the whole entry"),
        Edited(None),
        choose("Save it"),
    ]);
    let r = run(answers);
    let log = r.p.log();
    let form = log.split("edit entry.md [").nth(1).unwrap();
    assert!(form.contains("title: Late refund put right"), "{form}");
    assert!(form.contains("witness: Team leader"), "{form}");
    assert_eq!(saved(&r).title, "Late refund put right");
}

#[test]
fn the_best_criteria_are_ticked_and_the_user_can_change_them() {
    let mut answers = star_answers();
    answers[10] = Pick(vec!["RES.7".into(), "RES.1".into()]);
    let r = run(answers);
    let new = saved(&r);
    assert_eq!(new.criteria, ["RES.1", "RES.7"], "catalogue order");
    let log = r.p.log();
    let multi = log.lines().find(|l| l.starts_with("multi ")).unwrap();
    // Suggestions lead the list with the writer's matching words; all 21 are offered.
    assert!(
        multi.contains("RES.1  Identify the problem: listen, ask clarifying questions  ← "),
        "{multi}"
    );
    assert!(multi.contains("clarifying questions"), "{multi}");
    let (items, ticked) = multi.split_once(" ticked ").unwrap();
    assert_eq!(items.matches("\", \"").count() + 1, 21, "{multi}");
    assert!(ticked.contains("RES."), "{ticked}");
}

#[test]
fn criteria_given_as_flags_are_ticked_when_changed_later() {
    let fx = Fixture::new();
    let draft = Draft {
        criteria: Some(vec!["PRI.4".into()]),
        ..Draft::default()
    };
    let mut answers = star_answers();
    answers.remove(10); // criteria are not asked
    answers.pop();
    answers.extend([
        choose("Change something else"),
        choose("Criteria"),
        Keep,
        choose("Save"),
    ]);
    let r = run_with(&fx.walk(), draft, answers);
    assert_eq!(saved(&r).criteria, ["PRI.4"]);
    let multi =
        r.p.log()
            .lines()
            .find(|l| l.starts_with("multi "))
            .unwrap()
            .to_string();
    assert!(
        multi.split("ticked").nth(1).unwrap().contains("PRI.4"),
        "{multi}"
    );
}

/// STAR answers up to the confirm screen, with some steps replaced.
fn star_until_review(replace: &[(usize, &str)]) -> Vec<Answer> {
    let mut answers = star_answers();
    answers.pop();
    for &(i, text) in replace {
        answers[i] = t(text);
    }
    answers
}

#[test]
fn an_empty_result_is_coached_and_can_be_filled_in_from_the_confirm_screen() {
    let mut answers = star_until_review(&[(6, "")]);
    answers.extend([choose("Go back to Result"), t(RESULT), choose("Save it")]);
    let r = run(answers);
    let new = saved(&r);
    assert_eq!(new.sections.get("result").map(String::as_str), Some(RESULT));
    let log = r.p.log();
    assert!(
        log.contains("Warning: The Result step is empty — say what happened"),
        "{log}"
    );
    assert!(log.contains("Save anyway"), "{log}");
    // After the fix the coaching is gone and the plain "Save it" is offered.
    let last_select = log
        .lines()
        .rfind(|l| l.starts_with("select What next?"))
        .unwrap();
    assert!(last_select.contains("\"Save it\""), "{last_select}");
}

#[test]
fn hypothetical_language_no_reasons_and_personal_data_are_coached() {
    let answers = star_until_review(&[
        (
            3,
            "A customer emailed from jo.bloggs@example.com about a late refund.",
        ),
        (
            5,
            "I would apologise and I would offer a refund. I would then check the order.",
        ),
        (7, ""),
    ]);
    let mut answers = answers;
    answers[10] = Pick(vec!["RES.7".into()]);
    answers.push(choose("Save anyway"));
    let r = run(answers);
    saved(&r);
    let log = r.p.log();
    assert!(
        log.contains(
            "Warning: Action: reads as what you would do (\u{201c}I would apologise…\u{201d}"
        ),
        "{log}"
    );
    // The cost is said: the claimed criteria personal data holds back.
    assert!(
        log.contains(
            "Warning: Situation: contains what looks like personal data: an email address; \
             while it is there, RES.7 will not count — refer to people by role"
        ),
        "{log}"
    );
    assert!(log.contains("Gives no reasons"), "{log}");
    let select = log
        .lines()
        .rfind(|l| l.starts_with("select What next?"))
        .unwrap();
    for choice in ["Save anyway", "Go back to Action", "Go back to Situation"] {
        assert!(select.contains(choice), "{select}");
    }
}

#[test]
fn personal_data_on_the_confirm_screen_names_every_criterion_it_holds_back() {
    let mut answers = star_until_review(&[(
        3,
        "A customer rang from 07700 900123 about a refund that was three weeks late.",
    )]);
    answers[10] = Pick(vec![
        "RES.1".into(),
        "RES.2".into(),
        "RES.5".into(),
        "RES.7".into(),
    ]);
    answers.push(choose("Save anyway"));
    let r = run(answers);
    saved(&r);
    let log = r.p.log();
    assert!(
        log.contains(
            "Warning: Situation: contains what looks like personal data: a phone number; while \
             it is there, none of RES.1, RES.2, RES.5 and RES.7 will count — refer to people by \
             role"
        ),
        "{log}"
    );
}

#[test]
fn personal_data_in_the_title_is_coached_too() {
    let r = run(star_until_review(&[(
        1,
        "Call from 07700 900123 about refund",
    )]));
    assert!(
        r.p.log()
            .contains("Title: contains what looks like personal data: a phone number"),
        "{}",
        r.p.log()
    );
}

#[test]
fn anything_can_be_changed_from_the_confirm_screen() {
    let mut answers = star_until_review(&[]);
    answers.extend([
        choose("Change something else"),
        choose("Title"),
        t("A better title"),
        choose("Change something else"),
        choose("Witness"),
        t("-"),
        choose("Change something else"),
        choose("Nothing"),
        choose("Save it"),
    ]);
    let r = run(answers);
    let new = saved(&r);
    assert_eq!(new.title, "A better title");
    assert_eq!(new.witness, None);
    assert!(
        r.p.log().contains("line Title [Late refund put right]"),
        "the old answer is there to edit"
    );
    // Each field is listed as "Label: value", never "Label?: value".
    let log = r.p.log();
    assert!(log.contains("\"Title: Late refund put right\""), "{log}");
    assert!(log.contains("\"Tags: "), "{log}");
    assert!(!log.contains("?:") && !log.contains(".:"), "{log}");
}

#[test]
fn going_back_to_a_long_step_edits_its_text_and_never_drops_it_silently() {
    let multi = "First line.\n\nSecond paragraph.";
    let mut answers = star_until_review(&[(3, multi)]);
    answers.extend([
        choose("Change something else"),
        choose("Situation"),
        t(""), // everything deleted
        No,    // do not remove what was there
        choose("Change something else"),
        choose("Situation"),
        t("Rewritten."),
        choose("Save it"),
    ]);
    let r = run(answers);
    let log = r.p.log();
    assert!(
        log.contains(&format!("long Situation [{multi}]")),
        "the whole answer is there to edit: {log}"
    );
    assert!(
        log.contains("confirm Remove what you had written for Situation? [false]"),
        "{log}"
    );
    assert_eq!(
        saved(&r).sections.get("situation").map(String::as_str),
        Some("Rewritten.")
    );
}

#[test]
fn switching_framework_keeps_every_word() {
    let mut answers = star_until_review(&[]);
    answers.extend([
        choose("Change something else"),
        choose("Framework"),
        choose("Free text"),
        choose("Save"),
    ]);
    let r = run(answers);
    let new = saved(&r);
    assert_eq!(new.framework, "free");
    let text = new.sections.get("text").unwrap();
    for (title, part) in [
        ("Situation", SITUATION),
        ("Task", TASK),
        ("Action", ACTION),
        ("Result", RESULT),
    ] {
        assert!(text.contains(&format!("{title}: {part}")), "{text}");
    }
    assert_eq!(
        new.sections.get("reflection").map(String::as_str),
        Some(REFLECTION)
    );
}

#[test]
fn switching_to_a_framework_with_new_steps_asks_them() {
    let mut answers = star_until_review(&[]);
    answers.extend([
        choose("Change something else"),
        choose("Framework"),
        choose("IAIR"),
        t("Analysis typed now."),
        t("Implement typed now."),
        t("Review typed now."),
        choose("Save"),
    ]);
    let r = run(answers);
    let new = saved(&r);
    assert_eq!(new.framework, "iair");
    assert!(
        new.sections["identify"].starts_with("Situation: "),
        "{:?}",
        new.sections
    );
    assert_eq!(new.sections["analyse"], "Analysis typed now.");
}

#[test]
fn keep_for_later_and_throw_away() {
    let mut answers = star_until_review(&[]);
    answers.push(choose("Keep it as a draft"));
    assert_eq!(run(answers).finish.unwrap(), Finish::Keep);

    let mut answers = star_until_review(&[]);
    answers.extend([choose("Throw it away"), No, choose("Throw it away"), Yes]);
    let r = run(answers);
    assert_eq!(r.finish.unwrap(), Finish::Discard);
}

#[test]
fn an_entry_with_no_text_cannot_be_saved() {
    let r = run(vec![
        Keep,
        t("Empty"),
        Keep,
        t(""),
        t(""),
        t(""),
        t(""),
        t(""),
        Keep,
        t(""),
        Keep,
        t(""),
    ]);
    assert_eq!(r.finish.unwrap_err().kind, Kind::Interrupted);
    let log = r.p.log();
    assert!(log.contains("no step has any text yet"), "{log}");
    let select = log
        .lines()
        .rfind(|l| l.starts_with("select What next?"))
        .unwrap();
    assert!(!select.contains("Save"), "{select}");
    assert!(
        log.contains("None of your words point to a criterion"),
        "{log}"
    );
}

#[test]
fn a_broken_draft_file_is_reported_with_its_position() {
    let p = Draft::parse("title = \"x\"\nsurprise = 1\n").unwrap_err();
    assert_eq!((p.line, p.col), (2, 1), "{p:?}");
    assert!(Draft::parse("").is_ok());
}

#[test]
fn advice_points_only_at_steps_the_framework_asks() {
    // Driscoll asks no Reflection step: the advice to evaluate points at
    // its "So what?" step instead.
    let r = run(vec![
        choose("Driscoll"),
        t("Rota clash on the late shift"),
        Keep,
        t(
            "Two of the team were booked on the same late shift and the queue built up at six, so I moved Sam onto the phones and rang the rota team the next morning.",
        ),
        t(
            "The rota tool let both bookings through because it does not check for overlaps between shifts.",
        ),
        t("I asked the rota team to add an overlap check and they added it on 20 November."),
        Keep,
        t(""),
        Keep,
        t(""),
        choose("Save anyway"),
    ]);
    let log = r.p.log();
    let select = log
        .lines()
        .rfind(|l| l.starts_with("select What next?"))
        .unwrap();
    assert!(!select.contains("Reflection"), "{log}");
    assert!(log.contains("does not evaluate"), "{log}");
    assert!(select.contains("Go back to So what"), "{log}");
}
