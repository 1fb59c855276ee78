//! A clean event needs no fix: the generated corpus (every class it covers, each event clean
//! for the validator) comes back byte for byte, safe and unsafe fixes alike; its events with
//! planted faults get no more findings, and a second run changes nothing.

use ocsf_fix::Fixer;
use ocsf_test_support::corpus::Generator;
use ocsf_validate::{Validator, VersionMode};

#[test]
fn clean_generated_events_are_left_as_they_are() {
    let schema = ocsf_schema::v1_6_0::schema();
    let validator = Validator::new(schema).unwrap();
    let fixer = Fixer::new(VersionMode::Forced(schema)).with_unsafe_fixes(true);
    let mut generator = Generator::new(schema, 11, 40).with_plants(3);
    let (mut clean, mut faulty) = (0, 0);
    for _ in 0..3000 {
        let event = generator.event();
        for text in [
            serde_json::to_string(&event).unwrap(),
            serde_json::to_string_pretty(&event).unwrap(),
        ] {
            let before = validator.validate_bytes(text.as_bytes()).diagnostics.len();
            if before > 0 {
                let fixed = fixer.fix_event(&text).unwrap();
                let after = validator.validate_bytes(fixed.text.as_bytes());
                assert!(after.diagnostics.len() <= before, "{text}\n{}", fixed.text);
                assert_eq!(fixer.fix_event(&fixed.text).unwrap().text, fixed.text);
                faulty += 1;
                continue;
            }
            clean += 1;
            let fixed = fixer.fix_event(&text).unwrap();
            assert!(fixed.fixes.is_empty(), "{:?}\n{text}", fixed.fixes);
            assert_eq!(fixed.text, text);
        }
    }
    eprintln!("{clean} clean generated events, none changed; {faulty} with faults, none worse");
    assert!(
        clean > 3000 && faulty > 0,
        "{clean} clean events, {faulty} faulty"
    );
}
