//! Attributes (OCSF201–208): required and recommended attributes that are missing (judged when
//! their object ends), keys that are not attributes, attributes given twice, and each value's
//! JSON type, range, length and data type format (judged per value).

use crate::diag::RuleInfo;
use ocsf_schema::{Attribute, BaseType};

use super::context::{Msg, ObjectEnd, Reporter, ValueCtx};
use crate::diag::excerpt;
use crate::diag::Category::Schema;
use crate::diag::Severity::{Error, Info};
use crate::facts::{render_dotted, Seg, Tok};
use crate::tables::Owner;

pub const REQUIRED_MISSING: &str = "OCSF201";
pub const RECOMMENDED_MISSING: &str = "OCSF202";
pub const UNKNOWN_ATTRIBUTE: &str = "OCSF203";
pub const WRONG_TYPE: &str = "OCSF204";
pub const INVALID_FORMAT: &str = "OCSF205";
pub const OUT_OF_RANGE: &str = "OCSF206";
pub const TOO_LONG: &str = "OCSF207";
pub const REPEATED: &str = "OCSF208";

pub(crate) static RULES: [RuleInfo; 8] = [
    RuleInfo {
        code: REQUIRED_MISSING,
        name: "required-attribute-missing",
        category: Schema,
        severity: Error,
        summary: "A required attribute is missing (or `null`).",
        doc: "The class or object requires the attribute. This is checked in the event and in every nested object. Attributes that a profile adds are required only when the profile is declared in `metadata.profiles`. `null` counts as missing.",
        fail: r#"{"class_uid": 0, "category_uid": 0, "activity_id": 0, "type_uid": 0, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}}"#,
        pass: base!(meta!(), "}"),
    },
    RuleInfo {
        code: RECOMMENDED_MISSING,
        name: "recommended-attribute-missing",
        category: Schema,
        severity: Info,
        summary: "A recommended attribute is missing (opt-in).",
        doc: "The schema recommends the attribute. Reported only when the policy sets `recommended = true`, since many producers legitimately leave recommended attributes out.",
        fail: base!(meta!(), r#", "device": {"type_id": 1}}"#),
        pass: base!(meta!(), "}"),
    },
    RuleInfo {
        code: UNKNOWN_ATTRIBUTE,
        name: "unknown-attribute",
        category: Schema,
        severity: Error,
        summary: "The attribute is not defined by the class or object.",
        doc: "The class or object has no attribute of that name. When another OCSF version of the class or object has the attribute (an event that claims an older version than it was written for), the help names the nearest such version; otherwise, when a defined name is close (edit distance), the help suggests it. Values under `unmapped` and other `json_t`/`object` values are not checked; the policy's `allow` list names extra attribute paths that are accepted.",
        fail: base!(meta!(), r#", "mesage": "login ok"}"#),
        pass: base!(meta!(), r#", "message": "login ok"}"#),
    },
    RuleInfo {
        code: WRONG_TYPE,
        name: "wrong-json-type",
        category: Schema,
        severity: Error,
        summary: "The JSON type of the value is not the attribute's type.",
        doc: "A string where an object belongs, a scalar where an array belongs, a float where an integer belongs, and so on. An integer where `float_t` is wanted is accepted. `null` on an attribute means the attribute is absent.",
        fail: base!(meta!(), r#", "message": 42}"#),
        pass: base!(meta!(), r#", "message": "42"}"#),
    },
    RuleInfo {
        code: INVALID_FORMAT,
        name: "invalid-value-format",
        category: Schema,
        severity: Error,
        summary: "The string does not have the format of its data type.",
        doc: "Checks the data types with a defined format: `datetime_t` (RFC 3339), `ip_t`, `subnet_t` (CIDR), `mac_t`, `email_t`, `url_t`, `uuid_t`, `hostname_t`, `file_hash_t` (hex), and any other type with a regular expression in the schema (`bytestring_t`). The value itself is quoted only by its first characters and its length.",
        fail: base!(meta!(), r#", "device": {"type_id": 1, "ip": "10.0.0.256"}}"#),
        pass: base!(meta!(), r#", "device": {"type_id": 1, "ip": "10.0.0.25"}}"#),
    },
    RuleInfo {
        code: OUT_OF_RANGE,
        name: "value-out-of-range",
        category: Schema,
        severity: Error,
        summary: "A number is outside the range of its data type.",
        doc: "`port_t` is 0 to 65535; `timestamp_t` cannot be negative.",
        fail: base!(meta!(), r#", "time": -5}"#),
        pass: base!(meta!(), "}"),
    },
    RuleInfo {
        code: TOO_LONG,
        name: "value-too-long",
        category: Schema,
        severity: Error,
        summary: "A string is longer than the `max_len` of its data type.",
        doc: "Some data types bound their length: `ip_t` 40, `mac_t` 32, `subnet_t` 42 characters. A longer value is reported with this code instead of a format error.",
        fail: base!(meta!(), r#", "device": {"type_id": 1, "mac": "00:11:22:33:44:55:66:77:88:99:aa:bb"}}"#),
        pass: base!(meta!(), r#", "device": {"type_id": 1, "mac": "00:11:22:33:44:55"}}"#),
    },
    RuleInfo {
        code: REPEATED,
        name: "duplicate-attribute",
        category: Schema,
        severity: Error,
        summary: "An attribute is given more than once in the same object.",
        doc: "JSON leaves the meaning of an object with a repeated name open (RFC 8259, section 4), and readers differ: serde_json, Python, JavaScript and jq keep the last value, others the first or refuse the event. Which `time` or `user` a SIEM stores then depends on its parser. Reported at each repetition; every value is still checked. Keys that are no attribute of their object (also OCSF203) and the keys of free-form objects (`unmapped`, `json_t`, and anything inside an unknown key) are compared too. Found in the text of the event (`validate_bytes`, the command): a parsed `serde_json::Value` has already kept one of them.",
        fail: base!(meta!(), r#", "message": "first", "message": "second"}"#),
        pass: base!(meta!(), r#", "message": "second"}"#),
    },
];

/// What the attribute expects, in words: `an array of an object (`user`)`, `a string (`ip_t`)`.
pub(crate) fn describe_expected(attr: &Attribute, base: BaseType, in_array: bool) -> String {
    let one = match attr.object_type {
        Some(o) => text!("an object (`{o}`)"),
        None => {
            let kind = match base {
                BaseType::String => "a string",
                BaseType::Integer | BaseType::Long => "an integer",
                BaseType::Float => "a number",
                BaseType::Boolean => "a boolean",
                BaseType::Json | BaseType::Object => "any JSON value",
            };
            text!("{kind} (`{}`)", attr.type_name)
        }
    };
    if attr.is_array && !in_array {
        text!("an array of {one}")
    } else {
        one
    }
}

/// The value's JSON type is not the attribute's; `found` says what it is (`a string`).
pub(crate) fn wrong_type(cx: &mut ValueCtx<'_, '_, '_>, found: &str) {
    let (attr, base, in_array) = (cx.attr, cx.base, cx.in_array);
    let expects_array = cx.expects_array();
    let sp = cx.lazy_schema_path();
    cx.out.report(WRONG_TYPE, &[], || {
        let expected = describe_expected(attr, base, in_array);
        let help = match (expects_array, found) {
            (true, _) => Some(text!(
                "wrap the value in an array: `\"{}\": [ … ]`",
                attr.name
            )),
            (false, "a string")
                if matches!(
                    base,
                    BaseType::Integer | BaseType::Long | BaseType::Float | BaseType::Boolean
                ) =>
            {
                Some("write the value without quotes".to_owned())
            }
            _ => None,
        };
        Msg::new(
            text!("`{}` must be {expected}, found {found}", attr.name),
            sp(),
            help,
        )
    });
}

/// An integer value: its JSON type, its fit in 64 bits, its type's range, and timestamps not
/// before the epoch. Returns the value when it is one of an integer attribute (for the enum
/// checks and to be remembered).
pub(crate) fn integer(cx: &mut ValueCtx<'_, '_, '_>, n: Option<i64>) -> Option<i64> {
    if cx.expects_array() {
        wrong_type(cx, "an integer");
        return None;
    }
    match cx.base {
        BaseType::Integer | BaseType::Long => {}
        BaseType::Float | BaseType::Json => return None,
        _ => {
            wrong_type(cx, "an integer");
            return None;
        }
    }
    let (attr, owner) = (cx.attr, cx.owner);
    let name = attr.name;
    let sp = || Some(owner.attr_schema_path(name));
    let Some(n) = n else {
        cx.out.report(OUT_OF_RANGE, &[], || {
            Msg::new(
                text!("`{name}` does not fit a signed 64-bit integer"),
                sp(),
                None,
            )
        });
        return None;
    };
    if let Some(tc) = cx.type_check {
        if let Some((lo, hi)) = tc.range.filter(|(lo, hi)| n < *lo || n > *hi) {
            cx.out.report(OUT_OF_RANGE, &[], || {
                Msg::new(text!("`{name}` is {n}, outside {lo}..={hi}"), sp(), None)
            });
        } else if tc.is_timestamp && n < 0 {
            cx.out.report(OUT_OF_RANGE, &[], || {
                Msg::new(text!("`{name}` is a negative timestamp"), sp(), None)
            });
        } else if tc.is_timestamp {
            let now_ms = cx.now_ms;
            super::plausibility::timestamp(cx, n, now_ms);
        }
    }
    Some(n)
}

/// A string value: its JSON type. Whether the value is one of a string attribute (for the
/// enum and format checks).
pub(crate) fn string_shape(cx: &mut ValueCtx<'_, '_, '_>) -> bool {
    if cx.expects_array() {
        wrong_type(cx, "a string");
        return false;
    }
    match cx.base {
        BaseType::String => true,
        BaseType::Json => false,
        _ => {
            wrong_type(cx, "a string");
            false
        }
    }
}

/// A string value of a string attribute: its length and its data type's format
/// (`format_ok`, judged by the walk).
pub(crate) fn string(cx: &mut ValueCtx<'_, '_, '_>, s: &str, format_ok: Option<bool>) {
    let Some(tc) = cx.type_check else { return };
    let attr = cx.attr;
    let too_long = tc
        .max_len
        .filter(|max| s.len() > *max && s.chars().count() > *max);
    if let Some(max) = too_long {
        let sp = cx.lazy_schema_path();
        cx.out.report(TOO_LONG, &[], || {
            let (mut len, mut most) = (itoa::Buffer::new(), itoa::Buffer::new());
            Msg::new(
                super::concat(&[
                    "`",
                    attr.name,
                    "` is ",
                    len.format(s.chars().count()),
                    " characters long, more than the ",
                    most.format(max),
                    " of `",
                    attr.type_name,
                    "`",
                ]),
                sp(),
                None,
            )
        });
    } else if format_ok == Some(false) {
        cx.out.report(INVALID_FORMAT, &[], || {
            Msg::new(
                super::concat(&[
                    "`",
                    attr.name,
                    "` is not ",
                    tc.describe(),
                    ": ",
                    &excerpt(s),
                ]),
                Some(super::concat(&["data_types/", attr.type_name])),
                None,
            )
        });
    }
}

/// The key just entered is not an attribute of `owner` (unless the policy allows its path).
pub(crate) fn unknown(
    out: &mut Reporter<'_, '_>,
    owner: Owner,
    judged: &'static ocsf_schema::Schema,
) {
    let policy = out.policy();
    if policy.has_allowed_paths() && policy.is_allowed(&render_dotted(&out.path, &[])) {
        return;
    }
    let Some(Seg::Key(key)) = out.path.last() else {
        return;
    };
    let key: &str = key;
    let d = out.make(UNKNOWN_ATTRIBUTE, &[], || {
        let kind = match owner {
            Owner::Class(_) => "class",
            Owner::Object(_) => "object",
        };
        let help = match hint(owner, key, judged) {
            Hint::Nothing => None,
            Hint::Slip(s) => Some(super::concat(&["did you mean `", s, "`?"])),
            Hint::Later(version) => Some(super::concat(&[
                "`",
                key,
                "` is an attribute of `",
                owner.name(),
                "` from OCSF ",
                version,
                " on, and this event is judged by ",
                judged.version,
            ])),
            Hint::Earlier(version) => Some(super::concat(&[
                "`",
                key,
                "` was an attribute of `",
                owner.name(),
                "` up to OCSF ",
                version,
                ", and this event is judged by ",
                judged.version,
            ])),
        };
        Msg::new(
            super::concat(&[
                "`",
                key,
                "` is not an attribute of ",
                kind,
                " `",
                owner.name(),
                "`",
            ]),
            Some(owner.schema_path()),
            help,
        )
    });
    out.push(d);
}

/// The attribute `attr` of `owner`, at the current path, was given before in the same object.
pub(crate) fn repeated(out: &mut Reporter<'_, '_>, owner: Owner, attr: &Attribute) {
    repeated_key(out, attr.name, &[], || {
        Some(owner.attr_schema_path(attr.name))
    });
}

/// The key `key` (an attribute, a key its object does not define, or a key of a free-form
/// object) at the current path followed by `at` was given before in the same object.
pub(crate) fn repeated_key(
    out: &mut Reporter<'_, '_>,
    key: &str,
    at: &[Tok<'_>],
    schema_path: impl FnOnce() -> Option<String>,
) {
    out.report(REPEATED, at, || {
        Msg::new(
            super::concat(&[
                "`",
                key,
                "` is given more than once in this object: JSON readers differ on which value counts (most keep the last)",
            ]),
            schema_path(),
            Some(super::concat(&["keep one `", key, "`"])),
        )
    });
}

/// What the help of an unknown key says.
#[derive(Debug, Clone, Copy)]
enum Hint {
    Nothing,
    /// The attribute the key is likely a slip for.
    Slip(&'static str),
    /// The first later version in which the owner has the key.
    Later(&'static str),
    /// The last earlier version in which the owner had the key.
    Earlier(&'static str),
}

/// The help for `key`, unknown to `owner` in `judged`: the version that has it, when another
/// version of the owner does (an event that claims an older version than it was written
/// for), else the attribute it is likely a slip for. Remembered per thread: a log repeats its
/// producer's mistakes event after event, and ranking every attribute of the owner costs more
/// than the rest of the event's checks.
fn hint(owner: Owner, key: &str, judged: &'static ocsf_schema::Schema) -> Hint {
    use std::cell::RefCell;

    use crate::fnv::FnvMap;

    /// Bound on remembered keys per thread; past it the memory starts over.
    const MAX_KEYS: usize = 4096;
    type Memo = FnvMap<usize, FnvMap<Box<str>, Hint>>;
    thread_local! {
        static MEMO: RefCell<(Memo, usize)> = RefCell::new((FnvMap::default(), 0));
    }
    let addr = owner.addr();
    let find = || {
        if let Some(hint) = in_other_versions(owner, key, judged) {
            return hint;
        }
        crate::did_you_mean(key, owner.attributes().iter().map(|a| a.name))
            .map_or(Hint::Nothing, Hint::Slip)
    };
    MEMO.with(|memo| {
        let Ok(mut memo) = memo.try_borrow_mut() else {
            return find();
        };
        let (map, count) = &mut *memo;
        if let Some(&known) = map.get(&addr).and_then(|keys| keys.get(key)) {
            return known;
        }
        if *count >= MAX_KEYS {
            map.clear();
            *count = 0;
        }
        let found = find();
        map.entry(addr).or_default().insert(key.into(), found);
        *count += 1;
        found
    })
}

/// The nearest later version whose `owner` (of the same name) has the attribute `key`, else
/// the nearest earlier one; `None` when none has it, or when `judged` is not a shipped version.
fn in_other_versions(
    owner: Owner,
    key: &str,
    judged: &'static ocsf_schema::Schema,
) -> Option<Hint> {
    let has = |s: &&&'static ocsf_schema::Schema| match owner {
        Owner::Class(c) => s
            .class_by_name(c.name)
            .is_some_and(|c| c.attribute(key).is_some()),
        Owner::Object(o) => s.object(o.name).is_some_and(|o| o.attribute(key).is_some()),
    };
    let all = ocsf_schema::versions();
    let at = all.iter().position(|s| std::ptr::eq(*s, judged))?;
    if let Some(later) = all[at + 1..].iter().find(has) {
        return Some(Hint::Later(later.version));
    }
    all[..at]
        .iter()
        .rev()
        .find(has)
        .map(|earlier| Hint::Earlier(earlier.version))
}

/// Required (and, when the policy asks, recommended) attributes the object lacks.
pub(crate) fn missing(cx: &mut ObjectEnd<'_, '_, '_>) {
    let info = cx.frame.info;
    report_missing(cx, &info.required, REQUIRED_MISSING, "required");
    if cx.out.policy().policy.recommended {
        report_missing(cx, &info.recommended, RECOMMENDED_MISSING, "recommended");
    }
}

/// Reports each attribute of `indexes` the object lacks; a profile's attribute only when the
/// event declares that profile.
fn report_missing(
    cx: &mut ObjectEnd<'_, '_, '_>,
    indexes: &[u16],
    code: &'static str,
    requirement: &str,
) {
    let owner = cx.frame.owner;
    let attrs = owner.attributes();
    for &i in indexes {
        if cx.is_seen(i) {
            continue;
        }
        let a = attrs[i as usize];
        if super::profiles::skips_missing(cx.facts, a) {
            continue;
        }
        let d = cx.out.make(code, &[], || {
            Msg::new(
                super::concat(&[requirement, " attribute `", a.name, "` is missing"]),
                Some(owner.attr_schema_path(a.name)),
                None,
            )
        });
        match a.profile {
            Some(p) => cx.out.push_if_profile(cx.facts, p, true, d),
            None => cx.out.push(d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(schema: &'static ocsf_schema::Schema, name: &str) -> Owner {
        Owner::Object(schema.object(name).unwrap())
    }

    /// A key the owner has in a later version names the first such version; one it had only
    /// before, the last; a key no version has gets a "did you mean" or nothing.
    #[test]
    fn unknown_keys_are_placed_in_the_versions_that_have_them() {
        let (v1_0, v1_6) = (
            ocsf_schema::by_version("1.0.0").unwrap(),
            ocsf_schema::by_version("1.6.0").unwrap(),
        );
        assert!(matches!(
            in_other_versions(object(v1_0, "user"), "risk_level_id", v1_0),
            Some(Hint::Later("1.2.0"))
        ));
        assert!(matches!(
            in_other_versions(object(v1_6, "cis_control"), "control", v1_6),
            Some(Hint::Earlier(v)) if v < "1.6.0"
        ));
        assert!(in_other_versions(object(v1_6, "user"), "nope", v1_6).is_none());
        assert!(matches!(
            hint(object(v1_6, "user"), "emial_addr", v1_6),
            Hint::Slip("email_addr")
        ));
        assert!(matches!(
            hint(object(v1_6, "user"), "zzzzzzzzzz", v1_6),
            Hint::Nothing
        ));
        // A schema that is not one of the shipped versions has no others to look in.
        let custom: &'static ocsf_schema::Schema = Box::leak(Box::new(ocsf_schema::Schema {
            version: "1.0.0-custom",
            ..*v1_0
        }));
        let got = in_other_versions(object(custom, "user"), "risk_level_id", custom);
        assert!(got.is_none(), "{got:?}");
    }
}
