//! The quality benchmark's engine, shared by `cargo run --release --example
//! quality` (which prints it) and the floor tests in `tests/cli` (which keep
//! it from getting worse). It judges the labelled coaching cases in
//! `tests/fixtures/judgement/` with the real entry checks, and ranks the
//! labelled accounts in `tests/fixtures/suggest/` with the real `suggest`.
//! Dev sets are what the rules were tuned on; held-out sets never are.

#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use logbook::model::criteria::Catalogue;
use logbook::model::entry::Entry;
use logbook::model::frameworks::Frameworks;
use logbook::rules::lint::{LintConfig, lint_entry};
use logbook::rules::suggest::{Index, preselect};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// One labelled coaching case.
pub struct Case {
    pub file: String,
    pub strong: bool,
    pub expect: Vec<String>,
    pub blocked: Vec<String>,
    pub entry: Entry,
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|e| e == ext));
    out.sort();
    out
}

fn strings(v: Option<&toml::Value>) -> Vec<String> {
    v.and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// The cases in a folder of the judgement fixtures.
pub fn cases(set: &str) -> Vec<Case> {
    files(&root().join("judgement").join(set), "toml")
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("case file");
            let value: toml::Table = toml::from_str(&text).expect("case TOML");
            let mut entry = value["entry"].as_table().expect("[entry]").clone();
            entry.insert("id".into(), "2026-11-27-case".into());
            entry.insert(
                "created".into(),
                toml::Value::Datetime("2026-11-28T10:00:00Z".parse().expect("datetime")),
            );
            // Attached files are named in the case; a stored path stands in.
            let attached: Vec<toml::Value> = strings(entry.get("attachments"))
                .into_iter()
                .map(|a| format!("evidence/000000000000-{a}").into())
                .collect();
            entry.insert("attachments".into(), toml::Value::Array(attached));
            let (entry, _) = Entry::parse(&toml::to_string(&entry).expect("serialise"))
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            Case {
                file: path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                strong: value["label"].as_str() == Some("strong"),
                expect: strings(value.get("expect")),
                blocked: strings(value.get("blocked")),
                entry,
            }
        })
        .collect()
}

/// How the entry checks did on a set of cases.
#[derive(Default, Debug)]
pub struct Judged {
    pub strong: usize,
    /// Strong cases with credit withheld for a criterion they claim.
    pub strong_blocked: Vec<String>,
    pub weak: usize,
    /// Weak cases with a warning of an expected kind.
    pub weak_caught: usize,
    pub weak_missed: Vec<String>,
    /// Weak cases whose labelled criteria are all held back.
    pub weak_blocked_as_labelled: usize,
    /// Per kind: (weak cases expecting it and warned, expecting it, strong
    /// cases warned with it, strong cases held back by it).
    pub kinds: BTreeMap<String, (usize, usize, usize, usize)>,
}

impl Judged {
    /// Cases judged wrongly: a strong one held back, a weak one missed.
    pub fn wrong(&self) -> usize {
        self.strong_blocked.len() + self.weak_missed.len()
    }
}

pub fn judge(cases: &[Case]) -> Judged {
    let frameworks = Frameworks::builtin();
    let config = LintConfig::default();
    let mut j = Judged::default();
    for case in cases {
        let lints = lint_entry(&case.entry, &frameworks, &config);
        let held: Vec<&String> = lints.iter().flat_map(|l| &l.holds_back).collect();
        let fired: Vec<&str> = lints.iter().map(|l| l.kind.as_str()).collect();
        if case.strong {
            j.strong += 1;
            for l in &lints {
                let k = j.kinds.entry(l.kind.as_str().to_string()).or_default();
                k.2 += 1;
                k.3 += usize::from(!l.holds_back.is_empty());
            }
            let blocked: Vec<&String> = held
                .iter()
                .copied()
                .filter(|c| case.entry.criteria.contains(c))
                .collect();
            if !blocked.is_empty() {
                let kinds: Vec<&str> = lints
                    .iter()
                    .filter(|l| !l.holds_back.is_empty())
                    .map(|l| l.kind.as_str())
                    .collect();
                j.strong_blocked
                    .push(format!("{} ({})", case.file, kinds.join(", ")));
            }
        } else {
            j.weak += 1;
            for k in &case.expect {
                let e = j.kinds.entry(k.clone()).or_default();
                e.1 += 1;
                e.0 += usize::from(fired.contains(&k.as_str()));
            }
            if case.expect.iter().any(|k| fired.contains(&k.as_str())) {
                j.weak_caught += 1;
            } else {
                j.weak_missed.push(format!(
                    "{} (expected {}, got {})",
                    case.file,
                    case.expect.join("/"),
                    if fired.is_empty() {
                        "nothing".to_string()
                    } else {
                        fired.join(", ")
                    }
                ));
            }
            if case.blocked.iter().all(|c| held.contains(&c)) {
                j.weak_blocked_as_labelled += 1;
            }
        }
    }
    j
}

/// Labelled accounts: (criterion, text).
pub fn texts(set: &str) -> Vec<(String, String)> {
    texts_by_file(set)
        .into_iter()
        .flat_map(|(_, t)| t)
        .collect()
}

/// Labelled accounts of a set, file by file (one file per writer).
pub fn texts_by_file(set: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    for path in files(&root().join("suggest").join(set), "txt") {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let mut items = Vec::new();
        for block in text
            .split("\n== ")
            .skip(usize::from(!text.starts_with("== ")))
        {
            let block = block.strip_prefix("== ").unwrap_or(block);
            let (head, body) = block.split_once('\n').unwrap_or((block, ""));
            let id = head.split_whitespace().next().unwrap_or("").to_string();
            let body: Vec<&str> = body.lines().filter(|l| !l.starts_with('#')).collect();
            let body = body.join("\n").trim().to_string();
            if !id.is_empty() && !body.is_empty() {
                items.push((id, body));
            }
        }
        let name = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        out.push((name, items));
    }
    out
}

/// How `suggest` did on labelled accounts.
#[derive(Default, Debug)]
pub struct Ranked {
    pub n: usize,
    pub hit1: usize,
    pub hit3: usize,
    pub unit1: usize,
    /// Criteria ticked in advance, and how many were the intended one.
    pub ticked: usize,
    pub ticked_right: usize,
    /// Accounts with nothing ticked.
    pub none_ticked: usize,
}

impl Ranked {
    pub fn pct(&self, x: usize) -> f64 {
        100.0 * x as f64 / self.n.max(1) as f64
    }
}

pub fn rank(texts: &[(String, String)]) -> Ranked {
    let index = Index::new(&Catalogue::builtin());
    let unit = |id: &str| id.split('.').next().unwrap_or(id).to_string();
    let mut r = Ranked::default();
    for (id, text) in texts {
        let ranked = index.rank(text);
        let top: Vec<&str> = ranked.iter().take(3).map(|s| s.id.as_str()).collect();
        r.n += 1;
        r.hit1 += usize::from(top.first() == Some(&id.as_str()));
        r.hit3 += usize::from(top.contains(&id.as_str()));
        r.unit1 += usize::from(top.first().is_some_and(|t| unit(t) == unit(id)));
        let ticks = preselect(&ranked);
        r.ticked += ticks.len();
        r.ticked_right += ticks.iter().filter(|t| *t == id).count();
        r.none_ticked += usize::from(ticks.is_empty());
    }
    r
}

/// (top score, second score, top is right) for each account: for choosing
/// the pre-tick floor.
pub fn calibration(texts: &[(String, String)]) -> Vec<(f64, f64, bool)> {
    let index = Index::new(&Catalogue::builtin());
    texts
        .iter()
        .map(|(id, text)| {
            let ranked = index.rank(text);
            let top = ranked.first().map_or(0.0, |s| s.score);
            let second = ranked.get(1).map_or(0.0, |s| s.score);
            (top, second, ranked.first().is_some_and(|s| &s.id == id))
        })
        .collect()
}

/// Which strong cases get a warning of `kind` (advice included).
pub fn strong_warned(cases: &[Case], kind: &str) -> Vec<String> {
    let frameworks = Frameworks::builtin();
    let config = LintConfig::default();
    cases
        .iter()
        .filter(|c| c.strong)
        .filter(|c| {
            lint_entry(&c.entry, &frameworks, &config)
                .iter()
                .any(|l| l.kind.as_str() == kind)
        })
        .map(|c| c.file.clone())
        .collect()
}

/// For calibrating `weak-fit`: each claimed built-in criterion of each case
/// with whether the case says it is unsupported, the best passage rank and
/// probability from the model, and the rank by the criterion's own wording.
pub fn fit_table(cases: &[Case]) -> Vec<(String, bool, String, bool, usize, f64, usize)> {
    let config = LintConfig::default();
    let model = logbook::rules::fit::builtin_model();
    let mut out = Vec::new();
    for case in cases {
        let support = logbook::rules::lint::support(&case.entry);
        let texts: Vec<&str> = case.entry.filled_sections().map(|(_, t)| t).collect();
        let whole = format!("{}\n{}", case.entry.title, texts.join("\n"));
        let ranks = config.index.bm25_ranks(&whole);
        for c in &case.entry.criteria {
            let Some(i) = model.class_index(c) else {
                continue;
            };
            let bm = ranks.iter().find(|(id, _)| id == c).map_or(0, |(_, r)| *r);
            let unsupported = !case.strong
                && case.expect.iter().any(|k| k == "weak-fit")
                && case.blocked.contains(c);
            out.push((
                case.file.clone(),
                case.strong,
                c.clone(),
                unsupported,
                support[i].best_rank,
                support[i].best_prob,
                bm,
            ));
        }
    }
    out
}
