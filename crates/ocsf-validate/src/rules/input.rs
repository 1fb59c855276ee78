//! The input (OCSF001–004): text that is not JSON, JSON that is not an object, nesting past the
//! depth bound, and events past the size bound. Judged before or instead of the walk; nothing
//! else is checked in an event that breaks them.

use super::context::{Msg, Reporter};
use crate::diag::Category::Input;
use crate::diag::RuleInfo;
use crate::diag::Severity::Error;
use crate::policy::{DEPTH_MESSAGE, MAX_DEPTH};

pub const INVALID_JSON: &str = "OCSF001";
pub const NOT_AN_OBJECT: &str = "OCSF002";
pub const TOO_DEEP: &str = "OCSF003";
pub const TOO_LARGE: &str = "OCSF004";

pub(crate) static RULES: [RuleInfo; 4] = [
    RuleInfo {
        code: INVALID_JSON,
        name: "invalid-json",
        category: Input,
        severity: Error,
        summary: "The input is not valid JSON.",
        doc: "The event could not be parsed as JSON. The message gives the parser's reason with the line and column inside the event; nothing else is checked. When the text ends before the event does, or more follows it, the help says how the input's layout may be the cause (an event written over several lines, or two on one line, in JSON lines).",
        fail: r#"{"class_uid": 3002,}"#,
        pass: base!(meta!(), "}"),
    },
    RuleInfo {
        code: NOT_AN_OBJECT,
        name: "not-an-object",
        category: Input,
        severity: Error,
        summary: "The event is valid JSON but not an object.",
        doc: "An OCSF event is a JSON object. A string, number, boolean, null or array at the top level cannot be an event (a JSON file may hold an array of events; each element must then be an object).",
        fail: r#""Logon""#,
        pass: base!(meta!(), "}"),
    },
    RuleInfo {
        code: TOO_DEEP,
        name: "nesting-too-deep",
        category: Input,
        severity: Error,
        summary: "The event nests objects or arrays deeper than 128 levels.",
        doc: "Objects and arrays may nest at most 128 levels (serde_json's recursion limit, which the validator keeps for `serde_json::Value` input as well). Deeper input is rejected with this diagnostic instead of risking a stack overflow; the rest of the event is not checked. Example: `{\"unmapped\": [[[[…]]]]}` with 200 brackets.",
        fail: "{\"unmapped\": [[[[ … 200 levels … ]]]]}",
        pass: base!(meta!(), r#", "unmapped": [[["three levels are fine"]]]}"#),
    },
    RuleInfo {
        code: TOO_LARGE,
        name: "event-too-large",
        category: Input,
        severity: Error,
        summary: "The event is larger than the policy's size bound (16 MiB by default).",
        doc: "A single event larger than `max_event_bytes` (16 MiB unless the policy file says otherwise) is not parsed. Such an event is almost always a concatenation or a log line that swallowed a file.",
        fail: "a 20 MiB event",
        pass: base!(meta!(), "}"),
    },
];

/// The event could not be read: serde_json's reason, with its line and column. `object`: the
/// text starts with an object (so that a second value after it is a second event).
pub(crate) fn parse_error(out: &mut Reporter<'_, '_>, e: &serde_json::Error, object: bool) {
    let text = e.to_string();
    let reason = match text.find(" at line ") {
        Some(i) => &text[..i],
        None => &text,
    };
    // serde_json says column 0 for the end of the input right after a newline: the place is
    // the start of the (empty) line after it, column 1 as every other column counts.
    let position = (e.line() > 0).then(|| (e.line(), e.column().max(1)));
    let (code, message) = if reason.contains(DEPTH_MESSAGE) {
        (
            TOO_DEEP,
            text!("the event nests deeper than {MAX_DEPTH} levels"),
        )
    } else {
        let message = match position {
            Some((l, c)) => text!("not valid JSON: {reason} (line {l}, column {c})"),
            None => text!("not valid JSON: {reason}"),
        };
        (INVALID_JSON, message)
    };
    let help = (code == INVALID_JSON)
        .then(|| help_for(e, reason, object))
        .flatten();
    let mut d = out.make(code, &[], || Msg::new(message, None, help));
    if let Some(d) = &mut d {
        d.position = position;
    }
    out.push(d);
}

/// What to do about the two parse errors that are mostly about the layout of the input, not
/// the event: JSON that ends before the event does (a pretty-printed event in JSON lines, or a
/// truncated input) and a second value after the event (two events on one line).
fn help_for(e: &serde_json::Error, reason: &str, object: bool) -> Option<String> {
    if e.is_eof() {
        return Some(
            "the text ends before the event: the input is cut short, or an event spans several lines where one per line is read (write one event per line, e.g. with `jq -c`, or name the file `.json`)"
                .to_owned(),
        );
    }
    (object && reason == "trailing characters").then(|| {
        "more follows the event: two events on one line, or text after a document (write one event per line)"
            .to_owned()
    })
}

/// The event is larger than the policy's bound: it is not parsed.
pub(crate) fn too_large(out: &mut Reporter<'_, '_>, len: usize, max: usize) {
    out.report(TOO_LARGE, &[], || {
        Msg::new(
            text!("the event is {len} bytes, more than the bound of {max}"),
            None,
            None,
        )
    });
}

/// The event is JSON but not an object; `found` says what it is (`an array`).
pub(crate) fn not_an_object(out: &mut Reporter<'_, '_>, found: &str) {
    out.report(NOT_AN_OBJECT, &[], || {
        Msg::new(
            text!("an OCSF event must be a JSON object, found {found}"),
            None,
            None,
        )
    });
}
