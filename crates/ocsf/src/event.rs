//! Application types mapped onto OCSF classes: the [`OcsfEvent`] trait and what
//! `#[derive(OcsfEvent)]` expands to.
//!
//! ```
//! use ocsf::OcsfEvent;
//!
//! #[derive(OcsfEvent)]
//! #[ocsf(class = "authentication", activity = "logon")]
//! #[ocsf(set(severity = "informational", auth_protocol = "OAUTH 2.0"))]
//! #[ocsf(product(name = "Example IdP", vendor_name = "Example"))]
//! struct PasskeyLogin<'a> {
//!     #[ocsf(path = "user.uid")]
//!     user_id: &'a str,
//!     #[ocsf(path = "service.name")]
//!     service: &'a str,
//!     #[ocsf(path = "src_endpoint.ip")]
//!     ip: std::net::IpAddr,
//!     #[ocsf(status)]
//!     ok: bool,
//! }
//!
//! let login = PasskeyLogin { user_id: "u-42", service: "portal", ip: [192, 0, 2, 7].into(), ok: true };
//! let json = login.to_json();
//! assert_eq!(json["type_uid"], 300201);
//! assert_eq!(json["status"], "Success");
//! assert_eq!(json["auth_protocol_id"], 6);
//! let event: ocsf::iam::Authentication = login.to_ocsf().unwrap();
//! # let _ = event;
//! ```
//!
//! The derive checks the mapping against the schema tables at compile time (see the
//! `ocsf-derive` crate docs for the attributes, the accepted Rust types and the errors) and
//! emits code that builds the event's JSON object path by path; every uid and caption the
//! schema derives is a literal in that code.

use serde_json::{Map, Value};

use crate::de::{FromJsonMap, ReadError};
use crate::OcsfClass;

/// An application type that maps onto an OCSF event class. Implement it with
/// `#[derive(OcsfEvent)]`.
pub trait OcsfEvent {
    /// The OCSF version the mapping was checked against and writes in `metadata.version`.
    const SCHEMA_VERSION: &'static str;
    /// The class's uid.
    const CLASS_UID: u32;
    /// The activity id, when every value of the type has the same activity (a struct);
    /// `None` for an enum whose variants are different activities.
    const ACTIVITY_ID: Option<i64>;
    /// The fields that map personal data or secrets with a waiver, and why. Kept on the type,
    /// not in the events: a waiver is a decision about the code, reviewed with the code.
    const PII_WAIVERS: &'static [PiiWaiver] = &[];

    /// The event as an OCSF JSON object, with every derived uid and caption.
    fn to_json_map(&self) -> Map<String, Value>;

    /// The event as OCSF JSON.
    fn to_json(&self) -> Value {
        Value::Object(self.to_json_map())
    }
}

/// An [`OcsfEvent`] whose version's typed classes are compiled in: the default version's
/// always, another version's with the cargo feature of that version (`v1_1_0`). The derive
/// also gives the type an inherent `to_ocsf`, so calling it needs no import.
pub trait OcsfTypedEvent: OcsfEvent {
    /// The typed class, e.g. [`crate::iam::Authentication`].
    type Class: OcsfClass + FromJsonMap;

    /// The event as the typed class.
    ///
    /// The derive checks at compile time that every required attribute is mapped or fixed and
    /// that every field's Rust type can hold its attribute, so this fails only where a value is
    /// known at runtime alone: an `Option` that is `None` on a path to a required attribute, an
    /// integer outside `i64`, or a field mapped onto an object or `json_t` attribute whose
    /// `Serialize` output does not read as that object.
    fn to_ocsf(&self) -> Result<Self::Class, ReadError> {
        Self::Class::from_json_map(self.to_json_map())
    }
}

/// A field that maps personal data or a secret, allowed with `#[ocsf(pii(allow, reason = ".."))]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PiiWaiver {
    /// The Rust field (`Variant.field` in an enum).
    pub field: &'static str,
    /// The OCSF attribute path, or `unmapped.<key>`.
    pub path: &'static str,
    pub reason: &'static str,
}

/// What the derive expands to. Not a stable API.
#[doc(hidden)]
pub mod __private {
    use std::borrow::Cow;
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
    use std::time::SystemTime;

    pub use serde::Serialize;
    pub use serde_json::{Map, Value};

    use crate::types::Timestamp;

    /// The JSON kinds of OCSF data types. Named like the OCSF types so that compile errors
    /// read as the schema does.
    #[allow(non_camel_case_types)]
    pub mod kind {
        /// `string_t` and its refinements.
        pub struct string_t;
        /// `integer_t` and `long_t`.
        pub struct integer_t;
        pub struct port_t;
        pub struct timestamp_t;
        pub struct float_t;
        pub struct boolean_t;
        /// An `_id` attribute with enumerated values.
        pub struct enum_id;
        /// An array attribute of the kind.
        pub struct array_of<K>(core::marker::PhantomData<K>);
    }

    /// A Rust value an OCSF attribute of kind `K` can hold. `None`: leave the attribute out.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot hold an OCSF `{K}` attribute",
        label = "this type cannot hold the attribute",
        note = "the accepted Rust types for each OCSF type are listed in the `ocsf-derive` crate docs"
    )]
    pub trait OcsfValue<K> {
        fn ocsf_value(&self) -> Option<Value>;
    }

    impl<K, T: OcsfValue<K> + ?Sized> OcsfValue<K> for &T {
        fn ocsf_value(&self) -> Option<Value> {
            (**self).ocsf_value()
        }
    }

    impl<K, T: OcsfValue<K> + ?Sized> OcsfValue<K> for Box<T> {
        fn ocsf_value(&self) -> Option<Value> {
            (**self).ocsf_value()
        }
    }

    impl<K, T: OcsfValue<K>> OcsfValue<K> for Option<T> {
        fn ocsf_value(&self) -> Option<Value> {
            self.as_ref().and_then(T::ocsf_value)
        }
    }

    impl<K, T: OcsfValue<K>> OcsfValue<kind::array_of<K>> for [T] {
        fn ocsf_value(&self) -> Option<Value> {
            Some(Value::Array(
                self.iter().filter_map(T::ocsf_value).collect(),
            ))
        }
    }

    impl<K, T: OcsfValue<K>> OcsfValue<kind::array_of<K>> for Vec<T> {
        fn ocsf_value(&self) -> Option<Value> {
            self.as_slice().ocsf_value()
        }
    }

    macro_rules! impl_value {
        ($kind:ident: $($ty:ty => |$v:ident| $e:expr),* $(,)?) => {
            $(impl OcsfValue<kind::$kind> for $ty {
                fn ocsf_value(&self) -> Option<Value> {
                    let $v = self;
                    Some(Value::from($e))
                }
            })*
        };
    }

    impl_value!(string_t:
        str => |v| v,
        String => |v| v.as_str(),
        Cow<'_, str> => |v| v.as_ref(),
        std::rc::Rc<str> => |v| v.as_ref(),
        std::sync::Arc<str> => |v| v.as_ref(),
        IpAddr => |v| v.to_string(),
        Ipv4Addr => |v| v.to_string(),
        Ipv6Addr => |v| v.to_string(),
    );
    impl_value!(integer_t:
        i8 => |v| *v, i16 => |v| *v, i32 => |v| *v, i64 => |v| *v, isize => |v| *v as i64,
        u8 => |v| *v, u16 => |v| *v, u32 => |v| *v, u64 => |v| *v, usize => |v| *v as u64,
    );
    impl_value!(enum_id:
        i8 => |v| *v, i16 => |v| *v, i32 => |v| *v, i64 => |v| *v,
        u8 => |v| *v, u16 => |v| *v, u32 => |v| *v,
    );
    impl_value!(port_t: u16 => |v| *v);
    impl_value!(float_t: f32 => |v| f64::from(*v), f64 => |v| *v);
    impl_value!(boolean_t: bool => |v| *v);
    impl_value!(timestamp_t:
        Timestamp => |v| v.as_millis(),
        SystemTime => |v| Timestamp::from(*v).as_millis(),
        i64 => |v| *v,
        u64 => |v| *v,
    );

    /// A value for a `json_t` or object attribute: anything `Serialize`; `null` leaves it out.
    pub fn serialize<T: serde::Serialize + ?Sized>(value: &T) -> Option<Value> {
        match serde_json::to_value(value) {
            Ok(Value::Null) | Err(_) => None,
            Ok(v) => Some(v),
        }
    }

    /// A value for a field mapped with `#[ocsf(display)]`.
    pub fn display<T: std::fmt::Display + ?Sized>(value: &T) -> Option<Value> {
        Some(Value::String(value.to_string()))
    }

    /// The ids a value of an `_id` attribute can take, known at compile time: an application
    /// enum (`#[derive(OcsfEnumValue)]`) lists its ids so that the struct derive can check them
    /// against the attribute it is mapped onto; integers list none (any id is accepted).
    pub trait EnumIds {
        const IDS: &'static [i64];
    }

    macro_rules! impl_enum_ids {
        ($($ty:ty),*) => { $(impl EnumIds for $ty { const IDS: &'static [i64] = &[]; })* };
    }
    impl_enum_ids!(i8, i16, i32, i64, u8, u16, u32);

    impl<T: EnumIds + ?Sized> EnumIds for &T {
        const IDS: &'static [i64] = T::IDS;
    }
    impl<T: EnumIds + ?Sized> EnumIds for Box<T> {
        const IDS: &'static [i64] = T::IDS;
    }
    impl<T: EnumIds> EnumIds for Option<T> {
        const IDS: &'static [i64] = T::IDS;
    }

    /// Fails compilation (in a const) when an enum can produce an id the attribute lacks.
    pub const fn check_enum_ids(ids: &[i64], allowed: &[i64]) {
        let mut i = 0;
        while i < ids.len() {
            let mut j = 0;
            let mut found = false;
            while j < allowed.len() {
                if ids[i] == allowed[j] {
                    found = true;
                }
                j += 1;
            }
            if !found {
                panic!("the enum maps a variant to an id this OCSF attribute does not define");
            }
            i += 1;
        }
    }

    /// Outcome of a `#[ocsf(status)]` field: `(status_id, status_detail)`.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot be an OCSF status",
        label = "expected `bool` or `Result<T, E>` with `E: Display`"
    )]
    pub trait Status {
        fn status(&self) -> (i64, Option<String>);
    }

    impl Status for bool {
        fn status(&self) -> (i64, Option<String>) {
            (if *self { 1 } else { 2 }, None)
        }
    }

    impl<T, E: std::fmt::Display> Status for Result<T, E> {
        fn status(&self) -> (i64, Option<String>) {
            match self {
                Ok(_) => (1, None),
                Err(e) => (2, Some(e.to_string())),
            }
        }
    }

    impl<S: Status + ?Sized> Status for &S {
        fn status(&self) -> (i64, Option<String>) {
            (**self).status()
        }
    }

    /// Writes `status_id`, `status` and, on failure, `status_detail`.
    pub fn put_status(map: &mut Map<String, Value>, (id, detail): (i64, Option<String>)) {
        map.insert("status_id".into(), id.into());
        let caption = if id == 1 { "Success" } else { "Failure" };
        map.insert("status".into(), caption.into());
        if let Some(detail) = detail {
            map.insert("status_detail".into(), detail.into());
        }
    }

    /// One segment of a path: the attribute name, and whether it goes through an array
    /// attribute (`resources[]`: the value goes into the array's first element).
    pub type Seg = (&'static str, bool);

    /// Sets `value` at `path`, creating the objects (and the first array element) on the way.
    /// `None` leaves the attribute out and creates nothing.
    /// A path ending in `name[]` puts the value into a one-element array.
    pub fn put(map: &mut Map<String, Value>, path: &[Seg], value: Option<Value>) {
        if let Some(value) = value {
            let into_array = path.last().is_some_and(|seg| seg.1);
            *slot(map, path) = if into_array {
                Value::Array(vec![value])
            } else {
                value
            };
        }
    }

    /// The attributes every event of a class and activity has, all known at compile time.
    #[allow(clippy::too_many_arguments)]
    pub fn put_header(
        map: &mut Map<String, Value>,
        class_uid: i64,
        class_name: &'static str,
        category_uid: i64,
        category_name: &'static str,
        activity_id: i64,
        activity_name: &'static str,
    ) {
        map.insert("class_uid".into(), class_uid.into());
        map.insert("class_name".into(), class_name.into());
        map.insert("category_uid".into(), category_uid.into());
        map.insert("category_name".into(), category_name.into());
        map.insert("activity_id".into(), activity_id.into());
        map.insert("activity_name".into(), activity_name.into());
        map.insert("type_uid".into(), (class_uid * 100 + activity_id).into());
        map.insert(
            "type_name".into(),
            format!("{class_name}: {activity_name}").into(),
        );
    }

    /// `metadata.version`, `metadata.product` (`(attribute, value)` pairs) and `metadata.profiles`.
    pub fn put_metadata(
        map: &mut Map<String, Value>,
        version: &'static str,
        product: &[(&'static str, &'static str)],
        profiles: &[&'static str],
    ) {
        let metadata = slot(map, &[("metadata", false)]);
        if !metadata.is_object() {
            *metadata = Value::Object(Map::new());
        }
        let metadata = metadata.as_object_mut().expect("just made an object");
        metadata.insert("version".into(), version.into());
        let product: Map<String, Value> = product
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Value::from(*v)))
            .collect();
        metadata.insert("product".into(), Value::Object(product));
        if !profiles.is_empty() {
            metadata.insert("profiles".into(), profiles.to_vec().into());
        }
    }

    /// Sets an enum `_id` attribute and its caption sibling from a table of `(id, caption)`.
    pub fn put_enum(
        map: &mut Map<String, Value>,
        path: &[Seg],
        sibling: Option<&'static str>,
        value: Option<Value>,
        captions: &[(i64, &'static str)],
    ) {
        let Some(value) = value else { return };
        let caption = value
            .as_i64()
            .and_then(|id| captions.iter().find(|(k, _)| *k == id))
            .map(|(_, c)| *c);
        if let (Some(sibling), Some(caption), Some((_, parent))) =
            (sibling, caption, path.split_last())
        {
            let mut sibling_path = parent.to_vec();
            sibling_path.push((sibling, false));
            *slot(map, &sibling_path) = Value::from(caption);
        }
        *slot(map, path) = value;
    }

    fn slot<'m>(mut map: &'m mut Map<String, Value>, path: &[Seg]) -> &'m mut Value {
        let (last, parents) = path.split_last().expect("the derive emits non-empty paths");
        for &(name, array) in parents {
            let entry = map.entry(name).or_insert_with(|| {
                if array {
                    Value::Array(Vec::new())
                } else {
                    Value::Object(Map::new())
                }
            });
            let entry = if array {
                if !entry.is_array() {
                    *entry = Value::Array(Vec::new());
                }
                let items = entry.as_array_mut().expect("just made an array");
                if items.is_empty() {
                    items.push(Value::Object(Map::new()));
                }
                &mut items[0]
            } else {
                entry
            };
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            map = entry.as_object_mut().expect("just made an object");
        }
        map.entry(last.0).or_insert(Value::Null)
    }

    /// The current time as OCSF `timestamp_t`, for an event whose `time` is not mapped.
    pub fn now() -> Value {
        Value::from(Timestamp::now().as_millis())
    }
}

#[cfg(test)]
mod tests {
    use super::__private::*;
    use serde_json::json;

    #[test]
    fn put_creates_objects_and_the_first_array_element() {
        let mut map = Map::new();
        put(
            &mut map,
            &[("actor", false), ("user", false), ("uid", false)],
            Some(json!("u")),
        );
        put(
            &mut map,
            &[("resources", true), ("uid", false)],
            Some(json!("r1")),
        );
        put(
            &mut map,
            &[("resources", true), ("name", false)],
            Some(json!("n1")),
        );
        put(&mut map, &[("message", false)], None);
        assert_eq!(
            Value::Object(map),
            json!({"actor": {"user": {"uid": "u"}}, "resources": [{"uid": "r1", "name": "n1"}]})
        );
    }

    #[test]
    fn put_enum_writes_the_caption_beside_the_id() {
        let mut map = Map::new();
        let table = [(1, "Logon"), (2, "Logoff")];
        put_enum(
            &mut map,
            &[("x", false), ("a_id", false)],
            Some("a"),
            Some(json!(2)),
            &table,
        );
        put_enum(
            &mut map,
            &[("b_id", false)],
            Some("b"),
            Some(json!(7)),
            &table,
        );
        assert_eq!(
            Value::Object(map),
            json!({"x": {"a_id": 2, "a": "Logoff"}, "b_id": 7})
        );
    }

    #[test]
    fn status_from_bool_and_result() {
        let mut map = Map::new();
        put_status(&mut map, Status::status(&Err::<(), _>("locked out")));
        assert_eq!(
            Value::Object(map),
            json!({"status_id": 2, "status": "Failure", "status_detail": "locked out"})
        );
        assert_eq!(Status::status(&true), (1, None));
    }
}
