// Prints each passage's top criteria for a text on stdin (calibration aid).
use logbook::rules::classify::softmax;
use logbook::rules::fit::builtin_model;
use std::io::Read;
fn main() {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).unwrap();
    let m = builtin_model();
    for s in logbook::rules::text::sentences(&text) {
        let p = softmax(&m.logits(&m.features(&text[s.clone()])));
        let mut o: Vec<usize> = (0..p.len()).collect();
        o.sort_by(|&a, &b| p[b].total_cmp(&p[a]));
        let top: Vec<String> = o
            .iter()
            .take(4)
            .map(|&i| format!("{} {:.2}", m.classes[i], p[i]))
            .collect();
        println!("{:<60.60} | {}", &text[s], top.join("  "));
    }
    let p = softmax(&m.logits(&m.features(&text)));
    let mut o: Vec<usize> = (0..p.len()).collect();
    o.sort_by(|&a, &b| p[b].total_cmp(&p[a]));
    let top: Vec<String> = o
        .iter()
        .take(6)
        .map(|&i| format!("{} {:.2}", m.classes[i], p[i]))
        .collect();
    println!("WHOLE | {}", top.join("  "));
}
