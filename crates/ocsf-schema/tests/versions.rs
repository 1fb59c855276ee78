//! Every release's tables, found by version string, with what the releases share generated once.

use ocsf_schema::{by_version, latest, versions, HasAttributes};

#[test]
fn every_release_from_1_0_0_is_found_by_its_version() {
    let found: Vec<&str> = versions().iter().map(|s| s.version).collect();
    for v in [
        "1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0", "1.6.0", "1.7.0", "1.8.0",
    ] {
        assert!(found.contains(&v), "{found:?}");
        assert_eq!(by_version(v).unwrap().version, v);
    }
    assert!(by_version("1.9.0").is_none());
    assert_eq!(latest().version, ocsf_schema::LATEST_VERSION);
    assert_eq!(
        ocsf_schema::default_schema().version,
        ocsf_schema::DEFAULT_VERSION
    );
    assert_eq!(ocsf_schema::v1_1_0::schema().version, "1.1.0");
    // Oldest first.
    assert!(found.windows(2).all(|w| {
        let key = |s: &str| {
            s.split('.')
                .map(|p| p.parse::<u32>().unwrap())
                .collect::<Vec<_>>()
        };
        key(w[0]) < key(w[1])
    }));
}

/// What does not change between releases is one static: the same address in both.
#[test]
fn identical_items_are_shared_between_releases() {
    let (a, b) = (by_version("1.5.0").unwrap(), by_version("1.6.0").unwrap());
    assert!(std::ptr::eq(
        a.data_type("string_t").unwrap(),
        b.data_type("string_t").unwrap()
    ));
    let sev = |s: &'static ocsf_schema::Schema| {
        s.class_by_uid(3002)
            .unwrap()
            .attribute("severity_id")
            .unwrap()
    };
    assert!(std::ptr::eq(sev(a), sev(b)));
    // ... and what changed is not: 1.6.0 added an activity to Authentication.
    assert!(!std::ptr::eq(
        a.class_by_uid(3002).unwrap(),
        b.class_by_uid(3002).unwrap()
    ));
    assert_eq!(a.class_by_uid(3002).unwrap().activity_caption(7), None);
    assert_eq!(
        b.class_by_uid(3002).unwrap().activity_caption(7),
        Some("Account Switch")
    );
}

/// Attributes name their object, resolved in the version at hand: `cis_csc` of Security
/// Finding holds `cis_control` in 1.0.0 and `cis_csc` in 1.1.0.
#[test]
fn an_attribute_object_is_resolved_per_version() {
    for (version, object) in [("1.0.0", "cis_control"), ("1.1.0", "cis_csc")] {
        let schema = by_version(version).unwrap();
        let class = schema.class_by_uid(2001).unwrap();
        let attr = class.attribute("cis_csc").unwrap();
        assert_eq!(schema.object_of(attr).unwrap().name, object);
        assert!(schema.attribute_path(class, "cis_csc[].version").is_some());
    }
    let v160 = by_version("1.6.0").unwrap();
    let auth = v160.class_by_uid(3002).unwrap();
    let email = v160.attribute_path(auth, "actor.user.email_addr").unwrap();
    assert_eq!(email.type_name, "email_t");
    assert_eq!(HasAttributes::name(auth), "authentication");
}

/// The tables say what each export says: 1.0.0 has fewer classes and no `osint` profile.
#[test]
fn older_tables_hold_what_their_export_holds() {
    let v100 = by_version("1.0.0").unwrap();
    assert_eq!(v100.classes.len(), 33, "32 classes and base_event");
    assert!(v100.profile("osint").is_none());
    assert!(by_version("1.6.0").unwrap().profile("osint").is_some());
    assert!(latest().class_by_name("base_event").is_some());
}

/// A profile's attributes are read off the attributes that name it.
#[test]
fn a_profile_brings_the_attributes_that_name_it() {
    let v160 = by_version("1.6.0").unwrap();
    let host = v160.profile_attributes("host");
    assert!(host.contains(&("authentication", "device")), "{host:?}");
    assert!(host.windows(2).all(|w| w[0] < w[1]));
    assert!(v160.profile_attributes("no_such_profile").is_empty());
}
