//! Extension point for rules that look at values rather than at the schema: the PII and secret
//! rules plug in here. A [`Rule`] receives every string value of the event (including those
//! under `unmapped` and other `json_t` values), with lazy access to its pointer and path.

use ocsf_schema::Attribute;

use crate::rules::RuleInfo;

/// A string value seen during validation.
pub struct StrValue<'a> {
    pub value: &'a str,
    /// The value is a valid instance of its attribute's fixed-format data type (`ip_t`,
    /// `mac_t`, `uuid_t`, `subnet_t`, `datetime_t`, `file_hash_t`): nothing but what the
    /// attribute itself holds can hide in it, so scanning its text finds nothing.
    pub fixed_shape: bool,
    /// The value is one of the captions of the enum its attribute names (`Logon` in
    /// `activity_name`): the schema's own vocabulary, which holds no personal data or secret.
    pub caption: bool,
    /// The schema attribute the value belongs to; `None` under `json_t` values and for
    /// attributes the schema does not define.
    pub attribute: Option<&'static Attribute>,
    /// The object that holds [`Self::attribute`] (`user`), `None` for an attribute of the
    /// event class itself. Attributes are shared between objects and versions, so the owner
    /// is what tells `user.name` from `device.name`.
    pub object: Option<&'static str>,
    /// The address of the holding object's table (0 for a class attribute): with the
    /// attribute's address, a key for per-attribute facts that costs no string hashing.
    pub(crate) object_addr: usize,
    pub(crate) path: &'a dyn PathView,
}

impl std::fmt::Debug for StrValue<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StrValue")
            .field("len", &self.value.len())
            .field("attribute", &self.attribute.map(|a| a.name))
            .finish()
    }
}

impl StrValue<'_> {
    /// RFC 6901 pointer to the value; built on demand.
    pub fn pointer(&self) -> String {
        self.path.pointer()
    }

    /// Dotted attribute path without array indexes (`actor.user.email_addr`); built on demand.
    pub fn attribute_path(&self) -> String {
        self.path.dotted()
    }

    /// The key the value is under (`email_addr`; for an array element, the array's key),
    /// without building the path.
    pub fn key(&self) -> Option<&str> {
        self.path.last_key()
    }
}

pub(crate) trait PathView {
    fn pointer(&self) -> String;
    fn dotted(&self) -> String;
    fn last_key(&self) -> Option<&str>;
}

/// Where a [`Rule`] reports findings about the value it was given.
pub struct Findings<'a> {
    pub(crate) out: &'a mut Vec<(&'static str, String, Option<String>)>,
    /// The event's diagnostics so far, and the policy: a finding the policy drops (a code
    /// switched off, or ignored at this value's path) is dropped at once, and past the number
    /// of diagnostics the event keeps, findings are only counted, so that a value of a million
    /// email addresses does not hold a million messages.
    pub(crate) reporter: &'a crate::rules::context::Reporter<'a, 'a>,
    /// Findings kept by the policy but past the event's room: counted as truncated.
    pub(crate) past_room: usize,
}

impl std::fmt::Debug for Findings<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Findings").finish_non_exhaustive()
    }
}

impl Findings<'_> {
    /// Reports `code` (one of the rule's [`Rule::infos`]) at the value. Messages must not quote
    /// the value whole; use [`crate::excerpt`].
    pub fn report(&mut self, code: &'static str, message: String, help: Option<String>) {
        if !self.reporter.keeps(code, &[]) {
            return;
        }
        if self.out.len() < self.reporter.room() {
            self.out.push((code, message, help));
        } else {
            self.past_room += 1;
        }
    }
}

/// A value rule registered on the [`crate::ValidatorBuilder`].
pub trait Rule: Send + Sync {
    /// The codes this rule can report, with their documentation; they join the registry
    /// (SARIF rules, policy overrides, docs).
    fn infos(&self) -> &'static [RuleInfo];

    /// Called for every string value of the event.
    fn check_str(&self, value: &StrValue<'_>, findings: &mut Findings<'_>);

    /// Whether [`Self::check_str`] can report anything at all. A rule that cannot (a rule
    /// switched off by its settings) keeps its codes in the registry, so that policy files
    /// naming them still load, but is never handed a value.
    fn is_active(&self) -> bool {
        true
    }
}
