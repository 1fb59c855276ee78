//! Checksums of the independent corpus, each written from its specification and not taken
//! from the detectors: GitHub's CRC32 token checksum, SHA-256 (FIPS 180-4), Base58Check,
//! bech32 and bech32m (BIP 173, BIP 350), Keccak-256 and EIP-55.

use super::{base64, Gen, ALNUM, HEXL, URL64};
use crate::corpus::crc32;

/// GitHub's token layout: prefix, 30 random base62 characters, and the CRC32 of those in
/// base62, left-padded to six.
pub fn github_style(g: &mut Gen, prefix: &str) -> String {
    const B62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let body = g.from(ALNUM, 30);
    let mut n = crc32(body.as_bytes());
    let mut sum = [b'0'; 6];
    for slot in sum.iter_mut().rev() {
        *slot = B62[(n % 62) as usize];
        n /= 62;
    }
    format!("{prefix}{body}{}", std::str::from_utf8(&sum).unwrap())
}

/// SHA-256 (FIPS 180-4).
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let mut k = [0u32; 64];
    // The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    let primes: Vec<u64> = (2u64..)
        .filter(|n| (2..*n).take_while(|d| d * d <= *n).all(|d| n % d != 0))
        .take(64)
        .collect();
    for (i, p) in primes.iter().enumerate() {
        k[i] = frac_bits((*p as f64).cbrt());
    }
    let mut h: [u32; 8] = std::array::from_fn(|i| frac_bits((primes[i] as f64).sqrt()));
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend((data.len() as u64 * 8).to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 64];
        for t in 0..64 {
            w[t] = if t < 16 {
                u32::from_be_bytes(block[4 * t..4 * t + 4].try_into().unwrap())
            } else {
                let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
                let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
                w[t - 16]
                    .wrapping_add(s0)
                    .wrapping_add(w[t - 7])
                    .wrapping_add(s1)
            };
        }
        let mut v = h;
        for t in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(k[t])
                .wrapping_add(w[t]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for i in 0..8 {
            h[i] = h[i].wrapping_add(v[i]);
        }
    }
    let mut out = [0u8; 32];
    for i in 0..8 {
        out[4 * i..4 * i + 4].copy_from_slice(&h[i].to_be_bytes());
    }
    out
}

fn frac_bits(x: f64) -> u32 {
    ((x - x.floor()) * 4_294_967_296.0) as u32
}

/// Base58Check (Bitcoin): version byte, payload, first four bytes of double SHA-256.
pub fn base58check(version: u8, payload: &[u8]) -> String {
    const A: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut raw = vec![version];
    raw.extend(payload);
    let sum = sha256(&sha256(&raw));
    raw.extend(&sum[..4]);
    // Repeated division of the big-endian number by 58.
    let mut num = raw.clone();
    let mut out = Vec::new();
    while num.iter().any(|&b| b != 0) {
        let mut rem = 0u32;
        for b in num.iter_mut() {
            let cur = rem * 256 + u32::from(*b);
            *b = (cur / 58) as u8;
            rem = cur % 58;
        }
        out.push(A[rem as usize]);
    }
    out.extend(raw.iter().take_while(|&&b| b == 0).map(|_| b'1'));
    out.reverse();
    String::from_utf8(out).unwrap()
}

const BECH32: &[u8] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/// A bech32 (constant 1) or bech32m (constant 0x2bc830a3) string of `hrp` and 5-bit `data`.
pub fn bech32(hrp: &str, data: &[u8], constant: u32) -> String {
    let polymod = |vs: &[u8]| {
        let gen = [
            0x3b6a57b2u32,
            0x26508e6d,
            0x1ea119fa,
            0x3d4233dd,
            0x2a1462b3,
        ];
        vs.iter().fold(1u32, |chk, &v| {
            let top = chk >> 25;
            let mut c = ((chk & 0x1ff_ffff) << 5) ^ u32::from(v);
            for (i, g) in gen.iter().enumerate() {
                if (top >> i) & 1 == 1 {
                    c ^= g;
                }
            }
            c
        })
    };
    let mut vs: Vec<u8> = hrp.bytes().map(|c| c >> 5).collect();
    vs.push(0);
    vs.extend(hrp.bytes().map(|c| c & 31));
    vs.extend(data);
    vs.extend([0; 6]);
    let m = polymod(&vs) ^ constant;
    let mut s = format!("{hrp}1");
    s.extend(data.iter().map(|&d| BECH32[d as usize] as char));
    s.extend((0..6).map(|i| BECH32[((m >> (5 * (5 - i))) & 31) as usize] as char));
    s
}

/// 8-bit bytes regrouped into 5-bit groups, zero-padded.
pub fn to5(bytes: &[u8]) -> Vec<u8> {
    let (mut acc, mut bits, mut out) = (0u32, 0, Vec::new());
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(((acc >> bits) & 31) as u8);
        }
    }
    if bits > 0 {
        out.push(((acc << (5 - bits)) & 31) as u8);
    }
    out
}

/// Keccak-256 (the Keccak team's submission, padding `0x01`), as EIP-55 uses it.
pub fn keccak256(data: &[u8]) -> [u8; 32] {
    // Round constants from the LFSR of the Keccak reference.
    let mut rc = [0u64; 24];
    let mut r: u8 = 1;
    for c in rc.iter_mut() {
        for j in 0..7 {
            if r & 1 == 1 {
                *c ^= 1u64 << ((1 << j) - 1);
            }
            r = if r & 0x80 != 0 {
                (r << 1) ^ 0x71
            } else {
                r << 1
            };
        }
    }
    // Rotation offsets from the (x, y) -> (y, 2x + 3y) walk.
    let mut rot = [0u32; 25];
    let (mut x, mut y) = (1usize, 0usize);
    for t in 0..24u32 {
        rot[x + 5 * y] = ((t + 1) * (t + 2) / 2) % 64;
        (x, y) = (y, (2 * x + 3 * y) % 5);
    }
    let mut a = [0u64; 25];
    let mut msg = data.to_vec();
    msg.push(1);
    while msg.len() % 136 != 0 {
        msg.push(0);
    }
    let last = msg.len() - 1;
    msg[last] |= 0x80;
    for block in msg.chunks(136) {
        for i in 0..17 {
            a[i] ^= u64::from_le_bytes(block[8 * i..8 * i + 8].try_into().unwrap());
        }
        for c in rc {
            let col: Vec<u64> = (0..5)
                .map(|x| (0..5).fold(0, |s, y| s ^ a[x + 5 * y]))
                .collect();
            for x in 0..5 {
                for y in 0..5 {
                    a[x + 5 * y] ^= col[(x + 4) % 5] ^ col[(x + 1) % 5].rotate_left(1);
                }
            }
            let mut b = [0u64; 25];
            for x in 0..5 {
                for y in 0..5 {
                    b[y + 5 * ((2 * x + 3 * y) % 5)] = a[x + 5 * y].rotate_left(rot[x + 5 * y]);
                }
            }
            for x in 0..5 {
                for y in 0..5 {
                    a[x + 5 * y] =
                        b[x + 5 * y] ^ (!b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
                }
            }
            a[0] ^= c;
        }
    }
    let mut out = [0u8; 32];
    for i in 0..4 {
        out[8 * i..8 * i + 8].copy_from_slice(&a[i].to_le_bytes());
    }
    out
}

/// An EIP-55 address: hex letters upper-cased where the Keccak-256 nibble is 8 or more.
pub fn eip55(g: &mut Gen) -> String {
    let lower = g.from(HEXL, 40);
    let h = keccak256(lower.as_bytes());
    let mixed: String = lower
        .chars()
        .enumerate()
        .map(|(i, c)| {
            let nib = (h[i / 2] >> if i % 2 == 0 { 4 } else { 0 }) & 15;
            if nib >= 8 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect();
    format!("0x{mixed}")
}

pub fn bytes(g: &mut Gen, n: usize) -> Vec<u8> {
    (0..n).map(|_| g.below(256) as u8).collect()
}

pub fn json_b64(json: &str) -> String {
    base64(json.as_bytes(), URL64, false)
}
