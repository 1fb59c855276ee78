use ocsf::OcsfEvent;

#[derive(OcsfEvent)]
#[ocsf(class = "authentication", activity = "logon", set(severity = "mediun", status_id = 7))]
struct Login {
    #[ocsf(path = "user.uid")]
    user: String,
    #[ocsf(path = "service.name")]
    service: String,
}

fn main() {}
