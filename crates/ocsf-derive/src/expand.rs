//! `#[derive(OcsfEvent)]`: the checked plan turned into code that builds the event's JSON
//! object path by path. Everything the schema determines is a literal here; the runtime
//! helpers in `ocsf::event::__private` are non-generic where they can be, so that a derived
//! struct costs the compiler little.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Ident, Type};

use crate::attr;
use crate::check::{self, EventInput, EventPlan, Fixed, Kind, Seg, Write};
use crate::ctxt::Ctxt;
use crate::names::{snake, type_name, version_ident};

pub fn ocsf_event(input: &DeriveInput) -> syn::Result<TokenStream> {
    let mut cx = Ctxt::default();
    let container = attr::container(&mut cx, &input.attrs);
    let Some(schema) = check::version(&mut cx, container.version.as_ref()) else {
        // Every other check depends on the version's tables.
        cx.check()?;
        unreachable!("check::version reports an unknown version");
    };
    check::with_schema(schema, || event_for_version(input, cx, &container))
}

/// The derive, with the tables of the item's version selected.
fn event_for_version(
    input: &DeriveInput,
    mut cx: Ctxt,
    container: &attr::Container,
) -> syn::Result<TokenStream> {
    let Some(class) = check::class(&mut cx, container.class.as_ref(), input.ident.span()) else {
        cx.check()?;
        unreachable!("check::class reports a missing class");
    };
    let class_span = container
        .class
        .as_ref()
        .map_or(input.ident.span(), |l| l.span());
    let profiles = check::profiles(&mut cx, class, &container.profiles);
    let mut product_given = vec!["name", "version"];
    for (field, set) in [
        ("vendor_name", &container.product.vendor_name),
        ("uid", &container.product.uid),
    ] {
        if set.is_some() {
            product_given.push(field);
        }
    }
    check::product(&mut cx, &product_given, input.ident.span());
    let variant_attrs: Vec<_> = match &input.data {
        Data::Enum(e) => e
            .variants
            .iter()
            .map(|v| attr::variant(&mut cx, &v.attrs))
            .collect(),
        _ => Vec::new(),
    };
    // One plan per event shape: the struct, or each variant with its pattern.
    let mut plans: Vec<(TokenStream, EventPlan<'_>)> = Vec::new();
    let mut is_enum = false;
    match &input.data {
        Data::Struct(s) => {
            let event = EventInput {
                class,
                class_span,
                activity: container.activity.as_ref(),
                name_span: input.ident.span(),
                sets: container.sets.iter().collect(),
                fields: &s.fields,
                profiles: &profiles,
                field_prefix: String::new(),
            };
            if let Some(plan) = check::event(&mut cx, event) {
                plans.push((pattern(quote!(Self), &plan), plan));
            }
        }
        Data::Enum(e) => {
            is_enum = true;
            if let Some(activity) = &container.activity {
                cx.error(
                    activity.span(),
                    "on an enum, name the activity on each variant: `#[ocsf(activity = \"...\")]`",
                );
            }
            for (variant, attrs) in e.variants.iter().zip(&variant_attrs) {
                let mut sets: Vec<_> = container.sets.iter().collect();
                sets.extend(attrs.sets.iter());
                let event = EventInput {
                    class,
                    class_span,
                    activity: attrs.activity.as_ref(),
                    name_span: variant.ident.span(),
                    sets,
                    fields: &variant.fields,
                    profiles: &profiles,
                    field_prefix: format!("{}.", variant.ident),
                };
                if let Some(plan) = check::event(&mut cx, event) {
                    let name = &variant.ident;
                    plans.push((pattern(quote!(Self::#name), &plan), plan));
                }
            }
        }
        Data::Union(u) => cx.error(
            u.union_token.span(),
            "`OcsfEvent` derives for a struct or an enum, not a union",
        ),
    }
    cx.check()?;

    let ident = &input.ident;
    let module = format_ident!("{}", snake(class.category));
    let class_ty = format_ident!("{}", type_name(class.name));
    // The default version's typed classes are always there; another version's are behind the
    // `ocsf` crate's feature of that version, which only `ocsf` knows is on: its gate macro
    // keeps `to_ocsf` (and `OcsfTypedEvent`) or drops them, while `to_json` always works.
    let schema_version = check::schema().version;
    let typed_gate = (schema_version != ocsf_schema::DEFAULT_VERSION).then(|| {
        let module = format_ident!("{}", version_ident(schema_version));
        (
            format_ident!("__ocsf_typed_{}", module),
            quote!(::ocsf::versions::#module),
        )
    });
    let class_uid = class.uid;
    let activity = match (is_enum, plans.first()) {
        (false, Some((_, plan))) => {
            let id = plan.activity_id;
            quote!(::core::option::Option::Some(#id))
        }
        _ => quote!(::core::option::Option::None),
    };
    let waivers = plans.iter().flat_map(|(_, p)| &p.waivers).map(|(field, path, reason)| {
        quote!(::ocsf::event::PiiWaiver { field: #field, path: #path, reason: #reason })
    });
    let category_name = check::schema()
        .category_by_uid(class.category_uid)
        .map_or(class.category, |c| c.caption);
    let version = check::schema().version;
    let product = product(&container.product);
    let profile_lits = &profiles;
    let type_params: Vec<&Ident> = input.generics.type_params().map(|p| &p.ident).collect();
    let mut bounds = Vec::new();
    let arms = plans.iter().map(|(pattern, plan)| {
        let (class_caption, category_uid) = (class.caption, i64::from(class.category_uid));
        let (activity_id, activity_caption) = (plan.activity_id, plan.activity_caption);
        let class_uid = i64::from(class_uid);
        let fixed = plan.fixed.iter().map(|(segs, value)| {
            let segs = segs_tokens(segs);
            let value = match value {
                Fixed::Int(i) => quote!(#i),
                Fixed::Str(s) => quote!(#s),
                Fixed::Bool(b) => quote!(#b),
                Fixed::Float(f) => quote!(#f),
            };
            quote!(__p::put(&mut __map, #segs, ::core::option::Option::Some(__p::Value::from(#value)));)
        });
        let time = (!plan.time_mapped).then(|| {
            quote!(__p::put(&mut __map, &[("time", false)], ::core::option::Option::Some(__p::now()));)
        });
        let fields: Vec<TokenStream> = plan
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let binding = format_ident!("__ocsf_field_{}", i);
                if mentions(f.ty, &type_params) {
                    bounds.push(bound(f.ty, &f.write));
                }
                let generic = mentions(f.ty, &type_params) || has_lifetime(f.ty);
                write(&binding, f.ty, &f.write, generic)
            })
            .collect();
        quote! {
            #pattern => {
                __p::put_header(&mut __map, #class_uid, #class_caption, #category_uid, #category_name, #activity_id, #activity_caption);
                __p::put_metadata(&mut __map, #version, &[#(#product),*], &[#(#profile_lits),*]);
                #time
                #(#fixed)*
                #(#fields)*
            }
        }
    }).collect::<Vec<_>>();
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let where_clause = match (where_clause, bounds.is_empty()) {
        (_, true) => quote!(#where_clause),
        (Some(w), false) => {
            let existing = w.predicates.iter();
            quote!(where #(#existing,)* #(#bounds,)*)
        }
        (None, false) => quote!(where #(#bounds,)*),
    };
    let unreachable_arm = plans.is_empty().then(|| quote!(_ => {}));
    let class_path = match &typed_gate {
        Some((_, root)) => quote!(#root::#module::#class_ty),
        None => quote!(::ocsf::#module::#class_ty),
    };
    let typed = quote! {
        #[automatically_derived]
        impl #impl_generics ::ocsf::OcsfTypedEvent for #ident #ty_generics #where_clause {
            type Class = #class_path;
        }
        #[automatically_derived]
        impl #impl_generics #ident #ty_generics #where_clause {
            /// The event as the typed class of its OCSF version.
            #[allow(dead_code)]
            pub fn to_ocsf(&self) -> ::core::result::Result<#class_path, ::ocsf::de::ReadError> {
                ::ocsf::OcsfTypedEvent::to_ocsf(self)
            }
        }
    };
    let typed = match &typed_gate {
        Some((gate, _)) => quote!(::ocsf::#gate! { #typed }),
        None => typed,
    };
    Ok(quote! {
        #typed
        #[automatically_derived]
        impl #impl_generics ::ocsf::OcsfEvent for #ident #ty_generics #where_clause {
            const SCHEMA_VERSION: &'static str = #schema_version;
            const CLASS_UID: u32 = #class_uid;
            const ACTIVITY_ID: ::core::option::Option<i64> = #activity;
            const PII_WAIVERS: &'static [::ocsf::event::PiiWaiver] = &[#(#waivers),*];
            fn to_json_map(&self) -> ::ocsf::event::__private::Map<::std::string::String, ::ocsf::event::__private::Value> {
                use ::ocsf::event::__private as __p;
                let mut __map = __p::Map::new();
                #[allow(unused_variables)]
                match self {
                    #(#arms)*
                    #unreachable_arm
                }
                __map
            }
        }
    })
}

/// `Self { a: __ocsf_field_0, .. }`: binds the mapped fields by reference.
fn pattern(path: TokenStream, plan: &EventPlan<'_>) -> TokenStream {
    let binds = plan.fields.iter().enumerate().map(|(i, f)| {
        let ident = f.ident;
        let binding = format_ident!("__ocsf_field_{}", i);
        quote!(#ident: #binding)
    });
    quote!(#path { #(#binds,)* .. })
}

fn product(p: &attr::Product) -> Vec<TokenStream> {
    let mut out = Vec::new();
    // Defaults expand in the user's crate, so they name the application, not this one.
    match &p.name {
        Some(name) => out.push(quote!(("name", #name))),
        None => out.push(quote!(("name", ::core::env!("CARGO_PKG_NAME")))),
    }
    if let Some(vendor) = &p.vendor_name {
        out.push(quote!(("vendor_name", #vendor)));
    }
    match &p.version {
        Some(version) => out.push(quote!(("version", #version))),
        None => out.push(quote!(("version", ::core::env!("CARGO_PKG_VERSION")))),
    }
    if let Some(uid) = &p.uid {
        out.push(quote!(("uid", #uid)));
    }
    out
}

fn segs_tokens(segs: &[Seg]) -> TokenStream {
    let items = segs.iter().map(|(name, array)| quote!((#name, #array)));
    quote!(&[#(#items),*])
}

fn kind_tokens(kind: Kind, array: bool, span: Span) -> TokenStream {
    let marker = format_ident!("{}", kind.marker(), span = span);
    if array {
        quote_spanned!(span=> ::ocsf::event::__private::kind::array_of<::ocsf::event::__private::kind::#marker>)
    } else {
        quote_spanned!(span=> ::ocsf::event::__private::kind::#marker)
    }
}

/// The statement writing one field. The trait paths carry the span of the field's type, so
/// that "cannot hold" errors point at the type.
fn write(binding: &Ident, ty: &Type, how: &Write, generic: bool) -> TokenStream {
    let span = ty.span();
    match how {
        Write::Value { segs, kind, array } => {
            let segs = segs_tokens(segs);
            let kind = kind_tokens(*kind, *array, span);
            let value = quote_spanned!(span=> <#ty as ::ocsf::event::__private::OcsfValue<#kind>>::ocsf_value(#binding));
            quote!(__p::put(&mut __map, #segs, #value);)
        }
        Write::Enum {
            segs,
            sibling,
            captions,
        } => {
            let segs = segs_tokens(segs);
            let sibling = match sibling {
                Some(s) => quote!(::core::option::Option::Some(#s)),
                None => quote!(::core::option::Option::None),
            };
            let ids = captions.iter().map(|(id, _)| id);
            let table = captions.iter().map(|(id, caption)| quote!((#id, #caption)));
            let kind = kind_tokens(Kind::EnumId, false, span);
            let value = quote_spanned!(span=> <#ty as ::ocsf::event::__private::OcsfValue<#kind>>::ocsf_value(#binding));
            let check = quote_spanned!(span=>
                ::ocsf::event::__private::check_enum_ids(<#ty as ::ocsf::event::__private::EnumIds>::IDS, &[#(#ids),*])
            );
            // A const item is evaluated by `cargo check`; an inline const (needed where the type
            // names the impl's generics) only when the code is built.
            let check = if generic {
                quote_spanned!(span=> const { #check };)
            } else {
                quote_spanned!(span=> const _: () = #check;)
            };
            quote!({ #check __p::put_enum(&mut __map, #segs, #sibling, #value, &[#(#table),*]); })
        }
        Write::Serialize { segs } => {
            let segs = segs_tokens(segs);
            let value = quote_spanned!(span=> ::ocsf::event::__private::serialize::<#ty>(#binding));
            quote!(__p::put(&mut __map, #segs, #value);)
        }
        Write::Display { segs } => {
            let segs = segs_tokens(segs);
            let value = quote_spanned!(span=> ::ocsf::event::__private::display::<#ty>(#binding));
            quote!(__p::put(&mut __map, #segs, #value);)
        }
        Write::Status => {
            let value =
                quote_spanned!(span=> <#ty as ::ocsf::event::__private::Status>::status(#binding));
            quote!(__p::put_status(&mut __map, #value);)
        }
    }
}

/// The where-clause predicate a field of a generic type needs.
fn bound(ty: &Type, how: &Write) -> TokenStream {
    let p = quote!(::ocsf::event::__private);
    match how {
        Write::Value { kind, array, .. } => {
            let kind = kind_tokens(*kind, *array, Span::call_site());
            quote!(#ty: #p::OcsfValue<#kind>)
        }
        Write::Enum { .. } => quote!(#ty: #p::OcsfValue<#p::kind::enum_id> + #p::EnumIds),
        Write::Serialize { .. } => quote!(#ty: #p::Serialize),
        Write::Display { .. } => quote!(#ty: ::core::fmt::Display),
        Write::Status => quote!(#ty: #p::Status),
    }
}

/// Whether a type names one of the type parameters.
fn mentions(ty: &Type, params: &[&Ident]) -> bool {
    fn walk(tokens: TokenStream, params: &[&Ident]) -> bool {
        tokens.into_iter().any(|tt| match tt {
            proc_macro2::TokenTree::Ident(i) => params.iter().any(|p| **p == i),
            proc_macro2::TokenTree::Group(g) => walk(g.stream(), params),
            _ => false,
        })
    }
    !params.is_empty() && walk(quote!(#ty), params)
}

fn has_lifetime(ty: &Type) -> bool {
    fn walk(tokens: TokenStream) -> bool {
        tokens.into_iter().any(|tt| match tt {
            proc_macro2::TokenTree::Punct(p) => p.as_char() == '\'',
            proc_macro2::TokenTree::Group(g) => walk(g.stream()),
            _ => false,
        })
    }
    walk(quote!(#ty))
}
