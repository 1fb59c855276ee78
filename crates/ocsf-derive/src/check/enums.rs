//! Enum attributes: an integer `_id` whose values the schema lists with captions. Refuses a
//! caption the attribute does not list (matched ignoring case, spaces and separators, so a
//! variant `PasswordChange` names `Password Change`), and, for `#[derive(OcsfEnumValue)]`, a
//! target that is not an enum attribute of a class or object.

use ocsf_names::same_name;
use ocsf_schema::{Attribute, BaseType, Class, EnumKey};
use syn::LitStr;

use super::version::schema;
use crate::ctxt::Ctxt;
use crate::names::suggestion;

/// The `(id, caption)` pairs of an integer enum.
pub(super) fn enum_captions(attr: &Attribute) -> Vec<(i64, &'static str)> {
    attr.enum_values
        .unwrap_or(&[])
        .iter()
        .filter_map(|v| match v.key {
            EnumKey::Int(id) => Some((id, v.caption)),
            EnumKey::Str(_) => None,
        })
        .collect()
}

/// `` `Unknown` (0), `Logon` (1) ``, for "expected one of".
pub(super) fn enum_listing(attr: &Attribute) -> String {
    enum_captions(attr)
        .iter()
        .map(|(id, c)| format!("`{c}` ({id})"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn is_int_enum(attr: &Attribute) -> bool {
    attr.enum_values.is_some()
        && matches!(
            schema().base_type_of(attr),
            BaseType::Integer | BaseType::Long
        )
}

/// The caption attribute named by `set(x = "..")` when `x_id` is an enum: `severity` → `severity_id`.
pub(super) fn enum_of_caption(class: &'static Class, name: &str) -> Option<&'static Attribute> {
    let attrs: &'static [&'static Attribute] = class.attributes();
    attrs
        .iter()
        .find(|a| a.sibling == Some(name) && is_int_enum(a))
        .copied()
}

/// Resolves `class.path.to.attr` or `object.path.to.attr` to an enum attribute, for
/// `#[derive(OcsfEnumValue)]`.
pub fn enum_attribute(cx: &mut Ctxt, lit: &LitStr) -> Option<&'static Attribute> {
    let written = lit.value();
    let Some((owner, path)) = written.split_once('.') else {
        cx.error(
            lit.span(),
            "expected `class_or_object.attribute`, e.g. `authentication.auth_protocol_id`",
        );
        return None;
    };
    let found = if let Some(class) = schema().class_by_name(owner) {
        schema().attribute_path(class, path)
    } else if let Some(object) = schema().object(owner) {
        schema().attribute_path(object, path)
    } else {
        let names = schema()
            .classes
            .iter()
            .map(|c| c.name)
            .chain(schema().objects.iter().map(|o| o.name));
        cx.error(
            lit.span(),
            format!(
                "`{owner}` is neither an OCSF class nor an object{}",
                suggestion(owner, names)
            ),
        );
        return None;
    };
    match found {
        Some(attr) if is_int_enum(attr) => Some(attr),
        Some(attr) => {
            cx.error(
                lit.span(),
                format!("`{}` is not an enum attribute", attr.name),
            );
            None
        }
        None => {
            cx.error(
                lit.span(),
                format!("`{owner}` has no attribute path `{path}`"),
            );
            None
        }
    }
}

/// The value of an enum whose caption is `written`, ignoring case, spaces and separators.
pub fn enum_caption_lookup(attr: &Attribute, written: &str) -> Option<(i64, &'static str)> {
    enum_captions(attr)
        .into_iter()
        .find(|(_, c)| same_name(c, written))
}

pub fn enum_caption_error(attr: &Attribute, written: &str) -> String {
    let captions = enum_captions(attr);
    format!(
        "`{written}` is not a caption of `{}`; expected one of {}{}",
        attr.name,
        enum_listing(attr),
        suggestion(written, captions.iter().map(|(_, c)| *c))
    )
}
