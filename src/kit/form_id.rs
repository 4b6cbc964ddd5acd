//! What a form says about itself: which organisation, round, document and
//! language it belongs to and, for a roster form, whose it is.
//!
//! `collect` maps a returned form to its roster row by these identifiers
//! instead of guessing from typed names. In a PDF they are the document's
//! keywords (the Info dictionary's `/Keywords` and XMP's `pdf:Keywords`),
//! which every PDF tool keeps when it fills, rewrites or flattens a form and
//! which a reader shows under the document's properties; in a web form's
//! saved file they are the `form` object. Each is `key=value`, the value
//! percent-encoded where it holds `%`, `,` or a control character, so the
//! list survives being joined with ", " and split again.

use serde::{Deserialize, Serialize};

/// The keyword that marks a PDF as a samtale form.
pub const MARK: &str = "samtale-form";

/// The identifiers of one form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FormId {
    /// The organisation's name as a slug (`fjordvik-kommune`).
    pub organisation: String,
    pub year: i32,
    /// The document's id in the registry.
    pub document: String,
    pub lang: String,
    /// The roster row a form was made for; `None` on a blank form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<PersonId>,
}

/// A roster row as its forms name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PersonId {
    /// `employee_id` when the roster has it, else `<leader>/<employee>` as
    /// slugs, which is unique within one roster.
    pub id: String,
    pub employee: String,
    pub leader: String,
}

impl PersonId {
    /// The id of a roster row: its `employee_id`, or the slugs of its
    /// leader and name.
    pub fn row_id(employee_id: &str, leader: &str, employee: &str) -> String {
        match employee_id.trim() {
            "" => format!(
                "{}/{}",
                crate::text::slug(leader, "leader"),
                crate::text::slug(employee, "person")
            ),
            id => id.to_string(),
        }
    }
}

impl FormId {
    /// The identifiers as PDF keywords.
    pub fn keywords(&self) -> Vec<String> {
        let mut words = vec![
            MARK.to_string(),
            pair("organisation", &self.organisation),
            pair("year", &self.year.to_string()),
            pair("document", &self.document),
            pair("lang", &self.lang),
        ];
        if let Some(person) = &self.person {
            words.push(pair("person", &person.id));
            words.push(pair("employee", &person.employee));
            words.push(pair("leader", &person.leader));
        }
        words
    }

    /// Reads the identifiers back from a PDF's `/Keywords` text; `None`
    /// when it is not a samtale form's.
    pub fn from_keywords(text: &str) -> Option<FormId> {
        let words: Vec<&str> = text.split([',', ';']).map(str::trim).collect();
        if !words.contains(&MARK) {
            return None;
        }
        let get = |key: &str| {
            words.iter().find_map(|w| w.strip_prefix(key)?.strip_prefix('=')).map(decode)
        };
        let person = match (get("person"), get("employee"), get("leader")) {
            (Some(id), Some(employee), Some(leader)) => Some(PersonId { id, employee, leader }),
            _ => None,
        };
        Some(FormId {
            organisation: get("organisation")?,
            year: get("year")?.parse().ok()?,
            document: get("document")?,
            lang: get("lang")?,
            person,
        })
    }
}

fn pair(key: &str, value: &str) -> String {
    format!("{key}={}", encode(value))
}

fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if c == '%' || c == ',' || c == ';' || c.is_control() {
            let mut buffer = [0; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_survive_keywords_with_commas_and_percent_signs() {
        let id = FormId {
            organisation: "fjordvik-kommune".into(),
            year: 2027,
            document: "a-form".into(),
            lang: "nn".into(),
            person: Some(PersonId {
                id: "E-1, 100%".into(),
                employee: "Åse Ødegård; \"Berg\"".into(),
                leader: "Per\nHansen".into(),
            }),
        };
        let text = id.keywords().join(", ");
        assert!(!text.contains('\n'));
        assert_eq!(FormId::from_keywords(&text), Some(id.clone()));
        let blank = FormId { person: None, ..id };
        assert_eq!(FormId::from_keywords(&blank.keywords().join(",")), Some(blank));
        assert_eq!(FormId::from_keywords("report, 2027"), None);
    }

    #[test]
    fn a_row_is_named_by_its_employee_id_or_its_slugs() {
        assert_eq!(PersonId::row_id(" E17 ", "Per", "Kari"), "E17");
        assert_eq!(PersonId::row_id("", "Per Ås", "Kari Ø"), "per-aas/kari-o");
    }
}
