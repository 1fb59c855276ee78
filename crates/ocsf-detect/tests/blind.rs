//! The values of `tests/blind` (see its README): recall and precision of all detectors
//! together, on values written by someone who read neither the detectors nor their corpora.

use std::collections::BTreeMap;

#[test]
fn blind_values_are_found_and_look_alikes_left() {
    let text = include_str!("blind/values.jsonl");
    let (mut tp, mut fn_, mut fp, mut tn) = (0usize, 0usize, 0usize, 0usize);
    let mut wrong: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let value = v["value"].as_str().expect("a value");
        let kind = v["kind"].as_str().unwrap_or("?");
        let found = !ocsf_detect::detect(value).is_empty();
        let wanted = v["expect"] == "finding";
        match (wanted, found) {
            (true, true) => tp += 1,
            (false, false) => tn += 1,
            (true, false) => fn_ += 1,
            (false, true) => fp += 1,
        }
        if wanted != found {
            let what = if wanted { "missed" } else { "flagged" };
            wrong
                .entry(format!("{what} {kind}"))
                .or_default()
                .push(value.chars().take(60).collect());
        }
    }
    let recall = tp as f64 / (tp + fn_) as f64;
    let precision = tp as f64 / (tp + fp) as f64;
    println!("blind values: recall {recall:.3}, precision {precision:.3} (tp {tp}, fn {fn_}, fp {fp}, tn {tn})");
    for (what, values) in &wrong {
        println!("{what}: {values:?}");
    }
    assert!(tp + fn_ >= 600 && fp + tn >= 200, "the corpus shrank");
    assert!(recall >= 0.98, "recall {recall:.3} < 0.98");
    assert!(precision >= 0.99, "precision {precision:.3} < 0.99");
}
