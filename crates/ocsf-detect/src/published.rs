//! Numbers that pass their checksum but belong to nobody: the test and example values that
//! payment processors, banks' registries and issuers publish, numbers made of a sequence or a
//! few repeated digits, and the telephone ranges regulators reserve for fiction. Documentation,
//! test suites and sample logs are full of them; a detector that reports them reports
//! documentation. (The token formats have the same rule for their documented example keys:
//! `AKIAIOSFODNN7EXAMPLE` holds `EXAMPLE`, a placeholder spelling.)

/// Published example or test values, as their letters and digits in upper case: test card
/// numbers (Stripe, Braintree, Adyen, PayPal documentation), the IBAN registry's example per
/// country, and the examples issuers give for their national numbers.
const EXAMPLES: &[&str] = &[
    // Payment cards (the ones made of repeated digits are caught by `made_up` as well).
    "4242424242424242",
    "4000056655665556",
    "5555555555554444",
    "2223003122003222",
    "5200828282828210",
    "5105105105105100",
    "378282246310005",
    "371449635398431",
    "6011111111111117",
    "6011000990139424",
    "3056930009020004",
    "36227206271667",
    "3566002020360505",
    "6200000000000005",
    "4111111111111111",
    "4012888888881881",
    "4222222222222",
    "5431111111111111",
    "6011601160116611",
    "378734493671000",
    "38520000023237",
    "30569309025904",
    "3530111333300000",
    "3566111111111113",
    "5019717010103742",
    "6331101999990016",
    "4012000033330026",
    "4005519200000004",
    "4009348888881881",
    "4012000077777777",
    "4217651111111119",
    "4500600000000061",
    "5424000000000015",
    "2223000048400011",
    "6011000000000012",
    "370000000000002",
    "4007000000027",
    "4012888818888",
    "4000000000000002",
    "4000002500003155",
    "4000000760000002",
    "4000001240000000",
    // IBANs: the examples of the IBAN registry and of the standard.
    "DE89370400440532013000",
    "GB29NWBK60161331926819",
    "GB82WEST12345698765432",
    "FR1420041010050500013M02606",
    "FR7630006000011234567890189",
    "ES9121000418450200051332",
    "IT60X0542811101000000123456",
    "NL91ABNA0417164300",
    "BE68539007547034",
    "CH9300762011623852957",
    "AT611904300234573201",
    "PL61109010140000071219812874",
    "SE4550000000058398257466",
    "DK5000400440116243",
    "NO9386011117947",
    "FI2112345600000785",
    "IE29AIBK93115212345678",
    "PT50000201231234567890154",
    "LU280019400644750000",
    "GR1601101250000000012300695",
    "CZ6508000000192000145399",
    "HU42117730161111101800000000",
    "SK3112000000198742637541",
    "SI56263300012039086",
    "HR1210010051863000160",
    "BG80BNBG96611020345678",
    "LT121000011101001000",
    "LV80BANK0000435195001",
    "EE382200221020145685",
    "CY17002001280000001200527600",
    "IS140159260076545510730339",
    "LI21088100002324013AA",
    "MC5811222000010123456789030",
    "SM86U0322509800000000270100",
    "AD1200012030200359100100",
    "TR330006100519786457841326",
    // National numbers: the issuers' and references' own examples.
    "44051401359",      // PESEL
    "02070803628",      // PESEL
    "131052308T",       // Finnish HETU (131052-308T), the population register's example
    "8112189876",       // Swedish personnummer (811218-9876), the tax agency's example
    "078051120",        // US SSN printed in a wallet insert (078-05-1120)
    "219099999",        // US SSN of an advertisement (219-09-9999)
    "AB123456C",        // UK National Insurance number, HMRC's example
    "QQ123456C",        // UK National Insurance number, the unissued `QQ` prefix
    "RSSMRA85T10A562S", // Italian codice fiscale of the ministry's "Mario Rossi"
];

/// Whether `s` (a matched number, with its separators) is a published example or test value,
/// or a made-up number ([`made_up`]).
pub fn is_example(s: &str) -> bool {
    let compact: String = s
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    EXAMPLES.contains(&compact.as_str()) || made_up(&compact)
}

/// Digits nobody was issued: six or more in a row that count up or down (`123456`,
/// `987654`), or eight or more written with at most three distinct digits (`111222333`,
/// `1212121212`, `4111111111111111`). A random 9-digit number is one of these about once in
/// five hundred.
fn made_up(compact: &str) -> bool {
    let ds: Vec<u8> = compact
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    let run = |step: i8| {
        let mut longest = 1;
        let mut current = 1;
        for w in ds.windows(2) {
            current = if w[1] as i8 - w[0] as i8 == step {
                current + 1
            } else {
                1
            };
            longest = longest.max(current);
        }
        longest
    };
    let mut seen = [false; 10];
    ds.iter().for_each(|&d| seen[usize::from(d)] = true);
    let distinct = seen.iter().filter(|&&s| s).count();
    // Few distinct digits only where digits make the number (not a codice fiscale's seven).
    let letters = compact.len() - ds.len();
    run(1) >= 6 || run(-1) >= 6 || (ds.len() >= 7 && letters <= 2 && distinct <= 3)
}

/// Whether the telephone number `number` (as written, with the country code if it was) is
/// in a range reserved for fiction: North America's `555-0100` to `555-0199`, Ofcom's drama
/// numbers in the UK, ACMA's in Australia.
pub fn is_fictional_phone(number: &str) -> bool {
    let s: String = number.chars().filter(char::is_ascii_digit).collect();
    // North America: an optional 1, then NPA, 555, 01XX.
    let nanp = s.strip_prefix('1').filter(|r| r.len() == 10).unwrap_or(&s);
    if nanp.len() == 10 && &nanp[3..6] == "555" && nanp[6..].starts_with("01") {
        return true;
    }
    // The UK and Australia as dialled at home: +44 / +61 becomes a leading 0.
    let national = if let Some(r) = s.strip_prefix("44").filter(|r| r.len() >= 9) {
        format!("0{r}")
    } else if let Some(r) = s.strip_prefix("61").filter(|r| r.len() == 9) {
        format!("0{r}")
    } else {
        s.clone()
    };
    const UK_DRAMA: &[&str] = &[
        "07700900", "01632960", "02079460", "01134960", "01144960", "01154960", "01164960",
        "01174960", "01184960", "01214960", "01314960", "01414960", "01514960", "01614960",
        "01914980", "02890180", "02920180", "08081570", "09098790", "03069990",
    ];
    const AU_FICTION: &[&str] = &[
        "0491570", "0255501", "0355501", "0755501", "0855501", "0270100", "0370100", "0770100",
        "0870100",
    ];
    UK_DRAMA
        .iter()
        .any(|p| national.len() == 11 && national.starts_with(p))
        || AU_FICTION
            .iter()
            .any(|p| national.len() == 10 && national.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_and_made_up_numbers() {
        for s in [
            "4111 1111 1111 1111",
            "378282246310005",
            "DE89 3704 0044 0532 0130 00",
            "GB82WEST12345698765432",
            "123.456.789-09",
            "12345678Z",
            "X0000000T",
            "111222333",
            "121212-1212",
            "131052-308T",
            "44051401359",
        ] {
            assert!(is_example(s), "{s}");
        }
        for s in [
            "4539 1488 0343 6467",
            "DE75512108001245126199",
            "529.982.247-25",
            "48421847Q",
            "194212081907",
        ] {
            assert!(!is_example(s), "{s}");
        }
    }

    #[test]
    fn fictional_phone_ranges() {
        for s in [
            "+1 415-555-0123",
            "(212) 555-0199",
            "07700 900751",
            "+44 7700 900123",
            "020 7946 0958",
            "0491 570 156",
            "+61 491 570 159",
        ] {
            assert!(is_fictional_phone(s), "{s}");
        }
        for s in [
            "+1 415-555-0200",
            "(212) 556-0123",
            "07700 901751",
            "020 7947 0958",
            "0412 345 678",
        ] {
            assert!(!is_fictional_phone(s), "{s}");
        }
    }
}
