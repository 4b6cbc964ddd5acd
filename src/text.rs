//! Small text helpers shared by the config and content loaders.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Error, Result};

/// Decodes a text file, accepting a UTF-8 byte-order mark (editors on Windows
/// write one) and naming the line of the first invalid byte otherwise.
pub fn decode_utf8(file: &Path, mut bytes: Vec<u8>) -> Result<String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let bytes = err.as_bytes();
        let text = String::from_utf8_lossy(&bytes[..valid]);
        Error::one(
            Diagnostic::new("the file is not valid UTF-8").at_span(file, &text, valid..valid).hint(
                "save the file as UTF-8 (most editors offer it under \"Save as\" or \"Encoding\")",
            ),
        )
    })
}

/// Every placeholder samtale fills in content text.
pub const PLACEHOLDERS: &[&str] = &[
    "year",
    "organisation",
    "unit",
    "start",
    "end",
    "reflection",
    "cadence",
    "minutes",
    "count",
    "marker",
    "weeks",
    "day",
    "month",
];

/// Values for `{name}` placeholders in content text.
pub type Placeholders = BTreeMap<&'static str, String>;

/// Replaces `{name}` placeholders in one pass. Inserted values are never
/// scanned again, so a value that itself contains `{year}` prints literally.
/// Unknown names are left as they are; the kit stage reports them in
/// content files before filling.
pub fn fill(template: &str, values: &Placeholders) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_end = after.find('}').filter(|&end| {
            let name = &after[..end];
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        match name_end.and_then(|end| values.get(&after[..end]).map(|v| (end, v))) {
            Some((end, value)) => {
                out.push_str(value);
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders used in `text`, for comparing translations.
pub fn placeholders_in(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(end)
                if end > 0
                    && after[..end].chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                found.push(&after[..end]);
                rest = &after[end + 1..];
            }
            _ => rest = after,
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_once_and_keeps_unknown() {
        let mut values = Placeholders::new();
        values.insert("organisation", "{year} & {{ x }}".into());
        values.insert("year", "2027".into());
        assert_eq!(
            fill("{organisation} in {year} {unknown} {", &values),
            "{year} & {{ x }} in 2027 {unknown} {"
        );
    }

    #[test]
    fn finds_placeholders() {
        assert_eq!(placeholders_in("a {b} {c} {b} { d } {}"), vec!["b", "c"]);
    }

    #[test]
    fn strips_bom_and_reports_bad_bytes() {
        assert_eq!(decode_utf8(Path::new("x"), b"\xEF\xBB\xBFa".to_vec()).unwrap(), "a");
        let err = decode_utf8(Path::new("x.toml"), b"a\nb\xFF".to_vec()).unwrap_err();
        assert!(err.to_string().contains("x.toml:2:2"), "{err}");
    }
}
