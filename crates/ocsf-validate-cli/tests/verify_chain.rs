//! `ocsf-validate verify-chain`: exit 0 on an intact chain, 1 naming the altered line, 2 on
//! usage errors (clap's). The chain is written by `ocsf-emit`'s chained file sink.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ocsf_emit::{Emitter, FileSink};
use serde_json::json;

const KEY: &[u8] = b"test key: 32 bytes of secret....";

fn write_chain(dir: &Path, n: u64) -> PathBuf {
    let path = dir.join("security.log");
    let sink = FileSink::builder(&path)
        .chain(KEY)
        .checkpoint_every(10)
        .build();
    let emitter = Emitter::builder().sink(sink).build().unwrap();
    for i in 0..n {
        emitter.emit_value(
            &json!({"class_uid": 3002, "activity_id": 1, "metadata": {"uid": format!("e-{i}")}}),
        );
    }
    drop(emitter);
    path
}

fn verify(key_file: &Path, files: &[PathBuf]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ocsf-validate"))
        .arg("verify-chain")
        .arg("--key-file")
        .arg(key_file)
        .args(files)
        .output()
        .unwrap()
}

#[test]
fn exits_0_when_intact_and_1_naming_the_line_when_not() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_chain(dir.path(), 20);
    let key_file = dir.path().join("key");
    std::fs::write(&key_file, [KEY, b"\n"].concat()).unwrap();

    let ok = verify(&key_file, std::slice::from_ref(&log));
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    // 20 events and 3 checkpoints (every 10, and one at close).
    assert!(
        String::from_utf8_lossy(&ok.stdout).starts_with("intact: 23 record(s)"),
        "{ok:?}"
    );

    let text = std::fs::read_to_string(&log).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[4] = lines[4].replace("e-4", "e-999");
    std::fs::write(&log, lines.join("\n") + "\n").unwrap();
    let bad = verify(&key_file, std::slice::from_ref(&log));
    assert_eq!(bad.status.code(), Some(1), "{bad:?}");
    let out = String::from_utf8_lossy(&bad.stdout);
    assert!(
        out.contains(&format!("{}:5: error: Altered", log.display())),
        "{out}"
    );
}

#[test]
fn a_missing_key_or_file_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_chain(dir.path(), 2);
    let run = |args: &[&std::ffi::OsStr]| {
        Command::new(env!("CARGO_BIN_EXE_ocsf-validate"))
            .arg("verify-chain")
            .args(args)
            .env_remove("OCSF_CHAIN_KEY")
            .output()
            .unwrap()
    };
    let no_key = run(&[log.as_os_str()]);
    assert_eq!(no_key.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&no_key.stderr);
    assert!(
        stderr.contains("no key: give --key-file FILE or set OCSF_CHAIN_KEY"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Usage: ocsf-validate verify-chain"),
        "{stderr}"
    );

    let no_file = run(&["--key-file".as_ref(), log.as_os_str()]);
    assert_eq!(no_file.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_file.stderr).contains("<FILE>..."));
}

/// `verify-chain` is a subcommand only as the first argument: elsewhere it is a path to validate.
#[test]
fn verify_chain_is_a_path_after_the_first_argument() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("verify-chain"), "{}\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ocsf-validate"))
        .current_dir(dir.path())
        .args(["--no-config", "--format", "json", "verify-chain"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains(r#""file":"verify-chain""#));
}
