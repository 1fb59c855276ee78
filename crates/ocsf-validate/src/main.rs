//! `ocsf-validate`: validate OCSF events in files, directories or stdin.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
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
