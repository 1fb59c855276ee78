//! Fixtures shared by the integration tests.

use serde_json::{json, Value};

/// A small valid Authentication event, as the typed API writes it.
pub fn minimal() -> Value {
    json!({
        "activity_id": 1, "activity_name": "Logon",
        "category_uid": 3, "category_name": "Identity & Access Management",
        "class_uid": 3002, "class_name": "Authentication",
        "type_uid": 300201, "type_name": "Authentication: Logon",
        "severity_id": 1, "severity": "Informational",
        "time": 1700000000000i64,
        "metadata": {"version": "1.6.0", "product": {"name": "IdP"}},
        "user": {"uid": "u-1"}
    })
}
