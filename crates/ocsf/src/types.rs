//! OCSF data types as Rust types.
//!
//! | OCSF | Rust | why |
//! |---|---|---|
//! | `timestamp_t` | [`Timestamp`] | milliseconds since the epoch, with conversions from `SystemTime` |
//! | `port_t` | [`Port`] (`u16`) | the schema's range 0..=65535 is the type's range |
//! | `integer_t`, `long_t` | `i64` | the schema states no width for `integer_t`; events in the wild exceed `i32` |
//! | `float_t` | `f64` | an integer in JSON reads as a float |
//! | `boolean_t` | `bool` | |
//! | `json_t` | `serde_json::Value` | any JSON |
//! | `string_t` and its refinements (`ip_t`, `email_t`, `url_t`, `datetime_t`, ...) | `String` | reading stays lossless; formats are the validator's job |
//! | enum attributes (`*_id`) | generated enums with `Unlisted(i64)` | a later version's value still reads |
//! | objects | generated structs, `Box`ed where an object can contain itself | |

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// OCSF `timestamp_t`: milliseconds since 1970-01-01T00:00:00Z.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub const fn from_millis(millis: i64) -> Timestamp {
        Timestamp(millis)
    }

    pub const fn as_millis(self) -> i64 {
        self.0
    }

    /// The current time (a clock before 1970 reads as negative milliseconds).
    pub fn now() -> Timestamp {
        Timestamp::from(SystemTime::now())
    }
}

impl From<i64> for Timestamp {
    fn from(millis: i64) -> Timestamp {
        Timestamp(millis)
    }
}

impl From<SystemTime> for Timestamp {
    fn from(time: SystemTime) -> Timestamp {
        let millis = |d: Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => Timestamp(millis(after)),
            Err(before) => Timestamp(-millis(before.duration())),
        }
    }
}

/// OCSF `port_t`: a TCP/UDP port.
pub type Port = u16;
