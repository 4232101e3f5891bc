//! Personal data an adversarial tester slipped past: non-ASCII digits and
//! at-signs, sort codes, postcodes without the space, names typed without
//! their accents, phone numbers near "customer services", and the names of
//! attached files. Each through the real binary: ids, the export, the
//! stored evidence file and the bundle.

use std::io::Read;

use crate::support::{Logbook, code, stderr, stdout};

fn with_names(lb: &Logbook) {
    std::fs::create_dir_all(lb.dir()).unwrap();
    std::fs::write(
        lb.dir().join("logbook.toml"),
        "[redact]\nnames = [\"Siobhán Ó Briain = customer\", \"Zoë\", \"Joanne Hughes = customer\"]\n",
    )
    .unwrap();
}

const SITUATION: &str = "Siobhan O Briain rang on ０７７００ ９００１２３ and then ٠٧٧٠٠ ٩٠٠١٢٣, \
     email jane.doe＠example.com, postcode M11AE or B11AA. She gave her account 12345678 sort 12-34-56 \
     and her date of birth, 12/03/1985. Then Zoe took over. \
     She rang customer services from her home number 0161 496 0000.";

/// Each leak, in the text typed.
const LEAKS: &[&str] = &[
    "Siobhan",
    "Briain",
    "０７７００",
    "９００１２３",
    "٠٧٧٠٠",
    "٩٠٠١٢٣",
    "jane.doe",
    "M11AE",
    "B11AA",
    "12345678",
    "12-34-56",
    "12/03/1985",
    "Zoe",
    "0161 496 0000",
];

#[test]
fn non_ascii_and_unspaced_personal_data_stays_out_of_ids_and_the_export() {
    let lb = Logbook::new();
    with_names(&lb);
    let mut ids = Vec::new();
    for title in [
        "Rang ０７７００ ９００１２３ about refund",
        "Rang ٠٧٧٠٠ ٩٠٠١٢٣ about refund",
        "Email jane.doe＠example.com about refund",
        "Siobhan O Briain at M11AE refund",
        "Zoe sort 12-34-56 refund",
    ] {
        let id = lb.add(&[
            "--title",
            title,
            "--date",
            "2026-11-27",
            "--section",
            &format!("situation={SITUATION}"),
        ]);
        let slug = &id["2026-11-27-".len()..];
        assert!(
            slug.starts_with("rang-about-refund")
                || slug.starts_with("email-about-refund")
                || slug.starts_with("at-refund")
                || slug.starts_with("refund")
                || slug.starts_with("sort-refund"),
            "{title:?} -> {id}"
        );
        for banned in [
            "0770", "9001", "jane", "doe", "m11ae", "siobhan", "briain", "zoe", "12-34",
        ] {
            assert!(!id.contains(banned), "{title:?} -> {id}");
        }
        ids.push(id);
    }
    let out = lb.run(&["export"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let doc = stdout(&out);
    for leak in LEAKS {
        assert!(!doc.contains(leak), "{leak:?} survived:\n{doc}");
    }
    // Punctuation after a redacted date of birth stays.
    assert!(doc.contains("\\[DATE-OF-BIRTH\\]. Then"), "{doc}");
}

#[test]
fn attached_files_are_stored_shown_and_bundled_without_personal_data() {
    let lb = Logbook::new();
    with_names(&lb);
    let typed = "Joanne Hughes 07700 900123 jane@example.com SW1A1AA.pdf";
    std::fs::write(lb.tmp.path().join(typed), b"%PDF-1.4 a letter").unwrap();
    std::fs::write(
        lb.tmp
            .path()
            .join("Refund letter ０７７００ ９００１２３.txt"),
        b"letter",
    )
    .unwrap();
    let id = lb.add(&[
        "--title",
        "Refund letter sent",
        "--date",
        "2026-11-27",
        "--section",
        "situation=I wrote to the customer about the refund.",
        "--attach",
        typed,
        "--attach",
        "Refund letter ０７７００ ９００１２３.txt",
    ]);
    let mut stored: Vec<String> = lb
        .files()
        .into_iter()
        .filter(|f| f.starts_with("evidence/"))
        .collect();
    stored.sort();
    assert_eq!(stored.len(), 2, "{stored:?}");
    let names: Vec<&str> = stored
        .iter()
        .map(|s| &s["evidence/".len() + 13..])
        .collect();
    assert!(names.contains(&"evidence.pdf"), "{stored:?}");
    assert!(names.contains(&"Refund-letter.txt"), "{stored:?}");
    let entry = std::fs::read_to_string(
        lb.dir().join(
            lb.files()
                .into_iter()
                .find(|f| f.contains(&id) && f.ends_with(".toml"))
                .unwrap(),
        ),
    )
    .unwrap();
    for leak in [
        "Joanne",
        "Hughes",
        "07700",
        "900123",
        "jane",
        "SW1A",
        "０７７",
    ] {
        assert!(!entry.contains(leak), "{leak:?} in the entry:\n{entry}");
    }

    // A file stored before names were cleaned keeps working, and is shown
    // and bundled under its cleaned name.
    let pdf = stored
        .iter()
        .find(|s| s.ends_with("-evidence.pdf"))
        .unwrap();
    let old = pdf.replace(
        "evidence.pdf",
        "Joanne-Hughes-07700-900123-jane-example.com-SW1A1AA.pdf",
    );
    std::fs::rename(lb.dir().join(pdf), lb.dir().join(&old)).unwrap();
    let path = lb
        .files()
        .into_iter()
        .find(|f| f.contains(&id) && f.ends_with(".toml"))
        .unwrap();
    let text = std::fs::read_to_string(lb.dir().join(&path)).unwrap();
    assert!(text.contains(pdf.as_str()), "{text}");
    std::fs::write(lb.dir().join(&path), text.replace(pdf.as_str(), &old)).unwrap();
    let out = lb.run(&["check"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    for args in [&["export"][..], &["export", "--no-redact"][..]] {
        let out = lb.run(args);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let doc = stdout(&out);
        for leak in [
            "Joanne",
            "Hughes",
            "07700",
            "900123",
            "jane",
            "SW1A",
            "０７７",
        ] {
            assert!(!doc.contains(leak), "{leak:?} in {args:?}:\n{doc}");
        }
    }
    let out = lb.run(&["export", "--bundle", "p.zip"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(lb.tmp.path().join("p.zip")).unwrap()).unwrap();
    let mut doc = String::new();
    archive
        .by_name("portfolio.md")
        .unwrap()
        .read_to_string(&mut doc)
        .unwrap();
    let files: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    assert_eq!(files.len(), 3, "{files:?}");
    for leak in ["Joanne", "Hughes", "07700", "900123", "jane", "SW1A"] {
        assert!(!doc.contains(leak), "{leak:?} in the bundle:\n{doc}");
        assert!(
            files.iter().all(|f| !f.contains(leak)),
            "{leak:?} in {files:?}"
        );
    }
    assert!(
        files.iter().any(|f| f.ends_with("-evidence.pdf")),
        "{files:?}"
    );
}

#[test]
fn cohort_shows_a_learner_name_with_escape_sequences_harmlessly() {
    let lb = Logbook::new();
    let root = lb.tmp.path();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sample");
    crate::support::copy_dir(&sample, &root.join("evil"));
    let settings = root.join("evil/logbook.toml");
    let text = std::fs::read_to_string(&settings).unwrap().replace(
        "learner = \"Sam Taylor\"",
        "learner = \"Evil \\u001b]0;pwn\\u0007 name \\u202e\\u001b[2J\"",
    );
    assert!(text.contains("Evil"), "{text}");
    std::fs::write(&settings, text).unwrap();
    std::fs::create_dir_all(root.join("new-starter")).unwrap();
    // Far in the future, so the learner is behind and named twice.
    let out = lb
        .cmd()
        .env("LOGBOOK_NOW", "2027-06-01T10:00:00Z")
        .arg("cohort")
        .arg(root.join("evil"))
        .arg(root.join("new-starter"))
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let shown = stdout(&out);
    assert!(
        !shown.contains(['\u{1b}', '\u{7}', '\u{202e}']),
        "raw control characters in:\n{shown:?}"
    );
    assert_eq!(shown.matches("Evil").count(), 2, "{shown}");
    assert!(shown.contains("\\u{1b}]0;pwn\\u{7}"), "{shown}");
}

#[test]
fn a_title_or_step_of_invisible_characters_is_empty() {
    let lb = Logbook::new();
    for invisible in [
        "\u{202e}",
        "\u{200b}",
        "\u{feff}",
        "\u{200d}\u{200c}",
        " \u{202e}\u{200b}\u{feff}\u{2060} ",
        "\u{00ad}\u{fe0f}",
    ] {
        let out = lb.run(&[
            "add",
            "--no-input",
            "--title",
            invisible,
            "--date",
            "2026-11-27",
            "--section",
            "situation=A customer rang about a refund.",
        ]);
        assert_eq!(code(&out), 2, "{invisible:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "error: the title is empty\n", "{invisible:?}");
        let out = lb.run(&[
            "add",
            "--no-input",
            "--title",
            "Refund",
            "--date",
            "2026-11-27",
            "--section",
            &format!("situation={invisible}"),
        ]);
        assert_eq!(code(&out), 2, "{invisible:?}: {}", stderr(&out));
    }
    assert!(
        lb.files().iter().all(|f| !f.starts_with("entries/")),
        "{:?}",
        lb.files()
    );
    let id = lb.add(&[
        "--title",
        "Refund",
        "--date",
        "2026-11-27",
        "--section",
        "situation=A customer rang about a refund.",
    ]);
    let out = lb.run(&["edit", &id, "--title", "\u{200b}\u{202e}"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(stderr(&out), "error: the title is empty\n");
}
