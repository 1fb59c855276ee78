//! Loading the generated JSON Schemas the way a user would, shared by the JSON Schema tests.
//!
//! A version is a bundle (`ocsf.schema.json`) and per-class entry documents that `$ref` into
//! it. [`Pair`] validates every instance twice, with the bundle and with a class's entry
//! document, and fails a test when the two disagree on where the errors are.

// Each test binary uses its own part of this module.
#![allow(dead_code)]

use std::path::PathBuf;

use jsonschema::{Resource, Retrieve, Uri, Validator};
use ocsf_codegen::{json_schema, GeneratedFile, Schema};
use serde_json::Value;

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared schema data lives outside the repository; without it the real-export tests are
/// skipped rather than failed.
pub fn shared_export(file: &str) -> Option<Schema> {
    let bytes = ocsf_test_support::shared_bytes(&format!("ocsf-schema/{file}"))?;
    Some(Schema::from_export_json(&bytes).expect("the shared export parses"))
}

pub fn document(files: &[GeneratedFile], path: &str) -> Value {
    let file = files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} is not generated"));
    serde_json::from_str(&file.contents).expect("generated JSON parses")
}

/// Builds a draft 2020-12 validator of a bundle. Building checks the document against the
/// 2020-12 metaschema first (the crate's default), so this also proves it is a valid schema.
pub fn compile_bundle(bundle: &Value) -> Validator {
    jsonschema::draft202012::options()
        .build(bundle)
        .unwrap_or_else(|e| panic!("{} is not a valid draft 2020-12 schema: {e}", bundle["$id"]))
}

/// Builds a validator of an entry document, with the bundle provided as a resource under its
/// `$id`: the way to load one class when both documents are at hand.
pub fn compile_entry(bundle: &Value, entry: &Value) -> Validator {
    let id = bundle["$id"].as_str().expect("the bundle has an $id");
    let resource = Resource::from_contents(bundle.clone()).expect("a draft 2020-12 resource");
    jsonschema::draft202012::options()
        .with_resource(id, resource)
        .build(entry)
        .unwrap_or_else(|e| panic!("{} does not compile: {e}", entry["$id"]))
}

/// Serves generated documents by `$id`, as a retriever over a checkout's `schemas/json/` would
/// serve files: the `$id` past [`json_schema::ID_BASE`] is the path under `schemas/json/`.
pub struct Files(pub Vec<GeneratedFile>);

impl Retrieve for Files {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let rel = uri
            .as_str()
            .strip_prefix(json_schema::ID_BASE)
            .ok_or_else(|| format!("{uri} is not a generated document"))?;
        let path = format!("schemas/json/{rel}");
        let file = self
            .0
            .iter()
            .find(|f| f.path == path)
            .ok_or_else(|| format!("{path} is not generated"))?;
        Ok(serde_json::from_str(&file.contents)?)
    }
}

/// Builds a validator of an entry document that fetches the bundle through a retriever.
pub fn compile_entry_retrieved(files: &[GeneratedFile], entry: &Value) -> Validator {
    jsonschema::draft202012::options()
        .with_retriever(Files(files.to_vec()))
        .build(entry)
        .unwrap_or_else(|e| panic!("{} does not compile: {e}", entry["$id"]))
}

/// A class's entry document and its version's bundle, both compiled.
pub struct Pair {
    pub entry: Validator,
    pub bundle: Validator,
}

impl Pair {
    pub fn new(files: &[GeneratedFile], version: &str, class: &str) -> Pair {
        let bundle = document(files, &json_schema::bundle_path(version));
        let entry = document(files, &json_schema::class_path(version, class));
        Pair {
            entry: compile_entry(&bundle, &entry),
            bundle: compile_bundle(&bundle),
        }
    }

    /// The instance paths of every error, the same from both documents.
    pub fn error_paths(&self, instance: &Value) -> Vec<String> {
        let entry = instance_paths(&self.entry, instance);
        let bundle = instance_paths(&self.bundle, instance);
        assert_eq!(
            entry, bundle,
            "the entry document and the bundle disagree on {instance:#}"
        );
        entry
    }

    pub fn assert_valid(&self, instance: &Value) {
        for validator in [&self.entry, &self.bundle] {
            assert_valid(validator, instance);
        }
    }

    pub fn assert_invalid_at(&self, instance: &Value, instance_path: &str) {
        let errors = self.error_paths(instance);
        assert!(
            errors.iter().any(|at| at == instance_path),
            "expected an error at `{instance_path}`, got {errors:#?}"
        );
    }
}

/// Sorted instance paths of every error.
pub fn instance_paths(validator: &Validator, instance: &Value) -> Vec<String> {
    let mut out: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| e.instance_path.to_string())
        .collect();
    out.sort();
    out
}

pub fn assert_valid(validator: &Validator, instance: &Value) {
    let messages: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}: {e}", e.schema_path, e.instance_path))
        .collect();
    assert!(messages.is_empty(), "unexpected errors: {messages:#?}");
}
