//! `--security-lake`: the Security Lake rules of `ocsf_validate::lake`, judged per file on the
//! events in input order (one class per file needs the file's first event).

use std::sync::Arc;

use std::path::PathBuf;

use ocsf_validate::lake::FileCheck;
use ocsf_validate::{Diagnostic, Validator};

use super::render::Item;

/// The check of the file being read.
#[derive(Debug, Default)]
pub struct Files {
    current: Option<(Arc<str>, Option<PathBuf>, FileCheck)>,
}

impl Files {
    /// Adds the Security Lake diagnostics of `item` (and of its file, with its first event),
    /// after the policy file's severities and file ignores, as the validator applies them to
    /// its own.
    pub fn judge(&mut self, v: &Validator, item: &mut Item) {
        let same = self
            .current
            .as_ref()
            .is_some_and(|(file, ..)| Arc::ptr_eq(file, &item.file) || **file == *item.file);
        if !same {
            // Only Parquet files give rows (the reader decided from extension or magic bytes).
            let (path, check) = check_for(&item.file, item.row.is_some());
            self.current = Some((item.file.clone(), path, check));
        }
        if let Some((_, path, check)) = self.current.as_mut() {
            let found = check.event(item.index, item.lake.as_ref());
            let kept = found
                .into_iter()
                .filter_map(|d| with_policy(v, d))
                .filter(|d| !path.as_deref().is_some_and(|p| v.ignored_in_file(d, p)));
            item.report.diagnostics.extend(kept);
        }
    }
}

/// `d` at the severity the policy file sets for its code; `None` when it switches it off.
fn with_policy(v: &Validator, mut d: Diagnostic) -> Option<Diagnostic> {
    d.severity = v.severity_of(d.code, d.severity)?;
    Some(d)
}

/// The check of a file shown as `shown`, and its path: absolute, so that partitions above the
/// working directory count; stdin is no Parquet file.
fn check_for(shown: &str, is_parquet: bool) -> (Option<PathBuf>, FileCheck) {
    if shown == "-" {
        return (None, FileCheck::new("-", false));
    }
    let path = std::fs::canonicalize(shown).unwrap_or_else(|_| shown.into());
    let text = path.to_string_lossy().replace('\\', "/");
    let check = FileCheck::new(&text, is_parquet);
    (Some(PathBuf::from(shown)), check)
}
