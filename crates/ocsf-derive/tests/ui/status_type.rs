use ocsf::OcsfEvent;

#[derive(OcsfEvent)]
#[ocsf(class = "authentication", activity = "logon", set(severity = "low"))]
struct Login {
    #[ocsf(path = "user.uid")]
    user: String,
    #[ocsf(path = "service.name")]
    service: String,
    #[ocsf(status)]
    status: u8,
}

fn main() {}
