//! The assessor-ready portfolio (issue 16): the profile (`config set/get`),
//! witness testimonies, assessor decisions bound to the text judged,
//! evidence files (`--attach`, `check`, `export --bundle`), `purge`, and
//! the document itself in Markdown (checked by pandoc), HTML and the PDF
//! Chromium prints from it (checked by poppler's pdftotext and pdfinfo).

use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::*;
use crate::test_export::{assert_pandoc_clean, pandoc, pandoc_available};

/// Whether a tool is here. Under CI (`CI` set, where `.ci/run` installs
/// it) its absence fails the test; elsewhere the check is skipped with a note.
fn tool_available(tool: &str, version_flag: &str, package: &str) -> bool {
    let found = Command::new(tool)
        .arg(version_flag)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is needed under CI: apt-get install {package} (.ci/run does)"
        );
        eprintln!("note: {tool} is not installed; skipping its checks (apt-get install {package})");
    }
    found
}

fn ok(out: &std::process::Output) -> String {
    assert_eq!(code(out), 0, "{}", stderr(out));
    stdout(out)
}

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&ok(out)).expect("one JSON document")
}

const PROFILE: &[(&str, &str)] = &[
    ("learner", "Sam Taylor"),
    ("registration", "ULN 1234567890"),
    ("centre", "Northgate Training (centre 04512)"),
    ("awarding_body", "ILM"),
    (
        "qualification",
        "ILM Level 3 Certificate in Leadership and Management",
    ),
    ("employer", "Hartley Home Furnishings"),
    ("job_role", "Customer service team leader"),
    ("assessor", "Ann Assessor"),
    ("start_date", "2026-09-01"),
    ("end_date", "2027-08-31"),
];

const SITUATION: &str = "Mrs Okafor rang about a refund that was three weeks late.\nShe was upset and said she had called twice already.";
const ACTION: &str = "I listened without interrupting, asked when she had ordered and how she had paid, and checked the order history. The refund was over my authority limit, so I escalated it to finance straight away instead of promising a date myself.";
const RESULT: &str = "Finance issued the refund the same day. I rang her back on Friday to check it had arrived; she thanked me and the complaint was closed.";
const STATEMENT: &str = "I sat beside Sam for the whole call.\nSam asked clear questions and escalated within minutes.\n\nI confirm this account is accurate.";

/// A fresh logbook with the whole profile, one entry with an attached
/// file, a signed witness testimony and two decisions.
fn assessed_logbook() -> (Logbook, String) {
    let lb = Logbook::new();
    for (key, value) in PROFILE {
        ok(&lb.run(&["config", "set", key, value]));
    }
    std::fs::write(
        lb.tmp.path().join("minutes.pdf"),
        b"%PDF-1.4 minutes of the call review",
    )
    .unwrap();
    let id = lb.add(&[
        "--title",
        "Refund complaint escalated by phone",
        "--date",
        "2026-11-27",
        "--section",
        &format!("situation={SITUATION}"),
        "--section",
        &format!("action={ACTION}"),
        "--section",
        &format!("result={RESULT}"),
        "--criteria",
        "RES.1,RES.5",
        "--attach",
        "minutes.pdf",
    ]);
    ok(&lb.run(&[
        "witness",
        &id,
        "--name",
        "Priya Shah",
        "--role",
        "Store manager",
        "--relationship",
        "Line manager",
        "--contact",
        "priya.shah@hartley.example",
        "--statement",
        STATEMENT,
        "--signed",
    ]));
    ok(&lb.run(&[
        "assess",
        &id,
        "--criterion",
        "RES.1",
        "--accept",
        "--feedback",
        "Clear, open questions.",
        "--method",
        "examined product",
    ]));
    ok(&lb.run(&[
        "assess",
        &id,
        "--criterion",
        "RES.5",
        "--action-required",
        "--assessor",
        "Ann Assessor",
        "--feedback",
        "Say what your authority limit is.",
    ]));
    (lb, id)
}

#[test]
fn the_profile_is_set_checked_and_shown_with_where_it_comes_from() {
    let lb = Logbook::new();
    let settings = lb.dir().join("logbook.toml");
    std::fs::create_dir_all(lb.dir()).unwrap();
    std::fs::write(
        &settings,
        "# my logbook\nlearner = \"Sam\" # me\n\n[gaps]\ncurrency_months = 6\n",
    )
    .unwrap();
    assert_eq!(
        ok(&lb.run(&["config", "set", "learner", "  Sam   Taylor "])),
        "learner = Sam Taylor\n"
    );
    assert_eq!(
        ok(&lb.run(&["config", "set", "start_date", "3 months ago"])),
        "start_date = 2026-08-28\n"
    );
    assert_eq!(
        std::fs::read_to_string(&settings).unwrap(),
        "# my logbook\nlearner = \"Sam Taylor\" # me\nstart_date = 2026-08-28\n\n[gaps]\ncurrency_months = 6\n"
    );
    let mode = std::fs::metadata(&settings).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(
        ok(&lb.run(&["config", "get", "start_date"])),
        "2026-08-28\n"
    );
    assert_eq!(
        ok(&lb.run(&["config", "get", "gaps.currency_months"])),
        "6\n"
    );

    let out = lb.run(&["config", "set", "registraton", "X"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: unknown key \"registraton\" (did you mean registration?)\n"
    );
    let out = lb.run(&["config", "set", "end_date", "someday"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).starts_with("error: end_date: \"someday\" is not a date"),
        "{}",
        stderr(&out)
    );
    let out = lb.run(&["config", "get", "registration"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stderr(&out),
        "error: registration is not set (logbook config set registration VALUE)\n"
    );
    assert_eq!(code(&lb.run(&["config", "get", "lerner"])), 2);

    // The environment overrides the file, and `config` says so.
    let out = lb
        .cmd()
        .args(["config"])
        .env("LOGBOOK_ASSESSOR", "Ann Assessor")
        .output()
        .unwrap();
    let text = ok(&out);
    let line = |key: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{key} ")))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    };
    assert_eq!(line("learner"), "learner \"Sam Taylor\" (logbook.toml)");
    assert_eq!(
        line("assessor"),
        "assessor \"Ann Assessor\" (environment: $LOGBOOK_ASSESSOR)"
    );
    assert_eq!(line("registration"), "registration (not set)");
    assert_eq!(
        line("gaps.review_gap_days"),
        "gaps.review_gap_days 120 (default)"
    );
    let out = lb
        .cmd()
        .args(["config", "--json"])
        .env("LOGBOOK_ASSESSOR", "Ann")
        .output()
        .unwrap();
    let doc = json(&out);
    assert_eq!(doc["settings"]["start_date"], "2026-08-28");
    assert_eq!(doc["origins"]["assessor"], "environment: $LOGBOOK_ASSESSOR");
    assert_eq!(doc["origins"]["learner"], "logbook.toml");

    // "" removes a key; its comment stays.
    ok(&lb.run(&["config", "set", "learner", ""]));
    let text = std::fs::read_to_string(&settings).unwrap();
    assert!(!text.contains("learner"), "{text}");
    assert!(text.starts_with("# my logbook\n"), "{text}");

    // A broken file is reported and never rewritten.
    std::fs::write(&settings, "learner = \n").unwrap();
    let out = lb.run(&["config", "set", "centre", "X"]);
    assert_eq!(code(&out), 2);
    assert_eq!(std::fs::read_to_string(&settings).unwrap(), "learner = \n");
}

#[test]
fn witnesses_and_decisions_are_kept_apart_and_bound_to_the_text_judged() {
    let (lb, id) = assessed_logbook();
    let entry_path = lb.dir().join(format!("entries/2026/11/{id}.toml"));
    let shown = json(&lb.run(&["show", &id, "--json"]));
    assert_eq!(
        shown["witnesses"],
        serde_json::json!([{
            "name": "Priya Shah",
            "role": "Store manager",
            "relationship": "Line manager",
            "contact": "priya.shah@hartley.example",
            "statement": STATEMENT,
            "date": "2026-11-28",
            "signed": true
        }])
    );
    let assessments = shown["assessments"].as_array().unwrap();
    assert_eq!(assessments.len(), 2);
    let res1 = assessments
        .iter()
        .find(|a| a["criterion"] == "RES.1")
        .unwrap();
    assert_eq!(res1["decision"], "accepted");
    assert_eq!(res1["assessor"], "Ann Assessor");
    assert_eq!(res1["feedback"], "Clear, open questions.");
    assert_eq!(res1["date"], "2026-11-28");
    assert_eq!(res1["current"], true);
    let res5 = assessments
        .iter()
        .find(|a| a["criterion"] == "RES.5")
        .unwrap();
    assert_eq!(res5["decision"], "action-required");

    // One file per record, apart from the entry, which was never rewritten.
    let records: Vec<String> = lb
        .files()
        .into_iter()
        .filter(|f| f.starts_with("records/"))
        .collect();
    assert_eq!(records.len(), 3, "{records:?}");
    assert!(
        records
            .iter()
            .all(|r| r.starts_with(&format!("records/{id}/")))
    );
    let entry_text = std::fs::read_to_string(&entry_path).unwrap();
    assert!(
        !entry_text.contains("Priya") && !entry_text.contains("updated"),
        "{entry_text}"
    );

    let assessed = |lb: &Logbook| -> BTreeMap<String, serde_json::Value> {
        let gaps = json(&lb.run(&["gaps", "--json"]));
        gaps["units"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|u| u["criteria"].as_array().unwrap().clone())
            .map(|c| (c["id"].as_str().unwrap().to_string(), c["assessed"].clone()))
            .collect()
    };
    let before = assessed(&lb);
    assert_eq!(before["RES.1"], "accepted");
    assert_eq!(before["RES.5"], "action-required");
    assert_eq!(before["RES.2"], serde_json::Value::Null);
    let human = ok(&lb.run(&["gaps", "--unit", "RES"]));
    assert!(
        human.contains("Assessor: 1 accepted, 1 action required, 6 not yet assessed"),
        "{human}"
    );
    assert!(
        human
            .lines()
            .any(|l| l.contains("RES.1") && l.contains("accepted")),
        "{human}"
    );

    // An edit after the decision: it no longer stands.
    ok(&lb.run(&[
        "edit",
        &id,
        "--section",
        "reflection=Next time I will quote the limit.",
    ]));
    let shown = json(&lb.run(&["show", &id, "--json"]));
    assert!(
        shown["assessments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["current"] == false)
    );
    let after = assessed(&lb);
    assert_eq!(after["RES.1"], serde_json::Value::Null);
    let human = ok(&lb.run(&["show", &id]));
    assert!(
        human.contains(
            "Accepted by Ann Assessor on 28 Nov 2026 (examined product) — changed since assessed"
        ),
        "{human}"
    );
    let doc = ok(&lb.run(&["export"]));
    assert!(
        doc.contains("| Ready for assessment | Accepted on 28 Nov 2026 for an earlier version |"),
        "{doc}"
    );
    assert!(doc.contains(
        "**Accepted on 28 November 2026 for an earlier version** by Ann Assessor (examined \
         product) — the entry has changed since, so this decision no longer stands until the \
         assessor looks again"
    ));
    assert!(
        !doc.contains("**Accepted** by"),
        "never a plain Accepted: {doc}"
    );

    // A fresh decision on the new text stands again.
    ok(&lb.run(&["assess", &id, "-c", "RES.1", "--accept"]));
    assert_eq!(assessed(&lb)["RES.1"], "accepted");
    // The later decision is the later one, even within the same (pinned) second.
    ok(&lb.run(&[
        "assess",
        &id,
        "-c",
        "RES.1",
        "--action-required",
        "--feedback",
        "Redo.",
    ]));
    assert_eq!(assessed(&lb)["RES.1"], "action-required");
    ok(&lb.run(&["assess", &id, "-c", "RES.1", "--accept"]));
    assert_eq!(assessed(&lb)["RES.1"], "accepted");
}

#[test]
fn bad_records_are_refused_with_one_clear_line() {
    let lb = Logbook::new();
    let id = lb.add(&[
        "--title",
        "A call",
        "--date",
        "2026-11-27",
        "--section",
        "situation=A call.",
        "--criteria",
        "RES.1",
    ]);
    let cases: &[(&[&str], &str)] = &[
        (
            &["assess", &id, "-c", "RES.4", "--accept", "--assessor", "A"],
            "does not claim RES.4",
        ),
        (
            &["assess", &id, "-c", "RES.1", "--accept"],
            "who is deciding? pass --assessor NAME",
        ),
        (
            &["assess", &id, "-c", "RES.1", "--assessor", "A"],
            "--accept",
        ),
        (
            &[
                "assess",
                &id,
                "-c",
                "RES.1",
                "--accept",
                "--action-required",
                "--assessor",
                "A",
            ],
            "cannot be used with",
        ),
        (
            &["witness", &id, "--name", "", "--role", "Manager"],
            "--name is empty",
        ),
        (
            &[
                "witness",
                &id,
                "--name",
                "Priya",
                "--role",
                "Manager",
                "--date",
                "2026-11-20",
            ],
            "before",
        ),
        (
            &["witness", "nope", "--name", "Priya", "--role", "Manager"],
            "no entry \"nope\"",
        ),
    ];
    for (args, message) in cases {
        let out = lb.run(args);
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
    }
    assert!(!lb.dir().join("records").exists(), "nothing was recorded");
}

/// Every `](evidence/…)` link in a document.
fn evidence_links(doc: &str) -> Vec<String> {
    doc.match_indices("](evidence/")
        .map(|(at, _)| {
            let rest = &doc[at + 2..];
            rest[..rest.find(')').unwrap()].to_string()
        })
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    logbook::model::record::sha256_hex(bytes)
}

#[test]
fn attached_files_are_checked_and_travel_in_the_bundle() {
    let (lb, id) = assessed_logbook();
    let shown = json(&lb.run(&["show", &id, "--json"]));
    let stored = shown["attachments"][0].as_str().unwrap().to_string();
    assert!(
        stored.starts_with("evidence/") && stored.ends_with("-minutes.pdf"),
        "{stored}"
    );
    let bytes = std::fs::read(lb.dir().join(&stored)).unwrap();
    assert!(stored.starts_with(&format!("evidence/{}", &sha256_hex(&bytes)[..12])));

    // edit --attach adds another; the same file twice is stored once.
    std::fs::write(
        lb.tmp.path().join("Email to customer.txt"),
        "Dear customer, ...",
    )
    .unwrap();
    ok(&lb.run(&[
        "edit",
        &id,
        "--attach",
        "Email to customer.txt",
        "--attach",
        "minutes.pdf",
    ]));
    let shown = json(&lb.run(&["show", &id, "--json"]));
    let attachments: Vec<String> = shown["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    assert_eq!(attachments.len(), 2, "{attachments:?}");
    assert!(
        attachments[1].ends_with("-Email-to-customer.txt"),
        "{attachments:?}"
    );
    assert_eq!(
        std::fs::read_dir(lb.dir().join("evidence"))
            .unwrap()
            .count(),
        2
    );
    let out = lb.run(&[
        "add",
        "--no-input",
        "--title",
        "x",
        "--section",
        "situation=x",
        "--attach",
        "no-such.pdf",
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("--attach no-such.pdf: no such file"),
        "{}",
        stderr(&out)
    );
    ok(&lb.run(&["check"]));

    // The bundle: unzip it, and every link resolves to a file with the recorded hash.
    let out = lb.run(&["export", "--bundle", "portfolio.zip", "--no-redact"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("wrote portfolio.zip: 1 entry and 2 evidence files"),
        "{}",
        stderr(&out)
    );
    let zip_path = lb.tmp.path().join("portfolio.zip");
    let mode = std::fs::metadata(&zip_path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        files.insert(f.name().unwrap().to_string(), bytes);
    }
    let doc = String::from_utf8(files["portfolio.md"].clone()).unwrap();
    let links = evidence_links(&doc);
    assert_eq!(links.len(), 2, "{doc}");
    for link in &links {
        let bytes = files
            .get(link)
            .unwrap_or_else(|| panic!("{link} is not in the bundle"));
        let hash = link
            .trim_start_matches("evidence/")
            .split('-')
            .next()
            .unwrap();
        assert!(sha256_hex(bytes).starts_with(hash), "{link}");
    }
    assert_eq!(files.len(), 3, "{:?}", files.keys());
    assert_pandoc_clean(&doc);
    // An HTML bundle links the same way.
    let out = lb.run(&["export", "--bundle", "p2.zip", "--format", "html"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(lb.tmp.path().join("p2.zip")).unwrap()).unwrap();
    let mut html = String::new();
    archive
        .by_name("portfolio.html")
        .unwrap()
        .read_to_string(&mut html)
        .unwrap();
    assert!(
        html.contains("href=\"evidence/"),
        "links in the HTML bundle"
    );
    assert_eq!(
        code(&lb.run(&["export", "--bundle", "p2.zip"])),
        2,
        "kept without --force"
    );

    // check: an altered file and a missing one, each at its place.
    std::fs::write(lb.dir().join(&attachments[0]), b"tampered").unwrap();
    std::fs::remove_file(lb.dir().join(&attachments[1])).unwrap();
    let out = lb.run(&["check"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "attachment {} has changed since it was attached",
            attachments[0]
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "attachment {} is missing from the logbook",
            attachments[1]
        )),
        "{text}"
    );
    let out = lb.run(&["export", "--bundle", "p3.zip"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "is missing or has changed (see `logbook check`), so it is not in the bundle"
        )
    );
}

#[test]
fn purge_erases_an_entry_and_everything_made_from_it() {
    let (lb, id) = assessed_logbook();
    let other = lb.add(&[
        "--title",
        "Second call",
        "--date",
        "2026-11-26",
        "--section",
        "situation=Another call.",
        "--attach",
        "minutes.pdf",
    ]);
    // The digest cache keeps titles and words: purge must not leave it.
    let out = lb
        .cmd()
        .args(["gaps"])
        .env("LOGBOOK_CACHE_SETTLE_MS", "0")
        .output()
        .unwrap();
    ok(&out);
    assert!(lb.dir().join("cache/digests").exists());
    std::fs::create_dir_all(lb.dir().join("drafts/edits")).unwrap();
    // Unsaved edits, as the TOML file and as the Markdown form, each with
    // the entry text it began from: all of them hold the entry's words.
    for name in [".toml", ".toml.base", ".md", ".md.base"] {
        std::fs::write(lb.dir().join(format!("drafts/edits/{id}{name}")), "unsaved").unwrap();
    }

    let out = lb.run(&["purge", &id]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        format!(
            "error: purge deletes {id} for good and asks first, but there is no terminal here (pass --yes to delete without asking)\n"
        )
    );
    assert!(
        lb.dir().join("records").join(&id).exists(),
        "nothing deleted"
    );

    let out = lb.run(&["purge", &id, "--yes"]);
    let text = ok(&out);
    assert!(
        text.starts_with(&format!(
            "Purged {id} (Refund complaint escalated by phone)\n"
        )),
        "{text}"
    );
    assert!(
        text.contains("Kept 1 evidence file that other entries use."),
        "{text}"
    );
    let files = lb.files();
    assert!(files.iter().all(|f| !f.contains(&id)), "{files:?}");
    assert!(
        !files.iter().any(|f| f.starts_with("cache/digests")),
        "{files:?}"
    );
    assert_eq!(
        files.iter().filter(|f| f.starts_with("evidence/")).count(),
        1,
        "shared evidence stays"
    );
    assert_eq!(code(&lb.run(&["show", &id])), 2);
    ok(&lb.run(&["show", &other]));

    // A trashed entry can be purged too, with its evidence.
    ok(&lb.run(&["rm", &other]));
    ok(&lb.run(&["purge", &other, "--yes"]));
    assert_eq!(
        lb.files()
            .iter()
            .filter(|f| f.starts_with("evidence/") || f.starts_with("trash/"))
            .count(),
        0
    );
    assert_eq!(code(&lb.run(&["purge", "nothing-here", "--yes"])), 2);
}

/// Chromium's headless print, as .ci/run installs it.
fn print_to_pdf(html: &Path, pdf: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .stdin(Stdio::null())
        .output()
        .expect("run chromium");
    assert!(
        out.status.success() && pdf.exists(),
        "chromium failed: {}",
        stderr(&out)
    );
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn an_assessed_logbook_exports_front_page_declaration_witness_and_decision_in_every_format() {
    let (lb, id) = assessed_logbook();
    // Markdown, which pandoc reads without a warning.
    let out = lb.run(&["export", "-o", "portfolio.md"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let md = std::fs::read_to_string(lb.tmp.path().join("portfolio.md")).unwrap();
    let expect_md = [
        "- **Candidate:** Sam Taylor\n",
        "- **Registration number:** ULN 1234567890\n",
        "- **Centre:** Northgate Training (centre 04512)\n",
        "- **Awarding body:** ILM\n",
        "- **Employer:** Hartley Home Furnishings\n",
        "- **Job role:** Customer service team leader\n",
        "- **Assessor:** Ann Assessor\n",
        "- **Programme dates:** 1 September 2026 to 31 August 2027\n",
        "# Declaration of authenticity {#declaration}",
        "I, Sam Taylor, declare that the evidence in this portfolio is my own work.",
        "**Candidate's signature:** \\_\\_\\_",
        "### Witness testimony: Priya Shah",
        "- **Relationship to the candidate:** Line manager\n",
        "- **Contact:** priya.shah\\@hartley.example\n",
        "**Witness's signature:**",
        "### Assessor's decisions",
        "**Accepted** by Ann Assessor on 28 November 2026 (examined product). Feedback: Clear, open questions.",
        "**Action required** by Ann Assessor on 28 November 2026. Feedback: Say what your authority limit is.",
        "| Ready for assessment | Accepted |",
        "| Ready for assessment | Action required |",
        "- **Written:** 28 November 2026 at 10:00\n",
        "- **Last changed:** not changed since\n",
        // Typed lines flow as one paragraph; the customer is anonymised.
        "\\[NAME\\] rang about a refund that was three weeks late.\nShe was upset",
        "I sat beside Sam for the whole call.\nSam asked clear questions",
    ];
    for want in expect_md {
        assert!(md.contains(want), "{want:?} is missing from\n{md}");
    }
    assert!(!md.contains("Okafor"));
    assert!(!md.contains("Met") && !md.contains("Award credit"));
    if pandoc_available() {
        assert_pandoc_clean(&md);
        let (_, warnings) = pandoc(
            &[
                "-f",
                "markdown",
                "-t",
                "docx",
                "-o",
                "/dev/null",
                "--fail-if-warnings",
            ],
            &md,
        );
        assert_eq!(warnings, "");
    }

    // HTML: the same, on a page that prints.
    let out = lb.run(&["export", "--format", "html", "-o", "portfolio.html"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let html_path = lb.tmp.path().join("portfolio.html");
    let html = std::fs::read_to_string(&html_path).unwrap();
    for want in [
        "<title>Evidence portfolio — Sam Taylor</title>",
        "@top-left { content: \"Evidence portfolio — Sam Taylor\"; }",
        "counter(page)",
        "h2[id^=\"entry-\"] { break-before: page; }",
        "<h1 id=\"declaration\">Declaration of authenticity</h1>",
        "<strong>Registration number:</strong> ULN 1234567890",
        "<h3 id=\"entry-",
        "Witness testimony: Priya Shah</h3>",
        "<strong>Accepted</strong> by Ann Assessor",
    ] {
        assert!(html.contains(want), "{want:?} is missing from the HTML");
    }
    assert!(!html.contains("<script") && !html.contains("src=\""));

    // The PDF Chromium prints from it.
    if !(tool_available("chromium", "--version", "chromium")
        && tool_available("pdftotext", "-v", "poppler-utils")
        && tool_available("pdfinfo", "-v", "poppler-utils"))
    {
        return;
    }
    let pdf = lb.tmp.path().join("portfolio.pdf");
    print_to_pdf(&html_path, &pdf);
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = stdout(&info);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    // Title and front page; declaration; contents with the summary; the
    // matrix; the criteria; the entry: at least six pages.
    assert!((6..40).contains(&pages), "{pages} pages\n{info}");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = squeeze(&stdout(&text));
    for want in [
        "Candidate and programme",
        "Registration number: ULN 1234567890",
        "Programme dates: 1 September 2026 to 31 August 2027",
        "Declaration of authenticity",
        "I, Sam Taylor, declare that the evidence in this portfolio is my own work.",
        "Candidate's signature:",
        "Witness testimony: Priya Shah",
        "Witness's signature:",
        "Accepted by Ann Assessor on 28 November 2026",
        "Action required by Ann Assessor",
        &format!("Page 1 of {pages}"),
        &format!("Page {pages} of {pages}"),
        "Evidence portfolio — Sam Taylor",
    ] {
        assert!(
            text.contains(want),
            "{want:?} is missing from the PDF:\n{text}"
        );
    }
    // No entry text lost: every word of every section, in order.
    for section in [ACTION, RESULT, STATEMENT] {
        assert!(
            text.contains(&squeeze(section)),
            "lost from the PDF: {section}\n{text}"
        );
    }
    assert!(text.contains(&squeeze(&SITUATION.replace("Mrs Okafor", "[NAME]"))));
    let _ = id;
}
