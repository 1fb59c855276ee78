//! The redactor: its output of any JSON event still parses, and the schema checks (every
//! diagnostic that is not about personal data or secrets) find the same in it as in the input,
//! except what they found in a value the redactor replaced (a placeholder has no format).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use ocsf_validate::pii::redactor::Redactor;
use ocsf_validate::pii::PiiLevel;
use ocsf_validate::{Category, Policy, Validator, VersionMode};

fn mode() -> VersionMode {
    VersionMode::PerEvent {
        fallback: ocsf_schema::default_schema(),
    }
}

fn redactor() -> &'static Redactor {
    static R: OnceLock<Redactor> = OnceLock::new();
    R.get_or_init(|| {
        Redactor::new(mode(), PiiLevel::Strict, Policy::default(), None).expect("it builds")
    })
}

fn validator() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| {
        Validator::builder()
            .with_version_mode(mode())
            .build()
            .expect("it builds")
    })
}

fn schema_findings(text: &str) -> Vec<(&'static str, String)> {
    let mut found: Vec<_> = validator()
        .validate_bytes(text.as_bytes())
        .diagnostics
        .into_iter()
        .filter(|d| !matches!(d.category, Category::Pii | Category::Secret))
        .map(|d| (d.code, d.pointer))
        .collect();
    found.sort();
    found
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if serde_json::from_str::<serde_json::Value>(text).is_err() {
        let _ = redactor().redact_event(text);
        return;
    }
    let (out, _) = redactor().redact_event(text);
    assert!(
        serde_json::from_str::<serde_json::Value>(&out).is_ok(),
        "redacted output does not parse: {text:?} -> {out:?}"
    );
    let before = schema_findings(text);
    // An attribute given twice (OCSF208): which of its values a check reads (the walk sees
    // both, a `Value` keeps the last, observables are matched against one) is a matter of the
    // reader, so the findings before and after cannot be compared.
    if before.iter().any(|(code, _)| *code == "OCSF208") {
        return;
    }
    let after = schema_findings(&out);
    let (Ok(old), Ok(new)) = (
        serde_json::from_str::<serde_json::Value>(text),
        serde_json::from_str::<serde_json::Value>(&out),
    ) else {
        return;
    };
    for f in &after {
        assert!(
            before.contains(f),
            "redaction added {f:?}: {text:?} -> {out:?}"
        );
    }
    for (code, pointer) in before.iter().filter(|f| !after.contains(f)) {
        assert_ne!(
            old.pointer(pointer),
            new.pointer(pointer),
            "redaction lost {code} at {pointer:?} without changing the value: {text:?} -> {out:?}"
        );
    }
});
