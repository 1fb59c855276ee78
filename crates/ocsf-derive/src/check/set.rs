//! `#[ocsf(set(name = literal))]`: attributes an item fixes for every event. Refuses a name
//! that is not an attribute of the class (with a "did you mean"), an attribute the derive
//! fills itself, an attribute of an undeclared profile, and a literal the attribute cannot
//! hold: an enum takes one of its ids or captions (its caption attribute is written beside
//! it, unless set too), anything else a literal of its type.

use ocsf_schema::Attribute;
use syn::Lit;

use super::class::check_profile;
use super::enums::{
    enum_caption_error, enum_caption_lookup, enum_listing, enum_of_caption, is_int_enum,
};
use super::{filled_by_the_derive, types, EventInput, Fixed, Writes};
use crate::attr::Set;
use crate::ctxt::Ctxt;
use crate::names::suggestion;

pub(super) fn set_value(cx: &mut Ctxt, input: &EventInput<'_>, set: &Set, out: &mut Writes) {
    let class = input.class;
    let name = set.name.to_string();
    // `set(severity = "Low")` names the caption of the enum `severity_id`, unless that is set
    // too.
    let by_caption = enum_of_caption(class, &name)
        .filter(|id_attr| !input.sets.iter().any(|s| s.name == id_attr.name));
    let Some(attr) = by_caption.or_else(|| class.attribute(&name)) else {
        let names = class.attributes().iter().map(|a| a.name);
        cx.error(
            set.name.span(),
            format!(
                "`{name}` is not an attribute of `{}`{}",
                class.name,
                suggestion(&name, names)
            ),
        );
        return;
    };
    check_profile(cx, attr, input.profiles, set.name.span());
    if filled_by_the_derive(attr.name, None) {
        cx.error(
            set.name.span(),
            format!("`{}` is filled by the derive and cannot be set", attr.name),
        );
        return;
    }
    // Counted as written even when the value is wrong: one mistake, one error.
    out.set_writes(set, attr.name);
    if is_int_enum(attr) {
        if let Some(id) = enum_id(cx, attr, &set.value) {
            out.fix(set, attr.name, Fixed::Int(id));
            if let (Some(sibling), Some(caption)) = (attr.sibling, attr.enum_caption(id)) {
                // An explicit caption (`Other` with a source's own name) wins.
                if !input
                    .sets
                    .iter()
                    .any(|s| s.name == sibling && s.name != set.name)
                {
                    out.fix(set, sibling, Fixed::Str(caption.to_owned()));
                }
            }
        }
        return;
    }
    match types::literal(&set.value, attr) {
        Some(value) => out.fix(set, attr.name, value),
        None => cx.error(
            set.value.span(),
            format!(
                "this literal cannot be the `{}` attribute `{}`",
                attr.type_name, attr.name
            ),
        ),
    }
}

/// The id a literal names in the integer enum `attr`: the id itself, or its caption.
fn enum_id(cx: &mut Ctxt, attr: &Attribute, value: &Lit) -> Option<i64> {
    let span = value.span();
    match value {
        Lit::Int(i) => match i.base10_parse::<i64>() {
            Ok(id) if attr.enum_value(id).is_some() => Some(id),
            Ok(id) => {
                cx.error(
                    span,
                    format!(
                        "`{}` has no value {id}; expected one of {}",
                        attr.name,
                        enum_listing(attr)
                    ),
                );
                None
            }
            Err(e) => {
                cx.syn_error(e);
                None
            }
        },
        Lit::Str(s) => {
            let found = enum_caption_lookup(attr, &s.value());
            if found.is_none() {
                cx.error(span, enum_caption_error(attr, &s.value()));
            }
            found.map(|(id, _)| id)
        }
        _ => {
            cx.error(
                span,
                format!(
                    "`{}` is an enum: expected its caption as a string or its id",
                    attr.name
                ),
            );
            None
        }
    }
}
