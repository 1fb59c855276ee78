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

/// The document is streamed: its text up to the run's `results` is written first, each result
/// as its event is rendered (compact, one to a line), then what only the end knows (the run's
/// `properties`) and the rest. Kept until the end, the results of the published events x50
/// took 4.7 GB as `Value`s and 460 MB as text; now a result's own bytes.
pub struct Sarif {
    /// The pretty-printed document up to the `[` of the run's results.
    head: String,
    /// After the results' `]`: the rest of the run (its tool and rules) and of the document.
    tail: String,
    /// The indentation of the run's members.
    indent: String,
    /// How many results are written.
    written: usize,
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
        let rules: Vec<Value> = v
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
        let cwd = std::env::current_dir().ok();
        let mut run = json!({
            "tool": { "driver": {
                "name": "ocsf-validate",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": RULES_DOC,
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": [],
        });
        if let Some(cwd) = &cwd {
            let mut root = file_uri(cwd);
            if !root.ends_with('/') {
                root.push('/');
            }
            run["originalUriBaseIds"] = json!({ "%SRCROOT%": { "uri": root } });
        }
        let doc = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [run],
        });
        let text = serde_json::to_string_pretty(&doc).expect("a Value serializes");
        const RESULTS: &str = "\"results\": [";
        let at = text.find(RESULTS).expect("the run has its results") + RESULTS.len();
        let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
        let indent = text[line_start..]
            .chars()
            .take_while(|&c| c == ' ')
            .collect();
        // After `[` comes the empty array's `]`, which `end` writes.
        let tail = text[at + 1..].to_owned();
        Sarif {
            head: text[..at].to_owned(),
            tail,
            indent,
            written: 0,
            cwd,
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

/// One result, written as it is built: serde_json's `Value` sorts an object's members, so the
/// fields are declared in that order (the results are byte for byte what the `json!` values
/// they replace wrote, at a fraction of the cost: a `Value` per result, its maps and copies
/// were a fifth of the format's time).
#[derive(serde::Serialize)]
struct SarifResult<'a> {
    level: &'static str,
    locations: [Location<'a>; 1],
    message: Message,
    #[serde(rename = "partialFingerprints")]
    partial_fingerprints: PartialFingerprints,
    properties: Properties<'a>,
    #[serde(rename = "ruleId")]
    rule_id: &'static str,
}

#[derive(serde::Serialize)]
struct Location<'a> {
    #[serde(rename = "logicalLocations")]
    logical_locations: [LogicalLocation<'a>; 1],
    #[serde(rename = "physicalLocation")]
    physical_location: PhysicalLocation<'a>,
}

#[derive(serde::Serialize)]
struct LogicalLocation<'a> {
    #[serde(rename = "fullyQualifiedName")]
    fully_qualified_name: &'a str,
    kind: &'static str,
}

#[derive(serde::Serialize)]
struct PhysicalLocation<'a> {
    #[serde(rename = "artifactLocation")]
    artifact_location: &'a Value,
    region: Region,
}

#[derive(serde::Serialize)]
struct Region {
    #[serde(rename = "startColumn", skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    #[serde(rename = "startLine")]
    start_line: usize,
}

#[derive(serde::Serialize)]
struct Message {
    text: String,
}

#[derive(serde::Serialize)]
struct PartialFingerprints {
    #[serde(rename = "ocsfFinding/v1")]
    ocsf_finding: String,
}

#[derive(serde::Serialize)]
struct Properties<'a> {
    #[serde(rename = "eventIndex")]
    event_index: usize,
    pointer: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    row: Option<usize>,
    /// `null` for an event no version judged, as before.
    #[serde(rename = "schemaVersion")]
    schema_version: Option<&'static str>,
}

impl Renderer for Sarif {
    fn needs_event(&self) -> bool {
        true
    }

    fn begin(&mut self, out: &mut dyn Write) -> Result<()> {
        out.write_all(self.head.as_bytes())?;
        Ok(())
    }

    fn item(&mut self, out: &mut dyn Write, item: &Item) -> Result<()> {
        if item.report.diagnostics.is_empty() {
            return Ok(());
        }
        let artifact = self.artifact(&item.file);
        for (d, place) in item.report.diagnostics.iter().zip(item.places()) {
            let result = SarifResult {
                level: level(d.severity),
                locations: [Location {
                    logical_locations: [LogicalLocation {
                        fully_qualified_name: &d.pointer,
                        kind: "member",
                    }],
                    physical_location: PhysicalLocation {
                        artifact_location: &artifact,
                        region: Region {
                            start_column: place.column.filter(|_| item.row.is_none()),
                            start_line: if item.row.is_some() { 1 } else { place.line },
                        },
                    },
                }],
                // A row of a table (Parquet) has no line: the result is on the file's first
                // line (viewers want a region), and names its row in its text and properties.
                message: Message {
                    text: format!("{}{}", item.row_prefix(), super::one_line(d)),
                },
                partial_fingerprints: PartialFingerprints {
                    ocsf_finding: self.fingerprints.next(&item.file, d),
                },
                properties: Properties {
                    event_index: item.index,
                    pointer: &d.pointer,
                    row: item.row,
                    schema_version: d.schema_version,
                },
                rule_id: d.code,
            };
            out.write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
            write!(out, "{}  ", self.indent)?;
            serde_json::to_writer(&mut *out, &result)?;
            self.written += 1;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write, s: &Summary) -> Result<()> {
        if self.written > 0 {
            write!(out, "\n{}", self.indent)?;
        }
        out.write_all(b"]")?;
        let mut properties = json!({ "eventsBySchemaVersion": s.by_version });
        if let Some(b) = &s.baseline {
            properties["baseline"] = json!({ "matched": b.matched, "gone": b.gone });
        }
        // Pretty, at the run's indentation, as the rest of the document.
        let text = serde_json::to_string_pretty(&properties)?;
        let text = text.replace('\n', &format!("\n{}", self.indent));
        write!(out, ",\n{}\"properties\": {text}", self.indent)?;
        out.write_all(self.tail.as_bytes())?;
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
