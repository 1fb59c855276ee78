//! `diff`: snapshots of both renderings on two hand-written fixtures
//! (`tests/fixtures/diff/{old,new}.json`) that make every kind of change at least once, and
//! facts about the real 1.5.0 -> 1.6.0 bump checked against the shared exports when present.

use std::path::PathBuf;

use ocsf_codegen::diff::{diff, ChangeKind, Location, SchemaDiff};
use ocsf_codegen::model::EnumKey;
use ocsf_codegen::Schema;

fn fixture(name: &str) -> Schema {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(name);
    Schema::from_export_json(&std::fs::read(path).unwrap()).unwrap()
}

fn fixture_diff() -> SchemaDiff {
    diff(&fixture("old.json"), &fixture("new.json"))
}

#[test]
fn fixture_diff_human() {
    insta::assert_snapshot!(fixture_diff().render_human());
}

#[test]
fn fixture_diff_json() {
    insta::assert_json_snapshot!(fixture_diff().to_json());
}

#[test]
fn fixture_diff_covers_every_kind() {
    let d = fixture_diff();
    let kinds: std::collections::BTreeSet<&str> = d.changes.iter().map(|c| c.kind.name()).collect();
    assert_eq!(kinds.len(), 28, "kinds the fixtures exercise: {kinds:?}");
}

#[test]
fn a_change_in_every_common_class_is_reported_once() {
    let d = fixture_diff();
    let raw_data_hash: Vec<&Location> = d
        .changes
        .iter()
        .filter(|c| {
            matches!(&c.kind, ChangeKind::AttributeAdded { attribute, .. } if attribute == "raw_data_hash")
        })
        .map(|c| &c.at)
        .collect();
    assert_eq!(raw_data_hash, [&Location::EveryClass]);
    // `file_activity` does not take severity 6: one entry naming the three classes that do.
    let fatal: Vec<&Location> = d
        .changes
        .iter()
        .filter(|c| matches!(&c.kind, ChangeKind::EnumValueAdded { value, .. } if *value == EnumKey::Int(6)))
        .map(|c| &c.at)
        .collect();
    let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        fatal,
        [&Location::Classes {
            owners: names(&["account_change", "base_event", "login"]),
            others: names(&["file_activity"]),
        }]
    );
    // Two classes detach `host`: too few to group.
    let detached: Vec<&Location> = d
        .changes
        .iter()
        .filter(|c| matches!(&c.kind, ChangeKind::ProfileDetached { .. }))
        .map(|c| &c.at)
        .collect();
    assert_eq!(
        detached,
        [
            &Location::Class("base_event".into()),
            &Location::Class("login".into())
        ]
    );
}

#[test]
fn the_same_schema_has_no_changes() {
    let old = fixture("old.json");
    let d = diff(&old, &old);
    assert!(d.changes.is_empty(), "{:?}", d.changes);
    assert_eq!(
        d.render_human(),
        "OCSF 0.9.0 -> 0.9.0: 0 changes (0 breaking)\n"
    );
}

#[test]
fn diff_is_deterministic() {
    assert_eq!(fixture_diff(), fixture_diff());
}

fn shared_export(version: &str) -> Option<Schema> {
    let bytes =
        ocsf_test_support::shared_bytes(&format!("ocsf-schema/ocsf-{version}-export.json"))?;
    Some(Schema::from_export_json(&bytes).unwrap())
}

/// Facts about 1.5.0 -> 1.6.0 found independently in the two exports with jq.
#[test]
fn real_1_5_0_to_1_6_0() {
    let (Some(old), Some(new)) = (shared_export("1.5.0"), shared_export("1.6.0")) else {
        return;
    };
    let d = diff(&old, &new);
    let has =
        |at: &Location, kind: &ChangeKind| d.changes.iter().any(|c| &c.at == at && &c.kind == kind);
    let class = |n: &str| Location::Class(n.to_owned());
    let object = |n: &str| Location::Object(n.to_owned());
    assert!(has(
        &class("iam_analysis_finding"),
        &ChangeKind::ClassAdded {
            uid: 2008,
            category: "findings".into()
        }
    ));
    for added in [
        "access_analysis_result",
        "additional_restriction",
        "identity_activity_metrics",
        "permission_analysis_result",
        "port_info",
        "programmatic_credential",
    ] {
        assert!(has(&object(added), &ChangeKind::ObjectAdded), "{added}");
    }
    let attributes_added: Vec<(&Location, &str)> = d
        .changes
        .iter()
        .filter_map(|c| match &c.kind {
            ChangeKind::AttributeAdded { attribute, .. } => Some((&c.at, attribute.as_str())),
            _ => None,
        })
        .collect();
    // raw_data_hash is new in base_event, hence in its 74 classes and base_event: one entry.
    assert!(attributes_added.contains(&(&Location::EveryClass, "raw_data_hash")));
    assert!(!attributes_added
        .iter()
        .any(|(at, a)| matches!(at, Location::Class(_)) && *a == "raw_data_hash"));
    assert!(attributes_added.contains(&(&class("authentication"), "account_switch_type_id")));
    assert!(attributes_added.contains(&(&class("network_activity"), "is_src_dst_assignment_known")));
    assert!(!d.changes.iter().any(|c| matches!(
        c.kind,
        ChangeKind::ClassRemoved { .. } | ChangeKind::ObjectRemoved
    )));
}
