//! Checks a mapping against the schema tables and turns it into a plan of JSON writes.
//! Every problem goes into the [`Ctxt`] with the span of the tokens that caused it.

use std::collections::BTreeSet;
use std::ops::Range;

use ocsf_schema::{Attribute, BaseType, Class, Constraints, EnumKey, Requirement, Schema};
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Ident, Lit, LitStr, Type};

use crate::attr::{self, FieldAttrs, Set, Target};
use crate::ctxt::Ctxt;
use crate::names::{did_you_mean, list, normalize, suggestion};

thread_local! {
    /// The schema version of the item being expanded. A proc macro expands one item at a time
    /// on one thread, and nearly every check needs the tables, so the version an item names
    /// (`#[ocsf(version = "1.1.0")]`) is set here for its expansion rather than threaded
    /// through every function.
    static SCHEMA: std::cell::Cell<&'static Schema> = std::cell::Cell::new(ocsf_schema::default_schema());
}

/// The tables of the version the item being expanded maps onto.
pub fn schema() -> &'static Schema {
    SCHEMA.with(|s| s.get())
}

/// Runs `f` with `schema` as the version of the item being expanded.
pub fn with_schema<T>(schema: &'static Schema, f: impl FnOnce() -> T) -> T {
    let previous = SCHEMA.with(|s| s.replace(schema));
    let out = f();
    SCHEMA.with(|s| s.set(previous));
    out
}

/// Attributes the derive writes itself; a mapping may not write them.
use ocsf_names::CLASS_DERIVED_ATTRIBUTES as DERIVED;
const DERIVED_METADATA: &[&str] = &["product", "profiles", "version"];

/// Field names that say "secret": such a field must not reach an event unwaived.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "token",
    "secret",
    "api_key",
    "apikey",
    "private_key",
    "privatekey",
    "credential",
];
/// Type names of the `secrecy` crate (and look-alikes).
const SECRET_TYPES: &[&str] = &[
    "SecretString",
    "SecretBox",
    "Secret",
    "SecretVec",
    "SecretSlice",
];

/// A path segment as written: the attribute name and whether it goes into an array's first
/// element (`resources[]`).
pub type Seg = (String, bool);

/// The JSON kind a field's Rust type must produce.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    Integer,
    Port,
    Timestamp,
    Float,
    Boolean,
    EnumId,
    /// `json_t` or an object: anything `Serialize`.
    Serialize,
}

impl Kind {
    pub fn marker(self) -> &'static str {
        match self {
            Kind::String => "string_t",
            Kind::Integer => "integer_t",
            Kind::Port => "port_t",
            Kind::Timestamp => "timestamp_t",
            Kind::Float => "float_t",
            Kind::Boolean => "boolean_t",
            Kind::EnumId => "enum_id",
            Kind::Serialize => "json",
        }
    }
}

/// How one field is written.
pub enum Write {
    /// A scalar (or an array of scalars, `array`) through `OcsfValue<kind>`.
    Value {
        segs: Vec<Seg>,
        kind: Kind,
        array: bool,
    },
    /// An enum `_id` attribute: the id, and its caption written beside it.
    Enum {
        segs: Vec<Seg>,
        sibling: Option<&'static str>,
        captions: Vec<(i64, &'static str)>,
    },
    Serialize {
        segs: Vec<Seg>,
    },
    Display {
        segs: Vec<Seg>,
    },
    Status,
}

pub struct FieldPlan<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub write: Write,
}

/// A literal the derive writes.
pub enum Fixed {
    Int(i64),
    Str(String),
    Bool(bool),
    Float(f64),
}

/// One event: a struct, or one variant of an enum.
pub struct EventPlan<'a> {
    pub activity_id: i64,
    pub activity_caption: &'static str,
    pub fixed: Vec<(Vec<Seg>, Fixed)>,
    pub fields: Vec<FieldPlan<'a>>,
    pub time_mapped: bool,
    /// `(field, path, reason)`
    pub waivers: Vec<(String, String, String)>,
}

/// An attribute path the mapping writes, for the duplicate and the required checks.
struct Written {
    segs: Vec<String>,
    span: Span,
    /// The leaf is an object written whole (its inside is not checked).
    whole: bool,
    /// Written from an `Option` field: may be absent.
    optional: bool,
    origin: String,
}

/// The schema of `#[ocsf(version = "...")]`, or of the default version; `None` (reported)
/// for a version this build does not have.
pub fn version(cx: &mut Ctxt, lit: Option<&LitStr>) -> Option<&'static Schema> {
    let Some(lit) = lit else {
        return Some(ocsf_schema::default_schema());
    };
    let written = lit.value();
    let found = ocsf_schema::by_version(&written);
    if found.is_none() {
        // No "did you mean": the nearest spelling of a version is not the nearest version.
        let known = ocsf_schema::versions().iter().map(|s| s.version);
        cx.error(
            lit.span(),
            format!(
                "unknown OCSF version `{written}`; expected one of {}",
                list(known)
            ),
        );
    }
    found
}

/// ` in OCSF 1.1.0` when the item maps onto another version than the default, for messages
/// about what a version lacks.
fn in_version() -> String {
    let version = schema().version;
    if version == ocsf_schema::DEFAULT_VERSION {
        String::new()
    } else {
        format!(" in OCSF {version}")
    }
}

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

pub fn class(cx: &mut Ctxt, lit: Option<&LitStr>, span: Span) -> Option<&'static Class> {
    let Some(lit) = lit else {
        cx.error(
            span,
            "missing `#[ocsf(class = \"...\")]`: name the OCSF class, e.g. `authentication`",
        );
        return None;
    };
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

pub struct EventInput<'a> {
    pub class: &'static Class,
    pub class_span: Span,
    pub activity: Option<&'a LitStr>,
    /// Where to report a missing activity.
    pub name_span: Span,
    pub sets: Vec<&'a Set>,
    pub fields: &'a syn::Fields,
    pub profiles: &'a [String],
    /// `Variant.` in front of field names of an enum, for waivers.
    pub field_prefix: String,
}

pub fn event<'a>(cx: &mut Ctxt, input: EventInput<'a>) -> Option<EventPlan<'a>> {
    let class = input.class;
    let activity = activity(cx, class, input.activity, input.name_span);
    let mut written: Vec<Written> = Vec::new();
    let mut fixed = Vec::new();
    for set in &input.sets {
        set_value(
            cx,
            class,
            set,
            &input.sets,
            input.profiles,
            &mut fixed,
            &mut written,
        );
    }
    let mut fields = Vec::new();
    let mut waivers = Vec::new();
    let named = match input.fields {
        syn::Fields::Named(named) => named.named.iter().collect(),
        syn::Fields::Unit => Vec::new(),
        syn::Fields::Unnamed(u) => {
            cx.error(
                u.span(),
                "expected named fields: each field needs a name and a `#[ocsf(...)]` mapping",
            );
            Vec::new()
        }
    };
    for field in named {
        let attrs = attr::field(cx, field);
        let ident = field.ident.as_ref().expect("named field");
        if let Some(plan) = field_plan(
            cx,
            class,
            &input,
            field,
            ident,
            &attrs,
            &mut written,
            &mut waivers,
        ) {
            fields.push(plan);
        }
    }
    duplicates(cx, &written);
    let time_mapped = written.iter().any(|w| w.segs[0] == "time");
    // What the derive writes itself, so that the required checks see it.
    for segs in [
        &["class_uid"][..],
        &["category_uid"],
        &["type_uid"],
        &["activity_id"],
        &["time"],
    ] {
        written.push(derived(segs, false));
    }
    written.push(derived(&["metadata", "version"], false));
    written.push(derived(&["metadata", "product"], true));
    required(
        cx,
        class.name,
        class.attributes(),
        &class.constraints,
        &written,
        0,
        input.profiles,
        input.class_span,
    );
    let (activity_id, activity_caption) = activity?;
    Some(EventPlan {
        activity_id,
        activity_caption,
        fixed,
        fields,
        time_mapped,
        waivers,
    })
}

fn derived(segs: &[&str], whole: bool) -> Written {
    Written {
        segs: segs.iter().map(|s| (*s).to_owned()).collect(),
        span: Span::call_site(),
        whole,
        optional: false,
        origin: "the derive".to_owned(),
    }
}

fn activity(
    cx: &mut Ctxt,
    class: &'static Class,
    lit: Option<&LitStr>,
    span: Span,
) -> Option<(i64, &'static str)> {
    let Some(lit) = lit else {
        cx.error(
            span,
            "missing `#[ocsf(activity = \"...\")]`: name the activity by its caption, e.g. `logon`",
        );
        return None;
    };
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

fn enum_captions(attr: &Attribute) -> Vec<(i64, &'static str)> {
    attr.enum_values
        .unwrap_or(&[])
        .iter()
        .filter_map(|v| match v.key {
            EnumKey::Int(id) => Some((id, v.caption)),
            EnumKey::Str(_) => None,
        })
        .collect()
}

fn enum_listing(attr: &Attribute) -> String {
    enum_captions(attr)
        .iter()
        .map(|(id, c)| format!("`{c}` ({id})"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_int_enum(attr: &Attribute) -> bool {
    attr.enum_values.is_some()
        && matches!(
            schema().base_type_of(attr),
            BaseType::Integer | BaseType::Long
        )
}

/// The caption attribute named by `set(x = "..")` when `x_id` is an enum: `severity` → `severity_id`.
fn enum_of_caption(class: &'static Class, name: &str) -> Option<&'static Attribute> {
    let attrs: &'static [&'static Attribute] = class.attributes();
    attrs
        .iter()
        .find(|a| a.sibling == Some(name) && is_int_enum(a))
        .copied()
}

#[allow(clippy::too_many_arguments)]
fn set_value(
    cx: &mut Ctxt,
    class: &'static Class,
    set: &Set,
    all: &[&Set],
    profiles: &[String],
    fixed: &mut Vec<(Vec<Seg>, Fixed)>,
    written: &mut Vec<Written>,
) {
    let name = set.name.to_string();
    let span = set.value.span();
    let write = |segs: &[&str],
                 value: Fixed,
                 fixed: &mut Vec<(Vec<Seg>, Fixed)>,
                 written: &mut Vec<Written>| {
        written.push(Written {
            segs: segs.iter().map(|s| (*s).to_owned()).collect(),
            span: set.name.span(),
            whole: false,
            optional: false,
            origin: format!("`set({})`", set.name),
        });
        fixed.push((
            segs.iter().map(|s| ((*s).to_owned(), false)).collect(),
            value,
        ));
    };
    let by_caption =
        enum_of_caption(class, &name).filter(|id_attr| !all.iter().any(|s| s.name == id_attr.name));
    let Some(attr) = by_caption.or_else(|| class.attribute(&name)) else {
        let names = class.attributes().iter().map(|a| a.name);
        cx.error(
            set.name.span(),
            format!(
                "`{name}` is not an attribute of `{}`{}",
                class.name,
                suggestion(&name, names)
            ),
        );
        return;
    };
    check_profile(cx, attr, profiles, set.name.span());
    if DERIVED.contains(&attr.name) || attr.name == "metadata" {
        cx.error(
            set.name.span(),
            format!("`{}` is filled by the derive and cannot be set", attr.name),
        );
        return;
    }
    // Counted as written even when the value is wrong: one mistake, one error.
    written.push(Written {
        segs: vec![attr.name.to_owned()],
        span: set.name.span(),
        whole: false,
        optional: false,
        origin: format!("`set({})`", set.name),
    });
    if is_int_enum(attr) {
        let id = match &set.value {
            Lit::Int(i) => match i.base10_parse::<i64>() {
                Ok(id) if attr.enum_value(id).is_some() => Some(id),
                Ok(id) => {
                    cx.error(
                        span,
                        format!(
                            "`{}` has no value {id}; expected one of {}",
                            attr.name,
                            enum_listing(attr)
                        ),
                    );
                    None
                }
                Err(e) => {
                    cx.syn_error(e);
                    None
                }
            },
            Lit::Str(s) => {
                let captions = enum_captions(attr);
                let found = captions
                    .iter()
                    .find(|(_, c)| normalize(c) == normalize(&s.value()));
                if found.is_none() {
                    cx.error(
                        span,
                        format!(
                            "`{}` is not a caption of `{}`; expected one of {}{}",
                            s.value(),
                            attr.name,
                            enum_listing(attr),
                            suggestion(&s.value(), captions.iter().map(|(_, c)| *c))
                        ),
                    );
                }
                found.map(|(id, _)| *id)
            }
            _ => {
                cx.error(
                    span,
                    format!(
                        "`{}` is an enum: expected its caption as a string or its id",
                        attr.name
                    ),
                );
                None
            }
        };
        if let Some(id) = id {
            write(&[attr.name], Fixed::Int(id), fixed, written);
            if let (Some(sibling), Some(caption)) = (attr.sibling, attr.enum_caption(id)) {
                // An explicit caption (`Other` with a source's own name) wins.
                if !all.iter().any(|s| s.name == sibling && s.name != set.name) {
                    write(&[sibling], Fixed::Str(caption.to_owned()), fixed, written);
                }
            }
        }
        return;
    }
    let value = match (&set.value, schema().base_type_of(attr)) {
        (Lit::Str(s), BaseType::String) => Some(Fixed::Str(s.value())),
        (Lit::Int(i), BaseType::Integer | BaseType::Long) => i.base10_parse().map(Fixed::Int).ok(),
        (Lit::Float(f), BaseType::Float) => f.base10_parse().map(Fixed::Float).ok(),
        (Lit::Int(i), BaseType::Float) => i.base10_parse().map(Fixed::Float).ok(),
        (Lit::Bool(b), BaseType::Boolean) => Some(Fixed::Bool(b.value)),
        _ => None,
    };
    match value {
        Some(value) => write(&[attr.name], value, fixed, written),
        None => cx.error(
            span,
            format!(
                "this literal cannot be the `{}` attribute `{}`",
                attr.type_name, attr.name
            ),
        ),
    }
}

fn check_profile(cx: &mut Ctxt, attr: &Attribute, profiles: &[String], span: Span) {
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

/// The span of `range` (bytes of the literal's value) inside the literal, where the compiler
/// can point inside a literal (nightly); the literal otherwise.
fn sub_span(lit: &LitStr, range: Range<usize>) -> Span {
    let raw = lit.token().to_string();
    // Offsets match only when the literal is written plainly (no escapes, not raw).
    if raw.len() == lit.value().len() + 2 {
        if let Some(span) = lit.token().subspan(range.start + 1..range.end + 1) {
            return span;
        }
    }
    lit.span()
}

struct Resolved {
    segs: Vec<Seg>,
    attr: &'static Attribute,
    /// `(owning object, attribute)` for every segment; `None` for the class.
    chain: Vec<(Option<&'static str>, &'static Attribute)>,
    ranges: Vec<Range<usize>>,
}

fn resolve(class: &'static Class, path: &str) -> Result<Resolved, (String, Range<usize>)> {
    let mut attrs: &'static [&'static Attribute] = class.attributes();
    let mut owner: Option<&'static str> = None;
    let mut owner_name = class.name;
    let mut out = Resolved {
        segs: Vec::new(),
        attr: attrs[0],
        chain: Vec::new(),
        ranges: Vec::new(),
    };
    let mut start = 0;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let range = start..start + part.len();
        start += part.len() + 1;
        let (name, array) = match part.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (*part, false),
        };
        if name.is_empty() {
            return Err(("empty segment in attribute path".to_owned(), range));
        }
        let Some(&attr) = attrs.iter().find(|a| a.name == name) else {
            return Err((
                format!(
                    "`{name}` is not an attribute of `{owner_name}`{}{}",
                    in_version(),
                    suggestion(name, attrs.iter().map(|a| a.name))
                ),
                range,
            ));
        };
        if array && !attr.is_array {
            return Err((format!("`{name}` is not an array: remove the `[]`"), range));
        }
        let last = i + 1 == parts.len();
        if !last {
            let Some(object) = schema().object_of(attr) else {
                let next = parts[i + 1];
                return Err((
                    format!(
                        "`{name}` is a `{}`, not an object: the path cannot go on to `{next}`",
                        attr.type_name
                    ),
                    range,
                ));
            };
            if attr.is_array && !array {
                return Err((
                    format!("`{name}` is an array of `{}`: write `{name}[]` to map into its first element", object.name),
                    range,
                ));
            }
            attrs = object.attributes();
            out.chain.push((owner, attr));
            owner = Some(object.name);
            owner_name = object.name;
        } else {
            out.chain.push((owner, attr));
        }
        out.segs.push((name.to_owned(), array));
        out.ranges.push(range);
        out.attr = attr;
    }
    Ok(out)
}

fn kind_of(attr: &Attribute) -> Kind {
    let Some(mut ty) = schema().data_type_of(attr) else {
        return Kind::Serialize;
    };
    if is_int_enum(attr) {
        return Kind::EnumId;
    }
    loop {
        match ty.name {
            "port_t" => return Kind::Port,
            "timestamp_t" => return Kind::Timestamp,
            _ => {}
        }
        match ty.extends.and_then(|e| schema().data_type(e)) {
            Some(parent) => ty = parent,
            None => break,
        }
    }
    match ty.base {
        BaseType::String => Kind::String,
        BaseType::Integer | BaseType::Long => Kind::Integer,
        BaseType::Float => Kind::Float,
        BaseType::Boolean => Kind::Boolean,
        BaseType::Json | BaseType::Object => Kind::Serialize,
    }
}

fn secret_word(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    SECRET_WORDS.iter().copied().find(|w| lower.contains(w))
}

fn secret_type(ty: &Type) -> Option<(String, Span)> {
    fn walk(tokens: proc_macro2::TokenStream) -> Option<(String, Span)> {
        for tt in tokens {
            match tt {
                proc_macro2::TokenTree::Ident(i) if SECRET_TYPES.iter().any(|s| i == s) => {
                    return Some((i.to_string(), i.span()));
                }
                proc_macro2::TokenTree::Group(g) => {
                    if let Some(found) = walk(g.stream()) {
                        return Some(found);
                    }
                }
                _ => {}
            }
        }
        None
    }
    walk(quote::ToTokens::to_token_stream(ty))
}

#[allow(clippy::too_many_arguments)]
fn field_plan<'a>(
    cx: &mut Ctxt,
    class: &'static Class,
    input: &EventInput<'_>,
    field: &'a syn::Field,
    ident: &'a Ident,
    attrs: &FieldAttrs,
    written: &mut Vec<Written>,
    waivers: &mut Vec<(String, String, String)>,
) -> Option<FieldPlan<'a>> {
    let ty = &field.ty;
    let optional = attr::option_inner(ty).is_some();
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
    let waiver = attrs.pii_allow.as_ref();
    let mut waived_path = None;
    if waiver.is_none() {
        if let Some(word) = secret_word(&ident.to_string()) {
            cx.error(
                ident.span(),
                format!("field `{ident}` looks like a secret (`{word}`): secrets must not go into events; if it is not one, add `#[ocsf(pii(allow, reason = \"...\"))]`"),
            );
        }
        if let Some((name, span)) = secret_type(ty) {
            cx.error(
                span,
                format!("field `{ident}` has the secret type `{name}`: secrets must not go into events; if it must, add `#[ocsf(pii(allow, reason = \"...\"))]`"),
            );
        }
    } else if secret_word(&ident.to_string()).is_some() || secret_type(ty).is_some() {
        waived_path = Some(String::new());
    }
    if attrs.display && !matches!(target, Target::Path(_)) {
        cx.error(
            ident.span(),
            "`display` applies to a field mapped with `path`",
        );
    }
    let write = match target {
        Target::Skip => return None,
        Target::Status(span) => {
            if class.attribute("status_id").is_none() {
                cx.error(
                    *span,
                    format!("`{}` has no `status_id` attribute", class.name),
                );
            }
            for name in ["status_id", "status", "status_detail"] {
                written.push(Written {
                    segs: vec![name.to_owned()],
                    span: *span,
                    whole: false,
                    optional,
                    origin: format!("field `{ident}`"),
                });
            }
            Write::Status
        }
        Target::Unmapped(key) => {
            written.push(Written {
                segs: vec!["unmapped".to_owned(), key.value()],
                span: key.span(),
                whole: false,
                optional,
                origin: format!("field `{ident}`"),
            });
            if waived_path.is_some() {
                waived_path = Some(format!("unmapped.{}", key.value()));
            }
            Write::Serialize {
                segs: vec![("unmapped".to_owned(), false), (key.value(), false)],
            }
        }
        Target::Path(lit) => {
            let path = lit.value();
            let resolved = match resolve(class, &path) {
                Ok(r) => r,
                Err((message, range)) => {
                    cx.error(sub_span(lit, range), message);
                    return None;
                }
            };
            let first = resolved.segs[0].0.as_str();
            if DERIVED.contains(&first)
                || (first == "metadata"
                    && resolved
                        .segs
                        .get(1)
                        .is_some_and(|s| DERIVED_METADATA.contains(&s.0.as_str())))
                || (first == "metadata" && resolved.segs.len() == 1)
            {
                cx.error(
                    lit.span(),
                    format!("`{path}` is filled by the derive and cannot be mapped"),
                );
            }
            for ((_, attr), range) in resolved.chain.iter().zip(&resolved.ranges) {
                check_profile(cx, attr, input.profiles, sub_span(lit, range.clone()));
            }
            let personal =
                resolved
                    .chain
                    .iter()
                    .zip(&resolved.ranges)
                    .find_map(|((owner, attr), range)| {
                        ocsf_pii::classify(*owner, attr.name)
                            .filter(|c| !c.strict_only)
                            .map(|c| (c, attr.name, range.clone()))
                    });
            match (personal, waiver) {
                (Some((c, name, range)), None) => {
                    let what = if c.kind == ocsf_pii::Kind::Credential {
                        "a credential".to_owned()
                    } else {
                        format!("personal data ({})", c.kind)
                    };
                    cx.error(
                        sub_span(lit, range),
                        format!("`{name}` holds {what}: mapping a field onto it needs `#[ocsf(pii(allow, reason = \"...\"))]` on the field"),
                    );
                }
                (Some(_), Some(_)) => waived_path = Some(path.clone()),
                _ => {}
            }
            if waived_path.is_some() {
                waived_path = Some(path.clone());
            }
            let attr = resolved.attr;
            let leaf_array = resolved.segs.last().is_some_and(|s| s.1);
            let kind = kind_of(attr);
            written.push(Written {
                segs: resolved.segs.iter().map(|s| s.0.clone()).collect(),
                span: lit.span(),
                whole: kind == Kind::Serialize && schema().object_of(attr).is_some(),
                optional,
                origin: format!("field `{ident}`"),
            });
            let segs = resolved.segs;
            if attrs.display {
                if kind != Kind::String || (attr.is_array && !leaf_array) {
                    cx.error(
                        lit.span(),
                        format!(
                            "`display` needs a string attribute; `{}` is a `{}`",
                            attr.name, attr.type_name
                        ),
                    );
                }
                Write::Display { segs }
            } else if kind == Kind::Serialize {
                Write::Serialize { segs }
            } else if kind == Kind::EnumId && !attr.is_array {
                Write::Enum {
                    segs,
                    sibling: attr.sibling,
                    captions: enum_captions(attr),
                }
            } else {
                Write::Value {
                    segs,
                    kind,
                    array: attr.is_array && !leaf_array,
                }
            }
        }
    };
    if let (Some(path), Some(reason)) = (waived_path, waiver) {
        waivers.push((
            format!("{}{ident}", input.field_prefix),
            path,
            reason.value(),
        ));
    }
    Some(FieldPlan { ident, ty, write })
}

fn duplicates(cx: &mut Ctxt, written: &[Written]) {
    for (i, later) in written.iter().enumerate() {
        for earlier in &written[..i] {
            let n = earlier.segs.len().min(later.segs.len());
            if earlier.segs[..n] == later.segs[..n] && earlier.origin != later.origin {
                let (a, b) = (earlier.segs.join("."), later.segs.join("."));
                let message = if a == b {
                    format!(
                        "`{b}` is already mapped by {}: two fields on one path",
                        earlier.origin
                    )
                } else {
                    format!("`{b}` overlaps `{a}`, mapped by {}", earlier.origin)
                };
                cx.error(later.span, message);
                break;
            }
        }
    }
}

fn is_required(attr: &Attribute, profiles: &[String]) -> bool {
    attr.requirement == Requirement::Required
        && attr.profile.is_none_or(|p| profiles.iter().any(|d| d == p))
}

/// Required attributes and constraints of the class, and of every object a path creates.
#[allow(clippy::too_many_arguments)]
fn required(
    cx: &mut Ctxt,
    owner: &str,
    attrs: &'static [&'static Attribute],
    constraints: &Constraints,
    written: &[Written],
    depth: usize,
    profiles: &[String],
    span: Span,
) {
    let here: Vec<&Written> = written.iter().filter(|w| w.segs.len() > depth).collect();
    let names: BTreeSet<&str> = here.iter().map(|w| w.segs[depth].as_str()).collect();
    let present = |name: &str| here.iter().any(|w| w.segs[depth] == name && !w.optional);
    let missing: Vec<&str> = attrs
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
    if !absent.is_empty() {
        let mut message = format!(
            "{what} `{owner}` requires {}, neither mapped nor set",
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
                "{what} `{owner}` requires {}, mapped only from `Option` fields that may be absent",
                list(only_optional.iter().copied())
            ),
        );
    }
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
                "`{owner}` requires at least one of {}, none is mapped",
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
                    "`{owner}` requires exactly one of {}, {count} are mapped",
                    list(constraints.just_one.iter().copied())
                ),
            );
        }
    }
    for name in names {
        let Some(attr) = attrs.iter().find(|a| a.name == name) else {
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
            || inside.iter().all(|w| w.origin == "the derive")
        {
            continue;
        }
        let deeper: Vec<Written> = inside
            .iter()
            .filter(|w| w.segs.len() > depth + 1)
            .map(|w| Written {
                segs: w.segs.clone(),
                span: w.span,
                whole: w.whole,
                optional: w.optional,
                origin: w.origin.clone(),
            })
            .collect();
        let span = deeper
            .iter()
            .find(|w| w.origin != "the derive")
            .map_or(span, |w| w.span);
        required(
            cx,
            object.name,
            object.attributes(),
            &object.constraints,
            &deeper,
            depth + 1,
            profiles,
            span,
        );
    }
}

/// Resolves `class.path.to.attr` or `object.path.to.attr` to an enum attribute, for
/// `#[derive(OcsfEnumValue)]`.
pub fn enum_attribute(cx: &mut Ctxt, lit: &LitStr) -> Option<&'static Attribute> {
    let written = lit.value();
    let Some((owner, path)) = written.split_once('.') else {
        cx.error(
            lit.span(),
            "expected `class_or_object.attribute`, e.g. `authentication.auth_protocol_id`",
        );
        return None;
    };
    let found = if let Some(class) = schema().class_by_name(owner) {
        schema().attribute_path(class, path)
    } else if let Some(object) = schema().object(owner) {
        schema().attribute_path(object, path)
    } else {
        let names = schema()
            .classes
            .iter()
            .map(|c| c.name)
            .chain(schema().objects.iter().map(|o| o.name));
        let hint = did_you_mean(owner, names)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        cx.error(
            lit.span(),
            format!("`{owner}` is neither an OCSF class nor an object{hint}"),
        );
        return None;
    };
    match found {
        Some(attr) if is_int_enum(attr) => Some(attr),
        Some(attr) => {
            cx.error(
                lit.span(),
                format!("`{}` is not an enum attribute", attr.name),
            );
            None
        }
        None => {
            cx.error(
                lit.span(),
                format!("`{owner}` has no attribute path `{path}`"),
            );
            None
        }
    }
}

pub fn enum_caption_lookup(attr: &Attribute, written: &str) -> Option<(i64, &'static str)> {
    enum_captions(attr)
        .into_iter()
        .find(|(_, c)| normalize(c) == normalize(written))
}

pub fn enum_caption_error(attr: &Attribute, written: &str) -> String {
    let captions = enum_captions(attr);
    format!(
        "`{written}` is not a caption of `{}`; expected one of {}{}",
        attr.name,
        enum_listing(attr),
        suggestion(written, captions.iter().map(|(_, c)| *c))
    )
}
