//! SARIF 2.1.0 as GitHub code scanning accepts it (checked with Microsoft's SARIF validator,
//! rule kinds `Sarif` and `Gh`, by tests/sarif_validator.rs): rules from the code registry with
//! their help, one result per diagnostic located at the member it names, artifact URIs
//! relative to `%SRCROOT%` (the working directory) or `file://` URIs, and fingerprints that
//! survive edits elsewhere in the file.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::Result;
use ocsf_validate::{Category, RuleInfo, Severity, Validator};
use serde_json::{json, Value};

use super::{Fingerprints, Item, Renderer, Summary};
use crate::cli::input::normalize;

pub const RULES_DOC: &str = "https://github.com/ocsf-rs/ocsf-rs/blob/main/docs/rules.md";

pub struct Sarif {
    rules: Vec<Value>,
    /// Each result as compact JSON, written one per line at the end: kept as `Value`s, the
    /// 330,000 results of the published events x50 took 4.7 GB.
    results: Vec<Vec<u8>>,
    cwd: Option<PathBuf>,
    fingerprints: Fingerprints,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The rule's help: its documentation paragraph and examples, as text and as Markdown.
pub fn help(r: &RuleInfo) -> (String, String) {
    let uri = help_uri(r);
    let text = format!("{} {} Fails and passes: {uri}", r.summary, r.doc);
    let mut md = format!("**{}**\n\n{}\n", r.summary, r.doc);
    for (title, example) in [("Fails", r.fail), ("Passes", r.pass)] {
        if example.starts_with('{') {
            // As written: re-serialised, the `\u` escapes that keep example secrets from secret
            // scanners would be decoded.
            let lang = if serde_json::from_str::<Value>(example).is_ok() {
                "json"
            } else {
                "text"
            };
            md.push_str(&format!("\n{title}:\n\n```{lang}\n{example}\n```\n"));
        } else {
            md.push_str(&format!("\n{title}: {example}.\n"));
        }
    }
    md.push_str(&format!("\n[{} in docs/rules.md]({uri})\n", r.code));
    (text, md)
}

pub fn help_uri(r: &RuleInfo) -> String {
    format!("{RULES_DOC}#{}", r.code.to_ascii_lowercase())
}

/// GitHub files alerts tagged `security` as security alerts and ranks them by
/// `security-severity` (9.0 and above critical, 7.0 high, 4.0 medium).
fn rule_properties(r: &RuleInfo) -> Value {
    match r.category {
        Category::Secret => json!({
            "category": "secret",
            "tags": ["security", "secret", "ocsf"],
            "security-severity": "9.0",
            "precision": "high",
        }),
        Category::Pii => json!({
            "category": "pii",
            "tags": ["security", "privacy", "ocsf"],
            "security-severity": "5.0",
            "precision": "high",
        }),
        c => json!({
            "category": c.as_str(),
            "tags": [c.as_str(), "ocsf"],
            "precision": "very-high",
        }),
    }
}

/// Percent-encodes a path for a URI: unreserved characters and `/` stay, every other byte of
/// the UTF-8 is escaped.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn file_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = if text.starts_with('/') {
        text
    } else {
        format!("/{text}")
    };
    format!("file://{}", encode_path(&text))
}

impl Sarif {
    pub fn new(v: &Validator) -> Sarif {
        let rules = v
            .rules()
            .iter()
            .map(|r| {
                let (text, markdown) = help(r);
                json!({
                    "id": r.code,
                    // SARIF's friendly names are Pascal-case identifiers: `invalid-json` → `InvalidJson`.
                    "name": ocsf_names::type_name(r.name),
                    "shortDescription": { "text": r.summary },
                    "fullDescription": { "text": r.doc },
                    "help": { "text": text, "markdown": markdown },
                    "helpUri": help_uri(r),
                    "defaultConfiguration": { "level": level(r.severity) },
                    "properties": rule_properties(r),
                })
            })
            .collect();
        Sarif {
            rules,
            results: Vec::new(),
            cwd: std::env::current_dir().ok(),
            fingerprints: Fingerprints::default(),
        }
    }

    /// A file as shown (relative to the working directory when below it) as an artifact
    /// location: relative to `%SRCROOT%` when below the working directory, a `file://` URI
    /// otherwise.
    fn artifact(&self, file: &str) -> Value {
        if file == "-" {
            return json!({ "uri": "stdin" });
        }
        let path = Path::new(file);
        let below = path.is_relative()
            && path
                .components()
                .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if below {
            return json!({ "uri": encode_path(file), "uriBaseId": "%SRCROOT%" });
        }
        let absolute = match &self.cwd {
            Some(cwd) => normalize(&cwd.join(path)),
            None => normalize(path),
        };
        json!({ "uri": file_uri(&absolute) })
    }
}

impl Renderer for Sarif {
    fn needs_event(&self) -> bool {
        true
    }

    fn item(&mut self, _out: &mut dyn Write, item: &Item) -> Result<()> {
        for (d, place) in item.report.diagnostics.iter().zip(item.places()) {
            // A row of a table (Parquet) has no line: the result is on the file's first line
            // (viewers want a region), and names its row in its text and properties.
            let text = format!("{}{}", item.row_prefix(), super::one_line(d));
            let mut region =
                json!({ "startLine": if item.row.is_some() { 1 } else { place.line } });
            if let (Some(c), None) = (place.column, item.row) {
                region["startColumn"] = json!(c);
            }
            let mut result = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": self.artifact(&item.file),
                        "region": region,
                    },
                    "logicalLocations": [{ "fullyQualifiedName": d.pointer, "kind": "member" }],
                }],
                "partialFingerprints": {
                    "ocsfFinding/v1": self.fingerprints.next(&item.file, d),
                },
                "properties": {
                    "eventIndex": item.index,
                    "pointer": d.pointer,
                    "schemaVersion": d.schema_version,
                },
            });
            if let Some(row) = item.row {
                result["properties"]["row"] = json!(row);
            }
            self.results.push(serde_json::to_vec(&result)?);
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write, s: &Summary) -> Result<()> {
        let mut run = json!({
            "tool": { "driver": {
                "name": "ocsf-validate",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": RULES_DOC,
                "rules": std::mem::take(&mut self.rules),
            }},
            "columnKind": "unicodeCodePoints",
            "results": [],
            "properties": { "eventsBySchemaVersion": s.by_version },
        });
        if let Some(cwd) = &self.cwd {
            let mut root = file_uri(cwd);
            if !root.ends_with('/') {
                root.push('/');
            }
            run["originalUriBaseIds"] = json!({ "%SRCROOT%": { "uri": root } });
        }
        if let Some(b) = &s.baseline {
            run["properties"]["baseline"] = json!({ "matched": b.matched, "gone": b.gone });
        }
        let doc = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [run],
        });
        let text = serde_json::to_string_pretty(&doc)?;
        // The results go where the document has its empty `results`, one to a line.
        const EMPTY: &str = "\"results\": []";
        let at = text.find(EMPTY).expect("the run has its results");
        let indent = " ".repeat(at - text[..at].rfind('\n').map_or(0, |n| n + 1));
        out.write_all(&text.as_bytes()[..at])?;
        let results = std::mem::take(&mut self.results);
        if results.is_empty() {
            out.write_all(EMPTY.as_bytes())?;
        } else {
            out.write_all(b"\"results\": [\n")?;
            for (i, result) in results.iter().enumerate() {
                write!(out, "{indent}  ")?;
                out.write_all(result)?;
                out.write_all(if i + 1 < results.len() { b",\n" } else { b"\n" })?;
            }
            write!(out, "{indent}]")?;
        }
        out.write_all(&text.as_bytes()[at + EMPTY.len()..])?;
        out.write_all(b"\n")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_paths() {
        assert_eq!(
            encode_path("logs/a b%#é.json"),
            "logs/a%20b%25%23%C3%A9.json"
        );
        assert_eq!(
            normalize(Path::new("/w/x/../y/./z")),
            PathBuf::from("/w/y/z")
        );
        assert_eq!(file_uri(Path::new("/tmp/a b")), "file:///tmp/a%20b");
    }
}
