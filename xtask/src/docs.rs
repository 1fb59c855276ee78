//! `cargo xtask docs [--check]`: renders `docs/rules.md` from `ocsf-validate`'s rule registry,
//! so the documentation cannot drift from the code (a test and `--check` compare the file with
//! this output).

use std::path::Path;

use anyhow::{bail, Context, Result};
use ocsf_validate::{Policy, RuleInfo, Validator};

use crate::lock::write_atomic;

/// The generated file, relative to the workspace root.
const RULES_MD: &str = "docs/rules.md";

#[derive(clap::Args, Debug)]
pub struct DocsArgs {
    /// Change nothing; fail if `docs/rules.md` is stale.
    #[arg(long)]
    pub check: bool,
}

pub fn run(root: &Path, args: &DocsArgs) -> Result<()> {
    let expected = rules_markdown(registry()?.rules());
    let path = root.join(RULES_MD);
    if std::fs::read(&path).ok().as_deref() == Some(expected.as_bytes()) {
        eprintln!("docs: {RULES_MD} is fresh");
        return Ok(());
    }
    if args.check {
        bail!("{RULES_MD} is stale; run `cargo xtask docs` and commit the result");
    }
    write_atomic(&path, expected.as_bytes())?;
    eprintln!("docs: {RULES_MD} written");
    Ok(())
}

/// A validator with every rule it registers by default.
fn registry() -> Result<Validator> {
    Validator::builder()
        .with_policy(Policy::default().with_recommended(true))
        .build()
        .context("cannot build the validator")
}

fn pretty(example: &str) -> (String, &'static str) {
    match serde_json::from_str::<serde_json::Value>(example) {
        // Examples with `\u` escapes are kept as written: re-printing would decode them, and
        // they are escaped so that no secret scanner matches the committed file. So are those
        // that repeat a key, which a `Value` keeps only once.
        Ok(v) if example.len() > 60 && !example.contains("\\u") && !repeats_a_key(example) => (
            serde_json::to_string_pretty(&v).unwrap_or_else(|_| example.to_owned()),
            "json",
        ),
        Ok(_) => (example.to_owned(), "json"),
        Err(_) => (example.to_owned(), "text"),
    }
}

/// Whether some object in the JSON `text` has a key twice.
fn repeats_a_key(text: &str) -> bool {
    use std::cell::Cell;
    use std::collections::HashSet;

    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

    /// Visits every value, setting the flag at a repeated key.
    struct Walk<'a>(&'a Cell<bool>);

    impl<'de> DeserializeSeed<'de> for Walk<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Walk<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            while seq.next_element_seed(Walk(self.0))?.is_some() {}
            Ok(())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut keys = HashSet::new();
            while let Some(key) = map.next_key::<String>()? {
                if !keys.insert(key) {
                    self.0.set(true);
                }
                map.next_value_seed(Walk(self.0))?;
            }
            Ok(())
        }
    }

    let repeated = Cell::new(false);
    let mut de = serde_json::Deserializer::from_str(text);
    Walk(&repeated).deserialize(&mut de).is_ok() && repeated.get()
}

/// The Markdown of `docs/rules.md` for the given rules, followed by the personal-data and
/// secret rules of `ocsf_validate::pii` and the Security Lake rules of `ocsf_validate::lake`
/// (reported with `--security-lake`) that are not among them (so the file documents every
/// code whether or not a validator registered them).
fn rules_markdown(rules: &[RuleInfo]) -> String {
    let mut all: Vec<RuleInfo> = rules.to_vec();
    for r in ocsf_validate::pii::rule_infos()
        .iter()
        .chain(&ocsf_validate::lake::RULES)
    {
        if !all.iter().any(|a| a.code == r.code) {
            all.push(*r);
        }
    }
    let rules = all.as_slice();
    let mut s = String::new();
    s.push_str("<!-- @generated from the rule registry (crates/ocsf-validate/src/rules/, crates/ocsf-validate/src/pii, crates/ocsf-validate/src/lake.rs) by `cargo xtask docs`. Do not edit. -->\n\n");
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

#[cfg(test)]
mod tests {
    #[test]
    fn repeated_keys_are_found_at_any_depth() {
        assert!(super::repeats_a_key(r#"{"a": 1, "a": 2}"#));
        assert!(super::repeats_a_key(r#"{"a": [{"b": {"c": 1, "c": 1}}]}"#));
        assert!(!super::repeats_a_key(
            r#"{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}]}"#
        ));
        assert!(!super::repeats_a_key("not json"));
    }

    use super::*;

    #[test]
    fn committed_rules_md_is_fresh() {
        let root = crate::workspace_root();
        run(&root, &DocsArgs { check: true }).unwrap();
    }

    #[test]
    fn check_names_the_command_and_writing_makes_it_fresh() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("docs")).unwrap();
        std::fs::write(dir.path().join(RULES_MD), "stale\n").unwrap();
        let err = run(dir.path(), &DocsArgs { check: true }).unwrap_err();
        assert!(err.to_string().contains("run `cargo xtask docs`"), "{err}");
        run(dir.path(), &DocsArgs { check: false }).unwrap();
        run(dir.path(), &DocsArgs { check: true }).unwrap();
    }
}
