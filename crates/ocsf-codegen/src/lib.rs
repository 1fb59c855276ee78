//! The OCSF code generator: a compiled schema export in, the text of generated files out.
//!
//! Pure: it reads nothing and writes nothing. `cargo xtask codegen` owns the I/O.

pub mod diff;
pub mod json_schema;
pub mod model;
pub mod names;
pub mod output;
pub mod tables;
pub mod typed;

pub use model::Schema;
pub use output::GeneratedFile;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the schema export is not valid JSON in the expected layout: {0}")]
    Parse(#[source] serde_json::Error),
    #[error("the schema export is inconsistent: {0}")]
    Schema(String),
}

/// Every generated file for these schema versions (oldest first), sorted by path.
pub fn generate(schemas: &[&Schema]) -> Vec<GeneratedFile> {
    let mut files = tables::generate(schemas);
    files.extend(json_schema::generate(schemas));
    files.extend(typed::generate(schemas));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Directories whose every file the generator owns: a file there that it no longer produces is
/// stale and is removed by `cargo xtask codegen`.
pub fn owned_dirs(schemas: &[&Schema]) -> Vec<String> {
    let mut dirs = vec![tables::CRATE_DIR.to_owned(), typed::CRATE_DIR.to_owned()];
    dirs.extend(
        schemas
            .iter()
            .map(|s| format!("schemas/json/{}", s.version)),
    );
    dirs
}
