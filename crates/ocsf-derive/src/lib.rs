#![doc = include_str!("../README.md")]

mod attr;
mod check;
mod ctxt;
mod enum_value;
mod expand;
mod names;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

#[proc_macro_derive(OcsfEvent, attributes(ocsf))]
pub fn derive_ocsf_event(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::ocsf_event(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

#[proc_macro_derive(OcsfEnumValue, attributes(ocsf))]
pub fn derive_ocsf_enum_value(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    enum_value::expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
