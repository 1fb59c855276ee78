//! The per-class JSON Schemas: golden files from a hand-written export, then the real 1.6.0
//! exports (core and with extensions) compiled and exercised with the `jsonschema` crate.
//!
//! `UPDATE_GOLDEN=1 cargo test -p ocsf-codegen --test json_schema` rewrites the golden files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jsonschema::Validator;
use ocsf_codegen::{json_schema, GeneratedFile, Schema};
use serde_json::{json, Value};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture_dir() -> PathBuf {
    manifest_dir().join("tests/fixtures/json_schema")
}

fn mini_schema() -> Schema {
    let bytes = std::fs::read(fixture_dir().join("mini-export.json")).expect("mini-export.json");
    Schema::from_export_json(&bytes).expect("mini-export.json parses")
}

/// The shared schema data lives outside the repository; without it the real-export tests are
/// skipped rather than failed.
fn shared_export(file: &str) -> Option<Schema> {
    let path = manifest_dir()
        .join("../../../shared/ocsf-schema")
        .join(file);
    match std::fs::read(&path) {
        Ok(bytes) => Some(Schema::from_export_json(&bytes).expect("the shared export parses")),
        Err(_) => {
            eprintln!(
                "skipped: ../shared/ocsf-schema is absent ({})",
                path.display()
            );
            None
        }
    }
}

fn document(files: &[GeneratedFile], path: &str) -> Value {
    let file = files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} is not generated"));
    serde_json::from_str(&file.contents).expect("generated JSON parses")
}

/// Builds a draft 2020-12 validator. Building checks the document against the 2020-12
/// metaschema first (the crate's default), so this also proves the document is a valid schema.
fn compile(doc: &Value) -> Validator {
    jsonschema::draft202012::options()
        .build(doc)
        .unwrap_or_else(|e| panic!("{} is not a valid draft 2020-12 schema: {e}", doc["$id"]))
}

/// `(instance path, schema path)` of every error, for exact assertions.
fn errors(validator: &Validator, instance: &Value) -> Vec<(String, String)> {
    validator
        .iter_errors(instance)
        .map(|e| (e.instance_path.to_string(), e.schema_path.to_string()))
        .collect()
}

fn assert_valid(validator: &Validator, instance: &Value) {
    let messages: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}: {e}", e.schema_path, e.instance_path))
        .collect();
    assert!(messages.is_empty(), "unexpected errors: {messages:#?}");
}

fn assert_invalid_at(validator: &Validator, instance: &Value, instance_path: &str) {
    let errors = errors(validator, instance);
    assert!(
        errors.iter().any(|(at, _)| at == instance_path),
        "expected an error at `{instance_path}`, got {errors:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Golden files

#[test]
fn golden_mini_export() {
    let schema = mini_schema();
    let files = json_schema::generate(&[&schema]);
    let expected_dir = fixture_dir().join("expected");
    let prefix = "schemas/json/";
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    if update {
        let _ = std::fs::remove_dir_all(&expected_dir);
    }
    let mut mismatched = Vec::new();
    for file in &files {
        let rel = file.path.strip_prefix(prefix).expect("under schemas/json/");
        let path = expected_dir.join(rel);
        if update {
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            std::fs::write(&path, &file.contents).expect("write golden file");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(file.contents.as_str()) {
            mismatched.push(rel.to_owned());
        }
    }
    let generated: BTreeSet<String> = files
        .iter()
        .map(|f| f.path.strip_prefix(prefix).expect("prefix").to_owned())
        .collect();
    let on_disk = list_files(&expected_dir, &expected_dir);
    let extra: Vec<&String> = on_disk.difference(&generated).collect();
    assert!(
        mismatched.is_empty() && extra.is_empty(),
        "golden files differ: {mismatched:?}, no longer generated: {extra:?}; \
         rerun with UPDATE_GOLDEN=1 and review the diff"
    );
    assert_eq!(
        generated,
        BTreeSet::from([
            "0.1.0/base_event.json".to_owned(),
            "0.1.0/device_login.json".to_owned(),
            "0.1.0/win/probe.json".to_owned(),
        ])
    );
}

fn list_files(root: &Path, dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            out.extend(list_files(root, &path));
        } else {
            let rel = path.strip_prefix(root).expect("under root");
            out.insert(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    out
}

#[test]
fn output_is_deterministic_and_marked() {
    let schema = mini_schema();
    let first = json_schema::generate(&[&schema]);
    let second = json_schema::generate(&[&schema]);
    assert_eq!(first, second);
    for file in &first {
        let second_line = file.contents.lines().nth(1).expect("a second line");
        assert_eq!(
            second_line,
            "  \"$comment\": \"@generated by `cargo xtask codegen` from OCSF 0.1.0. Do not edit.\",",
            "{}: the marker must come first",
            file.path
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Behaviour on the mini export

fn mini_login() -> Validator {
    let files = json_schema::generate(&[&mini_schema()]);
    compile(&document(&files, "schemas/json/0.1.0/device_login.json"))
}

fn valid_login() -> Value {
    json!({
        "activity_id": 1,
        "category_uid": 9,
        "class_uid": 9001,
        "type_uid": 900101,
        "severity_id": 1,
        "time": 1_700_000_000_000_i64,
        "metadata": { "version": "0.1.0", "product": { "name": "p" } },
        "user": { "name": "alice" }
    })
}

#[test]
fn mini_documents_compile() {
    let files = json_schema::generate(&[&mini_schema()]);
    for file in &files {
        compile(&serde_json::from_str(&file.contents).expect("JSON"));
    }
}

#[test]
fn mini_valid_event_passes() {
    let v = mini_login();
    assert_valid(&v, &valid_login());
    let mut full = valid_login();
    full["class_name"] = json!("Device Login");
    full["category_name"] = json!("Demo Things");
    full["type_name"] = json!("Device Login: Logon");
    full["severity"] = json!("Informational");
    full["activity_name"] = json!("Logon");
    full["score"] = json!(3); // float_t accepts integers
    full["logon_port"] = json!(65535);
    full["session_uid"] = json!("123e4567-e89b-12d3-a456-426614174000");
    full["unmapped"] = json!({ "anything": [1, { "goes": true }] });
    full["raw_extra"] = json!([null, "x"]);
    full["device"] = json!({ "ip": "10.0.0.1", "type_id": 99, "type": "Phone" });
    full["processes"] = json!([{ "pid": 1, "parent_process": { "pid": 0, "parent_process": {} } }]);
    assert_valid(&v, &full);
}

#[test]
fn mini_classification_constants() {
    let v = mini_login();
    for (attr, bad) in [
        ("class_uid", json!(9002)),
        ("category_uid", json!(0)),
        ("class_name", json!("Foo")),
        ("category_name", json!("Other Things")),
        ("type_uid", json!(900102)),
        ("activity_id", json!(2)),
    ] {
        let mut event = valid_login();
        event[attr] = bad;
        assert_invalid_at(&v, &event, &format!("/{attr}"));
    }
}

#[test]
fn mini_sibling_captions() {
    let v = mini_login();
    let mut event = valid_login();
    event["device"] = json!({ "hostname": "h", "type_id": 8, "type": "browser" });
    assert_eq!(
        errors(&v, &event)
            .into_iter()
            .map(|(at, _)| at)
            .collect::<Vec<_>>(),
        ["/device/type"]
    );
    // The "Other" value leaves the caption free, for ids and for type_uid alike.
    event["device"] = json!({ "hostname": "h", "type_id": 99, "type": "browser" });
    event["type_uid"] = json!(900199);
    event["type_name"] = json!("Device Login: Whatever");
    assert_valid(&v, &event);
    event["type_uid"] = json!(900101);
    assert_invalid_at(&v, &event, "/type_name");
    // A caption without its id is not checked against anything.
    let mut event = valid_login();
    event["device"] = json!({ "hostname": "h", "type": "anything" });
    assert_invalid_at(&v, &event, "/device"); // type_id is required, nothing else
    assert_eq!(errors(&v, &event).len(), 1);
}

#[test]
fn mini_required_and_closed() {
    let v = mini_login();
    let mut event = valid_login();
    event.as_object_mut().expect("object").remove("user");
    assert_invalid_at(&v, &event, "");
    let mut event = valid_login();
    event["surprise"] = json!(1);
    assert_invalid_at(&v, &event, "");
    let mut event = valid_login();
    event["user"]["surprise"] = json!(1);
    assert_invalid_at(&v, &event, "/user");
}

#[test]
fn mini_profile_attributes() {
    let v = mini_login();
    // `cloud` is required by the cloud profile, so only when the event declares it.
    let mut event = valid_login();
    event["metadata"]["profiles"] = json!(["host"]);
    assert_valid(&v, &event);
    event["metadata"]["profiles"] = json!(["host", "cloud"]);
    assert_invalid_at(&v, &event, "");
    event["cloud"] = json!({ "provider": "AWS" });
    assert_valid(&v, &event);
}

#[test]
fn mini_dotted_constraint() {
    let v = mini_login();
    // at_least_one: device.os.name or user.name.
    let mut event = valid_login();
    event["user"] = json!({ "uid": "1" });
    assert_invalid_at(&v, &event, "");
    event["device"] =
        json!({ "hostname": "h", "type_id": 1, "os": { "name": "Win", "type_id": 100 } });
    assert_valid(&v, &event);
    event["device"]["os"] = json!({ "name": "Win", "type_id": 100, "type": "windows" });
    assert_invalid_at(&v, &event, "/device/os/type");
}

#[test]
fn mini_types() {
    let v = mini_login();
    for (attr, bad) in [
        ("logon_port", json!(65536)),
        ("logon_port", json!(-1)),
        ("time", json!(1.5)),
        ("time", json!("1700000000000")),
        ("score", json!("3")),
        ("legacy_flag", json!(1)),
        // uuid_t's upstream regex is unanchored; the generated pattern is anchored.
        (
            "session_uid",
            json!("x123e4567-e89b-12d3-a456-426614174000"),
        ),
        (
            "session_uid",
            json!("123e4567-e89b-12d3-a456-426614174000\n"),
        ),
    ] {
        let mut event = valid_login();
        event[attr] = bad;
        assert_invalid_at(&v, &event, &format!("/{attr}"));
    }
    let mut event = valid_login();
    event["device"] = json!({ "ip": "1".repeat(41), "type_id": 0 });
    assert_invalid_at(&v, &event, "/device/ip");
    event["device"] = json!({ "ip": "not an ip", "type_id": 0 });
    assert_invalid_at(&v, &event, "/device/ip");
    event["device"] = json!({ "ip": "::1", "mac": "00:11:22:33:44:zz", "type_id": 0 });
    assert_invalid_at(&v, &event, "/device/mac");
    let mut event = valid_login();
    event["processes"] = json!([{ "http_method": "PATCH" }]);
    assert_invalid_at(&v, &event, "/processes/0/http_method");
    event["processes"] = json!({ "pid": 1 });
    assert_invalid_at(&v, &event, "/processes");
}

#[test]
fn mini_just_one_and_extension_class() {
    let files = json_schema::generate(&[&mini_schema()]);
    let doc = document(&files, "schemas/json/0.1.0/win/probe.json");
    assert_eq!(
        doc["$id"],
        "https://schema.ocsf.io/schema/0.1.0/classes/win/probe"
    );
    let v = compile(&doc);
    let mut event = json!({
        "activity_id": 0,
        "category_uid": 9,
        "class_uid": 9002,
        "type_uid": 900200,
        "severity_id": 0,
        "time": 0,
        "metadata": { "version": "0.1.0", "product": { "uid": "p" } },
    });
    assert_invalid_at(&v, &event, "");
    event["user"] = json!({ "name": "u" });
    assert_valid(&v, &event);
    event["process"] = json!({ "pid": 1 });
    assert_invalid_at(&v, &event, "");
}

#[test]
fn mini_defs_are_reachable_objects_only() {
    let files = json_schema::generate(&[&mini_schema()]);
    let doc = document(&files, "schemas/json/0.1.0/device_login.json");
    let defs: BTreeSet<&str> = doc["$defs"]
        .as_object()
        .expect("$defs")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        defs,
        BTreeSet::from([
            "cloud", "device", "group", "metadata", "object", "os", "process", "product", "user"
        ])
    );
    assert_eq!(doc["properties"]["legacy_flag"]["deprecated"], true);
    assert_eq!(
        doc["$defs"]["process"]["properties"]["parent_process"]["$ref"],
        "#/$defs/process"
    );
}

// ---------------------------------------------------------------------------------------------
// The real 1.6.0 export

#[test]
fn real_1_6_0_documents_compile() {
    let Some(schema) = shared_export("ocsf-1.6.0-export.json") else {
        return;
    };
    let files = json_schema::generate(&[&schema]);
    assert_eq!(files.len(), 75);
    assert!(files
        .iter()
        .any(|f| f.path == "schemas/json/1.6.0/base_event.json"));
    for file in &files {
        let doc: Value = serde_json::from_str(&file.contents).expect("JSON");
        compile(&doc);
    }
}

/// Every type regex of the export, as generated, compiles in the `jsonschema` crate's engine
/// (json_schema.rs documents the one change, anchoring `uuid_t`).
#[test]
fn real_1_6_0_type_regexes_compile() {
    let Some(schema) = shared_export("ocsf-1.6.0-export.json") else {
        return;
    };
    let files = json_schema::generate(&[&schema]);
    let doc = document(&files, "schemas/json/1.6.0/base_event.json");
    let mut patterns = BTreeSet::new();
    collect_patterns(&doc, &mut patterns);
    let with_regex = schema.types.values().filter(|t| t.regex.is_some()).count();
    assert!(patterns.len() >= 4, "too few patterns found: {patterns:?}");
    assert!(with_regex >= 6);
    for t in schema.types.values() {
        let Some(regex) = &t.regex else { continue };
        let anchored = if t.name == "uuid_t" {
            format!("^(?:{regex})$")
        } else {
            regex.clone()
        };
        jsonschema::draft202012::new(&json!({ "pattern": anchored }))
            .unwrap_or_else(|e| panic!("{}'s regex does not compile: {e}", t.name));
    }
    let uuid = jsonschema::draft202012::new(&json!({
        "pattern": format!("^(?:{})$", schema.types["uuid_t"].regex.as_deref().expect("a regex"))
    }))
    .expect("compiles");
    assert!(uuid.is_valid(&json!("123e4567-e89b-12d3-a456-426614174000")));
    assert!(!uuid.is_valid(&json!("id-123e4567-e89b-12d3-a456-426614174000")));
}

fn collect_patterns(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("pattern", Value::String(p)) => {
                        out.insert(p.clone());
                    }
                    _ => collect_patterns(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_patterns(v, out)),
        _ => {}
    }
}

fn real_authentication() -> Option<Validator> {
    let schema = shared_export("ocsf-1.6.0-export.json")?;
    let files = json_schema::generate(&[&schema]);
    Some(compile(&document(
        &files,
        "schemas/json/1.6.0/authentication.json",
    )))
}

fn minimal_authentication() -> Value {
    json!({
        "activity_id": 1,
        "category_uid": 3,
        "class_uid": 3002,
        "type_uid": 300201,
        "severity_id": 1,
        "time": 1_760_617_679_583_i64,
        "metadata": { "version": "1.6.0", "product": { "name": "Test" } },
        "user": { "uid": "u-1" },
        "service": { "name": "svc" }
    })
}

#[test]
fn real_1_6_0_seed_event_has_only_the_sibling_error() {
    let Some(v) = real_authentication() else {
        return;
    };
    let path = manifest_dir().join("../../../shared/seed-events/corbado-passkey-login.json");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipped: ../shared/seed-events is absent");
        return;
    };
    let event: Value = serde_json::from_slice(&bytes).expect("the seed event parses");
    let errors: Vec<(String, String, String)> = v
        .iter_errors(&event)
        .map(|e| {
            (
                e.instance_path.to_string(),
                e.schema_path.to_string(),
                e.to_string(),
            )
        })
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let (at, schema_path, message) = &errors[0];
    assert_eq!(at, "/device/type");
    assert!(
        schema_path.contains("/dependentSchemas/type_id/") && schema_path.ends_with("/const"),
        "{schema_path}"
    );
    assert!(message.contains("\"Browser\""), "{message}");
}

#[test]
fn real_1_6_0_authentication_events() {
    let Some(v) = real_authentication() else {
        return;
    };
    assert_valid(&v, &minimal_authentication());

    let mut event = minimal_authentication();
    event["class_name"] = json!("Foo");
    assert_invalid_at(&v, &event, "/class_name");
    event["class_name"] = json!("Authentication");
    assert_valid(&v, &event);

    let mut event = minimal_authentication();
    event["not_an_ocsf_attribute"] = json!(true);
    assert_invalid_at(&v, &event, "");

    let mut event = minimal_authentication();
    event.as_object_mut().expect("object").remove("user");
    let errors = errors(&v, &event);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0], ("".to_owned(), "/required".to_owned()));

    // at_least_one [service, dst_endpoint]
    let mut event = minimal_authentication();
    event.as_object_mut().expect("object").remove("service");
    assert_invalid_at(&v, &event, "");
    event["dst_endpoint"] = json!({ "ip": "10.1.2.3" });
    assert_valid(&v, &event);

    // `cloud` (profile cloud) and `osint` (profile osint) are required only with their profile.
    let mut event = minimal_authentication();
    event["metadata"]["profiles"] = json!(["host", "datetime"]);
    assert_valid(&v, &event);
    event["metadata"]["profiles"] = json!(["cloud"]);
    assert_invalid_at(&v, &event, "");
    event["cloud"] = json!({ "provider": "AWS" });
    assert_valid(&v, &event);
    event["metadata"]["profiles"] = json!(["cloud", "osint"]);
    assert_invalid_at(&v, &event, "");

    let mut event = minimal_authentication();
    event["time_dt"] = json!("2025-10-16 12:27:59");
    assert_invalid_at(&v, &event, "/time_dt");
    event["time_dt"] = json!("2025-10-16T12:27:59.123+02:00");
    assert_valid(&v, &event);
}

#[test]
fn real_1_6_0_with_extensions_compiles() {
    let Some(schema) = shared_export("ocsf-1.6.0-export-with-extensions.json") else {
        return;
    };
    let files = json_schema::generate(&[&schema]);
    assert_eq!(files.len(), schema.classes.len());
    let extension: Vec<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.starts_with("schemas/json/1.6.0/win/"))
        .collect();
    assert!(
        extension.contains(&"schemas/json/1.6.0/win/registry_key_activity.json"),
        "{extension:?}"
    );
    let doc = document(&files, "schemas/json/1.6.0/win/registry_key_activity.json");
    assert_eq!(
        doc["$id"],
        "https://schema.ocsf.io/schema/1.6.0/classes/win/registry_key_activity"
    );
    assert_eq!(doc["properties"]["class_uid"]["const"], 201001);
    assert_eq!(doc["properties"]["reg_key"]["$ref"], "#/$defs/win~1reg_key");
    for file in &files {
        let doc: Value = serde_json::from_str(&file.contents).expect("JSON");
        compile(&doc);
    }
}
