//! "Did you mean": the closest of some names to a name written wrong, for the derive's
//! compile errors and the validator's help alike.
//!
//! Names are compared [normalised](crate::normalized), so that a name differing only in case,
//! separators or spaces is at distance 0 (`PasswordChange`, `password_change` and
//! `Password Change`; `emailAddr` and `email_addr`). The distance is optimal string alignment:
//! an insertion, a deletion, a substitution or a swap of neighbours (`paht` → `path`) is one
//! edit. A candidate is close enough when it is at most a third of the longer normalised name
//! away, at least 1 and at most 3 edits: short names allow one typo, long ones no more than
//! three, whichever side is long. Of equally close candidates the first wins; a candidate
//! equal to the written name but for ASCII case wins outright.

use crate::normalized;

/// The distance [`did_you_mean`] ranks candidates by: optimal string alignment over the
/// normalised names (`edit_distance("Password Change", "passwordchange") == 0`).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = normalized(b).collect();
    Rows::default().distance(normalized(a), &b)
}

/// The closest of `candidates` to `written`, if it is close enough to be a slip (see the
/// module doc); `None` when nothing is, or when `written` has no letters or digits.
pub fn did_you_mean<'a>(
    written: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let target: Vec<char> = normalized(written).collect();
    if target.is_empty() {
        return None;
    }
    let mut rows = Rows::default();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate.eq_ignore_ascii_case(written) {
            return Some(candidate);
        }
        let len = normalized(candidate).count();
        let limit = (len.max(target.len()) / 3).clamp(1, 3);
        // The distance is at least the difference in length: most candidates stop here.
        if len.abs_diff(target.len()) > limit {
            continue;
        }
        let d = rows.distance(normalized(candidate), &target);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Whether two names are the same once normalised (`Password Change` and `PasswordChange`),
/// without allocating.
pub fn same_name(a: &str, b: &str) -> bool {
    normalized(a).eq(normalized(b))
}

/// The three rows of the distance table optimal string alignment looks at, kept between
/// candidates so that ranking many allocates only once.
#[derive(Default)]
struct Rows {
    two_back: Vec<usize>,
    prev: Vec<usize>,
    cur: Vec<usize>,
}

impl Rows {
    /// The distance from the chars of `a` to `b`, row by row over `a`.
    fn distance(&mut self, a: impl Iterator<Item = char>, b: &[char]) -> usize {
        let n = b.len();
        self.prev.clear();
        self.prev.extend(0..=n);
        for row in [&mut self.cur, &mut self.two_back] {
            row.clear();
            row.resize(n + 1, 0);
        }
        let mut before: Option<char> = None;
        for (i, ca) in a.enumerate() {
            self.cur[0] = i + 1;
            for j in 1..=n {
                let cb = b[j - 1];
                let mut d = (self.prev[j - 1] + usize::from(ca != cb))
                    .min(self.prev[j] + 1)
                    .min(self.cur[j - 1] + 1);
                if j > 1 && ca == b[j - 2] && before == Some(cb) {
                    d = d.min(self.two_back[j - 2] + 1);
                }
                self.cur[j] = d;
            }
            before = Some(ca);
            std::mem::swap(&mut self.two_back, &mut self.prev);
            std::mem::swap(&mut self.prev, &mut self.cur);
        }
        self.prev[n]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("same", "same"), 0);
        // A swap of neighbours is one edit, not two.
        assert_eq!(edit_distance("paht", "path"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        // Optimal string alignment edits no substring twice: `ca` → `abc` is 3, not 2.
        assert_eq!(edit_distance("ca", "abc"), 3);
        assert_eq!(edit_distance("abc", "ca"), 3);
    }

    /// The textbook full table, to check the three rows against.
    fn full_table(a: &[char], b: &[char]) -> usize {
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

    #[test]
    fn rows_agree_with_the_full_table() {
        // Every string of up to four letters over `abc`, against every other.
        let mut words = vec![String::new()];
        for len in 1..=4 {
            let shorter: Vec<String> = words
                .iter()
                .filter(|w| w.len() == len - 1)
                .cloned()
                .collect();
            for w in shorter {
                words.extend(['a', 'b', 'c'].map(|c| format!("{w}{c}")));
            }
        }
        let mut rows = Rows::default();
        for a in &words {
            for b in &words {
                let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                assert_eq!(
                    rows.distance(a.chars(), &bc),
                    full_table(&ac, &bc),
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn distance_is_over_normalised_names() {
        assert_eq!(edit_distance("PasswordChange", "Password Change"), 0);
        assert_eq!(edit_distance("emailAddr", "email_addr"), 0);
        assert_eq!(edit_distance("EMAIL-ADDR", "email_addr"), 0);
    }

    #[test]
    fn transposition_is_one_typo() {
        let names = ["path", "skip"];
        assert_eq!(did_you_mean("paht", names), Some("path"));
        assert_eq!(
            did_you_mean("emial_addr", ["email_addr", "uid"]),
            Some("email_addr")
        );
    }

    #[test]
    fn camel_case_key_finds_snake_case_attribute() {
        let attrs = ["user", "email_addr", "full_name"];
        assert_eq!(did_you_mean("emailAddr", attrs), Some("email_addr"));
        assert_eq!(did_you_mean("fullName", attrs), Some("full_name"));
        assert_eq!(
            did_you_mean("PasswordChange", ["Logon", "Password Change"]),
            Some("Password Change")
        );
    }

    #[test]
    fn case_only_difference_wins() {
        assert_eq!(did_you_mean("Name", ["name"]), Some("name"));
        // Equal but for case beats a candidate that is only equal once normalised.
        assert_eq!(
            did_you_mean("User_Id", ["userid", "user_id"]),
            Some("user_id")
        );
    }

    #[test]
    fn far_names_get_nothing() {
        let names = ["authentication", "authorize_session", "account_change"];
        assert_eq!(did_you_mean("zzz", names), None);
        assert_eq!(did_you_mean("zzzzzz", ["name"]), None);
        // Short names allow one edit: `ip` is one from `id`, `ab` two from `id`.
        assert_eq!(did_you_mean("ip", ["id"]), Some("id"));
        assert_eq!(did_you_mean("ab", ["id"]), None);
        // Long names allow three edits at most, however long.
        assert_eq!(
            did_you_mean("authentication_protocol", ["authxxxication_protoxxl"]),
            None
        );
        assert_eq!(
            did_you_mean("authentication_protocol", ["authxxtication_protocxl"]),
            Some("authxxtication_protocxl")
        );
        // Nothing to compare.
        assert_eq!(did_you_mean("__", ["id", "a"]), None);
        assert_eq!(did_you_mean("uid", []), None);
    }

    #[test]
    fn ties_go_to_the_first_candidate() {
        assert_eq!(did_you_mean("cat", ["bat", "hat"]), Some("bat"));
        assert_eq!(did_you_mean("cat", ["hat", "bat"]), Some("hat"));
        // A closer candidate later still wins.
        assert_eq!(
            did_you_mean("authentcation", ["authorization", "authentication"]),
            Some("authentication")
        );
    }

    #[test]
    fn same_name_ignores_case_and_separators() {
        assert!(same_name("Password Change", "PasswordChange"));
        assert!(same_name("password_change", "PASSWORD-CHANGE"));
        assert!(!same_name("Password Change", "Password Changed"));
    }
}
