use ocsf::OcsfEvent;

#[derive(OcsfEvent)]
#[ocsf(class = "authentication", activity = "logon", set(severity = "low"))]
struct Login {
    #[ocsf(path = "user.uid")]
    user: String,
    #[ocsf(path = "user.uid")]
    also_user: String,
    #[ocsf(path = "service")]
    service: ocsf::objects::Service,
    #[ocsf(path = "service.name")]
    service_name: String,
}

fn main() {}
