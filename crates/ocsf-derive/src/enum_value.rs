//! `#[derive(OcsfEnumValue)]`: an application enum whose variants map, by caption, onto the
//! values of one OCSF enum attribute, checked against the schema at compile time.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitInt, LitStr};

use crate::check;
use crate::ctxt::Ctxt;

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let mut cx = Ctxt::default();
    let mut target: Option<LitStr> = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("ocsf")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("attribute") {
                target = Some(meta.value()?.parse()?);
                Ok(())
            } else {
                Err(meta.error(
                    "unknown ocsf attribute; expected `attribute = \"class_or_object.attribute\"`",
                ))
            }
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    let Data::Enum(data) = &input.data else {
        cx.error(
            input.ident.span(),
            "`OcsfEnumValue` derives for an enum of unit variants",
        );
        return cx.check().map(|()| TokenStream::new());
    };
    let Some(target) = target else {
        cx.error(
            input.ident.span(),
            "missing `#[ocsf(attribute = \"...\")]`: name the OCSF enum attribute, e.g. `authentication.auth_protocol_id`",
        );
        return cx.check().map(|()| TokenStream::new());
    };
    let attribute = check::enum_attribute(&mut cx, &target);
    let mut arms = Vec::new();
    let mut ids = Vec::new();
    for variant in &data.variants {
        if !matches!(variant.fields, Fields::Unit) {
            cx.error(
                variant.ident.span(),
                "expected a unit variant: each variant is one value of the OCSF enum",
            );
        }
        // The caption is the variant's name unless `#[ocsf(caption = "..")]` or `#[ocsf(id = n)]`
        // says otherwise.
        let mut caption: Option<LitStr> = None;
        let mut id: Option<LitInt> = None;
        for attr in variant.attrs.iter().filter(|a| a.path().is_ident("ocsf")) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("caption") {
                    caption = Some(meta.value()?.parse()?);
                    Ok(())
                } else if meta.path.is_ident("id") {
                    id = Some(meta.value()?.parse()?);
                    Ok(())
                } else {
                    Err(meta
                        .error("unknown ocsf attribute; expected `caption = \"...\"` or `id = n`"))
                }
            });
            if let Err(e) = result {
                cx.syn_error(e);
            }
        }
        let Some(attribute) = attribute else { continue };
        let resolved = match (&id, &caption) {
            (Some(lit), _) => match lit.base10_parse::<i64>() {
                Ok(n) if attribute.enum_value(n).is_some() => Some(n),
                Ok(n) => {
                    cx.error(lit.span(), format!("`{}` has no value {n}", attribute.name));
                    None
                }
                Err(e) => {
                    cx.syn_error(e);
                    None
                }
            },
            (None, written) => {
                let (text, span) = match written {
                    Some(lit) => (lit.value(), lit.span()),
                    None => (variant.ident.to_string(), variant.ident.span()),
                };
                let found = check::enum_caption_lookup(attribute, &text);
                if found.is_none() {
                    cx.error(span, check::enum_caption_error(attribute, &text));
                }
                found.map(|(id, _)| id)
            }
        };
        if let Some(n) = resolved {
            let name = &variant.ident;
            arms.push(quote!(Self::#name => #n));
            ids.push(n);
        }
    }
    cx.check()?;
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let p = quote!(::ocsf::event::__private);
    let body = if arms.is_empty() {
        quote!(match *self {})
    } else {
        quote!(match self { #(#arms,)* })
    };
    Ok(quote! {
        #[automatically_derived]
        impl #impl_generics #p::OcsfValue<#p::kind::enum_id> for #ident #ty_generics #where_clause {
            fn ocsf_value(&self) -> ::core::option::Option<#p::Value> {
                let id: i64 = #body;
                ::core::option::Option::Some(#p::Value::from(id))
            }
        }
        #[automatically_derived]
        impl #impl_generics #p::EnumIds for #ident #ty_generics #where_clause {
            const IDS: &'static [i64] = &[#(#ids),*];
        }
    })
}
