//! `cargo xtask codegen [--from FILE|DIR] [--check]`.
//!
//! Without `--check`, it first prints (to stderr) what changed in each pinned version that the
//! committed tables do not have yet, against the version pinned before it (`cargo xtask diff`).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use ocsf_codegen::{GeneratedFile, Schema};

use crate::lock::{sha256_hex, write_atomic, Pin};

#[derive(clap::Args, Debug)]
pub struct CodegenArgs {
    /// Read this export instead of the cached one for its version (its checksum must match the
    /// pin); a directory stands for its `ocsf-<version>-export.json` file of every pinned version.
    #[arg(long, value_name = "FILE|DIR")]
    pub from: Option<PathBuf>,
    /// Change nothing; fail naming every stale file if the committed output is not fresh.
    #[arg(long)]
    pub check: bool,
}

pub fn run(root: &Path, args: &CodegenArgs) -> Result<()> {
    let schemas = load_pinned(root, args.from.as_deref())?;
    let refs: Vec<&Schema> = schemas.iter().collect();
    let default_version = default_version(root, &refs)?;
    let started = std::time::Instant::now();
    let files = ocsf_codegen::generate(&refs, &default_version);
    let owned_dirs = ocsf_codegen::owned_dirs(&refs);
    if args.check {
        let stale = stale_files(root, &files, &owned_dirs)?;
        if stale.is_empty() {
            eprintln!("codegen: {} generated files are fresh", files.len());
            return Ok(());
        }
        // Every stale file on its own line, then the one command that fixes them all.
        let shown: Vec<&str> = stale.iter().take(20).map(String::as_str).collect();
        let more = stale.len().saturating_sub(shown.len());
        let more = if more > 0 {
            format!("\n  ... and {more} more")
        } else {
            String::new()
        };
        bail!(
            "{} generated file(s) are stale; run `cargo xtask codegen` and commit the result:\n  {}{more}",
            stale.len(),
            shown.join("\n  ")
        );
    }
    // Before anything is written: the committed tables say which versions are new.
    for summary in crate::diff::new_version_summaries(root, &schemas) {
        eprintln!("{summary}");
    }
    let mut written = 0;
    for file in &files {
        let path = root.join(&file.path);
        if std::fs::read(&path).ok().as_deref() != Some(file.contents.as_bytes()) {
            write_atomic(&path, file.contents.as_bytes())?;
            written += 1;
        }
    }
    let removed = remove_orphans(root, &files, &owned_dirs)?;
    eprintln!(
        "codegen: {} files generated in {:.2?}, {written} written, {removed} removed",
        files.len(),
        started.elapsed()
    );
    Ok(())
}

/// The `default_version` of `schemas/ocsf.toml`, which must be one of the pinned versions.
pub(crate) fn default_version(root: &Path, schemas: &[&Schema]) -> Result<String> {
    #[derive(serde::Deserialize)]
    struct Config {
        default_version: String,
    }
    let path = root.join("schemas/ocsf.toml");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let config: Config =
        toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?;
    if !schemas.iter().any(|s| s.version == config.default_version) {
        bail!(
            "{} names default_version {}, which is not pinned; run `cargo xtask pull --version {}`",
            path.display(),
            config.default_version,
            config.default_version
        );
    }
    Ok(config.default_version)
}

/// Reads the export of every pinned version, checking each against its pin.
fn load_pinned(root: &Path, from: Option<&Path>) -> Result<Vec<Schema>> {
    if let Some(dir) = from.filter(|p| p.is_dir()) {
        return load_pinned_from_dir(root, dir);
    }
    let pins = Pin::all(root)?;
    if pins.is_empty() {
        bail!("no pin file in schemas/; run `cargo xtask pull --version 1.6.0` first");
    }
    let from = match from {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            let schema = Schema::from_export_json(&bytes)
                .with_context(|| format!("{} is not a schema export", path.display()))?;
            Some((path.to_path_buf(), bytes, schema))
        }
        None => None,
    };
    if let Some((path, _, schema)) = &from {
        if !pins.iter().any(|p| p.version == schema.version) {
            bail!(
                "{} holds OCSF {}, which has no pin in schemas/; run `cargo xtask pull --version {} --from {}`",
                path.display(),
                schema.version,
                schema.version,
                path.display()
            );
        }
    }
    let mut out = Vec::new();
    let mut from = from;
    for pin in pins {
        match from.take() {
            Some((path, bytes, schema)) if schema.version == pin.version => {
                check_pin(&pin, &path, &bytes)?;
                out.push(schema);
            }
            other => {
                from = other;
                out.push(read_pinned(root, &pin, None)?);
            }
        }
    }
    Ok(out)
}

/// Reads one pinned version, from `dir/ocsf-<version>-export.json` or else from the cache, and
/// checks it against its pin.
pub(crate) fn read_pinned(root: &Path, pin: &Pin, dir: Option<&Path>) -> Result<Schema> {
    let (path, bytes) = match dir {
        Some(dir) => {
            let path = dir.join(format!("ocsf-{}-export.json", pin.version));
            let bytes = std::fs::read(&path).with_context(|| {
                format!(
                    "OCSF {} is pinned but {} cannot be read",
                    pin.version,
                    path.display()
                )
            })?;
            (path, bytes)
        }
        None => {
            let path = Pin::cache_path(root, &pin.version);
            let bytes = std::fs::read(&path).with_context(|| {
                format!(
                    "OCSF {} is pinned but not cached at {}; run `cargo xtask pull --version {}`",
                    pin.version,
                    path.display(),
                    pin.version
                )
            })?;
            (path, bytes)
        }
    };
    check_pin(pin, &path, &bytes)?;
    Schema::from_export_json(&bytes)
        .with_context(|| format!("{} is not a schema export", path.display()))
}

fn check_pin(pin: &Pin, origin: &Path, bytes: &[u8]) -> Result<()> {
    let actual = sha256_hex(bytes);
    if actual != pin.sha256 {
        bail!(
            "{} has sha256 {actual}, but schemas/ocsf-{}.lock pins {}",
            origin.display(),
            pin.version,
            pin.sha256
        );
    }
    Ok(())
}

/// Reads every pinned version from `dir/ocsf-<version>-export.json`, each checked against its pin.
fn load_pinned_from_dir(root: &Path, dir: &Path) -> Result<Vec<Schema>> {
    let pins = Pin::all(root)?;
    if pins.is_empty() {
        bail!("no pin file in schemas/; run `cargo xtask pull --version 1.6.0` first");
    }
    pins.iter()
        .map(|pin| read_pinned(root, pin, Some(dir)))
        .collect()
}

fn stale_files(root: &Path, files: &[GeneratedFile], owned: &[String]) -> Result<Vec<String>> {
    let mut stale: Vec<String> = files
        .iter()
        .filter(|f| {
            std::fs::read(root.join(&f.path)).ok().as_deref() != Some(f.contents.as_bytes())
        })
        .map(|f| f.path.clone())
        .collect();
    stale.extend(
        orphans(root, files, owned)?
            .into_iter()
            .map(|p| format!("{p} (no longer generated)")),
    );
    Ok(stale)
}

/// Files in directories the generator owns that it no longer produces.
fn orphans(root: &Path, files: &[GeneratedFile], owned: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for dir in owned {
        let mut stack = vec![root.join(dir)];
        while let Some(d) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            for entry in entries {
                let path = entry?.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let rel = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                if !files.iter().any(|f| f.path == rel) {
                    out.push(rel);
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

fn remove_orphans(root: &Path, files: &[GeneratedFile], owned: &[String]) -> Result<usize> {
    let orphans = orphans(root, files, owned)?;
    for rel in &orphans {
        std::fs::remove_file(root.join(rel)).with_context(|| format!("cannot remove {rel}"))?;
    }
    Ok(orphans.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared_export() -> Option<PathBuf> {
        ocsf_test_support::shared("ocsf-schema/ocsf-1.6.0-export.json")?;
        ocsf_test_support::shared("ocsf-schema")
    }

    /// The committed generated files equal what the pinned schema generates now.
    #[test]
    fn committed_output_is_fresh() {
        let Some(export) = shared_export() else {
            return;
        };
        let root = crate::workspace_root();
        let schemas = load_pinned(&root, Some(&export)).unwrap();
        let refs: Vec<&Schema> = schemas.iter().collect();
        let files = ocsf_codegen::generate(&refs, &default_version(&root, &refs).unwrap());
        let stale = stale_files(&root, &files, &ocsf_codegen::owned_dirs(&refs)).unwrap();
        assert!(
            stale.is_empty(),
            "stale: {stale:?}; run `cargo xtask codegen`"
        );
    }

    #[test]
    fn an_export_that_differs_from_its_pin_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("schemas")).unwrap();
        let export = br#"{"version":"0.1.0","classes":{},"objects":{},"types":{}}"#;
        let pin = Pin {
            version: "0.1.0".into(),
            source: "test".into(),
            extensions: vec![],
            sha256: "0".repeat(64),
        };
        std::fs::write(Pin::path(root, "0.1.0"), pin.render()).unwrap();
        let file = root.join("export.json");
        std::fs::write(&file, export).unwrap();
        let err = load_pinned(root, Some(&file)).unwrap_err().to_string();
        assert!(
            err.contains("but schemas/ocsf-0.1.0.lock pins 0000"),
            "{err}"
        );
    }

    #[test]
    fn a_version_without_a_pin_names_the_pull_command() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("schemas")).unwrap();
        let err = load_pinned(root, None).unwrap_err().to_string();
        assert!(err.contains("cargo xtask pull --version"), "{err}");
    }

    #[test]
    fn check_names_stale_and_orphaned_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let owned = vec!["gen".to_owned()];
        std::fs::create_dir_all(root.join("gen")).unwrap();
        std::fs::write(root.join("gen/a.rs"), "old").unwrap();
        std::fs::write(root.join("gen/orphan.rs"), "x").unwrap();
        let files = vec![GeneratedFile {
            path: "gen/a.rs".into(),
            contents: "new".into(),
        }];
        let stale = stale_files(root, &files, &owned).unwrap();
        assert_eq!(
            stale,
            vec![
                "gen/a.rs".to_owned(),
                "gen/orphan.rs (no longer generated)".to_owned()
            ]
        );
    }
}
