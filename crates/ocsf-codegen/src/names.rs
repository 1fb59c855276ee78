//! Rust identifiers from OCSF names and captions.

use proc_macro2::Ident;
use quote::format_ident;

/// `CLASS`, `win/reg_key` → `CLASS_WIN_REG_KEY`.
pub fn static_ident(prefix: &str, name: &str) -> Ident {
    format_ident!("{}_{}", prefix, snake(name).to_ascii_uppercase())
}

pub use ocsf_names::{snake, type_name};

/// `type` → `r#type`, `win/x` → `win_x`.
pub fn field_ident(name: &str) -> Ident {
    let snake = snake(name);
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
