//! Where a piece of text in a PDF came from, for errors about it.
//!
//! PDF/UA-1 forbids text that no font can show (an emoji, say: the bundled
//! fonts have none). Typst points at the theme line that placed the text,
//! but the person who can fix it needs the key in kit.toml or the content
//! file that holds it, so we look the text up in the data the theme read.

use serde_json::Value;

/// For an error about text no font can show: where that text came from, as
/// hints. Empty for any other error, or text not found in the data.
pub fn hints(message: &str, data: &[u8], person: &[u8], previous: &[u8]) -> Vec<String> {
    let Some(text) = undisplayable_text(message) else { return Vec::new() };
    keys_containing(data, person, previous, &text)
        .into_iter()
        .map(|key| {
            format!("`{text}` comes from {key}; no bundled font can show it, so change it there")
        })
        .collect()
}

/// The text a "could not be displayed" error is about.
fn undisplayable_text(message: &str) -> Option<String> {
    let start = message.find("the text `")? + "the text `".len();
    let end = start + message[start..].find("` could not be displayed")?;
    let repr = &message[start..end];
    let inner = repr.strip_prefix('"').and_then(|r| r.strip_suffix('"')).unwrap_or(repr);
    Some(inner.replace("\\\"", "\"").replace("\\\\", "\\"))
}

/// Every key of the data (or of the roster's person) whose value contains
/// `needle`, described as a person would look for it.
fn keys_containing(data: &[u8], person: &[u8], previous: &[u8], needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    if let Ok(data) = serde_json::from_slice::<Value>(data) {
        let lang = data["lang"].as_str().unwrap_or_default().to_string();
        let mut paths = Vec::new();
        walk(&data, String::new(), needle, &mut paths);
        found.extend(paths.into_iter().map(|path| describe(&path, &lang)));
    }
    if let Ok(person) = serde_json::from_slice::<Value>(person) {
        let mut paths = Vec::new();
        walk(&person, String::new(), needle, &mut paths);
        found.extend(paths.into_iter().map(|column| format!("the roster's `{column}` column")));
    }
    if let Ok(plan) = serde_json::from_slice::<Value>(previous) {
        let mut paths = Vec::new();
        walk(&plan, String::new(), needle, &mut paths);
        found.extend(
            paths.into_iter().map(|key| format!("last round's plan (`{key}`, from `--previous`)")),
        );
    }
    found.sort();
    found.dedup();
    found
}

fn walk(value: &Value, path: String, needle: &str, found: &mut Vec<String>) {
    match value {
        Value::String(s) if s.replace(crate::text::ZWSP, "").contains(needle) => found.push(path),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, format!("{path}[{i}]"), needle, found);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                walk(item, path, needle, found);
            }
        }
        _ => {}
    }
}

/// `text.cycle.purpose.title` → "`purpose.title` in content/nb/cycle.toml";
/// questions come from the bank or kit.toml; everything else from kit.toml.
fn describe(path: &str, lang: &str) -> String {
    if let Some(rest) = path.strip_prefix("text.") {
        let (file, key) = rest.split_once('.').unwrap_or((rest, ""));
        // Markdown arrives as a tree; its key is the one above the tree.
        let key = key.split(".blocks").next().unwrap_or(key);
        return format!("`{key}` in content/{lang}/{file}.toml");
    }
    if path.starts_with("questions.") {
        return format!(
            "the question at `{path}` (content/{lang}/questions.toml, or a custom question in kit.toml)"
        );
    }
    format!("`{path}` in kit.toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_is_read_off_typsts_message() {
        let message =
            "PDF/UA-1 error: the text `\"🙂\"` could not be displayed with font `\"Inter\"`";
        assert_eq!(undisplayable_text(message).as_deref(), Some("🙂"));
        assert_eq!(undisplayable_text("missing alt text"), None);
    }

    #[test]
    fn keys_are_named_in_the_files_people_edit() {
        let data = serde_json::json!({
            "lang": "nb",
            "organisation": {"unit": "Drift 🙂"},
            "text": {"cycle": {"purpose": {"title": "Hvorfor\u{200B}🙂"}}},
        });
        let bytes = serde_json::to_vec(&data).unwrap();
        let person = r#"{"employee": "Åse 🙂"}"#.as_bytes();
        let previous = r#"{"goals": "Mer 🙂"}"#.as_bytes();
        assert_eq!(
            keys_containing(&bytes, person, previous, "🙂"),
            [
                "`organisation.unit` in kit.toml",
                "`purpose.title` in content/nb/cycle.toml",
                "last round's plan (`goals`, from `--previous`)",
                "the roster's `employee` column",
            ]
        );
    }
}
