//! The baseline of `bench/cli-speed.sh`: what merely parsing a JSON lines file costs. Reads
//! the file as a careful tool would (buffered, in blocks of 256 KiB, not all at once), splits
//! it into lines, parses each non-empty line with `serde_json::from_slice::<Value>` and keeps
//! the value alive until the next line; prints the number of lines parsed to stderr.
//!
//! ```text
//! cargo run --release -p ocsf-test-support --example parse_lines -- FILE
//! ```
//!
//! A line that is not JSON is counted apart, as the command would report it.

use std::fs::File;
use std::hint::black_box;
use std::io::{BufRead, BufReader};
use std::process::ExitCode;

use serde_json::Value;

const BLOCK: usize = 256 * 1024;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: parse_lines FILE");
        return ExitCode::from(2);
    };
    match count(&path) {
        Ok((parsed, invalid)) => {
            eprintln!("{parsed} lines parsed, {invalid} not JSON");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            ExitCode::from(2)
        }
    }
}

/// Lines parsed and lines that are not JSON.
fn count(path: &str) -> std::io::Result<(u64, u64)> {
    let mut reader = BufReader::with_capacity(BLOCK, File::open(path)?);
    let mut line = Vec::with_capacity(64 * 1024);
    let (mut parsed, mut invalid) = (0, 0);
    // The value of the line before, dropped when the next one is parsed.
    let mut last: Option<Value> = None;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        let text = line.strip_suffix(b"\n").unwrap_or(&line);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Value>(text) {
            Ok(v) => {
                parsed += 1;
                last = Some(black_box(v));
            }
            Err(_) => invalid += 1,
        }
    }
    black_box(last);
    Ok((parsed, invalid))
}
