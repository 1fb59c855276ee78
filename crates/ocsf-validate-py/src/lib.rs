//! `ocsf_validate._native`: the validator of `ocsf-validate` for Python. The Python package
//! (`python/ocsf_validate/`) re-exports these classes, adds module-level shortcuts and the
//! PySpark recipe. Events are turned into JSON text under the GIL; validating them, and
//! building an Arrow batch of the diagnostics, runs with the GIL released.

mod arrow;
mod json;

use std::sync::Arc;

use ocsf_validate::pii::PiiLevel;
use ocsf_validate::{Policy, Report, Settings};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

pyo3::create_exception!(
    ocsf_validate,
    OptionsError,
    PyValueError,
    "The options cannot build a validator: an unknown OCSF version, an invalid policy file or an unknown personal-data policy."
);

/// Events converted and validated at a time by `validate_many`: the GIL is taken back between
/// chunks, so that a long iterable neither holds all its text at once nor starves other threads.
const CHUNK: usize = 1024;

/// One finding about one event. Values in `message` that may be personal data or secrets are
/// never quoted whole.
#[pyclass(module = "ocsf_validate", frozen, get_all, eq, skip_from_py_object)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable rule code, e.g. `OCSF201`.
    code: &'static str,
    /// `"error"`, `"warning"` or `"info"` (after the policy's overrides).
    severity: &'static str,
    /// `"input"`, `"schema"`, `"pii"` or `"secret"`.
    category: &'static str,
    message: String,
    /// RFC 6901 JSON Pointer to the value (`""`: the whole event).
    pointer: String,
    help: Option<String>,
    schema_path: Option<String>,
    /// The OCSF version that judged the event; `None` for input that is no event.
    schema_version: Option<&'static str>,
    /// The event's index in the iterable (`validate_many`); `None` from `validate`.
    index: Option<usize>,
}

impl Diagnostic {
    fn of(d: ocsf_validate::Diagnostic, index: Option<usize>) -> Diagnostic {
        Diagnostic {
            code: d.code,
            severity: d.severity.as_str(),
            category: d.category.as_str(),
            message: d.message,
            pointer: d.pointer,
            help: d.help,
            schema_path: d.schema_path,
            schema_version: d.schema_version,
            index,
        }
    }
}

#[pymethods]
impl Diagnostic {
    fn __repr__(&self) -> String {
        let at = self
            .index
            .map(|i| format!(" event {i}"))
            .unwrap_or_default();
        format!(
            "<Diagnostic{at} {} {} at {:?}: {}>",
            self.code, self.severity, self.pointer, self.message
        )
    }

    /// The fields as a dict (the keys of the command's `--format json` lines, less `file` and
    /// `line`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("index", self.index)?;
        d.set_item("pointer", &self.pointer)?;
        d.set_item("code", self.code)?;
        d.set_item("severity", self.severity)?;
        d.set_item("category", self.category)?;
        d.set_item("message", &self.message)?;
        d.set_item("help", &self.help)?;
        d.set_item("schema_path", &self.schema_path)?;
        d.set_item("schema_version", self.schema_version)?;
        Ok(d)
    }
}

/// Tables and policy compiled once; validates any number of events. Thread-safe: the GIL is
/// released while it validates.
#[pyclass(module = "ocsf_validate", name = "Validator", frozen)]
pub struct PyValidator {
    inner: Arc<ocsf_validate::Validator>,
    settings: Settings,
    policy_file: Option<String>,
}

fn options_error(e: impl std::fmt::Display) -> PyErr {
    OptionsError::new_err(e.to_string())
}

/// The policy of a file, as the command reads `--config`.
fn read_policy(path: &str) -> PyResult<Policy> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        // OSError(errno, strerror, filename) is FileNotFoundError, PermissionError, ...
        PyOSError::new_err((
            e.raw_os_error().unwrap_or(0),
            e.to_string(),
            path.to_owned(),
        ))
    })?;
    Policy::from_toml(&text).map_err(|e| options_error(format!("in policy file {path}: {e}")))
}

impl PyValidator {
    fn report_of(&self, py: Python<'_>, event: &Bound<'_, PyAny>) -> PyResult<Report> {
        let mut text = Vec::new();
        json::event_text(event, &mut text)?;
        let v = &self.inner;
        Ok(py.detach(|| v.validate_bytes(&text)))
    }
}

#[pymethods]
impl PyValidator {
    #[new]
    #[pyo3(signature = (*, schema_version=None, default_version=None, pii_policy=None, policy_file=None, recommended=false, max_event_bytes=None))]
    fn new(
        py: Python<'_>,
        schema_version: Option<String>,
        default_version: Option<String>,
        pii_policy: Option<&str>,
        policy_file: Option<std::path::PathBuf>,
        recommended: bool,
        max_event_bytes: Option<usize>,
    ) -> PyResult<Self> {
        if schema_version.is_some() && default_version.is_some() {
            return Err(options_error(
                "schema_version judges every event, default_version only those that claim no usable version: give one of them",
            ));
        }
        let pii_policy = pii_policy
            .map(|p| {
                PiiLevel::parse(p).ok_or_else(|| {
                    options_error(format!(
                        "unknown personal-data policy {p:?}: use \"strict\", \"default\" or \"off\""
                    ))
                })
            })
            .transpose()?;
        let policy_file = policy_file.map(|p| p.to_string_lossy().into_owned());
        let policy = match &policy_file {
            Some(p) => read_policy(p)?,
            None => Policy::default(),
        };
        let settings = Settings {
            schema_version,
            default_version,
            pii_policy,
            recommended,
            max_event_bytes,
        };
        let s = settings.clone();
        let inner = py.detach(move || s.build(policy)).map_err(options_error)?;
        Ok(PyValidator {
            inner: Arc::new(inner),
            settings,
            policy_file,
        })
    }

    fn __repr__(&self) -> String {
        let s = &self.settings;
        let mut parts = Vec::new();
        let mut opt = |name: &str, v: Option<String>| {
            if let Some(v) = v {
                parts.push(format!("{name}={v:?}"));
            }
        };
        opt("schema_version", s.schema_version.clone());
        opt("default_version", s.default_version.clone());
        opt(
            "pii_policy",
            s.pii_policy.map(|p| format!("{p:?}").to_lowercase()),
        );
        opt("policy_file", self.policy_file.clone());
        opt("max_event_bytes", s.max_event_bytes.map(|n| n.to_string()));
        if s.recommended {
            parts.push("recommended=True".into());
        }
        format!("Validator({})", parts.join(", "))
    }

    /// The version every event is judged by (`schema_version`), or the fallback of events
    /// that claim none.
    #[getter]
    fn version(&self) -> &'static str {
        self.inner.schema().version
    }

    /// The diagnostics of one event: a dict, or its JSON text as str or bytes.
    fn validate(&self, py: Python<'_>, event: &Bound<'_, PyAny>) -> PyResult<Vec<Diagnostic>> {
        let report = self.report_of(py, event)?;
        Ok(report
            .diagnostics
            .into_iter()
            .map(|d| Diagnostic::of(d, None))
            .collect())
    }

    /// The diagnostics of every event of an iterable, each with the event's index.
    fn validate_many(
        &self,
        py: Python<'_>,
        events: &Bound<'_, PyAny>,
    ) -> PyResult<Vec<Diagnostic>> {
        let mut out = Vec::new();
        let mut texts: Vec<Vec<u8>> = Vec::with_capacity(CHUNK);
        let mut first = 0;
        let mut items = events.try_iter()?.enumerate().peekable();
        while items.peek().is_some() {
            texts.clear();
            for (i, item) in items.by_ref().take(CHUNK) {
                let mut text = Vec::new();
                json::event_text(&item?, &mut text).map_err(|e| at_event(py, e, i))?;
                texts.push(text);
            }
            let v = &self.inner;
            let reports: Vec<Report> =
                py.detach(|| texts.iter().map(|t| v.validate_bytes(t)).collect());
            for (k, r) in reports.into_iter().enumerate() {
                out.extend(
                    r.diagnostics
                        .into_iter()
                        .map(|d| Diagnostic::of(d, Some(first + k))),
                );
            }
            first += texts.len();
        }
        Ok(out)
    }

    /// The diagnostics of the rows of a `pyarrow.RecordBatch` as a `pyarrow.RecordBatch`: one
    /// row per diagnostic, with the event's row (`index`, plus `offset`) and, with `key`, that
    /// column's value. The events are JSON text in `column` (or in the only column left after
    /// `key` and `skip_columns`, when it is a string or binary one), else nested columns, one
    /// per top-level attribute, mapped to JSON by `ocsf-arrow`.
    #[pyo3(signature = (batch, *, column=None, key=None, skip_columns=Vec::new(), offset=0))]
    fn validate_arrow<'py>(
        &self,
        py: Python<'py>,
        batch: &Bound<'py, PyAny>,
        column: Option<&str>,
        key: Option<&str>,
        skip_columns: Vec<String>,
        offset: i64,
    ) -> PyResult<Bound<'py, PyAny>> {
        let req = arrow::Request {
            column,
            key,
            skip: skip_columns,
            offset,
        };
        arrow::validate(py, &self.inner, batch, req)
    }
}

/// Names the event an error is about.
fn at_event(py: Python<'_>, e: PyErr, index: usize) -> PyErr {
    let msg = format!("event {index}: {}", e.value(py));
    let ty = e.get_type(py);
    // The same exception type, its message prefixed.
    match ty.call1((msg.clone(),)) {
        Ok(new) => PyErr::from_value(new),
        Err(_) => PyValueError::new_err(msg),
    }
}

/// The column names and types of [`PyValidator::validate_arrow`]'s result, as (name, Arrow type
/// name, nullable) rows, so that the Python side can state the Spark schema from the same list.
#[pyfunction]
fn diagnostic_columns() -> Vec<(&'static str, &'static str, bool)> {
    arrow::COLUMNS.to_vec()
}

/// Every OCSF version this build knows, oldest first.
#[pyfunction]
fn versions() -> Vec<&'static str> {
    ocsf_schema::versions().iter().map(|s| s.version).collect()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Diagnostic>()?;
    m.add_class::<PyValidator>()?;
    m.add("OptionsError", m.py().get_type::<OptionsError>())?;
    m.add_function(wrap_pyfunction!(diagnostic_columns, m)?)?;
    m.add_function(wrap_pyfunction!(versions, m)?)?;
    m.add("DEFAULT_VERSION", ocsf_schema::DEFAULT_VERSION)?;
    Ok(())
}
