//! Hash-chained files: intact chains verify across rotation and restarts; every kind of
//! tampering is found at its file and line.

mod support;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ocsf_emit::chain::{Checkpoint, CheckpointReason, FindingKind};
use ocsf_emit::{verify_chain, Emitter, FileSink};
use support::event::authentication;

const KEY: &[u8] = b"test key: 32 bytes of secret....";

/// Writes `n` events (checkpoint every 10, rotation at `max_bytes`) and returns the files,
/// oldest first.
fn write_chain(dir: &Path, n: u64, max_bytes: Option<u64>) -> Vec<PathBuf> {
    let path = dir.join("security.log");
    let mut builder = FileSink::builder(&path).chain(KEY).checkpoint_every(10);
    if let Some(max) = max_bytes {
        builder = builder.max_bytes(max);
    }
    let emitter = Emitter::builder().sink(builder.build()).build().unwrap();
    for i in 0..n {
        emitter.emit(&authentication(i));
    }
    drop(emitter);
    files(&path)
}

fn files(path: &Path) -> Vec<PathBuf> {
    let mut all = ocsf_emit::file::rotated_files(path);
    all.push(path.to_owned());
    all
}

fn read_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn write_lines(path: &Path, lines: &[String]) {
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

fn first_error(files: &[PathBuf]) -> (FindingKind, PathBuf, u64) {
    let report = verify_chain(files, KEY).unwrap();
    let f = report.first_error().expect("tampering is found").clone();
    (f.kind, f.path, f.line)
}

#[test]
fn an_untouched_chain_verifies_across_rotated_files() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_chain(dir.path(), 100, Some(8_000));
    assert!(files.len() > 2, "{files:?}");
    let report = verify_chain(&files, KEY).unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    // 100 events plus a rotation or close checkpoint ending each file (and interval ones).
    assert!(report.checkpoints >= files.len() as u64);
    assert_eq!(report.records, 100 + report.checkpoints);
    // Each line is still the OCSF event, with `_chain` added.
    let line: serde_json::Value = serde_json::from_str(&read_lines(&files[0])[0]).unwrap();
    assert_eq!(line["class_uid"], 3002);
    assert_eq!(line["_chain"]["seq"], 0);
}

#[test]
fn a_restarted_writer_continues_the_chain_and_checkpoints_reach_the_callback() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("security.log");
    let seen: Arc<Mutex<Vec<Checkpoint>>> = Arc::default();
    for run in 0..3 {
        let seen = Arc::clone(&seen);
        let sink = FileSink::builder(&path)
            .chain(KEY)
            .checkpoint_every(4)
            .on_checkpoint(move |c| seen.lock().unwrap().push(c.clone()))
            .open()
            .unwrap();
        let emitter = Emitter::builder().sink(sink).build().unwrap();
        for i in 0..5 {
            emitter.emit(&authentication(run * 10 + i));
        }
    }
    let report = verify_chain(std::slice::from_ref(&path), KEY).unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let seen = seen.lock().unwrap();
    // Per run: one interval checkpoint after 4 records, one at close.
    assert_eq!(seen.len(), 6);
    assert_eq!(seen.last().unwrap().reason, CheckpointReason::Close);
    assert_eq!(report.last.unwrap().1, seen.last().unwrap().mac);
}

#[test]
fn an_edited_record_is_found_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_chain(dir.path(), 30, None);
    let mut lines = read_lines(&files[0]);
    lines[7] = lines[7].replace("alice", "mallory");
    write_lines(&files[0], &lines);
    assert_eq!(
        first_error(&files),
        (FindingKind::Altered, files[0].clone(), 8)
    );
}

#[test]
fn a_deleted_record_is_found_at_the_line_after_the_gap() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_chain(dir.path(), 30, None);
    let mut lines = read_lines(&files[0]);
    lines.remove(4);
    write_lines(&files[0], &lines);
    assert_eq!(
        first_error(&files),
        (FindingKind::Dropped, files[0].clone(), 5)
    );
}

#[test]
fn a_copied_record_is_found_as_inserted() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_chain(dir.path(), 30, None);
    let mut lines = read_lines(&files[0]);
    let copy = lines[2].clone();
    lines.insert(6, copy);
    write_lines(&files[0], &lines);
    assert_eq!(
        first_error(&files),
        (FindingKind::Inserted, files[0].clone(), 7)
    );
}

#[test]
fn a_forged_record_is_found_as_altered() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_chain(dir.path(), 30, None);
    let mut lines = read_lines(&files[0]);
    lines.insert(3, "{\"class_uid\":3002,\"message\":\"forged\"}".to_owned());
    write_lines(&files[0], &lines);
    assert_eq!(
        first_error(&files),
        (FindingKind::Malformed, files[0].clone(), 4)
    );
    // A forger who copies the framing still cannot make the MAC.
    let mut lines = read_lines(&files[0]);
    lines[3] = lines[4].replace("alice", "eve");
    write_lines(&files[0], &lines);
    let report = verify_chain(&files, KEY).unwrap();
    assert_eq!(report.findings[0].kind, FindingKind::Altered);
    assert_eq!(report.findings[0].line, 4);
}

#[test]
fn swapped_records_are_found_as_reordered() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_chain(dir.path(), 30, None);
    let mut lines = read_lines(&files[0]);
    lines.swap(10, 11);
    write_lines(&files[0], &lines);
    let report = verify_chain(&files, KEY).unwrap();
    let kinds: Vec<_> = report.findings.iter().map(|f| (f.kind, f.line)).collect();
    // Seq 11 where 10 belongs: 10 looks dropped, then 10 arrives late.
    assert_eq!(kinds[0], (FindingKind::Dropped, 11));
    assert_eq!(kinds[1], (FindingKind::Reordered, 12));
}

#[test]
fn a_cut_tail_is_reported_after_the_last_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_chain(dir.path(), 25, None);
    let mut lines = read_lines(&files[0]);
    // Records 0-9, cp, 10-19, cp, 20-24, close cp: cut the close checkpoint and two records.
    lines.truncate(lines.len() - 3);
    write_lines(&files[0], &lines);
    let report = verify_chain(&files, KEY).unwrap();
    assert!(report.is_intact(), "no record given was altered");
    let finding = report.findings.last().unwrap();
    assert_eq!(finding.kind, FindingKind::TailAfterCheckpoint);
    assert!(
        finding
            .message
            .starts_with("3 record(s) after the last checkpoint"),
        "{finding}"
    );

    // A line cut in the middle is malformed, not silently accepted.
    let mut bytes = std::fs::read(&files[0]).unwrap();
    bytes.truncate(bytes.len() - 40);
    std::fs::write(&files[0], bytes).unwrap();
    let report = verify_chain(&files, KEY).unwrap();
    assert_eq!(report.first_error().unwrap().kind, FindingKind::Malformed);
}

#[test]
fn a_deleted_rotated_file_is_found_at_the_next_files_first_line() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_chain(dir.path(), 100, Some(8_000));
    let mut given = files.clone();
    given.remove(1);
    assert_eq!(
        first_error(&given),
        (FindingKind::Dropped, files[2].clone(), 1)
    );
    // Without the oldest file the chain starts mid-way: a warning, not tampering.
    let report = verify_chain(&files[1..], KEY).unwrap();
    assert!(report.is_intact());
    assert_eq!(report.findings[0].kind, FindingKind::StartsMidChain);
}

#[test]
fn the_wrong_key_fails_at_the_first_line() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_chain(dir.path(), 5, None);
    let report = verify_chain(&files, b"another key").unwrap();
    assert_eq!(report.findings[0].kind, FindingKind::Altered);
    assert_eq!(report.findings[0].line, 1);
}
