//! Generates the `ocsf-schema` crate's static tables for every schema version at once.
//!
//! Nine versions must not cost nine times the one: most of a schema does not change from one
//! release to the next. So every table item (data type, enum value list, attribute, object,
//! class) is generated once, in `generated/shared/`, and each version's `SCHEMA` only lists
//! references to the items it has. Two things make this sharing possible:
//!
//! - Attributes name the object they hold (`object_type: Some("user")`) instead of pointing at
//!   it. A pointer would tie an attribute to one version's `user`, and since objects nest, one
//!   changed object would make every object and class that reaches it differ too. Resolving
//!   the name through the version's `Schema` (`Schema::object_of`) keeps items independent.
//! - Items are deduplicated by their generated tokens: two items with the same tokens are the
//!   same item, so sharing can never merge two facts that differ.
//!
//! Shared items are named after the OCSF name and a counter per name in order of first
//! appearance (oldest version first, then by name), e.g. `OBJ_USER_0`, `OBJ_USER_1`: the names
//! are deterministic and a new version only appends.

use std::collections::{BTreeMap, HashMap};

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::model::{
    Attribute, Class, Constraints, DataType, Deprecation, EnumKey, EnumValue, Object, Requirement,
    Schema,
};
use crate::names::static_ident;
use crate::output::GeneratedFile;

/// Where the static tables go; its `mod.rs` declares one `pub mod v<version>;` per version.
pub const CRATE_DIR: &str = "crates/ocsf-schema/src/generated";

/// Every file of `crates/ocsf-schema/src/generated/` for these versions (oldest first);
/// `default_version` is the version the typed API and the tools use when none is named.
pub fn generate(schemas: &[&Schema], default_version: &str) -> Vec<GeneratedFile> {
    let mut pools = Pools::default();
    let mut version_files = Vec::new();
    for schema in schemas {
        version_files.push(version_file(schema, &mut pools));
    }
    let versions: Vec<&str> = schemas.iter().map(|s| s.version.as_str()).collect();
    let label = versions.join(", ");
    let mut files = pools.files(&label);
    files.extend(version_files);
    files.push(index_file(schemas, default_version, &label));
    files
}

fn index_file(schemas: &[&Schema], default_version: &str, label: &str) -> GeneratedFile {
    let mods = schemas.iter().map(|s| {
        let module = format_ident!("{}", s.version_ident());
        let doc = format!(" OCSF {}", s.version);
        quote! {
            #[doc = #doc]
            pub mod #module;
        }
    });
    let all = schemas.iter().map(|s| {
        let module = format_ident!("{}", s.version_ident());
        quote! { &#module::SCHEMA }
    });
    let latest = schemas.last().map(|s| s.version.as_str()).unwrap_or("");
    let default_doc = format!(
        " The version used where none is named: the typed API of the `ocsf` crate, the derive, \
         and the validator's fallback ({default_version})."
    );
    let latest_doc = format!(" The newest version generated ({latest}).");
    let tokens = quote! {
        pub(crate) mod shared;
        #(#mods)*
        /// Every generated schema version, oldest first.
        pub static ALL: &[&crate::Schema] = &[#(#all),*];
        #[doc = #default_doc]
        pub const DEFAULT_VERSION: &str = #default_version;
        #[doc = #latest_doc]
        pub const LATEST_VERSION: &str = #latest;
    };
    GeneratedFile::rust(format!("{CRATE_DIR}/mod.rs"), label, tokens)
}

/// One kind of shared item: its statics in order of first appearance, deduplicated by tokens.
#[derive(Default)]
struct Pool {
    /// Item tokens (without the name) → the static's name.
    by_body: HashMap<String, Ident>,
    /// How many variants each OCSF name has so far.
    counters: BTreeMap<String, usize>,
    items: Vec<Item>,
}

struct Item {
    id: Ident,
    ty: TokenStream,
    body: TokenStream,
    /// The first part of the doc line (`Authentication (`authentication`)`), if documented;
    /// the versions that use the item are appended when the files are written.
    doc: Option<String>,
    /// The OCSF item's page on schema.ocsf.io, given the newest version that uses it.
    link: Option<fn(&str, &str) -> String>,
    name: String,
    /// For classes and objects: `body` is the struct's fields, and the declaration adds
    /// `slot`, the item's position, which indexes its entry in the pool's `RESOLVED` cells.
    slotted: bool,
}

impl Pool {
    /// The name of the static of type `ty` holding `body`, declaring it on first use.
    fn intern(&mut self, prefix: &str, name: &str, ty: TokenStream, body: TokenStream) -> Ident {
        self.intern_documented(prefix, name, ty, body, None, None)
    }

    fn intern_documented(
        &mut self,
        prefix: &str,
        name: &str,
        ty: TokenStream,
        body: TokenStream,
        doc: Option<String>,
        link: Option<fn(&str, &str) -> String>,
    ) -> Ident {
        let key = body.to_string();
        if let Some(id) = self.by_body.get(&key) {
            return id.clone();
        }
        let counter = self.counters.entry(name.to_owned()).or_insert(0);
        let id = format_ident!("{}_{}", static_ident(prefix, name), *counter);
        *counter += 1;
        self.items.push(Item {
            id: id.clone(),
            ty,
            body,
            doc,
            link,
            name: name.to_owned(),
            slotted: false,
        });
        self.by_body.insert(key, id.clone());
        id
    }

    /// Consts rather than statics: a class or object copies the value (a static holding a
    /// struct could not be moved out of).
    fn const_declarations(&self) -> Vec<TokenStream> {
        self.items
            .iter()
            .map(|Item { id, ty, body, .. }| quote! { pub const #id: #ty = #body; })
            .collect()
    }

    /// Interns a class or object: `fields` without `slot`, which the declaration adds.
    fn intern_slotted(
        &mut self,
        prefix: &str,
        name: &str,
        ty: TokenStream,
        fields: TokenStream,
        doc: String,
        link: fn(&str, &str) -> String,
    ) -> Ident {
        let before = self.items.len();
        let id = self.intern_documented(prefix, name, ty, fields, Some(doc), Some(link));
        if self.items.len() > before {
            if let Some(item) = self.items.last_mut() {
                item.slotted = true;
            }
        }
        id
    }

    /// One cell per slotted item, where its attributes are resolved on first use: one array
    /// costs the compiler far less than a cell in each of hundreds of statics.
    fn resolved_cells(&self) -> TokenStream {
        let n = self.items.iter().filter(|i| i.slotted).count();
        quote! {
            /// The attributes of each item above, by its `slot`, made on first use.
            pub static RESOLVED: [crate::model::ResolvedAttributes; #n] = [crate::gen::UNRESOLVED; #n];
        }
    }

    fn declarations(&self, used_in: &BTreeMap<String, Vec<String>>) -> Vec<TokenStream> {
        let mut slot = 0u16;
        self.items
            .iter()
            .map(|item| {
                let Item { id, ty, body, .. } = item;
                let body = if item.slotted {
                    let this = slot;
                    slot += 1;
                    quote!(#ty { #body slot: #this })
                } else {
                    body.clone()
                };
                let doc = item.doc.as_ref().map(|doc| {
                    let versions = used_in.get(&id.to_string()).cloned().unwrap_or_default();
                    let mut line = format!(" {doc}: OCSF {}", versions.join(", "));
                    if let (Some(link), Some(newest)) = (item.link, versions.last()) {
                        line.push_str(&format!(", <{}>", link(newest, &item.name)));
                    }
                    quote! { #[doc = #line] }
                });
                quote! {
                    #doc
                    pub static #id: #ty = #body;
                }
            })
            .collect()
    }
}

/// Every distinct attribute, as one array: classes and objects list indexes into it.
#[derive(Default)]
struct AttributeTable {
    by_body: HashMap<String, u16>,
    bodies: Vec<TokenStream>,
}

impl AttributeTable {
    fn intern(&mut self, body: TokenStream) -> u16 {
        let key = body.to_string();
        if let Some(&id) = self.by_body.get(&key) {
            return id;
        }
        let id = u16::try_from(self.bodies.len())
            .expect("fewer than 65536 distinct attributes across all versions");
        self.bodies.push(body);
        self.by_body.insert(key, id);
        id
    }
}

#[derive(Default)]
struct Pools {
    types: Pool,
    enums: Pool,
    attributes: AttributeTable,
    /// Profile lists and constraints shared by classes and objects, in `lists.rs`.
    lists: Pool,
    profiles: Pool,
    objects: Pool,
    classes: Pool,
    /// Per shared object or class: the versions that use it, for its doc line.
    used_in: BTreeMap<String, Vec<String>>,
}

impl Pools {
    fn files(&self, label: &str) -> Vec<GeneratedFile> {
        let dir = format!("{CRATE_DIR}/shared");
        let types = self.types.declarations(&self.used_in);
        let enums = self.enums.declarations(&self.used_in);
        let bodies = &self.attributes.bodies;
        let count = bodies.len();
        let objects = self.objects.declarations(&self.used_in);
        let classes = self.classes.declarations(&self.used_in);
        let object_cells = self.objects.resolved_cells();
        let class_cells = self.classes.resolved_cells();
        let profiles = self.profiles.declarations(&self.used_in);
        let lists = self.lists.const_declarations();
        vec![
            GeneratedFile::rust(
                format!("{dir}/mod.rs"),
                label,
                quote! {
                    //! Table items shared by every version that has them; each version's
                    //! `SCHEMA` lists the ones it uses.
                    pub(crate) mod attributes;
                    pub(crate) mod classes;
                    pub(crate) mod enums;
                    pub(crate) mod lists;
                    pub(crate) mod objects;
                    pub(crate) mod profiles;
                    pub(crate) mod types;
                },
            ),
            GeneratedFile::rust(
                format!("{dir}/profiles.rs"),
                label,
                quote! { #(#profiles)* },
            ),
            GeneratedFile::rust(format!("{dir}/lists.rs"), label, quote! { #(#lists)* }),
            GeneratedFile::rust(format!("{dir}/types.rs"), label, quote! { #(#types)* }),
            GeneratedFile::rust(format!("{dir}/enums.rs"), label, quote! { #(#enums)* }),
            GeneratedFile::rust(
                format!("{dir}/attributes.rs"),
                label,
                quote! {
                    use super::enums as e;
                    /// Every distinct attribute of every version; classes and objects list
                    /// indexes into it.
                    pub static ATTRIBUTES: [crate::Attribute; #count] = [#(#bodies),*];
                },
            ),
            GeneratedFile::rust(
                format!("{dir}/objects.rs"),
                label,
                quote! { use super::lists as l; #(#objects)* #object_cells },
            ),
            GeneratedFile::rust(
                format!("{dir}/classes.rs"),
                label,
                quote! { use super::lists as l; #(#classes)* #class_cells },
            ),
        ]
    }
}

impl Pools {
    /// Records that `version` uses the shared item `id` (for the item's doc line).
    fn use_in(&mut self, id: &Ident, version: &str) {
        let versions = self.used_in.entry(id.to_string()).or_default();
        if versions.last().map(String::as_str) != Some(version) {
            versions.push(version.to_owned());
        }
    }
}

fn version_file(schema: &Schema, pools: &mut Pools) -> GeneratedFile {
    let version = &schema.version;
    let types: Vec<Ident> = schema
        .types
        .values()
        .map(|t| intern_type(schema, t, pools))
        .collect();
    let mut class_ids: BTreeMap<&str, Ident> = BTreeMap::new();
    for c in schema.classes.values() {
        let id = intern_class(schema, c, pools);
        class_ids.insert(&c.name, id);
    }
    let objects: Vec<Ident> = schema
        .objects
        .values()
        .map(|o| intern_object(schema, o, pools))
        .collect();
    let classes = class_ids.values();
    let mut by_uid: Vec<&Class> = schema.classes.values().collect();
    by_uid.sort_by_key(|c| c.uid);
    let by_uid = by_uid.iter().map(|c| &class_ids[c.name.as_str()]);

    let mut categories: Vec<_> = schema.categories.values().collect();
    categories.sort_by_key(|c| c.uid);
    let categories = categories.iter().map(|c| {
        let (name, caption, uid) = (&c.name, &c.caption, c.uid);
        quote! { crate::Category { name: #name, caption: #caption, uid: #uid } }
    });
    let profiles: Vec<Ident> = schema
        .profiles
        .values()
        .map(|p| {
            // Which attributes a profile brings is on the attributes (`profile`); listing it
            // again per profile and version was a seventh of the tables.
            let name = &p.name;
            let body = quote! { crate::Profile { name: #name } };
            let id = pools
                .profiles
                .intern("PROFILE", name, quote!(crate::Profile), body);
            pools.use_in(&id, version);
            id
        })
        .collect();
    let tokens = quote! {
        use super::shared::{classes as c, objects as o, profiles as p, types as t};

        /// The schema tables of this version.
        pub static SCHEMA: crate::Schema = crate::Schema {
            version: #version,
            classes: &[#(&c::#classes),*],
            classes_by_uid: &[#(&c::#by_uid),*],
            objects: &[#(&o::#objects),*],
            types: &[#(&t::#types),*],
            categories: &[#(#categories),*],
            profiles: &[#(&p::#profiles),*],
        };

        /// The schema tables of this version.
        pub fn schema() -> &'static crate::Schema {
            &SCHEMA
        }
    };
    GeneratedFile::rust(
        format!("{CRATE_DIR}/{}.rs", schema.version_ident()),
        version,
        tokens,
    )
}

fn intern_type(schema: &Schema, t: &DataType, pools: &mut Pools) -> Ident {
    let name = &t.name;
    let caption = &t.caption;
    let base = base_type_tokens(schema, &t.name);
    let extends = gen_str(t.base.as_deref());
    let regex = gen_str(t.regex.as_deref());
    let range = match t.range {
        Some((lo, hi)) => quote! { Some((#lo, #hi)) },
        None => quote! { None },
    };
    let max_len = gen_u32(t.max_len);
    let observable = gen_u32(t.observable);
    let body = quote! {
        crate::DataType {
            name: #name,
            caption: #caption,
            base: #base,
            extends: #extends,
            regex: #regex,
            range: #range,
            max_len: #max_len,
            observable: #observable,
        }
    };
    let id = pools.types.intern_documented(
        "TYPE",
        name,
        quote!(crate::DataType),
        body,
        Some(format!("{caption} (`{name}`)")),
        Some(type_link),
    );
    pools.use_in(&id, &schema.version);
    id
}

fn intern_enum(name: &str, values: &[EnumValue], pools: &mut Pools) -> Ident {
    let values = values.iter().map(|v| {
        let key = match &v.key {
            EnumKey::Int(i) => quote!(crate::EnumKey::Int(#i)),
            EnumKey::Str(s) => quote!(crate::EnumKey::Str(#s)),
        };
        let caption = &v.caption;
        let deprecated = gen_deprecation(v.deprecated.as_ref());
        quote! { crate::EnumValue { key: #key, caption: #caption, deprecated: #deprecated } }
    });
    let body = quote! { &[#(#values),*] };
    pools
        .enums
        .intern("ENUM", name, quote!(&[crate::EnumValue]), body)
}

fn intern_attribute(a: &Attribute, pools: &mut Pools) -> u16 {
    let (name, caption, type_name, is_array) = (&a.name, &a.caption, &a.type_name, a.is_array);
    let object_type = gen_str(a.object_type.as_deref());
    let requirement = match a.requirement {
        Requirement::Required => quote!(crate::Requirement::Required),
        Requirement::Recommended => quote!(crate::Requirement::Recommended),
        Requirement::Optional => quote!(crate::Requirement::Optional),
    };
    let group = gen_str(a.group.as_deref());
    let profile = gen_str(a.profile.as_deref());
    let sibling = gen_str(a.sibling.as_deref());
    let enum_values = match &a.enum_values {
        None => quote!(crate::gen::NO_ENUM),
        Some(values) => {
            let id = intern_enum(name, values, pools);
            quote! { crate::gen::some_enum(e::#id) }
        }
    };
    let deprecated = gen_deprecation(a.deprecated.as_ref());
    let observable = gen_u32(a.observable);
    let body = quote! {
        crate::Attribute {
            name: #name,
            caption: #caption,
            type_name: #type_name,
            object_type: #object_type,
            is_array: #is_array,
            requirement: #requirement,
            group: #group,
            profile: #profile,
            sibling: #sibling,
            enum_values: #enum_values,
            deprecated: #deprecated,
            observable: #observable,
        }
    };
    pools.attributes.intern(body)
}

fn intern_class(schema: &Schema, c: &Class, pools: &mut Pools) -> Ident {
    let (name, caption, uid, category, category_uid) =
        (&c.name, &c.caption, c.uid, &c.category, c.category_uid);
    let extends = gen_str(c.extends.as_deref());
    let profiles = intern_profile_list(&c.profiles, pools);
    let constraints = intern_constraints(&c.constraints, pools);
    let attributes: Vec<u16> = c
        .attributes
        .values()
        .map(|a| intern_attribute(a, pools))
        .collect();
    let deprecated = gen_deprecation(c.deprecated.as_ref());
    let fields = quote! {
            name: #name,
            caption: #caption,
            uid: #uid,
            category: #category,
            category_uid: #category_uid,
            extends: #extends,
            profiles: l::#profiles,
            constraints: l::#constraints,
            attribute_ids: &[#(#attributes),*],
            deprecated: #deprecated,
    };
    let id = pools.classes.intern_slotted(
        "CLASS",
        name,
        quote!(crate::Class),
        fields,
        format!("{caption} (`{name}`, uid {uid}, category `{category}`)"),
        class_link,
    );
    pools.use_in(&id, &schema.version);
    id
}

fn intern_object(schema: &Schema, o: &Object, pools: &mut Pools) -> Ident {
    let (name, caption) = (&o.name, &o.caption);
    let extends = gen_str(o.extends.as_deref());
    let profiles = intern_profile_list(&o.profiles, pools);
    let constraints = intern_constraints(&o.constraints, pools);
    let attributes: Vec<u16> = o
        .attributes
        .values()
        .map(|a| intern_attribute(a, pools))
        .collect();
    let deprecated = gen_deprecation(o.deprecated.as_ref());
    let observable = gen_u32(o.observable);
    let fields = quote! {
            name: #name,
            caption: #caption,
            extends: #extends,
            profiles: l::#profiles,
            constraints: l::#constraints,
            attribute_ids: &[#(#attributes),*],
            deprecated: #deprecated,
            observable: #observable,
    };
    let id = pools.objects.intern_slotted(
        "OBJ",
        name,
        quote!(crate::Object),
        fields,
        format!("{caption} (`{name}`)"),
        object_link,
    );
    pools.use_in(&id, &schema.version);
    id
}

/// The profiles a class or object may declare, as a shared list: a few dozen distinct lists
/// serve every class and object of every version.
fn intern_profile_list(profiles: &[String], pools: &mut Pools) -> Ident {
    let body = quote!(&[#(#profiles),*]);
    pools
        .lists
        .intern("LIST", "profiles", quote!(&[&str]), body)
}

/// Constraints, shared like profile lists (most are empty).
fn intern_constraints(c: &Constraints, pools: &mut Pools) -> Ident {
    pools.lists.intern(
        "LIST",
        "constraints",
        quote!(crate::Constraints),
        constraints_tokens(c),
    )
}

fn constraints_tokens(c: &Constraints) -> TokenStream {
    let (at_least_one, just_one) = (&c.at_least_one, &c.just_one);
    quote! { crate::Constraints { at_least_one: &[#(#at_least_one),*], just_one: &[#(#just_one),*] } }
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

// Optional fields are written with the non-generic helpers of `ocsf_schema`'s `gen` module
// instead of `Some(..)` / `None`: inferring thousands of generic constructors took a seventh
// of the crate's build time.

fn gen_str(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote!(crate::gen::some_str(#s)),
        None => quote!(crate::gen::NO_STR),
    }
}

fn gen_u32(v: Option<u32>) -> TokenStream {
    match v {
        Some(v) => quote!(crate::gen::some_u32(#v)),
        None => quote!(crate::gen::NO_U32),
    }
}

fn gen_deprecation(d: Option<&Deprecation>) -> TokenStream {
    match d {
        Some(d) => {
            let (since, message) = (&d.since, &d.message);
            let replacement = gen_str(d.replacement.as_deref());
            quote! { Some(crate::Deprecation { since: #since, message: #message, replacement: #replacement }) }
        }
        None => quote!(crate::gen::NO_DEPRECATION),
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
