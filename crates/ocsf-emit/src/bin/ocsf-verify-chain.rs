//! `ocsf-verify-chain [--key-file FILE] FILE...`: checks the HMAC chain of files written by a
//! chained `FileSink`, oldest file first. The key comes from `--key-file` (raw bytes, one
//! trailing newline ignored) or the `OCSF_CHAIN_KEY` environment variable.
//!
//! Exit codes: 0 intact (warnings allowed), 1 tampering found, 2 usage or I/O error.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: ocsf-verify-chain [--key-file FILE] FILE...  \
                     (key from --key-file or $OCSF_CHAIN_KEY; files oldest first)";

fn main() -> ExitCode {
    let mut key = None;
    let mut files = Vec::new();
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--key-file") => {
                let Some(path) = args.next() else {
                    eprintln!("{USAGE}");
                    return ExitCode::from(2);
                };
                match std::fs::read(&path) {
                    Ok(mut bytes) => {
                        if bytes.last() == Some(&b'\n') {
                            bytes.pop();
                        }
                        key = Some(bytes);
                    }
                    Err(e) => {
                        eprintln!("error: reading {}: {e}", PathBuf::from(path).display());
                        return ExitCode::from(2);
                    }
                }
            }
            Some("-h" | "--help") => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ => files.push(PathBuf::from(arg)),
        }
    }
    let key = key.or_else(|| std::env::var_os("OCSF_CHAIN_KEY").map(|k| k.into_encoded_bytes()));
    let (Some(key), false) = (key, files.is_empty()) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let report = match ocsf_emit::verify_chain(&files, &key) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    for finding in &report.findings {
        println!("{finding}");
    }
    let verdict = if report.is_intact() {
        "intact"
    } else {
        "TAMPERED"
    };
    println!(
        "{verdict}: {} record(s), {} checkpoint(s) in {} file(s){}",
        report.records,
        report.checkpoints,
        files.len(),
        report
            .last
            .as_ref()
            .map(|(seq, mac)| format!("; last seq {seq}, mac {mac}"))
            .unwrap_or_default()
    );
    if report.is_intact() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
