//! Trains the `suggest` model from the labelled accounts in
//! `tests/fixtures/suggest/train/` and writes `criteria/model.tsv`; then
//! reports hit@1, hit@3 and unit@1 on every set, the held-out ones
//! (`tests/fixtures/suggest/heldout/`, never trained or tuned on) apart.
//!
//! `cargo run --release --example train` (add `-- --check` to evaluate the
//! saved model without writing it).

use std::path::Path;

use logbook::rules::classify::{Model, Training, train};

#[path = "../tests/quality/harness.rs"]
mod harness;

fn unit(id: &str) -> &str {
    id.split('.').next().unwrap_or(id)
}

fn report(model: &Model, name: &str, set: &[(String, String)]) {
    let (mut h1, mut h3, mut u1) = (0, 0, 0);
    for (id, text) in set {
        let logits = model.logits(&model.features(text));
        let mut order: Vec<usize> = (0..logits.len()).collect();
        order.sort_by(|&a, &b| logits[b].total_cmp(&logits[a]));
        let top: Vec<&str> = order
            .iter()
            .take(3)
            .map(|&i| model.classes[i].as_str())
            .collect();
        h1 += usize::from(top[0] == id);
        h3 += usize::from(top.contains(&id.as_str()));
        u1 += usize::from(unit(top[0]) == unit(id));
    }
    let n = set.len().max(1) as f64;
    println!(
        "  {name:<22} {:>4} texts  hit@1 {:5.1}%  hit@3 {:5.1}%  unit@1 {:5.1}%",
        set.len(),
        100.0 * h1 as f64 / n,
        100.0 * h3 as f64 / n,
        100.0 * u1 as f64 / n
    );
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let train_sets = harness::texts_by_file("train");
    let heldout_sets = harness::texts_by_file("heldout");
    let model_path = root.join("criteria/model.tsv");
    let check = std::env::args().any(|a| a == "--check");
    if std::env::args().any(|a| a == "--cv") {
        // Leave one author out: the dev figure that is not resubstitution.
        println!("dev, leave one training author out:");
        for (i, (name, set)) in train_sets.iter().enumerate() {
            let rest: Vec<(String, String)> = train_sets
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .flat_map(|(_, (_, s))| s.iter().cloned())
                .collect();
            let model = train(&rest, Training::default());
            report(&model, name, set);
            for (id, text) in set {
                let p = logbook::rules::classify::softmax(&model.logits(&model.features(text)));
                let (best, top) = p
                    .iter()
                    .enumerate()
                    .max_by(|a, b| a.1.total_cmp(b.1))
                    .map(|(i, p)| (model.classes[i].clone(), *p))
                    .unwrap_or_default();
                eprintln!("cv {:.1} {}", 100.0 * top, u8::from(&best == id));
            }
        }
        return;
    }
    let model = if check {
        let text = std::fs::read_to_string(&model_path).expect("criteria/model.tsv");
        Model::parse(&text).expect("a valid model")
    } else {
        let examples: Vec<(String, String)> = train_sets
            .iter()
            .flat_map(|(_, s)| s.iter().cloned())
            .collect();
        let mut settings = Training::default();
        if let Some(c) = std::env::var("TRAIN_C").ok().and_then(|v| v.parse().ok()) {
            settings.c = c;
        }
        if let Some(p) = std::env::var("TRAIN_PRUNE")
            .ok()
            .and_then(|v| v.parse().ok())
        {
            settings.prune = p;
        }
        let model = train(&examples, settings);
        let header = format!(
            "The suggest model: TF-IDF over stemmed words and word pairs, multinomial logistic\n\
             regression (C = {}, {} iterations, weights under {} dropped), trained on {} accounts in\n\
             tests/fixtures/suggest/train/. Regenerate with `cargo run --release --example train`.",
            settings.c,
            settings.iterations,
            settings.prune,
            examples.len()
        );
        std::fs::write(&model_path, model.to_tsv(&header)).expect("write criteria/model.tsv");
        println!("wrote {}", model_path.display());
        model
    };
    println!("trained on (resubstitution):");
    for (name, set) in &train_sets {
        report(&model, name, set);
    }
    println!("held out (never trained or tuned on):");
    for (name, set) in &heldout_sets {
        report(&model, name, set);
    }
    let all: Vec<(String, String)> = heldout_sets
        .iter()
        .flat_map(|(_, s)| s.iter().cloned())
        .collect();
    report(&model, "all held out", &all);
}
