//! A `tracing` layer that emits OCSF events (feature `tracing`).
//!
//! Tracing events whose target is `ocsf` (or starts with `ocsf::`) become OCSF events; all
//! other events are ignored. The field convention:
//!
//! - `event`: a whole OCSF event as a JSON object string, e.g.
//!   `info!(target: "ocsf", event = %serde_json::to_string(&auth)?)` or `event = json_str`.
//! - any other field is an attribute by name; dots nest: `user.name = "alice"` sets
//!   `{"user":{"name":"alice"}}`. Integers, floats and booleans stay numbers and booleans;
//!   `%x` and `?x` values become strings. Fields override the same attributes of `event`.
//! - the formatted message (`info!(target: "ocsf", "text")`) becomes `message`.
//! - `time` is filled with the current time (ms) when absent, and `severity_id` from the
//!   level when absent: ERROR → 4 (High), WARN → 3 (Medium), INFO/DEBUG/TRACE → 1
//!   (Informational).
//!
//! ```
//! use std::sync::Arc;
//! use ocsf_emit::{Emitter, MemorySink, tracing_layer::OcsfLayer};
//! use tracing_subscriber::layer::SubscriberExt;
//!
//! let sink = MemorySink::new();
//! let emitter = Arc::new(Emitter::builder().sink(sink.clone()).build().unwrap());
//! let subscriber = tracing_subscriber::registry().with(OcsfLayer::new(Arc::clone(&emitter)));
//! tracing::subscriber::with_default(subscriber, || {
//!     tracing::warn!(target: "ocsf", class_uid = 3002, activity_id = 1, user.name = "alice", "logon");
//! });
//! emitter.flush().unwrap();
//! let event = &sink.values()[0];
//! assert_eq!(event["user"]["name"], "alice");
//! assert_eq!(event["severity_id"], 3);
//! ```
//!
//! An `event` field that is not a JSON object is reported through the emitter's error
//! callback and counted as failed; nothing is emitted for it.

use std::fmt;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer};

use crate::{Emitter, Error};

/// Turns `target: "ocsf"` tracing events into OCSF events on an [`Emitter`].
pub struct OcsfLayer {
    emitter: Arc<Emitter>,
}

impl OcsfLayer {
    pub fn new(emitter: Arc<Emitter>) -> Self {
        OcsfLayer { emitter }
    }
}

#[derive(Default)]
struct Fields {
    event: Option<String>,
    attributes: Vec<(String, Value)>,
}

impl Fields {
    fn set(&mut self, field: &Field, value: Value) {
        self.attributes.push((field.name().to_owned(), value));
    }
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "event" {
            self.event = Some(value.to_owned());
        } else {
            self.set(field, Value::from(value));
        }
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.set(field, Value::from(value));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.set(field, Value::from(value));
    }
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.set(field, Value::from(value));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.set(field, Value::from(value));
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        // `%x` arrives here as a Display wrapper whose Debug is its Display.
        let text = format!("{value:?}");
        if field.name() == "event" {
            self.event = Some(text);
        } else {
            self.set(field, Value::from(text));
        }
    }
}

fn insert_path(object: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            object.insert(path.to_owned(), value);
        }
        Some((head, rest)) => {
            let child = object
                .entry(head.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if !child.is_object() {
                *child = Value::Object(Map::new());
            }
            if let Value::Object(child) = child {
                insert_path(child, rest, value);
            }
        }
    }
}

fn severity_id(level: &Level) -> i64 {
    match *level {
        Level::ERROR => 4,
        Level::WARN => 3,
        _ => 1,
    }
}

impl<S: Subscriber> Layer<S> for OcsfLayer {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let meta = event.metadata();
        let target = meta.target();
        if target != "ocsf" && !target.starts_with("ocsf::") {
            return;
        }
        let mut fields = Fields::default();
        event.record(&mut fields);
        let mut object = match fields.event.as_deref().map(serde_json::from_str::<Value>) {
            None => Map::new(),
            Some(Ok(Value::Object(object))) => object,
            Some(Ok(_)) => {
                self.emitter.report(&Error::Invalid(
                    "the tracing field `event` is JSON but not an object".to_owned(),
                ));
                return;
            }
            Some(Err(e)) => {
                self.emitter.report(&Error::Invalid(format!(
                    "the tracing field `event` is not JSON: {e}"
                )));
                return;
            }
        };
        for (name, value) in fields.attributes {
            insert_path(&mut object, &name, value);
        }
        if !object.contains_key("time") {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as i64);
            object.insert("time".to_owned(), Value::from(now));
        }
        if !object.contains_key("severity_id") {
            object.insert(
                "severity_id".to_owned(),
                Value::from(severity_id(meta.level())),
            );
        }
        self.emitter.emit_value(&Value::Object(object));
    }
}
