//! Output formats. All share one model: an [`Item`] per event with its diagnostics, and a
//! [`Summary`] at the end.

mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod sarif;
mod source;

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use anyhow::Result;
use ocsf_validate::pii::PiiLevel;
use ocsf_validate::rules::attributes::REPEATED;
use ocsf_validate::{Diagnostic, Report, Severity, Validator};

use super::args::Format;
use super::locate;

#[derive(Debug)]
pub struct Item {
    /// The file as shown (relative to the working directory when below it); `-` for stdin.
    pub file: Arc<str>,
    /// 1-based line where the event starts.
    pub line: usize,
    /// 1-based column (in characters) where the event starts on its line.
    pub column: usize,
    /// 0-based index of the event in its file.
    pub index: usize,
    /// The event is row `row` (0-based) of a table (Parquet): it has no line in the file, and
    /// `line` and `column` are those inside the event's JSON (line 1).
    pub row: Option<usize>,
    /// With `--security-lake`: what its rules read of the event (`None` when it is no JSON
    /// object).
    pub lake: Option<ocsf_validate::lake::Facts>,
    pub report: Report,
    /// The event's bytes, kept for an event with diagnostics when the format or the baseline
    /// reads them again ([`Renderer::needs_event`]).
    pub event: Option<Box<[u8]>>,
    /// The diagnostics already written in the output format by a worker, if the format's
    /// lines depend on the event alone ([`Renderer::prerender`]).
    pub rendered: Option<Vec<u8>>,
}

/// Where a diagnostic points in its file: 1-based line and column (in characters), and the
/// value in the event's bytes when the event is at hand and has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub line: usize,
    pub column: Option<usize>,
    pub found: Option<locate::Found>,
}

impl Item {
    /// Where a diagnostic on `line` is, as people read it: `file:line`, or `file:row N` for a
    /// row of a table (which has no lines).
    pub fn where_at(&self, line: usize) -> String {
        match self.row {
            Some(row) => format!("{}:row {row}", self.file),
            None => format!("{}:{line}", self.file),
        }
    }

    /// `row N: ` for a row of a table, else nothing: put before the message in formats whose
    /// location has a line and no room for a row.
    pub fn row_prefix(&self) -> String {
        self.row.map(|r| format!("row {r}: ")).unwrap_or_default()
    }

    /// The line of a diagnostic: the event's line, moved to the parse error's line if any.
    pub fn line_of(&self, d: &Diagnostic) -> usize {
        match d.position {
            Some((l, _)) => self.line + l - 1,
            None => self.line,
        }
    }

    /// Where each diagnostic points: the member it names (its name, or the value of an array
    /// element), or the parse error; the event's start when the event is not at hand. The
    /// event is read once for all of them: the members are found in one walk, and their lines
    /// and columns counted in one pass (per diagnostic, an event of one long line with a
    /// thousand findings was counted from its start a thousand times).
    pub fn places(&self) -> Vec<Place> {
        self.places_and(None).0
    }

    /// [`Self::places`], and the value `also` points at, found in the same walk (the human
    /// format reads `/class_uid` too: looked for on its own, it was a twentieth of the
    /// format's time).
    pub fn places_and(&self, also: Option<&str>) -> (Vec<Place>, Option<locate::Found>) {
        let ds = &self.report.diagnostics;
        let Some(event) = self.event.as_deref() else {
            let places = ds.iter().map(|d| self.place_at(d, None, None)).collect();
            return (places, None);
        };
        // Each report of a repeated name (OCSF208) at the repetition it is about: the second
        // member of the name for the first report, and so on; everything else at the first.
        let mut wanted: Vec<(&str, usize)> = Vec::with_capacity(ds.len() + 1);
        let mut repeated: HashMap<&str, usize> = HashMap::new();
        for d in ds {
            let nth = if d.code == REPEATED {
                let reports = repeated.entry(d.pointer.as_str()).or_insert(0);
                *reports += 1;
                *reports
            } else {
                0
            };
            wanted.push((d.pointer.as_str(), nth));
        }
        wanted.extend(also.map(|p| (p, 0)));
        let mut found = locate::find_all_nth(event, &wanted);
        let also = if also.is_some() {
            found.pop().flatten()
        } else {
            None
        };
        let offsets: Vec<usize> = found
            .iter()
            .map(|f| {
                f.as_ref()
                    .map_or(0, |f| f.key.as_ref().map_or(f.value.start, |k| k.start))
            })
            .collect();
        let line_cols = self.line_cols(event, &offsets);
        let places = ds
            .iter()
            .zip(found)
            .zip(line_cols)
            .map(|((d, f), lc)| self.place_at(d, f, Some(lc)))
            .collect();
        (places, also)
    }

    /// `found` in the event, at the file's `line_col` (from [`Self::line_cols`]).
    fn place_at(
        &self,
        d: &Diagnostic,
        found: Option<locate::Found>,
        line_col: Option<(usize, usize)>,
    ) -> Place {
        if let Some((l, c)) = d.position {
            let column = if l == 1 { self.column + c - 1 } else { c };
            return Place {
                line: self.line + l - 1,
                column: Some(column),
                found: None,
            };
        }
        match (found, line_col) {
            (Some(f), Some((line, column))) => Place {
                line,
                column: Some(column),
                found: Some(f),
            },
            _ => Place {
                line: self.line,
                column: None,
                found: None,
            },
        }
    }

    /// The line and column in the file of each byte offset inside the event, counted in one
    /// pass over the offsets in order.
    pub fn line_cols(&self, event: &[u8], offsets: &[usize]) -> Vec<(usize, usize)> {
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_by_key(|&i| offsets[i]);
        let mut out = vec![(0, 0); offsets.len()];
        // Counted in the event from its first byte, then placed where the event starts.
        let mut places = super::input::Places::new();
        for i in order {
            let (line, column) = places.at(event, offsets[i].min(event.len()));
            let column = if line == 1 {
                self.column + column - 1
            } else {
                column
            };
            out[i] = (self.line + line - 1, column);
        }
        out
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
    /// Diagnostics per code, printed or not.
    pub by_code: CodeCounts,
    /// With `--baseline`: what the baseline hid and what it holds that is gone.
    pub baseline: Option<BaselineStats>,
}

/// Diagnostics per code, with each rule's name, counted as they go by: a few dozen codes,
/// hundreds of thousands of diagnostics. A code found moves one place up, so the frequent ones
/// are found in a step or two (a map keyed by the code's text cost 1.3% of a run).
#[derive(Debug, Default, Clone)]
pub struct CodeCounts {
    counts: Vec<(&'static str, &'static str, usize)>,
}

impl CodeCounts {
    /// One diagnostic of `code`; `name` gives the rule's name the first time.
    pub fn add(&mut self, code: &'static str, name: impl FnOnce() -> &'static str) {
        let at = self
            .counts
            .iter()
            .position(|(c, _, _)| std::ptr::eq(*c, code) || *c == code);
        match at {
            Some(i) => {
                self.counts[i].2 += 1;
                if i > 0 && self.counts[i - 1].2 < self.counts[i].2 {
                    self.counts.swap(i - 1, i);
                }
            }
            None => self.counts.push((code, name(), 1)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Code and count, ordered by code.
    pub fn sorted(&self) -> std::collections::BTreeMap<&'static str, usize> {
        self.counts.iter().map(|&(code, _, n)| (code, n)).collect()
    }
}

#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct BaselineStats {
    /// Findings in the baseline, not reported.
    pub matched: usize,
    /// Findings of the baseline, in the files validated, that were not found again.
    pub gone: usize,
}

/// Fingerprints of findings for SARIF and GitLab reports, stable across runs and across
/// edits elsewhere in the file: a hash of the file, the code, the pointer and the ordinal of
/// the finding among those of the same file, code and pointer. No value goes into them (the
/// reports are uploaded; baselines hash values under a key, see `baseline.rs`).
#[derive(Debug, Default)]
pub struct Fingerprints {
    seen: HashMap<(Arc<str>, &'static str, String), usize>,
}

impl Fingerprints {
    pub fn next(&mut self, file: &Arc<str>, d: &Diagnostic) -> String {
        use sha2::{Digest, Sha256};
        let n = self
            .seen
            .entry((Arc::clone(file), d.code, d.pointer.clone()))
            .or_insert(0);
        let ordinal = *n;
        *n += 1;
        let mut h = Sha256::new();
        for part in [file.as_bytes(), d.code.as_bytes(), d.pointer.as_bytes()] {
            h.update(part);
            h.update([0]);
        }
        h.update(ordinal.to_string());
        hex::encode(&h.finalize()[..16])
    }
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

    /// The `most` most frequent codes with their rule names and counts, most frequent first
    /// (`OCSF911 timestamp-unit (12635), OCSF203 unknown-attribute (1725)`), and how many codes
    /// are left out.
    pub fn codes_line(&self, most: usize) -> (String, usize) {
        let mut codes = self.by_code.counts.clone();
        codes.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
        let line = codes
            .iter()
            .take(most)
            .map(|(code, name, n)| format!("{code} {name} ({n})"))
            .collect::<Vec<_>>()
            .join(", ");
        (line, codes.len().saturating_sub(most))
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
    /// Whether [`Item::event`] must be kept for events with diagnostics.
    fn needs_event(&self) -> bool {
        false
    }
    /// Writes an event rendered by a worker ([`Self::prerender`]).
    fn rendered(&mut self, out: &mut dyn Write, _item: &Item, bytes: &[u8]) -> Result<()> {
        out.write_all(bytes)?;
        Ok(())
    }
    fn end(&mut self, out: &mut dyn Write, summary: &Summary) -> Result<()>;
}

/// How to render, besides the format.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub color: bool,
    /// `--fail-on`: the JUnit format fails a test case at this severity.
    pub fail_on: Severity,
    /// Human format: show an excerpt of the event under each diagnostic.
    pub source: bool,
    /// Human format: mask every value.
    pub mask_values: bool,
    /// The personal-data policy: the human format masks what it classifies.
    pub pii_level: PiiLevel,
}

/// `1 event`, `2 events`, `2 fixes`.
pub fn plural(n: usize, word: &str) -> String {
    match (n, word.ends_with(['s', 'x'])) {
        (1, _) => format!("{n} {word}"),
        (_, true) => format!("{n} {word}es"),
        (_, false) => format!("{n} {word}s"),
    }
}

pub fn new<'v>(format: Format, opts: Options, validator: &'v Validator) -> Box<dyn Renderer + 'v> {
    match format {
        Format::Human => Box::new(human::Human::new(opts)),
        Format::Json => Box::new(json::JsonLines::default()),
        Format::Sarif => Box::new(sarif::Sarif::new(validator)),
        Format::Github => Box::new(github::Github),
        Format::Junit => Box::new(junit::Junit::new(opts.fail_on)),
        Format::Gitlab => Box::new(gitlab::Gitlab::new()),
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

/// A diagnostic on one line, for reports that show it in one field (SARIF's message, GitLab's
/// description): `pointer: message (help)`.
fn one_line(d: &Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{}: {} ({help})", shown_pointer(d), d.message),
        None => format!("{}: {}", shown_pointer(d), d.message),
    }
}
