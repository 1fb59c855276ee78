//! Rules keyed on the attribute name: a value under `password` is a password whatever it
//! looks like; a long random value under `client_secret` or `api_token` is a secret. The
//! caller supplies the name (the schema attribute, or the last key of the path under
//! `unmapped`).

use crate::checks::{entropy, is_placeholder, looks_random};
use crate::{Category, DetectorInfo, Finding};

/// The detectors of [`detect_keyed`].
pub static KEYED: [DetectorInfo; 2] = [
    DetectorInfo {
        code: "OCSFS301",
        id: "password_field",
        name: "password in a field named like a password",
        category: Category::Secret,
        shape: "any non-placeholder value of 4 or more characters under a key such as `password`, `passwd`, `pwd`, `passphrase` (not `password_policy`, `password_last_set`, …)",
        reveal: 0,
        strict_only: false,
    },
    DetectorInfo {
        code: "OCSFS302",
        id: "secret_field",
        name: "high-entropy value in a field named like a secret",
        category: Category::Secret,
        shape: "a value of 16 to 4096 characters without spaces, Shannon entropy of at least 3.5 bits per character and two character classes, under a key such as `secret`, `token`, `api_key`, `credential`, `private_key` (not `token_id`, `public_key`, `key_type`, …)",
        reveal: 0,
        strict_only: false,
    },
];

/// Key fragments that name something about a secret rather than the secret itself.
const NOT_SECRET: &[&str] = &[
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
];

const PASSWORD_WORDS: &[&str] = &["password", "passwd", "passphrase", "pwd", "passwort"];
const SECRET_WORDS: &[&str] = &[
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

/// `clientSecret`, `client-secret`, `CLIENT_SECRET` → `clientsecret`, in a stack buffer.
fn normalise(key: &str, buf: &mut [u8; 64]) -> Option<usize> {
    let mut n = 0;
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() {
            if n == buf.len() {
                return None;
            }
            buf[n] = b.to_ascii_lowercase();
            n += 1;
        }
    }
    Some(n)
}

/// Whether a value is worth looking up its key for (cheap; lets callers build the key lazily).
pub fn wants_key(value: &str) -> bool {
    (4..=4096).contains(&value.len()) && !value.bytes().any(|b| b == b' ' || b == b'\n')
}

/// Whether values under `key` are checked by [`detect_keyed`] at all (lets callers decide once
/// per attribute instead of once per value).
pub fn is_secret_key(key: &str) -> bool {
    let mut buf = [0u8; 64];
    let Some(n) = normalise(key, &mut buf) else {
        return false;
    };
    let Ok(k) = std::str::from_utf8(&buf[..n]) else {
        return false;
    };
    let ids = k.ends_with("id") || k.ends_with("ids") || k.ends_with("uid");
    !ids && !NOT_SECRET.iter().any(|w| k.contains(w))
        && PASSWORD_WORDS
            .iter()
            .chain(SECRET_WORDS)
            .any(|w| k.contains(w))
}

/// The finding for a value under an attribute or key named `key`, if the name says the value
/// is a password or secret and the value fits.
pub fn detect_keyed(key: &str, value: &str) -> Option<Finding> {
    if !wants_key(value) {
        return None;
    }
    let mut buf = [0u8; 64];
    let n = normalise(key, &mut buf)?;
    let k = std::str::from_utf8(&buf[..n]).ok()?;
    let ids = k.ends_with("id") || k.ends_with("ids") || k.ends_with("uid");
    if ids || NOT_SECRET.iter().any(|w| k.contains(w)) {
        return None;
    }
    let span = 0..value.len();
    if PASSWORD_WORDS.iter().any(|w| k.contains(w)) {
        return (!is_placeholder(value)).then_some(Finding {
            detector: &KEYED[0],
            span,
        });
    }
    if SECRET_WORDS.iter().any(|w| k.contains(w))
        && value.len() >= 16
        && looks_random(value)
        && entropy(value) >= 3.5
    {
        return Some(Finding {
            detector: &KEYED[1],
            span,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_decide() {
        assert!(detect_keyed("password", "hunter22").is_some());
        assert!(
            detect_keyed("db_password", "correct horse").is_none(),
            "has a space"
        );
        assert!(detect_keyed("password_last_set", "2024-01-01").is_none());
        assert!(detect_keyed("password", "********").is_none());
        assert!(detect_keyed("clientSecret", "q8Zr2LwPx7TnV4mKc9Ys").is_some());
        assert!(detect_keyed("token_id", "q8Zr2LwPx7TnV4mKc9Ys").is_none());
        assert!(
            detect_keyed("public_key", "pQECAyYgASFYIOCpQwp-ojzrvoBftTvvSjNY3c1adsQE").is_none()
        );
        assert!(detect_keyed("challenge", "mSXyjmkc3YtQpKFo9TDvd0ZCyiYfVVBTD1qv_TBUIh4").is_none());
        assert!(detect_keyed("api_token", "abc").is_none());
    }
}
