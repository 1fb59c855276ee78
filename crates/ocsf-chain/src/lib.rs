//! Tamper-evident hash chains over JSON-lines files; see `CHAIN.md` for the format and for what
//! it does and does not protect against.
//!
//! A chained line is the event's JSON object with one member appended last:
//!
//! ```text
//! {...event...,"_chain":{"seq":7,"prev":"<64 hex>","mac":"<64 hex>"}}
//! ```
//!
//! `mac` = HMAC-SHA256(key, `"ocsf-emit-chain-v1\n"` ‖ the line's bytes up to, not including,
//! `,"mac":`). That prefix holds the whole event, `seq` and `prev` (the previous record's
//! `mac`; 64 zeros for the first record of a chain), so each record authenticates its content,
//! its position and its predecessor. Checkpoint records have the same shape with
//! `{"_checkpoint":{"reason":"interval"|"rotate"|"close","records":N}` as the content.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

const DOMAIN: &[u8] = b"ocsf-emit-chain-v1\n";
const MARKER: &[u8] = b"\"_chain\":{\"seq\":";
#[doc(hidden)]
pub const GENESIS: [u8; 32] = [0; 32];

/// Why a checkpoint was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckpointReason {
    /// Every N records.
    Interval,
    /// Last record of a file that was rotated; the next file continues the chain.
    Rotate,
    /// Last record written before the sink was closed.
    Close,
}

impl CheckpointReason {
    fn as_str(self) -> &'static str {
        match self {
            CheckpointReason::Interval => "interval",
            CheckpointReason::Rotate => "rotate",
            CheckpointReason::Close => "close",
        }
    }
}

/// A checkpoint as written; hand `mac` to an external store to anchor the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub seq: u64,
    pub mac: String,
    pub reason: CheckpointReason,
    pub path: PathBuf,
}

/// The running state of a chain: the next sequence number and the last MAC.
#[derive(Clone)]
#[doc(hidden)]
pub struct Chainer {
    key: Vec<u8>,
    #[doc(hidden)]
    pub seq: u64,
    #[doc(hidden)]
    pub prev: [u8; 32],
    #[doc(hidden)]
    pub since_checkpoint: u64,
}

impl Chainer {
    #[doc(hidden)]
    pub fn new(key: &[u8]) -> Self {
        Chainer {
            key: key.to_vec(),
            seq: 0,
            prev: GENESIS,
            since_checkpoint: 0,
        }
    }

    fn mac(&self, signed: &[u8]) -> [u8; 32] {
        mac(&self.key, signed)
    }

    /// Appends the chained line (with its newline) for one JSON object to `out`.
    /// `Err` for anything that is not a single-line JSON object.
    #[doc(hidden)]
    pub fn append(&mut self, event: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
        if event.len() < 2 || event[0] != b'{' || event[event.len() - 1] != b'}' {
            return Err("only JSON objects can be chained".to_owned());
        }
        let start = out.len();
        out.extend_from_slice(&event[..event.len() - 1]);
        if event.len() > 2 {
            out.push(b',');
        }
        out.extend_from_slice(MARKER);
        out.extend_from_slice(self.seq.to_string().as_bytes());
        out.extend_from_slice(b",\"prev\":\"");
        out.extend_from_slice(hex::encode(self.prev).as_bytes());
        out.push(b'"');
        let mac = self.mac(&out[start..]);
        out.extend_from_slice(b",\"mac\":\"");
        out.extend_from_slice(hex::encode(mac).as_bytes());
        out.extend_from_slice(b"\"}}\n");
        self.prev = mac;
        self.seq += 1;
        self.since_checkpoint += 1;
        Ok(())
    }

    /// Appends a checkpoint record; returns its seq and MAC.
    #[doc(hidden)]
    pub fn checkpoint(&mut self, reason: CheckpointReason, out: &mut Vec<u8>) -> (u64, String) {
        let records = self.since_checkpoint;
        let body = format!(
            "{{\"_checkpoint\":{{\"reason\":\"{}\",\"records\":{records}}}}}",
            reason.as_str()
        );
        let seq = self.seq;
        self.append(body.as_bytes(), out)
            .expect("a checkpoint body is a JSON object");
        self.since_checkpoint = 0;
        (seq, hex::encode(self.prev))
    }

    /// Continues from an existing line if it is a record of this key's chain.
    #[doc(hidden)]
    pub fn resume_from(&mut self, line: &[u8]) -> bool {
        match Record::parse(line) {
            Some(record) if record.mac == self.mac(record.signed) => {
                self.seq = record.seq + 1;
                self.prev = record.mac;
                self.since_checkpoint = 0;
                true
            }
            _ => false,
        }
    }
}

fn mac(key: &[u8], signed: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(DOMAIN);
    mac.update(signed);
    mac.finalize().into_bytes().into()
}

/// One chained line, split.
struct Record<'a> {
    signed: &'a [u8],
    seq: u64,
    prev: [u8; 32],
    mac: [u8; 32],
    checkpoint: Option<&'a str>,
}

impl<'a> Record<'a> {
    /// `None` when the line does not end in a well-formed `_chain` member.
    fn parse(line: &'a [u8]) -> Option<Record<'a>> {
        // ,"mac":"<64>"}}  is 8 + 64 + 3 bytes at the very end.
        const TAIL: usize = 8 + 64 + 3;
        if line.len() < TAIL + MARKER.len() + 1 || !line.ends_with(b"\"}}") {
            return None;
        }
        let mac_at = line.len() - TAIL;
        if &line[mac_at..mac_at + 8] != b",\"mac\":\"" {
            return None;
        }
        let mac = decode32(&line[mac_at + 8..mac_at + 8 + 64])?;
        let signed = &line[..mac_at];
        // ..."prev":"<64>"  ends the signed part.
        let prev_at = signed.len().checked_sub(9 + 64 + 1)?;
        if &signed[prev_at..prev_at + 9] != b",\"prev\":\"" || !signed.ends_with(b"\"") {
            return None;
        }
        let prev = decode32(&signed[prev_at + 9..prev_at + 9 + 64])?;
        let before_prev = &signed[..prev_at];
        let marker_at = before_prev
            .windows(MARKER.len())
            .rposition(|w| w == MARKER)?;
        let digits = &before_prev[marker_at + MARKER.len()..];
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let seq = std::str::from_utf8(digits).ok()?.parse().ok()?;
        let checkpoint = line
            .starts_with(b"{\"_checkpoint\":{\"reason\":\"")
            .then(|| {
                let rest = &line[26..];
                let end = rest.iter().position(|&b| b == b'"')?;
                std::str::from_utf8(&rest[..end]).ok()
            })
            .flatten();
        Some(Record {
            signed,
            seq,
            prev,
            mac,
            checkpoint,
        })
    }
}

fn decode32(hex_text: &[u8]) -> Option<[u8; 32]> {
    let mut out = [0; 32];
    hex::decode_to_slice(hex_text, &mut out).ok()?;
    Some(out)
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingKind {
    /// The record's MAC does not match its content: edited, or forged without the key.
    Altered,
    /// Records are missing before this one (its seq jumps ahead).
    Dropped,
    /// A genuine record that does not belong here: a copy of a record already seen, or one
    /// that does not link to its predecessor.
    Inserted,
    /// A genuine record out of order (its seq is behind, and it was not seen before).
    Reordered,
    /// A line that is not a chained record (cut line, hand-written line).
    Malformed,
    /// A new chain (seq 0) starts after records of another: what came before cannot be linked.
    Restarted,
    /// The last file does not end with a `close` or `rotate` checkpoint: records after the last
    /// checkpoint may have been cut off, or the writer is still running or crashed.
    TailAfterCheckpoint,
    /// The first record given is not the first of its chain: earlier files were not given
    /// (normal after retention deleted them). Informational.
    StartsMidChain,
}

impl FindingKind {
    /// Findings that mean the records given are not intact as written.
    pub fn is_error(self) -> bool {
        !matches!(
            self,
            FindingKind::TailAfterCheckpoint | FindingKind::StartsMidChain
        )
    }
}

/// One problem, located by file and 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    pub path: PathBuf,
    pub line: u64,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = if self.kind.is_error() {
            "error"
        } else {
            "warning"
        };
        write!(
            f,
            "{}:{}: {level}: {:?}: {}",
            self.path.display(),
            self.line,
            self.kind,
            self.message
        )
    }
}

/// The result of [`verify_chain`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Records whose MAC verified (events and checkpoints).
    pub records: u64,
    pub checkpoints: u64,
    /// Every finding, in file order; the first error is the first point of tampering.
    pub findings: Vec<Finding>,
    /// seq and MAC of the last verified record: compare with an external anchor.
    pub last: Option<(u64, String)>,
}

impl Report {
    /// No error findings (warnings such as a running writer's open tail are allowed).
    pub fn is_intact(&self) -> bool {
        !self.findings.iter().any(|f| f.kind.is_error())
    }

    pub fn first_error(&self) -> Option<&Finding> {
        self.findings.iter().find(|f| f.kind.is_error())
    }
}

/// Verifies chained files given oldest first (rotated files, then the live one).
/// `Err` only when a file cannot be read.
pub fn verify_chain(paths: &[PathBuf], key: &[u8]) -> std::io::Result<Report> {
    let mut verifier = Verifier {
        key,
        report: Report::default(),
        expected: None,
        seen: HashSet::new(),
        last_checkpoint: None,
        since_checkpoint: 0,
    };
    let mut last_line = None;
    for path in paths {
        let bytes = std::fs::read(path)?;
        last_line = Some((path.clone(), verifier.file(path, &bytes)));
    }
    if let Some((path, line)) = last_line {
        verifier.finish(&path, line);
    }
    Ok(verifier.report)
}

struct Verifier<'k> {
    key: &'k [u8],
    report: Report,
    /// (next seq, previous mac) after the last genuine record.
    expected: Option<(u64, [u8; 32])>,
    seen: HashSet<u64>,
    /// The last checkpoint's reason and location.
    last_checkpoint: Option<(String, PathBuf, u64)>,
    since_checkpoint: u64,
}

impl Verifier<'_> {
    fn find(&mut self, kind: FindingKind, path: &Path, line: u64, message: String) {
        self.report.findings.push(Finding {
            kind,
            path: path.to_owned(),
            line,
            message,
        });
    }

    /// Returns the number of the file's last line.
    fn file(&mut self, path: &Path, bytes: &[u8]) -> u64 {
        let mut number = 0;
        let mut lines = bytes.split(|&b| b == b'\n').peekable();
        while let Some(line) = lines.next() {
            if line.is_empty() && lines.peek().is_none() {
                break; // the newline that ends the file
            }
            number += 1;
            let ends_with_newline = lines.peek().is_some();
            self.line(path, number, line, ends_with_newline);
        }
        number
    }

    fn line(&mut self, path: &Path, number: u64, line: &[u8], terminated: bool) {
        let Some(record) = Record::parse(line) else {
            let what = if terminated {
                "not a chained record"
            } else {
                "not a chained record (the file ends in the middle of a line: cut)"
            };
            self.find(FindingKind::Malformed, path, number, what.to_owned());
            return;
        };
        if record.mac != mac(self.key, record.signed) {
            self.find(
                FindingKind::Altered,
                path,
                number,
                format!(
                    "record seq {} does not match its MAC: altered, or forged without the key \
                     (or verified with the wrong key)",
                    record.seq
                ),
            );
            return;
        }
        // The record is genuine; now check that it is where it was written.
        let seq = record.seq;
        match self.expected {
            None if seq == 0 && record.prev == GENESIS => {}
            None => self.find(
                FindingKind::StartsMidChain,
                path,
                number,
                format!("the chain starts at seq {seq}: earlier records are in files not given"),
            ),
            Some((next, prev)) if seq == next && record.prev == prev => {}
            Some(_) if seq == 0 && record.prev == GENESIS => self.find(
                FindingKind::Restarted,
                path,
                number,
                "a new chain starts here: the records before it cannot be linked to it".to_owned(),
            ),
            Some((next, _)) if seq > next => self.find(
                FindingKind::Dropped,
                path,
                number,
                format!(
                    "{} record(s) missing before this one (expected seq {next}, found {seq})",
                    seq - next
                ),
            ),
            Some((next, _)) if seq == next => self.find(
                FindingKind::Inserted,
                path,
                number,
                format!("record seq {seq} does not link to the record before it"),
            ),
            Some((next, _)) if self.seen.contains(&seq) => self.find(
                FindingKind::Inserted,
                path,
                number,
                format!("record seq {seq} appears again (expected seq {next}): a copy"),
            ),
            Some((next, _)) => self.find(
                FindingKind::Reordered,
                path,
                number,
                format!("record seq {seq} is out of order (expected seq {next})"),
            ),
        }
        self.seen.insert(seq);
        self.expected = Some((seq + 1, record.mac));
        self.report.records += 1;
        self.report.last = Some((seq, hex::encode(record.mac)));
        match record.checkpoint {
            Some(reason) => {
                self.report.checkpoints += 1;
                self.last_checkpoint = Some((reason.to_owned(), path.to_owned(), number));
                self.since_checkpoint = 0;
            }
            None => self.since_checkpoint += 1,
        }
    }

    fn finish(&mut self, path: &Path, last_line: u64) {
        match self.last_checkpoint.clone() {
            Some((reason, _, _)) if self.since_checkpoint == 0 && reason != "interval" => {}
            Some((reason, cp_path, cp_line)) => {
                let message = if self.since_checkpoint == 0 {
                    format!(
                        "the chain ends at an {reason} checkpoint, not a close: records after it \
                         may have been cut off, or the writer is running or crashed"
                    )
                } else {
                    format!(
                        "{} record(s) after the last checkpoint ({reason}, {}:{cp_line}) are \
                         not covered by one: the tail may have been cut, or the writer is \
                         running or crashed",
                        self.since_checkpoint,
                        cp_path.display()
                    )
                };
                self.find(FindingKind::TailAfterCheckpoint, path, last_line, message);
            }
            None if self.report.records > 0 => self.find(
                FindingKind::TailAfterCheckpoint,
                path,
                last_line,
                "no checkpoint at all: the tail may have been cut, or the writer is running or \
                 crashed"
                    .to_owned(),
            ),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_round_trips_through_parse_and_an_empty_object_chains() {
        let mut chainer = Chainer::new(b"k");
        let mut out = Vec::new();
        chainer.append(b"{\"a\":1}", &mut out).unwrap();
        chainer.append(b"{}", &mut out).unwrap();
        let text = String::from_utf8(out.clone()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("{\"a\":1,\"_chain\":{\"seq\":0,"));
        assert!(lines[1].starts_with("{\"_chain\":{\"seq\":1,"));
        for line in &lines {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(value["_chain"]["mac"].is_string());
            assert!(Record::parse(line.as_bytes()).is_some());
        }
        assert!(chainer.append(b"[1]", &mut out).is_err());
    }
}
