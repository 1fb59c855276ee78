//! Observables (OCSF801–802): each observable's `name` must be a path present in the event and
//! its `value` the value found there. Judged after the walk, on the values the walk's second,
//! light pass collected at the named paths (`crate::walk`).

use super::context::{Msg, Reporter};
use crate::diag::excerpt;
use crate::diag::Category::Schema;
use crate::diag::RuleInfo;
use crate::diag::Severity::Warning;
use crate::facts::{ObservableSeen, Tok};

pub const OBSERVABLE_NAME: &str = "OCSF801";
pub const OBSERVABLE_VALUE: &str = "OCSF802";

pub(crate) static RULES: [RuleInfo; 2] = [
    RuleInfo {
        code: OBSERVABLE_NAME,
        name: "observable-name-not-found",
        category: Schema,
        severity: Warning,
        summary: "An observable's `name` is not a path that exists in the event.",
        doc: "`observables[].name` is the dotted path of the attribute the observable was taken from; arrays may be written `resources[].uid` or `resources.uid`. The path must exist in the event.",
        fail: base!(meta!(), r#", "observables": [{"type_id": 2, "name": "src_endpoint.ip", "value": "10.0.0.1"}]}"#),
        pass: base!(meta!(r#""profiles": ["host"]"#), r#", "device": {"type_id": 1, "ip": "10.0.0.1"}, "observables": [{"type_id": 2, "name": "device.ip", "value": "10.0.0.1"}]}"#),
    },
    RuleInfo {
        code: OBSERVABLE_VALUE,
        name: "observable-value-mismatch",
        category: Schema,
        severity: Warning,
        summary: "An observable's `value` differs from the value at its `name`.",
        doc: "When the path named by an observable exists, its `value` must equal the value found there (compared as strings; for arrays, any element).",
        fail: base!(meta!(r#""profiles": ["host"]"#), r#", "device": {"type_id": 1, "ip": "10.0.0.1"}, "observables": [{"type_id": 2, "name": "device.ip", "value": "10.0.0.2"}]}"#),
        pass: base!(meta!(r#""profiles": ["host"]"#), r#", "device": {"type_id": 1, "ip": "10.0.0.1"}, "observables": [{"type_id": 2, "name": "device.ip", "value": "10.0.0.1"}]}"#),
    },
];

/// `found[i]` holds the scalar values at the `i`-th named observable's path (`None` when the
/// path is absent; empty when it names an object).
pub(crate) fn check(
    out: &mut Reporter<'_, '_>,
    seen: &[ObservableSeen],
    found: &[Option<Vec<String>>],
) {
    let named = seen.iter().filter_map(|s| Some((s, s.name.as_deref()?)));
    for ((s, name), found) in named.zip(found) {
        let shown = || {
            if name.len() <= 120 {
                text!("`{name}`")
            } else {
                excerpt(name)
            }
        };
        let Some(values) = found else {
            let at = [
                Tok::Key("observables"),
                Tok::Index(s.index),
                Tok::Key("name"),
            ];
            out.report(OBSERVABLE_NAME, &at, || {
                Msg::new(
                    text!(
                        "observable name {} is not a path present in the event",
                        shown()
                    ),
                    Some("objects/observable/attributes/name".to_owned()),
                    Some("write the dotted attribute path, e.g. `src_endpoint.ip`".to_owned()),
                )
            });
            continue;
        };
        let Some(value) = s.value.as_deref() else {
            continue;
        };
        // A path naming an object (`actor.user`) has no scalar to compare with.
        if values.is_empty() || values.iter().any(|v| v == value) {
            continue;
        }
        let at = [
            Tok::Key("observables"),
            Tok::Index(s.index),
            Tok::Key("value"),
        ];
        out.report(OBSERVABLE_VALUE, &at, || {
            Msg::new(
                text!("observable value differs from the value at {}", shown()),
                Some("objects/observable/attributes/value".to_owned()),
                None,
            )
        });
    }
}
