//! The generated corpus (`ocsf_test_support::corpus`) is realistic: many classes, and clean
//! except for its planted faults.

mod common;

use ocsf_test_support::corpus::Generator;
use ocsf_validate::pii::PiiLevel;
use ocsf_validate::{Category, Policy, Validator};

#[test]
fn corpus_is_clean_except_planted_faults() {
    let schema = ocsf_schema::v1_6_0::schema();
    let v = Validator::new(schema).unwrap();
    let mut g = Generator::new(schema, 7, 24);
    assert!(g.classes().len() >= 20);
    let mut dirty = 0;
    let mut classes = std::collections::BTreeSet::new();
    let mut sample = Vec::new();
    for _ in 0..3000 {
        let e = g.event();
        classes.insert(e["class_uid"].as_u64().unwrap());
        let bytes = serde_json::to_vec(&e).unwrap();
        let r = v.validate_bytes(&bytes);
        if !r.is_clean() {
            dirty += 1;
            if sample.len() < 5 {
                sample.push(r.diagnostics);
            }
        }
    }
    assert!(classes.len() >= 20);
    // About 1% carry a planted fault.
    assert!(
        (10..=60).contains(&dirty),
        "{dirty} dirty events, e.g. {sample:#?}"
    );
}

/// The personal-data corpus of `bench/cli-speed.sh`: as clean as the plain corpus, and the
/// default policy reports several personal-data findings in every event.
#[test]
fn personal_data_corpus_is_clean_and_reports_personal_data() {
    let schema = ocsf_schema::v1_6_0::schema();
    let plain = Validator::new(schema).unwrap();
    let with = common::pii_validator(PiiLevel::Default, Policy::default());
    let mut g = Generator::new(schema, 7, 24).with_personal_data(true);
    let n = 1000;
    let (mut dirty, mut found, mut fewest) = (0, 0, usize::MAX);
    let mut sample = Vec::new();
    for _ in 0..n {
        let bytes = serde_json::to_vec(&g.event()).unwrap();
        let r = plain.validate_bytes(&bytes);
        if !r.is_clean() {
            dirty += 1;
            if sample.len() < 5 {
                sample.push(r.diagnostics);
            }
        }
        let personal = with
            .validate_bytes(&bytes)
            .diagnostics
            .iter()
            .filter(|d| d.category == Category::Pii)
            .count();
        found += personal;
        fewest = fewest.min(personal);
    }
    // The planted faults (1%), and no more than the plain corpus has.
    assert!(dirty <= n / 25, "{dirty} dirty events, e.g. {sample:#?}");
    assert!(fewest >= 1, "an event without personal data");
    assert!(
        found >= 3 * n,
        "{found} personal-data findings in {n} events"
    );
}
