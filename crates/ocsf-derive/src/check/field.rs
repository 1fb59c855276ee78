//! How each field is mapped: onto an attribute path, onto `status_id`/`status`/`status_detail`,
//! under `unmapped`, or skipped. Refuses a field without a mapping (every field must say where
//! it goes, so that adding one is a decision), `display` anywhere but on a path, `status` on a
//! class without `status_id`, and a path onto an attribute the derive fills itself; paths,
//! types, profiles and waivers are judged by their own modules.

use syn::{Ident, LitStr};

use super::class::check_profile;
use super::path::{resolve, sub_span};
use super::types::{kind_of, path_write, Kind};
use super::version::schema;
use super::{filled_by_the_derive, waiver, EventInput, FieldPlan, Write, Writes, Written};
use crate::attr::{self, FieldAttrs, Target};
use crate::ctxt::Ctxt;

/// The field being checked, as its target's checks need it.
struct Field<'f> {
    ident: &'f Ident,
    /// An `Option`: the attributes it writes may be absent.
    optional: bool,
    /// `pii(allow, reason = "...")`
    waiver: Option<&'f LitStr>,
    /// `display`: written through the field's `Display`.
    display: bool,
}

impl Field<'_> {
    /// The field writes `segs`; `span` is where to point at for it.
    fn written(&self, segs: Vec<String>, span: proc_macro2::Span, whole: bool) -> Written {
        Written {
            segs,
            span,
            whole,
            optional: self.optional,
            origin: format!("field `{}`", self.ident),
        }
    }
}

pub(super) fn field_plan<'a>(
    cx: &mut Ctxt,
    input: &EventInput<'_>,
    field: &'a syn::Field,
    attrs: &FieldAttrs,
    out: &mut Writes,
) -> Option<FieldPlan<'a>> {
    let ident = field.ident.as_ref().expect("named field");
    let ty = &field.ty;
    let Some(target) = &attrs.target else {
        cx.error(
            ident.span(),
            format!(
                "field `{ident}` is not mapped: add `#[ocsf(path = \"...\")]`, `#[ocsf(status)]`, `#[ocsf(unmapped = \"...\")]` or `#[ocsf(skip)]`"
            ),
        );
        return None;
    };
    if matches!(target, Target::Skip) {
        // A skipped field never reaches an event, whatever it holds.
        return None;
    }
    let this = Field {
        ident,
        optional: attr::option_inner(ty).is_some(),
        waiver: attrs.pii_allow.as_ref(),
        display: attrs.display,
    };
    let mut waived = waiver::secret_field(cx, ident, ty, this.waiver);
    if this.display && !matches!(target, Target::Path(_)) {
        cx.error(
            ident.span(),
            "`display` applies to a field mapped with `path`",
        );
    }
    // The write, and the path a waiver names.
    let (write, path) = match target {
        Target::Skip => return None,
        Target::Status(span) => {
            if input.class.attribute("status_id").is_none() {
                cx.error(
                    *span,
                    format!("`{}` has no `status_id` attribute", input.class.name),
                );
            }
            for name in ["status_id", "status", "status_detail"] {
                out.written
                    .push(this.written(vec![name.to_owned()], *span, false));
            }
            (Write::Status, String::new())
        }
        Target::Unmapped(key) => {
            let segs = vec!["unmapped".to_owned(), key.value()];
            out.written.push(this.written(segs, key.span(), false));
            let write = Write::Serialize {
                segs: vec![("unmapped".to_owned(), false), (key.value(), false)],
            };
            (write, format!("unmapped.{}", key.value()))
        }
        Target::Path(lit) => {
            let (write, personal) = path_target(cx, input, &this, lit, out)?;
            waived |= personal;
            (write, lit.value())
        }
    };
    if let (true, Some(reason)) = (waived, this.waiver) {
        out.waivers.push((
            format!("{}{ident}", input.field_prefix),
            path,
            reason.value(),
        ));
    }
    Some(FieldPlan { ident, ty, write })
}

/// A field mapped by `path = "..."`: the write, and whether it carries personal data with a
/// waiver. `None` when the path does not resolve.
fn path_target(
    cx: &mut Ctxt,
    input: &EventInput<'_>,
    field: &Field<'_>,
    lit: &LitStr,
    out: &mut Writes,
) -> Option<(Write, bool)> {
    let path = lit.value();
    let resolved = match resolve(input.class, &path) {
        Ok(r) => r,
        Err((message, range)) => {
            cx.error(sub_span(lit, range), message);
            return None;
        }
    };
    let first = resolved.segs[0].0.as_str();
    if filled_by_the_derive(first, resolved.segs.get(1).map(|s| s.0.as_str())) {
        cx.error(
            lit.span(),
            format!("`{path}` is filled by the derive and cannot be mapped"),
        );
    }
    for ((_, attr), range) in resolved.chain.iter().zip(&resolved.ranges) {
        check_profile(cx, attr, input.profiles, sub_span(lit, range.clone()));
    }
    let personal = waiver::personal_path(cx, lit, &resolved, field.waiver);
    let attr = resolved.attr;
    let whole = kind_of(attr) == Kind::Serialize && schema().object_of(attr).is_some();
    let segs = resolved.segs.iter().map(|s| s.0.clone()).collect();
    out.written.push(field.written(segs, lit.span(), whole));
    let write = path_write(cx, lit, attr, resolved.segs, field.display);
    Some((write, personal))
}
