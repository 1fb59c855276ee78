//! Constraints of classes and objects (OCSF401–402): `at_least_one` and `just_one` of a list of
//! attribute paths, judged when the object ends. Dotted paths (`device.hostname`) are followed
//! into nested objects by the walk, which sets one bit per path found.

use super::context::{Msg, ObjectEnd};
use crate::diag::Category::Schema;
use crate::diag::RuleInfo;
use crate::diag::Severity::Error;

pub const AT_LEAST_ONE: &str = "OCSF401";
pub const JUST_ONE: &str = "OCSF402";

pub(crate) static RULES: [RuleInfo; 2] = [
    RuleInfo {
        code: AT_LEAST_ONE,
        name: "at-least-one-missing",
        category: Schema,
        severity: Error,
        summary: "None of the attributes of an `at_least_one` constraint is present.",
        doc: "Classes and objects may require at least one of a group of attributes (a `user` needs one of `account`, `name`, `uid`; some classes name dotted paths such as `device.os.sp_name`).",
        fail: base!(meta!(), r#", "actor": {"user": {"type_id": 1}}}"#),
        pass: base!(meta!(), r#", "actor": {"user": {"type_id": 1, "uid": "u-1"}}}"#),
    },
    RuleInfo {
        code: JUST_ONE,
        name: "just-one-violated",
        category: Schema,
        severity: Error,
        summary: "Not exactly one of the attributes of a `just_one` constraint is present.",
        doc: "Some classes and objects require exactly one of a group (a `vulnerability` has just one of `advisory`, `cve`, `cwe`).",
        fail: r#"{"class_uid": 2002, "category_uid": 2, "activity_id": 1, "type_uid": 200201, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}, "vulnerabilities": [{"cve": {"uid": "CVE-2024-0001"}, "cwe": {"uid": "CWE-79"}}]}"#,
        pass: r#"{"class_uid": 2002, "category_uid": 2, "activity_id": 1, "type_uid": 200201, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}, "vulnerabilities": [{"cve": {"uid": "CVE-2024-0001"}}]}"#,
    },
];

fn list(paths: &[&str]) -> String {
    let mut s = String::with_capacity(paths.iter().map(|p| p.len() + 4).sum());
    for (i, p) in paths.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push('`');
        s.push_str(p);
        s.push('`');
    }
    s
}

pub(crate) fn check(cx: &mut ObjectEnd<'_, '_, '_>) {
    let owner = cx.frame.owner;
    let c = owner.constraints();
    if c.is_empty() {
        return;
    }
    let present = |cx: &ObjectEnd<'_, '_, '_>, bit: usize, path: &str| -> bool {
        if path.contains('.') {
            cx.hits & (1 << bit) != 0
        } else {
            cx.frame
                .info
                .constraint_attr
                .get(bit)
                .copied()
                .flatten()
                .is_some_and(|i| cx.is_seen(i))
        }
    };
    let at_least_one = c.at_least_one;
    if !at_least_one.is_empty()
        && !at_least_one
            .iter()
            .enumerate()
            .any(|(b, p)| present(cx, b, p))
    {
        cx.out.report(AT_LEAST_ONE, &[], || {
            Msg::new(
                super::concat(&["at least one of ", &list(at_least_one), " is required"]),
                Some(owner.constraint_schema_path("at_least_one")),
                None,
            )
        });
    }
    let just_one = c.just_one;
    if !just_one.is_empty() {
        let base = at_least_one.len();
        let n = just_one
            .iter()
            .enumerate()
            .filter(|(b, p)| present(cx, base + b, p))
            .count();
        if n != 1 {
            cx.out.report(JUST_ONE, &[], || {
                let message = if n == 0 {
                    text!(
                        "exactly one of {} is required, none is present",
                        list(just_one)
                    )
                } else {
                    text!(
                        "exactly one of {} is allowed, {n} are present",
                        list(just_one)
                    )
                };
                Msg::new(
                    message,
                    Some(owner.constraint_schema_path("just_one")),
                    None,
                )
            });
        }
    }
}
