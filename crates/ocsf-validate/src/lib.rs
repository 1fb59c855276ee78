//! Validate OCSF events against the static schema tables of `ocsf-schema`.
//!
//! ```
//! use ocsf_validate::Validator;
//!
//! let v = Validator::new(ocsf_schema::v1_6_0::schema()).unwrap();
//! let report = v.validate_bytes(br#"{"class_uid": 3002, "severity_id": 42}"#);
//! assert!(report.has_code("OCSF301")); // 42 is no severity
//! assert!(report.has_code("OCSF201")); // required attributes are missing
//! ```
//!
//! Built with [`Validator::builder`], a validator judges each event by the OCSF version it
//! claims in `metadata.version` (see [`versions`] for the rules); [`Validator::new`] and
//! [`ValidatorBuilder::with_version`] judge every event by one version.
//!
//! Validation is one pass over the bytes, driven by the schema tables through serde's
//! `DeserializeSeed`; no `serde_json::Value` is built. Events with observables get a second,
//! light pass that looks only at the paths the observables name.
//!
//! How the crate is laid out, for a maintainer:
//!
//! - `validator.rs` builds a [`Validator`] and, for each event, chooses the version that judges
//!   it (`peek.rs` reads the top-level `class_uid` and `metadata.version` from the bytes first);
//! - `walk/` is the pass itself: the event, its objects and values as serde seeds, the zero-copy
//!   scanner, values without a schema, and the observables' second pass. It owns its state and
//!   decides when each rule runs;
//! - [`rules`] holds the schema rules, one module per family (codes, docs, examples and the
//!   logic that emits them), seeing only a narrow context (`rules/context.rs`: the value or the
//!   object that ended, the facts gathered, and a reporter that applies the policy);
//! - `facts.rs` is the vocabulary the walk gathers and the rules read; `tables.rs` what is
//!   precomputed per version; `formats.rs` the data types' format checks;
//! - [`pii`] is the personal-data and secret family, a value [`Rule`] plugged in through
//!   `hooks.rs`, with the [`pii::redactor`] that rewrites events;
//! - `policy.rs` and `diag.rs` are the policy and the diagnostics as values; `settings.rs`
//!   the callers' settings over a policy (the command's flags, the Python package's options).
//!
//! This crate is the library alone: schema checks, the personal-data and secret rules
//! ([`pii`], with the [`pii::redactor::Redactor`]), policies built in code or read with
//! [`Policy::from_toml`], and the rule registry ([`Validator::rules`], [`RuleInfo`]). It never
//! prints: diagnostics are values. The `ocsf-validate` command (arguments, reading files,
//! rendering, exit codes, finding the policy file) is the `ocsf-validate-cli` crate.

mod diag;
mod error;
mod facts;
mod fnv;
mod formats;
mod hooks;
pub mod lake;
mod peek;
pub mod pii;
mod policy;
pub mod rules;
mod settings;
mod swar;
mod tables;
mod validator;
pub mod versions;
mod walk;

pub use diag::{escape_pointer_token, excerpt, Category, Diagnostic, Report, Severity};
pub use error::Error;
pub use formats::{format_epoch_ms, parse_rfc3339};
pub use hooks::{Findings, Rule, StrValue};
pub use ocsf_names::{did_you_mean, edit_distance};
pub use policy::{Ignore, Level, Policy, DEFAULT_MAX_EVENT_BYTES, MAX_DEPTH};
pub use rules::RuleInfo;
pub use settings::Settings;
pub use validator::{Validator, ValidatorBuilder};
pub use versions::{ChoiceReason, VersionChoice, VersionMode};
