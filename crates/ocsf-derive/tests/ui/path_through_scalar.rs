use ocsf::OcsfEvent;

#[derive(OcsfEvent)]
#[ocsf(class = "authentication", activity = "logon", set(severity = "low"))]
struct Login {
    #[ocsf(path = "user.uid")]
    user_id: String,
    #[ocsf(path = "user.name.value")]
    user: String,
    #[ocsf(path = "service.name")]
    service: String,
}

fn main() {}
