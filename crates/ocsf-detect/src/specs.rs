//! The detector table: one row per format. Order is priority: when two detectors match
//! overlapping text, the earlier row wins (specific formats before generic ones).
//!
//! Codes are stable and never reused: `OCSFS1xx` token formats, `OCSFS2xx` credentials in
//! context (URLs, headers, assignments), `OCSFS3xx` attribute-name rules (see `keyed.rs`),
//! `OCSFP2xx` personal data in values.

use crate::checks::*;
use crate::national;
use crate::wallet;
use crate::{Category, DetectorInfo};

/// What must be seen in a string before a detector's regex runs.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Gate {
    /// Any of these literals (ASCII case-insensitive).
    Literals(&'static [&'static str]),
    /// At least this many ASCII digits.
    Digits(usize),
    /// A cheap structural test, which no string shorter than this many bytes passes.
    Shape(usize, fn(&str) -> bool),
}

pub(crate) type Check = fn(&str, &str, usize) -> bool;

#[derive(Debug)]
pub(crate) struct Spec {
    pub info: DetectorInfo,
    pub gate: Gate,
    pub re: &'static str,
    /// Capture group holding the sensitive text; 0 for the whole match. Where alternatives
    /// capture it in groups of their own, the first later group that took part ([`held`]).
    pub group: usize,
    /// The match must not touch a letter, digit or `_` on either side.
    pub bounded: bool,
    /// Checks the sensitive text, given the whole string and the text's offset in it.
    pub check: Check,
    /// A number an issuer assigns: its published examples and made-up numbers (`published`)
    /// are nobody's, whatever `check` says.
    pub issued: bool,
}

impl Spec {
    /// Whether the row reports `text`, found at `at` in `whole`.
    pub(crate) fn accepts(&self, text: &str, whole: &str, at: usize) -> bool {
        !(self.issued && crate::published::is_example(text)) && (self.check)(text, whole, at)
    }
}

const fn info(
    code: &'static str,
    id: &'static str,
    name: &'static str,
    category: Category,
    shape: &'static str,
    reveal: usize,
    strict_only: bool,
) -> DetectorInfo {
    DetectorInfo {
        code,
        id,
        name,
        category,
        shape,
        reveal,
        strict_only,
        lowered: false,
    }
}

/// The sensitive text of a match of a row whose capture group is `group`: that group, or
/// when it did not take part, the first later one that did (alternatives of one pattern that
/// find the secret in different contexts each capture it in a group of their own).
pub(crate) fn held<'h>(c: &regex::Captures<'h>, group: usize) -> Option<regex::Match<'h>> {
    c.get(group)
        .or_else(|| (group + 1..c.len()).find_map(|g| c.get(g)))
}

/// A token with a literal prefix: bounded, first four characters may be shown.
const fn tok(
    code: &'static str,
    id: &'static str,
    name: &'static str,
    shape: &'static str,
    triggers: &'static [&'static str],
    re: &'static str,
    check: Check,
) -> Spec {
    Spec {
        info: info(code, id, name, Category::Secret, shape, 4, false),
        gate: Gate::Literals(triggers),
        re,
        group: 0,
        bounded: true,
        check,
        issued: false,
    }
}

/// A secret found by its context (a keyword before it): the capture group is the secret,
/// nothing of it is shown.
const fn ctx(
    code: &'static str,
    id: &'static str,
    name: &'static str,
    shape: &'static str,
    triggers: &'static [&'static str],
    re: &'static str,
    check: Check,
) -> Spec {
    Spec {
        info: info(code, id, name, Category::Secret, shape, 0, false),
        gate: Gate::Literals(triggers),
        re,
        group: 1,
        bounded: false,
        check,
        issued: false,
    }
}

/// The same row, for a number an issuer assigns ([`Spec::issued`]).
const fn issued(mut spec: Spec) -> Spec {
    spec.issued = true;
    spec
}

/// The same row, for personal data found by its context (`BSN: …`, `DOB: …`).
const fn pii_ctx(mut spec: Spec) -> Spec {
    spec.info.category = Category::Pii;
    spec
}

// One positional row per detector keeps the table readable; a builder would triple its length.
#[allow(clippy::too_many_arguments)]
const fn pii(
    code: &'static str,
    id: &'static str,
    name: &'static str,
    shape: &'static str,
    gate: Gate,
    re: &'static str,
    check: Check,
    strict_only: bool,
) -> Spec {
    Spec {
        info: info(code, id, name, Category::Pii, shape, 0, strict_only),
        gate,
        re,
        group: 0,
        bounded: true,
        check,
        issued: false,
    }
}

fn rnd(m: &str, _: &str, _: usize) -> bool {
    looks_random(m)
}
/// A random value; a base64 value may start with `/` or `+` (a placeholder's mark elsewhere).
fn entropic(m: &str, _: &str, _: usize) -> bool {
    high_entropy(m.trim_start_matches(['/', '+']))
}
/// A random value over one case and digits, which may by chance have no digit (ThingsBoard's
/// 20-character tokens): many distinct characters, not a placeholder.
fn random_one_case(m: &str, _: &str, _: usize) -> bool {
    let mut seen = [false; 128];
    m.bytes().for_each(|b| seen[usize::from(b & 127)] = true);
    !is_placeholder(m) && seen.iter().filter(|&&x| x).count() >= m.len() / 2
}
fn not_placeholder(m: &str, _: &str, _: usize) -> bool {
    !is_placeholder(m)
}
/// The CRC32 checksum is validated; a body that fails it is still reported when it is random
/// in all three classes (upper, lower, digits): published examples and truncated copies fail
/// the checksum but are written where real tokens go.
fn gh_sum(m: &str, _: &str, _: usize) -> bool {
    github_style_checksum(m) || three_classes(m.split_once('_').map_or(m, |(_, b)| b))
}
fn three_classes(b: &str) -> bool {
    b.bytes().any(|c| c.is_ascii_uppercase())
        && b.bytes().any(|c| c.is_ascii_lowercase())
        && b.bytes().any(|c| c.is_ascii_digit())
        && looks_random(b)
}
fn jwt(m: &str, _: &str, _: usize) -> bool {
    jwt_valid(m)
}
fn grafana(m: &str, _: &str, _: usize) -> bool {
    grafana_key_valid(m)
}
fn discord(m: &str, _: &str, _: usize) -> bool {
    discord_bot_valid(m) && looks_random(m)
}
fn basic(m: &str, _: &str, _: usize) -> bool {
    basic_auth_valid(m)
}
fn bech(m: &str, _: &str, _: usize) -> bool {
    bech32_valid(m) || looks_random(&m[16..])
}
fn card(m: &str, _: &str, _: usize) -> bool {
    card_valid(m)
}
fn iban(m: &str, _: &str, _: usize) -> bool {
    iban_valid(m)
}
fn ssn(m: &str, whole: &str, at: usize) -> bool {
    let bare = m.bytes().all(|b| b.is_ascii_digit());
    (!bare || labelled_word(whole, at, &["ssn", "social security"]))
        && ssn_valid(m)
        && !inside_longer_token(whole, at, at + m.len())
}

/// Whether `whole[start..end]` continues a longer token joined by `-` or `.` on either side
/// (`ip-10-176-78-1111`, `1.123-45-6789.2`): a piece of a host name or version, not a number
/// written alone.
fn inside_longer_token(whole: &str, start: usize, end: usize) -> bool {
    let b = whole.as_bytes();
    let joined = |sep: Option<&u8>, next: Option<&u8>| {
        matches!(sep, Some(b'-' | b'.')) && next.is_some_and(u8::is_ascii_alphanumeric)
    };
    (start >= 2 && joined(b.get(start - 1), b.get(start - 2))) || joined(b.get(end), b.get(end + 1))
}
fn nino(m: &str, _: &str, _: usize) -> bool {
    nino_valid(m)
}
fn phone(m: &str, _: &str, _: usize) -> bool {
    phone_valid(m) && !crate::published::is_fictional_phone(m)
}
fn ipv4(m: &str, whole: &str, at: usize) -> bool {
    let before = &whole.as_bytes()[..at];
    // `Chrome/141.0.0.0`, `v1.2.3.4`: versions, not addresses.
    let versionish = matches!(before.last(), Some(b'v' | b'V'))
        || (before.last() == Some(&b'/')
            && before.len() >= 2
            && before[before.len() - 2].is_ascii_alphabetic());
    let after = &whole.as_bytes()[at + m.len()..];
    let dotted_on = after.first() == Some(&b'.') && after.get(1).is_some_and(u8::is_ascii_digit);
    !versionish && !dotted_on && !m.ends_with(".0") && ipv4_valid(m)
}
fn ipv6(m: &str, _: &str, _: usize) -> bool {
    ipv6_valid(m)
}
fn email(m: &str, whole: &str, at: usize) -> bool {
    let Some((local, domain)) = m.rsplit_once('@').or_else(|| m.rsplit_once("%40")) else {
        return false;
    };
    let domain = domain.to_ascii_lowercase();
    let tld = domain.rsplit('.').next().unwrap_or_default();
    const FILE_EXT: &[&str] = &[
        "png", "jpg", "jpeg", "gif", "svg", "webp", "js", "css", "json", "txt", "log", "exe",
        "dll", "so", "py", "rs", "ts", "md", "html", "xml", "zip", "gz", "tar",
    ];
    const RESERVED: &[&str] = &["example.com", "example.org", "example.net", "localhost"];
    // SSH algorithm names of the form `name@domain` (RFC 4251, section 6): the domain is the
    // implementation that defined the algorithm, not a mailbox.
    const SSH_NAMESPACES: &[&str] = &[
        "openssh.com",
        "libssh.org",
        "ssh.com",
        "lysator.liu.se",
        "libassh.org",
        "putty.projects.tartarus.org",
        "tartarus.org",
        "bitvise.com",
    ];
    let before = &whole[..at];
    // `user:password@host` is a URL's credentials, but `mailto:` names a mailbox (RFC 6068).
    let after_colon = before.ends_with(':')
        && !before
            .get(before.len().saturating_sub(7)..)
            .is_some_and(|s| s.eq_ignore_ascii_case("mailto:"));
    !before.ends_with("//")
        && !after_colon
        && local != "git"
        && !local.starts_with('.')
        && !FILE_EXT.contains(&tld)
        && !RESERVED.contains(&domain.as_str())
        && !domain.ends_with(".example")
        && !RESERVED.iter().any(|r| domain.ends_with(&format!(".{r}")))
        && !SSH_NAMESPACES.contains(&domain.as_str())
        && !is_kerberos_principal(whole, at, m)
        && !is_message_id(whole, at, m.len())
        && !domain.ends_with(".invalid")
        && !domain.ends_with(".test")
}
/// A Kerberos principal (`HTTP/web01.corp@CORP.EXAMPLE`): a service name before `/`, and an
/// upper-case realm after `@` (RFC 4120 names realms in upper case by convention).
fn is_kerberos_principal(whole: &str, at: usize, m: &str) -> bool {
    let realm = m.rsplit('@').next().unwrap_or_default();
    whole[..at].ends_with('/') && !realm.bytes().any(|b| b.is_ascii_lowercase())
}

/// A mail Message-ID (RFC 5322 `msg-id`): the whole string is `<id-left@id-right>`, and the
/// left part is machine-made (digits, or `.`/`$`/`-` runs typical of mail servers). Such an
/// id is not a mailbox; `Ana <ana@corp.io>` is one.
fn is_message_id(whole: &str, at: usize, len: usize) -> bool {
    let t = whole.trim();
    let off = whole.len() - whole.trim_start().len();
    if !(t.starts_with('<') && t.ends_with('>') && at == off + 1 && at + len == off + t.len() - 1) {
        return false;
    }
    let local = &whole[at..at + len].split('@').next().unwrap_or_default();
    local.bytes().filter(u8::is_ascii_digit).count() >= 4
}

/// A random value after a secret-like name, unless the name says the key is public
/// (`PublicKey = …`, `public_key: …`) or the value is the name part of an ARN
/// (`arn:aws:secretsmanager:…:secret:NAME`), which refers to a secret without holding it.
fn secret_assignment(m: &str, whole: &str, at: usize) -> bool {
    let before = whole[..at].trim_end_matches([' ', '\t', ':', '=', '"', '\'', '>', ']']);
    let token_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '"' || c == '\'' || c == ',')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let name = &before[token_start..];
    let lower = name.to_ascii_lowercase();
    if lower.contains("public") || lower.starts_with("arn:") {
        return false;
    }
    // A name that holds a secret (`client_secret`, `apiKey`, not `token_type`): any value
    // that is not masked, a placeholder, a sequence or a boolean, as under such a key in an
    // object (`crate::keyed`); another name (`key`): a random-looking value.
    let name = name.trim_start_matches(['{', '[', '(', '<']);
    // The whole value, where the match stopped at a mask (`ghp_****…A0Ej`) or an ellipsis
    // (`sk-...`): such a value is shown in part, not given.
    let value = whole[at..]
        .split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | ';' | '&'))
        .next()
        .unwrap_or(m);
    if crate::checks::is_masked(value) || value.ends_with("...") || value.ends_with('…') {
        return false;
    }
    match crate::keyed::detect_keyed(name, m) {
        Some(f) => !crate::keyed::is_lowered(f.detector) && stated_in_prose(m),
        None => high_entropy(m),
    }
}

/// Free text also writes under a secret's name what is no secret: a word for its state
/// (`token: expired`, `api_key=invalid`, `test`), a repeated pattern (`asdfasdf…`), the name of
/// another setting (`private_key_not_pub_prefix`). A value of six or more characters that is
/// none of these.
fn stated_in_prose(v: &str) -> bool {
    const STATES: &[&str] = &[
        "invalid",
        "expired",
        "missing",
        "revoked",
        "present",
        "provided",
        "absent",
        "unset",
        "notset",
        "disabled",
        "enabled",
        "rotated",
        "refreshed",
        "generated",
        "created",
        "deleted",
        "removed",
        "accepted",
        "rejected",
        "denied",
        "granted",
        "verified",
        "unverified",
        "supplied",
        "changed",
        "updated",
        "issued",
        "unused",
        "active",
        "inactive",
        "pending",
        "failed",
        "success",
        "successful",
        "malformed",
        "mismatch",
        "encrypted",
        "decrypted",
        "configured",
        "required",
        "expiring",
        "exchanged",
        "received",
        "stored",
        "cached",
        "cleared",
        "renewed",
        "omitted",
        "ignored",
    ];
    if STATES.iter().any(|w| v.eq_ignore_ascii_case(w)) {
        return false;
    }
    let b = v.as_bytes();
    let repeated =
        (1..=8).any(|p| b.len() >= 2 * p && b.iter().enumerate().all(|(i, &c)| c == b[i % p]));
    let parts: Vec<&str> = v.split('_').collect();
    let identifier = parts.len() >= 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_lowercase()));
    b.len() >= 6 && !repeated && !identifier
}

/// A 52-character Azure DevOps PAT: after a `pat`/`token` name, or written alone in a string
/// that names Azure DevOps.
fn azure_devops_52(m: &str, whole: &str, at: usize) -> bool {
    let named = whole[..at]
        .trim_end_matches([' ', '\t', ':', '=', '"', '\''])
        .ends_with(|c: char| c.is_ascii_alphabetic());
    let lower = whole.to_ascii_lowercase();
    let devops = ["devops", "dev.azure.com", "visualstudio.com"]
        .iter()
        .any(|w| lower.contains(w));
    (named || devops) && has_digits_and_letters(m, whole, at)
}

/// A password given to a command; FTP's `PASS` only where the string speaks of FTP (`PASS`
/// also starts test results).
fn password_command(m: &str, whole: &str, at: usize) -> bool {
    let ftp = whole[..at].trim_end().ends_with("PASS");
    (!ftp || whole.to_ascii_lowercase().contains("ftp")) && !is_placeholder(m)
}

/// A password after its name: any value that is not a placeholder after `password=`; after a
/// verb or an account (`Password supplied: '…'`, `password for bob: …`, `password is …`),
/// which prose also writes before words (`password is incorrect`), a value with a letter and
/// a digit or symbol, of 6 or more characters, and only after the full word.
fn password_value(m: &str, whole: &str, at: usize) -> bool {
    // `password => "cms/sites/passwords#edit"`: a route or a name about passwords.
    if is_placeholder(m) || m.to_ascii_lowercase().contains("password") {
        return false;
    }
    let before = whole[..at].trim_end_matches([' ', '\t', ':', '=', '>', '"', '\'', '\\']);
    let lower = before.to_ascii_lowercase();
    let plain = [
        "password",
        "passwd",
        "passwort",
        "passphrase",
        "pwd",
        "pass",
    ]
    .iter()
    .any(|k| lower.ends_with(k));
    if plain {
        return true;
    }
    let full_word = ["password", "passwd", "passwort", "passphrase"]
        .iter()
        .any(|k| lower.contains(k));
    let b = m.as_bytes();
    full_word
        && b.len() >= 6
        && b.iter().any(u8::is_ascii_alphabetic)
        && b.iter().any(|c| !c.is_ascii_alphabetic())
}

fn has_digits_and_letters(m: &str, _: &str, _: usize) -> bool {
    m.bytes().any(|b| b.is_ascii_digit())
        && m.bytes().any(|b| b.is_ascii_alphabetic())
        && looks_random(m)
}
fn service_account(m: &str, whole: &str, _: usize) -> bool {
    whole.contains("service_account") && m.len() > 100
}
fn sas(m: &str, whole: &str, _: usize) -> bool {
    whole.contains("sv=") && (whole.contains("se=") || whole.contains("sp=")) && m.len() >= 40
}
fn ado(m: &str, whole: &str, _: usize) -> bool {
    let lower = whole.to_ascii_lowercase();
    [
        "server=",
        "data source=",
        "host=",
        "initial catalog=",
        "user id=",
        "uid=",
        "database=",
        "accountname=",
    ]
    .iter()
    .any(|k| lower.contains(k))
        && !is_placeholder(m.trim())
}
fn cookie(m: &str, whole: &str, _: usize) -> bool {
    whole.to_ascii_lowercase().contains("cookie") && looks_random(m)
}
fn pem_body(m: &str, _: &str, _: usize) -> bool {
    // A real key has a long base64 body; `-----BEGIN PRIVATE KEY-----\n...` is a placeholder.
    let mut run = 0;
    for b in m.bytes().skip_while(|&b| b != b'-').skip(30) {
        if b.is_ascii_alphanumeric() || b == b'+' || b == b'/' {
            run += 1;
            if run >= 40 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}
fn pem_b64(m: &str, _: &str, _: usize) -> bool {
    let head = &m[..m.len().min(64) / 4 * 4];
    base64_decode(head).is_some_and(|b| String::from_utf8_lossy(&b).contains("PRIVATE KEY"))
}
fn openssh(m: &str, whole: &str, at: usize) -> bool {
    m.contains("b3BlbnNzaC1rZXktdjE") && pem_body(m, whole, at)
}
/// The header of a PuTTY key file whose private lines are there (a base64 run of 40 or more).
fn putty(m: &str, whole: &str, _: usize) -> bool {
    !m.is_empty()
        && whole.split_once("Private-Lines:").is_some_and(|(_, rest)| {
            rest.split(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '/'))
                .any(|run| run.len() >= 40)
        })
}
/// An access key id: 16 base32 characters are upper case and digits `2`–`7`, and may have
/// no digit at all, so the two-class test of [`looks_random`] does not apply.
fn aws_key_id(m: &str, _: &str, _: usize) -> bool {
    let mut seen = [false; 128];
    m[4..]
        .bytes()
        .for_each(|b| seen[usize::from(b & 127)] = true);
    !is_placeholder(m) && seen.iter().filter(|&&x| x).count() >= 8
}
fn any(_: &str, _: &str, _: usize) -> bool {
    true
}
/// A national number written alone: not a piece of a longer dash- or dot-joined token.
fn alone(m: &str, whole: &str, at: usize) -> bool {
    !inside_longer_token(whole, at, at + m.len())
}
fn itin(m: &str, whole: &str, at: usize) -> bool {
    let bare = m.bytes().all(|b| b.is_ascii_digit());
    let seps = m.bytes().filter(|b| !b.is_ascii_digit()).count();
    (seps == 2 || (bare && labelled_word(whole, at, &["itin"])))
        && same_separators(m)
        && alone(m, whole, at)
}
/// The separators of a number are all the same (`123-45-6789`, not `123-45 6789`).
fn same_separators(m: &str) -> bool {
    m.bytes()
        .filter(|b| !b.is_ascii_digit())
        .collect::<Vec<_>>()
        .windows(2)
        .all(|w| w[0] == w[1])
}
fn ca_sin(m: &str, whole: &str, at: usize) -> bool {
    let seps = m.bytes().filter(|b| !b.is_ascii_digit()).count();
    let labels = ["sin", "nas", "social insurance", "assurance sociale"];
    (seps == 2 || (seps == 0 && labelled_word(whole, at, &labels)))
        && same_separators(m)
        && alone(m, whole, at)
        && national::ca_sin(m)
}
/// Whether one of `words` occurs as a word (no ASCII letter on either side; ASCII
/// case-insensitively) in the 40 bytes before `at`: `SIN` in `validate_sin(`, not in `using`.
fn labelled_word(whole: &str, at: usize, words: &[&str]) -> bool {
    let from = at.saturating_sub(40);
    let before = whole.as_bytes()[from..at].to_ascii_lowercase();
    words.iter().any(|w| {
        let w = w.as_bytes();
        before.windows(w.len()).enumerate().any(|(i, x)| {
            x == w
                && !(i > 0 && before[i - 1].is_ascii_alphabetic())
                && !before.get(i + w.len()).is_some_and(u8::is_ascii_alphabetic)
        })
    })
}
/// Whether one of `words` occurs (ASCII case-insensitively) in the 40 bytes before `at`.
fn labelled(whole: &str, at: usize, words: &[&str]) -> bool {
    let from = at.saturating_sub(40);
    let before = whole.as_bytes()[from..at].to_ascii_lowercase();
    words
        .iter()
        .any(|w| before.windows(w.len()).any(|x| x == w.as_bytes()))
}
fn br_cpf(m: &str, whole: &str, at: usize) -> bool {
    let formatted = m.contains('.') && m.contains('-');
    (formatted || labelled(whole, at, &["cpf"])) && alone(m, whole, at) && national::br_cpf(m)
}
fn fr_nir(m: &str, whole: &str, at: usize) -> bool {
    alone(m, whole, at) && national::fr_nir(m)
}
fn es_dni(m: &str, whole: &str, at: usize) -> bool {
    alone(m, whole, at) && national::es_dni(m)
}
fn nl_bsn(m: &str, _: &str, _: usize) -> bool {
    national::nl_bsn(m)
}
fn pl_pesel(m: &str, _: &str, _: usize) -> bool {
    national::pl_pesel(m)
}
fn se_pnr(m: &str, whole: &str, at: usize) -> bool {
    let signed = m.bytes().any(|b| b == b'-' || b == b'+');
    (signed
        || labelled_word(
            whole,
            at,
            &[
                "personnummer",
                "pnr",
                "personnr",
                "personal identity number",
            ],
        ))
        && alone(m, whole, at)
        && national::se_personnummer(m)
}
fn fi_hetu(m: &str, whole: &str, at: usize) -> bool {
    alone(m, whole, at) && national::fi_hetu(m)
}
fn aadhaar(m: &str, whole: &str, at: usize) -> bool {
    // Three groups of a longer space-grouped number (an IBAN, a card) are not an Aadhaar.
    let b = whole.as_bytes();
    let end = at + m.len();
    let grouped_on = (at >= 2 && b[at - 1] == b' ' && b[at - 2].is_ascii_digit())
        || (b.get(end) == Some(&b' ') && b.get(end + 1).is_some_and(u8::is_ascii_digit));
    if grouped_on {
        return false;
    }
    // The card prints spaces; dashes and no separator are written elsewhere, with its name.
    let spaced = m.contains(' ');
    (spaced || labelled(whole, at, &["aadhaar", "aadhar", "uidai"]))
        && alone(m, whole, at)
        && national::in_aadhaar(m)
}
/// The two numbers of a named pair (`48.85837, "lng": 2.29448`), read as [`lat_long`] reads
/// a bare one.
fn named_lat_long(m: &str, _: &str, _: usize) -> bool {
    let numbers: Vec<&str> = m
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter(|p| p.parse::<f64>().is_ok())
        .collect();
    matches!(numbers[..], [lat, lon] if national::lat_long(&format!("{lat}, {lon}")))
}
fn dob(m: &str, _: &str, _: usize) -> bool {
    national::birth_date(m)
}
fn lat_long(m: &str, whole: &str, at: usize) -> bool {
    alone(m, whole, at) && national::lat_long(m)
}
fn sha_crypt(m: &str, _: &str, _: usize) -> bool {
    let hash = m.rsplit('$').next().unwrap_or_default();
    matches!((&m[..3], hash.len()), ("$5$", 43) | ("$6$", 86))
}
fn nt_hash(m: &str, _: &str, _: usize) -> bool {
    // The NT hash of the empty password: an account without one.
    !m.to_ascii_lowercase()
        .ends_with("31d6cfe0d16ae931b73c59d7e0c089c0")
}
fn jwe(m: &str, _: &str, _: usize) -> bool {
    let head = m.split('.').next().unwrap_or_default();
    base64_decode(&head.replace('-', "+").replace('_', "/")).is_some_and(|h| {
        let h = String::from_utf8_lossy(&h);
        h.contains("\"enc\"") && h.contains("\"alg\"")
    })
}
fn jwk_private(m: &str, whole: &str, _: usize) -> bool {
    whole.contains("\"kty\"") && m.len() >= 20
}
fn docker_auth(m: &str, whole: &str, _: usize) -> bool {
    whole.contains("auths") && basic_auth_valid(m)
}
fn session_id(m: &str, _: &str, _: usize) -> bool {
    m.len() >= 16 && looks_random(m)
}
fn person(m: &str, whole: &str, at: usize) -> bool {
    // Capitalised words that are not a product, place, weekday or a common word of software
    // (`Default Domain Policy`, `Windows Update`, `Service Account`): names are not made of
    // them.
    const NOT_NAMES: &[&str] = &[
        "Windows",
        "Server",
        "Microsoft",
        "Google",
        "Amazon",
        "Apple",
        "Oracle",
        "Linux",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Error",
        "Failed",
        "Success",
        "User",
        "Users",
        "Admin",
        "Administrator",
        "Administrators",
        "Service",
        "Services",
        "System",
        "None",
        "Unknown",
        "Null",
        "True",
        "False",
        "Default",
        "Domain",
        "Policy",
        "Group",
        "Local",
        "Global",
        "Network",
        "Security",
        "Guest",
        "Update",
        "Account",
        "Computer",
        "Team",
        "Task",
        "Manager",
        "Console",
        "Center",
        "Office",
        "Cloud",
        "Data",
        "Test",
        "Production",
        "Primary",
        "Secondary",
        "Public",
        "Private",
        "Shared",
        "Internal",
        "External",
        "Active",
        "Directory",
        "Web",
        "Application",
        "App",
        "Client",
        "Host",
        "Device",
        "File",
        "Project",
        "Management",
        "Access",
        "Control",
        "Power",
        "Shell",
        "Agent",
        "Portal",
        "Health",
        "Backup",
        "Storage",
        "Database",
        "Mail",
        "Exchange",
        "Edge",
        "Chrome",
        "Firefox",
        "Login",
        "Logon",
        "Settings",
        "Profile",
        "Role",
        "Key",
        "Certificate",
        "Authority",
        "Root",
        "Resource",
        "Event",
        "Log",
        "Audit",
        "Rule",
        "Alert",
        "Scan",
        "Report",
    ];
    // `Nowicki, Lucas` is a name after `Mr.`; after `name:` it may be a place (`Paris, France`).
    let honorific = whole[..at]
        .trim_end()
        .trim_end_matches('.')
        .rsplit(|c: char| !c.is_ascii_alphabetic())
        .next()
        .is_some_and(|w| {
            [
                "Mr", "Mrs", "Ms", "Mx", "Miss", "Dr", "Prof", "Mme", "Mlle", "Herr", "Frau", "Sr",
                "Sra", "Srta", "Sig", "Dott", "Sir", "Dame",
            ]
            .contains(&w)
        });
    (!m.contains(',') || honorific)
        && !m
            .split([' ', '-', ','])
            .filter(|w| !w.is_empty())
            .any(|w| NOT_NAMES.contains(&w))
}
fn k8s_sa_jwt(m: &str, _: &str, _: usize) -> bool {
    jwt_valid(m)
        && m.split('.')
            .nth(1)
            .and_then(base64_decode)
            .is_some_and(|p| {
                let p = String::from_utf8_lossy(&p);
                p.contains("kubernetes.io") || p.contains("system:serviceaccount:")
            })
}
/// `id.secret`, or the bare 16-character secret under `token-secret`.
fn bootstrap_token(m: &str, whole: &str, at: usize) -> bool {
    let paired = m.contains('.')
        || whole[..at]
            .trim_end_matches([' ', '\t', ':', '=', '"', '\''])
            .to_ascii_lowercase()
            .ends_with("token-secret");
    paired && has_digits_and_letters(m, whole, at)
}
fn bitcoin(m: &str, whole: &str, at: usize) -> bool {
    alone(m, whole, at)
        && match m.as_bytes()[0] {
            b'1' | b'3' => wallet::bitcoin_base58_valid(m),
            _ => wallet::bitcoin_segwit_valid(m),
        }
}
fn ethereum(m: &str, _: &str, _: usize) -> bool {
    wallet::ethereum_eip55_valid(m)
}
fn postal(m: &str, whole: &str, at: usize) -> bool {
    national::postal_code_city(m, whole, at)
}
fn it_cf(m: &str, _: &str, _: usize) -> bool {
    national::it_codice_fiscale(m)
}
fn cn_rid(m: &str, whole: &str, at: usize) -> bool {
    labelled(
        whole,
        at,
        &[
            "身份证",
            "身份號",
            "resident",
            "id card",
            "identity",
            "citizen",
            "shenfenzheng",
        ],
    ) && national::cn_resident_id(m)
}
fn sg_nric(m: &str, _: &str, _: usize) -> bool {
    national::sg_nric(m)
}
fn no_fnr(m: &str, _: &str, _: usize) -> bool {
    national::no_fodselsnummer(m)
}
fn be_nn(m: &str, whole: &str, at: usize) -> bool {
    alone(m, whole, at) && national::be_national_number(m)
}
fn discord_shape(s: &str) -> bool {
    s.len() >= 59 && memchr::memchr_iter(b'.', s.as_bytes()).nth(1).is_some()
}
fn airtable_shape(s: &str) -> bool {
    s.len() >= 82 && s.contains("pat")
}
fn ipv6_shape(s: &str) -> bool {
    s.bytes().filter(|&b| b == b':').count() >= 3
}

use Gate::{Digits, Literals, Shape};

#[rustfmt::skip]
pub(crate) static SPECS: &[Spec] = &[
    // Cloud providers.
    tok("OCSFS101", "aws_access_key_id", "AWS access key id", "`AKIA`/`ASIA`/`ABIA`/`ACCA` + 16 base32 characters", &["AKIA", "ASIA", "ABIA", "ACCA", "A3T"], r"(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}", aws_key_id),
    ctx("OCSFS102", "aws_secret_access_key", "AWS secret access key", "40 base64 characters after `aws_secret_access_key`/`SecretAccessKey` and `=`, `:` or a space (`aws configure set aws_secret_access_key …`)", &["secret_access_key", "secretaccesskey", "aws_secret"], r#"(?i:aws_?secret_?(?:access_?)?key|secret_?access_?key)["']?(?:\s*[:=]\s*|\s+)["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#, entropic),
    ctx("OCSFS103", "aws_session_token", "AWS session token", "100+ base64 characters after `aws_session_token`/`X-Amz-Security-Token`", &["session_token", "sessiontoken", "security-token"], r#"(?i:aws_?session_?token|x-amz-security-token|sessiontoken)["']?\s*[:=]\s*["']?([A-Za-z0-9/+=%]{100,})"#, entropic),
    tok("OCSFS104", "gcp_api_key", "Google API key", "`AIza` + 35 characters", &["AIza"], r"AIza[0-9A-Za-z_-]{35}", rnd),
    ctx("OCSFS105", "gcp_service_account_key", "GCP service account private key", "the `private_key` of a JSON key file with `\"type\": \"service_account\"`", &["service_account"], r#""private_key"\s*:\s*"(-----BEGIN [A-Z ]*PRIVATE KEY-----[^"]+)""#, service_account),
    tok("OCSFS106", "google_oauth_client_secret", "Google OAuth client secret", "`GOCSPX-` + 28 characters", &["GOCSPX-"], r"GOCSPX-[A-Za-z0-9_-]{28}", rnd),
    tok("OCSFS107", "google_oauth_access_token", "Google OAuth access token", "`ya29.` + 30 or more characters", &["ya29."], r"ya29\.[A-Za-z0-9_-]{30,}", rnd),
    tok("OCSFS108", "firebase_fcm_server_key", "Firebase Cloud Messaging server key", "`AAAA` + 7 characters + `:APA91b` + 134 characters", &[":APA91b"], r"AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134}", rnd),
    ctx("OCSFS109", "azure_storage_account_key", "Azure storage account key", "`AccountKey=` + 86 base64 characters + `==`", &["AccountKey="], r"AccountKey=([A-Za-z0-9+/]{86}==)", entropic),
    ctx("OCSFS110", "azure_sas_signature", "Azure shared access signature", "`sig=` in a URL or connection string that also has `sv=` and `se=`/`sp=`", &["sig="], r"(?:^|[?&;])sig=([A-Za-z0-9%+/=]{40,})", sas),
    ctx("OCSFS111", "azure_shared_access_key", "Azure shared access key (Service Bus, Event Hubs, IoT Hub)", "`SharedAccessKey=` + 43 base64 characters + `=`", &["SharedAccessKey="], r"SharedAccessKey=([A-Za-z0-9+/]{42,43}=)", entropic),
    tok("OCSFS112", "azure_ad_client_secret", "Microsoft Entra ID client secret", "3 characters, a digit, `Q~`, 31 to 34 characters", &["Q~"], r"[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}", has_digits_and_letters),
    tok("OCSFS113", "alibaba_access_key_id", "Alibaba Cloud AccessKey id", "`LTAI` + 12 to 20 alphanumerics", &["LTAI"], r"LTAI[A-Za-z0-9]{12,20}", rnd),
    tok("OCSFS114", "tencent_secret_id", "Tencent Cloud SecretId", "`AKID` + 32 alphanumerics", &["AKID"], r"AKID[A-Za-z0-9]{32}", rnd),
    tok("OCSFS115", "digitalocean_pat", "DigitalOcean personal access token", "`dop_v1_` + 64 hex", &["dop_v1_"], r"dop_v1_[a-f0-9]{64}", rnd),
    tok("OCSFS116", "digitalocean_oauth_token", "DigitalOcean OAuth token", "`doo_v1_` + 64 hex", &["doo_v1_"], r"doo_v1_[a-f0-9]{64}", rnd),
    tok("OCSFS117", "digitalocean_refresh_token", "DigitalOcean refresh token", "`dor_v1_` + 64 hex", &["dor_v1_"], r"dor_v1_[a-f0-9]{64}", rnd),
    tok("OCSFS118", "heroku_api_key", "Heroku API key", "`HRKU-` + 60 characters", &["HRKU-"], r"HRKU-[A-Za-z0-9_-]{60}", rnd),
    ctx("OCSFS119", "heroku_api_key_legacy", "Heroku API key (UUID form)", "a UUID after `heroku…key`/`HEROKU_API_KEY` and `=` or `:`", &["heroku"], r#"(?i:heroku[a-z_ -]{0,20}(?:key|token))["']?\s*[:=]\s*["']?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"#, rnd),
    tok("OCSFS120", "cloudflare_origin_ca_key", "Cloudflare Origin CA key", "`v1.0-` + 24 hex + `-` + 146 hex", &["v1.0-"], r"v1\.0-[a-f0-9]{24}-[a-f0-9]{146}", rnd),
    // Source hosting and package registries.
    tok("OCSFS121", "github_pat", "GitHub personal access token", "`ghp_` + 30 base62 + 6-character CRC32 checksum (validated; a random body with a failing checksum is reported too)", &["ghp_"], r"ghp_[A-Za-z0-9]{36}", gh_sum),
    tok("OCSFS122", "github_oauth_token", "GitHub OAuth access token", "`gho_` + 30 base62 + CRC32 checksum (validated)", &["gho_"], r"gho_[A-Za-z0-9]{36}", gh_sum),
    tok("OCSFS123", "github_user_to_server_token", "GitHub user-to-server token", "`ghu_` + 30 base62 + CRC32 checksum (validated)", &["ghu_"], r"ghu_[A-Za-z0-9]{36}", gh_sum),
    tok("OCSFS124", "github_server_to_server_token", "GitHub server-to-server (app installation) token", "`ghs_` + 30 base62 + CRC32 checksum (validated)", &["ghs_"], r"ghs_[A-Za-z0-9]{36}", gh_sum),
    tok("OCSFS125", "github_refresh_token", "GitHub refresh token", "`ghr_` + 30 base62 + CRC32 checksum (validated)", &["ghr_"], r"ghr_[A-Za-z0-9]{76}|ghr_[A-Za-z0-9]{36}", gh_sum),
    tok("OCSFS126", "github_fine_grained_pat", "GitHub fine-grained personal access token", "`github_pat_` + 22 + `_` + 59 base62", &["github_pat_"], r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}", rnd),
    tok("OCSFS127", "gitlab_pat", "GitLab personal access token", "`glpat-` + 20 or more characters", &["glpat-"], r"glpat-[A-Za-z0-9_-]{20,}(?:\.[a-z0-9]{2}\.[a-z0-9]{7,9})?", rnd),
    tok("OCSFS128", "gitlab_deploy_token", "GitLab deploy token", "`gldt-` + 20 or more characters", &["gldt-"], r"gldt-[A-Za-z0-9_-]{20,}", rnd),
    tok("OCSFS129", "gitlab_runner_token", "GitLab runner authentication token", "`glrt-` + 20 or more characters", &["glrt-"], r"glrt-[A-Za-z0-9_.-]{20,}", rnd),
    tok("OCSFS130", "gitlab_pipeline_trigger_token", "GitLab pipeline trigger token", "`glptt-` + 40 hex", &["glptt-"], r"glptt-[a-f0-9]{40}", rnd),
    tok("OCSFS131", "gitlab_runner_registration_token", "GitLab runner registration token", "`GR1348941` + 20 characters", &["GR1348941"], r"GR1348941[A-Za-z0-9_-]{20}", rnd),
    tok("OCSFS132", "gitlab_oauth_app_secret", "GitLab OAuth application secret", "`gloas-` + 64 hex", &["gloas-"], r"gloas-[a-f0-9]{64}", rnd),
    tok("OCSFS133", "gitlab_feed_token", "GitLab feed token", "`glft-` + 20 characters", &["glft-"], r"glft-[A-Za-z0-9_-]{20}", rnd),
    tok("OCSFS134", "bitbucket_app_password", "Bitbucket app password", "`ATBB` + 32 alphanumerics", &["ATBB"], r"ATBB[A-Za-z0-9_=-]{28,40}", rnd),
    tok("OCSFS135", "atlassian_api_token", "Atlassian API token", "`ATATT3` + 180 or more characters", &["ATATT3"], r"ATATT3[A-Za-z0-9_=-]{180,}", rnd),
    tok("OCSFS136", "npm_token", "npm access token", "`npm_` + 30 base62 + CRC32 checksum (validated)", &["npm_"], r"npm_[A-Za-z0-9]{36}", gh_sum),
    tok("OCSFS137", "pypi_token", "PyPI upload token", "`pypi-AgEIcHlwaS5vcmc` (or the TestPyPI marker) + 50 or more characters", &["pypi-AgE"], r"pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}", rnd),
    tok("OCSFS138", "docker_hub_token", "Docker Hub access token", "`dckr_pat_`/`dckr_oat_` + 27 to 32 characters", &["dckr_"], r"dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,32}", rnd),
    tok("OCSFS139", "rubygems_api_key", "RubyGems API key", "`rubygems_` + 48 hex", &["rubygems_"], r"rubygems_[a-f0-9]{48}", rnd),
    tok("OCSFS140", "crates_io_token", "crates.io API token", "`cio` + 32 alphanumerics", &["cio"], r"cio[A-Za-z0-9]{32}", has_digits_and_letters),
    tok("OCSFS141", "pulumi_token", "Pulumi access token", "`pul-` + 40 hex", &["pul-"], r"pul-[a-f0-9]{40}", rnd),
    tok("OCSFS142", "terraform_cloud_token", "Terraform Cloud / HCP Terraform token", "14 characters + `.atlasv1.` + 60 to 70 characters", &[".atlasv1."], r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}", rnd),
    tok("OCSFS143", "vault_service_token", "HashiCorp Vault service token", "`hvs.` + 24 or more characters", &["hvs."], r"hvs\.[A-Za-z0-9_-]{24,}", rnd),
    tok("OCSFS144", "vault_batch_token", "HashiCorp Vault batch token", "`hvb.` + 24 or more characters", &["hvb."], r"hvb\.[A-Za-z0-9_-]{24,}", rnd),
    tok("OCSFS145", "vault_recovery_token", "HashiCorp Vault recovery token", "`hvr.` + 24 or more characters", &["hvr."], r"hvr\.[A-Za-z0-9_-]{24,}", rnd),
    tok("OCSFS146", "doppler_token", "Doppler token", "`dp.pt.`/`dp.st.`/`dp.sa.`/`dp.ct.`/`dp.scim.`/`dp.audit.` + 40 to 44 alphanumerics", &["dp."], r"dp\.(?:pt|st|sa|ct|scim|audit)\.(?:[a-z0-9_-]{2,35}\.)?[A-Za-z0-9]{40,44}", rnd),
    tok("OCSFS147", "databricks_token", "Databricks access token", "`dapi` + 32 hex", &["dapi"], r"dapi[a-f0-9]{32}(?:-[0-9])?", has_digits_and_letters),
    tok("OCSFS214", "dropbox_access_token", "Dropbox access token", "`sl.` + 130 to 152 characters", &["sl."], r"sl\.[A-Za-z0-9_-]{130,152}", rnd),
    tok("OCSFS148", "onepassword_service_account_token", "1Password service account token", "`ops_eyJ` + 100 or more characters", &["ops_eyJ"], r"ops_eyJ[A-Za-z0-9+/=_-]{100,}", rnd),
    tok("OCSFS149", "tailscale_key", "Tailscale API or auth key", "`tskey-<kind>-` + id + `-` + secret", &["tskey-"], r"tskey-[a-z]{3,8}-[A-Za-z0-9]{6,}-[A-Za-z0-9]{16,}", rnd),
    tok("OCSFS150", "planetscale_token", "PlanetScale token or password", "`pscale_tkn_`/`pscale_pw_`/`pscale_oauth_` + 32 to 64 characters", &["pscale_"], r"pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}", rnd),
    // Messaging and collaboration.
    tok("OCSFS151", "slack_bot_token", "Slack bot token", "`xoxb-` + team id + `-` + bot id + `-` + 24 characters", &["xoxb-"], r"xoxb-[0-9]{10,13}(?:-[0-9]{10,13})?-[A-Za-z0-9]{24,34}", rnd),
    tok("OCSFS152", "slack_user_token", "Slack user token", "`xoxp-` + three numeric ids + 28 to 34 characters", &["xoxp-"], r"xoxp-[0-9]{6,13}-[0-9]{6,13}-[0-9]{6,13}-[A-Za-z0-9]{16,34}", rnd),
    tok("OCSFS153", "slack_app_token", "Slack app-level token", "`xapp-1-` + app id + `-` + number + `-` + 64 hex", &["xapp-"], r"xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,13}-[a-f0-9]{64}", rnd),
    tok("OCSFS154", "slack_config_token", "Slack configuration token", "`xoxe.xoxp-1-`/`xoxe-1-` + 140 or more characters", &["xoxe"], r"xoxe(?:\.xox[bp])?-[0-9]-[A-Za-z0-9]{140,}", rnd),
    tok("OCSFS155", "slack_webhook_url", "Slack incoming webhook URL", "`https://hooks.slack.com/services/T…/B…/` + 24 characters", &["hooks.slack.com"], r"https://hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Z0-9]{8,12}/[A-Z0-9]{8,12}/[A-Za-z0-9]{24}", rnd),
    tok("OCSFS156", "discord_webhook_url", "Discord webhook URL", "`https://discord.com/api/webhooks/<id>/` + 60 to 68 characters", &["discord"], r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,68}", rnd),
    Spec { gate: Shape(59, discord_shape), ..tok("OCSFS157", "discord_bot_token", "Discord bot token", "base64 of the bot's numeric id + `.` + 6 + `.` + 27 to 38 characters", &[], r"[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}", discord) },
    Spec { group: 1, bounded: false, ..tok("OCSFS158", "telegram_bot_token", "Telegram bot token", "8 to 10 digits + `:AA` + 33 characters, alone or in a Bot API URL (`/bot<token>/`)", &[":AA"], r"(?:^|[^A-Za-z0-9_]|/bot)([0-9]{8,10}:AA[A-Za-z0-9_-]{32,33})(?:[^A-Za-z0-9_-]|$)", rnd) },
    tok("OCSFS159", "msteams_webhook_url", "Microsoft Teams incoming webhook URL", "`https://<tenant>.webhook.office.com/webhookb2/…/IncomingWebhook/…`", &["webhook.office.com", "outlook.office"], r"https://(?:[a-z0-9-]+\.webhook\.office\.com/webhookb2|outlook\.office(?:365)?\.com/webhook)/[a-f0-9-]{36}@[a-f0-9-]{36}/IncomingWebhook/[a-f0-9]{32}/[a-f0-9-]{36}", rnd),
    tok("OCSFS160", "twilio_api_key", "Twilio API key SID", "`SK` + 32 hex", &["SK"], r"SK[0-9a-f]{32}", has_digits_and_letters),
    tok("OCSFS161", "sendgrid_api_key", "SendGrid API key", "`SG.` + 22 + `.` + 43 characters", &["SG."], r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}", rnd),
    tok("OCSFS162", "mailgun_api_key", "Mailgun API key", "`key-` + 32 hex", &["key-"], r"key-[0-9a-f]{32}", has_digits_and_letters),
    tok("OCSFS163", "mailchimp_api_key", "Mailchimp API key", "32 hex + `-us` + data centre number", &["-us"], r"[0-9a-f]{32}-us[0-9]{1,2}", has_digits_and_letters),
    tok("OCSFS164", "brevo_api_key", "Brevo (Sendinblue) API key", "`xkeysib-` + 64 hex + `-` + 16 characters", &["xkeysib-"], r"xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}", rnd),
    tok("OCSFS165", "linear_api_key", "Linear API key", "`lin_api_` + 40 alphanumerics", &["lin_api_"], r"lin_api_[A-Za-z0-9]{40}", rnd),
    tok("OCSFS166", "linear_oauth_token", "Linear OAuth token", "`lin_oauth_` + 64 hex", &["lin_oauth_"], r"lin_oauth_[a-f0-9]{64}", rnd),
    tok("OCSFS167", "notion_token", "Notion integration token", "`ntn_` + 11 digits + 35 alphanumerics", &["ntn_"], r"ntn_[0-9]{11}[A-Za-z0-9]{35}", rnd),
    tok("OCSFS168", "notion_legacy_token", "Notion integration token (legacy)", "`secret_` + 43 alphanumerics", &["secret_"], r"secret_[A-Za-z0-9]{43}", has_digits_and_letters),
    tok("OCSFS169", "hubspot_private_app_token", "HubSpot private app token", "`pat-na1-`/`pat-eu1-` + UUID", &["pat-na", "pat-eu"], r"pat-(?:na|eu)[0-9]-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}", rnd),
    // Payments and commerce.
    tok("OCSFS170", "stripe_secret_key", "Stripe live secret key", "`sk_live_` + 24 or more alphanumerics (`pk_live_` publishable keys are public and not reported)", &["sk_live_"], r"sk_live_[A-Za-z0-9]{24,247}", rnd),
    tok("OCSFS171", "stripe_restricted_key", "Stripe live restricted key", "`rk_live_` + 24 or more alphanumerics", &["rk_live_"], r"rk_live_[A-Za-z0-9]{24,247}", rnd),
    tok("OCSFS172", "stripe_test_key", "Stripe test-mode secret or restricted key", "`sk_test_`/`rk_test_` + 24 or more alphanumerics", &["sk_test_", "rk_test_"], r"[sr]k_test_[A-Za-z0-9]{24,247}", rnd),
    tok("OCSFS173", "stripe_webhook_secret", "Stripe webhook signing secret", "`whsec_` + 32 or more characters", &["whsec_"], r"whsec_[A-Za-z0-9+/]{32,64}", rnd),
    tok("OCSFS174", "shopify_access_token", "Shopify access token", "`shpat_`/`shpca_`/`shppa_` + 32 hex", &["shpat_", "shpca_", "shppa_"], r"shp(?:at|ca|pa)_[a-fA-F0-9]{32}", rnd),
    tok("OCSFS175", "shopify_shared_secret", "Shopify shared secret", "`shpss_` + 32 hex", &["shpss_"], r"shpss_[a-fA-F0-9]{32}", rnd),
    tok("OCSFS176", "square_access_token", "Square access token", "`EAAA` + 60 characters, or `sq0atp-` + 22", &["EAAA", "sq0atp-"], r"EAAA[A-Za-z0-9_+=-]{60}|sq0atp-[0-9A-Za-z_-]{22}", rnd),
    tok("OCSFS177", "square_oauth_secret", "Square OAuth secret", "`sq0csp-` + 43 characters", &["sq0csp-"], r"sq0csp-[0-9A-Za-z_-]{43}", rnd),
    // Observability.
    ctx("OCSFS178", "datadog_api_key", "Datadog API or application key", "32 or 40 hex after `DD_API_KEY`/`datadog_app_key` and `=` or `:`", &["datadog", "dd_api", "dd_app", "dd-api", "dd-app"], r#"(?i:(?:datadog|dd)[_-]?(?:api|app(?:lication)?)[_-]?key)["']?\s*[:=]\s*["']?([a-f0-9]{40}|[a-f0-9]{32})(?:[^a-f0-9]|$)"#, rnd),
    tok("OCSFS179", "new_relic_user_api_key", "New Relic user API key", "`NRAK-` + 27 characters", &["NRAK-"], r"NRAK-[A-Z0-9]{27}", rnd),
    tok("OCSFS212", "new_relic_admin_key", "New Relic admin or REST API key", "`NRAA-` + 27 hex, or `NRRA-` + 42 hex", &["NRAA-", "NRRA-"], r"NRAA-[a-f0-9]{27}|NRRA-[a-f0-9]{42}", rnd),
    tok("OCSFS213", "new_relic_pixie_key", "New Relic Pixie API or deploy key", "`px-api-`/`px-dep-` + UUID", &["px-api-", "px-dep-"], r"px-(?:api|dep)-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}", rnd),
    tok("OCSFS180", "new_relic_insights_key", "New Relic Insights insert or query key", "`NRII-`/`NRIQ-` + 32 characters", &["NRII-", "NRIQ-"], r"NRI[IQ]-[A-Za-z0-9_-]{32}", rnd),
    tok("OCSFS181", "new_relic_license_key", "New Relic license key", "36 alphanumerics + `NRAL`", &["NRAL"], r"[A-Za-z0-9]{36}NRAL", has_digits_and_letters),
    ctx("OCSFS182", "sentry_dsn", "Sentry DSN with its secret key", "`https://<32 hex public key>:<32 hex secret key>@….sentry.io/<project>` (a DSN with only its public key is public by design and not reported)", &["sentry"], r"https?://[0-9a-f]{32}:([0-9a-f]{32})@[A-Za-z0-9.-]*sentry[A-Za-z0-9.-]*/[0-9]+", has_digits_and_letters),
    tok("OCSFS183", "sentry_auth_token", "Sentry auth token", "`sntrys_`/`sntryu_` + 40 or more characters", &["sntrys_", "sntryu_"], r"sntry[su]_[A-Za-z0-9+/=_]{40,}", rnd),
    tok("OCSFS184", "grafana_cloud_token", "Grafana Cloud token", "`glc_` + 32 or more base64 characters", &["glc_"], r"glc_[A-Za-z0-9+/]{32,400}={0,2}", rnd),
    tok("OCSFS185", "grafana_service_account_token", "Grafana service account token", "`glsa_` + 32 + `_` + 8 hex", &["glsa_"], r"glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}", rnd),
    tok("OCSFS186", "grafana_api_key", "Grafana API key", "base64 of `{\"k\":…,\"n\":…}` (starts `eyJrIjoi`)", &["eyJrIjoi"], r"eyJrIjoi[A-Za-z0-9]{50,200}={0,2}", grafana),
    tok("OCSFS187", "postman_api_key", "Postman API key", "`PMAK-` + 24 hex + `-` + 34 hex", &["PMAK-"], r"PMAK-[a-f0-9]{24}-[a-f0-9]{34}", rnd),
    // AI platforms.
    tok("OCSFS188", "openai_api_key", "OpenAI API key", "`sk-proj-`/`sk-svcacct-`/`sk-admin-` + 40 or more characters, or `sk-` + 20 + `T3BlbkFJ` + 20", &["sk-"], r"sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,74}T3BlbkFJ[A-Za-z0-9_-]{20,74}|sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,200}", rnd),
    tok("OCSFS189", "anthropic_api_key", "Anthropic API key", "`sk-ant-api03-`/`sk-ant-admin01-` + 93 characters + `AA`", &["sk-ant-"], r"sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA", rnd),
    tok("OCSFS190", "huggingface_token", "Hugging Face access token", "`hf_` + 34 letters", &["hf_"], r"hf_[A-Za-z]{34}", rnd),
    tok("OCSFS191", "groq_api_key", "Groq API key", "`gsk_` + 52 alphanumerics", &["gsk_"], r"gsk_[A-Za-z0-9]{52}", rnd),
    tok("OCSFS192", "xai_api_key", "xAI API key", "`xai-` + 80 alphanumerics", &["xai-"], r"xai-[A-Za-z0-9]{80}", rnd),
    tok("OCSFS193", "perplexity_api_key", "Perplexity API key", "`pplx-` + 48 alphanumerics", &["pplx-"], r"pplx-[A-Za-z0-9]{48}", rnd),
    tok("OCSFS194", "replicate_api_token", "Replicate API token", "`r8_` + 37 alphanumerics", &["r8_"], r"r8_[A-Za-z0-9]{37}", rnd),
    // Key material.
    tok("OCSFS195", "age_secret_key", "age secret key", "`AGE-SECRET-KEY-1` + 58 bech32 characters (a valid bech32 checksum, or a random body)", &["AGE-SECRET-KEY-1"], r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}", bech),
    tok("OCSFS196", "private_key_pem", "PEM private key (PKCS#1, PKCS#8, SEC1, DSA, encrypted PKCS#8)", "`-----BEGIN … PRIVATE KEY-----` and a base64 body", &["PRIVATE KEY-----"], r"-----BEGIN (?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----(?s:.*?)(?:-----END (?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----|$)", pem_body),
    tok("OCSFS197", "openssh_private_key", "OpenSSH private key", "`-----BEGIN OPENSSH PRIVATE KEY-----` and an `openssh-key-v1` body", &["BEGIN OPENSSH PRIVATE KEY"], r"-----BEGIN OPENSSH PRIVATE KEY-----(?s:.*?)(?:-----END OPENSSH PRIVATE KEY-----|$)", openssh),
    tok("OCSFS198", "pgp_private_key", "PGP private key block", "`-----BEGIN PGP PRIVATE KEY BLOCK-----` and a body", &["BEGIN PGP PRIVATE KEY BLOCK"], r"-----BEGIN PGP PRIVATE KEY BLOCK-----(?s:.*?)(?:-----END PGP PRIVATE KEY BLOCK-----|$)", pem_body),
    tok("OCSFS199", "putty_private_key", "PuTTY private key", "`PuTTY-User-Key-File-<n>:` with `Private-Lines:`", &["PuTTY-User-Key-File-"], r"PuTTY-User-Key-File-[0-9]: [^\r\n]+", putty),
    tok("OCSFS217", "private_key_pem_base64", "Base64-encoded PEM private key", "base64 of `-----BEGIN … PRIVATE KEY-----` (starts `LS0tLS1CRUdJTi`)", &["LS0tLS1CRUdJTi"], r"LS0tLS1CRUdJTi[A-Za-z0-9+/=]{40,}", pem_b64),
    ctx("OCSFS200", "wireguard_private_key", "WireGuard private key", "`PrivateKey = ` + 44 base64 characters", &["privatekey"], r"(?i:PrivateKey)\s*=\s*([A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=)", entropic),
    tok("OCSFS201", "mapbox_secret_token", "Mapbox secret token", "`sk.eyJ` + payload + `.` + signature (`pk.` public tokens are not reported)", &["sk.eyJ"], r"sk\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}", rnd),
    // Password hashes (crypt(3) and PHC strings, Django, pwdump lines).
    tok("OCSFS295", "django_legacy_hash", "Django legacy password hash (salted SHA-1 or MD5, bcrypt_sha256)", "`sha1$<salt>$<40 hex>`, `md5$<salt>$<32 hex>`, `unsalted_sha1$$…`/`unsalted_md5$$…`, or `bcrypt_sha256$`/`bcrypt$` + a bcrypt hash", &["sha1$", "md5$", "bcrypt_sha256$", "bcrypt$$"], r"(?:unsalted_)?sha1\$[A-Za-z0-9]{0,64}\$[a-f0-9]{40}|(?:unsalted_)?md5\$[A-Za-z0-9]{0,64}\$[a-f0-9]{32}|bcrypt(?:_sha256)?\$\$2[abxy]\$[0-9]{2}\$[./A-Za-z0-9]{53}", any),
    tok("OCSFS296", "scrypt_hash", "scrypt password hash", "`$7$` + parameters, salt and 43 characters (crypt), `$scrypt$ln=…,r=…,p=…$salt$hash` (PHC), or Django's `scrypt$<N>$<salt>$<r>$<p>$<base64>`", &["$7$", "$scrypt$", "scrypt$"], r"\$7\$[./A-Za-z0-9]{11}[./A-Za-z0-9]{1,64}\$[./A-Za-z0-9]{43}|\$scrypt\$ln=[0-9]+,r=[0-9]+,p=[0-9]+\$[A-Za-z0-9+/.]{4,}\$[A-Za-z0-9+/.]{20,}|scrypt\$[0-9]{4,}\$[A-Za-z0-9]{1,64}\$[0-9]+\$[0-9]+\$[A-Za-z0-9+/]{20,}={0,2}", any),
    tok("OCSFS218", "bcrypt_hash", "bcrypt password hash", "`$2a$`/`$2b$`/`$2x$`/`$2y$` + cost 04–31 + `$` + 53 characters of bcrypt's base64 (22 salt, 31 hash)", &["$2a$", "$2b$", "$2x$", "$2y$"], r"\$2[abxy]\$(?:0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}", any),
    tok("OCSFS219", "sha_crypt_hash", "SHA-crypt password hash (sha256crypt, sha512crypt)", "`$5$`/`$6$`, optional `rounds=N$`, a salt of up to 16 characters, `$` and 43 (SHA-256) or 86 (SHA-512) characters", &["$5$", "$6$"], r"\$[56]\$(?:rounds=[0-9]{1,9}\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{43,86}", sha_crypt),
    tok("OCSFS220", "md5_crypt_hash", "MD5-crypt password hash (md5crypt, Apache apr1)", "`$1$`/`$apr1$` + salt of up to 8 characters + `$` + 22 characters", &["$1$", "$apr1$"], r"\$(?:1|apr1)\$[./A-Za-z0-9]{1,8}\$[./A-Za-z0-9]{22}", any),
    tok("OCSFS221", "yescrypt_hash", "yescrypt password hash", "`$y$`/`$gy$` + parameters + `$` + salt + `$` + 43 characters", &["$y$", "$gy$"], r"\$g?y\$[./A-Za-z0-9]{3,}\$[./A-Za-z0-9]{1,86}\$[./A-Za-z0-9]{43}", any),
    tok("OCSFS222", "argon2_hash", "Argon2 password hash (PHC string, also Django's `argon2$` form)", "`$argon2id$`/`$argon2i$`/`$argon2d$`, `v=19$`, `m=…,t=…,p=…$`, base64 salt and hash", &["$argon2"], r"(?:argon2)?\$argon2(?:id|i|d)\$(?:v=[0-9]+\$)?m=[0-9]+,t=[0-9]+,p=[0-9]+\$[A-Za-z0-9+/]{8,}\$[A-Za-z0-9+/]{16,}", any),
    tok("OCSFS223", "pbkdf2_hash", "PBKDF2 password hash (PHC, passlib or Django form)", "`$pbkdf2-sha256$i=…` / `$pbkdf2-sha512$29000$…` (PHC, passlib), `pbkdf2_sha256$<iterations>$<salt>$<base64>` (Django) or `pbkdf2:sha256:<iterations>$<salt>$<hex>` (Werkzeug)", &["$pbkdf2", "pbkdf2_sha", "pbkdf2:sha"], r"pbkdf2:sha(?:1|256|512):[0-9]{3,}\$[A-Za-z0-9]{1,64}\$[a-f0-9]{40,128}|\$pbkdf2(?:-sha(?:1|256|512))?\$(?:i=)?[0-9]+(?:,l=[0-9]+)?\$[./A-Za-z0-9+=]{4,}\$[./A-Za-z0-9+=]{16,}|pbkdf2_sha(?:1|256)\$[0-9]{3,}\$[A-Za-z0-9]{1,64}\$[A-Za-z0-9+/]{20,}={0,2}", any),
    ctx("OCSFS224", "pwdump_hash", "LM/NT password hashes in a pwdump line", "`user:RID:<32 hex LM>:<32 hex NT>:::`, or an NT hash after `NTLM :` / `NT hash:` (mimikatz) or `hashcat -m 1000` (an account without a password is not reported)", &[":::", "ntlm", "nt hash", "hashcat"], r"[^\s:]{1,64}:[0-9]{1,10}:([a-fA-F0-9]{32}:[a-fA-F0-9]{32}):::|(?:(?i:ntlm|nt hash)\s*:\s*|hashcat\s[^\n]*?-m\s*1000\s+(?:[^\s]+\s+)*?)([a-fA-F0-9]{32})(?:[^A-Za-z0-9]|$)", nt_hash),
    // Token formats added for issue 12.
    ctx("OCSFS225", "okta_api_token", "Okta API token", "`SSWS ` + 42 characters starting `00`", &["ssws"], r"SSWS\s+(00[A-Za-z0-9_-]{40})(?:[^A-Za-z0-9_-]|$)", rnd),
    tok("OCSFS226", "azure_devops_pat", "Azure DevOps personal access token", "84 characters with the `AZDO` signature at positions 77–80", &["AZDO"], r"[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4}", any),
    tok("OCSFS227", "meta_access_token", "Meta (Facebook) access token", "`EAA` + 90 or more alphanumerics", &["EAA"], r"EAA[A-Za-z0-9]{90,}", rnd),
    Spec { group: 2, ..ctx("OCSFS228", "kubernetes_bootstrap_token", "Kubernetes bootstrap token", "`[a-z0-9]{6}.[a-z0-9]{16}` after `--token`, `token:` or `bootstrap-token`, or the 16-character `token-secret` of a bootstrap token Secret", &["token"], r#"(?i:bootstrap[_-]?token|--token|token(-secret)?)["']?\s*[:= ]\s*["']?([a-z0-9]{6}\.[a-z0-9]{16}|[a-z0-9]{16})(?:[^A-Za-z0-9]|$)"#, bootstrap_token) },
    tok("OCSFS229", "braintree_access_token", "Braintree access token", "`access_token$production$` (or `sandbox`) + 16 + `$` + 32 hex", &["access_token$"], r"access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}", any),
    tok("OCSFS230", "buildkite_token", "Buildkite agent or API token", "`bkua_` + 40 hex, or `bkat_`/`bkct_` + 40 or more characters", &["bkua_", "bkat_", "bkct_"], r"bkua_[a-f0-9]{40}|bk[ac]t_[A-Za-z0-9]{40,}", rnd),
    tok("OCSFS231", "circleci_token", "CircleCI personal or project API token", "`CCIPAT_`/`CCIPRJ_` + 22 + `_` + 40 hex", &["CCIPAT_", "CCIPRJ_"], r"CCIP(?:AT|RJ)_[A-Za-z0-9]{22}_[a-f0-9]{40}", rnd),
    Spec { gate: Shape(82, airtable_shape), ..tok("OCSFS232", "airtable_pat", "Airtable personal access token", "`pat` + 14 alphanumerics + `.` + 64 hex", &[], r"pat[A-Za-z0-9]{14}\.[a-f0-9]{64}", rnd) },
    tok("OCSFS233", "supabase_token", "Supabase access or secret key", "`sbp_` + 40 hex, or `sb_secret_` + 31 or more characters", &["sbp_", "sb_secret_"], r"sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{31,}", rnd),
    tok("OCSFS234", "netlify_token", "Netlify access token", "`nfp_` + 36 alphanumerics", &["nfp_"], r"nfp_[A-Za-z0-9]{36}", rnd),
    tok("OCSFS235", "nuget_api_key", "NuGet API key", "`oy2` + 43 lowercase alphanumerics", &["oy2"], r"oy2[a-z0-9]{43}", has_digits_and_letters),
    tok("OCSFS236", "flyio_token", "Fly.io access token", "`fo1_` + 43 characters, or `fm1r_`/`fm2_` macaroons of 100 or more characters", &["fo1_", "fm1", "fm2_"], r"fo1_[A-Za-z0-9_-]{43}|fm(?:1[ar]|2)_[A-Za-z0-9+/=_-]{100,}", rnd),
    tok("OCSFS237", "dynatrace_token", "Dynatrace API token", "`dt0c01.` (or another `dt0` kind) + 24 + `.` + 64 uppercase alphanumerics", &["dt0"], r"dt0[a-z][0-9]{2}\.[A-Z0-9]{24}\.[A-Z0-9]{64}", rnd),
    tok("OCSFS238", "onepassword_secret_key", "1Password account secret key", "`A3-` + six groups of uppercase alphanumerics (`A3-XXXXXX-XXXXXX-XXXXX-XXXXX-XXXXX-XXXXX`)", &["A3-"], r"A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}", has_digits_and_letters),
    ctx("OCSFS239", "vault_legacy_token", "HashiCorp Vault token (legacy `s.` form)", "`s.` + 24 or more characters after `VAULT_TOKEN`, `X-Vault-Token` or `vault token`", &["vault"], r#"(?i:vault[_ -]?token|x-vault-token)["']?\s*[:= ]\s*["']?(s\.[A-Za-z0-9_-]{24,})(?:[^A-Za-z0-9]|$)"#, rnd),
    tok("OCSFS240", "razorpay_key", "Razorpay API key id", "`rzp_live_`/`rzp_test_` + 14 alphanumerics", &["rzp_live_", "rzp_test_"], r"rzp_(?:live|test)_[A-Za-z0-9]{14}", rnd),
    tok("OCSFS241", "jwe", "JSON Web Encryption token", "five base64url parts; the header decodes to JSON with `alg` and `enc`", &["eyJ"], r"eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}", jwe),
    ctx("OCSFS242", "jwk_private_key", "JSON Web Key with private members", "a JWK (`\"kty\"`) with a private member `d` (RSA and EC private keys; `p`, `q`, `dp`, … follow it)", &["\"kty\""], r#""d"\s*:\s*"([A-Za-z0-9_-]{20,})""#, jwk_private),
    ctx("OCSFS243", "docker_config_auth", "Registry credentials in a Docker config", "`\"auth\": \"<base64 of user:password>\"` under `auths`", &["\"auth\""], r#""auth"\s*:\s*"([A-Za-z0-9+/]{8,}={0,2})""#, docker_auth),
    // Vendor token formats from the public rule sets' documented layouts (issue 12).
    tok("OCSFS247", "zuplo_api_key", "Zuplo API key", "`zpka_` + 32 hex + `_` + 8 hex", &["zpka_"], r"zpka_[a-f0-9]{32}_[a-f0-9]{8}", rnd),
    tok("OCSFS248", "elevenlabs_api_key", "ElevenLabs API key", "`sk_` + 48 hex", &["sk_"], r"sk_[a-f0-9]{48}", has_digits_and_letters),
    tok("OCSFS249", "friendli_token", "FriendliAI token", "`flp_` + 46 or more alphanumerics", &["flp_"], r"flp_[A-Za-z0-9]{46,50}", rnd),
    tok("OCSFS250", "firecrawl_api_key", "Firecrawl API key", "`fc-` + 32 hex", &["fc-"], r"fc-[a-f0-9]{32}", has_digits_and_letters),
    tok("OCSFS251", "yandex_key", "Yandex API key or token", "`pdct.1.1.` + timestamp + `.` + 16 hex + `.` + 40 hex, or `AQVN` + 35 or more characters", &["pdct.", "AQVN"], r"pdct\.1\.1\.[0-9]{8}T[0-9]{6}Z\.[a-f0-9]{16}\.[a-f0-9]{40}|AQVN[A-Za-z0-9_-]{35,38}", rnd),
    tok("OCSFS252", "twitch_stream_key", "Twitch stream key", "`live_` + channel number + `_` + 30 alphanumerics", &["live_"], r"live_[0-9]{6,12}_[A-Za-z0-9]{30}", rnd),
    tok("OCSFS253", "fireworks_api_key", "Fireworks AI API key", "`fw_` + 24 alphanumerics", &["fw_"], r"fw_[A-Za-z0-9]{24}", rnd),
    tok("OCSFS254", "dependency_track_api_key", "Dependency-Track API key", "`odt_` + 32 or more alphanumerics", &["odt_"], r"odt_[A-Za-z0-9]{32,40}", rnd),
    tok("OCSFS255", "branch_live_key", "Branch.io live key", "`key_live_` + 32 alphanumerics", &["key_live_"], r"key_live_[A-Za-z0-9]{32}", rnd),
    tok("OCSFS256", "adafruit_io_key", "Adafruit IO key", "`aio_` + 28 alphanumerics", &["aio_"], r"aio_[A-Za-z0-9]{28}", rnd),
    tok("OCSFS257", "apify_token", "Apify API token", "`apify_api_` + 36 alphanumerics", &["apify_"], r"apify_api_[A-Za-z0-9]{36}", rnd),
    tok("OCSFS258", "nvidia_api_key", "NVIDIA NIM API key", "`nvapi-` + 64 characters", &["nvapi-"], r"nvapi-[A-Za-z0-9_-]{64}", rnd),
    tok("OCSFS259", "contentful_pat", "Contentful personal access token", "`CFPAT-` + 43 characters", &["CFPAT-"], r"CFPAT-[A-Za-z0-9_-]{43}", rnd),
    tok("OCSFS260", "cerebras_api_key", "Cerebras API key", "`csk-` + 48 lowercase alphanumerics", &["csk-"], r"csk-[a-z0-9]{48}", has_digits_and_letters),
    tok("OCSFS261", "jina_api_key", "Jina AI API key", "`jina_` + 32 hex + 28 alphanumerics", &["jina_"], r"jina_[a-f0-9]{32}[A-Za-z0-9_-]{28}", rnd),
    tok("OCSFS262", "intra42_client_secret", "42 intra client secret", "`s-s4t2ud-`/`s-s4t2af-` + 64 hex", &["s-s4t2"], r"s-s4t2(?:ud|af)-[a-f0-9]{64}", rnd),
    tok("OCSFS263", "openai_style_key", "`sk-` API key (OpenAI legacy, DeepSeek, Stability AI, OpenRouter)", "`sk-` + 48 alphanumerics, `sk-` + 32 hex, or `sk-or-v1-` + 64 hex", &["sk-"], r"sk-or-v1-[a-f0-9]{64}|sk-[A-Za-z0-9]{48}|sk-[a-f0-9]{32}", has_digits_and_letters),
    tok("OCSFS264", "coze_pat", "Coze personal access token", "`pat_` + 64 alphanumerics", &["pat_"], r"pat_[A-Za-z0-9]{64}", rnd),
    tok("OCSFS265", "aws_appsync_api_key", "AWS AppSync API key", "`da2-` + 26 lowercase alphanumerics", &["da2-"], r"da2-[a-z0-9]{26}", has_digits_and_letters),
    tok("OCSFS266", "resend_api_key", "Resend API key", "`re_` + 8 + `_` + 24 alphanumerics", &["re_"], r"re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}", rnd),
    tok("OCSFS267", "coderabbit_api_key", "CodeRabbit API key", "`cr-` + 58 hex", &["cr-"], r"cr-[a-f0-9]{58}", has_digits_and_letters),
    tok("OCSFS268", "hex_key_prefixed", "API key with a `key_` prefix (Cursor, Runway)", "`key_` + 64 or 128 hex", &["key_"], r"key_(?:[a-f0-9]{128}|[a-f0-9]{64})", has_digits_and_letters),
    tok("OCSFS269", "sourcegraph_token", "Sourcegraph or Segment access token", "`sgp_` + 40 hex, `sgp_local_` + 40 hex, `sgp_` + 16 hex + `_` + 40 hex, or `sgp_` + 64 alphanumerics", &["sgp_"], r"sgp_(?:local_)?[a-f0-9]{40}|sgp_[a-f0-9]{16}_[a-f0-9]{40}|sgp_[A-Za-z0-9]{64}", has_digits_and_letters),
    tok("OCSFS270", "stackhawk_api_key", "StackHawk API key", "`hawk.` + 20 + `.` + 20 alphanumerics", &["hawk."], r"hawk\.[A-Za-z0-9]{20}\.[A-Za-z0-9]{20}", rnd),
    tok("OCSFS271", "together_api_key", "Together AI API key", "`tgp_v1_` + 43 characters", &["tgp_v1_"], r"tgp_v1_[A-Za-z0-9_-]{43}", rnd),
    tok("OCSFS272", "langsmith_key", "LangSmith API key", "`lsv2_sk_`/`lsv2_pt_` + 32 hex + `_` + 10 hex", &["lsv2_"], r"lsv2_(?:sk|pt)_[a-f0-9]{32}_[a-f0-9]{10}", rnd),
    tok("OCSFS273", "riot_api_key", "Riot Games API key", "`RGAPI-` + UUID", &["RGAPI-"], r"RGAPI-[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}", rnd),
    tok("OCSFS274", "defined_networking_token", "Defined Networking API token", "`dnkey-` + 26 + `-` + 52 uppercase base32", &["dnkey-"], r"dnkey-[A-Z0-9]{26}-[A-Z0-9]{52}", rnd),
    tok("OCSFS275", "scale_api_key", "Scale AI API key", "`live_` + 32 hex", &["live_"], r"live_[a-f0-9]{32}", has_digits_and_letters),
    tok("OCSFS276", "clojars_token", "Clojars deploy token", "`CLOJARS_` + 60 hex", &["CLOJARS_"], r"CLOJARS_[a-f0-9]{60}", rnd),
    tok("OCSFS277", "plaid_access_token", "Plaid access token", "`access-production-`/`access-development-` + UUID", &["access-prod", "access-dev"], r"access-(?:production|development)-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}", rnd),
    tok("OCSFS278", "tavily_api_key", "Tavily API key", "`tvly-` + 32 alphanumerics", &["tvly-"], r"tvly-(?:dev-)?[A-Za-z0-9]{32}", rnd),
    tok("OCSFS279", "amazon_mws_token", "Amazon MWS auth token", "`amzn.mws.` + UUID", &["amzn.mws"], r"amzn\.mws\.[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}", rnd),
    tok("OCSFS280", "salesforce_access_token", "Salesforce access token", "an organization id (`00D` + 12 or 15) + `!` + 80 or more characters", &["00D"], r"00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{80,}", rnd),
    tok("OCSFS281", "posthog_personal_key", "PostHog personal API key", "`phx_` + 47 alphanumerics", &["phx_"], r"phx_[A-Za-z0-9]{47}", rnd),
    tok("OCSFS282", "adobe_client_secret", "Adobe OAuth client secret", "`p8e-` + 32 characters", &["p8e-"], r"p8e-[A-Za-z0-9_-]{32}", rnd),
    tok("OCSFS283", "teamcity_token", "TeamCity access token", "base64 of `{\"typ\": \"TCV2\"}` + two base64url parts", &["eyJ0eXAi"], r"eyJ0eXAiOiAiVENWMiJ9\.[A-Za-z0-9_-]{36}\.[A-Za-z0-9_-]{48}", any),
    ctx("OCSFS284", "vault_unseal_key", "HashiCorp Vault unseal key", "44 base64 characters after `Unseal Key N:` or `vault operator unseal`", &["unseal"], r"(?i:unseal key [0-9]+:|operator unseal)\s+([A-Za-z0-9+/]{43}[A-Za-z0-9+/=])(?:[^A-Za-z0-9+/=]|$)", entropic),
    ctx("OCSFS285", "ci_token_in_context", "CI or code-quality token in context (SonarQube, Code Climate, Jenkins, TrueNAS, Postmark)", "hex or UUID after `sonar.login`, `CC_TEST_REPORTER_ID`, `CODECLIMATE_REPO_TOKEN`, `JENKINS_TOKEN`, `Jenkins-Crumb`, `X-Postmark-Server-Token`, or a TrueNAS `login_with_api_key` key", &["sonar", "reporter_id", "codeclim", "jenkins", "postmark", "login_with"], r#"(?i:sonar\.login|sonarlogin|sonar_token|cc_test_reporter_id|codeclimate_repo_token|jenkins[_-]?(?:api[_-]?)?(?:token|passwd|password)|jenkins-crumb|x-postmark-server-token|postmarkapitoken|postmark|login_with_api_key)["',]?\s*(?:[:=,]|"params"\s*:)?\s*\[?\s*["']?\s*((?:[0-9]+-)?[A-Za-z0-9]{64}|[a-f0-9]{32,64}|[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})(?:[^A-Za-z0-9]|$)"#, has_digits_and_letters),
    ctx("OCSFS286", "network_credential_password", "Password in a .NET NetworkCredential", "the second argument of `NetworkCredential(\"user\", \"PASSWORD\")`", &["networkcred"], r#"(?i:NetworkCredential)\s*\(\s*["'][^"']*["']\s*,\s*["']([^"']{3,128})["']"#, not_placeholder),
    ctx("OCSFS287", "azure_devops_pat_legacy", "Azure DevOps personal access token (52-character form)", "52 lowercase base32 characters after a name with `pat` or `token`, or anywhere in a string that names Azure DevOps (`az devops`, `dev.azure.com`)", &["_pat", "pat ", "pat=", "pat\"", "pat:", "token", "devops", "dev.azure", "visualstudio.com"], r#"(?:(?i:pat|token|personalaccesstoken)["']?\s*(?::=|[:=])\s*["']?|(?-u:\b))([a-z2-7]{52})(?:[^A-Za-z0-9]|$)"#, azure_devops_52),
    tok("OCSFS293", "authress_key", "Authress service client access key", "`sc_` + client id + `.` + 4 + `.acc` + account + `.` + a base64 private key", &["sc_"], r"sc_[A-Za-z0-9]{16,32}\.[a-z0-9]{4}\.acc[_-][a-z0-9]{8,20}\.[A-Za-z0-9+/=_-]{40,}", rnd),
    ctx("OCSFS294", "thingsboard_device_token", "ThingsBoard device access token", "20 lowercase alphanumerics in a `/api/v1/<token>/telemetry` (or `attributes`, `rpc`) URL", &["/api/v1/"], r"/api/v1/([a-z0-9]{20})/(?:telemetry|attributes|rpc|claim)", random_one_case),
    tok("OCSFS288", "voyage_api_key", "Voyage AI API key", "`pa-` + 43 characters", &["pa-"], r"pa-[A-Za-z0-9_-]{43}", rnd),
    ctx("OCSFS289", "blynk_client_secret", "Blynk OAuth client secret", "the secret after a `oa2-client-id_…` client id (`id:secret` or `&client_secret=`)", &["oa2-client"], r"oa2-client-id_[A-Za-z0-9_-]{32}(?::|&client_secret=)([A-Za-z0-9]{40})", rnd),
    ctx("OCSFS290", "truenas_api_key", "TrueNAS API key", "`<n>-` + 64 alphanumerics as the parameter of `auth.login_with_api_key`", &["login_with"], r#"login_with_api_key"\s*,\s*"params"\s*:\s*\[\s*"([0-9]+-[A-Za-z0-9]{64})""#, rnd),
    ctx("OCSFS291", "password_in_prose", "Password stated in prose or compared in code", "a quoted value after `the password is`, `password for user X is`, `password ==`, `secret !=`", &["pass", "secret"], r#"(?i:password|passwd|secret)(?:\s+for\s+(?:the\s+)?user\s+["']?[^\s"']+["']?)?(?:\s+(?:is|was|set to)\s+|\s*(?:!=|==)\s*)["']([^"'\s]{3,128})["']"#, not_placeholder),
    ctx("OCSFS292", "jwt_secret", "JWT signing secret", "a quoted value under `jwt_secret`, `jwtSecret` or `jwt:` → `secret:`", &["jwt"], r#"(?i:jwt[_-]?secret|jwt:\s*\n\s*secret)["']?\s*[:=]\s*["']([^"'\n]{8,256})["']"#, not_placeholder),
    // Credentials in context: generic, after every specific format.
    tok("OCSFS297", "kubernetes_service_account_token", "Kubernetes service account token", "a JWT whose claims name a Kubernetes service account (`kubernetes.io/serviceaccount`, `system:serviceaccount:`, or a `kubernetes.io` claim)", &["eyJ"], r"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{16,}", k8s_sa_jwt),
    tok("OCSFS202", "jwt", "JSON Web Token", "three base64url parts; the header decodes to JSON with `alg`", &["eyJ"], r"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{16,}", jwt),
    ctx("OCSFS203", "database_url_password", "Password in a database connection URL", "`postgres|mysql|mongodb(+srv)|redis|amqp|mssql|…://user:PASSWORD@host` (the user may be empty)", &["://"], r#"(?i:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|jdbc:[a-z]+|clickhouse|cockroachdb|couchdb|neo4j(?:\+s)?|cassandra)://[^\s:/?#@"'<>]{0,64}:([^\s/?#@"'<>]{1,128})@"#, not_placeholder),
    ctx("OCSFS204", "url_password", "Password in a URL", "`scheme://user:PASSWORD@host` for other schemes (http, ftp, ssh, …)", &["://"], r#"[A-Za-z][A-Za-z0-9+.-]{1,20}://[^\s:/?#@"'<>]{0,64}:([^\s/?#@"'<>]{1,128})@[A-Za-z0-9.-]"#, not_placeholder),
    ctx("OCSFS205", "connection_string_password", "Password in an ADO.NET/ODBC connection string", "`Password=`/`Pwd=` in a `Server=…;` style string", &["password", "pwd"], r"(?i)(?:^|;)\s*(?:password|pwd)\s*=\s*([^;'\r\n]{1,128})", ado),
    ctx("OCSFS206", "authorization_basic", "HTTP Basic credentials", "`Authorization: Basic <base64 of user:password>` (or a value starting `Basic `)", &["basic"], r#"(?:^|(?i:authorization)["']?\s*[:=]\s*["']?)(?i:basic)\s+([A-Za-z0-9+/]{6,}={0,2})"#, basic),
    ctx("OCSFS207", "authorization_bearer", "HTTP Bearer token", "`Authorization: Bearer <token>` (or a value starting `Bearer `)", &["bearer"], r#"(?:^|(?i:authorization)["']?\s*[:=]\s*["']?)(?i:bearer)\s+([A-Za-z0-9._~+/-]{12,}=*)"#, rnd),
    ctx("OCSFS208", "session_cookie", "Session cookie", "a session-like cookie (`session`, `sid`, `PHPSESSID`, `JSESSIONID`, `__Host-…`) in a `Cookie:`/`Set-Cookie:` header, 16 or more characters", &["cookie"], r"(?i)(?:^|[\s;:,])(?:[A-Za-z0-9_.-]*sess(?:ion)?[A-Za-z0-9_.-]*|sid|connect\.sid|__Secure-[A-Za-z0-9_-]+|__Host-[A-Za-z0-9_-]+|remember_token|auth_token)=([^;\s,'\x22]{16,})", cookie),
    ctx("OCSFS244", "password_command", "Password given to a command", "`net user NAME PASS /add`, `ConvertTo-SecureString 'PASS' -AsPlainText`, `sshpass -p PASS`, `mysql -pPASS`, `redis-cli -a PASS`, `curl -u USER:PASS`, `htpasswd -b FILE USER PASS`, FTP's `PASS` command", &["net user", "convertto", "sshpass", "mysql", "redis-cli", "curl", "htpasswd", "pass "], r#"(?:(?i:net\s+user\s+[^\s/]+\s+|convertto-securestring\s+(?:-string\s+)?["']|sshpass\s+-p\s*["']?|mysql(?:dump|admin)?\s(?:[^\n]*?\s)?-p|redis-cli\s(?:[^\n]*?\s)?(?:-a|--pass)\s+["']?|curl\s(?:[^\n]*?\s)?(?:-u|--user)\s+["']?[^\s:"']{1,64}:|htpasswd\s+(?:-[a-z]+\s+)*-[a-z]*b[a-z]*\s+(?:-[a-z]+\s+)*[^\s-]\S*\s+\S+\s+["']?)|(?:^|[\s:>])PASS\s+)([^\s"'/*-][^\s"']{2,127})"#, password_command),
    ctx("OCSFS209", "password_cmdline", "Password on a command line", "`--password VALUE`/`--password=VALUE`/`-p=VALUE`/`-u USER -p VALUE`", &["--pass", "--pwd", "-pass", "-pwd", "-p"], r#"(?:^|\s)(?:--?(?:password|passwd|pwd)(?:=|\s+)|--pass(?:=|\s+)|-p=|-u\s+\S+\s+-p\s*)["']?([^\s"']{3,128})"#, not_placeholder),
    ctx("OCSFS245", "secret_flag", "Secret given as a command-line flag", "`--auth-token VALUE`, `--api-key=VALUE`, `--client-secret`, `--access-token`, `--token` with a value of 8 or more characters", &["--auth-token", "--authtoken", "--api-key", "--apikey", "--client-secr", "--access-tok", "--token", "--secret"], r#"--(?:auth-?token|api-?key|client-secret|access-token|token|secret)(?:=|\s+)["']?([^\s"'-][^\s"']{7,255})"#, not_placeholder),
    ctx("OCSFS246", "session_id", "Session identifier", "a value of 16 or more random characters under a session cookie name (`PHPSESSID`, `JSESSIONID`, `ASP.NET_SessionId`, `connect.sid`, `laravel_session`, `_<app>_session`, `ci_session`, `sessionid`)", &["sessid", "sessionid", "connect.sid", "_session"], r#"(?i:phpsessid|jsessionid|asp\.net_sessionid|connect\.sid|sessionid|[a-z0-9]*_session(?:_id)?)=([A-Za-z0-9%+/=._~:-]{16,})"#, session_id),
    ctx("OCSFS210", "password_assignment", "Password assignment", "`password=…`/`pwd: …`/`\"passwd\": \"…\"` with a non-placeholder value of 4 or more characters; also `Password supplied: '…'`, `password for USER: …`, `new password is …` when the value looks like a password (a letter and a digit or symbol)", &["pass", "pwd"], r#"(?i)(?:^|[^A-Za-z0-9])(?:password|passwd|passwort|passphrase|pwd|pass)(?:\s+(?:supplied|provided|entered|given|used|attempted|typed|submitted|sent|received|tried|guessed|set|reset|changed|updated|generated|assigned)(?:\s+to)?|\s+for\s+(?:the\s+)?(?:user\s+|account\s+)?["']?[^\s"':]{1,64}["']?)?["']?(?:\s*(?:=>|:=|[:=])|\s+(?:is|was|to)\s)\s*\\?["']?([^\s"'&;,)}\]]{4,128})"#, password_value),
    ctx("OCSFS215", "netrc_password", "Password in a .netrc entry", "`machine HOST login USER password VALUE`", &["machine"], r"machine\s+\S+\s+(?:login\s+\S+\s+)?password\s+(\S{3,128})", not_placeholder),
    ctx("OCSFS216", "xml_password", "Password or secret in an XML element", "`<password>VALUE</password>` (also `passwd`, `secret`, `token`, `apiKey`, Maven's `master`)", &["<pass", "<pwd", "<secret", "<token", "<apikey", "<master"], r"(?i)<(?:password|passwd|pwd|secret|token|apikey|api_key|master)>([^<]{4,256})</", not_placeholder),
    ctx("OCSFS211", "secret_assignment", "Secret, token or API key assignment", "`secret=`/`api_key:`/`token=`/`client_secret=` …: any value that is not masked, a placeholder or a sequence under a name that holds a secret (as for `OCSFS302`), else a random-looking value of 12 or more characters", &["secret", "token", "key"], r#"(?i)(?:secret|api_?key|apikey|access_?key|access_?token|auth_?token|private_?key|token|key)["']?\]?\s*(?:=>|:=|[:=])\s*["']?([A-Za-z0-9_+/=.~-]{4,256})"#, secret_assignment),
    // Personal data in values.
    pii("OCSFP201", "email", "email address", "`local@domain.tld`, also percent-encoded in a URL (`local%40domain.tld`); reserved example domains are not reported", Literals(&["@", "%40"]), r"[A-Za-z0-9._%+-]{1,64}(?:@|%40)[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}", email, false),
    issued(pii("OCSFP202", "payment_card", "payment card number", "13 to 19 digits with a known issuer prefix and length, consistent separators, valid Luhn checksum", Digits(13), r"[0-9](?:[ -]?[0-9]){12,18}", card, false)),
    issued(pii("OCSFP203", "iban", "IBAN", "country code + check digits + BBAN of the country's length, valid mod-97 checksum", Digits(8), r"[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?", iban, false)),
    issued(pii("OCSFP204", "us_ssn", "US social security number", "`AAA-GG-SSSS` with dashes or spaces (9 digits alone after `SSN` or `social security`), excluding area 000/666/9xx, group 00, serial 0000", Digits(9), r"[0-9]{3}-[0-9]{2}-[0-9]{4}|[0-9]{3} [0-9]{2} [0-9]{4}|[0-9]{9}", ssn, false)),
    issued(pii("OCSFP209", "us_itin", "US individual taxpayer identification number", "`9XX-YY-ZZZZ` with dashes or spaces (9 digits alone after `ITIN`), group 50–65, 70–88, 90–92 or 94–99", Digits(9), r"9[0-9]{2}([- ]?)(?:5[0-9]|6[0-5]|7[0-9]|8[0-8]|9[0-24-9])[- ]?[0-9]{4}", itin, false)),
    issued(pii("OCSFP210", "ca_sin", "Canada social insurance number", "`NNN-NNN-NNN` or `NNN NNN NNN` (9 digits alone after `SIN`, `NAS` or `social insurance`), first digit not 0 or 8, valid Luhn checksum", Digits(9), r"[1-79][0-9]{2}[- ]?[0-9]{3}[- ]?[0-9]{3}", ca_sin, false)),
    issued(pii("OCSFP211", "br_cpf", "Brazil CPF", "`NNN.NNN.NNN-NN` (or 11 digits after `CPF`), two valid mod-11 check digits", Digits(11), r"[0-9]{3}\.?[0-9]{3}\.?[0-9]{3}-?[0-9]{2}", br_cpf, false)),
    issued(pii("OCSFP212", "fr_nir", "France social security number (NIR)", "sex, year, month, department (2A/2B), commune, order and key (15 characters, spaces allowed), valid mod-97 key", Digits(13), r"[12] ?[0-9]{2} ?[0-9]{2} ?(?:[0-9]{2}|2[AB]) ?[0-9]{3} ?[0-9]{3} ?[0-9]{2}", fr_nir, false)),
    issued(pii("OCSFP213", "es_dni", "Spain DNI or NIE", "8 digits (also `NN.NNN.NNN`) + check letter, or `X`/`Y`/`Z` + 7 digits + check letter (letter = mod 23)", Digits(7), r"[XYZ]-?[0-9]{7}-?[A-HJ-NP-TV-Z]|[0-9]{8}-?[A-HJ-NP-TV-Z]|[0-9]{2}\.[0-9]{3}\.[0-9]{3}-?[A-HJ-NP-TV-Z]", es_dni, false)),
    issued(pii_ctx(ctx("OCSFP214", "nl_bsn", "Netherlands citizen service number (BSN)", "9 digits passing the 11 test after `BSN`, `burgerservicenummer` or `sofinummer`", &["bsn", "burgers", "sofinum"], r"(?i:bsn|burgerservicenummer|sofinummer)[^0-9A-Za-z]{0,12}([0-9]{9}|[0-9]{4}\.[0-9]{2}\.[0-9]{3})(?:[^0-9]|$)", nl_bsn))),
    issued(pii_ctx(ctx("OCSFP215", "pl_pesel", "Poland PESEL", "11 digits after `PESEL`: a birth date and a valid check digit", &["pesel"], r"(?i:pesel)[^0-9A-Za-z]{0,12}([0-9]{11})(?:[^0-9]|$)", pl_pesel))),
    issued(pii("OCSFP216", "se_personnummer", "Sweden personal identity number", "`YYMMDD-NNNC` or `YYYYMMDD-NNNC` (`+` past 100 years; without the sign after `personnummer` or `pnr`), a date and a valid Luhn checksum", Digits(10), r"(?:1[89]|20)?[0-9]{6}[-+]?[0-9]{4}", se_pnr, false)),
    issued(pii("OCSFP217", "fi_hetu", "Finland personal identity code (HETU)", "`DDMMYY`, century sign, 3 digits and a mod-31 check character", Digits(9), r"[0-3][0-9][01][0-9]{3}[-+ABCDEFUVWXY][0-9]{3}[0-9ABCDEFHJKLMNPRSTUVWXY]", fi_hetu, false)),
    issued(pii("OCSFP218", "in_aadhaar", "India Aadhaar number", "12 digits in groups of four separated by spaces or dashes (or unseparated after `Aadhaar`), first digit 2–9, valid Verhoeff checksum", Digits(12), r"[2-9][0-9]{3}(?: [0-9]{4} [0-9]{4}|-[0-9]{4}-[0-9]{4}|[0-9]{8})", aadhaar, false)),
    pii("OCSFP219", "geo_coordinates", "latitude and longitude", "a `lat, long` pair of decimal degrees with 4 or more decimals (also separated by spaces, as in WKT's `POINT(long lat)`, or by `/`, as in map URLs), in range, at least one of them 1 or more (`0.5234, 0.4412` are rather load averages)", Digits(8), r"-?[0-9]{1,3}\.[0-9]{4,}(?:, ?| +|/)-?[0-9]{1,3}\.[0-9]{4,}", lat_long, false),
    pii_ctx(ctx("OCSFP231", "geo_coordinates_named", "latitude and longitude under their names", "`lat`/`latitude` and `lng`/`lon`/`long`/`longitude` with decimal degrees of 4 or more decimals, as JSON members, query parameters or prose (`\"lat\": 48.85837, \"lng\": 2.29448`, `lat=…&lon=…`, `latitude: … longitude: …`), in range, not two fractions", &["lat"], r#"(?i:lat(?:itude)?)["']?\s*[:=]?\s*["']?(-?[0-9]{1,2}\.[0-9]{4,}["']?\s*[,;&]?\s*["']?(?i:lng|lon|long|longitude)["']?\s*[:=]?\s*["']?-?[0-9]{1,3}\.[0-9]{4,})"#, named_lat_long)),
    pii_ctx(ctx("OCSFP220", "date_of_birth", "date of birth", "a calendar date (numeric, or with the month's English name) after `DOB`, `date of birth`, `birth date`, `born`, or the label in German, French, Spanish, Portuguese, Italian, Dutch or a Nordic language (`Geburtsdatum`, `date de naissance`, `fecha de nacimiento`, …)", &["dob", "birth", "born", "d.o.b", "geburt", "geb.", "nascimento", "nacimiento", "naissance", "nascita", "geboren", "fødsels", "födelse", "syntymä"], r"(?i:d\.?o\.?b\.?|date[ _-]?of[ _-]?birth|birth[ _-]?date|birthday|born(?: on)?|geburtsdatum|geboren(?: am)?|geb\.|data de nascimento|data di nascita|fecha de nacimiento|date de naissance|n[ée]e? le|geboortedatum|fødselsdato|födelsedatum|syntymäaika)[^0-9A-Za-z]{0,4}([0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}|[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{4}|[0-9]{1,2}(?:st|nd|rd|th)?[ -](?i:(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?)[ -],? ?[0-9]{4}|(?i:(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?) [0-9]{1,2}(?:st|nd|rd|th)?,? [0-9]{4})(?:[^0-9]|$)", dob)),
    pii_ctx(ctx("OCSFP221", "person_name", "person's name", "a capitalised first and last name (or `Last, First`) after an honorific (`Mr`, `Mrs`, `Dr`, `Mme`, `Herr`, `Sra`, …) or a label (`name:`, `full_name=`, `customer_name`, `cardholder name`, `patient:`); not when a word is a common word of software (`Default Domain Policy`)", &["mr.", "mr ", "mrs", "ms.", "ms ", "mx.", "miss ", "dr.", "dr ", "prof.", "prof ", "mme", "mlle", "herr ", "frau ", "sr.", "sr ", "sra", "srta", "sig.", "sig ", "dott", "sir ", "dame ", "name", "patient", "customer", "contact"], r#"(?:(?-u:\b)(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Mme|Mlle|Herr|Frau|Sr|Sra|Srta|Sig|Sig\.ra|Dott|Sir|Dame)\.?\s+|(?i:(?:full|first|last|given|family|display|customer|patient|contact|cardholder|card[_ ]?holder|account[_ ]?holder|holder|employee|recipient|sender|beneficiary|applicant|passenger|guest|member|student)[_ ]?name)["']?\s*[:=]?\s*["']?|(?i:customer|patient|contact[_ ]?person|(?-u:\b)name)["']?\s*[:=]\s*["']?)([A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}|[A-Z][a-z]+, [A-Z][a-z]+)(?-u:\b)"#, person)),
    pii("OCSFP222", "street_address", "street address", "a house number, one to three capitalised words and a street type (`Street`, `Ave`, `Road`, `Blvd`, …); a street type, name and number as in Romance languages (`Rua das Palmeiras, 429`, `12 rue de la Paix`, `Calle Mayor 5`; `avenue`, `place` and `route` after a number only with `de`/`du`/`des`/`d'`); a German, Dutch or Nordic street name and number (`Hauptstraße 12`, `Kungsgatan 5`)", Literals(&[" st", " ave", " road", " rd", " boul", " blvd", " lane", " drive", " dr.", " court", " place", " terr", " parkw", " highw", " way", " squ", "rue ", "bd ", "chemin ", "allée ", "impasse ", "quai ", "route ", "calle ", "avenida ", "av. ", "rua ", "via ", "viale ", "piazza ", "corso ", "carrer ", "paseo ", "plaza ", "travessa ", "alameda ", "praça ", "straße ", "strasse ", "str. ", "weg ", "allee ", "platz ", "gasse ", "damm ", "laan ", "straat ", "plein ", "gracht ", "kade ", "gatan ", "vägen ", "gata ", "katu ", "vej "]), r"[0-9]{1,5}[A-Za-z]? (?:[A-Z][a-z]+ ){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Drive|Dr|Court|Place|Terrace|Parkway|Highway|Way|Square)(?-u:\b)\.?|[0-9]{1,5}(?: ?(?:bis|ter))?,? (?:(?i:rue|boulevard|bd|chemin|allée|impasse|quai) (?:(?:de|du|des|de la) |d')?|(?i:avenue|place|route) (?:(?:de|du|des|de la) |d'))[A-Z][\w'-]+|(?:Rua|Avenida|Av\.|Calle|Carrer|Via|Viale|Piazza|Corso|Rue|Boulevard|Chemin|Paseo|Plaza|Travessa|Alameda|Praça) (?:(?:de|du|des|de la|del|de los|das|do|dos|di|della|da) )?(?:[A-Z][\w'-]+ ?){1,3},? (?:n[º°o]\.? ?)?[0-9]{1,5}(?-u:\b)|[A-Z][a-zäöüß]+(?:straße|strasse|str\.|weg|allee|platz|gasse|damm|laan|straat|plein|gracht|kade|gatan|vägen|gata|katu|vej) [0-9]{1,5}[a-z]?(?-u:\b)", any, false),
    pii("OCSFP223", "bitcoin_address", "Bitcoin address", "a mainnet address with a valid checksum: Base58Check P2PKH (`1…`) or P2SH (`3…`), or a segwit address `bc1…` in bech32 (witness version 0) or bech32m (versions 1–16)", Digits(1), r"[13][1-9A-HJ-NP-Za-km-z]{25,34}|(?i:bc1)[02-9ac-hj-np-zAC-HJ-NP-Z]{11,87}", bitcoin, false),
    pii("OCSFP224", "ethereum_address", "Ethereum address", "`0x` + 40 hex digits in mixed case carrying the EIP-55 checksum (all-lower or all-upper hex carries none and is not reported)", Literals(&["0x"]), r"0x[0-9a-fA-F]{40}", ethereum, false),
    pii("OCSFP225", "postal_code_city", "postal code with city", "a city with a postal code in a country's format: `Springfield, IL 62704` (US), `Toronto, ON M5V 3L9` (Canada), `London SW1A 1AA` (UK), `1012 AB Amsterdam` (Netherlands), `, 10115 Berlin` / `, 75008 Paris` (5-digit codes after a street, as in Germany, France, Spain, Italy)", Digits(3), national::POSTAL, postal, false),
    issued(pii("OCSFP226", "it_codice_fiscale", "Italy codice fiscale", "16 characters: 6 letters, year, month letter, day, place code and a valid check letter", Digits(5), r"[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]", it_cf, false)),
    issued(pii("OCSFP227", "cn_resident_id", "China resident identity number", "18 characters after a label (`身份证`, `resident ID`, `ID card`): area code, birth date, order and a valid ISO 7064 MOD 11-2 check character", Digits(17), r"[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]", cn_rid, false)),
    issued(pii("OCSFP228", "sg_nric", "Singapore NRIC or FIN", "`S`/`T`/`F`/`G` + 7 digits + a valid check letter", Digits(7), r"[STFG][0-9]{7}[A-Z]", sg_nric, false)),
    issued(pii_ctx(ctx("OCSFP229", "no_fodselsnummer", "Norway national identity number (fødselsnummer)", "11 digits after `fødselsnummer`, `fnr` or `personnummer`: a birth date and two valid mod-11 check digits", &["fødselsn", "fodselsn", "fnr", "personnummer"], r"(?i:fødselsnummer|fodselsnummer|f\.?nr\.?|personnummer)[^0-9A-Za-z]{0,12}([0-9]{6} ?[0-9]{5})(?:[^0-9]|$)", no_fnr))),
    issued(pii("OCSFP230", "be_national_number", "Belgium national register number", "`YY.MM.DD-XXX.CC`: a birth date and a valid mod-97 check", Digits(11), r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}-[0-9]{3}\.[0-9]{2}", be_nn, false)),
    pii("OCSFP205", "phone_number", "phone number", "E.164 (`+` and 8 to 15 digits with separators) or a formatted national number (`(555) 234-5678`, `555-234-5678`, `06 12 34 56 78`, `020 7946 0958`, `(11) 94922-3292`, `090-1234-5678`, `0412 345 678`, `(02) 9876 5432`, `612 34 56 78`, `347 123 4567`, `0151 2345678`)", Digits(8), r"\+[1-9][0-9 ().-]{6,20}[0-9]|\([2-9][0-9]{2}\) ?[2-9][0-9]{2}[ -][0-9]{4}|[2-9][0-9]{2}-[2-9][0-9]{2}-[0-9]{4}|[2-9][0-9]{2}\.[2-9][0-9]{2}\.[0-9]{4}|0[1-9](?: [0-9]{2}){4}|0[1-9](?:\.[0-9]{2}){4}|0[0-9]{2} [0-9]{4} [0-9]{4}|0[0-9]{4} [0-9]{6}|\([1-9][0-9]\) ?9?[0-9]{4}-[0-9]{4}|0[1-9]0?-[0-9]{4}-[0-9]{4}|04[0-9]{2} [0-9]{3} [0-9]{3}|\(0[2378]\) ?[0-9]{4} [0-9]{4}|[67][0-9]{2} [0-9]{2} [0-9]{2} [0-9]{2}|3[0-9]{2} [0-9]{3} [0-9]{4}|01[5-7][0-9] [0-9]{7,8}", phone, false),
    issued(pii("OCSFP206", "uk_nino", "UK National Insurance number", "two prefix letters (never-issued prefixes excluded), six digits, suffix A–D", Digits(6), r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]", nino, false)),
    pii("OCSFP207", "ipv4_address", "IPv4 address in free text", "dotted quad (versions such as `Chrome/141.0.0.0` are not addresses); strict policy, free-text values only", Digits(4), r"(?:[0-9]{1,3}\.){3}[0-9]{1,3}", ipv4, true),
    pii("OCSFP208", "ipv6_address", "IPv6 address in free text", "colon-hex address with at least three groups; strict policy, free-text values only", Shape(3, ipv6_shape), r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}", ipv6, true),
];
