//! Floors under the quality benchmark (`cargo run --release --example
//! quality`): the entry checks on the labelled coaching cases and `suggest`
//! on the labelled accounts may get better, never worse. Held-out sets were
//! never tuned on; these floors sit a little under what they score today.

#[path = "../quality/harness.rs"]
mod harness;

#[test]
fn entry_checks_hold_back_no_strong_entry_and_catch_the_weak_ones() {
    let dev: Vec<harness::Case> = ["dev", "dev2"]
        .iter()
        .flat_map(|s| harness::cases(s))
        .collect();
    let j = harness::judge(&dev);
    assert_eq!((j.strong, j.weak), (63, 67));
    assert!(
        j.strong_blocked.is_empty(),
        "dev strong held back: {:?}",
        j.strong_blocked
    );
    assert!(
        j.weak_caught >= 59,
        "dev weak caught {} of 67: {:?}",
        j.weak_caught,
        j.weak_missed
    );

    let held: Vec<harness::Case> = ["heldout", "heldout2"]
        .iter()
        .flat_map(|s| harness::cases(s))
        .collect();
    let j = harness::judge(&held);
    assert_eq!((j.strong, j.weak), (42, 43));
    assert!(
        j.strong_blocked.len() <= 1,
        "held-out strong held back: {:?}",
        j.strong_blocked
    );
    assert!(
        j.weak_caught >= 35,
        "held-out weak caught {} of 43: {:?}",
        j.weak_caught,
        j.weak_missed
    );

    // A third set by another author, measured before any rule change it
    // informed (strong held back 4/25, weak caught 19/25); its three strong
    // accounts held back say a record is "attached" without attaching it,
    // which DOMAIN.md's rule on records does not credit.
    let fresh = harness::cases("heldout3");
    let j = harness::judge(&fresh);
    assert_eq!((j.strong, j.weak), (25, 25));
    assert!(
        j.strong_blocked.len() <= 3,
        "heldout3 strong held back: {:?}",
        j.strong_blocked
    );
    assert!(
        j.weak_caught >= 19,
        "heldout3 weak caught {} of 25: {:?}",
        j.weak_caught,
        j.weak_missed
    );
}

#[test]
fn suggest_ranks_accounts_it_never_saw() {
    let r = harness::rank(&harness::texts("heldout"));
    assert_eq!(r.n, 212);
    assert!(r.pct(r.hit1) >= 94.0, "hit@1 {:.1}%", r.pct(r.hit1));
    assert!(r.pct(r.hit3) >= 99.0, "hit@3 {:.1}%", r.pct(r.hit3));
    assert!(r.pct(r.unit1) >= 96.0, "unit@1 {:.1}%", r.pct(r.unit1));
    // What the walk-through ticks in advance is nearly always right.
    assert!(
        r.ticked_right * 100 >= r.ticked * 97,
        "pre-ticked {} of which {} right",
        r.ticked,
        r.ticked_right
    );
}
