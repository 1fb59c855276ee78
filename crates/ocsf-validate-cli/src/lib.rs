//! The `ocsf-validate` command. A library only so that two binaries build the same command:
//! `ocsf-validate` (this crate's) and `ocsf-validate-hook` (the package at the repository's
//! root, which pre-commit's `language: rust` installs); it is no API.

mod cli;
mod verify_chain;

/// The command's allocator, for both binaries. A run allocates and frees several small strings
/// per diagnostic, with `--jobs N` in the workers and freed by the writer thread: with glibc's
/// allocator `--jobs 2` ran about 1.25x as fast as `--jobs 1` on the published events, with
/// jemalloc about 1.65x (README, "Measured").
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

/// Runs the command on the process's arguments.
pub fn main() -> ExitCode {
    let argv: Vec<OsString> = std::env::args_os().collect();
    // A subcommand would make every path named like one ambiguous for clap's positional
    // arguments; `verify-chain` is recognised only as the very first argument.
    if argv.get(1).is_some_and(|a| a == "verify-chain") {
        return ExitCode::from(match parse(&argv[1..]) {
            Ok(args) => verify_chain::run(args),
            Err(code) => code,
        });
    }
    let args = match parse(&argv) {
        Ok(args) => args,
        Err(code) => return ExitCode::from(code),
    };
    match cli::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if cli::is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("ocsf-validate: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// `argv` (the program name first) parsed by clap. On a usage error, `--help` or `--version`,
/// clap's text is printed and the exit code returned instead: 2, or 0 for help and version.
fn parse<P: Parser>(argv: &[OsString]) -> Result<P, u8> {
    P::try_parse_from(argv).map_err(|e| {
        let code = if e.use_stderr() { 2 } else { 0 };
        let _ = e.print();
        code
    })
}
