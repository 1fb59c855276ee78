//! SARIF 2.1.0 as GitHub code scanning accepts it: rules from the code registry, one result
//! per diagnostic with a relative artifact URI and a start line.

use std::io::Write;

use anyhow::Result;
use ocsf_validate::{Severity, Validator};
use serde_json::{json, Value};

use super::{Item, Renderer, Summary};

const RULES_DOC: &str = "https://github.com/ocsf-rs/ocsf-rs/blob/main/docs/rules.md";

pub struct Sarif {
    rules: Vec<Value>,
    results: Vec<Value>,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

impl Sarif {
    pub fn new(v: &Validator) -> Sarif {
        let rules = v
            .rules()
            .iter()
            .map(|r| {
                json!({
                    "id": r.code,
                    "name": r.name,
                    "shortDescription": { "text": r.summary },
                    "fullDescription": { "text": r.doc },
                    "helpUri": format!("{RULES_DOC}#{}", r.code.to_ascii_lowercase()),
                    "defaultConfiguration": { "level": level(r.severity) },
                    "properties": { "category": r.category.as_str() },
                })
            })
            .collect();
        Sarif {
            rules,
            results: Vec::new(),
        }
    }
}

impl Renderer for Sarif {
    fn item(&mut self, _out: &mut dyn Write, item: &Item) -> Result<()> {
        for d in &item.report.diagnostics {
            let mut text = format!("{}: {}", super::shown_pointer(d), d.message);
            if let Some(help) = &d.help {
                text.push_str(" (");
                text.push_str(help);
                text.push(')');
            }
            let uri = if &*item.file == "-" {
                "stdin"
            } else {
                &item.file
            };
            self.results.push(json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": { "startLine": item.line_of(d) },
                    },
                    "logicalLocations": [{ "fullyQualifiedName": d.pointer, "kind": "member" }],
                }],
                "properties": {
                    "eventIndex": item.index,
                    "pointer": d.pointer,
                    "schemaVersion": d.schema_version,
                },
            }));
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write, s: &Summary) -> Result<()> {
        let doc = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "ocsf-validate",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": RULES_DOC,
                    "rules": std::mem::take(&mut self.rules),
                }},
                "results": std::mem::take(&mut self.results),
                "properties": { "eventsBySchemaVersion": s.by_version },
            }],
        });
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        out.write_all(b"\n")?;
        Ok(())
    }
}
