//! Minting IRIs. Entity IRIs depend only on the entity's type and name, so the same person in
//! two articles, processed on two machines, is one node; article IRIs depend only on the
//! article's identifier.

use super::vocab::BASE;
use crate::annotate::EntityType;

/// Lower-case words joined by hyphens; letters of every script are kept (IRIs allow them).
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c == '\'' || c == '\u{2019}' || c == '.' {
            // "Côte d'Ivoire" → "cote-divoire" would lose a letter; "U.S." → "us".
            continue;
        } else {
            dash = true;
        }
        if out.len() > 120 {
            break;
        }
    }
    if out.is_empty() {
        // Nothing nameable (only punctuation or symbols): fall back to a digest.
        return format!("x{}", &crate::rdf::iri::digest(text)[..12]);
    }
    out
}

/// Hex SHA-256 of a text: stable identifiers for things without a name.
pub fn digest(text: &str) -> String {
    use sha2::{Digest, Sha256};
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let hash = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(64);
    for b in hash {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
    }
    out
}

pub fn article(id: &str) -> String {
    format!("{BASE}article/{}", slug(id))
}

/// The IRI of an entity. People are named by their first and last name ("Donald J. Trump"
/// and "Donald Trump" are one person); delegations belong to the article that names them.
pub fn entity(etype: EntityType, label: &str, article_id: &str) -> String {
    match etype {
        EntityType::Person => {
            let words: Vec<&str> = label.split_whitespace().filter(|w| !w.ends_with('.')).collect();
            let name = match words.as_slice() {
                [first, .., last] => format!("{first} {last}"),
                _ => label.to_string(),
            };
            format!("{BASE}id/person/{}", slug(&name))
        }
        EntityType::Organization => format!("{BASE}id/org/{}", slug(label)),
        EntityType::Delegation => format!("{BASE}id/delegation/{}/{}", slug(article_id), slug(label)),
        EntityType::Event => format!("{}#event-{}", article(article_id), slug(label)),
        _ => format!("{BASE}id/place/{}", slug(label)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        let cases = [
            ("Marco Rubio", "marco-rubio"),
            ("U.S. side", "us-side"),
            ("Chambésy", "chambésy"),
            ("Badr bin Hamad al-Busaidi", "badr-bin-hamad-al-busaidi"),
            ("  --  ", "x"),
            ("Владимир Путин", "владимир-путин"),
        ];
        for (text, want) in cases {
            let got = slug(text);
            assert!(got.starts_with(want), "{text}: {got}");
        }
    }

    #[test]
    fn person_iris_ignore_middle_names_and_initials() {
        assert_eq!(
            entity(EntityType::Person, "Donald J. Trump", "a"),
            entity(EntityType::Person, "Donald Trump", "b")
        );
    }

    #[test]
    fn minted_iris_are_valid_for_any_name() {
        for name in [
            "<script>",
            "a\"b",
            "emoji 🚀 name",
            "\u{202E}rtl",
            "",
            "tab\there",
        ] {
            for t in [
                EntityType::Person,
                EntityType::Organization,
                EntityType::Delegation,
                EntityType::City,
            ] {
                let iri = entity(t, name, name);
                oxigraph::model::NamedNode::new(&iri).unwrap_or_else(|e| panic!("{iri}: {e}"));
            }
        }
    }
}
