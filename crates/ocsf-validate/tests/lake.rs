//! The Security Lake rules: every example does what it says, and the path rules on the layouts
//! that engines and people write.

use ocsf_validate::lake::{self, Facts, FileCheck, RULES};

/// Runs an example (a path, then events as JSON lines) and returns the codes it reports.
fn codes_of(example: &str) -> Vec<&'static str> {
    let mut lines = example.lines();
    let path = lines.next().expect("a path");
    let mut check = FileCheck::new(path, path.ends_with(".parquet"));
    lines
        .enumerate()
        .flat_map(|(i, e)| check.event(i, Facts::of(e.as_bytes()).as_ref()))
        .map(|d| d.code)
        .collect()
}

#[test]
fn every_fail_example_reports_its_code_and_every_pass_example_nothing() {
    for r in &RULES {
        assert!(
            codes_of(r.fail).contains(&r.code),
            "{}: {:?}",
            r.code,
            codes_of(r.fail)
        );
        assert_eq!(codes_of(r.pass), Vec::<&str>::new(), "{}", r.code);
    }
    let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
    codes.dedup();
    assert_eq!(codes.len(), RULES.len());
}

const EVENT: &str =
    r#"{"class_uid": 3002, "time": 1700000000000, "metadata": {"version": "1.1.0"}}"#;

fn path_codes(path: &str) -> Vec<&'static str> {
    codes_of(&format!("{path}\n{EVENT}"))
}

#[test]
fn paths_without_partitions_are_not_judged() {
    assert!(path_codes("/data/events.parquet").is_empty());
    assert!(path_codes("/data/ext/events.parquet").is_empty());
    assert!(FileCheck::new("/data/events.parquet", true)
        .partition()
        .is_none());
}

#[test]
fn the_layout_wants_ext_source_and_the_three_partitions_in_order() {
    let good = "/b/ext/acme/region=us-east-1/accountId=123456789012/eventDay=20231114/x.parquet";
    assert!(path_codes(good).is_empty());
    let p = FileCheck::new(good, true);
    let part = p.partition().expect("a lake path");
    assert_eq!(part.source.as_deref(), Some("acme"));
    assert_eq!(part.account_id.as_deref(), Some("123456789012"));

    for bad in [
        // No `ext/`, no source, the file one level deeper, a partition twice, one missing.
        "/b/acme/region=us-east-1/accountId=123456789012/eventDay=20231114/x.parquet",
        "/b/ext/region=us-east-1/accountId=123456789012/eventDay=20231114/x.parquet",
        "/b/ext/acme/region=us-east-1/accountId=123456789012/eventDay=20231114/h=1/x.parquet",
        "/b/ext/acme/region=us-east-1/region=us-east-1/accountId=123456789012/eventDay=20231114/x.parquet",
        "/b/ext/acme/region=us-east-1/eventDay=20231114/x.parquet",
    ] {
        assert_eq!(path_codes(bad), vec![lake::PARTITION_LAYOUT], "{bad}");
    }
}

#[test]
fn partition_values() {
    let with = |region: &str, account: &str, day: &str| {
        path_codes(&format!(
            "/b/ext/acme/region={region}/accountId={account}/eventDay={day}/x.parquet"
        ))
    };
    for region in [
        "us-east-1",
        "eu-central-2",
        "us-gov-west-1",
        "ap-southeast-5",
        "il-central-1",
    ] {
        assert!(
            with(region, "123456789012", "20231114").is_empty(),
            "{region}"
        );
    }
    for region in [
        "",
        "US-EAST-1",
        "us-east-1a",
        "useast1",
        "us-east",
        "us_east_1",
        "east-1",
    ] {
        assert_eq!(
            with(region, "123456789012", "20231114"),
            vec![lake::REGION],
            "{region}"
        );
    }
    for account in ["", "12345678901", "1234567890123", "12345678901a", "prod"] {
        assert_eq!(
            with("us-east-1", account, "20231114"),
            vec![lake::ACCOUNT_ID],
            "{account}"
        );
    }
    // A day that is not a date is reported, and no event is compared with it.
    for day in [
        "",
        "2023-11-14",
        "2023111",
        "20231314",
        "20230229",
        "20231100",
    ] {
        assert_eq!(
            with("us-east-1", "123456789012", day),
            vec![lake::EVENT_DAY],
            "{day}"
        );
    }
    assert!(with("us-east-1", "123456789012", "20240229")
        .iter()
        .all(|c| *c == lake::EVENT_DAY_MISMATCH));
}

#[test]
fn event_day_is_the_utc_day_of_time() {
    let path = "/b/ext/acme/region=us-east-1/accountId=123456789012/eventDay=20231114/x.parquet";
    let at = |time: i64| {
        let mut c = FileCheck::new(path, true);
        let facts = Facts {
            class_uid: Some(3002),
            time: Some(time),
            version: Some("1.1.0".into()),
        };
        c.event(0, Some(&facts))
            .into_iter()
            .map(|d| d.code)
            .collect::<Vec<_>>()
    };
    // 2023-11-14T00:00:00.000Z and 23:59:59.999Z are in; a millisecond either side is not.
    assert!(at(1_699_920_000_000).is_empty());
    assert!(at(1_700_006_399_999).is_empty());
    assert_eq!(at(1_699_919_999_999), vec![lake::EVENT_DAY_MISMATCH]);
    assert_eq!(at(1_700_006_400_000), vec![lake::EVENT_DAY_MISMATCH]);
}

#[test]
fn classes_versions_and_what_is_not_an_event() {
    let mut c = FileCheck::new("/data/x.parquet", true);
    let facts = |class: i64, version: Option<&str>| Facts {
        class_uid: Some(class),
        time: None,
        version: version.map(str::to_owned),
    };
    assert!(c
        .event(0, Some(&facts(3002, Some("1.0.0-rc.2"))))
        .is_empty());
    let d = c.event(1, Some(&facts(4001, Some("1.1.0"))));
    assert_eq!(d.len(), 1);
    assert_eq!(
        (d[0].code, d[0].pointer.as_str()),
        (lake::MIXED_CLASSES, "/class_uid")
    );
    assert!(d[0].message.contains("3002") && d[0].message.contains("index 0"));
    let d = c.event(2, Some(&facts(3002, None)));
    assert_eq!(
        d.iter().map(|d| d.code).collect::<Vec<_>>(),
        vec![lake::VERSION]
    );
    // Not JSON: nothing to judge here (the validator reports it).
    assert!(Facts::of(b"not json").is_none());
    assert!(c.event(3, None).is_empty());
    // Wrong types are left for the schema rules.
    assert_eq!(
        Facts::of(br#"{"class_uid": "x", "time": 1.5, "metadata": {"version": 1}}"#),
        Some(Facts::default())
    );
}
