//! Renders `docs/rules.md` from the rule registry, so the documentation cannot drift from
//! the code (a test compares the file with this output).

use crate::rules::RuleInfo;

fn pretty(example: &str) -> (String, &'static str) {
    match serde_json::from_str::<serde_json::Value>(example) {
        Ok(v) if example.len() > 60 => (
            serde_json::to_string_pretty(&v).unwrap_or_else(|_| example.to_owned()),
            "json",
        ),
        Ok(_) => (example.to_owned(), "json"),
        Err(_) => (example.to_owned(), "text"),
    }
}

/// The Markdown of `docs/rules.md` for the given rules, followed by the personal-data and
/// secret rules of [`crate::pii`] that are not among them (so the file documents every code
/// whether or not a validator registered them).
pub fn rules_markdown(rules: &[RuleInfo]) -> String {
    let mut all: Vec<RuleInfo> = rules.to_vec();
    for r in crate::pii::rule_infos() {
        if !all.iter().any(|a| a.code == r.code) {
            all.push(*r);
        }
    }
    let rules = all.as_slice();
    let mut s = String::new();
    s.push_str("<!-- @generated from crates/ocsf-validate/src/rules.rs by `UPDATE_DOCS=1 cargo test -p ocsf-validate --test docs`. Do not edit. -->\n\n");
    s.push_str("# ocsf-validate rules\n\n");
    s.push_str("Every diagnostic has a stable code. Codes are never reused. Severities are defaults; a policy file can change them (`[severity]`) or switch a rule off.\n\n");
    s.push_str("| code | name | category | default severity | summary |\n|---|---|---|---|---|\n");
    for r in rules {
        s.push_str(&format!(
            "| [{}](#{}) | {} | {} | {} | {} |\n",
            r.code,
            r.code.to_ascii_lowercase(),
            r.name,
            r.category,
            r.severity,
            r.summary.replace('|', "\\|")
        ));
    }
    for r in rules {
        s.push_str(&format!(
            "\n<a id=\"{}\"></a>\n\n## {} {}\n\n*{}, {} by default.* {}\n\n{}\n",
            r.code.to_ascii_lowercase(),
            r.code,
            r.name,
            r.category,
            r.severity,
            r.summary,
            r.doc
        ));
        let (fail, fl) = pretty(r.fail);
        let (pass, pl) = pretty(r.pass);
        s.push_str(&format!(
            "\nFails:\n\n```{fl}\n{fail}\n```\n\nPasses:\n\n```{pl}\n{pass}\n```\n"
        ));
    }
    s
}
