//! `ocsf-validate`: validate OCSF events in files, directories or stdin (the command is in
//! the library, `src/lib.rs`).

fn main() -> std::process::ExitCode {
    ocsf_validate_cli::main()
}
