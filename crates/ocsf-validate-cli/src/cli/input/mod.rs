//! Inputs: expanding paths, opening (and decompressing) them, and cutting them into batches
//! of events. JSON lines are read in blocks of about a megabyte cut at newlines; events are
//! ranges of the block (nothing is copied per line), and memory does not grow with the file.
//!
//! Memory is bounded by the event-size bound (`max_event_bytes`), not by the input: a line
//! longer than the bound is read to its newline without being kept and reported as one
//! too-large event (OCSF004); a JSON document larger than the bound is streamed element by
//! element when it is an array, and skipped as one too-large event otherwise.

mod array;
pub mod utf16;

use array::Shape;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use flate2::read::MultiGzDecoder;
use serde_json::value::RawValue;

/// Bytes read per batch of JSON lines (cut at the last newline): big enough to amortise
/// channel traffic and read calls, small enough to keep two workers busy on a small file and
/// memory at a few blocks per worker, and small enough that a block just read is still in the
/// core's cache when it is walked: 256 KiB took a tenth less time than 1 MiB with one job on
/// the published events (0.76-0.79 s against 0.82-0.88 s for 100 MB; 64 and 128 KiB no better,
/// and `--jobs 2` the same).
const BLOCK_BYTES: usize = 1 << 18;

/// Spare room past a block, so that `read_to_end` finds the end of its `take` with a read into
/// the buffer rather than growing it for its 32-byte probe.
const PROBE_SLACK: usize = 64;

#[derive(Debug, Clone)]
pub enum Source {
    File { path: PathBuf, display: String },
    Stdin,
}

impl Source {
    pub fn display(&self) -> &str {
        match self {
            Source::File { display, .. } => display,
            Source::Stdin => "-",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Json,
    Lines,
    Sniff,
}

/// The layout a file's name says (`.json`, `.jsonl`, `.ndjson`, compressed or not), else `Sniff`.
pub fn layout_of(path: &Path) -> Layout {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let name = name.strip_suffix(".gz").unwrap_or(name);
    match name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
    {
        Some(e) if e == "json" => Layout::Json,
        Some(e) if e == "jsonl" || e == "ndjson" => Layout::Lines,
        _ => Layout::Sniff,
    }
}

fn is_event_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let name = name.strip_suffix(".gz").unwrap_or(name);
    [".json", ".jsonl", ".ndjson"]
        .iter()
        .any(|e| name.ends_with(e))
        || is_parquet_name(path)
}

/// Whether a file's name says Parquet (`.parquet`, as pyarrow, Spark and Security Lake name
/// them, `part-0000.snappy.parquet` or `x.gz.parquet` included).
pub fn is_parquet_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
}

fn display_path(path: &Path) -> String {
    let rel = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    // `./a.json` and `a.json` are the same file: show it one way.
    let clean: PathBuf = rel
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    clean.to_string_lossy().replace('\\', "/")
}

/// `/a/./b/../c` → `/a/c`, without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// Expands directories (recursively, sorted, by extension) into files; with the directories
/// below them that could not be read (the rest is still validated; the run then fails).
pub fn expand(paths: &[PathBuf]) -> Result<(Vec<Source>, Vec<anyhow::Error>)> {
    let mut out = Vec::new();
    let mut unreadable = Vec::new();
    // Directories walked, by their real path: one reached again through a symbolic link (to a
    // directory walked already, or to one above it: a loop) is not walked again.
    let mut walked = std::collections::HashSet::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Source::Stdin);
        } else if p.is_dir() {
            let mut files = Vec::new();
            // A directory named on the command line that cannot be read ends the run at once,
            // as a missing path does; those found below it are reported after the rest.
            std::fs::read_dir(p)
                .with_context(|| format!("cannot read directory {}", p.display()))?;
            walk_dir(p, &mut files, &mut walked, &mut unreadable);
            files.sort();
            out.extend(files.into_iter().map(|path| Source::File {
                display: display_path(&path),
                path,
            }));
        } else if p.exists() {
            out.push(Source::File {
                display: display_path(p),
                path: p.clone(),
            });
        } else {
            anyhow::bail!("{}: no such file or directory", p.display());
        }
    }
    Ok((out, unreadable))
}

/// The event files below `dir`, into `out`; what cannot be read, into `unreadable`.
fn walk_dir(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    walked: &mut std::collections::HashSet<PathBuf>,
    unreadable: &mut Vec<anyhow::Error>,
) {
    let mut read = || -> io::Result<()> {
        if !walked.insert(std::fs::canonicalize(dir)?) {
            return Ok(());
        }
        let mut dirs = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if is_event_file(&path) {
                out.push(path);
            }
        }
        for sub in dirs {
            walk_dir(&sub, out, walked, unreadable);
        }
        Ok(())
    };
    if let Err(e) = read() {
        unreadable.push(
            anyhow::Error::new(e).context(format!("cannot read directory {}", dir.display())),
        );
    }
}

/// One event inside a batch's buffer.
#[derive(Debug, Clone)]
pub struct EventRef {
    pub line: usize,
    /// 1-based column (in characters) where the event starts on its line.
    pub column: usize,
    pub index: usize,
    pub range: Range<usize>,
    /// Set, to the event's length, when the event is larger than the bound and was skipped
    /// as it streamed: `range` is then empty.
    pub too_large: Option<u64>,
}

#[derive(Debug, Default)]
pub struct Batch {
    pub file: usize,
    pub data: Vec<u8>,
    pub events: Vec<EventRef>,
    /// The events are rows of a table (Parquet): each event's place is its row, `index`,
    /// and it has no line in the file.
    pub rows: bool,
    /// Fills `data` and `events` where the batch is validated (a worker), not where it is
    /// read: rows of a table are mapped to JSON in parallel.
    pub fill: Option<Fill>,
}

/// The deferred work of a [`Batch`] (see [`Batch::fill`]).
pub struct Fill(pub Box<dyn FnOnce(&mut Batch) + Send>);

impl std::fmt::Debug for Fill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fill")
    }
}

/// The source to read from (decompressed for `.gz`, decoded when it is UTF-16: see
/// [`utf16`]), and the layout its name says.
pub fn open(source: &Source) -> Result<(Box<dyn BufRead + Send>, Layout)> {
    let (reader, layout) = open_bytes(source)?;
    let reader =
        utf16::as_utf8(reader).with_context(|| format!("cannot read {}", source.display()))?;
    Ok((reader, layout))
}

/// The source's bytes, decompressed for `.gz`.
pub fn open_bytes(source: &Source) -> Result<(Box<dyn BufRead + Send>, Layout)> {
    match source {
        Source::Stdin => Ok((
            Box::new(BufReader::with_capacity(1 << 16, io::stdin())),
            Layout::Sniff,
        )),
        Source::File { path, .. } => {
            let file =
                File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
            let gz = path.extension().is_some_and(|e| e == "gz");
            let reader: Box<dyn BufRead + Send> = if gz {
                Box::new(BufReader::with_capacity(
                    1 << 16,
                    MultiGzDecoder::new(BufReader::new(file)),
                ))
            } else {
                Box::new(BufReader::with_capacity(1 << 16, file))
            };
            Ok((reader, layout_of(path)))
        }
    }
}

/// Reads a source and hands its events to `emit` in batches, in order. No event larger than
/// `max` bytes is kept in memory.
pub fn read(
    source: &Source,
    file: usize,
    max: usize,
    emit: &mut dyn FnMut(Batch) -> Result<()>,
) -> Result<()> {
    let (mut reader, layout) = open(source)?;
    let name = source.display().to_owned();
    skip_byte_order_mark(&mut reader).with_context(|| format!("cannot read {name}"))?;
    // Errors of `emit` (a closed output, stopped workers) pass unchanged; read errors say
    // which input failed.
    let mut emit_err = None;
    let mut emit = |b: Batch| -> io::Result<()> {
        emit(b).map_err(|e| {
            emit_err = Some(e);
            io::Error::other("emit failed")
        })
    };
    let read = read_from(reader, layout, file, max, BLOCK_BYTES, &mut emit);
    match (read, emit_err) {
        (Ok(()), _) => Ok(()),
        (Err(_), Some(e)) => Err(e),
        (Err(e), None) => Err(anyhow::Error::new(e).context(format!("cannot read {name}"))),
    }
}

/// The UTF-8 byte order mark that Windows tools (PowerShell 5's `Out-File`, Notepad) write at
/// the start of a text file.
pub const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// Skips a byte order mark at the start of an input: it is no part of the JSON text, and RFC
/// 8259 (section 8.1) lets a reader ignore it. (Split across the first two reads of a stream, it
/// stays, and the first event is reported as invalid JSON, as before.)
fn skip_byte_order_mark(reader: &mut Box<dyn BufRead + Send>) -> io::Result<()> {
    if fill(reader.as_mut())?.starts_with(BYTE_ORDER_MARK) {
        reader.consume(BYTE_ORDER_MARK.len());
    }
    Ok(())
}

/// Reads an opened input of a layout, JSON lines in blocks of `block` bytes (the fuzz targets
/// call this with small blocks).
pub fn read_from(
    mut reader: Box<dyn BufRead + Send>,
    layout: Layout,
    file: usize,
    max: usize,
    block: usize,
    emit: &mut dyn FnMut(Batch) -> io::Result<()>,
) -> io::Result<()> {
    let layout = match layout {
        Layout::Sniff => sniff(&mut reader)?,
        l => l,
    };
    match layout {
        Layout::Json => read_json(reader, file, max, emit),
        _ => read_lines(reader, file, max, block, emit),
    }
}

/// A JSON document: kept whole when it is within the bound (an array is then cut into its
/// elements); past the bound, an array is streamed element by element and anything else is
/// skipped as one too-large event. An object followed by more values is a sequence of values
/// (`jq`'s output, concatenated records, JSON lines in a `.json` file), streamed value by value
/// at any size.
fn read_json(
    reader: Box<dyn BufRead + Send>,
    file: usize,
    max: usize,
    emit: &mut dyn FnMut(Batch) -> io::Result<()>,
) -> io::Result<()> {
    let mut reader = reader;
    let mut data = Vec::new();
    (&mut reader).take(max as u64 + 1).read_to_end(&mut data)?;
    if data.len() <= max {
        if more_after_first_object(&data) {
            return array::split(io::Cursor::new(data), file, 1, max, Shape::Sequence, emit);
        }
        return emit(json_batch(file, data));
    }
    let mut extent = Extent::default();
    let first = match data.iter().position(|b| !b.is_ascii_whitespace()) {
        Some(i) => Some(data[i]),
        None => {
            // Blanks past the bound before the document: forgotten, their lines counted.
            extent.feed(&data);
            data.clear();
            skip_blanks(&mut reader, &mut extent)?;
            fill(&mut reader)?.first().copied()
        }
    };
    let shape = match first {
        Some(b'[') => Some(Shape::Array),
        Some(b'{') => Some(Shape::Sequence),
        _ => None,
    };
    if let Some(shape) = shape {
        let rest = io::Cursor::new(data).chain(reader);
        return array::split(rest, file, 1 + extent.newlines, max, shape, emit);
    }
    extent.feed(&data);
    drop(data);
    skip_to(&mut reader, None, &mut extent)?;
    let line = 1 + extent.newlines;
    emit(skipped_batch(file, line, 0, extent.past(max)))
}

/// Whether `data` starts (after blanks) with an object that closes before something other than
/// blanks: a sequence of values rather than one document. Strings are followed so that a brace
/// inside one does not count; an object that never closes is one broken document.
fn more_after_first_object(data: &[u8]) -> bool {
    let Some(start) = data.iter().position(|b| !b.is_ascii_whitespace()) else {
        return false;
    };
    if data[start] != b'{' {
        return false;
    }
    let (mut depth, mut in_string, mut escaped) = (0u64, false, false);
    for (i, &b) in data.iter().enumerate().skip(start) {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return data[i + 1..].iter().any(|b| !b.is_ascii_whitespace());
                }
            }
            _ => {}
        }
    }
    false
}

/// The length of a value that streams past, without the whitespace around it.
#[derive(Debug, Default)]
pub(super) struct Extent {
    seen: u64,
    first: Option<u64>,
    end: u64,
    /// Newlines before the value.
    newlines: usize,
}

impl Extent {
    pub(super) fn feed(&mut self, chunk: &[u8]) {
        if self.first.is_none() {
            let lead = chunk.iter().position(|b| !b.is_ascii_whitespace());
            let blank = &chunk[..lead.unwrap_or(chunk.len())];
            self.newlines += memchr::memchr_iter(b'\n', blank).count();
            self.first = lead.map(|i| self.seen + i as u64);
        }
        if let Some(i) = chunk.iter().rposition(|b| !b.is_ascii_whitespace()) {
            self.end = self.seen + i as u64 + 1;
        }
        self.seen += chunk.len() as u64;
    }

    pub(super) fn len(&self) -> u64 {
        self.first.map_or(0, |f| self.end - f)
    }

    /// The length to report for a value skipped for passing the bound `max`: without the
    /// blanks around it, unless only they took it past the bound (then all of it).
    fn past(&self, max: usize) -> u64 {
        match self.len() {
            n if n > max as u64 => n,
            _ => self.seen,
        }
    }
}

/// Reads (and forgets) up to and including the next `stop` byte, or to the end without one;
/// what it skipped is fed to `extent`. Returns whether `stop` was found.
fn skip_to(reader: &mut dyn BufRead, stop: Option<u8>, extent: &mut Extent) -> io::Result<bool> {
    loop {
        let buf = fill(reader)?;
        if buf.is_empty() {
            return Ok(false);
        }
        if let Some(i) = stop.and_then(|s| memchr::memchr(s, buf)) {
            extent.feed(&buf[..i]);
            reader.consume(i + 1);
            return Ok(true);
        }
        let n = buf.len();
        extent.feed(buf);
        reader.consume(n);
    }
}

/// Reads (and forgets) blanks up to the next other byte, feeding them to `extent`.
fn skip_blanks(reader: &mut dyn BufRead, extent: &mut Extent) -> io::Result<()> {
    loop {
        let buf = fill(reader)?;
        let blank = buf.iter().position(|b| !b.is_ascii_whitespace());
        let n = blank.unwrap_or(buf.len());
        extent.feed(&buf[..n]);
        reader.consume(n);
        if blank.is_some() || n == 0 {
            return Ok(());
        }
    }
}

/// The reader's next bytes (empty at the end), retrying interrupted reads. The bytes are
/// borrowed again once filled: returning the loop's borrow is not allowed yet.
pub(super) fn fill(reader: &mut dyn BufRead) -> io::Result<&[u8]> {
    loop {
        match reader.fill_buf() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
            Ok(_) => break,
        }
    }
    reader.fill_buf()
}

/// A batch holding only one event that was skipped for its size.
fn skipped_batch(file: usize, line: usize, index: usize, len: u64) -> Batch {
    Batch {
        file,
        rows: false,
        fill: None,
        data: Vec::new(),
        events: vec![EventRef {
            line,
            column: 1,
            index,
            range: 0..0,
            too_large: Some(len),
        }],
    }
}

/// A leading `[`, or an object that does not end on its first line, is one JSON document;
/// anything else is JSON lines. A byte order mark before them is looked past (`--redact` sniffs
/// before it writes the mark back).
pub fn sniff(reader: &mut Box<dyn BufRead + Send>) -> io::Result<Layout> {
    let buf = reader.fill_buf()?;
    let buf = buf.strip_prefix(BYTE_ORDER_MARK).unwrap_or(buf);
    if buf.starts_with(super::parquet::MAGIC) {
        // Parquet's footer is at its end: it is read from a file, not from a stream.
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "this is Parquet, which is read from a file (its footer is at the end), not from a stream: give the file's path",
        ));
    }
    Ok(sniff_bytes(buf))
}

/// [`sniff`]'s decision on the first bytes of an input (past a byte order mark).
pub fn sniff_bytes(buf: &[u8]) -> Layout {
    let first = buf.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'[') {
        return Layout::Json;
    }
    if first != Some(&b'{') {
        return Layout::Lines;
    }
    let start = buf
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let line_end = buf[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map(|i| start + i);
    let first_line = match line_end {
        Some(e) => &buf[start..e],
        None => &buf[start..],
    };
    let complete = serde_json::from_slice::<serde::de::IgnoredAny>(first_line).is_ok();
    if complete {
        Layout::Lines
    } else {
        Layout::Json
    }
}

/// The events of a JSON document held whole (`--fix`, `--redact`), as byte ranges of `text`:
/// the elements of an array, or the values of a sequence (one value for a single document).
/// Then where text that is no JSON starts, when something other than blanks follows the last
/// value that parses (all of a broken document).
pub fn document_values(text: &str) -> (Vec<Range<usize>>, Option<usize>) {
    let range = |raw: &RawValue| {
        let start = raw.get().as_ptr() as usize - text.as_ptr() as usize;
        start..start + raw.get().len()
    };
    if let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(text) {
        return (items.into_iter().map(range).collect(), None);
    }
    let mut values = Vec::new();
    for item in serde_json::Deserializer::from_str(text).into_iter::<&RawValue>() {
        match item {
            Ok(raw) => values.push(range(raw)),
            Err(_) => break,
        }
    }
    let after = values.last().map_or(0, |r| r.end);
    let rest = text[after..].len() - text[after..].trim_start().len();
    let broken = (after + rest < text.len()).then_some(after + rest);
    (values, broken)
}

pub fn line_at(data: &[u8], offset: usize) -> usize {
    1 + data[..offset].iter().filter(|&&b| b == b'\n').count()
}

/// The 1-based column, in characters, of `offset` on its line.
pub fn column_at(data: &[u8], offset: usize) -> usize {
    let start = memchr::memrchr(b'\n', &data[..offset]).map_or(0, |i| i + 1);
    1 + chars(&data[start..offset])
}

/// Characters in `bytes` (UTF-8; a byte that starts no character is not counted).
fn chars(bytes: &[u8]) -> usize {
    // Nearly every event is ASCII, every byte a character: `is_ascii` reads words, the count
    // below reads bytes (the human format counts the columns of every event with a finding).
    if bytes.is_ascii() {
        return bytes.len();
    }
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Lines and columns (1-based, in characters) of increasing offsets in one text, each counted
/// from the offset before: the places of every element of a large array in one pass (from the
/// text's start each time, they would cost the square of its size).
#[derive(Debug)]
pub struct Places {
    line: usize,
    column: usize,
    last: usize,
}

impl Places {
    pub fn new() -> Places {
        Places {
            line: 1,
            column: 1,
            last: 0,
        }
    }

    /// The line and column of `offset` in `data`, not before the offset asked last.
    pub fn at(&mut self, data: &[u8], offset: usize) -> (usize, usize) {
        let between = &data[self.last..offset];
        self.line += memchr::memchr_iter(b'\n', between).count();
        // Counted from the last step, not from the line's start: a compact array holds every
        // event on one line.
        self.column = match memchr::memrchr(b'\n', between) {
            Some(i) => 1 + chars(&between[i + 1..]),
            None => self.column + chars(between),
        };
        self.last = offset;
        (self.line, self.column)
    }
}

fn json_batch(file: usize, data: Vec<u8>) -> Batch {
    let start = data.iter().position(|b| !b.is_ascii_whitespace());
    let mut events = Vec::new();
    if start.is_some_and(|s| data[s] == b'[') {
        if let Ok(items) = serde_json::from_slice::<Vec<&RawValue>>(&data) {
            let base = data.as_ptr() as usize;
            let mut places = Places::new();
            for (index, raw) in items.iter().enumerate() {
                let off = raw.get().as_ptr() as usize - base;
                let (line, column) = places.at(&data, off);
                events.push(EventRef {
                    line,
                    column,
                    index,
                    range: off..off + raw.get().len(),
                    too_large: None,
                });
            }
            return Batch {
                file,
                data,
                events,
                rows: false,
                fill: None,
            };
        }
    }
    // One event (or a broken document, whose error then carries its own line and column). A
    // document of nothing but blanks holds no event, as an empty one does (and as blank lines
    // of JSON lines do).
    if let Some(begin) = start {
        events.push(EventRef {
            line: line_at(&data, begin),
            column: column_at(&data, begin),
            index: 0,
            range: begin..data.len(),
            too_large: None,
        });
    }
    Batch {
        file,
        data,
        events,
        rows: false,
        fill: None,
    }
}

fn read_lines(
    mut reader: Box<dyn BufRead + Send>,
    file: usize,
    max: usize,
    block: usize,
    emit: &mut dyn FnMut(Batch) -> io::Result<()>,
) -> io::Result<()> {
    let (mut line_no, mut index) = (0usize, 0usize);
    // Starts at the beginning of a line: after a cut, the part of the last block after its
    // last newline. A line longer than a block grows it in place (amortised, never copied
    // again per block) until it ends or passes the bound.
    let mut data: Vec<u8> = Vec::with_capacity(block + PROBE_SLACK);
    // A read that fails (a truncated or corrupt .gz) ends the input, but the lines read whole
    // before it are still validated; the error then names the line where the input broke off.
    let mut broken = None;
    loop {
        let scanned = data.len();
        let read = match (&mut reader).take(block as u64).read_to_end(&mut data) {
            Ok(n) => n,
            Err(e) => {
                broken = Some(e);
                0
            }
        };
        let eof = read == 0;
        // Blocks end at a newline, so that no event is split between two batches.
        let cut = if broken.is_some() {
            // The bytes after the last newline are a line cut short by the failure.
            memchr::memrchr(b'\n', &data).map_or(0, |i| i + 1)
        } else if eof {
            data.len()
        } else {
            match memchr::memrchr(b'\n', &data[scanned..]) {
                Some(i) => scanned + i + 1,
                None if data.len() > max => {
                    // One line past the bound: read on to its newline without keeping it.
                    let mut extent = Extent::default();
                    extent.feed(&data);
                    data = Vec::with_capacity(block + PROBE_SLACK);
                    let ended = skip_to(&mut reader, Some(b'\n'), &mut extent)?;
                    line_no += 1;
                    if extent.first.is_some() {
                        emit(skipped_batch(file, line_no, index, extent.past(max)))?;
                        index += 1;
                    }
                    if !ended {
                        return Ok(());
                    }
                    continue;
                }
                None => continue,
            }
        };
        // Room for the carried part and a whole block after it: the next `read_to_end` then
        // never outgrows the buffer (growing it would copy the block read so far).
        let mut next = Vec::with_capacity(data.len() - cut + block + PROBE_SLACK);
        next.extend_from_slice(&data[cut..]);
        data.truncate(cut);
        let mut events = Vec::with_capacity(data.len() / 512 + 1);
        let mut start = 0;
        while start < data.len() {
            let end = memchr::memchr(b'\n', &data[start..]).map_or(data.len(), |i| start + i);
            line_no += 1;
            let line = &data[start..end];
            let lead = line.len() - line.trim_ascii_start().len();
            let trimmed = line.trim_ascii();
            if !trimmed.is_empty() {
                let from = start + lead;
                events.push(EventRef {
                    line: line_no,
                    column: lead + 1,
                    index,
                    range: from..from + trimmed.len(),
                    too_large: None,
                });
                index += 1;
            }
            start = end + 1;
        }
        if !events.is_empty() {
            emit(Batch {
                file,
                data,
                events,
                rows: false,
                fill: None,
            })?;
        }
        if let Some(e) = broken {
            let lines = match line_no {
                0 => "no line before it".to_owned(),
                1 => "the line before it was validated".to_owned(),
                n => format!("the {n} lines before it were validated"),
            };
            return Err(io::Error::new(
                e.kind(),
                format!("{e}, in line {} ({lines})", line_no + 1),
            ));
        }
        if eof {
            return Ok(());
        }
        data = next;
    }
}
