//! The tracing layer: `target: "ocsf"` events become OCSF events, others are ignored.

use std::sync::Arc;

use ocsf_emit::tracing_layer::OcsfLayer;
use ocsf_emit::{Emitter, MemorySink};
use tracing_subscriber::layer::SubscriberExt;

fn capture(f: impl FnOnce()) -> (Vec<serde_json::Value>, ocsf_emit::Metrics) {
    let sink = MemorySink::new();
    let emitter = Arc::new(Emitter::builder().sink(sink.clone()).build().unwrap());
    let subscriber = tracing_subscriber::registry().with(OcsfLayer::new(Arc::clone(&emitter)));
    tracing::subscriber::with_default(subscriber, f);
    emitter.flush().unwrap();
    (sink.values(), emitter.metrics())
}

#[test]
fn fields_become_attributes_and_dots_nest() {
    let (events, _) = capture(|| {
        tracing::error!(
            target: "ocsf",
            class_uid = 3002,
            activity_id = 2u64,
            user.name = "alice",
            user.uid = %"u-1",
            is_mfa = true,
            "logon failed"
        );
        tracing::error!(target: "app", "not an OCSF event");
    });
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(e["class_uid"], 3002);
    assert_eq!(e["activity_id"], 2);
    assert_eq!(
        e["user"],
        serde_json::json!({"name": "alice", "uid": "u-1"})
    );
    assert_eq!(e["is_mfa"], true);
    assert_eq!(e["message"], "logon failed");
    assert_eq!(e["severity_id"], 4, "ERROR maps to High");
    assert!(e["time"].as_i64().unwrap() > 1_600_000_000_000);
}

#[test]
fn an_event_field_carries_a_whole_event_and_fields_override_it() {
    let json = r#"{"class_uid":6003,"severity_id":1,"time":5,"api":{"operation":"Get"}}"#;
    let (events, _) = capture(|| {
        tracing::warn!(target: "ocsf::audit", event = json, api.operation = "Put");
    });
    let e = &events[0];
    assert_eq!(e["class_uid"], 6003);
    assert_eq!(e["time"], 5);
    assert_eq!(e["severity_id"], 1, "kept from the event, not the level");
    assert_eq!(e["api"]["operation"], "Put");
}

#[test]
fn an_event_field_that_is_not_a_json_object_is_reported_not_emitted() {
    let (events, metrics) = capture(|| {
        tracing::info!(target: "ocsf", event = %"{not json");
        tracing::info!(target: "ocsf", event = "[1,2]");
    });
    assert!(events.is_empty());
    assert_eq!(metrics.failed, 2);
}
