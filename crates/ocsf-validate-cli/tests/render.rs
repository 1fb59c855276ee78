//! Every output format, snapshotted on events committed beside this test
//! (`tests/fixtures/render`), so that the renderers are checked on every clone.

mod common;

use std::path::PathBuf;

fn render(format: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render");
    common::output_on(&dir, format)
}

/// The formats that are text, each snapshotted under its name (`render__<format>.snap`).
#[test]
fn text_formats() {
    for format in ["human", "json", "github", "junit", "gitlab"] {
        insta::assert_snapshot!(format, render(format));
    }
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

/// The excerpt is optional; without it the lines are those of the excerpt's output, less the
/// excerpt.
#[test]
fn human_without_source() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render");
    let plain = common::output_with(&dir, &["--no-source"]);
    let with_source = render("human");
    let gutter = regex::Regex::new(r"^ +(\d+ )?\|").unwrap();
    let kept: Vec<&str> = with_source
        .lines()
        .filter(|l| !gutter.is_match(l))
        .collect();
    assert_eq!(plain.lines().collect::<Vec<_>>(), kept);
}
