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
