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
//! `DeserializeSeed`; no `serde_json::Value` is built (except for events with observables,
//! whose paths can point anywhere).
//!
//! This crate is the library alone: schema checks, the personal-data and secret rules
//! ([`pii`], with the [`pii::redactor::Redactor`]), policies built in code or read with
//! [`Policy::from_toml`], and the rule registry ([`Validator::rules`], [`RuleInfo`]). It never
//! prints: diagnostics are values. The `ocsf-validate` command (arguments, reading files,
//! rendering, exit codes, finding the policy file) is the `ocsf-validate-cli` crate.

mod diag;
mod error;
mod facts;
mod formats;
mod hooks;
mod peek;
pub mod pii;
mod policy;
pub mod rules;
mod tables;
mod validator;
pub mod versions;
mod walk;

pub use diag::{escape_pointer_token, excerpt, Category, Diagnostic, Report, Severity};
pub use error::Error;
pub use hooks::{Findings, Rule, StrValue};
pub use ocsf_names::{did_you_mean, edit_distance};
pub use policy::{Ignore, Level, Policy, DEFAULT_MAX_EVENT_BYTES, MAX_DEPTH};
pub use rules::RuleInfo;
pub use validator::{Validator, ValidatorBuilder};
pub use versions::{ChoiceReason, VersionChoice, VersionMode};
