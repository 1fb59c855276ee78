//! The four seed events: the problems their README lists, at the right pointers (the
//! snapshots of the command's output on them are in `ocsf-validate-cli`).

mod common;

use ocsf_validate::{Report, Validator};

fn seed(name: &str) -> Option<Report> {
    let dir = common::shared("seed-events")?;
    let bytes = std::fs::read(dir.join(name)).unwrap();
    let v = Validator::new(ocsf_schema::v1_6_0::schema()).unwrap();
    Some(v.validate_bytes(&bytes))
}

fn has(r: &Report, code: &str, pointer: &str, needle: &str) -> bool {
    r.diagnostics
        .iter()
        .any(|d| d.code == code && d.pointer == pointer && d.message.contains(needle))
}

#[test]
fn corbado_device_type_caption() {
    let Some(r) = seed("corbado-passkey-login.json") else {
        return;
    };
    assert!(has(&r, "OCSF302", "/device/type", "\"Browser\""), "{r:#?}");
    let help = r.diagnostics[0].help.as_deref().unwrap_or_default();
    assert!(help.contains("only in case"));
    // Nothing under `unmapped` is checked; whole-second time_dt agrees with time.
    assert_eq!(r.diagnostics.len(), 1, "{r:#?}");
}

#[test]
fn l42_judged_as_account_change() {
    let Some(r) = seed("l42-password-logon.json") else {
        return;
    };
    assert!(
        has(&r, "OCSF302", "/class_name", "Account Change"),
        "{r:#?}"
    );
    assert!(has(&r, "OCSF302", "/activity_name", "\"Create\""));
    assert!(has(&r, "OCSF203", "/auth_protocol", "auth_protocol"));
    assert!(has(&r, "OCSF203", "/auth_protocol_id", "auth_protocol_id"));
    for attr in ["`user`", "`category_uid`", "`type_uid`"] {
        assert!(has(&r, "OCSF201", "", attr), "{attr} missing: {r:#?}");
    }
    assert!(has(&r, "OCSF201", "/metadata", "`version`"));
    assert!(has(&r, "OCSF401", "/actor/user", "`uid`"));
    assert_eq!(r.diagnostics.len(), 9, "{r:#?}");
}

#[test]
fn mongodb_authenticate() {
    let Some(r) = seed("mongodb-authenticate.json") else {
        return;
    };
    assert!(
        has(&r, "OCSF204", "/metadata/product", "found a string"),
        "{r:#?}"
    );
    assert!(has(&r, "OCSF701", "/metadata/version", "1.0.0"));
    assert_eq!(r.diagnostics.len(), 2, "{r:#?}");
}

#[test]
fn mongodb_authcheck() {
    let Some(r) = seed("mongodb-authcheck.json") else {
        return;
    };
    assert!(has(&r, "OCSF401", "/actor", "`user`"), "{r:#?}");
    assert!(has(&r, "OCSF204", "/metadata/product", "found a string"));
    assert!(has(&r, "OCSF701", "/metadata/version", "1.0.0"));
    assert_eq!(r.diagnostics.len(), 3, "{r:#?}");
}
