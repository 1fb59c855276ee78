//! Helpers shared by the integration tests (each test file uses some of them).
#![allow(dead_code)]

pub mod event;
pub mod server;

use std::sync::{Arc, Mutex};

use ocsf_emit::Error;

/// Collects what the emitter reports, as text and event counts.
#[derive(Clone, Default)]
pub struct Errors(Arc<Mutex<Vec<(String, usize)>>>);

impl Errors {
    pub fn callback(&self) -> impl Fn(&Error) + Send + Sync + 'static {
        let errors = Arc::clone(&self.0);
        move |e: &Error| errors.lock().unwrap().push((e.to_string(), e.events()))
    }

    pub fn all(&self) -> Vec<(String, usize)> {
        self.0.lock().unwrap().clone()
    }
}

/// `metadata.uid` of an event, as the delivery tests count them.
pub fn uid(event: &serde_json::Value) -> String {
    event["metadata"]["uid"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}
