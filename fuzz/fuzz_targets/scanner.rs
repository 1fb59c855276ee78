//! Differential: the validator's zero-copy JSON scanner against serde_json. Both must accept
//! exactly the same texts and read the same values (the scanner is included from its source,
//! as the validator compiles it).
#![no_main]

#[allow(dead_code)]
#[path = "../../crates/ocsf-validate/src/walk/scan.rs"]
mod scan;

/// The word-at-a-time byte tests the scanner uses, included from their source as well.
#[allow(dead_code)]
#[path = "../../crates/ocsf-validate/src/swar.rs"]
mod swar;

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn scan_value(text: &str) -> Option<Value> {
    let mut s = scan::Scanner::new(text);
    let v = serde::Deserialize::deserialize(&mut s).ok()?;
    s.end().ok()?;
    Some(v)
}

fuzz_target!(|data: &[u8]| {
    // The validator hands the scanner only UTF-8 (it checks the whole event once).
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ours = scan_value(text);
    let theirs = serde_json::from_str::<Value>(text).ok();
    assert_eq!(ours, theirs, "scanner and serde_json disagree on {text:?}");
});
