//! The validation policy: severity per code, ignores, allowed extra attributes, opt-in checks.
//! Read from `ocsf-validate.toml` by the binary; built in code by library users.

use std::collections::HashMap;
use std::path::Path;

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::diag::Severity;
use crate::Error;

/// Default bound on one event's size in bytes.
pub const DEFAULT_MAX_EVENT_BYTES: usize = 16 * 1024 * 1024;
/// Nesting bound; equal to serde_json's recursion limit so both inputs behave alike.
pub const MAX_DEPTH: usize = 128;
/// Message of the error that stops a walk nesting deeper than [`MAX_DEPTH`], recognised when
/// the error is reported.
pub(crate) const DEPTH_MESSAGE: &str = "recursion limit exceeded";

/// A severity override for one code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    #[serde(alias = "warn")]
    Warning,
    Error,
}

/// One ignore entry: codes (all when empty) under attribute paths and/or in files.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ignore {
    #[serde(default)]
    pub codes: Vec<String>,
    /// Dotted attribute path globs, e.g. `actor.user.*` or `**.email_addr`.
    #[serde(default)]
    pub paths: Vec<String>,
    /// File path globs, e.g. `legacy/**`. Applied by the binary, which knows file names.
    #[serde(default)]
    pub files: Vec<String>,
}

/// How much personal data is tolerated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PiiLevel {
    /// No personal-data or secret findings (the rules stay registered, so policy files that
    /// name their codes still load).
    Off,
    /// Personal data (names, emails, phone numbers, locations, device ids) and secrets.
    #[default]
    Default,
    /// Also the strict-only kinds: IP addresses, host names, user and account names, cities,
    /// user agents; and IP addresses inside free text. Only ids may remain.
    Strict,
}

impl PiiLevel {
    pub fn parse(s: &str) -> Option<PiiLevel> {
        match s {
            "off" => Some(PiiLevel::Off),
            "default" => Some(PiiLevel::Default),
            "strict" => Some(PiiLevel::Strict),
            _ => None,
        }
    }
}

/// `[pii]` in the policy file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PiiSettings {
    /// `off`, `default` or `strict`; `--pii-policy` overrides it. Unset: `default` in the CLI.
    pub policy: Option<PiiLevel>,
    /// Dotted attribute path globs where personal data is expected for this project
    /// (`src_endpoint.ip`, `actor.user.*`). Secrets are still reported there.
    pub allow: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Report missing recommended attributes (OCSF202).
    pub recommended: bool,
    pub max_event_bytes: usize,
    pub max_diagnostics_per_event: usize,
    pub severity: HashMap<String, Level>,
    pub ignore: Vec<Ignore>,
    /// Extra attribute paths that are not reported as unknown (dotted globs).
    pub allow: Vec<String>,
    /// Personal-data and secret rules: `[pii] policy = "strict"`, `allow = ["src_endpoint.ip"]`.
    pub pii: PiiSettings,
    /// `version = "1.1.0"`: judge every event by this version instead of the one it claims
    /// (the binary's `--schema-version` takes precedence).
    pub version: Option<String>,
    /// `default_version = "1.1.0"`: the version of events that claim none usable (the
    /// binary's `--default-version` takes precedence).
    pub default_version: Option<String>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            recommended: false,
            max_event_bytes: DEFAULT_MAX_EVENT_BYTES,
            max_diagnostics_per_event: 1000,
            severity: HashMap::new(),
            ignore: Vec::new(),
            allow: Vec::new(),
            pii: PiiSettings::default(),
            version: None,
            default_version: None,
        }
    }
}

impl Policy {
    pub fn from_toml(text: &str) -> Result<Policy, Error> {
        Ok(toml::from_str(text)?)
    }

    pub fn with_recommended(mut self, on: bool) -> Self {
        self.recommended = on;
        self
    }

    pub fn with_severity(mut self, code: &str, level: Level) -> Self {
        self.severity.insert(code.to_owned(), level);
        self
    }

    pub fn with_allow(mut self, path: &str) -> Self {
        self.allow.push(path.to_owned());
        self
    }
}

/// Globs over dotted attribute paths are matched with `.` mapped to `/`, so that `*` stays
/// inside one attribute name and `**` crosses them.
fn dotted_glob(pattern: &str) -> Result<Glob, Error> {
    GlobBuilder::new(&pattern.replace('.', "/"))
        .literal_separator(true)
        .build()
        .map_err(|source| Error::Glob {
            glob: pattern.to_owned(),
            source,
        })
}

/// A set of dotted attribute path globs, matched against paths with `.` replaced by `/`.
pub(crate) fn dotted_glob_set(patterns: &[String]) -> Result<GlobSet, Error> {
    glob_set(patterns, dotted_glob)
}

fn glob_set<'a>(
    patterns: impl IntoIterator<Item = &'a String>,
    make: fn(&str) -> Result<Glob, Error>,
) -> Result<GlobSet, Error> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(make(p)?);
    }
    b.build().map_err(|source| Error::Glob {
        glob: String::new(),
        source,
    })
}

fn file_glob(pattern: &str) -> Result<Glob, Error> {
    Glob::new(pattern).map_err(|source| Error::Glob {
        glob: pattern.to_owned(),
        source,
    })
}

#[derive(Debug)]
struct CompiledIgnore {
    codes: Vec<String>,
    paths: Option<GlobSet>,
    files: Option<GlobSet>,
}

impl CompiledIgnore {
    fn matches_code(&self, code: &str) -> bool {
        self.codes.is_empty() || self.codes.iter().any(|c| c == code)
    }
}

/// The policy with its globs compiled.
#[derive(Debug)]
pub(crate) struct CompiledPolicy {
    pub policy: Policy,
    ignores: Vec<CompiledIgnore>,
    allow: GlobSet,
    pub has_path_ignores: bool,
}

impl CompiledPolicy {
    pub fn compile(policy: Policy, known_code: impl Fn(&str) -> bool) -> Result<Self, Error> {
        for code in policy
            .severity
            .keys()
            .chain(policy.ignore.iter().flat_map(|i| &i.codes))
        {
            if !known_code(code) {
                return Err(Error::Policy(format!("unknown rule code `{code}`")));
            }
        }
        let mut ignores = Vec::new();
        for ig in &policy.ignore {
            ignores.push(CompiledIgnore {
                codes: ig.codes.clone(),
                paths: (!ig.paths.is_empty())
                    .then(|| glob_set(&ig.paths, dotted_glob))
                    .transpose()?,
                files: (!ig.files.is_empty())
                    .then(|| glob_set(&ig.files, file_glob))
                    .transpose()?,
            });
        }
        let allow = glob_set(&policy.allow, dotted_glob)?;
        let has_path_ignores = ignores
            .iter()
            .any(|i| i.paths.is_some() && i.files.is_none());
        Ok(CompiledPolicy {
            policy,
            ignores,
            allow,
            has_path_ignores,
        })
    }

    /// The severity of a code after overrides; `None` when the code is switched off.
    pub fn severity(&self, code: &str, default: Severity) -> Option<Severity> {
        match self.policy.severity.get(code) {
            None => Some(default),
            Some(Level::Off) => None,
            Some(Level::Info) => Some(Severity::Info),
            Some(Level::Warning) => Some(Severity::Warning),
            Some(Level::Error) => Some(Severity::Error),
        }
    }

    /// Ignored for an attribute path (entries without a file glob).
    pub fn ignored_at(&self, code: &str, dotted_path: &str) -> bool {
        let slashed = dotted_path.replace('.', "/");
        self.ignores.iter().any(|i| {
            i.files.is_none()
                && i.matches_code(code)
                && i.paths.as_ref().is_some_and(|p| p.is_match(&slashed))
        })
    }

    /// The policy allows some extra attribute paths (else none is, and no path need be built).
    pub fn has_allowed_paths(&self) -> bool {
        !self.allow.is_empty()
    }

    pub fn is_allowed(&self, dotted_path: &str) -> bool {
        !self.allow.is_empty() && self.allow.is_match(dotted_path.replace('.', "/"))
    }

    /// Ignored for a file (entries with a file glob; their path globs, if any, must match too).
    pub fn ignored_in_file(&self, code: &str, file: &Path, dotted_path: Option<&str>) -> bool {
        self.ignores.iter().any(|i| {
            let Some(files) = &i.files else { return false };
            i.matches_code(code)
                && files.is_match(file)
                && match (&i.paths, dotted_path) {
                    (None, _) => true,
                    (Some(p), Some(path)) => p.is_match(path.replace('.', "/")),
                    (Some(_), None) => false,
                }
        })
    }

    pub fn has_file_ignores(&self) -> bool {
        self.ignores.iter().any(|i| i.files.is_some())
    }
}
