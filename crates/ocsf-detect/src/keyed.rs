//! Rules keyed on the attribute name: a value under `password` or `client_secret` is a
//! password or secret whatever it looks like, unless it is visibly masked (`********`,
//! `****1234`, `[REDACTED]`, an Ansible `!vault` marker) or a boolean (`true`, `false`,
//! `yes`, `no`: `sessionCredentialFromConsole: "true"` says whether, not what). A value that looks like a placeholder
//! or a sequence (`changeme`, `${DB_PASSWORD}`, `123456`) is still reported, under its own code
//! with a lower severity ([`is_lowered`]): it may be a template, or the weak password it looks
//! like, and only its owner can tell. The
//! caller supplies the name (the schema attribute, or the last key of the path under
//! `unmapped`). Which names say so is the vocabulary of `ocsf_names::secret_names`, shared
//! with the derive.

use ocsf_names::secret_names::{held_secret, SecretKind};

use crate::checks::{is_masked, is_placeholder, is_sequence};
use crate::{Category, DetectorInfo, Finding};

/// The detectors of [`detect_keyed`].
pub static KEYED: [DetectorInfo; 3] = [
    DetectorInfo {
        code: "OCSFS301",
        id: "password_field",
        name: "password in a field named like a password",
        category: Category::Secret,
        shape: "any non-empty value that is not visibly masked (`********`, `****1234`, `<redacted>`, `!vault`) nor a placeholder or sequence (those are `OCSFS303`) under a key such as `password`, `passwd`, `pwd`, `passphrase` (not `password_policy`, `password_last_set`, …), whatever it looks like",
        reveal: 0,
        strict_only: false,
        lowered: false,
    },
    DetectorInfo {
        code: "OCSFS302",
        id: "secret_field",
        name: "value in a field named like a secret",
        category: Category::Secret,
        shape: "any non-empty value of up to 4096 characters that is not visibly masked nor a placeholder or sequence (those are `OCSFS303`), under a key such as `secret`, `token`, `api_key`, `client_secret`, `credential`, `private_key` (not `token_id`, `public_key`, `key_type`, …), whatever it looks like",
        reveal: 0,
        strict_only: false,
        lowered: false,
    },
    DetectorInfo {
        code: "OCSFS303",
        id: "secret_field_placeholder",
        name: "placeholder-like value in a field named like a password or secret",
        category: Category::Secret,
        shape: "a value under a password or secret key (as for `OCSFS301`/`OCSFS302`) that looks like a placeholder, a template or a sequence (`changeme`, `<your-token>`, `${DB_PASSWORD}`, `123456`, `abcdef`): reported with a lower severity (warning), since it is either a template that should not reach an event or a weak password that should never exist",
        reveal: 0,
        strict_only: false,
        lowered: true,
    },
];

/// Whether findings of a detector are reported with a lower severity: a value under a secret
/// name that looks like a placeholder or a sequence ([`KEYED`]'s `OCSFS303`).
pub fn is_lowered(info: &DetectorInfo) -> bool {
    info.lowered
}

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
/// is a password or secret: none for an empty or visibly masked value or a boolean, [`KEYED`]`[2]` (lower
/// severity) for a placeholder or a sequence, else the password or secret finding.
pub fn detect_keyed(key: &str, value: &str) -> Option<Finding> {
    if !wants_key(value) {
        return None;
    }
    let kind = held_secret(key)?;
    let v = value.trim();
    // A boolean says whether (`sessionCredentialFromConsole: "true"`, Windows' `Elevated
    // Token: Yes`), not what.
    let boolean = ["true", "false", "yes", "no"]
        .iter()
        .any(|b| v.eq_ignore_ascii_case(b));
    if v.is_empty() || is_masked(v) || boolean {
        return None;
    }
    let detector = if is_placeholder(v) || is_sequence(v) {
        &KEYED[2]
    } else {
        match kind {
            SecretKind::Password => &KEYED[0],
            SecretKind::Other => &KEYED[1],
        }
    };
    Some(Finding {
        detector,
        span: 0..value.len(),
    })
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
        for masked in [
            "********",
            "****1234",
            "[REDACTED]",
            "<redacted>",
            "!vault |",
            "  ",
            "true",
            "Yes",
        ] {
            assert!(detect_keyed("password", masked).is_none(), "{masked}");
        }
        for weak in [
            "changeme",
            "123456",
            "abcdef",
            "${DB_PASSWORD}",
            "<your-token>",
            "null",
        ] {
            let f = detect_keyed("password", weak).expect(weak);
            assert!(is_lowered(f.detector), "{weak}");
            assert!(detect_keyed("api_token", weak).is_some_and(|f| is_lowered(f.detector)));
        }
        assert!(!is_lowered(
            detect_keyed("password", "hunter22").unwrap().detector
        ));
        assert!(detect_keyed("clientSecret", "q8Zr2LwPx7TnV4mKc9Ys").is_some());
        assert!(detect_keyed("token_id", "q8Zr2LwPx7TnV4mKc9Ys").is_none());
        assert!(
            detect_keyed("public_key", "pQECAyYgASFYIOCpQwp-ojzrvoBftTvvSjNY3c1adsQE").is_none()
        );
        assert!(detect_keyed("challenge", "mSXyjmkc3YtQpKFo9TDvd0ZCyiYfVVBTD1qv_TBUIh4").is_none());
        assert_eq!(
            detect_keyed("api_token", "q7z").map(|f| f.detector.id),
            Some("secret_field"),
            "short, but not visibly masked"
        );
    }
}
