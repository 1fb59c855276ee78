//! Typed OCSF events.
//!
//! ```
//! use ocsf::iam::Authentication;
//! use ocsf::enums::{AuthenticationActivityId, SeverityId};
//! use ocsf::objects::{Metadata, Product, User};
//! use ocsf::types::Timestamp;
//! use ocsf::OcsfClass;
//!
//! let metadata = Metadata::new(Product::default().with_name("Example IdP"), ocsf::SCHEMA_VERSION.to_owned());
//! let event = Authentication::new(
//!     AuthenticationActivityId::Logon,
//!     metadata,
//!     SeverityId::Informational,
//!     Timestamp::from_millis(1_700_000_000_000),
//!     User::default().with_uid("u-42"),
//! );
//! assert_eq!(event.type_uid(), 300201);
//! let json = serde_json::to_value(&event).unwrap();
//! assert_eq!(json["class_name"], "Authentication");
//! assert_eq!(json["type_name"], "Authentication: Logon");
//! assert_eq!(json["severity"], "Informational");
//! ```
//!
//! See the crate README for the data type mapping and the rules of reading and building.

#[rustfmt::skip]
#[allow(clippy::all, clippy::pedantic, missing_docs, deprecated)]
mod generated;
pub mod de;
pub mod event;
mod traits;
pub mod types;

pub use event::{OcsfEvent, OcsfTypedEvent};
pub use generated::default_version::*;
#[cfg(feature = "derive")]
pub use ocsf_derive::{OcsfEnumValue, OcsfEvent};
pub use ocsf_schema;
pub use traits::{OcsfClass, OcsfEnum};

/// The schema version the top-level modules of this crate were generated from
/// ([`ocsf_schema::DEFAULT_VERSION`]); every other version is behind its cargo feature
/// (`v1_1_0`) in [`versions`].
pub const SCHEMA_VERSION: &str = ocsf_schema::DEFAULT_VERSION;

/// Every generated schema version, by module.
pub mod versions {
    pub use crate::generated::*;
}
