//! Required attributes and constraints. Refuses an event that leaves out an attribute its
//! class requires (or one its declared profiles require), or maps it only from an `Option`
//! that may be absent; that breaks the class's `at_least_one` or `just_one` constraint; or that
//! creates an object (by a path into it) without what the object requires. An object written
//! whole is its type's business. Also refuses a `#[ocsf(product(...))]` that leaves out an
//! attribute `metadata.product` requires in the item's version.

use std::collections::BTreeSet;

use ocsf_schema::{Attribute, Constraints, Requirement};
use proc_macro2::Span;

use super::version::schema;
use super::{EventInput, Written, BY_THE_DERIVE};
use crate::ctxt::Ctxt;
use crate::names::list;

/// The required attributes of `metadata.product` in the item's version that
/// `#[ocsf(product(...))]` leaves out (`name` and `version` default to the crate's).
pub fn product(cx: &mut Ctxt, given: &[&str], span: Span) {
    let Some(product) = schema().object("product") else {
        return;
    };
    let missing: Vec<&str> = product
        .attributes()
        .iter()
        .filter(|a| a.requirement == Requirement::Required && a.profile.is_none())
        .map(|a| a.name)
        .filter(|name| !given.contains(name))
        .collect();
    if !missing.is_empty() {
        cx.error(
            span,
            format!(
                "OCSF {} requires {} in `metadata.product`: set it with `#[ocsf(product(...))]`",
                schema().version,
                list(missing.iter().copied())
            ),
        );
    }
}

/// The class, or an object a path creates, whose requirements are checked against the
/// written paths `depth` segments in.
struct Owner {
    name: &'static str,
    attributes: &'static [&'static Attribute],
    constraints: &'static Constraints,
    /// 0 for the class.
    depth: usize,
}

/// Required attributes and constraints of the class, and of every object a path creates.
pub(super) fn required(cx: &mut Ctxt, input: &EventInput<'_>, written: &[Written]) {
    let class = Owner {
        name: input.class.name,
        attributes: input.class.attributes(),
        constraints: &input.class.constraints,
        depth: 0,
    };
    let written: Vec<&Written> = written.iter().collect();
    check(cx, &class, &written, input.profiles, input.class_span);
}

fn is_required(attr: &Attribute, profiles: &[String]) -> bool {
    attr.requirement == Requirement::Required
        && attr.profile.is_none_or(|p| profiles.iter().any(|d| d == p))
}

/// Checks `owner` against the paths written into it, errors at `span`, then each object
/// written into, at the first path a field writes into it.
fn check(cx: &mut Ctxt, owner: &Owner, written: &[&Written], profiles: &[String], span: Span) {
    let depth = owner.depth;
    let here: Vec<&Written> = written
        .iter()
        .copied()
        .filter(|w| w.segs.len() > depth)
        .collect();
    let names: BTreeSet<&str> = here.iter().map(|w| w.segs[depth].as_str()).collect();
    let present = |name: &str| here.iter().any(|w| w.segs[depth] == name && !w.optional);
    let missing: Vec<&str> = owner
        .attributes
        .iter()
        .filter(|a| is_required(a, profiles) && !present(a.name))
        .map(|a| a.name)
        .collect();
    let (only_optional, absent): (Vec<&str>, Vec<&str>) =
        missing.iter().partition(|m| names.contains(*m));
    let what = if depth == 0 {
        "the class"
    } else {
        "the object"
    };
    let name = owner.name;
    if !absent.is_empty() {
        let mut message = format!(
            "{what} `{name}` requires {}, neither mapped nor set",
            list(absent.iter().copied())
        );
        if depth == 0 {
            message.push_str("; map a field onto each with `#[ocsf(path = \"...\")]` or fix it with `#[ocsf(set(name = ...))]`");
        }
        cx.error(span, message);
    }
    if !only_optional.is_empty() {
        cx.error(
            span,
            format!(
                "{what} `{name}` requires {}, mapped only from `Option` fields that may be absent",
                list(only_optional.iter().copied())
            ),
        );
    }
    constraints(cx, owner, &names, span);
    for name in names {
        let Some(attr) = owner.attributes.iter().find(|a| a.name == name) else {
            continue;
        };
        let Some(object) = schema().object_of(attr) else {
            continue;
        };
        let inside: Vec<&Written> = here
            .iter()
            .copied()
            .filter(|w| w.segs[depth] == name)
            .collect();
        // An object written whole is the type's business; one written only by the derive is
        // complete by construction.
        if inside.iter().any(|w| w.whole && w.segs.len() == depth + 1)
            || inside.iter().all(|w| w.origin == BY_THE_DERIVE)
        {
            continue;
        }
        let deeper: Vec<&Written> = inside
            .into_iter()
            .filter(|w| w.segs.len() > depth + 1)
            .collect();
        let span = deeper
            .iter()
            .find(|w| w.origin != BY_THE_DERIVE)
            .map_or(span, |w| w.span);
        let object = Owner {
            name: object.name,
            attributes: object.attributes(),
            constraints: &object.constraints,
            depth: depth + 1,
        };
        check(cx, &object, &deeper, profiles, span);
    }
}

/// `at_least_one` and `just_one` of `owner`, over the attributes written into it (`names`).
fn constraints(cx: &mut Ctxt, owner: &Owner, names: &BTreeSet<&str>, span: Span) {
    let (name, constraints) = (owner.name, owner.constraints);
    let top = |path: &'static str| path.split('.').next().unwrap_or(path);
    if !constraints.at_least_one.is_empty()
        && !constraints
            .at_least_one
            .iter()
            .any(|p| names.contains(top(p)))
    {
        cx.error(
            span,
            format!(
                "`{name}` requires at least one of {}, none is mapped",
                list(constraints.at_least_one.iter().copied())
            ),
        );
    }
    if !constraints.just_one.is_empty() {
        let count = constraints
            .just_one
            .iter()
            .filter(|p| names.contains(top(p)))
            .count();
        if count != 1 {
            cx.error(
                span,
                format!(
                    "`{name}` requires exactly one of {}, {count} are mapped",
                    list(constraints.just_one.iter().copied())
                ),
            );
        }
    }
}
