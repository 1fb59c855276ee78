//! The human rendering of a [`SchemaDiff`]: a summary line (changes, breaking ones, and counts
//! per area: classes, objects, attributes, enum values, profiles, constraints, data types), then
//! one aligned table per kind of change. A `!` in the first column marks a breaking change.

use std::fmt::Write as _;

use super::{Change, ChangeKind, Location, SchemaDiff, TypeRef};

impl SchemaDiff {
    /// A compact report: a summary line, then a section per kind of change.
    pub fn render_human(&self) -> String {
        let mut out = format!(
            "OCSF {} -> {}: {} changes ({} breaking)",
            self.old_version,
            self.new_version,
            self.changes.len(),
            self.breaking_count()
        );
        let mut areas: Vec<(&str, usize)> = Vec::new();
        for change in &self.changes {
            let area = change.kind.area();
            match areas.iter_mut().find(|(a, _)| *a == area) {
                Some((_, n)) => *n += 1,
                None => areas.push((area, 1)),
            }
        }
        if !areas.is_empty() {
            let parts: Vec<String> = areas.iter().map(|(a, n)| format!("{a} {n}")).collect();
            let _ = write!(out, ": {}", parts.join(", "));
        }
        out.push('\n');
        let mut rest = self.changes.as_slice();
        while let Some(first) = rest.first() {
            let len = rest
                .iter()
                .take_while(|c| c.kind.name() == first.kind.name())
                .count();
            let (section, tail) = rest.split_at(len);
            rest = tail;
            let breaking = section.iter().filter(|c| c.breaking).count();
            let _ = write!(out, "\n{} ({}", first.kind.title(), section.len());
            if breaking > 0 {
                let _ = write!(out, ", {breaking} breaking");
            }
            out.push_str(")\n");
            let rows: Vec<(bool, [String; 3])> = section.iter().map(row).collect();
            table(&mut out, &rows);
        }
        out
    }
}

/// `! ` or two spaces, then every column but the last padded to its widest cell; no trailing
/// spaces.
fn table(out: &mut String, rows: &[(bool, [String; 3])]) {
    let mut widths = [0; 3];
    for (_, row) in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for (breaking, row) in rows {
        let mut line = String::from(if *breaking { "! " } else { "  " });
        for (i, cell) in row.iter().enumerate() {
            if i + 1 < row.len() {
                let _ = write!(line, "{cell:<width$}  ", width = widths[i]);
            } else {
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// Breaking or not; scope, subject (`owner.attribute`, or a name), detail.
fn row(c: &Change) -> (bool, [String; 3]) {
    use ChangeKind::*;
    let (scope, owner) = match &c.at {
        Location::Schema => ("schema".to_owned(), None),
        Location::EveryClass => ("every class".to_owned(), None),
        Location::Classes { owners, .. } => (format!("{} classes", owners.len()), None),
        Location::Class(name) => ("class".to_owned(), Some(name.as_str())),
        Location::Object(name) => ("object".to_owned(), Some(name.as_str())),
    };
    let owned = |name: &str| match owner {
        Some(owner) => format!("{owner}.{name}"),
        None => name.to_owned(),
    };
    let owner_name = owner.unwrap_or_default().to_owned();
    let (subject, detail) = match &c.kind {
        ClassAdded { uid, category } => (owner_name, format!("uid {uid}, category {category}")),
        ClassRemoved { uid } => (owner_name, format!("uid {uid}")),
        ClassDeprecated { since, message } | ObjectDeprecated { since, message } => {
            (owner_name, deprecated(since, message))
        }
        ClassUndeprecated | ObjectAdded | ObjectRemoved | ObjectUndeprecated => {
            (owner_name, String::new())
        }
        ClassUidChanged { old, new } => (owner_name, format!("{old} -> {new}")),
        ClassCategoryChanged { old, new } => (
            owner_name,
            format!("{} ({}) -> {} ({})", old.name, old.uid, new.name, new.uid),
        ),
        AttributeAdded {
            attribute,
            requirement,
            ty,
        } => (
            owned(attribute),
            format!("{} {}", requirement.as_str(), type_text(ty)),
        ),
        AttributeRemoved {
            attribute,
            requirement,
        } => (owned(attribute), format!("was {}", requirement.as_str())),
        AttributeDeprecated {
            attribute,
            since,
            message,
        } => (owned(attribute), deprecated(since, message)),
        AttributeUndeprecated { attribute } => (owned(attribute), String::new()),
        RequirementChanged {
            attribute,
            old,
            new,
        } => (
            owned(attribute),
            format!("{} -> {}", old.as_str(), new.as_str()),
        ),
        AttributeTypeChanged {
            attribute,
            old,
            new,
        } => (
            owned(attribute),
            format!("{} -> {}", type_text(old), type_text(new)),
        ),
        EnumValueAdded {
            attribute,
            value,
            caption,
        }
        | EnumValueRemoved {
            attribute,
            value,
            caption,
        } => (owned(attribute), format!("{value} {caption:?}")),
        EnumCaptionChanged {
            attribute,
            value,
            old,
            new,
        } => (owned(attribute), format!("{value} {old:?} -> {new:?}")),
        AttributeProfileChanged {
            attribute,
            old,
            new,
        } => (
            owned(attribute),
            format!("{} -> {}", or_none(old), or_none(new)),
        ),
        ProfileAttached { profile } | ProfileDetached { profile } => (owner_name, profile.clone()),
        ConstraintChanged {
            constraint,
            old,
            new,
        } => (
            owner_name,
            format!("{constraint}: [{}] -> [{}]", old.join(", "), new.join(", ")),
        ),
        ProfileAdded { profile } | ProfileRemoved { profile } => (profile.clone(), String::new()),
        DataTypeAdded { name, base } => (
            name.clone(),
            base.as_ref()
                .map(|b| format!("base {b}"))
                .unwrap_or_default(),
        ),
        DataTypeRemoved { name } => (name.clone(), String::new()),
        DataTypeChanged {
            name,
            field,
            old,
            new,
        } => (
            name.clone(),
            format!("{field}: {} -> {}", or_none(old), or_none(new)),
        ),
    };
    let detail = match classes_text(&c.at) {
        None => detail,
        Some(classes) if detail.is_empty() => classes,
        Some(classes) => format!("{detail}; {classes}"),
    };
    (c.breaking, [scope, subject, detail])
}

/// Which classes a [`Location::Classes`] change is in, when a few names say it: `in a, b, c`
/// or `in all but x, y`; otherwise nothing (the JSON lists them all).
fn classes_text(at: &Location) -> Option<String> {
    let Location::Classes { owners, others } = at else {
        return None;
    };
    if owners.len() <= CLASSES_SHOWN {
        Some(format!("in {}", owners.join(", ")))
    } else if others.len() <= CLASSES_SHOWN {
        Some(format!("in all but {}", others.join(", ")))
    } else {
        None
    }
}

/// The most class names one row shows.
const CLASSES_SHOWN: usize = 4;

/// `string_t`, `string_t[]`, `object_t<user>`, `object_t<user>[]`.
fn type_text(ty: &TypeRef) -> String {
    let mut out = match &ty.object_type {
        Some(object) => format!("{}<{object}>", ty.type_name),
        None => ty.type_name.clone(),
    };
    if ty.is_array {
        out.push_str("[]");
    }
    out
}

fn deprecated(since: &str, message: &str) -> String {
    match (since.is_empty(), message.is_empty()) {
        (true, _) => message.to_owned(),
        (false, true) => format!("since {since}"),
        (false, false) => format!("since {since}: {message}"),
    }
}

fn or_none(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("none")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(owners: usize, others: usize) -> Location {
        let names = |prefix: &str, n: usize| (0..n).map(|i| format!("{prefix}{i}")).collect();
        Location::Classes {
            owners: names("a", owners),
            others: names("b", others),
        }
    }

    #[test]
    fn a_group_names_its_classes_only_when_few_names_say_it() {
        assert_eq!(
            classes_text(&classes(3, 9)).as_deref(),
            Some("in a0, a1, a2")
        );
        assert_eq!(
            classes_text(&classes(9, 2)).as_deref(),
            Some("in all but b0, b1")
        );
        assert_eq!(classes_text(&classes(9, 9)), None);
        assert_eq!(classes_text(&Location::EveryClass), None);
    }
}
