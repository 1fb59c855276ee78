//! Profiles (OCSF501–503): an attribute of a profile the event does not declare (reported once
//! `metadata.profiles` is known, which may come after the attribute), and declared profiles
//! the version does not define or the class does not support, judged when the event ends.

use crate::diag::RuleInfo;
use ocsf_schema::Attribute;

use super::context::{Msg, ObjectEnd, Reporter};
use crate::diag::excerpt;
use crate::diag::Category::Schema;
use crate::diag::Severity::Warning;
use crate::facts::{Facts, Tok};
use crate::tables::Owner;

pub const UNDECLARED_PROFILE: &str = "OCSF501";
pub const UNKNOWN_PROFILE: &str = "OCSF502";
pub const PROFILE_NOT_APPLICABLE: &str = "OCSF503";

pub(crate) static RULES: [RuleInfo; 3] = [
    RuleInfo {
        code: UNDECLARED_PROFILE,
        name: "undeclared-profile-attribute",
        category: Schema,
        severity: Warning,
        summary: "An attribute belongs to a profile that `metadata.profiles` does not declare.",
        doc: "Profile attributes (`time_dt` of `datetime`, `device` of `host`, ...) should be accompanied by the profile's name in `metadata.profiles`, so that consumers know to look for them.",
        fail: base!(meta!(), r#", "time_dt": "2023-11-14T22:13:20Z"}"#),
        pass: base!(meta!(r#""profiles": ["datetime"]"#), r#", "time_dt": "2023-11-14T22:13:20Z"}"#),
    },
    RuleInfo {
        code: UNKNOWN_PROFILE,
        name: "unknown-profile",
        category: Schema,
        severity: Warning,
        summary: "`metadata.profiles` names a profile the schema does not define.",
        doc: "The profile name is not one of the schema's profiles (it may belong to an extension). The help suggests a close name.",
        fail: base!(meta!(r#""profiles": ["hosts"]"#), "}"),
        pass: base!(meta!(r#""profiles": ["host"]"#), "}"),
    },
    RuleInfo {
        code: PROFILE_NOT_APPLICABLE,
        name: "profile-not-applicable",
        category: Schema,
        severity: Warning,
        summary: "`metadata.profiles` names a profile the class does not support.",
        doc: "The profile exists, but the class does not list it among the profiles it can carry.",
        fail: r#"{"class_uid": 3002, "category_uid": 3, "activity_id": 1, "type_uid": 300201, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}, "profiles": ["load_balancer"]}}"#,
        pass: r#"{"class_uid": 3002, "category_uid": 3, "activity_id": 1, "type_uid": 300201, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}, "profiles": ["host"]}}"#,
    },
];

/// A present attribute that belongs to a profile `metadata.profiles` does not declare.
pub(crate) fn undeclared(
    out: &mut Reporter<'_, '_>,
    facts: &Facts<'_>,
    owner: Owner,
    attr: &'static Attribute,
) {
    let Some(profile) = attr.profile else { return };
    // Decided before the diagnostic is built when the profiles are known and declare it (it
    // would be thrown away); else built now, and kept or dropped once they are known.
    if facts.profiles_known && facts.profile_declared(profile) {
        return;
    }
    let d = out.make(UNDECLARED_PROFILE, &[], || {
        Msg::new(
            text!(
                "`{}` belongs to profile `{profile}`, which `metadata.profiles` does not declare",
                attr.name
            ),
            Some(owner.attr_schema_path(attr.name)),
            Some(text!("add \"{profile}\" to metadata.profiles")),
        )
    });
    out.push_if_profile(facts, profile, false, d);
}

/// A missing attribute of a profile the event is known not to declare is not reported:
/// decided before its diagnostic is built, which most events would throw away.
pub(crate) fn skips_missing(facts: &Facts<'_>, attr: &Attribute) -> bool {
    attr.profile
        .is_some_and(|p| facts.profiles_known && !facts.profile_declared(p))
}

/// Each declared profile: defined by the version, and supported by a known class.
pub(crate) fn declared(cx: &mut ObjectEnd<'_, '_, '_>, class_known: bool) {
    let schema = cx.t.schema;
    let class = cx.facts.class.map(|c| c.class).filter(|_| class_known);
    for (i, p) in cx.facts.profiles.iter().enumerate() {
        let p: &str = p;
        let at = [Tok::Key("metadata"), Tok::Key("profiles"), Tok::Index(i)];
        if schema.profile(p).is_none() {
            cx.out.report(UNKNOWN_PROFILE, &at, || {
                let shown = if p.len() <= 40 {
                    text!("`{p}`")
                } else {
                    excerpt(p)
                };
                let help = crate::did_you_mean(p, schema.profiles.iter().map(|x| x.name))
                    .map(|s| text!("did you mean `{s}`?"));
                Msg::new(
                    text!("profile {shown} is not defined by OCSF {}", schema.version),
                    Some("profiles".to_owned()),
                    help,
                )
            });
        } else if let Some(class) = class {
            if !class.profiles.contains(&p) {
                cx.out.report(PROFILE_NOT_APPLICABLE, &at, || {
                    Msg::new(
                        text!("class `{}` does not support profile `{p}`", class.name),
                        Some(text!("profiles/{p}")),
                        None,
                    )
                });
            }
        }
    }
}
