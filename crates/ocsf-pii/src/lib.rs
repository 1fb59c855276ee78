//! Which OCSF attributes hold personal data or credentials.
//!
//! The classification is data ([`table`]), shared by `ocsf-derive` (which refuses, at compile
//! time, to map an application field onto a classified attribute unless the field carries a
//! waiver with a reason) and the validator's personal-data rules.
//!
//! ```
//! use ocsf_pii::{classify, Kind};
//!
//! // By attribute name, in any object.
//! let email = classify(Some("user"), "email_addr").unwrap();
//! assert_eq!(email.kind, Kind::Contact);
//! assert!(!email.strict_only);
//! // By object and attribute: `location.city` is personal, a certificate's serial number is not.
//! assert_eq!(classify(Some("location"), "city").unwrap().kind, Kind::Location);
//! assert!(classify(Some("certificate"), "serial_number").is_none());
//! // Personal only under a strict policy.
//! assert!(classify(Some("network_endpoint"), "ip").unwrap().strict_only);
//! assert!(classify(None, "severity_id").is_none());
//! ```
//!
//! Lookup order: an entry for `object.attribute` wins over an entry for the attribute name alone,
//! so an object can opt out of a name-wide rule (an entry with no kind).

pub mod table;

/// What sort of personal data or secret an attribute holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Addresses that reach a person: email addresses, phone numbers, mail headers.
    Contact,
    /// Names and identifiers of a person.
    Identity,
    /// Where a person is.
    Location,
    /// Hardware identifiers that follow a person's device.
    DeviceIdentifier,
    /// Network addresses and names that can single out a person.
    Network,
    /// Secrets, or material that grants access.
    Credential,
    /// Free text that often carries any of the above.
    FreeText,
}

impl Kind {
    /// The snake_case name used in diagnostics and data files.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Contact => "contact",
            Kind::Identity => "identity",
            Kind::Location => "location",
            Kind::DeviceIdentifier => "device_identifier",
            Kind::Network => "network",
            Kind::Credential => "credential",
            Kind::FreeText => "free_text",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an attribute is classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Classification {
    pub kind: Kind,
    /// Personal only under a strict policy (IP addresses, host names, user names, ...).
    pub strict_only: bool,
    /// The object the matching entry names, `None` for an entry that matches the name anywhere.
    pub object: Option<&'static str>,
    pub attribute: &'static str,
}

/// Classifies an attribute of an object (`None` for an attribute of an event class itself).
pub fn classify(object_name: Option<&str>, attr_name: &str) -> Option<Classification> {
    let exact = object_name.and_then(|object| {
        table::ENTRIES
            .iter()
            .find(|e| e.object == Some(object) && e.attribute == attr_name)
    });
    let entry = exact.or_else(|| {
        table::ENTRIES
            .iter()
            .find(|e| e.object.is_none() && e.attribute == attr_name)
    })?;
    Some(Classification {
        kind: entry.kind?,
        strict_only: entry.strict_only,
        object: entry.object,
        attribute: entry.attribute,
    })
}

/// Every classified entry (entries that only opt an object out are left out).
pub fn entries() -> impl Iterator<Item = Classification> {
    table::ENTRIES.iter().filter_map(|e| {
        Some(Classification {
            kind: e.kind?,
            strict_only: e.strict_only,
            object: e.object,
            attribute: e.attribute,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_listed_once() {
        let mut seen = std::collections::BTreeSet::new();
        for e in table::ENTRIES {
            assert!(
                seen.insert((e.object, e.attribute)),
                "{:?}.{} is listed twice",
                e.object,
                e.attribute
            );
        }
    }

    #[test]
    fn email_headers_are_contact_data() {
        for header in [
            "from",
            "to",
            "cc",
            "reply_to",
            "smtp_from",
            "smtp_to",
            "sender",
        ] {
            let c = classify(Some("email"), header).unwrap();
            assert_eq!(c.kind, Kind::Contact, "{header}");
            assert!(!c.strict_only);
        }
        // `from` outside an email is not a mail header.
        assert!(classify(Some("network_endpoint"), "from").is_none());
    }

    #[test]
    fn credentials_are_never_strict_only() {
        for name in [
            "authentication_token",
            "programmatic_credentials",
            "security_questions",
        ] {
            let c = classify(None, name).unwrap();
            assert_eq!(c.kind, Kind::Credential, "{name}");
            assert!(!c.strict_only, "{name}");
        }
    }

    #[test]
    fn object_entries_win_over_name_entries() {
        assert_eq!(
            classify(Some("device"), "serial_number").unwrap().kind,
            Kind::DeviceIdentifier
        );
        assert!(classify(Some("certificate"), "serial_number").is_none());
        assert!(classify(None, "serial_number").is_some());
    }
}
