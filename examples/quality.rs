//! The quality benchmark: per-rule precision and recall of the entry
//! checks on labelled coaching cases, strong entries held back and weak ones
//! caught, and `suggest` hit@1 / hit@3 / unit@1 with pre-tick precision, for
//! the dev sets (tuned on) and the held-out sets (never tuned on).
//!
//! `cargo run --release --example quality` (`-- -v` lists every miss).

#[path = "../tests/quality/harness.rs"]
mod harness;

fn coaching(name: &str, sets: &[&str], verbose: bool) {
    let cases: Vec<harness::Case> = sets.iter().flat_map(|s| harness::cases(s)).collect();
    let j = harness::judge(&cases);
    println!(
        "{name}: {} cases — strong held back {}/{}, weak caught {}/{} ({} wrong in all); weak held back as labelled {}/{}",
        cases.len(),
        j.strong_blocked.len(),
        j.strong,
        j.weak_caught,
        j.weak,
        j.wrong(),
        j.weak_blocked_as_labelled,
        j.weak
    );
    println!(
        "  {:<15} {:>7} {:>14} {:>16}",
        "rule", "recall", "warned strong", "held back strong"
    );
    for (kind, (hit, expected, on_strong, held_strong)) in &j.kinds {
        let recall = if *expected == 0 {
            "—".to_string()
        } else {
            format!("{hit}/{expected}")
        };
        println!("  {kind:<15} {recall:>7} {on_strong:>14} {held_strong:>16}");
    }
    if verbose {
        for s in &j.strong_blocked {
            println!("  strong held back: {s}");
        }
        for s in &j.weak_missed {
            println!("  weak missed: {s}");
        }
    }
}

fn suggest(name: &str, sets: &[&str]) {
    let texts: Vec<(String, String)> = sets.iter().flat_map(|s| harness::texts(s)).collect();
    let r = harness::rank(&texts);
    println!(
        "{name}: {} accounts — hit@1 {:.1}%, hit@3 {:.1}%, unit@1 {:.1}%; pre-ticked {} ({:.0}% right), none ticked for {}",
        r.n,
        r.pct(r.hit1),
        r.pct(r.hit3),
        r.pct(r.unit1),
        r.ticked,
        100.0 * r.ticked_right as f64 / r.ticked.max(1) as f64,
        r.none_ticked
    );
}

fn main() {
    let verbose = std::env::args().any(|a| a == "-v");
    if let Some(kind) = std::env::args()
        .skip_while(|a| a != "--strong-warned")
        .nth(1)
    {
        for set in ["dev", "dev2"] {
            for f in harness::strong_warned(&harness::cases(set), &kind) {
                println!("{set}/{f}");
            }
        }
        return;
    }
    if std::env::args().any(|a| a == "--fit") {
        for set in ["dev", "dev2"] {
            for (file, strong, c, unsupported, rank, prob, bm) in
                harness::fit_table(&harness::cases(set))
            {
                println!(
                    "{set} {file:.40} {} {c} {} r{rank} p{prob:.3} bm{bm}",
                    if strong { "S" } else { "w" },
                    u8::from(unsupported)
                );
            }
        }
        return;
    }
    if std::env::args().any(|a| a == "--calibrate") {
        for set in ["train", "heldout"] {
            for (top, second, right) in harness::calibration(&harness::texts(set)) {
                println!("{set} {top:.1} {second:.1} {}", u8::from(right));
            }
        }
        return;
    }
    println!("Entry checks (coaching cases)");
    coaching("dev", &["dev", "dev2"], verbose);
    coaching("held out", &["heldout", "heldout2"], verbose);
    coaching("fresh (heldout3)", &["heldout3"], verbose);
    println!();
    println!("Suggest (accounts written for one criterion)");
    suggest(
        "train (resubstitution; see `--example train -- --cv`)",
        &["train"],
    );
    suggest("held out", &["heldout"]);
}
