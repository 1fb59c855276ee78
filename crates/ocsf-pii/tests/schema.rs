//! The table names attributes that exist in the schema (a typo would silently classify
//! nothing), and covers the personal-looking attribute names of every release.

#[test]
fn every_entry_names_an_attribute_of_some_release() {
    for entry in ocsf_pii::table::ENTRIES {
        let found = ocsf_schema::versions()
            .iter()
            .any(|schema| match entry.object {
                Some(object) => schema
                    .object(object)
                    .is_some_and(|o| o.attribute(entry.attribute).is_some()),
                None => {
                    schema
                        .objects
                        .iter()
                        .any(|o| o.attribute(entry.attribute).is_some())
                        || schema
                            .classes
                            .iter()
                            .any(|c| c.attribute(entry.attribute).is_some())
                }
            });
        assert!(
            found,
            "{:?}.{} is in no OCSF release",
            entry.object, entry.attribute
        );
    }
}

/// The table was read against 1.6.0; every name another release has and 1.6.0 lacks is
/// classified or reviewed as not personal, so a release's new attributes get a decision.
#[test]
fn names_other_releases_add_are_classified_or_reviewed() {
    let v160 = ocsf_schema::v1_6_0::schema();
    let names_of = |schema: &'static ocsf_schema::Schema| {
        let mut names = std::collections::BTreeSet::new();
        for o in schema.objects {
            names.extend(o.attributes().iter().map(|a| a.name));
        }
        for c in schema.classes {
            names.extend(c.attributes().iter().map(|a| a.name));
        }
        names
    };
    let known = names_of(v160);
    let mut undecided = std::collections::BTreeSet::new();
    for schema in ocsf_schema::versions() {
        for name in names_of(schema).difference(&known) {
            let classified = ocsf_pii::table::ENTRIES
                .iter()
                .any(|e| e.attribute == *name);
            if !classified && !ocsf_pii::table::REVIEWED_NOT_PERSONAL.contains(name) {
                undecided.insert(format!("{name} ({})", schema.version));
            }
        }
    }
    assert!(
        undecided.is_empty(),
        "classify these in crates/ocsf-pii/src/table.rs or list them as reviewed: {undecided:#?}"
    );
}
