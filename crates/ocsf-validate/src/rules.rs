//! The registry of rule codes. Every code the validator can emit is listed here once, with the
//! documentation that `docs/rules.md` is generated from. Codes are never reused.

use crate::diag::{Category, Severity};

/// Static description of one rule code.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    pub code: &'static str,
    /// Short kebab-case name, used as the SARIF rule name.
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// One sentence, shown as SARIF `shortDescription`.
    pub summary: &'static str,
    /// One paragraph for `docs/rules.md`.
    pub doc: &'static str,
    /// An event that triggers the rule.
    pub fail: &'static str,
    /// A close variant that does not.
    pub pass: &'static str,
}

macro_rules! base {
    ($($extra:tt)*) => {
        concat!(
            r#"{"class_uid": 0, "category_uid": 0, "activity_id": 0, "type_uid": 0, "severity_id": 1, "time": 1700000000000, "#,
            $($extra)*
        )
    };
}

macro_rules! meta {
    () => {
        r#""metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}"#
    };
    ($($extra:tt)+) => {
        concat!(
            r#""metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}, "#,
            $($extra)+,
            "}"
        )
    };
}

pub const INVALID_JSON: &str = "OCSF001";
pub const NOT_AN_OBJECT: &str = "OCSF002";
pub const TOO_DEEP: &str = "OCSF003";
pub const TOO_LARGE: &str = "OCSF004";
pub const CLASS_UID_MISSING: &str = "OCSF101";
pub const CLASS_UID_UNKNOWN: &str = "OCSF102";
pub const CATEGORY_MISMATCH: &str = "OCSF103";
pub const TYPE_UID_MISMATCH: &str = "OCSF104";
pub const TYPE_NAME_MISMATCH: &str = "OCSF105";
pub const REQUIRED_MISSING: &str = "OCSF201";
pub const RECOMMENDED_MISSING: &str = "OCSF202";
pub const UNKNOWN_ATTRIBUTE: &str = "OCSF203";
pub const WRONG_TYPE: &str = "OCSF204";
pub const INVALID_FORMAT: &str = "OCSF205";
pub const OUT_OF_RANGE: &str = "OCSF206";
pub const TOO_LONG: &str = "OCSF207";
pub const UNKNOWN_ENUM: &str = "OCSF301";
pub const SIBLING_MISMATCH: &str = "OCSF302";
pub const AT_LEAST_ONE: &str = "OCSF401";
pub const JUST_ONE: &str = "OCSF402";
pub const UNDECLARED_PROFILE: &str = "OCSF501";
pub const UNKNOWN_PROFILE: &str = "OCSF502";
pub const PROFILE_NOT_APPLICABLE: &str = "OCSF503";
pub const DEPRECATED_ATTRIBUTE: &str = "OCSF601";
pub const DEPRECATED_OBJECT: &str = "OCSF602";
pub const DEPRECATED_ENUM: &str = "OCSF603";
pub const DEPRECATED_CLASS: &str = "OCSF604";
pub const VERSION_DIFFERS: &str = "OCSF701";
pub const VERSION_INCOMPATIBLE: &str = "OCSF702";
pub const VERSION_NEAREST: &str = "OCSF703";
pub const VERSION_NEWER: &str = "OCSF704";
pub const OBSERVABLE_NAME: &str = "OCSF801";
pub const OBSERVABLE_VALUE: &str = "OCSF802";
pub const TIME_MISMATCH: &str = "OCSF901";

use Category::{Input, Schema};
use Severity::{Error, Info, Warning};

/// Every built-in rule, ordered by code.
pub static BUILTIN: &[RuleInfo] = &[
    RuleInfo {
        code: INVALID_JSON,
        name: "invalid-json",
        category: Input,
        severity: Error,
        summary: "The input is not valid JSON.",
        doc: "The event could not be parsed as JSON. The message gives the parser's reason with the line and column inside the event; nothing else is checked.",
        fail: r#"{"class_uid": 3002,}"#,
        pass: base!(meta!(), "}"),
    },
    RuleInfo {
        code: NOT_AN_OBJECT,
        name: "not-an-object",
        category: Input,
        severity: Error,
        summary: "The event is valid JSON but not an object.",
        doc: "An OCSF event is a JSON object. A string, number, boolean, null or array at the top level cannot be an event (a JSON file may hold an array of events; each element must then be an object).",
        fail: r#""Logon""#,
        pass: base!(meta!(), "}"),
    },
    RuleInfo {
        code: TOO_DEEP,
        name: "nesting-too-deep",
        category: Input,
        severity: Error,
        summary: "The event nests objects or arrays deeper than 128 levels.",
        doc: "Objects and arrays may nest at most 128 levels (serde_json's recursion limit, which the validator keeps for `serde_json::Value` input as well). Deeper input is rejected with this diagnostic instead of risking a stack overflow; the rest of the event is not checked. Example: `{\"unmapped\": [[[[…]]]]}` with 200 brackets.",
        fail: "{\"unmapped\": [[[[ … 200 levels … ]]]]}",
        pass: base!(meta!(), r#", "unmapped": [[["three levels are fine"]]]}"#),
    },
    RuleInfo {
        code: TOO_LARGE,
        name: "event-too-large",
        category: Input,
        severity: Error,
        summary: "The event is larger than the policy's size bound (16 MiB by default).",
        doc: "A single event larger than `max_event_bytes` (16 MiB unless the policy file says otherwise) is not parsed. Such an event is almost always a concatenation or a log line that swallowed a file.",
        fail: "a 20 MiB event",
        pass: base!(meta!(), "}"),
    },
    RuleInfo {
        code: CLASS_UID_MISSING,
        name: "class-uid-missing",
        category: Schema,
        severity: Error,
        summary: "The event has no `class_uid`, so its class is unknown.",
        doc: "The class of an event is chosen by `class_uid`. Without it, the event is checked against `base_event` only, which catches fewer problems.",
        fail: r#"{"category_uid": 0, "activity_id": 0, "type_uid": 0, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}}"#,
        pass: base!(meta!(), "}"),
    },
    RuleInfo {
        code: CLASS_UID_UNKNOWN,
        name: "class-uid-unknown",
        category: Schema,
        severity: Error,
        summary: "`class_uid` is not a class of the schema version.",
        doc: "The `class_uid` names no class of the schema version the validator was built for (it may be an extension class or a class of another version). The event is then checked against `base_event`.",
        fail: r#"{"class_uid": 9999, "category_uid": 0, "activity_id": 0, "type_uid": 999900, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}}"#,
        pass: base!(meta!(), "}"),
    },
    RuleInfo {
        code: CATEGORY_MISMATCH,
        name: "category-uid-mismatch",
        category: Schema,
        severity: Error,
        summary: "`category_uid` is not the category of the class.",
        doc: "Each class belongs to exactly one category: Authentication (3002) is in Identity & Access Management (3). A different `category_uid` contradicts `class_uid`.",
        fail: r#"{"class_uid": 0, "category_uid": 3, "activity_id": 0, "type_uid": 0, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}}"#,
        pass: base!(meta!(), "}"),
    },
    RuleInfo {
        code: TYPE_UID_MISMATCH,
        name: "type-uid-mismatch",
        category: Schema,
        severity: Error,
        summary: "`type_uid` is not `class_uid * 100 + activity_id`.",
        doc: "`type_uid` is derived: the class uid times 100 plus the activity id. Authentication (3002) Logon (1) is 300201.",
        fail: r#"{"class_uid": 0, "category_uid": 0, "activity_id": 0, "type_uid": 1, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}}"#,
        pass: base!(meta!(), "}"),
    },
    RuleInfo {
        code: TYPE_NAME_MISMATCH,
        name: "type-name-mismatch",
        category: Schema,
        severity: Warning,
        summary: "`type_name` is not `<class caption>: <activity caption>`.",
        doc: "`type_name` is the caption of `type_uid`: the class caption, a colon and a space, and the activity caption (`Authentication: Logon`). Captions are compared exactly; the help mentions a case-only difference.",
        fail: base!(meta!(), r#", "type_name": "Base Event: Logon"}"#),
        pass: base!(meta!(), r#", "type_name": "Base Event: Unknown"}"#),
    },
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
        doc: "The class or object has no attribute of that name. When a defined name is close (edit distance), the help suggests it. Values under `unmapped` and other `json_t`/`object` values are not checked; the policy's `allow` list names extra attribute paths that are accepted.",
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
        code: UNKNOWN_ENUM,
        name: "unknown-enum-value",
        category: Schema,
        severity: Error,
        summary: "The value is not one the enum attribute defines.",
        doc: "Enum attributes (`severity_id`, `activity_id`, `device.type_id`, `observables[].type_id`, ...) accept only the ids the schema lists; `99` (Other) is listed for most of them.",
        fail: r#"{"class_uid": 0, "category_uid": 0, "activity_id": 0, "type_uid": 0, "severity_id": 42, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}}"#,
        pass: base!(meta!(), "}"),
    },
    RuleInfo {
        code: SIBLING_MISMATCH,
        name: "sibling-caption-mismatch",
        category: Schema,
        severity: Error,
        summary: "A caption attribute disagrees with the caption of its `_id` sibling.",
        doc: "For every enum attribute with a declared sibling (`severity_id`/`severity`, `class_uid`/`class_name`, `device.type_id`/`device.type`, arrays such as `category_ids`/`categories`), the caption must be the schema's caption of the id. Captions are compared exactly and the help mentions a case-only difference. With id 99 (Other) the caption is free text.",
        fail: base!(meta!(), r#", "severity": "High"}"#),
        pass: base!(meta!(), r#", "severity": "Informational"}"#),
    },
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
    RuleInfo {
        code: TIME_MISMATCH,
        name: "time-dt-mismatch",
        category: Schema,
        severity: Warning,
        summary: "A `*_time` value and its `*_time_dt` twin name different instants.",
        doc: "`time` is milliseconds since the epoch and `time_dt` the same instant as RFC 3339 text; the two must agree to the millisecond (sub-millisecond digits are ignored). Checked in the event and in every object that has both.",
        fail: base!(meta!(r#""profiles": ["datetime"]"#), r#", "time_dt": "2024-01-01T00:00:00Z"}"#),
        pass: base!(meta!(r#""profiles": ["datetime"]"#), r#", "time_dt": "2023-11-14T22:13:20.000Z"}"#),
    },
];

/// The rule of a built-in code.
pub fn builtin(code: &str) -> Option<&'static RuleInfo> {
    BUILTIN.iter().find(|r| r.code == code)
}
