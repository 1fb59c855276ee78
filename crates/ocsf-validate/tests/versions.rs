//! Each event is judged by the version it claims: what a version adds, removes or changes is
//! accepted or reported according to the claim, and the published events are judged by the
//! versions they claim.

mod common;

use ocsf_validate::rules::{REQUIRED_MISSING, UNKNOWN_ATTRIBUTE, UNKNOWN_ENUM};
use ocsf_validate::{Report, Validator};
use serde_json::{json, Value};

fn validator() -> Validator {
    Validator::builder().build().unwrap()
}

/// A minimal event of `class_uid` claiming `version`, with `extra` attributes merged in.
fn event(version: &str, class_uid: i64, activity_id: i64, extra: Value) -> Vec<u8> {
    let mut e = json!({
        "class_uid": class_uid,
        "category_uid": class_uid / 1000,
        "activity_id": activity_id,
        "type_uid": class_uid * 100 + activity_id,
        "severity_id": 1,
        "time": 1_700_000_000_000_i64,
        "metadata": {"version": version, "product": {"name": "S", "vendor_name": "A"}},
    });
    for (k, v) in extra.as_object().unwrap() {
        e[k] = v.clone();
    }
    serde_json::to_vec(&e).unwrap()
}

fn reported(r: &Report, code: &str, pointer: &str) -> bool {
    r.diagnostics
        .iter()
        .any(|d| d.code == code && d.pointer == pointer)
}

/// `account_switch_type_id` came to Authentication in 1.6.0: accepted from 1.6.0 on,
/// unknown before.
#[test]
fn an_attribute_added_later_is_accepted_from_its_version_and_reported_before() {
    let v = validator();
    let extra =
        json!({"user": {"uid": "u"}, "service": {"name": "s"}, "account_switch_type_id": 1});
    let new = v.validate_bytes(&event("1.6.0", 3002, 1, extra.clone()));
    assert_eq!(new.schema_version, Some("1.6.0"));
    assert!(
        !reported(&new, UNKNOWN_ATTRIBUTE, "/account_switch_type_id"),
        "{new:#?}"
    );
    let old = v.validate_bytes(&event("1.5.0", 3002, 1, extra));
    assert_eq!(old.schema_version, Some("1.5.0"));
    assert!(
        reported(&old, UNKNOWN_ATTRIBUTE, "/account_switch_type_id"),
        "{old:#?}"
    );
}

/// No 1.x release removed an attribute from a class (OCSF deprecates instead); what 1.1.0
/// removed are DNS Activity's activities 3, 4 and 5 (and their `type_uid`s): valid in a 1.0.0
/// event, unknown in a 1.1.0 one.
#[test]
fn enum_values_removed_later_are_accepted_before_and_reported_after() {
    let v = validator();
    let extra = json!({"query": {"hostname": "example.com"}});
    let old = v.validate_bytes(&event("1.0.0", 4003, 3, extra.clone()));
    assert!(!reported(&old, UNKNOWN_ENUM, "/activity_id"), "{old:#?}");
    let new = v.validate_bytes(&event("1.1.0", 4003, 3, extra));
    assert!(reported(&new, UNKNOWN_ENUM, "/activity_id"), "{new:#?}");
}

/// Authentication's activity 7 (Account Switch) came in 1.6.0.
#[test]
fn enum_values_added_later_are_accepted_from_their_version() {
    let v = validator();
    let extra = json!({"user": {"uid": "u"}, "service": {"name": "s"}});
    let new = v.validate_bytes(&event("1.6.0", 3002, 7, extra.clone()));
    assert!(!reported(&new, UNKNOWN_ENUM, "/activity_id"), "{new:#?}");
    let old = v.validate_bytes(&event("1.5.0", 3002, 7, extra));
    assert!(reported(&old, UNKNOWN_ENUM, "/activity_id"), "{old:#?}");
}

/// Network Activity's `src_endpoint` was required up to 1.2.0 and recommended from 1.3.0.
#[test]
fn a_requirement_is_the_claimed_versions() {
    let v = validator();
    let extra = json!({"dst_endpoint": {"ip": "192.0.2.1"}, "action_id": 1, "disposition_id": 1});
    let required = v.validate_bytes(&event("1.2.0", 4001, 1, extra.clone()));
    let missing_src = |r: &Report| {
        r.diagnostics
            .iter()
            .any(|d| d.code == REQUIRED_MISSING && d.message.contains("`src_endpoint`"))
    };
    assert!(missing_src(&required), "{required:#?}");
    let recommended = v.validate_bytes(&event("1.3.0", 4001, 1, extra));
    assert!(!missing_src(&recommended), "{recommended:#?}");
}

/// The events published by others that claim a release are judged by that release, with no
/// version diagnostic; every release that has such events is exercised.
#[test]
fn published_events_are_judged_by_the_release_they_claim() {
    let Some(dir) = common::shared("real-events") else {
        return;
    };
    let v = validator();
    let mut judged: std::collections::BTreeMap<&str, usize> = Default::default();
    for file in [
        "real.jsonl",
        "generated_prerelease.jsonl",
        "vendor_docs.jsonl",
    ] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let wrapper: Value = serde_json::from_str(line).unwrap();
            let Some(event) = wrapper.get("event") else {
                continue;
            };
            let claimed = event.pointer("/metadata/version").and_then(Value::as_str);
            let Some(release) = claimed.and_then(ocsf_schema::by_version) else {
                continue;
            };
            let report = v.validate_bytes(&serde_json::to_vec(event).unwrap());
            assert_eq!(report.schema_version, Some(release.version), "{line}");
            assert!(
                report
                    .diagnostics
                    .iter()
                    .all(|d| !d.code.starts_with("OCSF70")),
                "{}: {:#?}",
                wrapper["id"],
                report.diagnostics
            );
            *judged.entry(release.version).or_default() += 1;
        }
    }
    for release in ["1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0"] {
        assert!(
            judged.get(release).copied().unwrap_or(0) >= 10,
            "{judged:?}"
        );
    }
}

/// Pre-releases (Security Lake writes 1.0.0-rc.2) are judged by the release they precede,
/// with an info naming both; another major by the default version with an error.
#[test]
fn pre_releases_and_other_majors_say_what_judged_them() {
    let v = validator();
    let extra = json!({"user": {"uid": "u"}, "service": {"name": "s"}});
    let rc = v.validate_bytes(&event("1.0.0-rc.2", 3002, 1, extra.clone()));
    assert_eq!(rc.schema_version, Some("1.0.0"));
    let info = rc.diagnostics.iter().find(|d| d.code == "OCSF703").unwrap();
    assert!(info.message.contains("\"1.0.0-rc.2\"") && info.message.contains("1.0.0"));
    assert_eq!(info.pointer, "/metadata/version");

    let later = v.validate_bytes(&event("1.9.0", 3002, 1, extra.clone()));
    assert_eq!(later.schema_version, Some(ocsf_schema::LATEST_VERSION));
    assert!(later.has_code("OCSF704"));

    for other in ["0.31.2", "7.5.0", "2025.11.09"] {
        let r = v.validate_bytes(&event(other, 3002, 1, extra.clone()));
        assert_eq!(
            r.schema_version,
            Some(ocsf_schema::DEFAULT_VERSION),
            "{other}"
        );
        assert!(r.has_code("OCSF702"), "{other}: {r:#?}");
    }
    let fallback = Validator::builder()
        .with_default_version("1.1.0")
        .unwrap()
        .build()
        .unwrap();
    let r = fallback.validate_bytes(&event("7.5.0", 3002, 1, extra));
    assert_eq!(r.schema_version, Some("1.1.0"));
}

/// The `Value` entry point chooses like the bytes one.
#[test]
fn values_are_judged_like_bytes() {
    let v = validator();
    for version in ["1.0.0", "1.1.0-dev", "1.9.0", "banana"] {
        let bytes = event(version, 3002, 1, json!({"user": {"uid": "u"}}));
        let by_bytes = v.validate_bytes(&bytes);
        let by_value = v.validate_value(&serde_json::from_slice(&bytes).unwrap());
        assert_eq!(by_bytes, by_value, "{version}");
    }
}
