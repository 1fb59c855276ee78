//! The plausibility rules find real problems in the published events and raise nothing on the
//! generated valid corpus.

mod common;

use ocsf_test_support::corpus::Generator;
use ocsf_validate::Validator;
use serde_json::Value;

/// The unit a `time` was written in, read independently of the rule: the year it gives in
/// milliseconds, seconds, microseconds and nanoseconds, and which lands in 1990-2099.
fn unit_of_time(time: i64) -> &'static str {
    let year = |ms: i64| 1970 + ms / 31_556_952_000;
    let plausible = |ms: i64| (1990..2100).contains(&year(ms));
    if plausible(time) {
        "milliseconds"
    } else if plausible(time.saturating_mul(1000)) {
        "seconds"
    } else if plausible(time / 1000) {
        "microseconds"
    } else if plausible(time / 1_000_000) {
        "nanoseconds"
    } else {
        "none"
    }
}

#[test]
fn every_published_time_in_another_unit_is_reported_with_that_unit() {
    let Some(path) = common::shared("real-events/real.jsonl") else {
        return;
    };
    let v = Validator::builder().build().unwrap();
    let (mut checked, mut other_unit) = (0, 0);
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let wrapper: Value = serde_json::from_str(line).unwrap();
        let Some(event) = wrapper.get("event") else {
            continue;
        };
        let Some(time) = event.get("time").and_then(Value::as_i64) else {
            continue;
        };
        checked += 1;
        let report = v.validate_bytes(&serde_json::to_vec(event).unwrap());
        let at_time: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == "OCSF911" && d.pointer == "/time")
            .collect();
        match unit_of_time(time) {
            // No unit makes it plausible (0 is a placeholder): OCSF912's, not this rule's.
            "milliseconds" | "none" => assert!(at_time.is_empty(), "{time}: {at_time:?}"),
            unit => {
                other_unit += 1;
                assert_eq!(
                    at_time.len(),
                    1,
                    "{time} ({unit}): {:?}",
                    report.diagnostics
                );
                assert!(at_time[0].message.contains(unit), "{}", at_time[0].message);
            }
        }
    }
    // The issue counts 254 of the 421 published events with a `time` in another unit.
    assert!(checked >= 390, "{checked}");
    assert!(other_unit >= 250, "{other_unit} of {checked}");
}

#[test]
fn the_generated_valid_corpus_raises_no_plausibility_finding() {
    let v = Validator::builder().build().unwrap();
    let mut g = Generator::new(ocsf_schema::v1_6_0::schema(), 7, 40);
    for _ in 0..3000 {
        let event = g.event();
        let report = v.validate_value(&event);
        let found: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.code.starts_with("OCSF91") || d.code == "OCSF902")
            .collect();
        assert!(found.is_empty(), "{event}\n{found:?}");
    }
}

#[test]
fn intervals_durations_and_counts_are_judged_in_any_object() {
    let v = Validator::builder().build().unwrap();
    let event = r#"{"class_uid": 0, "category_uid": 0, "activity_id": 0, "type_uid": 0, "severity_id": 1, "time": 1700000000000, "count": 0, "start_time": 1700000009000, "end_time": 1700000000000, "actor": {"session": {"created_time": 32503680000000}}, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}}"#;
    let report = v.validate_bytes(event.as_bytes());
    let at = |code: &str| -> Vec<&str> {
        report
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .map(|d| d.pointer.as_str())
            .collect()
    };
    assert_eq!(at("OCSF913"), ["/start_time"], "{report:#?}");
    assert_eq!(at("OCSF915"), ["/count"]);
    assert_eq!(at("OCSF912"), ["/actor/session/created_time"]);
}
