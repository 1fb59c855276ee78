//! Each generated category module has a cargo feature of the same name, on by default.

use std::collections::BTreeSet;

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).map_or(0, |i| i + start.len());
    let rest = &text[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn every_category_module_has_a_default_feature() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let generated = std::fs::read_to_string(format!("{dir}/src/generated/v1_6_0/mod.rs")).unwrap();
    let modules: BTreeSet<&str> = generated
        .split("#[cfg(feature = \"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert!(modules.contains("iam") && modules.len() >= 9, "{modules:?}");

    let manifest = std::fs::read_to_string(format!("{dir}/Cargo.toml")).unwrap();
    let default = between(&manifest, "default = [", "]");
    let defaults: BTreeSet<&str> = default
        .split(',')
        .map(|s| s.trim().trim_matches('"'))
        .filter(|s| !s.is_empty())
        .collect();
    for module in &modules {
        assert!(
            defaults.contains(module),
            "category `{module}` is not a default feature"
        );
        assert!(
            manifest.contains(&format!("\n{module} = [")),
            "category `{module}` has no feature"
        );
    }
}
