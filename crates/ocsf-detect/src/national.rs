//! Check digits and structure of national identifiers, each as its issuer specifies it. A
//! candidate is reported only when its check digit (or letter) is right and its embedded
//! date, where it has one, is a date.

/// The ASCII digits of `s`, as numbers.
fn digits(s: &str) -> Vec<u32> {
    s.bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| u32::from(b - b'0'))
        .collect()
}

/// Luhn (ISO/IEC 7812-1) over digit values, the last being the check digit.
fn luhn(ds: &[u32]) -> bool {
    let sum: u32 = ds
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| match i % 2 {
            0 => d,
            _ if d * 2 > 9 => d * 2 - 9,
            _ => d * 2,
        })
        .sum();
    sum % 10 == 0
}

/// Whether day `d` of month `m` exists (29 February is allowed whatever the year).
fn is_date(m: u32, d: u32) -> bool {
    let days = match m {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return false,
    };
    (1..=days).contains(&d)
}

fn num(ds: &[u32]) -> u32 {
    ds.iter().fold(0, |a, &d| a * 10 + d)
}

/// Canada Social Insurance Number: nine digits, Luhn, first digit not 0 or 8 (never issued).
pub fn ca_sin(s: &str) -> bool {
    let ds = digits(s);
    ds.len() == 9 && ds[0] != 0 && ds[0] != 8 && luhn(&ds)
}

/// Brazil CPF: eleven digits, two mod-11 check digits (weights 10..2, then 11..2), and not
/// one digit repeated (those pass the checksum but are not issued).
pub fn br_cpf(s: &str) -> bool {
    let ds = digits(s);
    if ds.len() != 11 || ds.iter().all(|&d| d == ds[0]) {
        return false;
    }
    let check = |n: usize| {
        let sum: u32 = (0..n).map(|i| ds[i] * (n as u32 + 1 - i as u32)).sum();
        let r = sum * 10 % 11;
        (if r == 10 { 0 } else { r }) == ds[n]
    };
    check(9) && check(10)
}

/// France NIR (numéro de sécurité sociale): sex 1/2, year, month (01–12, or 20 and over for
/// unknown months), department (2A/2B in Corsica), commune, order, and the key 97 − (number
/// mod 97), with 2A read as 19 and 2B as 18.
pub fn fr_nir(s: &str) -> bool {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() != 15 {
        return false;
    }
    let (body, key) = compact.split_at(13);
    let numeric = body.replace("2A", "19").replace("2B", "18");
    let (Ok(n), Ok(key)) = (numeric.parse::<u64>(), key.parse::<u64>()) else {
        return false;
    };
    let month: u32 = body[3..5].parse().unwrap_or(0);
    matches!(&body[..1], "1" | "2")
        && (1..=12).contains(&month) | (20..=99).contains(&month)
        && body[5..7] != *"00"
        && (1..=97).contains(&key)
        && 97 - n % 97 == key
}

const DNI_LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";

/// Spain DNI (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter): the letter is
/// `TRWAGMYFPDXBNJZSQVHLCKE`[number mod 23], X/Y/Z counting as 0/1/2.
pub fn es_dni(s: &str) -> bool {
    let compact: Vec<u8> = s
        .bytes()
        .filter(|&b| !matches!(b, b'-' | b' ' | b'.'))
        .collect();
    let Some((&letter, body)) = compact.split_last() else {
        return false;
    };
    let lead = match body.first() {
        Some(b'X') => Some(0),
        Some(b'Y') => Some(1),
        Some(b'Z') => Some(2),
        _ => None,
    };
    let ds = match lead {
        Some(l) => std::iter::once(l)
            .chain(body[1..].iter().map(|&b| u32::from(b.wrapping_sub(b'0'))))
            .collect::<Vec<_>>(),
        None => body
            .iter()
            .map(|&b| u32::from(b.wrapping_sub(b'0')))
            .collect(),
    };
    ds.len() == 8 && ds.iter().all(|&d| d < 10) && DNI_LETTERS[(num(&ds) % 23) as usize] == letter
}

/// Netherlands BSN: nine digits passing the "11 test" (9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 mod 11).
pub fn nl_bsn(s: &str) -> bool {
    let ds = digits(s);
    if ds.len() != 9 || ds.iter().all(|&d| d == 0) {
        return false;
    }
    let sum: i64 = (0..8)
        .map(|i| i64::from(ds[i]) * (9 - i as i64))
        .sum::<i64>()
        - i64::from(ds[8]);
    sum % 11 == 0
}

/// Poland PESEL: birth date (month + 20/40/60/80 for the century), serial, and the check digit
/// (10 − Σ weights 1,3,7,9,… mod 10) mod 10.
pub fn pl_pesel(s: &str) -> bool {
    let ds = digits(s);
    if ds.len() != 11 {
        return false;
    }
    const W: [u32; 10] = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
    let sum: u32 = (0..10).map(|i| ds[i] * W[i]).sum();
    let month = num(&ds[2..4]) % 20;
    (10 - sum % 10) % 10 == ds[10] && is_date(month, num(&ds[4..6]))
}

/// Sweden personnummer (`YYMMDD-NNNC`, `YYYYMMDD-NNNC`, `+` past 100 years): a date (day + 60
/// for a samordningsnummer) and Luhn over the ten digits from `YY`.
pub fn se_personnummer(s: &str) -> bool {
    let ds = digits(s);
    let ten = match ds.len() {
        10 => &ds[..],
        12 if matches!(num(&ds[..2]), 18..=20) => &ds[2..],
        _ => return false,
    };
    let day = num(&ten[4..6]);
    let day = if day > 60 { day - 60 } else { day };
    is_date(num(&ten[2..4]), day) && luhn(ten)
}

const HETU_CHECK: &[u8; 31] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";

/// Finland HETU (`DDMMYYCZZZQ`): a date, a century sign, and the check character
/// `0123456789ABCDEFHJKLMNPRSTUVWXY`[DDMMYYZZZ mod 31].
pub fn fi_hetu(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 11 || !b[..6].iter().chain(&b[7..10]).all(u8::is_ascii_digit) {
        return false;
    }
    let n = s[..6].parse::<u32>().unwrap_or(0) * 1000 + s[7..10].parse::<u32>().unwrap_or(0);
    let serial: u32 = s[7..10].parse().unwrap_or(0);
    is_date(num(&digits(&s[2..4])), num(&digits(&s[..2])))
        && serial >= 2
        && HETU_CHECK[(n % 31) as usize] == b[10]
}

/// Italy codice fiscale: surname and name letters, birth year, month letter, day (+40 for
/// women), place code, and a check letter: Σ of the odd positions through the odd table and of
/// the even positions by value, mod 26. Digits may be replaced by `LMNPQRSTUV` (omocodia).
pub fn it_codice_fiscale(s: &str) -> bool {
    const ODD: [u32; 26] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23,
    ];
    const MONTHS: &[u8] = b"ABCDEHLMPRST";
    let b = s.as_bytes();
    if b.len() != 16 || !b.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    // The value of a position, and of a digit position whatever its spelling.
    let value = |c: u8| match c {
        b'0'..=b'9' => u32::from(c - b'0'),
        _ => u32::from(c - b'A'),
    };
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        _ => b"LMNPQRSTUV".iter().position(|&x| x == c).map(|p| p as u32),
    };
    let day = digit(b[9]).zip(digit(b[10])).map(|(a, d)| a * 10 + d);
    let Some(month) = MONTHS.iter().position(|&m| m == b[8]) else {
        return false;
    };
    let Some(day) = day.map(|d| if d > 40 { d - 40 } else { d }) else {
        return false;
    };
    let sum: u32 = b[..15]
        .iter()
        .enumerate()
        .map(|(i, &c)| match i % 2 {
            0 => ODD[value(c) as usize],
            _ => value(c),
        })
        .sum();
    is_date(month as u32 + 1, day) && b[15] == b'A' + (sum % 26) as u8
}

/// China resident identity number (GB 11643-1999): a six-digit area code, a birth date
/// `YYYYMMDD`, a three-digit order and the ISO 7064 MOD 11-2 check character (`X` for 10).
pub fn cn_resident_id(s: &str) -> bool {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let b = s.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let ds = digits(&s[..17]);
    let sum: u32 = ds.iter().zip(W).map(|(d, w)| d * w).sum();
    let check = b"10X98765432"[(sum % 11) as usize];
    let year = num(&ds[6..10]);
    (1900..=2029).contains(&year)
        && is_date(num(&ds[10..12]), num(&ds[12..14]))
        && b[17].to_ascii_uppercase() == check
}

/// Singapore NRIC and FIN (`S`/`T` citizens and residents, `F`/`G` foreigners): seven digits
/// weighted 2,7,6,5,4,3,2 (+4 for `T` and `G`), and the check letter of the remainder mod 11.
pub fn sg_nric(s: &str) -> bool {
    const W: [u32; 7] = [2, 7, 6, 5, 4, 3, 2];
    let b = s.as_bytes();
    if b.len() != 9 || !b[1..8].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let ds = digits(&s[1..8]);
    let offset = if matches!(b[0], b'T' | b'G') { 4 } else { 0 };
    let r = (ds.iter().zip(W).map(|(d, w)| d * w).sum::<u32>() + offset) % 11;
    let table: &[u8; 11] = match b[0] {
        b'S' | b'T' => b"JZIHGFEDCBA",
        b'F' | b'G' => b"XWUTRQPNMLK",
        _ => return false,
    };
    table[r as usize] == b[8]
}

/// Norway fødselsnummer (and D-number, day + 40): `DDMMYY`, a three-digit individual number
/// and two mod-11 check digits (weights 3,7,6,1,8,9,4,5,2 then 5,4,3,2,7,6,5,4,3,2).
pub fn no_fodselsnummer(s: &str) -> bool {
    let ds = digits(s);
    if ds.len() != 11 {
        return false;
    }
    let check = |w: &[u32]| {
        let r = w.iter().zip(&ds).map(|(w, d)| w * d).sum::<u32>() % 11;
        match r {
            0 => Some(0),
            1 => None,
            r => Some(11 - r),
        }
    };
    let day = num(&ds[..2]);
    let day = if day > 40 { day - 40 } else { day };
    is_date(num(&ds[2..4]), day)
        && check(&[3, 7, 6, 1, 8, 9, 4, 5, 2]) == Some(ds[9])
        && check(&[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) == Some(ds[10])
}

/// Belgium national register number (`YY.MM.DD-XXX.CC`): a birth date (month 0 or day 0 when
/// unknown), an order number, and the check 97 − (the nine digits mod 97), computed with a
/// leading `2` for people born from 2000.
pub fn be_national_number(s: &str) -> bool {
    let ds = digits(s);
    if ds.len() != 11 {
        return false;
    }
    let body = ds[..9].iter().fold(0u64, |a, &d| a * 10 + u64::from(d));
    let check = u64::from(num(&ds[9..]));
    let (month, day) = (num(&ds[2..4]), num(&ds[4..6]));
    let date_ok = is_date(month, day) || (month == 0 && day <= 31) || (month <= 12 && day == 0);
    date_ok && (97 - body % 97 == check || 97 - (2_000_000_000 + body) % 97 == check)
}

/// US and Canada: city, state or province, code; UK: city and postcode; Netherlands: code
/// and city; five-digit codes with their city after a comma (the end of a street line).
pub(crate) const POSTAL: &str = r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}, (?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY]) [0-9]{5}(?:-[0-9]{4})?|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2},? (?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT) [ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] ?[0-9][ABCEGHJ-NPRSTV-Z][0-9]|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2},? [A-Z]{1,2}[0-9][A-Z0-9]? [0-9][ABD-HJLNP-UW-Z]{2}|[1-9][0-9]{3} ?[A-RT-Z][A-Z] [A-Z][a-z]+(?:[ -][A-Z][a-z]+)?|(?:[A-Z]{1,2}-)?[0-9]{5} [A-Z][a-zà-öø-ÿ]+(?:[ -][A-Z][a-zà-öø-ÿ]+)?";
/// A postal code with its city (the shapes of [`POSTAL`]); a five-digit code only after a
/// street line and a comma.
pub fn postal_code_city(m: &str, whole: &str, at: usize) -> bool {
    let b = m.as_bytes();
    let five_digit = b.iter().take_while(|c| c.is_ascii_digit()).count() == 5
        || (m.contains('-')
            && b[0].is_ascii_uppercase()
            && m.split('-')
                .nth(1)
                .is_some_and(|r| r.bytes().take_while(u8::is_ascii_digit).count() == 5));
    if five_digit {
        // A code with its city closes an address line: after a street and a comma.
        let before = whole[..at].trim_end_matches(' ');
        return before.ends_with(',') && before.bytes().any(|c| c.is_ascii_digit());
    }
    if b[0].is_ascii_digit() {
        // Dutch: not a time (`1030 PM Update`).
        let letters = m.get(4..).unwrap_or_default().trim_start();
        return !letters.starts_with("AM ") && !letters.starts_with("PM ");
    }
    true
}

/// India Aadhaar: twelve digits, first not 0 or 1, Verhoeff check digit; written in three
/// groups of four separated by spaces (as UIDAI prints it) or not at all.
pub fn in_aadhaar(s: &str) -> bool {
    const D: [[u8; 10]; 10] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
        [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
        [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
        [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
        [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
        [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ];
    // The position permutation, applied `i mod 8` times at position `i` from the right.
    const PERM: [u8; 10] = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4];
    let permute = |i: usize, d: u8| (0..i % 8).fold(d, |d, _| PERM[d as usize]);
    let seps: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_digit()).collect();
    let ds = digits(s);
    if ds.len() != 12 || ds[0] < 2 || !(seps.is_empty() || seps == b"  " || seps == b"--") {
        return false;
    }
    let c = ds.iter().rev().enumerate().fold(0u8, |c, (i, &d)| {
        D[c as usize][permute(i, d as u8) as usize]
    });
    c == 0
}

/// A calendar date in a date-of-birth context: `YYYY-MM-DD`, `DD/MM/YYYY`, `MM/DD/YYYY`,
/// `DD.MM.YYYY` (with `-`, `/` or `.`), a year from 1900 to 2029.
pub fn birth_date(s: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    // A month's name stands for its number (`02 Jun 1992`, `August 10, 1991`), above any
    // number a date has.
    const NAMED: u32 = 10_000;
    let parts: Vec<u32> = s
        .split(['-', '/', '.', ' ', ','])
        .filter(|p| !p.is_empty())
        .filter_map(|p| {
            let lower = p.to_ascii_lowercase();
            let digits = lower.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
            match MONTHS.iter().position(|m| lower.starts_with(m)) {
                Some(i) => Some(NAMED + i as u32 + 1),
                None => digits.parse().ok(),
            }
        })
        .collect();
    let [a, b, c] = parts[..] else {
        return false;
    };
    let year_ok = |y: u32| (1900..=2029).contains(&y);
    match (a > NAMED, b > NAMED) {
        (true, _) => year_ok(c) && is_date(a - NAMED, b),
        (_, true) => year_ok(c) && is_date(b - NAMED, a),
        _ if year_ok(a) => is_date(b, c),
        _ if year_ok(c) => is_date(b, a) || is_date(a, b),
        _ => false,
    }
}

/// A pair of decimal degrees, latitude first (longitude first in WKT): both in range, at
/// least one of them 1 or more in size (two fractions are rather ratios or load averages).
pub fn lat_long(s: &str) -> bool {
    let mut it = s
        .split([',', ' ', '/'])
        .filter(|p| !p.is_empty())
        .map(str::parse::<f64>);
    let (Some(Ok(a)), Some(Ok(b)), None) = (it.next(), it.next(), it.next()) else {
        return false;
    };
    let (a, b) = (a.abs(), b.abs());
    // Only WKT, which separates by a space, writes the longitude first.
    let wkt = !s.contains([',', '/']);
    ((a <= 90.0 && b <= 180.0) || (wkt && a <= 180.0 && b <= 90.0)) && a.max(b) >= 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Numbers the issuers publish as valid, and their one-digit changes.
    #[test]
    fn published_examples() {
        assert!(!ca_sin("046 454 286"), "0 is kept for test numbers");
        assert!(ca_sin("130 692 544"));
        assert!(!ca_sin("130 692 545"));
        assert!(br_cpf("529.982.247-25"));
        assert!(!br_cpf("529.982.247-26"));
        assert!(!br_cpf("111.111.111-11"));
        assert!(fr_nir("2 55 08 14 168 025 38"));
        assert!(!fr_nir("2 55 08 14 168 025 39"));
        assert!(es_dni("12345678Z"));
        assert!(!es_dni("12345678A"));
        assert!(es_dni("X1234567L"));
        assert!(nl_bsn("111222333"));
        assert!(!nl_bsn("111222334"));
        assert!(pl_pesel("44051401359"));
        assert!(!pl_pesel("44051401358"));
        assert!(se_personnummer("811218-9876"));
        assert!(se_personnummer("19811218-9876"));
        assert!(!se_personnummer("811218-9877"));
        assert!(fi_hetu("131052-308T"));
        assert!(!fi_hetu("131052-308U"));
        assert!(in_aadhaar("2341 2341 2346"));
        assert!(!in_aadhaar("2341 2341 2347"));
        assert!(birth_date("1984-07-23") && birth_date("23/07/1984") && !birth_date("1984-13-01"));
        assert!(lat_long("40.7128, -74.0060") && !lat_long("91.0000, 10.0000"));
        assert!(it_codice_fiscale("RSSMRA85T10A562S"));
        assert!(!it_codice_fiscale("RSSMRA85T10A562T"));
        assert!(cn_resident_id("11010519491231002X"));
        assert!(!cn_resident_id("110105194912310021"));
        assert!(sg_nric("S1234567D"));
        assert!(!sg_nric("S1234567E"));
        assert!(no_fodselsnummer("01010750160"));
        assert!(!no_fodselsnummer("01010750161"));
        assert!(be_national_number("85.07.30-033.28"));
        assert!(!be_national_number("85.07.30-033.29"));
    }
}
