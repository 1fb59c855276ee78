//! `ocsf-validate verify-chain [--key-file FILE] FILE...`: checks the HMAC chain of log files
//! written by a chained `ocsf_emit::FileSink` with `ocsf_chain::verify_chain`. The key comes
//! from `--key-file` or the `OCSF_CHAIN_KEY` environment variable, never from the command line
//! where `ps` would show it.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{CommandFactory, Parser};

/// Check the HMAC chain of log files written by a chained `ocsf_emit::FileSink`.
///
/// Exit codes: 0 intact (warnings allowed), 1 tampering found, 2 usage or I/O error.
#[derive(Debug, Parser)]
#[command(name = "verify-chain", bin_name = "ocsf-validate verify-chain")]
pub struct VerifyChainArgs {
    /// File holding the key: raw bytes, one trailing newline ignored [default: the key in
    /// $OCSF_CHAIN_KEY]. The key itself is never an argument, which `ps` would show.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// The chained log files, oldest first (rotated files, then the live one).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

pub fn run(args: VerifyChainArgs) -> u8 {
    let key = match &args.key_file {
        Some(path) => match std::fs::read(path) {
            Ok(mut bytes) => {
                if bytes.last() == Some(&b'\n') {
                    bytes.pop();
                }
                Some(bytes)
            }
            Err(e) => {
                eprintln!("ocsf-validate: reading {}: {e}", path.display());
                return 2;
            }
        },
        None => std::env::var_os("OCSF_CHAIN_KEY").map(OsString::into_encoded_bytes),
    };
    let Some(key) = key else {
        let _ = VerifyChainArgs::command()
            .error(
                clap::error::ErrorKind::MissingRequiredArgument,
                "no key: give --key-file FILE or set OCSF_CHAIN_KEY",
            )
            .print();
        return 2;
    };
    let files = args.files;
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
