/// The one error type of the library. Problems in events are never errors: they are
/// [`crate::Diagnostic`]s. Errors are about building a [`crate::Validator`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("unknown OCSF version `{version}`; this build knows {known}")]
    UnknownVersion { version: String, known: String },
    #[error("invalid policy file: {0}")]
    PolicyToml(#[from] toml::de::Error),
    #[error("invalid policy: {0}")]
    Policy(String),
    #[error("invalid glob `{glob}` in policy: {source}")]
    Glob {
        glob: String,
        #[source]
        source: globset::Error,
    },
    #[error("the regular expression of data type `{ty}` does not compile: {source}")]
    SchemaRegex {
        ty: &'static str,
        #[source]
        source: regex::Error,
    },
}
