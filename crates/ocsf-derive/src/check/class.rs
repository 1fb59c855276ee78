//! The class an item maps onto, the activity of each event and the profiles the item declares.
//! Refuses a missing or unknown class, a missing activity or one that is not among the class's
//! activities, a profile the class cannot declare, and an attribute of a profile the item has
//! not declared: the event's `metadata.profiles` must name every profile whose attributes it
//! carries.

use ocsf_schema::{Attribute, Class};
use proc_macro2::Span;
use syn::LitStr;

use super::version::schema;
use crate::ctxt::Ctxt;
use crate::names::{list, suggestion};

pub fn class(cx: &mut Ctxt, lit: Option<&LitStr>, span: Span) -> Option<&'static Class> {
    let lit = given(
        cx,
        lit,
        span,
        "missing `#[ocsf(class = \"...\")]`: name the OCSF class, e.g. `authentication`",
    )?;
    let name = lit.value();
    let found = schema().class_by_name(&name);
    if found.is_none() {
        let names = schema().classes.iter().flat_map(|c| [c.name, c.caption]);
        cx.error(
            lit.span(),
            format!("unknown OCSF class `{name}`{}", suggestion(&name, names)),
        );
    }
    found
}

pub fn profiles(cx: &mut Ctxt, class: &'static Class, lits: &[LitStr]) -> Vec<String> {
    let mut out = Vec::new();
    for lit in lits {
        let name = lit.value();
        if class.profiles.contains(&name.as_str()) {
            out.push(name);
        } else {
            cx.error(
                lit.span(),
                format!(
                    "`{}` cannot declare the profile `{name}`; its profiles are {}{}",
                    class.name,
                    list(class.profiles.iter().copied()),
                    suggestion(&name, class.profiles.iter().copied())
                ),
            );
        }
    }
    out
}

/// The id and caption of the activity named by `#[ocsf(activity = "...")]`.
pub(super) fn activity(
    cx: &mut Ctxt,
    class: &'static Class,
    lit: Option<&LitStr>,
    span: Span,
) -> Option<(i64, &'static str)> {
    let lit = given(
        cx,
        lit,
        span,
        "missing `#[ocsf(activity = \"...\")]`: name the activity by its caption, e.g. `logon`",
    )?;
    let written = lit.value();
    let id = class.activity_id(&written);
    let caption = id.and_then(|id| class.activity_caption(id));
    match (id, caption) {
        (Some(id), Some(caption)) => Some((id, caption)),
        _ => {
            let captions: Vec<&str> = class
                .attribute("activity_id")
                .and_then(|a| a.enum_values)
                .unwrap_or(&[])
                .iter()
                .map(|v| v.caption)
                .collect();
            cx.error(
                lit.span(),
                format!(
                    "`{written}` is not an activity of `{}`; expected one of {}{}",
                    class.name,
                    list(captions.iter().copied()),
                    suggestion(&written, captions.iter().copied())
                ),
            );
            None
        }
    }
}

/// `lit`, or `None` with the error `missing` at `span`.
fn given<'l>(
    cx: &mut Ctxt,
    lit: Option<&'l LitStr>,
    span: Span,
    missing: &str,
) -> Option<&'l LitStr> {
    if lit.is_none() {
        cx.error(span, missing);
    }
    lit
}

/// Refuses `attr` when it belongs to a profile the item has not declared.
pub(super) fn check_profile(cx: &mut Ctxt, attr: &Attribute, profiles: &[String], span: Span) {
    if let Some(profile) = attr.profile {
        if !profiles.iter().any(|p| p == profile) {
            cx.error(
                span,
                format!(
                    "`{}` belongs to the `{profile}` profile: declare it with `#[ocsf(profiles(\"{profile}\"))]`",
                    attr.name
                ),
            );
        }
    }
}
