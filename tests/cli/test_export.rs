//! `logbook export`: the sample logbook's portfolio pinned by a snapshot and
//! checked by pandoc; redaction; `-o`/`--force`; filters.

use std::collections::BTreeSet;
use std::process::{Command, Stdio};

use crate::support::*;

/// A logbook holding a copy of `examples/sample`.
pub(crate) fn sample_logbook() -> Logbook {
    Logbook::sample()
}

/// Whether pandoc is here to check the export. Under CI (`CI` set, where
/// `.ci/run` installs it) its absence is a failure; on a developer's fresh
/// machine the pandoc checks are skipped with a note, so `cargo test` still
/// proves everything else.
pub(crate) fn pandoc_available() -> bool {
    let found = Command::new("pandoc")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "pandoc is needed for the export tests under CI: apt-get install pandoc (.ci/run does)"
        );
        eprintln!(
            "note: pandoc is not installed; skipping the pandoc checks (apt-get install pandoc)"
        );
    }
    found
}

/// Runs pandoc on `input`; returns (stdout, stderr).
pub(crate) fn pandoc(args: &[&str], input: &str) -> (String, String) {
    use std::io::Write;
    let mut child = Command::new("pandoc")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("pandoc is needed for the export tests: apt-get install pandoc (.ci/run does)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "pandoc failed: {}", stderr(&out));
    (stdout(&out), stderr(&out))
}

/// The values of `attr="…"` in HTML, e.g. every `id`.
fn attr_values(html: &str, attr: &str) -> BTreeSet<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

/// Converts with pandoc, insists on silence, and checks that every `#link`
/// has its target. Returns the HTML, or `None` when pandoc is not here.
pub(crate) fn assert_pandoc_clean(markdown: &str) -> Option<String> {
    if !pandoc_available() {
        return None;
    }
    for args in [
        &["-f", "markdown", "-t", "html", "--wrap=none"][..],
        &["-f", "markdown", "-t", "html", "-s"][..],
    ] {
        let (_, warnings) = pandoc(args, markdown);
        assert_eq!(warnings, "", "pandoc {args:?} warned");
    }
    let (html, _) = pandoc(&["-f", "markdown", "-t", "html", "--wrap=none"], markdown);
    let ids = attr_values(&html, "id");
    let links: BTreeSet<String> = attr_values(&html, "href")
        .into_iter()
        .filter_map(|h| h.strip_prefix('#').map(str::to_string))
        .collect();
    assert!(!links.is_empty(), "no internal links at all");
    let dangling: Vec<&String> = links.difference(&ids).collect();
    assert!(dangling.is_empty(), "links without a target: {dangling:?}");
    Some(html)
}

/// Every file the learner keeps, with its bytes: not the digest cache,
/// which any reading command may (re)write once the files have settled.
fn entry_files(lb: &Logbook) -> Vec<(String, Vec<u8>)> {
    lb.files()
        .into_iter()
        .filter(|f| !f.starts_with("cache/"))
        .map(|f| {
            let bytes = std::fs::read(lb.dir().join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

#[test]
fn the_sample_portfolio_is_pinned_and_renders_cleanly() {
    let lb = sample_logbook();
    let out = lb.run(&["export"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "redacted 1 email address, 1 phone number, 1 card number, 1 postcode and 1 name\n\
         tip: the front page has no registration, centre, awarding_body, employer, job_role, \
         assessor, start_date, end_date; set them with `logbook config set KEY VALUE`\n"
    );
    let doc = stdout(&out);
    insta::assert_snapshot!(doc);
    // Safe by default: no customer's contact or card details.
    for planted in [
        "joanne.hughes1978",
        "example.com",
        "07700 900461",
        "LS6 3HN",
        "4111 1111 1111 1111",
        "Mrs Joanne Hughes",
    ] {
        assert!(!doc.contains(planted), "{planted:?} survived");
    }
    // The candidate's own document never grades itself.
    assert!(
        !doc.contains("Met"),
        "the document calls its own evidence Met"
    );
    assert!(
        !doc.contains("Award credit for"),
        "the examiner's rubric leaked"
    );

    let Some(html) = assert_pandoc_clean(&doc) else {
        return;
    };
    // Every entry and criterion is a target, and the matrix links to them.
    assert_eq!(html.matches("<h2 id=\"entry-").count(), 28);
    assert_eq!(html.matches("<h3 id=\"crit-").count(), 21);
    assert!(html.contains("><a href=\"#crit-res-4\">RES.4</a></td>"));
    // The Markdown-hostile entry comes out as its literal text; lines typed
    // one after another stay one paragraph.
    assert!(html.contains("&lt;b&gt;Dear Customer&lt;/b&gt;, please note our policy | Returns"));
    assert!(html.contains("*All collections are subject to availability* and `RTN-DMG`"));
    assert!(html.contains("<p>--- I’m sorry your [item] arrived damaged."));
    assert!(html.contains("You don’t need to do anything else. ---</p>"));
    assert!(html.contains("<p># What changed and why I removed the *asterisks*"));
    assert!(
        !html.contains("<br />"),
        "a typed line break became a hard break"
    );
    assert_eq!(html.matches("<table").count(), 1);
    assert!(!html.contains("<hr"));
    assert!(!html.contains("<b>"));
}

#[test]
fn redact_removes_planted_data_but_never_touches_the_entries() {
    let lb = sample_logbook();
    let settings = lb.dir().join("logbook.toml");
    let mut text = std::fs::read_to_string(&settings).unwrap();
    text.push_str("\n[redact]\nnames = [\"Mrs Joanne Hughes = customer\"]\n");
    std::fs::write(&settings, text).unwrap();
    let before = entry_files(&lb);

    let out = lb.run(&["export"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let doc = stdout(&out);
    // `--redact` is the default, still accepted.
    assert_eq!(stdout(&lb.run(&["export", "--redact"])), doc);
    for planted in [
        "Joanne",
        "Hughes",
        "joanne.hughes1978",
        "example.com",
        "07700 900461",
        "LS6 3HN",
        "4111 1111 1111 1111",
        "wrong-delivery-address",
    ] {
        assert!(!doc.contains(planted), "{planted:?} survived");
    }
    for kept in [
        "At 14:30 on 3 March 2026",
        "06/03/2026",
        "£45.99",
        "INC-20431",
        "3 of 9 advisers",
        "\\[CUSTOMER\\] rang",
        "email \\[EMAIL\\], mobile \\[PHONE\\], new postcode \\[POSTCODE\\]",
        "card number, \\[CARD\\], to",
    ] {
        assert!(doc.contains(kept), "{kept:?} is missing");
    }
    assert!(doc.contains("personal data has been replaced with placeholders"));
    assert!(
        stderr(&out).starts_with(
            "redacted 1 email address, 1 phone number, 1 card number, 1 postcode and 1 name\n"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(entry_files(&lb), before, "the stored files changed");
    assert_pandoc_clean(&doc);

    // Without the name listed, a name written with a title is still caught.
    std::fs::write(&settings, "learner = \"Sam Taylor\"\n").unwrap();
    let out = lb.run(&["export", "--criterion", "RES.4"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("\\[NAME\\] rang"), "{}", stdout(&out));
    assert!(!stdout(&out).contains("Hughes"));

    // --no-redact keeps it all, and says what it kept.
    let before = entry_files(&lb);
    let out = lb.run(&["export", "--no-redact"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let doc = stdout(&out);
    for planted in [
        "joanne.hughes1978",
        "07700 900461",
        "LS6 3HN",
        "4111 1111 1111 1111",
        "Mrs Joanne Hughes",
    ] {
        assert!(doc.contains(planted), "{planted:?} is missing");
    }
    assert!(
        stderr(&out).starts_with(
            "warning: --no-redact: the portfolio keeps 1 email address, 1 phone number, \
             1 card number, 1 postcode and 1 name; read it before you share it\n"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(entry_files(&lb), before, "the stored files changed");
    let out = lb.run(&["export", "--no-redact", "--redact"]);
    assert_eq!(code(&out), 2, "the two contradict each other");
}

#[test]
fn output_file_is_written_once_and_replaced_only_with_force() {
    let lb = sample_logbook();
    let path = lb.tmp.path().join("portfolio.md");
    let out = lb.run(&["export", "-o", "portfolio.md"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out)
            .contains("\nwrote portfolio.md: 28 entries, 18 of 21 criteria ready for assessment\n"),
        "{}",
        stderr(&out)
    );
    let first = std::fs::read_to_string(&path).unwrap();
    assert!(first.starts_with("---\ntitle: 'Evidence portfolio'\n"));
    assert_eq!(first, stdout(&lb.run(&["export"])));

    std::fs::write(&path, "my own notes\n").unwrap();
    let out = lb.run(&["export", "-o", "portfolio.md"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: portfolio.md already exists (add --force to replace it, or choose another file name)\n"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my own notes\n");

    let out = lb.run(&["export", "-o", "portfolio.md", "--force", "--unit", "res"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let replaced = std::fs::read_to_string(&path).unwrap();
    assert!(replaced.contains("This export is limited to unit RES."));

    let out = lb.run(&["export", "--force"]);
    assert_eq!(code(&out), 2, "--force needs -o");

    for (target, message) in [
        (".", "is a directory"),
        (
            "data/entries/2026/03/x.md",
            "inside the logbook's entries directory",
        ),
        ("no/such/dir/p.md", "does its folder exist?"),
    ] {
        let out = lb.run(&["export", "-o", target, "--force"]);
        assert_eq!(code(&out), 2, "{target}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{target}: {}", stderr(&out));
    }
    assert!(!lb.dir().join("entries/2026/03/x.md").exists());
    let leftovers: Vec<_> = std::fs::read_dir(lb.tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert_eq!(leftovers, Vec::<String>::new());
}

#[test]
fn filters_narrow_the_matrix_and_keep_every_link_resolving() {
    let lb = sample_logbook();
    let out = lb.run(&["export", "--unit", "PRI", "--since", "2026-01-01"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let doc = stdout(&out);
    assert!(doc.contains("This export is limited to unit PRI and entries from 1 January 2026."));
    assert!(doc.contains("- **Units:** 1 ([PRI](#unit-pri))"));
    assert!(doc.contains(
        "- **Ready for assessment:** 3 of 4 criteria (0 claimed with more needed, 1 with no evidence yet)"
    ));
    assert!(
        !doc.contains("[RES.1][]"),
        "criteria outside the unit are not linked"
    );
    assert_eq!(doc.matches("\n## E").count(), 3);
    assert_pandoc_clean(&doc);

    let out = lb.run(&["export", "--criterion", "res4"]);
    let doc = stdout(&out);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(doc.matches("\n## E").count(), 3);
    assert_eq!(doc.matches("\n| [").count(), 1, "one matrix row");
    assert_pandoc_clean(&doc);

    let out = lb.run(&["export", "--criterion", "RES.9"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: unknown criterion \"RES.9\" (RES has RES.1–RES.8)\n"
    );
}

#[test]
fn an_empty_logbook_exports_a_useful_skeleton() {
    let lb = Logbook::new();
    let out = lb.run(&["export"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let doc = stdout(&out);
    assert!(doc.contains("- **Entries:** none yet"));
    assert!(doc.contains(
        "- **Ready for assessment:** 0 of 21 criteria (0 claimed with more needed, 21 with no evidence yet)"
    ));
    assert!(doc.contains("\nNo entries.\n"));
    assert!(doc.contains("- **Candidate:** not recorded\n"));
    assert!(
        stderr(&out).contains("tip: the front page has no learner, registration,"),
        "{}",
        stderr(&out)
    );
    assert_pandoc_clean(&doc);
}

#[test]
fn html_format_is_one_self_contained_page() {
    let lb = sample_logbook();
    let out = lb.run(&["export", "--format", "html", "--unit", "RES", "--no-redact"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let html = stdout(&out);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
    assert!(html.contains("<title>Evidence portfolio — Sam Taylor</title>"));
    assert!(html.contains("<p class=\"author\">Sam Taylor</p>"));
    assert!(
        !html.contains("title: 'Evidence portfolio'"),
        "metadata leaked"
    );
    assert!(!html.contains("<script") && !html.contains("src=\""));
    let ids = attr_values(&html, "id");
    for link in attr_values(&html, "href") {
        let target = link.strip_prefix('#').expect("only internal links");
        assert!(ids.contains(target), "dangling {link}");
    }
    assert!(
        html.contains("<h2 id=\"entry-2026-04-09-rewriting-the-damaged-goods-reply-template\">")
    );
    assert!(html.contains("&lt;b&gt;Dear Customer&lt;/b&gt;"));
}
