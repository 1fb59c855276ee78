//! Every output format, snapshotted on events committed beside this test
//! (`tests/fixtures/render`), so that the renderers are checked on every clone.

use std::path::PathBuf;
use std::process::Command;

fn render(format: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render");
    let out = Command::new(env!("CARGO_BIN_EXE_ocsf-validate"))
        .current_dir(&dir)
        .args(["--no-config", "--no-progress", "--format", format, "."])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    // Durations are the only thing that changes from run to run.
    let ms = regex::Regex::new(r"\((\d+) ms\)").unwrap();
    let json_ms = regex::Regex::new(r#""duration_ms":\d+"#).unwrap();
    let text = ms.replace_all(&text, "(0 ms)");
    json_ms
        .replace_all(&text, r#""duration_ms":0"#)
        .into_owned()
}

#[test]
fn human() {
    insta::assert_snapshot!(render("human"));
}

#[test]
fn json() {
    insta::assert_snapshot!(render("json"));
}

#[test]
fn sarif() {
    let text = render("sarif");
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    // The rule list is the registry (docs/rules.md guards it); the results are what is rendered.
    insta::assert_json_snapshot!(doc["runs"][0]["results"]);
    assert_eq!(doc["version"], "2.1.0");
    assert_eq!(
        doc["runs"][0]["properties"]["eventsBySchemaVersion"],
        serde_json::json!({"1.0.0": 1, "1.1.0": 1, "1.6.0": 1})
    );
}

#[test]
fn github() {
    insta::assert_snapshot!(render("github"));
}
