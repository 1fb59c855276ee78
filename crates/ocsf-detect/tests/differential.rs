//! The engine finds exactly what the engine before issue 11 found (`ocsf_detect::reference`),
//! for every option set: the same detectors, spans and order, on the string values of the
//! published and seed events in `../shared` (skipped when absent, failing under
//! `OCSF_REQUIRE_SHARED=1`), on the public rule-set examples, on the generated corpus, and on
//! random strings built from the detectors' literals, digits, separators and random text.

// Shared with `precision.rs`, which reads the fields this file does not.
#[allow(dead_code)]
mod corpus;
mod haystacks;

use ocsf_detect::{detect_into, reference, Finding, Options};
use proptest::prelude::*;

/// Every combination of the options.
fn all_options() -> impl Iterator<Item = Options> {
    (0..8).map(|bits| Options {
        strict: bits & 1 != 0,
        secrets_only: bits & 2 != 0,
        skip_numeric: bits & 4 != 0,
    })
}

/// `(detector id, span)` of each finding, as the engine and as the reference report them.
type Found = Vec<(&'static str, std::ops::Range<usize>)>;

fn both(s: &str, opts: Options) -> (Found, Found) {
    let run = |detect: fn(&str, Options, &mut Vec<Finding>)| {
        // Findings are appended: start after one already there, as in a caller's buffer.
        let earlier = Finding {
            detector: ocsf_detect::detector("email").expect("a detector"),
            span: 0..1,
        };
        let mut out = vec![earlier.clone()];
        detect(s, opts, &mut out);
        assert_eq!(out[0], earlier);
        out.into_iter()
            .skip(1)
            .map(|f| (f.detector.id, f.span))
            .collect::<Found>()
    };
    (run(detect_into), run(reference::detect_into))
}

/// Compares the engines on every string under every option set; returns how many findings
/// they agreed on, so that a caller can check the inputs were not all empty of findings.
fn assert_same<S: AsRef<str>>(what: &str, strings: &[S]) -> usize {
    assert!(!strings.is_empty(), "{what}: no strings");
    let mut findings = 0;
    for s in strings {
        let s = s.as_ref();
        for opts in all_options() {
            let (new, old) = both(s, opts);
            assert_eq!(new, old, "{what}: {opts:?} on {s:?}");
            findings += new.len();
        }
    }
    findings
}

#[test]
fn published_and_seed_events() {
    let Some(files) = haystacks::shared_event_files() else {
        return;
    };
    let strings = haystacks::event_strings(&files);
    assert!(strings.len() > 10_000, "{} strings", strings.len());
    assert!(assert_same("event strings", &strings) > 0);
    // Whole lines and files: long strings where many gates open at once.
    let texts: Vec<&str> = files
        .iter()
        .flat_map(|(_, text)| text.lines().chain([text.as_str()]))
        .collect();
    assert_same("event lines and files", &texts);
}

#[test]
fn public_secret_examples() {
    let Some(bytes) = ocsf_test_support::shared_bytes("secret-examples/ruleset-examples.jsonl")
    else {
        return;
    };
    let text = String::from_utf8(bytes).expect("UTF-8");
    let mut strings = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        haystacks::strings_of(&v, &mut strings);
        strings.push(line.to_owned());
    }
    assert!(assert_same("secret examples", &strings) > 500);
}

#[test]
fn generated_corpus() {
    let mut strings = Vec::new();
    for seed in [0x0C5F_2025, 1, 2, 3] {
        strings.extend(corpus::positives(seed, 8).into_iter().map(|s| s.text));
        strings.extend(corpus::negatives(seed ^ 1).into_iter().map(|(_, t)| t));
    }
    strings.extend(haystacks::benign(7, 5_000));
    assert!(assert_same("generated corpus", &strings) > 1_000);
}

/// Building blocks of random strings: the detectors' literals in any case, digit runs,
/// separators, tokens of the corpus and random text.
fn piece() -> impl Strategy<Value = String> {
    let literals: Vec<&'static str> = reference::literals().collect();
    let tokens: Vec<String> = corpus::positives(9, 1)
        .into_iter()
        .map(|s| s.secret)
        .collect();
    prop_oneof![
        3 => (prop::sample::select(literals), any::<u64>()).prop_map(|(l, flips)| {
            l.chars()
                .enumerate()
                .map(|(i, c)| match flips >> (i % 64) & 1 {
                    0 => c,
                    _ if c.is_ascii_lowercase() => c.to_ascii_uppercase(),
                    _ => c.to_ascii_lowercase(),
                })
                .collect()
        }),
        2 => "[0-9]{1,20}",
        2 => prop::sample::select(vec![" ", "-", ".", ":", "/", "=", "@", "_", ";", "(", ")", "+", "\n", "://", ": ", "= ", "\""]).prop_map(str::to_owned),
        2 => "[A-Za-z0-9+/=_.-]{1,40}",
        1 => "[A-Z]{2}[0-9]{2}",
        1 => prop::sample::select(tokens),
        1 => "\\PC{1,6}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn random_strings_of_literals_digits_and_text(pieces in prop::collection::vec(piece(), 0..16)) {
        let s = pieces.concat();
        for opts in all_options() {
            let (new, old) = both(&s, opts);
            prop_assert_eq!(new, old, "{:?} on {:?}", opts, s);
        }
    }
}
