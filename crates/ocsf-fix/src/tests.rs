//! One test per fix, on the smallest event that shows it.

use super::*;

fn fixer() -> Fixer<'static> {
    Fixer::new(VersionMode::default())
}

fn fix(event: &str) -> Fixed {
    fixer().fix_event(event).unwrap()
}

fn fix_unsafe(event: &str) -> Fixed {
    fixer().with_unsafe_fixes(true).fix_event(event).unwrap()
}

/// The fixed text, checking that a second run changes nothing.
fn fixed_text(f: Fixer<'_>, event: &str) -> String {
    let once = f.fix_event(event).unwrap();
    let twice = f.fix_event(&once.text).unwrap();
    assert_eq!(twice.text, once.text, "a second run changed the event");
    assert!(twice.fixes.is_empty(), "{:?}", twice.fixes);
    once.text
}

const AUTH: &str = r#"{"class_uid": 3002, "category_uid": 3, "activity_id": 1, "type_uid": 300201"#;

#[test]
fn captions_are_set_from_their_ids() {
    let event = format!(
        r#"{AUTH}, "class_name": "Auth", "category_name": "IAM", "activity_name": "logon", "type_name": "Authentication: Logoff", "severity_id": 4, "severity": "Low", "status_id": 1, "status": "ok", "metadata": {{"version": "1.6.0"}}}}"#
    );
    let fixed = fix(&event);
    assert_eq!(
        fixed_text(fixer(), &event),
        format!(
            r#"{AUTH}, "class_name": "Authentication", "category_name": "Identity & Access Management", "activity_name": "Logon", "type_name": "Authentication: Logon", "severity_id": 4, "severity": "High", "status_id": 1, "status": "Success", "metadata": {{"version": "1.6.0"}}}}"#
        )
    );
    assert_eq!(fixed.count(FixKind::Caption), 6);
    assert_eq!(fixed.fixes.len(), 6);
}

#[test]
fn nested_and_array_captions_are_set() {
    let event = format!(
        r#"{AUTH}, "device": {{"type_id": 8, "type": "browser"}}, "observables": [{{"name": "x", "type_id": 2, "type": "IP"}}], "malware": [{{"classification_ids": [1, 99, 2], "classifications": ["ad", "mine"]}}]}}"#
    );
    let text = fixed_text(fixer(), &event);
    assert!(
        text.contains(r#""type_id": 8, "type": "Browser""#),
        "{text}"
    );
    assert!(
        text.contains(r#""type_id": 2, "type": "IP Address""#),
        "{text}"
    );
    // 99 is Other: "mine" is the producer's label and stays.
    assert!(
        text.contains(r#""classifications": ["Adware", "mine"]"#),
        "{text}"
    );
    let fixed = fix(&event);
    let paths: Vec<&str> = fixed.fixes.iter().map(|f| f.path.as_str()).collect();
    assert!(paths.contains(&"device.type"), "{paths:?}");
    assert!(paths.contains(&"observables[0].type"), "{paths:?}");
    assert!(
        paths.contains(&"malware[0].classifications[0]"),
        "{paths:?}"
    );
}

#[test]
fn an_invalid_or_other_id_keeps_its_caption() {
    for event in [
        format!(r#"{AUTH}, "severity_id": 42, "severity": "High"}}"#),
        format!(r#"{AUTH}, "severity_id": 99, "severity": "Catastrophic"}}"#),
        format!(r#"{AUTH}, "severity_id": "4", "severity": "Low"}}"#),
        format!(r#"{AUTH}, "activity_id": 99, "type_uid": 300299, "type_name": "Authentication: Custom"}}"#)
            .replace(r#", "activity_id": 1, "type_uid": 300201"#, ""),
        format!(r#"{AUTH}, "activity_id": 99, "type_uid": 300299, "type_name": "Custom"}}"#)
            .replace(r#", "activity_id": 1, "type_uid": 300201"#, ""),
    ] {
        let fixed = fix(&event);
        assert!(fixed.fixes.is_empty(), "{event}: {:?}", fixed.fixes);
        assert_eq!(fixed.text, event);
    }
}

#[test]
fn type_name_of_other_keeps_the_producers_label() {
    let event = r#"{"class_uid": 3002, "category_uid": 3, "activity_id": 99, "type_uid": 300299, "type_name": "Auth: Token Exchange"}"#;
    assert_eq!(
        fixed_text(fixer(), event),
        event.replace("Auth: ", "Authentication: ")
    );
}

#[test]
fn category_and_type_come_from_class_and_activity() {
    let event = r#"{"class_uid": 3002, "category_uid": 2, "activity_id": 2, "type_uid": 300201}"#;
    assert_eq!(
        fixed_text(fixer(), event),
        r#"{"class_uid": 3002, "category_uid": 3, "activity_id": 2, "type_uid": 300202}"#
    );
    // Missing ones are inserted in the event's style.
    let event = "{\n  \"class_uid\": 3002,\n  \"activity_id\": 1\n}";
    assert_eq!(
        fixed_text(fixer(), event),
        "{\n  \"class_uid\": 3002,\n  \"category_uid\": 3,\n  \"activity_id\": 1,\n  \"type_uid\": 300201\n}"
    );
    // An activity the class does not list gives no type_uid.
    let event = r#"{"class_uid": 3002, "category_uid": 3, "activity_id": 42, "type_uid": 1}"#;
    assert!(fix(event).fixes.is_empty());
    // An unknown class is fixed only where base_event is sure: its severity.
    let event = r#"{"class_uid": 9999, "category_uid": 1, "type_uid": 5, "severity_id": 1, "severity": "x"}"#;
    let fixed = fix(event);
    assert_eq!(fixed.fixes.len(), 1);
    assert_eq!(fixed.fixes[0].path, "severity");
}

#[test]
fn missing_ids_come_from_listed_captions() {
    let event = r#"{"class_uid": 3002, "category_uid": 3, "activity_name": "Logon", "type_uid": 300201, "severity": "high"}"#;
    let fixed = fix(event);
    assert_eq!(
        fixed_text(fixer(), event),
        r#"{"class_uid": 3002, "category_uid": 3, "activity_id": 1, "activity_name": "Logon", "type_uid": 300201, "severity_id": 4, "severity": "High"}"#
    );
    assert_eq!(fixed.count(FixKind::IdFromCaption), 2);
    assert_eq!(fixed.count(FixKind::Caption), 1);
    // activity_id from type_uid when there is no name.
    let event = r#"{"class_uid": 3002, "category_uid": 3, "type_uid": 300202}"#;
    assert_eq!(
        fixed_text(fixer(), event),
        r#"{"class_uid": 3002, "category_uid": 3, "activity_id": 2, "type_uid": 300202}"#
    );
    // A caption no value has gives no id.
    let event = r#"{"class_uid": 3002, "category_uid": 3, "activity_id": 1, "type_uid": 300201, "severity": "Severe"}"#;
    assert!(fix(event).fixes.is_empty());
}

#[test]
fn each_event_is_read_by_the_version_it_claims() {
    // Activity 4 of Authentication is "Service Ticket" in 1.0.0 and "Service Ticket Request"
    // in 1.6.0; device type 9 (Firewall) is listed from 1.1.0 on.
    let event = |version: &str, name: &str| {
        format!(
            r#"{{"class_uid": 3002, "category_uid": 3, "activity_id": 4, "activity_name": "{name}", "type_uid": 300204, "device": {{"type_id": 9, "type": "fw"}}, "metadata": {{"version": "{version}"}}}}"#
        )
    };
    let old = event("1.0.0", "Service Ticket");
    assert!(fix(&old).fixes.is_empty(), "{:?}", fix(&old).fixes);
    let new = event("1.6.0", "Service Ticket");
    assert_eq!(
        fixed_text(fixer(), &new),
        event("1.6.0", "Service Ticket Request").replace(r#""fw""#, r#""Firewall""#)
    );
    // A pre-release is read by its release; a forced version reads every event.
    assert!(fix(&old.replace("1.0.0", "1.0.0-rc.2")).fixes.is_empty());
    let forced = Fixer::new(VersionMode::Forced(
        ocsf_schema::by_version("1.6.0").unwrap(),
    ));
    assert_eq!(forced.fix_event(&old).unwrap().count(FixKind::Caption), 2);
}

#[test]
fn timestamp_units_and_datetimes_are_unsafe() {
    let event = format!(
        r#"{AUTH}, "time": 1649721732, "start_time": 1631047050642854, "metadata": {{"version": "1.6.0", "profiles": ["datetime"], "logged_time": 1649721732000}}}}"#
    );
    let safe = fix(&event);
    assert!(safe.fixes.is_empty());
    assert_eq!(safe.text, event);
    assert!(safe.unsafe_available >= 3, "{}", safe.unsafe_available);
    let text = fixed_text(fixer().with_unsafe_fixes(true), &event);
    assert!(
        text.contains(r#""time": 1649721732000, "time_dt": "2022-04-12T00:02:12.000Z", "start_time": 1631047050642, "start_time_dt": "#),
        "{text}"
    );
    let fixed = fix_unsafe(&event);
    assert_eq!(fixed.count(FixKind::TimestampUnit), 2);
    assert!(fixed.count(FixKind::DatetimeFromTime) >= 2);
}

#[test]
fn a_duration_follows_its_interval_into_milliseconds() {
    let event =
        format!(r#"{AUTH}, "start_time": 1700000000, "end_time": 1700000005, "duration": 5}}"#);
    assert_eq!(
        fixed_text(fixer().with_unsafe_fixes(true), &event),
        format!(
            r#"{AUTH}, "start_time": 1700000000000, "end_time": 1700000005000, "duration": 5000}}"#
        )
    );
    // One that disagreed before is left as it was.
    let event = event.replace(r#""duration": 5"#, r#""duration": 60"#);
    assert_eq!(fix_unsafe(&event).count(FixKind::TimestampUnit), 2);
}

#[test]
fn a_datetime_is_written_only_for_a_declared_profile_and_fixed_when_wrong() {
    let event = format!(r#"{AUTH}, "time": 1649721732000}}"#);
    assert!(fix_unsafe(&event).fixes.is_empty());
    let event = format!(
        r#"{AUTH}, "time": 1649721732000, "time_dt": "2001-01-01T00:00:00Z", "metadata": {{"profiles": ["datetime"]}}}}"#
    );
    let text = fixed_text(fixer().with_unsafe_fixes(true), &event);
    assert!(
        text.contains(r#""time_dt": "2022-04-12T00:02:12.000Z""#),
        "{text}"
    );
    // A text less precise than `time` that contains it agrees.
    let event = format!(
        r#"{AUTH}, "time": 1649721732123, "time_dt": "2022-04-12T00:02:12Z", "metadata": {{"profiles": ["datetime"]}}}}"#
    );
    assert!(fix_unsafe(&event).fixes.is_empty());
}

#[test]
fn unknown_attributes_move_into_unmapped() {
    let event =
        format!(r#"{AUTH}, "vendor_field": {{"a": [1, 2]}}, "severity_id": 1, "x": 1.50}}"#);
    let text = fixed_text(fixer().with_unsafe_fixes(true), &event);
    assert_eq!(
        text,
        format!(
            r#"{AUTH}, "severity_id": 1, "unmapped": {{"vendor_field": {{"a": [1, 2]}}, "x": 1.50}}}}"#
        )
    );
    assert_eq!(fix_unsafe(&event).count(FixKind::Unmapped), 2);
    assert_eq!(fix(&event).unsafe_available, 2);
    // Into an existing `unmapped`, keeping a name it already has where it is.
    let event = "{\"x\": 1, \"y\": 2, \"class_uid\": 3002, \"category_uid\": 3, \"activity_id\": 1, \"type_uid\": 300201,\n \"unmapped\": {\"y\": 0}}";
    assert_eq!(
        fixed_text(fixer().with_unsafe_fixes(true), event),
        "{\"y\": 2, \"class_uid\": 3002, \"category_uid\": 3, \"activity_id\": 1, \"type_uid\": 300201,\n \"unmapped\": {\"y\": 0, \"x\": 1}}"
    );
    // Pretty-printed where the event is.
    let event = "{\n  \"class_uid\": 3002,\n  \"category_uid\": 3,\n  \"activity_id\": 1,\n  \"type_uid\": 300201,\n  \"x\": 1\n}";
    assert_eq!(
        fixed_text(fixer().with_unsafe_fixes(true), event),
        "{\n  \"class_uid\": 3002,\n  \"category_uid\": 3,\n  \"activity_id\": 1,\n  \"type_uid\": 300201,\n  \"unmapped\": {\n    \"x\": 1\n  }\n}"
    );
    // Neighbours, first and last members, in a compact event.
    let event = r#"{"a":1,"b":2,"class_uid":3002,"category_uid":3,"activity_id":1,"type_uid":300201,"c":3,"unmapped":{"k":0},"d":4,"e":5}"#;
    assert_eq!(
        fixed_text(fixer().with_unsafe_fixes(true), event),
        r#"{"class_uid":3002,"category_uid":3,"activity_id":1,"type_uid":300201,"unmapped":{"k":0,"a":1,"b":2,"c":3,"d":4,"e":5}}"#
    );
    assert_eq!(fix_unsafe(event).count(FixKind::Unmapped), 5);
    // From objects, under their paths.
    let event = format!(
        r#"{AUTH}, "device": {{"vendor_zone": "a", "type_id": 2}}, "observables": [{{"name": "x", "type_id": 2, "extra": 1}}]}}"#
    );
    let text = fixed_text(fixer().with_unsafe_fixes(true), &event);
    assert_eq!(
        text,
        format!(
            r#"{AUTH}, "device": {{"type_id": 2}}, "observables": [{{"name": "x", "type_id": 2}}], "unmapped": {{"device.vendor_zone": "a", "observables[0].extra": 1}}}}"#
        )
    );
    let paths: Vec<String> = fix_unsafe(&event)
        .fixes
        .into_iter()
        .map(|f| f.path)
        .collect();
    assert_eq!(paths, ["device.vendor_zone", "observables[0].extra"]);
    // Not what the caller accepts where it is.
    let event = format!(r#"{AUTH}, "vendor_field": 1, "x": 2}}"#);
    let accepts = |path: &str| path == "vendor_field";
    let fixed = fixer()
        .with_unsafe_fixes(true)
        .with_accepted_unknown(&accepts)
        .fix_event(&event)
        .unwrap();
    assert_eq!(
        fixed.text,
        format!(r#"{AUTH}, "vendor_field": 1, "unmapped": {{"x": 2}}}}"#)
    );
    // Not for an unknown class: its attributes are unknown only to base_event.
    let event = r#"{"class_uid": 9999, "vendor_field": 1}"#;
    assert!(fix_unsafe(event).fixes.is_empty());
}

#[test]
fn bad_input_is_an_error() {
    assert!(matches!(
        fixer().fix_event("{\"a\": "),
        Err(Error::NotJson(_))
    ));
    assert!(matches!(fixer().fix_event("[1]"), Err(Error::NotAnObject)));
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(fixer().fix_event(&deep).is_err());
}

#[test]
fn everything_else_is_kept_byte_for_byte() {
    let event = "{ \"time\" : 1.0e3 ,\"class_uid\":3002,\"category_uid\":3,\"activity_id\":1,\"type_uid\":300201,\"severity_id\":4,\"severity\":\"\\u0048igh\" ,\"z\":[ ]}";
    let fixed = fix(event);
    assert!(fixed.fixes.is_empty(), "{:?}", fixed.fixes);
    assert_eq!(fixed.text, event);
    let event = event.replace("\\u0048igh", "Low");
    assert_eq!(fix(&event).text, event.replace("Low", "High"));
}
