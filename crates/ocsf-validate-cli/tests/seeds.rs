//! Snapshots of the human and JSON output of the binary on the four seed events (what they
//! report is checked in `ocsf-validate`'s tests/seeds.rs).

mod common;

fn cli(format: &str) -> Option<String> {
    let dir = common::shared("seed-events")?;
    Some(common::output_on(&dir, format))
}

#[test]
fn snapshot_human() {
    let Some(text) = cli("human") else { return };
    insta::assert_snapshot!(text);
}

#[test]
fn snapshot_json() {
    let Some(text) = cli("json") else { return };
    insta::assert_snapshot!(text);
}
