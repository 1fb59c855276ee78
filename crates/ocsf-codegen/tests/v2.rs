//! The v2 export layout (`/export/v2/schema`) reads into the same model as the legacy one.
//!
//! `tests/fixtures/mini/export-v2.json` is the golden `mini/export.json` written by hand in the
//! v2 layout: types under `dictionary.types.attributes`, `base_event` inside `classes`, attribute
//! profiles as lists (with `null` and `[]` for "no profile"), plus the category and profile
//! tables the legacy layout lacks.

use std::path::PathBuf;

use ocsf_codegen::{tables, Error, Layout, Schema};
use serde_json::{json, Value};

fn mini(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mini")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn mini_v2() -> Value {
    serde_json::from_slice(&mini("export-v2.json")).unwrap()
}

/// The error from reading this document.
fn read_err(doc: &Value) -> String {
    let bytes = serde_json::to_vec(doc).unwrap();
    Schema::from_export_json(&bytes)
        .expect_err("the export should be refused")
        .to_string()
}

#[test]
fn v2_fixture_gives_the_legacy_fixture_model() {
    let legacy = Schema::from_export_json(&mini("export.json")).unwrap();
    let v2 = Schema::from_export_json(&mini("export-v2.json")).unwrap();
    assert_eq!(v2, legacy);
    // Not vacuous: the profile lists came through as the legacy single profile.
    assert_eq!(
        v2.classes["login"].attributes["device"].profile.as_deref(),
        Some("host")
    );
    assert_eq!(v2.classes["login"].attributes["user"].profile, None);
    assert_eq!(v2.classes["login"].attributes["src_port"].profile, None);
    assert_eq!(v2.categories["other"].uid, 0);
}

#[test]
fn layouts_are_told_apart_by_their_top_level_keys() {
    assert_eq!(
        Layout::detect(["version", "classes", "objects", "types"]).unwrap(),
        Layout::Legacy
    );
    assert_eq!(
        Layout::detect(["version", "classes", "objects", "dictionary"]).unwrap(),
        Layout::V2
    );

    let mut both = mini_v2();
    both["types"] = json!({});
    assert_eq!(
        read_err(&both),
        "the schema export has both a top-level `types` (legacy layout) and a `dictionary` (v2 layout)"
    );
    let mut neither = mini_v2();
    neither.as_object_mut().unwrap().remove("dictionary");
    assert_eq!(
        read_err(&neither),
        "the schema export has neither a top-level `types` (legacy layout) nor a `dictionary` (v2 layout)"
    );
    assert!(matches!(
        Schema::from_export_json(b"{\"types\": "),
        Err(Error::Parse(_))
    ));
}

#[test]
fn a_v2_shape_error_names_the_layout_and_the_place() {
    let mut doc = mini_v2();
    doc["dictionary"]["types"] = json!([]);
    // Pretty-printed so that the line number means something.
    let bytes = serde_json::to_vec_pretty(&doc).unwrap();
    let err = Schema::from_export_json(&bytes).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Shape {
                layout: Layout::V2,
                ..
            }
        ),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.starts_with("the schema export does not fit the v2 `/export/v2/schema` layout: "),
        "{text}"
    );
    assert!(text.contains(" at line "), "{text}");
}

#[test]
fn an_unknown_compile_version_is_refused() {
    let mut doc = mini_v2();
    doc["compile_version"] = json!(2);
    assert_eq!(
        read_err(&doc),
        "the schema export has `compile_version` 2, but this reader knows only the v2 layout's \
         `compile_version` 1"
    );
    doc.as_object_mut().unwrap().remove("compile_version");
    assert!(
        read_err(&doc).contains("missing field `compile_version`"),
        "{}",
        read_err(&doc)
    );
}

#[test]
fn several_profiles_on_one_attribute_are_refused_not_cut() {
    let mut doc = mini_v2();
    doc["classes"]["login"]["attributes"]["device"]["profiles"] = json!(["host", "cloud"]);
    assert_eq!(
        read_err(&doc),
        "the schema export is inconsistent: `login.device` belongs to several profiles \
         (`host`, `cloud`), but the model holds one profile per attribute"
    );
}

#[test]
fn a_legacy_profile_key_in_a_v2_export_is_refused() {
    let mut doc = mini_v2();
    doc["objects"]["user"]["attributes"]["uid"]["profile"] = json!("host");
    assert_eq!(
        read_err(&doc),
        "the schema export is inconsistent: `user.uid` has a legacy `profile`, which the v2 \
         layout writes as `profiles`"
    );
}

#[test]
fn the_category_table_must_agree_with_the_classes() {
    let mut doc = mini_v2();
    doc["categories"]["attributes"]["iam"]["uid"] = json!(4);
    assert_eq!(
        read_err(&doc),
        "the schema export is inconsistent: the classes put category `iam` at uid 3 \
         (\"Identity & Access Management\"), but `categories` lists it at uid 4 \
         (\"Identity & Access Management\")"
    );
    // Without the tables there is nothing to cross-check, and the model is the same.
    let mut bare = mini_v2();
    let top = bare.as_object_mut().unwrap();
    top.remove("categories");
    top.remove("profiles");
    let bytes = serde_json::to_vec(&bare).unwrap();
    assert_eq!(
        Schema::from_export_json(&bytes).unwrap(),
        Schema::from_export_json(&mini("export.json")).unwrap()
    );
}

#[test]
fn a_profile_missing_from_the_profile_table_is_refused() {
    let mut doc = mini_v2();
    doc["profiles"] = json!({});
    assert_eq!(
        read_err(&doc),
        "the schema export is inconsistent: `base_event.device` uses profile `host`, which the \
         export's `profiles` table lacks"
    );
}

fn shared(name: &str) -> Option<Vec<u8>> {
    ocsf_test_support::shared_bytes(&format!("ocsf-schema/{name}"))
}

/// OCSF 1.6.0 compiled both ways by the same compiler. The layouts differ in where the data
/// types and dictionary live, in the legacy top-level `base_event` copy, in `profile` (one
/// string) against `profiles` (a one-entry list in all 2,150 1.6.0 attributes with one), and in
/// the v2-only `categories`, `profiles`, `extensions` and `compile_version` tables (whose
/// category table has no `other`, uid 0). None of that changes the model: the two give equal
/// models, hence equal tables.
#[test]
fn v2_export_gives_the_legacy_model() {
    let (Some(legacy), Some(v2)) = (
        shared("ocsf-1.6.0-export.json"),
        shared("ocsf-1.6.0-compiled-v2.json"),
    ) else {
        return;
    };
    let legacy = Schema::from_export_json(&legacy).unwrap();
    let v2 = Schema::from_export_json(&v2).unwrap();
    assert_eq!(v2.classes.len(), 75);
    assert_eq!(v2.objects.len(), 163);
    assert_eq!(v2.types.len(), 23);
    assert!(v2.categories.contains_key("other"));
    assert_eq!(v2.profiles.len(), 11);
    let with_profile = v2
        .classes
        .values()
        .flat_map(|c| c.attributes.values())
        .chain(v2.objects.values().flat_map(|o| o.attributes.values()))
        .filter(|a| a.profile.is_some())
        .count();
    assert_eq!(with_profile, 2150);
    assert!(v2 == legacy, "the v2 and legacy 1.6.0 exports differ");
    assert!(tables::generate(&[&v2], "1.6.0") == tables::generate(&[&legacy], "1.6.0"));
}
