//! Every published event in ../shared/real-events gets a result, without a panic.

mod common;

use ocsf_validate::Validator;
use serde_json::Value;

#[test]
fn every_real_event_gets_a_result() {
    // Judged by one version, and each by the version it claims.
    every_real_event_gets_a_result_from(Validator::new(ocsf_schema::v1_6_0::schema()).unwrap());
    every_real_event_gets_a_result_from(Validator::builder().build().unwrap());
}

fn every_real_event_gets_a_result_from(v: Validator) {
    let Some(dir) = common::shared("real-events") else {
        return;
    };
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "jsonl") {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let wrapper: Value = serde_json::from_str(line).unwrap();
            // Unparseable samples keep their raw text: it must give an input diagnostic.
            let (bytes, raw) = match (wrapper.get("event"), wrapper.get("raw")) {
                (Some(e), _) => (serde_json::to_vec(e).unwrap(), false),
                (None, Some(Value::String(r))) => (r.clone().into_bytes(), true),
                _ => panic!("{}:{}: neither event nor raw", path.display(), n + 1),
            };
            let report = v.validate_bytes(&bytes);
            if raw {
                assert!(report.has_code("OCSF001"), "{}:{}", path.display(), n + 1);
                let d = &report.diagnostics[0];
                assert!(d.position.is_some() && d.message.contains("line"));
            } else {
                assert!(!report.has_code("OCSF001"), "{}:{}", path.display(), n + 1);
                // Same answer from the Value path.
                let by_value = v.validate_value(wrapper.get("event").unwrap());
                assert_eq!(
                    report.diagnostics,
                    by_value.diagnostics,
                    "{}:{}",
                    path.display(),
                    n + 1
                );
            }
        }
    }
    assert!(files >= 1);
}
