//! The settings a caller gives on top of a [`Policy`] (the command's flags, the Python
//! package's keyword arguments), and the one way to turn both into a [`Validator`] with the
//! personal-data and secret rules registered. A setting given here wins over the policy's.
//!
//! ```
//! use ocsf_validate::pii::PiiLevel;
//! use ocsf_validate::{Policy, Settings};
//!
//! let settings = Settings {
//!     schema_version: Some("1.1.0".into()),
//!     pii_policy: Some(PiiLevel::Off),
//!     ..Settings::default()
//! };
//! let v = settings.build(Policy::default()).unwrap();
//! assert_eq!(v.schema().version, "1.1.0");
//! ```

use crate::pii::{PiiLevel, PiiRules};
use crate::versions::{known_version, VersionMode};
use crate::{Error, Policy, Validator, ValidatorBuilder};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// Judge every event by this version (over the policy's `version`).
    pub schema_version: Option<String>,
    /// The version of events that claim none usable (over the policy's `default_version`).
    pub default_version: Option<String>,
    /// Over the policy's `[pii] policy`; `default` when neither says.
    pub pii_policy: Option<PiiLevel>,
    /// Report missing recommended attributes (turns the policy's `recommended` on, never off).
    pub recommended: bool,
    /// Over the policy's `max_event_bytes`.
    pub max_event_bytes: Option<usize>,
}

impl Settings {
    /// Writes the settings that are policy fields into `policy`.
    pub fn apply(&self, policy: &mut Policy) {
        if self.recommended {
            policy.recommended = true;
        }
        if let Some(n) = self.max_event_bytes {
            policy.max_event_bytes = n;
        }
    }

    /// A forced version (`schema_version`, else the policy's `version`) judges every event;
    /// otherwise each is judged by its own, with `default_version` (else the policy's, else
    /// [`ocsf_schema::DEFAULT_VERSION`]) as the fallback.
    pub fn version_mode(&self, policy: &Policy) -> Result<VersionMode, Error> {
        let forced = self.schema_version.as_deref().or(policy.version.as_deref());
        if let Some(v) = forced {
            return Ok(VersionMode::Forced(known_version(v)?));
        }
        let fallback = match self
            .default_version
            .as_deref()
            .or(policy.default_version.as_deref())
        {
            Some(v) => known_version(v)?,
            None => ocsf_schema::default_schema(),
        };
        Ok(VersionMode::PerEvent { fallback })
    }

    pub fn pii_level(&self, policy: &Policy) -> PiiLevel {
        self.pii_policy.or(policy.pii.policy).unwrap_or_default()
    }

    /// The builder of these settings over `policy`, with the personal-data rules registered
    /// (even when off, so that a policy naming their codes still loads): for callers that
    /// register more rules before [`ValidatorBuilder::build`].
    pub fn builder(&self, mut policy: Policy) -> Result<ValidatorBuilder, Error> {
        self.apply(&mut policy);
        let mode = self.version_mode(&policy)?;
        let pii = PiiRules::new(mode.schema(), self.pii_level(&policy), &policy)?;
        Ok(Validator::builder()
            .with_version_mode(mode)
            .with_policy(policy)
            .with_rule(Box::new(pii)))
    }

    /// The validator of these settings over `policy`.
    pub fn build(&self, policy: Policy) -> Result<Validator, Error> {
        self.builder(policy)?.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_win_over_the_policy() {
        let policy = Policy::from_toml(
            "version = \"1.1.0\"\nrecommended = false\n[pii]\npolicy = \"strict\"\n",
        )
        .unwrap();
        assert_eq!(Settings::default().pii_level(&policy), PiiLevel::Strict);
        let s = Settings {
            schema_version: Some("1.3.0".into()),
            pii_policy: Some(PiiLevel::Off),
            recommended: true,
            max_event_bytes: Some(10),
            ..Settings::default()
        };
        assert_eq!(s.pii_level(&policy), PiiLevel::Off);
        let v = s.build(policy).unwrap();
        assert_eq!(v.schema().version, "1.3.0");
        assert!(v.policy().recommended);
        assert_eq!(v.policy().max_event_bytes, 10);
    }

    #[test]
    fn an_unknown_version_is_an_error() {
        let s = Settings {
            default_version: Some("9.9.9".into()),
            ..Settings::default()
        };
        let e = s.build(Policy::default()).unwrap_err();
        assert!(
            e.to_string().contains("unknown OCSF version `9.9.9`"),
            "{e}"
        );
        let policy = Policy::from_toml("default_version = \"1.2.0\"\n").unwrap();
        match Settings::default().version_mode(&policy).unwrap() {
            VersionMode::PerEvent { fallback } => assert_eq!(fallback.version, "1.2.0"),
            m => panic!("{m:?}"),
        }
    }
}
