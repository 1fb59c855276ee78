//! `--fix`: events written back with the fixes of `ocsf-fix` (in place, to `--output`, to
//! stdout for stdin) or shown as a unified diff, then the findings that remain counted.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use ocsf_fix::{FixKind, Fixer};
use ocsf_validate::{Severity, Validator, VersionMode};
use std::sync::Arc;

use super::args::{self, Args};
use super::input::{self, utf16, Source};
use super::parquet;
use super::redact::{
    for_each_line, is_lines, read_rest, source, split_byte_order_mark, streams_as_lines,
};
use super::render::{self, plural, Item, Renderer};

/// Where the fixed text of an input goes.
#[derive(Debug)]
enum Dest {
    InPlace,
    Stdout,
    File(PathBuf),
}

#[derive(Debug)]
struct Target {
    path: PathBuf,
    dest: Dest,
}

/// What the run did, for the summary and the exit code.
#[derive(Debug, Default)]
struct Tally {
    fixes: BTreeMap<FixKind, usize>,
    events_changed: usize,
    files_changed: usize,
    not_fixed: usize,
    unsafe_available: usize,
    remaining: [usize; 3],
    failed: bool,
}

/// The inputs and where each is written.
fn targets(args: &Args) -> Result<Vec<Target>> {
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        if io::stdin().is_terminal() {
            anyhow::bail!("no input: give files or directories, or `-` for stdin (see --help)");
        }
        paths.push("-".into());
    }
    let output = args.output.as_deref();
    let into_dir =
        output.is_some_and(|o| o.is_dir() || paths.len() > 1 || paths.iter().any(|p| p.is_dir()));
    let dest = |path: &Path, relative: &Path| match output {
        None if path == Path::new("-") => Dest::Stdout,
        None => Dest::InPlace,
        Some(o) if into_dir => Dest::File(o.join(relative)),
        Some(o) => Dest::File(o.to_owned()),
    };
    let mut out = Vec::new();
    for p in &paths {
        if p.as_os_str() == "-" {
            if into_dir {
                anyhow::bail!("--output is a directory here: stdin needs a file to go to");
            }
            out.push(Target {
                path: p.clone(),
                dest: dest(p, p),
            });
        } else if p.is_dir() {
            let (sources, unreadable) = input::expand(std::slice::from_ref(p))?;
            if let Some(e) = unreadable.into_iter().next() {
                return Err(e);
            }
            for source in sources {
                if let Source::File { path, .. } = source {
                    if parquet::is_parquet(&path) {
                        eprintln!(
                            "ocsf-validate: {}: left as it is: --fix rewrites JSON, not Parquet",
                            path.display()
                        );
                        continue;
                    }
                    let relative = path.strip_prefix(p).unwrap_or(&path).to_owned();
                    out.push(Target {
                        dest: dest(&path, &relative),
                        path,
                    });
                }
            }
        } else if p.exists() {
            if parquet::is_parquet(p) {
                anyhow::bail!(
                    "{}: --fix rewrites JSON, not Parquet (validate it without --fix)",
                    p.display()
                );
            }
            let name = p.file_name().map_or_else(|| p.clone(), PathBuf::from);
            out.push(Target {
                path: p.clone(),
                dest: dest(p, &name),
            });
        } else {
            anyhow::bail!("{}: no such file or directory", p.display());
        }
    }
    let mut seen = std::collections::HashSet::new();
    for t in &out {
        if let Dest::File(d) = &t.dest {
            if !seen.insert(d.clone()) {
                anyhow::bail!("two inputs would be written to {}", d.display());
            }
        }
    }
    Ok(out)
}

/// One input being fixed.
struct FileFix<'a> {
    fixer: &'a Fixer<'a>,
    validator: &'a Validator,
    fail_at: Severity,
    path: &'a Path,
    tally: &'a mut Tally,
    /// How the findings left are shown (the human format), when stdout is free for them.
    report: Option<&'a mut dyn Renderer>,
    /// The findings shown so far, for the caller to write to stdout.
    shown: Vec<u8>,
    index: usize,
}

impl FileFix<'_> {
    /// The fixed text of one event (the event itself when it cannot be fixed); counts its
    /// fixes and the findings that remain.
    fn event(&mut self, body: &str, line: usize, column: usize) -> Result<String> {
        let text = match self.fixer.fix_event(body) {
            Ok(fixed) => {
                self.tally.unsafe_available += fixed.unsafe_available;
                if !fixed.fixes.is_empty() {
                    self.tally.events_changed += 1;
                }
                for f in &fixed.fixes {
                    *self.tally.fixes.entry(f.kind).or_default() += 1;
                }
                fixed.text
            }
            Err(e) => {
                self.tally.not_fixed += 1;
                eprintln!(
                    "ocsf-validate: {}:{line}: left as it is: {e}",
                    self.path.display()
                );
                body.to_owned()
            }
        };
        let mut report = self.validator.validate_bytes(text.as_bytes());
        if self.path != Path::new("-") {
            report
                .diagnostics
                .retain(|d| !self.validator.ignored_in_file(d, self.path));
        }
        for d in &report.diagnostics {
            self.tally.remaining[match d.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            }] += 1;
            self.tally.failed |= d.severity >= self.fail_at;
        }
        self.index += 1;
        if let (Some(renderer), false) = (&mut self.report, report.diagnostics.is_empty()) {
            let item = Item {
                file: Arc::from(self.path.display().to_string()),
                line,
                column,
                index: self.index - 1,
                row: None,
                lake: None,
                report,
                event: Some(text.as_bytes().into()),
                rendered: None,
            };
            renderer.item(&mut self.shown, &item)?;
        }
        Ok(text)
    }

    /// JSON lines: each line fixed on its own; blank lines and line ends kept.
    fn lines(&mut self, text: &str) -> Result<String> {
        let mut out = String::with_capacity(text.len());
        for (n, line) in text.split_inclusive('\n').enumerate() {
            self.line(line, n + 1, &mut out)?;
        }
        Ok(out)
    }

    /// One line of JSON lines (with its line end), fixed, appended to `out`; a blank line as
    /// it is.
    fn line(&mut self, line: &str, number: usize, out: &mut String) -> Result<()> {
        let body = line.trim_end_matches(['\n', '\r']);
        if body.trim().is_empty() {
            out.push_str(line);
            return Ok(());
        }
        out.push_str(&self.event(body, number, 1)?);
        out.push_str(&line[body.len()..]);
        Ok(())
    }

    /// JSON lines fixed as they are read from `reader` and written to `out`, each line within
    /// `max` bytes: memory is bounded by the longest line, not by the input. Whether any line
    /// changed. A longer line, or one that is not UTF-8, is an error naming it (the caller then
    /// writes nothing of the input). The findings shown go to `shown_out` as they come.
    fn lines_streamed(
        &mut self,
        reader: &mut dyn io::BufRead,
        max: usize,
        out: &mut dyn Write,
        shown_out: &mut dyn Write,
    ) -> Result<bool> {
        let path = self.path;
        let consequence =
            "with --fix a JSON lines file is fixed as it streams, and this one is left as it is";
        let (mut fixed, mut changed) = (String::new(), false);
        for_each_line(path, reader, max, consequence, out, |number, line, out| {
            fixed.clear();
            self.line(line, number, &mut fixed)?;
            changed |= fixed != line;
            out.write_all(fixed.as_bytes())?;
            if self.shown.len() >= 1 << 16 {
                shown_out.write_all(&self.shown)?;
                self.shown.clear();
            }
            Ok(())
        })?;
        Ok(changed)
    }

    /// A JSON document: one event, an array of events or a sequence of values, fixed value
    /// by value; text after the last value that parses is reported (not JSON) and kept.
    fn document(&mut self, text: &str) -> Result<String> {
        let (values, broken) = input::document_values(text);
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut places = input::Places::new();
        for range in values {
            let (line, column) = places.at(text.as_bytes(), range.start);
            out.push_str(&text[copied..range.start]);
            out.push_str(&self.event(&text[range.clone()], line, column)?);
            copied = range.end;
        }
        if let Some(at) = broken {
            let (line, column) = places.at(text.as_bytes(), at);
            let end = at + text[at..].trim_end().len();
            out.push_str(&text[copied..at]);
            out.push_str(&self.event(&text[at..end], line, column)?);
            copied = end;
        }
        out.push_str(&text[copied..]);
        Ok(out)
    }
}

/// A file being written through a temporary file beside it (gzip-compressed for `.gz`), put
/// in place by [`Staged::commit`]. A file that exists keeps its permissions, and a symbolic
/// link stays one: its target is written.
struct Staged {
    path: PathBuf,
    tmp: PathBuf,
    existed: bool,
    writer: StagedWriter,
}

enum StagedWriter {
    Plain(io::BufWriter<std::fs::File>),
    Gzip(flate2::write::GzEncoder<io::BufWriter<std::fs::File>>),
}

impl Write for StagedWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            StagedWriter::Plain(w) => w.write(buf),
            StagedWriter::Gzip(w) => w.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            StagedWriter::Plain(w) => w.flush(),
            StagedWriter::Gzip(w) => w.flush(),
        }
    }
}

impl Staged {
    fn create(path: &Path) -> Result<Staged> {
        let existing = std::fs::canonicalize(path).ok();
        let path = existing.clone().unwrap_or_else(|| path.to_owned());
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let tmp = path.with_file_name(format!(".{name}.ocsf-fix.tmp"));
        let file = std::fs::File::create(&tmp)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        let file = io::BufWriter::with_capacity(1 << 16, file);
        let writer = if path.extension().is_some_and(|e| e == "gz") {
            StagedWriter::Gzip(flate2::write::GzEncoder::new(
                file,
                flate2::Compression::default(),
            ))
        } else {
            StagedWriter::Plain(file)
        };
        Ok(Staged {
            path,
            tmp,
            existed: existing.is_some(),
            writer,
        })
    }

    /// Puts the written file in place.
    fn commit(self) -> Result<()> {
        let finished = match self.writer {
            StagedWriter::Plain(w) => w.into_inner().map_err(|e| e.into_error()),
            StagedWriter::Gzip(w) => w
                .finish()
                .and_then(|w| w.into_inner().map_err(|e| e.into_error())),
        };
        finished.with_context(|| format!("cannot write {}", self.tmp.display()))?;
        if self.existed {
            let permissions = std::fs::metadata(&self.path)?.permissions();
            std::fs::set_permissions(&self.tmp, permissions)?;
        }
        std::fs::rename(&self.tmp, &self.path)
            .with_context(|| format!("cannot write {}", self.path.display()))
    }

    /// Leaves the file as it was.
    fn discard(self) {
        drop(self.writer);
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// Writes `text` to `path` (see [`Staged`]).
fn write_file(path: &Path, text: &str) -> Result<()> {
    let mut staged = Staged::create(path)?;
    if let Err(e) = staged.writer.write_all(text.as_bytes()) {
        staged.discard();
        return Err(e).with_context(|| format!("cannot write {}", path.display()));
    }
    staged.commit()
}

pub fn run(
    args: &Args,
    validator: &Validator,
    mode: VersionMode,
    opts: render::Options,
) -> Result<u8> {
    let accepts = |path: &str| validator.accepts_unknown_attribute(path);
    let fixer = Fixer::new(mode)
        .with_unsafe_fixes(args.unsafe_fixes)
        .with_accepted_unknown(&accepts);
    let targets = targets(args)?;
    let mut tally = Tally::default();
    let mut io_errors = 0;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    // The findings left are shown on stdout unless the events or the diff go there.
    let stdout_free = !args.diff && !targets.iter().any(|t| matches!(t.dest, Dest::Stdout));
    let mut renderer = render::new(args::Format::Human, opts, validator);
    let max = validator.policy().max_event_bytes;
    for t in &targets {
        let mut file = FileFix {
            fixer: &fixer,
            validator,
            fail_at: opts.fail_on,
            path: &t.path,
            tally: &mut tally,
            report: stdout_free.then_some(renderer.as_mut()),
            shown: Vec::new(),
            index: 0,
        };
        let opened = open_target(t);
        let text = match opened {
            // JSON lines stream, unless a diff needs the whole text.
            Ok((mut reader, true)) if !args.diff => {
                let streamed = fix_streamed(&mut file, reader.as_mut(), &t.dest, max, &mut out);
                out.write_all(&file.shown)?;
                match streamed {
                    Ok(changed) => file.tally.files_changed += usize::from(changed),
                    Err(e) => {
                        if super::is_broken_pipe(&e) {
                            return Err(e);
                        }
                        eprintln!("ocsf-validate: {e:#}");
                        io_errors += 1;
                    }
                }
                continue;
            }
            Ok((reader, _)) => read_rest(&t.path, reader),
            Err(e) => Err(e),
        };
        let text = match text {
            Ok(text) => text,
            Err(e) => {
                eprintln!("ocsf-validate: {e:#}");
                io_errors += 1;
                continue;
            }
        };
        let (mark, body) = split_byte_order_mark(&text);
        let fixed = if is_lines(&t.path, body) {
            file.lines(body)?
        } else {
            file.document(body)?
        };
        let new = if mark.is_empty() {
            fixed
        } else {
            format!("{mark}{fixed}")
        };
        out.write_all(&file.shown)?;
        let changed = new != text;
        tally.files_changed += usize::from(changed);
        let written = match (&t.dest, args.diff) {
            (_, true) => {
                if changed {
                    let name = t.path.display().to_string();
                    let diff = similar::TextDiff::from_lines(&text, &new);
                    let mut unified = diff.unified_diff();
                    unified.header(&format!("a/{name}"), &format!("b/{name}"));
                    write!(out, "{unified}")?;
                }
                Ok(())
            }
            (Dest::Stdout, false) => out.write_all(new.as_bytes()).map_err(Into::into),
            (Dest::InPlace, false) if !changed => Ok(()),
            (Dest::InPlace, false) => write_file(&t.path, &new),
            (Dest::File(d), false) => write_file(d, &new),
        };
        if let Err(e) = written {
            if super::is_broken_pipe(&e) {
                return Err(e);
            }
            eprintln!("ocsf-validate: {e:#}");
            io_errors += 1;
        }
    }
    out.flush()?;
    eprintln!("ocsf-validate: {}", summary(&tally, args));
    Ok(if io_errors > 0 {
        2
    } else if tally.failed || (args.diff && tally.files_changed > 0) {
        1
    } else {
        0
    })
}

/// The input of `t` as UTF-8 (see `input::utf16`), and whether it streams as JSON lines. A
/// file to be fixed in place that is not UTF-8 is refused: writing UTF-8 over it would change
/// every byte of it.
fn open_target(t: &Target) -> Result<(Box<dyn io::BufRead + Send>, bool)> {
    let source = source(&t.path);
    let (mut reader, layout) = input::open_bytes(&source)?;
    let cannot_read = || format!("cannot read {}", source.display());
    let encoding = utf16::encoding(reader.as_mut()).with_context(cannot_read)?;
    if encoding != utf16::Encoding::Utf8 && matches!(t.dest, Dest::InPlace) {
        anyhow::bail!(
            "{}: left as it is: it is {}, and --fix writes UTF-8 (convert it first, e.g. with `iconv -f {} -t UTF-8`, or give --output)",
            t.path.display(),
            encoding.name(),
            encoding.name()
        );
    }
    let mut reader = utf16::as_utf8(reader).with_context(cannot_read)?;
    let lines = streams_as_lines(&t.path, layout, &mut reader)?;
    Ok((reader, lines))
}

/// JSON lines from `reader` fixed as they stream to `dest` (see [`FileFix::lines_streamed`]):
/// a file is written beside its destination and put in place at the end (in place, only when
/// something changed); on an error nothing of it is put in place. Whether anything changed.
fn fix_streamed(
    file: &mut FileFix<'_>,
    reader: &mut dyn io::BufRead,
    dest: &Dest,
    max: usize,
    stdout: &mut dyn Write,
) -> Result<bool> {
    let target = match dest {
        Dest::Stdout => return file.lines_streamed(reader, max, stdout, &mut io::sink()),
        Dest::InPlace => file.path,
        Dest::File(d) => d.as_path(),
    };
    let mut staged = Staged::create(target)?;
    match file.lines_streamed(reader, max, &mut staged.writer, stdout) {
        Ok(changed) if changed || matches!(dest, Dest::File(_)) => {
            staged.commit()?;
            Ok(changed)
        }
        Ok(changed) => {
            staged.discard();
            Ok(changed)
        }
        Err(e) => {
            staged.discard();
            Err(e)
        }
    }
}

/// `applied 12 fixes (caption: 10, class-id: 2) to 7 events in 2 files; 3 findings left
/// (1 error, 2 warnings, 0 infos); 5 more fixes with --unsafe-fixes`.
fn summary(t: &Tally, args: &Args) -> String {
    let total: usize = t.fixes.values().sum();
    let kinds: Vec<String> = t
        .fixes
        .iter()
        .map(|(k, n)| format!("{}: {n}", k.name()))
        .collect();
    let [errors, warnings, infos] = t.remaining;
    let mut s = format!(
        "{} {}{} to {} in {}; {} left ({}, {}, {})",
        if args.diff { "would apply" } else { "applied" },
        plural(total, "fix"),
        if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        },
        plural(t.events_changed, "event"),
        plural(t.files_changed, "file"),
        plural(errors + warnings + infos, "finding"),
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(infos, "info"),
    );
    if !args.unsafe_fixes && t.unsafe_available > 0 {
        let more = plural(t.unsafe_available, "more fix");
        s.push_str(&format!("; {more} with --unsafe-fixes"));
    }
    if t.not_fixed > 0 {
        let events = plural(t.not_fixed, "event");
        s.push_str(&format!("; not JSON objects, left as they are: {events}"));
    }
    s
}
