//! `cargo xtask pull`: written in its own change.

use std::path::Path;

use anyhow::Result;

#[derive(clap::Args, Debug)]
pub struct PullArgs {}

pub fn run(_root: &Path, _args: &PullArgs) -> Result<()> {
    anyhow::bail!("pull is not built yet")
}
