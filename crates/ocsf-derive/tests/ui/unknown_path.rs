use ocsf::OcsfEvent;

#[derive(OcsfEvent)]
#[ocsf(class = "authentication", activity = "logon", set(severity = "low"))]
struct Login {
    #[ocsf(path = "user.uid")]
    user: String,
    #[ocsf(path = "src_endpoint.ipp")]
    ip: String,
    #[ocsf(path = "dst_endpoint.hostname")]
    host: String,
    #[ocsf(path = "servce.name")]
    service: String,
}

fn main() {}
