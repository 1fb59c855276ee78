//! National identifiers, payment cards and IBANs of the independent corpus, with their check
//! digits computed as their issuers specify.

use super::{luhn_digit, text, Gen, LETTERS};

/// Italy codice fiscale with its check letter (odd positions through the table of DM
/// 23/12/1976, even positions by value, mod 26).
pub fn codice_fiscale(g: &mut Gen) -> String {
    const ODD: [u32; 26] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23,
    ];
    let day = 1 + g.below(28) + if g.below(2) == 0 { 0 } else { 40 };
    let body = format!(
        "{}{:02}{}{day:02}{}{:03}",
        g.from(LETTERS, 6).to_uppercase(),
        g.below(100),
        g.one(&["A", "B", "C", "D", "E", "H", "L", "M", "P", "R", "S", "T"]),
        g.from("ABCDEFGHILMZ", 1),
        g.below(1000)
    );
    let v = |c: u8| {
        if c.is_ascii_digit() {
            u32::from(c - b'0')
        } else {
            u32::from(c - b'A')
        }
    };
    let sum: u32 = body
        .bytes()
        .enumerate()
        .map(|(i, c)| if i % 2 == 0 { ODD[v(c) as usize] } else { v(c) })
        .sum();
    format!("{body}{}", (b'A' + (sum % 26) as u8) as char)
}

pub fn cn_id(g: &mut Gen) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let body = format!(
        "{}{:05}{}{:02}{:02}{:03}",
        1 + g.below(6),
        g.below(100_000),
        1950 + g.below(60),
        1 + g.below(12),
        1 + g.below(28),
        g.below(1000)
    );
    let sum: u32 = body
        .bytes()
        .zip(W)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

pub fn nric(g: &mut Gen) -> String {
    let first = g.one(&["S", "T", "F", "G"]);
    let ds = g.digits(7);
    let w = [2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = ds.iter().zip(w).map(|(d, w)| d * w).sum::<u32>()
        + if matches!(first, "T" | "G") { 4 } else { 0 };
    let table = if matches!(first, "S" | "T") {
        b"JZIHGFEDCBA"
    } else {
        b"XWUTRQPNMLK"
    };
    format!("{first}{}{}", text(&ds), table[(sum % 11) as usize] as char)
}

pub fn fodselsnummer(g: &mut Gen) -> String {
    loop {
        let mut ds: Vec<u32> = format!(
            "{:02}{:02}{:02}{:03}",
            1 + g.below(28),
            1 + g.below(12),
            g.below(100),
            g.below(1000)
        )
        .bytes()
        .map(|c| u32::from(c - b'0'))
        .collect();
        let mut ok = true;
        for w in [
            &[3, 7, 6, 1, 8, 9, 4, 5, 2][..],
            &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2],
        ] {
            let r = w.iter().zip(&ds).map(|(w, d)| w * d).sum::<u32>() % 11;
            match r {
                0 => ds.push(0),
                1 => ok = false,
                r => ds.push(11 - r),
            }
        }
        if ok && ds.len() == 11 {
            return text(&ds);
        }
    }
}

pub fn belgian(g: &mut Gen) -> String {
    let (y, m, d, n) = (
        g.below(100),
        1 + g.below(12),
        1 + g.below(28),
        1 + g.below(997),
    );
    let body: u64 = format!("{y:02}{m:02}{d:02}{n:03}").parse().unwrap();
    // Born from 2000: the check is over the number with a leading 2.
    let check = if y < 20 {
        97 - (2_000_000_000 + body) % 97
    } else {
        97 - body % 97
    };
    format!("{y:02}.{m:02}.{d:02}-{n:03}.{check:02}")
}

pub fn card(g: &mut Gen) -> String {
    // Issuer ranges and lengths as the networks publish them (ISO/IEC 7812 IINs).
    let (prefix, len) = [
        ("4", 16),
        ("53", 16),
        ("2720", 16),
        ("37", 15),
        ("65", 16),
        ("3566", 16),
        ("36", 14),
    ][g.below(7) as usize];
    let mut ds: Vec<u32> = prefix.bytes().map(|c| u32::from(c - b'0')).collect();
    while ds.len() < len - 1 {
        ds.push(g.below(10) as u32);
    }
    ds.push(luhn_digit(&ds));
    let t = text(&ds);
    match g.below(3) {
        0 => t,
        1 if len == 16 => format!("{} {} {} {}", &t[..4], &t[4..8], &t[8..12], &t[12..]),
        _ if len == 16 => format!("{}-{}-{}-{}", &t[..4], &t[4..8], &t[8..12], &t[12..]),
        _ => t,
    }
}

/// An IBAN (ISO 13616): country, check digits 98 − (BBAN ‖ country ‖ 00 mod 97), BBAN.
pub fn iban(g: &mut Gen) -> String {
    let (cc, len) = [
        ("DE", 18),
        ("FR", 23),
        ("NL", 14),
        ("ES", 20),
        ("GB", 18),
        ("IT", 23),
    ][g.below(6) as usize];
    let bban = if cc == "NL" || cc == "GB" {
        format!(
            "{}{}",
            g.from("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 4),
            text(&g.digits(len - 4))
        )
    } else if cc == "IT" {
        format!(
            "{}{}",
            g.from("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1),
            text(&g.digits(len - 1))
        )
    } else {
        text(&g.digits(len))
    };
    let numeric: String = format!("{bban}{cc}00")
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                c.to_string()
            } else {
                (c as u32 - 'A' as u32 + 10).to_string()
            }
        })
        .collect();
    let rem = numeric
        .bytes()
        .fold(0u64, |r, c| (r * 10 + u64::from(c - b'0')) % 97);
    let iban = format!("{cc}{:02}{bban}", 98 - rem);
    let grouped: Vec<String> = iban
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8(c.to_vec()).unwrap())
        .collect();
    if g.below(2) == 0 {
        iban
    } else {
        grouped.join(" ")
    }
}
