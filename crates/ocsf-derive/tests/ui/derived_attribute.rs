use ocsf::OcsfEvent;

#[derive(OcsfEvent)]
#[ocsf(class = "authentication", activity = "logon", set(severity = "low"))]
struct Login {
    #[ocsf(path = "user.uid")]
    user: String,
    #[ocsf(path = "service.name")]
    service: String,
    #[ocsf(path = "type_uid")]
    type_uid: i64,
    #[ocsf(path = "metadata.product.name")]
    product: String,
}

fn main() {}
