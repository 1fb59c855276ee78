//! CEF: the OCSF mapping per class, escaping round trips, and a real producer's lines.

mod support;

use ocsf_emit::cef::{self, CefRecord, CefWarning};
use ocsf_emit::{CefSink, Emitter, MemorySink};
use proptest::prelude::*;
use serde_json::{json, Value};
use support::event::authentication;

#[test]
fn a_typed_authentication_maps_header_severity_and_users() {
    let event = serde_json::to_value(authentication(7)).unwrap();
    let line = cef::encode(&event).to_line();
    assert!(
        line.starts_with(
            "CEF:0|Example Corp|Example IdP|2.4.1|300201|Authentication: Logon|1|rt=1700000000007 "
        ),
        "{line}"
    );
    let record = cef::parse(&line).unwrap().record;
    for (key, value) in [
        ("cat", "Authentication"),
        ("act", "Logon"),
        ("outcome", "Success"),
        ("externalId", "e-7"),
        ("src", "203.0.113.7"),
        ("spt", "51544"),
        ("dhost", "idp.example.com"),
        ("suser", "alice"),
        ("suid", "u-1001"),
        ("destinationServiceName", "payroll"),
        ("cs1", "SAML"),
        ("cs1Label", "Auth Protocol"),
        ("cs4", "s-9f8e7d"),
        ("cs5", "true"),
        ("msg", "User alice logged on with SAML and MFA"),
    ] {
        assert_eq!(record.get(key), Some(value), "{key} in {line}");
    }
}

fn iam(class_uid: i64, class_name: &str, activity: &str, extra: Value) -> Value {
    let mut event = json!({
        "class_uid": class_uid, "class_name": class_name,
        "activity_id": 1, "activity_name": activity,
        "severity_id": 4, "status_id": 2, "time": 1,
        "metadata": {"product": {"name": "P", "vendor_name": "V", "version": "1"}},
        "actor": {"user": {"name": "admin", "uid": "u-0"}},
        "user": {"name": "bob", "uid": "u-2", "type": "User", "account": {"name": "bob@corp"}},
    });
    for (k, v) in extra.as_object().unwrap() {
        event[k] = v.clone();
    }
    event
}

#[test]
fn each_iam_and_api_class_maps_as_documented() {
    let cases = [
        (
            iam(3001, "Account Change", "Create", json!({})),
            vec![("cs1", "User"), ("cs2", "bob@corp")],
        ),
        (
            iam(
                3006,
                "Group Management",
                "Add User",
                json!({
                    "group": {"name": "DataAnalysts", "uid": "g-1"}, "privileges": ["read", "write"]
                }),
            ),
            vec![
                ("cs1", "DataAnalysts"),
                ("cs2", "g-1"),
                ("dpriv", "read,write"),
            ],
        ),
        (
            iam(
                3005,
                "User Access Management",
                "Assign Privileges",
                json!({
                    "privileges": ["ANALYST"], "resources": [{"name": "warehouse", "type": "db"}]
                }),
            ),
            vec![("dpriv", "ANALYST"), ("cs1", "warehouse"), ("cs2", "db")],
        ),
        (
            iam(
                3004,
                "Entity Management",
                "Create",
                json!({
                    "entity": {"name": "key-1", "uid": "k1", "type": "API Key"},
                    "access_list": ["read"], "comment": "rotation"
                }),
            ),
            vec![
                ("cs1", "key-1"),
                ("cs2", "k1"),
                ("cs3", "API Key"),
                ("cs4", "read"),
                ("cs5", "rotation"),
            ],
        ),
        (
            iam(
                6003,
                "API Activity",
                "Read",
                json!({
                    "api": {"operation": "GetObject", "service": {"name": "s3"},
                            "request": {"uid": "r-1"}, "response": {"code": 403}},
                    "resources": [{"name": "bucket/a"}],
                    "http_request": {"http_method": "GET", "url": {"url_string": "https://x/a"}}
                }),
            ),
            vec![
                ("cs1", "GetObject"),
                ("cs2", "s3"),
                ("cs3", "bucket/a"),
                ("cs4", "r-1"),
                ("cs5", "403"),
                ("requestMethod", "GET"),
                ("request", "https://x/a"),
            ],
        ),
    ];
    for (event, expected) in cases {
        let record = cef::encode(&event);
        let line = record.to_line();
        assert_eq!(record.severity, "7", "High → 7");
        assert_eq!(record.signature_id, format!("{}:1", event["class_uid"]));
        assert_eq!(
            record.name,
            format!(
                "{}: {}",
                event["class_name"].as_str().unwrap(),
                event["activity_name"].as_str().unwrap()
            )
        );
        assert_eq!(record.get("suser"), Some("admin"), "{line}");
        assert_eq!(record.get("outcome"), Some("Failure"), "{line}");
        if event["class_uid"] != 6003 {
            assert_eq!(record.get("duser"), Some("bob"), "{line}");
        }
        for (key, value) in expected {
            assert_eq!(record.get(key), Some(value), "{key} in {line}");
        }
        // Every key the encoder writes is a standard CEF key.
        let parsed = cef::parse(&line).unwrap();
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    }
}

#[test]
fn severities_map_to_the_documented_table() {
    let table = [
        (0, "Unknown"),
        (1, "1"),
        (2, "3"),
        (3, "5"),
        (4, "7"),
        (5, "9"),
        (6, "10"),
        (99, "Unknown"),
    ];
    for (id, cef_severity) in table {
        assert_eq!(cef::severity(Some(id)), cef_severity);
    }
    assert_eq!(cef::severity(None), "Unknown");
}

#[test]
fn the_cef_sink_writes_cef_lines_to_its_inner_sink() {
    let inner = MemorySink::new();
    let emitter = Emitter::builder()
        .sink(CefSink::new(inner.clone()))
        .build()
        .unwrap();
    emitter.emit(&authentication(1));
    emitter.flush().unwrap();
    let line = String::from_utf8(inner.events()[0].to_vec()).unwrap();
    assert!(line.starts_with("CEF:0|Example Corp|"), "{line}");
}

fn text() -> impl Strategy<Value = String> {
    // Weighted toward the characters that need escaping.
    prop::collection::vec(
        prop_oneof![
            4 => prop::char::any(),
            1 => prop::sample::select(vec!['|', '\\', '=', '\n', '\r', ' ']),
        ],
        0..24,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #[test]
    fn any_text_in_header_fields_and_values_survives_encode_and_parse(
        vendor in text(), name in text(),
        values in prop::collection::vec(text(), 1..6),
    ) {
        let keys = ["msg", "suser", "cs1", "reason", "request", "act"];
        let record = CefRecord {
            version: "0".to_owned(),
            device_vendor: vendor,
            device_product: "P".to_owned(),
            device_version: "1".to_owned(),
            signature_id: "300201".to_owned(),
            name,
            severity: "5".to_owned(),
            extension: keys.iter().zip(&values).map(|(k, v)| (k.to_string(), v.clone())).collect(),
        };
        let line = record.to_line();
        prop_assert!(!line.contains('\n') && !line.contains('\r'));
        let parsed = cef::parse(&line).unwrap();
        prop_assert_eq!(parsed.record, record);
        prop_assert!(parsed.warnings.is_empty());
    }

    #[test]
    fn ocsf_strings_survive_the_encoder(message in text(), user in text()) {
        let event = json!({"class_uid": 3002, "message": message, "user": {"name": user}});
        let parsed = cef::parse(&cef::encode(&event).to_line()).unwrap().record;
        if !message.is_empty() {
            prop_assert_eq!(parsed.get("msg"), Some(message.as_str()));
        }
        if !user.is_empty() {
            prop_assert_eq!(parsed.get("suser"), Some(user.as_str()));
        }
    }
}

#[test]
fn the_coginiti_log_parses_with_warnings_for_its_swapped_header_and_keys() {
    let Some(bytes) = ocsf_test_support::shared_bytes("seed-events/coginiti-security.log.cef")
    else {
        return;
    };
    let text = String::from_utf8(bytes).expect("the CEF log is UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 11);
    for line in &lines {
        let parsed = cef::parse(line).unwrap();
        let r = &parsed.record;
        assert_eq!(
            (r.device_vendor.as_str(), r.device_product.as_str()),
            ("Coginiti", "Coginiti Team")
        );
        // Read back into the standard slots: the text is the name, the number the severity.
        assert!(r.name.chars().all(char::is_alphabetic), "{r:?}");
        assert!(r.severity.parse::<u8>().is_ok(), "{r:?}");
        assert!(matches!(
            parsed.warnings[0],
            CefWarning::SwappedNameSeverity { .. }
        ));
        assert!(parsed
            .warnings
            .contains(&CefWarning::UnknownKey("timestamp".to_owned())));
        // Unescaped spaces are part of values.
        assert_eq!(r.get("timestamp"), Some("2025-02-25 18:08:03"));
    }
    let failure = cef::parse(lines[1]).unwrap();
    assert_eq!(failure.record.name, "UserLoginFailure");
    assert_eq!(failure.record.severity, "4");
    assert_eq!(
        failure.record.get("failureReason"),
        Some("Invalid Credentials")
    );
    assert_eq!(failure.record.get("outcome"), Some("FAILURE"));
    assert!(!failure
        .warnings
        .contains(&CefWarning::UnknownKey("outcome".to_owned())));
    // `... WHERE active = true`: an unescaped `=` that is not a key stays in the value.
    let query = cef::parse(lines[4]).unwrap();
    assert_eq!(
        query.record.get("sourceQuery"),
        Some("SELECT * FROM users WHERE active = true")
    );
}
