//! `--redact`: events are written back in their input format with findings replaced.

use std::fs::File;
use std::io::{self, BufRead, BufWriter, IsTerminal, Read, Write};
use std::path::Path;

use anyhow::{Context, Result};
use ocsf_validate::pii::redactor::Redactor;
use ocsf_validate::pii::PiiLevel;
use ocsf_validate::Policy;

use super::args::Args;
use super::input::{self, Layout, Source};

/// The source a path names: stdin for `-`.
pub(super) fn source(path: &Path) -> Source {
    if path == Path::new("-") {
        Source::Stdin
    } else {
        Source::File {
            path: path.to_path_buf(),
            display: path.display().to_string(),
        }
    }
}

/// A file (decompressed when it ends in `.gz`), or stdin for `-`, to read from, and the layout
/// its name says.
fn open(path: &Path) -> Result<(Box<dyn BufRead + Send>, Layout)> {
    input::open(&source(path))
}

/// The rest of `reader` as text.
pub(super) fn read_rest(path: &Path, mut reader: impl Read) -> Result<String> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    String::from_utf8(bytes).with_context(|| format!("{} is not UTF-8", path.display()))
}

/// Whether the input is JSON lines that can be redacted line by line as it is read: its name
/// says so, or (stdin, another name) the validator's sniffing says so. Anything else is read
/// whole and decided by [`is_lines`].
pub(super) fn streams_as_lines(
    path: &Path,
    layout: Layout,
    reader: &mut Box<dyn BufRead + Send>,
) -> Result<bool> {
    Ok(match layout {
        Layout::Sniff => {
            input::sniff(reader).with_context(|| format!("cannot read {}", path.display()))?
                == Layout::Lines
        }
        layout => layout == Layout::Lines,
    })
}

/// Redacts JSON lines as they are read, each line within `max` bytes: memory is bounded by
/// the longest line, not by the input. A longer line, or one that is not UTF-8, stops the
/// input there with an error naming the line (nothing of it is written: it might hold a
/// secret that could not be redacted).
fn redact_lines(
    r: &Redactor,
    path: &Path,
    mut reader: Box<dyn BufRead + Send>,
    max: usize,
    out: &mut dyn Write,
    tally: &mut Tally,
) -> Result<()> {
    let consequence = "it is not redacted, and nothing from it on is written";
    for_each_line(
        path,
        reader.as_mut(),
        max,
        consequence,
        out,
        |number, line, out| {
            let body = line.trim_end_matches(['\n', '\r']);
            if body.trim().is_empty() {
                out.write_all(line.as_bytes())?;
                return Ok(());
            }
            let new = tally.redact(r, body, || format!("{}:{number}", path.display()));
            out.write_all(new.as_bytes())?;
            out.write_all(&line.as_bytes()[body.len()..])?;
            Ok(())
        },
    )
}

/// JSON lines read one at a time to be written back (`--redact`, `--fix`): `each` gets the
/// line's number and text with its line end, and the output; a byte order mark before the
/// first line is written to `out` as it is. Memory is bounded by the longest line: a line
/// longer than `max` bytes, or not UTF-8, is an error naming it and saying `consequence`.
pub(super) fn for_each_line(
    path: &Path,
    reader: &mut dyn BufRead,
    max: usize,
    consequence: &str,
    out: &mut dyn Write,
    mut each: impl FnMut(usize, &str, &mut dyn Write) -> Result<()>,
) -> Result<()> {
    let mut bytes = Vec::new();
    for number in 1.. {
        bytes.clear();
        let read = reader
            .take(max as u64 + 2)
            .read_until(b'\n', &mut bytes)
            .with_context(|| format!("cannot read {} (line {number})", path.display()))?;
        if read == 0 {
            break;
        }
        let ends = bytes
            .iter()
            .rev()
            .take_while(|&&b| b == b'\n' || b == b'\r');
        if bytes.len() - ends.count() > max {
            anyhow::bail!(
                "{}: line {number} is longer than the bound of {max} bytes (--max-event-bytes): {consequence}",
                path.display()
            );
        }
        let mut line = std::str::from_utf8(&bytes).with_context(|| {
            format!(
                "{}: line {number} is not UTF-8: {consequence}",
                path.display()
            )
        })?;
        if number == 1 {
            let (mark, body) = split_byte_order_mark(line);
            out.write_all(mark.as_bytes())?;
            line = body;
        }
        each(number, line, out)?;
    }
    Ok(())
}

/// A UTF-8 byte order mark at the start of `text` (or `""`), and the text after it: the events
/// are read after it, and a file written back keeps it.
pub(super) fn split_byte_order_mark(text: &str) -> (&str, &str) {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    (&text[..text.len() - body.len()], body)
}

/// The file holds JSON lines, not a JSON document or a sequence of values.
pub(super) fn is_lines(path: &Path, text: &str) -> bool {
    // stdin or another name: decided as the validator decides (the first line is a whole
    // value), so that `jq`'s pretty output is a sequence here too.
    match input::layout_of(path) {
        Layout::Sniff => input::sniff_bytes(text.as_bytes()) == Layout::Lines,
        layout => layout == Layout::Lines,
    }
}

/// What a run redacted, and what it had to write as it was.
#[derive(Default)]
struct Tally {
    events: usize,
    values: usize,
    /// Text that is no event (not JSON, not an object, past a bound): written unchanged, since
    /// it cannot be redacted, and named at the end (the first few places).
    unredacted: usize,
    places: Vec<String>,
}

impl Tally {
    /// `text` with its findings replaced; unchanged, and noted at `place`, when it is no event.
    fn redact(&mut self, r: &Redactor, text: &str, place: impl FnOnce() -> String) -> String {
        match r.try_redact_event(text) {
            Some((new, n)) => {
                self.events += 1;
                self.values += n;
                new
            }
            None => {
                self.unredacted += 1;
                if self.places.len() < 5 {
                    self.places.push(place());
                }
                text.to_owned()
            }
        }
    }

    /// The closing line: `12 values redacted in 40 events`, and what was not redacted.
    fn summary(&self) -> String {
        let mut s = format!(
            "{} redacted in {}",
            super::render::plural(self.values, "value"),
            super::render::plural(self.events, "event")
        );
        if self.unredacted > 0 {
            let more = if self.unredacted > self.places.len() {
                ", ..."
            } else {
                ""
            };
            s.push_str(&format!(
                "; {} written as {} (not redacted: no JSON object within the bounds): {}{more}",
                super::render::plural(self.unredacted, "input"),
                if self.unredacted == 1 {
                    "it was"
                } else {
                    "they were"
                },
                self.places.join(", ")
            ));
        }
        s
    }
}

/// Redacts one JSON document: a single event, an array of events, or a sequence of values
/// (`jq`'s output, concatenated records), spliced value by value so that the layout between
/// them is kept. What follows the last value that parses is written as it was, and counted.
fn redact_json(r: &Redactor, path: &Path, text: &str, tally: &mut Tally) -> String {
    let (values, broken) = input::document_values(text);
    let array = text.trim_start().starts_with('[') && broken.is_none();
    // A single document is named by its file; an array's elements by index; a sequence's
    // values, and what follows them, by line.
    let single = values.len() + usize::from(broken.is_some()) == 1 && !array;
    let at_line = |at: usize| match single {
        true => path.display().to_string(),
        false => format!("{}:{}", path.display(), input::line_at(text.as_bytes(), at)),
    };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (index, range) in values.into_iter().enumerate() {
        let place = || match array {
            true => format!("{}[{index}]", path.display()),
            false => at_line(range.start),
        };
        let new = tally.redact(r, &text[range.clone()], place);
        out.push_str(&text[copied..range.start]);
        out.push_str(&new);
        copied = range.end;
    }
    if let Some(at) = broken {
        // Not JSON from here on: it cannot be redacted.
        out.push_str(&text[copied..at]);
        out.push_str(&tally.redact(r, &text[at..], || at_line(at)));
        copied = text.len();
    }
    out.push_str(&text[copied..]);
    out
}

pub fn run(
    args: &Args,
    versions: ocsf_validate::VersionMode,
    level: PiiLevel,
    policy: Policy,
) -> Result<u8> {
    let key = args.redact_hash.as_deref().map(str::as_bytes);
    let max = policy.max_event_bytes;
    let redactor =
        Redactor::new(versions, level, policy, key).context("cannot build the redactor")?;
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        if io::stdin().is_terminal() {
            anyhow::bail!("no input: give files, or `-` for stdin (see --help)");
        }
        paths.push("-".into());
    }
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(BufWriter::new(
            File::create(p).with_context(|| format!("cannot write {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let mut tally = Tally::default();
    for path in &paths {
        if path.is_dir() {
            anyhow::bail!("--redact takes files, not directories: {}", path.display());
        }
        if path.as_os_str() != "-" && super::parquet::is_parquet(path) {
            anyhow::bail!(
                "--redact writes events back as JSON and does not read Parquet: {}",
                path.display()
            );
        }
        let (mut reader, layout) = open(path)?;
        if streams_as_lines(path, layout, &mut reader)? {
            redact_lines(&redactor, path, reader, max, &mut out, &mut tally)?;
            continue;
        }
        let whole = read_rest(path, reader)?;
        let (mark, text) = split_byte_order_mark(&whole);
        out.write_all(mark.as_bytes())?;
        if is_lines(path, text) {
            for (number, line) in (1..).zip(text.split_inclusive('\n')) {
                let body = line.trim_end_matches(['\n', '\r']);
                if body.trim().is_empty() {
                    out.write_all(line.as_bytes())?;
                    continue;
                }
                let new = tally.redact(&redactor, body, || format!("{}:{number}", path.display()));
                out.write_all(new.as_bytes())?;
                out.write_all(&line.as_bytes()[body.len()..])?;
            }
        } else {
            out.write_all(redact_json(&redactor, path, text, &mut tally).as_bytes())?;
        }
    }
    out.flush()?;
    eprintln!("ocsf-validate: {}", tally.summary());
    // Text written without redaction is what a caller of `--redact` must hear about.
    Ok(u8::from(tally.unredacted > 0))
}
