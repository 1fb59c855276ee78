//! Python values to the JSON text the validator reads: a `str` or `bytes` event is its own
//! text; a `dict` is written as JSON here, under the GIL, so that validation can run without
//! it. Anything that is no JSON value is a `TypeError` or `ValueError` naming where it is.

use ocsf_validate::{escape_pointer_token, MAX_DEPTH};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple,
};

/// Past this depth a value is written as `null`: the validator stops at [`MAX_DEPTH`] with
/// OCSF003 before it reads that far, and a dict that contains itself ends here too.
const WRITE_DEPTH: usize = MAX_DEPTH + 2;

/// Appends the JSON text of one event to `out`: `str`, `bytes` and `bytearray` as they are,
/// a `dict` serialised.
pub fn event_text(event: &Bound<'_, PyAny>, out: &mut Vec<u8>) -> PyResult<()> {
    if let Ok(b) = event.cast::<PyBytes>() {
        out.extend_from_slice(b.as_bytes());
    } else if let Ok(b) = event.cast::<PyByteArray>() {
        out.extend_from_slice(&b.to_vec());
    } else if let Ok(s) = event.cast::<PyString>() {
        out.extend_from_slice(text(s, "")?.as_bytes());
    } else if event.is_instance_of::<PyDict>() {
        let mut at = Vec::new();
        value(event, 0, out, &mut at).map_err(|e| e.into_py_err(&at))?;
    } else {
        return Err(PyTypeError::new_err(format!(
            "an event is a dict, or JSON text as str or bytes, not {}{}",
            type_name(event),
            if event.is_instance_of::<PyList>() {
                " (validate_many takes a list of events)"
            } else {
                ""
            }
        )));
    }
    Ok(())
}

/// What is wrong where; the pointer is gathered as the writer returns.
enum Unfit {
    Type(String),
    Value(String),
    Raised(PyErr),
}

impl Unfit {
    fn into_py_err(self, at: &[String]) -> PyErr {
        let mut pointer = String::new();
        for token in at.iter().rev() {
            pointer.push('/');
            escape_pointer_token(token, &mut pointer);
        }
        let place = if pointer.is_empty() {
            "the event".to_owned()
        } else {
            format!("at {pointer:?}")
        };
        match self {
            Unfit::Type(m) => PyTypeError::new_err(format!("{place}: {m}")),
            Unfit::Value(m) => PyValueError::new_err(format!("{place}: {m}")),
            Unfit::Raised(e) => e,
        }
    }
}

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map_or_else(|_| "an unknown type".to_owned(), |n| n.to_string())
}

fn text<'a>(s: &'a Bound<'_, PyString>, at: &str) -> PyResult<std::borrow::Cow<'a, str>> {
    s.to_cow().map_err(|_| {
        PyValueError::new_err(format!(
            "{}: a str that is no Unicode text (a lone surrogate) cannot be JSON",
            if at.is_empty() { "the event" } else { at }
        ))
    })
}

/// Writes `v` as JSON. On error `at` holds the path to the culprit, innermost first.
fn value(
    v: &Bound<'_, PyAny>,
    depth: usize,
    out: &mut Vec<u8>,
    at: &mut Vec<String>,
) -> Result<(), Unfit> {
    if depth > WRITE_DEPTH {
        out.extend_from_slice(b"null");
        return Ok(());
    }
    if v.is_none() {
        out.extend_from_slice(b"null");
    } else if let Ok(b) = v.cast::<PyBool>() {
        out.extend_from_slice(if b.is_true() { b"true" } else { b"false" });
    } else if v.is_instance_of::<PyInt>() {
        // Any size: Python's decimal digits are a JSON number.
        let digits = v.str().map_err(Unfit::Raised)?;
        out.extend_from_slice(digits.to_cow().map_err(Unfit::Raised)?.as_bytes());
    } else if let Ok(f) = v.cast::<PyFloat>() {
        let f = f.value();
        if !f.is_finite() {
            return Err(Unfit::Value(format!("{f} is no JSON number")));
        }
        serde_json::to_writer(&mut *out, &f).map_err(|e| Unfit::Value(e.to_string()))?;
    } else if let Ok(s) = v.cast::<PyString>() {
        let s = s.to_cow().map_err(|_| {
            Unfit::Value("a str that is no Unicode text (a lone surrogate) cannot be JSON".into())
        })?;
        serde_json::to_writer(&mut *out, &*s).map_err(|e| Unfit::Value(e.to_string()))?;
    } else if let Ok(d) = v.cast::<PyDict>() {
        out.push(b'{');
        for (i, (k, item)) in d.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let Ok(key) = k.cast::<PyString>() else {
                return Err(Unfit::Type(format!(
                    "a key of type {} (JSON object keys are str)",
                    type_name(&k)
                )));
            };
            let key = key
                .to_cow()
                .map_err(|_| Unfit::Value("a key that is no Unicode text".into()))?;
            serde_json::to_writer(&mut *out, &*key).map_err(|e| Unfit::Value(e.to_string()))?;
            out.push(b':');
            value(&item, depth + 1, out, at).inspect_err(|_| at.push(key.into_owned()))?;
        }
        out.push(b'}');
    } else if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
        out.push(b'[');
        for (i, item) in v.try_iter().map_err(Unfit::Raised)?.enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let item = item.map_err(Unfit::Raised)?;
            value(&item, depth + 1, out, at).inspect_err(|_| at.push(i.to_string()))?;
        }
        out.push(b']');
    } else {
        return Err(Unfit::Type(format!(
            "a value of type {} is no JSON value (dict, list, tuple, str, int, float, bool, None)",
            type_name(v)
        )));
    }
    Ok(())
}
