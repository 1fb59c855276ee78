//! Reading is lossless; building derives every uid and caption.

use ocsf::enums::{AuthenticationActivityId, DeviceTypeId, SeverityId};
use ocsf::iam::Authentication;
use ocsf::objects::{Device, Metadata, Product, User};
use ocsf::types::Timestamp;
use ocsf::{OcsfClass, OcsfEnum};
use serde_json::{json, Value};

mod common;
use common::minimal;

fn seed(name: &str) -> Option<Value> {
    let bytes = ocsf_test_support::shared_bytes(&format!("seed-events/{name}"))?;
    Some(serde_json::from_slice(&bytes).expect("seed events are JSON"))
}

#[test]
fn corbado_passkey_login_round_trips_unchanged() {
    let Some(input) = seed("corbado-passkey-login.json") else {
        return;
    };
    let event: Authentication =
        serde_json::from_value(input.clone()).expect("reads as Authentication");
    assert_eq!(event.activity_id(), AuthenticationActivityId::Logon);
    // The seed's device.type disagrees with its id; reading keeps it as published.
    let device = event.device.as_ref().expect("has a device");
    assert_eq!(device.type_id(), DeviceTypeId::Browser);
    assert_eq!(device.r#type(), Some("browser"));
    assert_eq!(serde_json::to_value(&event).unwrap(), input);
}

#[test]
fn wrong_captions_unknown_attributes_and_unlisted_values_read_back_unchanged() {
    let mut input = minimal();
    input["class_name"] = json!("Account Change");
    input["severity"] = json!("Catastrophic");
    input["severity_id"] = json!(7);
    input["not_in_the_schema"] = json!({"nested": [1, 2]});
    input["user"]["made_up"] = json!(true);
    let event: Authentication = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(event.severity_id(), SeverityId::Unlisted(7));
    assert_eq!(event.class_name(), Some("Account Change"));
    assert!(event.extra().contains_key("not_in_the_schema"));
    assert_eq!(serde_json::to_value(&event).unwrap(), input);
}

#[test]
fn built_events_derive_every_uid_and_caption() {
    let metadata = Metadata::new(Product::default().with_name("IdP"), "1.6.0".to_owned());
    let mut event = Authentication::new(
        AuthenticationActivityId::Logon,
        metadata,
        SeverityId::Informational,
        Timestamp::from_millis(1_700_000_000_000),
        User::default().with_uid("u-1"),
    );
    assert_eq!(serde_json::to_value(&event).unwrap(), minimal());

    event.set_activity(AuthenticationActivityId::Logoff);
    event.set_severity_id(SeverityId::High);
    event.device = Some(Box::new(Device::new(DeviceTypeId::Browser)));
    let json = serde_json::to_value(&event).unwrap();
    assert_eq!(json["type_uid"], 300202);
    assert_eq!(json["type_name"], "Authentication: Logoff");
    assert_eq!(json["activity_name"], "Logoff");
    assert_eq!(json["severity"], "High");
    assert_eq!(json["device"]["type"], "Browser");
    assert_eq!(json["device"]["type_id"], 8);

    event.set_activity_other("Passkey Enrolment".to_owned());
    event.set_severity_other("Sev-A");
    let json = serde_json::to_value(&event).unwrap();
    assert_eq!(json["activity_id"], 99);
    assert_eq!(json["activity_name"], "Passkey Enrolment");
    assert_eq!(json["type_uid"], 300299);
    assert_eq!(json["severity_id"], 99);
    assert_eq!(json["severity"], "Sev-A");
}

#[test]
fn enums_read_by_id_and_caption() {
    assert_eq!(SeverityId::from_id(3), SeverityId::Medium);
    assert_eq!(SeverityId::Medium.caption(), Some("Medium"));
    assert_eq!(
        AuthenticationActivityId::from_caption("logon"),
        Some(AuthenticationActivityId::Logon)
    );
    assert_eq!(SeverityId::from_id(1234).caption(), None);
    assert_eq!(Authentication::schema_class().uid, 3002);
}

#[test]
fn a_string_where_an_object_belongs_is_an_error_naming_the_path() {
    let Some(input) = seed("mongodb-authenticate.json") else {
        return;
    };
    let err = serde_json::from_value::<Authentication>(input)
        .unwrap_err()
        .to_string();
    assert!(
        err == "`/metadata/product`: expected an object, found a string",
        "{err}"
    );
}

#[test]
fn a_missing_required_attribute_is_named() {
    let mut input = minimal();
    input.as_object_mut().unwrap().remove("user");
    let err = serde_json::from_value::<Authentication>(input)
        .unwrap_err()
        .to_string();
    assert_eq!(err, "`/user`: required attribute is missing");
}
