use ocsf::{OcsfEnumValue, OcsfEvent};

#[derive(OcsfEnumValue)]
#[ocsf(attribute = "authentication.logon_type_id")]
enum LogonKind {
    Interactive,
    #[ocsf(caption = "Cached Unlock")]
    CachedUnlock,
}

// `logon_type_id` has ids the `auth_protocol_id` enum lacks (13: Cached Unlock).
#[derive(OcsfEvent)]
#[ocsf(class = "authentication", activity = "logon", set(severity = "low"))]
struct Login {
    #[ocsf(path = "user.uid")]
    user: String,
    #[ocsf(path = "service.name")]
    service: String,
    #[ocsf(path = "auth_protocol_id")]
    protocol: LogonKind,
}

fn main() {
    let _ = ocsf::OcsfEvent::to_json(&Login {
        user: String::new(),
        service: String::new(),
        protocol: LogonKind::Interactive,
    });
    let _ = LogonKind::CachedUnlock;
}
