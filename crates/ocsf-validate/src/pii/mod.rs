//! Personal data and secret rules: a [`Rule`] that classifies attributes with the `ocsf-pii`
//! table (OCSFP101) and runs the `ocsf-detect` value detectors on every string (OCSFP2xx,
//! OCSFS1xx–3xx). Register it with [`crate::ValidatorBuilder::with_rule`]; the CLI does so
//! unless `--pii-policy off`.
//!
//! ```
//! use ocsf_validate::pii::{PiiLevel, PiiRules};
//! use ocsf_validate::{Policy, Validator};
//!
//! let policy = Policy::default();
//! let rules = PiiRules::new(ocsf_schema::v1_6_0::schema(), PiiLevel::Default, &policy).unwrap();
//! let v = Validator::builder().with_policy(policy).with_rule(Box::new(rules)).build().unwrap();
//! let r = v.validate_bytes(br#"{"class_uid": 0, "actor": {"user": {"email_addr": "ana@corp-mail.io"}}}"#);
//! assert!(r.has_code("OCSFP101"));
//! assert!(!r.diagnostics.iter().any(|d| d.message.contains("ana@corp")));
//! ```

mod examples;
pub mod redactor;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, LazyLock, Mutex};

use globset::GlobSet;
use ocsf_detect::{Category as DetCategory, DetectorInfo, Finding, Options};
use ocsf_pii::Classification;
use ocsf_schema::{Attribute, Schema};

use crate::diag::{Category, Severity};
use crate::fnv::FnvMap;
use crate::hooks::{Findings, Rule, StrValue};
use crate::policy::{dotted_glob_set, Policy};
use crate::rules::RuleInfo;
use crate::Error;

/// The code of the attribute classification rule.
pub const PII_ATTRIBUTE: &str = "OCSFP101";

pub use crate::policy::{PiiLevel, PiiSettings};

/// What the rule knows about a schema attribute, precomputed per attribute address.
#[derive(Debug, Clone, Copy)]
struct AttrFacts {
    class: Option<Classification>,
    /// The name says password or secret.
    keyed: bool,
}

/// A value found to be personal data or a secret, with what to replace in it: recorded when
/// the rule runs in collecting mode, for the [`redactor`].
#[derive(Debug, Clone)]
pub struct SensitiveValue {
    pub pointer: String,
    pub value: String,
    /// OCSF type of the attribute (`email_t`, `ip_t`, ...); `None` under `json_t`.
    pub type_name: Option<&'static str>,
    /// Replace the whole value (a classified attribute) with this label.
    pub whole: Option<&'static str>,
    /// Replace these byte ranges, with the detector id as label.
    pub spans: Vec<(Range<usize>, &'static str)>,
}

/// The personal-data and secret rule.
pub struct PiiRules {
    level: PiiLevel,
    allow: Option<GlobSet>,
    attrs: HashMap<AttrKey, AttrFacts, AddrHash>,
    /// The pairs of `attrs` as bits at [`pair_bit`]: most string values belong to none, and a
    /// bit is cheaper to look up than the map.
    known: Box<[u64; KNOWN_WORDS]>,
    collect: Option<Arc<Mutex<Vec<SensitiveValue>>>>,
}

impl std::fmt::Debug for PiiRules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PiiRules")
            .field("level", &self.level)
            .field("attributes", &self.attrs.len())
            .finish_non_exhaustive()
    }
}

/// Classification is by owner and attribute (`user.name` is personal data, `device.name` is
/// not), and the same attribute static may serve many owners: the key is the addresses of the
/// owning object's table (0 for a class) and of the attribute's.
type AttrKey = (usize, usize);

/// Hashes the address pairs of [`AttrKey`]: looked up for every string value, where SipHash's
/// resistance to chosen keys buys nothing (the keys are our own static addresses) and costs
/// a measurable share of the run.
#[derive(Clone, Copy, Default)]
struct AddrHash;

impl std::hash::BuildHasher for AddrHash {
    type Hasher = AddrHasher;
    fn build_hasher(&self) -> AddrHasher {
        AddrHasher(0)
    }
}

struct AddrHasher(u64);

impl std::hash::Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        // FxHash's step: rotate, mix in, multiply by an odd constant.
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// Words of [`PiiRules::known`].
const KNOWN_WORDS: usize = 256;

/// The bit of [`PiiRules::known`] that stands for the pair of an owner's table and an
/// attribute ([`AttrKey`]). By the pair, not the attribute alone: the statics of `name` and
/// `uid` serve many objects, are classified in some (`user`), and were looked up in the map
/// for every object's `name` and `uid` when the bit stood for the attribute.
fn pair_bit((object, attr): AttrKey) -> usize {
    // Fibonacci hashing: the top bits of the mixed addresses times 2^64 over the golden ratio.
    const BITS: u32 = (KNOWN_WORDS * 64).trailing_zeros();
    let mixed = (attr as u64) ^ (object as u64).rotate_left(23);
    (mixed.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - BITS)) as usize
}

fn key(object: Option<&'static ocsf_schema::Object>, attr: &'static Attribute) -> AttrKey {
    (
        object.map_or(0, |o| o as *const ocsf_schema::Object as usize),
        attr as *const Attribute as usize,
    )
}

impl PiiRules {
    /// Classifies every attribute of the schema once; `policy.pii.allow` is compiled here.
    pub fn new(
        schema: &'static Schema,
        level: PiiLevel,
        policy: &Policy,
    ) -> Result<PiiRules, Error> {
        let mut attrs = HashMap::default();
        // Versions share objects and attributes, so most pairs recur: each distinct pair, and
        // each distinct name pair, is classified once (this runs at every start, over some
        // 40,000 pairs: hashed with our own hashes, not SipHash).
        let mut seen: std::collections::HashSet<AttrKey, AddrHash> =
            std::collections::HashSet::default();
        let mut by_name: crate::fnv::FnvMap<
            (Option<&'static str>, &'static str),
            Option<AttrFacts>,
        > = crate::fnv::FnvMap::default();
        let mut add = |owner: Option<&'static ocsf_schema::Object>,
                       list: &'static [&'static Attribute]| {
            for a in list {
                let k = key(owner, a);
                if !seen.insert(k) {
                    continue;
                }
                let facts = *by_name
                    .entry((owner.map(|o| o.name), a.name))
                    .or_insert_with(|| {
                        let class = ocsf_pii::classify(owner.map(|o| o.name), a.name);
                        let keyed = ocsf_detect::is_secret_key(a.name);
                        (class.is_some() || keyed).then_some(AttrFacts { class, keyed })
                    });
                if let Some(facts) = facts {
                    attrs.insert(k, facts);
                }
            }
        };
        // Every version's names: events are judged by the version they claim, and a name an
        // older or newer version has must be classified all the same.
        let schemas = std::iter::once(schema).chain(ocsf_schema::versions().iter().copied());
        for schema in schemas {
            for c in schema.classes {
                add(None, c.attributes());
            }
            for o in schema.objects {
                add(Some(*o), o.attributes());
            }
        }
        let allow = (!policy.pii.allow.is_empty())
            .then(|| dotted_glob_set(&policy.pii.allow))
            .transpose()?;
        let mut known: Box<[u64; KNOWN_WORDS]> = Box::new([0; KNOWN_WORDS]);
        for &pair in attrs.keys() {
            let bit = pair_bit(pair);
            known[bit / 64] |= 1 << (bit % 64);
        }
        Ok(PiiRules {
            level,
            allow,
            attrs,
            known,
            collect: None,
        })
    }

    /// Records every finding with its pointer and spans instead of only reporting it
    /// (for `--redact`).
    pub fn collecting(mut self, into: Arc<Mutex<Vec<SensitiveValue>>>) -> Self {
        self.collect = Some(into);
        self
    }

    fn allowed(&self, sv: &StrValue<'_>) -> bool {
        self.allow
            .as_ref()
            .is_some_and(|g| g.is_match(sv.attribute_path().replace('.', "/")))
    }
}

/// Values that are prose or arbitrary text, where IP addresses are looked for under strict.
fn is_free_text(attribute: Option<&'static Attribute>) -> bool {
    attribute.is_none_or(|a| matches!(a.type_name, "string_t" | "json_t"))
}

/// Types whose values are timestamps, addresses or digests: their digits are no card, phone
/// or account number (secrets are still looked for: a token can be put anywhere by mistake).
fn has_fixed_shape(attribute: Option<&'static Attribute>) -> bool {
    attribute.is_some_and(|a| {
        matches!(
            a.type_name,
            "datetime_t"
                | "ip_t"
                | "mac_t"
                | "uuid_t"
                | "file_hash_t"
                | "subnet_t"
                | "timestamp_t"
                | "hostname_t"
        )
    })
}

/// A value finding that the attribute itself accounts for: an id attribute (`uid`,
/// `credential_uid`) is where an access key id belongs, and `message_uid` holds mail
/// Message-IDs (`<…@….prod.outlook.com>`), which are shaped like addresses but name a message.
fn explained_by_attribute(a: &Attribute, f: &Finding) -> bool {
    let id_attribute = a.name == "uid" || a.name.ends_with("_uid");
    (id_attribute && ocsf_detect::names_a_credential(f.detector))
        || (a.name == "message_uid" && f.detector.id == "email")
}

/// Whether a key under `unmapped` or another `json_t` value names a secret, remembered per
/// thread: the same keys come back in every event, and reading a name against the vocabulary
/// costs more than the value's other checks.
fn names_a_secret(key: &str) -> bool {
    use std::cell::RefCell;

    /// Bound on remembered keys per thread; past it the memory starts over.
    const MAX_KEYS: usize = 4096;
    thread_local! {
        static MEMO: RefCell<FnvMap<Box<str>, bool>> = RefCell::new(FnvMap::default());
    }
    MEMO.with(|memo| {
        let Ok(mut memo) = memo.try_borrow_mut() else {
            return ocsf_detect::is_secret_key(key);
        };
        if let Some(&known) = memo.get(key) {
            return known;
        }
        if memo.len() >= MAX_KEYS {
            memo.clear();
        }
        let secret = ocsf_detect::is_secret_key(key);
        memo.insert(key.into(), secret);
        secret
    })
}

impl Rule for PiiRules {
    fn infos(&self) -> &'static [RuleInfo] {
        INFOS.as_slice()
    }

    fn is_active(&self) -> bool {
        self.level != PiiLevel::Off
    }

    fn check_str(&self, sv: &StrValue<'_>, findings: &mut Findings<'_>) {
        if self.level == PiiLevel::Off {
            return;
        }
        let strict = self.level == PiiLevel::Strict;
        let value = sv.value;
        let facts = sv.attribute.and_then(|a| {
            let pair = (sv.object_addr, a as *const Attribute as usize);
            let bit = pair_bit(pair);
            (self.known[bit / 64] & (1 << (bit % 64)) != 0)
                .then(|| self.attrs.get(&pair))
                .flatten()
        });
        // Trimming and the placeholder test only for a classified value.
        let class = facts
            .and_then(|f| f.class)
            .filter(|c| strict || !c.strict_only)
            .filter(|_| !value.trim().is_empty() && !redactor::is_placeholder(value));
        let mut found: Vec<Finding> = Vec::new();
        // Neither a valid fixed-format value nor one of the schema's captions can hide
        // anything the detectors look for (`captions_hold_nothing_to_detect`).
        if !sv.fixed_shape && !sv.caption {
            let opts = Options {
                strict: strict && is_free_text(sv.attribute),
                // A classified value is reported once as personal data, whatever personal data
                // the detectors would find in it: only secrets are looked for, unless the
                // redactor needs the detector that matches the whole value for its label.
                secrets_only: class.is_some() && self.collect.is_none(),
                skip_numeric: has_fixed_shape(sv.attribute),
            };
            ocsf_detect::detect_into(value, opts, &mut found);
            if let (Some(a), false) = (sv.attribute, found.is_empty()) {
                found.retain(|f| !explained_by_attribute(a, f));
            }
        }
        // Attribute-name rules: schema attributes were looked at once, in `new`; under
        // `unmapped` the key is read from the path, built only for token-shaped values.
        let keyed = match sv.attribute {
            Some(a) if facts.is_some_and(|f| f.keyed) => ocsf_detect::detect_keyed(a.name, value),
            None if ocsf_detect::wants_key(value) => sv
                .key()
                .filter(|key| names_a_secret(key))
                .and_then(|key| ocsf_detect::detect_keyed(key, value)),
            _ => None,
        };
        // Most values: nothing classified, nothing found, so nothing to report or collect.
        if class.is_none() && found.is_empty() && keyed.is_none() {
            return;
        }
        if let Some(k) = keyed {
            if !found
                .iter()
                .any(|f| f.span.start < k.span.end && k.span.start < f.span.end)
            {
                found.push(k);
            }
        }
        // A classified attribute is reported once as such, not again per personal-data match.
        let has_pii = class.is_some()
            || found
                .iter()
                .any(|f| f.detector.category == DetCategory::Pii);
        // The redaction label of a classified value: the detector that matched it whole.
        let whole_id = found
            .iter()
            .find(|f| f.span == (0..value.len()))
            .map(|f| f.detector.id);
        let allowed = has_pii && self.allowed(sv);
        if allowed || class.is_some() {
            found.retain(|f| f.detector.category == DetCategory::Secret);
        }
        let class = class.filter(|_| !allowed);
        if let Some(c) = class {
            let n = value.chars().count();
            let name = sv.attribute.map_or("", |a| a.name);
            // The most frequent finding where personal data is logged (several per event):
            // written without `format!`, which cost more than the rest of it.
            // Room for all of it (the kind was left out, and most messages were copied once
            // more as they grew).
            let kind = c.kind.as_str();
            let mut message = String::with_capacity(52 + kind.len() + name.len());
            message.push_str("personal data (");
            message.push_str(kind);
            message.push_str(") in `");
            message.push_str(name);
            message.push_str("` (");
            crate::formats::push_uint(n as u64, &mut message);
            message.push_str(" chars)");
            findings.report(
                PII_ATTRIBUTE,
                message,
                Some(
                    "pseudonymise or drop it before logging, or list the path under `[pii] allow` in ocsf-validate.toml"
                        .to_owned(),
                ),
            );
        }
        for f in &found {
            let help = match f.detector.category {
                DetCategory::Secret if ocsf_detect::is_lowered(f.detector) => "a template or a weak password where a secret goes: keep templates out of events, and change the password if it is real; `ocsf-validate --redact` writes a cleaned copy",
                DetCategory::Secret => "revoke it and keep it out of events; `ocsf-validate --redact` writes a cleaned copy",
                DetCategory::Pii => "mask or drop it before logging; `ocsf-validate --redact` writes a cleaned copy",
            };
            findings.report(f.detector.code, f.describe(value), Some(help.to_owned()));
        }
        if let Some(collect) = &self.collect {
            if class.is_some() || !found.is_empty() {
                let whole = class.map(|c| whole_id.unwrap_or(c.kind.as_str()));
                let r = SensitiveValue {
                    pointer: sv.pointer(),
                    value: value.to_owned(),
                    type_name: sv.attribute.map(|a| a.type_name),
                    whole,
                    spans: found
                        .iter()
                        .map(|f| (f.span.clone(), f.detector.id))
                        .collect(),
                };
                if let Ok(mut v) = collect.lock() {
                    v.push(r);
                }
            }
        }
    }
}

fn leak(s: String) -> &'static str {
    // Built once per process for the static registry (bounded: one string per detector).
    Box::leak(s.into_boxed_str())
}

/// The failing and passing example events of a detector code: the generated values
/// (`examples.rs`) in an Authentication event, under `message` or the example's `unmapped` key.
fn example(code: &str) -> Option<(&'static str, &'static str)> {
    let (_, key, fail, pass) = examples::EXAMPLES.iter().find(|e| e.0 == code)?;
    let event = |value: &str| {
        let field = match key {
            Some(k) => format!("\"unmapped\": {{\"{k}\": {value}}}"),
            None => format!("\"message\": {value}"),
        };
        leak(format!(
            "{{\n  \"class_uid\": 3002,\n  \"category_uid\": 3,\n  \"activity_id\": 1,\n  \"type_uid\": 300201,\n  \"severity_id\": 1,\n  \"time\": 1700000000000,\n  \"metadata\": {{\"version\": \"1.6.0\", \"product\": {{\"name\": \"Sensor\", \"vendor_name\": \"Acme\"}}}},\n  {field}\n}}"
        ))
    };
    Some((event(fail), event(pass)))
}

fn detector_info(d: &'static DetectorInfo) -> RuleInfo {
    let examples = example(d.code);
    let (category, severity) = match d.category {
        // A placeholder or sequence under a secret name: a template or a weak password.
        DetCategory::Secret if ocsf_detect::is_lowered(d) => (Category::Secret, Severity::Warning),
        DetCategory::Secret => (Category::Secret, Severity::Error),
        DetCategory::Pii => (Category::Pii, Severity::Warning),
    };
    let shown = if d.reveal > 0 {
        "its kind, its length and its first characters (the format prefix)"
    } else {
        "its kind and length"
    };
    let strict = if d.strict_only {
        " Only under `--pii-policy strict` (or `[pii] policy = \"strict\"`)."
    } else {
        ""
    };
    let scope = if d.code.starts_with("OCSFS3") {
        "Checked on values whose attribute (or key under `unmapped`) is named like a secret."
    } else {
        "Checked on every string value, including under `unmapped` and other `json_t` values."
    };
    RuleInfo {
        code: d.code,
        name: leak(d.id.replace('_', "-")),
        category,
        severity,
        summary: leak(format!("A string contains a {}.", d.name)),
        doc: leak(format!(
            "Looks for {}. {scope} The message shows {shown}, never the value.{strict} Redaction label: `{}`.",
            d.shape, d.id
        )),
        fail: examples.map_or_else(
            || leak(format!("a string value containing {}", d.shape)),
            |e| e.0,
        ),
        pass: examples.map_or(
            "the same value with a placeholder or truncated body, or a failing checksum",
            |e| e.1,
        ),
    }
}

static INFOS: LazyLock<Vec<RuleInfo>> = LazyLock::new(|| {
    let mut v = vec![RuleInfo {
        code: PII_ATTRIBUTE,
        name: "personal-data-attribute",
        category: Category::Pii,
        severity: Severity::Warning,
        summary: "An attribute that holds personal data or credentials carries a value.",
        doc: "The `ocsf-pii` classification table marks attributes by kind: contact (email addresses, phone numbers, mail headers), identity (full names, LDAP person data), location (city, postal code, coordinates), device identifier (MAC, IMEI, serial numbers), network (IP addresses, host names), credential (cookies, authentication tokens) and free text (mail subjects, command lines). Under the default policy the attributes that single out a person are reported; under `strict` also the strict-only ones (IP addresses, host names, user and account names, device names, user agents, city and country of a `location`), so that only ids remain. Identifiers follow the security-logging guidance (log the user's id, not the name or email): ids an application or employer assigns (`uid`, `uid_alt`, `employee_uid`, `credential_uid`, `device.uid`) are what a log should hold instead of a name, and are reported only under `strict`; the default policy reports the identifiers that travel with the person or their hardware beyond the application (email addresses, phone numbers, MAC addresses, IMEI, ICCID, MEID, UDID and serial numbers), which tie events to one person across every system that sees them. `[pii] allow` in the policy file lists paths where a project expects personal data (e.g. `src_endpoint.ip`). Value detectors that find personal data in a reported attribute are not reported again.",
        fail: r#"{"class_uid": 0, "category_uid": 0, "activity_id": 0, "type_uid": 0, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}, "actor": {"user": {"uid": "u-1", "email_addr": "ana@corp-mail.io"}}}"#,
        pass: r#"{"class_uid": 0, "category_uid": 0, "activity_id": 0, "type_uid": 0, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}, "actor": {"user": {"uid": "u-1"}}}"#,
    }];
    let mut dets: Vec<RuleInfo> = ocsf_detect::detectors().map(detector_info).collect();
    dets.sort_by_key(|r| r.code);
    v.extend(dets);
    v
});

/// Every code of the personal-data and secret rules, for documentation.
pub fn rule_infos() -> &'static [RuleInfo] {
    INFOS.as_slice()
}

#[cfg(test)]
mod tests {
    use ocsf_detect::Options;

    /// The rule skips the detectors' scan of a value that is a caption of its enum: no caption
    /// of any enum of any version carried gives a finding under the widest options (strict or
    /// not, no row family left out; the other options only leave rows out), so skipping them
    /// loses none.
    #[test]
    fn captions_hold_nothing_to_detect() {
        let mut checked = 0;
        for schema in ocsf_schema::versions() {
            let owners = schema.classes.iter().map(|c| c.attributes());
            let owners = owners.chain(schema.objects.iter().map(|o| o.attributes()));
            for attrs in owners {
                for value in attrs.iter().flat_map(|a| a.enum_values.unwrap_or_default()) {
                    for strict in [false, true] {
                        let opts = Options {
                            strict,
                            secrets_only: false,
                            skip_numeric: false,
                        };
                        let mut found = Vec::new();
                        ocsf_detect::detect_into(value.caption, opts, &mut found);
                        let ids: Vec<_> = found.iter().map(|f| f.detector.id).collect();
                        assert!(
                            found.is_empty(),
                            "{}: {:?} {ids:?}",
                            schema.version,
                            value.caption
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
    }
}
