use ocsf::OcsfEvent;

#[derive(OcsfEvent)]
#[ocsf(class = "authentication", activity = "logon", set(severity = "low"))]
struct Login {
    #[ocsf(path = "user.uid")]
    user: String,
    #[ocsf(path = "service.name")]
    service: String,
    #[ocsf(path = "user.email_addr", pii(allow))]
    email: String,
    #[ocsf(path = "user.full_name", pii(allow, reason = " "))]
    name: String,
}

fn main() {}
