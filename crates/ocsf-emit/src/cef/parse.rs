//! Reading CEF lines, including ones that bend the standard.

use super::{is_standard_key, CefRecord};

/// A line that cannot be read as CEF at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CefError {
    #[error("no `CEF:` prefix")]
    NotCef,
    #[error("the header has {0} of the 7 `|`-separated fields")]
    ShortHeader(usize),
}

/// Something the parser read past, and how it read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CefWarning {
    /// The Severity slot holds text that is no severity while the Name slot holds one: the
    /// producer wrote `...|Severity|Name|`. The record's `name` and `severity` are swapped back.
    SwappedNameSeverity { name: String, severity: String },
    /// The Severity field is neither 0-10 nor Unknown/Low/Medium/High/Very-High.
    InvalidSeverity(String),
    /// An extension key the CEF standard does not define (kept as is).
    UnknownKey(String),
    /// An `=` in a value that was not escaped as `\=`; kept as part of the value.
    UnescapedEquals { key: String },
    /// Text before `CEF:` (usually a syslog header), ignored.
    Prefix(String),
}

/// A parsed line and what was odd about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub record: CefRecord,
    pub warnings: Vec<CefWarning>,
}

/// A valid CEF severity: an integer 0-10 or one of the words.
pub fn is_severity(text: &str) -> bool {
    let text = text.trim();
    text.parse::<u8>().is_ok_and(|n| n <= 10)
        || ["unknown", "low", "medium", "high", "very-high"]
            .iter()
            .any(|w| text.eq_ignore_ascii_case(w))
}

/// Parses one line (a trailing `\n` / `\r\n` is ignored).
pub fn parse(line: &str) -> Result<Parsed, CefError> {
    let line = line.trim_end_matches(['\n', '\r']);
    let start = line.find("CEF:").ok_or(CefError::NotCef)?;
    let mut warnings = Vec::new();
    if !line[..start].trim().is_empty() {
        warnings.push(CefWarning::Prefix(line[..start].to_owned()));
    }
    let rest = &line[start + 4..];

    // Split the header at the first seven unescaped pipes.
    let mut fields = Vec::with_capacity(7);
    let mut field = String::new();
    let mut chars = rest.char_indices();
    let mut extension_at = None;
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, 'n')) => field.push('\n'),
                Some((_, 'r')) => field.push('\r'),
                Some((_, escaped)) => field.push(escaped),
                None => field.push('\\'),
            },
            '|' => {
                fields.push(std::mem::take(&mut field));
                if fields.len() == 7 {
                    extension_at = Some(i + 1);
                    break;
                }
            }
            c => field.push(c),
        }
    }
    let Some(extension_at) = extension_at else {
        return Err(CefError::ShortHeader(fields.len()));
    };
    let mut fields = fields.into_iter();
    let mut next = || fields.next().unwrap_or_default();
    let mut record = CefRecord {
        version: next(),
        device_vendor: next(),
        device_product: next(),
        device_version: next(),
        signature_id: next(),
        name: next(),
        severity: next(),
        extension: Vec::new(),
    };
    if !is_severity(&record.severity) {
        if is_severity(&record.name) {
            warnings.push(CefWarning::SwappedNameSeverity {
                name: record.severity.clone(),
                severity: record.name.clone(),
            });
            std::mem::swap(&mut record.name, &mut record.severity);
        } else {
            warnings.push(CefWarning::InvalidSeverity(record.severity.clone()));
        }
    }
    record.extension = parse_extension(&rest[extension_at..], &mut warnings);
    for (key, _) in &record.extension {
        if !is_standard_key(key) {
            warnings.push(CefWarning::UnknownKey(key.clone()));
        }
    }
    Ok(Parsed { record, warnings })
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'[' | b']')
}

/// `key=value key=value`: a key is the run of key characters between a space (or the start)
/// and an unescaped `=`; a value runs up to the space before the next key.
fn parse_extension(text: &str, warnings: &mut Vec<CefWarning>) -> Vec<(String, String)> {
    let bytes = text.as_bytes();
    // (key start, `=` position) of every key.
    let mut keys: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'=' => {
                let mut k = i;
                while k > 0 && is_key_byte(bytes[k - 1]) {
                    k -= 1;
                }
                let bounded = k == 0 || bytes[k - 1] == b' ';
                // The first key must open the extension (after optional spaces).
                let opens = !keys.is_empty() || text[..k].trim().is_empty();
                if k < i && bounded && opens {
                    keys.push((k, i));
                } else if let Some(&(ks, eq)) = keys.last() {
                    warnings.push(CefWarning::UnescapedEquals {
                        key: text[ks..eq].to_owned(),
                    });
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    let mut pairs = Vec::with_capacity(keys.len());
    for (n, &(ks, eq)) in keys.iter().enumerate() {
        let end = match keys.get(n + 1) {
            // The separator is the single space before the next key.
            Some(&(next_ks, _)) => next_ks - 1,
            None => bytes.len(),
        };
        let raw = &text[eq + 1..end.max(eq + 1)];
        pairs.push((text[ks..eq].to_owned(), unescape_value(raw)));
    }
    pairs
}

fn unescape_value(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(c @ ('\\' | '=' | '|')) => out.push(c),
            // Not an escape CEF defines: keep both characters.
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_pipes_and_equals_and_spaces_parse() {
        let parsed = parse(r"CEF:0|V\|x|P|1|42|a\\b|5|msg=a\=b c d cs1=x\\ cs1Label=L").unwrap();
        let r = &parsed.record;
        assert_eq!(r.device_vendor, "V|x");
        assert_eq!(r.name, r"a\b");
        assert_eq!(r.get("msg"), Some("a=b c d"));
        assert_eq!(r.get("cs1"), Some("x\\"));
        assert_eq!(r.get("cs1Label"), Some("L"));
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    }

    #[test]
    fn an_unescaped_equals_after_a_space_stays_in_the_value() {
        let parsed = parse("CEF:0|V|P|1|1|N|3|sourceQuery=WHERE a = true outcome=OK").unwrap();
        assert_eq!(parsed.record.get("sourceQuery"), Some("WHERE a = true"));
        assert_eq!(parsed.record.get("outcome"), Some("OK"));
        assert!(parsed.warnings.contains(&CefWarning::UnescapedEquals {
            key: "sourceQuery".to_owned()
        }));
    }

    #[test]
    fn lines_that_are_not_cef_are_errors() {
        assert_eq!(parse("hello"), Err(CefError::NotCef));
        assert_eq!(parse("CEF:0|a|b|c"), Err(CefError::ShortHeader(3)));
    }
}
