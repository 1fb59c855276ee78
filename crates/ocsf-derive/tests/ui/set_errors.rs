use ocsf::OcsfEvent;

#[derive(OcsfEvent)]
#[ocsf(class = "authentication", activity = "logon")]
#[ocsf(set(severity = "low", is_mfa = "yes", class_uid = 3003, sevrity_id = 1))]
struct Login {
    #[ocsf(path = "user.uid")]
    user: String,
    #[ocsf(path = "service.name")]
    service: String,
}

fn main() {}
