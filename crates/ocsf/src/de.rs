//! Reading generated types out of a JSON map.
//!
//! Every generated `Deserialize` reads a `serde_json::Map` (one instantiation per deserializer,
//! shared by all types) and then converts it with non-generic code compiled once, in this crate.
//! Derived deserializers would instead be monomorphised for every type in every downstream
//! crate; on 238 types that was most of a clean build. Errors name the attribute path.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Why a JSON value does not read as a generated type, with the attribute path it happened at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// Dotted attribute path, e.g. `metadata.product`.
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "`{}`: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ReadError {}

/// Builds a generated type from the JSON object it was written as.
pub trait FromJsonMap: Sized {
    fn from_json_map(map: Map<String, Value>) -> Result<Self, ReadError>;
}

fn read<T: DeserializeOwned>(key: &str, value: Value) -> Result<T, ReadError> {
    T::deserialize(value).map_err(|e| {
        // A nested generated type reports `` `inner.path`: message ``; put our key in front.
        let text = e.to_string();
        match text
            .strip_prefix('`')
            .and_then(|rest| rest.split_once("`: "))
        {
            Some((inner, message)) => ReadError {
                path: format!("{key}.{inner}"),
                message: message.to_owned(),
            },
            None => ReadError {
                path: key.to_owned(),
                message: text,
            },
        }
    })
}

/// An optional attribute: absent and `null` both read as `None`.
pub(crate) fn optional<T: DeserializeOwned>(
    map: &mut Map<String, Value>,
    key: &str,
) -> Result<Option<T>, ReadError> {
    match map.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => read(key, value).map(Some),
    }
}

/// A required attribute: absent is an error naming it.
pub(crate) fn required<T: DeserializeOwned>(
    map: &mut Map<String, Value>,
    key: &str,
) -> Result<T, ReadError> {
    match map.remove(key) {
        Some(value) => read(key, value),
        None => Err(ReadError {
            path: key.to_owned(),
            message: "required attribute is missing".to_owned(),
        }),
    }
}
