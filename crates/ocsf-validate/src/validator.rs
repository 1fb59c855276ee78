//! The [`Validator`]: tables and policy compiled once, then any number of events.

use std::path::Path;

use serde_json::Value;

use crate::diag::{Diagnostic, Report};
use crate::hooks::Rule;
use crate::policy::{CompiledPolicy, Policy};
use crate::rules::context::Reporter;
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
        Ok(Validator {
            tables: VersionTables::new(self.mode)?,
            mode: self.mode,
            policy,
            hooks: self.hooks,
            infos,
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

    /// Whether a diagnostic is ignored for a file by the policy's `files` globs.
    pub fn ignored_in_file(&self, diag: &Diagnostic, file: &Path) -> bool {
        self.policy.has_file_ignores()
            && self
                .policy
                .ignored_in_file(diag.code, file, Some(&pointer_to_dotted(&diag.pointer)))
    }

    fn judge(&self) -> Judge<'_> {
        Judge {
            mode: self.mode,
            policy: &self.policy,
            rules: &self.infos,
            hooks: &self.hooks,
        }
    }

    /// Validates one event given as JSON text. Never panics on any input.
    pub fn validate_bytes(&self, bytes: &[u8]) -> Report {
        let max = self.policy.policy.max_event_bytes;
        if bytes.len() > max {
            let mut out = Reporter::new(&self.policy, &self.infos);
            rules::input::too_large(&mut out, bytes.len(), max);
            return out.into_report(None);
        }
        // The version is chosen before the walk from a scan of the bytes, and confirmed by
        // what the walk read: a wrong guess (rare) costs a second walk, never a wrong verdict.
        let mut schema = match self.mode {
            VersionMode::Forced(s) => s,
            VersionMode::PerEvent { .. } => {
                versions::choose(self.mode, scan_metadata_version(bytes)).schema
            }
        };
        let judge = self.judge();
        let mut report = Report::default();
        for _ in 0..2 {
            let (r, rejudge) = walk::walk_bytes(&judge, self.tables.get(schema), bytes);
            report = r;
            match rejudge {
                Some(s) if s.version != schema.version => schema = s,
                _ => break,
            }
        }
        report
    }

    /// Validates one event already parsed into a `Value`, with the same rules.
    pub fn validate_value(&self, event: &Value) -> Report {
        let claimed = event.pointer("/metadata/version").and_then(Value::as_str);
        let schema = versions::choose(self.mode, claimed).schema;
        walk::walk_value(&self.judge(), self.tables.get(schema), event)
    }
}

/// The string value of `metadata.version`, guessed by a scan of the bytes: the first
/// `"metadata": {` (found with memchr's substring search, so an event costs one fast search,
/// not a second parse) and its direct `version` key, skipping nested values. `None` when there
/// is none. A guess: a `"metadata"` key inside another object, or escapes in the value, can
/// mislead it, and the walk, which reads the real `metadata.version`, corrects the choice.
pub(crate) fn scan_metadata_version(bytes: &[u8]) -> Option<&str> {
    const KEY: &[u8] = b"\"metadata\"";
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(KEY));
    let mut from = 0;
    while let Some(at) = FINDER.find(&bytes[from..]) {
        let mut s = Scan {
            b: bytes,
            i: from + at + KEY.len(),
        };
        from = s.i;
        s.ws();
        if s.eat(b':').is_none() {
            continue;
        }
        s.ws();
        if s.eat(b'{').is_none() {
            continue;
        }
        loop {
            s.ws();
            let key = s.string()?;
            s.ws();
            s.eat(b':')?;
            s.ws();
            if key == b"version" {
                return std::str::from_utf8(s.string()?).ok();
            }
            s.value()?;
            s.ws();
            s.eat(b',')?;
        }
    }
    None
}

/// A forward-only scan over JSON bytes: just enough structure to skip values.
struct Scan<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Scan<'a> {
    fn ws(&mut self) {
        while self.b.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.b.get(self.i) == Some(&c)).then(|| self.i += 1)
    }

    /// The raw bytes of a string (escapes not decoded), after its closing quote.
    fn string(&mut self) -> Option<&'a [u8]> {
        self.eat(b'"')?;
        let start = self.i;
        loop {
            let at = start.max(self.i) + memchr::memchr2(b'"', b'\\', &self.b[self.i..])?;
            if self.b[at] == b'\\' {
                self.i = at + 2;
                continue;
            }
            self.i = at + 1;
            return Some(&self.b[start..at]);
        }
    }

    /// Skips one value of any kind; nesting is followed by counting brackets outside strings.
    fn value(&mut self) -> Option<()> {
        match *self.b.get(self.i)? {
            b'"' => self.string().map(drop),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match *self.b.get(self.i)? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.i += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
            }
            _ => {
                while self
                    .b
                    .get(self.i)
                    .is_some_and(|c| !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace())
                {
                    self.i += 1;
                }
                Some(())
            }
        }
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

    #[test]
    fn the_version_scan_skips_nested_values_and_strings() {
        fn scan(s: &str) -> Option<&str> {
            scan_metadata_version(s.as_bytes())
        }
        assert_eq!(
            scan(
                r#"{"metadata": {"product": {"version": "9.9", "name": "}{\"x"}, "version": "1.1.0"}}"#
            ),
            Some("1.1.0")
        );
        assert_eq!(
            scan(r#"{"a": [1, {"b": "]"}], "metadata":{"profiles":["x"],"version":"1.0.0-rc.2"}}"#),
            Some("1.0.0-rc.2")
        );
        assert_eq!(scan(r#"{"metadata": {"product": {}}}"#), None);
        assert_eq!(scan(r#"{"metadata": "1.1.0"}"#), None);
        assert_eq!(scan(r#"{"metadata": {"version": 11}}"#), None);
        assert_eq!(scan("not json"), None);
        assert_eq!(scan(r#"{"metadata": {"version": "1.1"#), None);
    }

    fn event(metadata_first: &str, version: &str) -> String {
        format!(
            r#"{{{metadata_first}"class_uid": 3002, "category_uid": 3, "activity_id": 1, "type_uid": 300201, "severity_id": 1, "time": 1700000000000, "user": {{"uid": "u"}}, "metadata": {{"version": "{version}", "product": {{"name": "S", "vendor_name": "A"}}}}}}"#
        )
    }

    /// A misleading `"metadata"` earlier in the event makes the scan guess wrong; the walk
    /// reads the real version and the event is judged again by it.
    #[test]
    fn a_wrong_guess_is_corrected_by_the_walk() {
        let v = Validator::builder().build().unwrap();
        let text = event(
            r#""unmapped": {"metadata": {"version": "1.1.0"}}, "#,
            "1.3.0",
        );
        assert_eq!(scan_metadata_version(text.as_bytes()), Some("1.1.0"));
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
