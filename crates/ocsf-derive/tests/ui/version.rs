use ocsf::OcsfEvent;

// `account_switch_type_id` came in 1.6.0: a 1.1.0 mapping cannot name it.
#[derive(OcsfEvent)]
#[ocsf(version = "1.1.0", class = "authentication", activity = "logon", set(severity_id = 1))]
struct OldLogin {
    #[ocsf(path = "user.uid")]
    user: String,
    #[ocsf(path = "service.name")]
    service: String,
    #[ocsf(path = "account_switch_type_id")]
    switch: i64,
}

#[derive(OcsfEvent)]
#[ocsf(version = "1.9.0", class = "authentication", activity = "logon", set(severity_id = 1))]
struct FutureLogin {
    #[ocsf(path = "user.uid")]
    user: String,
}

fn main() {}
