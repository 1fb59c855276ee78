//! Diagnostics are plain data: the library never prints; the renderers are in the
//! `ocsf-validate-cli` crate.

use std::fmt;

use serde::Serialize;

use crate::swar;

/// How bad a finding is. Ordered so that `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which family a rule belongs to. `Pii` and `Secret` are filled by rules registered through
/// [`crate::Rule`]; the built-in rules are `Input` or `Schema`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Input,
    Schema,
    Pii,
    Secret,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Input => "input",
            Category::Schema => "schema",
            Category::Pii => "pii",
            Category::Secret => "secret",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding about one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code, e.g. `OCSF201`. Never reused for another meaning.
    pub code: &'static str,
    pub severity: Severity,
    pub category: Category,
    pub message: String,
    /// RFC 6901 JSON Pointer to the offending value (`""` is the whole event).
    pub pointer: String,
    /// Where in the schema the rule comes from, e.g. `objects/device/attributes/type_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// 1-based line and column inside the validated bytes, for input errors.
    #[serde(skip)]
    pub position: Option<(usize, usize)>,
    /// The OCSF version that judged the event (`None` for input that is no event: invalid
    /// JSON, too large, too deep).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_version: Option<&'static str>,
}

/// Everything found in one event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics dropped because the per-event cap of the policy was reached.
    pub truncated: usize,
    /// The OCSF version that judged the event; `None` when the input was no event to judge
    /// (invalid JSON, too large, too deep).
    pub schema_version: Option<&'static str>,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.diagnostics.is_empty()
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    pub fn max_severity(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }

    pub fn has_code(&self, code: &str) -> bool {
        self.diagnostics.iter().any(|d| d.code == code)
    }
}

/// Quotes a value that may be personal data or a secret in a message: at most its first four
/// characters and its length, never the whole value. (Not to be confused with redaction,
/// which rewrites events: [`crate::pii::redactor`].)
pub fn excerpt(value: &str) -> String {
    let n = value.chars().count();
    if n <= 4 {
        // Even a short value is shown only partially when it could be a PIN or similar.
        let head: String = value.chars().take(n.saturating_sub(1).min(2)).collect();
        return format!("\"{head}…\" ({n} chars)");
    }
    let head: String = value.chars().take(4).collect();
    format!("\"{head}…\" ({n} chars)")
}

/// Escapes one JSON Pointer reference token (RFC 6901 §3).
pub fn escape_pointer_token(token: &str, out: &mut String) {
    // Nearly every token is a plain attribute name: copied whole.
    if !has_tilde_or_slash(token.as_bytes()) {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Whether `b` holds a `~` or a `/`, tested eight bytes at a time (every diagnostic's pointer
/// passes each of its tokens through here).
fn has_tilde_or_slash(b: &[u8]) -> bool {
    let mut chunks = b.chunks_exact(8);
    for chunk in &mut chunks {
        let v = swar::word(chunk);
        if swar::eq(v, b'~') | swar::eq(v, b'/') != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(|&c| c == b'~' || c == b'/')
}

/// Static description of one rule code.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    pub code: &'static str,
    /// Short kebab-case name, used as the SARIF rule name.
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// One sentence, shown as SARIF `shortDescription`.
    pub summary: &'static str,
    /// One paragraph for `docs/rules.md`.
    pub doc: &'static str,
    /// An event that triggers the rule.
    pub fail: &'static str,
    /// A close variant that does not.
    pub pass: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time test agrees with the plain one, wherever the byte is.
    #[test]
    fn tilde_and_slash_are_found_anywhere() {
        for len in 0..30 {
            for at in 0..=len {
                for special in [b'~', b'/', b'.', b'0', b'}', 0x7f, 0xfe, 0x00] {
                    let mut s: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
                    if at < len {
                        s[at] = special;
                    }
                    let plain = s.iter().any(|&c| c == b'~' || c == b'/');
                    assert_eq!(has_tilde_or_slash(&s), plain, "{s:?}");
                }
            }
        }
        let mut out = String::new();
        escape_pointer_token("a/b~c", &mut out);
        assert_eq!(out, "a~1b~0c");
    }
}
