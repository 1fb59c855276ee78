//! Deprecation (OCSF601–604): a present attribute, an object, an enum value or the event's
//! class that the version deprecates, with the replacement the schema names.

use crate::diag::RuleInfo;
use ocsf_schema::{Attribute, Deprecation, EnumValue, Object};

use super::context::{Msg, ObjectEnd, Reporter, ValueCtx};
use crate::diag::Category::Schema;
use crate::diag::Severity::Warning;
use crate::facts::Tok;
use crate::tables::Owner;

pub const DEPRECATED_ATTRIBUTE: &str = "OCSF601";
pub const DEPRECATED_OBJECT: &str = "OCSF602";
pub const DEPRECATED_ENUM: &str = "OCSF603";
pub const DEPRECATED_CLASS: &str = "OCSF604";

pub(crate) static RULES: [RuleInfo; 4] = [
    RuleInfo {
        code: DEPRECATED_ATTRIBUTE,
        name: "deprecated-attribute",
        category: Schema,
        severity: Warning,
        summary: "The attribute is deprecated.",
        doc: "The schema deprecates the attribute; the message names the version and, when the schema names one, the replacement.",
        fail: base!(meta!(r#""extension": {"name": "dev", "uid": "999", "version": "1.0.0"}"#), "}"),
        pass: base!(meta!(r#""extensions": [{"name": "dev", "uid": "999", "version": "1.0.0"}]"#), "}"),
    },
    RuleInfo {
        code: DEPRECATED_OBJECT,
        name: "deprecated-object",
        category: Schema,
        severity: Warning,
        summary: "The value is an object of a deprecated object type.",
        doc: "The attribute is current but the object type it holds is deprecated (for example `cis_benchmark_result` of Config State); the message names the replacement when known.",
        fail: r#"{"class_uid": 5002, "category_uid": 5, "activity_id": 1, "type_uid": 500201, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}, "device": {"type_id": 1, "hostname": "web-1"}, "cis_benchmark_result": {"name": "1.1 Ensure separate partition"}}"#,
        pass: r#"{"class_uid": 5002, "category_uid": 5, "activity_id": 1, "type_uid": 500201, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}, "device": {"type_id": 1, "hostname": "web-1"}}"#,
    },
    RuleInfo {
        code: DEPRECATED_ENUM,
        name: "deprecated-enum-value",
        category: Schema,
        severity: Warning,
        summary: "The enum value is deprecated.",
        doc: "The id is still defined but deprecated (e.g. `account.type_id` 3 \"AWS IAM User\", replaced by `user.type_id`).",
        fail: base!(meta!(), r#", "actor": {"user": {"uid": "u-1", "account": {"type_id": 3}}}}"#),
        pass: base!(meta!(), r#", "actor": {"user": {"uid": "u-1", "account": {"type_id": 10}}}}"#),
    },
    RuleInfo {
        code: DEPRECATED_CLASS,
        name: "deprecated-class",
        category: Schema,
        severity: Warning,
        summary: "The event class is deprecated.",
        doc: "The class chosen by `class_uid` is deprecated; the message names the replacement when the schema gives one.",
        fail: r#"{"class_uid": 2001, "category_uid": 2, "activity_id": 1, "type_uid": 200101, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}}"#,
        pass: base!(meta!(), "}"),
    },
];

/// `use X instead`, or the schema's own words.
fn replacement(dep: &Deprecation) -> Option<String> {
    Some(match dep.replacement {
        Some(r) => super::concat(&["use `", r, "` instead"]),
        None => dep.message.to_owned(),
    })
}

/// A present attribute the version deprecates.
pub(crate) fn attribute(out: &mut Reporter<'_, '_>, owner: Owner, attr: &'static Attribute) {
    let Some(dep) = &attr.deprecated else { return };
    out.report(DEPRECATED_ATTRIBUTE, &[], || {
        Msg::new(
            super::concat(&["`", attr.name, "` is deprecated since ", dep.since]),
            Some(owner.attr_schema_path(attr.name)),
            replacement(dep),
        )
    });
}

/// An object value whose object the version deprecates (reported for the first element of an
/// array only).
pub(crate) fn object(cx: &mut ValueCtx<'_, '_, '_>, object: &'static Object, first: bool) {
    let Some(dep) = &object.deprecated else {
        return;
    };
    if !first {
        return;
    }
    let name = cx.attr.name;
    cx.out.report(DEPRECATED_OBJECT, &[], || {
        Msg::new(
            text!(
                "`{name}` holds object `{}`, deprecated since {}",
                object.name,
                dep.since
            ),
            Some(text!("objects/{}", object.name)),
            replacement(dep),
        )
    });
}

/// A defined enum value the version deprecates.
pub(crate) fn enum_value(cx: &mut ValueCtx<'_, '_, '_>, n: i64, value: &'static EnumValue) {
    let Some(dep) = &value.deprecated else { return };
    let sp = cx.lazy_schema_path();
    let name = cx.attr.name;
    cx.out.report(DEPRECATED_ENUM, &[], || {
        Msg::new(
            text!(
                "`{name}` {n} (\"{}\") is deprecated since {}",
                value.caption,
                dep.since
            ),
            sp(),
            replacement(dep),
        )
    });
}

/// The event's (known) class, deprecated by the version.
pub(crate) fn class(cx: &mut ObjectEnd<'_, '_, '_>, class: &'static ocsf_schema::Class) {
    let Some(dep) = &class.deprecated else { return };
    cx.out
        .report(DEPRECATED_CLASS, &[Tok::Key("class_uid")], || {
            Msg::new(
                text!("class `{}` is deprecated since {}", class.name, dep.since),
                Some(text!("classes/{}", class.name)),
                replacement(dep),
            )
        });
}
