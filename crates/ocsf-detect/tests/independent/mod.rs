//! An evaluation corpus for the detectors added for issue 12, written from each format's
//! published specification (issuers' check-digit rules, crypt(3) and PHC string formats,
//! vendors' documented token layouts) and not from the detectors: this file imports nothing
//! from `ocsf_detect`, and every checksum here is its own implementation. Generated from a
//! fixed seed at test time, so that the repository holds no string a scanner would flag.
//!
//! For each detector: positives in varied sentences (its value, and where it sits), and
//! look-alike negatives (a wrong check digit, a wrong length, a masked or placeholder value,
//! a neighbouring public format).

/// A labelled positive: `secret` occurs in `text` and is what detector `id` should report.
pub struct Positive {
    pub id: &'static str,
    pub key: Option<&'static str>,
    pub text: String,
    pub secret: String,
    /// Found only under the strict policy (IP addresses in free text).
    pub strict: bool,
}

mod checksums;
mod identifiers;
mod more;

/// A negative: nothing in `text` is to be reported (under `key`, when given).
pub struct Negative {
    /// The detector this look-alike imitates.
    pub id: &'static str,
    pub key: Option<&'static str>,
    pub text: String,
}

/// xorshift64*: a generator of its own, not the other corpus's.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn digits(&mut self, n: usize) -> Vec<u32> {
        (0..n).map(|_| self.below(10) as u32).collect()
    }
    fn from(&mut self, alphabet: &str, n: usize) -> String {
        let a = alphabet.as_bytes();
        (0..n)
            .map(|_| a[self.below(a.len() as u64) as usize] as char)
            .collect()
    }
    fn one<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

const DIG: &str = "0123456789";
const LETTERS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LOWER_ALNUM: &str = "abcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const HEXL: &str = "0123456789abcdef";
const CRYPT64: &str = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const STD64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn text(ds: &[u32]) -> String {
    ds.iter().map(|d| char::from(b'0' + *d as u8)).collect()
}

fn base64(data: &[u8], alphabet: &str, pad: bool) -> String {
    let a = alphabet.as_bytes();
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let mut n = 0u32;
        for (i, &b) in chunk.iter().enumerate() {
            n |= u32::from(b) << (16 - 8 * i);
        }
        for i in 0..=chunk.len() {
            out.push(a[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
        if pad {
            out.extend(std::iter::repeat_n('=', 3 - chunk.len()));
        }
    }
    out
}

/// The Luhn check digit that completes `body`.
fn luhn_digit(body: &[u32]) -> u32 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 0 {
                (2 * d) % 9 + if d == 9 { 9 } else { 0 }
            } else {
                d
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// Verhoeff (dihedral group D5) check digit, as UIDAI uses it for Aadhaar.
fn verhoeff_digit(body: &[u32]) -> u32 {
    let mul = |j: usize, k: usize| -> usize {
        // D5 multiplication from rotations (0–4) and reflections (5–9).
        match (j < 5, k < 5) {
            (true, true) => (j + k) % 5,
            (true, false) => 5 + (k - 5 + j) % 5,
            (false, true) => 5 + (j - 5 + 5 - k) % 5,
            (false, false) => (j - 5 + 5 - (k - 5)) % 5,
        }
    };
    const PERM: [usize; 10] = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4];
    let perm = |times: usize, d: usize| (0..times).fold(d, |d, _| PERM[d]);
    let inv = |j: usize| (0..10).find(|&k| mul(j, k) == 0).unwrap();
    let mut c = 0;
    for (i, &d) in body.iter().rev().enumerate() {
        c = mul(c, perm((i + 1) % 8, d as usize));
    }
    inv(c) as u32
}

fn sin(g: &mut Gen) -> String {
    let mut ds = vec![[1, 2, 3, 4, 5, 6, 7, 9][g.below(8) as usize]];
    ds.extend(g.digits(7));
    ds.push(luhn_digit(&ds));
    let t = text(&ds);
    let sep = g.one(&[" ", "-"]);
    format!("{}{sep}{}{sep}{}", &t[..3], &t[3..6], &t[6..])
}

fn cpf(g: &mut Gen, formatted: bool) -> String {
    let mut ds = g.digits(9);
    ds[0] = 1 + g.below(9) as u32;
    for n in [9usize, 10] {
        let s: u32 = (0..n).map(|i| ds[i] * (n as u32 + 1 - i as u32)).sum();
        ds.push(if s % 11 < 2 { 0 } else { 11 - s % 11 });
    }
    let t = text(&ds);
    if formatted {
        format!("{}.{}.{}-{}", &t[..3], &t[3..6], &t[6..9], &t[9..])
    } else {
        t
    }
}

fn nir(g: &mut Gen) -> String {
    let sex = 1 + g.below(2);
    let year = g.below(100);
    let month = 1 + g.below(12);
    let dept = 1 + g.below(95);
    let body = format!(
        "{sex}{year:02}{month:02}{dept:02}{:03}{:03}",
        1 + g.below(990),
        1 + g.below(999)
    );
    let key = 97 - body.parse::<u64>().unwrap() % 97;
    format!(
        "{} {} {} {} {} {} {key:02}",
        &body[..1],
        &body[1..3],
        &body[3..5],
        &body[5..7],
        &body[7..10],
        &body[10..13]
    )
}

fn dni(g: &mut Gen) -> String {
    const L: &[u8] = b"TRWAGMYFPDXBNJZSQVHLCKE";
    if g.below(2) == 0 {
        let n = 10_000_000 + g.below(89_999_999);
        format!("{n:08}{}", L[(n % 23) as usize] as char)
    } else {
        let lead = g.below(3);
        let n = g.below(10_000_000);
        format!(
            "{}{n:07}{}",
            ["X", "Y", "Z"][lead as usize],
            L[((lead * 10_000_000 + n) % 23) as usize] as char
        )
    }
}

fn bsn(g: &mut Gen) -> String {
    loop {
        let ds = g.digits(8);
        let s: u32 = ds.iter().enumerate().map(|(i, d)| d * (9 - i as u32)).sum();
        let check = s % 11;
        if check < 10 && ds[0] != 0 {
            return text(&ds) + &check.to_string();
        }
    }
}

fn pesel(g: &mut Gen) -> String {
    let year = g.below(100);
    let month = 1 + g.below(12) + [0, 20][g.below(2) as usize];
    let day = 1 + g.below(28);
    let body = format!("{year:02}{month:02}{day:02}{:04}", g.below(10_000));
    const W: [u32; 10] = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
    let s: u32 = body
        .bytes()
        .zip(W)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{body}{}", (10 - s % 10) % 10)
}

fn personnummer(g: &mut Gen) -> String {
    let date = format!(
        "{:02}{:02}{:02}",
        g.below(100),
        1 + g.below(12),
        1 + g.below(28)
    );
    let serial = format!("{:03}", g.below(1000));
    let ds: Vec<u32> = format!("{date}{serial}")
        .bytes()
        .map(|b| u32::from(b - b'0'))
        .collect();
    let c = luhn_digit(&ds);
    if g.below(2) == 0 {
        format!("{date}-{serial}{c}")
    } else {
        format!("{}{date}-{serial}{c}", g.one(&["19", "20"]))
    }
}

fn hetu(g: &mut Gen) -> String {
    const C: &[u8] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";
    let (d, m, y) = (1 + g.below(28), 1 + g.below(12), g.below(100));
    let n = 2 + g.below(897);
    let v = (d * 10_000 + m * 100 + y) * 1000 + n;
    format!(
        "{d:02}{m:02}{y:02}{}{n:03}{}",
        g.one(&["-", "+", "A"]),
        C[(v % 31) as usize] as char
    )
}

fn aadhaar(g: &mut Gen) -> String {
    let mut ds = vec![2 + g.below(8) as u32];
    ds.extend(g.digits(10));
    ds.push(verhoeff_digit(&ds));
    let t = text(&ds);
    format!("{} {} {}", &t[..4], &t[4..8], &t[8..])
}

fn itin(g: &mut Gen) -> String {
    let group = [50, 57, 65, 70, 78, 88, 90, 92, 94, 99][g.below(10) as usize];
    format!("9{:02}-{group}-{:04}", g.below(100), 1 + g.below(9998))
}

/// One wrong digit, at the end (for check-digit formats the check digit).
fn bump_last_digit(s: &str) -> String {
    let mut b = s.as_bytes().to_vec();
    let i = b.iter().rposition(u8::is_ascii_digit).unwrap();
    b[i] = b'0' + (b[i] - b'0' + 1) % 10;
    String::from_utf8(b).unwrap()
}

fn bcrypt(g: &mut Gen) -> String {
    format!(
        "${}${:02}${}",
        g.one(&["2a", "2b", "2y"]),
        4 + g.below(10),
        g.from(CRYPT64, 53)
    )
}

fn words(g: &mut Gen) -> &'static str {
    g.one(&[
        "Alvarez",
        "Okafor",
        "Lindqvist",
        "Nakamura",
        "Moreau",
        "Kowalski",
        "Brennan",
    ])
}

/// One piece of a documented token layout.
enum Part {
    Lit(&'static str),
    /// `n` characters of an alphabet.
    Run(&'static str, usize),
}

use Part::{Lit, Run};

/// Vendor formats that are a prefix and fixed runs (from the vendors' documentation and the
/// public rule sets' descriptions): detector id, the layout, and a sentence to put it in.
const LAYOUTS: &[(&str, &[Part], &str)] = &[
    ("zuplo_api_key", &[Lit("zpka_"), Run(HEXL, 32), Lit("_"), Run(HEXL, 8)], "ZUPLO_API_KEY={}"),
    ("elevenlabs_api_key", &[Lit("sk_"), Run(HEXL, 48)], "xi-api-key: {}"),
    ("friendli_token", &[Lit("flp_"), Run(ALNUM, 46)], "FRIENDLI_TOKEN={}"),
    ("firecrawl_api_key", &[Lit("fc-"), Run(HEXL, 32)], "FirecrawlApp(api_key=\"{}\")"),
    ("yandex_key", &[Lit("AQVN"), Run(ALNUM, 36)], "Api-Key {}"),
    ("twitch_stream_key", &[Lit("live_"), Run("123456789", 9), Lit("_"), Run(ALNUM, 30)], "stream key {}"),
    ("fireworks_api_key", &[Lit("fw_"), Run(ALNUM, 24)], "FIREWORKS_API_KEY={}"),
    ("dependency_track_api_key", &[Lit("odt_"), Run(ALNUM, 32)], "X-Api-Key: {}"),
    ("branch_live_key", &[Lit("key_live_"), Run(ALNUM, 32)], "branch_key={}"),
    ("adafruit_io_key", &[Lit("aio_"), Run(ALNUM, 28)], "#define IO_KEY \"{}\""),
    ("apify_token", &[Lit("apify_api_"), Run(ALNUM, 36)], "APIFY_TOKEN={}"),
    ("nvidia_api_key", &[Lit("nvapi-"), Run(URL64, 64)], "NVIDIA_API_KEY={}"),
    ("contentful_pat", &[Lit("CFPAT-"), Run(URL64, 43)], "CONTENTFUL_MANAGEMENT_TOKEN={}"),
    ("cerebras_api_key", &[Lit("csk-"), Run(LOWER_ALNUM, 48)], "CEREBRAS_API_KEY={}"),
    ("jina_api_key", &[Lit("jina_"), Run(HEXL, 32), Run(ALNUM, 28)], "JINA_API_KEY={}"),
    ("intra42_client_secret", &[Lit("s-s4t2ud-"), Run(HEXL, 64)], "client_secret={}"),
    ("openai_style_key", &[Lit("sk-"), Run(ALNUM, 48)], "Authorization: Bearer {}"),
    ("coze_pat", &[Lit("pat_"), Run(ALNUM, 64)], "COZE_API_TOKEN={}"),
    ("aws_appsync_api_key", &[Lit("da2-"), Run(LOWER_ALNUM, 26)], "x-api-key: {}"),
    ("resend_api_key", &[Lit("re_"), Run(ALNUM, 8), Lit("_"), Run(ALNUM, 24)], "RESEND_API_KEY={}"),
    ("coderabbit_api_key", &[Lit("cr-"), Run(HEXL, 58)], "x-coderabbitai-api-key: {}"),
    ("hex_key_prefixed", &[Lit("key_"), Run(HEXL, 64)], "api key {}"),
    ("sourcegraph_token", &[Lit("sgp_"), Run(HEXL, 16), Lit("_"), Run(HEXL, 40)], "SRC_ACCESS_TOKEN={}"),
    ("stackhawk_api_key", &[Lit("hawk."), Run(ALNUM, 20), Lit("."), Run(ALNUM, 20)], "HAWK_API_KEY={}"),
    ("together_api_key", &[Lit("tgp_v1_"), Run(URL64, 43)], "TOGETHER_API_KEY={}"),
    ("langsmith_key", &[Lit("lsv2_pt_"), Run(HEXL, 32), Lit("_"), Run(HEXL, 10)], "LANGSMITH_API_KEY={}"),
    ("riot_api_key", &[Lit("RGAPI-"), Run(HEXL, 8), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 12)], "X-Riot-Token: {}"),
    ("defined_networking_token", &[Lit("dnkey-"), Run(UPPER_ALNUM, 26), Lit("-"), Run(UPPER_ALNUM, 52)], "DN_API_KEY={}"),
    ("scale_api_key", &[Lit("live_"), Run(HEXL, 32)], "scale api key {}"),
    ("clojars_token", &[Lit("CLOJARS_"), Run(HEXL, 60)], "CLOJARS_PASSWORD={}"),
    ("plaid_access_token", &[Lit("access-production-"), Run(HEXL, 8), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 12)], "plaid {}"),
    ("tavily_api_key", &[Lit("tvly-"), Run(ALNUM, 32)], "TAVILY_API_KEY={}"),
    ("amazon_mws_token", &[Lit("amzn.mws."), Run(HEXL, 8), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 12)], "MWSAuthToken={}"),
    ("salesforce_access_token", &[Lit("00D"), Run(ALNUM, 15), Lit("!"), Run(ALNUM, 96)], "Authorization: OAuth {}"),
    ("posthog_personal_key", &[Lit("phx_"), Run(ALNUM, 47)], "POSTHOG_PERSONAL_API_KEY={}"),
    ("adobe_client_secret", &[Lit("p8e-"), Run(URL64, 32)], "client_secret={}"),
    ("teamcity_token", &[Lit("eyJ0eXAiOiAiVENWMiJ9."), Run(URL64, 36), Lit("."), Run(URL64, 48)], "Authorization: Bearer {}"),
    ("voyage_api_key", &[Lit("pa-"), Run(URL64, 43)], "VOYAGE_API_KEY={}"),
    ("vault_unseal_key", &[Run(STD64, 44)], "Unseal Key 1: {}"),
    ("ci_token_in_context", &[Run(HEXL, 40)], "sonar-scanner -Dsonar.login={}"),
    ("network_credential_password", &[Run(ALNUM, 14)], "new NetworkCredential(\"svc\", \"{}\")"),
    ("azure_devops_pat_legacy", &[Run("abcdefghijklmnopqrstuvwxyz234567", 52)], "ado_pat = \"{}\""),
    ("blynk_client_secret", &[Run(ALNUM, 40)], "curl -u oa2-client-id_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW:{} https://blynk.cloud/oauth2/token"),
    ("truenas_api_key", &[Lit("1-"), Run(ALNUM, 64)], "{\"msg\":\"method\",\"method\":\"auth.login_with_api_key\",\"params\":[\"{}\"]}"),
    ("authress_key", &[Lit("sc_"), Run(ALNUM, 22), Lit("."), Run(LOWER_ALNUM, 4), Lit(".acc-"), Run(LOWER_ALNUM, 12), Lit("."), Run(STD64, 64)], "AUTHRESS_KEY={}"),
    ("thingsboard_device_token", &[Run(LOWER_ALNUM, 20)], "curl -X POST http://tb.acme.io/api/v1/{}/telemetry"),
    ("password_in_prose", &[Run(ALNUM, 10)], "The default password is '{}'"),
    ("jwt_secret", &[Run(ALNUM, 24)], "jwt_secret: \"{}\""),
];

fn layout(g: &mut Gen, parts: &[Part]) -> String {
    parts
        .iter()
        .map(|p| match p {
            Lit(l) => (*l).to_owned(),
            Run(a, n) => g.from(a, *n),
        })
        .collect()
}

/// The positives and negatives of every detector this corpus covers, `per` positives each.
pub fn corpus(seed: u64, per: usize) -> (Vec<Positive>, Vec<Negative>) {
    let mut g = Gen(seed | 1);
    let mut pos = Vec::new();
    let mut neg = Vec::new();
    let mut p = |id: &'static str, text: String, secret: String| {
        pos.push(Positive {
            id,
            key: None,
            text,
            secret,
            strict: false,
        })
    };
    let mut n = |id: &'static str, text: String| {
        neg.push(Negative {
            id,
            key: None,
            text,
        })
    };
    let (mut more_pos, mut more_neg) = (Vec::new(), Vec::new());
    // A stream of its own for the hash and UUID look-alikes below, so that adding them left
    // every other value of the corpus (and the rules' examples drawn from it) as it was.
    let mut ids = Gen((seed ^ 0x1d5_1d5_1d5) | 1);
    for k in 0..per {
        more::corpus(&mut g, k, &mut more_pos, &mut more_neg);
        for (id, parts, frame) in LAYOUTS.iter().chain(more::LAYOUTS) {
            let v = layout(&mut g, parts);
            p(id, frame.replace("{}", &v), v.clone());
            // Look-alikes: the value cut to a third, alone (the format's length is part of its
            // layout; under a name such as `API_KEY=` even a short random value is a secret),
            // and the value masked in its sentence.
            // A format with a literal prefix keeps it and six characters more (shorter than any
            // documented body); one without keeps a third.
            let cut = match parts.first() {
                Some(Lit(l)) if l.len() + 6 < v.len() => l.len() + 6,
                _ => v.len() - (v.len() - 3) * 2 / 3,
            };
            n(id, format!("ref {}", &v[..cut]));
            let masked: String = v
                .chars()
                .take(4)
                .chain(std::iter::repeat_n('*', v.len() - 4))
                .collect();
            n(id, frame.replace("{}", &masked));
        }
        // National identifiers.
        let v = itin(&mut g);
        p("us_itin", format!("W-7 approved, ITIN {v}"), v.clone());
        n(
            "us_itin",
            format!(
                "ITIN 9{:02}-{}-{:04} rejected",
                g.below(100),
                [40, 66, 89, 93][k % 4],
                g.below(9999)
            ),
        );
        let v = sin(&mut g);
        p(
            "ca_sin",
            format!("{} {v}", g.one(&["employee SIN", "NAS:", "sin="])),
            v.clone(),
        );
        n("ca_sin", format!("SIN {}", bump_last_digit(&v)));
        let v = cpf(&mut g, true);
        p("br_cpf", format!("cliente CPF {v} cadastrado"), v.clone());
        n("br_cpf", format!("pedido {}", bump_last_digit(&v)));
        let v = cpf(&mut g, false);
        p("br_cpf", format!("cpf: {v}"), v.clone());
        let v = nir(&mut g);
        p(
            "fr_nir",
            format!("numéro de sécurité sociale {v}"),
            v.clone(),
        );
        n("fr_nir", format!("NIR {}", bump_last_digit(&v)));
        let v = dni(&mut g);
        p(
            "es_dni",
            format!("{} {v}", g.one(&["DNI", "NIE", "documento"])),
            v.clone(),
        );
        n(
            "es_dni",
            format!("ref {}", {
                let mut b = v.clone().into_bytes();
                let last = b.len() - 1;
                b[last] = if b[last] == b'T' { b'R' } else { b'T' };
                String::from_utf8(b).unwrap()
            }),
        );
        let v = bsn(&mut g);
        p(
            "nl_bsn",
            format!("{} {v}", g.one(&["BSN:", "burgerservicenummer", "bsn="])),
            v.clone(),
        );
        n("nl_bsn", format!("BSN: {}", bump_last_digit(&v)));
        let v = pesel(&mut g);
        p("pl_pesel", format!("PESEL: {v}"), v.clone());
        n("pl_pesel", format!("PESEL {}", bump_last_digit(&v)));
        let v = personnummer(&mut g);
        p("se_personnummer", format!("personnummer {v}"), v.clone());
        // In its 12-digit form: the 10-digit form with a wrong Luhn digit may be a Finnish HETU.
        let century = if v.len() == 11 { "19" } else { "" };
        n(
            "se_personnummer",
            format!("ärende {century}{}", bump_last_digit(&v)),
        );
        let v = hetu(&mut g);
        p("fi_hetu", format!("henkilötunnus {v}"), v.clone());
        n(
            "fi_hetu",
            format!("tunnus {}", {
                let mut b = v.clone().into_bytes();
                let last = b.len() - 1;
                // `G`, `I`, `O`, `Q`, `Z` are never check characters.
                b[last] = b'Z';
                String::from_utf8(b).unwrap()
            }),
        );
        let v = aadhaar(&mut g);
        p("in_aadhaar", format!("Aadhaar {v} linked"), v.clone());
        n("in_aadhaar", format!("Aadhaar {}", bump_last_digit(&v)));
        // Personal data in free text.
        let (lat, lon) = (
            g.below(170) as f64 / 2.0 - 42.0,
            g.below(350) as f64 - 175.0,
        );
        let v = format!(
            "{lat:.1}{:04}, {lon:.1}{:03}",
            g.below(10_000),
            g.below(1000)
        );
        p("geo_coordinates", format!("device at {v}"), v);
        // The same under their names: JSON members, query parameters, prose.
        let (lat, lon) = (
            g.below(170) as f64 / 2.0 - 42.0,
            g.below(350) as f64 - 175.0,
        );
        let (la, lo) = (
            format!("{lat:.1}{:04}", g.below(10_000)),
            format!("{lon:.1}{:03}", g.below(1000)),
        );
        let form = g.below(3);
        let v = match form {
            0 => format!("{la}, \"lng\": {lo}"),
            1 => format!("{la}&lon={lo}"),
            _ => format!("{la} longitude: {lo}"),
        };
        let shown = match form {
            0 => format!("{{\"location\": {{\"lat\": {v}}}}}"),
            1 => format!("GET /nearby?lat={v}"),
            _ => format!("position latitude: {v}"),
        };
        p("geo_coordinates_named", shown, v);
        // Two decimals place a city, not a person; two fractions are no place.
        n(
            "geo_coordinates_named",
            format!("{{\"lat\": {lat:.2}, \"lng\": {lon:.2}}}"),
        );
        n(
            "geo_coordinates_named",
            format!("lat=0.{:04}&lon=0.{:04}", g.below(10_000), g.below(10_000)),
        );
        n(
            "geo_coordinates",
            format!(
                "build {}.{}.{}, {}.{}",
                g.below(9),
                g.below(99),
                g.below(99),
                g.below(9),
                g.below(9)
            ),
        );
        let v = format!(
            "{}-{:02}-{:02}",
            1940 + g.below(70),
            1 + g.below(12),
            1 + g.below(28)
        );
        p(
            "date_of_birth",
            format!("{} {v}", g.one(&["DOB:", "date of birth", "born"])),
            v,
        );
        n(
            "date_of_birth",
            format!("DOB: {}-13-{:02}", 1940 + g.below(70), 1 + g.below(28)),
        );
        let first = g.one(&["Ana", "Jonas", "Priya", "Mateo", "Ingrid", "Kwame"]);
        let v = format!("{first} {}", words(&mut g));
        p(
            "person_name",
            format!("{} {v} signed in", g.one(&["Dr.", "Mrs", "Mr."])),
            v.clone(),
        );
        n(
            "person_name",
            format!(
                "name: {}",
                g.one(&["Windows Server", "Error Handler", "null"])
            ),
        );
        let v = format!("{} {} Street", 1 + g.below(9000), words(&mut g));
        p("street_address", format!("ship to {v}, Springfield"), v);
        n(
            "street_address",
            format!("step {} of {}", g.below(9), 10 + g.below(9)),
        );
        // Password hashes.
        let v = bcrypt(&mut g);
        p("bcrypt_hash", format!("admin:{v}"), v.clone());
        n("bcrypt_hash", format!("$2b$12${}", g.from(CRYPT64, 20)));
        let v = format!("$6${}${}", g.from(CRYPT64, 16), g.from(CRYPT64, 86));
        p(
            "sha_crypt_hash",
            format!("root:{v}:19700:0:99999:7:::"),
            v.clone(),
        );
        n(
            "sha_crypt_hash",
            format!("$6${}${}", g.from(CRYPT64, 8), g.from(CRYPT64, 50)),
        );
        let v = format!(
            "$5$rounds=5000${}${}",
            g.from(CRYPT64, 12),
            g.from(CRYPT64, 43)
        );
        p("sha_crypt_hash", format!("hash {v}"), v.clone());
        let v = format!(
            "${}${}${}",
            g.one(&["1", "apr1"]),
            g.from(CRYPT64, 8),
            g.from(CRYPT64, 22)
        );
        p("md5_crypt_hash", format!("user:{v}"), v.clone());
        n("md5_crypt_hash", format!("price $1${} total", g.below(99)));
        let v = format!("$y$j9T${}${}", g.from(CRYPT64, 22), g.from(CRYPT64, 43));
        p(
            "yescrypt_hash",
            format!("deploy:{v}:19000::::::"),
            v.clone(),
        );
        n("yescrypt_hash", "$y$j9T$".to_owned());
        let v = format!(
            "$argon2id$v=19$m=65536,t=3,p=4${}${}",
            g.from(ALNUM, 22),
            g.from(ALNUM, 43)
        );
        p("argon2_hash", format!("stored {v}"), v.clone());
        n("argon2_hash", "$argon2id$v=19$m=65536,t=3,p=4$".to_owned());
        let v = format!(
            "pbkdf2_sha256$600000${}${}=",
            g.from(ALNUM, 22),
            g.from(ALNUM, 43)
        );
        p("pbkdf2_hash", format!("auth_user password {v}"), v.clone());
        n(
            "pbkdf2_hash",
            "pbkdf2_sha256 is the default hasher".to_owned(),
        );
        let v = format!("{}:{}", g.from(HEXL, 32), g.from(HEXL, 32));
        p(
            "pwdump_hash",
            format!("Administrator:500:{v}:::"),
            v.clone(),
        );
        n(
            "pwdump_hash",
            "Guest:501:aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::"
                .to_owned(),
        );
        // Values that are a hash or a UUID and nothing else (a file's SHA-256 or SHA-512 in
        // upper case, a UUID whose last two groups are digits): identifiers, which the format
        // of a token or a card number can match by chance.
        const HEXU: &str = "0123456789ABCDEF";
        n("square_access_token", format!("EAAA{}", ids.from(HEXU, 60)));
        n("meta_access_token", format!("EAA{}", ids.from(HEXU, 125)));
        let mut card: Vec<u32> = std::iter::once(4).chain(ids.digits(14)).collect();
        card.push(luhn_digit(&card));
        let card: String = card.iter().map(|d| char::from(b'0' + *d as u8)).collect();
        n(
            "payment_card",
            format!(
                "{}-{}-{}-{}-{}",
                ids.from(HEXL, 8),
                ids.from(HEXL, 4),
                ids.from(HEXL, 4),
                &card[..4],
                &card[4..]
            ),
        );
        // Token formats, as their vendors document them.
        let v = format!("00{}", g.from(ALNUM, 40));
        p("okta_api_token", format!("Authorization: SSWS {v}"), v);
        n(
            "okta_api_token",
            "Authorization: SSWS ${OKTA_API_TOKEN}".to_owned(),
        );
        let v = format!("{}AZDO{}", g.from(ALNUM, 76), g.from(ALNUM, 4));
        p(
            "azure_devops_pat",
            format!("AZURE_DEVOPS_EXT_PAT={v}"),
            v.clone(),
        );
        n("azure_devops_pat", format!("{}AZDO", g.from(ALNUM, 40)));
        let v = format!("EAA{}{}", g.one(&["B", "G", "J"]), g.from(ALNUM, 150));
        p("meta_access_token", format!("access_token={v}"), v);
        n("meta_access_token", format!("EAA{}", g.from(ALNUM, 30)));
        let v = format!("{}.{}", g.from(LOWER_ALNUM, 6), g.from(LOWER_ALNUM, 16));
        p(
            "kubernetes_bootstrap_token",
            format!("kubeadm join 10.0.0.1:6443 --token {v}"),
            v,
        );
        n(
            "kubernetes_bootstrap_token",
            "kubeadm join --token abcdef.0123456789abcdef".to_owned(),
        );
        let v = format!(
            "access_token$production${}${}",
            g.from(LOWER_ALNUM, 16),
            g.from(HEXL, 32)
        );
        p("braintree_access_token", format!("BRAINTREE_TOKEN={v}"), v);
        n(
            "braintree_access_token",
            "access_token$production$".to_owned(),
        );
        let v = format!("bkua_{}", g.from(HEXL, 40));
        p("buildkite_token", format!("BUILDKITE_API_TOKEN={v}"), v);
        n("buildkite_token", format!("bkua_{}", g.from(HEXL, 12)));
        let v = format!("CCIPAT_{}_{}", g.from(ALNUM, 22), g.from(HEXL, 40));
        p("circleci_token", format!("Circle-Token: {v}"), v);
        n("circleci_token", format!("CCIPAT_{}", g.from(ALNUM, 22)));
        let v = format!("pat{}.{}", g.from(ALNUM, 14), g.from(HEXL, 64));
        p(
            "airtable_pat",
            format!("Authorization: Bearer {v}"),
            v.clone(),
        );
        n(
            "airtable_pat",
            format!("path/{}.{}", g.from(ALNUM, 14), g.from(HEXL, 64)),
        );
        let v = format!("sbp_{}", g.from(HEXL, 40));
        p("supabase_token", format!("SUPABASE_ACCESS_TOKEN={v}"), v);
        n("supabase_token", format!("sbp_{}", g.from(HEXL, 20)));
        let v = format!("nfp_{}", g.from(ALNUM, 36));
        p("netlify_token", format!("NETLIFY_AUTH_TOKEN={v}"), v);
        n("netlify_token", format!("nfp_{}", g.from(ALNUM, 10)));
        let v = format!("oy2{}", g.from(LOWER_ALNUM, 43));
        p(
            "nuget_api_key",
            format!("dotnet nuget push pkg.nupkg -k {v}"),
            v,
        );
        n("nuget_api_key", format!("oy2{}", g.from(LOWER_ALNUM, 20)));
        let v = format!("fo1_{}", g.from(URL64, 43));
        p("flyio_token", format!("FLY_API_TOKEN={v}"), v);
        n("flyio_token", format!("fo1_{}", g.from(ALNUM, 12)));
        let v = format!(
            "dt0c01.{}.{}",
            g.from(UPPER_ALNUM, 24),
            g.from(UPPER_ALNUM, 64)
        );
        p("dynatrace_token", format!("Api-Token {v}"), v);
        n(
            "dynatrace_token",
            format!("dt0c01.{}", g.from(UPPER_ALNUM, 24)),
        );
        let v = format!(
            "A3-{}-{}-{}-{}-{}-{}",
            g.from(UPPER_ALNUM, 6),
            g.from(UPPER_ALNUM, 6),
            g.from(UPPER_ALNUM, 5),
            g.from(UPPER_ALNUM, 5),
            g.from(UPPER_ALNUM, 5),
            g.from(UPPER_ALNUM, 5)
        );
        p("onepassword_secret_key", format!("Secret Key: {v}"), v);
        n(
            "onepassword_secret_key",
            "Secret Key: A3-XXXXXX-XXXXXX-XXXXX-XXXXX-XXXXX-XXXXX".to_owned(),
        );
        let v = format!("s.{}", g.from(ALNUM, 24));
        p("vault_legacy_token", format!("export VAULT_TOKEN={v}"), v);
        n(
            "vault_legacy_token",
            format!("vault status s.{}", g.from(ALNUM, 8)),
        );
        let v = format!("rzp_{}_{}", g.one(&["live", "test"]), g.from(ALNUM, 14));
        p("razorpay_key", format!("RAZORPAY_KEY_ID={v}"), v);
        n("razorpay_key", "rzp_live_".to_owned());
        let header = base64(br#"{"alg":"RSA-OAEP-256","enc":"A256GCM"}"#, URL64, false);
        let v = format!(
            "{header}.{}.{}.{}.{}",
            g.from(URL64, 342),
            g.from(URL64, 16),
            g.from(URL64, 120),
            g.from(URL64, 22)
        );
        p("jwe", format!("id_token={v}"), v);
        n(
            "jwe",
            format!(
                "{}.{}.{}.{}.{}",
                base64(br#"{"typ":"x","kid":"k"}"#, URL64, false),
                g.from(URL64, 20),
                g.from(URL64, 16),
                g.from(URL64, 20),
                g.from(URL64, 22)
            ),
        );
        let d = g.from(URL64, 43);
        p(
            "jwk_private_key",
            format!(
                r#"{{"kty":"EC","crv":"P-256","x":"{}","y":"{}","d":"{d}"}}"#,
                g.from(URL64, 43),
                g.from(URL64, 43)
            ),
            d,
        );
        n(
            "jwk_private_key",
            format!(
                r#"{{"kty":"EC","crv":"P-256","x":"{}","y":"{}"}}"#,
                g.from(URL64, 43),
                g.from(URL64, 43)
            ),
        );
        let auth = base64(
            format!("ci-bot:{}", g.from(ALNUM, 20)).as_bytes(),
            STD64,
            true,
        );
        p(
            "docker_config_auth",
            format!(r#"{{"auths": {{"registry.acme.io": {{"auth": "{auth}"}}}}}}"#),
            auth,
        );
        n(
            "docker_config_auth",
            r#"{"auths": {"registry.acme.io": {}}, "credsStore": "desktop"}"#.to_owned(),
        );
        // Passwords and secrets in context.
        let pw = format!("{}{}!{}", g.from(ALNUM, 5), g.below(1000), g.from(ALNUM, 3));
        let (t, v) = match k % 4 {
            0 => (format!("net user svc_backup {pw} /add"), pw.clone()),
            1 => (
                format!("$p = ConvertTo-SecureString '{pw}' -AsPlainText -Force"),
                pw.clone(),
            ),
            2 => (format!("sshpass -p {pw} ssh admin@10.0.0.5"), pw.clone()),
            _ => (format!("mysql -u root -p{pw} -h db1"), pw.clone()),
        };
        p("password_command", t, v);
        n("password_command", "net user guest /active:no".to_owned());
        let v = g.from(ALNUM, 32);
        p(
            "secret_flag",
            format!(
                "cli deploy {} {v}",
                g.one(&["--auth-token", "--api-key", "--client-secret"])
            ),
            v,
        );
        n("secret_flag", "cli deploy --auth-token $TOKEN".to_owned());
        let v = g.from(ALNUM, 32);
        let name = g.one(&[
            "PHPSESSID",
            "JSESSIONID",
            "laravel_session",
            "_shop_session",
            "connect.sid",
        ]);
        p("session_id", format!("GET /cart?{name}={v}"), v);
        n("session_id", format!("{name}=deleted"));
    }
    // Look-alikes the issue names, which no detector may report.
    for text in LOOK_ALIKES {
        n("look_alike", (*text).to_owned());
    }
    pos.extend(
        more_pos
            .into_iter()
            .map(|(id, key, text, secret, strict)| Positive {
                id,
                key,
                text,
                secret,
                strict,
            }),
    );
    neg.extend(
        more_neg
            .into_iter()
            .map(|(id, key, text)| Negative { id, key, text }),
    );
    (pos, neg)
}

/// Values that look like secrets or personal data and are neither: Kerberos principals,
/// WireGuard and age public keys, a Sentry DSN with only its public key, an ARN that names a
/// secret, Ansible Vault markers, vendor ids, documented example keys, masked values, hashes.
const LOOK_ALIKES: &[&str] = &[
    "HTTP/web01.corp.acme.com@CORP.ACME.COM",
    "principal host/db1.acme.local@ACME.LOCAL authenticated",
    "PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=",
    "recipient age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
    "dsn https://3f1c9a2b4d5e6f708192a3b4c5d6e7f8@o123456.ingest.sentry.io/4505",
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-password-AbCdEf",
    "password: !vault |",
    "group grp-20240117 created",
    "key AKIAIOSFODNN7EXAMPLE",
    "card ****1234 charged",
    "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "commit 3f2a9c1e8b7d6f5a4c3b2a1908f7e6d5c4b3a291",
    // A multi-byte space before a name (once a panic in a check that sliced by bytes).
    "\u{2000}--auth-token://A+=aa+aAa+",
];
