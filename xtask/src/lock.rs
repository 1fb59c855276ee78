//! The committed pin file `schemas/ocsf-<version>.lock` and the git-ignored export cache.
//!
//! The pin is a tiny `key = "value"` file (a TOML subset) so that a schema bump shows as a
//! three-line diff in review.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};

/// Where the pin files and the cache live, relative to the workspace root.
pub const SCHEMAS_DIR: &str = "schemas";
pub const CACHE_DIR: &str = "schemas/cache";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    pub version: String,
    /// The URL or local path the export came from: for a download, the URL that answered (the
    /// v2 export's, or the legacy one's after a fallback).
    pub source: String,
    /// Platform extensions included in the export (empty: core schema only).
    pub extensions: Vec<String>,
    /// Lowercase hex sha256 of the export's bytes.
    pub sha256: String,
}

impl Pin {
    pub fn path(root: &Path, version: &str) -> PathBuf {
        root.join(SCHEMAS_DIR).join(format!("ocsf-{version}.lock"))
    }

    pub fn cache_path(root: &Path, version: &str) -> PathBuf {
        root.join(CACHE_DIR)
            .join(format!("ocsf-{version}-export.json"))
    }

    pub fn render(&self) -> String {
        let mut out = String::from("# Pinned by `cargo xtask pull`; `cargo xtask codegen` refuses an export with another checksum.\n");
        let _ = writeln!(out, "version = {}", quote(&self.version));
        let _ = writeln!(out, "source = {}", quote(&self.source));
        let exts: Vec<String> = self.extensions.iter().map(|e| quote(e)).collect();
        let _ = writeln!(out, "extensions = [{}]", exts.join(", "));
        let _ = writeln!(out, "sha256 = {}", quote(&self.sha256));
        out
    }

    pub fn parse(text: &str, origin: &Path) -> Result<Pin> {
        let mut version = None;
        let mut source = None;
        let mut extensions = Vec::new();
        let mut sha256 = None;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                bail!("{}:{}: expected `key = value`", origin.display(), i + 1);
            };
            let (key, value) = (key.trim(), value.trim());
            let at = || format!("{}:{}: bad value for `{key}`", origin.display(), i + 1);
            match key {
                "version" => version = Some(unquote(value).with_context(at)?),
                "source" => source = Some(unquote(value).with_context(at)?),
                "sha256" => sha256 = Some(unquote(value).with_context(at)?),
                "extensions" => {
                    let inner = value
                        .strip_prefix('[')
                        .and_then(|v| v.strip_suffix(']'))
                        .with_context(at)?;
                    for item in inner.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                        extensions.push(unquote(item).with_context(at)?);
                    }
                }
                other => bail!("{}:{}: unknown key `{other}`", origin.display(), i + 1),
            }
        }
        let missing = |k: &str| format!("{}: missing `{k}`", origin.display());
        Ok(Pin {
            version: version.with_context(|| missing("version"))?,
            source: source.with_context(|| missing("source"))?,
            extensions,
            sha256: sha256.with_context(|| missing("sha256"))?,
        })
    }

    pub fn read(path: &Path) -> Result<Pin> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read pin file {}", path.display()))?;
        Pin::parse(&text, path)
    }

    /// Every pin under `schemas/`, sorted by version.
    pub fn all(root: &Path) -> Result<Vec<Pin>> {
        let dir = root.join(SCHEMAS_DIR);
        let mut pins = Vec::new();
        let entries =
            std::fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))?;
        for entry in entries {
            let path = entry?.path();
            let is_lock = path.extension().is_some_and(|e| e == "lock")
                && path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("ocsf-"));
            if is_lock {
                pins.push(Pin::read(&path)?);
            }
        }
        pins.sort_by_key(|p| version_key(&p.version));
        Ok(pins)
    }
}

/// Orders `1.10.0` after `1.9.0`.
pub fn version_key(version: &str) -> Vec<u64> {
    version
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|p| p.parse().ok())
        .collect()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Writes through a temporary file in the same directory and a rename, so that a reader never
/// sees a partial file and a failure leaves the old file (or none) in place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .with_context(|| format!("{} has no parent directory", path.display()))?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .with_context(|| format!("cannot write {}", path.display()));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn unquote(s: &str) -> Option<String> {
    let inner = s.strip_prefix('"')?.strip_suffix('"')?;
    Some(inner.replace("\\\"", "\"").replace("\\\\", "\\"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pin_round_trips() {
        let pin = Pin {
            version: "1.6.0".into(),
            source: "https://schema.ocsf.io/1.6.0/export/schema?extensions=".into(),
            extensions: vec!["linux".into(), "win".into()],
            sha256: "ab".repeat(32),
        };
        let parsed = Pin::parse(&pin.render(), Path::new("x.lock")).unwrap();
        assert_eq!(parsed, pin);
    }

    #[test]
    fn pin_rejects_missing_keys() {
        let err = Pin::parse("version = \"1.6.0\"\n", Path::new("x.lock")).unwrap_err();
        assert!(err.to_string().contains("missing `source`"), "{err}");
    }

    #[test]
    fn versions_sort_numerically() {
        assert!(version_key("1.10.0") > version_key("1.9.0"));
    }
}
