//! Checks on single values of `kit.toml`: lengths, colours, duplicate
//! names, and paths that must stay inside the project.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{Named, contrast};
use crate::diagnostics::{Collector, Diagnostic, Error, Result};

/// The longest text a `kit.toml` value may hold: every value is printed in a
/// header, a box or a table cell, and a runaway paste should be an error,
/// not a hundred-page PDF.
pub const MAX_TEXT: usize = 1_000;

/// Names and titles sit in narrow fields and headers: they get less room.
pub const MAX_NAME: usize = 150;

/// Keys holding a name or a title, limited to [`MAX_NAME`].
const NAME_KEYS: &[&str] = &["name", "unit", "title", "owner", "footer", "logo_alt", "hr_contact"];

/// The most characters the value at `path` may hold.
fn max_length(path: &str) -> usize {
    let named = path.split('.').any(|segment| NAME_KEYS.contains(&segment));
    if named { MAX_NAME } else { MAX_TEXT }
}

/// Refuses text values longer than their limit, naming the key. Walks the
/// document as parsed, before serde reads it.
pub(super) fn check_text_lengths(file: &Path, text: &str, table: &toml_edit::Table) -> Result<()> {
    fn value(v: &toml_edit::Value, path: &str, found: &mut Vec<(String, String)>) {
        match v {
            toml_edit::Value::String(s) => string(s.value(), path, found),
            toml_edit::Value::Array(items) => items.iter().for_each(|v| value(v, path, found)),
            toml_edit::Value::InlineTable(t) => {
                t.iter().for_each(|(k, v)| value(v, &join(path, k), found))
            }
            _ => {}
        }
    }
    fn item(i: &toml_edit::Item, path: &str, found: &mut Vec<(String, String)>) {
        match i {
            toml_edit::Item::Value(v) => value(v, path, found),
            toml_edit::Item::Table(t) => t.iter().for_each(|(k, i)| item(i, &join(path, k), found)),
            toml_edit::Item::ArrayOfTables(tables) => tables
                .iter()
                .for_each(|t| t.iter().for_each(|(k, i)| item(i, &join(path, k), found))),
            toml_edit::Item::None => {}
        }
    }
    fn string(s: &str, path: &str, found: &mut Vec<(String, String)>) {
        let count = s.chars().count();
        if count > max_length(path) {
            found.push((
                path.to_string(),
                format!("is {count} characters long: at most {}", max_length(path)),
            ));
        } else if max_length(path) == MAX_NAME && s.chars().any(char::is_control) {
            // A line break in a name would break a header or a form field.
            found.push((path.to_string(), "contains a line break or control character".into()));
        }
    }
    fn join(path: &str, key: &str) -> String {
        if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
    }
    let mut found = Vec::new();
    table.iter().for_each(|(k, i)| item(i, k, &mut found));
    let mut problems = Collector::default();
    for (key, problem) in found {
        problems.push(
            Diagnostic::new(format!("`{key}` {problem}"))
                .at_key(file, text, &key)
                .hint("shorten the text; longer guidance belongs in the content files"),
        );
    }
    problems.finish(())
}

pub(super) fn check_unique(
    problems: &mut Collector,
    names: &[Named],
    what: &str,
    file: &Path,
    text: &str,
) {
    let mut seen = HashSet::new();
    for named in names {
        if !seen.insert(named.name.as_str()) {
            problems.push(
                Diagnostic::new(format!("duplicate {what} `{}`", named.name))
                    .at_span(file, text, named.span.clone())
                    .hint(format!("each {what} may appear only once")),
            );
        }
    }
}

/// Accepts `#rgb` or `#rrggbb` and returns `#rrggbb` in lower case, if it
/// reaches `minimum` contrast against white, the page colour of every theme
/// (`key` and `use_` name the setting and what needs it, for the message).
pub(super) fn parse_colour(
    key: &str,
    value: &toml::Spanned<String>,
    file: &Path,
    text: &str,
    minimum: f64,
    use_: &str,
) -> Result<String> {
    let raw = value.get_ref().trim();
    let hex = raw.strip_prefix('#').unwrap_or("");
    let valid = hex.chars().all(|c| c.is_ascii_hexdigit());
    let expanded = match hex.len() {
        3 if valid => hex.chars().flat_map(|c| [c, c]).collect::<String>(),
        6 if valid => hex.to_string(),
        _ => {
            return Err(Diagnostic::new(format!("`{raw}` is not a colour"))
                .at_span(file, text, value.span())
                .hint("write a hex colour such as \"#1f4e79\" or \"#e70\"")
                .into());
        }
    };
    let colour = format!("#{}", expanded.to_ascii_lowercase());
    let rgb = contrast::rgb(&colour).expect("six hex digits");
    let ratio = contrast::against_white(rgb);
    if ratio < minimum {
        return Err(Diagnostic::new(format!(
            "`{key}` = \"{raw}\" has a contrast of {ratio:.1}:1 against white; {use_} need at least {minimum}:1 (WCAG 2.1 AA)"
        ))
        .at_span(file, text, value.span())
        .hint(format!(
            "a darker shade of the same hue reaches it: \"{}\"",
            contrast::darkened_to(rgb, minimum)
        ))
        .into());
    }
    Ok(colour)
}

/// Resolves a path from `kit.toml` against the project root and refuses
/// anything that leaves it, so a kit file cannot make samtale read elsewhere.
pub(super) fn resolve_inside(
    root: &Path,
    value: &toml::Spanned<String>,
    file: &Path,
    text: &str,
) -> Result<PathBuf> {
    let relative = Path::new(value.get_ref());
    let fail = |message: String, hint: &str| {
        Error::one(
            Diagnostic::new(message).at_span(file, text, value.span()).hint(hint.to_string()),
        )
    };
    if relative.is_absolute() {
        return Err(fail(
            format!("`{}` is an absolute path", relative.display()),
            "write a path relative to the folder of kit.toml, e.g. \"assets/logo.svg\"",
        ));
    }
    let joined = root.join(relative);
    let canonical_root = root.canonicalize().map_err(|e| Error::io("open", root, e))?;
    let canonical = joined.canonicalize().map_err(|_| {
        fail(
            format!("`{}` does not exist", joined.display()),
            "put the file in the project folder and give its path relative to kit.toml",
        )
    })?;
    if !canonical.starts_with(&canonical_root) {
        return Err(fail(
            format!("`{}` lies outside the project folder", relative.display()),
            "copy the file into the folder of kit.toml and refer to it there",
        ));
    }
    Ok(canonical)
}
