//! `metadata.version` against the version that judges the event (OCSF701–704), judged when
//! the event ends. Which version judges is decided by [`crate::versions`]; this family only
//! says so when the claim and the judge differ.

use super::context::{Msg, ObjectEnd};
use crate::diag::excerpt;
use crate::diag::Category::Schema;
use crate::diag::RuleInfo;
use crate::diag::Severity::{Error, Info, Warning};
use crate::facts::Tok;
use crate::versions::{self, ChoiceReason, VersionMode};

pub const VERSION_DIFFERS: &str = "OCSF701";
pub const VERSION_INCOMPATIBLE: &str = "OCSF702";
pub const VERSION_NEAREST: &str = "OCSF703";
pub const VERSION_NEWER: &str = "OCSF704";

pub(crate) static RULES: [RuleInfo; 4] = [
    RuleInfo {
        code: VERSION_DIFFERS,
        name: "schema-version-differs",
        category: Schema,
        severity: Warning,
        summary: "With a forced schema version: `metadata.version` is another minor or patch version.",
        doc: "Reported only when one version is forced for every event (`--schema-version`, `version` in `ocsf-validate.toml`): the event claims another version of the same major. Most checks still apply, but attributes added or removed between the versions may be reported. Without a forced version each event is judged by the version it claims. (A missing `metadata.version` is reported by OCSF201.)",
        fail: base!(r#""metadata": {"version": "1.0.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}}"#),
        pass: base!(meta!(), "}"),
    },
    RuleInfo {
        code: VERSION_INCOMPATIBLE,
        name: "schema-version-incompatible",
        category: Schema,
        severity: Error,
        summary: "`metadata.version` has a major version the validator does not know, or is not a version.",
        doc: "A major version other than the shipped ones (`0.31.2`, `7.5.0`), or a string that is not `major.minor[.patch]` (`2025.11.09`, `latest`), means the event was written against a schema this validator cannot judge it by. It is judged by the default version (`--default-version`, 1.6.0 unless set), whose findings may not apply.",
        fail: base!(r#""metadata": {"version": "2.0.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}}"#),
        pass: base!(meta!(), "}"),
    },
    RuleInfo {
        code: VERSION_NEAREST,
        name: "schema-version-not-a-release",
        category: Schema,
        severity: Info,
        summary: "`metadata.version` is a pre-release, dev build or unshipped patch; the nearest release judges the event.",
        doc: "The event claims a version of a shipped `major.minor` line that is not itself a release: a pre-release (`1.0.0-rc.2`, which Amazon Security Lake writes), a dev build (`1.1.0-dev`, `1.2-dev`) or a patch that was never published (`1.0.4`). It is judged by the nearest release: the newest release of the line not above the claimed patch, and for a pre-release the release it precedes. The message names both versions.",
        fail: base!(r#""metadata": {"version": "1.0.0-rc.2", "product": {"name": "Sensor", "vendor_name": "Acme"}}}"#),
        pass: base!(r#""metadata": {"version": "1.0.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}}"#),
    },
    RuleInfo {
        code: VERSION_NEWER,
        name: "schema-version-newer-than-known",
        category: Schema,
        severity: Warning,
        summary: "`metadata.version` is newer than every release the validator knows; the newest judges the event.",
        doc: "The event claims a later version of a known major (`1.9.0`). It is judged by the newest release this validator ships; attributes, classes and enum values added after it are reported as unknown. Updating ocsf-validate brings the newer tables.",
        fail: base!(r#""metadata": {"version": "1.99.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}}"#),
        pass: base!(meta!(), "}"),
    },
];

/// The version diagnostics; the version that must judge the event instead when the claim
/// read by the walk chooses another than the one that judged it.
pub(crate) fn check(cx: &mut ObjectEnd<'_, '_, '_>) -> Option<&'static ocsf_schema::Schema> {
    let claimed = cx.facts.version.as_deref();
    let choice = versions::choose(cx.mode, claimed);
    let judged_by = cx.t.schema.version;
    if choice.schema.version != judged_by {
        return Some(choice.schema);
    }
    let v = claimed?;
    let forced = matches!(cx.mode, VersionMode::Forced(_));
    let code = match choice.reason {
        ChoiceReason::Exact | ChoiceReason::Unclaimed => return None,
        ChoiceReason::ForcedDiffers => VERSION_DIFFERS,
        ChoiceReason::Nearest => VERSION_NEAREST,
        ChoiceReason::Newer => VERSION_NEWER,
        ChoiceReason::Incompatible | ChoiceReason::NotAVersion => VERSION_INCOMPATIBLE,
    };
    let at = [Tok::Key("metadata"), Tok::Key("version")];
    cx.out.report(code, &at, || {
        let shown = if v.len() <= 32 && versions::parse(v).is_some() {
            text!("\"{v}\"")
        } else {
            excerpt(v)
        };
        // By code: the reasons that report nothing returned above, so no arm is unreachable.
        let (message, help) = match code {
            VERSION_DIFFERS => (
                text!("the event claims OCSF {shown}; it is validated against {judged_by}"),
                Some("attributes added or removed between the versions may be reported; without --schema-version each event is judged by the version it claims".to_owned()),
            ),
            VERSION_NEAREST => (
                text!("the event claims OCSF {shown}, which is not a release; it is judged by the nearest release, {judged_by}"),
                None,
            ),
            VERSION_NEWER => (
                text!("the event claims OCSF {shown}, newer than every release this validator knows; it is judged by the newest, {judged_by}"),
                Some("attributes and values added after that release are reported as unknown; update ocsf-validate".to_owned()),
            ),
            _ if matches!(choice.reason, ChoiceReason::NotAVersion) => (
                text!("metadata.version {shown} is not a `major.minor.patch` version; the event is judged by {judged_by}"),
                None,
            ),
            _ if forced => (
                text!("the event claims OCSF {shown}, another major version than {judged_by}"),
                None,
            ),
            _ => (
                text!("the event claims OCSF {shown}, a major version this validator does not know; it is judged by {judged_by}"),
                None,
            ),
        };
        Msg::new(
            message,
            Some("objects/metadata/attributes/version".to_owned()),
            help,
        )
    });
    None
}
