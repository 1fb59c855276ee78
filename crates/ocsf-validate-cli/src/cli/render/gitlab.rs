//! GitLab Code Quality (a subset of the Code Climate issue format): a JSON array with one issue
//! per diagnostic, for `artifacts: reports: codequality`. GitLab keeps one issue per
//! fingerprint and stops reading at the first issue its schema rejects, so every issue has
//! every field it requires and a fingerprint of its own (checked by tests/consumers.rs).

use std::io::Write;

use anyhow::Result;
use ocsf_validate::{Category, Severity};

use super::{Fingerprints, Item, Renderer, Summary};

pub struct Gitlab {
    fingerprints: Fingerprints,
    first: bool,
}

impl Gitlab {
    pub fn new() -> Gitlab {
        Gitlab {
            fingerprints: Fingerprints::default(),
            first: true,
        }
    }
}

/// GitLab's severities are `info`, `minor`, `major`, `critical` and `blocker`.
fn severity(s: Severity, c: Category) -> &'static str {
    match (s, c) {
        (Severity::Error, Category::Secret) => "critical",
        (Severity::Error, _) => "major",
        (Severity::Warning, _) => "minor",
        (Severity::Info, _) => "info",
    }
}

/// Code Climate's categories.
fn categories(c: Category) -> &'static [&'static str] {
    match c {
        Category::Input => &["Bug Risk"],
        Category::Schema => &["Compatibility"],
        Category::Pii | Category::Secret => &["Security"],
    }
}

/// One issue, written as it is built. Its members are declared in the order serde_json's
/// `Value` sorted them (the `json!` value each issue was before), so the report is byte for
/// byte what it was.
#[derive(serde::Serialize)]
struct Issue<'a> {
    categories: &'static [&'static str],
    check_name: &'static str,
    description: String,
    fingerprint: String,
    location: IssueLocation<'a>,
    severity: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(serde::Serialize)]
struct IssueLocation<'a> {
    lines: Lines,
    path: &'a str,
}

#[derive(serde::Serialize)]
struct Lines {
    begin: usize,
}

impl Renderer for Gitlab {
    fn begin(&mut self, out: &mut dyn Write) -> Result<()> {
        out.write_all(b"[")?;
        Ok(())
    }

    fn needs_event(&self) -> bool {
        true
    }

    fn item(&mut self, out: &mut dyn Write, item: &Item) -> Result<()> {
        for (d, place) in item.report.diagnostics.iter().zip(item.places()) {
            // A row of a table (Parquet) has no line: the issue is on line 1 and names its row.
            let description = format!("{}{}", item.row_prefix(), super::one_line(d));
            let line = if item.row.is_some() { 1 } else { place.line };
            let issue = Issue {
                categories: categories(d.category),
                check_name: d.code,
                description,
                fingerprint: self.fingerprints.next(&item.file, d),
                location: IssueLocation {
                    lines: Lines { begin: line },
                    path: &item.file,
                },
                severity: severity(d.severity, d.category),
                kind: "issue",
            };
            out.write_all(if self.first { b"\n" } else { b",\n" })?;
            self.first = false;
            serde_json::to_writer(&mut *out, &issue)?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write, _s: &Summary) -> Result<()> {
        out.write_all(if self.first { b"]\n" } else { b"\n]\n" })?;
        Ok(())
    }
}
