//! Finding and reading the policy file.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use ocsf_validate::Policy;

pub const FILE_NAME: &str = "ocsf-validate.toml";

/// Walks up from `start` to the first directory holding `ocsf-validate.toml`.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

pub fn load(path: &Path) -> Result<Policy> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read policy file {}", path.display()))?;
    Policy::from_toml(&text).with_context(|| format!("in policy file {}", path.display()))
}
