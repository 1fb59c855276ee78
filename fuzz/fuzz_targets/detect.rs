//! Differential: the detector engine against the engine before issue 11
//! (`ocsf_detect::reference`, which runs every row's regex as written on every string), under
//! every option set: the same detectors, spans and order. Covers the engine's gates (the
//! literal walk, the digit count and condition, the digit-gated set) and the regexes' ASCII
//! forms, which ASCII strings run instead of the patterns as written.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocsf_detect::{detect_into, reference, Finding, Options};

fn found(detect: fn(&str, Options, &mut Vec<Finding>), s: &str, opts: Options) -> Vec<Finding> {
    let mut out = Vec::new();
    detect(s, opts, &mut out);
    out
}

fuzz_target!(|data: &[u8]| {
    // Strings come from JSON values: always UTF-8.
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    for bits in 0..8 {
        let opts = Options {
            strict: bits & 1 != 0,
            secrets_only: bits & 2 != 0,
            skip_numeric: bits & 4 != 0,
        };
        let ours = found(detect_into, s, opts);
        let theirs = found(reference::detect_into, s, opts);
        assert_eq!(ours, theirs, "{opts:?} on {s:?}");
    }
});
