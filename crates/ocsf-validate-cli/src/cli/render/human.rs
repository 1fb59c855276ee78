//! `file:line: pointer: CODE severity: message`, then the help indented.

use std::io::Write;

use anyhow::Result;
use ocsf_validate::Severity;

use super::{Item, Renderer, Summary};

pub struct Human {
    pub color: bool,
}

fn paint(color: bool, code: &str, text: &str) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

/// One event's diagnostics, in colour or not.
fn write_item(color: bool, out: &mut dyn Write, item: &Item) -> std::io::Result<()> {
    for d in &item.report.diagnostics {
        let sev = match d.severity {
            Severity::Error => paint(color, "1;31", "error"),
            Severity::Warning => paint(color, "1;33", "warning"),
            Severity::Info => paint(color, "1;36", "info"),
        };
        let pointer = super::shown_pointer(d);
        writeln!(
            out,
            "{}:{}: {}: {} {sev}: {}",
            item.file,
            item.line_of(d),
            pointer,
            paint(color, "1", d.code),
            d.message
        )?;
        if let Some(help) = &d.help {
            writeln!(out, "    {} {help}", paint(color, "1;32", "help:"))?;
        }
    }
    Ok(())
}

fn plain(item: &Item, buf: &mut Vec<u8>) {
    // Writing into a Vec cannot fail.
    let _ = write_item(false, buf, item);
}

fn colored(item: &Item, buf: &mut Vec<u8>) {
    let _ = write_item(true, buf, item);
}

impl Renderer for Human {
    fn item(&mut self, out: &mut dyn Write, item: &Item) -> Result<()> {
        write_item(self.color, out, item)?;
        Ok(())
    }

    fn prerender(&self) -> Option<super::super::pipeline::Prerender> {
        Some(if self.color { colored } else { plain })
    }

    fn end(&mut self, out: &mut dyn Write, s: &Summary) -> Result<()> {
        let plural = |n: usize, w: &str| {
            if n == 1 {
                format!("{n} {w}")
            } else {
                format!("{n} {w}s")
            }
        };
        writeln!(
            out,
            "{} in {}: {}, {}, {} ({} ms)",
            plural(s.events, "event"),
            plural(s.files, "file"),
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.infos, "info"),
            s.duration_ms
        )?;
        if !s.by_version.is_empty() {
            writeln!(out, "judged by OCSF version: {}", s.versions_line())?;
        }
        if s.omitted > 0 {
            writeln!(
                out,
                "{} not shown (--max-diagnostics)",
                plural(s.omitted, "diagnostic")
            )?;
        }
        Ok(())
    }
}
