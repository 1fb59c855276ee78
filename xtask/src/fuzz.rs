//! `cargo xtask fuzz [TARGET] [--time SECONDS]`: builds the coverage-guided fuzz targets in
//! `fuzz/` (libFuzzer, linked by libfuzzer-sys) on stable Rust and runs them, each seeded from
//! the example events, `../shared`'s seed and published events and `fuzz/seeds/`.
//!
//! The flags are cargo-fuzz's with `--sanitizer none`: LLVM's sanitizer coverage
//! (`-Cpasses=sancov-module` with inline 8-bit counters, a PC table and comparison tracing,
//! which stable rustc accepts), `--cfg fuzzing`, debug assertions and overflow checks. No
//! address sanitizer: it needs a nightly `-Z` flag, and the fuzzed crates forbid `unsafe`.
//! The build gets its own target directory (`target/fuzz`), since its flags differ.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use clap::Args;

/// Every target, in the order they run.
const TARGETS: &[&str] = &[
    "scanner",
    "validate_bytes",
    "lines_reader",
    "array_reader",
    "policy",
    "cef",
    "chain",
    "redact",
    "detect",
];

const FLAGS: &[&str] = &[
    "-Cpasses=sancov-module",
    "-Cllvm-args=-sanitizer-coverage-level=4",
    "-Cllvm-args=-sanitizer-coverage-inline-8bit-counters",
    "-Cllvm-args=-sanitizer-coverage-pc-table",
    "-Cllvm-args=-sanitizer-coverage-trace-compares",
    "--cfg",
    "fuzzing",
    "-Cdebug-assertions",
    "-Coverflow-checks",
];

#[derive(Debug, Args)]
pub struct FuzzArgs {
    /// One target (default: all, one after the other).
    target: Option<String>,
    /// Seconds per target.
    #[arg(long, default_value_t = 60)]
    time: u64,
    /// Largest input in bytes.
    #[arg(long, default_value_t = 65536)]
    max_len: usize,
}

fn host() -> Result<String> {
    let out = Command::new("rustc").arg("-vV").output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_owned)
        .context("`rustc -vV` names no host")
}

pub fn run(root: &Path, args: &FuzzArgs) -> Result<()> {
    let targets: Vec<&str> = match &args.target {
        Some(t) if TARGETS.contains(&t.as_str()) => vec![t.as_str()],
        Some(t) => bail!(
            "no fuzz target `{t}`: the targets are {}",
            TARGETS.join(", ")
        ),
        None => TARGETS.to_vec(),
    };
    let host = host()?;
    let target_dir = root.join("target/fuzz");
    let status = Command::new(env!("CARGO"))
        .args([
            "build",
            "--release",
            "--locked",
            "--bins",
            "--target",
            &host,
        ])
        .arg("--manifest-path")
        .arg(root.join("fuzz/Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target_dir)
        .env("RUSTFLAGS", FLAGS.join(" "))
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("the fuzz targets do not build");
    }
    let bin_dir = target_dir.join(&host).join("release");
    let mut rows = Vec::new();
    let mut crashed = Vec::new();
    for target in targets {
        let corpus = target_dir.join("corpus").join(target);
        seed(root, target, &corpus)?;
        let artifacts = root.join("fuzz/artifacts").join(target);
        std::fs::create_dir_all(&artifacts)?;
        eprintln!("== fuzz {target} for {}s", args.time);
        let out = Command::new(bin_dir.join(target))
            .arg(&corpus)
            .arg(format!("-max_total_time={}", args.time))
            .arg(format!("-max_len={}", args.max_len))
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .arg("-print_final_stats=1")
            .arg("-timeout=10")
            .arg("-rss_limit_mb=2048")
            .output()
            .with_context(|| format!("cannot run the fuzz target {target}"))?;
        let log = String::from_utf8_lossy(&out.stderr);
        let stat = |name: &str| {
            log.lines()
                .find_map(|l| l.strip_prefix(&format!("stat::{name}:")))
                .map_or(String::from("?"), |v| v.trim().to_owned())
        };
        let corpus_files = std::fs::read_dir(&corpus).map_or(0, |d| d.count());
        rows.push(format!(
            "| {target} | {} | {} | {corpus_files} | {} |",
            stat("number_of_executed_units"),
            stat("average_exec_per_sec"),
            if out.status.success() {
                "none"
            } else {
                "CRASH"
            },
        ));
        if !out.status.success() {
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            eprintln!("{}", tail.into_iter().rev().collect::<Vec<_>>().join("\n"));
            crashed.push(target);
        }
    }
    println!("| target | executions | per second | corpus | crashes |");
    println!("|---|---|---|---|---|");
    for r in rows {
        println!("{r}");
    }
    if !crashed.is_empty() {
        bail!(
            "crashes in {}: inputs written to fuzz/artifacts/",
            crashed.join(", ")
        );
    }
    Ok(())
}

/// Fills a target's corpus (kept across runs) with the seeds it lacks.
fn seed(root: &Path, target: &str, corpus: &Path) -> Result<()> {
    std::fs::create_dir_all(corpus)?;
    let shared = root.join("../shared");
    let mut files: Vec<PathBuf> = Vec::new();
    let mut texts: Vec<Vec<u8>> = Vec::new();
    let add_dir = |dir: &Path, files: &mut Vec<PathBuf>| {
        if let Ok(entries) = std::fs::read_dir(dir) {
            files.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
        }
    };
    add_dir(&root.join("fuzz/seeds").join(target), &mut files);
    match target {
        "policy" => {}
        "cef" | "chain" | "redact" | "scanner" | "validate_bytes" | "lines_reader"
        | "array_reader" => {
            add_dir(&root.join("examples/events"), &mut files);
            add_dir(&shared.join("seed-events"), &mut files);
            // Published events, one a seed, from each file's first lines.
            if let Ok(entries) = std::fs::read_dir(shared.join("real-events")) {
                for e in entries.filter_map(|e| e.ok()) {
                    if e.path().extension().is_some_and(|x| x == "jsonl") {
                        let text = std::fs::read(e.path())?;
                        texts.extend(
                            text.split(|&b| b == b'\n')
                                .filter(|l| !l.is_empty())
                                .take(40)
                                .map(<[u8]>::to_vec),
                        );
                    }
                }
            }
        }
        "detect" => {
            // The public rule sets' example strings, each a seed: secrets, personal data and
            // their look-alikes (the differential tests run the published events' values).
            let examples = shared.join("secret-examples/ruleset-examples.jsonl");
            if let Ok(text) = std::fs::read_to_string(examples) {
                for line in text.lines() {
                    let value = serde_json::from_str::<serde_json::Value>(line)
                        .ok()
                        .and_then(|v| v.get("value")?.as_str().map(str::to_owned));
                    texts.extend(value.map(String::into_bytes));
                }
            }
        }
        _ => {}
    }
    for f in files.iter().filter(|f| f.is_file()) {
        texts.push(std::fs::read(f)?);
    }
    // The readers take their bound, block and buffer sizes from the first bytes.
    let prefix: &[u8] = match target {
        "lines_reader" => &[40, 7, 3],
        "array_reader" => &[100, 5],
        _ => &[],
    };
    for (i, text) in texts.iter().enumerate() {
        let path = corpus.join(format!("seed-{i:04}"));
        if !path.exists() {
            let mut bytes = prefix.to_vec();
            bytes.extend_from_slice(text);
            std::fs::write(&path, bytes)?;
        }
    }
    Ok(())
}
