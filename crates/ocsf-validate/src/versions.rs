//! Which schema version judges an event.
//!
//! By default each event is judged by the version it claims in `metadata.version`:
//!
//! | claimed                                              | judged by                          | diagnostic        |
//! |------------------------------------------------------|------------------------------------|-------------------|
//! | a release this validator ships (`1.1.0`)             | that release                       | none              |
//! | another string of a shipped `major.minor` line: a pre-release, dev build or unshipped patch (`1.0.0-rc.2`, `1.1.0-dev`, `1.2-dev`, `1.0.4`) | the nearest release of that line (below) | OCSF703, info |
//! | a later version of a shipped major (`1.9.0`)         | the newest shipped release         | OCSF704, warning  |
//! | another major, or not a version (`0.31.2`, `7.5.0`, `2025.11.09`) | the default version   | OCSF702, error    |
//! | nothing                                              | the default version                | OCSF201 (missing) |
//!
//! **The nearest release of a line** is the newest shipped release of the same
//! `major.minor` whose patch is not above the claimed patch (`1.0.4` → `1.0.0`); a pre-release
//! or dev build of `x.y.z` is judged by `x.y.z` itself when it shipped, since a pre-release
//! precedes its release and is closest to it. When every shipped release of the line has a
//! higher patch, the line's oldest release is used. A `major.minor` newer than every shipped
//! line is "later" (above). A line of the same major that did not ship (none here: every 1.x
//! line from 1.0 is shipped) is judged by the newest release of an older line, or, below every
//! shipped line, by the oldest release, with the same info diagnostic.
//!
//! With a forced version (`--schema-version`, `version = "..."` in `ocsf-validate.toml`,
//! [`crate::ValidatorBuilder::with_version`]) every event is judged by it, and a claim of
//! another version is reported as before: OCSF701 (same major) or OCSF702.

use ocsf_schema::Schema;

/// How the validator picks the version of each event.
#[derive(Debug, Clone, Copy)]
pub enum VersionMode {
    /// Each event by the version it claims; `fallback` when it claims none that can be used.
    PerEvent { fallback: &'static Schema },
    /// Every event by this version.
    Forced(&'static Schema),
}

impl VersionMode {
    /// The forced version, or the fallback of per-event selection: the one version a mode
    /// names.
    pub fn schema(self) -> &'static Schema {
        match self {
            VersionMode::Forced(s) | VersionMode::PerEvent { fallback: s } => s,
        }
    }
}

/// The schema of a version this build has (`"1.1.0"`), or an error that lists the ones it has.
pub fn known_version(version: &str) -> Result<&'static Schema, crate::Error> {
    ocsf_schema::by_version(version).ok_or_else(|| crate::Error::UnknownVersion {
        version: version.to_owned(),
        known: ocsf_schema::versions()
            .iter()
            .map(|s| s.version)
            .collect::<Vec<_>>()
            .join(", "),
    })
}

impl Default for VersionMode {
    fn default() -> Self {
        VersionMode::PerEvent {
            fallback: ocsf_schema::default_schema(),
        }
    }
}

/// The version that judges an event, and why.
#[derive(Debug, Clone, Copy)]
pub struct VersionChoice {
    pub schema: &'static Schema,
    pub reason: ChoiceReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChoiceReason {
    /// The claimed version is shipped (or forced and equal to the claim).
    Exact,
    /// No claim (OCSF201 is reported by the walk), or the claim is not a string.
    Unclaimed,
    /// A pre-release, dev build or unshipped patch of a shipped line.
    Nearest,
    /// A later version of a shipped major: judged by the newest shipped release.
    Newer,
    /// Another major version, or not a version at all: judged by the fallback.
    Incompatible,
    /// Not a `major.minor[.patch]` version at all: judged by the fallback.
    NotAVersion,
    /// Forced, and the event claims another version of the same major.
    ForcedDiffers,
}

/// A parsed `major.minor[.patch][-pre][+build]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: Option<u64>,
    /// Carries a `-pre-release` or `+build` suffix.
    pub suffixed: bool,
}

/// Parses `1.1.0`, `1.0.0-rc.2`, `1.2-dev`, `1.0`. `None` for anything else (`2025.11.09` is
/// three numbers, but a date, not a version: a major above 999 is refused).
pub(crate) fn parse(s: &str) -> Option<Version> {
    let (core, suffixed) = match s.find(['-', '+']) {
        Some(i) if i + 1 < s.len() => (&s[..i], true),
        Some(_) => return None,
        None => (s, false),
    };
    let mut parts = core.split('.');
    let number = |p: Option<&str>| -> Option<u64> {
        let p = p?;
        if p.is_empty() || p.len() > 9 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        p.parse().ok()
    };
    let major = number(parts.next())?;
    let minor = number(parts.next())?;
    let patch = match parts.next() {
        Some(p) => Some(number(Some(p))?),
        None => None,
    };
    if parts.next().is_some() || major > 999 {
        return None;
    }
    Some(Version {
        major,
        minor,
        patch,
        suffixed,
    })
}

/// The version that judges an event claiming `claimed` (`None`: no string claim).
pub fn choose(mode: VersionMode, claimed: Option<&str>) -> VersionChoice {
    /// The shipped releases, parsed once: an event that claims a version which is not itself
    /// a release (`1.0.0-rc.2`) is judged by the nearest of them, and parsing every shipped
    /// version for each such event (several times) cost about 1% of a run on published events.
    static RELEASES: std::sync::LazyLock<Vec<(Version, &'static Schema)>> =
        std::sync::LazyLock::new(|| releases(ocsf_schema::versions()));
    choose_in(ocsf_schema::versions(), &RELEASES, mode, claimed)
}

/// The releases among `shipped` (no suffix), parsed.
fn releases(shipped: &[&'static Schema]) -> Vec<(Version, &'static Schema)> {
    shipped
        .iter()
        .filter_map(|s| parse(s.version).filter(|v| !v.suffixed).map(|v| (v, *s)))
        .collect()
}

/// [`choose`] over an explicit list of shipped versions (oldest first), for tests.
#[cfg(test)]
pub(crate) fn choose_among(
    shipped: &[&'static Schema],
    mode: VersionMode,
    claimed: Option<&str>,
) -> VersionChoice {
    choose_in(shipped, &releases(shipped), mode, claimed)
}

/// [`choose`] over `shipped` (oldest first), whose [`releases`] are `releases`.
fn choose_in(
    shipped: &[&'static Schema],
    releases: &[(Version, &'static Schema)],
    mode: VersionMode,
    claimed: Option<&str>,
) -> VersionChoice {
    let fallback = match mode {
        VersionMode::Forced(schema) => {
            let reason = match claimed {
                None => ChoiceReason::Unclaimed,
                Some(c) if c == schema.version => ChoiceReason::Exact,
                Some(c) => match (parse(c), parse(schema.version)) {
                    (Some(a), Some(b)) if a.major == b.major => ChoiceReason::ForcedDiffers,
                    (Some(_), _) => ChoiceReason::Incompatible,
                    (None, _) => ChoiceReason::NotAVersion,
                },
            };
            return VersionChoice { schema, reason };
        }
        VersionMode::PerEvent { fallback } => fallback,
    };
    let Some(claimed) = claimed else {
        return VersionChoice {
            schema: fallback,
            reason: ChoiceReason::Unclaimed,
        };
    };
    if let Some(schema) = shipped.iter().copied().find(|s| s.version == claimed) {
        return VersionChoice {
            schema,
            reason: ChoiceReason::Exact,
        };
    }
    let Some(want) = parse(claimed) else {
        return VersionChoice {
            schema: fallback,
            reason: ChoiceReason::NotAVersion,
        };
    };
    // The shipped releases of the claimed major.
    let same_major = || {
        releases
            .iter()
            .copied()
            .filter(move |(v, _)| v.major == want.major)
    };
    let line = || same_major().filter(|(v, _)| v.minor == want.minor);
    let by_line = |(v, _): &(Version, &'static Schema)| (v.minor, v.patch);
    let nearest = |schema| VersionChoice {
        schema,
        reason: ChoiceReason::Nearest,
    };
    if let Some((_, schema)) = line()
        .filter(|(v, _)| v.patch.unwrap_or(0) <= want.patch.unwrap_or(0))
        .max_by_key(|(v, _)| v.patch)
        .or_else(|| line().min_by_key(|(v, _)| v.patch))
    {
        return nearest(schema);
    }
    match same_major().max_by_key(by_line) {
        None => VersionChoice {
            schema: fallback,
            reason: ChoiceReason::Incompatible,
        },
        Some((v, schema)) if want.minor > v.minor => VersionChoice {
            schema,
            reason: ChoiceReason::Newer,
        },
        // An unshipped line between shipped ones: the newest release of an older line; below
        // every shipped line: the oldest release of the major.
        Some(_) => {
            let below = same_major()
                .filter(|(v, _)| v.minor < want.minor)
                .max_by_key(by_line);
            let oldest = same_major().min_by_key(by_line);
            nearest(below.or(oldest).map_or(fallback, |(_, s)| s))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(claimed: Option<&str>) -> (&'static str, ChoiceReason) {
        let mode = VersionMode::PerEvent {
            fallback: ocsf_schema::by_version("1.6.0").unwrap(),
        };
        let c = choose(mode, claimed);
        (c.schema.version, c.reason)
    }

    #[test]
    fn a_shipped_release_judges_itself() {
        for s in ocsf_schema::versions() {
            assert_eq!(pick(Some(s.version)), (s.version, ChoiceReason::Exact));
        }
    }

    #[test]
    fn pre_releases_dev_builds_and_unshipped_patches_take_the_nearest_release() {
        use ChoiceReason::Nearest;
        assert_eq!(pick(Some("1.0.0-rc.2")), ("1.0.0", Nearest));
        assert_eq!(pick(Some("1.1.0-dev")), ("1.1.0", Nearest));
        assert_eq!(pick(Some("1.2-dev")), ("1.2.0", Nearest));
        assert_eq!(pick(Some("1.0.4")), ("1.0.0", Nearest));
        assert_eq!(pick(Some("1.3")), ("1.3.0", Nearest));
        assert_eq!(pick(Some("1.8.0+build.7")), ("1.8.0", Nearest));
    }

    #[test]
    fn a_later_version_of_the_major_takes_the_newest_with_a_warning() {
        let newest = ocsf_schema::latest().version;
        assert_eq!(pick(Some("1.9.0")), (newest, ChoiceReason::Newer));
        assert_eq!(pick(Some("1.42.0-dev")), (newest, ChoiceReason::Newer));
    }

    #[test]
    fn another_major_or_no_version_falls_back() {
        assert_eq!(pick(Some("0.31.2")), ("1.6.0", ChoiceReason::Incompatible));
        assert_eq!(pick(Some("7.5.0")), ("1.6.0", ChoiceReason::Incompatible));
        assert_eq!(
            pick(Some("2025.11.09")),
            ("1.6.0", ChoiceReason::NotAVersion)
        );
        assert_eq!(pick(Some("latest")), ("1.6.0", ChoiceReason::NotAVersion));
        assert_eq!(pick(Some("1.1.0-")), ("1.6.0", ChoiceReason::NotAVersion));
        assert_eq!(pick(Some("")), ("1.6.0", ChoiceReason::NotAVersion));
        assert_eq!(pick(None), ("1.6.0", ChoiceReason::Unclaimed));
    }

    #[test]
    fn an_unshipped_line_inside_the_major_takes_the_nearest_below_or_the_oldest() {
        let v = |s| ocsf_schema::by_version(s).unwrap();
        let shipped = [v("1.1.0"), v("1.3.0"), v("1.4.0")];
        let mode = VersionMode::PerEvent {
            fallback: v("1.6.0"),
        };
        let c = choose_among(&shipped, mode, Some("1.0.0"));
        assert_eq!(
            (c.schema.version, c.reason),
            ("1.1.0", ChoiceReason::Nearest)
        );
        let c = choose_among(&shipped, mode, Some("1.2.5"));
        assert_eq!(
            (c.schema.version, c.reason),
            ("1.1.0", ChoiceReason::Nearest)
        );
        let c = choose_among(&shipped, mode, Some("1.5.0"));
        assert_eq!((c.schema.version, c.reason), ("1.4.0", ChoiceReason::Newer));
    }

    #[test]
    fn a_forced_version_judges_everything() {
        let forced = ocsf_schema::by_version("1.2.0").unwrap();
        let mode = VersionMode::Forced(forced);
        let c = choose(mode, Some("1.1.0"));
        assert_eq!(
            (c.schema.version, c.reason),
            ("1.2.0", ChoiceReason::ForcedDiffers)
        );
        assert_eq!(choose(mode, Some("1.2.0")).reason, ChoiceReason::Exact);
        assert_eq!(
            choose(mode, Some("2.0.0")).reason,
            ChoiceReason::Incompatible
        );
        assert_eq!(choose(mode, Some("x")).reason, ChoiceReason::NotAVersion);
    }

    proptest::proptest! {
        /// Any claim, however odd, is judged by a shipped version without a panic; a claim
        /// that parses as a version of major 1 is never judged by the fallback.
        #[test]
        fn any_claim_gets_a_shipped_version(claim in "\\PC{0,24}|[0-9]{1,3}\\.[0-9]{1,3}(\\.[0-9]{1,3})?(-[a-z0-9.]{1,8})?") {
            let c = choose(VersionMode::default(), Some(&claim));
            proptest::prop_assert!(ocsf_schema::by_version(c.schema.version).is_some());
            if parse(&claim).is_some_and(|v| v.major == 1) {
                proptest::prop_assert!(!matches!(c.reason, ChoiceReason::Incompatible | ChoiceReason::NotAVersion));
            }
        }
    }
}
