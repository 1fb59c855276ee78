use ocsf::OcsfEvent;

#[derive(OcsfEvent)]
#[ocsf(class = "authentication", activity = "logon", set(severity = "low"))]
struct Login {
    #[ocsf(path = "user.uid")]
    user: u64,
    #[ocsf(path = "dst_endpoint.hostname")]
    host: String,
    #[ocsf(path = "dst_endpoint.port")]
    port: String,
    #[ocsf(path = "is_mfa")]
    mfa: &'static str,
    #[ocsf(path = "time")]
    time: f64,
    #[ocsf(path = "auth_factors")]
    factors: String,
}

fn main() {}
