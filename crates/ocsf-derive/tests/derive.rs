//! What derived events look like, and that they read back as the typed classes.

use std::borrow::Cow;
use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, UNIX_EPOCH};

use ocsf::{OcsfClass, OcsfEnumValue, OcsfEvent};
use serde_json::json;

#[derive(OcsfEvent)]
#[ocsf(class = "authentication", activity = "logon")]
#[ocsf(set(severity = "informational", auth_protocol = "OAUTH 2.0"))]
#[ocsf(product(name = "Example IdP", vendor_name = "Example Corp", version = "2.1.0"))]
struct PasskeyLogin {
    #[ocsf(path = "user.uid")]
    user_id: String,
    #[ocsf(path = "src_endpoint.ip")]
    ip: IpAddr,
    #[ocsf(path = "service.name")]
    service: &'static str,
    #[ocsf(path = "time")]
    at: std::time::SystemTime,
    #[ocsf(status)]
    ok: bool,
    #[ocsf(skip)]
    _internal: u8,
}

#[test]
fn a_struct_becomes_an_event_with_every_derived_attribute() {
    let login = PasskeyLogin {
        user_id: "u-42".into(),
        ip: IpAddr::V4(Ipv4Addr::new(192, 0, 2, 7)),
        service: "portal",
        at: UNIX_EPOCH + Duration::from_millis(1_700_000_000_123),
        ok: true,
        _internal: 0,
    };
    assert_eq!(
        login.to_json(),
        json!({
            "activity_id": 1,
            "activity_name": "Logon",
            "auth_protocol": "OAUTH 2.0",
            "auth_protocol_id": 6,
            "category_name": "Identity & Access Management",
            "category_uid": 3,
            "class_name": "Authentication",
            "class_uid": 3002,
            "metadata": {
                "product": {"name": "Example IdP", "vendor_name": "Example Corp", "version": "2.1.0"},
                "version": "1.6.0"
            },
            "service": {"name": "portal"},
            "severity": "Informational",
            "severity_id": 1,
            "src_endpoint": {"ip": "192.0.2.7"},
            "status": "Success",
            "status_id": 1,
            "time": 1_700_000_000_123_i64,
            "type_name": "Authentication: Logon",
            "type_uid": 300201,
            "user": {"uid": "u-42"}
        })
    );
    let typed: ocsf::iam::Authentication = login.to_ocsf().unwrap();
    assert_eq!(typed.type_uid(), 300201);
    assert_eq!(serde_json::to_value(&typed).unwrap(), login.to_json());
    assert_eq!(<PasskeyLogin as OcsfEvent>::CLASS_UID, 3002);
    assert_eq!(<PasskeyLogin as OcsfEvent>::ACTIVITY_ID, Some(1));
}

#[derive(OcsfEvent)]
#[ocsf(class = "Authentication", activity = "Logoff", set(severity_id = 1))]
struct Logoff<'a> {
    #[ocsf(path = "user.uid")]
    user: &'a str,
    #[ocsf(path = "dst_endpoint.hostname")]
    host: Cow<'a, str>,
}

#[test]
fn time_defaults_to_now_and_product_to_the_crate() {
    let event = Logoff {
        user: "u-1",
        host: Cow::Borrowed("idp.example"),
    }
    .to_json();
    assert!(event["time"].as_i64().unwrap() > 1_700_000_000_000);
    assert_eq!(
        event["metadata"]["product"],
        json!({"name": "ocsf-derive", "version": env!("CARGO_PKG_VERSION")})
    );
    assert_eq!(event["activity_name"], "Logoff");
}

#[derive(Debug)]
struct Locked;
impl std::fmt::Display for Locked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("account locked")
    }
}

#[derive(OcsfEnumValue, Clone, Copy)]
#[ocsf(attribute = "authentication.logon_type_id")]
#[allow(dead_code)] // the variants show the mapping by name; one is enough at runtime
enum LogonKind {
    Interactive,
    Network,
    #[ocsf(caption = "Remote Interactive")]
    Rdp,
}

#[derive(OcsfEvent)]
#[ocsf(class = "authentication", activity = "logon", set(severity = "medium"))]
#[ocsf(profiles("host"))]
struct FailedLogin<T> {
    #[ocsf(path = "user.uid")]
    user: T,
    #[ocsf(status)]
    outcome: Result<(), Locked>,
    #[ocsf(path = "logon_type_id")]
    kind: LogonKind,
    #[ocsf(path = "service.name")]
    service: Option<String>,
    #[ocsf(path = "dst_endpoint.port")]
    port: u16,
    #[ocsf(path = "dst_endpoint.hostname")]
    host: &'static str,
    #[ocsf(path = "device.hostname")]
    device: String,
    #[ocsf(path = "device.type_id")]
    device_type: i32,
    #[ocsf(unmapped = "attempt")]
    attempt: u32,
    #[ocsf(path = "auth_factors")]
    factors: Vec<ocsf::objects::AuthFactor>,
}

#[test]
fn status_from_result_enums_options_generics_and_unmapped() {
    let event = FailedLogin {
        user: String::from("u-9"),
        outcome: Err(Locked),
        kind: LogonKind::Rdp,
        service: None,
        port: 443,
        host: "idp",
        device: "ws-1".into(),
        device_type: 2,
        attempt: 3,
        factors: vec![],
    };
    let json = event.to_json();
    assert_eq!(json["status_id"], 2);
    assert_eq!(json["status"], "Failure");
    assert_eq!(json["status_detail"], "account locked");
    assert_eq!(json["logon_type_id"], 10);
    assert_eq!(json["logon_type"], "Remote Interactive");
    assert_eq!(json["severity"], "Medium");
    assert!(json.get("service").is_none());
    assert_eq!(
        json["dst_endpoint"],
        json!({"port": 443, "hostname": "idp"})
    );
    assert_eq!(
        json["device"],
        json!({"hostname": "ws-1", "type_id": 2, "type": "Desktop"})
    );
    assert_eq!(json["unmapped"], json!({"attempt": 3}));
    assert_eq!(json["metadata"]["profiles"], json!(["host"]));
    assert_eq!(json["auth_factors"], json!([]));
    event.to_ocsf().unwrap();
}

#[derive(OcsfEvent)]
#[ocsf(class = "authentication", set(severity = "informational"))]
enum Session {
    #[ocsf(activity = "logon")]
    Logon {
        #[ocsf(path = "user.uid")]
        user: String,
        #[ocsf(path = "service.name")]
        service: &'static str,
    },
    #[ocsf(activity = "logoff", set(severity = "low"))]
    Logoff {
        #[ocsf(path = "user.uid")]
        user: String,
        #[ocsf(path = "dst_endpoint.hostname")]
        host: String,
    },
}

#[test]
fn enum_variants_are_activities() {
    let on = Session::Logon {
        user: "a".into(),
        service: "vpn",
    }
    .to_json();
    assert_eq!(
        (on["activity_id"].clone(), on["type_uid"].clone()),
        (json!(1), json!(300201))
    );
    let off = Session::Logoff {
        user: "a".into(),
        host: "h".into(),
    };
    let off = off.to_ocsf().unwrap();
    assert_eq!(off.type_uid(), 300202);
    assert_eq!(serde_json::to_value(&off).unwrap()["severity"], "Low");
    assert_eq!(<Session as OcsfEvent>::ACTIVITY_ID, None);
}

#[derive(OcsfEvent)]
#[ocsf(
    class = "api_activity",
    activity = "read",
    set(severity = "informational")
)]
struct ApiRead {
    #[ocsf(path = "api.operation")]
    operation: String,
    #[ocsf(path = "actor.user.uid")]
    caller: String,
    #[ocsf(path = "src_endpoint.ip")]
    ip: Ipv4Addr,
    #[ocsf(path = "resources[].uid")]
    resource: String,
    #[ocsf(path = "resources[].type")]
    resource_type: &'static str,
    #[ocsf(path = "api.request.uid")]
    request_id: String,
    #[ocsf(
        path = "actor.user.email_addr",
        pii(allow, reason = "the audit trail must name who was read")
    )]
    subject_email: String,
}

#[test]
fn paths_through_arrays_and_waivers() {
    let event = ApiRead {
        operation: "GetUser".into(),
        caller: "svc-7".into(),
        ip: Ipv4Addr::LOCALHOST,
        resource: "user/42".into(),
        resource_type: "user",
        request_id: "req-1".into(),
        subject_email: "someone@example.com".into(),
    };
    let json = event.to_json();
    assert_eq!(
        json["resources"],
        json!([{"uid": "user/42", "type": "user"}])
    );
    assert_eq!(
        json["api"],
        json!({"operation": "GetUser", "request": {"uid": "req-1"}})
    );
    event.to_ocsf().unwrap();
    assert_eq!(
        ApiRead::PII_WAIVERS,
        &[ocsf::event::PiiWaiver {
            field: "subject_email",
            path: "actor.user.email_addr",
            reason: "the audit trail must name who was read"
        }]
    );
}

/// An application pinned to an older version (Amazon Security Lake reads 1.1.0): the mapping
/// is checked against 1.1.0's tables and the event says 1.1.0.
#[derive(OcsfEvent)]
#[ocsf(version = "1.1.0", class = "authentication", activity = "logon")]
#[ocsf(set(severity = "informational"))]
#[ocsf(product(name = "Lake Writer", vendor_name = "Example Corp", version = "1.0.0"))]
struct LakeLogin {
    #[ocsf(path = "user.uid")]
    user_id: String,
    // 1.1.0 requires at least one of `service` and `dst_endpoint`.
    #[ocsf(path = "service.name")]
    service: &'static str,
    #[ocsf(path = "time")]
    at: i64,
}

#[test]
fn a_mapping_onto_an_older_version_writes_that_version() {
    let login = LakeLogin {
        user_id: "u-7".into(),
        service: "lake",
        at: 1_700_000_000_000,
    };
    let json = login.to_json();
    assert_eq!(json["metadata"]["version"], "1.1.0");
    assert_eq!(json["type_uid"], 300201);
    assert_eq!(<LakeLogin as OcsfEvent>::SCHEMA_VERSION, "1.1.0");
    // The 1.1.0 typed classes are compiled in for these tests (feature `v1_1_0`).
    let typed: ocsf::versions::v1_1_0::iam::Authentication = login.to_ocsf().unwrap();
    assert_eq!(serde_json::to_value(&typed).unwrap(), json);
    assert_eq!(
        <ocsf::versions::v1_1_0::iam::Authentication as OcsfClass>::schema().version,
        "1.1.0"
    );
}

#[test]
fn the_default_version_is_the_generated_one() {
    assert_eq!(
        <PasskeyLogin as OcsfEvent>::SCHEMA_VERSION,
        ocsf::SCHEMA_VERSION
    );
    assert_eq!(ocsf::SCHEMA_VERSION, ocsf::ocsf_schema::DEFAULT_VERSION);
}
