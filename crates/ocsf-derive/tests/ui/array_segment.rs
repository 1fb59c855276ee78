use ocsf::OcsfEvent;

#[derive(OcsfEvent)]
#[ocsf(class = "api_activity", activity = "read", set(severity = "low"))]
struct Read {
    #[ocsf(path = "api.operation")]
    operation: String,
    #[ocsf(path = "actor.user.uid")]
    caller: String,
    #[ocsf(path = "src_endpoint.ip")]
    ip: String,
    #[ocsf(path = "resources.uid")]
    resource: String,
    #[ocsf(path = "api[].version")]
    version: String,
}

fn main() {}
