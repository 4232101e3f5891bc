//! The engine's rules, one test (or a few) per rule.
use super::*;
use crate::model::criteria::Ask;
use indexmap::IndexMap;

const AS_OF: &str = "2026-11-28";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn entry(id: &str, date: &str, criteria: &[&str], sections: &[(&str, &str)]) -> Entry {
    let (base, _) = Entry::parse(
        "id = \"x\"\ntitle = \"X\"\ncreated = 2026-11-28T10:00:00Z\noccurred = 2026-11-27\nframework = \"star\"\nevidence = \"observation\"\n",
    )
    .unwrap();
    // Observations, so the single-source rule stays quiet unless asked.
    Entry {
        id: id.into(),
        title: id.replace('-', " "),
        occurred: d(date),
        criteria: criteria.iter().map(|c| c.to_string()).collect(),
        sections: sections
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<IndexMap<_, _>>(),
        ..base
    }
}

/// A STAR account no lint objects to: reasons, outcome, follow-up, reflection.
const GOOD: &[(&str, &str)] = &[
    (
        "situation",
        "A customer rang because her sofa delivery had been missed twice.",
    ),
    (
        "task",
        "I had to resolve it within the goodwill limit and our delivery policy.",
    ),
    (
        "action",
        "I listened, asked two clarifying questions and checked the order history. I chose a replacement slot rather than a refund because she needed the sofa before Christmas.",
    ),
    (
        "result",
        "The sofa arrived on the 20th. I called her back the next day; she thanked us.",
    ),
    (
        "reflection",
        "Next time I would check the courier's capacity first.",
    ),
];

fn good(id: &str, date: &str, criteria: &[&str]) -> Entry {
    entry(id, date, criteria, GOOD)
}

fn with(mut e: Entry, key: &str, text: &str) -> Entry {
    e.sections.insert(key.into(), text.into());
    e
}

fn typed(mut e: Entry, evidence: &str) -> Entry {
    e.evidence = EvidenceType::from_name(evidence);
    e
}

fn run(entries: &[Entry]) -> Report {
    run_at(entries, AS_OF)
}

fn run_at(entries: &[Entry], as_of: &str) -> Report {
    analyse(
        entries,
        &Catalogue::builtin(),
        &Frameworks::builtin(),
        &Settings::default(),
        d(as_of),
    )
}

fn criterion<'r>(r: &'r Report, id: &str) -> &'r CriterionReport {
    r.units
        .iter()
        .flat_map(|u| &u.criteria)
        .find(|c| c.id == id)
        .unwrap()
}

fn status(r: &Report, id: &str) -> Status {
    criterion(r, id).status
}

/// `kind entry-or-unit` for every warning.
fn warnings(r: &Report) -> Vec<String> {
    r.warnings
        .iter()
        .map(|w| {
            let whom = w.unit.clone().or(w.entry.clone()).unwrap_or_default();
            format!("{} {whom}", w.kind)
        })
        .collect()
}

#[test]
fn an_empty_logbook_is_all_missing_and_says_where_to_start() {
    let r = run(&[]);
    assert_eq!(
        (
            r.summary.met,
            r.summary.partial,
            r.summary.missing,
            r.summary.total
        ),
        (0, 0, 21, 21)
    );
    assert!(r.warnings.is_empty());
    assert!(r.next_steps[0].action.contains("`logbook add`"));
    // Then one criterion from each unit in turn, with its guidance.
    let closes: Vec<&str> = r.next_steps[1..7]
        .iter()
        .map(|s| s.closes[0].as_str())
        .collect();
    assert_eq!(
        closes,
        ["OPS.1", "BIZ.1", "REV.1", "PRI.1", "RES.1", "OPS.2"]
    );
    assert_eq!(r.next_steps.len(), 22);
    let ops1 = &r.next_steps[1];
    assert!(
        ops1.action
            .starts_with("Add evidence for OPS.1 (Service plan")
    );
    assert!(
        ops1.how[0].starts_with("Attach the service plan"),
        "{:?}",
        ops1.how
    );
    let ops3 = r.next_steps.iter().find(|s| s.closes == ["OPS.3"]).unwrap();
    assert!(
        ops3.action
            .starts_with("Write up 2 distinct problems for OPS.3")
    );
    assert_eq!(
        criterion(&r, "OPS.3").why,
        ["no entries are mapped to it yet"]
    );
}

#[test]
fn clean_evidence_meets_its_criteria_with_coverage_details() {
    let e1 = good("2026-10-01-sofa", "2026-10-01", &["RES.1", "RES.7"]);
    let e2 = typed(
        good("2026-11-02-sofa-testimony", "2026-11-02", &["RES.1"]),
        "witness-testimony",
    );
    let r = run(&[e2, e1]);
    let res1 = criterion(&r, "RES.1");
    assert_eq!(res1.status, Status::Met);
    assert_eq!((res1.count, res1.credited.len()), (2, 2));
    assert_eq!(res1.credited, res1.entries);
    assert_eq!(
        res1.entries,
        ["2026-10-01-sofa", "2026-11-02-sofa-testimony"]
    );
    assert_eq!(
        res1.evidence_types,
        [EvidenceType::Observation, EvidenceType::WitnessTestimony]
    );
    assert_eq!(res1.latest, Some(d("2026-11-02")));
    assert!(res1.why.is_empty());
    assert_eq!(status(&r, "RES.7"), Status::Met);
    assert_eq!((r.summary.met, r.summary.missing), (2, 19));
    assert_eq!(warnings(&r), Vec::<String>::new());
}

#[test]
fn currency_moves_with_the_report_date() {
    let old = good("2025-09-01-sofa", "2025-09-01", &["RES.1"]);
    let later = good("2026-12-01-sofa", "2026-12-01", &["RES.7"]);
    let book = [old, later];

    // In date: met. Twelve months on the day still counts.
    assert_eq!(status(&run_at(&book, "2026-09-01"), "RES.1"), Status::Met);
    // Past the window: partial, said plainly, and a warning that names it.
    let r = run_at(&book, "2026-09-02");
    let res1 = criterion(&r, "RES.1");
    assert_eq!(
        (res1.status, res1.count, res1.credited.len()),
        (Status::Partial, 1, 0)
    );
    assert_eq!(
        res1.why,
        [
            "2025-09-01-sofa is from 2025-09-01, more than 12 months before 2026-09-02, so it no longer counts"
        ]
    );
    assert_eq!(warnings(&r), ["out-of-date 2025-09-01-sofa"]);
    assert_eq!(r.warnings[0].holds_back, ["RES.1"]);
    let step = r.next_steps.iter().find(|s| s.closes == ["RES.1"]).unwrap();
    assert!(
        step.action.starts_with("Add recent evidence for RES.1"),
        "{step:?}"
    );
    // An entry after the report date does not exist yet.
    assert_eq!(status(&r, "RES.7"), Status::Missing);
    assert_eq!(status(&run_at(&book, "2026-12-01"), "RES.7"), Status::Met);

    // Old evidence is only reported where it costs something.
    let mut book = book.to_vec();
    book.push(good("2026-08-01-newer", "2026-08-01", &["RES.1"]));
    let r = run_at(&book, "2026-09-02");
    assert_eq!(status(&r, "RES.1"), Status::Met);
    assert_eq!(warnings(&r), Vec::<String>::new());

    let short = Settings {
        gaps: GapSettings {
            currency_months: 6,
            ..GapSettings::default()
        },
        ..Settings::default()
    };
    let r = analyse(
        &book,
        &Catalogue::builtin(),
        &Frameworks::builtin(),
        &short,
        d("2026-09-02"),
    );
    assert_eq!(status(&r, "RES.1"), Status::Met);
    let r = analyse(
        &book,
        &Catalogue::builtin(),
        &Frameworks::builtin(),
        &short,
        d("2027-02-02"),
    );
    assert_eq!(status(&r, "RES.1"), Status::Partial);
}

#[test]
fn hypothetical_no_outcome_and_personal_data_stop_evidence_counting() {
    let hypothetical = with(
        good("2026-10-01-hyp", "2026-10-01", &["RES.1"]),
        "action",
        "I would listen and I would ask two clarifying questions, because that is the policy, rather than refund.",
    );
    let mut no_outcome = typed(good("2026-10-02-cut", "2026-10-02", &["RES.8"]), "product");
    no_outcome.sections.shift_remove("result");
    let personal = with(
        good("2026-10-03-email", "2026-10-03", &["RES.7"]),
        "situation",
        "Mrs Jones (jo.jones@example.com) rang because her sofa delivery had been missed twice.",
    );
    let r = run(&[hypothetical, no_outcome, personal]);
    for (id, why) in [
        (
            "RES.1",
            &[
                "2026-10-01-hyp: reads as what you would do (\u{201c}I would listen…\u{201d}, and 1 more like it) rather than one occasion that happened",
            ][..],
        ),
        (
            "RES.8",
            // Without its result the account no longer shows the resolution
            // RES.8 is about, either.
            &[
                "2026-10-02-cut: the Result step is empty",
                "2026-10-02-cut: its words do not show RES.8",
            ][..],
        ),
        (
            "RES.7",
            &["2026-10-03-email: contains what looks like personal data: an email address"][..],
        ),
    ] {
        let c = criterion(&r, id);
        assert_eq!(c.status, Status::Partial, "{id}");
        assert_eq!(c.why, why, "{id}");
    }
    assert_eq!(
        warnings(&r),
        [
            "hypothetical 2026-10-01-hyp",
            "no-outcome 2026-10-02-cut",
            "no-follow-up 2026-10-02-cut",
            "weak-fit 2026-10-02-cut",
            "personal-data 2026-10-03-email"
        ]
    );
    // The follow-up went with the result: advice, as RES.8 does not ask for it.
    let held: Vec<usize> = r.warnings.iter().map(|w| w.holds_back.len()).collect();
    assert_eq!(held, [1, 1, 0, 1, 1]);
    // Each has a fix step naming the entry and how.
    let fix = r
        .next_steps
        .iter()
        .find(|s| s.entries == ["2026-10-03-email"])
        .unwrap();
    assert_eq!(fix.action, "Fix 2026-10-03-email so it counts for RES.7");
    assert!(fix.how[0].starts_with(
        "Contains what looks like personal data: an email address — refer to people by role"
    ));
}

#[test]
fn over_mapping_holds_back_every_criterion_and_its_fix_comes_first() {
    let thin = entry(
        "2026-10-01-busy",
        "2026-10-01",
        &["OPS.1", "OPS.2", "BIZ.1", "PRI.1", "PRI.3"],
        &[
            ("situation", "Busy day."),
            ("result", "It went well because we coped. I learned a lot."),
        ],
    );
    let r = run(&[thin, good("2026-10-02-sofa", "2026-10-02", &["RES.1"])]);
    for id in ["OPS.1", "OPS.2", "BIZ.1", "PRI.1", "PRI.3"] {
        assert_eq!(status(&r, id), Status::Partial, "{id}");
    }
    assert_eq!(
        warnings(&r),
        ["thin 2026-10-01-busy", "over-mapped 2026-10-01-busy"]
    );
    assert_eq!(r.warnings[0].holds_back.len(), 5);
    assert_eq!(r.warnings[1].holds_back.len(), 5);
    let first = &r.next_steps[0];
    assert_eq!(first.closes, ["OPS.1", "OPS.2", "BIZ.1", "PRI.1", "PRI.3"]);
    assert_eq!(first.entries, ["2026-10-01-busy"]);
    assert!(
        first.how[0]
            .starts_with("12 words are too few to show OPS.1, OPS.2, BIZ.1, PRI.1 and PRI.3"),
        "{:?}",
        first.how
    );
    // Settings feed the lint: a looser threshold drops the over-mapping.
    let loose = Settings {
        gaps: GapSettings {
            over_map_min_criteria: 6,
            ..GapSettings::default()
        },
        ..Settings::default()
    };
    let book = [run_entries()[0].clone()];
    let r = analyse(
        &book,
        &Catalogue::builtin(),
        &Frameworks::builtin(),
        &loose,
        d(AS_OF),
    );
    assert_eq!(warnings(&r), ["thin 2026-10-01-busy"]);
}

fn run_entries() -> Vec<Entry> {
    vec![entry(
        "2026-10-01-busy",
        "2026-10-01",
        &["OPS.1", "OPS.2", "BIZ.1", "PRI.1", "PRI.3"],
        &[
            ("situation", "Busy day."),
            ("result", "It went well because we coped. I learned a lot."),
        ],
    )]
}

#[test]
fn reasons_follow_up_and_evaluation_count_only_where_the_marking_point_asks() {
    // The built-in criteria ask for these where their marking points speak
    // of reasoning, rationale, justification or pros and cons; follow-up;
    // evaluation or reflection.
    let asked = |ask: Ask| -> Vec<String> {
        Catalogue::builtin()
            .criteria()
            .filter(|c| c.asks_for(ask))
            .map(|c| c.id.clone())
            .collect()
    };
    assert_eq!(
        asked(Ask::Reasons),
        ["OPS.3", "BIZ.2", "BIZ.3", "REV.2", "RES.2", "RES.7"]
    );
    assert_eq!(asked(Ask::FollowUp), ["OPS.3", "RES.3"]);
    assert_eq!(asked(Ask::Evaluation), ["REV.2", "PRI.4"]);

    // No reasons: RES.7 (justify) is held back, RES.1 is not.
    let no_reasons = entry(
        "2026-10-01-plain",
        "2026-10-01",
        &["RES.1", "RES.7"],
        &[
            (
                "situation",
                "A customer rang about a sofa delivery that had been missed twice in November.",
            ),
            (
                "action",
                "I listened to her and asked two clarifying questions about the dates and the address.",
            ),
            (
                "result",
                "The sofa arrived on the 20th. I called her back the next day and she thanked us.",
            ),
            (
                "reflection",
                "Next time I will check the courier's capacity first.",
            ),
        ],
    );
    // No follow-up: RES.3 is held back, RES.6 is not.
    let no_follow_up = with(
        good("2026-10-02-letter", "2026-10-02", &["RES.3", "RES.6"]),
        "result",
        "The sofa arrived on the 20th and the case was closed.",
    );
    // No evaluation: PRI.4 is held back, PRI.1 is not.
    let no_evaluation = entry(
        "2026-10-03-kpi",
        "2026-10-03",
        &["PRI.1", "PRI.4"],
        &[
            (
                "situation",
                "Our answer rate had slipped to 70 per cent in September on the phones.",
            ),
            (
                "action",
                "I set a KPI of 80 per cent within 20 seconds because reliability matters most to callers.",
            ),
            (
                "result",
                "The answer rate rose to 84 per cent in October and complaints about waiting fell.",
            ),
        ],
    );
    let r = run(&[no_reasons, no_follow_up, no_evaluation]);
    assert_eq!(
        warnings(&r),
        [
            "no-reasons 2026-10-01-plain",
            "weak-fit 2026-10-01-plain",
            "no-follow-up 2026-10-02-letter",
            "no-evaluation 2026-10-03-kpi",
            "weak-fit 2026-10-03-kpi"
        ]
    );
    for (met, partial) in [("RES.1", "RES.7"), ("RES.6", "RES.3"), ("PRI.1", "PRI.4")] {
        assert_eq!(status(&r, met), Status::Met, "{met}");
        assert_eq!(status(&r, partial), Status::Partial, "{partial}");
    }
    assert_eq!(
        criterion(&r, "RES.7").why,
        [
            "2026-10-01-plain: gives no reasons for what you chose, and RES.7 asks for them",
            "2026-10-01-plain: its words do not show RES.7"
        ]
    );
    let follow = r
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::NoFollowUp)
        .unwrap();
    assert_eq!(follow.holds_back, ["RES.3"]);
}

/// What a criterion asks for, what it counts and what a unit expects come
/// from the criteria files, so a user's own unit switches the rules on and
/// off without any change to the code.
#[test]
fn a_users_criteria_file_decides_what_is_asked_counted_and_expected() {
    let unit = |asks: &str, counts: &str, expects: &str| {
        let text = format!(
            "code = \"TEAM\"\ntitle = \"Lead a team\"\n{expects}\n\
             [[criteria]]\nid = \"TEAM.1\"\ntext = \"Runs a huddle\"\n{asks}\n\
             [[criteria]]\nid = \"TEAM.2\"\ntext = \"Sorts two problems\"\nrequired = 2\n{counts}\n"
        );
        let mut catalogue = Catalogue::builtin();
        catalogue.merge(crate::model::criteria::parse_unit("team.toml", &text).unwrap());
        catalogue
    };
    // Long enough to judge, with an outcome and a reflection, but no reasons
    // and no follow-up with anyone.
    let plain = |id: &str, date: &str, criteria: &[&str]| {
        entry(
            id,
            date,
            criteria,
            &[
                (
                    "situation",
                    "The morning queue on the phones was long again on Monday and the team looked tired after the weekend rush of calls.",
                ),
                (
                    "action",
                    "I ran a ten minute huddle at nine and moved two advisers from email to the phones for the morning.",
                ),
                ("result", "The queue fell below five calls by ten."),
                (
                    "reflection",
                    "Next time I will plan the huddle the Friday before.",
                ),
            ],
        )
    };
    let book = [
        plain("2026-10-01-huddle", "2026-10-01", &["TEAM.1"]),
        plain("2026-10-08-queue", "2026-10-08", &["TEAM.2"]),
    ];
    let judge = |catalogue: &Catalogue| {
        let settings = Settings::default();
        analyse_unit(
            &book,
            catalogue,
            &Frameworks::builtin(),
            &settings,
            d(AS_OF),
            Some("TEAM"),
        )
    };

    // Nothing asked, counted or expected: advice only, and "examples".
    let r = judge(&unit("", "", ""));
    assert_eq!(
        warnings(&r),
        [
            "no-reasons 2026-10-01-huddle",
            "no-reasons 2026-10-08-queue"
        ]
    );
    assert!(r.warnings.iter().all(|w| w.holds_back.is_empty()));
    assert_eq!(status(&r, "TEAM.1"), Status::Met);
    assert_eq!(
        criterion(&r, "TEAM.2").why,
        ["1 of the 2 distinct examples it needs"]
    );

    // Asked for reasons, counting problems, expecting follow-up.
    let r = judge(&unit(
        "asks = [\"reasons\"]",
        "counts = \"problem\"",
        "expects = [\"follow-up\"]",
    ));
    assert_eq!(status(&r, "TEAM.1"), Status::Partial);
    assert_eq!(
        criterion(&r, "TEAM.1").why,
        ["2026-10-01-huddle: gives no reasons for what you chose, and TEAM.1 asks for them"]
    );
    assert_eq!(
        criterion(&r, "TEAM.2").why,
        ["1 of the 2 distinct problems it needs"]
    );
    assert_eq!(
        warnings(&r),
        [
            "no-reasons 2026-10-01-huddle",
            "no-follow-up 2026-10-01-huddle",
            "no-reasons 2026-10-08-queue",
            "no-follow-up 2026-10-08-queue"
        ]
    );

    // A misspelt ask is refused at its place, not ignored.
    let bad = "code = \"TEAM\"\ntitle = \"T\"\n[[criteria]]\nid = \"TEAM.1\"\ntext = \"x\"\nasks = [\"reason\"]\n";
    let err = crate::model::criteria::parse_unit("team.toml", bad).unwrap_err();
    assert_eq!((err.line, err.col), (6, 8), "{err}");
    assert!(err.message.contains("unknown variant `reason`"), "{err}");
}

fn problem(id: &str, date: &str, title: &str, text: &str, tags: &[&str]) -> Entry {
    let mut e = entry(
        id,
        date,
        &["OPS.3"],
        &[
            ("situation", text),
            (
                "action",
                "I chose to act at once rather than wait, because the queue was building.",
            ),
            (
                "result",
                "It was resolved by the afternoon. I followed up the next day to confirm.",
            ),
            ("reflection", "Next time I would escalate sooner."),
        ],
    );
    e.title = title.into();
    e.tags = tags.iter().map(|t| t.to_string()).collect();
    e
}

fn outage() -> Entry {
    problem(
        "2026-02-10-outage",
        "2026-02-10",
        "Phone system outage on the morning shift",
        "The telephony platform stopped routing inbound calls at 08:55. The wallboard showed zero calls waiting, so I logged INC-20877 with IT and moved advisers to webchat.",
        &[],
    )
}

fn outage_report() -> Entry {
    typed(
        problem(
            "2026-02-12-outage-report",
            "2026-02-12",
            "Telephony outage incident report",
            "My incident report on the telephony outage (INC-20877): the wallboard hid it for 13 minutes, so IT added an alert on calls offered.",
            &[],
        ),
        "product",
    )
}

fn sickness() -> Entry {
    problem(
        "2026-04-04-sickness",
        "2026-04-04",
        "Sickness left the Saturday rota short",
        "Three advisers rang in sick on a Saturday, so I rebuilt the rota, offered overtime and moved the email team onto the phones.",
        &[],
    )
}

#[test]
fn two_accounts_of_one_incident_are_one_problem() {
    let r = run(&[outage(), outage_report()]);
    let ops3 = criterion(&r, "OPS.3");
    assert_eq!(
        (ops3.status, ops3.count, ops3.credited.clone()),
        (Status::Partial, 2, vec!["2026-02-10-outage".to_string()])
    );
    assert!(
        ops3.why[0].starts_with("2026-02-10-outage and 2026-02-12-outage-report look like one incident (2 days apart, both about “"),
        "{:?}",
        ops3.why
    );
    assert!(ops3.why[0].contains("“outage”"), "{:?}", ops3.why);
    assert_eq!(ops3.why[1], "1 of the 2 distinct problems it needs");
    assert_eq!(warnings(&r), ["same-incident 2026-02-12-outage-report"]);
    assert_eq!(r.warnings[0].holds_back, ["OPS.3"]);
    let step = r.next_steps.iter().find(|s| s.closes == ["OPS.3"]).unwrap();
    assert!(
        step.action
            .starts_with("Write up 1 more distinct problem for OPS.3"),
        "{step:?}"
    );
    assert_eq!(
        step.entries,
        ["2026-02-10-outage", "2026-02-12-outage-report"]
    );

    // A genuinely different problem makes two.
    let r = run(&[outage(), outage_report(), sickness()]);
    assert_eq!(
        (status(&r, "OPS.3"), criterion(&r, "OPS.3").credited.len()),
        (Status::Met, 2)
    );
    assert_eq!(warnings(&r), Vec::<String>::new());

    // Tags decide both ways.
    let mut a = sickness();
    a.tags = vec!["incident-rota".into()];
    let mut b = problem(
        "2026-06-20-rota",
        "2026-06-20",
        "Holiday cover gap",
        "Two advisers booked the same week off, so the cover plan fell short on the phones.",
        &["incident-rota"],
    );
    let r = run(&[a.clone(), b.clone()]);
    assert_eq!(status(&r, "OPS.3"), Status::Partial);
    assert!(criterion(&r, "OPS.3").why[0].contains("(both tagged incident-rota)"));
    b.tags = vec!["incident-holidays".into()];
    let (mut o, mut p) = (outage(), outage_report());
    o.tags = vec!["incident-phones".into()];
    p.tags = vec!["incident-wallboard".into()];
    let r = run(&[a, b]);
    assert_eq!(status(&r, "OPS.3"), Status::Met);
    assert_eq!(status(&run(&[o, p]), "OPS.3"), Status::Met);
}

#[test]
fn a_unit_of_only_reflective_accounts_is_flagged() {
    let account = |id, date, c| typed(good(id, date, &[c]), "reflective-account");
    let r = run(&[
        account("2026-10-01-a", "2026-10-01", "RES.1"),
        account("2026-10-09-b", "2026-10-09", "RES.6"),
    ]);
    assert_eq!(warnings(&r), ["single-source RES"]);
    assert_eq!(
        r.warnings[0].message,
        "RES: all 2 current entries are your own reflective accounts, with no observation, witness testimony, product or professional discussion"
    );
    assert!(r.warnings[0].holds_back.is_empty());
    assert_eq!(status(&r, "RES.1"), Status::Met);
    let step = r.next_steps.last().unwrap();
    assert_eq!(
        step.action,
        "Back up RES with an observation, witness testimony or product"
    );
    assert!(step.closes.is_empty());

    // A witness named on an entry is the concrete next step.
    let mut witnessed = account("2026-10-01-a", "2026-10-01", "RES.1");
    witnessed.witness = Some("My team leader".into());
    let r = run(&[witnessed.clone()]);
    let step = r.next_steps.last().unwrap();
    assert!(step.how[0].starts_with("Ask My team leader, named as witness on 2026-10-01-a"));
    assert_eq!(step.entries, ["2026-10-01-a"]);

    // Any other source clears it; so does a professional discussion.
    for kind in [
        "observation",
        "witness-testimony",
        "product",
        "professional-discussion",
    ] {
        let other = typed(good("2026-10-09-b", "2026-10-09", &["RES.6"]), kind);
        assert_eq!(
            warnings(&run(&[witnessed.clone(), other])),
            Vec::<String>::new(),
            "{kind}"
        );
    }
    // Only current evidence counts: an old observation does not triangulate.
    let old = typed(
        good("2025-01-09-b", "2025-01-09", &["RES.6"]),
        "observation",
    );
    assert_eq!(
        warnings(&run(&[witnessed, old])),
        ["single-source RES", "out-of-date 2025-01-09-b"]
    );
}

/// A plan for measuring service, as a product.
const REVIEW: &[(&str, &str)] = &[
    (
        "situation",
        "Our only measure of the helpline was the monthly complaint count, which told us nothing about why callers were unhappy.",
    ),
    (
        "task",
        "I had to plan how we would measure service quality over the next six months, and who would take part.",
    ),
    (
        "action",
        "I wrote a measurement plan: a two-question text survey after every call, ten mystery-shopper calls a month from the quality team, and a monthly listen-in of five calls per adviser. I agreed it with my manager and the quality lead, set the first review for the end of April, and shared the timetable with the advisers at the huddle.",
    ),
    (
        "result",
        "The survey went live on 1 March and 212 customers replied in the first month; the first mystery-shopper report came back on 28 March.",
    ),
];

fn review(id: &str, date: &str) -> Entry {
    typed(entry(id, date, &["REV.1"], REVIEW), "product")
}

#[test]
fn reviews_should_repeat_and_the_cycle_moves_with_the_date() {
    let first = review("2026-03-02-review", "2026-03-02");
    let write_up = review("2026-03-12-review-notes", "2026-03-12");
    let second = review("2026-06-15-review", "2026-06-15");

    // One review (the meeting and its write-up count once).
    let r = run_at(
        &[first.clone(), write_up.clone(), second.clone()],
        "2026-04-01",
    );
    assert_eq!(warnings(&r), ["review-cadence REV"]);
    assert_eq!(
        r.warnings[0].message,
        "REV: one review so far (2026-03-02 to 2026-03-12, 20 days ago); reviewing service is a cycle, not a one-off"
    );
    assert_eq!(
        r.warnings[0].entry.as_deref(),
        Some("2026-03-12-review-notes")
    );
    assert!(r.next_steps.iter().any(|s| {
        s.action
            .starts_with("Schedule your next service review within 120 days")
    }));

    let r = run_at(std::slice::from_ref(&first), "2026-03-02");
    assert!(
        r.warnings[0].message.contains("(2026-03-02, today)"),
        "{:?}",
        r.warnings
    );

    // A second review 95 days later: a cycle.
    let book = [first, write_up, second];
    assert_eq!(warnings(&run_at(&book, "2026-07-01")), Vec::<String>::new());
    // Months pass without another: overdue.
    let r = run_at(&book, "2026-11-28");
    assert_eq!(warnings(&r), ["review-cadence REV"]);
    assert_eq!(
        r.warnings[0].message,
        "REV: the latest review (2026-06-15) was 166 days ago, longer than 120 days"
    );
    // A long gap between reviews is named.
    let gappy = [
        review("2026-01-05-review", "2026-01-05"),
        review("2026-07-01-review", "2026-07-01"),
    ];
    let r = run_at(&gappy, "2026-07-10");
    assert_eq!(
        r.warnings[0].message,
        "REV: 177 days between the reviews of 2026-01-05 and 2026-07-01, longer than 120 days"
    );
    // An old review still counts as history: the long wait into the
    // window is named, not "one review so far".
    let r = run_at(
        &[
            review("2025-09-18-plan", "2025-09-18"),
            review("2026-10-22-review", "2026-10-22"),
        ],
        AS_OF,
    );
    let messages: Vec<&str> = r.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        messages,
        ["REV: 399 days between the reviews of 2025-09-18 and 2026-10-22, longer than 120 days"]
    );
    // Switched off by an empty review unit.
    let off = Settings {
        gaps: GapSettings {
            review_unit: String::new(),
            ..GapSettings::default()
        },
        ..Settings::default()
    };
    let r = analyse(
        &gappy,
        &Catalogue::builtin(),
        &Frameworks::builtin(),
        &off,
        d("2026-07-10"),
    );
    assert!(r.warnings.is_empty());
}

#[test]
fn one_unit_scopes_criteria_warnings_and_steps() {
    let unmapped = good("2026-10-05-lunch", "2026-10-05", &[]);
    let mut typo = good("2026-10-06-typo", "2026-10-06", &["RES.9", "res4"]);
    typo.evidence = EvidenceType::Observation;
    let book = [
        good("2026-10-01-a", "2026-10-01", &["RES.1"]),
        typed(outage(), "reflective-account"),
        unmapped,
        typo,
    ];
    let r = run(&book);
    assert_eq!(
        warnings(&r),
        [
            "single-source OPS",
            "unmapped 2026-10-05-lunch",
            "unknown-criterion 2026-10-06-typo",
            "unknown-criterion 2026-10-06-typo"
        ]
    );
    assert_eq!(
        r.warnings[2].message,
        "is mapped to \"RES.9\", which is not a criterion (RES has RES.1–RES.8)"
    );
    assert_eq!(
        r.warnings[3].message,
        "is mapped to \"res4\", which should be written \"RES.4\""
    );

    let r = analyse_unit(
        &book,
        &Catalogue::builtin(),
        &Frameworks::builtin(),
        &Settings::default(),
        d(AS_OF),
        Some("OPS"),
    );
    assert_eq!(r.units.len(), 1);
    assert_eq!(
        (r.summary.total, r.summary.partial, r.summary.missing),
        (3, 1, 2)
    );
    assert_eq!(warnings(&r), ["single-source OPS"]);
    assert!(
        r.next_steps
            .iter()
            .all(|s| s.closes.iter().all(|c| c.starts_with("OPS.")))
    );
}

#[test]
fn json_has_the_contract_shape() {
    let r = run(&[typed(
        good("2026-10-01-a", "2026-10-01", &["RES.1"]),
        "reflective-account",
    )]);
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["as_of"], "2026-11-28");
    assert_eq!(json["summary"]["total"], 21);
    let c = &json["units"][4]["criteria"][0];
    for key in [
        "id",
        "text",
        "required",
        "count",
        "status",
        "entries",
        "evidence_types",
        "latest",
    ] {
        assert!(c.get(key).is_some(), "{key}");
    }
    assert_eq!(c["status"], "met");
    assert_eq!(c["latest"], "2026-10-01");
    assert_eq!(
        json["units"][0]["criteria"][0]["latest"],
        serde_json::Value::Null
    );
    let w = &json["warnings"][0];
    assert_eq!(
        (w["entry"].clone(), w["kind"].clone()),
        (serde_json::Value::Null, "single-source".into())
    );
}

#[test]
fn each_entry_whose_fix_would_meet_a_two_problem_criterion_gets_its_own_step() {
    // Three distinct problems for OPS.3 (it needs two): one counts, two read
    // as hypothetical. Fixing either alone would meet it; each is asked
    // "what if" in turn, and neither answer may leak into the other's.
    let tagged = |mut e: Entry, tag: &str| {
        e.tags = vec![tag.into()];
        e
    };
    let hyp = "I would listen and I would ask two clarifying questions, because that is the policy, rather than refund.";
    let book = [
        tagged(
            good("2026-10-01-ok", "2026-10-01", &["OPS.3"]),
            "incident-one",
        ),
        tagged(
            with(
                good("2026-10-02-hyp-a", "2026-10-02", &["OPS.3"]),
                "action",
                hyp,
            ),
            "incident-two",
        ),
        tagged(
            with(
                good("2026-10-03-hyp-b", "2026-10-03", &["OPS.3"]),
                "action",
                hyp,
            ),
            "incident-three",
        ),
    ];
    let r = run(&book);
    assert_eq!(status(&r, "OPS.3"), Status::Partial);
    assert_eq!(criterion(&r, "OPS.3").count, 3);
    let mut fixes: Vec<&str> = r
        .next_steps
        .iter()
        .filter(|s| s.action.starts_with("Fix "))
        .map(|s| s.action.as_str())
        .collect();
    fixes.sort_unstable();
    assert_eq!(
        fixes,
        [
            "Fix 2026-10-02-hyp-a so it counts for OPS.3",
            "Fix 2026-10-03-hyp-b so it counts for OPS.3"
        ]
    );
}

#[test]
fn a_name_on_the_redaction_list_is_personal_data_here_too() {
    let book = [with(
        good("2026-11-02-call", "2026-11-02", &["RES.1"]),
        "situation",
        "Mrs Patel rang about her order.",
    )];
    assert_eq!(status(&run_at(&book, AS_OF), "RES.1"), Status::Met);
    let settings = Settings {
        redact: crate::model::settings::RedactSettings {
            names: vec!["Mrs Patel = customer".into()],
        },
        ..Settings::default()
    };
    let r = analyse(
        &book,
        &Catalogue::builtin(),
        &Frameworks::builtin(),
        &settings,
        d(AS_OF),
    );
    assert_eq!(status(&r, "RES.1"), Status::Partial);
    assert_eq!(warnings(&r), ["personal-data 2026-11-02-call"]);
}

/// The same incident written up weeks later is still one problem when the
/// later account says so, or names the same reference.
#[test]
fn a_later_write_up_that_refers_back_is_the_same_problem() {
    let later = problem(
        "2026-03-20-outage-lessons",
        "2026-03-20",
        "What the phone outage taught me",
        "Looking back at the same outage as my first entry, the telephony platform stopped routing calls and the wallboard showed zero calls waiting; I have since agreed an alert with IT.",
        &[],
    );
    let r = run(&[outage(), later]);
    let ops3 = criterion(&r, "OPS.3");
    assert_eq!(ops3.status, Status::Partial, "{:?}", ops3.why);
    assert!(
        ops3.why[0].contains("38 days apart") && ops3.why[0].contains("refers back"),
        "{:?}",
        ops3.why
    );

    let mut by_reference = outage_report();
    by_reference.occurred = d("2026-05-02");
    let r = run(&[outage(), by_reference]);
    let ops3 = criterion(&r, "OPS.3");
    assert_eq!(ops3.status, Status::Partial);
    assert!(
        ops3.why[0].contains("(both about INC-20877)"),
        "{:?}",
        ops3.why
    );

    // Weeks apart, no reference and no word of it: distinct.
    let r = run(&[outage(), sickness()]);
    assert_eq!(status(&r, "OPS.3"), Status::Met);
}

/// Currency: the programme's start date when the profile has one, else the
/// rolling window, and the report says which.
#[test]
fn currency_follows_the_programme_start_when_there_is_one() {
    let book = [good("2025-09-01-sofa", "2025-09-01", &["RES.1"])];
    let r = run_at(&book, "2026-11-28");
    assert_eq!(r.currency.rule, "window");
    assert_eq!(
        r.currency.text,
        "evidence from the last 12 months (since 2025-11-28) is current"
    );
    assert_eq!(status(&r, "RES.1"), Status::Partial);
    let settings = Settings::parse("start_date = 2025-06-01\n").unwrap();
    let r = analyse(
        &book,
        &Catalogue::builtin(),
        &Frameworks::builtin(),
        &settings,
        d("2026-11-28"),
    );
    assert_eq!(r.currency.rule, "programme");
    assert_eq!(status(&r, "RES.1"), Status::Met);
    let settings = Settings::parse("start_date = 2026-01-05\n").unwrap();
    let r = analyse(
        &book,
        &Catalogue::builtin(),
        &Frameworks::builtin(),
        &settings,
        d("2026-11-28"),
    );
    assert_eq!(
        criterion(&r, "RES.1").why,
        [
            "2025-09-01-sofa is from 2025-09-01, before the programme started on 2026-01-05, so it no longer counts"
        ]
    );
}

/// A criterion that is not met names entries already written that fit it,
/// before asking for something new.
#[test]
fn entries_that_fit_an_unmet_criterion_are_proposed() {
    let escalation = entry(
        "2026-10-05-escalation",
        "2026-10-05",
        &["RES.1"],
        &[
            (
                "situation",
                "On Monday a customer asked for a £400 refund on a sofa that had arrived damaged for the second time; she was upset and had already rung twice.",
            ),
            (
                "action",
                "I listened, asked what had happened each time and checked the notes. The refund was over my £150 limit, so I could not authorise it myself; I rang the duty manager within the hour, explained the case and passed it to her with my notes.",
            ),
            (
                "result",
                "The duty manager approved the refund that afternoon. I rang the customer the next morning to confirm it had gone through and she thanked us.",
            ),
        ],
    );
    let r = run(&[escalation]);
    let res5 = criterion(&r, "RES.5");
    assert_eq!(res5.status, Status::Missing);
    assert_eq!(
        res5.candidates.first().map(|c| c.entry.as_str()),
        Some("2026-10-05-escalation")
    );
    let step = r.next_steps.iter().find(|s| s.closes == ["RES.5"]).unwrap();
    assert!(
        step.how[0].starts_with("First check 2026-10-05-escalation: it may already show it; if it does, map it with `logbook tag 2026-10-05-escalation --add RES.5`."),
        "{step:?}"
    );
    // Met criteria propose nothing.
    assert!(criterion(&r, "RES.1").candidates.is_empty());
}
