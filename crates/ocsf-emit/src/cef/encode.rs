//! OCSF event → CEF record. The tables here are the ones `CEF.md` documents.

use serde_json::Value;

use super::CefRecord;
use crate::{Bytes, Error, Result, Sink};

/// CEF key ← the first OCSF attribute path present. Applies to every class.
const COMMON: &[(&str, &[&str])] = &[
    ("rt", &["time"]),
    ("start", &["start_time"]),
    ("end", &["end_time"]),
    ("cat", &["class_name"]),
    ("act", &["activity_name"]),
    ("outcome", &["status"]),
    ("reason", &["status_detail"]),
    ("msg", &["message"]),
    ("externalId", &["metadata.uid"]),
    ("cnt", &["count"]),
    ("src", &["src_endpoint.ip"]),
    ("spt", &["src_endpoint.port"]),
    ("shost", &["src_endpoint.hostname"]),
    ("smac", &["src_endpoint.mac"]),
    ("dst", &["dst_endpoint.ip"]),
    ("dpt", &["dst_endpoint.port"]),
    ("dhost", &["dst_endpoint.hostname"]),
    ("dmac", &["dst_endpoint.mac"]),
    ("dvc", &["device.ip"]),
    ("dvchost", &["device.hostname"]),
    ("requestMethod", &["http_request.http_method"]),
    ("request", &["http_request.url.url_string"]),
    ("requestClientApplication", &["http_request.user_agent"]),
    ("sproc", &["actor.process.name"]),
];

/// Who did it (s*) and to whom (d*), per class: Authentication's `user` is the one who logs
/// on, so it is the source user; elsewhere `actor.user` acts on `user`.
const ACTOR_TARGET: &[(&str, &[&str])] = &[
    ("suser", &["actor.user.name"]),
    ("suid", &["actor.user.uid"]),
    ("duser", &["user.name"]),
    ("duid", &["user.uid"]),
];
const AUTH_USERS: &[(&str, &[&str])] = &[
    ("suser", &["user.name"]),
    ("suid", &["user.uid"]),
    ("destinationServiceName", &["service.name"]),
];

/// Custom strings per class: (key, label, paths).
type Custom = (&'static str, &'static str, &'static [&'static str]);

const AUTHENTICATION: &[Custom] = &[
    ("cs1", "Auth Protocol", &["auth_protocol"]),
    ("cs2", "Logon Type", &["logon_type"]),
    ("cs3", "Actor User", &["actor.user.name"]),
    ("cs4", "Session UID", &["session.uid"]),
    ("cs5", "MFA", &["is_mfa"]),
];
const ACCOUNT_CHANGE: &[Custom] = &[
    ("cs1", "User Type", &["user.type"]),
    ("cs2", "Account Name", &["user.account.name"]),
    ("cs3", "Resulting User", &["user_result.name"]),
];
const ENTITY_MANAGEMENT: &[Custom] = &[
    ("cs1", "Entity Name", &["entity.name"]),
    ("cs2", "Entity UID", &["entity.uid"]),
    ("cs3", "Entity Type", &["entity.type"]),
    ("cs4", "Access List", &["access_list"]),
    ("cs5", "Comment", &["comment"]),
];
const USER_ACCESS: &[Custom] = &[
    ("cs1", "Resource", &["resource.name", "resources.0.name"]),
    (
        "cs2",
        "Resource Type",
        &["resource.type", "resources.0.type"],
    ),
];
const GROUP_MANAGEMENT: &[Custom] = &[
    ("cs1", "Group Name", &["group.name"]),
    ("cs2", "Group UID", &["group.uid"]),
    ("cs3", "Resource", &["resource.name"]),
];
const API_ACTIVITY: &[Custom] = &[
    ("cs1", "API Operation", &["api.operation"]),
    ("cs2", "API Service", &["api.service.name"]),
    ("cs3", "Resource", &["resources.0.name"]),
    ("cs4", "Request UID", &["api.request.uid"]),
    ("cs5", "Response Code", &["api.response.code"]),
];

/// OCSF `severity_id` → CEF severity (see `CEF.md`).
pub fn severity(severity_id: Option<i64>) -> &'static str {
    match severity_id {
        Some(1) => "1",  // Informational
        Some(2) => "3",  // Low
        Some(3) => "5",  // Medium
        Some(4) => "7",  // High
        Some(5) => "9",  // Critical
        Some(6) => "10", // Fatal
        _ => "Unknown",  // 0 Unknown, 99 Other, absent, unlisted
    }
}

/// The value at a dotted path (`resources.0.name` indexes an array).
fn lookup<'a>(event: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(event, |v, segment| match v {
        Value::Array(items) => items.get(segment.parse::<usize>().ok()?),
        _ => v.get(segment),
    })
}

/// A scalar as text; arrays of scalars joined with commas; objects and null are absent.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(text).collect();
            (!parts.is_empty()).then(|| parts.join(","))
        }
        Value::Null | Value::Object(_) => None,
    }
}

fn first(event: &Value, paths: &[&str]) -> Option<String> {
    paths
        .iter()
        .find_map(|p| lookup(event, p).and_then(text))
        .filter(|s| !s.is_empty())
}

fn header_text(event: &Value, path: &str, default: &str) -> String {
    first(event, &[path]).unwrap_or_else(|| default.to_owned())
}

/// Encodes an OCSF event (as JSON) into a CEF record; see `CEF.md` for the mapping.
pub fn encode(event: &Value) -> CefRecord {
    let int = |path: &str| lookup(event, path).and_then(Value::as_i64);
    let class_uid = int("class_uid");
    let activity_id = int("activity_id");
    let signature_id = match (int("type_uid"), class_uid, activity_id) {
        (Some(type_uid), _, _) => type_uid.to_string(),
        (None, Some(class), Some(activity)) => format!("{class}:{activity}"),
        (None, Some(class), None) => class.to_string(),
        _ => "0".to_owned(),
    };
    let name = first(event, &["type_name"])
        .or_else(|| {
            let class = first(event, &["class_name"])?;
            Some(match first(event, &["activity_name"]) {
                Some(activity) => format!("{class}: {activity}"),
                None => class,
            })
        })
        .unwrap_or_else(|| "OCSF event".to_owned());

    let mut extension: Vec<(String, String)> = Vec::new();
    let mut put = |key: &str, value: Option<String>| {
        if let Some(value) = value {
            extension.push((key.to_owned(), value));
        }
    };
    for (key, paths) in COMMON {
        let value = first(event, paths);
        let value = if *key == "outcome" && value.is_none() {
            match int("status_id") {
                Some(1) => Some("Success".to_owned()),
                Some(2) => Some("Failure".to_owned()),
                _ => None,
            }
        } else {
            value
        };
        put(key, value);
    }
    let (users, custom): (&[(&str, &[&str])], &[Custom]) = match class_uid {
        Some(3001) => (ACTOR_TARGET, ACCOUNT_CHANGE),
        Some(3002) => (AUTH_USERS, AUTHENTICATION),
        Some(3004) => (ACTOR_TARGET, ENTITY_MANAGEMENT),
        Some(3005) => (ACTOR_TARGET, USER_ACCESS),
        Some(3006) => (ACTOR_TARGET, GROUP_MANAGEMENT),
        Some(6003) => (ACTOR_TARGET, API_ACTIVITY),
        _ => (ACTOR_TARGET, &[]),
    };
    for (key, paths) in users {
        put(key, first(event, paths));
    }
    if matches!(class_uid, Some(3005 | 3006)) {
        put("dpriv", first(event, &["privileges"]));
    }
    for (key, label, paths) in custom {
        if let Some(value) = first(event, paths) {
            put(key, Some(value));
            put(&format!("{key}Label"), Some((*label).to_owned()));
        }
    }

    CefRecord {
        version: "0".to_owned(),
        device_vendor: header_text(event, "metadata.product.vendor_name", "Unknown"),
        device_product: header_text(event, "metadata.product.name", "Unknown"),
        device_version: header_text(event, "metadata.product.version", ""),
        signature_id,
        name,
        severity: severity(int("severity_id")).to_owned(),
        extension,
    }
}

/// Re-encodes each event as a CEF line and hands the lines to an inner sink (e.g. a
/// [`crate::FileSink`] for a `security.log.cef`, or stdout).
pub struct CefSink<S> {
    inner: S,
    lines: Vec<Bytes>,
}

impl<S: Sink> CefSink<S> {
    pub fn new(inner: S) -> Self {
        CefSink {
            inner,
            lines: Vec::new(),
        }
    }
}

impl<S: Sink> Sink for CefSink<S> {
    fn write_batch(&mut self, events: &[Bytes]) -> Result<()> {
        self.lines.clear();
        let mut rejected = 0;
        for event in events {
            match serde_json::from_slice::<Value>(event) {
                Ok(value) => self
                    .lines
                    .push(Bytes::from(encode(&value).to_line().into_bytes())),
                Err(_) => rejected += 1,
            }
        }
        let written = self.inner.write_batch(&self.lines);
        if rejected > 0 {
            written?;
            return Err(Error::Rejected {
                sink: "cef",
                events: rejected,
                reason: "not JSON".to_owned(),
            });
        }
        written
    }

    fn flush(&mut self) -> Result<()> {
        self.inner.flush()
    }

    fn close(&mut self) -> Result<()> {
        self.inner.close()
    }

    fn next_deadline(&self) -> Option<std::time::Instant> {
        self.inner.next_deadline()
    }

    fn on_deadline(&mut self) -> Result<()> {
        self.inner.on_deadline()
    }
}
