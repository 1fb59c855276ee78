//! CEF: the parser on any line never panics; differential round trip: any JSON object encoded
//! to a CEF line parses back to the very record the encoder built.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocsf_emit::cef::{encode, parse};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse(text);
    let Ok(event) = serde_json::from_str::<serde_json::Value>(text) else {
        return;
    };
    if !event.is_object() {
        return;
    }
    let record = encode(&event);
    let line = record.to_line();
    assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
    let parsed = parse(&line).unwrap_or_else(|e| panic!("{e} on {line:?}"));
    let mut want = record.clone();
    if want.version.is_empty() {
        want.version = "0".to_owned();
    }
    assert_eq!(parsed.record, want, "on {line:?}");
});
