//! JUnit XML, as Jenkins, GitLab, Azure DevOps and other CI servers read test reports: one
//! `<testsuite>` per file, one `<testcase>` per event. An event fails when it has a diagnostic
//! at or above `--fail-on`; its diagnostics are the failure's text (those of a passing event
//! are its `<system-out>`). Checked with two consumers' parsers by tests/consumers.rs.

use std::fmt::Write as _;
use std::io::{Seek, SeekFrom, Write};
use std::sync::Arc;

use anyhow::{Context, Result};
use ocsf_validate::Severity;

use super::{plural, Item, Renderer, Summary};
use crate::cli::pipeline::Prerender;

pub struct Junit {
    fail_on: Severity,
    /// The file whose suite is being gathered, its test cases and their counts.
    file: Option<Arc<str>>,
    cases: Vec<u8>,
    /// The suite's earlier cases, once they outgrew [`SPILL_AT`]: a suite's counts come before
    /// its cases, so a file's cases wait for its end, and one large file's (the published
    /// events x50: 99 MB of XML) need not wait in memory.
    spilled: Option<std::fs::File>,
    /// [`SPILL_AT`], but in tests.
    spill_at: usize,
    tests: usize,
    failures: usize,
}

/// Bytes of test cases held in memory before they go to a temporary file.
const SPILL_AT: usize = 8 << 20;

impl Junit {
    pub fn new(fail_on: Severity) -> Junit {
        Junit {
            fail_on,
            file: None,
            cases: Vec::new(),
            spilled: None,
            spill_at: SPILL_AT,
            tests: 0,
            failures: 0,
        }
    }

    /// Starts the suite of `item`'s file, writing the previous one when the file changes.
    fn suite_of(&mut self, out: &mut dyn Write, item: &Item) -> Result<()> {
        if self.file.as_deref() != Some(&*item.file) {
            self.flush(out)?;
            self.file = Some(Arc::clone(&item.file));
        }
        self.tests += 1;
        if fails(item, self.fail_on) {
            self.failures += 1;
        }
        Ok(())
    }

    fn flush(&mut self, out: &mut dyn Write) -> Result<()> {
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        let mut head = Vec::new();
        head.extend_from_slice(b"  <testsuite name=\"");
        escape(&mut head, &file);
        writeln!(
            head,
            "\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">",
            self.tests, self.failures
        )?;
        out.write_all(&head)?;
        if let Some(mut spilled) = self.spilled.take() {
            spilled.seek(SeekFrom::Start(0))?;
            std::io::copy(&mut spilled, out)?;
        }
        out.write_all(&self.cases)?;
        out.write_all(b"  </testsuite>\n")?;
        self.cases.clear();
        self.tests = 0;
        self.failures = 0;
        Ok(())
    }
}

impl Junit {
    /// Moves the cases held in memory to the suite's temporary file once they are many.
    fn spill(&mut self) -> Result<()> {
        if self.cases.len() < self.spill_at {
            return Ok(());
        }
        let file = match &mut self.spilled {
            Some(file) => file,
            None => self.spilled.insert(
                tempfile::tempfile()
                    .context("cannot create a temporary file for the JUnit report's test cases")?,
            ),
        };
        file.write_all(&self.cases)
            .context("cannot write the JUnit report's test cases to a temporary file")?;
        self.cases.clear();
        Ok(())
    }
}

fn fails(item: &Item, fail_on: Severity) -> bool {
    item.report
        .diagnostics
        .iter()
        .any(|d| d.severity >= fail_on)
}

/// Text for XML (attribute values and character data alike): the five special characters as
/// entities, line breaks in attributes kept as character references, and characters XML 1.0
/// cannot hold replaced by U+FFFD.
fn escape(buf: &mut Vec<u8>, s: &str) {
    let mut rest = s;
    loop {
        // Runs of printable ASCII other than the five special characters (nearly all of a
        // report) are copied whole; the character after one goes through the match below.
        let plain = rest
            .bytes()
            .position(|b| {
                !(0x20..0x7f).contains(&b) || matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')
            })
            .unwrap_or(rest.len());
        buf.extend_from_slice(&rest.as_bytes()[..plain]);
        rest = &rest[plain..];
        let Some(c) = rest.chars().next() else {
            return;
        };
        rest = &rest[c.len_utf8()..];
        escape_char(buf, c);
    }
}

/// One character of [`escape`]'s text that is not plain.
fn escape_char(buf: &mut Vec<u8>, c: char) {
    match c {
        '&' => buf.extend_from_slice(b"&amp;"),
        '<' => buf.extend_from_slice(b"&lt;"),
        '>' => buf.extend_from_slice(b"&gt;"),
        '"' => buf.extend_from_slice(b"&quot;"),
        '\'' => buf.extend_from_slice(b"&apos;"),
        '\n' => buf.extend_from_slice(b"&#10;"),
        '\r' => buf.extend_from_slice(b"&#13;"),
        '\t' => buf.extend_from_slice(b"&#9;"),
        c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {
            buf.extend_from_slice("\u{FFFD}".as_bytes())
        }
        c => {
            let mut b = [0u8; 4];
            buf.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
        }
    }
}

/// One event's `<testcase>`, with its failure when it fails at `fail_on`.
fn write_case(item: &Item, fail_on: Severity, buf: &mut Vec<u8>) {
    let ds = &item.report.diagnostics;
    buf.extend_from_slice(b"    <testcase name=\"");
    match item.row {
        Some(row) => escape(buf, &format!("event {}, row {row}", item.index)),
        None => escape(buf, &format!("event {}, line {}", item.index, item.line)),
    }
    buf.extend_from_slice(b"\" classname=\"");
    escape(buf, &item.file);
    buf.extend_from_slice(b"\" file=\"");
    escape(buf, &item.file);
    // Parsers want a duration (Codecov's requires one); the report says none was measured
    // rather than make its bytes differ from run to run.
    // A row of a table (Parquet) has no line attribute.
    let line = match item.row {
        Some(_) => String::new(),
        None => format!(" line=\"{}\"", item.line),
    };
    buf.extend_from_slice(format!("\"{line} time=\"0\"").as_bytes());
    if ds.is_empty() {
        buf.extend_from_slice(b"/>\n");
        return;
    }
    buf.extend_from_slice(b">\n");
    // Written in place, room made once: a `format!` per line, copied into a string that grew
    // as it went, was a tenth of the format's time.
    let mut text = String::with_capacity(ds.len() * 192);
    for (d, place) in ds.iter().zip(item.places()) {
        let _ = writeln!(
            text,
            "{}: {}: {} {}: {}",
            item.where_at(place.line),
            super::shown_pointer(d),
            d.code,
            d.severity,
            d.message
        );
        if let Some(help) = &d.help {
            let _ = writeln!(text, "    help: {help}");
        }
    }
    if fails(item, fail_on) {
        let count = |s: Severity| ds.iter().filter(|d| d.severity == s).count();
        let mut codes: Vec<&str> = Vec::new();
        for d in ds.iter().filter(|d| d.severity >= fail_on) {
            if !codes.contains(&d.code) {
                codes.push(d.code);
            }
        }
        // The first of the most severe.
        let top = ds.iter().map(|d| d.severity).max();
        let worst = ds
            .iter()
            .find(|d| Some(d.severity) == top)
            .map_or("", |d| d.code);
        let message = format!(
            "{}, {}, {}: {}",
            plural(count(Severity::Error), "error"),
            plural(count(Severity::Warning), "warning"),
            plural(count(Severity::Info), "info"),
            codes.join(", ")
        );
        buf.extend_from_slice(b"      <failure message=\"");
        escape(buf, &message);
        buf.extend_from_slice(b"\" type=\"");
        escape(buf, worst);
        buf.extend_from_slice(b"\">");
        escape_text(buf, &text);
        buf.extend_from_slice(b"</failure>\n");
    } else {
        buf.extend_from_slice(b"      <system-out>");
        escape_text(buf, &text);
        buf.extend_from_slice(b"</system-out>\n");
    }
    buf.extend_from_slice(b"    </testcase>\n");
}

/// Character data: as [`escape`], but line breaks and tabs stay as they are.
fn escape_text(buf: &mut Vec<u8>, s: &str) {
    for line in s.split_inclusive('\n') {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, true),
            None => (line, false),
        };
        escape(buf, body);
        if nl {
            buf.push(b'\n');
        }
    }
}

fn case_error(item: &Item, buf: &mut Vec<u8>) {
    write_case(item, Severity::Error, buf);
}

fn case_warning(item: &Item, buf: &mut Vec<u8>) {
    write_case(item, Severity::Warning, buf);
}

fn case_info(item: &Item, buf: &mut Vec<u8>) {
    write_case(item, Severity::Info, buf);
}

impl Renderer for Junit {
    fn begin(&mut self, out: &mut dyn Write) -> Result<()> {
        out.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"ocsf-validate\">\n",
        )?;
        Ok(())
    }

    fn needs_event(&self) -> bool {
        true
    }

    fn prerender(&self) -> Option<Prerender> {
        Some(match self.fail_on {
            Severity::Error => case_error,
            Severity::Warning => case_warning,
            Severity::Info => case_info,
        })
    }

    fn rendered(&mut self, out: &mut dyn Write, item: &Item, bytes: &[u8]) -> Result<()> {
        self.suite_of(out, item)?;
        self.cases.extend_from_slice(bytes);
        self.spill()
    }

    fn item(&mut self, out: &mut dyn Write, item: &Item) -> Result<()> {
        self.suite_of(out, item)?;
        write_case(item, self.fail_on, &mut self.cases);
        self.spill()
    }

    fn end(&mut self, out: &mut dyn Write, _s: &Summary) -> Result<()> {
        self.flush(out)?;
        out.write_all(b"</testsuites>\n")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two files of events with and without findings, rendered with the cases held in memory
    /// and with every case spilled to the temporary file: the same report.
    #[test]
    fn spilled_cases_make_the_same_report() {
        let validator = ocsf_validate::Validator::builder().build().unwrap();
        let events = [
            r#"{"class_uid": 3002, "activity_id": 1, "metadata": {"version": "1.6.0"}}"#,
            r#"{"class_uid": 3002, "category_uid": 3, "activity_id": 1, "type_uid": 300201, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "p", "vendor_name": "v"}}, "user": {"name": "a"}}"#,
            "not json",
        ];
        let render = |spill_at: usize| {
            let mut junit = Junit::new(Severity::Error);
            junit.spill_at = spill_at;
            let mut out = Vec::new();
            junit.begin(&mut out).unwrap();
            for (n, file) in ["a.jsonl", "b.jsonl"].into_iter().enumerate() {
                for (index, event) in events.iter().enumerate() {
                    let item = Item {
                        file: Arc::from(file),
                        line: index + 1,
                        column: 1,
                        index,
                        row: None,
                        lake: None,
                        report: validator.validate_bytes(event.as_bytes()),
                        event: Some(event.as_bytes().into()),
                        rendered: None,
                    };
                    junit.item(&mut out, &item).unwrap();
                    assert_eq!(junit.spilled.is_some(), spill_at == 0, "{n} {index}");
                }
            }
            junit.end(&mut out, &Summary::default()).unwrap();
            String::from_utf8(out).unwrap()
        };
        let kept = render(SPILL_AT);
        assert_eq!(render(0), kept);
        assert_eq!(kept.matches("<testcase").count(), 6, "{kept}");
        assert_eq!(kept.matches("<testsuite ").count(), 2, "{kept}");
    }

    /// The runs copied whole give what escaping each character gives, for every ASCII byte and
    /// characters of two, three and four bytes, the two XML cannot hold among them.
    #[test]
    fn xml_escapes_runs_as_characters() {
        let by_char = |s: &str| {
            let mut buf = Vec::new();
            for c in s.chars() {
                escape_char(&mut buf, c);
            }
            buf
        };
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("é\u{FFFD}\u{FFFE}\u{FFFF}€😀");
        for s in [
            all.as_str(),
            "",
            "plain text",
            "&",
            "x&y",
            "é&é",
            "\u{7f}a\u{FFFE}",
        ] {
            let mut buf = Vec::new();
            escape(&mut buf, s);
            assert_eq!(buf, by_char(s), "{s:?}");
        }
    }

    #[test]
    fn xml_escapes() {
        let mut buf = Vec::new();
        escape(&mut buf, "a<b>&\"'\n\u{1}é");
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "a&lt;b&gt;&amp;&quot;&apos;&#10;\u{FFFD}é"
        );
        let mut buf = Vec::new();
        escape_text(&mut buf, "x\ny<\n");
        assert_eq!(String::from_utf8(buf).unwrap(), "x\ny&lt;\n");
    }
}
