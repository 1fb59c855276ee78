//! Reading generated types out of JSON, strictly or leniently.
//!
//! Every generated `Deserialize` reads a `serde_json::Map` (one instantiation per deserializer,
//! shared by all types) and then converts it with non-generic code compiled once, in this crate.
//! Derived deserializers would instead be monomorphised for every type in every downstream
//! crate; on 238 types that was most of a clean build. The conversion moves each value out of
//! the map (nothing is parsed twice) and keeps the JSON Pointer of where it is, so an error
//! names the value it is about.
//!
//! A [`Reader`] reads in one of two modes:
//!
//! - **strict** (`Deserialize`, [`FromJsonMap::from_json_map`], `Event::from_slice`): the first
//!   value that does not fit its type, or a missing required attribute, fails the whole read;
//! - **lenient** (`lenient::Event::from_slice` and the `lenient` classes): a value that does
//!   not read as its attribute's type is set aside, kept as read in the `extra` of the object
//!   that holds it (so the event still writes back unchanged), and reported as a [`Problem`];
//!   so is an object one of whose required attributes is missing. The attributes of a lenient
//!   class are all `Option`s, so a missing required one reads as `None` and is reported.
//!   Nothing is converted or invented: a value either reads as its type or is set aside.
//!
//! ```
//! use ocsf::{lenient, Event};
//!
//! let bytes = br#"{"class_uid": 3002, "activity_id": 1, "category_uid": 3, "type_uid": 300201,
//!     "severity_id": 1, "time": 1700000000000, "user": {"uid": "u-1"},
//!     "metadata": {"version": "1.6.0", "product": {"name": "IdP"}}}"#;
//! match Event::from_slice(bytes)? {            // parsed once, typed by its class_uid
//!     Event::Authentication(auth) => assert_eq!(auth.user.uid.as_deref(), Some("u-1")),
//!     Event::Unknown { class_uid, raw } => println!("class {class_uid}, kept as read: {raw:?}"),
//!     other => println!("{:?} ({})", other.class_caption(), other.class_uid()),
//! }
//!
//! // No `user`, and `time` as a string: strict reading fails on the first, naming class and pointer;
//! let broken = br#"{"class_uid": 3002, "activity_id": 1, "category_uid": 3, "type_uid": 300201,
//!     "severity_id": 1, "time": "2023-11-14", "metadata": {"version": "1.6.0", "product": {"name": "IdP"}}}"#;
//! let error = Event::from_slice(broken).unwrap_err();
//! assert_eq!(error.pointer, "/time");
//! // lenient reading reads the rest and reports both.
//! let read = lenient::Event::from_slice(broken)?;
//! let lenient::Event::Authentication(auth) = &read.value else { unreachable!() };
//! assert!(auth.user.is_none() && auth.time.is_none());
//! assert_eq!(auth.extra["time"], "2023-11-14");        // set aside, written back as read
//! let problems: Vec<String> = read.problems.iter().map(|p| p.to_string()).collect();
//! assert_eq!(problems, [
//!     "Authentication (3002) `/time`: expected milliseconds since the epoch (an integer), found a string (kept as read in `extra`)",
//!     "Authentication (3002) `/user`: required attribute is missing",
//! ]);
//! # Ok::<(), ocsf::de::ReadError>(())
//! ```
//!
//! The README's "Reading any event typed" shows this same example.

use serde_json::{Map, Value};

use crate::types::Timestamp;

/// What went wrong with a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The bytes are not JSON (the message has line and column).
    Syntax,
    /// A required attribute is absent, or `null`.
    Missing,
    /// A value of another JSON type, or a number out of the type's range.
    WrongType,
}

/// Why JSON does not read as a generated type: what, where (a JSON Pointer) and, when reading
/// an event, in which class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub kind: ErrorKind,
    /// JSON Pointer (RFC 6901) to the value, or to where a missing attribute belongs
    /// (`/metadata/product`); empty for the whole document.
    pub pointer: String,
    /// The class being read, `(class_uid, caption)`, when the failure is inside one.
    pub class: Option<(u32, &'static str)>,
    /// What is wrong, without the value (it may be personal data or a secret).
    pub message: String,
}

impl ReadError {
    fn new(kind: ErrorKind, pointer: String, message: impl Into<String>) -> ReadError {
        ReadError {
            kind,
            pointer,
            class: None,
            message: message.into(),
        }
    }

    /// The same error, said to be inside the class `(uid, caption)`.
    #[must_use]
    pub fn in_class(mut self, uid: u32, caption: &'static str) -> ReadError {
        self.class = Some((uid, caption));
        self
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some((uid, caption)) = self.class {
            write!(f, "{caption} ({uid}) ")?;
        }
        if self.pointer.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "`{}`: {}", self.pointer, self.message)
        }
    }
}

impl std::error::Error for ReadError {}

/// Something lenient reading read around instead of failing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What and where, as strict reading would have failed on it.
    pub error: ReadError,
    /// The JSON Pointer of the attribute whose value was set aside, kept as read in its
    /// object's `extra`: the failing value itself, or the object (or array) around it that
    /// could not be built. `None` when nothing was set aside (a missing attribute, an event
    /// whose `class_uid` cannot be read and which is kept whole).
    pub set_aside: Option<String>,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.error, f)?;
        match &self.set_aside {
            Some(p) if *p == self.error.pointer => write!(f, " (kept as read in `extra`)"),
            Some(p) => write!(f, " (`{p}` kept as read in `extra`)"),
            None => Ok(()),
        }
    }
}

/// A leniently read value and the problems read around; empty `problems` means a strict read
/// would have succeeded.
#[derive(Debug, Clone, PartialEq)]
pub struct Lenient<T> {
    pub value: T,
    pub problems: Vec<Problem>,
}

impl<T> Lenient<T> {
    /// No problem was read around.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

#[derive(Debug, Clone, Copy)]
enum Segment {
    Key(&'static str),
    Index(usize),
}

/// The reading context: the mode, the pointer of the value being read, the problems so far.
#[derive(Debug)]
pub struct Reader {
    lenient: bool,
    class: Option<(u32, &'static str)>,
    path: Vec<Segment>,
    problems: Vec<Problem>,
}

impl Reader {
    /// A reader that fails on the first problem.
    pub fn strict() -> Reader {
        Reader {
            lenient: false,
            class: None,
            path: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// A reader that sets unreadable values aside and reports them.
    pub fn lenient() -> Reader {
        Reader {
            lenient: true,
            ..Reader::strict()
        }
    }

    /// Says that what follows is read inside the class `(uid, caption)`, which every error
    /// and problem then names.
    pub fn set_class(&mut self, uid: u32, caption: &'static str) {
        self.class = Some((uid, caption));
    }

    /// The problems read around so far.
    pub fn into_problems(self) -> Vec<Problem> {
        self.problems
    }

    /// The JSON Pointer of the value being read.
    pub fn pointer(&self) -> String {
        let mut out = String::new();
        for segment in &self.path {
            out.push('/');
            match segment {
                Segment::Key(key) => {
                    for c in key.chars() {
                        match c {
                            '~' => out.push_str("~0"),
                            '/' => out.push_str("~1"),
                            c => out.push(c),
                        }
                    }
                }
                Segment::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out
    }

    /// An error about the value being read.
    pub fn error(&self, kind: ErrorKind, message: impl Into<String>) -> ReadError {
        ReadError {
            class: self.class,
            ..ReadError::new(kind, self.pointer(), message)
        }
    }

    fn wrong_type(&self, expected: &str, found: &Value) -> ReadError {
        let found = match found {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(n) if n.is_f64() => "a number with a fraction",
            Value::Number(_) => "an integer out of range",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        self.error(
            ErrorKind::WrongType,
            format!("expected {expected}, found {found}"),
        )
    }

    fn report(&mut self, error: ReadError, set_aside: bool) {
        let set_aside = set_aside.then(|| self.pointer());
        self.problems.push(Problem { error, set_aside });
    }

    fn read_at<T: ReadJson>(&mut self, key: &'static str, value: Value) -> Result<T, ReadError> {
        self.path.push(Segment::Key(key));
        let read = T::read_json(value, self);
        self.path.pop();
        read
    }

    /// Reads a required attribute out of `map`: absent is an error naming it.
    pub fn required<T: ReadJson>(
        &mut self,
        map: &mut Map<String, Value>,
        key: &'static str,
    ) -> Result<T, ReadError> {
        match map.remove(key) {
            Some(value) => self.read_at(key, value),
            None => {
                self.path.push(Segment::Key(key));
                let error = self.error(ErrorKind::Missing, "required attribute is missing");
                self.path.pop();
                Err(error)
            }
        }
    }

    /// Reads an optional attribute out of `map`: absent and `null` both read as `None`. A
    /// lenient reader sets a value that does not read aside (back into `map`, which becomes the
    /// object's `extra`) and reports it.
    pub fn optional<T: ReadJson>(
        &mut self,
        map: &mut Map<String, Value>,
        key: &'static str,
    ) -> Result<Option<T>, ReadError> {
        match map.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(value) if self.lenient => Ok(self.set_aside_on_error(map, key, value)),
            Some(value) => self.read_at(key, value).map(Some),
        }
    }

    /// Reads an attribute of a lenient class: whatever happens it reads, as `None` where it
    /// does not. A `required` attribute that is absent or `null` is reported.
    pub fn lenient_field<T: ReadJson>(
        &mut self,
        map: &mut Map<String, Value>,
        key: &'static str,
        required: bool,
    ) -> Option<T> {
        let value = map.remove(key);
        if required && matches!(value, None | Some(Value::Null)) {
            self.path.push(Segment::Key(key));
            let error = self.error(ErrorKind::Missing, "required attribute is missing");
            let kept = value.is_some();
            self.report(error, kept);
            self.path.pop();
            if let Some(null) = value {
                map.insert(key.to_owned(), null);
            }
            return None;
        }
        match value {
            None | Some(Value::Null) => None,
            Some(value) => self.set_aside_on_error(map, key, value),
        }
    }

    fn set_aside_on_error<T: ReadJson>(
        &mut self,
        map: &mut Map<String, Value>,
        key: &'static str,
        value: Value,
    ) -> Option<T> {
        // Reading moves the value; keep a copy to set aside should it fail. Scalars are cheap
        // to copy, and lenient reading is for inspecting events, not the fast path.
        let kept = value.clone();
        self.path.push(Segment::Key(key));
        let read = T::read_json(value, self);
        let read = match read {
            Ok(v) => Some(v),
            Err(error) => {
                self.report(error, true);
                map.insert(key.to_owned(), kept);
                None
            }
        };
        self.path.pop();
        read
    }
}

/// Builds a generated type from the JSON object it was written as.
pub trait FromJsonMap: Sized {
    /// Reads the object with `reader`'s mode, reporting where it is.
    fn read_map(map: Map<String, Value>, reader: &mut Reader) -> Result<Self, ReadError>;

    /// Reads the object strictly.
    fn from_json_map(map: Map<String, Value>) -> Result<Self, ReadError> {
        Self::read_map(map, &mut Reader::strict())
    }
}

/// Builds a lenient class from its JSON object: it always reads, reporting what it read around.
pub trait FromJsonMapLenient: Sized {
    /// Reads the object with a lenient reader.
    fn read_map_lenient(map: Map<String, Value>, reader: &mut Reader) -> Self;

    /// Reads the object, returning what was read around.
    fn from_json_map_lenient(map: Map<String, Value>) -> Lenient<Self> {
        let mut reader = Reader::lenient();
        let value = Self::read_map_lenient(map, &mut reader);
        Lenient {
            value,
            problems: reader.into_problems(),
        }
    }
}

/// A type an attribute value reads as.
pub trait ReadJson: Sized {
    fn read_json(value: Value, reader: &mut Reader) -> Result<Self, ReadError>;
}

impl<T: FromJsonMap> ReadJson for T {
    fn read_json(value: Value, reader: &mut Reader) -> Result<Self, ReadError> {
        match value {
            Value::Object(map) => T::read_map(map, reader),
            other => Err(reader.wrong_type("an object", &other)),
        }
    }
}

// Only objects are boxed (`Box` is `#[fundamental]`, so a `ReadJson` impl for it would
// overlap the one above).
impl<T: FromJsonMap> FromJsonMap for Box<T> {
    fn read_map(map: Map<String, Value>, reader: &mut Reader) -> Result<Self, ReadError> {
        T::read_map(map, reader).map(Box::new)
    }
}

impl<T: ReadJson> ReadJson for Vec<T> {
    fn read_json(value: Value, reader: &mut Reader) -> Result<Self, ReadError> {
        let Value::Array(items) = value else {
            return Err(reader.wrong_type("an array", &value));
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            reader.path.push(Segment::Index(i));
            let read = T::read_json(item, reader);
            reader.path.pop();
            out.push(read?);
        }
        Ok(out)
    }
}

impl ReadJson for Value {
    fn read_json(value: Value, _: &mut Reader) -> Result<Self, ReadError> {
        Ok(value)
    }
}

impl ReadJson for String {
    fn read_json(value: Value, reader: &mut Reader) -> Result<Self, ReadError> {
        match value {
            Value::String(s) => Ok(s),
            other => Err(reader.wrong_type("a string", &other)),
        }
    }
}

impl ReadJson for bool {
    fn read_json(value: Value, reader: &mut Reader) -> Result<Self, ReadError> {
        value
            .as_bool()
            .ok_or_else(|| reader.wrong_type("a boolean", &value))
    }
}

impl ReadJson for i64 {
    fn read_json(value: Value, reader: &mut Reader) -> Result<Self, ReadError> {
        value
            .as_i64()
            .ok_or_else(|| reader.wrong_type("an integer", &value))
    }
}

impl ReadJson for f64 {
    fn read_json(value: Value, reader: &mut Reader) -> Result<Self, ReadError> {
        value
            .as_f64()
            .ok_or_else(|| reader.wrong_type("a number", &value))
    }
}

impl ReadJson for u16 {
    fn read_json(value: Value, reader: &mut Reader) -> Result<Self, ReadError> {
        value
            .as_u64()
            .and_then(|n| u16::try_from(n).ok())
            .ok_or_else(|| reader.wrong_type("a port number (0 to 65535)", &value))
    }
}

impl ReadJson for Timestamp {
    fn read_json(value: Value, reader: &mut Reader) -> Result<Self, ReadError> {
        value
            .as_i64()
            .map(Timestamp)
            .ok_or_else(|| reader.wrong_type("milliseconds since the epoch (an integer)", &value))
    }
}

/// An enum attribute's id (generated enums read through this).
pub fn read_enum_id(value: Value, reader: &mut Reader) -> Result<i64, ReadError> {
    value
        .as_i64()
        .ok_or_else(|| reader.wrong_type("an integer enum id", &value))
}

/// The JSON object an event is, from its bytes.
pub fn object_from_slice(bytes: &[u8]) -> Result<Map<String, Value>, ReadError> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(value) => object_from_value(value),
        Err(e) => Err(ReadError::new(
            ErrorKind::Syntax,
            String::new(),
            e.to_string(),
        )),
    }
}

/// The JSON object an event is.
pub fn object_from_value(value: Value) -> Result<Map<String, Value>, ReadError> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(Reader::strict().wrong_type("an event (an object)", &other)),
    }
}

/// The `class_uid` an event is dispatched on, read strictly.
pub fn class_uid(map: &Map<String, Value>) -> Result<i64, ReadError> {
    let mut reader = Reader::strict();
    reader.path.push(Segment::Key("class_uid"));
    match map.get("class_uid") {
        None | Some(Value::Null) => {
            Err(reader.error(ErrorKind::Missing, "required attribute is missing"))
        }
        Some(value) => value
            .as_i64()
            .ok_or_else(|| reader.wrong_type("an integer", value)),
    }
}

/// The `class_uid` an event is dispatched on, read leniently: an integer, or a string holding
/// one (the class's own `class_uid` attribute is then set aside and reported when it is read).
/// An event without one is reported here, and kept whole.
pub fn class_uid_lenient(map: &Map<String, Value>, reader: &mut Reader) -> Option<i64> {
    let read = class_uid(map);
    match (read, map.get("class_uid")) {
        (Ok(uid), _) => Some(uid),
        (Err(_), Some(Value::String(s))) if s.trim().parse::<i64>().is_ok() => {
            s.trim().parse().ok()
        }
        (Err(error), _) => {
            reader.problems.push(Problem {
                error,
                set_aside: None,
            });
            None
        }
    }
}
