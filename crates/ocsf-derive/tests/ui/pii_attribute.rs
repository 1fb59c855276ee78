use ocsf::OcsfEvent;

#[derive(OcsfEvent)]
#[ocsf(class = "authentication", activity = "logon", set(severity = "low"))]
struct Login {
    #[ocsf(path = "user.uid")]
    user: String,
    #[ocsf(path = "src_endpoint.ip")]
    ip: String,
    #[ocsf(path = "user.email_addr")]
    email: String,
    #[ocsf(path = "user.ldap_person.given_name")]
    first_name: String,
    #[ocsf(path = "service.name")]
    service: String,
    // City-level location is personal only under a strict policy: no error.
    #[ocsf(path = "src_endpoint.location.city")]
    city: String,
    #[ocsf(path = "src_endpoint.location.postal_code")]
    postal_code: String,
}

fn main() {}
