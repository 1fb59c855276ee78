#![allow(dead_code)]

use std::path::PathBuf;

use ocsf_validate::pii::{PiiLevel, PiiRules};
use ocsf_validate::{Policy, Validator};

/// `../shared/<sub>`; `None` (with a message) when absent, a failure under
/// `OCSF_REQUIRE_SHARED=1` (see `ocsf-test-support`).
pub fn shared(sub: &str) -> Option<PathBuf> {
    ocsf_test_support::shared(sub)
}

/// A 1.6.0 validator with the personal-data and secret rules at `level`, as the command
/// builds it.
pub fn pii_validator(level: PiiLevel, policy: Policy) -> Validator {
    let schema = ocsf_schema::v1_6_0::schema();
    let rules = PiiRules::new(schema, level, &policy).unwrap();
    Validator::builder()
        .with_schema(schema)
        .with_policy(policy)
        .with_rule(Box::new(rules))
        .build()
        .unwrap()
}
