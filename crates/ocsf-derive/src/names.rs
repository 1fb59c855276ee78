//! Rust names of generated types, and "did you mean" suggestions.

pub use ocsf_names::{snake, type_name, version_ident};

/// Lowercase ASCII alphanumerics only: `Password Change`, `password_change` and
/// `PasswordChange` all read `passwordchange`.
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Edit distance counting a swap of neighbours as one edit (optimal string alignment).
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// The closest candidate, if it is close enough to be a typo of `written`.
pub fn did_you_mean<'a>(
    written: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let written_n = normalize(written);
    candidates
        .into_iter()
        .map(|c| (distance(&written_n, &normalize(c)), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `; did you mean `x`?` or nothing.
pub fn suggestion<'a>(written: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(written, candidates)
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
    fn suggests_close_names_only() {
        let names = ["authentication", "authorize_session", "account_change"];
        assert_eq!(did_you_mean("authentcation", names), Some("authentication"));
        assert_eq!(did_you_mean("zzz", names), None);
        assert_eq!(did_you_mean("paht", ["path", "skip"]), Some("path"));
        assert_eq!(
            did_you_mean("emial_addr", ["email_addr", "uid"]),
            Some("email_addr")
        );
    }
}
