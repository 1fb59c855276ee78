//! The generated corpus (`ocsf_test_support::corpus`) is realistic: many classes, and clean
//! except for its planted faults.

use ocsf_test_support::corpus::Generator;
use ocsf_validate::Validator;

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
