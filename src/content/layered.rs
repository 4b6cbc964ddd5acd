//! Reads a language's content files, letting a project override single keys.
//!
//! A project's `content/<lang>/cycle.toml` holding only `title = "…"` changes
//! that one title and keeps every other built-in text. A key the built-in
//! file does not have is a typo, and is reported as one.

use std::collections::BTreeMap;
use std::path::Path;

use super::RawFile;
use crate::assets::{Layers, SourceFile};
use crate::diagnostics::{Collector, Diagnostic, Error, Result, from_toml_error};
use crate::text::decode_utf8;

/// Every content file of `lang` that exists, by stem, with overrides applied.
/// Missing files are not an error here: the translation check reports them
/// against the reference language.
pub fn read_language(layers: &Layers, lang: &str) -> Result<BTreeMap<&'static str, RawFile>> {
    let mut problems = Collector::default();
    let mut files = BTreeMap::new();
    for stem in super::files() {
        let relative = format!("{lang}/{stem}.toml");
        let Some((built_in, project)) = problems.take(layers.content_layers(&relative)) else {
            continue;
        };
        let built_in = built_in.and_then(|f| problems.take(parse(f)));
        let project = project.and_then(|f| problems.take(parse(f)));
        let file = match (built_in, project) {
            (Some(base), Some(over)) => problems.take(merge(base, over)),
            (base, over) => over.or(base),
        };
        if let Some(file) = file {
            files.insert(stem, file);
        }
    }
    problems.finish(files)
}

pub fn parse(file: SourceFile) -> Result<RawFile> {
    let text = decode_utf8(&file.display, file.bytes)?;
    let table: toml::Table = toml::from_str(&text)
        .map_err(|e| Error::one(from_toml_error(&file.display, &text, e.message(), e.span())))?;
    Ok(RawFile { display: file.display, text, table, whole: true })
}

/// Applies `over` on top of `base`: tables merge key by key, everything
/// else (strings, lists) is replaced whole.
fn merge(base: RawFile, over: RawFile) -> Result<RawFile> {
    let mut problems = Collector::default();
    let mut table = base.table;
    let RawFile { display, text, table: overrides, .. } = over;
    merge_table(&mut table, overrides, "", (&display, &text), &mut problems);
    problems.finish(RawFile { display, text, table, whole: false })
}

fn merge_table(
    base: &mut toml::Table,
    over: toml::Table,
    path: &str,
    file: (&Path, &str),
    problems: &mut Collector,
) {
    for (key, value) in over {
        let key_path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(inner)), toml::Value::Table(value)) => {
                merge_table(inner, value, &key_path, file, problems)
            }
            (Some(slot), value) => *slot = value,
            (None, _) => {
                let siblings: Vec<&str> = base.keys().map(String::as_str).collect();
                problems.push(
                    Diagnostic::new(format!("unknown key `{key_path}`"))
                        .at_key(file.0, file.1, &key)
                        .suggest(&key, siblings)
                        .hint("an override file may only change keys that the built-in file has"),
                );
            }
        }
    }
}
