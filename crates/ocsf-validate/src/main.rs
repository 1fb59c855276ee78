//! `ocsf-validate`: validate OCSF events in files, directories or stdin.

mod cli;
mod verify_chain;

use std::process::ExitCode;

fn main() -> ExitCode {
    // A subcommand would make every path named like one ambiguous for clap's positional
    // arguments; `verify-chain` is recognised only as the very first argument.
    let mut args = std::env::args_os().skip(1);
    if args.next().is_some_and(|a| a == "verify-chain") {
        return ExitCode::from(verify_chain::run(args));
    }
    match cli::run() {
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
