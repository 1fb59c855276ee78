// Every problem of a derive is reported at once, each at its own tokens.
use ocsf::OcsfEvent;

#[derive(OcsfEvent)]
#[ocsf(class = "authentication", activity = "logn")]
struct Login {
    #[ocsf(path = "user.uidd")]
    user: String,
    #[ocsf(path = "src_endpoint.ip")]
    ip: String,
    #[ocsf(path = "user.full_name")]
    name: String,
    secret: String,
}

fn main() {}
