//! Redaction: the event text is written back byte for byte, except the string values that the
//! personal-data and secret rules reported, whose findings are replaced by typed placeholders.
//!
//! Placeholders keep format-typed attributes valid, so a redacted event passes the schema
//! checks it passed before:
//!
//! | attribute type | placeholder |
//! |---|---|
//! | `email_t` | `redacted+<label>@redacted.invalid` (`redacted+<label>.<hash>@…` with a key) |
//! | `ip_t` | `0.0.0.0`, or `::` for an IPv6 value |
//! | `hostname_t` | `redacted.invalid` |
//! | `url_t` | the span replaced by `redacted-<label>` (URL-safe), or `https://redacted.invalid/<label>` for the whole value |
//! | `mac_t`, `uuid_t`, `subnet_t`, `datetime_t` | the zero value of the type |
//! | anything else | `[REDACTED:<label>]`, `[REDACTED:<label>:hmac:<8 hex>]` with a key |
//!
//! The label is the detector id (`aws_access_key_id`, `email`) or, for a classified attribute
//! without a matching detector, the classification kind (`location`). With a key
//! (`--redact-hash KEY`), the hash is the first 32 bits of HMAC-SHA-256 over the redacted text,
//! so equal values keep equal placeholders within a log without being recoverable.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::{PiiLevel, PiiRules, SensitiveValue};
use crate::diag::escape_pointer_token;
use crate::{Error, Policy, Validator};

/// Redacts events with the same detectors and policy as validation.
pub struct Redactor {
    validator: Validator,
    sink: Arc<Mutex<Vec<SensitiveValue>>>,
    key: Option<Vec<u8>>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redactor")
            .field("hashed", &self.key.is_some())
            .finish_non_exhaustive()
    }
}

impl Redactor {
    /// `versions` chooses the schema version of each event, as for [`Validator`]; findings are
    /// the same under every version (the rules know every version's attribute names).
    pub fn new(
        versions: crate::VersionMode,
        level: PiiLevel,
        policy: Policy,
        key: Option<&[u8]>,
    ) -> Result<Redactor, Error> {
        let sink = Arc::new(Mutex::new(Vec::new()));
        let rules = PiiRules::new(versions.schema(), level, &policy)?.collecting(Arc::clone(&sink));
        let validator = Validator::builder()
            .with_version_mode(versions)
            .with_policy(policy)
            .with_rule(Box::new(rules))
            .build()?;
        Ok(Redactor {
            validator,
            sink,
            key: key.map(<[u8]>::to_vec),
        })
    }

    /// The event with every finding replaced, and the number of values changed. Text that is
    /// no event (see [`Self::try_redact_event`]) is returned unchanged.
    pub fn redact_event(&self, json: &str) -> (String, usize) {
        self.try_redact_event(json)
            .unwrap_or_else(|| (json.to_owned(), 0))
    }

    /// As [`Self::redact_event`], or `None` when the text is no event that could be redacted:
    /// not JSON, not an object, past the size or depth bound of the policy. Such text could
    /// hold anything; the caller says so rather than pass it on as redacted.
    pub fn try_redact_event(&self, json: &str) -> Option<(String, usize)> {
        let (report, taken) = {
            let report = self.validator.validate_bytes(json.as_bytes());
            let taken = match self.sink.lock() {
                Ok(mut v) => std::mem::take(&mut *v),
                Err(_) => Vec::new(),
            };
            (report, taken)
        };
        let no_event = report.schema_version.is_none()
            || report
                .diagnostics
                .iter()
                .any(|d| d.category == crate::Category::Input);
        (!no_event).then(|| self.replace(json, &taken))
    }

    fn replace(&self, json: &str, taken: &[SensitiveValue]) -> (String, usize) {
        if taken.is_empty() {
            return (json.to_owned(), 0);
        }
        let mut by_pointer: HashMap<String, String> = HashMap::new();
        for r in taken {
            by_pointer.insert(r.pointer.clone(), self.replacement(r));
        }
        sync_observables(json, &mut by_pointer);
        let n = by_pointer.len();
        (rewrite(json, &by_pointer), n)
    }

    fn hash(&self, text: &str) -> Option<String> {
        let key = self.key.as_ref()?;
        let mut mac = Hmac::<Sha256>::new_from_slice(key).ok()?;
        mac.update(text.as_bytes());
        let out = mac.finalize().into_bytes();
        Some(out[..4].iter().map(|b| format!("{b:02x}")).collect())
    }

    fn bracket(&self, label: &str, text: &str) -> String {
        match self.hash(text) {
            Some(h) => format!("[REDACTED:{label}:hmac:{h}]"),
            None => format!("[REDACTED:{label}]"),
        }
    }

    fn url_safe(&self, label: &str, text: &str) -> String {
        match self.hash(text) {
            Some(h) => format!("redacted-{label}-{h}"),
            None => format!("redacted-{label}"),
        }
    }

    /// The new value of one string.
    fn replacement(&self, r: &SensitiveValue) -> String {
        let v = r.value.as_str();
        let label = r
            .whole
            .or_else(|| r.spans.first().map(|s| s.1))
            .unwrap_or("value");
        let typed_whole = |ty: &str| -> Option<String> {
            Some(match ty {
                "email_t" => match self.hash(v) {
                    Some(h) => format!("redacted+{label}.{h}@redacted.invalid"),
                    None => format!("redacted+{label}@redacted.invalid"),
                },
                "ip_t" => if v.contains(':') { "::" } else { "0.0.0.0" }.to_owned(),
                "hostname_t" => "redacted.invalid".to_owned(),
                "url_t" => format!("https://redacted.invalid/{}", self.url_safe(label, v)),
                "mac_t" => "00:00:00:00:00:00".to_owned(),
                "uuid_t" => "00000000-0000-0000-0000-000000000000".to_owned(),
                "subnet_t" => "0.0.0.0/0".to_owned(),
                "datetime_t" => "1970-01-01T00:00:00Z".to_owned(),
                _ => return None,
            })
        };
        let ty = r.type_name.unwrap_or("json_t");
        if r.whole.is_some() || (ty != "url_t" && !r.spans.is_empty() && typed_whole(ty).is_some())
        {
            return typed_whole(ty).unwrap_or_else(|| self.bracket(label, v));
        }
        // Spans, right to left so earlier offsets stay valid.
        let mut out = v.to_owned();
        let mut spans = r.spans.clone();
        spans.sort_by_key(|s| std::cmp::Reverse(s.0.start));
        for (span, id) in spans {
            let Some(text) = v.get(span.clone()) else {
                continue;
            };
            let with = if ty == "url_t" {
                self.url_safe(id, text)
            } else {
                self.bracket(id, text)
            };
            out.replace_range(span, &with);
        }
        out
    }
}

/// A value written by redaction: not reported again by the attribute rule.
pub fn is_placeholder(value: &str) -> bool {
    value.starts_with("[REDACTED:")
        || value.ends_with("redacted.invalid")
        || value.starts_with("https://redacted.invalid/")
        || matches!(
            value,
            "0.0.0.0"
                | "::"
                | "00:00:00:00:00:00"
                | "00000000-0000-0000-0000-000000000000"
                | "0.0.0.0/0"
                | "1970-01-01T00:00:00Z"
        )
}

/// An observable repeats the value found at its `name`: when that value is redacted, the
/// observable's `value` gets the same placeholder, so the two still agree (OCSF802).
fn sync_observables(json: &str, by_pointer: &mut HashMap<String, String>) {
    if !json.contains("\"observables\"") {
        return;
    }
    let Ok(event) = serde_json::from_str::<serde_json::Value>(json) else {
        return;
    };
    let Some(list) = event.get("observables").and_then(|o| o.as_array()) else {
        return;
    };
    for (i, o) in list.iter().enumerate() {
        let (Some(name), Some(value)) = (
            o.get("name").and_then(|n| n.as_str()),
            o.get("value").and_then(|v| v.as_str()),
        ) else {
            continue;
        };
        if name.contains('[') {
            continue;
        }
        let mut pointer = String::new();
        for part in name.split('.') {
            pointer.push('/');
            escape_pointer_token(part, &mut pointer);
        }
        let same = event.pointer(&pointer).and_then(|v| v.as_str()) == Some(value);
        if let (true, Some(new)) = (same, by_pointer.get(&pointer).cloned()) {
            by_pointer.insert(format!("/observables/{i}/value"), new);
        }
    }
}

enum Frame {
    Object { key: String, expecting_key: bool },
    Array { index: usize },
}

fn pointer_of(stack: &[Frame]) -> String {
    let mut s = String::new();
    for f in stack {
        s.push('/');
        match f {
            Frame::Object { key, .. } => escape_pointer_token(key, &mut s),
            Frame::Array { index } => s.push_str(&index.to_string()),
        }
    }
    s
}

/// Copies `json` (a valid JSON text) replacing the string values at the given pointers.
/// Keys, numbers, spacing and order are kept as they were.
pub fn rewrite(json: &str, by_pointer: &HashMap<String, String>) -> String {
    let b = json.as_bytes();
    let mut out = String::with_capacity(json.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                let end = (i + 1).min(b.len());
                let raw = &json[start..end];
                match stack.last_mut() {
                    Some(Frame::Object { key, expecting_key }) if *expecting_key => {
                        *key = serde_json::from_str::<String>(raw).unwrap_or_default();
                        *expecting_key = false;
                    }
                    _ => {
                        if let Some(new) = by_pointer.get(&pointer_of(&stack)) {
                            out.push_str(&json[copied..start]);
                            out.push_str(&serde_json::to_string(new).unwrap_or_default());
                            copied = end;
                        }
                    }
                }
                i = end;
                continue;
            }
            b'{' => stack.push(Frame::Object {
                key: String::new(),
                expecting_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { expecting_key, .. }) => *expecting_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    out.push_str(&json[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrite_keeps_everything_else() {
        let json = "{\"b\": 1, \"a\": [\"x\", {\"k/\\\"\": \"old\"}],\n \"c\": \"keep\"}";
        let mut m = HashMap::new();
        m.insert("/a/1/k~1\"".to_owned(), "new".to_owned());
        m.insert("/a/0".to_owned(), "y\"z".to_owned());
        assert_eq!(
            rewrite(json, &m),
            "{\"b\": 1, \"a\": [\"y\\\"z\", {\"k/\\\"\": \"new\"}],\n \"c\": \"keep\"}"
        );
    }
}
