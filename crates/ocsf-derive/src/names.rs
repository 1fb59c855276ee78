//! Rust names of generated types, and the "did you mean" and "expected one of" parts of the
//! derive's messages. The names and the suggestions themselves are `ocsf_names`', shared with
//! the generator and the validator.

pub use ocsf_names::{snake, type_name, version_ident};

/// `; did you mean `x`?` or nothing.
pub fn suggestion<'a>(written: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    ocsf_names::did_you_mean(written, candidates)
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default()
}

/// `` `a`, `b`, `c` ``
pub fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items
        .into_iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_codegen() {
        assert_eq!(type_name("authentication"), "Authentication");
        assert_eq!(type_name("api_activity"), "ApiActivity");
        assert_eq!(snake("unmanned_systems"), "unmanned_systems");
    }

    #[test]
    fn message_parts() {
        let names = ["path", "skip"];
        assert_eq!(suggestion("paht", names), "; did you mean `path`?");
        assert_eq!(suggestion("zzzz", names), "");
        assert_eq!(list(names), "`path`, `skip`");
    }
}
