//! A deterministic generator of realistic OCSF events, for benchmarks and robustness tests.
//! Events are built from the schema tables: required and recommended attributes filled with
//! type-correct values, a few optional ones, nested objects to a bounded depth, consistent
//! ids and captions, observables that point at real paths, and about 1% faulty events.
//! `ocsf-validate`'s tests check that the events are clean except for the planted faults.
//!
//! Two options change the events: [`Generator::with_personal_data`] fills every attribute the
//! `ocsf-pii` table classifies with realistic personal data ([`personal`]), and
//! [`Generator::with_plants`] puts a secret or personal data into free text of 1% of the
//! events ([`plants`]).

pub mod personal;
pub mod plants;

use std::io::{self, Write};

use ocsf_schema::{Attribute, BaseType, Class, EnumKey, Object, Requirement, Schema};
use serde_json::{json, Map, Value};

use personal::{Carrier, Person, Reach};
use plants::Planter;

/// SplitMix64: small, fast, deterministic; no global state.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const WORDS: &[&str] = &[
    "alpha", "backup", "cloud", "delta", "edge", "finance", "gateway", "hr", "ingest", "jenkins",
    "kube", "ledger", "mail", "node", "ops", "portal", "queue", "relay", "sales", "vault",
];

/// Generates events of the given schema.
#[derive(Debug)]
pub struct Generator {
    schema: &'static Schema,
    classes: Vec<&'static Class>,
    rng: Rng,
    max_depth: usize,
    /// Set by [`Generator::with_personal_data`]: which objects lead to personal data.
    personal: Option<Reach>,
    /// The person the current event is about, and the chain of attributes that carries
    /// them into it (personal-data mode).
    person: Option<(Person, Carrier)>,
    plants: Option<Planter>,
}

impl Generator {
    /// Uses up to `n_classes` non-deprecated classes (at least 20 exist in 1.6.0).
    pub fn new(schema: &'static Schema, seed: u64, n_classes: usize) -> Generator {
        let mut classes: Vec<&'static Class> = schema
            .classes_by_uid
            .iter()
            .copied()
            .filter(|c| c.uid != 0 && c.deprecated.is_none())
            .collect();
        // Spread the choice over categories: every k-th class by uid.
        let step = (classes.len() / n_classes.max(1)).max(1);
        classes = classes.into_iter().step_by(step).take(n_classes).collect();
        Generator {
            schema,
            classes,
            rng: Rng::new(seed),
            max_depth: 3,
            personal: None,
            person: None,
            plants: None,
        }
    }

    /// Fills every scalar attribute that `ocsf-pii` classifies as personal data or a
    /// credential (default and strict-only alike) wherever its object appears, with realistic
    /// values: names, email addresses, phone numbers, postal addresses, device identifiers,
    /// user agents, coordinates. Each event also carries, for sure, one chain of objects down
    /// to an attribute the default policy reports (`actor.user`, `metadata.loggers.device`).
    /// The events stay valid; the default policy reports several findings in each (about 16
    /// on average).
    pub fn with_personal_data(mut self, on: bool) -> Generator {
        self.personal = on.then(|| Reach::new(self.schema));
        self
    }

    /// Plants a secret or personal data in free text of about 1% of the events, drawn from
    /// their own generator seeded with `seed` (the rest of each event is unchanged).
    pub fn with_plants(mut self, seed: u64) -> Generator {
        self.plants = Some(Planter::new(seed));
        self
    }

    pub fn classes(&self) -> &[&'static Class] {
        &self.classes
    }

    /// Writes `n` events as JSON lines.
    pub fn write_jsonl(&mut self, n: usize, out: &mut impl Write) -> io::Result<()> {
        for _ in 0..n {
            serde_json::to_writer(&mut *out, &self.event())?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    /// One event; about 1% carry a fault.
    pub fn event(&mut self) -> Value {
        let class = *self.rng.pick(&self.classes);
        if let Some(reach) = &self.personal {
            let carrier = reach.carrier(self.schema, class, &mut self.rng);
            self.person = Some((Person::new(&mut self.rng), carrier));
        }
        let mut obj = self.fill(None, class.attributes(), &class.constraints, 0);
        let activity = class
            .attribute("activity_id")
            .and_then(|a| a.enum_values)
            .and_then(|vs| {
                let ids: Vec<i64> = vs
                    .iter()
                    .filter_map(|v| match v.key {
                        EnumKey::Int(k) if k != 0 && k != 99 && v.deprecated.is_none() => Some(k),
                        _ => None,
                    })
                    .collect();
                (!ids.is_empty()).then(|| *self.rng.pick(&ids))
            })
            .unwrap_or(0);
        let act_caption = class.activity_caption(activity).unwrap_or("Unknown");
        obj.insert("class_uid".into(), json!(class.uid));
        obj.insert("class_name".into(), json!(class.caption));
        obj.insert("category_uid".into(), json!(class.category_uid));
        if let Some(c) = self.schema.category_by_uid(class.category_uid) {
            obj.insert("category_name".into(), json!(c.caption));
        }
        obj.insert("activity_id".into(), json!(activity));
        obj.insert("activity_name".into(), json!(act_caption));
        obj.insert(
            "type_uid".into(),
            json!(i64::from(class.uid) * 100 + activity),
        );
        obj.insert(
            "type_name".into(),
            json!(format!("{}: {act_caption}", class.caption)),
        );
        obj.insert(
            "time".into(),
            json!(1_700_000_000_000i64 + self.rng.below(90_000_000_000) as i64),
        );
        if let Some(Value::Object(meta)) = obj.get_mut("metadata") {
            meta.insert("version".into(), json!(self.schema.version));
            meta.remove("profiles");
        }
        self.add_observable(&mut obj);
        let mut event = Value::Object(obj);
        if self.rng.chance(1) {
            self.fault(&mut event);
        }
        if let Some(p) = &mut self.plants {
            p.plant(&mut event);
        }
        event
    }

    fn add_observable(&mut self, obj: &mut Map<String, Value>) {
        if !self.rng.chance(30) {
            obj.remove("observables");
            return;
        }
        let ip = ["src_endpoint", "dst_endpoint", "device"]
            .iter()
            .find_map(|k| Some((*k, obj.get(*k)?.get("ip")?.as_str()?.to_owned())));
        match ip {
            Some((k, ip)) => {
                obj.insert(
                    "observables".into(),
                    json!([{"type_id": 2, "type": "IP Address", "name": format!("{k}.ip"), "value": ip}]),
                );
            }
            None => {
                obj.remove("observables");
            }
        }
    }

    fn fault(&mut self, event: &mut Value) {
        let Value::Object(o) = event else { return };
        match self.rng.below(5) {
            0 => {
                o.insert("sevrity_id".into(), json!(1));
            }
            1 => {
                o.insert("severity_id".into(), json!("High"));
            }
            2 => {
                o.insert("severity_id".into(), json!(12345));
            }
            3 => {
                o.remove("time");
            }
            _ => {
                o.insert("class_name".into(), json!("Wrong Caption"));
            }
        }
    }

    fn wanted(&mut self, owner: Option<&Object>, a: &Attribute, depth: usize) -> bool {
        if a.profile.is_some() || a.deprecated.is_some() {
            return false;
        }
        if let (Some(reach), Some((_, carrier))) = (&self.personal, &self.person) {
            if reach.wanted(self.schema, owner, a, depth, carrier) {
                return true;
            }
        }
        if self
            .schema
            .object_of(a)
            .is_some_and(|o| o.deprecated.is_some() || o.name == "object")
        {
            return a.requirement == Requirement::Required && depth < self.max_depth + 2;
        }
        let is_obj = a.is_object();
        match a.requirement {
            Requirement::Required => depth < self.max_depth + 2 || !is_obj,
            Requirement::Recommended => depth < self.max_depth && (!is_obj || self.rng.chance(60)),
            Requirement::Optional => {
                depth < self.max_depth && self.rng.chance(if is_obj { 4 } else { 8 })
            }
        }
    }

    fn fill(
        &mut self,
        owner: Option<&'static Object>,
        attrs: &'static [&'static Attribute],
        constraints: &ocsf_schema::Constraints,
        depth: usize,
    ) -> Map<String, Value> {
        let mut m = Map::new();
        for a in attrs {
            if m.contains_key(a.name) || !self.wanted(owner, a, depth) {
                continue;
            }
            if a.is_array {
                let n = 1 + self.rng.below(2) as usize;
                let items: Vec<Value> = (0..n)
                    .map(|_| self.value(owner, a, depth, &mut m))
                    .collect();
                m.insert(a.name.into(), Value::Array(items));
            } else {
                let v = self.value(owner, a, depth, &mut m);
                m.insert(a.name.into(), v);
            }
        }
        let add = |g: &mut Generator, m: &mut Map<String, Value>, name: &str| {
            if let Some(a) = attrs.iter().find(|a| a.name == name) {
                let v = g.value(owner, a, depth.max(g.max_depth), m);
                m.insert(
                    name.into(),
                    if a.is_array { Value::Array(vec![v]) } else { v },
                );
            }
        };
        let single: Vec<&str> = constraints
            .at_least_one
            .iter()
            .copied()
            .filter(|p| !p.contains('.'))
            .collect();
        if !single.is_empty() && !single.iter().any(|p| m.contains_key(*p)) {
            add(self, &mut m, single[0]);
        }
        if !constraints.just_one.is_empty() {
            let present: Vec<&str> = constraints
                .just_one
                .iter()
                .copied()
                .filter(|p| m.contains_key(*p))
                .collect();
            for p in present.iter().skip(1) {
                m.remove(*p);
            }
            if present.is_empty() {
                add(self, &mut m, constraints.just_one[0]);
            }
        }
        plausible(&mut m);
        m
    }

    fn value(
        &mut self,
        owner: Option<&Object>,
        a: &Attribute,
        depth: usize,
        siblings: &mut Map<String, Value>,
    ) -> Value {
        if let Some(vals) = a.enum_values {
            let usable: Vec<_> = vals.iter().filter(|v| v.deprecated.is_none()).collect();
            if let Some(v) = (!usable.is_empty()).then(|| *self.rng.pick(&usable)) {
                return match v.key {
                    EnumKey::Int(k) => {
                        if let Some(s) = a.sibling {
                            // Captions are set with their id; the caption attribute comes later or
                            // is overwritten here so the pair always agrees.
                            if !a.is_array {
                                siblings.insert(s.into(), json!(v.caption));
                            } else {
                                siblings.remove(s);
                            }
                        }
                        json!(k)
                    }
                    EnumKey::Str(s) => json!(s),
                };
            }
        }
        if let Some((person, _)) = &self.person {
            if let Some(v) = person.value(&mut self.rng, owner.map(|o| o.name), a) {
                return v;
            }
        }
        match self.schema.object_of(a) {
            Some(o) if o.name == "object" => json!({"note": self.word()}),
            Some(o) => Value::Object(self.fill(Some(o), o.attributes(), &o.constraints, depth + 1)),
            None => {
                let base = self.schema.base_type_of(a);
                self.data(a.type_name, base, a.name)
            }
        }
    }

    fn word(&mut self) -> &'static str {
        WORDS[self.rng.below(WORDS.len() as u64) as usize]
    }

    fn data(&mut self, ty: &str, base: BaseType, name: &str) -> Value {
        let r = &mut self.rng;
        match ty {
            "timestamp_t" => json!(1_700_000_000_000i64 + r.below(90_000_000_000) as i64),
            "port_t" => json!(1 + r.below(65_534)),
            "ip_t" => json!(format!(
                "10.{}.{}.{}",
                r.below(256),
                r.below(256),
                1 + r.below(254)
            )),
            "subnet_t" => json!(format!("10.{}.0.0/16", r.below(256))),
            "mac_t" => json!(format!(
                "02:00:{:02x}:{:02x}:{:02x}:{:02x}",
                r.below(256),
                r.below(256),
                r.below(256),
                r.below(256)
            )),
            "email_t" => json!(format!(
                "{}.{}@example.com",
                WORDS[r.below(20) as usize],
                r.below(1000)
            )),
            "url_t" => json!(format!(
                "https://{}.example.com/{}",
                WORDS[r.below(20) as usize],
                r.below(10_000)
            )),
            "uuid_t" => json!(format!(
                "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
                r.next_u64() as u32,
                r.below(0x10000),
                r.below(0x1000),
                r.below(0x1000),
                r.next_u64() & 0xffff_ffff_ffff
            )),
            "hostname_t" => json!(format!(
                "{}-{}.corp.example.com",
                WORDS[r.below(20) as usize],
                r.below(100)
            )),
            "file_hash_t" => json!(format!(
                "{:016x}{:016x}{:016x}{:016x}",
                r.next_u64(),
                r.next_u64(),
                r.next_u64(),
                r.next_u64()
            )),
            "datetime_t" => json!("2024-03-01T12:00:00Z"),
            "bytestring_t" => json!("c2FtcGxlIGJ5dGVz"),
            "json_t" => json!({"k": WORDS[r.below(20) as usize]}),
            _ => match base {
                BaseType::Integer | BaseType::Long => json!(r.below(10_000)),
                BaseType::Float => json!((r.below(10_000) as f64) / 100.0),
                BaseType::Boolean => json!(r.chance(50)),
                BaseType::Json | BaseType::Object => json!({}),
                BaseType::String => {
                    let w = WORDS[r.below(20) as usize];
                    if name == "uid" || name.ends_with("_uid") {
                        json!(format!("{w}-{:x}", r.next_u64() & 0xffff_ffff))
                    } else {
                        json!(format!("{w} {}", WORDS[r.below(20) as usize]))
                    }
                }
            },
        }
    }
}

/// Values the schema accepts but no producer would write (a start after its end, a duration
/// its interval contradicts, a `count` of 0) are made consistent: the corpus is of valid,
/// plausible events, and the plausibility rules must find nothing in it.
fn plausible(m: &mut Map<String, Value>) {
    let int = |m: &Map<String, Value>, k: &str| m.get(k).and_then(Value::as_i64);
    if let (Some(start), Some(end)) = (int(m, "start_time"), int(m, "end_time")) {
        let (start, end) = (start.min(end), start.max(end));
        m.insert("start_time".into(), json!(start));
        m.insert("end_time".into(), json!(end));
        if m.contains_key("duration") {
            m.insert("duration".into(), json!(end - start));
        }
    }
    if int(m, "count") == Some(0) {
        m.insert("count".into(), json!(1));
    }
}

#[cfg(test)]
mod tests {
    use super::Generator;

    #[test]
    fn same_seed_same_events() {
        let schema = ocsf_schema::v1_6_0::schema();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        Generator::new(schema, 3, 24)
            .write_jsonl(50, &mut a)
            .unwrap();
        Generator::new(schema, 3, 24)
            .write_jsonl(50, &mut b)
            .unwrap();
        assert_eq!(a, b);
    }
}
