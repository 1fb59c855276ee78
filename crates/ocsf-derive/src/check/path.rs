//! Attribute paths (`actor.user.uid`, `resources[].name`). Refuses a segment that is not an
//! attribute of the class or object before it (with a "did you mean"), a path that goes on
//! through a scalar, `[]` on an attribute that is not an array and a path into an array
//! without `[]`; and two writes on one path, or on a path and a path inside it, since one of
//! them would silently win.

use std::ops::Range;

use ocsf_schema::{Attribute, Class};
use proc_macro2::Span;
use syn::LitStr;

use super::version::{in_version, schema};
use super::{Seg, Written};
use crate::ctxt::Ctxt;
use crate::names::suggestion;

/// A path resolved against the class, segment by segment.
pub(super) struct Resolved {
    pub segs: Vec<Seg>,
    /// The attribute of the last segment.
    pub attr: &'static Attribute,
    /// `(owning object, attribute)` for every segment; `None` for the class.
    pub chain: Vec<(Option<&'static str>, &'static Attribute)>,
    /// Where each segment is in the path, for [`sub_span`].
    pub ranges: Vec<Range<usize>>,
}

/// The attributes `path` goes through, or the message and the byte range of the first segment
/// that is wrong.
pub(super) fn resolve(
    class: &'static Class,
    path: &str,
) -> Result<Resolved, (String, Range<usize>)> {
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

/// The span of `range` (bytes of the literal's value) inside the literal, where the compiler
/// can point inside a literal (nightly); the literal otherwise.
pub(super) fn sub_span(lit: &LitStr, range: Range<usize>) -> Span {
    let raw = lit.token().to_string();
    // Offsets match only when the literal is written plainly (no escapes, not raw).
    if raw.len() == lit.value().len() + 2 {
        if let Some(span) = lit.token().subspan(range.start + 1..range.end + 1) {
            return span;
        }
    }
    lit.span()
}

/// Refuses a path written twice, or written and written inside, by two fields or `set`s.
pub(super) fn duplicates(cx: &mut Ctxt, written: &[Written]) {
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
