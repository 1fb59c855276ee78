//! The `#[ocsf(...)]` attributes, parsed into plain values with their spans. Parsing records
//! every problem in the [`Ctxt`] and carries on.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Attribute, Field, Ident, Lit, LitStr, Type};

use crate::ctxt::Ctxt;

/// Attributes of the struct or enum.
#[derive(Default)]
pub struct Container {
    /// `version = "1.1.0"`: the OCSF version the mapping is checked against and writes.
    pub version: Option<LitStr>,
    pub class: Option<LitStr>,
    pub activity: Option<LitStr>,
    pub sets: Vec<Set>,
    pub product: Product,
    pub profiles: Vec<LitStr>,
}

/// `#[ocsf(product(name = "..", vendor_name = "..", version = "..", uid = ".."))]`
#[derive(Default)]
pub struct Product {
    pub name: Option<LitStr>,
    pub vendor_name: Option<LitStr>,
    pub version: Option<LitStr>,
    pub uid: Option<LitStr>,
}

/// One `name = value` of `#[ocsf(set(...))]`.
pub struct Set {
    pub name: Ident,
    pub value: Lit,
}

/// Attributes of an enum variant (each variant is an activity).
#[derive(Default)]
pub struct Variant {
    pub activity: Option<LitStr>,
    pub sets: Vec<Set>,
}

/// Where one field goes.
pub enum Target {
    /// `path = "actor.user.uid"`
    Path(LitStr),
    /// `status`: `status_id`, `status`, `status_detail` from a bool or a `Result`.
    Status(Span),
    /// `unmapped = "key"`
    Unmapped(LitStr),
    Skip,
}

pub struct FieldAttrs {
    pub target: Option<Target>,
    /// `display`: a string attribute from the field's `Display`.
    pub display: bool,
    /// `pii(allow, reason = "..")`: the reason.
    pub pii_allow: Option<LitStr>,
}

fn ocsf_attrs(attrs: &[Attribute]) -> impl Iterator<Item = &Attribute> {
    attrs.iter().filter(|a| a.path().is_ident("ocsf"))
}

fn unknown(meta: &syn::meta::ParseNestedMeta, expected: &[&str]) -> syn::Error {
    let name = meta
        .path
        .get_ident()
        .map_or_else(|| "?".to_owned(), ToString::to_string);
    meta.error(format!(
        "unknown ocsf attribute `{name}`; expected one of {}{}",
        crate::names::list(expected.iter().copied()),
        crate::names::suggestion(&name, expected.iter().copied())
    ))
}

/// Accepts the tokens after a `name` it does not know, so that parsing can go on.
fn skip_value(meta: &syn::meta::ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let _content;
        syn::parenthesized!(_content in meta.input);
    }
    Ok(())
}

fn parse_sets(
    meta: &syn::meta::ParseNestedMeta,
    cx: &mut Ctxt,
    sets: &mut Vec<Set>,
) -> syn::Result<()> {
    meta.parse_nested_meta(|inner| {
        let Some(name) = inner.path.get_ident().cloned() else {
            return Err(inner.error("expected an attribute name"));
        };
        match inner.value()?.parse::<Lit>() {
            Ok(value) => sets.push(Set { name, value }),
            Err(e) => cx.syn_error(e),
        }
        Ok(())
    })
}

pub fn container(cx: &mut Ctxt, attrs: &[Attribute]) -> Container {
    let mut out = Container::default();
    for attr in ocsf_attrs(attrs) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("class") {
                out.class = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("version") {
                out.version = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("activity") {
                out.activity = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("set") {
                parse_sets(&meta, cx, &mut out.sets)?;
            } else if meta.path.is_ident("profiles") {
                // `profiles("host", "cloud")` holds string literals, not nested metas.
                let content;
                syn::parenthesized!(content in meta.input);
                let lits = syn::punctuated::Punctuated::<LitStr, syn::Token![,]>::parse_terminated(
                    &content,
                )?;
                out.profiles.extend(lits);
            } else if meta.path.is_ident("product") {
                meta.parse_nested_meta(|inner| {
                    let slot = if inner.path.is_ident("name") {
                        &mut out.product.name
                    } else if inner.path.is_ident("vendor_name") {
                        &mut out.product.vendor_name
                    } else if inner.path.is_ident("version") {
                        &mut out.product.version
                    } else if inner.path.is_ident("uid") {
                        &mut out.product.uid
                    } else {
                        cx.syn_error(unknown(&inner, &["name", "vendor_name", "version", "uid"]));
                        return skip_value(&inner);
                    };
                    *slot = Some(inner.value()?.parse()?);
                    Ok(())
                })?;
            } else {
                cx.syn_error(unknown(
                    &meta,
                    &["class", "version", "activity", "set", "product", "profiles"],
                ));
                skip_value(&meta)?;
            }
            Ok(())
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    out
}

pub fn variant(cx: &mut Ctxt, attrs: &[Attribute]) -> Variant {
    let mut out = Variant::default();
    for attr in ocsf_attrs(attrs) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("activity") {
                out.activity = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("set") {
                parse_sets(&meta, cx, &mut out.sets)?;
            } else {
                cx.syn_error(unknown(&meta, &["activity", "set"]));
                skip_value(&meta)?;
            }
            Ok(())
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    out
}

pub fn field(cx: &mut Ctxt, field: &Field) -> FieldAttrs {
    let mut out = FieldAttrs {
        target: None,
        display: false,
        pii_allow: None,
    };
    let set_target = |cx: &mut Ctxt, span: Span, target: Target, out: &mut FieldAttrs| {
        if out.target.is_some() {
            cx.error(
                span,
                "a field goes to one place: `path`, `status`, `unmapped` or `skip`",
            );
        } else {
            out.target = Some(target);
        }
    };
    for attr in ocsf_attrs(&field.attrs) {
        let result = attr.parse_nested_meta(|meta| {
            let span = meta.path.span();
            if meta.path.is_ident("path") {
                let lit: LitStr = meta.value()?.parse()?;
                set_target(cx, span, Target::Path(lit), &mut out);
            } else if meta.path.is_ident("unmapped") {
                let lit: LitStr = meta.value()?.parse()?;
                if lit.value().is_empty() || lit.value().contains('.') {
                    cx.error(lit.span(), "an `unmapped` key is one non-empty name without dots");
                }
                set_target(cx, span, Target::Unmapped(lit), &mut out);
            } else if meta.path.is_ident("status") {
                set_target(cx, span, Target::Status(span), &mut out);
            } else if meta.path.is_ident("skip") {
                set_target(cx, span, Target::Skip, &mut out);
            } else if meta.path.is_ident("display") {
                out.display = true;
            } else if meta.path.is_ident("pii") {
                let mut allow = false;
                let mut reason: Option<LitStr> = None;
                meta.parse_nested_meta(|inner| {
                    if inner.path.is_ident("allow") {
                        allow = true;
                    } else if inner.path.is_ident("reason") {
                        reason = Some(inner.value()?.parse()?);
                    } else {
                        cx.syn_error(unknown(&inner, &["allow", "reason"]));
                        skip_value(&inner)?;
                    }
                    Ok(())
                })?;
                match (allow, reason) {
                    (true, Some(reason)) if !reason.value().trim().is_empty() => {
                        out.pii_allow = Some(reason);
                    }
                    (true, Some(reason)) => {
                        cx.error(reason.span(), "a personal data waiver needs a reason: the reason must not be empty");
                    }
                    (true, None) => cx.error(
                        span,
                        "a personal data waiver needs a reason: write `pii(allow, reason = \"...\")`",
                    ),
                    (false, _) => cx.error(span, "expected `pii(allow, reason = \"...\")`"),
                }
            } else {
                cx.syn_error(unknown(&meta, &["path", "status", "unmapped", "skip", "display", "pii"]));
                skip_value(&meta)?;
            }
            Ok(())
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    out
}

/// `Option<T>` → `T`, syntactically (a type alias hides it; that only loses a compile-time
/// check, the runtime still omits `None`).
pub fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => match args.args.first()? {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        },
        _ => None,
    }
}
