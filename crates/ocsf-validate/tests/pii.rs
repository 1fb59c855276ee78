//! Personal-data and secret rules: classification, policies, the seed events, the registry,
//! and redaction that keeps every schema diagnostic as it was.

mod common;

use std::collections::BTreeSet;

use common::pii_validator as validator;

use ocsf_validate::pii::redactor::Redactor;
use ocsf_validate::pii::{rule_infos, PiiLevel};
use ocsf_validate::{Category, Policy, Report, Validator};

fn schema() -> &'static ocsf_schema::Schema {
    ocsf_schema::v1_6_0::schema()
}

fn codes_at(r: &Report, category: Category) -> Vec<(String, String)> {
    r.diagnostics
        .iter()
        .filter(|d| d.category == category)
        .map(|d| (d.code.to_owned(), d.pointer.clone()))
        .collect()
}

fn seed(name: &str) -> Option<Vec<u8>> {
    Some(std::fs::read(common::shared("seed-events")?.join(name)).unwrap())
}

#[test]
fn registry_codes_are_unique_sorted_and_documented() {
    let infos = rule_infos();
    let codes: Vec<&str> = infos.iter().map(|r| r.code).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(codes, sorted);
    // At least 60 secret formats plus the personal-data detectors.
    assert!(
        infos
            .iter()
            .filter(|r| r.category == Category::Secret)
            .count()
            >= 60
    );
    assert!(infos
        .iter()
        .all(|r| !r.doc.is_empty() && !r.summary.is_empty()));
    // They register next to the built-in rules without clashing.
    let v = validator(PiiLevel::Default, Policy::default());
    assert!(v.rule("OCSFP101").is_some() && v.rule("OCSFS121").is_some());
}

#[test]
fn attribute_rule_examples() {
    let v = validator(PiiLevel::Default, Policy::default());
    let info = v.rule("OCSFP101").unwrap();
    assert!(v.validate_bytes(info.fail.as_bytes()).has_code("OCSFP101"));
    assert!(!v.validate_bytes(info.pass.as_bytes()).has_code("OCSFP101"));
}

#[test]
fn corbado_has_no_secret_and_strict_personal_data_only() {
    let Some(bytes) = seed("corbado-passkey-login.json") else {
        return;
    };
    let default = validator(PiiLevel::Default, Policy::default()).validate_bytes(&bytes);
    assert!(
        codes_at(&default, Category::Secret).is_empty(),
        "{default:#?}"
    );
    assert!(codes_at(&default, Category::Pii).is_empty(), "{default:#?}");
    let strict = validator(PiiLevel::Strict, Policy::default()).validate_bytes(&bytes);
    assert!(
        codes_at(&strict, Category::Secret).is_empty(),
        "{strict:#?}"
    );
    let pii = codes_at(&strict, Category::Pii);
    for p in [
        "/src_endpoint/ip",
        "/device/ip",
        "/src_endpoint/location/city",
    ] {
        assert!(
            pii.contains(&("OCSFP101".to_owned(), p.to_owned())),
            "{p}: {pii:?}"
        );
    }
    // The project may expect the client address: `[pii] allow`.
    let policy =
        Policy::from_toml("[pii]\nallow = [\"src_endpoint.ip\", \"device.ip\"]\n").unwrap();
    let allowed = validator(PiiLevel::Strict, policy).validate_bytes(&bytes);
    let pii = codes_at(&allowed, Category::Pii);
    assert!(
        !pii.iter()
            .any(|(_, p)| p == "/src_endpoint/ip" || p == "/device/ip"),
        "{pii:?}"
    );
    assert!(pii.iter().any(|(_, p)| p == "/src_endpoint/location/city"));
}

#[test]
fn l42_email_is_personal_data() {
    let Some(bytes) = seed("l42-password-logon.json") else {
        return;
    };
    let r = validator(PiiLevel::Default, Policy::default()).validate_bytes(&bytes);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == "OCSFP101")
        .expect("email reported");
    assert_eq!(d.pointer, "/actor/user/email_addr");
    assert!(!d.message.contains("user@"), "{}", d.message);
    let off = validator(PiiLevel::Off, Policy::default()).validate_bytes(&bytes);
    assert!(codes_at(&off, Category::Pii).is_empty());
}

#[test]
fn policy_file_keys() {
    let p = Policy::from_toml("[pii]\npolicy = \"strict\"\nallow = [\"actor.user.*\"]\n[severity]\nOCSFP101 = \"error\"\n").unwrap();
    assert_eq!(p.pii.policy, Some(PiiLevel::Strict));
    // Severity overrides of the new codes are accepted once the rules are registered.
    let v = validator(PiiLevel::Default, p);
    let r = v.validate_bytes(br#"{"class_uid": 0, "device": {"mac": "00:11:22:33:44:55"}}"#);
    let d = r.diagnostics.iter().find(|d| d.code == "OCSFP101").unwrap();
    assert_eq!(d.severity, ocsf_validate::Severity::Error);
    assert!(Policy::from_toml("[pii]\npolicy = \"lenient\"\n").is_err());
}

#[test]
fn secrets_under_unmapped_and_in_attributes() {
    let v = validator(PiiLevel::Default, Policy::default());
    let token = concat!(
        "xoxb-",
        "284619570312-5719384026471-",
        "Zr8qLw2Vx9Tn4Km7Pc3Ys6Hd"
    );
    let ev = format!(
        r#"{{"class_uid": 0, "message": "posting with {token}", "unmapped": {{"cfg": {{"client_secret": "q8Zr2LwPx7TnV4mKc9YsB3"}}}}}}"#
    );
    let r = v.validate_bytes(ev.as_bytes());
    let s = codes_at(&r, Category::Secret);
    assert!(
        s.contains(&("OCSFS151".to_owned(), "/message".to_owned())),
        "{s:?}"
    );
    assert!(
        s.contains(&(
            "OCSFS302".to_owned(),
            "/unmapped/cfg/client_secret".to_owned()
        )),
        "{s:?}"
    );
    let msg = &r
        .diagnostics
        .iter()
        .find(|d| d.code == "OCSFS151")
        .unwrap()
        .message;
    assert_eq!(msg, "Slack bot token (56 chars, starts \"xoxb\")");
}

/// Schema diagnostics of an event: code and pointer.
fn schema_diags(v: &Validator, text: &str) -> BTreeSet<(String, String)> {
    v.validate_bytes(text.as_bytes())
        .diagnostics
        .iter()
        .filter(|d| matches!(d.category, Category::Schema | Category::Input))
        .map(|d| (d.code.to_owned(), d.pointer.clone()))
        .collect()
}

#[test]
fn redaction_keeps_schema_diagnostics() {
    let plain = Validator::new(schema()).unwrap();
    let mut events: Vec<String> = Vec::new();
    if let Some(dir) = common::shared("seed-events") {
        for name in [
            "corbado-passkey-login.json",
            "l42-password-logon.json",
            "mongodb-authenticate.json",
            "mongodb-authcheck.json",
        ] {
            events.push(std::fs::read_to_string(dir.join(name)).unwrap());
        }
    }
    if let Some(dir) = common::shared("real-events") {
        for name in [
            "real.jsonl",
            "vendor_docs.jsonl",
            "generated_prerelease.jsonl",
        ] {
            if let Ok(text) = std::fs::read_to_string(dir.join(name)) {
                events.extend(
                    text.lines()
                        .filter(|l| !l.trim().is_empty())
                        .map(str::to_owned),
                );
            }
        }
    }
    // Planted values in format-typed attributes and in free text, so the test has work to do
    // even without the shared folder.
    events.push(format!(
        r#"{{"class_uid": 3002, "category_uid": 3, "activity_id": 1, "type_uid": 300201, "severity_id": 1, "time": 1700000000000, "metadata": {{"version": "1.6.0", "product": {{"name": "S", "vendor_name": "A"}}}}, "user": {{"uid": "u-1", "email_addr": "ana.lopez@corp-mail.io"}}, "src_endpoint": {{"ip": "84.161.151.216", "hostname": "ana-laptop.corp", "mac": "00:11:22:33:44:55"}}, "http_request": {{"url": {{"url_string": "https://ana:S3cr3tPw9x@files.acme.io/x"}}}}, "message": "call +49 30 1234 5678 key {}"}}"#,
        concat!("AKIA", "QWERTYUI2345ABCD")
    ));
    for level in [PiiLevel::Default, PiiLevel::Strict] {
        let redactor = Redactor::new(
            ocsf_validate::VersionMode::Forced(schema()),
            level,
            Policy::default(),
            Some(b"k"),
        )
        .unwrap();
        let mut changed = 0;
        for e in &events {
            let before = schema_diags(&plain, e);
            let (after_text, n) = redactor.redact_event(e);
            changed += n;
            let after = schema_diags(&plain, &after_text);
            assert_eq!(
                before, after,
                "{level:?}: redaction changed schema diagnostics of {e}\n→ {after_text}"
            );
            // Redacting twice changes nothing more: no finding survives.
            let (again, m) = redactor.redact_event(&after_text);
            assert_eq!(m, 0, "{level:?}: still findings after redaction: {again}");
        }
        assert!(changed > 0);
    }
}

/// A value of many findings past the event's cap: the first are kept whole, the rest counted
/// as truncated; findings the policy switches off or ignores at the value's path are neither.
#[test]
fn findings_past_the_cap_are_counted_and_policy_dropped_ones_are_not() {
    let emails: Vec<String> = (0..40)
        .map(|i| format!("jane.roe{i}@acmecorp.io"))
        .collect();
    let event = format!(
        r#"{{"class_uid": 0, "message": "{}", "unmapped": {{"note": "{}"}}}}"#,
        emails.join(" "),
        emails[..3].join(" ")
    );
    let count = |r: &Report, code: &str| r.diagnostics.iter().filter(|d| d.code == code).count();
    let uncapped = validator(PiiLevel::Default, Policy::default()).validate_bytes(event.as_bytes());
    assert_eq!(count(&uncapped, "OCSFP201"), 43, "{uncapped:#?}");
    let capped = Policy::from_toml("max_diagnostics_per_event = 10\n").unwrap();
    let r = validator(PiiLevel::Default, capped).validate_bytes(event.as_bytes());
    assert_eq!(r.diagnostics[..], uncapped.diagnostics[..10]);
    assert_eq!(r.truncated, uncapped.diagnostics.len() - 10);
    // Switched off: not kept, not counted.
    let off = Policy::from_toml("max_diagnostics_per_event = 10\n[severity]\nOCSFP201 = \"off\"\n")
        .unwrap();
    let r = validator(PiiLevel::Default, off).validate_bytes(event.as_bytes());
    assert_eq!(count(&r, "OCSFP201"), 0);
    assert_eq!(
        r.diagnostics.len() + r.truncated,
        uncapped.diagnostics.len() - 43
    );
    // Ignored at `message`: the three under `unmapped` are kept, and fit under the cap.
    let ignored = Policy::from_toml(
        "max_diagnostics_per_event = 10\n[[ignore]]\ncodes = [\"OCSFP201\"]\npaths = [\"message\"]\n",
    )
    .unwrap();
    let r = validator(PiiLevel::Default, ignored).validate_bytes(event.as_bytes());
    assert_eq!(count(&r, "OCSFP201"), 3, "{r:#?}");
    assert_eq!(
        r.diagnostics.len() + r.truncated,
        uncapped.diagnostics.len() - 40
    );
}

/// What is no event cannot be redacted, and says so (`None`): invalid JSON, JSON that is not an
/// object (a string may be a secret itself), an event past the size bound; `redact_event`
/// returns such text unchanged, and redacts an event as `try_redact_event` does.
#[test]
fn text_that_is_no_event_is_not_passed_off_as_redacted() {
    let policy = Policy::from_toml("max_event_bytes = 200\n").unwrap();
    let redactor = Redactor::new(
        ocsf_validate::VersionMode::PerEvent { fallback: schema() },
        PiiLevel::Default,
        policy,
        None,
    )
    .unwrap();
    let secret = concat!("AKIA", "QWERTYUI2345ABCD");
    let large = format!(
        r#"{{"class_uid": 3002, "message": "{secret} {}"}}"#,
        "x".repeat(300)
    );
    for text in [
        format!(r#"{{"class_uid": 3002, "message": "{secret}""#),
        format!(r#""{secret}""#),
        format!(r#"["{secret}"]"#),
        large,
    ] {
        assert_eq!(redactor.try_redact_event(&text), None, "{text}");
        assert_eq!(redactor.redact_event(&text), (text.clone(), 0));
    }
    let event = format!(r#"{{"class_uid": 3002, "message": "key {secret}"}}"#);
    let (redacted, n) = redactor.try_redact_event(&event).unwrap();
    assert_eq!(n, 1);
    assert!(!redacted.contains(secret), "{redacted}");
    assert_eq!(redactor.redact_event(&event), (redacted, 1));
}
