//! The rule registry that docs/rules.md is generated from (`cargo xtask docs`): codes are unique,
//! and every rule's examples do what they say.

use ocsf_validate::{Policy, Validator};

fn validator() -> Validator {
    Validator::builder()
        .with_policy(Policy::default().with_recommended(true))
        .build()
        .unwrap()
}

#[test]
fn codes_are_unique_and_ordered() {
    let v = validator();
    let codes: Vec<&str> = v.rules().iter().map(|r| r.code).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(codes, sorted);
}

/// Examples that cannot be written inline (200 levels, 20 MiB) are exercised in tests/input.rs.
const GENERATED_EXAMPLES: &[&str] = &["OCSF003", "OCSF004"];

/// Rules reported only when one version is forced for every event.
const FORCED_VERSION_EXAMPLES: &[&str] = &["OCSF701"];

fn forced_validator() -> Validator {
    Validator::builder()
        .with_policy(Policy::default().with_recommended(true))
        .with_version(ocsf_schema::DEFAULT_VERSION)
        .unwrap()
        .build()
        .unwrap()
}

#[test]
fn every_fail_example_reports_its_code_and_every_pass_example_does_not() {
    let per_event = validator();
    let forced = forced_validator();
    let mut problems = Vec::new();
    for r in per_event.rules() {
        let v = if FORCED_VERSION_EXAMPLES.contains(&r.code) {
            &forced
        } else {
            &per_event
        };
        let pass = v.validate_bytes(r.pass.as_bytes());
        if GENERATED_EXAMPLES.contains(&r.code) {
            if pass.has_code(r.code) {
                problems.push(format!("{}: pass example reports it", r.code));
            }
            continue;
        }
        let fail = v.validate_bytes(r.fail.as_bytes());
        let pointers: Vec<&str> = fail
            .diagnostics
            .iter()
            .filter(|d| d.code == r.code)
            .map(|d| d.pointer.as_str())
            .collect();
        if pointers.is_empty() {
            problems.push(format!(
                "{}: fail example does not report it: {:?}",
                r.code, fail.diagnostics
            ));
        }
        // The passing variant fixes the problem where the failing one has it.
        let still = pass
            .diagnostics
            .iter()
            .filter(|d| d.code == r.code && pointers.contains(&d.pointer.as_str()))
            .count();
        // Recommended attributes are missing almost everywhere; the fix removes some of them.
        let fewer = pass.diagnostics.iter().filter(|d| d.code == r.code).count() < pointers.len();
        if r.code == "OCSF202" && !fewer {
            problems.push(format!("{}: pass example does not fix any", r.code));
        } else if r.code != "OCSF202" && still > 0 {
            problems.push(format!(
                "{}: pass example still reports it: {:?}",
                r.code, pass.diagnostics
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
