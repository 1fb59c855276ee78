//! What the human format shows of an event: the line of the offending member with a caret
//! under it (rustc and ruff style), and the offending value whole in the message when it may
//! be shown. A value is shown only when it is not personal data by its attribute (the
//! `ocsf-pii` classification, at the `--pii-policy` level, `default` when off), no detector of
//! `ocsf-detect` finds anything in it, its attribute or key is not named like a secret, and no
//! personal-data or secret diagnostic of the event points at it or above it; `--mask-values`
//! shows none. Everything else is shown as `«N chars»`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;

use ocsf_schema::{Class, Object, Schema};
use ocsf_validate::pii::PiiLevel;
use ocsf_validate::{Category, Diagnostic, Report};

use super::super::locate::{self, Found, Kind, Step};
use super::{Item, Options, Place};
use crate::cli::json_text::printable_ascii;

/// Widest excerpt line, in characters; longer lines (an event per line) are cut around the
/// caret.
const WIDTH: usize = 100;
/// Characters kept before the caret when a line is cut.
const LEAD: usize = 24;
/// Bytes read before and after the caret on a long line: enough for the characters shown
/// (masked values show fewer characters than they have bytes).
const READ_BEFORE: usize = 2 * LEAD;
const READ_AFTER: usize = 2 * WIDTH;
/// Longest value put whole into a message.
const MAX_SHOWN: usize = 256;

/// Which scalar values of one event may be shown, by the offset where each starts.
#[derive(Debug, Default)]
pub struct Shown {
    /// `(offset, shown)`, in the order of the offsets (values are visited in document order).
    values: Vec<(usize, bool)>,
    /// Offsets where a member name or a value starts, in order: places outside any string,
    /// where a long line can be read from.
    starts: Vec<usize>,
}

impl Shown {
    fn push_start(&mut self, found: &Found) {
        if let Some(k) = &found.key {
            self.starts.push(k.start);
        }
        self.starts.push(found.value.start);
    }

    /// The last start at or before `offset` and not before `floor`.
    fn start_before(&self, offset: usize, floor: usize) -> usize {
        let i = self.starts.partition_point(|&s| s <= offset);
        i.checked_sub(1)
            .map(|i| self.starts[i])
            .filter(|&s| s >= floor)
            .unwrap_or(floor)
    }

    /// The first start at or after `offset`, if before `ceiling`.
    fn start_after(&self, offset: usize, ceiling: usize) -> usize {
        let i = self.starts.partition_point(|&s| s < offset);
        self.starts
            .get(i)
            .copied()
            .filter(|&s| s < ceiling)
            .unwrap_or(ceiling)
    }

    /// Unknown offsets (past the point where the bytes stop being JSON) are masked.
    fn at(&self, offset: usize) -> bool {
        self.values
            .binary_search_by_key(&offset, |&(at, _)| at)
            .is_ok_and(|i| self.values[i].1)
    }

    /// What may be shown of the values of `event` that overlap the excerpts of `places` (or,
    /// without excerpts, that the diagnostics name): only those are read by the detectors.
    /// `class_uid` is where the event's `/class_uid` is, if it has one.
    pub fn of_event(
        event: &[u8],
        report: &Report,
        places: &[Place],
        class_uid: Option<Found>,
        opts: &Options,
    ) -> Shown {
        let mut shown = Shown::default();
        let mut wanted: Vec<std::ops::Range<usize>> = places
            .iter()
            .filter_map(|p| p.found.as_ref())
            .map(|f| {
                let from = f.key.as_ref().map_or(f.value.start, |k| k.start);
                if opts.source {
                    from.saturating_sub(READ_BEFORE)..f.value.end.max(from) + READ_AFTER
                } else {
                    f.value.clone()
                }
            })
            .collect();
        // A parse error's excerpt may be anywhere in the (broken) event.
        let everything = places
            .iter()
            .any(|p| p.found.is_none() && p.column.is_some());
        // The windows sorted and merged where they overlap or touch: the scalars are visited
        // in document order, disjoint and not empty, so one cursor finds the window a scalar
        // may overlap (a search of every window per value was a fiftieth of the format's
        // time). The windows are not empty either (a value's range has at least a byte).
        wanted.sort_unstable_by_key(|w| w.start);
        let mut merged: Vec<std::ops::Range<usize>> = Vec::with_capacity(wanted.len());
        for w in wanted {
            match merged.last_mut() {
                Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
                _ => merged.push(w),
            }
        }
        let mut cursor = 0;
        let mut wanted_at = |r: &std::ops::Range<usize>| {
            while merged.get(cursor).is_some_and(|w| w.end <= r.start) {
                cursor += 1;
            }
            everything || merged.get(cursor).is_some_and(|w| w.start < r.end)
        };
        if opts.mask_values {
            locate::visit(event, &mut |_, found| {
                shown.push_start(found);
                true
            });
            return shown;
        }
        let strict = opts.pii_level == PiiLevel::Strict;
        let schema = report.schema_version.and_then(ocsf_schema::by_version);
        let class = schema
            .zip(class_uid)
            .and_then(|(s, f)| class_of(s, event, f));
        let flagged: Vec<&str> = report
            .diagnostics
            .iter()
            .filter(|d| matches!(d.category, Category::Pii | Category::Secret))
            .map(|d| d.pointer.as_str())
            .collect();
        let track = !flagged.is_empty();
        let mut found_text = Vec::new();
        // What is known of each value on the current path (the object that holds it, whether
        // it is masked), computed from its parent's, and only on the path to a value that is
        // shown: `None` until then.
        let mut stack: Vec<Option<Frame>> = Vec::new();
        let root = Frame {
            owner: class.map_or(Owner::Unknown, Owner::Class),
            masked: flagged.contains(&""),
            pointer: String::new(),
        };
        locate::visit(event, &mut |path, found| {
            shown.push_start(found);
            stack.truncate(path.len());
            stack.push(None);
            let wanted = found.kind.is_scalar() && wanted_at(&found.value);
            if !wanted {
                return true;
            }
            for depth in 0..stack.len() {
                if stack[depth].is_some() {
                    continue;
                }
                let frame = match depth.checked_sub(1) {
                    None => root.clone(),
                    Some(up) => {
                        let parent = stack[up].as_ref().expect("computed above");
                        let step = &path[up];
                        let mut pointer = String::with_capacity(parent.pointer.len() + 24);
                        if track {
                            pointer.push_str(&parent.pointer);
                            pointer.push('/');
                            match step {
                                Step::Key(k) => {
                                    ocsf_validate::escape_pointer_token(k, &mut pointer)
                                }
                                Step::Index(i) => {
                                    let _ = write!(pointer, "{i}");
                                }
                            }
                        }
                        let mut frame = Frame {
                            owner: parent.owner,
                            masked: parent.masked || (track && flagged.contains(&pointer.as_str())),
                            pointer,
                        };
                        if let Step::Key(name) = step {
                            let (personal, owner) = attribute(schema, parent.owner, name, strict);
                            frame.masked |= personal;
                            frame.owner = owner;
                        }
                        frame
                    }
                };
                stack[depth] = Some(frame);
            }
            let frame = stack
                .last()
                .and_then(Option::as_ref)
                .expect("computed above");
            {
                let show = !frame.masked
                    && match found.kind {
                        Kind::String => locate::string_at(event, found.value.clone())
                            .is_some_and(|s| clean(&s, strict, &mut found_text)),
                        Kind::Number => std::str::from_utf8(&event[found.value.clone()])
                            .is_ok_and(|s| clean(s, strict, &mut found_text)),
                        _ => true,
                    };
                shown.values.push((found.value.start, show));
            }
            true
        });
        shown
    }
}

/// What holds a value: a class, an object, or nothing the schema knows (`unmapped`, `json_t`).
#[derive(Debug, Clone, Copy)]
enum Owner {
    Class(&'static Class),
    Object(&'static Object),
    Unknown,
}

impl Owner {
    /// Tells owners apart: the address of their table (classes and objects are statics).
    fn addr(self) -> usize {
        match self {
            Owner::Class(c) => c as *const Class as usize,
            Owner::Object(o) => o as *const Object as usize | 1,
            Owner::Unknown => 0,
        }
    }
}

#[derive(Debug, Clone)]
struct Frame {
    owner: Owner,
    /// This value or one above it is personal data or a secret.
    masked: bool,
    /// Its pointer, built only when some diagnostic of the event is about personal data.
    pointer: String,
}

/// No detector finds anything in `text`.
fn clean(text: &str, strict: bool, scratch: &mut Vec<ocsf_detect::Finding>) -> bool {
    scratch.clear();
    let opts = ocsf_detect::Options {
        strict,
        secrets_only: false,
        skip_numeric: false,
    };
    ocsf_detect::detect_into(text, opts, scratch);
    scratch.is_empty()
}

/// The class whose `class_uid` is the value `found` in `event`.
fn class_of(schema: &'static Schema, event: &[u8], found: Found) -> Option<&'static Class> {
    let text = match found.kind {
        Kind::Number => Cow::Borrowed(std::str::from_utf8(&event[found.value]).ok()?),
        Kind::String => locate::string_at(event, found.value)?,
        _ => return None,
    };
    schema.class_by_uid(text.trim().parse().ok()?)
}

/// Whether the member `name` of `owner` holds personal data or a secret, and what holds the
/// values inside it: by the classification of the attribute in its object where the schema
/// resolves it, by every classification of the name where it does not (under `unmapped` and
/// other `json_t` values), or by a name that says secret. The answers are kept per thread (the
/// same members come back in every event; reading the classification table and the secret
/// vocabulary costs more than the rest of an excerpt).
fn attribute(
    schema: Option<&'static Schema>,
    owner: Owner,
    name: &str,
    strict: bool,
) -> (bool, Owner) {
    use std::cell::RefCell;

    /// Past this many answers a thread starts over.
    const KEPT: usize = 8192;
    // By owner, then by name: a name is looked up as it is, copied only when it is kept.
    type Answers = HashMap<(usize, usize, bool), HashMap<Box<str>, (bool, Owner)>>;
    thread_local! {
        static ANSWERS: RefCell<(usize, Answers)> = RefCell::new((0, HashMap::new()));
    }
    let owner_key = (
        schema.map_or(0, |s| s as *const Schema as usize),
        owner.addr(),
        strict,
    );
    let known = ANSWERS.with(|a| {
        let a = a.borrow();
        a.1.get(&owner_key)
            .and_then(|names| names.get(name))
            .copied()
    });
    if let Some(known) = known {
        return known;
    }
    let counts = |c: ocsf_pii::Classification| strict || !c.strict_only;
    let attr = match owner {
        Owner::Class(c) => c.attribute(name),
        Owner::Object(o) => o.attribute(name),
        Owner::Unknown => None,
    };
    let classified = match (owner, attr) {
        (Owner::Class(_), Some(_)) => ocsf_pii::classify(None, name).is_some_and(counts),
        (Owner::Object(o), Some(_)) => ocsf_pii::classify(Some(o.name), name).is_some_and(counts),
        _ => ocsf_pii::entries().any(|c| c.attribute == name && counts(c)),
    };
    let inner = match (schema, attr) {
        (Some(s), Some(a)) => s.object_of(a).map_or(Owner::Unknown, Owner::Object),
        _ => Owner::Unknown,
    };
    let answer = (classified || ocsf_detect::is_secret_key(name), inner);
    ANSWERS.with(|a| {
        let (kept, answers) = &mut *a.borrow_mut();
        if *kept >= KEPT {
            answers.clear();
            *kept = 0;
        }
        *kept += 1;
        answers
            .entry(owner_key)
            .or_default()
            .insert(name.into(), answer);
    });
    answer
}

/// The message of a schema diagnostic with the value it quotes shown whole, where it may be:
/// the library quotes values by their first characters and length only.
pub fn message<'d>(
    d: &'d Diagnostic,
    event: &[u8],
    found: Option<&Found>,
    shown: &Shown,
) -> Cow<'d, str> {
    let Some(found) = found.filter(|f| f.kind == Kind::String) else {
        return Cow::Borrowed(&d.message);
    };
    if d.category != Category::Schema || !shown.at(found.value.start) {
        return Cow::Borrowed(&d.message);
    }
    // A character takes at most 12 bytes escaped (a surrogate pair): a longer value is not
    // shown whole, and is not decoded to find that out.
    if found.value.len() > 12 * MAX_SHOWN + 2 {
        return Cow::Borrowed(&d.message);
    }
    let Some(value) = locate::string_at(event, found.value.clone()) else {
        return Cow::Borrowed(&d.message);
    };
    let quoted = ocsf_validate::excerpt(&value);
    if value.chars().count() > MAX_SHOWN || !d.message.contains(&quoted) {
        return Cow::Borrowed(&d.message);
    }
    let whole = serde_json::to_string(&*value).unwrap_or_default();
    Cow::Owned(d.message.replacen(&quoted, &whole, 1))
}

/// Where the lines of an event start and end, found once per event: an event of one long line
/// with many findings was searched for its line's ends once per finding.
pub struct Lines {
    newlines: Vec<usize>,
    len: usize,
}

impl Lines {
    pub fn of(event: &[u8]) -> Lines {
        Lines {
            newlines: memchr::memchr_iter(b'\n', event).collect(),
            len: event.len(),
        }
    }

    /// The start of the line holding byte `at`, and its end (its newline, or the event's end).
    fn around(&self, at: usize) -> (usize, usize) {
        let after = self.newlines.partition_point(|&n| n < at);
        let start = after.checked_sub(1).map_or(0, |i| self.newlines[i] + 1);
        let end = self.newlines.get(after).copied().unwrap_or(self.len);
        (start, end)
    }
}

/// The excerpt under a diagnostic: the line it points at, with a gutter and carets; empty
/// for the whole event.
pub fn excerpt(
    item: &Item,
    event: &[u8],
    lines: &Lines,
    place: &Place,
    shown: &Shown,
    color: bool,
    caret_color: &str,
) -> String {
    // The span to underline, in the event's bytes.
    let (start, end) = match (&place.found, place.column) {
        (Some(f), _) => {
            if f.key.is_none() && f.value.start == 0 {
                return String::new();
            }
            match (&f.key, f.kind.is_scalar()) {
                (Some(k), true) => (k.start, f.value.end),
                (Some(k), false) => (k.start, k.end),
                (None, true) => (f.value.start, f.value.end),
                (None, false) => (f.value.start, f.value.start + 1),
            }
        }
        (None, Some(column)) => {
            // A parse error: its line and column are known, the offset is found from them.
            match offset_of(item, event, place.line, column) {
                // The end of an event that ends with a newline: the empty line after it.
                Some(o) if o >= event.len() => {
                    return empty_line(&place.line.to_string(), color, caret_color)
                }
                Some(o) => (o, (o + 1).min(event.len())),
                None => return String::new(),
            }
        }
        (None, None) => return String::new(),
    };
    let (line_start, line_end) = lines.around(start);
    let end = end.min(line_end).max(start + 1);
    // A long line (an event per line) is read only around the caret, from and to places
    // outside any string.
    let from_byte = shown.start_before(start.saturating_sub(READ_BEFORE), line_start);
    let to_byte = shown.start_after(end + READ_AFTER, line_end);
    let (text, marks) = display(event, from_byte..to_byte, shown, &[start, end]);
    let pad = if line_start == 0 { item.column - 1 } else { 0 };
    let text: String = " ".repeat(pad) + &text;
    let (mut from, mut to) = (marks[0] + pad, marks[1].max(marks[0] + 1) + pad);
    let trimmed = text.trim_end();
    // Columns count characters. In ASCII text (nearly every excerpt) they are bytes, and the
    // line is cut without decoding it into characters (which was most of an excerpt's time).
    let ascii = trimmed.is_ascii();
    let len = if ascii {
        trimmed.len()
    } else {
        trimmed.chars().count()
    };
    let byte_at = |column: usize| {
        if ascii {
            column
        } else {
            (trimmed.char_indices().nth(column)).map_or(trimmed.len(), |(i, _)| i)
        }
    };
    let ws = if len > WIDTH {
        from.saturating_sub(LEAD).min(len - WIDTH)
    } else {
        0
    };
    let we = (ws + WIDTH).min(len);
    let mut shown_text = String::with_capacity(4 * WIDTH + 8);
    let cut_left = ws > 0 || from_byte > line_start;
    if cut_left {
        shown_text.push('…');
    }
    shown_text.push_str(&trimmed[byte_at(ws)..byte_at(we)]);
    if we < len || to_byte < line_end {
        shown_text.push('…');
    }
    let shift = usize::from(cut_left);
    from = from - ws + shift;
    to = to.min(we) - ws + shift;
    let number = place.line.to_string();
    let gutter = " ".repeat(number.len());
    let bar = paint(color, "1;34", "|");
    let mut out = String::with_capacity(shown_text.len() + 4 * WIDTH);
    let _ = writeln!(out, "    {gutter} {bar}");
    let _ = writeln!(
        out,
        "    {} {bar} {}",
        paint(color, "1;34", &number),
        shown_text
    );
    let carets = "^".repeat(to.saturating_sub(from).max(1));
    let _ = writeln!(
        out,
        "    {gutter} {bar} {}{}",
        " ".repeat(from),
        paint(color, caret_color, &carets)
    );
    out
}

/// `text` in the ANSI color `code` when `color`, else as it is (not copied: most output is
/// not to a terminal, and each line has several painted parts).
pub fn paint<'t>(color: bool, code: &str, text: &'t str) -> Cow<'t, str> {
    if color {
        Cow::Owned(format!("\x1b[{code}m{text}\x1b[0m"))
    } else {
        Cow::Borrowed(text)
    }
}

/// `bytes` as text, each byte that is no UTF-8 replaced: valid text (nearly all) is checked a
/// word at a time by `from_utf8`, where `from_utf8_lossy` reads it byte by byte.
fn lossy(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// The excerpt of an empty line `number`, the caret at its start.
fn empty_line(number: &str, color: bool, caret_color: &str) -> String {
    let gutter = " ".repeat(number.len());
    let bar = paint(color, "1;34", "|");
    let mut out = String::new();
    let _ = writeln!(out, "    {gutter} {bar}");
    let _ = writeln!(out, "    {} {bar} ", paint(color, "1;34", number));
    let _ = writeln!(out, "    {gutter} {bar} {}", paint(color, caret_color, "^"));
    out
}

/// The byte offset in the event of a 1-based line and column of the file: the event's length
/// for the start of the empty line after a final newline, else within the event.
fn offset_of(item: &Item, event: &[u8], line: usize, column: usize) -> Option<usize> {
    let nth = line.checked_sub(item.line)?;
    let mut start = 0;
    for _ in 0..nth {
        start += memchr::memchr(b'\n', event.get(start..)?)? + 1;
    }
    let column = if nth == 0 {
        column.checked_sub(item.column - 1)?
    } else {
        column
    };
    let text = String::from_utf8_lossy(&event[start..]);
    let in_line: usize = text
        .chars()
        .take(column.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    if start == event.len() && event.ends_with(b"\n") {
        return Some(start);
    }
    Some((start + in_line).min(event.len().saturating_sub(1)))
}

/// A line of the event as shown: masked values replaced, tabs as spaces, control characters
/// as `�`. Returns the text and the character column of each of `marks` (byte offsets).
fn display(
    event: &[u8],
    line: std::ops::Range<usize>,
    shown: &Shown,
    marks: &[usize],
) -> (String, Vec<usize>) {
    // Most of the line's bytes are shown as they are.
    let mut text = String::with_capacity(line.len() + 16);
    let mut cols = vec![usize::MAX; marks.len()];
    let mut width = 0usize;
    // The marks at `offsets` not placed yet land at `width`.
    let mark = |offsets: std::ops::Range<usize>, width: usize, cols: &mut Vec<usize>| {
        for (i, m) in marks.iter().enumerate() {
            if offsets.contains(m) && cols[i] == usize::MAX {
                cols[i] = width;
            }
        }
    };
    let b = &event[line.clone()];
    let mut i = 0;
    while i < b.len() {
        let at = line.start + i;
        mark(at..at + 1, width, &mut cols);
        let c = b[i];
        if c == b'"' {
            // A string: a member name when a `:` follows, a value otherwise.
            let mut j = i + 1;
            while let Some(k) = memchr::memchr2(b'"', b'\\', &b[j..]) {
                j += k;
                if b[j] == b'"' {
                    break;
                }
                j += 2;
                if j >= b.len() {
                    break;
                }
            }
            // No closing quote: the token runs to the end of the line read.
            if j >= b.len() || b[j] != b'"' {
                j = b.len();
            }
            let end = (j + 1).min(b.len());
            let rest = &b[end..];
            let is_key = rest.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b':');
            let raw = lossy(&b[i..end]);
            if is_key || shown.at(at) {
                push_clean(&mut text, &mut width, &raw);
            } else {
                let n = locate::string_at(event, at..line.start + end)
                    .map_or(raw.chars().count().saturating_sub(2), |s| s.chars().count());
                push_clean(&mut text, &mut width, &format!("«{n} chars»"));
            }
            // Marks inside the token land on its end.
            mark(at + 1..line.start + end, width, &mut cols);
            i = end;
        } else if c == b'-' || c.is_ascii_digit() {
            let mut j = i;
            while j < b.len() && (b[j].is_ascii_digit() || b"-+.eE".contains(&b[j])) {
                j += 1;
            }
            if shown.at(at) {
                push_clean(&mut text, &mut width, &lossy(&b[i..j]));
            } else {
                push_clean(&mut text, &mut width, "«number»");
            }
            mark(at + 1..line.start + j, width, &mut cols);
            i = j;
        } else if (0x20..0x7f).contains(&c) {
            // Punctuation and blanks between tokens: a byte each.
            text.push(char::from(c));
            width += 1;
            i += 1;
        } else {
            let len = utf8_len(c).min(b.len() - i);
            push_clean(
                &mut text,
                &mut width,
                &String::from_utf8_lossy(&b[i..i + len]),
            );
            i += len;
        }
    }
    mark(line.end..line.end + 1, width, &mut cols);
    let cols = cols
        .into_iter()
        .map(|c| if c == usize::MAX { width } else { c })
        .collect();
    (text, cols)
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

fn push_clean(text: &mut String, width: &mut usize, s: &str) {
    // Nearly every token: printable ASCII, copied whole.
    if printable_ascii(s.as_bytes()) {
        text.push_str(s);
        *width += s.len();
        return;
    }
    for c in s.chars() {
        let c = match c {
            '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        };
        text.push(c);
        *width += 1;
    }
}
