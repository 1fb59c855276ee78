//! The [`Validator`]: tables and policy compiled once, then any number of events.

use std::path::Path;

use serde::de::DeserializeSeed;
use serde_json::Value;

use crate::checks::observables;
use crate::diag::{Diagnostic, Report};
use crate::hooks::Rule;
use crate::policy::{CompiledPolicy, Policy};
use crate::rules::{self, RuleInfo};
use crate::tables::Tables;
use crate::walk::{choose_class, EventSeed, Walker, DEPTH_MESSAGE};
use crate::Error;

/// Validates events of one schema version under one policy. Cheap to share across threads.
pub struct Validator {
    pub(crate) tables: Tables,
    pub(crate) policy: CompiledPolicy,
    pub(crate) hooks: Vec<Box<dyn Rule>>,
    infos: Vec<RuleInfo>,
}

impl std::fmt::Debug for Validator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Validator")
            .field("version", &self.tables.schema.version)
            .field("rules", &self.infos.len())
            .finish_non_exhaustive()
    }
}

/// Builds a [`Validator`]: schema version, policy, extra value rules.
pub struct ValidatorBuilder {
    schema: &'static ocsf_schema::Schema,
    policy: Policy,
    hooks: Vec<Box<dyn Rule>>,
}

impl std::fmt::Debug for ValidatorBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ValidatorBuilder")
            .field("version", &self.schema.version)
            .finish_non_exhaustive()
    }
}

impl ValidatorBuilder {
    /// Selects a schema version compiled into `ocsf-schema` (`"1.6.0"`).
    pub fn with_version(mut self, version: &str) -> Result<Self, Error> {
        self.schema = ocsf_schema::by_version(version)
            .ok_or_else(|| Error::UnknownVersion(version.to_owned()))?;
        Ok(self)
    }

    pub fn with_schema(mut self, schema: &'static ocsf_schema::Schema) -> Self {
        self.schema = schema;
        self
    }

    pub fn with_policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }

    /// Registers a value rule (PII, secrets, ...).
    pub fn with_rule(mut self, rule: Box<dyn Rule>) -> Self {
        self.hooks.push(rule);
        self
    }

    pub fn build(self) -> Result<Validator, Error> {
        let mut infos: Vec<RuleInfo> = rules::BUILTIN.to_vec();
        for h in &self.hooks {
            for info in h.infos() {
                if infos.iter().any(|i| i.code == info.code) {
                    return Err(Error::Policy(format!(
                        "rule code `{}` is registered twice",
                        info.code
                    )));
                }
                infos.push(*info);
            }
        }
        let policy = CompiledPolicy::compile(self.policy, |c| infos.iter().any(|i| i.code == c))?;
        Ok(Validator {
            tables: Tables::build(self.schema)?,
            policy,
            hooks: self.hooks,
            infos,
        })
    }
}

impl Validator {
    /// A validator with the default policy.
    pub fn new(schema: &'static ocsf_schema::Schema) -> Result<Validator, Error> {
        Validator::builder().with_schema(schema).build()
    }

    pub fn builder() -> ValidatorBuilder {
        ValidatorBuilder {
            schema: ocsf_schema::latest(),
            policy: Policy::default(),
            hooks: Vec::new(),
        }
    }

    pub fn schema(&self) -> &'static ocsf_schema::Schema {
        self.tables.schema
    }

    pub fn policy(&self) -> &Policy {
        &self.policy.policy
    }

    /// Every rule this validator can report: built-in and registered.
    pub fn rules(&self) -> &[RuleInfo] {
        &self.infos
    }

    pub fn rule(&self, code: &str) -> Option<&RuleInfo> {
        self.infos.iter().find(|i| i.code == code)
    }

    /// Whether a diagnostic is ignored for a file by the policy's `files` globs.
    pub fn ignored_in_file(&self, diag: &Diagnostic, file: &Path) -> bool {
        self.policy.has_file_ignores()
            && self
                .policy
                .ignored_in_file(diag.code, file, Some(&pointer_to_dotted(&diag.pointer)))
    }

    fn input_error(
        &self,
        code: &'static str,
        message: String,
        position: Option<(usize, usize)>,
    ) -> Report {
        let w = Walker::new(self);
        let mut d = w.make(code, &[], message, None, None);
        if let Some(d) = &mut d {
            d.position = position;
        }
        Report {
            diagnostics: d.into_iter().collect(),
            truncated: 0,
        }
    }

    fn parse_error(&self, e: &serde_json::Error) -> Report {
        let text = e.to_string();
        let reason = match text.find(" at line ") {
            Some(i) => &text[..i],
            None => &text,
        };
        let position = (e.line() > 0).then(|| (e.line(), e.column()));
        if reason.contains(DEPTH_MESSAGE) {
            return self.input_error(
                rules::TOO_DEEP,
                format!("the event nests deeper than {} levels", crate::MAX_DEPTH),
                position,
            );
        }
        let message = match position {
            Some((l, c)) => format!("not valid JSON: {reason} (line {l}, column {c})"),
            None => format!("not valid JSON: {reason}"),
        };
        self.input_error(rules::INVALID_JSON, message, position)
    }

    /// Validates one event given as JSON text. Never panics on any input.
    pub fn validate_bytes(&self, bytes: &[u8]) -> Report {
        let max = self.policy.policy.max_event_bytes;
        if bytes.len() > max {
            return self.input_error(
                rules::TOO_LARGE,
                format!(
                    "the event is {} bytes, more than the bound of {max}",
                    bytes.len()
                ),
                None,
            );
        }
        // Keys before `class_uid` would have to be parsed twice (kept raw until the class is
        // known); a guess from a byte scan avoids that, and is verified after the walk.
        let guess = scan_class_uid(bytes);
        if let Some(report) = crate::walk::validate_fast(self, bytes, guess) {
            return report;
        }
        let mut w = match self.walk_bytes(bytes, guess) {
            Ok(w) if guess.is_none() || w.facts.class_uid == guess => w,
            Ok(_) => match self.walk_bytes(bytes, None) {
                Ok(w) => w,
                Err(e) => return self.parse_error(&e),
            },
            Err(e) => return self.parse_error(&e),
        };
        if !w.facts.observables.is_empty() {
            let seen = std::mem::take(&mut w.facts.observables);
            observables::check(
                &mut w,
                &seen,
                &mut serde_json::Deserializer::from_slice(bytes),
            );
        }
        Report {
            diagnostics: w.diags,
            truncated: w.truncated,
        }
    }

    fn walk_bytes<'a>(
        &'a self,
        bytes: &'a [u8],
        guess: Option<i64>,
    ) -> Result<Walker<'a, 'a>, serde_json::Error> {
        let mut w = Walker::new(self);
        let preselect = guess.map(|uid| choose_class(self.tables.schema, Some(&Value::from(uid))));
        let mut de = serde_json::Deserializer::from_slice(bytes);
        EventSeed {
            w: &mut w,
            preselect,
        }
        .deserialize(&mut de)?;
        de.end()?;
        Ok(w)
    }

    /// Validates one event already parsed into a `Value`, with the same rules.
    pub fn validate_value(&self, event: &Value) -> Report {
        let mut w = Walker::new(self);
        let preselect = event
            .as_object()
            .map(|o| choose_class(self.tables.schema, o.get("class_uid")));
        let result = EventSeed {
            w: &mut w,
            preselect,
        }
        .deserialize(event);
        if let Err(e) = result {
            return self.parse_error(&e);
        }
        if !w.facts.observables.is_empty() {
            let seen = std::mem::take(&mut w.facts.observables);
            observables::check(&mut w, &seen, event);
        }
        Report {
            diagnostics: w.diags,
            truncated: w.truncated,
        }
    }
}

/// The number after the first `"class_uid":` in the text, if any.
fn scan_class_uid(bytes: &[u8]) -> Option<i64> {
    const KEY: &[u8] = b"\"class_uid\"";
    // Built once: this runs for every event, and building the searcher was measurable.
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(KEY));
    let at = FINDER.find(bytes)?;
    let rest = &bytes[at + KEY.len()..];
    let rest = rest
        .trim_ascii_start()
        .strip_prefix(b":")?
        .trim_ascii_start();
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 12 {
        return None;
    }
    std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()
}

/// `/actor/user/0/name` → `actor.user.name` (array indexes dropped, tokens unescaped).
pub fn pointer_to_dotted(pointer: &str) -> String {
    pointer
        .split('/')
        .skip(1)
        .filter(|t| !t.bytes().all(|b| b.is_ascii_digit()) || t.is_empty())
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect::<Vec<_>>()
        .join(".")
}
