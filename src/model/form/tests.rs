//! The Markdown form: what it looks like, how mistakes are reported, and
//! a property test that every field of any entry survives it.

use super::*;
use chrono::{DateTime, Days, FixedOffset, TimeZone};
use proptest::prelude::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn sample() -> Entry {
    let mut sections = IndexMap::new();
    sections.insert(
        "situation".to_string(),
        "A customer rang about a late refund.\n\nShe was upset.".to_string(),
    );
    sections.insert(
        "action".to_string(),
        "I listened.\n## not a heading\n<!-- kept -->".to_string(),
    );
    Entry {
        id: "2026-11-27-refund".into(),
        title: "Refund: complaint, escalated".into(),
        created: DateTime::parse_from_rfc3339("2026-11-28T14:12:05+00:00").unwrap(),
        occurred: day("2026-11-27"),
        framework: "star".into(),
        evidence: EvidenceType::Observation,
        criteria: vec!["RES.1".into(), "RES.6".into()],
        tags: vec!["complaint".into(), "a, b".into()],
        witness: Some("Team leader".into()),
        attachments: vec!["evidence/x.pdf".into()],
        sections,
        ..Entry::default()
    }
}

fn read(text: &str) -> Result<Form, Vec<Diagnostic>> {
    parse(
        text,
        &Frameworks::builtin(),
        &Catalogue::builtin(),
        day("2026-11-28"),
    )
}

#[test]
fn the_form_reads_like_a_document_and_comes_back_whole() {
    let frameworks = Frameworks::builtin();
    let entry = sample();
    let text = write(&entry, &frameworks);
    assert!(
        text.starts_with(
            "---\ntitle: Refund: complaint, escalated\ndate: 2026-11-27\nframework: star\n\
             evidence: observation\ncriteria: RES.1, RES.6\ntags: complaint, \"a, b\"\n\
             witness: Team leader\n---\n<!--"
        ),
        "{text}"
    );
    // Every step STAR asks has a heading with its question, in order.
    let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## Situation",
            "## Task",
            "## Action",
            "## Result",
            "## Reflection (optional)"
        ]
    );
    assert!(
        text.contains("## Situation\n<!-- What happened, when and where"),
        "{text}"
    );
    assert!(
        text.contains("\\## not a heading\n\\<!-- kept -->\n"),
        "{text}"
    );

    let form = read(&text).unwrap();
    assert_eq!(form.sections.len(), 5);
    assert_eq!(form.sections["task"], "");
    let back = form.apply(&entry, &frameworks);
    assert_eq!(back, entry);
}

#[test]
fn gibbs_has_no_extra_reflection_step() {
    let frameworks = Frameworks::builtin();
    let entry = Entry {
        framework: "gibbs".into(),
        ..sample()
    };
    let text = write(&entry, &frameworks);
    assert!(!text.contains("## Reflection"), "{text}");
    assert!(text.contains("## Action plan\n"), "{text}");
    // The situation and action keys are not Gibbs steps: shown, and refused.
    let err = read(&text).unwrap_err();
    assert!(
        err[0].message.contains("has no step \"situation\""),
        "{err:?}"
    );
}

#[test]
fn mistakes_are_reported_at_their_line_and_column() {
    let text = "---\n\
                title: Queue backlog\n\
                date: 2026-12-25\n\
                framework: stra\n\
                evidence: observaton\n\
                criteria: RES.1, RES.66\n\
                colour: blue\n\
                ---\n\
                stray words\n";
    let err = read(text).unwrap_err();
    let got: Vec<String> = err.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "3:7: 25 December 2026 is after today (2026-11-28): a date in the future cannot be used for when something happened",
            "4:12: unknown framework \"stra\" (did you mean star?)",
            "5:11: unknown evidence type \"observaton\" (did you mean observation?)",
            "6:18: unknown criterion \"RES.66\" (RES has RES.1–RES.8)",
            "7:1: unknown field \"colour\" (the fields are title, date, framework, evidence, criteria, tags, witness)",
            "9:1: text outside any step: put it under a ## heading (the step it belongs to)",
        ]
    );

    let base = "---\ntitle: T\ndate: yesterday\nframework: iair\nevidence: product\n---\n";
    let err = read(&format!(
        "{base}oops\n## Identify\nx\n## Analyze\ny\n## Identify\nz\n"
    ))
    .unwrap_err();
    let got: Vec<String> = err.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "7:1: text outside any step: put it under a ## heading (the step it belongs to)",
            "10:4: IAIR has no step \"Analyze\" (did you mean Analyse?)",
            "12:1: ## Identify is here twice",
        ]
    );
    let err = read(&format!("{base}## Identify\n<!-- only a comment -->\n")).unwrap_err();
    assert!(
        err[0].message.contains("no text under any heading"),
        "{err:?}"
    );
    assert!(read("").is_err());
    let err = read("title: T\n").unwrap_err();
    assert_eq!((err[0].line, err[0].col), (1, 1));
    let err = read("---\ntitle: \"unclosed\n---\n").unwrap_err();
    assert_eq!(
        err[0].to_string(),
        "2:8: a quoted value must be one \"…\", with \\\" for a quote inside it and \\\\ for a backslash"
    );
    let err =
        read("---\ntitle:  \ndate: today\nframework: free\nevidence: product\n---\n## Account\nx")
            .unwrap_err();
    assert_eq!(err[0].to_string(), "2:8: the title is empty");
    let err = read("---\ndate: today\n---\n").unwrap_err();
    assert!(
        err.iter().any(|p| p.to_string()
            == "3:1: the title field is missing; add a line `title: …` before this one"),
        "{err:?}"
    );

    // Friendly forms are read: a UK date, headings by key, any case.
    let form = read(&format!(
        "{}## analyse\nWe weighed two options.\n\n\n## IMPLEMENT (optional)\n\nDone.\n",
        base.replace("yesterday", "27/11/2026")
    ))
    .unwrap();
    assert_eq!(form.occurred, day("2026-11-27"));
    assert_eq!(form.sections["analyse"], "We weighed two options.");
    assert_eq!(form.sections["implement"], "Done.");

    // Headings are forgiven their case and punctuation.
    let driscoll = base.replace("iair", "driscoll");
    let form = read(&format!(
        "{driscoll}## So What\nIt mattered.\n## now what\nNext.\n"
    ))
    .unwrap();
    assert_eq!(form.sections["so-what"], "It mattered.");
    assert_eq!(form.sections["now-what"], "Next.");
    let err = read(&format!("{driscoll}## So Wat\nx\n")).unwrap_err();
    assert_eq!(
        err[0].message,
        "Driscoll's what? model has no step \"So Wat\" (did you mean So what?)"
    );
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~\\n\\t\"'\\\\]{0,120}",
        "(## |<!--|-->|\\\\|---|\\n|\\n\\n| |,|\"|é|😀|\u{feff}|\u{7}|a|b){0,30}",
    ]
}

fn no_newline() -> impl Strategy<Value = String> {
    any_text().prop_map(|t| t.replace(['\n', '\r'], " "))
}

prop_compose! {
    fn any_entry()(
        title in no_newline().prop_filter("a title has words", |t| !crate::model::entry::is_blank(t)),
        day in 0u64..60_000,
        framework in prop::sample::select(vec!["star", "iair", "gibbs", "driscoll", "free"]),
        evidence in prop::sample::select(EvidenceType::KNOWN.to_vec()),
        criteria in prop::sample::subsequence(vec!["OPS.1", "OPS.3", "REV.2", "RES.1", "RES.4"], 0..4),
        tags in prop::collection::vec(any_text(), 0..4),
        witness in prop::option::of(any_text()),
        texts in prop::collection::vec(any_text(), 1..8)
            .prop_filter("the first step shows some text", |ts| !crate::model::entry::is_blank(&ts[0])),
        reflection in prop::option::of(any_text()),
    ) -> Entry {
        let frameworks = Frameworks::builtin();
        let f = frameworks.get(framework).unwrap();
        let mut sections: IndexMap<String, String> = f
            .steps
            .iter()
            .zip(texts)
            .map(|(s, t)| (s.key.clone(), t))
            .collect();
        if let Some(r) = reflection {
            sections.insert("reflection".into(), r);
        }
        let offset = FixedOffset::east_opt(3600).unwrap();
        Entry {
            id: "2026-11-27-x".into(),
            title,
            created: offset.timestamp_opt(1_800_000_000, 0).unwrap(),
            occurred: NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + Days::new(day),
            framework: framework.into(),
            evidence,
            criteria: criteria.into_iter().map(String::from).collect(),
            tags,
            witness,
            attachments: vec!["evidence/abc-minutes.pdf".into()],
            sections,
            ..Entry::default()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Written as a form and read back onto the entry, an entry is
    /// unchanged: every field, and every section byte for byte.
    #[test]
    fn every_entry_survives_its_form(entry in any_entry()) {
        let frameworks = Frameworks::builtin();
        prop_assume!(entry.sections.values().any(|t| !as_read(t).trim().is_empty()));
        let text = write(&entry, &frameworks);
        let today = NaiveDate::from_ymd_opt(2200, 1, 1).unwrap();
        let form = parse(&text, &frameworks, &Catalogue::builtin(), today)
            .map_err(|p| TestCaseError::fail(format!("{p:?}\n{text}")))?;

        // The form alone carries every field a person edits: onto a blank
        // entry it gives the entry, its sections as the form reads them.
        let blank = Entry { id: entry.id.clone(), created: entry.created, attachments: entry.attachments.clone(), ..Entry::default() };
        let mut expected = entry.clone();
        expected.sections = entry
            .sections
            .iter()
            .map(|(k, v)| (k.clone(), as_read(v)))
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
        prop_assert_eq!(form.clone().apply(&blank, &frameworks), expected);

        // Onto the entry it came from, nothing changes at all.
        prop_assert_eq!(form.apply(&entry, &frameworks), entry);
    }

    /// Any text at all gives a form or problems with places, never a panic.
    #[test]
    fn any_text_reads_or_says_where(text in any_text(), head in any_text()) {
        let doc = format!("---\ntitle: {head}\ndate: today\nframework: star\nevidence: product\n---\n{text}");
        for t in [text.as_str(), doc.as_str()] {
            if let Err(problems) = read(t) {
                prop_assert!(!problems.is_empty());
                for p in problems {
                    prop_assert!(p.line >= 1 && p.col >= 1, "{p:?}");
                }
            }
        }
    }
}
