//! Secrets and personal data, which reach an event only with a waiver on the field,
//! `#[ocsf(pii(allow, reason = "..."))]`, whose reason the event type lists. Without one it
//! refuses a field whose name mentions a secret (`api_token`: the broad reading of
//! `ocsf_names::secret_names`, since a miss puts a secret into every event and a false alarm
//! costs one waiver), a field of a secret type (`secrecy::SecretString`), and a path through
//! an attribute that `ocsf-pii` classifies as personal data or a credential.

use ocsf_names::secret_names::{is_secret_type, secret_word};
use proc_macro2::{Span, TokenStream, TokenTree};
use syn::{Ident, LitStr, Type};

use super::path::{sub_span, Resolved};
use crate::ctxt::Ctxt;

/// Whether the field looks like it holds a secret and carries it with `waiver`; without a
/// waiver, such a field is refused.
pub(super) fn secret_field(
    cx: &mut Ctxt,
    ident: &Ident,
    ty: &Type,
    waiver: Option<&LitStr>,
) -> bool {
    let word = secret_word(&ident.to_string());
    let typed = secret_type(ty);
    if waiver.is_some() {
        return word.is_some() || typed.is_some();
    }
    if let Some(word) = word {
        cx.error(
            ident.span(),
            format!("field `{ident}` looks like a secret (`{word}`): secrets must not go into events; if it is not one, add `#[ocsf(pii(allow, reason = \"...\"))]`"),
        );
    }
    if let Some((name, span)) = typed {
        cx.error(
            span,
            format!("field `{ident}` has the secret type `{name}`: secrets must not go into events; if it must, add `#[ocsf(pii(allow, reason = \"...\"))]`"),
        );
    }
    false
}

/// The first secret type named anywhere in `ty` (`Option<SecretString>`), with its span.
fn secret_type(ty: &Type) -> Option<(String, Span)> {
    fn walk(tokens: TokenStream) -> Option<(String, Span)> {
        for tt in tokens {
            match tt {
                TokenTree::Ident(i) => {
                    let name = i.to_string();
                    if is_secret_type(&name) {
                        return Some((name, i.span()));
                    }
                }
                TokenTree::Group(g) => {
                    if let Some(found) = walk(g.stream()) {
                        return Some(found);
                    }
                }
                _ => {}
            }
        }
        None
    }
    walk(quote::ToTokens::to_token_stream(ty))
}

/// Whether the path `lit` goes through personal data and carries it with `waiver`; without a
/// waiver, the first such attribute of the path is refused.
pub(super) fn personal_path(
    cx: &mut Ctxt,
    lit: &LitStr,
    resolved: &Resolved,
    waiver: Option<&LitStr>,
) -> bool {
    let personal =
        resolved
            .chain
            .iter()
            .zip(&resolved.ranges)
            .find_map(|((owner, attr), range)| {
                ocsf_pii::classify(*owner, attr.name)
                    .filter(|c| !c.strict_only)
                    .map(|c| (c, attr.name, range.clone()))
            });
    let Some((c, name, range)) = personal else {
        return false;
    };
    if waiver.is_some() {
        return true;
    }
    let what = if c.kind == ocsf_pii::Kind::Credential {
        "a credential".to_owned()
    } else {
        format!("personal data ({})", c.kind)
    };
    cx.error(
        sub_span(lit, range),
        format!("`{name}` holds {what}: mapping a field onto it needs `#[ocsf(pii(allow, reason = \"...\"))]` on the field"),
    );
    false
}
