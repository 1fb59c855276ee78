//! The [`Validator`]: tables and policy compiled once, then any number of events.

use std::path::Path;

use serde_json::Value;

use crate::diag::{Diagnostic, Report};
use crate::hooks::Rule;
use crate::peek::peek;
use crate::policy::{CompiledPolicy, Policy};
use crate::rules::context::{CodeTable, Reporter};
use crate::rules::{self, RuleInfo};
use crate::tables::VersionTables;
use crate::versions::{self, known_version, VersionMode};
use crate::walk::{self, Judge};
use crate::Error;

/// Validates events under one policy, each by the schema version it claims (or one forced
/// version; see [`crate::versions`]). Cheap to share across threads.
pub struct Validator {
    pub(crate) tables: VersionTables,
    pub(crate) mode: VersionMode,
    pub(crate) policy: CompiledPolicy,
    pub(crate) hooks: Vec<Box<dyn Rule>>,
    infos: Vec<RuleInfo>,
    codes: CodeTable,
    /// When the validator was built: times more than a day later are implausible.
    now_ms: i64,
}

impl std::fmt::Debug for Validator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Validator")
            .field("mode", &self.mode)
            .field("rules", &self.infos.len())
            .finish_non_exhaustive()
    }
}

/// Builds a [`Validator`]: how versions are chosen, policy, extra value rules.
pub struct ValidatorBuilder {
    mode: VersionMode,
    policy: Policy,
    hooks: Vec<Box<dyn Rule>>,
}

impl std::fmt::Debug for ValidatorBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ValidatorBuilder")
            .field("mode", &self.mode)
            .finish_non_exhaustive()
    }
}

impl ValidatorBuilder {
    /// Judges every event by this version (`"1.6.0"`), whatever it claims.
    pub fn with_version(self, version: &str) -> Result<Self, Error> {
        Ok(self.with_schema(known_version(version)?))
    }

    /// Judges every event by this schema, whatever it claims.
    pub fn with_schema(mut self, schema: &'static ocsf_schema::Schema) -> Self {
        self.mode = VersionMode::Forced(schema);
        self
    }

    /// Judges each event by the version it claims (the default), and by `version` the events
    /// that claim none, or one of an unknown major.
    pub fn with_default_version(mut self, version: &str) -> Result<Self, Error> {
        self.mode = VersionMode::PerEvent {
            fallback: known_version(version)?,
        };
        Ok(self)
    }

    pub fn with_version_mode(mut self, mode: VersionMode) -> Self {
        self.mode = mode;
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
        let mut infos: Vec<RuleInfo> = rules::builtin_rules().copied().collect();
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
        let codes = CodeTable::new(&infos, &policy);
        let mut hooks = self.hooks;
        hooks.retain(|h| h.is_active());
        Ok(Validator {
            tables: VersionTables::new(self.mode)?,
            mode: self.mode,
            policy,
            hooks,
            codes,
            infos,
            now_ms: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(i64::MAX, |d| {
                    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
                }),
        })
    }
}

impl Validator {
    /// A validator with the default policy that judges every event by `schema`.
    pub fn new(schema: &'static ocsf_schema::Schema) -> Result<Validator, Error> {
        Validator::builder().with_schema(schema).build()
    }

    /// By default each event is judged by the version it claims, falling back to
    /// [`ocsf_schema::DEFAULT_VERSION`].
    pub fn builder() -> ValidatorBuilder {
        ValidatorBuilder {
            mode: VersionMode::default(),
            policy: Policy::default(),
            hooks: Vec::new(),
        }
    }

    /// The forced version, or the fallback of per-event selection.
    pub fn schema(&self) -> &'static ocsf_schema::Schema {
        self.mode.schema()
    }

    pub fn version_mode(&self) -> VersionMode {
        self.mode
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

    /// The severity the policy gives `code`, which reports at `default` unless overridden;
    /// `None` when the policy switches it off. For diagnostics made outside the walk (the
    /// command's Security Lake rules).
    pub fn severity_of(&self, code: &str, default: crate::Severity) -> Option<crate::Severity> {
        self.policy.severity(code, default)
    }

    /// Whether a diagnostic is ignored for a file by the policy's `files` globs.
    pub fn ignored_in_file(&self, diag: &Diagnostic, file: &Path) -> bool {
        self.policy.has_file_ignores()
            && self
                .policy
                .ignored_in_file(diag.code, file, Some(&pointer_to_dotted(&diag.pointer)))
    }

    /// Whether the policy accepts an attribute the schema lacks at `dotted_path`
    /// (`src_endpoint.vendor_zone`): it is allowed (`allow = [...]`), or OCSF203 is switched off
    /// or ignored there. Tools that move such attributes leave these where they are.
    pub fn accepts_unknown_attribute(&self, dotted_path: &str) -> bool {
        let code = crate::rules::attributes::UNKNOWN_ATTRIBUTE;
        (self.policy.has_allowed_paths() && self.policy.is_allowed(dotted_path))
            || self.policy.severity(code, crate::Severity::Error).is_none()
            || self.policy.ignored_at(code, dotted_path)
    }

    fn judge(&self) -> Judge<'_> {
        Judge {
            mode: self.mode,
            policy: &self.policy,
            codes: &self.codes,
            hooks: &self.hooks,
            now_ms: self.now_ms,
        }
    }

    /// Validates one event given as JSON text. Never panics on any input.
    pub fn validate_bytes(&self, bytes: &[u8]) -> Report {
        if bytes.len() > self.policy.policy.max_event_bytes {
            return self.report_too_large(bytes.len() as u64);
        }
        // The version is chosen before the walk from a scan of the bytes, and confirmed by
        // what the walk read: a wrong guess (rare) costs a second walk, never a wrong verdict.
        let peeked = peek(bytes);
        let mut schema = match self.mode {
            VersionMode::Forced(s) => s,
            VersionMode::PerEvent { .. } => versions::choose(self.mode, peeked.version).schema,
        };
        let judge = self.judge();
        let mut report = Report::default();
        for _ in 0..2 {
            let t = self.tables.get(schema);
            let (r, rejudge) = walk::walk_bytes(&judge, t, bytes, peeked.class_uid);
            report = r;
            match rejudge {
                Some(s) if s.version != schema.version => schema = s,
                _ => break,
            }
        }
        report
    }

    /// The report of an event of `len` bytes past the policy's `max_event_bytes` (OCSF004),
    /// the same that [`Self::validate_bytes`] gives for it: for a reader that skipped the event
    /// as it streamed, without keeping its bytes.
    pub fn report_too_large(&self, len: u64) -> Report {
        let mut out = Reporter::new(&self.policy, &self.codes);
        let len = usize::try_from(len).unwrap_or(usize::MAX);
        rules::input::too_large(&mut out, len, self.policy.policy.max_event_bytes);
        out.into_report(None)
    }

    /// Validates one event already parsed into a `Value`, with the same rules.
    pub fn validate_value(&self, event: &Value) -> Report {
        let claimed = event.pointer("/metadata/version").and_then(Value::as_str);
        let schema = versions::choose(self.mode, claimed).schema;
        walk::walk_value(&self.judge(), self.tables.get(schema), event)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn event(metadata_first: &str, version: &str) -> String {
        format!(
            r#"{{{metadata_first}"class_uid": 3002, "category_uid": 3, "activity_id": 1, "type_uid": 300201, "severity_id": 1, "time": 1700000000000, "user": {{"uid": "u"}}, "metadata": {{"version": "{version}", "product": {{"name": "S", "vendor_name": "A"}}}}}}"#
        )
    }

    /// An escaped key hides `metadata` from the scan, which guesses no version; the walk
    /// reads the real version and the event is judged again by it.
    #[test]
    fn a_wrong_guess_is_corrected_by_the_walk() {
        let v = Validator::builder().build().unwrap();
        let text = event("", "1.3.0").replace(r#""metadata""#, r#""meta\u0064ata""#);
        assert_eq!(peek(text.as_bytes()).version, None);
        let report = v.validate_bytes(text.as_bytes());
        assert_eq!(report.schema_version, Some("1.3.0"), "{report:#?}");
        let by_value = v.validate_value(&serde_json::from_str(&text).unwrap());
        assert_eq!(by_value, report);
    }

    #[test]
    fn each_event_is_judged_by_the_version_it_claims() {
        let v = Validator::builder().build().unwrap();
        for s in ocsf_schema::versions() {
            let report = v.validate_bytes(event("", s.version).as_bytes());
            assert_eq!(report.schema_version, Some(s.version));
            assert!(
                report
                    .diagnostics
                    .iter()
                    .all(|d| !d.code.starts_with("OCSF70")),
                "{report:#?}"
            );
        }
        let forced = Validator::builder()
            .with_version("1.6.0")
            .unwrap()
            .build()
            .unwrap();
        let report = forced.validate_bytes(event("", "1.1.0").as_bytes());
        assert_eq!(report.schema_version, Some("1.6.0"));
        assert!(
            report.has_code(crate::rules::VERSION_DIFFERS),
            "{report:#?}"
        );
    }
}
