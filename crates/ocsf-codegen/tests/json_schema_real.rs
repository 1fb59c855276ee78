//! The JSON Schemas of the real exports in `../shared/ocsf-schema` (every release 1.0.0 to
//! 1.8.0, and 1.6.0 with its platform extensions), generated in memory: they compile, they
//! fit, and the bundle and the entry documents agree on real and hand-made events.

mod common;

use std::collections::BTreeSet;

use common::{compile_bundle, compile_entry, document, manifest_dir, shared_export, Pair};
use ocsf_codegen::{json_schema, GeneratedFile, Schema};
use serde_json::{json, Value};

const VERSIONS: [&str; 9] = [
    "1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0", "1.6.0", "1.7.0", "1.8.0",
];

/// The most every version's documents may take together.
const MAX_BYTES_PER_VERSION: usize = 3_000_000;

fn export(version: &str) -> Option<(Schema, Vec<GeneratedFile>)> {
    let schema = shared_export(&format!("ocsf-{version}-export.json"))?;
    let files = json_schema::generate(&[&schema]);
    Some((schema, files))
}

/// Every version: one bundle and one entry per class, at most 3 MB in all; the bundle is a
/// valid 2020-12 schema holding every class once, and every entry compiles against it.
#[test]
fn every_version_compiles_and_fits() {
    let mut sizes = Vec::new();
    for version in VERSIONS {
        let Some((schema, files)) = export(version) else {
            return;
        };
        assert_eq!(files.len(), schema.classes.len() + 1, "{version}");
        let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
        sizes.push(format!("{version}: {bytes} bytes in {} files", files.len()));
        assert!(
            bytes <= MAX_BYTES_PER_VERSION,
            "{version}'s JSON Schemas take {bytes} bytes"
        );
        let bundle = document(&files, &json_schema::bundle_path(version));
        compile_bundle(&bundle);
        let classes = bundle["$defs"]
            .as_object()
            .expect("$defs")
            .keys()
            .filter(|k| k.starts_with("class."))
            .count();
        assert_eq!(classes, schema.classes.len(), "{version}");
        let uids = bundle["properties"]["class_uid"]["enum"]
            .as_array()
            .expect("a class_uid enum");
        assert_eq!(uids.len(), schema.classes.len(), "{version}");
        // Compiling the bundle compiled every class. Each entry refers to its class's
        // definition; compiling one proves the reference resolves (all of them would take
        // minutes: each compiles its class's whole tree again).
        for (name, class) in &schema.classes {
            let entry = document(&files, &json_schema::class_path(version, name));
            let target = entry["$ref"].as_str().expect("a $ref");
            let (_, def) = target.split_once("#/$defs/").expect("into $defs");
            let def = def.replace("~1", "/");
            assert_eq!(
                bundle["$defs"][&def]["properties"]["class_uid"]["const"],
                class.uid
            );
        }
        let first = schema
            .classes
            .keys()
            .find(|n| *n != "base_event")
            .expect("a class");
        compile_entry(
            &bundle,
            &document(&files, &json_schema::class_path(version, first)),
        );
    }
    eprintln!("{}", sizes.join("\n"));
}

/// Every type regex of every version, as generated, compiles in the `jsonschema` crate's
/// engine; the one PCRE literal (1.0.0's `ip_t`) is left out and `uuid_t` is anchored
/// (json_schema.rs documents both).
#[test]
fn type_regexes_compile_in_every_version() {
    for version in VERSIONS {
        let Some((schema, files)) = export(version) else {
            return;
        };
        let doc = document(&files, &json_schema::bundle_path(version));
        let mut patterns = BTreeSet::new();
        collect_patterns(&doc, &mut patterns);
        assert!(
            patterns.len() >= 4,
            "{version}: too few patterns: {patterns:?}"
        );
        for pattern in &patterns {
            jsonschema::draft202012::new(&json!({ "pattern": pattern }))
                .unwrap_or_else(|e| panic!("{version}: {pattern} does not compile: {e}"));
        }
        let uuid = format!(
            "^(?:{})$",
            schema.types["uuid_t"].regex.as_deref().expect("a regex")
        );
        assert!(patterns.contains(&uuid), "{version}");
        // device.ip: 1.0.0's ip_t regex is a PCRE literal, left out; later ones are kept.
        let ip = &doc["$defs"]["object.device"]["properties"]["ip"];
        let ip = match ip["$ref"].as_str() {
            Some(shared) => &doc["$defs"][shared.trim_start_matches("#/$defs/")],
            None => ip,
        };
        assert_eq!(ip["type"], "string", "{version}");
        assert_eq!(ip.get("pattern").is_none(), version == "1.0.0", "{version}");
        assert!(patterns.iter().all(|p| !p.starts_with('/')), "{version}");
    }
    let Some((schema, _)) = export("1.6.0") else {
        return;
    };
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

// ---------------------------------------------------------------------------------------------
// Events

fn seed_event(file: &str) -> Option<Value> {
    let bytes = ocsf_test_support::shared_bytes(&format!("seed-events/{file}"))?;
    Some(serde_json::from_slice(&bytes).expect("the seed event parses"))
}

/// The class an event claims, by its `class_uid`.
fn claimed_class<'a>(schema: &'a Schema, event: &Value) -> &'a str {
    let uid = event["class_uid"].as_u64().expect("a class_uid");
    schema
        .classes
        .iter()
        .find(|(_, c)| u64::from(c.uid) == uid)
        .map(|(name, _)| name.as_str())
        .expect("a known class")
}

/// The seed events, judged by the version they claim and by 1.6.0, each with the bundle and
/// with its class's entry document: the two report the same errors (`Pair::error_paths`), and
/// those include the problems the seed README lists.
#[test]
fn seed_events_get_the_same_verdict_from_bundle_and_entry() {
    let cases: [(&str, &[&str], &[&str]); 4] = [
        (
            "corbado-passkey-login.json",
            &["1.6.0"],
            // The only problem: a sibling caption in the wrong case.
            &["/device/type"],
        ),
        (
            "l42-password-logon.json",
            &["1.0.0", "1.6.0"],
            &[
                "",
                "/activity_name",
                "/actor/user",
                "/class_name",
                "/metadata",
            ],
        ),
        (
            "mongodb-authenticate.json",
            &["1.0.0", "1.6.0"],
            &["/metadata/product"],
        ),
        (
            "mongodb-authcheck.json",
            &["1.0.0", "1.6.0"],
            &["/actor", "/metadata/product"],
        ),
    ];
    for (file, versions, expected) in cases {
        let Some(event) = seed_event(file) else {
            return;
        };
        for version in versions {
            let Some((schema, files)) = export(version) else {
                return;
            };
            let pair = Pair::new(&files, version, claimed_class(&schema, &event));
            let errors = pair.error_paths(&event);
            for at in expected {
                assert!(
                    errors.iter().any(|e| e == at),
                    "{file} judged by {version}: no error at `{at}` in {errors:?}"
                );
            }
            if file == "corbado-passkey-login.json" {
                assert_eq!(errors, ["/device/type"], "{file}");
            }
        }
    }
}

/// The sibling error of the corbado event names the expected caption and where it comes from.
#[test]
fn seed_event_sibling_error_names_the_caption() {
    let (Some((_, files)), Some(event)) =
        (export("1.6.0"), seed_event("corbado-passkey-login.json"))
    else {
        return;
    };
    let pair = Pair::new(&files, "1.6.0", "authentication");
    for validator in [&pair.entry, &pair.bundle] {
        let errors: Vec<(String, String)> = validator
            .iter_errors(&event)
            .map(|e| (e.schema_path.to_string(), e.to_string()))
            .collect();
        assert_eq!(errors.len(), 1, "{errors:#?}");
        let (schema_path, message) = &errors[0];
        assert!(
            schema_path.contains("/dependentSchemas/type_id/") && schema_path.ends_with("/const"),
            "{schema_path}"
        );
        assert!(message.contains("\"Browser\""), "{message}");
    }
}

/// The repository's example events (written by `ocsf-example-app`) are valid 1.6.0 events:
/// both documents accept every one.
#[test]
fn generated_example_events_pass() {
    let Some((schema, files)) = export("1.6.0") else {
        return;
    };
    let dir = manifest_dir().join("../../examples/events");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("examples/events")
        .map(|e| e.expect("dir entry").path())
        .collect();
    paths.sort();
    assert!(paths.len() >= 5, "{paths:?}");
    for path in paths {
        let event: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
        let pair = Pair::new(&files, "1.6.0", claimed_class(&schema, &event));
        pair.assert_valid(&event);
    }
}

#[test]
fn unknown_class_uid_fails_in_every_version() {
    for version in VERSIONS {
        let Some((_, files)) = export(version) else {
            return;
        };
        let bundle = compile_bundle(&document(&files, &json_schema::bundle_path(version)));
        let event = json!({ "class_uid": 424242, "metadata": { "version": version } });
        let errors: Vec<String> = bundle
            .iter_errors(&event)
            .map(|e| format!("{} {}", e.instance_path, e.schema_path))
            .collect();
        assert_eq!(
            errors,
            ["/class_uid /properties/class_uid/enum"],
            "{version}"
        );
    }
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
fn real_1_6_0_authentication_events() {
    let Some((_, files)) = export("1.6.0") else {
        return;
    };
    let v = Pair::new(&files, "1.6.0", "authentication");
    v.assert_valid(&minimal_authentication());

    let mut event = minimal_authentication();
    event["class_name"] = json!("Foo");
    v.assert_invalid_at(&event, "/class_name");
    event["class_name"] = json!("Authentication");
    v.assert_valid(&event);

    let mut event = minimal_authentication();
    event["not_an_ocsf_attribute"] = json!(true);
    v.assert_invalid_at(&event, "");

    let mut event = minimal_authentication();
    event.as_object_mut().expect("object").remove("user");
    let errors: Vec<String> = v
        .entry
        .iter_errors(&event)
        .map(|e| format!("{} {}", e.instance_path, e.schema_path))
        .collect();
    assert_eq!(errors, [" /$ref/required"]);
    assert_eq!(v.error_paths(&event), [""]);

    // at_least_one [service, dst_endpoint]
    let mut event = minimal_authentication();
    event.as_object_mut().expect("object").remove("service");
    v.assert_invalid_at(&event, "");
    event["dst_endpoint"] = json!({ "ip": "10.1.2.3" });
    v.assert_valid(&event);

    // `cloud` (profile cloud) and `osint` (profile osint) are required only with their profile.
    let mut event = minimal_authentication();
    event["metadata"]["profiles"] = json!(["host", "datetime"]);
    v.assert_valid(&event);
    event["metadata"]["profiles"] = json!(["cloud"]);
    v.assert_invalid_at(&event, "");
    event["cloud"] = json!({ "provider": "AWS" });
    v.assert_valid(&event);
    event["metadata"]["profiles"] = json!(["cloud", "osint"]);
    v.assert_invalid_at(&event, "");

    let mut event = minimal_authentication();
    event["time_dt"] = json!("2025-10-16 12:27:59");
    v.assert_invalid_at(&event, "/time_dt");
    event["time_dt"] = json!("2025-10-16T12:27:59.123+02:00");
    v.assert_valid(&event);

    // A shared caption rule still names the sibling: severity_id 1 is "Informational".
    let mut event = minimal_authentication();
    event["severity"] = json!("Critical");
    assert_eq!(v.error_paths(&event), ["/severity"]);
}

#[test]
fn real_1_6_0_with_extensions() {
    let Some(schema) = shared_export("ocsf-1.6.0-export-with-extensions.json") else {
        return;
    };
    let files = json_schema::generate(&[&schema]);
    assert_eq!(files.len(), schema.classes.len() + 1);
    let extension: Vec<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.starts_with("schemas/json/1.6.0/win/"))
        .collect();
    assert!(
        extension.contains(&"schemas/json/1.6.0/win/registry_key_activity.json"),
        "{extension:?}"
    );
    let entry = document(&files, "schemas/json/1.6.0/win/registry_key_activity.json");
    assert_eq!(
        entry["$id"],
        "https://ocsf-rs.github.io/schemas/json/1.6.0/win/registry_key_activity.json"
    );
    assert_eq!(
        entry["$ref"],
        "../ocsf.schema.json#/$defs/class.win~1registry_key_activity"
    );
    let bundle = document(&files, "schemas/json/1.6.0/ocsf.schema.json");
    let class = &bundle["$defs"]["class.win/registry_key_activity"];
    assert_eq!(class["properties"]["class_uid"]["const"], 201001);
    // reg_key is the same in several win classes: shared, then a reference to the object.
    let shared = class["properties"]["reg_key"]["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/$defs/"))
        .expect("a reference into $defs");
    assert_eq!(
        bundle["$defs"][shared]["$ref"],
        "#/$defs/object.win~1reg_key"
    );
    compile_bundle(&bundle);
    for path in extension {
        let entry = document(&files, path);
        compile_entry(&bundle, &entry);
        common::compile_entry_retrieved(&files, &entry);
    }
}
