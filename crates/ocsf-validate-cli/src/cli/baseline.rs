//! Baselines, to adopt the check on a corpus that already has findings (as detekt, phpstan and
//! gitleaks do): `--write-baseline FILE` records each finding by its fingerprint, `--baseline
//! FILE` reports only the findings it does not hold and counts those it holds that are gone.
//!
//! A fingerprint is the file (relative to the baseline's folder), the code, the pointer and a
//! keyed hash of the value the pointer names (HMAC-SHA-256, first 128 bits; nothing for an
//! object, an array or a missing value): never the value. The same fingerprint may occur many
//! times (the same fault in many events of a file), so the baseline keeps a count, and only as
//! many findings as it counts are hidden, first in input order. The key is `$OCSF_BASELINE_KEY`
//! when set (the baseline then holds a check of it, not the key); otherwise a random key is
//! written into the baseline, which makes its hashes useless for precomputed tables but lets
//! whoever reads the file test guesses of a short value (an email address, a card number).

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use hmac::{Hmac, Mac};
use ocsf_validate::Diagnostic;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::locate::{self, Found, Kind};

pub const KEY_VAR: &str = "OCSF_BASELINE_KEY";
const FORMAT: u32 = 1;
const KEY_CHECK: &[u8] = b"ocsf-validate baseline key check";

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
struct Fingerprint {
    file: String,
    code: String,
    pointer: String,
    /// Hex of the keyed hash of the value; empty for no scalar value.
    value: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    #[serde(flatten)]
    fingerprint: Fingerprint,
    count: usize,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Key {
    /// The key is in the environment variable; `check` is a keyed hash of a fixed text.
    Env { var: String, check: String },
    /// No key was given: this random one was used, and is kept here.
    InFile { key: String },
}

#[derive(Debug, Serialize, Deserialize)]
struct File {
    ocsf_validate_baseline: u32,
    value_hash: String,
    key: Key,
    findings: Vec<Entry>,
}

/// A baseline being read (`--baseline`) or written (`--write-baseline`).
#[derive(Debug)]
pub struct Baseline {
    key: Vec<u8>,
    key_info: Key,
    /// The baseline file's folder (absolute): files are recorded relative to it.
    dir: PathBuf,
    cwd: PathBuf,
    /// Findings left to match (reading), or found (writing), with their counts.
    counts: BTreeMap<Fingerprint, usize>,
    /// Reading: findings hidden so far.
    pub matched: usize,
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    for p in parts {
        mac.update(p);
    }
    hex::encode(&mac.finalize().into_bytes()[..16])
}

/// 32 random bytes without another dependency: the standard library seeds each `RandomState`
/// from the operating system's generator; SHA-256 mixes the hashes of a few of them with the
/// time and the process id.
fn random_key() -> Vec<u8> {
    use sha2::Digest;
    use std::hash::BuildHasher;
    let mut h = Sha256::new();
    for i in 0u64..4 {
        h.update(
            std::collections::hash_map::RandomState::new()
                .hash_one(i)
                .to_le_bytes(),
        );
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    h.update(now.to_le_bytes());
    h.update(std::process::id().to_le_bytes());
    h.finalize().to_vec()
}

fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    super::input::normalize(&cwd.join(path))
}

impl Baseline {
    fn new(path: &Path, key: Vec<u8>, key_info: Key) -> Result<Baseline> {
        let cwd = std::env::current_dir()?;
        let file = absolute(path, &cwd);
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(Baseline {
            key,
            key_info,
            dir,
            cwd,
            counts: BTreeMap::new(),
            matched: 0,
        })
    }

    /// A new, empty baseline to write to `path`, keyed by `$OCSF_BASELINE_KEY` or at random.
    pub fn create(path: &Path) -> Result<Baseline> {
        match std::env::var(KEY_VAR).ok().filter(|k| !k.is_empty()) {
            Some(k) => {
                let check = hmac(k.as_bytes(), &[KEY_CHECK]);
                let info = Key::Env {
                    var: KEY_VAR.to_owned(),
                    check,
                };
                Baseline::new(path, k.into_bytes(), info)
            }
            None => {
                let key = random_key();
                let info = Key::InFile {
                    key: hex::encode(&key),
                };
                Baseline::new(path, key, info)
            }
        }
    }

    pub fn load(path: &Path) -> Result<Baseline> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read baseline {}", path.display()))?;
        let file: File = serde_json::from_str(&text)
            .with_context(|| format!("{} is not an ocsf-validate baseline", path.display()))?;
        if file.ocsf_validate_baseline != FORMAT {
            bail!(
                "{}: baseline format {} is not {FORMAT}; write it again with --write-baseline",
                path.display(),
                file.ocsf_validate_baseline
            );
        }
        let key = match &file.key {
            Key::InFile { key } => hex::decode(key)
                .with_context(|| format!("{}: the key is not hex", path.display()))?,
            Key::Env { var, check } => {
                let Some(k) = std::env::var(var).ok().filter(|k| !k.is_empty()) else {
                    bail!(
                        "{}: the baseline was written with the key in ${var}, which is not set",
                        path.display()
                    );
                };
                if &hmac(k.as_bytes(), &[KEY_CHECK]) != check {
                    bail!(
                        "{}: ${var} is not the key the baseline was written with",
                        path.display()
                    );
                }
                k.into_bytes()
            }
        };
        let mut b = Baseline::new(path, key, file.key)?;
        for e in file.findings {
            *b.counts.entry(e.fingerprint).or_default() += e.count;
        }
        Ok(b)
    }

    /// A file as the baseline records it: relative to the baseline's folder when below it,
    /// absolute otherwise, `/`-separated; `-` for stdin.
    fn file_key(&self, shown: &str) -> String {
        if shown == "-" {
            return shown.to_owned();
        }
        let abs = absolute(Path::new(shown), &self.cwd);
        let rel = abs.strip_prefix(&self.dir).unwrap_or(&abs);
        rel.to_string_lossy().replace('\\', "/")
    }

    fn fingerprint(
        &self,
        file: &str,
        event: &[u8],
        d: &Diagnostic,
        found: Option<&Found>,
    ) -> Fingerprint {
        let value = match found {
            Some(f) if f.kind == Kind::String => locate::string_at(event, f.value.clone())
                .map(|s| hmac(&self.key, &[b"s", s.as_bytes()])),
            Some(f) if f.kind.is_scalar() => {
                Some(hmac(&self.key, &[b"v", &event[f.value.clone()]]))
            }
            _ => None,
        };
        Fingerprint {
            file: self.file_key(file),
            code: d.code.to_owned(),
            pointer: d.pointer.clone(),
            value: value.unwrap_or_default(),
        }
    }

    /// The fingerprints of an event's diagnostics.
    fn fingerprints(
        &self,
        file: &str,
        event: Option<&[u8]>,
        ds: &[Diagnostic],
    ) -> Vec<Fingerprint> {
        let event = event.unwrap_or_default();
        let pointers: Vec<&str> = ds.iter().map(|d| d.pointer.as_str()).collect();
        let found = locate::find_all(event, &pointers);
        ds.iter()
            .zip(&found)
            .map(|(d, f)| self.fingerprint(file, event, d, f.as_ref()))
            .collect()
    }

    /// Writing: records an event's diagnostics.
    pub fn record(&mut self, file: &str, event: Option<&[u8]>, ds: &[Diagnostic]) {
        for fp in self.fingerprints(file, event, ds) {
            *self.counts.entry(fp).or_default() += 1;
        }
    }

    /// Reading: drops the diagnostics the baseline holds (as many of each as it counts).
    pub fn filter(&mut self, file: &str, event: Option<&[u8]>, ds: &mut Vec<Diagnostic>) {
        let fps = self.fingerprints(file, event, ds);
        let mut keep = fps.into_iter().map(|fp| match self.counts.get_mut(&fp) {
            Some(n) if *n > 0 => {
                *n -= 1;
                self.matched += 1;
                false
            }
            _ => true,
        });
        ds.retain(|_| keep.next().unwrap_or(true));
    }

    /// Reading: findings the baseline holds for `files` (those validated) that were not found.
    pub fn gone<'f>(&self, files: impl Iterator<Item = &'f str>) -> usize {
        let seen: HashSet<String> = files.map(|f| self.file_key(f)).collect();
        self.counts
            .iter()
            .filter(|(fp, _)| seen.contains(&fp.file))
            .map(|(_, n)| n)
            .sum()
    }

    /// Findings recorded, and distinct fingerprints.
    pub fn size(&self) -> (usize, usize) {
        (self.counts.values().sum(), self.counts.len())
    }

    pub fn keyed_by_env(&self) -> bool {
        matches!(self.key_info, Key::Env { .. })
    }

    /// Writes the baseline: sorted, one finding a line, so that it reviews and merges well.
    pub fn write(self, path: &Path) -> Result<()> {
        let head = File {
            ocsf_validate_baseline: FORMAT,
            value_hash: "hmac-sha256-128".to_owned(),
            key: self.key_info,
            findings: Vec::new(),
        };
        let mut text = serde_json::to_string_pretty(&head)?;
        // `"findings": []` closes the document; the entries go inside, one a line.
        let Some(at) = text.rfind("[]") else {
            bail!("cannot lay out the baseline");
        };
        text.truncate(at);
        text.push('[');
        let n = self.counts.len();
        for (i, (fingerprint, count)) in self.counts.into_iter().enumerate() {
            let e = serde_json::to_string(&Entry { fingerprint, count })?;
            let _ = write!(text, "\n    {e}{}", if i + 1 < n { "," } else { "" });
        }
        text.push_str(if n > 0 { "\n  ]\n}\n" } else { "]\n}\n" });
        std::fs::write(path, text)
            .with_context(|| format!("cannot write baseline {}", path.display()))
    }
}
