//! Rules keyed on the attribute name: a value under `password` or `client_secret` is a
//! password or secret whatever it looks like, unless it is visibly masked or a placeholder. The
//! caller supplies the name (the schema attribute, or the last key of the path under
//! `unmapped`). Which names say so is the vocabulary of `ocsf_names::secret_names`, shared
//! with the derive.

use ocsf_names::secret_names::{held_secret, SecretKind};

use crate::checks::is_placeholder;
use crate::{Category, DetectorInfo, Finding};

/// The detectors of [`detect_keyed`].
pub static KEYED: [DetectorInfo; 2] = [
    DetectorInfo {
        code: "OCSFS301",
        id: "password_field",
        name: "password in a field named like a password",
        category: Category::Secret,
        shape: "any non-empty value that is not masked or a placeholder (`********`, `<redacted>`, `${DB_PASSWORD}`) under a key such as `password`, `passwd`, `pwd`, `passphrase` (not `password_policy`, `password_last_set`, …), whatever it looks like",
        reveal: 0,
        strict_only: false,
    },
    DetectorInfo {
        code: "OCSFS302",
        id: "secret_field",
        name: "value in a field named like a secret",
        category: Category::Secret,
        shape: "a value of 8 to 4096 characters without spaces that is not masked or a placeholder, under a key such as `secret`, `token`, `api_key`, `client_secret`, `credential`, `private_key` (not `token_id`, `public_key`, `key_type`, …), whatever it looks like",
        reveal: 0,
        strict_only: false,
    },
];

/// Whether a value is worth looking up its key for (cheap; lets callers build the key lazily).
pub fn wants_key(value: &str) -> bool {
    (1..=4096).contains(&value.len()) && !value.bytes().any(|b| b == b'\n')
}

/// Whether values under `key` are checked by [`detect_keyed`] at all (lets callers decide once
/// per attribute instead of once per value): the key says its value is a secret, in the
/// strict reading of the shared vocabulary ([`held_secret`]).
pub fn is_secret_key(key: &str) -> bool {
    held_secret(key).is_some()
}

/// The finding for a value under an attribute or key named `key`, if the name says the value
/// is a password or secret and the value fits.
pub fn detect_keyed(key: &str, value: &str) -> Option<Finding> {
    if !wants_key(value) {
        return None;
    }
    let span = 0..value.len();
    match held_secret(key)? {
        SecretKind::Password => (!value.trim().is_empty() && !is_placeholder(value.trim()))
            .then_some(Finding {
                detector: &KEYED[0],
                span,
            }),
        SecretKind::Other => (value.len() >= 8 && !value.contains(' ') && !is_placeholder(value))
            .then_some(Finding {
                detector: &KEYED[1],
                span,
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_decide() {
        assert!(detect_keyed("password", "hunter22").is_some());
        assert!(
            detect_keyed("db_password", "correct horse").is_some(),
            "a passphrase is a password"
        );
        assert!(
            detect_keyed("password", "abc").is_some(),
            "short, but a password"
        );
        assert!(
            detect_keyed("client_secret", "aaaa1111bbbb").is_some(),
            "not random, but a secret"
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
