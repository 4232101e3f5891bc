//! The pure engines on generated entries, without process start-up or file
//! I/O (bench/run.sh times the whole commands): `cargo bench`.
//!
//! - `parse`: one entry's TOML text to an [`Entry`];
//! - `digest`: one entry's lints and words ([`Digest::new`]), what the cache keeps,
//!   and its two halves, `lints` and `terms`;
//! - `analyse`: the whole gaps report from digests, at 1,000 and 10,000 entries;
//! - `export`: the whole Markdown portfolio, at 1,000 entries.

use std::sync::LazyLock;

use chrono::NaiveDate;
use logbook::model::criteria::Catalogue;
use logbook::model::entry::Entry;
use logbook::model::frameworks::Frameworks;
use logbook::model::settings::Settings;
use logbook::render::portfolio::{self, Meta, Portfolio};
use logbook::rules::gaps::{self, Digest};
use logbook::rules::lint::LintConfig;

#[path = "../examples/gen.rs"]
#[allow(dead_code)]
mod generator;

fn main() {
    divan::main();
}

const END: NaiveDate = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();

struct Book {
    catalogue: Catalogue,
    frameworks: Frameworks,
    entries: Vec<Entry>,
    texts: Vec<String>,
    digests: Vec<Digest>,
}

/// 10,000 entries as `examples/gen` makes them (seed 1), with their files'
/// text and their digests, made once.
static BOOK: LazyLock<Book> = LazyLock::new(|| {
    let catalogue = Catalogue::builtin();
    let frameworks = Frameworks::builtin();
    let mut rng = generator::Rng(1);
    let mut entries: Vec<Entry> = (0..10_000)
        .map(|_| generator::make_entry(&mut rng, &catalogue, &frameworks, END))
        .collect();
    // Ids must be unique, as the store makes them.
    for (i, e) in entries.iter_mut().enumerate() {
        e.id = format!("{}-{i}", e.id);
    }
    entries.sort_by(|a, b| (a.occurred, a.created, &a.id).cmp(&(b.occurred, b.created, &b.id)));
    let texts = entries
        .iter()
        .map(|e| {
            e.to_toml()
                .expect("generated entries have dates a file holds")
        })
        .collect();
    let config = LintConfig::default();
    let digests = entries
        .iter()
        .map(|e| Digest::new(e.clone(), &frameworks, &config))
        .collect();
    Book {
        catalogue,
        frameworks,
        entries,
        texts,
        digests,
    }
});

#[divan::bench(sample_count = 20)]
fn parse(bencher: divan::Bencher) {
    let texts = &BOOK.texts[..1000];
    bencher
        .counter(divan::counter::ItemsCount::new(texts.len()))
        .bench(|| {
            for text in texts {
                divan::black_box(Entry::parse(divan::black_box(text)).unwrap());
            }
        });
}

#[divan::bench(sample_count = 20)]
fn digest(bencher: divan::Bencher) {
    let book = &*BOOK;
    let config = LintConfig::default();
    let entries = &book.entries[..1000];
    bencher
        .counter(divan::counter::ItemsCount::new(entries.len()))
        .with_inputs(|| entries.to_vec())
        .bench_values(|entries| {
            for e in entries {
                divan::black_box(Digest::new(e, &book.frameworks, &config));
            }
        });
}

#[divan::bench(args = [1000, 10_000], sample_count = 10)]
fn analyse(bencher: divan::Bencher, n: usize) {
    let book = &*BOOK;
    let settings = Settings::default();
    let digests = &book.digests[book.digests.len() - n..];
    bencher.bench(|| gaps::analyse_digests(digests, &book.catalogue, &settings, END, END, None));
}

#[divan::bench(sample_count = 10)]
fn export(bencher: divan::Bencher) {
    let book = &*BOOK;
    let entries = &book.entries[book.entries.len() - 1000..];
    let report = gaps::analyse(
        entries,
        &book.catalogue,
        &book.frameworks,
        &Settings::default(),
        END,
    );
    let meta = Meta::default();
    let portfolio = Portfolio {
        meta: &meta,
        report: &report,
        entries,
        body: None,
        extras: None,
        judged: &[],
        link: None,
        catalogue: &book.catalogue,
        frameworks: &book.frameworks,
        programme: None,
    };
    bencher.bench_local(|| portfolio::write(&portfolio, &mut std::io::sink()).unwrap());
}

/// 1,000 entries' lints.
#[divan::bench(sample_count = 20)]
fn lints(bencher: divan::Bencher) {
    let book = &*BOOK;
    let config = LintConfig::default();
    let entries = &book.entries[..1000];
    bencher.bench(|| {
        for e in entries {
            divan::black_box(logbook::rules::lint::lint_entry(
                e,
                &book.frameworks,
                &config,
            ));
        }
    });
}

/// 1,000 entries' words, for telling incidents apart.
#[divan::bench(sample_count = 20)]
fn terms(bencher: divan::Bencher) {
    let entries = &BOOK.entries[..1000];
    bencher.bench(|| {
        for e in entries {
            divan::black_box(logbook::rules::gaps::incident::Terms::of(e, &[]));
        }
    });
}
