//! Generates the `ocsf-schema` crate's static tables for one or more schema versions.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{
    Attribute, Class, Constraints, Deprecation, EnumKey, Object, Requirement, Schema,
};
use crate::names::static_ident;
use crate::output::GeneratedFile;

/// Where the static tables go; its `mod.rs` declares one `pub mod v<version>;` per version.
pub const CRATE_DIR: &str = "crates/ocsf-schema/src/generated";

/// Every file of `crates/ocsf-schema/src/generated/` for these versions (oldest first).
pub fn generate(schemas: &[&Schema]) -> Vec<GeneratedFile> {
    let mut files = Vec::new();
    let mut mods = Vec::new();
    let mut all = Vec::new();
    for schema in schemas {
        let module = format_ident!("{}", schema.version_ident());
        let doc = format!(" OCSF {}", schema.version);
        mods.push(quote! {
            #[doc = #doc]
            pub mod #module;
        });
        all.push(quote! { &#module::SCHEMA });
        files.extend(generate_version(schema));
    }
    let versions: Vec<&str> = schemas.iter().map(|s| s.version.as_str()).collect();
    let tokens = quote! {
        #(#mods)*
        /// Every generated schema version, oldest first.
        pub static ALL: &[&crate::Schema] = &[#(#all),*];
    };
    files.push(GeneratedFile::rust(
        format!("{CRATE_DIR}/mod.rs"),
        &versions.join(", "),
        tokens,
    ));
    files
}

fn generate_version(schema: &Schema) -> Vec<GeneratedFile> {
    let dir = format!("{CRATE_DIR}/{}", schema.version_ident());
    let version = &schema.version;

    let class_refs: Vec<TokenStream> = schema
        .classes
        .values()
        .map(|c| {
            let id = static_ident("CLASS", &c.name);
            quote! { &classes::#id }
        })
        .collect();
    let mut by_uid: Vec<&Class> = schema.classes.values().collect();
    by_uid.sort_by_key(|c| c.uid);
    let class_by_uid: Vec<TokenStream> = by_uid
        .iter()
        .map(|c| {
            let id = static_ident("CLASS", &c.name);
            quote! { &classes::#id }
        })
        .collect();
    let object_refs: Vec<TokenStream> = schema
        .objects
        .values()
        .map(|o| {
            let id = static_ident("OBJ", &o.name);
            quote! { &objects::#id }
        })
        .collect();
    let type_refs: Vec<TokenStream> = schema
        .types
        .values()
        .map(|t| {
            let id = static_ident("TYPE", &t.name);
            quote! { &types::#id }
        })
        .collect();
    let mut categories: Vec<_> = schema.categories.values().collect();
    categories.sort_by_key(|c| c.uid);
    let categories = categories.iter().map(|c| {
        let (name, caption, uid) = (&c.name, &c.caption, c.uid);
        quote! { crate::Category { name: #name, caption: #caption, uid: #uid } }
    });
    let profiles = schema.profiles.values().map(|p| {
        let name = &p.name;
        let mut pairs = p.attributes.clone();
        pairs.sort();
        let pairs = pairs.iter().map(|(o, a)| quote! { (#o, #a) });
        quote! { crate::Profile { name: #name, attributes: &[#(#pairs),*] } }
    });

    let mod_tokens = quote! {
        pub mod classes;
        pub mod objects;
        pub mod types;

        /// The schema tables of this version.
        pub static SCHEMA: crate::Schema = crate::Schema {
            version: #version,
            classes: &[#(#class_refs),*],
            classes_by_uid: &[#(#class_by_uid),*],
            objects: &[#(#object_refs),*],
            types: &[#(#type_refs),*],
            categories: &[#(#categories),*],
            profiles: &[#(#profiles),*],
        };

        /// The schema tables of this version.
        pub fn schema() -> &'static crate::Schema {
            &SCHEMA
        }
    };

    let classes = schema.classes.values().map(|c| class_tokens(schema, c));
    let objects = schema.objects.values().map(|o| object_tokens(schema, o));
    let types = schema.types.values().map(|t| {
        let id = static_ident("TYPE", &t.name);
        let name = &t.name;
        let caption = &t.caption;
        let base = base_type_tokens(schema, &t.name);
        let extends = opt_str(t.base.as_deref());
        let regex = opt_str(t.regex.as_deref());
        let range = match t.range {
            Some((lo, hi)) => quote! { Some((#lo, #hi)) },
            None => quote! { None },
        };
        let max_len = opt_u32(t.max_len);
        let observable = opt_u32(t.observable);
        let doc = format!(" {caption} (`{name}`): <{}>", type_link(version, name));
        quote! {
            #[doc = #doc]
            pub static #id: crate::DataType = crate::DataType {
                name: #name,
                caption: #caption,
                base: #base,
                extends: #extends,
                regex: #regex,
                range: #range,
                max_len: #max_len,
                observable: #observable,
            };
        }
    });

    vec![
        GeneratedFile::rust(format!("{dir}/mod.rs"), version, mod_tokens),
        GeneratedFile::rust(
            format!("{dir}/classes.rs"),
            version,
            quote! { use super::{objects, types}; #(#classes)* },
        ),
        GeneratedFile::rust(
            format!("{dir}/objects.rs"),
            version,
            quote! { use super::types; #(#objects)* },
        ),
        GeneratedFile::rust(format!("{dir}/types.rs"), version, quote! { #(#types)* }),
    ]
}

fn class_tokens(schema: &Schema, c: &Class) -> TokenStream {
    let id = static_ident("CLASS", &c.name);
    let (name, caption, uid, category, category_uid) =
        (&c.name, &c.caption, c.uid, &c.category, c.category_uid);
    let extends = opt_str(c.extends.as_deref());
    let profiles = &c.profiles;
    let constraints = constraints_tokens(&c.constraints);
    let attributes = c
        .attributes
        .values()
        .map(|a| attribute_tokens(a, quote!(objects)));
    let deprecated = deprecation_tokens(c.deprecated.as_ref());
    let doc = format!(
        " {caption} (`{name}`, uid {uid}, category `{category}`): <{}>",
        class_link(&schema.version, name)
    );
    quote! {
        #[doc = #doc]
        pub static #id: crate::Class = crate::Class {
            name: #name,
            caption: #caption,
            uid: #uid,
            category: #category,
            category_uid: #category_uid,
            extends: #extends,
            profiles: &[#(#profiles),*],
            constraints: #constraints,
            attributes: &[#(#attributes),*],
            deprecated: #deprecated,
        };
    }
}

fn object_tokens(schema: &Schema, o: &Object) -> TokenStream {
    let id = static_ident("OBJ", &o.name);
    let (name, caption) = (&o.name, &o.caption);
    let extends = opt_str(o.extends.as_deref());
    let profiles = &o.profiles;
    let constraints = constraints_tokens(&o.constraints);
    let attributes = o
        .attributes
        .values()
        .map(|a| attribute_tokens(a, quote!(self)));
    let deprecated = deprecation_tokens(o.deprecated.as_ref());
    let observable = opt_u32(o.observable);
    let doc = format!(
        " {caption} (`{name}`): <{}>",
        object_link(&schema.version, name)
    );
    quote! {
        #[doc = #doc]
        pub static #id: crate::Object = crate::Object {
            name: #name,
            caption: #caption,
            extends: #extends,
            profiles: &[#(#profiles),*],
            constraints: #constraints,
            attributes: &[#(#attributes),*],
            deprecated: #deprecated,
            observable: #observable,
        };
    }
}

fn attribute_tokens(a: &Attribute, objects_mod: TokenStream) -> TokenStream {
    let (name, caption, type_name, is_array) = (&a.name, &a.caption, &a.type_name, a.is_array);
    let ty = match &a.object_type {
        Some(object) => {
            let id = static_ident("OBJ", object);
            quote! { crate::AttributeType::Object(&#objects_mod::#id) }
        }
        None => {
            let id = static_ident("TYPE", &a.type_name);
            quote! { crate::AttributeType::Data(&types::#id) }
        }
    };
    let requirement = match a.requirement {
        Requirement::Required => quote!(crate::Requirement::Required),
        Requirement::Recommended => quote!(crate::Requirement::Recommended),
        Requirement::Optional => quote!(crate::Requirement::Optional),
    };
    let group = opt_str(a.group.as_deref());
    let profile = opt_str(a.profile.as_deref());
    let sibling = opt_str(a.sibling.as_deref());
    let enum_values = match &a.enum_values {
        None => quote!(None),
        Some(values) => {
            let values = values.iter().map(|v| {
                let key = match &v.key {
                    EnumKey::Int(i) => quote!(crate::EnumKey::Int(#i)),
                    EnumKey::Str(s) => quote!(crate::EnumKey::Str(#s)),
                };
                let caption = &v.caption;
                let deprecated = deprecation_tokens(v.deprecated.as_ref());
                quote! { crate::EnumValue { key: #key, caption: #caption, deprecated: #deprecated } }
            });
            quote! { Some(&[#(#values),*]) }
        }
    };
    let deprecated = deprecation_tokens(a.deprecated.as_ref());
    let observable = opt_u32(a.observable);
    quote! {
        crate::Attribute {
            name: #name,
            caption: #caption,
            type_name: #type_name,
            ty: #ty,
            is_array: #is_array,
            requirement: #requirement,
            group: #group,
            profile: #profile,
            sibling: #sibling,
            enum_values: #enum_values,
            deprecated: #deprecated,
            observable: #observable,
        }
    }
}

fn constraints_tokens(c: &Constraints) -> TokenStream {
    let (at_least_one, just_one) = (&c.at_least_one, &c.just_one);
    quote! { crate::Constraints { at_least_one: &[#(#at_least_one),*], just_one: &[#(#just_one),*] } }
}

fn deprecation_tokens(d: Option<&Deprecation>) -> TokenStream {
    match d {
        None => quote!(None),
        Some(d) => {
            let (since, message) = (&d.since, &d.message);
            let replacement = opt_str(d.replacement.as_deref());
            quote! { Some(crate::Deprecation { since: #since, message: #message, replacement: #replacement }) }
        }
    }
}

fn base_type_tokens(schema: &Schema, type_name: &str) -> TokenStream {
    match schema.base_type(type_name) {
        "string_t" => quote!(crate::BaseType::String),
        "integer_t" => quote!(crate::BaseType::Integer),
        "long_t" => quote!(crate::BaseType::Long),
        "float_t" => quote!(crate::BaseType::Float),
        "boolean_t" => quote!(crate::BaseType::Boolean),
        "object_t" => quote!(crate::BaseType::Object),
        // json_t and anything the generator does not know accept any JSON value.
        _ => quote!(crate::BaseType::Json),
    }
}

fn opt_str(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

fn opt_u32(v: Option<u32>) -> TokenStream {
    match v {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

pub(crate) fn class_link(version: &str, name: &str) -> String {
    format!("https://schema.ocsf.io/{version}/classes/{name}")
}

pub(crate) fn object_link(version: &str, name: &str) -> String {
    format!("https://schema.ocsf.io/{version}/objects/{name}")
}

pub(crate) fn type_link(version: &str, name: &str) -> String {
    format!("https://schema.ocsf.io/{version}/data_types#{name}")
}
