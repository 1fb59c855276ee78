//! Realistic personal data for [`super::Generator::with_personal_data`]: which attributes to
//! fill ([`Reach`]) and what to fill them with ([`Person`]).
//!
//! Every attribute the `ocsf-pii` table classifies is filled where its object appears, with a
//! value of the shape a real event carries: names (some outside ASCII), email addresses and
//! mailboxes, phone numbers in their country's format, postal addresses, coordinates with
//! their geohash, MAC addresses with a vendor's prefix, IMEI and ICCID numbers with their check
//! digit, serial numbers, user agents. Each event is about one person, so that its name, email
//! address and place agree.

use std::collections::HashMap;

use ocsf_schema::{Attribute, BaseType, Class, Object, Schema};
use serde_json::{json, Value};

use super::Rng;

/// How many levels of objects may lie between an event and its personal data
/// (`metadata.loggers.device`).
const MAX_STEPS: usize = 2;

/// Which objects lead to an attribute the default policy reports, and how many levels down.
/// Each event carries one such chain for sure ([`Carrier`]); other objects come by chance as
/// in the plain corpus, with their classified attributes filled, or every event would carry
/// them all.
#[derive(Debug)]
pub struct Reach {
    /// Object name → levels of nesting down to such an attribute (0: it has one itself).
    steps: HashMap<&'static str, usize>,
}

/// The chain of attributes that brings personal data into one event, from the class down:
/// each the name of an attribute and of the object that holds it (`None`: the class), e.g.
/// `actor` of the class, then `user` of `actor`.
#[derive(Debug, Clone, Default)]
pub struct Carrier(Vec<(Option<&'static str>, &'static str)>);

/// A string attribute the default policy reports: classified, and not strict-only.
fn reported_by_default(schema: &Schema, owner: &Object, a: &Attribute) -> bool {
    !a.is_object()
        && usable(a)
        && schema.base_type_of(a) == BaseType::String
        && ocsf_pii::classify(Some(owner.name), a.name).is_some_and(|c| !c.strict_only)
}

/// An attribute the generator fills at all.
fn usable(a: &Attribute) -> bool {
    a.deprecated.is_none() && a.profile.is_none()
}

impl Reach {
    pub fn new(schema: &'static Schema) -> Reach {
        let mut steps = HashMap::new();
        for o in schema.objects {
            if o.attributes()
                .iter()
                .any(|a| reported_by_default(schema, o, a))
            {
                steps.insert(o.name, 0);
            }
        }
        for level in 1..=MAX_STEPS {
            let found: Vec<&'static str> = schema
                .objects
                .iter()
                .filter(|o| !steps.contains_key(o.name))
                .filter(|o| {
                    o.attributes().iter().any(|a| {
                        usable(a)
                            && schema
                                .object_of(a)
                                .and_then(|child| steps.get(child.name))
                                .is_some_and(|&s| s < level)
                    })
                })
                .map(|o| o.name)
                .collect();
            steps.extend(found.into_iter().map(|name| (name, level)));
        }
        Reach { steps }
    }

    /// Attributes of `attrs` whose object is `steps` levels (or, with `None`, at most
    /// [`MAX_STEPS`]) from personal data, with their object and its level.
    fn leads(
        &self,
        schema: &Schema,
        attrs: &'static [&'static Attribute],
        steps: Option<usize>,
    ) -> Vec<(&'static str, &'static Object, usize)> {
        attrs
            .iter()
            .filter(|a| usable(a))
            .filter_map(|a| {
                let o = schema.object_of(a)?;
                let s = *self.steps.get(o.name)?;
                steps.is_none_or(|want| s == want).then_some((a.name, o, s))
            })
            .collect()
    }

    /// A chain from `class` down to personal data, chosen at random; empty when the class has
    /// none within [`MAX_STEPS`] levels.
    pub fn carrier(&self, schema: &Schema, class: &'static Class, r: &mut Rng) -> Carrier {
        let mut chain = Vec::new();
        let mut owner = None;
        let mut options = self.leads(schema, class.attributes(), None);
        while !options.is_empty() {
            let (name, object, steps) = *r.pick(&options);
            chain.push((owner, name));
            if steps == 0 {
                break;
            }
            owner = Some(object.name);
            options = self.leads(schema, object.attributes(), Some(steps - 1));
        }
        Carrier(chain)
    }

    /// Whether `a` (of `owner`, `None` for a class) must be filled at `depth`: a classified
    /// scalar always, and the attributes of the event's carrier.
    pub fn wanted(
        &self,
        schema: &Schema,
        owner: Option<&Object>,
        a: &Attribute,
        depth: usize,
        carrier: &Carrier,
    ) -> bool {
        let owner = owner.map(|o| o.name);
        match schema.object_of(a) {
            None => ocsf_pii::classify(owner, a.name).is_some(),
            Some(o) if o.deprecated.is_some() => false,
            Some(_) => carrier.0.get(depth) == Some(&(owner, a.name)),
        }
    }
}

/// Given name, surname, and the ASCII forms used in addresses and account names.
const PEOPLE: &[(&str, &str, &str, &str)] = &[
    ("María", "González", "maria", "gonzalez"),
    ("Wei", "Zhang", "wei", "zhang"),
    ("Aisha", "Khan", "aisha", "khan"),
    ("Olusegun", "Adeyemi", "olusegun", "adeyemi"),
    ("Sophie", "Martin", "sophie", "martin"),
    ("Lukas", "Schäfer", "lukas", "schaefer"),
    ("Priya", "Sharma", "priya", "sharma"),
    ("Hiroshi", "Tanaka", "hiroshi", "tanaka"),
    ("Emma", "Johansson", "emma", "johansson"),
    ("Diego", "Fernandes", "diego", "fernandes"),
    ("Fatima", "Haddad", "fatima", "haddad"),
    ("James", "O'Brien", "james", "obrien"),
    ("Zoë", "Dubois", "zoe", "dubois"),
    ("Mateusz", "Kowalski", "mateusz", "kowalski"),
    ("Grace", "Okafor", "grace", "okafor"),
    ("Noah", "Williams", "noah", "williams"),
];

const MAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "outlook.com",
    "yahoo.co.uk",
    "proton.me",
    "web.de",
    "icloud.com",
];

const EMPLOYERS: &[&str] = &[
    "northwind-traders.com",
    "contoso-health.org",
    "fabrikam.io",
    "tailspin-air.net",
];

/// A place: city, region, ISO country code, postal code, latitude, longitude, street address,
/// and a phone number pattern (`#` is a random digit).
struct Place {
    city: &'static str,
    region: &'static str,
    country: &'static str,
    postal_code: &'static str,
    lat: f64,
    long: f64,
    street: &'static str,
    phone: &'static str,
}

const PLACES: &[Place] = &[
    Place {
        city: "San Francisco",
        region: "California",
        country: "US",
        postal_code: "94105",
        lat: 37.7897,
        long: -122.3942,
        street: "415 Mission St",
        phone: "+1 415-###-####",
    },
    Place {
        city: "Lyon",
        region: "Auvergne-Rhône-Alpes",
        country: "FR",
        postal_code: "69002",
        lat: 45.7578,
        long: 4.832,
        street: "12 Rue de la République",
        phone: "+33 6 ## ## ## ##",
    },
    Place {
        city: "Berlin",
        region: "Berlin",
        country: "DE",
        postal_code: "10115",
        lat: 52.5321,
        long: 13.3849,
        street: "Invalidenstraße 116",
        phone: "+49 151 ########",
    },
    Place {
        city: "London",
        region: "England",
        country: "GB",
        postal_code: "EC2V 7HH",
        lat: 51.5155,
        long: -0.0922,
        street: "30 Gresham Street",
        phone: "+44 7### ######",
    },
    Place {
        city: "Tokyo",
        region: "Tokyo",
        country: "JP",
        postal_code: "100-0005",
        lat: 35.6812,
        long: 139.7671,
        street: "1-9-1 Marunouchi, Chiyoda-ku",
        phone: "+81 90-####-####",
    },
    Place {
        city: "Bengaluru",
        region: "Karnataka",
        country: "IN",
        postal_code: "560001",
        lat: 12.9716,
        long: 77.5946,
        street: "45 Mahatma Gandhi Road",
        phone: "+91 98### #####",
    },
    Place {
        city: "São Paulo",
        region: "São Paulo",
        country: "BR",
        postal_code: "01310-100",
        lat: -23.5614,
        long: -46.6559,
        street: "Av. Paulista, 1578",
        phone: "+55 11 9####-####",
    },
    Place {
        city: "Lagos",
        region: "Lagos",
        country: "NG",
        postal_code: "101241",
        lat: 6.4281,
        long: 3.4219,
        street: "Plot 1, Adeola Odeku Street",
        phone: "+234 803 ### ####",
    },
];

const USER_AGENTS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
];

/// Prefixes assigned to device vendors (Apple, Intel, Samsung, Raspberry Pi, Dell, Cisco).
const MAC_PREFIXES: &[&str] = &[
    "3c:22:fb", "f0:18:98", "a4:83:e7", "8c:85:90", "dc:a6:32", "b8:27:eb", "f8:bc:12", "00:1b:63",
];

/// Type allocation codes of common handsets.
const TACS: &[&str] = &["35332510", "35875711", "86891503", "35290611"];

const JOB_TITLES: &[&str] = &[
    "Senior Accountant",
    "Site Reliability Engineer",
    "Head of Procurement",
    "Registered Nurse",
    "Sales Director, EMEA",
];

const DEPARTMENTS: &[&str] = &["Finance", "Engineering", "Procurement", "Clinical", "Sales"];

const SECURITY_QUESTIONS: &[&str] = &[
    "What was the name of your first pet?",
    "In which city were your parents married?",
    "What was your childhood nickname?",
];

const HEADER_VALUES: &[&str] = &[
    "en-GB,en;q=0.9,fr;q=0.7",
    "no-cache",
    "gzip, deflate, br",
    "text/html,application/xhtml+xml;q=0.9",
];

/// The person an event is about.
#[derive(Debug, Clone)]
pub struct Person {
    who: usize,
    place: usize,
    mail_domain: &'static str,
    employer: &'static str,
    number: u64,
}

impl Person {
    pub fn new(r: &mut Rng) -> Person {
        Person {
            who: r.below(PEOPLE.len() as u64) as usize,
            place: r.below(PLACES.len() as u64) as usize,
            mail_domain: r.pick::<&str>(MAIL_DOMAINS),
            employer: r.pick::<&str>(EMPLOYERS),
            number: r.below(1_000_000),
        }
    }

    fn names(&self) -> (&'static str, &'static str, &'static str, &'static str) {
        PEOPLE[self.who]
    }

    fn place(&self) -> &'static Place {
        &PLACES[self.place]
    }

    fn full_name(&self) -> String {
        let (given, surname, _, _) = self.names();
        format!("{given} {surname}")
    }

    fn email(&self, work: bool) -> String {
        let (_, _, given, surname) = self.names();
        let domain = if work {
            self.employer
        } else {
            self.mail_domain
        };
        format!("{given}.{surname}@{domain}")
    }

    fn account(&self) -> String {
        let (_, _, given, surname) = self.names();
        format!("{}{surname}", &given[..1])
    }

    /// A correspondent: someone else, at a work or private address.
    fn other_email(r: &mut Rng) -> String {
        let (_, _, given, surname) = *r.pick(PEOPLE);
        let domain = if r.chance(50) {
            *r.pick(EMPLOYERS)
        } else {
            *r.pick(MAIL_DOMAINS)
        };
        format!("{given}.{surname}@{domain}")
    }

    /// The realistic value of `a` (of object `owner`) when `ocsf-pii` classifies it and it holds
    /// a scalar; `None` leaves the attribute to the generator's own values.
    pub fn value(&self, r: &mut Rng, owner: Option<&str>, a: &Attribute) -> Option<Value> {
        ocsf_pii::classify(owner, a.name)?;
        if a.is_object() {
            return None;
        }
        let place = self.place();
        let (given, surname, _, _) = self.names();
        let s = match (owner.unwrap_or(""), a.name) {
            ("location" | "unmanned_system_operating_area", "lat") => {
                return Some(json!(jitter(r, place.lat)))
            }
            ("location" | "unmanned_system_operating_area", "long") => {
                return Some(json!(jitter(r, place.long)))
            }
            (_, "geohash") => geohash(place.lat, place.long, 7),
            (_, "postal_code") => place.postal_code.to_owned(),
            (_, "city") => place.city.to_owned(),
            (_, "region") => place.region.to_owned(),
            (_, "country") => place.country.to_owned(),
            (_, "geodetic_altitude") => format!("{}.{}", 20 + r.below(300), r.below(10)),
            (_, "office_location") => format!(
                "{}, {} {}, floor {}",
                place.street,
                place.postal_code,
                place.city,
                1 + r.below(12)
            ),
            // The same number wherever the person appears.
            (_, "phone_number") => digits(&mut Rng::new(self.number), place.phone),
            (_, "full_name" | "display_name" | "ldap_cn") | ("domain_contact", "name") => {
                self.full_name()
            }
            (_, "given_name") => given.to_owned(),
            (_, "surname") => surname.to_owned(),
            (_, "ldap_dn") => {
                let (org, tld) = self
                    .employer
                    .split_once('.')
                    .unwrap_or((self.employer, "com"));
                format!(
                    "CN={},OU=Staff,DC={org},DC={tld}",
                    self.full_name().replace(',', "\\,")
                )
            }
            (_, "employee_uid") => format!("E{:06}", self.number),
            ("user" | "account", "name") => self.account(),
            ("user", "uid_alt") => format!("CORP\\{}", self.account()),
            (_, "job_title") => r.pick(JOB_TITLES).to_string(),
            (_, "department") => r.pick(DEPARTMENTS).to_string(),
            (_, "cost_center") => format!("CC-{:04}", self.number % 10_000),
            ("email", name)
                if a.type_name != "email_t"
                    && (name.ends_with("_mailbox") || name.ends_with("_mailboxes")) =>
            {
                if name.starts_with("from") || name.starts_with("sender") {
                    format!("{} <{}>", self.full_name(), self.email(true))
                } else {
                    let (g, s, _, _) = *r.pick(PEOPLE);
                    format!("{g} {s} <{}>", Person::other_email(r))
                }
            }
            ("email", "subject") => format!(
                "Re: {given}'s travel to {} on {} March",
                place.city,
                1 + r.below(28)
            ),
            ("email", "raw_header") => format!(
                "Received: from mail.{} by mx.{}; From: {} <{}>",
                self.employer,
                self.mail_domain,
                self.full_name(),
                self.email(true)
            ),
            (
                "email",
                "from" | "from_list" | "from_mailboxes" | "sender" | "return_path" | "smtp_from",
            ) => self.email(true),
            ("email", _) if a.type_name == "email_t" => Person::other_email(r),
            (_, "forward_addr") => self.email(false),
            (_, "email_addr" | "email_addrs") => self.email(r.chance(60)),
            (_, "mac") => format!(
                "{}:{:02x}:{:02x}:{:02x}",
                r.pick(MAC_PREFIXES),
                r.below(256),
                r.below(256),
                r.below(256)
            ),
            (_, "imei" | "imei_list") => {
                with_luhn(&format!("{}{:06}", r.pick(TACS), r.below(1_000_000)))
            }
            (_, "iccid") => with_luhn(&format!("8944{:014}", r.below(100_000_000_000_000))),
            (_, "meid") => format!("A10000{:08X}", r.below(1 << 32)),
            (_, "udid") => format!("00008030-{:016X}", r.next_u64()),
            (_, "serial_number") => serial(r),
            ("device", "name") => format!("{given}s-MacBook-Pro"),
            ("http_request", "user_agent") => r.pick(USER_AGENTS).to_string(),
            ("http_header", "value") => r.pick(HEADER_VALUES).to_string(),
            ("http_cookie", "value") => {
                format!(
                    "GA1.2.{}.{}",
                    r.below(2_000_000_000),
                    1_700_000_000 + r.below(9_000_000)
                )
            }
            (_, "security_questions") => r.pick(SECURITY_QUESTIONS).to_string(),
            (_, "cmd_line") => format!("ssh {}@bastion.{}", self.account(), self.employer),
            _ => return None,
        };
        Some(Value::String(s))
    }
}

/// A coordinate within about a kilometre of `at`, to four decimals.
fn jitter(r: &mut Rng, at: f64) -> f64 {
    let d = (r.below(2001) as f64 - 1000.0) / 100_000.0;
    ((at + d) * 10_000.0).round() / 10_000.0
}

/// `pattern` with each `#` replaced by a random digit.
fn digits(r: &mut Rng, pattern: &str) -> String {
    pattern
        .chars()
        .map(|c| {
            if c == '#' {
                char::from(b'0' + r.below(10) as u8)
            } else {
                c
            }
        })
        .collect()
}

/// `body` followed by its Luhn check digit (IMEI, ICCID).
fn with_luhn(body: &str) -> String {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let d2 = d * 2;
                if d2 > 9 {
                    d2 - 9
                } else {
                    d2
                }
            } else {
                d
            }
        })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

/// A 12-character hardware serial number, as laptop vendors print them.
fn serial(r: &mut Rng) -> String {
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    let tail: String = (0..9).map(|_| char::from(*r.pick(CHARS))).collect();
    format!("C02{tail}")
}

/// The geohash of a point, `len` characters.
fn geohash(lat: f64, long: f64, len: usize) -> String {
    const BASE32: &[u8] = b"0123456789bcdefghjkmnpqrstuvwxyz";
    let (mut lat_range, mut long_range) = ((-90.0, 90.0), (-180.0, 180.0));
    let mut out = String::with_capacity(len);
    let (mut bits, mut ch, mut even) = (0, 0usize, true);
    while out.len() < len {
        let (range, v): (&mut (f64, f64), f64) = if even {
            (&mut long_range, long)
        } else {
            (&mut lat_range, lat)
        };
        let mid = (range.0 + range.1) / 2.0;
        ch <<= 1;
        if v >= mid {
            ch |= 1;
            range.0 = mid;
        } else {
            range.1 = mid;
        }
        even = !even;
        bits += 1;
        if bits == 5 {
            out.push(char::from(BASE32[ch]));
            bits = 0;
            ch = 0;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_and_geohash_are_right() {
        // The IMEI of the GSMA's own example and the geohash of its inventor's example.
        assert_eq!(with_luhn("49015420323751"), "490154203237518");
        assert_eq!(geohash(57.64911, 10.40744, 11), "u4pruydqqvj");
    }

    #[test]
    fn reach_finds_user_under_actor_and_device_under_metadata() {
        let schema = ocsf_schema::v1_6_0::schema();
        let reach = Reach::new(schema);
        assert_eq!(reach.steps.get("user"), Some(&0));
        assert_eq!(reach.steps.get("actor"), Some(&1));
        assert_eq!(reach.steps.get("metadata"), Some(&2));
        assert!(!reach.steps.contains_key("product"));
    }
}
