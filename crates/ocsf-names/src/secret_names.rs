//! The words that make a name look like it holds a password or another secret, one list for
//! the derive (field and type names of a struct mapped onto an event) and the detectors (keys
//! in event JSON). Names are matched [normalised](crate::normalized), so `clientSecret`,
//! `client-secret` and `CLIENT_SECRET` all contain `secret`, and `api_key` contains `apikey`.
//!
//! One vocabulary, read at two strictnesses:
//!
//! - [`secret_word`]: the name mentions a secret. Broad, for the derive: a field it misses puts
//!   a secret into every event the struct produces, while a false alarm costs one
//!   `#[ocsf(pii(allow, reason = "..."))]`.
//! - [`held_secret`]: the name says its value *is* the secret, so names that describe one
//!   (`token_id`, `password_last_set`, `public_key`, `key_type`: see [`NOT_SECRET`]) are left
//!   out. For the detectors, which judge data nobody can annotate and must stay precise.

use std::sync::LazyLock;

use crate::normalized;

/// Words (normalised) of names whose value is a password.
pub const PASSWORD_WORDS: &[&str] = &["password", "passwd", "passphrase", "pwd", "passwort"];

/// Words (normalised) of names whose value is a secret other than a password.
pub const SECRET_WORDS: &[&str] = &[
    "secret",
    "token",
    "apikey",
    "accesskey",
    "privatekey",
    "credential",
    "signingkey",
    "masterkey",
    "sessionkey",
    "authkey",
    "encryptionkey",
    "clientkey",
    "webhookkey",
];

/// Fragments (normalised) of names that say something about a secret rather than hold it:
/// `token_type`, `password_policy`, `secret_name`. [`held_secret`] leaves such names out, and
/// identifiers (names ending in `id` or `ids`: `token_id`, `credential_uid`).
pub const NOT_SECRET: &[&str] = &[
    "public",
    "type",
    "name",
    "count",
    "expir",
    "url",
    "uri",
    "path",
    "file",
    "hash",
    "fingerprint",
    "length",
    "format",
    "kind",
    "issuer",
    "scope",
    "algorithm",
    "alg",
    "status",
    "time",
    "date",
    "version",
    "provider",
    "source",
    "hint",
    "policy",
    "last",
    "reset",
    "changed",
    "required",
    "enabled",
    "age",
    "strength",
    "usage",
    "used",
    "rotation",
    "location",
    "store",
    "vault",
    "label",
    "reference",
    "endpoint",
    "hmac",
    "digest",
    "checksum",
    "salt",
    // `subjectFromWebIdentityToken`: whom a token names, not the token.
    "subject",
];

/// Rust type names that hold a secret: the `secrecy` crate's wrappers (and look-alikes).
pub const SECRET_TYPES: &[&str] = &[
    "SecretString",
    "SecretBox",
    "Secret",
    "SecretVec",
    "SecretSlice",
];

/// What a name says its value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretKind {
    /// A password or passphrase ([`PASSWORD_WORDS`]).
    Password,
    /// A token, key or other secret ([`SECRET_WORDS`]).
    Other,
}

/// The word of [`PASSWORD_WORDS`] or [`SECRET_WORDS`] that `name` contains, if any: the name
/// mentions a secret (`db_password` → `password`, `apiKeyId` → `apikey`). The broad reading;
/// see the module doc.
pub fn secret_word(name: &str) -> Option<&'static str> {
    with_normalized(name, |n| {
        SECRET_VOCAB.first_contained(n).map(|(_, word)| word)
    })
}

/// What a value under `name` is, if the name says it holds a secret: it contains a word of
/// the vocabulary, is not an identifier and has no [`NOT_SECRET`] fragment (`password` and
/// `clientSecret` hold one; `password_last_set`, `token_id` and `public_key` do not). The
/// strict reading; see the module doc.
pub fn held_secret(name: &str) -> Option<SecretKind> {
    with_normalized(name, |n| {
        // Identifiers and references by their ending (`token_id`, `secret_ref`): `ref` within
        // a name is also `refresh_token`, which holds one.
        let describes = ["id", "ids", "ref", "refs"].iter().any(|e| n.ends_with(e))
            || NOT_SECRET_VOCAB.any_in(n);
        if describes {
            return None;
        }
        // The vocabulary lists the password words first: the first word contained is one of
        // them exactly when the name contains any of them.
        let (i, _) = SECRET_VOCAB.first_contained(n)?;
        Some(if i < PASSWORD_WORDS.len() {
            SecretKind::Password
        } else {
            SecretKind::Other
        })
    })
}

/// Whether a Rust type of this name holds a secret (`SecretString`).
pub fn is_secret_type(name: &str) -> bool {
    SECRET_TYPES.contains(&name)
}

/// Words indexed by their first byte, to find which of them a normalised name contains in one
/// pass over the name. This runs for every attribute of every version at each start and for
/// every key of `unmapped`: `str::contains` for each of the ~80 words, setting up a searcher
/// each time, cost thousands of instructions per name.
struct Vocab {
    /// `(index in the word list, word)` by the word's first byte.
    by_first: [Vec<(usize, &'static str)>; 256],
}

impl Vocab {
    fn new(words: impl Iterator<Item = &'static str>) -> Vocab {
        let mut by_first: [Vec<(usize, &'static str)>; 256] = std::array::from_fn(|_| Vec::new());
        for (i, w) in words.enumerate() {
            if let Some(&b) = w.as_bytes().first() {
                by_first[usize::from(b)].push((i, w));
            }
        }
        Vocab { by_first }
    }

    /// The word `n` contains that comes first in the list, with its index.
    fn first_contained(&self, n: &str) -> Option<(usize, &'static str)> {
        let n = n.as_bytes();
        (0..n.len())
            .flat_map(|at| {
                self.by_first[usize::from(n[at])]
                    .iter()
                    .filter(move |(_, w)| n[at..].starts_with(w.as_bytes()))
                    .copied()
            })
            .min_by_key(|&(i, _)| i)
    }

    fn any_in(&self, n: &str) -> bool {
        let n = n.as_bytes();
        (0..n.len()).any(|at| {
            self.by_first[usize::from(n[at])]
                .iter()
                .any(|(_, w)| n[at..].starts_with(w.as_bytes()))
        })
    }
}

/// [`PASSWORD_WORDS`] then [`SECRET_WORDS`], in that order.
static SECRET_VOCAB: LazyLock<Vocab> =
    LazyLock::new(|| Vocab::new(PASSWORD_WORDS.iter().chain(SECRET_WORDS).copied()));
static NOT_SECRET_VOCAB: LazyLock<Vocab> = LazyLock::new(|| Vocab::new(NOT_SECRET.iter().copied()));

/// Calls `f` with the normalised `name`, built in a stack buffer (the detectors ask for every
/// key of an event); a name too long for it is normalised into a `String`.
fn with_normalized<T>(name: &str, f: impl FnOnce(&str) -> T) -> T {
    let mut buf = [0u8; 64];
    let mut len = 0;
    for c in normalized(name) {
        let Some(slot) = buf.get_mut(len..len + c.len_utf8()) else {
            return f(&normalized(name).collect::<String>());
        };
        c.encode_utf8(slot);
        len += c.len_utf8();
    }
    f(std::str::from_utf8(&buf[..len]).expect("whole chars were written"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The indexed vocabularies answer as `str::contains` over each list does, on names built
    /// from every word with others around, inside and overlapping it.
    #[test]
    fn vocabularies_agree_with_contains() {
        let all: Vec<&str> = PASSWORD_WORDS
            .iter()
            .chain(SECRET_WORDS)
            .chain(NOT_SECRET)
            .copied()
            .collect();
        let mut names = vec![String::new(), "x".to_owned(), "user_name".to_owned()];
        for a in &all {
            for b in ["", "db_", "_id", "Last", "é"] {
                names.push(format!("{b}{a}"));
                names.push(format!("{a}{b}"));
                names.push(a[..a.len() / 2].to_owned());
            }
            for b in &all {
                names.push(format!("{a}{b}"));
                names.push(format!("{}{b}", &a[..a.len() - 1]));
            }
        }
        for name in &names {
            let naive_word = with_normalized(name, |n| {
                PASSWORD_WORDS
                    .iter()
                    .chain(SECRET_WORDS)
                    .copied()
                    .find(|w| n.contains(w))
            });
            assert_eq!(secret_word(name), naive_word, "{name}");
            let naive_held = with_normalized(name, |n| {
                if n.ends_with("id")
                    || n.ends_with("ids")
                    || NOT_SECRET.iter().any(|w| n.contains(w))
                {
                    None
                } else if PASSWORD_WORDS.iter().any(|w| n.contains(w)) {
                    Some(SecretKind::Password)
                } else if SECRET_WORDS.iter().any(|w| n.contains(w)) {
                    Some(SecretKind::Other)
                } else {
                    None
                }
            });
            assert_eq!(held_secret(name), naive_held, "{name}");
        }
    }

    #[test]
    fn secret_words_in_any_spelling() {
        assert_eq!(secret_word("password"), Some("password"));
        assert_eq!(secret_word("db_password"), Some("password"));
        assert_eq!(secret_word("clientSecret"), Some("secret"));
        assert_eq!(secret_word("CLIENT-SECRET"), Some("secret"));
        assert_eq!(secret_word("api_key"), Some("apikey"));
        assert_eq!(secret_word("ApiKey"), Some("apikey"));
        assert_eq!(secret_word("access_key"), Some("accesskey"));
        assert_eq!(secret_word("passphrase"), Some("passphrase"));
        assert_eq!(secret_word("user"), None);
        assert_eq!(secret_word("key"), None, "a key alone is too vague");
        assert_eq!(secret_word("public_key"), None);
    }

    #[test]
    fn broad_reading_keeps_names_about_secrets() {
        assert_eq!(secret_word("token_id"), Some("token"));
        assert_eq!(secret_word("password_last_set"), Some("password"));
    }

    #[test]
    fn held_secrets_by_kind() {
        assert_eq!(held_secret("password"), Some(SecretKind::Password));
        assert_eq!(held_secret("db_pwd"), Some(SecretKind::Password));
        assert_eq!(held_secret("clientSecret"), Some(SecretKind::Other));
        assert_eq!(held_secret("api_token"), Some(SecretKind::Other));
        assert_eq!(held_secret("private_key"), Some(SecretKind::Other));
        assert_eq!(held_secret("user_name"), None);
    }

    #[test]
    fn names_about_a_secret_hold_none() {
        for name in [
            "token_id",
            "api_key_ids",
            "credential_uid",
            "password_last_set",
            "password_policy",
            "token_type",
            "secret_name",
            "tokenExpiry",
            "private_key_path",
            "password_hash",
            "key_type",
            "subjectFromWebIdentityToken",
        ] {
            assert_eq!(held_secret(name), None, "{name}");
        }
    }

    #[test]
    fn long_names_are_read_whole() {
        let long = format!("{}_client_secret", "x".repeat(80));
        assert_eq!(secret_word(&long), Some("secret"));
        assert_eq!(held_secret(&long), Some(SecretKind::Other));
        assert_eq!(secret_word(&"é".repeat(40)), None);
    }

    #[test]
    fn secret_types() {
        assert!(is_secret_type("SecretString"));
        assert!(is_secret_type("Secret"));
        assert!(!is_secret_type("String"));
        assert!(!is_secret_type("secret"));
    }
}
