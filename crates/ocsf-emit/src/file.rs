//! JSON-lines file sink: append, 0600, rotation by size and UTC day, retention, fsync policy,
//! optional hash chain.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::chain::{Chainer, Checkpoint, CheckpointReason};
use crate::{Bytes, Error, Result, Sink};

/// When the file sink calls `fsync` (`File::sync_data`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fsync {
    /// Leave it to the OS: fastest, a machine crash may lose the last seconds.
    #[default]
    Never,
    /// After every batch the writer thread writes (and at flush, rotation and close).
    EveryBatch,
    /// After at least N events since the last sync (and at flush, rotation and close).
    EveryN(u64),
}

type CheckpointCallback = Box<dyn Fn(&Checkpoint) + Send>;

/// Configures a [`FileSink`].
pub struct FileSinkBuilder {
    path: PathBuf,
    max_bytes: Option<u64>,
    daily: bool,
    retention: Option<usize>,
    fsync: Fsync,
    chain_key: Option<Vec<u8>>,
    checkpoint_every: u64,
    on_checkpoint: Option<CheckpointCallback>,
}

impl FileSinkBuilder {
    /// Rotate before a line would take the file past `bytes` (a single longer line still goes
    /// whole into a fresh file).
    pub fn max_bytes(mut self, bytes: u64) -> Self {
        self.max_bytes = Some(bytes);
        self
    }

    /// Rotate when the UTC day changes.
    pub fn daily(mut self, daily: bool) -> Self {
        self.daily = daily;
        self
    }

    /// Keep at most this many rotated files; older ones are deleted after each rotation.
    pub fn retention(mut self, files: usize) -> Self {
        self.retention = Some(files);
        self
    }

    pub fn fsync(mut self, fsync: Fsync) -> Self {
        self.fsync = fsync;
        self
    }

    /// Chains every line with HMAC-SHA256 under `key` (see [`crate::chain`] and `CHAIN.md`).
    pub fn chain(mut self, key: impl Into<Vec<u8>>) -> Self {
        self.chain_key = Some(key.into());
        self
    }

    /// A checkpoint record after every `records` records (default 1000; 0 = only at rotation
    /// and close).
    pub fn checkpoint_every(mut self, records: u64) -> Self {
        self.checkpoint_every = records;
        self
    }

    /// Called on the writer thread after each checkpoint is written: store its MAC elsewhere
    /// to make truncation and deletion of whole files detectable.
    pub fn on_checkpoint(mut self, callback: impl Fn(&Checkpoint) + Send + 'static) -> Self {
        self.on_checkpoint = Some(Box::new(callback));
        self
    }

    /// Opens the file now: configuration mistakes (missing directory, no permission) show up
    /// here as `Err`.
    pub fn open(self) -> Result<FileSink> {
        let mut sink = self.build();
        sink.ensure_open(0)?;
        Ok(sink)
    }

    /// Does not touch the file system: the file is opened at the first write, and a failure
    /// then is reported through the emitter's error callback and retried at the next batch.
    pub fn build(self) -> FileSink {
        FileSink {
            chain: self.chain_key.as_deref().map(Chainer::new),
            config: self,
            file: None,
            size: 0,
            day: 0,
            regular: false,
            unsynced: 0,
            buf: Vec::new(),
            pending_checkpoints: Vec::new(),
        }
    }
}

/// Appends one JSON object a line to a file. The emitter's single writer thread is the only
/// writer and each batch goes out in whole lines, so lines are never interleaved or cut by
/// this process. New files are created with mode 0600 on unix. Any path works, including
/// devices such as `/dev/full` (rotation applies to regular files only).
pub struct FileSink {
    config: FileSinkBuilder,
    file: Option<File>,
    size: u64,
    /// UTC day (days since the epoch) of the open file's content, for daily rotation.
    day: i64,
    regular: bool,
    unsynced: u64,
    chain: Option<Chainer>,
    buf: Vec<u8>,
    pending_checkpoints: Vec<Checkpoint>,
}

impl FileSink {
    pub fn builder(path: impl Into<PathBuf>) -> FileSinkBuilder {
        FileSinkBuilder {
            path: path.into(),
            max_bytes: None,
            daily: false,
            retention: None,
            fsync: Fsync::Never,
            chain_key: None,
            checkpoint_every: 1000,
            on_checkpoint: None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.config.path
    }

    /// Rotated files of this sink, oldest first (the live file is not included).
    pub fn rotated_files(&self) -> Vec<PathBuf> {
        rotated_files(&self.config.path)
    }

    fn ensure_open(&mut self, events: usize) -> Result<()> {
        if self.file.is_some() {
            return Ok(());
        }
        let path = &self.config.path;
        let mut options = OpenOptions::new();
        options.append(true).create(true).read(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options
            .open(path)
            .or_else(|e| {
                // Devices such as /dev/full or a FIFO may not be readable: retry write-only.
                if e.kind() == std::io::ErrorKind::PermissionDenied || e.raw_os_error() == Some(21)
                {
                    let mut options = OpenOptions::new();
                    options.append(true).create(true);
                    #[cfg(unix)]
                    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                    options.open(path)
                } else {
                    Err(e)
                }
            })
            .map_err(|e| Error::io("opening", path, events, e))?;
        let meta = file
            .metadata()
            .map_err(|e| Error::io("inspecting", path, events, e))?;
        self.regular = meta.is_file();
        self.size = if self.regular { meta.len() } else { 0 };
        self.day = if self.size > 0 {
            meta.modified().map(utc_day).unwrap_or_else(|_| today())
        } else {
            today()
        };
        self.unsynced = 0;
        if self.regular && self.chain.is_some() {
            self.resume_chain(&mut file, events)?;
        }
        self.file = Some(file);
        Ok(())
    }

    /// Continues the chain from the last record on disk (this file's, or the newest rotated
    /// file's when this one is empty), so restarts and rotations do not break it.
    fn resume_chain(&mut self, file: &mut File, events: usize) -> Result<()> {
        let path = self.config.path.clone();
        let chain = self.chain.as_mut().expect("checked by the caller");
        if self.size > 0 {
            let (last, terminated) = last_line(file, self.size)
                .map_err(|e| Error::io("reading the chain tail of", &path, events, e))?;
            if !terminated {
                // A cut last line stays alone on its line; the verifier reports it.
                file.write_all(b"\n")
                    .map_err(|e| Error::io("writing to", &path, events, e))?;
                self.size += 1;
            }
            // A line that does not verify leaves the chain as it was in memory: a fresh sink
            // then starts a new chain, which the verifier reports as a restart.
            let _ = chain.resume_from(&last);
        } else if let Some(newest) = rotated_files(&path).last() {
            if let Ok(mut rotated) = File::open(newest) {
                let len = rotated.metadata().map(|m| m.len()).unwrap_or(0);
                if let Ok((last, _)) = last_line(&mut rotated, len) {
                    let _ = chain.resume_from(&last);
                }
            }
        }
        Ok(())
    }

    fn write_buf(&mut self, events: usize) -> Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let path = &self.config.path;
        let file = self.file.as_mut().expect("opened before writing");
        if let Err(e) = file.write_all(&self.buf) {
            // Reopen at the next batch: that re-reads the chain tail from disk, so the chain
            // continues from what was really written.
            self.file = None;
            self.buf.clear();
            self.pending_checkpoints.clear();
            return Err(Error::io("writing to", path, events, e));
        }
        self.size += self.buf.len() as u64;
        self.buf.clear();
        if let Some(callback) = &self.config.on_checkpoint {
            for checkpoint in &self.pending_checkpoints {
                callback(checkpoint);
            }
        }
        self.pending_checkpoints.clear();
        Ok(())
    }

    fn sync(&mut self) -> Result<()> {
        if let Some(file) = &self.file {
            if self.regular {
                file.sync_data()
                    .map_err(|e| Error::io("syncing", &self.config.path, 0, e))?;
            }
        }
        self.unsynced = 0;
        Ok(())
    }

    fn add_checkpoint(&mut self, reason: CheckpointReason) {
        if let Some(chain) = &mut self.chain {
            let (seq, mac) = chain.checkpoint(reason, &mut self.buf);
            self.pending_checkpoints.push(Checkpoint {
                seq,
                mac,
                reason,
                path: self.config.path.clone(),
            });
        }
    }

    fn rotate(&mut self) -> Result<()> {
        self.add_checkpoint(CheckpointReason::Rotate);
        self.write_buf(0)?;
        if self.config.fsync != Fsync::Never {
            self.sync()?;
        }
        self.file = None;
        let path = self.config.path.clone();
        let target = next_rotated_name(&path, self.day);
        std::fs::rename(&path, &target).map_err(|e| Error::io("rotating", &path, 0, e))?;
        if let Some(keep) = self.config.retention {
            let rotated = rotated_files(&path);
            let excess = rotated.len().saturating_sub(keep);
            for old in &rotated[..excess] {
                std::fs::remove_file(old).map_err(|e| Error::io("deleting", old, 0, e))?;
            }
        }
        self.ensure_open(0)
    }

    /// Writes what it can; returns how many events are on disk and the first error.
    fn write_events(&mut self, events: &[Bytes]) -> (usize, Result<()>) {
        let mut committed = 0;
        let mut queued = 0;
        let mut rejected: Option<(usize, String)> = None;
        macro_rules! tryw {
            ($e:expr) => {
                if let Err(e) = $e {
                    return (committed, Err(e));
                }
            };
        }
        tryw!(self.ensure_open(events.len()));
        if self.config.daily && self.regular && self.size > 0 && today() != self.day {
            tryw!(self.rotate());
        }
        for event in events {
            // Never let an event break the one-line-per-record framing.
            let reject = if event.contains(&b'\n') || event.contains(&b'\r') {
                Some("an event contains a raw newline")
            } else if self.chain.is_some()
                && (event.len() < 2 || event[0] != b'{' || event[event.len() - 1] != b'}')
            {
                Some("only JSON objects can be chained")
            } else {
                None
            };
            if let Some(reason) = reject {
                let (count, first) = rejected.take().unwrap_or((0, reason.to_owned()));
                rejected = Some((count + 1, first));
                continue;
            }
            let line_len = event.len() as u64 + if self.chain.is_some() { 190 } else { 1 };
            if let Some(max) = self.config.max_bytes {
                let used = self.size + self.buf.len() as u64;
                if self.regular && used > 0 && used + line_len > max {
                    tryw!(self.write_buf(events.len() - committed));
                    committed = queued;
                    tryw!(self.rotate());
                }
            }
            match &mut self.chain {
                Some(chain) => {
                    chain
                        .append(event, &mut self.buf)
                        .expect("checked above: a single-line JSON object");
                    let every = self.config.checkpoint_every;
                    if every > 0 && chain.since_checkpoint >= every {
                        self.add_checkpoint(CheckpointReason::Interval);
                    }
                }
                None => {
                    self.buf.extend_from_slice(event);
                    self.buf.push(b'\n');
                }
            }
            queued += 1;
            // Bounded memory for huge batches; each write is still whole lines.
            if self.buf.len() >= 1 << 20 {
                tryw!(self.write_buf(events.len() - committed));
                committed = queued;
            }
        }
        tryw!(self.write_buf(events.len() - committed));
        committed = queued;
        self.unsynced += queued as u64;
        let synced = match self.config.fsync {
            Fsync::Never => Ok(()),
            Fsync::EveryBatch => self.sync(),
            Fsync::EveryN(n) if self.unsynced >= n => self.sync(),
            Fsync::EveryN(_) => Ok(()),
        };
        tryw!(synced);
        match rejected {
            Some((events, reason)) => (
                committed,
                Err(Error::Rejected {
                    sink: "file",
                    events,
                    reason,
                }),
            ),
            None => (committed, Ok(())),
        }
    }
}

impl Sink for FileSink {
    fn write_batch(&mut self, events: &[Bytes]) -> Result<()> {
        let (committed, result) = self.write_events(events);
        self.buf.clear();
        self.pending_checkpoints.clear();
        // The error counts every event of the batch that is not on disk.
        result.map_err(|e| match e {
            Error::Io {
                action,
                path,
                source,
                ..
            } => Error::Io {
                action,
                path,
                events: events.len() - committed,
                source,
            },
            other => other,
        })
    }

    fn flush(&mut self) -> Result<()> {
        if self.file.is_none() {
            return Ok(());
        }
        if let Some(file) = &mut self.file {
            file.flush()
                .map_err(|e| Error::io("flushing", &self.config.path, 0, e))?;
        }
        if self.config.fsync != Fsync::Never {
            self.sync()?;
        }
        Ok(())
    }

    fn close(&mut self) -> Result<()> {
        if self.chain.is_some() && self.regular {
            self.ensure_open(0)?;
            self.add_checkpoint(CheckpointReason::Close);
            self.write_buf(0)?;
        }
        self.flush()
    }
}

/// The last line of a file and whether it ends in a newline; reads backwards in growing
/// windows so that long lines are found whole.
fn last_line(file: &mut File, len: u64) -> std::io::Result<(Vec<u8>, bool)> {
    let mut window = 64 * 1024u64;
    loop {
        let start = len.saturating_sub(window);
        file.seek(SeekFrom::Start(start))?;
        let mut tail = Vec::with_capacity((len - start) as usize);
        Read::by_ref(file)
            .take(len - start)
            .read_to_end(&mut tail)?;
        let terminated = tail.last() == Some(&b'\n');
        let body = if terminated {
            &tail[..tail.len() - 1]
        } else {
            &tail[..]
        };
        if let Some(pos) = body.iter().rposition(|&b| b == b'\n') {
            return Ok((body[pos + 1..].to_vec(), terminated));
        }
        if start == 0 {
            return Ok((body.to_vec(), terminated));
        }
        window *= 4;
    }
}

/// `security.log.2025-02-25.000042`: the day of the content, then a counter over all days, so
/// names sort oldest first.
fn next_rotated_name(path: &Path, day: i64) -> PathBuf {
    let next = rotated_files(path)
        .last()
        .and_then(|p| rotation_counter(path, p))
        .map_or(1, |n| n + 1);
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.{next:06}", civil_date(day)));
    path.with_file_name(name)
}

fn rotation_counter(live: &Path, rotated: &Path) -> Option<u64> {
    let live_name = live.file_name()?.to_str()?;
    let name = rotated.file_name()?.to_str()?;
    let rest = name.strip_prefix(live_name)?.strip_prefix('.')?;
    let (date, counter) = rest.split_once('.')?;
    let date_ok = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !date_ok || counter.is_empty() || !counter.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    counter.parse().ok()
}

/// Rotated files next to `path`, oldest first.
pub fn rotated_files(path: &Path) -> Vec<PathBuf> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut found: Vec<(u64, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .map(|e| path.with_file_name(e.file_name()))
        .filter_map(|p| rotation_counter(path, &p).map(|n| (n, p)))
        .collect();
    found.sort();
    found.into_iter().map(|(_, p)| p).collect()
}

fn utc_day(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(d) => (d.as_secs() / 86_400) as i64,
        Err(e) => -((e.duration().as_secs() / 86_400) as i64) - 1,
    }
}

/// `YYYY-MM-DD` of a time in UTC, as rotated file names carry it.
pub fn utc_date(time: SystemTime) -> String {
    civil_date(utc_day(time))
}

fn today() -> i64 {
    utc_day(SystemTime::now())
}

/// `YYYY-MM-DD` of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_of_known_days() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_144), "2025-02-25");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(-1), "1969-12-31");
    }

    #[test]
    fn rotated_names_are_recognised_and_others_are_not() {
        let live = Path::new("/x/security.log");
        let counter = |name: &str| rotation_counter(live, &live.with_file_name(name));
        assert_eq!(counter("security.log.2025-02-26.000003"), Some(3));
        assert_eq!(counter("security.log"), None);
        assert_eq!(counter("security.log.bak"), None);
        assert_eq!(counter("security.log.2025-02-26"), None);
        assert_eq!(counter("other.log.2025-02-26.000001"), None);
    }
}
