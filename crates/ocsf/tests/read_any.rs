//! Reading any event typed: `ocsf::Event` (strict) and `ocsf::lenient::Event`, on small
//! fixtures and on the published events of `../shared/real-events/real.jsonl`.

use std::collections::BTreeMap;

use ocsf::de::{ErrorKind, Problem};
use ocsf::enums::SeverityId;
use ocsf::{lenient, Event, OcsfClass};
use serde_json::{json, Value};

mod common;
use common::minimal;

fn bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap()
}

#[test]
fn an_event_reads_as_its_class_and_writes_back_unchanged() {
    let input = minimal();
    let event = Event::from_slice(&bytes(&input)).unwrap();
    let Event::Authentication(auth) = &event else {
        panic!("not read as Authentication: {event:?}");
    };
    assert_eq!(auth.severity_id(), SeverityId::Informational);
    assert_eq!(event.class_uid(), 3002);
    assert_eq!(event.class_caption(), Some("Authentication"));
    assert_eq!(serde_json::to_value(&event).unwrap(), input);
    assert_eq!(Event::from_value(input.clone()).unwrap(), event);
    assert_eq!(serde_json::from_value::<Event>(input).unwrap(), event);
}

#[test]
fn a_class_the_version_lacks_is_kept_as_read() {
    let mut input = minimal();
    input["class_uid"] = json!(1010);
    let event = Event::from_slice(&bytes(&input)).unwrap();
    assert!(
        matches!(
            event,
            Event::Unknown {
                class_uid: 1010,
                ..
            }
        ),
        "{event:?}"
    );
    assert_eq!(event.class_caption(), None);
    assert_eq!(serde_json::to_value(&event).unwrap(), input);
}

#[test]
fn strict_errors_name_the_class_and_the_pointer() {
    let mut input = minimal();
    input.as_object_mut().unwrap().remove("user");
    let err = Event::from_slice(&bytes(&input)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Missing);
    assert_eq!(err.pointer, "/user");
    assert_eq!(err.class, Some((3002, "Authentication")));
    assert_eq!(
        err.to_string(),
        "Authentication (3002) `/user`: required attribute is missing"
    );

    let mut input = minimal();
    input["metadata"]["product"] = json!("MongoDB Server");
    let err = Event::from_value(input).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Authentication (3002) `/metadata/product`: expected an object, found a string"
    );

    let mut input = minimal();
    input["observables"] = json!([{"name": "a", "type_id": 1}, {"name": "b", "type_id": "x"}]);
    let err = Event::from_value(input).unwrap_err();
    assert_eq!(err.pointer, "/observables/1/type_id");
    assert_eq!(err.kind, ErrorKind::WrongType);
}

#[test]
fn what_is_not_an_event_is_an_error_not_a_panic() {
    let err = Event::from_slice(b"{\"class_uid\": 3002,").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Syntax);
    assert!(err.to_string().contains("line 1"), "{err}");
    let err = Event::from_slice(b"[1, 2]").unwrap_err();
    assert_eq!(
        err.to_string(),
        "expected an event (an object), found an array"
    );
    let err = Event::from_slice(b"{}").unwrap_err();
    assert_eq!(
        err.to_string(),
        "`/class_uid`: required attribute is missing"
    );
    let err = Event::from_slice(br#"{"class_uid": "3002"}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`/class_uid`: expected an integer, found a string"
    );
    assert!(lenient::Event::from_slice(b"nope").is_err());
}

fn lenient_read(input: &Value) -> (lenient::Event, Vec<Problem>) {
    let read = lenient::Event::from_slice(&bytes(input)).unwrap();
    (read.value, read.problems)
}

#[test]
fn lenient_reading_reads_a_missing_required_attribute_as_absent_and_reports_it() {
    let mut input = minimal();
    input.as_object_mut().unwrap().remove("user");
    input.as_object_mut().unwrap().remove("type_uid");
    let (event, problems) = lenient_read(&input);
    let lenient::Event::Authentication(auth) = &event else {
        panic!("not read as Authentication: {event:?}");
    };
    assert_eq!(auth.user, None);
    assert_eq!(auth.type_uid, None);
    assert_eq!(auth.time.map(|t| t.as_millis()), Some(1_700_000_000_000));
    let pointers: Vec<&str> = problems.iter().map(|p| p.error.pointer.as_str()).collect();
    assert_eq!(pointers, ["/type_uid", "/user"]);
    assert!(problems
        .iter()
        .all(|p| p.error.kind == ErrorKind::Missing && p.set_aside.is_none()));
    assert_eq!(
        problems[1].to_string(),
        "Authentication (3002) `/user`: required attribute is missing"
    );
    assert_eq!(serde_json::to_value(&event).unwrap(), input);
}

#[test]
fn lenient_reading_sets_values_that_do_not_read_aside_and_writes_them_back() {
    let mut input = minimal();
    input["time"] = json!("2024-01-01T00:00:00Z");
    input["device"] = json!({"name": "laptop", "type_id": "browser"});
    input["severity_id"] = json!(42);
    input["metadata"]["product"] = json!("MongoDB Server");
    let (event, problems) = lenient_read(&input);
    let lenient::Event::Authentication(auth) = &event else {
        panic!("not read as Authentication: {event:?}");
    };
    // An enum id the version does not list is not a problem: it reads as Unlisted.
    assert_eq!(auth.severity_id, Some(SeverityId::Unlisted(42)));
    assert_eq!(auth.time, None);
    assert_eq!(auth.device, None);
    assert_eq!(auth.metadata, None);
    assert_eq!(auth.extra["time"], input["time"]);
    let found: Vec<(&str, ErrorKind, Option<&str>)> = problems
        .iter()
        .map(|p| {
            (
                p.error.pointer.as_str(),
                p.error.kind,
                p.set_aside.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("/device/type_id", ErrorKind::WrongType, Some("/device")),
            ("/metadata/product", ErrorKind::WrongType, Some("/metadata")),
            ("/time", ErrorKind::WrongType, Some("/time")),
        ]
    );
    assert_eq!(
        problems[0].to_string(),
        "Authentication (3002) `/device/type_id`: expected an integer enum id, found a string \
         (`/device` kept as read in `extra`)"
    );
    assert_eq!(serde_json::to_value(&event).unwrap(), input);
    // The same event read strictly fails on the first of them.
    assert!(Event::from_value(input).is_err());
}

#[test]
fn lenient_reading_dispatches_on_a_class_uid_written_as_digits() {
    let mut input = minimal();
    input["class_uid"] = json!("3002");
    let (event, problems) = lenient_read(&input);
    assert_eq!(event.class_uid(), Some(3002));
    assert!(matches!(event, lenient::Event::Authentication(_)));
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].error.pointer, "/class_uid");
    assert_eq!(serde_json::to_value(&event).unwrap(), input);

    input["class_uid"] = json!("authentication");
    let (event, problems) = lenient_read(&input);
    assert!(matches!(
        event,
        lenient::Event::Unknown {
            class_uid: None,
            ..
        }
    ));
    assert_eq!(problems[0].error.pointer, "/class_uid");
    assert_eq!(problems[0].set_aside, None);
}

/// The JSON Pointer's parent, e.g. `/a/b` → `/a`.
fn parent(pointer: &str) -> &str {
    pointer.rsplit_once('/').map_or("", |(p, _)| p)
}

/// Every problem names a real place: the value itself (a wrong type), or for a missing
/// attribute an object that exists and lacks it (or holds `null`). What was set aside exists.
fn check_pointers(event: &Value, problems: &[Problem]) -> Result<(), String> {
    for p in problems {
        let pointer = &p.error.pointer;
        let ok = match p.error.kind {
            ErrorKind::Missing => {
                event.pointer(parent(pointer)).is_some_and(Value::is_object)
                    && event.pointer(pointer).is_none_or(Value::is_null)
            }
            _ => event.pointer(pointer).is_some(),
        };
        let aside_ok = p
            .set_aside
            .as_deref()
            .is_none_or(|a| event.pointer(a).is_some() && pointer.starts_with(a));
        if !ok || !aside_ok {
            return Err(format!("{p} does not name a real place"));
        }
    }
    Ok(())
}

/// Drops every `null` member: reading drops an optional attribute that is `null`.
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

#[derive(Default)]
struct Counts {
    events: usize,
    strict: usize,
    lenient: usize,
    problems: usize,
}

#[test]
fn published_events_read_strictly_or_leniently() {
    let Some(bytes) = ocsf_test_support::shared_bytes("real-events/real.jsonl") else {
        return;
    };
    let schema = ocsf::schema();
    let mut per_class: BTreeMap<i64, Counts> = BTreeMap::new();
    let mut failures = Vec::new();
    for (n, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.is_empty() {
            continue;
        }
        let record: Value = serde_json::from_slice(line).expect("each line is a JSON record");
        let event = &record["event"];
        let at = format!("real.jsonl:{}", n + 1);
        let event_bytes = serde_json::to_vec(event).unwrap();
        let strict = Event::from_slice(&event_bytes);
        let read = lenient::Event::from_slice(&event_bytes).expect("every event is an object");
        let Some(uid) = read.value.class_uid() else {
            failures.push(format!("{at}: no class_uid to dispatch on"));
            continue;
        };
        let counts = per_class.entry(uid).or_default();
        counts.events += 1;
        counts.strict +=
            usize::from(matches!(&strict, Ok(e) if !matches!(e, Event::Unknown { .. })));
        counts.problems += read.problems.len();
        let known = u32::try_from(uid)
            .ok()
            .and_then(|u| schema.class_by_uid(u))
            .is_some();
        match &read.value {
            lenient::Event::Unknown { .. } if known => {
                failures.push(format!("{at}: class {uid} is known but read as Unknown"));
            }
            lenient::Event::Unknown { .. } => {}
            _ => counts.lenient += 1,
        }
        // Strict reading succeeds exactly where lenient reading read around nothing.
        if strict.is_ok() != read.is_clean() {
            failures.push(format!(
                "{at}: strict {:?}, lenient problems {:?}",
                strict.as_ref().err(),
                read.problems
            ));
        }
        if let Err(e) = check_pointers(event, &read.problems) {
            failures.push(format!("{at}: {e}"));
        }
        let written = serde_json::to_value(&read.value).unwrap();
        if without_nulls(&written) != without_nulls(event) {
            failures.push(format!(
                "{at}: the lenient read does not write back unchanged"
            ));
        }
        if let Ok(strict) = &strict {
            assert_eq!(
                without_nulls(&serde_json::to_value(strict).unwrap()),
                without_nulls(event),
                "{at}"
            );
        }
    }
    let mut table = String::from(
        "class_uid caption: events, typed strictly, typed leniently (problems reported)\n",
    );
    let mut total = Counts::default();
    for (uid, c) in &per_class {
        let caption = u32::try_from(*uid)
            .ok()
            .and_then(|u| schema.class_by_uid(u))
            .map_or("(not in this version)", |c| c.caption);
        table.push_str(&format!(
            "{uid} {caption}: {}, {}, {} ({})\n",
            c.events, c.strict, c.lenient, c.problems
        ));
        total.events += c.events;
        total.strict += c.strict;
        total.lenient += c.lenient;
        total.problems += c.problems;
    }
    table.push_str(&format!(
        "total: {}, {}, {} ({})\n",
        total.events, total.strict, total.lenient, total.problems
    ));
    eprintln!("{table}");
    assert!(failures.is_empty(), "{}\n{table}", failures.join("\n"));
    assert!(
        total.strict < total.lenient,
        "the published events include broken ones"
    );
}

#[test]
fn typed_classes_read_leniently_one_by_one() {
    use ocsf::de::FromJsonMapLenient;
    let Value::Object(map) = minimal() else {
        unreachable!()
    };
    let read = lenient::Authentication::from_json_map_lenient(map);
    assert!(read.is_clean());
    assert_eq!(
        read.value.class_uid,
        Some(i64::from(ocsf::iam::Authentication::CLASS_UID))
    );
}
