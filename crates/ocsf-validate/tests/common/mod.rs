#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/<sub>`; `None` (with a message) when absent, a failure under
/// `OCSF_REQUIRE_SHARED=1` (see `ocsf-test-support`).
pub fn shared(sub: &str) -> Option<PathBuf> {
    ocsf_test_support::shared(sub)
}
