use ocsf::OcsfEvent;

/// Stands in for `secrecy::SecretString`.
#[derive(serde::Serialize)]
struct SecretString(String);

#[derive(OcsfEvent)]
#[ocsf(class = "authentication", activity = "logon", set(severity = "low"))]
struct Login {
    #[ocsf(path = "user.uid")]
    user: String,
    #[ocsf(path = "service.name")]
    service: String,
    #[ocsf(unmapped = "pw")]
    password: String,
    #[ocsf(unmapped = "key")]
    key: SecretString,
    #[ocsf(skip)]
    api_token: String,
}

fn main() {}
