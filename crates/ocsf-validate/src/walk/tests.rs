//! The scanner against serde_json: it must accept exactly the same texts, visit the same
//! values, and the fast path of `validate_bytes` must give the same reports as serde_json's.

use std::cell::Cell;

use ocsf_test_support::corpus::Generator;
use proptest::prelude::*;
use serde_json::Value;

use super::scan::Scanner;
use crate::{Report, Validator};

thread_local! {
    /// Turns the scanner off, so that `validate_bytes` runs on serde_json alone.
    pub(crate) static SERDE_ONLY: Cell<bool> = const { Cell::new(false) };
}

fn scan_value(bytes: &[u8]) -> Option<Value> {
    // As in `validate_fast`: the scanner only ever sees UTF-8.
    let text = std::str::from_utf8(bytes).ok()?;
    let mut s = Scanner::new(text);
    let v = serde::Deserialize::deserialize(&mut s).ok()?;
    s.end().ok()?;
    Some(v)
}

fn validator() -> Validator {
    Validator::new(ocsf_schema::v1_6_0::schema()).unwrap()
}

fn serde_only(v: &Validator, bytes: &[u8]) -> Report {
    SERDE_ONLY.with(|c| c.set(true));
    let r = v.validate_bytes(bytes);
    SERDE_ONLY.with(|c| c.set(false));
    r
}

/// Same acceptance and values as serde_json, and the same reports from both paths.
fn check(v: &Validator, bytes: &[u8]) {
    let ours = scan_value(bytes);
    let theirs = serde_json::from_slice::<Value>(bytes).ok();
    assert_eq!(
        ours,
        theirs,
        "scanner and serde_json disagree on {:?}",
        String::from_utf8_lossy(bytes)
    );
    assert_eq!(
        v.validate_bytes(bytes),
        serde_only(v, bytes),
        "reports differ on {:?}",
        String::from_utf8_lossy(bytes)
    );
}

#[test]
fn edge_cases() {
    let v = validator();
    let cases: &[&[u8]] = &[
        b"",
        b" ",
        b"{}",
        b"[]",
        b"[1,]",
        b"{\"a\":1,}",
        b"{,}",
        b"[,1]",
        b"{\"a\" 1}",
        b"{\"a\":}",
        b"{1:2}",
        b"-",
        b"-0",
        b"-0.0",
        b"0",
        b"01",
        b"1.",
        b"1.e3",
        b"1e",
        b"1e+",
        b"1E-2",
        b"1e400",
        b"-1e400",
        b"1e-400",
        b"18446744073709551615",
        b"18446744073709551616",
        b"-9223372036854775808",
        b"-9223372036854775809",
        b"123456789012345678901234567890",
        b"nul",
        b"nulll",
        b"true ",
        b"tru",
        b"falsey",
        b"\"a\\u0041\"",
        b"\"\\ud800\"",
        b"\"\\ud800\\udc00\"",
        b"\"\\x\"",
        b"\"\\",
        b"\"a",
        b"\"\x01\"",
        b"\"\xff\"",
        b"\"\xc3\xa9\"",
        b"\xef\xbb\xbf{}",
        b"{} x",
        b"{}\n\t\r ",
        b"{\"class_uid\": 3002, \"user\": {\"name\": \"a\\\"b\"}}",
        b"{\"class_uid\": 3002 , \"x\" : [ 1 , 2 ] }",
        b"{\"class_uid\": 3002,}",
        b"{\"class_uid\": \"3002\"}",
        b"{\"class_uid\": 99999}",
        b"{\"class_uid\": -0}",
        b"{\"a\": 1, \"class_uid\": 4001, \"class_uid\": 3002}",
        // The observables' second pass reads only the members their names start with (the
        // scanner records them): duplicate, escaped and spaced members, nested and array
        // paths, values that disagree.
        br#"{"class_uid": 4001, "observables": [{"name": "src_endpoint.ip", "type_id": 2, "value": "10.0.0.1"}, {"name": "dst_endpoint.ip", "type_id": 2, "value": "10.0.0.3"}], "src_endpoint" :  {"ip": "10.0.0.2"}, "dst_endpoint": {"ip": "10.0.0.3"}, "src_endpoint": {"ip": "10.0.0.1"}}"#,
        br#"{"class_uid": 4001, "observables": [{"name": "src_endpoint.ip", "type_id": 2, "value": "10.0.0.1"}], "src\u005fendpoint": {"ip": "10.0.0.9"}}"#,
        // Whether a member's key had escapes is taken from its own scan: escaped values and
        // keys before and after plain ones.
        br#"{"class_uid": 4001, "message": "q\"q", "src_endpoint": {"ip": "10.0.0.1"}, "observables": [{"name": "src_endpoint.ip", "type_id": 2, "value": "10.0.0.1"}, {"name": "dst_endpoint.ip", "type_id": 2, "value": "1.1.1.2"}], "dst\u005fendpoint": {"ip": "1.1.1.1"}, "x": "\u0041"}"#,
        br#"{"class_uid": 3002, "user": {"groups": [{"name": "a"}, {"name": "b"}]}, "observables": [{"name": "user.groups.name", "type_id": 99, "value": "c"}, {"name": "user", "type_id": 99, "value": "x"}, {"name": ".", "type_id": 99, "value": "y"}]}"#,
    ];
    for c in cases {
        check(&v, c);
    }
    for depth in [126usize, 127, 128, 129] {
        let mut s = "[".repeat(depth);
        s.push_str(&"]".repeat(depth));
        check(&v, s.as_bytes());
        let e = format!("{{\"class_uid\": 0, \"unmapped\": {s}}}");
        check(&v, e.as_bytes());
    }
}

/// The class and version are guessed from the bytes before the walk (`crate::peek`); keys of
/// those names nested before the real ones mislead the guess, and the walk corrects it: the
/// same report as from the parsed value, which is never guessed at.
#[test]
fn misleading_guesses_are_corrected_by_the_walk() {
    let by_version = Validator::builder().build().unwrap();
    let events = [
        r#"{"unmapped": {"class_uid": 1001}, "class_uid": 3002, "activity_id": 1, "metadata": {"version": "1.1.0", "product": {"name": "x", "vendor_name": "y"}}}"#,
        r#"{"enrichments": [{"data": {"metadata": {"version": "1.0.0"}}, "name": "a", "value": "b"}], "class_uid": 3002, "metadata": {"version": "1.3.0", "product": {"name": "x", "vendor_name": "y"}}}"#,
        r#"{"unmapped": {"class_uid": 3002, "metadata": {"version": "1.1.0"}}, "time": 1}"#,
        r#"{"unmapped": {"class_uid": "x"}, "class_uid": 4001, "metadata": {"version": "1.0.0"}}"#,
        r#"{"class\u005fuid": 4001, "unmapped": {"class_uid": 3002}}"#,
    ];
    for v in [validator(), by_version] {
        for e in events {
            let value: Value = serde_json::from_str(e).unwrap();
            assert_eq!(
                v.validate_bytes(e.as_bytes()).diagnostics,
                v.validate_value(&value).diagnostics,
                "{e}"
            );
            check(&v, e.as_bytes());
        }
    }
}

#[test]
fn corpus_reports_match_serde_json() {
    let v = validator();
    let mut g = Generator::new(ocsf_schema::v1_6_0::schema(), 11, 24);
    let mut buf = Vec::new();
    g.write_jsonl(1500, &mut buf).unwrap();
    for line in buf.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        check(&v, line);
        let value: Value = serde_json::from_slice(line).unwrap();
        assert_eq!(v.validate_bytes(line), v.validate_value(&value));
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
        "[a-z_\"\\\\/\u{e9}\u{1F600}\t]{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(6, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::vec(("[a-z_]{1,10}|class_uid|metadata|user", inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Bytes that matter to a JSON parser, to splice into valid texts.
const NOISE: &[u8] = b"{}[]\",:\\ \n\t0123456789-+.eEtrufalsn\x00\x1f\x7f\xc3\xa9\xff\xed\xa0";

fn mutate(mut bytes: Vec<u8>, edits: &[(usize, u8, usize)]) -> Vec<u8> {
    for &(at, kind, pick) in edits {
        let at = at % (bytes.len() + 1);
        let b = NOISE[pick % NOISE.len()];
        match kind % 3 {
            0 if at < bytes.len() => {
                bytes.remove(at);
            }
            1 if at < bytes.len() => bytes[at] = b,
            _ => bytes.insert(at, b),
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(768))]

    #[test]
    fn random_values_agree(value in json_value(), pretty in any::<bool>()) {
        let v = validator();
        let text = if pretty {
            serde_json::to_vec_pretty(&value).unwrap()
        } else {
            serde_json::to_vec(&value).unwrap()
        };
        check(&v, &text);
        let event = serde_json::json!({"class_uid": 3002, "user": value.clone(), "unmapped": value});
        check(&v, &serde_json::to_vec(&event).unwrap());
    }

    #[test]
    fn mutated_texts_agree(
        seed in 0u64..1000,
        value in json_value(),
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<usize>()), 1..4),
    ) {
        let v = validator();
        let mut g = Generator::new(ocsf_schema::v1_6_0::schema(), seed, 24);
        let mut event = g.event();
        event["unmapped"] = value;
        let text = serde_json::to_vec(&event).unwrap();
        check(&v, &mutate(text, &edits));
    }
}
