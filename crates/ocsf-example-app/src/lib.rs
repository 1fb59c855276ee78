//! A small identity provider's audit events, mapped onto OCSF with `#[derive(OcsfEvent)]`.
//!
//! The application keeps its own types (a login attempt, an API call, a group change) and
//! says once, on each type, where each field goes in OCSF; the derive checks that against
//! the schema when this crate compiles.

use std::net::IpAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ocsf::{OcsfEnumValue, OcsfEvent};

/// Why a login failed; the text goes into `status_detail`.
#[derive(Debug, Clone)]
pub enum LoginError {
    BadPasskey,
    AccountLocked { attempts: u32 },
}

impl std::fmt::Display for LoginError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoginError::BadPasskey => f.write_str("passkey assertion did not verify"),
            LoginError::AccountLocked { attempts } => {
                write!(f, "account locked after {attempts} failed attempts")
            }
        }
    }
}

/// How the user proved who they are, by the captions of OCSF's `auth_protocol_id`.
#[derive(Debug, Clone, Copy, OcsfEnumValue)]
#[ocsf(attribute = "authentication.auth_protocol_id")]
pub enum Protocol {
    #[ocsf(caption = "OAUTH 2.0")]
    OAuth2,
    Saml,
    #[ocsf(caption = "OpenID")]
    Oidc,
}

/// A login and a logout are two activities of one OCSF class: one enum.
#[derive(Debug, Clone, OcsfEvent)]
#[ocsf(class = "authentication", set(severity = "informational"))]
#[ocsf(product(name = "Example IdP", vendor_name = "Example Corp", version = "2.4.1"))]
pub enum Session<'a> {
    #[ocsf(activity = "logon")]
    Logon {
        #[ocsf(path = "time")]
        at: SystemTime,
        #[ocsf(path = "user.uid")]
        user_id: &'a str,
        #[ocsf(path = "service.name")]
        service: &'a str,
        #[ocsf(path = "src_endpoint.ip")]
        ip: IpAddr,
        #[ocsf(path = "auth_protocol_id")]
        protocol: Protocol,
        #[ocsf(path = "is_mfa")]
        mfa: bool,
        #[ocsf(path = "session.uid")]
        session_id: &'a str,
        #[ocsf(status)]
        outcome: Result<(), LoginError>,
    },
    #[ocsf(activity = "logoff")]
    Logoff {
        #[ocsf(path = "time")]
        at: SystemTime,
        #[ocsf(path = "user.uid")]
        user_id: &'a str,
        #[ocsf(path = "service.name")]
        service: &'a str,
        #[ocsf(path = "session.uid")]
        session_id: &'a str,
        /// Why the session ended, in the application's words.
        #[ocsf(unmapped = "logout_reason")]
        reason: &'a str,
    },
}

/// A call to the admin API.
#[derive(Debug, Clone, OcsfEvent)]
#[ocsf(class = "api_activity", activity = "update", set(severity = "low"))]
#[ocsf(product(name = "Example IdP", vendor_name = "Example Corp", version = "2.4.1"))]
pub struct AdminApiCall {
    #[ocsf(path = "time")]
    pub at: SystemTime,
    #[ocsf(path = "api.operation")]
    pub operation: String,
    #[ocsf(path = "api.request.uid")]
    pub request_id: String,
    #[ocsf(path = "actor.user.uid")]
    pub caller: String,
    #[ocsf(path = "src_endpoint.ip")]
    pub ip: IpAddr,
    #[ocsf(path = "resources[].uid")]
    pub resource: String,
    #[ocsf(path = "resources[].type")]
    pub resource_type: &'static str,
    #[ocsf(path = "http_response.code")]
    pub http_status: u16,
    #[ocsf(status)]
    pub ok: bool,
    /// Kept in memory for rate limiting; never logged.
    #[ocsf(skip)]
    pub api_token: String,
}

/// A user changed their own password. The new password is not here to leak: the type has no
/// field for it.
#[derive(Debug, Clone, OcsfEvent)]
#[ocsf(
    class = "account_change",
    activity = "password_change",
    set(severity = "low")
)]
#[ocsf(product(name = "Example IdP", vendor_name = "Example Corp", version = "2.4.1"))]
pub struct PasswordChanged {
    #[ocsf(path = "time")]
    pub at: SystemTime,
    #[ocsf(path = "user.uid")]
    pub user_id: String,
    #[ocsf(path = "user.name")]
    pub username: String,
    #[ocsf(path = "src_endpoint.ip")]
    pub ip: IpAddr,
    #[ocsf(status)]
    pub ok: bool,
}

/// An administrator added a user to a group.
#[derive(Debug, Clone, OcsfEvent)]
#[ocsf(
    class = "group_management",
    activity = "add_user",
    set(severity = "medium")
)]
#[ocsf(product(name = "Example IdP", vendor_name = "Example Corp", version = "2.4.1"))]
pub struct GroupMemberAdded {
    #[ocsf(path = "time")]
    pub at: SystemTime,
    #[ocsf(path = "group.uid")]
    pub group_id: String,
    #[ocsf(path = "group.name")]
    pub group_name: String,
    #[ocsf(path = "user.uid")]
    pub user_id: String,
    #[ocsf(path = "actor.user.uid")]
    pub admin_id: String,
    #[ocsf(status)]
    pub ok: bool,
}

/// One example of each event, at fixed times from `start`, as OCSF JSON.
pub fn sample_events(start: SystemTime) -> Vec<serde_json::Value> {
    let at = |secs: u64| start + Duration::from_secs(secs);
    let ip: IpAddr = "203.0.113.24".parse().expect("a valid address");
    vec![
        Session::Logon {
            at: at(0),
            user_id: "u-1042",
            service: "admin-console",
            ip,
            protocol: Protocol::Oidc,
            mfa: true,
            session_id: "s-7f3a",
            outcome: Ok(()),
        }
        .to_json(),
        Session::Logon {
            at: at(42),
            user_id: "u-2210",
            service: "admin-console",
            ip: "198.51.100.9".parse().expect("a valid address"),
            protocol: Protocol::Saml,
            mfa: false,
            session_id: "s-none",
            outcome: Err(LoginError::AccountLocked { attempts: 5 }),
        }
        .to_json(),
        AdminApiCall {
            at: at(95),
            operation: "UpdateUserRoles".into(),
            request_id: "req-58d1c2".into(),
            caller: "u-1042".into(),
            ip,
            resource: "user/u-3301".into(),
            resource_type: "user",
            http_status: 200,
            ok: true,
            api_token: "not logged".into(),
        }
        .to_json(),
        PasswordChanged {
            at: at(180),
            user_id: "u-3301".into(),
            username: "jdoe".into(),
            ip: "192.0.2.77".parse().expect("a valid address"),
            ok: true,
        }
        .to_json(),
        GroupMemberAdded {
            at: at(240),
            group_id: "g-admins".into(),
            group_name: "Administrators".into(),
            user_id: "u-3301".into(),
            admin_id: "u-1042".into(),
            ok: true,
        }
        .to_json(),
        Session::Logoff {
            at: at(600),
            user_id: "u-1042",
            service: "admin-console",
            session_id: "s-7f3a",
            reason: "user signed out",
        }
        .to_json(),
    ]
}

/// A fixed start time (2025-01-15T09:30:00Z) for reproducible output.
pub fn fixed_start() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_736_933_400)
}
