use std::path::PathBuf;

use clap::{ArgGroup, Parser, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    /// JUnit XML: a test suite per file, a test case per event.
    Junit,
    /// GitLab Code Quality JSON.
    Gitlab,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PiiPolicy {
    Strict,
    Default,
    Off,
}

impl From<PiiPolicy> for ocsf_validate::pii::PiiLevel {
    fn from(p: PiiPolicy) -> Self {
        match p {
            PiiPolicy::Strict => ocsf_validate::pii::PiiLevel::Strict,
            PiiPolicy::Default => ocsf_validate::pii::PiiLevel::Default,
            PiiPolicy::Off => ocsf_validate::pii::PiiLevel::Off,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

/// Validate OCSF events against the OCSF schema.
#[derive(Debug, Parser)]
#[command(name = "ocsf-validate", version)]
#[command(group(ArgGroup::new("rewrite").args(["redact", "fix"])))]
pub struct Args {
    /// Files (.json, .jsonl, .ndjson, optionally .gz), directories, or `-` for stdin.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Human format: do not show the excerpt of the event under each diagnostic.
    #[arg(long)]
    pub no_source: bool,
    /// Human format: mask every value in excerpts and messages (by default a value is shown
    /// whole unless it is personal data or a detector flags it).
    #[arg(long)]
    pub mask_values: bool,
    /// Report only findings not recorded in this baseline file (see --write-baseline), and
    /// count the recorded ones that are gone.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in FILE (file, code, pointer and a keyed hash of the value;
    /// never the value) instead of reporting them, for a later --baseline. The key is
    /// $OCSF_BASELINE_KEY when set, else random and kept in the file.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Exit with 1 when a finding at or above this severity is reported.
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Print at most this many diagnostics (all are still counted).
    #[arg(long)]
    pub max_diagnostics: Option<usize>,
    /// Worker threads (default: available cores).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Policy file; by default `ocsf-validate.toml` is searched from the working directory up.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Do not read a policy file.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Judge every event by this OCSF version instead of the one it claims in
    /// `metadata.version` [default: `version` of the policy file, else each event's own].
    #[arg(long, value_name = "VERSION")]
    pub schema_version: Option<String>,
    /// The OCSF version of events that claim none, or one of an unknown major
    /// [default: `default_version` of the policy file, else the default version].
    #[arg(long, value_name = "VERSION", conflicts_with = "schema_version")]
    pub default_version: Option<String>,
    /// Report missing recommended attributes (same as `recommended = true` in the policy).
    #[arg(long)]
    pub recommended: bool,
    /// Bound on one event (a line, a JSON document or an array element) in bytes; a larger one
    /// is skipped as it streams and reported as OCSF004 [default: `max_event_bytes` of the
    /// policy file, else 16 MiB].
    #[arg(long, value_name = "BYTES")]
    pub max_event_bytes: Option<usize>,
    /// Never draw a progress bar.
    #[arg(long)]
    pub no_progress: bool,
    /// Personal-data and secret rules [default: `[pii] policy` of the policy file, else `default`].
    #[arg(long, value_enum)]
    pub pii_policy: Option<PiiPolicy>,
    /// Also check what Amazon Security Lake requires of a custom source (OCSFL101-108): Parquet
    /// files, one OCSF class per file, the `ext/<source>/region=/accountId=/eventDay=` layout
    /// where the path has it, `eventDay` agreeing with each event's `time`, OCSF 1.0.0-rc.2 or 1.1.0.
    #[arg(long, conflicts_with = "redact")]
    pub security_lake: bool,
    /// Write the events back (same format) with every personal-data and secret finding replaced
    /// by a typed placeholder, instead of reporting diagnostics. Exit 1 when a line or element
    /// that is no JSON event had to be written as it was (named on stderr).
    #[arg(long)]
    pub redact: bool,
    /// With --redact: write the redacted events to this file instead of stdout. With --fix:
    /// write the fixed events here instead of in place (a directory when there are several
    /// inputs or a directory input: the files keep their paths relative to their input).
    #[arg(long, requires = "rewrite", value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// With --redact: placeholders carry a keyed hash of the value (first 32 bits of
    /// HMAC-SHA-256), e.g. `[REDACTED:email:hmac:1a2b3c4d]`.
    #[arg(long, requires = "redact", value_name = "KEY")]
    pub redact_hash: Option<String>,
    /// Apply the safe fixes (captions from their ids, category_uid and type_uid from the
    /// class and activity, a missing id from its listed caption) to the files in place (stdin
    /// to stdout), then count the findings left: exit 1 when one is at or above --fail-on.
    #[arg(long, conflicts_with_all = ["redact", "baseline", "write_baseline", "format"])]
    pub fix: bool,
    /// With --fix: print a unified diff of the fixes instead of writing them; exit 1 also when
    /// a file would change.
    #[arg(long, requires = "fix", conflicts_with = "output")]
    pub diff: bool,
    /// With --fix: also apply the unsafe fixes (timestamp units to milliseconds, `*_dt` from
    /// their timestamps, attributes the schema lacks into `unmapped`).
    #[arg(long, requires = "fix")]
    pub unsafe_fixes: bool,
}

impl Args {
    /// The flags that the library's [`ocsf_validate::Settings`] lay over the policy file.
    pub fn settings(&self) -> ocsf_validate::Settings {
        ocsf_validate::Settings {
            schema_version: self.schema_version.clone(),
            default_version: self.default_version.clone(),
            pii_policy: self.pii_policy.map(Into::into),
            recommended: self.recommended,
            max_event_bytes: self.max_event_bytes,
        }
    }
}
