//! The policy file parser: any text either fails to load with an error, or loads into a policy
//! that builds a validator (or fails to, with an error) which then validates an event.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocsf_validate::pii::PiiRules;
use ocsf_validate::{Policy, Validator};

const EVENT: &[u8] = br#"{"class_uid": 3002, "category_uid": 3, "activity_id": 1, "type_uid": 300201, "severity_id": 1, "time": 1700000000000, "user": {"uid": "u", "email_addr": "a@b.example"}, "metadata": {"version": "1.6.0", "product": {"name": "S", "vendor_name": "A"}}, "unmapped": {"x": 1}}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(policy) = Policy::from_toml(text) else {
        return;
    };
    let max = policy.max_diagnostics_per_event;
    // As the command builds it: the personal-data rules are registered under any level.
    let level = policy.pii.policy.unwrap_or_default();
    let Ok(pii) = PiiRules::new(ocsf_schema::default_schema(), level, &policy) else {
        return;
    };
    let built = Validator::builder()
        .with_policy(policy)
        .with_rule(Box::new(pii))
        .build();
    let Ok(v) = built else {
        return;
    };
    let report = v.validate_bytes(EVENT);
    assert!(report.diagnostics.len() <= max.max(1), "{report:?}");
});
