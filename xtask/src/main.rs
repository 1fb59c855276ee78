//! `cargo xtask pull`, `cargo xtask codegen`, `cargo xtask diff`, `cargo xtask docs` and
//! `cargo xtask fuzz`: the only code that touches the network and the only writer of generated
//! files.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod codegen;
mod diff;
mod docs;
mod fuzz;
mod lock;
mod pull;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Maintainer tasks for the OCSF workspace"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Download a compiled schema export, pin it by checksum and cache it under schemas/cache/.
    Pull(pull::PullArgs),
    /// Generate the static tables, typed classes and JSON Schemas from the pinned schema(s).
    Codegen(codegen::CodegenArgs),
    /// Explain a schema bump: what changed between two pinned versions.
    Diff(diff::DiffArgs),
    /// Write docs/rules.md from the validator's rule registry.
    Docs(docs::DocsArgs),
    /// Build and run the coverage-guided fuzz targets in fuzz/ (libFuzzer, stable Rust).
    Fuzz(fuzz::FuzzArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    let result = match cli.command {
        Command::Pull(args) => pull::run(&root, &args),
        Command::Codegen(args) => codegen::run(&root, &args),
        Command::Diff(args) => diff::run(&root, &args),
        Command::Docs(args) => docs::run(&root, &args),
        Command::Fuzz(args) => fuzz::run(&root, &args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One clear line: the error and its causes, joined.
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: xtask lives one level below it.
fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
