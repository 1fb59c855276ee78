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
    "ref",
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
        PASSWORD_WORDS
            .iter()
            .chain(SECRET_WORDS)
            .copied()
            .find(|w| n.contains(w))
    })
}

/// What a value under `name` is, if the name says it holds a secret: it contains a word of
/// the vocabulary, is not an identifier and has no [`NOT_SECRET`] fragment (`password` and
/// `clientSecret` hold one; `password_last_set`, `token_id` and `public_key` do not). The
/// strict reading; see the module doc.
pub fn held_secret(name: &str) -> Option<SecretKind> {
    with_normalized(name, |n| {
        let describes =
            n.ends_with("id") || n.ends_with("ids") || NOT_SECRET.iter().any(|w| n.contains(w));
        if describes {
            None
        } else if PASSWORD_WORDS.iter().any(|w| n.contains(w)) {
            Some(SecretKind::Password)
        } else if SECRET_WORDS.iter().any(|w| n.contains(w)) {
            Some(SecretKind::Other)
        } else {
            None
        }
    })
}

/// Whether a Rust type of this name holds a secret (`SecretString`).
pub fn is_secret_type(name: &str) -> bool {
    SECRET_TYPES.contains(&name)
}

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
