//! Every output format, snapshotted on events committed beside this test
//! (`tests/fixtures/render`), so that the renderers are checked on every clone.

mod common;

use std::path::PathBuf;

fn render(format: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render");
    common::output_on(&dir, format)
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

#[test]
fn junit() {
    insta::assert_snapshot!(render("junit"));
}

#[test]
fn gitlab() {
    insta::assert_snapshot!(render("gitlab"));
}

/// The excerpt is optional; without it the lines are those of the excerpt's output, less the
/// excerpt.
#[test]
fn human_without_source() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ocsf-validate"))
        .current_dir(&dir)
        .args(["--no-config", "--no-progress", "--no-source", "."])
        .output()
        .unwrap();
    let plain = String::from_utf8(out.stdout).unwrap();
    let with_source = render("human");
    let gutter = regex::Regex::new(r"^ +(\d+ )?\|").unwrap();
    let kept: Vec<&str> = with_source
        .lines()
        .filter(|l| !gutter.is_match(l))
        .collect();
    let ms = regex::Regex::new(r"\((\d+) ms\)").unwrap();
    assert_eq!(
        ms.replace_all(&plain, "(0 ms)").lines().collect::<Vec<_>>(),
        kept
    );
}
