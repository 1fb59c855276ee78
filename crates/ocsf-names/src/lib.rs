//! The names and naming vocabulary shared by the code generator, `#[derive(OcsfEvent)]`, the
//! validator and the detectors, in one place so that they cannot drift: the Rust names
//! `ocsf-codegen` gives schema items (the derive names generated types in the code it writes),
//! the "did you mean" suggestions of the derive's errors and the validator's help
//! ([`did_you_mean`]), and the words that make a name look like it holds a secret
//! ([`secret_names`]).
//!
//! A crate of its own, without dependencies: the generator must build even when the code it
//! generated does not.

pub mod secret_names;
mod suggest;

pub use suggest::{did_you_mean, edit_distance, same_name};

/// Attributes of every class that are derived from the class and its activity: the typed
/// constructors and the derive fill them, and a mapping may not set them.
pub const CLASS_DERIVED_ATTRIBUTES: &[&str] = &[
    "activity_id",
    "activity_name",
    "category_name",
    "category_uid",
    "class_name",
    "class_uid",
    "type_name",
    "type_uid",
];

/// `1.6.0` → `v1_6_0`: the module of a schema version in `ocsf-schema` and `ocsf`, and the
/// name of `ocsf`'s cargo feature for that version's typed classes.
pub fn version_ident(version: &str) -> String {
    let cleaned: String = version
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("v{cleaned}")
}

/// `network_activity` → `NetworkActivity`; `win/reg_key` → `WinRegKey`; `OAUTH 2.0` → `Oauth20`;
/// a leading digit gets an `N` (`3DES` → `N3Des`).
pub fn type_name(name: &str) -> String {
    let mut out: String = words(name)
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => {
                    first.to_ascii_uppercase().to_string() + &chars.as_str().to_ascii_lowercase()
                }
                None => String::new(),
            }
        })
        .collect();
    if out.is_empty() {
        out.push_str("Empty");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    out
}

/// `win/reg_key` → `win_reg_key`: module, field and function names.
pub fn snake(name: &str) -> String {
    words(name).join("_").to_ascii_lowercase()
}

/// A name as suggestions and the secret vocabulary read it: its letters and digits, ASCII
/// lowercased (`Password Change`, `password_change`, `PasswordChange` → `passwordchange`).
pub fn normalized(name: &str) -> impl Iterator<Item = char> + Clone + '_ {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
}

/// Splits on anything that is not ASCII alphanumeric, and on lower→upper camel boundaries.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            current.push(c);
        } else {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}
