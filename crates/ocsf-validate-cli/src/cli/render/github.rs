//! GitHub Actions workflow commands: `::error file=…,line=…,title=CODE::message`.

use std::io::Write;

use anyhow::Result;
use ocsf_validate::Severity;

use super::{Item, Renderer, Summary};

pub struct Github;

/// Escapes data and property values as the workflow command syntax requires.
fn escape(s: &str, property: bool) -> String {
    let mut out = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

impl Renderer for Github {
    fn item(&mut self, out: &mut dyn Write, item: &Item) -> Result<()> {
        for d in &item.report.diagnostics {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = format!(
                "{}{}: {}",
                item.row_prefix(),
                super::shown_pointer(d),
                d.message
            );
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            // A row of a table (Parquet) has no line: the annotation is on the file.
            let line = match item.row {
                Some(_) => String::new(),
                None => format!(",line={}", item.line_of(d)),
            };
            writeln!(
                out,
                "::{level} file={}{line},title={}::{}",
                escape(&item.file, true),
                escape(d.code, true),
                escape(&message, false)
            )?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write, s: &Summary) -> Result<()> {
        writeln!(
            out,
            "{} events in {} files: {} errors, {} warnings, {} infos",
            s.events, s.files, s.errors, s.warnings, s.infos
        )?;
        Ok(())
    }
}
