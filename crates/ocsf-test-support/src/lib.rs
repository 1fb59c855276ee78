//! Test support shared by every crate of the workspace.
//!
//! The OCSF schema exports, seed events, published events and secret examples live outside the
//! repository, in `../shared` beside the workspace root (read-only, never copied in). Tests
//! that need them call [`shared`]: on a machine without them the test says so and skips, and
//! where they must be there (`OCSF_REQUIRE_SHARED=1`, set by `.ci/run` when `../shared`
//! exists) a missing file fails the test instead of letting it pass without checking anything.
//!
//! [`corpus`] generates realistic events from the schema tables, for benchmarks and robustness
//! tests. The examples `bench_corpus` (writes a corpus) and `parse_lines` (the baseline: parse
//! each line of a file into a `serde_json::Value`) serve `bench/cli-speed.sh`.

use std::path::PathBuf;

pub mod corpus;

/// The environment variable that turns a missing shared file into a failure.
pub const REQUIRE_VAR: &str = "OCSF_REQUIRE_SHARED";

/// `../shared`, located from this crate's manifest (`crates/ocsf-test-support`).
pub fn shared_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// `../shared/<relative>` (a file or a directory) when it exists. Otherwise prints why the
/// caller skips and returns `None`, or panics when `OCSF_REQUIRE_SHARED=1`.
pub fn shared(relative: &str) -> Option<PathBuf> {
    let path = shared_dir().join(relative);
    if path.exists() {
        return Some(path);
    }
    let message = format!(
        "{} is absent (../shared is not on this machine)",
        path.display()
    );
    if std::env::var_os(REQUIRE_VAR).is_some_and(|v| v == "1") {
        panic!("{message}, and {REQUIRE_VAR}=1 requires it");
    }
    eprintln!("skipped: {message}");
    None
}

/// The files of the directory `../shared/<relative>` whose extension is `extension`, sorted,
/// as [`shared`] decides; a directory without any is a failure, not an empty list.
pub fn shared_files(relative: &str, extension: &str) -> Option<Vec<PathBuf>> {
    let dir = shared(relative)?;
    let read =
        std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = read
        .map(|e| {
            e.unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
                .path()
        })
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no .{extension} file in {}",
        dir.display()
    );
    Some(files)
}

/// The bytes of `../shared/<relative>`, as [`shared`] decides.
pub fn shared_bytes(relative: &str) -> Option<Vec<u8>> {
    let path = shared(relative)?;
    Some(std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_absent_file_is_skipped_or_required() {
        let name = "no-such-file-ever.json";
        // Only the skipping side can be exercised without racing other tests on the variable.
        if std::env::var_os(REQUIRE_VAR).is_none() {
            assert!(shared(name).is_none());
        }
        assert!(shared_dir().ends_with("shared"));
    }
}
