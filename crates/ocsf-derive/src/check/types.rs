//! The JSON kind an attribute's OCSF type takes, and how a value of that kind is written.
//! Refuses a literal in `set(...)` that the attribute's type cannot hold and `display` onto an
//! attribute that is not a string. A field's own Rust type is not judged here: the plan bounds
//! it by the kind (`OcsfValue<kind::port_t>`), so that the compiler points at the field's type.

use ocsf_schema::{Attribute, BaseType};
use syn::{Lit, LitStr};

use super::enums::{enum_captions, is_int_enum};
use super::version::schema;
use super::{Fixed, Seg, Write};
use crate::ctxt::Ctxt;

/// The JSON kind a field's Rust type must produce.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    Integer,
    Port,
    Timestamp,
    Float,
    Boolean,
    EnumId,
    /// `json_t` or an object: anything `Serialize`.
    Serialize,
}

impl Kind {
    pub fn marker(self) -> &'static str {
        match self {
            Kind::String => "string_t",
            Kind::Integer => "integer_t",
            Kind::Port => "port_t",
            Kind::Timestamp => "timestamp_t",
            Kind::Float => "float_t",
            Kind::Boolean => "boolean_t",
            Kind::EnumId => "enum_id",
            Kind::Serialize => "json",
        }
    }
}

pub(super) fn kind_of(attr: &Attribute) -> Kind {
    let Some(mut ty) = schema().data_type_of(attr) else {
        return Kind::Serialize;
    };
    if is_int_enum(attr) {
        return Kind::EnumId;
    }
    loop {
        match ty.name {
            "port_t" => return Kind::Port,
            "timestamp_t" => return Kind::Timestamp,
            _ => {}
        }
        match ty.extends.and_then(|e| schema().data_type(e)) {
            Some(parent) => ty = parent,
            None => break,
        }
    }
    match ty.base {
        BaseType::String => Kind::String,
        BaseType::Integer | BaseType::Long => Kind::Integer,
        BaseType::Float => Kind::Float,
        BaseType::Boolean => Kind::Boolean,
        BaseType::Json | BaseType::Object => Kind::Serialize,
    }
}

/// A literal of `set(...)` as the value of `attr` (not an enum), if its type can hold it.
pub(super) fn literal(lit: &Lit, attr: &Attribute) -> Option<Fixed> {
    match (lit, schema().base_type_of(attr)) {
        (Lit::Str(s), BaseType::String) => Some(Fixed::Str(s.value())),
        (Lit::Int(i), BaseType::Integer | BaseType::Long) => i.base10_parse().map(Fixed::Int).ok(),
        (Lit::Float(f), BaseType::Float) => f.base10_parse().map(Fixed::Float).ok(),
        (Lit::Int(i), BaseType::Float) => i.base10_parse().map(Fixed::Float).ok(),
        (Lit::Bool(b), BaseType::Boolean) => Some(Fixed::Bool(b.value)),
        _ => None,
    }
}

/// How a field mapped by `path` onto `attr` at `segs` is written; with `display`, through
/// the field's `Display`, which needs a string attribute.
pub(super) fn path_write(
    cx: &mut Ctxt,
    path: &LitStr,
    attr: &'static Attribute,
    segs: Vec<Seg>,
    display: bool,
) -> Write {
    let leaf_array = segs.last().is_some_and(|s| s.1);
    let kind = kind_of(attr);
    if display {
        if kind != Kind::String || (attr.is_array && !leaf_array) {
            cx.error(
                path.span(),
                format!(
                    "`display` needs a string attribute; `{}` is a `{}`",
                    attr.name, attr.type_name
                ),
            );
        }
        Write::Display { segs }
    } else if kind == Kind::Serialize {
        Write::Serialize { segs }
    } else if kind == Kind::EnumId && !attr.is_array {
        Write::Enum {
            segs,
            sibling: attr.sibling,
            captions: enum_captions(attr),
        }
    } else {
        Write::Value {
            segs,
            kind,
            array: attr.is_array && !leaf_array,
        }
    }
}
