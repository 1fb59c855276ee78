//! `ocsf-validate verify-chain [--key-file FILE] FILE...`: checks the HMAC chain of log files
//! written by a chained `ocsf_emit::FileSink`, oldest file first (rotated files, then the live
//! one). The key comes from `--key-file` (raw bytes, one trailing newline ignored) or the
//! `OCSF_CHAIN_KEY` environment variable, never from the command line where `ps` would show it.
//!
//! Exit codes: 0 intact (warnings allowed), 1 tampering found, 2 usage or I/O error.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

const USAGE: &str = "usage: ocsf-validate verify-chain [--key-file FILE] FILE...  \
                     (key from --key-file or $OCSF_CHAIN_KEY; files oldest first)";

pub fn run(args: impl Iterator<Item = OsString>) -> u8 {
    let mut key = None;
    let mut files = Vec::new();
    let mut args = args;
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--key-file") => {
                let Some(path) = args.next() else {
                    eprintln!("{USAGE}");
                    return 2;
                };
                match std::fs::read(&path) {
                    Ok(mut bytes) => {
                        if bytes.last() == Some(&b'\n') {
                            bytes.pop();
                        }
                        key = Some(bytes);
                    }
                    Err(e) => {
                        eprintln!(
                            "ocsf-validate: reading {}: {e}",
                            PathBuf::from(path).display()
                        );
                        return 2;
                    }
                }
            }
            Some("-h" | "--help") => {
                println!("{USAGE}");
                return 0;
            }
            _ => files.push(PathBuf::from(arg)),
        }
    }
    let key = key.or_else(|| std::env::var_os("OCSF_CHAIN_KEY").map(OsString::into_encoded_bytes));
    let (Some(key), false) = (key, files.is_empty()) else {
        eprintln!("{USAGE}");
        return 2;
    };
    let report = match ocsf_chain::verify_chain(&files, &key) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("ocsf-validate: {e}");
            return 2;
        }
    };
    let mut out = std::io::stdout().lock();
    let mut lines: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
    let verdict = if report.is_intact() {
        "intact"
    } else {
        "TAMPERED"
    };
    lines.push(format!(
        "{verdict}: {} record(s), {} checkpoint(s) in {} file(s){}",
        report.records,
        report.checkpoints,
        files.len(),
        report
            .last
            .as_ref()
            .map(|(seq, mac)| format!("; last seq {seq}, mac {mac}"))
            .unwrap_or_default()
    ));
    for line in lines {
        // A closed pipe ends the listing quietly; the exit code still tells the verdict.
        if writeln!(out, "{line}").is_err() {
            break;
        }
    }
    if report.is_intact() {
        0
    } else {
        1
    }
}
