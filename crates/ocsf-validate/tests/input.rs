//! Input problems are diagnostics, never panics or stack overflows.

use ocsf_validate::{Policy, Validator};

fn v() -> Validator {
    Validator::new(ocsf_schema::v1_6_0::schema()).unwrap()
}

#[test]
fn invalid_json_has_line_and_column() {
    let r = v().validate_bytes(b"{\n  \"class_uid\": 3002,\n}");
    let d = &r.diagnostics[0];
    assert_eq!(d.code, "OCSF001");
    assert_eq!(d.position, Some((3, 1)));
    assert!(d.message.contains("line 3"), "{}", d.message);
}

#[test]
fn trailing_garbage_is_invalid_json() {
    assert!(v().validate_bytes(b"{} x").has_code("OCSF001"));
}

#[test]
fn not_an_object() {
    for input in [&b"[1, 2]"[..], b"\"x\"", b"42", b"null", b"true"] {
        assert!(v().validate_bytes(input).has_code("OCSF002"));
    }
}

#[test]
fn deep_nesting_is_a_diagnostic() {
    for depth in [129usize, 10_000, 200_000] {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let mut s = String::from("{\"class_uid\": 0, \"unmapped\": ");
            s.push_str(&open.repeat(depth));
            s.push_str(&close.repeat(depth));
            s.push('}');
            let r = v().validate_bytes(s.as_bytes());
            assert!(r.has_code("OCSF003"), "depth {depth}: {:?}", r.diagnostics);
        }
    }
    // Deep nesting through schema objects (process.parent_process…) too.
    let mut s = String::from("{\"class_uid\": 1007, \"process\": ");
    s.push_str(&"{\"parent_process\": ".repeat(300));
    s.push_str(&"}".repeat(301));
    s.push('}');
    assert!(v().validate_bytes(s.as_bytes()).has_code("OCSF003"));
}

#[test]
fn deep_value_is_a_diagnostic() {
    let mut value = serde_json::json!(1);
    for _ in 0..300 {
        value = serde_json::json!([value]);
    }
    let event = serde_json::json!({"class_uid": 0, "unmapped": value});
    assert!(v().validate_value(&event).has_code("OCSF003"));
    // Take it apart iteratively: a deep Value's recursive drop is not what is tested here.
    let mut stack = vec![event];
    while let Some(mut x) = stack.pop() {
        match &mut x {
            serde_json::Value::Array(a) => stack.append(a),
            serde_json::Value::Object(o) => {
                stack.extend(std::mem::take(o).into_iter().map(|(_, v)| v))
            }
            _ => {}
        }
    }
}

#[test]
fn size_bound() {
    let policy = Policy {
        max_event_bytes: 64,
        ..Policy::default()
    };
    let v = Validator::builder().with_policy(policy).build().unwrap();
    let big = format!("{{\"message\": \"{}\"}}", "x".repeat(100));
    assert!(v.validate_bytes(big.as_bytes()).has_code("OCSF004"));
    assert!(!v.validate_bytes(b"{}").has_code("OCSF004"));
}

#[test]
fn class_uid_after_other_keys_and_escaped_keys() {
    let late = br#"{"severity": "High", "severity_id": 1, "class_uid": 0}"#;
    let r = v().validate_bytes(late);
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.code == "OCSF302" && d.pointer == "/severity"),
        "{r:?}"
    );
    let escaped = br#"{"class_uid": 0, "sev\u0065rity_id": 42}"#;
    assert!(v().validate_bytes(escaped).has_code("OCSF301"));
}

#[test]
fn null_is_absent_and_int_is_a_float() {
    let r = v().validate_bytes(br#"{"class_uid": 0, "message": null, "severity_id": null}"#);
    assert!(!r.diagnostics.iter().any(|d| d.pointer == "/message"));
    assert!(r
        .diagnostics
        .iter()
        .any(|d| d.code == "OCSF201" && d.message.contains("severity_id")));
    let f = br#"{"class_uid": 2004, "finding_info": {"uid": "x", "title": "t"}, "risk_score": 3}"#;
    assert!(!v()
        .validate_bytes(f)
        .diagnostics
        .iter()
        .any(|d| d.code == "OCSF204"));
}

#[test]
fn pointers_are_escaped() {
    let r = v().validate_bytes(br#"{"class_uid": 0, "a/b~c": 1}"#);
    assert!(
        r.diagnostics.iter().any(|d| d.pointer == "/a~1b~0c"),
        "{r:?}"
    );
}

#[test]
fn values_are_never_printed_whole() {
    let secret = "hunter2-very-secret-password";
    let ev = format!(
        r#"{{"class_uid": 0, "device": {{"type_id": 1, "ip": "{secret}"}}, "metadata": {{"version": "{secret}"}}}}"#
    );
    for d in v().validate_bytes(ev.as_bytes()).diagnostics {
        assert!(!d.message.contains(secret), "{}", d.message);
        assert!(!d.help.unwrap_or_default().contains(secret));
    }
}

/// The two parse errors that are mostly the input's layout say so in their help: an event that
/// ends before its JSON does (pretty-printed JSON read as JSON lines, or a truncated input), and
/// a second value after an object (two events on one line). Other errors have no help.
#[test]
fn parse_errors_about_the_layout_say_so() {
    let help = |text: &str| {
        let r = v().validate_bytes(text.as_bytes());
        let d = r.diagnostics.iter().find(|d| d.code == "OCSF001").unwrap();
        d.help.clone()
    };
    let eof = help("{");
    assert!(
        eof.as_deref().is_some_and(|h| h.contains("`jq -c`")),
        "{eof:?}"
    );
    assert_eq!(help(r#"{"class_uid": 0, "time": "#), eof);
    let glued = help(r#"{"class_uid": 0} {"class_uid": 0}"#);
    assert!(
        glued
            .as_deref()
            .is_some_and(|h| h.contains("two events on one line")),
        "{glued:?}"
    );
    // A line inside a pretty-printed event is no second event; a plain syntax error has no help.
    assert_eq!(help(r#"  "class_uid": 0,"#), None);
    assert_eq!(help(r#"{"class_uid": 0,}"#), None);
}

/// An attribute given twice in one object is OCSF208 at each repetition, wherever the object
/// is; each value is still checked. Escaped spellings of the name count, `null` counts, an
/// array's objects are each their own object, and unknown keys are OCSF203 each time.
#[test]
fn repeated_attributes_are_reported_at_each_repetition() {
    let found = |event: &str| -> Vec<(String, String)> {
        let r = v().validate_bytes(event.as_bytes());
        r.diagnostics
            .iter()
            .filter(|d| matches!(d.code, "OCSF208" | "OCSF204" | "OCSF203"))
            .map(|d| (d.code.to_owned(), d.pointer.clone()))
            .collect()
    };
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(c, p)| (c.to_string(), p.to_string()))
            .collect()
    };
    assert_eq!(
        found(
            r#"{"class_uid": 0, "message": "a", "time": 1700000000000, "message": 5, "mess\u0061ge": "c"}"#
        ),
        pairs(&[
            ("OCSF208", "/message"),
            ("OCSF204", "/message"),
            ("OCSF208", "/message"),
        ])
    );
    assert_eq!(
        found(r#"{"class_uid": 0, "message": null, "message": "b"}"#),
        pairs(&[("OCSF208", "/message")])
    );
    assert_eq!(
        found(
            r#"{"class_uid": 0, "device": {"type_id": 1, "name": "a", "name": "b"}, "observables": [{"name": "x", "type_id": 1}, {"name": "y", "type_id": 1}]}"#
        ),
        pairs(&[("OCSF208", "/device/name")])
    );
    // Keys the object does not define and keys of free-form objects are compared too, as
    // text (an escaped spelling is the same key), at any depth and before the class is known.
    assert_eq!(
        found(
            r#"{"nope": 1, "class_uid": 0, "n\u006fpe": 2, "unmapped": {"a": 1, "b": {"c": [{"d": 1, "d": 2}], "c": 0}, "a": 2}, "device": {"type_id": 1, "x": 1, "x": 2}}"#
        ),
        pairs(&[
            ("OCSF203", "/nope"),
            ("OCSF208", "/nope"),
            ("OCSF203", "/nope"),
            ("OCSF208", "/unmapped/b/c/0/d"),
            ("OCSF208", "/unmapped/b/c"),
            ("OCSF208", "/unmapped/a"),
            ("OCSF203", "/device/x"),
            ("OCSF208", "/device/x"),
            ("OCSF203", "/device/x"),
        ])
    );
    // An object of many keys (a hash set past the first few): each repetition once, and only
    // the repetitions; a nested object's keys are its own.
    let keys: Vec<String> = (0..40)
        .map(|i| format!(r#""k{i}": {{"k{i}": 1}}"#))
        .collect();
    let event = format!(
        r#"{{"class_uid": 0, "unmapped": {{{}, "k3": 0, "k39": 0, "k17": 0}}}}"#,
        keys.join(", ")
    );
    assert_eq!(
        found(&event),
        pairs(&[
            ("OCSF208", "/unmapped/k3"),
            ("OCSF208", "/unmapped/k39"),
            ("OCSF208", "/unmapped/k17"),
        ])
    );
    let r = v().validate_bytes(br#"{"class_uid": 0, "time": 1, "time": 2}"#);
    let d = r.diagnostics.iter().find(|d| d.code == "OCSF208").unwrap();
    assert_eq!(
        d.schema_path.as_deref(),
        Some("classes/base_event/attributes/time")
    );
    assert!(
        d.message.starts_with("`time` is given more than once"),
        "{}",
        d.message
    );
    // A parsed `Value` has kept one of them: there is nothing left to report.
    let value: serde_json::Value =
        serde_json::from_str(r#"{"class_uid": 0, "time": 1, "time": 2}"#).unwrap();
    assert!(
        !v().validate_value(&value).has_code("OCSF208"),
        "a Value keeps one of them"
    );
}

/// Past the policy's number of diagnostics per event the rest are counted, not kept; those
/// kept are whole, whatever came after them (deferred profile diagnostics included).
#[test]
fn diagnostics_past_the_cap_are_counted() {
    let policy = Policy {
        max_diagnostics_per_event: 3,
        ..Policy::default()
    };
    let v = Validator::builder().with_policy(policy).build().unwrap();
    let keys: Vec<String> = (0..10).map(|i| format!("\"nope{i}\": {i}")).collect();
    let event = format!(
        r#"{{"class_uid": 3002, "device": {{"type_id": 1, "hostname": "h"}}, {}}}"#,
        keys.join(", ")
    );
    let r = v.validate_bytes(event.as_bytes());
    assert_eq!(r.diagnostics.len(), 3, "{r:#?}");
    let all = v.validate_value(&serde_json::from_str(&event).unwrap());
    assert_eq!(r, all);
    let uncapped = Validator::builder()
        .build()
        .unwrap()
        .validate_bytes(event.as_bytes());
    assert_eq!(r.truncated, uncapped.diagnostics.len() - 3);
    assert_eq!(r.diagnostics[..], uncapped.diagnostics[..3]);
    assert!(
        r.diagnostics.iter().all(|d| !d.message.is_empty()),
        "{r:#?}"
    );
}
