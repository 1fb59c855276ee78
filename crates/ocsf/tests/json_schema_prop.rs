//! Random valid events of several classes, built with the typed API, serialize to JSON that
//! the generated JSON Schemas (schemas/json/1.6.0/) accept, both their class's entry document
//! and the version's bundle, and read back unchanged.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use ocsf::application::ApiActivity;
use ocsf::enums::*;
use ocsf::iam::{AccountChange, Authentication, GroupManagement, UserAccess};
use ocsf::network::{HttpActivity, NetworkActivity};
use ocsf::objects::*;
use ocsf::types::Timestamp;
use ocsf::{OcsfClass, OcsfEnum};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::Value;

/// Each class's entry document (schemas/json/1.6.0/<class>.json) with the bundle
/// (ocsf.schema.json) provided as a resource under its `$id`, and the bundle on its own.
struct Validators {
    entries: BTreeMap<String, jsonschema::Validator>,
    bundle: jsonschema::Validator,
}

fn validators() -> &'static Validators {
    static CELL: OnceLock<Validators> = OnceLock::new();
    CELL.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schemas/json/1.6.0");
        let read = |file: &str| -> Value {
            let text = std::fs::read_to_string(dir.join(file)).expect("generated JSON Schema");
            serde_json::from_str(&text).unwrap()
        };
        let bundle = read("ocsf.schema.json");
        let id = bundle["$id"].as_str().expect("the bundle's $id").to_owned();
        let mut entries = BTreeMap::new();
        for name in [
            "authentication",
            "account_change",
            "group_management",
            "user_access",
            "api_activity",
            "http_activity",
            "network_activity",
        ] {
            let resource = jsonschema::Resource::from_contents(bundle.clone()).unwrap();
            let validator = jsonschema::draft202012::options()
                .with_resource(id.as_str(), resource)
                .build(&read(&format!("{name}.json")))
                .expect("a valid JSON Schema");
            entries.insert(name.to_owned(), validator);
        }
        Validators {
            entries,
            bundle: jsonschema::draft202012::new(&bundle).expect("a valid JSON Schema"),
        }
    })
}

fn check<C: OcsfClass + std::fmt::Debug + PartialEq>(event: &C) -> Result<(), TestCaseError> {
    let json = serde_json::to_value(event).unwrap();
    let validators = validators();
    let errors: Vec<String> = [&validators.entries[C::CLASS_NAME], &validators.bundle]
        .into_iter()
        .flat_map(|v| v.iter_errors(&json))
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    prop_assert!(
        errors.is_empty(),
        "{}: {errors:#?}\n{json:#}",
        C::CLASS_NAME
    );
    let back: C = serde_json::from_value(json).unwrap();
    prop_assert_eq!(&back, event);
    Ok(())
}

fn any_enum<E: OcsfEnum>() -> impl Strategy<Value = E> {
    select(E::ALL)
}

fn word() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_-]{0,15}"
}

fn ipv4() -> impl Strategy<Value = String> {
    any::<[u8; 4]>().prop_map(|b| format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3]))
}

fn time() -> impl Strategy<Value = Timestamp> {
    (1_500_000_000_000i64..1_900_000_000_000).prop_map(Timestamp::from_millis)
}

fn metadata() -> impl Strategy<Value = Metadata> {
    (
        word(),
        proptest::option::of(word()),
        proptest::option::of("[0-9]{1,2}\\.[0-9]{1,2}"),
    )
        .prop_map(|(name, uid, pv)| {
            let mut product = Product::default().with_name(name);
            product.version = pv;
            let mut md = Metadata::new(product, "1.6.0");
            md.uid = uid;
            md
        })
}

fn user() -> impl Strategy<Value = User> {
    (
        word(),
        proptest::option::of(any_enum::<UserTypeId>()),
        proptest::option::of("[a-z]{1,8}@[a-z]{1,8}\\.com"),
    )
        .prop_map(|(uid, type_id, email)| {
            let mut user = User::default().with_uid(uid);
            if let Some(t) = type_id {
                user.set_type_id(t);
            }
            user.email_addr = email;
            user
        })
}

fn endpoint() -> impl Strategy<Value = NetworkEndpoint> {
    (
        ipv4(),
        proptest::option::of(0u16..=65535),
        proptest::option::of(word()),
    )
        .prop_map(|(ip, port, hostname)| {
            let mut ep = NetworkEndpoint::default().with_ip(ip);
            ep.port = port;
            ep.hostname = hostname;
            ep
        })
}

fn device() -> impl Strategy<Value = Device> {
    (any_enum::<DeviceTypeId>(), word(), ipv4())
        .prop_map(|(t, hostname, ip)| Device::new(t).with_hostname(hostname).with_ip(ip))
}

fn set_common<C>(event: &mut C, status: Option<StatusId>, other_activity: Option<String>)
where
    C: OcsfClass + HasStatus,
{
    if let Some(s) = status {
        event.status(s);
    }
    if let Some(name) = other_activity {
        event.set_activity_other(name);
    }
}

/// The few setters every class shares, over the generated inherent methods.
trait HasStatus {
    fn status(&mut self, status: StatusId);
}
macro_rules! has_status {
    ($($t:ty),*) => {$(impl HasStatus for $t { fn status(&mut self, s: StatusId) { self.set_status_id(s); } })*};
}
has_status!(
    Authentication,
    AccountChange,
    GroupManagement,
    UserAccess,
    ApiActivity,
    HttpActivity,
    NetworkActivity
);

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn authentication(a in any_enum::<AuthenticationActivityId>(), md in metadata(), sev in any_enum::<SeverityId>(),
                      t in time(), u in user(), dst in endpoint(), dev in proptest::option::of(device()),
                      status in proptest::option::of(any_enum::<StatusId>()), other in proptest::option::of(word()),
                      mfa in any::<bool>(), proto in proptest::option::of(any_enum::<AuthProtocolId>())) {
        let mut e = Authentication::new(a, md, sev, t, u).with_dst_endpoint(dst).with_is_mfa(mfa);
        e.device = dev.map(Box::new);
        if let Some(p) = proto { e.set_auth_protocol_id(p); }
        set_common(&mut e, status, other);
        check(&e)?;
    }

    #[test]
    fn account_change(a in any_enum::<AccountChangeActivityId>(), md in metadata(), sev in any_enum::<SeverityId>(),
                      t in time(), u in user(), actor_user in proptest::option::of(user())) {
        let mut e = AccountChange::new(a, md, sev, t, u);
        e.actor = actor_user.map(|u| Box::new(Actor::default().with_user(u)));
        check(&e)?;
    }

    #[test]
    fn group_management(a in any_enum::<GroupManagementActivityId>(), md in metadata(), sev in any_enum::<SeverityId>(),
                        t in time(), g in word(), u in proptest::option::of(user())) {
        let mut e = GroupManagement::new(a, Group::default().with_name(g), md, sev, t);
        e.user = u.map(Box::new);
        check(&e)?;
    }

    #[test]
    fn user_access(a in any_enum::<UserAccessActivityId>(), md in metadata(), sev in any_enum::<SeverityId>(),
                   t in time(), u in user(), privileges in proptest::collection::vec(word(), 0..4)) {
        check(&UserAccess::new(a, md, privileges, sev, t, u))?;
    }

    #[test]
    fn api_activity(a in any_enum::<ApiActivityActivityId>(), md in metadata(), sev in any_enum::<SeverityId>(),
                    t in time(), u in user(), op in word(), src in endpoint(),
                    status in proptest::option::of(any_enum::<StatusId>())) {
        let mut e = ApiActivity::new(a, Actor::default().with_user(u), Api::new(op), md, sev, src, t);
        set_common(&mut e, status, None);
        check(&e)?;
    }

    #[test]
    fn http_activity(a in any_enum::<HttpActivityActivityId>(), md in metadata(), sev in any_enum::<SeverityId>(),
                     t in time(), path in "/[a-z/]{0,20}", method in select(&["GET", "POST", "PUT", "DELETE"][..]),
                     code in 100i64..600) {
        let url = Url::default().with_path(path);
        let req = HttpRequest::default().with_url(url).with_http_method(method);
        let e = HttpActivity::new(a, md, sev, t).with_http_request(req)
            .with_http_response(HttpResponse::new(code));
        check(&e)?;
    }

    #[test]
    fn network_activity(a in any_enum::<NetworkActivityActivityId>(), md in metadata(), sev in any_enum::<SeverityId>(),
                        t in time(), src in endpoint(), dst in endpoint(), dir in any_enum::<NetworkConnectionInfoDirectionId>()) {
        let e = NetworkActivity::new(a, md, sev, t).with_src_endpoint(src).with_dst_endpoint(dst)
            .with_connection_info(NetworkConnectionInfo::new(dir));
        check(&e)?;
    }
}
