//! Every published event in ../shared/real-events, fixed with safe fixes and with unsafe ones:
//! no event has more findings than before, a second run changes nothing, and an event without
//! a fix is byte for byte what it was.

use std::collections::BTreeMap;

use ocsf_fix::{FixKind, Fixer};
use ocsf_validate::{Validator, VersionMode};
use serde_json::value::RawValue;

#[derive(serde::Deserialize)]
struct Sample<'a> {
    id: String,
    #[serde(borrow)]
    event: Option<&'a RawValue>,
    raw: Option<String>,
}

/// Findings before and after, fixes by kind, events changed, unparseable samples.
#[derive(Debug, Default)]
struct Tally {
    events: usize,
    changed: usize,
    before: usize,
    after: usize,
    by_kind: BTreeMap<&'static str, usize>,
    /// Findings before and after by code.
    by_code: BTreeMap<String, (usize, usize)>,
    unfixable: usize,
}

fn run(unsafe_fixes: bool) -> Option<Tally> {
    let files = ocsf_test_support::shared_files("real-events", "jsonl")?;
    let validator = Validator::builder().build().unwrap();
    let fixer = Fixer::new(VersionMode::default()).with_unsafe_fixes(unsafe_fixes);
    let mut t = Tally::default();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let sample: Sample<'_> = serde_json::from_str(line).unwrap();
            let event = match (&sample.event, &sample.raw) {
                (Some(e), _) => e.get(),
                (None, Some(raw)) => raw.as_str(),
                (None, None) => panic!("{}: neither event nor raw", sample.id),
            };
            t.events += 1;
            let Ok(fixed) = fixer.fix_event(event) else {
                // Unparseable: left as it is, and reported as such by the validator.
                assert!(validator
                    .validate_bytes(event.as_bytes())
                    .has_code("OCSF001"));
                t.unfixable += 1;
                continue;
            };
            let before = validator.validate_bytes(event.as_bytes()).diagnostics;
            let after = validator.validate_bytes(fixed.text.as_bytes()).diagnostics;
            for d in &before {
                t.by_code.entry(d.code.to_owned()).or_default().0 += 1;
            }
            for d in &after {
                t.by_code.entry(d.code.to_owned()).or_default().1 += 1;
            }
            let (before, after) = (before.len(), after.len());
            assert!(
                after <= before,
                "{}: {before} findings before, {after} after {:?}\n{}",
                sample.id,
                fixed.fixes,
                fixed.text
            );
            if fixed.fixes.is_empty() {
                assert_eq!(fixed.text, event, "{}: changed without a fix", sample.id);
            } else {
                t.changed += 1;
            }
            let again = fixer.fix_event(&fixed.text).unwrap();
            assert_eq!(
                again.text, fixed.text,
                "{}: a second run changed it",
                sample.id
            );
            assert!(again.fixes.is_empty(), "{}: {:?}", sample.id, again.fixes);
            if unsafe_fixes {
                // Every unsafe fix counted without them is made with them: none was dropped
                // for overlapping another.
                let safe = Fixer::new(VersionMode::default()).fix_event(event).unwrap();
                let made = fixed.fixes.iter().filter(|f| !f.kind.is_safe()).count();
                assert_eq!(made, safe.unsafe_available, "{}", sample.id);
                assert_eq!(fixed.fixes.len() - made, safe.fixes.len(), "{}", sample.id);
            } else {
                assert!(fixed.fixes.iter().all(|f| f.kind.is_safe()));
            }
            t.before += before;
            t.after += after;
            for f in &fixed.fixes {
                *t.by_kind.entry(f.kind.name()).or_default() += 1;
            }
        }
    }
    eprintln!(
        "published events ({}): {} events, {} changed, {} unparseable left as they are; findings {} -> {}; fixes {:?}",
        if unsafe_fixes { "--fix --unsafe-fixes" } else { "--fix" },
        t.events,
        t.changed,
        t.unfixable,
        t.before,
        t.after,
        t.by_kind
    );
    let changed: Vec<String> = t
        .by_code
        .iter()
        .filter(|(_, (b, a))| a != b)
        .map(|(code, (b, a))| format!("{code} {b} -> {a}"))
        .collect();
    eprintln!("  findings by code that changed: {}", changed.join(", "));
    // No code has more findings in all: a fix does not trade one finding for another.
    for (code, (b, a)) in &t.by_code {
        assert!(a <= b, "{code}: {b} findings before, {a} after");
    }
    Some(t)
}

#[test]
fn safe_fixes_never_add_findings_and_are_idempotent() {
    let Some(t) = run(false) else { return };
    assert!(t.changed > 0 && t.after < t.before);
    assert!(t.by_kind.contains_key(FixKind::Caption.name()));
    assert!(t.by_kind.contains_key(FixKind::ClassId.name()));
}

#[test]
fn unsafe_fixes_never_add_findings_and_are_idempotent() {
    let Some(t) = run(true) else { return };
    assert!(t.changed > 0 && t.after < t.before);
    assert!(t.by_kind.contains_key(FixKind::TimestampUnit.name()));
    assert!(t.by_kind.contains_key(FixKind::Unmapped.name()));
}
