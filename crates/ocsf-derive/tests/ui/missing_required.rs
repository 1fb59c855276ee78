use ocsf::OcsfEvent;

#[derive(OcsfEvent)]
#[ocsf(class = "authentication", activity = "logon")]
struct Login {
    #[ocsf(path = "service.name")]
    service: String,
}

#[derive(OcsfEvent)]
#[ocsf(class = "api_activity", activity = "read", set(severity = "low"))]
struct Read {
    #[ocsf(path = "api.version")]
    version: String,
    #[ocsf(path = "actor.user.uid")]
    caller: String,
    #[ocsf(path = "src_endpoint.ip")]
    ip: Option<String>,
}

fn main() {}
