//! A realistic typed event, shared by the tests and the benchmark.

use ocsf::enums::{AuthProtocolId, AuthenticationActivityId, SeverityId, StatusId};
use ocsf::iam::Authentication;
use ocsf::objects::{Metadata, NetworkEndpoint, Product, Service, Session, User};
use ocsf::types::Timestamp;

/// An Authentication Logon with the attributes an identity provider fills in; `n` makes
/// `metadata.uid` distinct (`e-<n>`), which the delivery tests count.
pub fn authentication(n: u64) -> Authentication {
    let product = Product::default()
        .with_name("Example IdP")
        .with_vendor_name("Example Corp")
        .with_version("2.4.1");
    let metadata = Metadata::new(product, "1.6.0".to_owned()).with_uid(format!("e-{n}"));
    let user = User::default()
        .with_name("alice")
        .with_uid("u-1001")
        .with_email_addr("alice@example.com");
    Authentication::new(
        AuthenticationActivityId::Logon,
        metadata,
        SeverityId::Informational,
        Timestamp::from_millis(1_700_000_000_000 + n as i64),
        user,
    )
    .with_status_id(StatusId::Success)
    .with_auth_protocol_id(AuthProtocolId::Saml)
    .with_is_mfa(true)
    .with_message("User alice logged on with SAML and MFA")
    .with_src_endpoint(
        NetworkEndpoint::default()
            .with_ip("203.0.113.7")
            .with_hostname("laptop-17.example.com")
            .with_port(51544u16),
    )
    .with_dst_endpoint(
        NetworkEndpoint::default()
            .with_ip("198.51.100.10")
            .with_hostname("idp.example.com")
            .with_port(443u16),
    )
    .with_service(Service::default().with_name("payroll"))
    .with_session(Session::default().with_uid("s-9f8e7d"))
}
