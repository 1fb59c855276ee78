//! FNV-1a, the hash of the validator's own short keys (codes, attribute and key names), looked
//! up for every value or diagnostic: SipHash's resistance to chosen keys buys nothing for
//! names of a schema or of our registry, and costs a measurable share of the run. A map keyed
//! by text from events (keys under `unmapped`) is bounded and cleared when full, so colliding
//! keys cost at most that bound.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A `HashMap` hashed with [`Fnv`].
pub(crate) type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
