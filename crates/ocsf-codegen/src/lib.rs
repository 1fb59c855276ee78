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

pub use model::{Layout, Schema};
pub use output::GeneratedFile;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the schema export is not valid JSON: {0}")]
    Parse(#[source] serde_json::Error),
    /// The text is a JSON document in neither layout, or in both.
    #[error("the schema export has {0}")]
    Layout(String),
    #[error("the schema export does not fit the {layout} layout: {source}")]
    Shape {
        layout: Layout,
        #[source]
        source: serde_json::Error,
    },
    #[error("the schema export is inconsistent: {0}")]
    Schema(String),
}

/// Every generated file for these schema versions (oldest first), sorted by path.
/// `default_version` (one of them) is the version of the `ocsf` crate's default typed API and
/// the tools' fallback.
pub fn generate(schemas: &[&Schema], default_version: &str) -> Vec<GeneratedFile> {
    let mut files = tables::generate(schemas, default_version);
    files.extend(json_schema::generate(schemas));
    files.extend(typed::generate(schemas, default_version));
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
