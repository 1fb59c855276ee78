//! JSON lines: one object per diagnostic, then one `{"summary": …}` line. A stable wire
//! format, documented in docs/output.md.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::{Item, Renderer, Summary};

pub struct JsonLines;

#[derive(Serialize)]
struct Line<'a> {
    file: &'a str,
    line: usize,
    index: usize,
    pointer: &'a str,
    code: &'a str,
    severity: &'a str,
    category: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    schema_path: Option<&'a str>,
    /// The OCSF version that judged the event; absent for input that is no event.
    #[serde(skip_serializing_if = "Option::is_none")]
    schema_version: Option<&'a str>,
}

#[derive(Serialize)]
struct SummaryBody<'a> {
    files: usize,
    events: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    omitted: usize,
    duration_ms: u64,
    /// Events per OCSF version that judged them.
    versions: &'a std::collections::BTreeMap<&'static str, usize>,
}

impl Renderer for JsonLines {
    fn item(&mut self, out: &mut dyn Write, item: &Item) -> Result<()> {
        for d in &item.report.diagnostics {
            let line = Line {
                file: &item.file,
                line: item.line_of(d),
                index: item.index,
                pointer: &d.pointer,
                code: d.code,
                severity: d.severity.as_str(),
                category: d.category.as_str(),
                message: &d.message,
                help: d.help.as_deref(),
                schema_path: d.schema_path.as_deref(),
                schema_version: d.schema_version,
            };
            serde_json::to_writer(&mut *out, &line)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write, s: &Summary) -> Result<()> {
        let body = SummaryBody {
            files: s.files,
            events: s.events,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            omitted: s.omitted,
            duration_ms: s.duration_ms,
            versions: &s.by_version,
        };
        serde_json::to_writer(&mut *out, &serde_json::json!({ "summary": body }))?;
        out.write_all(b"\n")?;
        Ok(())
    }
}
