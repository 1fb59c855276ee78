//! Reading any event of a version: the `Event` enum over every class, dispatching on
//! `class_uid`, and the `lenient` module (each class with every attribute optional, and its
//! own `Event`) for tools that inspect broken events.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{serialize_impl, LenientBody};

/// A class as the event enums see it.
pub(crate) struct EventClass {
    pub(crate) ident: Ident,
    /// The category module the class is in (`iam`), also its cargo feature.
    pub(crate) module: Ident,
    pub(crate) feature: String,
    pub(crate) uid: u32,
    pub(crate) caption: String,
    pub(crate) deprecated: Option<TokenStream>,
}

/// The lenient struct of a class: every attribute an `Option`, all public.
pub(crate) fn lenient_class(class: &EventClass, doc: &str, body: LenientBody) -> TokenStream {
    let EventClass {
        ident,
        feature,
        deprecated,
        ..
    } = class;
    let LenientBody { fields, ser, de } = body;
    let cfg = quote!(#[cfg(feature = #feature)]);
    let serialize = serialize_impl(ident, &ser, Some(&cfg));
    let doc = format!("{doc}, read leniently: every attribute is optional (see [`crate::de`]).");
    quote! {
        #[doc = #doc]
        #deprecated
        #[cfg(feature = #feature)]
        #[derive(Debug, Clone, PartialEq)]
        pub struct #ident {
            #(#fields)*
            /// Attributes this schema version does not define, and values set aside because
            /// they did not read as their attribute's type, kept as read.
            pub extra: serde_json::Map<String, serde_json::Value>,
        }

        #serialize

        #[cfg(feature = #feature)]
        impl crate::de::FromJsonMapLenient for #ident {
            #[allow(unused_mut, unused_variables)]
            fn read_map_lenient(mut map: serde_json::Map<String, serde_json::Value>, reader: &mut crate::de::Reader) -> Self {
                Self {
                    #(#de)*
                    extra: map,
                }
            }
        }
    }
}

/// `event.rs` of a version: the strict `Event`.
pub(crate) fn strict_event(version: &str, classes: &[EventClass]) -> TokenStream {
    let arms = dispatch_arms(
        classes,
        |uid| quote!(#uid),
        |c| {
            let (module, ident) = (&c.module, &c.ident);
            quote!(<super::#module::#ident as crate::de::FromJsonMap>::read_map(map, &mut reader)?)
        },
    );
    let uid_arms = classes.iter().map(|c| {
        let (ident, feature) = (&c.ident, &c.feature);
        quote! { #[cfg(feature = #feature)] Event::#ident(e) => crate::OcsfClass::class_uid(&**e), }
    });
    let (common, serialize) = common_methods(classes, quote!(i64), uid_arms);
    let doc = format!(
        " Any event of OCSF {version}, typed by its `class_uid`. Reading is strict: the first \
         attribute that does not read fails it (see [`lenient::Event`](super::lenient::Event) \
         for events that may be broken)."
    );
    let unknown_doc =
        " A class this version lacks (or whose category's cargo feature is off), kept as read.";
    let event_enum = event_enum(classes, &doc, unknown_doc, quote!(i64), |c| {
        let (module, ident) = (&c.module, &c.ident);
        quote!(super::#module::#ident)
    });
    quote! {
        #![allow(deprecated)]
        #event_enum

        impl Event {
            /// Reads an event from JSON bytes: parsed once, then typed as its class.
            pub fn from_slice(bytes: &[u8]) -> Result<Event, crate::de::ReadError> {
                Event::from_map(crate::de::object_from_slice(bytes)?)
            }

            /// Reads an event from a JSON value.
            pub fn from_value(value: serde_json::Value) -> Result<Event, crate::de::ReadError> {
                Event::from_map(crate::de::object_from_value(value)?)
            }

            /// Reads an event from its JSON object, moving the values out of it.
            pub fn from_map(map: serde_json::Map<String, serde_json::Value>) -> Result<Event, crate::de::ReadError> {
                let class_uid = crate::de::class_uid(&map)?;
                #[allow(unused_mut)]
                let mut reader = crate::de::Reader::strict();
                Ok(match class_uid {
                    #(#arms)*
                    _ => Event::Unknown { class_uid, raw: map },
                })
            }

            /// The `class_uid` read.
            #common
        }

        #serialize

        impl<'de> serde::Deserialize<'de> for Event {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let map = <serde_json::Map<String, serde_json::Value> as serde::Deserialize>::deserialize(deserializer)?;
                Event::from_map(map).map_err(serde::de::Error::custom)
            }
        }

        impl std::str::FromStr for Event {
            type Err = crate::de::ReadError;
            fn from_str(s: &str) -> Result<Event, crate::de::ReadError> {
                Event::from_slice(s.as_bytes())
            }
        }
    }
}

/// `lenient.rs` of a version: the lenient classes and the lenient `Event`.
pub(crate) fn lenient_module(
    version: &str,
    classes: &[EventClass],
    structs: Vec<TokenStream>,
) -> TokenStream {
    let arms = dispatch_arms(
        classes,
        |uid| quote!(Some(#uid)),
        |c| {
            let ident = &c.ident;
            quote!(<#ident as crate::de::FromJsonMapLenient>::read_map_lenient(map, &mut reader))
        },
    );
    let uid_arms = classes.iter().map(|c| {
        let (ident, feature, uid) = (&c.ident, &c.feature, i64::from(c.uid));
        quote! { #[cfg(feature = #feature)] Event::#ident(_) => Some(#uid), }
    });
    let (common, serialize) = common_methods(classes, quote!(Option<i64>), uid_arms);
    let doc = format!(
        " Any event of OCSF {version}, read leniently: it always reads (unless it is not a JSON \
         object), and what it read around is reported as [`crate::de::Problem`]s."
    );
    let unknown_doc =
        " A class this version lacks (or whose category's cargo feature is off), or an event \
        whose `class_uid` is missing or not an integer (reported), kept as read.";
    let event_enum = event_enum(classes, &doc, unknown_doc, quote!(Option<i64>), |c| {
        let ident = &c.ident;
        quote!(#ident)
    });
    quote! {
        #![allow(deprecated)]
        use super::enums::*;
        use super::objects::*;

        #event_enum

        impl Event {
            /// Reads an event from JSON bytes; fails only when they are not a JSON object.
            pub fn from_slice(bytes: &[u8]) -> Result<crate::de::Lenient<Event>, crate::de::ReadError> {
                Ok(Event::from_map(crate::de::object_from_slice(bytes)?))
            }

            /// Reads an event from a JSON value; fails only when it is not an object.
            pub fn from_value(value: serde_json::Value) -> Result<crate::de::Lenient<Event>, crate::de::ReadError> {
                Ok(Event::from_map(crate::de::object_from_value(value)?))
            }

            /// Reads an event from its JSON object. A `class_uid` written as a string of digits
            /// still chooses the class (the attribute itself is reported and set aside).
            pub fn from_map(map: serde_json::Map<String, serde_json::Value>) -> crate::de::Lenient<Event> {
                let mut reader = crate::de::Reader::lenient();
                let value = match crate::de::class_uid_lenient(&map, &mut reader) {
                    #(#arms)*
                    class_uid => Event::Unknown { class_uid, raw: map },
                };
                crate::de::Lenient { value, problems: reader.into_problems() }
            }

            /// The uid of the class the event was read as; for `Unknown`, its `class_uid` if
            /// it has one.
            #common
        }

        #serialize

        #(#structs)*
    }
}

/// One `match` arm per class: the `pattern` of its uid, then the class named in every error and
/// problem, then `read` (an expression of `map` and `reader`) boxed into the class's variant.
fn dispatch_arms(
    classes: &[EventClass],
    pattern: impl Fn(i64) -> TokenStream,
    read: impl Fn(&EventClass) -> TokenStream,
) -> Vec<TokenStream> {
    classes
        .iter()
        .map(|c| {
            let (ident, feature, uid, caption) = (&c.ident, &c.feature, c.uid, &c.caption);
            let pattern = pattern(i64::from(uid));
            let read = read(c);
            quote! {
                #[cfg(feature = #feature)]
                #pattern => {
                    reader.set_class(#uid, #caption);
                    Event::#ident(Box::new(#read))
                }
            }
        })
        .collect()
}

/// The `Event` enum: a boxed variant per class (`path` names its type), then `Unknown`.
fn event_enum(
    classes: &[EventClass],
    doc: &str,
    unknown_doc: &str,
    uid_ty: TokenStream,
    path: impl Fn(&EventClass) -> TokenStream,
) -> TokenStream {
    let variants = classes.iter().map(|c| {
        let (ident, feature, deprecated) = (&c.ident, &c.feature, &c.deprecated);
        let doc = format!(" {} ({})", c.caption, c.uid);
        let ty = path(c);
        quote! {
            #[doc = #doc]
            #deprecated
            #[cfg(feature = #feature)]
            #ident(Box<#ty>),
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum Event {
            #(#variants)*
            #[doc = #unknown_doc]
            Unknown {
                class_uid: #uid_ty,
                raw: serde_json::Map<String, serde_json::Value>,
            },
        }
    }
}

/// What both `Event`s have: the methods `class_uid` (its doc comes before; `uid_arms` answer
/// it for the classes) and `class_caption`, and the `Serialize` impl.
fn common_methods(
    classes: &[EventClass],
    uid_ty: TokenStream,
    uid_arms: impl Iterator<Item = TokenStream>,
) -> (TokenStream, TokenStream) {
    let caption_arms = classes.iter().map(|c| {
        let (ident, feature, caption) = (&c.ident, &c.feature, &c.caption);
        quote! { #[cfg(feature = #feature)] Event::#ident(_) => Some(#caption), }
    });
    let ser_arms = classes.iter().map(|c| {
        let (ident, feature) = (&c.ident, &c.feature);
        quote! { #[cfg(feature = #feature)] Event::#ident(e) => serde::Serialize::serialize(&**e, serializer), }
    });
    let methods = quote! {
        pub fn class_uid(&self) -> #uid_ty {
            match self {
                #(#uid_arms)*
                Event::Unknown { class_uid, .. } => *class_uid,
            }
        }

        /// The caption of the class this version gives the uid; `None` for `Unknown`.
        pub fn class_caption(&self) -> Option<&'static str> {
            match self {
                #(#caption_arms)*
                Event::Unknown { .. } => None,
            }
        }
    };
    let serialize = quote! {
        impl serde::Serialize for Event {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#ser_arms)*
                    Event::Unknown { raw, .. } => serde::Serialize::serialize(raw, serializer),
                }
            }
        }
    };
    (methods, serialize)
}
