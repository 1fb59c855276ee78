//! Every emitted event validates against the generated JSON Schema of its class, and reads as
//! the typed class.

use std::path::Path;

/// The validator of the event's class: its entry document (schemas/json/1.6.0/<class>.json),
/// with the version's bundle provided as a resource under its `$id`.
fn validator_for(event: &serde_json::Value) -> (&'static str, jsonschema::Validator) {
    let uid = u32::try_from(event["class_uid"].as_u64().unwrap()).unwrap();
    let class = ocsf::ocsf_schema::v1_6_0::schema()
        .class_by_uid(uid)
        .unwrap()
        .name;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/json/1.6.0");
    let read = |file: &str| -> serde_json::Value {
        let path = dir.join(file);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap()
    };
    let bundle = read("ocsf.schema.json");
    let id = bundle["$id"].as_str().unwrap().to_owned();
    let validator = jsonschema::draft202012::options()
        .with_resource(id, jsonschema::Resource::from_contents(bundle).unwrap())
        .build(&read(&format!("{class}.json")))
        .unwrap();
    (class, validator)
}

#[test]
fn every_event_validates_against_its_class_schema() {
    let events = ocsf_example_app::sample_events(ocsf_example_app::fixed_start());
    assert_eq!(events.len(), 6);
    for event in &events {
        let (class, validator) = validator_for(event);
        let errors: Vec<String> = validator
            .iter_errors(event)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{class}: {errors:#?}\n{event:#}");
    }
}

#[test]
fn the_bundled_example_events_are_this_program_s_output() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/events");
    let events = ocsf_example_app::sample_events(ocsf_example_app::fixed_start());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for file in files {
        let bundled: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert!(
            events.contains(&bundled),
            "{} is not in the program's output",
            file.display()
        );
    }
}

#[test]
fn the_schema_check_catches_a_caption_that_disagrees_with_its_id() {
    let mut event = ocsf_example_app::sample_events(ocsf_example_app::fixed_start()).remove(0);
    event["severity"] = "Critical".into();
    let (_, validator) = validator_for(&event);
    assert!(!validator.is_valid(&event));
}

#[test]
fn every_event_reads_as_its_typed_class() {
    use ocsf::OcsfEvent;
    let start = ocsf_example_app::fixed_start();
    let login = ocsf_example_app::Session::Logoff {
        at: start,
        user_id: "u-1",
        service: "console",
        session_id: "s-1",
        reason: "timeout",
    };
    let typed = login.to_ocsf().unwrap();
    assert_eq!(serde_json::to_value(&typed).unwrap(), login.to_json());
}
