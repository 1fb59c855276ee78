use ocsf::OcsfEvent;

#[derive(OcsfEvent)]
#[ocsf(class = "authentication", activity = "logon", set(severity = "low"))]
struct Login {
    #[ocsf(path = "user.uid")]
    user: String,
    #[ocsf(path = "src_endpoint.port")]
    port: u16,
}

fn main() {}
