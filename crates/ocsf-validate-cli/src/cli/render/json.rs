//! JSON lines: one object per diagnostic, then one `{"summary": …}` line. A stable wire
//! format, documented in docs/output.md.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::{Item, Renderer, Summary};
use crate::cli::json_text::first_to_escape;

#[derive(Default)]
pub struct JsonLines {
    /// The lines of one event, reused from event to event.
    buf: Vec<u8>,
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
    /// Diagnostics per code, printed or not.
    codes: std::collections::BTreeMap<&'static str, usize>,
    /// Only with `--baseline`.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<super::BaselineStats>,
}

impl Renderer for JsonLines {
    /// One line per diagnostic, written by hand into one buffer per event (a serde
    /// serializer over `dyn Write` costs a virtual call per token), byte for byte what
    /// serde_json writes for the same fields: `file`, `line`, `index`, `pointer`, `code`,
    /// `severity`, `category`, `message`, then `help`, `schema_path` and `schema_version`
    /// when present.
    fn item(&mut self, out: &mut dyn Write, item: &Item) -> Result<()> {
        if item.report.diagnostics.is_empty() {
            return Ok(());
        }
        self.buf.clear();
        write_item(item, &mut self.buf);
        out.write_all(&self.buf)?;
        Ok(())
    }

    fn prerender(&self) -> Option<super::super::pipeline::Prerender> {
        Some(write_item)
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
            codes: s.by_code.sorted(),
            baseline: s.baseline,
        };
        serde_json::to_writer(&mut *out, &serde_json::json!({ "summary": body }))?;
        out.write_all(b"\n")?;
        Ok(())
    }
}

/// The lines of one event's diagnostics, appended to `buf`.
///
/// What every line of the event shares (the file, the index) is escaped once per event, not
/// once per diagnostic; the code, severity, category and schema version are the library's
/// own ASCII names and are copied as they are (checked in debug builds).
fn write_item(item: &Item, buf: &mut Vec<u8>) {
    let Some(first) = item.report.diagnostics.first() else {
        return;
    };
    // `{"file":"…"` starts each line, then `,"line":N` (not for a table's row), then `tail`.
    let head_start = buf.len();
    buf.extend_from_slice(b"{\"file\":");
    string(buf, &item.file);
    let head = head_start..buf.len();
    // `,"row":N` for a table's row, `,"index":N,"pointer":`.
    let mut tail = Vec::with_capacity(40);
    if let Some(row) = item.row {
        tail.extend_from_slice(b",\"row\":");
        number(&mut tail, row);
    }
    tail.extend_from_slice(b",\"index\":");
    number(&mut tail, item.index);
    tail.extend_from_slice(b",\"pointer\":");
    let mut d = first;
    let mut rest = item.report.diagnostics[1..].iter();
    loop {
        if item.row.is_none() {
            buf.extend_from_slice(b",\"line\":");
            number(buf, item.line_of(d));
        }
        buf.extend_from_slice(&tail);
        string(buf, &d.pointer);
        buf.extend_from_slice(b",\"code\":\"");
        ascii(buf, d.code);
        buf.extend_from_slice(b"\",\"severity\":\"");
        ascii(buf, d.severity.as_str());
        buf.extend_from_slice(b"\",\"category\":\"");
        ascii(buf, d.category.as_str());
        buf.extend_from_slice(b"\",\"message\":");
        string(buf, &d.message);
        if let Some(help) = &d.help {
            buf.extend_from_slice(b",\"help\":");
            string(buf, help);
        }
        if let Some(path) = &d.schema_path {
            buf.extend_from_slice(b",\"schema_path\":");
            string(buf, path);
        }
        if let Some(version) = d.schema_version {
            buf.extend_from_slice(b",\"schema_version\":\"");
            ascii(buf, version);
            buf.push(b'"');
        }
        buf.extend_from_slice(b"}\n");
        match rest.next() {
            Some(next) => {
                d = next;
                buf.extend_from_within(head.clone());
            }
            None => break,
        }
    }
}

/// A string that JSON needs no escape for (the library's codes, severities, categories and
/// version numbers), without its quotes.
fn ascii(buf: &mut Vec<u8>, s: &str) {
    debug_assert!(first_to_escape(s.as_bytes()).is_none(), "{s:?}");
    buf.extend_from_slice(s.as_bytes());
}

/// A decimal number, as serde_json writes it (with the same `itoa`).
fn number(buf: &mut Vec<u8>, n: usize) {
    buf.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// A JSON string, escaped as serde_json escapes it: the quote, the backslash and control
/// characters (a short form such as `\n` where JSON has one, `\u00XX` otherwise); nothing else.
/// The runs between escapes are found eight bytes at a time and copied whole (messages quote
/// values, so escapes are common there).
fn string(buf: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    buf.reserve(bytes.len() + 2);
    buf.push(b'"');
    let mut start = 0;
    while let Some(offset) = first_to_escape(&bytes[start..]) {
        let i = start + offset;
        buf.extend_from_slice(&bytes[start..i]);
        let b = bytes[i];
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            b'\n' => b'n',
            b'\t' => b't',
            b'\r' => b'r',
            0x08 => b'b',
            0x0c => b'f',
            _ => 0,
        };
        if short == 0 {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            buf.extend_from_slice(b"\\u00");
            buf.push(HEX[usize::from(b >> 4)]);
            buf.push(HEX[usize::from(b & 0xf)]);
        } else {
            buf.push(b'\\');
            buf.push(short);
        }
        start = i + 1;
    }
    buf.extend_from_slice(&bytes[start..]);
    buf.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every char that JSON escapes, and some it does not, against serde_json.
    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("é€😀\u{7f}/");
        for s in [all.as_str(), "", "plain", "a\"b\\c", "\u{1}\u{1f}"] {
            let mut buf = Vec::new();
            string(&mut buf, s);
            assert_eq!(
                String::from_utf8(buf).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
    }

    #[test]
    fn numbers_are_written_as_serde_json_writes_them() {
        for n in [0usize, 7, 10, 99, 1234567890, usize::MAX] {
            let mut buf = Vec::new();
            number(&mut buf, n);
            assert_eq!(
                String::from_utf8(buf).unwrap(),
                serde_json::to_string(&n).unwrap()
            );
        }
    }
}
