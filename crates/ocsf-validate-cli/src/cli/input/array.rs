//! A JSON array larger than the event bound, or a sequence of JSON values, cut into its
//! elements as it streams. Only the array's own syntax is checked here (brackets, commas,
//! strings, so that a `,` inside a string or a nested value does not cut); each element is
//! handed to the validator as it is, which judges it as any event. An element past the bound
//! is skipped without being kept, and nesting costs a counter, not a stack.
//!
//! A sequence is JSON values one after the other, with or without blanks between them: what
//! `jq` writes (pretty-printed), what log shippers that concatenate records write, and JSON
//! lines in a file named `.json`. A value ends where its object, array or string closes, or
//! (a number or a literal, which no event is) at a blank or the start of the next value.

use std::io::{self, BufRead};

use super::{Batch, EventRef, Extent, BLOCK_BYTES};

/// What the splitter reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// `[` elements separated by `,` `]`.
    Array,
    /// JSON values one after the other.
    Sequence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the `[`.
    Start,
    /// After `[` (`first`) or a `,`: blanks, then an element (or `]` right after `[`).
    Before { first: bool },
    /// Inside an element.
    Inside,
    /// After the closing `]`: only blanks may follow.
    After,
}

/// The element being read.
#[derive(Debug)]
struct Element {
    line: usize,
    /// 1-based column of its first byte (counted in bytes: what precedes an element on its
    /// line is `[`, `,` and blanks, all ASCII, in all but odd documents).
    column: usize,
    /// Where it starts in the batch's buffer.
    start: usize,
    /// Its bytes so far, and its length without trailing blanks.
    extent: Extent,
    /// Past the bound: no longer kept.
    skipped: bool,
}

struct Splitter<'e> {
    file: usize,
    max: usize,
    shape: Shape,
    emit: &'e mut dyn FnMut(Batch) -> io::Result<()>,
    batch: Batch,
    index: usize,
    line: usize,
    column: usize,
    state: State,
    depth: u64,
    in_string: bool,
    escaped: bool,
    element: Option<Element>,
}

/// Reads `reader` (positioned at the start of the document, on line `first_line`) as a JSON
/// array of events or a sequence of them.
pub(super) fn split(
    mut reader: impl BufRead,
    file: usize,
    first_line: usize,
    max: usize,
    shape: Shape,
    emit: &mut dyn FnMut(Batch) -> io::Result<()>,
) -> io::Result<()> {
    let mut s = Splitter {
        file,
        max,
        shape,
        emit,
        batch: Batch {
            file,
            ..Batch::default()
        },
        index: 0,
        line: first_line,
        column: 0,
        state: match shape {
            Shape::Array => State::Start,
            Shape::Sequence => State::Before { first: true },
        },
        depth: 0,
        in_string: false,
        escaped: false,
        element: None,
    };
    loop {
        let buf = super::fill(&mut reader)?;
        if buf.is_empty() {
            break;
        }
        let n = buf.len();
        if let Err(e) = s.chunk(buf) {
            // The events before the break are still reported.
            s.flush()?;
            return Err(e);
        }
        reader.consume(n);
    }
    if s.shape == Shape::Sequence {
        // A value cut off by the end of the input is still an event: the validator reports
        // where its JSON breaks off.
        s.finish()?;
    }
    s.flush()?;
    match (s.shape, s.state) {
        (Shape::Sequence, _) | (Shape::Array, State::After) => Ok(()),
        _ => Err(s.error("the array is not closed at the end of the input")),
    }
}

impl Splitter<'_> {
    fn error(&self, what: &str) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "not a JSON array of events: {what} (line {}, column {})",
                self.line, self.column
            ),
        )
    }

    fn chunk(&mut self, buf: &[u8]) -> io::Result<()> {
        // Where the current element's bytes start in `buf`, copied at its end or the chunk's.
        let mut from = self.element.as_ref().map(|_| 0);
        for (i, &b) in buf.iter().enumerate() {
            if b == b'\n' {
                self.line += 1;
                self.column = 0;
            } else {
                self.column += 1;
            }
            match self.state {
                State::Inside => {
                    if self.in_string {
                        if self.escaped {
                            self.escaped = false;
                        } else if b == b'\\' {
                            self.escaped = true;
                        } else if b == b'"' {
                            self.in_string = false;
                            if self.shape == Shape::Sequence && self.depth == 0 {
                                self.keep(&buf[from.take().unwrap_or(i)..=i]);
                                self.finish()?;
                                self.state = State::Before { first: false };
                            }
                        }
                        continue;
                    }
                    if self.shape == Shape::Sequence {
                        match b {
                            b'"' if self.depth > 0 => self.in_string = true,
                            b'[' | b'{' if self.depth > 0 => self.depth += 1,
                            b']' | b'}' if self.depth > 1 => self.depth -= 1,
                            b']' | b'}' if self.depth == 1 => {
                                self.keep(&buf[from.take().unwrap_or(i)..=i]);
                                self.finish()?;
                                self.state = State::Before { first: false };
                            }
                            // A number or a literal ends at a blank or where a value starts.
                            b'"' | b'[' | b'{' | b' ' | b'\t' | b'\n' | b'\r' | 0x0c
                                if self.depth == 0 =>
                            {
                                self.keep(&buf[from.take().unwrap_or(i)..i]);
                                self.finish()?;
                                self.state = State::Before { first: false };
                                if !b.is_ascii_whitespace() {
                                    from = Some(i);
                                    self.begin(b);
                                }
                            }
                            _ => {}
                        }
                        continue;
                    }
                    match b {
                        b'"' => self.in_string = true,
                        b'[' | b'{' => self.depth += 1,
                        b']' | b'}' if self.depth > 0 => self.depth -= 1,
                        b',' | b']' if self.depth == 0 => {
                            self.keep(&buf[from.take().unwrap_or(i)..i]);
                            self.finish()?;
                            self.state = if b == b',' {
                                State::Before { first: false }
                            } else {
                                State::After
                            };
                        }
                        _ => {}
                    }
                }
                _ if b.is_ascii_whitespace() => {}
                State::Start if b == b'[' => self.state = State::Before { first: true },
                State::Start => return Err(self.error("expected `[`")),
                State::Before { first: true } if b == b']' && self.shape == Shape::Array => {
                    self.state = State::After
                }
                State::Before { .. } if (b == b',' || b == b']') && self.shape == Shape::Array => {
                    return Err(self.error("expected a value"))
                }
                State::Before { .. } => {
                    from = Some(i);
                    self.begin(b);
                }
                State::After => return Err(self.error("trailing characters after the array")),
            }
        }
        if let Some(f) = from {
            self.keep(&buf[f..]);
        }
        Ok(())
    }

    /// Starts an element at byte `b`, which the caller keeps from.
    fn begin(&mut self, b: u8) {
        self.element = Some(Element {
            line: self.line,
            column: self.column,
            start: self.batch.data.len(),
            extent: Extent::default(),
            skipped: false,
        });
        self.state = State::Inside;
        match b {
            b'"' => self.in_string = true,
            b'[' | b'{' => self.depth = 1,
            _ => {}
        }
    }

    /// Appends bytes of the current element, or forgets them once it is past the bound.
    fn keep(&mut self, bytes: &[u8]) {
        let Some(e) = self.element.as_mut() else {
            return;
        };
        e.extent.feed(bytes);
        if e.skipped {
            return;
        }
        if e.extent.len() > self.max as u64 {
            e.skipped = true;
            self.batch.data.truncate(e.start);
        } else {
            self.batch.data.extend_from_slice(bytes);
        }
    }

    fn finish(&mut self) -> io::Result<()> {
        let Some(e) = self.element.take() else {
            return Ok(());
        };
        let len = e.extent.len();
        let event = if e.skipped {
            EventRef {
                line: e.line,
                column: e.column,
                index: self.index,
                range: 0..0,
                too_large: Some(len),
            }
        } else {
            // Trailing blanks are not the element's.
            let end = e.start + len as usize;
            self.batch.data.truncate(end);
            EventRef {
                line: e.line,
                column: e.column,
                index: self.index,
                range: e.start..end,
                too_large: None,
            }
        };
        self.index += 1;
        self.depth = 0;
        self.batch.events.push(event);
        if self.batch.data.len() >= BLOCK_BYTES || self.batch.events.len() >= BLOCK_BYTES / 64 {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.batch.events.is_empty() {
            return Ok(());
        }
        let full = std::mem::replace(
            &mut self.batch,
            Batch {
                file: self.file,
                data: Vec::with_capacity(BLOCK_BYTES),
                events: Vec::new(),
                rows: false,
                fill: None,
            },
        );
        (self.emit)(full)
    }
}
