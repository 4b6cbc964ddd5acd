//! Text as samtale handles it: the kinds of text content files hold
//! ([`Text`], [`Markdown`]), `{placeholders}`, Markdown conversion, names
//! made safe for files, and the invisible break points long words get.

pub mod kinds;
pub mod markdown;
pub mod names;

pub use kinds::{KeyPath, Markdown, Slot, Text, Texts};
pub(crate) use kinds::{no_texts, texts};
pub use names::{UniqueNames, slug};

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

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
    "announce",
    "start",
    "end",
    "reflection",
    "evaluation",
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

/// Keys whose values the templates match on or pass on as they are.
const STRUCTURAL_KEYS: &[&str] = &["id", "part", "show", "lang", "logo", "markdown", "link"];

/// Lets words of 30 or more letters (a pasted address, a runaway word) wrap
/// by putting a zero-width space between their letters. Doing it here, once,
/// is far cheaper than a regex show rule over every text in every compile.
pub fn breakable_words(value: &mut Value) {
    match value {
        Value::String(s) => {
            if let Some(broken) = break_long_words(s) {
                *s = broken;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(breakable_words),
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if !STRUCTURAL_KEYS.contains(&key.as_str()) {
                    breakable_words(v);
                }
            }
        }
        _ => {}
    }
}

/// The zero-width space: a line-break opportunity that prints nothing.
pub const ZWSP: char = '\u{200B}';

fn break_long_words(text: &str) -> Option<String> {
    const LONG: usize = 30;
    let has_long = text.split(char::is_whitespace).any(|w| w.chars().count() >= LONG);
    if !has_long {
        return None;
    }
    let mut out = String::with_capacity(text.len() * 2);
    for word in text.split_inclusive(char::is_whitespace) {
        if word.trim_end().chars().count() >= LONG {
            let mut chars = word.chars().peekable();
            while let Some(c) = chars.next() {
                out.push(c);
                if chars.peek().is_some_and(|n| !n.is_whitespace() && !joins_previous(*n))
                    && !c.is_whitespace()
                    && c != '\u{200D}'
                {
                    out.push(ZWSP);
                }
            }
        } else {
            out.push_str(word);
        }
    }
    Some(out)
}

/// Whether `c` belongs to the character before it (a combining accent, a
/// variation selector, a joiner, a skin-tone modifier): no break goes there.
fn joins_previous(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
        | 0xFE00..=0xFE0F | 0x200D | 0x1F3FB..=0x1F3FF | 0xE0100..=0xE01EF)
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

    #[test]
    fn long_words_get_break_opportunities_and_short_ones_stay() {
        assert_eq!(break_long_words("a short text"), None);
        let long = "x".repeat(40);
        let broken = break_long_words(&format!("see {long} here")).unwrap();
        assert_eq!(broken.replace(ZWSP, ""), format!("see {long} here"));
        assert_eq!(broken.matches(ZWSP).count(), 39);
        let accented = "e\u{301}".repeat(20);
        assert!(!break_long_words(&accented).unwrap().contains("e\u{200B}\u{301}"));
    }
}
