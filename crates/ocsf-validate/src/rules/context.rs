//! What a rule sees. Rules never touch the walker: they get the value or object at hand, the
//! facts gathered so far, and a [`Reporter`] that places a diagnostic at the current path and
//! applies the policy. A diagnostic's text is built only when the policy keeps it.

use ocsf_schema::{Attribute, BaseType};

use crate::diag::{Category, Diagnostic, Report, RuleInfo, Severity};
use crate::facts::{
    render_dotted, render_pointer, Entry, EntryVal, Facts, Frame, Seg, Tok, SCALAR,
};
use crate::fnv::FnvMap;
use crate::formats::TypeCheck;
use crate::policy::CompiledPolicy;
use crate::tables::{Owner, Tables};
use crate::versions::VersionMode;

/// The text of a diagnostic.
#[derive(Debug, Default)]
pub(crate) struct Msg {
    pub message: String,
    /// Where in the schema the broken rule is stated (`classes/authentication/attributes/user`).
    pub schema_path: Option<String>,
    pub help: Option<String>,
}

impl Msg {
    pub fn new(message: String, schema_path: Option<String>, help: Option<String>) -> Msg {
        Msg {
            message,
            schema_path,
            help,
        }
    }
}

/// Each registered code's category and its severity under the policy (`None` when the policy
/// switches it off), decided once when the validator is built.
#[derive(Debug, Default)]
pub(crate) struct CodeTable {
    codes: FnvMap<&'static str, (Category, Option<Severity>)>,
}

impl CodeTable {
    pub fn new(rules: &[RuleInfo], policy: &CompiledPolicy) -> CodeTable {
        let codes = rules
            .iter()
            .map(|r| (r.code, (r.category, policy.severity(r.code, r.severity))))
            .collect();
        CodeTable { codes }
    }
}

/// A diagnostic that depends on `metadata.profiles`, which may come later in the event.
#[derive(Debug)]
struct Deferred {
    profile: &'static str,
    /// Keep the diagnostic when the profile is declared (true) or when it is not (false).
    if_declared: bool,
    diag: Diagnostic,
}

/// Where rules report: the path being walked, the policy (severities, path ignores, the cap
/// per event) and the diagnostics so far.
pub(crate) struct Reporter<'v, 'de> {
    policy: &'v CompiledPolicy,
    codes: &'v CodeTable,
    /// The path of the value being walked; the walk pushes and pops it.
    pub path: Vec<Seg<'de>>,
    diags: Vec<Diagnostic>,
    truncated: usize,
    deferred: Vec<Deferred>,
}

impl<'v, 'de> Reporter<'v, 'de> {
    pub fn new(policy: &'v CompiledPolicy, codes: &'v CodeTable) -> Self {
        Reporter {
            policy,
            codes,
            path: Vec::with_capacity(16),
            diags: Vec::new(),
            truncated: 0,
            deferred: Vec::new(),
        }
    }

    pub fn policy(&self) -> &'v CompiledPolicy {
        self.policy
    }

    /// Whether the policy keeps `code` at the current path plus `extra` (it is enabled and not
    /// ignored there): what [`Self::make`] decides first.
    pub fn keeps(&self, code: &'static str, extra: &[Tok<'_>]) -> bool {
        self.kept_as(code, extra).is_some()
    }

    /// The category and severity of `code` when the policy keeps it at the current path plus
    /// `extra`.
    fn kept_as(&self, code: &'static str, extra: &[Tok<'_>]) -> Option<(Category, Severity)> {
        let &(category, severity) = self.codes.codes.get(code)?;
        let severity = severity?;
        let ignored = self.policy.has_path_ignores
            && self
                .policy
                .ignored_at(code, &render_dotted(&self.path, extra));
        (!ignored).then_some((category, severity))
    }

    /// How many more diagnostics the event keeps.
    pub fn room(&self) -> usize {
        self.policy
            .policy
            .max_diagnostics_per_event
            .saturating_sub(self.diags.len())
    }

    /// `n` diagnostics past the event's cap, counted without being built.
    pub fn count_truncated(&mut self, n: usize) {
        self.truncated += n;
    }

    /// Builds the diagnostic `code` at the current path plus `extra`, unless the policy drops
    /// it; `msg` runs only for a diagnostic that is kept. Once the event has its policy's
    /// number of diagnostics, the diagnostic is an empty one that [`Self::push`] only counts:
    /// an event of a million unknown keys does not rank a million "did you mean"s.
    pub fn make(
        &self,
        code: &'static str,
        extra: &[Tok<'_>],
        msg: impl FnOnce() -> Msg,
    ) -> Option<Diagnostic> {
        let (category, severity) = self.kept_as(code, extra)?;
        if self.room() == 0 {
            return Some(Diagnostic {
                code,
                severity,
                category,
                message: String::new(),
                pointer: String::new(),
                schema_path: None,
                help: None,
                position: None,
                schema_version: None,
            });
        }
        let Msg {
            message,
            schema_path,
            help,
        } = msg();
        Some(Diagnostic {
            code,
            severity,
            category,
            message,
            pointer: render_pointer(&self.path, extra),
            schema_path,
            help,
            position: None,
            schema_version: None,
        })
    }

    /// Keeps a diagnostic, up to the policy's number per event (the rest are counted).
    pub fn push(&mut self, diag: Option<Diagnostic>) {
        if let Some(d) = diag {
            if self.room() == 0 {
                self.truncated += 1;
            } else {
                if self.diags.capacity() == 0 {
                    // Room for what an event with findings usually has (16 on published
                    // events): growing 1, 2, 4, 8, 16 moved every diagnostic four times.
                    self.diags.reserve(16);
                }
                self.diags.push(d);
            }
        }
    }

    /// Reports `code` at the current path plus `extra`.
    pub fn report(&mut self, code: &'static str, extra: &[Tok<'_>], msg: impl FnOnce() -> Msg) {
        let d = self.make(code, extra, msg);
        self.push(d);
    }

    /// Keeps `diag` if `profile` is declared (`if_declared`) or not (`!if_declared`): now when
    /// the profiles are known, else once they are ([`Self::resolve_deferred`]).
    pub fn push_if_profile(
        &mut self,
        facts: &Facts<'_>,
        profile: &'static str,
        if_declared: bool,
        diag: Option<Diagnostic>,
    ) {
        let Some(diag) = diag else { return };
        if facts.profiles_known {
            if facts.profile_declared(profile) == if_declared {
                self.push(Some(diag));
            }
        } else {
            self.deferred.push(Deferred {
                profile,
                if_declared,
                diag,
            });
        }
    }

    /// The profiles are known (`metadata` or the event ended): decides the deferred diagnostics.
    pub fn resolve_deferred(&mut self, facts: &mut Facts<'_>) {
        facts.profiles_known = true;
        for d in std::mem::take(&mut self.deferred) {
            if facts.profile_declared(d.profile) == d.if_declared {
                self.push(Some(d.diag));
            }
        }
    }

    /// The diagnostics, each stamped with the version that judged the event.
    pub fn into_report(self, version: Option<&'static str>) -> Report {
        let mut diagnostics = self.diags;
        for d in &mut diagnostics {
            d.schema_version = version;
        }
        Report {
            diagnostics,
            truncated: self.truncated,
            schema_version: version,
        }
    }
}

/// One value of a known attribute, as the value rules see it.
pub(crate) struct ValueCtx<'a, 'v, 'de> {
    pub attr: &'static Attribute,
    pub owner: Owner,
    /// The JSON shape of the attribute's values in the version at hand.
    pub base: BaseType,
    /// The value is an element of the attribute's array.
    pub in_array: bool,
    /// The compiled check of the attribute's data type (`None` for objects).
    pub type_check: Option<&'v TypeCheck>,
    /// The validator's clock, in milliseconds since the epoch (for times in the future).
    pub now_ms: i64,
    pub out: &'a mut Reporter<'v, 'de>,
}

impl ValueCtx<'_, '_, '_> {
    /// Where the attribute is defined in the schema, rendered when called (for a message's
    /// closure: most values report nothing).
    pub fn lazy_schema_path(&self) -> impl Fn() -> Option<String> + Copy + 'static {
        let (owner, name) = (self.owner, self.attr.name);
        move || Some(owner.attr_schema_path(name))
    }

    /// An array is expected and this is not one of its elements.
    pub fn expects_array(&self) -> bool {
        self.attr.is_array && !self.in_array
    }
}

/// An object (or the event) that has ended, as the object and event rules see it.
pub(crate) struct ObjectEnd<'a, 'v, 'de> {
    pub t: &'v Tables,
    pub mode: VersionMode,
    pub frame: &'a Frame<'v>,
    pub facts: &'a Facts<'de>,
    /// The values remembered in this object.
    pub entries: &'a [Entry<'de>],
    /// One bit per attribute of the owner: present in this object.
    pub seen: &'a [u64],
    /// One bit per dotted constraint path of the owner found below this object.
    pub hits: u32,
    pub out: &'a mut Reporter<'v, 'de>,
}

impl<'a> ObjectEnd<'a, '_, '_> {
    pub fn is_seen(&self, idx: u16) -> bool {
        self.seen[idx as usize / 64] & (1 << (idx % 64)) != 0
    }

    /// The integer value of a scalar attribute of this object, if remembered.
    pub fn int(&self, idx: Option<u16>) -> Option<i64> {
        let idx = idx?;
        self.entries.iter().find_map(|e| match e.val {
            EntryVal::Int(n) if e.attr == idx && e.index == SCALAR => Some(n),
            _ => None,
        })
    }

    /// The string value of a scalar attribute of this object, if remembered.
    pub fn str(&self, idx: Option<u16>) -> Option<&'a str> {
        let idx = idx?;
        self.entries.iter().find_map(|e| match &e.val {
            EntryVal::Str(s) if e.attr == idx && e.index == SCALAR => Some(s.as_ref()),
            _ => None,
        })
    }
}
