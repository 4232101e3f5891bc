//! Hostile text against the export: entries whose titles, sections,
//! witnesses, attachments, section keys and settings are made of Markdown
//! syntax, HTML, front-matter markers, list lookalikes, control characters,
//! very long lines, right-to-left text and emoji. Generated from fixed seeds,
//! so every run sees the same documents.
//!
//! The document's structure must survive: the headings, the one table and
//! its rows, the metadata block, and every word of user text read back
//! exactly as typed (checked in-process with pulldown-cmark over many
//! seeds, and through the real binary with pandoc's own parser).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate};
use indexmap::IndexMap;
use logbook::model::criteria::Catalogue;
use logbook::model::entry::Entry;
use logbook::model::evidence::EvidenceType;
use logbook::model::frameworks::Frameworks;
use logbook::model::settings::Settings;
use logbook::render::portfolio::{self, Meta, Portfolio};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::Value;

use crate::support::*;
use crate::test_export::{assert_pandoc_clean, pandoc};

/// xorshift64*: small, seeded, the same everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const HOSTILE: &[&str] = &[
    "|",
    "| a | b |",
    "|---|---|",
    "||",
    "#",
    "# Heading",
    "## x {#summary}",
    "###### six",
    "*",
    "**bold**",
    "_u_",
    "__init__",
    "`code`",
    "```",
    "```rust",
    "~~~",
    "    indented",
    "\ttabbed",
    "<b>html</b>",
    "<!-- comment",
    "-->",
    "<script>alert(1)</script>",
    "</div>",
    "<http://x.test>",
    "[link](http://x.test)",
    "[^1]",
    "[^1]: note",
    "[x]: http://y.test",
    "![img](x.png)",
    "[E1][]",
    "[RES.1]",
    "---",
    "+++",
    "***",
    "___",
    "- - -",
    "===",
    "-",
    "=",
    "+ plus",
    "* star",
    "- [ ] task",
    "> quote",
    ">>",
    "1. one",
    "2) two",
    "a) alpha",
    "iv. four",
    "XII) twelve",
    "(@) ex",
    "(1) paren",
    "#. hash",
    ": def",
    "~ def",
    "% title",
    "title: hacked",
    "...",
    "\\",
    "\\\\",
    "\\newcommand{\\x}{y}",
    "\\begin{align}",
    "$x$",
    "$$",
    "^sup^",
    "~sub~",
    "~~strike~~",
    "@cite",
    "[@cite]",
    "{#id}",
    "{.class}",
    ":::",
    "::: warning",
    "&amp;",
    "&#x41;",
    "&nbsp;",
    "& co",
    "Q&A",
    "http://example.test",
    "Table: caption",
    "«»",
    "“quotes”",
    "'single'",
    "\"double\"",
    "--",
    "1.5 hours",
    "مرحبا بالعالم",
    "שלום עולם",
    "\u{202E}reversed\u{202C}",
    "\u{200F}rtl-mark",
    "👩🏽‍💼🎉",
    "🇬🇧",
    "Ω≈ç√",
    "\u{200B}",
    "\u{feff}",
    "\u{a0}",
    "\u{3000}",
    "\u{2028}",
    "\u{0}",
    "\u{1b}[31m",
    "\u{7f}",
    "\r",
    "\r\n",
    "\n",
    "\n\n",
    "\u{b}",
    "  ",
    "end  ",
    "ordinary words",
    "The customer rang.",
    "I chose option 2 because",
];

const FRAMEWORKS: &[&str] = &["star", "iair", "gibbs", "driscoll", "free", "my|framework"];

fn hostile_line(rng: &mut Rng) -> String {
    let joins = [" ", "", "  ", "\t"];
    let mut line = String::new();
    for i in 0..=rng.below(4) {
        if i > 0 {
            line.push_str(joins[rng.below(joins.len())]);
        }
        line.push_str(rng.pick(HOSTILE));
    }
    if rng.below(25) == 0 {
        for _ in 0..400 {
            line.push_str(rng.pick(&["word ", "|*_", "#", "`", "loooooooooong"]));
        }
    }
    line
}

fn hostile_text(rng: &mut Rng, max_lines: usize) -> String {
    let breaks = ["\n", "\n\n", "\r\n", "\n \n", "\n\n\n"];
    let mut text = String::new();
    for i in 0..=rng.below(max_lines) {
        if i > 0 {
            text.push_str(breaks[rng.below(breaks.len())]);
        }
        text.push_str(&hostile_line(rng));
    }
    text
}

fn hostile_entry(rng: &mut Rng, n: usize, catalogue: &Catalogue, frameworks: &Frameworks) -> Entry {
    let occurred =
        NaiveDate::from_ymd_opt(2026, 1 + (n % 11) as u32, 1 + (n % 27) as u32).expect("date");
    let framework = rng.pick(FRAMEWORKS).to_string();
    let mut keys: Vec<String> = match frameworks.get(&framework) {
        Some(f) => frameworks.steps(f).map(|s| s.key.clone()).collect(),
        None => vec!["notes".into()],
    };
    if rng.below(4) == 0 {
        keys.push(hostile_line(rng));
    }
    let mut sections = IndexMap::new();
    for key in keys {
        if rng.below(5) != 0 {
            sections.insert(key, hostile_text(rng, 6));
        }
    }
    let ids: Vec<&str> = catalogue.criteria().map(|c| c.id.as_str()).collect();
    let mut criteria: Vec<String> = (0..rng.below(4))
        .map(|_| rng.pick(&ids).to_string())
        .collect();
    criteria.sort();
    criteria.dedup();
    if rng.below(6) == 0 {
        criteria.push("ZZZ.9".into());
    }
    let created =
        DateTime::parse_from_rfc3339(&format!("{occurred}T12:00:00+00:00")).expect("time");
    Entry {
        id: format!("{occurred}-fuzz-{n}"),
        title: hostile_line(rng),
        created,
        occurred,
        updated: None,
        framework,
        evidence: EvidenceType::from_name(rng.pick(&[
            "observation",
            "product",
            "reflective-account",
            "hand|written *note*",
        ])),
        criteria,
        tags: vec![],
        witness: (rng.below(2) == 0).then(|| hostile_line(rng)),
        attachments: (0..rng.below(3)).map(|_| hostile_line(rng)).collect(),
        source: None,
        sections,
    }
}

/// User text as the reader must see it: control characters gone, every run
/// of blanks one space, the ends trimmed.
fn norm(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| !c.is_control() || c.is_whitespace())
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Prose as the reader must see it: lines normalised, blank lines making
/// paragraphs; lines joined by "\n", paragraphs by "\n\n".
fn norm_prose(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut paragraphs: Vec<Vec<String>> = vec![vec![]];
    for line in text.split([
        '\n', '\r', '\u{2028}', '\u{2029}', '\u{b}', '\u{c}', '\u{85}',
    ]) {
        let line = norm(line);
        if line.is_empty() {
            paragraphs.push(vec![]);
        } else if let Some(last) = paragraphs.last_mut() {
            last.push(line);
        }
    }
    paragraphs
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The headings (level, id, text) and sections a document must have.
struct Expected {
    headings: Vec<(u8, String, String)>,
    /// Section heading id → its prose.
    prose: BTreeMap<String, String>,
    rows: usize,
}

fn expected(entries: &[Entry], report: &logbook::rules::gaps::Report, fw: &Frameworks) -> Expected {
    let mut headings: Vec<(u8, String, String)> = vec![
        (1, "candidate".into(), "Candidate and programme".into()),
        (
            1,
            "declaration".into(),
            "Declaration of authenticity".into(),
        ),
        (1, "contents".into(), "Contents".into()),
        (1, "summary".into(), "Summary".into()),
        (1, "evidence-matrix".into(), "Evidence matrix".into()),
        (1, "criteria".into(), "Criteria by unit".into()),
    ];
    let catalogue = Catalogue::builtin();
    let mut rows = 0;
    for unit in &report.units {
        let code = unit.id.to_lowercase();
        headings.push((
            2,
            format!("unit-{code}"),
            format!("{} — {}", unit.id, unit.title),
        ));
        for c in &unit.criteria {
            rows += 1;
            let label = catalogue
                .criterion(&c.id)
                .map(|k| k.label().to_string())
                .unwrap();
            let id = format!("crit-{}", c.id.to_lowercase().replace('.', "-"));
            headings.push((3, id, format!("{} — {label}", c.id)));
        }
    }
    headings.push((1, "entries".into(), "Entries".into()));
    let mut prose = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        let anchor = format!("entry-{}", e.id);
        let title = match norm(&e.title) {
            t if t.is_empty() => "(untitled)".to_string(),
            t => t,
        };
        let date = e.occurred.format("%-d %b %Y");
        headings.push((2, anchor.clone(), format!("E{} · {date} · {title}", i + 1)));
        let steps: Vec<(String, String)> = match fw.get(&e.framework) {
            Some(f) => fw
                .steps(f)
                .map(|s| (s.key.clone(), s.title.clone()))
                .collect(),
            None => vec![],
        };
        let mut ordered: Vec<(String, String, String)> = Vec::new();
        for (key, title) in &steps {
            if let Some(text) = e.sections.get(key) {
                ordered.push((key.clone(), title.clone(), text.clone()));
            }
        }
        for (key, text) in &e.sections {
            if !steps.iter().any(|(k, _)| k == key) {
                ordered.push((key.clone(), key.clone(), text.clone()));
            }
        }
        let mut seen = BTreeSet::new();
        for (key, title, text) in ordered {
            let body = norm_prose(&text);
            if body.is_empty() {
                continue;
            }
            let slug = logbook::model::names::slug(&key, 200);
            let slug = if slug.is_empty() {
                "x".to_string()
            } else {
                slug
            };
            let mut id = format!("{anchor}--{slug}");
            let mut n = 1;
            while !seen.insert(id.clone()) {
                n += 1;
                id = format!("{anchor}--{slug}-{n}");
            }
            let title = match norm(&title) {
                t if t.is_empty() => "(untitled)".to_string(),
                t => t,
            };
            headings.push((3, id.clone(), title));
            prose.insert(id, body);
        }
        // The findings that hold it back, once, after its text.
        let held = report.warnings.iter().any(|w| {
            w.entry.as_deref() == Some(e.id.as_str())
                && w.unit.is_none()
                && (w.holds_back.iter().any(|c| {
                    report
                        .units
                        .iter()
                        .any(|u| u.criteria.iter().any(|k| &k.id == c))
                }) || w.kind == logbook::rules::verdict::WarningKind::OutOfDate)
        });
        if held {
            headings.push((
                3,
                format!("{anchor}-not-counted"),
                "Why it does not count yet".into(),
            ));
        }
    }
    Expected {
        headings,
        prose,
        rows,
    }
}

const LABELS: &[&str] = &[
    "Candidate:",
    "Registration number:",
    "Centre:",
    "Awarding body:",
    "Qualification:",
    "Employer:",
    "Job role:",
    "Assessor:",
    "Programme dates:",
    "Portfolio produced:",
    "Candidate's signature:",
    "Assessor's signature:",
    "Witness's signature:",
    "Date:",
    "Entries:",
    "Units:",
    "Ready for assessment:",
    "Assessor's decisions:",
    "Claim:",
    "Why:",
    "Evidence:",
    "Happened:",
    "Written:",
    "Last changed:",
    "Framework:",
    "Evidence type:",
    "Witness:",
    "Claimed against:",
    "Attachments:",
    "Logbook id:",
];

/// Parses the document with pulldown-cmark and checks it against `want`.
fn check_with_pulldown(doc: &str, want: &Expected, seed: u64) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut headings: Vec<(u8, String, String)> = Vec::new();
    let mut prose: BTreeMap<String, String> = BTreeMap::new();
    let mut section: Option<String> = None;
    let mut in_heading: Option<(u8, String)> = None;
    let mut text = String::new();
    let mut strong = false;
    let mut emphasis = false;
    let (mut tables, mut rows, mut metadata) = (0, 0, 0);
    for (i, event) in Parser::new_ext(doc, options).enumerate() {
        match &event {
            Event::Start(Tag::MetadataBlock(_)) => {
                assert_eq!(i, 0, "seed {seed}: metadata block is not first");
                metadata += 1;
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    other => panic!("seed {seed}: unexpected {other:?}"),
                };
                let id = id.as_deref().expect("every heading has an id").to_string();
                in_heading = Some((level, id));
                text.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                let (level, id) = in_heading.take().expect("heading");
                if level == 3 && id.contains("--") {
                    section = Some(id.clone());
                    prose.insert(id.clone(), String::new());
                } else {
                    section = None;
                }
                headings.push((level, id, std::mem::take(&mut text)));
            }
            Event::Start(Tag::Table(_)) => tables += 1,
            Event::End(TagEnd::TableRow) => rows += 1,
            Event::Start(Tag::Strong) => {
                strong = true;
                text.clear();
            }
            Event::End(TagEnd::Strong) => {
                strong = false;
                assert!(
                    LABELS.contains(&text.as_str()),
                    "seed {seed}: stray bold {text:?}"
                );
                text.clear();
            }
            Event::Start(Tag::Emphasis) => {
                emphasis = true;
                text.clear();
            }
            Event::End(TagEnd::Emphasis) => {
                emphasis = false;
                assert_eq!(
                    text, "No text in this entry.",
                    "seed {seed}: stray emphasis"
                );
                text.clear();
            }
            Event::Text(t) => {
                if let (Some(id), None, false, false) = (&section, &in_heading, strong, emphasis) {
                    prose.get_mut(id).expect("section").push_str(t);
                } else {
                    text.push_str(t);
                }
            }
            Event::HardBreak => panic!("seed {seed}: a typed line break became a hard break"),
            Event::End(TagEnd::Paragraph) => {
                if let Some(id) = &section {
                    prose.get_mut(id).expect("section").push_str("\n\n");
                }
            }
            // A line break the writer typed inside a paragraph is a soft break.
            Event::SoftBreak => {
                if let Some(id) = &section {
                    prose.get_mut(id).expect("section").push('\n');
                }
            }
            Event::Html(_) | Event::InlineHtml(_) | Event::Code(_) => {
                panic!("seed {seed}: user text became {event:?}")
            }
            Event::Start(
                Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::List(Some(_))
                | Tag::Image { .. }
                | Tag::HtmlBlock
                | Tag::FootnoteDefinition(_),
            )
            | Event::Rule
            | Event::FootnoteReference(_) => panic!("seed {seed}: user text became {event:?}"),
            Event::Start(Tag::Link { dest_url, .. }) => {
                assert!(dest_url.starts_with('#'), "seed {seed}: link to {dest_url}");
            }
            _ => {}
        }
    }
    assert_eq!(metadata, 1, "seed {seed}: metadata block");
    assert_eq!(tables, 1, "seed {seed}: tables");
    assert_eq!(rows, want.rows, "seed {seed}: table body rows");
    assert_eq!(
        headings.len(),
        want.headings.len(),
        "seed {seed}: heading count"
    );
    for (got, want) in headings.iter().zip(&want.headings) {
        assert_eq!(got, want, "seed {seed}");
    }
    for (id, want) in &want.prose {
        assert_eq!(prose[id].trim_end_matches('\n'), want, "seed {seed}: {id}");
    }
}

#[test]
fn hostile_text_never_breaks_the_structure() {
    let catalogue = Catalogue::builtin();
    let frameworks = Frameworks::builtin();
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
    for seed in 0..150u64 {
        let mut rng = Rng::new(seed);
        let mut entries: Vec<Entry> = (0..1 + rng.below(6))
            .map(|n| hostile_entry(&mut rng, n, &catalogue, &frameworks))
            .collect();
        entries.sort_by_key(|e| (e.occurred, e.id.clone()));
        let meta = Meta {
            learner: Some(hostile_line(&mut rng)),
            qualification: Some(hostile_text(&mut rng, 2)),
            date: Some(today),
            scope: vec![],
            redacted: false,
            names: vec![],
            first_recorded: Default::default(),
            profile: Default::default(),
        };
        let report = logbook::rules::gaps::analyse(
            &entries,
            &catalogue,
            &frameworks,
            &Settings::default(),
            today,
        );
        let doc = portfolio::render(&Portfolio {
            meta: &meta,
            report: &report,
            entries: &entries,
            body: None,
            extras: None,
            judged: &[],
            link: None,
            catalogue: &catalogue,
            frameworks: &frameworks,
            programme: None,
        });
        check_with_pulldown(&doc, &expected(&entries, &report, &frameworks), seed);
        // The metadata block: one `key: 'value'` per line, quotes doubled.
        let block: Vec<&str> = doc.lines().skip(1).take_while(|l| *l != "---").collect();
        for line in &block {
            let (key, value) = line.split_once(": ").expect("key: value");
            assert!(
                ["title", "subtitle", "author", "date", "lang"].contains(&key),
                "{line}"
            );
            if key != "lang" {
                let inner = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\''));
                let inner = inner.unwrap_or_else(|| panic!("seed {seed}: unquoted {line:?}"));
                assert!(
                    !inner.replace("''", "").contains('\''),
                    "seed {seed}: {line:?}"
                );
            }
        }
        let present = |v: &Option<String>| v.as_deref().is_some_and(|v| !norm(v).is_empty());
        let keys =
            3 + usize::from(present(&meta.learner)) + usize::from(present(&meta.qualification));
        assert_eq!(block.len(), keys, "seed {seed}: {block:?}");
    }
}

/// Pandoc's JSON: every `t` node of the tree, in order.
fn nodes<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("t") {
                out.push(value);
            }
            map.values().for_each(|v| nodes(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| nodes(v, out)),
        _ => {}
    }
}

/// The plain text of pandoc inlines.
fn plain(inlines: &Value) -> String {
    let mut out = String::new();
    for inline in inlines.as_array().into_iter().flatten() {
        match inline["t"].as_str() {
            Some("Str") => out.push_str(inline["c"].as_str().unwrap_or_default()),
            Some("Space" | "SoftBreak") => out.push(' '),
            Some("LineBreak") => out.push('\n'),
            Some("Link") => out.push_str(&plain(&inline["c"][1])),
            Some(other) => panic!("unexpected inline {other}: {inline}"),
            None => {}
        }
    }
    out
}

#[test]
fn pandoc_reads_a_hostile_logbook_as_intended() {
    if !crate::test_export::pandoc_available() {
        return;
    }
    let lb = Logbook::new();
    let catalogue = Catalogue::builtin();
    let frameworks = Frameworks::builtin();
    let store = logbook::store::Store::new(lb.dir());
    let mut rng = Rng::new(2026);
    for n in 0..40 {
        let mut entry = hostile_entry(&mut rng, n, &catalogue, &frameworks);
        store.create_entry(&mut entry).expect("write entry");
    }
    let learner = "O'Brien *the* `first`\n---\ntitle: hacked\n<b>|</b> 1. [x](y) 👩🏽‍💼";
    let qualification = "% Level 3: \"ILM\" {#id} & Q&A\u{202E} ~~x~~ \\";
    let settings = format!(
        "learner = {}\nqualification = {}\n",
        toml::Value::from(learner),
        toml::Value::from(qualification)
    );
    std::fs::write(lb.dir().join("logbook.toml"), settings).unwrap();

    let out = lb.run(&["export", "--no-redact"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let doc = stdout(&out);
    assert_pandoc_clean(&doc);

    let (json, warnings) = pandoc(&["-f", "markdown-smart", "-t", "json"], &doc);
    assert_eq!(warnings, "");
    let ast: Value = serde_json::from_str(&json).unwrap();
    let meta = &ast["meta"];
    assert_eq!(plain(&meta["title"]["c"]), "Evidence portfolio");
    assert_eq!(plain(&meta["author"]["c"]), norm(learner));
    assert_eq!(plain(&meta["subtitle"]["c"]), norm(qualification));
    assert_eq!(plain(&meta["date"]["c"]), "28 November 2026");

    let mut all = Vec::new();
    nodes(&ast["blocks"], &mut all);
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut headers = Vec::new();
    let mut ids = BTreeSet::new();
    let mut targets = BTreeSet::new();
    for node in &all {
        let t = node["t"].as_str().unwrap_or_default();
        *kinds.entry(t).or_default() += 1;
        match t {
            "Header" => {
                let id = node["c"][1][0].as_str().unwrap_or_default().to_string();
                headers.push((
                    node["c"][0].as_u64().unwrap_or(0),
                    id.clone(),
                    plain(&node["c"][2]),
                ));
                assert!(ids.insert(id), "duplicate id");
            }
            "Link" => {
                targets.insert(node["c"][2][0].as_str().unwrap_or_default().to_string());
            }
            "Strong" => {
                let label = plain(&node["c"]);
                assert!(LABELS.contains(&label.as_str()), "stray bold {label:?}");
            }
            "Emph" => assert_eq!(plain(&node["c"]), "No text in this entry."),
            _ => {}
        }
    }
    for forbidden in [
        "RawBlock",
        "RawInline",
        "Code",
        "CodeBlock",
        "BlockQuote",
        "HorizontalRule",
        "Math",
        "Cite",
        "Strikeout",
        "Superscript",
        "Subscript",
        "Note",
        "DefinitionList",
        "LineBlock",
        "OrderedList",
        "Div",
        "Span",
        "Image",
    ] {
        assert_eq!(kinds.get(forbidden), None, "user text became {forbidden}");
    }
    assert_eq!(kinds.get("Table"), Some(&1));
    for target in &targets {
        let id = target.strip_prefix('#').expect("internal link");
        assert!(ids.contains(id), "dangling link {target}");
    }

    // The same headings, in the same order, with the same text, as the
    // document was meant to have.
    let loaded: Vec<Entry> = store
        .load_all()
        .entries
        .into_iter()
        .map(|s| s.entry)
        .collect();
    assert_eq!(loaded.len(), 40);
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
    let report = logbook::rules::gaps::analyse(
        &loaded,
        &catalogue,
        &frameworks,
        &Settings::default(),
        today,
    );
    let want = expected(&loaded, &report, &frameworks);
    let got: Vec<(u8, String, String)> = headers
        .into_iter()
        .map(|(level, id, text)| (level as u8, id, text))
        .collect();
    assert_eq!(got.len(), want.headings.len());
    for (got, want) in got.iter().zip(&want.headings) {
        assert_eq!(got, want);
    }
    // Each section's paragraphs read back as typed.
    let blocks = ast["blocks"].as_array().expect("blocks");
    let mut prose: BTreeMap<String, String> = BTreeMap::new();
    let mut section: Option<String> = None;
    for block in blocks {
        match block["t"].as_str() {
            Some("Header") => {
                let id = block["c"][1][0].as_str().unwrap_or_default();
                section = want.prose.contains_key(id).then(|| id.to_string());
            }
            Some("Para") => {
                if let Some(id) = &section {
                    let text = prose.entry(id.clone()).or_default();
                    if !text.is_empty() {
                        text.push_str("\n\n");
                    }
                    text.push_str(&plain(&block["c"]));
                }
            }
            _ => {}
        }
    }
    assert_eq!(prose.len(), want.prose.len());
    // pandoc reads a soft break as a space.
    let soft = |text: &str| {
        text.split("\n\n")
            .map(|p| p.replace('\n', " "))
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    for (id, text) in &want.prose {
        assert_eq!(prose[id], soft(text), "{id}");
    }
    let table_rows = all
        .iter()
        .find(|n| n["t"] == "Table")
        .map(|t| t["c"][4][0][3].as_array().map_or(0, Vec::len))
        .unwrap_or(0);
    assert_eq!(table_rows, want.rows);
}
