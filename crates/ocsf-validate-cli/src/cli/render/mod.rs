//! Output formats. All share one model: an [`Item`] per event with its diagnostics, and a
//! [`Summary`] at the end.

mod github;
mod human;
mod json;
mod sarif;

use std::io::Write;
use std::sync::Arc;

use anyhow::Result;
use ocsf_validate::{Diagnostic, Report, Validator};

use super::args::Format;

#[derive(Debug)]
pub struct Item {
    /// The file as shown (relative to the working directory when below it); `-` for stdin.
    pub file: Arc<str>,
    /// 1-based line where the event starts.
    pub line: usize,
    /// 0-based index of the event in its file.
    pub index: usize,
    pub report: Report,
    /// The diagnostics already written in the output format by a worker, if the format's
    /// lines depend on the event alone ([`Renderer::prerender`]).
    pub rendered: Option<Vec<u8>>,
}

impl Item {
    /// The line of a diagnostic: the event's line, moved to the parse error's line if any.
    pub fn line_of(&self, d: &Diagnostic) -> usize {
        match d.position {
            Some((l, _)) => self.line + l - 1,
            None => self.line,
        }
    }
}

#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub files: usize,
    pub events: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Diagnostics counted but not printed because of `--max-diagnostics`.
    pub omitted: usize,
    pub duration_ms: u64,
    /// Events per OCSF version that judged them (events that were no JSON are in none).
    pub by_version: std::collections::BTreeMap<&'static str, usize>,
}

impl Summary {
    /// `1.1.0: 3, 1.6.0: 1`, oldest first (the order of `ocsf_schema::versions()`; the map's
    /// own order is the strings', which would put 1.10.0 before 1.2.0).
    pub fn versions_line(&self) -> String {
        let mut versions: Vec<(&str, usize)> =
            self.by_version.iter().map(|(v, n)| (*v, *n)).collect();
        versions.sort_by_key(|(v, _)| ocsf_schema::versions().iter().position(|s| s.version == *v));
        versions
            .iter()
            .map(|(v, n)| format!("{v}: {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub trait Renderer {
    fn begin(&mut self, _out: &mut dyn Write) -> Result<()> {
        Ok(())
    }
    fn item(&mut self, out: &mut dyn Write, item: &Item) -> Result<()>;
    /// A function writing one event's diagnostics as [`Self::item`] would, for a format whose
    /// lines depend on the event alone; it may run on any thread.
    fn prerender(&self) -> Option<super::pipeline::Prerender> {
        None
    }
    fn end(&mut self, out: &mut dyn Write, summary: &Summary) -> Result<()>;
}

pub fn new<'v>(format: Format, color: bool, validator: &'v Validator) -> Box<dyn Renderer + 'v> {
    match format {
        Format::Human => Box::new(human::Human { color }),
        Format::Json => Box::new(json::JsonLines::default()),
        Format::Sarif => Box::new(sarif::Sarif::new(validator)),
        Format::Github => Box::new(github::Github),
    }
}

/// How a diagnostic's pointer is shown to people: the whole event's pointer (`""`) reads
/// `(event)`. Shared by the human, GitHub and SARIF renderers; JSON keeps the raw pointer.
fn shown_pointer(d: &Diagnostic) -> &str {
    if d.pointer.is_empty() {
        "(event)"
    } else {
        &d.pointer
    }
}
