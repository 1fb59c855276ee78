//! Generates the `ocsf` crate's typed classes, objects and enums for one schema version.
//!
//! The shape of the generated API (see `crates/ocsf/README.md` for the user's view):
//! - one struct per class and object; required attributes are plain fields, the rest `Option`s,
//!   profile attributes always `Option`s; unknown attributes land in `extra` so reading is lossless;
//! - one enum per distinct enum attribute, with an `Unlisted(i64)` variant for values a later
//!   schema version adds;
//! - derived attributes (class/category/type uids and their captions, activity and every enum
//!   sibling caption) are private fields set only by constructors and setters, so a built event
//!   cannot carry a caption that disagrees with its id, while a read event keeps what it read.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Attribute, EnumKey, Requirement, Schema};
use crate::names::{field_ident, snake, type_name};
use crate::output::GeneratedFile;
use crate::tables::{class_link, object_link};

mod events;

pub(crate) const CRATE_DIR: &str = "crates/ocsf/src/generated";

use ocsf_names::CLASS_DERIVED_ATTRIBUTES as CLASS_DERIVED;

/// Every file of `crates/ocsf/src/generated/` for these versions (oldest first). The default
/// version's module is always compiled and re-exported as `default_version`; every other
/// version's module is behind the cargo feature of its module name (`v1_1_0`), off by default,
/// for applications pinned to an older version.
pub fn generate(schemas: &[&Schema], default_version: &str) -> Vec<GeneratedFile> {
    let mut files = Vec::new();
    let mut mods = Vec::new();
    let mut default_module = None;
    for schema in schemas {
        let module = format_ident!("{}", schema.version_ident());
        let doc = format!(" Typed classes and objects of OCSF {}", schema.version);
        let cfg = if schema.version == default_version {
            default_module = Some(module.clone());
            quote!()
        } else {
            let feature = schema.version_ident();
            // `#[derive(OcsfEvent)]` with this version wraps its typed impls in this macro:
            // only this crate knows whether the version's feature is on.
            let gate = format_ident!("__ocsf_typed_{}", feature);
            mods.push(quote! {
                #[cfg(feature = #feature)]
                #[doc(hidden)]
                #[macro_export]
                macro_rules! #gate { ($($tokens:tt)*) => { $($tokens)* }; }
                #[cfg(not(feature = #feature))]
                #[doc(hidden)]
                #[macro_export]
                macro_rules! #gate { ($($tokens:tt)*) => {}; }
            });
            quote!(#[cfg(feature = #feature)])
        };
        mods.push(quote! { #[doc = #doc] #cfg pub mod #module; });
        files.extend(Generator::new(schema).files());
    }
    let default_use = default_module.map(|m| {
        quote! {
            /// The typed API of the default version.
            pub use self::#m as default_version;
        }
    });
    let versions: Vec<&str> = schemas.iter().map(|s| s.version.as_str()).collect();
    files.push(GeneratedFile::rust(
        format!("{CRATE_DIR}/mod.rs"),
        &versions.join(", "),
        quote! { #(#mods)* #default_use },
    ));
    files
}

/// Where an attribute lives: a class or an object, by name.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Owner<'a> {
    Class(&'a str),
    Object(&'a str),
}

struct Generator<'a> {
    schema: &'a Schema,
    dir: String,
    /// `(owner, attribute)` → the enum type generated for it.
    enum_names: BTreeMap<(Owner<'a>, &'a str), Ident>,
    /// Enum type name → its values `(id, caption)`.
    enums: BTreeMap<String, Vec<(i64, &'a str)>>,
    /// `(object, attribute)` pairs whose object field is boxed to break a recursive type.
    boxed: BTreeSet<(&'a str, &'a str)>,
}

impl<'a> Generator<'a> {
    fn new(schema: &'a Schema) -> Generator<'a> {
        let mut g = Generator {
            schema,
            dir: format!("{CRATE_DIR}/{}", schema.version_ident()),
            enum_names: BTreeMap::new(),
            enums: BTreeMap::new(),
            boxed: BTreeSet::new(),
        };
        g.name_enums();
        g.find_recursion();
        g
    }

    fn owners(&self) -> impl Iterator<Item = (Owner<'a>, &'a BTreeMap<String, Attribute>)> {
        let schema = self.schema;
        schema
            .classes
            .iter()
            .map(|(n, c)| (Owner::Class(n.as_str()), &c.attributes))
            .chain(
                schema
                    .objects
                    .iter()
                    .map(|(n, o)| (Owner::Object(n.as_str()), &o.attributes)),
            )
    }

    /// An enum is shared by every attribute of the same name with the same values, and named
    /// after the attribute (`SeverityId`); where the values differ between owners, the set most
    /// owners use keeps the plain name and the others are named after their first owner
    /// (`TicketStatusId`). Every class gets its own activity enum (`AuthenticationActivityId`),
    /// so the activity's type names its class.
    fn name_enums(&mut self) {
        type Values<'v> = Vec<(i64, &'v str)>;
        let mut by_attr: BTreeMap<String, BTreeMap<Values<'a>, Vec<Owner<'a>>>> = BTreeMap::new();
        for (owner, attributes) in self.owners() {
            for (name, attr) in attributes {
                let class = match owner {
                    Owner::Class(c) => Some(c),
                    Owner::Object(_) => None,
                };
                if class.is_some()
                    && matches!(name.as_str(), "class_uid" | "category_uid" | "type_uid")
                {
                    continue;
                }
                let Some(values) = int_enum(attr) else {
                    continue;
                };
                // A per-class key keeps each class's activity enum to itself.
                let key = match class {
                    Some(c) if name == "activity_id" => format!("{name}@{c}"),
                    _ => name.clone(),
                };
                by_attr
                    .entry(key)
                    .or_default()
                    .entry(values)
                    .or_default()
                    .push(owner);
            }
        }
        let mut taken: BTreeSet<String> = self
            .schema
            .classes
            .keys()
            .chain(self.schema.objects.keys())
            .map(|n| type_name(n))
            .collect();
        for (key, sets) in by_attr {
            let (attr, per_class) = match key.split_once('@') {
                Some((attr, _)) => (attr.to_owned(), true),
                None => (key.clone(), false),
            };
            let singular = if attr.ends_with("_ids") {
                &attr[..attr.len() - 1]
            } else {
                attr.as_str()
            };
            let base = type_name(singular);
            let mut sets: Vec<(Values<'a>, Vec<Owner<'a>>)> = sets.into_iter().collect();
            for (_, owners) in &mut sets {
                owners.sort();
            }
            sets.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.1[0].cmp(&b.1[0])));
            for (i, (values, owners)) in sets.into_iter().enumerate() {
                // `type_id` alone says nothing: its enums always carry their owner's name.
                let mut name = if i == 0 && !per_class && attr != "type_id" {
                    base.clone()
                } else {
                    let owner_name = match owners[0] {
                        Owner::Class(n) | Owner::Object(n) => n,
                    };
                    format!("{}{base}", type_name(owner_name))
                };
                while taken.contains(&name) {
                    name.push_str("Enum");
                }
                taken.insert(name.clone());
                for owner in owners {
                    let attr_name = self.attr_name(owner, &attr);
                    self.enum_names
                        .insert((owner, attr_name), format_ident!("{}", name));
                }
                self.enums.insert(name, values);
            }
        }
    }

    /// The schema's own `&str` for an attribute name, so the map can borrow from the schema.
    fn attr_name(&self, owner: Owner<'a>, attr: &str) -> &'a str {
        let attributes = match owner {
            Owner::Class(c) => &self.schema.classes[c].attributes,
            Owner::Object(o) => &self.schema.objects[o].attributes,
        };
        attributes
            .get_key_value(attr)
            .map_or("", |(k, _)| k.as_str())
    }

    /// Boxes every non-array object field whose object can reach back to its owner.
    fn find_recursion(&mut self) {
        let edges: BTreeMap<&str, Vec<&str>> = self
            .schema
            .objects
            .iter()
            .map(|(n, o)| {
                let targets = o
                    .attributes
                    .values()
                    .filter_map(|a| a.object_type.as_deref())
                    .collect();
                (n.as_str(), targets)
            })
            .collect();
        let reaches = |from: &str, to: &str| -> bool {
            let mut seen = BTreeSet::new();
            let mut stack = vec![from];
            while let Some(n) = stack.pop() {
                if n == to {
                    return true;
                }
                if seen.insert(n) {
                    stack.extend(edges.get(n).into_iter().flatten().copied());
                }
            }
            false
        };
        for (owner, object) in &self.schema.objects {
            for (name, attr) in &object.attributes {
                if let Some(target) = attr.object_type.as_deref() {
                    if !attr.is_array && reaches(target, owner) {
                        self.boxed.insert((owner.as_str(), name.as_str()));
                    }
                }
            }
        }
    }

    fn files(&self) -> Vec<GeneratedFile> {
        let version = &self.schema.version;
        let mut categories: BTreeMap<&str, Vec<TokenStream>> = BTreeMap::new();
        let mut event_classes = Vec::new();
        let mut lenient_structs = Vec::new();
        for class in self.schema.classes.values() {
            let (strict, lenient, event_class) = self.class_tokens(&class.name);
            categories
                .entry(class.category.as_str())
                .or_default()
                .push(strict);
            lenient_structs.push(lenient);
            event_classes.push(event_class);
        }
        // Dispatch and variants in class_uid order.
        event_classes.sort_by_key(|c| c.uid);
        let mut files = Vec::new();
        let mut mods = Vec::new();
        for (category, classes) in &categories {
            let module = format_ident!("{}", snake(category));
            let caption = self
                .schema
                .categories
                .get(*category)
                .map_or(category.to_string(), |c| c.caption.clone());
            let doc = format!(" {caption} (`{category}`) classes");
            // One cargo feature per category (all on by default) lets an application that
            // needs a few classes skip compiling the rest.
            let feature = snake(category);
            mods.push(quote! { #[doc = #doc] #[cfg(feature = #feature)] pub mod #module; });
            files.push(GeneratedFile::rust(
                format!("{}/{}.rs", self.dir, snake(category)),
                version,
                quote! {
                    #![allow(deprecated)]
                    use super::enums::*;
                    use super::objects::*;
                    #(#classes)*
                },
            ));
        }
        let objects = self
            .schema
            .objects
            .keys()
            .map(|name| self.object_tokens(name));
        files.push(GeneratedFile::rust(
            format!("{}/objects.rs", self.dir),
            version,
            quote! {
                #![allow(deprecated)]
                use super::enums::*;
                #(#objects)*
            },
        ));
        files.push(GeneratedFile::rust(
            format!("{}/enums.rs", self.dir),
            version,
            self.enums_tokens(),
        ));
        files.push(GeneratedFile::rust(
            format!("{}/event.rs", self.dir),
            version,
            events::strict_event(version, &event_classes),
        ));
        files.push(GeneratedFile::rust(
            format!("{}/lenient.rs", self.dir),
            version,
            events::lenient_module(version, &event_classes, lenient_structs),
        ));
        let schema_mod = format_ident!("{}", self.schema.version_ident());
        files.push(GeneratedFile::rust(
            format!("{}/mod.rs", self.dir),
            version,
            quote! {
                #(#mods)*
                /// Enums of enum attributes, shared where the schema shares their values.
                pub mod enums;
                /// Every object of the schema.
                pub mod objects;
                mod event;
                pub use event::Event;
                /// Every class read leniently, and the lenient [`Event`](lenient::Event).
                pub mod lenient;

                /// The static schema tables these types were generated from.
                pub fn schema() -> &'static ocsf_schema::Schema {
                    ocsf_schema::#schema_mod::schema()
                }
            },
        ));
        files
    }

    fn enums_tokens(&self) -> TokenStream {
        let mut names = Vec::new();
        let enums = self.enums.iter().map(|(name, values)| {
            let ident = format_ident!("{}", name);
            names.push(ident.clone());
            let mut used = BTreeSet::new();
            let variants: Vec<(Ident, i64, &str)> = values
                .iter()
                .map(|(id, caption)| {
                    let mut v = type_name(caption);
                    if v == "Unlisted" || !used.insert(v.clone()) {
                        v = format!("{v}{}", id.unsigned_abs());
                        used.insert(v.clone());
                    }
                    (format_ident!("{}", v), *id, *caption)
                })
                .collect();
            let decls = variants.iter().map(|(v, id, caption)| {
                let doc = format!(" {caption} ({id})");
                quote! { #[doc = #doc] #v }
            });
            let to_id = variants.iter().map(|(v, id, _)| quote! { #ident::#v => #id });
            let from_id = variants.iter().map(|(v, id, _)| quote! { #id => #ident::#v });
            let captions = variants
                .iter()
                .map(|(v, _, caption)| quote! { #ident::#v => Some(#caption) });
            let all = variants.iter().map(|(v, _, _)| quote! { #ident::#v });
            let other = match variants.iter().find(|(_, id, _)| *id == 99) {
                Some((v, _, _)) => quote! { Some(#ident::#v) },
                None => quote! { None },
            };
            let doc = format!(" `{name}`: an OCSF enum and a variant that keeps a value this schema version does not list.");
            quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
                pub enum #ident {
                    #(#decls,)*
                    /// A value this schema version does not list (kept so later versions' events read).
                    Unlisted(i64),
                }
                impl crate::OcsfEnum for #ident {
                    const ALL: &'static [Self] = &[#(#all),*];
                    const OTHER: Option<Self> = #other;
                    fn id(self) -> i64 {
                        match self {
                            #(#to_id,)*
                            #ident::Unlisted(id) => id,
                        }
                    }
                    fn from_id(id: i64) -> Self {
                        match id {
                            #(#from_id,)*
                            id => #ident::Unlisted(id),
                        }
                    }
                    fn caption(self) -> Option<&'static str> {
                        match self {
                            #(#captions,)*
                            #ident::Unlisted(_) => None,
                        }
                    }
                }
            }
        });
        let enums: Vec<TokenStream> = enums.collect();
        quote! {
            #(#enums)*
            crate::impl_enum_serde!(#(#names),*);
        }
    }

    fn object_tokens(&self, name: &str) -> TokenStream {
        let object = &self.schema.objects[name];
        let ident = format_ident!("{}", type_name(name));
        let doc = format!(
            " {} (`{name}` object): <{}>",
            object.caption,
            object_link(&self.schema.version, name)
        );
        let body = self.struct_body(Owner::Object(name), &object.attributes, &[]);
        let deprecated = object.deprecated.as_ref().map(|d| {
            let note = format!("deprecated since OCSF {}: {}", d.since, d.message);
            quote! { #[deprecated(note = #note)] }
        });
        self.struct_tokens(&ident, &doc, deprecated, body, None)
    }

    /// The class's struct, its lenient struct, and what the event enums need of it.
    fn class_tokens(&self, name: &str) -> (TokenStream, TokenStream, events::EventClass) {
        let class = &self.schema.classes[name];
        let ident = format_ident!("{}", type_name(name));
        let doc = format!(
            " {} (`{name}` class, uid {}, category `{}`): <{}>",
            class.caption,
            class.uid,
            class.category,
            class_link(&self.schema.version, name)
        );
        let mut body = self.struct_body(Owner::Class(name), &class.attributes, CLASS_DERIVED);
        let deprecated = class.deprecated.as_ref().map(|d| {
            let note = format!("deprecated since OCSF {}: {}", d.since, d.message);
            quote! { #[deprecated(note = #note)] }
        });
        let event_class = events::EventClass {
            ident: ident.clone(),
            module: format_ident!("{}", snake(&class.category)),
            feature: snake(&class.category),
            uid: class.uid,
            caption: class.caption.clone(),
            deprecated: deprecated.clone(),
        };
        let lenient = events::lenient_class(&event_class, &doc, std::mem::take(&mut body.lenient));
        let class_uid = i64::from(class.uid);
        let category_uid = i64::from(class.category_uid);
        let caption = &class.caption;
        let category_caption = self
            .schema
            .categories
            .get(&class.category)
            .map_or(String::new(), |c| c.caption.clone());
        let activity_enum = self.enum_ident(Owner::Class(name), "activity_id");
        let extra = ClassExtra {
            class_uid,
            category_uid,
            caption: caption.clone(),
            category_caption,
            name: name.to_owned(),
            activity_enum,
        };
        let strict = self.struct_tokens(&ident, &doc, deprecated, body, Some(extra));
        (strict, lenient, event_class)
    }

    fn enum_ident(&self, owner: Owner<'a>, attr: &str) -> Option<Ident> {
        self.enum_names
            .iter()
            .find(|((o, a), _)| *o == owner && *a == attr)
            .map(|(_, i)| i.clone())
    }

    fn struct_tokens(
        &self,
        ident: &Ident,
        doc: &str,
        deprecated: Option<TokenStream>,
        body: StructBody,
        class: Option<ClassExtra>,
    ) -> TokenStream {
        let StructBody {
            fields,
            ser,
            de,
            new_params,
            new_inits,
            methods,
            lenient: _,
        } = body;
        let serialize = serialize_impl(ident, &ser, None);
        // Struct-literal syntax (`..Default::default()`) works where no field is private.
        let default_impl = (new_params.is_empty() && class.is_none()).then(|| {
            quote! {
                impl Default for #ident {
                    fn default() -> Self { Self::new() }
                }
            }
        });
        let (class_new, class_impl) = match &class {
            None => (quote! {}, quote! {}),
            Some(c) => {
                let ClassExtra {
                    class_uid,
                    category_uid,
                    caption,
                    category_caption,
                    name,
                    activity_enum,
                } = c;
                let activity_enum = activity_enum
                    .clone()
                    .unwrap_or_else(|| format_ident!("i64"));
                let type_name_fmt = format!("{caption}: {{}}");
                let class_uid_u32 = *class_uid as u32;
                let category_uid_u32 = *category_uid as u32;
                (
                    quote! {
                        class_uid: #class_uid,
                        category_uid: #category_uid,
                        class_name: Some(#caption.to_owned()),
                        category_name: Some(#category_caption.to_owned()),
                        activity_id: activity_id,
                        activity_name: crate::OcsfEnum::caption(activity_id).map(str::to_owned),
                        type_uid: #class_uid * 100 + crate::OcsfEnum::id(activity_id),
                        type_name: Some(format!(#type_name_fmt, crate::OcsfEnum::caption(activity_id).unwrap_or("Unknown"))),
                    },
                    quote! {
                        impl crate::OcsfClass for #ident {
                            type Activity = #activity_enum;
                            const CLASS_UID: u32 = #class_uid_u32;
                            const CATEGORY_UID: u32 = #category_uid_u32;
                            const CLASS_NAME: &'static str = #name;
                            const CAPTION: &'static str = #caption;
                            fn schema() -> &'static ocsf_schema::Schema { super::schema() }
                            fn class_uid(&self) -> i64 { self.class_uid }
                            fn category_uid(&self) -> i64 { self.category_uid }
                            fn type_uid(&self) -> i64 { self.type_uid }
                            fn activity_id(&self) -> #activity_enum { self.activity_id }
                            fn class_name(&self) -> Option<&str> { self.class_name.as_deref() }
                            fn category_name(&self) -> Option<&str> { self.category_name.as_deref() }
                            fn activity_name(&self) -> Option<&str> { self.activity_name.as_deref() }
                            fn type_name(&self) -> Option<&str> { self.type_name.as_deref() }
                            fn set_activity(&mut self, activity_id: #activity_enum) {
                                self.activity_id = activity_id;
                                self.activity_name = crate::OcsfEnum::caption(activity_id).map(str::to_owned);
                                self.type_uid = #class_uid * 100 + crate::OcsfEnum::id(activity_id);
                                self.type_name = Some(format!(#type_name_fmt, crate::OcsfEnum::caption(activity_id).unwrap_or("Unknown")));
                            }
                            fn set_activity_other(&mut self, name: String) {
                                let other = <#activity_enum as crate::OcsfEnum>::OTHER.unwrap_or(<#activity_enum as crate::OcsfEnum>::from_id(99));
                                self.activity_id = other;
                                self.type_uid = #class_uid * 100 + crate::OcsfEnum::id(other);
                                self.type_name = Some(format!(#type_name_fmt, "Other"));
                                self.activity_name = Some(name);
                            }
                            fn extra(&self) -> &serde_json::Map<String, serde_json::Value> { &self.extra }
                        }
                    },
                )
            }
        };
        let activity_param = class.as_ref().map(|c| {
            let e = c
                .activity_enum
                .clone()
                .unwrap_or_else(|| format_ident!("i64"));
            quote! { activity_id: #e, }
        });
        let new_doc = if class.is_some() {
            " Builds the event from its activity and required attributes; every uid and caption the schema derives is filled in."
        } else {
            " Builds the object from its required attributes."
        };
        quote! {
            #[doc = #doc]
            #deprecated
            #[derive(Debug, Clone, PartialEq)]
            pub struct #ident {
                #(#fields)*
                /// Attributes this schema version does not define, kept as read.
                pub extra: serde_json::Map<String, serde_json::Value>,
            }

            #serialize

            impl<'de> serde::Deserialize<'de> for #ident {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let map = <serde_json::Map<String, serde_json::Value> as serde::Deserialize>::deserialize(deserializer)?;
                    <Self as crate::de::FromJsonMap>::from_json_map(map).map_err(serde::de::Error::custom)
                }
            }

            impl crate::de::FromJsonMap for #ident {
                #[allow(unused_mut, unused_variables)]
                fn read_map(mut map: serde_json::Map<String, serde_json::Value>, reader: &mut crate::de::Reader) -> Result<Self, crate::de::ReadError> {
                    Ok(Self {
                        #(#de)*
                        extra: map,
                    })
                }
            }

            impl #ident {
                #[doc = #new_doc]
                #[allow(clippy::too_many_arguments)]
                pub fn new(#activity_param #(#new_params),*) -> Self {
                    let mut value = Self {
                        #class_new
                        #(#new_inits)*
                        extra: serde_json::Map::new(),
                    };
                    value.fill_captions();
                    value
                }
                #(#methods)*
            }
            #class_impl
            #default_impl
        }
    }

    fn struct_body(
        &self,
        owner: Owner<'a>,
        attributes: &'a BTreeMap<String, Attribute>,
        derived: &[&str],
    ) -> StructBody {
        let mut body = StructBody::default();
        // A caption sibling holds a string; 1.1.0's `priority` is an integer that `priority_id`
        // names as its sibling, and is left a plain field.
        let caption_sibling = |s: &str| {
            attributes
                .get(s)
                .is_some_and(|a| self.schema.base_type(&a.type_name) == "string_t")
        };
        let siblings: BTreeSet<&str> = attributes
            .values()
            .filter(|a| a.enum_values.is_some())
            .filter_map(|a| a.sibling.as_deref())
            .filter(|s| caption_sibling(s))
            .collect();
        let mut fill = Vec::new();
        for (name, attr) in attributes {
            let field = field_ident(name);
            let is_derived = derived.contains(&name.as_str());
            let enum_ident = if matches!(owner, Owner::Class(_))
                && matches!(name.as_str(), "class_uid" | "category_uid" | "type_uid")
            {
                None
            } else {
                self.enum_ident(owner, name)
            };
            let has_sibling =
                enum_ident.is_some() && attr.sibling.as_deref().is_some_and(&caption_sibling);
            let is_sibling = siblings.contains(name.as_str());
            let private = is_derived || has_sibling || is_sibling;
            // A class's activity is the constructor's first argument and `OcsfClass` returns it,
            // even where an old version (1.0.0's Email Activity) did not mark it required.
            let is_activity = matches!(owner, Owner::Class(_)) && name == "activity_id";
            let required = (attr.requirement == Requirement::Required || is_activity)
                && attr.profile.is_none()
                && (!is_sibling || is_derived);
            let element = match &enum_ident {
                Some(e) => quote!(#e),
                None => self.element_type(owner, name, attr, required),
            };
            let ty = if attr.is_array {
                quote!(Vec<#element>)
            } else {
                element
            };
            // Derived uids are plain integers; every derived caption is optional when read.
            let ty = match name.as_str() {
                "class_uid" | "category_uid" | "type_uid" if is_derived => quote!(i64),
                _ => ty,
            };
            let optional = !required
                || matches!(
                    name.as_str(),
                    "class_name" | "category_name" | "type_name" | "activity_name"
                ) && is_derived;
            let full_ty = if optional {
                quote!(Option<#ty>)
            } else {
                ty.clone()
            };
            let doc = format!(
                " {} (`{}`, {}{}{})",
                attr.caption,
                attr.object_type.as_deref().unwrap_or(&attr.type_name),
                attr.requirement.as_str(),
                attr.profile
                    .as_deref()
                    .map_or(String::new(), |p| format!(", profile `{p}`")),
                if attr.is_array { ", array" } else { "" }
            );
            let deprecated = attr.deprecated.as_ref().map(|d| {
                let note = format!("deprecated since OCSF {}: {}", d.since, d.message);
                quote! { #[deprecated(note = #note)] }
            });
            let ser_optional =
                quote! { if let Some(v) = &self.#field { map.serialize_entry(#name, v)?; } };
            if optional {
                body.ser.push(ser_optional.clone());
                body.de
                    .push(quote! { #field: reader.optional(&mut map, #name)?, });
            } else {
                body.ser
                    .push(quote! { map.serialize_entry(#name, &self.#field)?; });
                body.de
                    .push(quote! { #field: reader.required(&mut map, #name)?, });
            }
            // The lenient class: every attribute an `Option`; missing is reported where strict
            // reading would fail on it.
            let strict_required = !optional;
            body.lenient.fields.push(quote! {
                #[doc = #doc]
                #deprecated
                pub #field: Option<#ty>,
            });
            body.lenient.ser.push(ser_optional);
            body.lenient
                .de
                .push(quote! { #field: reader.lenient_field(&mut map, #name, #strict_required), });
            let vis = if private { quote!() } else { quote!(pub) };
            body.fields.push(quote! {
                #[doc = #doc]
                #deprecated
                #vis #field: #full_ty,
            });

            if is_derived {
                continue;
            }
            // Constructor parameters and initialisers.
            if required {
                body.new_params.push(quote! { #field: impl Into<#ty> });
                body.new_inits.push(quote! { #field: #field.into(), });
            } else {
                body.new_inits.push(quote! { #field: None, });
            }
            let with = format_ident!("with_{}", field.to_string().trim_start_matches("r#"));
            let set = format_ident!("set_{}", field.to_string().trim_start_matches("r#"));
            if is_sibling {
                let sibling_ty = if attr.is_array {
                    quote!([String])
                } else {
                    quote!(str)
                };
                let getter_doc = format!(" The `{name}` caption, as built or as read.");
                body.methods.push(quote! {
                    #[doc = #getter_doc]
                    pub fn #field(&self) -> Option<&#sibling_ty> { self.#field.as_deref() }
                });
                continue;
            }
            if has_sibling {
                let sibling = field_ident(attr.sibling.as_deref().unwrap_or_default());
                let e = enum_ident.clone();
                // Enums are Copy: single values are returned by value, arrays as slices.
                let (store, getter_ty, getter) = match (required, attr.is_array) {
                    (true, false) => (quote!(value), quote!(#e), quote!(self.#field)),
                    (false, false) => {
                        (quote!(Some(value)), quote!(Option<#e>), quote!(self.#field))
                    }
                    (true, true) => (quote!(value), quote!(&[#e]), quote!(&self.#field)),
                    (false, true) => (
                        quote!(Some(value)),
                        quote!(Option<&[#e]>),
                        quote!(self.#field.as_deref()),
                    ),
                };
                let caption_of = if attr.is_array {
                    quote! { Some(value.iter().map(|v| crate::OcsfEnum::caption(*v).unwrap_or("Unknown").to_owned()).collect()) }
                } else {
                    quote! { crate::OcsfEnum::caption(value).map(str::to_owned) }
                };
                let set_doc = format!(
                    " Sets `{name}` and its caption `{}` together.",
                    attr.sibling.as_deref().unwrap_or_default()
                );
                body.methods.push(quote! {
                    pub fn #field(&self) -> #getter_ty { #getter }
                    #[doc = #set_doc]
                    pub fn #set(&mut self, value: #ty) {
                        self.#sibling = #caption_of;
                        self.#field = #store;
                    }
                    #[doc = #set_doc]
                    pub fn #with(mut self, value: #ty) -> Self {
                        self.#set(value);
                        self
                    }
                });
                if !attr.is_array {
                    let other_fn = format_ident!(
                        "set_{}_other",
                        field
                            .to_string()
                            .trim_start_matches("r#")
                            .trim_end_matches("_id")
                    );
                    let other_doc = format!(
                        " Sets `{name}` to Other (99) with a source-specific caption in `{}`.",
                        attr.sibling.as_deref().unwrap_or_default()
                    );
                    let other_store = if required {
                        quote!(other)
                    } else {
                        quote!(Some(other))
                    };
                    body.methods.push(quote! {
                        #[doc = #other_doc]
                        pub fn #other_fn(&mut self, caption: impl Into<String>) {
                            let other = <#ty as crate::OcsfEnum>::OTHER.unwrap_or(<#ty as crate::OcsfEnum>::from_id(99));
                            self.#field = #other_store;
                            self.#sibling = Some(caption.into());
                        }
                    });
                    fill.push(if required {
                        quote! { if self.#sibling.is_none() { self.#sibling = crate::OcsfEnum::caption(self.#field).map(str::to_owned); } }
                    } else {
                        quote! { if let (Some(v), None) = (self.#field, &self.#sibling) { self.#sibling = crate::OcsfEnum::caption(v).map(str::to_owned); } }
                    });
                }
                continue;
            }
            if !required {
                let with_doc = format!(" Sets `{name}`.");
                body.methods.push(quote! {
                    #[doc = #with_doc]
                    pub fn #with(mut self, value: impl Into<#ty>) -> Self {
                        self.#field = Some(value.into());
                        self
                    }
                });
            }
        }
        body.methods.push(quote! {
            /// Fills each enum caption left empty from its id (a constructor's job).
            fn fill_captions(&mut self) {
                #(#fill)*
            }
        });
        body
    }

    fn element_type(
        &self,
        owner: Owner<'a>,
        name: &str,
        attr: &Attribute,
        required: bool,
    ) -> TokenStream {
        if let Some(object) = &attr.object_type {
            let ident = format_ident!("{}", type_name(object));
            // Optional objects are boxed too: inline, an event struct with every optional
            // object nested in place measured 43 KB, and serializing it touched all of it.
            let boxed = !required
                || match owner {
                    Owner::Object(o) => self.boxed.contains(&(o, name)),
                    Owner::Class(_) => false,
                };
            return if boxed && !attr.is_array {
                quote!(Box<#ident>)
            } else {
                quote!(#ident)
            };
        }
        match attr.type_name.as_str() {
            "timestamp_t" => quote!(crate::types::Timestamp),
            "port_t" => quote!(crate::types::Port),
            "json_t" => quote!(serde_json::Value),
            _ => match self.schema.base_type(&attr.type_name) {
                "integer_t" | "long_t" => quote!(i64),
                "float_t" => quote!(f64),
                "boolean_t" => quote!(bool),
                "json_t" => quote!(serde_json::Value),
                _ => quote!(String),
            },
        }
    }
}

#[derive(Default)]
struct StructBody {
    fields: Vec<TokenStream>,
    /// Statements serializing each field into a map, in field order.
    ser: Vec<TokenStream>,
    /// Field initialisers reading each field out of a JSON map.
    de: Vec<TokenStream>,
    new_params: Vec<TokenStream>,
    new_inits: Vec<TokenStream>,
    methods: Vec<TokenStream>,
    /// The same attributes in the class's lenient struct.
    lenient: LenientBody,
}

/// A lenient class's fields (all `Option`s, public), serialization and reading.
#[derive(Default)]
pub(crate) struct LenientBody {
    pub(crate) fields: Vec<TokenStream>,
    pub(crate) ser: Vec<TokenStream>,
    pub(crate) de: Vec<TokenStream>,
}

struct ClassExtra {
    class_uid: i64,
    category_uid: i64,
    caption: String,
    category_caption: String,
    name: String,
    activity_enum: Option<Ident>,
}

/// `Serialize` for a generated struct: its attributes (`ser`, one statement each), then
/// `extra`; `cfg` gates it like its struct.
pub(crate) fn serialize_impl(
    ident: &Ident,
    ser: &[TokenStream],
    cfg: Option<&TokenStream>,
) -> TokenStream {
    quote! {
        #cfg
        impl serde::Serialize for #ident {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                #(#ser)*
                for (k, v) in &self.extra {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// The `(id, caption)` pairs of an integer enum attribute.
fn int_enum(attr: &Attribute) -> Option<Vec<(i64, &str)>> {
    let values = attr.enum_values.as_ref()?;
    values
        .iter()
        .map(|v| match &v.key {
            EnumKey::Int(i) => Some((*i, v.caption.as_str())),
            EnumKey::Str(_) => None,
        })
        .collect()
}
