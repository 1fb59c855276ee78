//! Value rules (the PII/secret extension point) see every string, with pointer and path.

use ocsf_validate::{excerpt, Category, Findings, Rule, RuleInfo, Severity, StrValue, Validator};

struct TokenRule;

/// The registry entry of a test rule.
const fn test_rule(code: &'static str, name: &'static str) -> RuleInfo {
    RuleInfo {
        code,
        name,
        category: Category::Secret,
        severity: Severity::Error,
        summary: "A test rule.",
        doc: "Test.",
        fail: "{}",
        pass: "{}",
    }
}

static INFOS: &[RuleInfo] = &[test_rule("OCSFS001", "test-token")];

impl Rule for TokenRule {
    fn infos(&self) -> &'static [RuleInfo] {
        INFOS
    }
    fn check_str(&self, value: &StrValue<'_>, findings: &mut Findings<'_>) {
        if value.value.starts_with("tok_") {
            let attr = value.attribute.map_or("-", |a| a.name);
            findings.report(
                "OCSFS001",
                format!(
                    "{} at {} ({attr})",
                    excerpt(value.value),
                    value.attribute_path()
                ),
                None,
            );
        }
    }
}

#[test]
fn rule_sees_strings_everywhere() {
    let v = Validator::builder()
        .with_rule(Box::new(TokenRule))
        .build()
        .unwrap();
    assert!(v.rules().iter().any(|r| r.code == "OCSFS001"));
    let ev = br#"{"class_uid": 0, "message": "tok_abcdef", "unmapped": {"a/b": ["tok_123456"]}}"#;
    let r = v.validate_bytes(ev);
    let found: Vec<(&str, Category, &str)> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == "OCSFS001")
        .map(|d| (d.pointer.as_str(), d.category, d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "/message",
                Category::Secret,
                "\"tok_…\" (10 chars) at message (message)"
            ),
            (
                "/unmapped/a~1b/0",
                Category::Secret,
                "\"tok_…\" (10 chars) at unmapped.a/b (-)"
            ),
        ]
    );
}

#[test]
fn duplicate_codes_are_refused() {
    let built = Validator::builder()
        .with_rule(Box::new(TokenRule))
        .with_rule(Box::new(TokenRule))
        .build();
    assert!(built.is_err());
}

/// Reports each string it sees with whether the walk called it a caption of its enum.
struct CaptionRule;

static CAPTION_INFOS: &[RuleInfo] = &[test_rule("OCSFS002", "test-caption")];

impl Rule for CaptionRule {
    fn infos(&self) -> &'static [RuleInfo] {
        CAPTION_INFOS
    }
    fn check_str(&self, value: &StrValue<'_>, findings: &mut Findings<'_>) {
        findings.report("OCSFS002", format!("{}", value.caption), None);
    }
}

/// A value is a caption when it is one of its enum's captions, in its caption attribute: not a
/// caption of another enum, not the right text in an attribute that is no caption, not another
/// case of a caption.
#[test]
fn captions_are_told_to_value_rules() {
    let v = Validator::builder()
        .with_rule(Box::new(CaptionRule))
        .build()
        .unwrap();
    let ev = br#"{"class_uid": 3002, "activity_id": 1, "activity_name": "Logon",
        "severity_id": 1, "severity": "Informational", "status": "logon",
        "category_name": "Informational", "message": "Logon",
        "metadata": {"version": "1.6.0", "product": {"name": "Logon", "vendor_name": "Acme"}}}"#;
    let r = v.validate_bytes(ev);
    let seen: Vec<(&str, &str)> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == "OCSFS002")
        .map(|d| (d.pointer.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        seen,
        vec![
            ("/activity_name", "true"),
            ("/severity", "true"),
            ("/status", "false"),
            ("/category_name", "false"),
            ("/message", "false"),
            ("/metadata/version", "false"),
            ("/metadata/product/name", "false"),
            ("/metadata/product/vendor_name", "false"),
        ]
    );
}
