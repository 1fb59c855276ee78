//! Checks a mapping against the schema tables and turns it into a plan of JSON writes.
//! Every problem goes into the [`Ctxt`] with the span of the tokens that caused it, and
//! checking goes on, so that one build reports every mistake. One module per kind of mistake:
//!
//! - `version`: the OCSF version the item maps onto, and the tables of that version;
//! - `class`: the class, its activities and the profiles it declares;
//! - `field`: how each field is mapped (`path`, `status`, `unmapped`, `skip`);
//! - `path`: attribute paths, and two writes on one path;
//! - `set`: the attributes `set(...)` fixes;
//! - `types`: the JSON kind an attribute's type takes from a field or a literal;
//! - `enums`: enum attributes by id or caption, and `#[derive(OcsfEnumValue)]`'s target;
//! - `waiver`: secrets and personal data, which go into an event only with a waiver;
//! - `required`: required attributes and constraints of the class and its objects.

mod class;
mod enums;
mod field;
mod path;
mod required;
mod set;
mod types;
mod version;
mod waiver;

use ocsf_names::CLASS_DERIVED_ATTRIBUTES as DERIVED;
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Ident, LitStr, Type};

use crate::attr::{self, Set};
use crate::ctxt::Ctxt;

pub use class::{class, profiles};
pub use enums::{enum_attribute, enum_caption_error, enum_caption_lookup};
pub use required::product;
pub use types::Kind;
pub use version::{schema, version, with_schema};

/// A path segment as written: the attribute name and whether it goes into an array's first
/// element (`resources[]`).
pub type Seg = (String, bool);

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

/// `(field, path, reason)`: a field that carries a secret or personal data with leave.
pub type Waiver = (String, String, String);

/// One event: a struct, or one variant of an enum.
pub struct EventPlan<'a> {
    pub activity_id: i64,
    pub activity_caption: &'static str,
    pub fixed: Vec<(Vec<Seg>, Fixed)>,
    pub fields: Vec<FieldPlan<'a>>,
    pub time_mapped: bool,
    pub waivers: Vec<Waiver>,
}

/// What one event is checked against: the class and the rest of the item's `#[ocsf(...)]`,
/// with the fields of the struct or variant.
pub struct EventInput<'a> {
    pub class: &'static ocsf_schema::Class,
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

/// Attributes of `metadata` the derive writes itself.
const DERIVED_METADATA: &[&str] = &["product", "profiles", "version"];

/// Whether the derive writes the attribute `first` (or `first.second`) itself, so that a
/// mapping may not: the class's derived attributes, and `metadata` whole or its `product`,
/// `profiles` and `version`.
fn filled_by_the_derive(first: &str, second: Option<&str>) -> bool {
    DERIVED.contains(&first)
        || (first == "metadata" && second.is_none_or(|s| DERIVED_METADATA.contains(&s)))
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

/// Who writes a path the derive fills itself.
const BY_THE_DERIVE: &str = "the derive";

impl Written {
    fn by_the_derive(segs: &[&str], whole: bool) -> Written {
        Written {
            segs: segs.iter().map(|s| (*s).to_owned()).collect(),
            span: Span::call_site(),
            whole,
            optional: false,
            origin: BY_THE_DERIVE.to_owned(),
        }
    }
}

/// What one event's mapping writes, gathered `set` by `set` and field by field.
#[derive(Default)]
struct Writes {
    /// The literals of `set(...)`.
    fixed: Vec<(Vec<Seg>, Fixed)>,
    /// Every path written, by whom.
    written: Vec<Written>,
    waivers: Vec<Waiver>,
}

impl Writes {
    /// `set(...)` writes the attribute `name`.
    fn set_writes(&mut self, set: &Set, name: &str) {
        self.written.push(Written {
            segs: vec![name.to_owned()],
            span: set.name.span(),
            whole: false,
            optional: false,
            origin: format!("`set({})`", set.name),
        });
    }

    /// `set(...)` writes `value` into the attribute `name`.
    fn fix(&mut self, set: &Set, name: &str, value: Fixed) {
        self.set_writes(set, name);
        self.fixed.push((vec![(name.to_owned(), false)], value));
    }
}

pub fn event<'a>(cx: &mut Ctxt, input: EventInput<'a>) -> Option<EventPlan<'a>> {
    let class = input.class;
    let activity = class::activity(cx, class, input.activity, input.name_span);
    let mut out = Writes::default();
    for set in &input.sets {
        set::set_value(cx, &input, set, &mut out);
    }
    let mut fields = Vec::new();
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
        if let Some(plan) = field::field_plan(cx, &input, field, &attrs, &mut out) {
            fields.push(plan);
        }
    }
    path::duplicates(cx, &out.written);
    let time_mapped = out.written.iter().any(|w| w.segs[0] == "time");
    // What the derive writes itself, so that the required checks see it.
    for segs in [
        &["class_uid"][..],
        &["category_uid"],
        &["type_uid"],
        &["activity_id"],
        &["time"],
    ] {
        out.written.push(Written::by_the_derive(segs, false));
    }
    out.written
        .push(Written::by_the_derive(&["metadata", "version"], false));
    out.written
        .push(Written::by_the_derive(&["metadata", "product"], true));
    required::required(cx, &input, &out.written);
    let (activity_id, activity_caption) = activity?;
    Some(EventPlan {
        activity_id,
        activity_caption,
        fixed: out.fixed,
        fields,
        time_mapped,
        waivers: out.waivers,
    })
}
