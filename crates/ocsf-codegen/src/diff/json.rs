//! The JSON rendering of a [`SchemaDiff`]; its shape is documented in the module doc of `diff`.

use serde_json::{json, Map, Value};

use super::{Change, Location, SchemaDiff};

impl SchemaDiff {
    /// The diff as a JSON document (see the `diff` module doc for its shape).
    pub fn to_json(&self) -> Value {
        let mut by_kind = Map::new();
        for (kind, n) in self.counts() {
            by_kind.insert(kind.name().to_owned(), Value::from(n));
        }
        json!({
            "old_version": self.old_version,
            "new_version": self.new_version,
            "summary": {
                "total": self.changes.len(),
                "breaking": self.breaking_count(),
                "by_kind": by_kind,
            },
            "changes": self.changes.iter().map(change).collect::<Vec<_>>(),
        })
    }
}

fn change(c: &Change) -> Value {
    // Derived `Serialize` of plain strings, numbers and options: it cannot fail, and a failure
    // would show as an entry without fields rather than a panic.
    let mut map = match serde_json::to_value(&c.kind) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    map.insert("kind".to_owned(), Value::from(c.kind.name()));
    let (scope, owner) = match &c.at {
        Location::Schema => ("schema", None),
        Location::EveryClass => ("every_class", None),
        Location::Classes { owners, others } => {
            map.insert("owners".to_owned(), Value::from(owners.clone()));
            map.insert("others".to_owned(), Value::from(others.clone()));
            ("classes", None)
        }
        Location::Class(name) => ("class", Some(name)),
        Location::Object(name) => ("object", Some(name)),
    };
    map.insert("scope".to_owned(), Value::from(scope));
    if let Some(owner) = owner {
        map.insert("owner".to_owned(), Value::from(owner.as_str()));
    }
    map.insert("breaking".to_owned(), Value::from(c.breaking));
    Value::Object(map)
}
