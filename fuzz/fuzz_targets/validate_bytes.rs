//! `Validator::validate_bytes` on any bytes: it never panics, reports an input error
//! (OCSF001/OCSF003) exactly when serde_json rejects the text, and OCSF002 exactly when the
//! text is JSON but no object.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use ocsf_validate::Validator;

fn validator() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| {
        Validator::builder()
            .build()
            .expect("the default validator builds")
    })
}

fuzz_target!(|data: &[u8]| {
    let report = validator().validate_bytes(data);
    let has = |code: &str| report.diagnostics.iter().any(|d| d.code == code);
    let parsed = serde_json::from_slice::<serde_json::Value>(data);
    assert_eq!(
        parsed.is_err(),
        has("OCSF001") || has("OCSF003"),
        "input error and serde_json disagree on {:?}: {:?}",
        String::from_utf8_lossy(data),
        report.diagnostics
    );
    if let Ok(v) = parsed {
        assert_eq!(!v.is_object(), has("OCSF002"), "{:?}", report.diagnostics);
    }
});
