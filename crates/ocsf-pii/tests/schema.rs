//! The table names attributes that exist in the schema: a typo would silently classify nothing.

#[test]
fn every_entry_names_an_attribute_of_1_6_0() {
    let schema = ocsf_schema::v1_6_0::schema();
    for entry in ocsf_pii::table::ENTRIES {
        let found = match entry.object {
            Some(object) => schema
                .object(object)
                .unwrap_or_else(|| panic!("no object `{object}`"))
                .attribute(entry.attribute)
                .is_some(),
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
        };
        assert!(
            found,
            "{:?}.{} is not in OCSF 1.6.0",
            entry.object, entry.attribute
        );
    }
}
