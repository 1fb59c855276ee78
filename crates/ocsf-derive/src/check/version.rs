//! The OCSF version an item maps onto. Refuses a `#[ocsf(version = "...")]` this build does not
//! ship, since every other check reads that version's tables; without the attribute the item
//! maps onto the default version.

use ocsf_schema::Schema;
use syn::LitStr;

use crate::ctxt::Ctxt;
use crate::names::list;

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
pub(super) fn in_version() -> String {
    let version = schema().version;
    if version == ocsf_schema::DEFAULT_VERSION {
        String::new()
    } else {
        format!(" in OCSF {version}")
    }
}
