//! The chain verifier: any file content is verified without panicking; the lines of the input
//! that are JSON objects, chained, verify intact; changing one byte of a record breaks it.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;
use ocsf_chain::{verify_chain, Chainer};

const KEY: &[u8] = b"fuzz key";

fn verify(bytes: &[u8]) -> ocsf_chain::Report {
    let mut f = tempfile::NamedTempFile::new().expect("a temp file");
    f.write_all(bytes).expect("written");
    f.flush().expect("flushed");
    verify_chain(&[f.path().to_path_buf()], KEY).expect("a readable file")
}

fuzz_target!(|data: &[u8]| {
    let _ = verify(data);
    let mut chainer = Chainer::new(KEY);
    let mut out = Vec::new();
    for line in data.split(|&b| b == b'\n') {
        let _ = chainer.append(line, &mut out);
    }
    if out.is_empty() {
        return;
    }
    let report = verify(&out);
    assert!(
        report.is_intact(),
        "{report:?} on {:?}",
        String::from_utf8_lossy(&out)
    );
    // One byte of an event changed (the position and new value taken from the input). Not
    // in the `_chain` member: its hex digits are read in either case.
    let at = data.len() * 7919 % out.len();
    let line_start = out[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line_end = out[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(out.len(), |i| at + i);
    let chain_at = out[line_start..line_end]
        .windows(9)
        .rposition(|w| w == b"\"_chain\":")
        .map_or(line_end, |i| line_start + i);
    if out[at] == b'\n' || at >= chain_at {
        return;
    }
    let mut changed = out.clone();
    changed[at] ^= 1 << (data.first().copied().unwrap_or(0) % 7);
    if changed[at] == b'\n' {
        return;
    }
    let report = verify(&changed);
    assert!(
        !report.is_intact(),
        "a change at byte {at} went unnoticed: {:?}",
        String::from_utf8_lossy(&changed)
    );
});
