//! Rust identifiers from OCSF names and captions.

use proc_macro2::Ident;
use quote::format_ident;

/// `CLASS`, `win/reg_key` → `CLASS_WIN_REG_KEY`.
pub fn static_ident(prefix: &str, name: &str) -> Ident {
    format_ident!("{}_{}", prefix, words(name).join("_").to_ascii_uppercase())
}

/// `network_activity` → `NetworkActivity`; `win/reg_key` → `WinRegKey`; `OAUTH 2.0` → `Oauth20`.
pub fn type_name(name: &str) -> String {
    let mut out: String = words(name)
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => {
                    first.to_ascii_uppercase().to_string() + &chars.as_str().to_ascii_lowercase()
                }
                None => String::new(),
            }
        })
        .collect();
    if out.is_empty() {
        out.push_str("Empty");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    out
}

/// `type` → `r#type`, `win/x` → `win_x`.
pub fn field_ident(name: &str) -> Ident {
    let snake = words(name).join("_").to_ascii_lowercase();
    let snake = if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n_{snake}")
    } else {
        snake
    };
    if is_keyword(&snake) {
        Ident::new_raw(&snake, proc_macro2::Span::call_site())
    } else {
        format_ident!("{}", snake)
    }
}

/// `win/reg_key` → `win_reg_key`: a module or function name fragment.
pub fn snake(name: &str) -> String {
    words(name).join("_").to_ascii_lowercase()
}

/// Splits on anything that is not ASCII alphanumeric, and on lower→upper camel boundaries.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            current.push(c);
        } else {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "as" | "break"
            | "const"
            | "continue"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(type_name("network_activity"), "NetworkActivity");
        assert_eq!(type_name("win/reg_key"), "WinRegKey");
        assert_eq!(type_name("OAUTH 2.0"), "Oauth20");
        assert_eq!(type_name("3DES"), "N3Des");
        assert_eq!(type_name("Non-Repudiation"), "NonRepudiation");
        assert_eq!(field_ident("type").to_string(), "r#type");
        assert_eq!(
            static_ident("OBJ", "win/reg_key").to_string(),
            "OBJ_WIN_REG_KEY"
        );
    }
}
