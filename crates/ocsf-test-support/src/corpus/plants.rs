//! Secrets and personal data planted in free text of 1% of the events
//! ([`super::Generator::with_plants`]): `ocsf-validate`'s `pii_bench` example and the
//! `bench_corpus planted` corpus of `bench/cli-speed.sh` share them.
//!
//! The values are assembled at run time, so that no scannable secret is committed.

use serde_json::{json, Value};

use super::Rng;

/// Plants into about 1% of the events it is handed, from its own random sequence.
#[derive(Debug, Clone)]
pub struct Planter {
    rng: Rng,
}

impl Planter {
    pub fn new(seed: u64) -> Planter {
        Planter {
            rng: Rng::new(seed),
        }
    }

    /// With a chance of 1%, puts a [`planted_value`] into `event`: as its `message`, or under
    /// `unmapped` next to a password. Returns whether it did.
    pub fn plant(&mut self, event: &mut Value) -> bool {
        let r = &mut self.rng;
        if r.below(100) != 0 {
            return false;
        }
        let planted = planted_value(r);
        let Some(o) = event.as_object_mut() else {
            return false;
        };
        if r.chance(50) {
            o.insert("message".into(), json!(planted));
        } else {
            o.insert(
                "unmapped".into(),
                json!({"note": planted, "cfg": {"password": "Pw-9x!q"}}),
            );
        }
        true
    }
}

/// One planted value: an AWS access key id, an email address in prose, a database URL with
/// its password, a bearer token, a card number, or a Stripe live key.
pub fn planted_value(r: &mut Rng) -> String {
    let n = r.next_u64();
    match n % 6 {
        0 => format!("{}{:016X}", "AKIA", n)
            .chars()
            .take(20)
            .collect::<String>()
            .replace(['0', '1', '8', '9'], "Q"),
        1 => format!("login by user{}@corp-mail.io from branch", n % 1000),
        2 => format!("postgres://app:Pw{:x}@db.internal:5432/main", n),
        3 => format!("Authorization: Bearer {:x}{:x}", n, n.rotate_left(17)),
        4 => format!("card 4539 1488 0343 6467 ref {}", n % 97),
        _ => format!("{}{:x}{:x}", concat!("sk_", "live_"), n, n.rotate_left(23)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn about_one_event_in_a_hundred_is_planted() {
        let mut p = Planter::new(7);
        let planted = (0..10_000)
            .filter(|_| p.plant(&mut json!({"class_uid": 0})))
            .count();
        assert!((60..=140).contains(&planted), "{planted}");
    }
}
