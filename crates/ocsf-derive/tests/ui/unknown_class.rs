use ocsf::OcsfEvent;

#[derive(OcsfEvent)]
#[ocsf(class = "authentcation", activity = "logon")]
struct Login {
    #[ocsf(path = "user.uid")]
    user: String,
}

fn main() {}
