//! Cryptocurrency addresses with their checksums: Bitcoin Base58Check (P2PKH, P2SH), Bitcoin
//! segwit addresses in bech32 (BIP 173, witness version 0) and bech32m (BIP 350, versions 1 to
//! 16), and Ethereum addresses whose mixed case carries the EIP-55 checksum. An address ties
//! every payment to and from it to one owner: personal data.

use sha2::{Digest, Sha256};

use crate::checks::{bech32_polymod, bech32_values};

const BASE58: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Base58 decoding (Bitcoin's alphabet), leading `1`s as zero bytes; `None` on another character.
fn base58_decode(s: &str) -> Option<Vec<u8>> {
    let mut out: Vec<u8> = Vec::with_capacity(s.len());
    for c in s.bytes() {
        let mut carry = BASE58.iter().position(|&x| x == c)? as u32;
        for b in out.iter_mut().rev() {
            carry += u32::from(*b) * 58;
            *b = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            out.insert(0, (carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let zeros = s.bytes().take_while(|&c| c == b'1').count();
    let mut full = vec![0u8; zeros];
    full.extend(out);
    Some(full)
}

/// A Bitcoin mainnet address in Base58Check: version byte 0x00 (P2PKH, starts `1`) or 0x05
/// (P2SH, starts `3`), a 20-byte hash, and the first four bytes of SHA-256(SHA-256(payload)).
pub fn bitcoin_base58_valid(s: &str) -> bool {
    let Some(raw) = base58_decode(s) else {
        return false;
    };
    if raw.len() != 25 || !matches!(raw[0], 0x00 | 0x05) {
        return false;
    }
    let sum = Sha256::digest(Sha256::digest(&raw[..21]));
    sum[..4] == raw[21..]
}

/// A Bitcoin mainnet segwit address (`bc1…`, one case): witness version 0 with the bech32
/// constant and a 20- or 32-byte program, or versions 1–16 with the bech32m constant and a
/// program of 2 to 40 bytes.
pub fn bitcoin_segwit_valid(s: &str) -> bool {
    if s.bytes().any(|b| b.is_ascii_lowercase()) && s.bytes().any(|b| b.is_ascii_uppercase()) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    let Some(data) = lower.strip_prefix("bc1") else {
        return false;
    };
    // After the five values of the expansion of `bc`: the witness version, the program, the
    // checksum.
    let Some(values) = bech32_values("bc", data) else {
        return false;
    };
    if values.len() < 5 + 1 + 6 {
        return false;
    }
    let version = values[5];
    let constant = match (version, bech32_polymod(values.iter().copied())) {
        (0, 1) => 0,
        (1..=16, 0x2bc8_30a3) => version,
        _ => return false,
    };
    // The program: 5-bit groups after the version, without the 6 checksum characters.
    let groups = &values[6..values.len() - 6];
    let bits = groups.len() * 5;
    let bytes = bits / 8;
    if bits % 8 >= 5 {
        return false;
    }
    match constant {
        0 => bytes == 20 || bytes == 32,
        _ => (2..=40).contains(&bytes),
    }
}

/// Keccak-256 as Ethereum uses it (the original Keccak padding, not SHA-3's).
fn keccak256(data: &[u8]) -> [u8; 32] {
    use tiny_keccak::Hasher;
    let mut hasher = tiny_keccak::Keccak::v256();
    hasher.update(data);
    let mut out = [0u8; 32];
    hasher.finalize(&mut out);
    out
}

/// An Ethereum address `0x` + 40 hex digits in mixed case that follows EIP-55: each letter is
/// upper case exactly when the matching nibble of Keccak-256 of the lower-case hex is 8 or
/// more. All-lower or all-upper addresses carry no checksum and are not reported (they are
/// indistinguishable from any 160-bit hex value).
pub fn ethereum_eip55_valid(s: &str) -> bool {
    let Some(hex) = s.strip_prefix("0x") else {
        return false;
    };
    let b = hex.as_bytes();
    if b.len() != 40 || !b.iter().all(u8::is_ascii_hexdigit) {
        return false;
    }
    if !b.iter().any(u8::is_ascii_lowercase) || !b.iter().any(u8::is_ascii_uppercase) {
        return false;
    }
    let hash = keccak256(hex.to_ascii_lowercase().as_bytes());
    b.iter().enumerate().all(|(i, &c)| {
        let nibble = (hash[i / 2] >> (4 * (1 - i % 2))) & 0xf;
        !c.is_ascii_alphabetic() || c.is_ascii_uppercase() == (nibble >= 8)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keccak_vectors() {
        // Keccak-256 of the empty string.
        let h = keccak256(b"");
        assert_eq!(h[..4], [0xc5, 0xd2, 0x46, 0x01]);
        assert_eq!(h[28..], [0x5d, 0x85, 0xa4, 0x70]);
        // Keccak-256 of "abc" (not SHA3-256's 3a985da7...).
        let h = keccak256(b"abc");
        assert_eq!(h[..4], [0x4e, 0x03, 0x65, 0x7a]);
        assert_eq!(h[28..], [0xa1, 0x2d, 0x6c, 0x45]);
    }

    #[test]
    fn specification_vectors() {
        // EIP-55's own examples.
        assert!(ethereum_eip55_valid(
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
        ));
        assert!(ethereum_eip55_valid(
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"
        ));
        assert!(!ethereum_eip55_valid(
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"
        ));
        assert!(!ethereum_eip55_valid(
            "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"
        ));
        // BIP 173 and BIP 350 test vectors.
        assert!(bitcoin_segwit_valid(
            "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"
        ));
        assert!(bitcoin_segwit_valid(
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"
        ));
        assert!(!bitcoin_segwit_valid(
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"
        ));
        // The genesis block's coinbase address.
        assert!(bitcoin_base58_valid("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"));
        assert!(!bitcoin_base58_valid("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"));
    }
}
