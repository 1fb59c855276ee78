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
    #[ocsf(path = "src_endpoint.location.city")]
    city: String,
}

fn main() {}
