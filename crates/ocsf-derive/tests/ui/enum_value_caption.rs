use ocsf::OcsfEnumValue;

#[derive(OcsfEnumValue)]
#[ocsf(attribute = "authentication.auth_protocol_id")]
enum Protocol {
    Kerberos,
    Oauth20,
    Saml2,
    #[ocsf(id = 42)]
    Custom,
}

#[derive(OcsfEnumValue)]
#[ocsf(attribute = "authentcation.auth_protocol_id")]
enum Typo {
    Kerberos,
}

fn main() {}
