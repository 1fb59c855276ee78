//! `--security-lake`: the Security Lake rules of `ocsf_validate::lake`, judged per file on the
//! events in input order (one class per file needs the file's first event).

use std::sync::Arc;

use ocsf_validate::lake::FileCheck;

use super::parquet;
use super::render::Item;

/// The check of the file being read.
#[derive(Debug, Default)]
pub struct Files {
    current: Option<(Arc<str>, FileCheck)>,
}

impl Files {
    /// Adds the Security Lake diagnostics of `item` (and of its file, with its first event).
    pub fn judge(&mut self, item: &mut Item) {
        let same = self
            .current
            .as_ref()
            .is_some_and(|(file, _)| Arc::ptr_eq(file, &item.file) || **file == *item.file);
        if !same {
            self.current = Some((item.file.clone(), check_for(&item.file)));
        }
        if let Some((_, check)) = self.current.as_mut() {
            let found = check.event(item.index, item.lake.as_ref());
            item.report.diagnostics.extend(found);
        }
    }
}

/// The check of a file shown as `shown`: its absolute path, so that partitions above the
/// working directory count; stdin is no Parquet file.
fn check_for(shown: &str) -> FileCheck {
    if shown == "-" {
        return FileCheck::new("-", false);
    }
    let path = std::fs::canonicalize(shown).unwrap_or_else(|_| shown.into());
    let text = path.to_string_lossy().replace('\\', "/");
    FileCheck::new(&text, parquet::is_parquet(&path))
}
