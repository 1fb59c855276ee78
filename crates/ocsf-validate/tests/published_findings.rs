//! Every value finding (OCSFP2xx, OCSFS1xx–3xx) on the published events in
//! `../shared/real-events` under the default policy, against the committed list
//! `tests/data/published-findings.tsv`: one line per finding (event id, JSON Pointer, code) with
//! a one-line verdict written by a person. A finding that is not on the list, or a listed one
//! that is no longer reported, fails the test; so does a verdict other than a true positive:
//! every value finding on the published events must be right.
//!
//! `UPDATE_FINDINGS=1` writes the current findings with the verdicts already given and
//! `TODO` for new ones (which fail until a person replaces them).

mod common;

use std::collections::BTreeMap;
use std::fmt::Write;

use ocsf_validate::pii::PiiLevel;
use ocsf_validate::Policy;

const LIST: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/published-findings.tsv"
);

/// `(event id, pointer, code)` → message, for every value finding.
fn findings() -> Option<BTreeMap<(String, String, String), String>> {
    let dir = common::shared("real-events")?;
    let v = common::pii_validator(PiiLevel::Default, Policy::default());
    let mut out = BTreeMap::new();
    for name in [
        "real.jsonl",
        "vendor_docs.jsonl",
        "generated_prerelease.jsonl",
    ] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let row: serde_json::Value = serde_json::from_str(line).unwrap();
            let id = row["id"].as_str().unwrap().to_owned();
            let event = serde_json::to_vec(&row["event"]).unwrap();
            for d in v.validate_bytes(&event).diagnostics {
                let value_rule = d.code.starts_with("OCSFS") || d.code.starts_with("OCSFP2");
                if value_rule {
                    out.insert(
                        (id.clone(), d.pointer.clone(), d.code.to_owned()),
                        d.message,
                    );
                }
            }
        }
    }
    Some(out)
}

/// The committed list: key → verdict.
fn committed() -> BTreeMap<(String, String, String), String> {
    let text = std::fs::read_to_string(LIST).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.splitn(5, '\t').collect();
            assert_eq!(f.len(), 5, "bad line in the list: {l}");
            (
                (f[0].to_owned(), f[1].to_owned(), f[2].to_owned()),
                f[4].to_owned(),
            )
        })
        .collect()
}

#[test]
fn every_value_finding_on_the_published_events_is_listed_and_right() {
    let Some(now) = findings() else {
        return;
    };
    let list = committed();
    if std::env::var_os("UPDATE_FINDINGS").is_some() {
        let mut s = String::from(
            "# Value findings on ../shared/real-events under the default policy: event id, pointer, code, message, verdict.\n# Checked by tests/published_findings.rs; verdicts are written by hand (`UPDATE_FINDINGS=1` keeps them and marks new lines TODO).\n",
        );
        for (k, msg) in &now {
            let verdict = list.get(k).map_or("TODO", String::as_str);
            let _ = writeln!(s, "{}\t{}\t{}\t{msg}\t{verdict}", k.0, k.1, k.2);
        }
        std::fs::write(LIST, s).unwrap();
    }
    let mut problems = Vec::new();
    for (k, msg) in &now {
        match list.get(k) {
            None => problems.push(format!("not in the list: {k:?} {msg}")),
            Some(v) if !v.starts_with("right:") => {
                problems.push(format!("verdict is not `right:` ({v}): {k:?} {msg}"))
            }
            Some(_) => {}
        }
    }
    for k in list.keys().filter(|k| !now.contains_key(*k)) {
        problems.push(format!("listed but no longer reported: {k:?}"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The shapes behind the findings the published events used to have, planted in a small event:
/// clean where the attribute explains them, reported where it does not.
#[test]
fn the_attribute_explains_ids_and_message_ids() {
    let v = common::pii_validator(PiiLevel::Default, Policy::default());
    let key_id = concat!("ASIA", "QWERTYUI2345ABCD");
    let event = |user: &str, message: &str| {
        format!(
            r#"{{"class_uid": 4009, "category_uid": 4, "activity_id": 1, "type_uid": 400901, "severity_id": 1, "time": 1700000000000, "metadata": {{"version": "1.6.0", "product": {{"name": "S", "vendor_name": "A"}}}}, "actor": {{"user": {{"uid": "u-1", "credential_uid": "{user}"}}}}, "email": {{"message_uid": "<SJ0PR06MB7116E976D2AECD1432BABAC8F3302@SJ0PR06MB7116.namprd06.prod.outlook.com>"}}, "device": {{"domain": "ip-10-176-78-1111", "type_id": 1}}, "unmapped": {{"cipher_alg": "chacha20-poly1305@openssh.com"}}, "message": "{message}"}}"#
        )
    };
    let value_codes = |e: String| -> Vec<(String, String)> {
        v.validate_bytes(e.as_bytes())
            .diagnostics
            .into_iter()
            .filter(|d| d.code.starts_with("OCSFS") || d.code.starts_with("OCSFP2"))
            .map(|d| (d.code.to_owned(), d.pointer))
            .collect()
    };
    assert_eq!(value_codes(event(key_id, "ok")), vec![]);
    assert_eq!(
        value_codes(event(
            "u-1",
            &format!("exported {key_id} for ana.lopez@corp-mail.io")
        )),
        vec![
            ("OCSFS101".to_owned(), "/message".to_owned()),
            ("OCSFP201".to_owned(), "/message".to_owned())
        ]
    );
}
