//! Per-validator tables computed once from the static schema: what to remember about each
//! attribute during the single pass, and the compiled data type checks.

use std::sync::OnceLock;

use ocsf_schema::{
    Attribute, BaseType, Class, Constraints, DataType, EnumKey, Object, Requirement, Schema,
};

use crate::formats::TypeCheck;
use crate::swar::word;
use crate::Error;

/// Remember integer values of this attribute (enum ids, timestamps) until the object ends.
pub(crate) const KEEP_INT: u8 = 1;
/// Remember the string value of this attribute (captions, `*_dt`) until the object ends.
pub(crate) const KEEP_STR: u8 = 2;
/// The attribute is deprecated, or belongs to a profile: the rules that say so run when it is
/// present. Kept beside the other flags so that a present attribute's test reads the record
/// the walk already has in cache, not the schema's attribute.
pub(crate) const HAS_NOTICE: u8 = 4;

#[derive(Debug, Default)]
pub(crate) struct OwnerInfo {
    pub required: Vec<u16>,
    pub recommended: Vec<u16>,
    /// `(id attribute, caption attribute)` pairs.
    pub siblings: Vec<(u16, u16)>,
    /// `(timestamp attribute, datetime attribute)` pairs such as `time`/`time_dt`.
    pub dt_pairs: Vec<(u16, u16)>,
    /// Attributes the event checks look up by name, resolved once here.
    pub activity_id: Option<u16>,
    pub category_uid: Option<u16>,
    pub type_uid: Option<u16>,
    pub type_name: Option<u16>,
    /// Integer attributes the plausibility rules compare when the object ends.
    pub start_time: Option<u16>,
    pub end_time: Option<u16>,
    pub duration: Option<u16>,
    pub count: Option<u16>,
    /// Per constraint path (`at_least_one` then `just_one`): the attribute index of a plain
    /// name, `None` for a dotted path (followed with watches) or an unknown name.
    pub constraint_attr: Vec<Option<u16>>,
    /// Dotted constraint paths with their bit, pushed as watches when an object begins.
    pub dotted: Vec<(u32, &'static str)>,
    /// The owner is the `observable` object, whose `name` and `value` are remembered.
    pub is_observable: bool,
    /// Open-addressing hash table of the attributes by name: one hash and one comparison per
    /// key instead of a binary search's several.
    slots: Vec<Slot>,
}

/// What the walk reads of one attribute for each of its values, in one record: a value then
/// reads one place in the tables instead of one in each of five arrays (the walk waits on
/// cache misses in the tables as much as it executes; the gain was within the noise of a
/// loaded machine, the layout is kept for being one record per attribute).
#[derive(Debug, Clone, Copy)]
pub(crate) struct AttrInfo {
    /// Bit `n` set when `n` (below 128) is a defined, not deprecated value of the attribute's
    /// integer enum: such values (nearly all) need no search of the enum.
    pub enum_ok: u128,
    /// Index of the attribute's object in the schema's objects, `u32::MAX` for data.
    pub child: u32,
    /// Index into [`Tables::types`], `u16::MAX` for objects.
    pub type_index: u16,
    /// [`KEEP_INT`], [`KEEP_STR`] and [`HAS_NOTICE`] flags.
    pub flags: u8,
    /// The JSON shape of the attribute's values in this version, resolved once: attributes
    /// name their type, and a lookup per value would cost a search.
    pub base: BaseType,
    /// For the caption attribute of an enum (`activity_name`), the index of the enum's id
    /// attribute (`activity_id`); [`NO_ATTR`] otherwise.
    pub caption_of: u16,
}

/// [`AttrInfo::caption_of`] of an attribute that is no enum's caption.
pub(crate) const NO_ATTR: u16 = u16::MAX;

impl AttrInfo {
    const NONE: AttrInfo = AttrInfo {
        enum_ok: 0,
        child: u32::MAX,
        type_index: u16::MAX,
        flags: 0,
        base: BaseType::Json,
        caption_of: NO_ATTR,
    };
}

/// One attribute in [`OwnerInfo`]'s hash table: everything the walk reads of a key's
/// attribute before its value, in one cache line. The lookup is bound by memory, not by
/// instructions (a profile put two thirds of its time on loading the slot, and then on
/// reading the attribute's name): the tables of every class and object of every version seen
/// do not stay in cache. So a slot holds a name of up to sixteen bytes whole (its [`ends`]:
/// nearly every OCSF name, `uid` to `correlation_uid`), compared without reading the attribute
/// and its name; a longer name is confirmed by reading it once tag and length match. And it
/// holds the attribute's address and its [`AttrInfo`], which the walk then reads without
/// three more dependent loads (the owner's attribute list, the record array, the record).
#[derive(Debug, Clone, Copy)]
#[repr(align(64))]
struct Slot {
    /// The name's [`ends`].
    first: u64,
    last: u64,
    /// Bits of the name's hash other than those that chose the slot.
    tag: u32,
    len: u16,
    /// Index among the owner's attributes.
    idx: u16,
    /// The attribute; `None` for an empty slot.
    attr: Option<&'static Attribute>,
    info: AttrInfo,
}

/// A key found among an owner's attributes: its index, the attribute, and what the walk
/// reads of it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit<'t> {
    pub idx: u16,
    pub attr: &'static Attribute,
    pub info: &'t AttrInfo,
}

// One slot, one cache line.
const _: () = assert!(std::mem::size_of::<Slot>() == 64);

const EMPTY: Slot = Slot {
    first: 0,
    last: 0,
    tag: 0,
    len: 0,
    idx: 0,
    attr: None,
    info: AttrInfo::NONE,
};

/// A name of fewer than eight bytes as a number: its first and last four bytes (overlapping)
/// from four bytes on, else its first, middle and last byte. Given the length, every byte of
/// the name is in it, read in at most two loads rather than one per byte.
#[inline]
fn short_word(b: &[u8]) -> u64 {
    let n = b.len();
    let four = |at: usize| {
        let mut w = [0u8; 4];
        w.copy_from_slice(&b[at..at + 4]);
        u64::from(u32::from_le_bytes(w))
    };
    match n {
        4.. => four(0) | four(n - 4) << 32,
        1.. => u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16,
        0 => 0,
    }
}

/// A name's first and last eight bytes (they overlap below sixteen), or [`short_word`] and 0
/// when it is shorter than eight: with its length, all of a name up to sixteen bytes.
#[inline]
fn ends(name: &[u8]) -> (u64, u64) {
    let n = name.len();
    if n >= 8 {
        (word(name), word(&name[n - 8..]))
    } else {
        (short_word(name), 0)
    }
}

/// The hash of a name from its [`ends`] (`first`, `last`) and length, mixed by one multiplication; the high half
/// chooses the slot, bits of the low half are the slot's tag. A byte-by-byte hash cost more
/// than the rest of a key's lookup (it runs for every key of every event); names that share
/// both ends and their length only probe one slot further. The table is fixed, so keys chosen
/// to collide cannot make a probe longer than its longest cluster.
#[inline]
fn name_hash(name: &[u8], first: u64, last: u64) -> (usize, u32) {
    let h = (first ^ last.rotate_left(29) ^ name.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    ((h >> 32) as usize, (h >> 8) as u32)
}

impl OwnerInfo {
    /// The attribute `name` of the owner.
    #[inline]
    pub fn find(&self, name: &str) -> Option<Hit<'_>> {
        if self.slots.is_empty() {
            return None;
        }
        let key = name.as_bytes();
        let (first, last) = ends(key);
        let (at, tag) = name_hash(key, first, last);
        let mask = self.slots.len() - 1;
        let mut i = at & mask;
        loop {
            let slot = &self.slots[i];
            let attr = slot.attr?;
            if slot.first == first
                && slot.last == last
                && usize::from(slot.len) == key.len()
                && (key.len() <= 16 || slot.tag == tag && attr.name.as_bytes() == key)
            {
                return Some(Hit {
                    idx: slot.idx,
                    attr,
                    info: &slot.info,
                });
            }
            i = (i + 1) & mask;
        }
    }
}

/// A class or an object: whatever owns a list of attributes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Owner {
    Class(&'static Class),
    Object(&'static Object),
}

impl Owner {
    pub fn name(self) -> &'static str {
        match self {
            Owner::Class(c) => c.name,
            Owner::Object(o) => o.name,
        }
    }

    /// The address of the owner's table: with the static tables, an identity for memos.
    pub fn addr(self) -> usize {
        match self {
            Owner::Class(c) => c as *const Class as usize,
            Owner::Object(o) => o as *const Object as usize,
        }
    }

    pub fn attributes(self) -> &'static [&'static Attribute] {
        match self {
            Owner::Class(c) => c.attributes(),
            Owner::Object(o) => o.attributes(),
        }
    }

    pub fn constraints(self) -> &'static Constraints {
        match self {
            Owner::Class(c) => &c.constraints,
            Owner::Object(o) => &o.constraints,
        }
    }

    /// `classes/authentication` or `objects/device`.
    pub fn schema_path(self) -> String {
        self.schema_path_with(&[])
    }

    /// `classes/authentication/attributes/user`: most diagnostics carry one.
    pub fn attr_schema_path(self, attr: &str) -> String {
        self.schema_path_with(&["/attributes/", attr])
    }

    /// `objects/file/constraints/at_least_one`: where a constraint of the owner is defined.
    pub fn constraint_schema_path(self, constraint: &str) -> String {
        self.schema_path_with(&["/constraints/", constraint])
    }

    /// The owner's schema path followed by `parts`, in one allocation of the exact size
    /// (`format!` twice cost more than the rest of a typical diagnostic).
    fn schema_path_with(self, parts: &[&str]) -> String {
        let kind = match self {
            Owner::Class(_) => "classes/",
            Owner::Object(_) => "objects/",
        };
        let name = self.name();
        let len = kind.len() + name.len() + parts.iter().map(|p| p.len()).sum::<usize>();
        let mut s = String::with_capacity(len);
        s.push_str(kind);
        s.push_str(name);
        parts.iter().for_each(|p| s.push_str(p));
        s
    }
}

#[derive(Debug)]
pub(crate) struct Tables {
    pub schema: &'static Schema,
    /// Each class's and object's tables, by its index in the schema, built when the walk first
    /// meets it: an event uses a few dozen of a version's hundreds of owners, and building all
    /// of them was a fifth of a short run (a few events of several versions).
    classes: Vec<OnceLock<OwnerInfo>>,
    objects: Vec<OnceLock<OwnerInfo>>,
    /// `(uid, index in schema.classes)` sorted by uid: finding a class's tables compares
    /// integers, not names.
    class_by_uid: Vec<(u32, usize)>,
    pub types: Vec<TypeCheck>,
    /// [`Tables::schema_captions`], made on first use.
    captions: std::sync::OnceLock<std::collections::HashSet<String>>,
}

/// The tables of every version a validator may judge by, each built on first use: most runs
/// see one or two versions. The fallible part (compiling the data types' regexes) is done for
/// every version up front, once per distinct type, so that building later cannot fail.
#[derive(Debug)]
pub(crate) struct VersionTables {
    versions: Vec<(&'static Schema, std::sync::OnceLock<Tables>)>,
    /// Compiled checks by data type address (types are shared by the versions that agree).
    checks: std::collections::HashMap<usize, TypeCheck>,
}

impl VersionTables {
    pub fn new(mode: crate::versions::VersionMode) -> Result<VersionTables, Error> {
        let mut schemas: Vec<&'static Schema> = ocsf_schema::versions().to_vec();
        // A forced or fallback schema from outside `ocsf_schema::versions()` is judged too.
        let own = mode.schema();
        if !schemas.iter().any(|s| std::ptr::eq(*s, own)) {
            schemas.push(own);
        }
        let mut checks = std::collections::HashMap::new();
        for schema in &schemas {
            for t in schema.types {
                let key = *t as *const DataType as usize;
                if let std::collections::hash_map::Entry::Vacant(e) = checks.entry(key) {
                    e.insert(TypeCheck::compile(t)?);
                }
            }
        }
        Ok(VersionTables {
            versions: schemas
                .into_iter()
                .map(|s| (s, std::sync::OnceLock::new()))
                .collect(),
            checks,
        })
    }

    /// The tables of `schema`, one of the versions this was made for.
    pub fn get(&self, schema: &'static Schema) -> &Tables {
        let slot = self
            .versions
            .iter()
            .find(|(s, _)| std::ptr::eq(*s, schema))
            .or_else(|| {
                self.versions
                    .iter()
                    .find(|(s, _)| s.version == schema.version)
            })
            .map(|(s, slot)| (*s, slot));
        let (schema, slot) = slot.unwrap_or((self.versions[0].0, &self.versions[0].1));
        slot.get_or_init(|| Tables::build(schema, &self.checks))
    }
}

impl Tables {
    fn build(
        schema: &'static Schema,
        checks: &std::collections::HashMap<usize, TypeCheck>,
    ) -> Tables {
        let types = schema
            .types
            .iter()
            .map(|t| {
                let key = *t as *const DataType as usize;
                checks
                    .get(&key)
                    .cloned()
                    .unwrap_or_else(|| TypeCheck::bounds_only(t))
            })
            .collect();
        let classes = schema.classes.iter().map(|_| OnceLock::new()).collect();
        let objects = schema.objects.iter().map(|_| OnceLock::new()).collect();
        let mut class_by_uid: Vec<(u32, usize)> = schema
            .classes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.uid, i))
            .collect();
        class_by_uid.sort_unstable();
        Tables {
            schema,
            classes,
            objects,
            class_by_uid,
            types,
            captions: std::sync::OnceLock::new(),
        }
    }

    /// The captions of the version's classes and of their activities, ASCII lower-cased: text
    /// the schema defines, which messages may quote whole. A set, because a caption that
    /// disagrees with its id is looked up in it (OCSF302), and searching every class's
    /// activities for it cost some 50,000 instructions per such finding.
    pub fn schema_captions(&self) -> &std::collections::HashSet<String> {
        self.captions.get_or_init(|| {
            let mut set = std::collections::HashSet::new();
            for c in self.schema.classes {
                set.insert(c.caption.to_ascii_lowercase());
                let activities = c.attribute("activity_id").and_then(|a| a.enum_values);
                for v in activities.into_iter().flatten() {
                    set.insert(v.caption.to_ascii_lowercase());
                }
            }
            set
        })
    }

    pub fn object_info(&self, index: u32) -> Option<&OwnerInfo> {
        let i = index as usize;
        let cell = self.objects.get(i)?;
        Some(cell.get_or_init(|| {
            let o = self.schema.objects[i];
            let mut info = owner_info(self.schema, o.attributes(), &o.constraints);
            info.is_observable = o.name == "observable";
            info
        }))
    }

    fn class_info(&self, i: usize) -> &OwnerInfo {
        self.classes[i].get_or_init(|| {
            let c = self.schema.classes[i];
            owner_info(self.schema, c.attributes(), &c.constraints)
        })
    }

    /// The object at `index` of this version's objects (an [`AttrInfo::child`]).
    pub fn object_at(&self, index: u32) -> Option<&'static Object> {
        let all: &'static [&'static Object] = self.schema.objects;
        all.get(index as usize).copied()
    }

    pub fn info(&self, owner: Owner) -> &OwnerInfo {
        static EMPTY: OwnerInfo = OwnerInfo {
            required: Vec::new(),
            recommended: Vec::new(),
            siblings: Vec::new(),
            dt_pairs: Vec::new(),
            activity_id: None,
            category_uid: None,
            type_uid: None,
            type_name: None,
            start_time: None,
            end_time: None,
            duration: None,
            count: None,
            constraint_attr: Vec::new(),
            dotted: Vec::new(),
            is_observable: false,
            slots: Vec::new(),
        };
        let found = match owner {
            Owner::Class(c) => self
                .class_by_uid
                .binary_search_by_key(&c.uid, |&(uid, _)| uid)
                .ok()
                .map(|i| self.class_by_uid[i].1)
                .filter(|&i| std::ptr::eq(self.schema.classes[i], c))
                .or_else(|| {
                    self.schema
                        .classes
                        .binary_search_by(|x| x.name.cmp(c.name))
                        .ok()
                })
                .map(|i| self.class_info(i)),
            Owner::Object(o) => self
                .schema
                .objects
                .binary_search_by(|x| x.name.cmp(o.name))
                .ok()
                .and_then(|i| self.object_info(i as u32)),
        };
        found.unwrap_or(&EMPTY)
    }
}

fn owner_info(
    schema: &'static Schema,
    attrs: &'static [&'static Attribute],
    constraints: &'static Constraints,
) -> OwnerInfo {
    let index = |name: &str| {
        attrs
            .binary_search_by(|a| a.name.cmp(name))
            .ok()
            .map(|i| i as u16)
    };
    let mut info = OwnerInfo::default();
    // What the walk reads of each attribute, by index: copied into the slots at the end.
    let mut records = vec![AttrInfo::NONE; attrs.len()];
    for (i, a) in attrs.iter().enumerate() {
        let i = i as u16;
        match a.requirement {
            Requirement::Required => info.required.push(i),
            Requirement::Recommended => info.recommended.push(i),
            Requirement::Optional => {}
        }
        if let Some(caption) = a.sibling.and_then(index) {
            info.siblings.push((i, caption));
            records[i as usize].flags |= KEEP_INT;
            records[caption as usize].flags |= KEEP_STR;
            records[caption as usize].caption_of = i;
        }
        if a.type_name == "datetime_t" {
            if let Some(ts) = a.name.strip_suffix("_dt").and_then(index) {
                if attrs[ts as usize].type_name == "timestamp_t" && !attrs[ts as usize].is_array {
                    info.dt_pairs.push((ts, i));
                    records[ts as usize].flags |= KEEP_INT;
                    records[i as usize].flags |= KEEP_STR;
                }
            }
        }
        let ty = match a.object_type {
            None => schema
                .types
                .binary_search_by(|x| x.name.cmp(a.type_name))
                .map_or(u16::MAX, |i| i as u16),
            Some(_) => u16::MAX,
        };
        records[i as usize].type_index = ty;
        let child = match a.object_type {
            Some(o) => schema
                .objects
                .binary_search_by(|x| x.name.cmp(o))
                .map_or(u32::MAX, |i| i as u32),
            None => u32::MAX,
        };
        records[i as usize].child = child;
        records[i as usize].base = schema.base_type_of(a);
        if a.deprecated.is_some() || a.profile.is_some() {
            records[i as usize].flags |= HAS_NOTICE;
        }
        let mut ok = 0u128;
        for v in a.enum_values.unwrap_or_default() {
            if let (EnumKey::Int(k @ 0..=127), None) = (v.key, &v.deprecated) {
                ok |= 1 << k;
            }
        }
        records[i as usize].enum_ok = ok;
    }
    info.activity_id = index("activity_id");
    info.category_uid = index("category_uid");
    info.type_uid = index("type_uid");
    info.type_name = index("type_name");
    let paths = constraints.at_least_one.iter().chain(constraints.just_one);
    for (bit, path) in paths.enumerate() {
        if path.contains('.') {
            info.dotted.push((bit as u32, path));
            info.constraint_attr.push(None);
        } else {
            info.constraint_attr.push(index(path));
        }
    }
    // Event-level facts checked when the event ends.
    for name in ["activity_id", "category_uid", "class_uid", "type_uid"] {
        if let Some(i) = index(name) {
            records[i as usize].flags |= KEEP_INT;
        }
    }
    if let Some(i) = index("type_name") {
        if schema.base_type_of(attrs[i as usize]) == BaseType::String {
            records[i as usize].flags |= KEEP_STR;
        }
    }
    // Facts of any object checked by the plausibility rules when it ends.
    let integer = |name: &str| {
        index(name).filter(|&i| {
            let a = attrs[i as usize];
            !a.is_array && matches!(schema.base_type_of(a), BaseType::Integer | BaseType::Long)
        })
    };
    info.start_time = integer("start_time");
    info.end_time = integer("end_time");
    info.duration = integer("duration");
    info.count = integer("count");
    for i in [info.start_time, info.end_time, info.duration, info.count]
        .into_iter()
        .flatten()
    {
        records[i as usize].flags |= KEEP_INT;
    }
    if !attrs.is_empty() {
        let size = (attrs.len() * 2).next_power_of_two();
        info.slots = vec![EMPTY; size];
        for (i, a) in attrs.iter().enumerate() {
            let (first, last) = ends(a.name.as_bytes());
            let (at, tag) = name_hash(a.name.as_bytes(), first, last);
            let slot = Slot {
                first,
                last,
                tag,
                len: a.name.len() as u16,
                idx: i as u16,
                attr: Some(a),
                info: records[i],
            };
            let mut j = at & (size - 1);
            while info.slots[j].attr.is_some() {
                j = (j + 1) & (size - 1);
            }
            info.slots[j] = slot;
        }
    }
    info
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every attribute of every class and object of every version is found at its own index
    /// through the hashed slots, and names that are not attributes are not found.
    #[test]
    fn every_attribute_is_found_by_name() {
        let mut owners = 0;
        for schema in ocsf_schema::versions() {
            let owner_lists = schema
                .classes
                .iter()
                .map(|c| (c.attributes(), &c.constraints))
                .chain(
                    schema
                        .objects
                        .iter()
                        .map(|o| (o.attributes(), &o.constraints)),
                );
            for (attrs, constraints) in owner_lists {
                let info = owner_info(schema, attrs, constraints);
                for (i, a) in attrs.iter().enumerate() {
                    assert_eq!(
                        info.find(a.name).map(|h| h.idx),
                        Some(i as u16),
                        "{}",
                        a.name
                    );
                    // Pointers copy attribute names without escaping them (`facts::Seg::Name`).
                    assert!(!a.name.contains(['~', '/']), "{}", a.name);
                    for other in [
                        format!("{}_", a.name),
                        format!("_{}", a.name),
                        a.name[..a.name.len() - 1].to_owned(),
                        a.name.to_ascii_uppercase(),
                    ] {
                        let expected = attrs.iter().position(|x| x.name == other);
                        assert_eq!(info.find(&other).map(|h| h.idx), expected.map(|i| i as u16));
                    }
                }
                owners += 1;
            }
        }
        assert!(owners > 1000, "{owners}");
    }

    /// Names up to sixteen bytes are told apart by their ends and length alone (the lookup
    /// compares them so, without reading the attribute).
    #[test]
    fn names_up_to_sixteen_bytes_are_told_apart_by_their_ends() {
        let names = [
            "",
            "a",
            "uid",
            "uid_alt",
            "type_uid",
            "type_uie",
            "src_endpoint",
            "dst_endpoint",
            "abcdefgh",
            "abcdefgi",
            "abcdefghijklmnop",
            "abcdefghijkXmnop",
            "bbcdefghijklmnop",
            "abcdefghi",
            "abcdefghj",
            "correlation_uid",
            "correlation_uie",
            "correlatiox_uid",
            "abcdefghijklmnopq",
            "a\0",
            "a\0\0",
            "ab",
            "ba",
            "abc",
            "acb",
            "bac",
            "abcd",
            "abce",
            "abcde",
            "abdce",
            "abcdefg",
            "abcxefg",
        ];
        for a in names {
            for b in names {
                if a.len() > 16 || b.len() > 16 {
                    continue;
                }
                let same = ends(a.as_bytes()) == ends(b.as_bytes()) && a.len() == b.len();
                assert_eq!(same, a == b, "{a:?} {b:?}");
            }
        }
    }
}
