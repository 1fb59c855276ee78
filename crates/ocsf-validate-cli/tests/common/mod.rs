#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The binary run in `dir` with `args`, fed `stdin` (closed at once when `None`).
pub fn run(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ocsf-validate"));
    cmd.current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

/// `event` (JSON text) pretty-printed, as `jq` writes it (keys in serde_json's order).
pub fn pretty(event: &str) -> String {
    serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(event).unwrap())
        .unwrap()
}

/// `../shared/<sub>`; `None` (with a message) when absent, a failure under
/// `OCSF_REQUIRE_SHARED=1` (see `ocsf-test-support`).
pub fn shared(sub: &str) -> Option<PathBuf> {
    ocsf_test_support::shared(sub)
}

/// The binary's output in `format` on every event under `dir` (no policy file), which has
/// findings (exit 1). Durations, the only thing that changes from run to run, read 0 (not
/// "(25 chars)").
pub fn output_on(dir: &Path, format: &str) -> String {
    output_with(dir, &["--format", format])
}

/// [`output_on`] with other arguments.
pub fn output_with(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_ocsf-validate"))
        .current_dir(dir)
        .args(["--no-config", "--no-progress"])
        .args(args)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let ms = regex::Regex::new(r"\((\d+) ms\)").unwrap();
    let json_ms = regex::Regex::new(r#""duration_ms":\d+"#).unwrap();
    let text = ms.replace_all(&text, "(0 ms)");
    json_ms
        .replace_all(&text, r#""duration_ms":0"#)
        .into_owned()
}
pub mod tools;
