//! The rest of the independent corpus: every detector that `mod.rs` does not cover (the
//! formats added before issue 12, the wallets, postal codes and national identifiers added
//! with it), each from its specification: issuers' check digits, Base58Check and bech32
//! (BIP 173/350), EIP-55 over Keccak-256, GitHub's CRC32 token checksum, vendors' documented
//! token layouts. Like `mod.rs`, it imports nothing from `ocsf_detect`; SHA-256, Keccak-256,
//! CRC32 and bech32 are written here again from their specifications.

use super::checksums::{base58check, bech32, bytes, eip55, github_style, json_b64, to5};
use super::identifiers::{belgian, card, cn_id, codice_fiscale, fodselsnummer, iban, nric};
use super::{
    base64, text, Gen, Part, ALNUM, DIG, HEXL, LETTERS, LOWER_ALNUM, STD64, UPPER_ALNUM, URL64,
};
use Part::{Lit, Run};

const B32UP: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const AZ_SECRET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~.-";
const UUID: [Part; 9] = [
    Run(HEXL, 8),
    Lit("-"),
    Run(HEXL, 4),
    Lit("-"),
    Run(HEXL, 4),
    Lit("-"),
    Run(HEXL, 4),
    Lit("-"),
    Run(HEXL, 12),
];

/// Documented layouts of the token formats (vendors' documentation): id, layout, sentence.
pub const LAYOUTS: &[(&str, &[Part], &str)] = &[
    ("aws_access_key_id", &[Lit("AKIA"), Run(B32UP, 16)], "aws_access_key_id = {}"),
    ("aws_secret_access_key", &[Run(STD64, 40)], "aws_secret_access_key={}"),
    ("aws_session_token", &[Lit("IQoJb3JpZ2luX2Vj"), Run(STD64, 300)], "AWS_SESSION_TOKEN={}"),
    ("gcp_api_key", &[Lit("AIza"), Run(URL64, 35)], "GET /maps/api/geocode/json?address=Main&key={}"),
    ("google_oauth_client_secret", &[Lit("GOCSPX-"), Run(URL64, 28)], "\"client_secret\": \"{}\""),
    ("google_oauth_access_token", &[Lit("ya29."), Run(URL64, 120)], "token {} refreshed"),
    ("firebase_fcm_server_key", &[Lit("AAAA"), Run(URL64, 7), Lit(":APA91b"), Run(URL64, 134)], "Authorization: key={}"),
    ("azure_storage_account_key", &[Run(STD64, 86), Lit("==")], "DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey={};EndpointSuffix=core.windows.net"),
    ("azure_sas_signature", &[Run(STD64, 43), Lit("%3D")], "https://contoso.blob.core.windows.net/c/b.bin?sp=r&st=2024-01-01T00:00:00Z&se=2024-02-01T00:00:00Z&spr=https&sv=2022-11-02&sr=b&sig={}"),
    ("azure_shared_access_key", &[Run(STD64, 43), Lit("=")], "Endpoint=sb://ns1.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={}"),
    ("azure_ad_client_secret", &[Run(ALNUM, 3), Run(DIG, 1), Lit("Q~"), Run(AZ_SECRET, 34)], "AZURE_CLIENT_SECRET={}"),
    ("alibaba_access_key_id", &[Lit("LTAI"), Run(ALNUM, 20)], "AccessKeyId: {}"),
    ("tencent_secret_id", &[Lit("AKID"), Run(ALNUM, 32)], "SecretId={}"),
    ("digitalocean_pat", &[Lit("dop_v1_"), Run(HEXL, 64)], "DIGITALOCEAN_TOKEN={}"),
    ("digitalocean_oauth_token", &[Lit("doo_v1_"), Run(HEXL, 64)], "token {}"),
    ("digitalocean_refresh_token", &[Lit("dor_v1_"), Run(HEXL, 64)], "refresh {}"),
    ("heroku_api_key", &[Lit("HRKU-"), Run(URL64, 60)], "HEROKU_API_KEY={}"),
    ("heroku_api_key_legacy", &UUID, "HEROKU_API_KEY={}"),
    ("cloudflare_origin_ca_key", &[Lit("v1.0-"), Run(HEXL, 24), Lit("-"), Run(HEXL, 146)], "X-Auth-User-Service-Key: {}"),
    ("github_fine_grained_pat", &[Lit("github_pat_"), Run(ALNUM, 22), Lit("_"), Run(ALNUM, 59)], "GH_TOKEN={}"),
    ("gitlab_pat", &[Lit("glpat-"), Run(URL64, 20)], "PRIVATE-TOKEN: {}"),
    ("gitlab_deploy_token", &[Lit("gldt-"), Run(URL64, 20)], "deploy {}"),
    ("gitlab_runner_token", &[Lit("glrt-"), Run(URL64, 20)], "token = \"{}\""),
    ("gitlab_pipeline_trigger_token", &[Lit("glptt-"), Run(HEXL, 40)], "curl -F token={} https://gitlab.acme.io/api/v4/projects/9/trigger/pipeline"),
    ("gitlab_runner_registration_token", &[Lit("GR1348941"), Run(URL64, 20)], "gitlab-runner register --registration-token {}"),
    ("gitlab_oauth_app_secret", &[Lit("gloas-"), Run(HEXL, 64)], "secret {}"),
    ("gitlab_feed_token", &[Lit("glft-"), Run(URL64, 20)], "feed_token={}"),
    ("bitbucket_app_password", &[Lit("ATBB"), Run(ALNUM, 32)], "BITBUCKET_APP_PASSWORD={}"),
    ("atlassian_api_token", &[Lit("ATATT3"), Run(URL64, 183), Lit("="), Run("0123456789ABCDEF", 8)], "JIRA_API_TOKEN={}"),
    ("pypi_token", &[Lit("pypi-AgEIcHlwaS5vcmc"), Run(URL64, 70)], "password = {}"),
    ("docker_hub_token", &[Lit("dckr_pat_"), Run(URL64, 27)], "docker login -u ci --password-stdin <<< {}"),
    ("rubygems_api_key", &[Lit("rubygems_"), Run(HEXL, 48)], "GEM_HOST_API_KEY={}"),
    ("crates_io_token", &[Lit("cio"), Run(ALNUM, 32)], "CARGO_REGISTRY_TOKEN={}"),
    ("pulumi_token", &[Lit("pul-"), Run(HEXL, 40)], "PULUMI_ACCESS_TOKEN={}"),
    ("terraform_cloud_token", &[Run(ALNUM, 14), Lit(".atlasv1."), Run(URL64, 67)], "TF_TOKEN_app_terraform_io={}"),
    ("vault_service_token", &[Lit("hvs."), Run(URL64, 90)], "X-Vault-Token: {}"),
    ("vault_batch_token", &[Lit("hvb."), Run(URL64, 138)], "X-Vault-Token: {}"),
    ("vault_recovery_token", &[Lit("hvr."), Run(URL64, 90)], "recovery {}"),
    ("doppler_token", &[Lit("dp.pt."), Run(ALNUM, 43)], "DOPPLER_TOKEN={}"),
    ("databricks_token", &[Lit("dapi"), Run(HEXL, 32)], "DATABRICKS_TOKEN={}"),
    ("dropbox_access_token", &[Lit("sl."), Run(URL64, 138)], "Authorization: Bearer {}"),
    ("onepassword_service_account_token", &[Lit("ops_eyJ"), Run(URL64, 200)], "OP_SERVICE_ACCOUNT_TOKEN={}"),
    ("tailscale_key", &[Lit("tskey-auth-k"), Run(ALNUM, 11), Lit("CNTRL-"), Run(ALNUM, 33)], "tailscale up --auth-key={}"),
    ("planetscale_token", &[Lit("pscale_tkn_"), Run(URL64, 43)], "PLANETSCALE_SERVICE_TOKEN={}"),
    ("slack_bot_token", &[Lit("xoxb-"), Run(DIG, 11), Lit("-"), Run(DIG, 13), Lit("-"), Run(ALNUM, 24)], "SLACK_BOT_TOKEN={}"),
    ("slack_user_token", &[Lit("xoxp-"), Run(DIG, 11), Lit("-"), Run(DIG, 11), Lit("-"), Run(DIG, 13), Lit("-"), Run(HEXL, 32)], "token={}"),
    ("slack_app_token", &[Lit("xapp-1-A"), Run(UPPER_ALNUM, 10), Lit("-"), Run(DIG, 13), Lit("-"), Run(HEXL, 64)], "SLACK_APP_TOKEN={}"),
    ("slack_config_token", &[Lit("xoxe.xoxp-1-"), Run(ALNUM, 150)], "config token {}"),
    ("slack_webhook_url", &[Lit("https://hooks.slack.com/services/T"), Run(UPPER_ALNUM, 10), Lit("/B"), Run(UPPER_ALNUM, 10), Lit("/"), Run(ALNUM, 24)], "posting to {}"),
    ("discord_webhook_url", &[Lit("https://discord.com/api/webhooks/"), Run(DIG, 18), Lit("/"), Run(URL64, 68)], "webhook {}"),
    ("telegram_bot_token", &[Run("123456789", 1), Run(DIG, 9), Lit(":AA"), Run(URL64, 33)], "https://api.telegram.org/bot{}/sendMessage"),
    ("msteams_webhook_url", &[Lit("https://acme.webhook.office.com/webhookb2/"), Run(HEXL, 8), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 12), Lit("@"), Run(HEXL, 8), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 12), Lit("/IncomingWebhook/"), Run(HEXL, 32), Lit("/"), Run(HEXL, 8), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 12)], "teams hook {}"),
    ("twilio_api_key", &[Lit("SK"), Run(HEXL, 32)], "TWILIO_API_KEY={}"),
    ("sendgrid_api_key", &[Lit("SG."), Run(URL64, 22), Lit("."), Run(URL64, 43)], "SENDGRID_API_KEY={}"),
    ("mailgun_api_key", &[Lit("key-"), Run(HEXL, 32)], "api:{}"),
    ("mailchimp_api_key", &[Run(HEXL, 32), Lit("-us"), Run("123456789", 1), Run(DIG, 1)], "MAILCHIMP_KEY={}"),
    ("brevo_api_key", &[Lit("xkeysib-"), Run(HEXL, 64), Lit("-"), Run(ALNUM, 16)], "api-key: {}"),
    ("linear_api_key", &[Lit("lin_api_"), Run(ALNUM, 40)], "LINEAR_API_KEY={}"),
    ("linear_oauth_token", &[Lit("lin_oauth_"), Run(HEXL, 64)], "token {}"),
    ("notion_token", &[Lit("ntn_"), Run(DIG, 11), Run(ALNUM, 35)], "NOTION_TOKEN={}"),
    ("notion_legacy_token", &[Lit("secret_"), Run(ALNUM, 43)], "Authorization: Bearer {}"),
    ("hubspot_private_app_token", &[Lit("pat-na1-"), Run(HEXL, 8), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 12)], "HUBSPOT_TOKEN={}"),
    ("stripe_secret_key", &[Lit("sk_live_"), Run(ALNUM, 99)], "STRIPE_SECRET_KEY={}"),
    ("stripe_restricted_key", &[Lit("rk_live_"), Run(ALNUM, 99)], "stripe key {}"),
    ("stripe_test_key", &[Lit("sk_test_"), Run(ALNUM, 99)], "stripe.api_key = \"{}\""),
    ("stripe_webhook_secret", &[Lit("whsec_"), Run(ALNUM, 32)], "STRIPE_WEBHOOK_SECRET={}"),
    ("shopify_access_token", &[Lit("shpat_"), Run(HEXL, 32)], "X-Shopify-Access-Token: {}"),
    ("shopify_shared_secret", &[Lit("shpss_"), Run(HEXL, 32)], "shared secret {}"),
    ("square_access_token", &[Lit("EAAA"), Run(URL64, 60)], "SQUARE_ACCESS_TOKEN={}"),
    ("square_oauth_secret", &[Lit("sq0csp-"), Run(URL64, 43)], "client secret {}"),
    ("datadog_api_key", &[Run(HEXL, 32)], "DD_API_KEY={}"),
    ("new_relic_user_api_key", &[Lit("NRAK-"), Run(UPPER_ALNUM, 27)], "NEW_RELIC_API_KEY={}"),
    ("new_relic_admin_key", &[Lit("NRAA-"), Run(HEXL, 27)], "X-Api-Key: {}"),
    ("new_relic_pixie_key", &[Lit("px-api-"), Run(HEXL, 8), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 4), Lit("-"), Run(HEXL, 12)], "PX_API_KEY={}"),
    ("new_relic_insights_key", &[Lit("NRII-"), Run(URL64, 32)], "X-Insert-Key: {}"),
    ("new_relic_license_key", &[Run(HEXL, 36), Lit("NRAL")], "license_key: {}"),
    ("sentry_dsn", &[Lit("https://"), Run(HEXL, 32), Lit(":"), Run(HEXL, 32), Lit("@o"), Run(DIG, 6), Lit(".ingest.sentry.io/"), Run("123456789", 7)], "SENTRY_DSN={}"),
    ("sentry_auth_token", &[Lit("sntryu_"), Run(HEXL, 64)], "SENTRY_AUTH_TOKEN={}"),
    ("grafana_cloud_token", &[Lit("glc_"), Run(STD64, 80)], "GRAFANA_CLOUD_TOKEN={}"),
    ("grafana_service_account_token", &[Lit("glsa_"), Run(ALNUM, 32), Lit("_"), Run(HEXL, 8)], "Authorization: Bearer {}"),
    ("postman_api_key", &[Lit("PMAK-"), Run(HEXL, 24), Lit("-"), Run(HEXL, 34)], "X-Api-Key: {}"),
    ("openai_api_key", &[Lit("sk-proj-"), Run(URL64, 156)], "OPENAI_API_KEY={}"),
    ("anthropic_api_key", &[Lit("sk-ant-api03-"), Run(URL64, 93), Lit("AA")], "x-api-key: {}"),
    ("huggingface_token", &[Lit("hf_"), Run(LETTERS, 34)], "HF_TOKEN={}"),
    ("groq_api_key", &[Lit("gsk_"), Run(ALNUM, 52)], "GROQ_API_KEY={}"),
    ("xai_api_key", &[Lit("xai-"), Run(ALNUM, 80)], "XAI_API_KEY={}"),
    ("perplexity_api_key", &[Lit("pplx-"), Run(ALNUM, 48)], "PERPLEXITY_API_KEY={}"),
    ("replicate_api_token", &[Lit("r8_"), Run(ALNUM, 37)], "REPLICATE_API_TOKEN={}"),
    ("private_key_pem", &[Run(STD64, 64), Lit("\n"), Run(STD64, 64), Lit("\n"), Run(STD64, 40)], "-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----"),
    ("openssh_private_key", &[Lit("b3BlbnNzaC1rZXktdjEAAAAA"), Run(STD64, 46), Lit("\n"), Run(STD64, 70)], "-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----"),
    ("pgp_private_key", &[Lit("lQOYBG"), Run(STD64, 58), Lit("\n"), Run(STD64, 64)], "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n{}\n-----END PGP PRIVATE KEY BLOCK-----"),
    ("putty_private_key", &[Lit("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: ops\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAI"), Run(STD64, 43), Lit("\nPrivate-Lines: 1\n"), Run(STD64, 64), Lit("\nPrivate-MAC: "), Run(HEXL, 64)], "{}"),
    ("wireguard_private_key", &[Run(STD64, 42), Run("AEIMQUYcgkosw048", 1), Lit("=")], "[Interface]\nPrivateKey = {}"),
    ("mapbox_secret_token", &[Lit("sk.eyJ1Ijoi"), Run(URL64, 60), Lit("."), Run(URL64, 22)], "MAPBOX_SECRET_TOKEN={}"),
    ("database_url_password", &[Run(ALNUM, 16)], "DATABASE_URL=postgres://app:{}@db.internal:5432/app"),
    ("url_password", &[Run(ALNUM, 14)], "cloning https://deploy:{}@git.acme.io/repo.git"),
    ("connection_string_password", &[Run(ALNUM, 15)], "Server=tcp:db1,1433;Database=app;User Id=sa;Password={};"),
    ("authorization_bearer", &[Run(URL64, 40)], "Authorization: Bearer {}"),
    ("session_cookie", &[Run(URL64, 32)], "Cookie: theme=dark; sid={}"),
    ("password_cmdline", &[Run(ALNUM, 12)], "backup-tool --password={} --host db1"),
    ("password_assignment", &[Run(ALNUM, 12)], "retrying with password={}"),
    ("netrc_password", &[Run(ALNUM, 12)], "machine api.acme.io login bot password {}"),
    ("xml_password", &[Run(ALNUM, 12)], "<server><id>nexus</id><password>{}</password></server>"),
    ("secret_assignment", &[Run(ALNUM, 32)], "client_secret = \"{}\""),
];

/// `v` with another check letter at its end.
fn other_last_letter(v: &str) -> String {
    let (body, last) = v.split_at(v.len() - 1);
    format!("{body}{}", if last == "A" { "B" } else { "A" })
}

/// What `corpus` adds: positives `(id, key, text, secret, strict)` and look-alike negatives
/// `(id, key, text)`.
pub type Pos = (&'static str, Option<&'static str>, String, String, bool);
pub type Neg = (&'static str, Option<&'static str>, String);

pub fn corpus(g: &mut Gen, k: usize, pos: &mut Vec<Pos>, neg: &mut Vec<Neg>) {
    macro_rules! p {
        ($id:expr, $text:expr, $secret:expr) => {
            pos.push(($id, None, $text, $secret, false))
        };
    }
    macro_rules! n {
        ($id:expr, $text:expr) => {
            neg.push(($id, None, $text))
        };
    }
    for (id, prefix) in [
        ("github_pat", "ghp_"),
        ("github_oauth_token", "gho_"),
        ("github_user_to_server_token", "ghu_"),
        ("github_server_to_server_token", "ghs_"),
        ("github_refresh_token", "ghr_"),
        ("npm_token", "npm_"),
    ] {
        let v = github_style(g, prefix);
        p!(id, format!("token: {v}"), v.clone());
        n!(id, format!("{prefix}{}", "x".repeat(36)));
        n!(id, v[..v.len() - 8].to_owned());
    }
    // age: bech32 of 32 random bytes under `AGE-SECRET-KEY-`, upper case (age's spec).
    let v = bech32("age-secret-key-", &to5(&bytes(g, 32)), 1).to_uppercase();
    p!(
        "age_secret_key",
        format!("# created: 2024-01-01\n{v}"),
        v.clone()
    );
    n!(
        "age_secret_key",
        format!("age1{}", &v[16..70].to_lowercase())
    );
    // Discord bot token: base64 of a snowflake id, a timestamp part, an HMAC part.
    let id = format!("{}{}", 1 + g.below(9), text(&g.digits(17)));
    let v = format!(
        "{}.{}.{}",
        base64(id.as_bytes(), URL64, false),
        g.from(URL64, 6),
        g.from(URL64, 38)
    );
    p!("discord_bot_token", format!("DISCORD_TOKEN={v}"), v.clone());
    n!(
        "discord_bot_token",
        format!(
            "{}.{}",
            base64(id.as_bytes(), URL64, false),
            g.from(URL64, 6)
        )
    );
    // Grafana API key: base64 of {"k":…,"n":…,"id":…}.
    let v = base64(
        format!(
            r#"{{"k":"{}","n":"ci","id":{}}}"#,
            g.from(ALNUM, 32),
            g.below(99)
        )
        .as_bytes(),
        STD64,
        true,
    );
    p!("grafana_api_key", format!("Authorization: Bearer {v}"), v);
    n!(
        "grafana_api_key",
        base64(br#"{"kind":"dashboard","n":1}"#, STD64, true)
    );
    // A GCP service account key file (JSON, the key's newlines escaped).
    let v = g.from(STD64, 64);
    p!(
        "gcp_service_account_key",
        format!(
            r#"{{"type": "service_account", "project_id": "p-{}", "private_key": "-----BEGIN PRIVATE KEY-----\n{v}\n{}\n-----END PRIVATE KEY-----\n"}}"#,
            g.below(9999),
            g.from(STD64, 64)
        ),
        v
    );
    n!(
        "gcp_service_account_key",
        format!(
            r#"{{"type": "service_account", "project_id": "p-{}", "private_key": ""}}"#,
            g.below(9999)
        )
    );
    // Base64 of a PEM private key.
    let v = base64(
        format!("-----BEGIN PRIVATE KEY-----\n{}\n", g.from(STD64, 64)).as_bytes(),
        STD64,
        true,
    );
    p!("private_key_pem_base64", format!("tls.key: {v}"), v);
    n!(
        "private_key_pem_base64",
        base64(b"-----BEGIN CERTIFICATE-----\nMIIB", STD64, true)
    );
    // JWTs, and a Kubernetes service account token.
    let sig = g.from(URL64, 43);
    let v = format!(
        "{}.{}.{sig}",
        json_b64(r#"{"alg":"HS256","typ":"JWT"}"#),
        json_b64(&format!(
            r#"{{"sub":"{}","iat":{}}}"#,
            g.below(99999),
            1_700_000_000 + g.below(9_999_999)
        ))
    );
    p!("jwt", format!("id_token={v}"), v);
    n!(
        "jwt",
        format!("{}.{}", json_b64(r#"{"alg":"HS256"}"#), g.from(URL64, 30))
    );
    let ns = g.one(&["default", "kube-system", "ci"]);
    let v = format!(
        "{}.{}.{}",
        json_b64(&format!(
            r#"{{"alg":"RS256","kid":"{}"}}"#,
            g.from(URL64, 43)
        )),
        json_b64(&format!(
            r#"{{"iss":"kubernetes/serviceaccount","kubernetes.io/serviceaccount/namespace":"{ns}","sub":"system:serviceaccount:{ns}:builder"}}"#
        )),
        g.from(URL64, 342)
    );
    p!("kubernetes_service_account_token", format!("token: {v}"), v);
    n!(
        "kubernetes_service_account_token",
        "serviceAccountName: builder, automountServiceAccountToken: false".to_owned()
    );
    // HTTP Basic: base64 of user:password (RFC 7617).
    let v = base64(
        format!("svc-{}:{}", g.from(LOWER_ALNUM, 4), g.from(ALNUM, 14)).as_bytes(),
        STD64,
        true,
    );
    p!(
        "authorization_basic",
        format!("Authorization: Basic {v}"),
        v
    );
    n!(
        "authorization_basic",
        "Authorization: Basic realm=\"api\"".to_owned()
    );
    // Password hashes: Django's legacy hashers and scrypt.
    let v = match k % 3 {
        0 => format!("sha1${}${}", g.from(ALNUM, 12), g.from(HEXL, 40)),
        1 => format!("md5${}${}", g.from(ALNUM, 12), g.from(HEXL, 32)),
        _ => format!(
            "bcrypt_sha256$$2b$12${}",
            g.from(
                "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                53
            )
        ),
    };
    p!("django_legacy_hash", format!("auth_user.password = {v}"), v);
    n!(
        "django_legacy_hash",
        format!("sha1 {} of the upload", g.from(HEXL, 40))
    );
    let v = match k % 3 {
        0 => format!("$7$C6..../....{}${}", g.from(ALNUM, 16), g.from(ALNUM, 43)),
        1 => format!(
            "$scrypt$ln=16,r=8,p=1${}${}",
            g.from(STD64, 22),
            g.from(STD64, 43)
        ),
        _ => format!(
            "scrypt$16384${}$8$1${}=",
            g.from(ALNUM, 22),
            g.from(STD64, 43)
        ),
    };
    p!("scrypt_hash", format!("stored hash {v}"), v);
    n!(
        "scrypt_hash",
        "scrypt$16384$ parameters (N, r, p) are configurable".to_owned()
    );
    // Kubernetes bootstrap token Secret: `token-id` and `token-secret`.
    let v = g.from(LOWER_ALNUM, 16);
    p!(
        "kubernetes_bootstrap_token",
        format!(
            "token-id: {}\ntoken-secret: {v}\nusage-bootstrap-authentication: \"true\"",
            g.from(LOWER_ALNUM, 6)
        ),
        v
    );
    n!(
        "kubernetes_bootstrap_token",
        format!("token-id: {}", g.from(LOWER_ALNUM, 6))
    );
    // Personal data.
    let local = format!(
        "{}.{}",
        g.from("abcdefghijklmnopqrstuvwxyz", 5),
        g.from("abcdefghijklmnopqrstuvwxyz", 6)
    );
    let domain = g.one(&["corp-mail.io", "fastpost.de", "acme.co.uk", "mailbox.org"]);
    let (t, v) = match k % 2 {
        0 => (
            format!("sent to {local}@{domain}"),
            format!("{local}@{domain}"),
        ),
        _ => (
            format!("GET /unsubscribe?email={local}%40{domain}&list=7"),
            format!("{local}%40{domain}"),
        ),
    };
    p!("email", t, v);
    n!("email", format!("{local}@example.com"));
    let v = card(g);
    p!("payment_card", format!("card {v} declined"), v.clone());
    n!(
        "payment_card",
        format!("order {}", super::bump_last_digit(&v))
    );
    let v = iban(g);
    p!("iban", format!("transfer to {v}"), v.clone());
    n!(
        "iban",
        format!("transfer to {}", super::bump_last_digit(&v))
    );
    let v = format!(
        "{:03}-{:02}-{:04}",
        [g.below(665) + 1, 667 + g.below(232)][k % 2],
        1 + g.below(99),
        1 + g.below(9999)
    );
    p!("us_ssn", format!("SSN {v}"), v.clone());
    n!(
        "us_ssn",
        format!("SSN 666-{:02}-{:04}", 1 + g.below(99), 1 + g.below(9999))
    );
    let v = match k % 5 {
        0 => format!("+44 20 {} {}", text(&g.digits(4)), text(&g.digits(4))),
        1 => format!(
            "({}) {}-{}",
            200 + g.below(800),
            200 + g.below(800),
            text(&g.digits(4))
        ),
        2 => format!("090-{}-{}", text(&g.digits(4)), text(&g.digits(4))),
        3 => format!(
            "04{} {} {}",
            text(&g.digits(2)),
            text(&g.digits(3)),
            text(&g.digits(3))
        ),
        _ => format!(
            "6{} {} {} {}",
            text(&g.digits(2)),
            text(&g.digits(2)),
            text(&g.digits(2)),
            text(&g.digits(2))
        ),
    };
    p!("phone_number", format!("call me on {v}"), v);
    n!(
        "phone_number",
        format!("build {}.{}.{}", g.below(9), g.below(99), g.below(9999))
    );
    let v = format!(
        "{}{} {} {} {} {}",
        g.one(&["A", "C", "J", "P", "S"]),
        g.one(&["B", "E", "H", "R"]),
        text(&g.digits(2)),
        text(&g.digits(2)),
        text(&g.digits(2)),
        g.one(&["A", "B", "C", "D"])
    );
    p!("uk_nino", format!("NI number {v}"), v.clone());
    n!(
        "uk_nino",
        format!(
            "NI number {}",
            v.replace(' ', "").replacen(&v[..2], "GB", 1)
        )
    );
    // Public unicast space (loopback and private ranges are not addresses of a person).
    let v = format!(
        "{}.{}.{}.{}",
        g.one(&["23", "51", "84", "141", "185", "203"]),
        g.below(256),
        g.below(256),
        1 + g.below(254)
    );
    pos.push((
        "ipv4_address",
        None,
        format!("login from {v} failed"),
        v,
        true,
    ));
    neg.push((
        "ipv4_address",
        None,
        format!("Chrome/{}.0.0.0 on Windows", 100 + g.below(40)),
    ));
    let v = format!(
        "2001:db8:{:x}:{:x}::{:x}",
        g.below(65535),
        g.below(65535),
        1 + g.below(65534)
    );
    pos.push(("ipv6_address", None, format!("peer {v} closed"), v, true));
    neg.push((
        "ipv6_address",
        None,
        format!(
            "at {:02}:{:02}:{:02}",
            g.below(24),
            g.below(60),
            g.below(60)
        ),
    ));
    // Wallets.
    let v = match k % 4 {
        0 => base58check(0x00, &bytes(g, 20)),
        1 => base58check(0x05, &bytes(g, 20)),
        2 => {
            let mut d = vec![0u8];
            d.extend(to5(&bytes(g, 20)));
            bech32("bc", &d, 1)
        }
        _ => {
            let mut d = vec![1u8];
            d.extend(to5(&bytes(g, 32)));
            bech32("bc", &d, 0x2bc8_30a3)
        }
    };
    p!("bitcoin_address", format!("payout to {v}"), v.clone());
    // A one-character change breaks the checksum; witness v1 under bech32 is not an address.
    let mut broken = v.clone().into_bytes();
    let i = broken.len() - 3;
    broken[i] = if broken[i] == b'q' || broken[i] == b'2' {
        b'p'
    } else {
        b'q'
    };
    neg.push((
        "bitcoin_address",
        None,
        format!("payout to {}", String::from_utf8(broken).unwrap()),
    ));
    let v = eip55(g);
    p!("ethereum_address", format!("withdraw to {v}"), v.clone());
    neg.push((
        "ethereum_address",
        None,
        format!("tx hash 0x{}", g.from(HEXL, 40)),
    ));
    let v = match k % 5 {
        0 => format!("Springfield, IL 6{}", text(&g.digits(4))),
        1 => format!(
            "Toronto, ON M{}V {}L{}",
            g.below(10),
            g.below(10),
            g.below(10)
        ),
        2 => format!("London SW{}A {}AA", 1 + g.below(9), g.below(10)),
        3 => format!("{} AB Amsterdam", 1000 + g.below(9000)),
        _ => format!("{} Berlin", 10000 + g.below(4000)),
    };
    p!(
        "postal_code_city",
        // A post-office box line: a street here would be a street address of its own.
        format!("Postfach {}, {v}", 1 + g.below(99)),
        v
    );
    neg.push((
        "postal_code_city",
        None,
        format!(
            "processed {} Records in {} ms",
            10000 + g.below(9000),
            g.below(99)
        ),
    ));
    let v = codice_fiscale(g);
    p!(
        "it_codice_fiscale",
        format!("codice fiscale {v}"),
        v.clone()
    );
    neg.push((
        "it_codice_fiscale",
        None,
        format!("cf {}", other_last_letter(&v)),
    ));
    let v = cn_id(g);
    p!("cn_resident_id", format!("身份证 {v}"), v.clone());
    neg.push(("cn_resident_id", None, format!("order {}", &v[..17])));
    let v = nric(g);
    p!("sg_nric", format!("NRIC {v} verified"), v.clone());
    neg.push(("sg_nric", None, format!("NRIC {}", other_last_letter(&v))));
    let v = fodselsnummer(g);
    p!("no_fodselsnummer", format!("fødselsnummer {v}"), v.clone());
    neg.push((
        "no_fodselsnummer",
        None,
        format!("fødselsnummer {}", super::bump_last_digit(&v)),
    ));
    let v = belgian(g);
    p!(
        "be_national_number",
        format!("rijksregisternummer {v}"),
        v.clone()
    );
    neg.push((
        "be_national_number",
        None,
        format!("ref {}", super::bump_last_digit(&v)),
    ));
    // Values under secret names: whatever they look like; placeholders lowered; masked clean.
    let v = format!(
        "{}{}#{}",
        g.from(ALNUM, 4),
        g.below(100),
        g.from(LETTERS, 3)
    );
    pos.push(("password_field", Some("password"), v.clone(), v, false));
    neg.push((
        "password_field",
        Some("password"),
        g.one(&["********", "[REDACTED]", "<redacted>", "****", "xxxxxx"])
            .to_owned(),
    ));
    let v = g.from(LOWER_ALNUM, 10);
    pos.push(("secret_field", Some("client_secret"), v.clone(), v, false));
    neg.push(("secret_field", Some("token_id"), g.from(ALNUM, 24)));
    let v = g
        .one(&[
            "changeme",
            "${API_TOKEN}",
            "123456",
            "<your-api-key>",
            "abcdefgh",
        ])
        .to_owned();
    pos.push((
        "secret_field_placeholder",
        Some(g.one(&["api_token", "password", "client_secret"])),
        v.clone(),
        v,
        false,
    ));
    neg.push((
        "secret_field_placeholder",
        Some("api_token"),
        format!("****{}", g.from(DIG, 4)),
    ));
}
