//! `cargo xtask diff OLD NEW [--json] [--from DIR]`: what changed between two pinned schema
//! versions, and the summary `cargo xtask codegen` prints for a version it has not generated yet.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use ocsf_codegen::diff::diff;
use ocsf_codegen::model::version_ident;
use ocsf_codegen::Schema;

use crate::codegen::read_pinned;
use crate::lock::Pin;

#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// The version to compare from, e.g. 1.5.0.
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The version to compare to, e.g. 1.6.0.
    #[arg(value_name = "NEW")]
    pub new: String,
    /// Print the diff as a JSON document instead of tables.
    #[arg(long)]
    pub json: bool,
    /// Read `ocsf-<version>-export.json` from this directory instead of schemas/cache/ (each
    /// checked against its pin).
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,
}

pub fn run(root: &Path, args: &DiffArgs) -> Result<()> {
    let text = report(root, args)?;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        // `cargo xtask diff ... | head` is fine.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to stdout"),
    }
}

fn report(root: &Path, args: &DiffArgs) -> Result<String> {
    if let Some(dir) = args.from.as_deref().filter(|d| !d.is_dir()) {
        bail!(
            "--from {} is not a directory; give the directory holding ocsf-<version>-export.json",
            dir.display()
        );
    }
    let pins = Pin::all(root)?;
    // Both versions must be pinned before any export is read: that error is the one to fix first.
    let pin = |version: &str| -> Result<&Pin> {
        match pins.iter().find(|p| p.version == version) {
            Some(pin) => Ok(pin),
            None => bail!(
                "OCSF {version} is not pinned (no schemas/ocsf-{version}.lock); run `cargo xtask pull --version {version}` first"
            ),
        }
    };
    let (old_pin, new_pin) = (pin(&args.old)?, pin(&args.new)?);
    let old = read_pinned(root, old_pin, args.from.as_deref())?;
    let new = read_pinned(root, new_pin, args.from.as_deref())?;
    let d = diff(&old, &new);
    if args.json {
        let mut text = serde_json::to_string_pretty(&d.to_json())?;
        text.push('\n');
        Ok(text)
    } else {
        Ok(d.render_human())
    }
}

/// The committed `mod.rs` of the static tables, which declares every generated version.
pub fn tables_mod_path(root: &Path) -> PathBuf {
    root.join(ocsf_codegen::tables::CRATE_DIR).join("mod.rs")
}

/// The versions (of `schemas`, sorted oldest first) that `committed_mod_rs` does not declare,
/// each with the newest version before it in `schemas`, if any.
pub fn new_versions<'a>(
    committed_mod_rs: &str,
    schemas: &'a [Schema],
) -> Vec<(Option<&'a Schema>, &'a Schema)> {
    let mut out = Vec::new();
    for (i, schema) in schemas.iter().enumerate() {
        let line = format!("pub mod {};", version_ident(&schema.version));
        if !committed_mod_rs.lines().any(|l| l.trim() == line) {
            out.push((i.checked_sub(1).map(|p| &schemas[p]), schema));
        }
    }
    out
}

/// For `cargo xtask codegen`: the human diff of each version not generated yet against the
/// version pinned before it. Read before the new `mod.rs` is written.
pub fn new_version_summaries(root: &Path, schemas: &[Schema]) -> Vec<String> {
    // No committed tables yet (a fresh checkout of a broken tree): every version is new.
    let committed = std::fs::read_to_string(tables_mod_path(root)).unwrap_or_default();
    new_versions(&committed, schemas)
        .into_iter()
        .map(|(previous, schema)| match previous {
            Some(previous) => diff(previous, schema).render_human(),
            None => format!(
                "OCSF {} is new and the oldest pinned version: nothing to compare it with\n",
                schema.version
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lock::sha256_hex;
    use clap::Parser;

    fn fixture(name: &str) -> Vec<u8> {
        let path = crate::workspace_root()
            .join("crates/ocsf-codegen/tests/fixtures/diff")
            .join(name);
        std::fs::read(path).unwrap()
    }

    /// A workspace root pinning the two diff fixtures (0.9.0 and 0.10.0), with their exports in
    /// `root/exports/`.
    fn pinned_fixtures() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("schemas")).unwrap();
        std::fs::create_dir_all(root.join("exports")).unwrap();
        for (version, name) in [("0.9.0", "old.json"), ("0.10.0", "new.json")] {
            let bytes = fixture(name);
            let pin = Pin {
                version: version.into(),
                source: "test".into(),
                extensions: vec![],
                sha256: sha256_hex(&bytes),
            };
            std::fs::write(Pin::path(root, version), pin.render()).unwrap();
            let export = root.join(format!("exports/ocsf-{version}-export.json"));
            std::fs::write(export, bytes).unwrap();
        }
        dir
    }

    fn args(old: &str, new: &str, json: bool, from: Option<PathBuf>) -> DiffArgs {
        DiffArgs {
            old: old.into(),
            new: new.into(),
            json,
            from,
        }
    }

    #[test]
    fn diff_args_parse() {
        #[derive(Parser)]
        struct Cli {
            #[command(flatten)]
            diff: DiffArgs,
        }
        let cli = Cli::try_parse_from(["x", "1.5.0", "1.6.0"]).unwrap();
        assert_eq!(
            (cli.diff.old.as_str(), cli.diff.new.as_str()),
            ("1.5.0", "1.6.0")
        );
        assert!(!cli.diff.json);
        assert!(cli.diff.from.is_none());

        let cli =
            Cli::try_parse_from(["x", "1.5.0", "1.6.0", "--json", "--from", "exports"]).unwrap();
        assert!(cli.diff.json);
        assert_eq!(cli.diff.from, Some(PathBuf::from("exports")));

        assert!(Cli::try_parse_from(["x", "1.5.0"]).is_err());
        assert!(Cli::try_parse_from(["x", "1.5.0", "1.6.0", "1.7.0"]).is_err());
        assert!(Cli::try_parse_from(["x", "1.5.0", "1.6.0", "--from"]).is_err());
    }

    #[test]
    fn human_and_json_reports_from_a_directory() {
        let dir = pinned_fixtures();
        let root = dir.path();
        let exports = Some(root.join("exports"));
        let human = report(root, &args("0.9.0", "0.10.0", false, exports.clone())).unwrap();
        assert!(
            human.starts_with("OCSF 0.9.0 -> 0.10.0: 48 changes (18 breaking)"),
            "{human}"
        );
        let json = report(root, &args("0.9.0", "0.10.0", true, exports)).unwrap();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["summary"]["total"], 48);
        assert_eq!(value["new_version"], "0.10.0");
    }

    #[test]
    fn reads_the_cache_without_from() {
        let dir = pinned_fixtures();
        let root = dir.path();
        std::fs::create_dir_all(root.join("schemas/cache")).unwrap();
        for version in ["0.9.0", "0.10.0"] {
            let export = root.join(format!("exports/ocsf-{version}-export.json"));
            std::fs::rename(export, Pin::cache_path(root, version)).unwrap();
        }
        let human = report(root, &args("0.10.0", "0.9.0", false, None)).unwrap();
        assert!(human.starts_with("OCSF 0.10.0 -> 0.9.0: "), "{human}");
    }

    #[test]
    fn an_unpinned_version_names_the_pull_command() {
        let dir = pinned_fixtures();
        let root = dir.path();
        let err = report(
            root,
            &args("0.9.0", "1.9.0", false, Some(root.join("exports"))),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("OCSF 1.9.0 is not pinned")
                && err.contains("run `cargo xtask pull --version 1.9.0`"),
            "{err}"
        );
    }

    #[test]
    fn an_export_that_differs_from_its_pin_is_refused() {
        let dir = pinned_fixtures();
        let root = dir.path();
        let export = root.join("exports/ocsf-0.10.0-export.json");
        let mut bytes = std::fs::read(&export).unwrap();
        bytes.push(b'\n');
        std::fs::write(&export, bytes).unwrap();
        let err = report(
            root,
            &args("0.9.0", "0.10.0", false, Some(root.join("exports"))),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("but schemas/ocsf-0.10.0.lock pins"), "{err}");
    }

    #[test]
    fn from_must_be_a_directory() {
        let dir = pinned_fixtures();
        let root = dir.path();
        let file = root.join("exports/ocsf-0.9.0-export.json");
        let err = report(root, &args("0.9.0", "0.10.0", false, Some(file)))
            .unwrap_err()
            .to_string();
        assert!(err.contains("is not a directory"), "{err}");
    }

    #[test]
    fn new_versions_are_those_the_committed_tables_lack() {
        let schema = |v: &str| {
            let export =
                format!(r#"{{"version":"{v}","classes":{{}},"objects":{{}},"types":{{}}}}"#);
            Schema::from_export_json(export.as_bytes()).unwrap()
        };
        let schemas = [schema("1.5.0"), schema("1.6.0"), schema("1.7.0")];
        let committed = "// @generated\n\n/// OCSF 1.6.0\npub mod v1_6_0;\npub static ALL: &[&crate::Schema] = &[&v1_6_0::SCHEMA];\n";
        let versions = |pairs: Vec<(Option<&Schema>, &Schema)>| -> Vec<(Option<String>, String)> {
            pairs
                .into_iter()
                .map(|(p, s)| (p.map(|p| p.version.clone()), s.version.clone()))
                .collect()
        };
        assert_eq!(
            versions(new_versions(committed, &schemas)),
            [
                (None, "1.5.0".to_owned()),
                (Some("1.6.0".to_owned()), "1.7.0".to_owned())
            ]
        );
        // `pub mod v1_6_0_rc;` or a comment naming the module is not the declaration.
        let other = "pub mod v1_6_0_rc;\n// pub mod v1_6_0;\npub mod v1_5_0;\npub mod v1_7_0;\n";
        assert_eq!(
            versions(new_versions(other, &schemas)),
            [(Some("1.5.0".to_owned()), "1.6.0".to_owned())]
        );
    }

    #[test]
    fn codegen_summarises_a_new_version_against_the_one_before() {
        let dir = pinned_fixtures();
        let root = dir.path();
        let exports = root.join("exports");
        let schemas: Vec<Schema> = Pin::all(root)
            .unwrap()
            .iter()
            .map(|pin| read_pinned(root, pin, Some(&exports)).unwrap())
            .collect();
        let mod_rs = tables_mod_path(root);
        std::fs::create_dir_all(mod_rs.parent().unwrap()).unwrap();
        std::fs::write(&mod_rs, "pub mod v0_9_0;\n").unwrap();
        let summaries = new_version_summaries(root, &schemas);
        assert_eq!(summaries.len(), 1, "{summaries:?}");
        assert!(
            summaries[0].starts_with("OCSF 0.9.0 -> 0.10.0: 48 changes"),
            "{}",
            summaries[0]
        );
    }
}
