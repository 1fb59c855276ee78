//! A labelled corpus generated from a fixed seed: positives for every detector (random bodies,
//! valid checksums) and look-alike negatives (wrong checksums, wrong lengths, placeholders,
//! hashes, UUIDs, public keys, versions, ...). Generated at test time rather than committed,
//! so that the repository holds no string a secret scanner would flag.

use ocsf_detect::{crc32_base62, luhn};

/// SplitMix64, as in `ocsf_test_support::corpus`.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn s(&mut self, set: &str, n: usize) -> String {
        let b = set.as_bytes();
        (0..n).map(|_| b[self.below(b.len())] as char).collect()
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

pub const AN: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
pub const UPN: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
pub const LOW: &str = "abcdefghijklmnopqrstuvwxyz";
pub const LET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
pub const HEX: &str = "0123456789abcdef";
pub const DIG: &str = "0123456789";
pub const B64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
pub const B64U: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
pub const B32: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const BECH: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

pub fn b64(data: &[u8], url: bool) -> String {
    let set = if url { B64U } else { B64 }.as_bytes();
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |a, (i, &b)| a | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(set[(n >> (18 - 6 * i)) as usize & 63] as char);
        }
    }
    if !url {
        while out.len() % 4 != 0 {
            out.push('=');
        }
    }
    out
}

fn uuid(r: &mut Rng) -> String {
    format!(
        "{}-{}-4{}-a{}-{}",
        r.s(HEX, 8),
        r.s(HEX, 4),
        r.s(HEX, 3),
        r.s(HEX, 3),
        r.s(HEX, 12)
    )
}

fn gh_style(r: &mut Rng, prefix: &str) -> String {
    let body = r.s(AN, 30);
    let sum = String::from_utf8(crc32_base62(body.as_bytes()).to_vec()).unwrap();
    format!("{prefix}{body}{sum}")
}

fn bech32_checksum(hrp: &str, data: &[u8]) -> String {
    const GEN: [u32; 5] = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
    let mut values: Vec<u8> = hrp.bytes().map(|c| c >> 5).collect();
    values.push(0);
    values.extend(hrp.bytes().map(|c| c & 31));
    values.extend_from_slice(data);
    values.extend([0u8; 6]);
    let mut chk: u32 = 1;
    for v in values {
        let top = chk >> 25;
        chk = ((chk & 0x1ff_ffff) << 5) ^ u32::from(v);
        for (i, g) in GEN.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    let m = chk ^ 1;
    (0..6)
        .map(|i| BECH.as_bytes()[((m >> (5 * (5 - i))) & 31) as usize] as char)
        .collect()
}

fn age_key(r: &mut Rng) -> String {
    let data: Vec<u8> = (0..52).map(|_| r.below(32) as u8).collect();
    let sum = bech32_checksum("age-secret-key-", &data);
    let body: String = data
        .iter()
        .map(|&d| BECH.as_bytes()[d as usize] as char)
        .collect();
    format!("AGE-SECRET-KEY-1{}{}", body, sum).to_uppercase()
}

fn luhn_complete(prefix: &str, len: usize, r: &mut Rng) -> String {
    let mut s = prefix.to_owned();
    s.push_str(&r.s(DIG, len - prefix.len() - 1));
    for d in 0..10 {
        let cand = format!("{s}{d}");
        let ds: Vec<u8> = cand.bytes().map(|b| b - b'0').collect();
        if luhn(&ds) {
            return cand;
        }
    }
    unreachable!("one check digit always fits")
}

fn card(r: &mut Rng) -> String {
    let (prefix, len) = *[
        ("4", 16),
        ("51", 16),
        ("55", 16),
        ("2221", 16),
        ("34", 15),
        ("37", 15),
        ("6011", 16),
        ("3530", 16),
        ("4", 13),
    ]
    .get(r.below(9))
    .unwrap();
    let n = luhn_complete(prefix, len, r);
    match r.below(3) {
        0 => n,
        1 if len == 16 => format!("{} {} {} {}", &n[..4], &n[4..8], &n[8..12], &n[12..]),
        2 if len == 16 => format!("{}-{}-{}-{}", &n[..4], &n[4..8], &n[8..12], &n[12..]),
        _ => n,
    }
}

fn iban_check(country: &str, bban: &str) -> String {
    let rearranged = format!("{bban}{country}00");
    let mut rem: u32 = 0;
    for c in rearranged.bytes() {
        let v = if c.is_ascii_digit() {
            u32::from(c - b'0')
        } else {
            u32::from(c - b'A') + 10
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    format!("{country}{:02}{bban}", 98 - rem)
}

fn iban(r: &mut Rng) -> String {
    let (c, bban) = match r.below(4) {
        0 => ("DE", r.s(DIG, 18)),
        1 => (
            "GB",
            format!("{}{}", r.s("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 4), r.s(DIG, 14)),
        ),
        2 => ("FR", r.s(DIG, 23)),
        _ => (
            "NL",
            format!("{}{}", r.s("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 4), r.s(DIG, 10)),
        ),
    };
    let i = iban_check(c, &bban);
    if r.below(2) == 0 {
        i.as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        i
    }
}

fn jwt(r: &mut Rng) -> String {
    let alg = r.pick(&["HS256", "RS256", "ES256"]);
    let h = b64(
        format!("{{\"alg\":\"{alg}\",\"typ\":\"JWT\"}}").as_bytes(),
        true,
    );
    let p = b64(
        format!(
            "{{\"sub\":\"{}\",\"iat\":{}}}",
            r.s(AN, 10),
            1_700_000_000 + r.below(1_000_000)
        )
        .as_bytes(),
        true,
    );
    format!("{h}.{p}.{}", r.s(B64U, 43))
}

fn pem(r: &mut Rng, label: &str) -> String {
    let lines: Vec<String> = (0..4).map(|_| r.s(B64, 64)).collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----",
        lines.join("\n")
    )
}

/// One positive: the full string, the text the detector must cover, and an attribute name
/// when the detector is keyed.
pub struct Sample {
    pub id: &'static str,
    pub key: Option<&'static str>,
    pub text: String,
    pub secret: String,
    pub strict: bool,
}

/// A bare token, also placed in a sentence, an assignment or a header.
fn token(r: &mut Rng, id: &'static str) -> Option<String> {
    Some(match id {
        "aws_access_key_id" => format!("{}{}", r.pick(&["AKIA", "ASIA"]), r.s(B32, 16)),
        "gcp_api_key" => format!("AIza{}", r.s(B64U, 35)),
        "google_oauth_client_secret" => format!("GOCSPX-{}", r.s(B64U, 28)),
        "google_oauth_access_token" => format!("ya29.{}", r.s(B64U, 80)),
        "firebase_fcm_server_key" => format!("AAAA{}:APA91b{}", r.s(B64U, 7), r.s(B64U, 134)),
        "azure_ad_client_secret" => format!("{}{}Q~{}", r.s(AN, 3), r.s(DIG, 1), r.s(AN, 34)),
        "alibaba_access_key_id" => format!("LTAI{}", r.s(AN, 20)),
        "tencent_secret_id" => format!("AKID{}", r.s(AN, 32)),
        "digitalocean_pat" => format!("dop_v1_{}", r.s(HEX, 64)),
        "digitalocean_oauth_token" => format!("doo_v1_{}", r.s(HEX, 64)),
        "digitalocean_refresh_token" => format!("dor_v1_{}", r.s(HEX, 64)),
        "heroku_api_key" => format!("HRKU-{}", r.s(B64U, 60)),
        "cloudflare_origin_ca_key" => format!("v1.0-{}-{}", r.s(HEX, 24), r.s(HEX, 146)),
        "github_pat" => gh_style(r, "ghp_"),
        "github_oauth_token" => gh_style(r, "gho_"),
        "github_user_to_server_token" => gh_style(r, "ghu_"),
        "github_server_to_server_token" => gh_style(r, "ghs_"),
        "github_refresh_token" => gh_style(r, "ghr_"),
        "github_fine_grained_pat" => format!("github_pat_{}_{}", r.s(AN, 22), r.s(AN, 59)),
        "gitlab_pat" => format!("glpat-{}", r.s(B64U, 20)),
        "gitlab_deploy_token" => format!("gldt-{}", r.s(B64U, 20)),
        "gitlab_runner_token" => format!("glrt-{}", r.s(B64U, 20)),
        "gitlab_pipeline_trigger_token" => format!("glptt-{}", r.s(HEX, 40)),
        "gitlab_runner_registration_token" => format!("GR1348941{}", r.s(B64U, 20)),
        "gitlab_oauth_app_secret" => format!("gloas-{}", r.s(HEX, 64)),
        "gitlab_feed_token" => format!("glft-{}", r.s(B64U, 20)),
        "bitbucket_app_password" => format!("ATBB{}", r.s(AN, 32)),
        "atlassian_api_token" => format!("ATATT3{}={}", r.s(B64U, 182), r.s("0123456789ABCDEF", 8)),
        "npm_token" => gh_style(r, "npm_"),
        "pypi_token" => format!("pypi-AgEIcHlwaS5vcmc{}", r.s(B64U, 70)),
        "docker_hub_token" => format!("dckr_pat_{}", r.s(B64U, 27)),
        "rubygems_api_key" => format!("rubygems_{}", r.s(HEX, 48)),
        "crates_io_token" => format!("cio{}", r.s(AN, 32)),
        "pulumi_token" => format!("pul-{}", r.s(HEX, 40)),
        "terraform_cloud_token" => format!("{}.atlasv1.{}", r.s(AN, 14), r.s(AN, 67)),
        "vault_service_token" => format!("hvs.{}", r.s(B64U, 94)),
        "vault_batch_token" => format!("hvb.{}", r.s(B64U, 138)),
        "vault_recovery_token" => format!("hvr.{}", r.s(B64U, 94)),
        "doppler_token" => format!("dp.{}.{}", r.pick(&["pt", "st", "sa"]), r.s(AN, 43)),
        "databricks_token" => format!("dapi{}", r.s(HEX, 32)),
        "onepassword_service_account_token" => format!("ops_eyJ{}", r.s(B64U, 140)),
        "tailscale_key" => format!("tskey-api-{}-{}", r.s(AN, 11), r.s(AN, 30)),
        "planetscale_token" => format!("pscale_tkn_{}", r.s(AN, 43)),
        "slack_bot_token" => format!("xoxb-{}-{}-{}", r.s(DIG, 12), r.s(DIG, 13), r.s(AN, 24)),
        "slack_user_token" => format!(
            "xoxp-{}-{}-{}-{}",
            r.s(DIG, 12),
            r.s(DIG, 12),
            r.s(DIG, 13),
            r.s(HEX, 32)
        ),
        "slack_app_token" => format!("xapp-1-A{}-{}-{}", r.s(UPN, 10), r.s(DIG, 13), r.s(HEX, 64)),
        "slack_config_token" => format!("xoxe.xoxp-1-{}", r.s(AN, 163)),
        "slack_webhook_url" => format!(
            "https://hooks.slack.com/services/T{}/B{}/{}",
            r.s(UPN, 8),
            r.s(UPN, 10),
            r.s(AN, 24)
        ),
        "discord_webhook_url" => format!(
            "https://discord.com/api/webhooks/{}/{}",
            r.s(DIG, 18),
            r.s(B64U, 68)
        ),
        "discord_bot_token" => {
            let id = format!("{}{}", 1 + r.below(9), r.s(DIG, 17));
            let first = b64(id.as_bytes(), true);
            format!("{first}.{}.{}", r.s(B64U, 6), r.s(B64U, 38))
        }
        "telegram_bot_token" => format!("{}:AA{}", r.s(DIG, 10), r.s(B64U, 33)),
        "msteams_webhook_url" => format!(
            "https://acme.webhook.office.com/webhookb2/{}@{}/IncomingWebhook/{}/{}",
            uuid(r),
            uuid(r),
            r.s(HEX, 32),
            uuid(r)
        ),
        "twilio_api_key" => format!("SK{}", r.s(HEX, 32)),
        "sendgrid_api_key" => format!("SG.{}.{}", r.s(B64U, 22), r.s(B64U, 43)),
        "mailgun_api_key" => format!("key-{}", r.s(HEX, 32)),
        "mailchimp_api_key" => format!("{}-us{}", r.s(HEX, 32), 1 + r.below(20)),
        "brevo_api_key" => format!("xkeysib-{}-{}", r.s(HEX, 64), r.s(AN, 16)),
        "linear_api_key" => format!("lin_api_{}", r.s(AN, 40)),
        "linear_oauth_token" => format!("lin_oauth_{}", r.s(HEX, 64)),
        "notion_token" => format!("ntn_{}{}", r.s(DIG, 11), r.s(AN, 35)),
        "notion_legacy_token" => format!("secret_{}", r.s(AN, 43)),
        "hubspot_private_app_token" => format!("pat-na1-{}", uuid(r)),
        "stripe_secret_key" => {
            let n = 24 + r.below(75);
            format!("sk_{}_{}", "live", r.s(AN, n))
        }
        "stripe_restricted_key" => {
            let n = 24 + r.below(75);
            format!("rk_{}_{}", "live", r.s(AN, n))
        }
        "stripe_test_key" => format!("sk_test_{}", r.s(AN, 24)),
        "stripe_webhook_secret" => format!("whsec_{}", r.s(AN, 32)),
        "shopify_access_token" => format!("shpat_{}", r.s(HEX, 32)),
        "shopify_shared_secret" => format!("shpss_{}", r.s(HEX, 32)),
        "square_access_token" => format!("EAAA{}", r.s(B64U, 60)),
        "square_oauth_secret" => format!("sq0csp-{}", r.s(B64U, 43)),
        "new_relic_user_api_key" => format!("NRAK-{}", r.s(UPN, 27)),
        "new_relic_admin_key" => format!("NRAA-{}", r.s(HEX, 27)),
        "new_relic_pixie_key" => format!("px-api-{}", uuid(r)),
        "dropbox_access_token" => format!("sl.{}", r.s(B64U, 138)),
        "private_key_pem_base64" => b64(pem(r, "RSA PRIVATE KEY").as_bytes(), false),
        "new_relic_insights_key" => format!("NRII-{}", r.s(B64U, 32)),
        "new_relic_license_key" => format!("{}NRAL", r.s(HEX, 36)),
        "sentry_auth_token" => format!("sntryu_{}", r.s(HEX, 64)),
        "grafana_cloud_token" => format!("glc_{}", r.s(B64, 60)),
        "grafana_service_account_token" => format!("glsa_{}_{}", r.s(AN, 32), r.s(HEX, 8)),
        "grafana_api_key" => b64(
            format!("{{\"k\":\"{}\",\"n\":\"ci\",\"id\":1}}", r.s(AN, 32)).as_bytes(),
            false,
        ),
        "postman_api_key" => format!("PMAK-{}-{}", r.s(HEX, 24), r.s(HEX, 34)),
        "openai_api_key" => {
            if r.below(2) == 0 {
                format!("sk-proj-{}T3BlbkFJ{}", r.s(B64U, 74), r.s(B64U, 74))
            } else {
                format!("sk-{}T3BlbkFJ{}", r.s(AN, 20), r.s(AN, 20))
            }
        }
        "anthropic_api_key" => format!("sk-ant-api03-{}AA", r.s(B64U, 93)),
        "huggingface_token" => format!("hf_{}", r.s(LET, 34)),
        "groq_api_key" => format!("gsk_{}", r.s(AN, 52)),
        "xai_api_key" => format!("xai-{}", r.s(AN, 80)),
        "perplexity_api_key" => format!("pplx-{}", r.s(AN, 48)),
        "replicate_api_token" => format!("r8_{}", r.s(AN, 37)),
        "age_secret_key" => age_key(r),
        "private_key_pem" => {
            let label = r.pick(&["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY"]);
            pem(r, label)
        }
        "openssh_private_key" => {
            let body = format!("b3BlbnNzaC1rZXktdjEAAAAA{}", r.s(B64, 200));
            format!(
                "-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----",
                body
            )
        }
        "pgp_private_key" => pem(r, "PGP PRIVATE KEY BLOCK"),
        "mapbox_secret_token" => format!("sk.eyJ1Ijoi{}.{}", r.s(B64U, 40), r.s(B64U, 22)),
        "jwt" => jwt(r),
        _ => return None,
    })
}

const SENTENCES: &[&str] = &[
    "{}",
    "token {} rejected",
    "using key={} for upload",
    "export API_TOKEN=\"{}\"",
    "config: {{\"credential\": \"{}\"}}",
];

/// Positives for every detector of the table, `per` each.
pub fn positives(seed: u64, per: usize) -> Vec<Sample> {
    let mut r = Rng::new(seed);
    let mut out = Vec::new();
    for d in ocsf_detect::detectors() {
        for k in 0..per {
            let id = d.id;
            let mut strict = false;
            let mut key = None;
            let (text, secret) = if let Some(t) = token(&mut r, id) {
                let multi_line = t.contains('\n');
                let frame = if multi_line || k == 0 {
                    "{}"
                } else {
                    r.pick(SENTENCES)
                };
                (
                    frame
                        .replacen("{}", &t, 1)
                        .replace("{{", "{")
                        .replace("}}", "}"),
                    t,
                )
            } else {
                let pw = format!("{}{}!{}", r.s(LET, 6), r.s(DIG, 3), r.s(AN, 4));
                let s64 = r.s(B64, 40);
                match id {
                    "aws_secret_access_key" => (format!("aws_secret_access_key = {s64}"), s64),
                    "aws_session_token" => {
                        let t = format!("IQoJb3JpZ2luX2Vj{}", r.s(B64, 300));
                        (format!("AWS_SESSION_TOKEN={t}"), t)
                    }
                    "gcp_service_account_key" => {
                        let k = pem(&mut r, "PRIVATE KEY").replace('\n', "\\n");
                        (format!("{{\"type\": \"service_account\", \"project_id\": \"p-{}\", \"private_key_id\": \"{}\", \"private_key\": \"{k}\"}}", r.s(LOW, 6), r.s(HEX, 40)), k)
                    }
                    "azure_storage_account_key" => {
                        let key = format!("{}==", r.s(B64, 86));
                        (format!("DefaultEndpointsProtocol=https;AccountName=acme{};AccountKey={key};EndpointSuffix=core.windows.net", r.s(LOW, 4)), key)
                    }
                    "azure_sas_signature" => {
                        let sig = format!("{}%3D", r.s(AN, 43));
                        (format!("https://acme.blob.core.windows.net/c/f.txt?sv=2022-11-02&ss=b&srt=o&sp=r&se=2025-01-01T00:00:00Z&sig={sig}"), sig)
                    }
                    "azure_shared_access_key" => {
                        let key = format!("{}=", r.s(B64, 43));
                        (format!("Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={key}"), key)
                    }
                    "heroku_api_key_legacy" => {
                        let u = uuid(&mut r);
                        (format!("HEROKU_API_KEY={u}"), u)
                    }
                    "datadog_api_key" => {
                        let h = r.s(HEX, 32);
                        (format!("DD_API_KEY={h}"), h)
                    }
                    "sentry_dsn" => {
                        let h = r.s(HEX, 32);
                        (format!("https://{h}@o{}.ingest.sentry.io/{}", r.s(DIG, 6), r.s(DIG, 7)), h)
                    }
                    "putty_private_key" => ("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 1\nAAAAIG".to_owned() + &r.s(B64, 40), "PuTTY-User-Key-File-3: ssh-ed25519".to_owned()),
                    "wireguard_private_key" => {
                        let k = format!("{}{}=", r.s(B64, 42), r.pick(&["A", "E", "Q", "g", "w"]));
                        (format!("[Interface]\nPrivateKey = {k}\nAddress = 10.0.0.2/32"), k)
                    }
                    "database_url_password" => {
                        let scheme = r.pick(&["postgres", "mysql", "mongodb+srv", "redis", "amqp"]);
                        (format!("{scheme}://app_{}:{pw}@db{}.internal:5432/main", r.s(LOW, 4), r.below(9)), pw)
                    }
                    "url_password" => {
                        let scheme = r.pick(&["https", "ftp", "ssh", "http"]);
                        (format!("{scheme}://deploy:{pw}@files.acme.io/drop/"), pw)
                    }
                    "connection_string_password" => (format!("Server=tcp:sql{}.acme.net,1433;Initial Catalog=main;User ID=svc;Password={pw};Encrypt=True", r.below(9)), pw),
                    "authorization_basic" => {
                        let b = b64(format!("svc-{}:{pw}", r.s(LOW, 4)).as_bytes(), false);
                        (if k % 2 == 0 { format!("Authorization: Basic {b}") } else { format!("Basic {b}") }, b)
                    }
                    "authorization_bearer" => {
                        let t = r.s(AN, 40);
                        (if k % 2 == 0 { format!("Authorization: Bearer {t}") } else { format!("Bearer {t}") }, t)
                    }
                    "session_cookie" => {
                        let v = r.s(AN, 32);
                        let name = r.pick(&["sessionid", "PHPSESSID", "JSESSIONID", "connect.sid", "__Host-session"]);
                        (format!("Cookie: theme=dark; {name}={v}; lang=en"), v)
                    }
                    "password_cmdline" => (format!("mysql -u root --password={pw} -h db1"), pw),
                    "netrc_password" => (format!("machine api.acme.io login ci password {pw}"), pw),
                    "xml_password" => (format!("<server><id>nexus</id><password>{pw}</password></server>"), pw),
                    "password_assignment" => (format!("login failed for user=bob password={pw}"), pw),
                    "secret_assignment" => {
                        let t = r.s(AN, 32);
                        (format!("client_secret={t}&grant_type=client_credentials"), t)
                    }
                    "password_field" => {
                        key = Some(*["password", "db_passwd", "userPassword"].get(k % 3).unwrap());
                        (pw.clone(), pw)
                    }
                    "secret_field" => {
                        key = Some(*["client_secret", "apiToken", "signing_key_secret"].get(k % 3).unwrap());
                        let t = r.s(B64U, 40);
                        (t.clone(), t)
                    }
                    "email" => {
                        let e = format!("{}.{}@{}.{}", r.s(LOW, 5), r.s(LOW, 7), r.pick(&["acme", "mail", "corp-x"]), r.pick(&["com", "de", "io", "co.uk"]));
                        (format!("password reset sent to {e}"), e)
                    }
                    "payment_card" => {
                        let c = card(&mut r);
                        (format!("charge declined card={c}"), c)
                    }
                    "iban" => {
                        let i = iban(&mut r);
                        (format!("payout to {i} scheduled"), i)
                    }
                    "us_ssn" => {
                        let s = format!("{}{}-{}-{}", 1 + r.below(5), r.s(DIG, 2), 10 + r.below(89), 1000 + r.below(8999));
                        (format!("applicant ssn {s} verified"), s)
                    }
                    "phone_number" => {
                        let p = match r.below(5) {
                            0 => format!("+49 30 {} {}", r.s(DIG, 4), r.s(DIG, 4)),
                            1 => format!("({}{}) {}{}-{}", 2 + r.below(8), r.s(DIG, 2), 2 + r.below(8), r.s(DIG, 2), r.s(DIG, 4)),
                            2 => format!("+1-{}{}-{}{}-{}", 2 + r.below(8), r.s(DIG, 2), 2 + r.below(8), r.s(DIG, 2), r.s(DIG, 4)),
                            3 => format!("06 {} {} {} {}", r.s(DIG, 2), r.s(DIG, 2), r.s(DIG, 2), r.s(DIG, 2)),
                            _ => format!("020 {} {}", r.s(DIG, 4), r.s(DIG, 4)),
                        };
                        (format!("call back on {p} please"), p)
                    }
                    "uk_nino" => {
                        let n = format!("{}{}{}{}", r.pick(&["AB", "JG", "PR", "WX"]), r.s(DIG, 6), "", r.pick(&["A", "B", "C", "D"]));
                        (format!("NI number {n} on file"), n)
                    }
                    "ipv4_address" => {
                        strict = true;
                        let ip = format!("{}.{}.{}.{}", 11 + r.below(200), r.below(255), r.below(255), 1 + r.below(253));
                        (format!("login from {ip} failed"), ip)
                    }
                    "ipv6_address" => {
                        strict = true;
                        let ip = format!("2001:db8:{}:{}::{}", r.s(HEX, 4), r.s(HEX, 3), r.s(HEX, 2));
                        (format!("peer {ip} closed"), ip)
                    }
                    other => panic!("no generator for detector {other}"),
                }
            };
            out.push(Sample {
                id,
                key,
                text,
                secret,
                strict,
            });
        }
    }
    out
}

/// Look-alikes that must not be reported, with an attribute name where one matters.
pub fn negatives(seed: u64) -> Vec<(Option<&'static str>, String)> {
    let mut r = Rng::new(seed);
    let mut out: Vec<(Option<&'static str>, String)> = Vec::new();
    let mut push = |k: Option<&'static str>, s: String| out.push((k, s));
    // Near misses of every token format: a body of placeholders, and a body cut short.
    for d in ocsf_detect::detectors() {
        if let Some(t) = token(&mut r, d.id) {
            if t.contains('\n') {
                push(None, t.split('\n').next().unwrap().to_owned() + "\n...\n");
                continue;
            }
            let cut = t.len().min(12);
            push(None, t[..cut].to_owned());
            let keep = t.find(['_', '-', '.']).map_or(4, |i| i + 1).min(t.len());
            let x: String = t[keep..]
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { 'x' } else { c })
                .collect();
            if x.matches('x').count() >= 8 {
                push(None, format!("{}{x}", &t[..keep]));
            }
        }
    }
    for _ in 0..12 {
        // Wrong checksums.
        let g = gh_style(&mut r, "ghp_");
        let last = if g.ends_with('A') { 'B' } else { 'A' };
        push(None, format!("{}{last}", &g[..g.len() - 1]));
        let n = gh_style(&mut r, "npm_");
        push(None, format!("{}{}", &n[..n.len() - 6], r.s(AN, 6)));
        let a = age_key(&mut r);
        let flip = if a.ends_with('Q') { 'P' } else { 'Q' };
        push(None, format!("{}{flip}", &a[..a.len() - 1]));
        // Luhn-failing card-like numbers and bad IBANs.
        let c = luhn_complete("4", 16, &mut r);
        let bad = (c.as_bytes()[15] - b'0' + 1) % 10;
        push(None, format!("ref {}{bad}", &c[..15]));
        let i = iban(&mut r).replace(' ', "");
        push(
            None,
            format!(
                "{}{}{}",
                &i[..2],
                if &i[2..4] == "11" { "12" } else { "11" },
                &i[4..]
            ),
        );
        // Identifiers and digests.
        push(None, uuid(&mut r));
        push(None, r.s(HEX, 32));
        push(None, r.s(HEX, 40));
        push(None, r.s(HEX, 64));
        push(None, format!("sha256:{}", r.s(HEX, 64)));
        push(None, r.s(B64, 44));
        push(None, r.s(B64U, 43));
        push(Some("challenge"), r.s(B64U, 43));
        push(Some("signature"), format!("MEQCI{}", r.s(B64U, 90)));
        push(
            Some("public_key"),
            format!("pQECAyYgASFYI{}", r.s(B64U, 90)),
        );
        push(Some("uid"), format!("usr-{}", r.s(DIG, 19)));
        push(Some("token_id"), r.s(AN, 32));
        push(Some("key_type"), "EC2".to_owned());
        push(
            None,
            format!("{}", 1_700_000_000_000u64 + r.below(1_000_000_000) as u64),
        );
        push(
            None,
            format!(
                "2025-{:02}-{:02}T{:02}:{:02}:{:02}.{}Z",
                1 + r.below(12),
                1 + r.below(28),
                r.below(24),
                r.below(60),
                r.below(60),
                r.s(DIG, 3)
            ),
        );
        push(
            None,
            format!(
                "{}.{}.{}.{}",
                10 + r.below(200),
                r.below(255),
                r.below(255),
                1 + r.below(250)
            ),
        );
        push(
            None,
            format!("v{}.{}.{}", r.below(20), r.below(50), r.below(200)),
        );
        push(
            None,
            format!(
                "order {}-{}-{}",
                2000 + r.below(30),
                r.s(DIG, 4),
                r.s(DIG, 4)
            ),
        );
        push(None, format!("ticket #{} opened", r.s(DIG, 10)));
        push(
            None,
            format!(
                "https://{}.acme.io/api/v1/users/{}?page=2",
                r.s(LOW, 6),
                uuid(&mut r)
            ),
        );
        push(
            None,
            format!("postgres://{}.internal:5432/main", r.s(LOW, 5)),
        );
        push(
            None,
            format!("https://user@{}.acme.io/repo.git", r.s(LOW, 5)),
        );
        push(
            None,
            format!(
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{} ops@bastion",
                r.s(B64, 43)
            ),
        );
        push(
            None,
            format!(
                "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----",
                r.s(B64, 64)
            ),
        );
        push(None, format!("pk_{}_{}", "live", r.s(AN, 24)));
        push(
            None,
            format!("pk.eyJ1Ijoi{}.{}", r.s(B64U, 40), r.s(B64U, 22)),
        );
        // JWT-shaped but not a JWT: the header is not JSON.
        push(
            None,
            format!("eyJ{}.eyJ{}.{}", r.s(AN, 20), r.s(AN, 30), r.s(B64U, 43)),
        );
        push(None, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36".to_owned());
        push(
            None,
            format!("/var/log/{}/{}.log", r.s(LOW, 6), r.s(AN, 12)),
        );
        push(
            None,
            format!(
                "C:\\Users\\{}\\AppData\\Local\\Temp\\{}.tmp",
                r.s(LOW, 5),
                r.s(HEX, 8)
            ),
        );
        push(
            None,
            format!(
                "password={}",
                r.pick(&[
                    "********",
                    "${DB_PASSWORD}",
                    "<password>",
                    "changeme",
                    "null",
                    "REDACTED"
                ])
            ),
        );
        push(
            None,
            format!(
                "api_key={}",
                r.pick(&[
                    "your-api-key-here",
                    "${API_KEY}",
                    "xxxxxxxxxxxxxxxx",
                    "<redacted>"
                ])
            ),
        );
        push(
            None,
            format!("password_policy=min {} chars", 8 + r.below(8)),
        );
        push(
            Some("password"),
            r.pick(&["********", "[REDACTED]", "null", "true"])
                .to_owned(),
        );
        push(Some("password_last_set"), "2024-01-15T10:00:00Z".to_owned());
        push(Some("authentication_token_type"), "Bearer".to_owned());
        push(None, format!("{}@{}x.png", r.s(LOW, 5), 2));
        push(None, format!("user{}@example.com", r.below(100)));
        push(
            None,
            format!("git@github.com:{}/{}.git", r.s(LOW, 6), r.s(LOW, 6)),
        );
        push(None, format!("+{}:00 offset", r.below(12)));
        push(
            None,
            format!("build 2024.{}.{}.{}", r.below(12), r.below(30), r.s(DIG, 4)),
        );
        push(
            None,
            format!("{}-{}-{}", 900 + r.below(99), r.s(DIG, 2), r.s(DIG, 4)),
        );
        push(
            None,
            format!("666-{}-{}", 10 + r.below(89), 1000 + r.below(8999)),
        );
        push(None, format!("AKIA{}", r.s(B32, 12)));
        push(None, "AKIAIOSFODNN7EXAMPLE".to_owned());
        push(None, format!("Basic realm=\"{}\"", r.s(LOW, 6)));
        push(None, "Bearer error=\"invalid_token\"".to_owned());
        push(
            None,
            format!("Cookie: theme=dark; lang=en; tz={}", r.s(DIG, 3)),
        );
        push(None, format!("sk-{}", r.s(AN, 12)));
        push(
            None,
            format!("{}.{}.{}", r.s(B64U, 24), r.s(B64U, 6), r.s(B64U, 27)),
        );
    }
    out
}
