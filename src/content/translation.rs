//! Compares a language's content with the reference language, the way a
//! translator needs it: what is missing, what is extra, which placeholders
//! differ, what was left empty.
//!
//! With `allow_missing`, a missing text falls back to the reference
//! language, prefixed with a visible marker such as `‹nb›` so nobody prints
//! it by mistake.

use std::collections::BTreeMap;

use super::RawFile;
use crate::diagnostics::Diagnostic;
use crate::text::placeholders_in;

/// What the comparison found.
#[derive(Debug, Default)]
pub struct Findings {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Checks `files` of `lang` against the reference; fills gaps when allowed.
pub fn compare(
    lang: &str,
    files: &mut BTreeMap<&'static str, RawFile>,
    reference_lang: &str,
    reference: &BTreeMap<&'static str, RawFile>,
    allow_missing: bool,
) -> Findings {
    let mut findings = Findings::default();
    let marker = format!("‹{reference_lang}› ");
    for stem in super::files() {
        let Some(base) = reference.get(stem) else {
            continue;
        };
        let Some(file) = files.get_mut(stem) else {
            let message = format!("content file `content/{lang}/{stem}.toml` is missing");
            if allow_missing {
                let mut fallback = base.clone();
                mark(&mut fallback.table, &marker);
                files.insert(stem, fallback);
                findings.warnings.push(
                    Diagnostic::warning(format!(
                        "{message}; using {reference_lang}, marked {marker}"
                    ))
                    .in_file(&base.display),
                );
            } else {
                findings.errors.push(
                    Diagnostic::new(message)
                        .in_file(&base.display)
                        .hint(format!("copy `{}` and translate it", base.display.display()))
                        .hint(
                            "or build with --allow-missing to fall back to the reference language",
                        ),
                );
            }
            continue;
        };
        let mut context = Context {
            lang,
            reference_lang,
            file_display: file.display.clone(),
            text: file.text.clone(),
            marker: &marker,
            allow_missing,
            findings: &mut findings,
            filled: false,
        };
        context.table(&mut file.table, &base.table, "");
        if context.filled {
            // The table now holds keys the file's text does not.
            file.whole = false;
        }
    }
    findings
}

struct Context<'a> {
    lang: &'a str,
    reference_lang: &'a str,
    file_display: std::path::PathBuf,
    text: String,
    marker: &'a str,
    allow_missing: bool,
    findings: &'a mut Findings,
    /// Whether a fallback was filled in.
    filled: bool,
}

impl Context<'_> {
    fn at(&self, diagnostic: Diagnostic, key: &str) -> Diagnostic {
        diagnostic.at_key(&self.file_display, &self.text, key)
    }

    fn table(&mut self, table: &mut toml::Table, base: &toml::Table, path: &str) {
        for (key, base_value) in base {
            let key_path = join(path, key);
            match table.get_mut(key) {
                Some(value) => self.value(value, base_value, &key_path, key),
                None if self.allow_missing => {
                    let mut fallback = base_value.clone();
                    mark_value(&mut fallback, self.marker);
                    table.insert(key.clone(), fallback);
                    self.filled = true;
                    let d = Diagnostic::warning(format!(
                        "`{key_path}` is missing in `{}`; using {}, marked {}",
                        self.lang, self.reference_lang, self.marker
                    ))
                    .in_file(&self.file_display);
                    self.findings.warnings.push(d);
                }
                None => {
                    let d = Diagnostic::new(format!(
                        "`{key_path}` is missing in `{}` (the reference language `{}` has it)",
                        self.lang, self.reference_lang
                    ))
                    .in_file(&self.file_display)
                    .hint(format!("add `{key} = \"…\"`, translated"));
                    self.findings.errors.push(d);
                }
            }
        }
        for key in table.keys().filter(|k| !base.contains_key(*k)) {
            let key_path = join(path, key);
            let d = self
                .at(
                    Diagnostic::new(format!(
                        "`{key_path}` in `{}` is not in the reference language `{}`",
                        self.lang, self.reference_lang
                    )),
                    key,
                )
                .suggest(key, base.keys().map(String::as_str));
            self.findings.errors.push(d);
        }
    }

    fn value(&mut self, value: &mut toml::Value, base: &toml::Value, path: &str, key: &str) {
        match (value, base) {
            (toml::Value::Table(t), toml::Value::Table(b)) => self.table(t, b, path),
            (toml::Value::Array(items), toml::Value::Array(base_items)) => {
                if items.len() != base_items.len() {
                    let d = self.at(
                        Diagnostic::warning(format!(
                            "`{path}` has {} entries in `{}` and {} in `{}`",
                            items.len(),
                            self.lang,
                            base_items.len(),
                            self.reference_lang
                        )),
                        key,
                    );
                    self.findings.warnings.push(d);
                }
                // Entries both languages have are compared one by one.
                for (i, (item, base_item)) in items.iter_mut().zip(base_items).enumerate() {
                    self.value(item, base_item, &format!("{path}[{i}]"), key);
                }
            }
            (toml::Value::String(s), toml::Value::String(b)) => {
                if s.trim().is_empty() && !b.trim().is_empty() {
                    let d = self
                        .at(Diagnostic::new(format!("`{path}` is empty in `{}`", self.lang)), key)
                        .hint(
                            "write the translated text, or remove the key to use --allow-missing",
                        );
                    self.findings.errors.push(d);
                }
                let (ours, theirs) = (placeholders_in(s), placeholders_in(b));
                if ours != theirs {
                    let list = |p: &[&str]| {
                        p.iter().map(|n| format!("{{{n}}}")).collect::<Vec<_>>().join(" ")
                    };
                    let d = self
                        .at(
                            Diagnostic::new(format!(
                                "`{path}` uses the placeholders [{}] in `{}` but [{}] in `{}`",
                                list(&ours),
                                self.lang,
                                list(&theirs),
                                self.reference_lang
                            )),
                            key,
                        )
                        .hint("keep the same {placeholders} as the reference language; samtale fills them in");
                    self.findings.errors.push(d);
                }
            }
            (value, base) if value.type_str() != base.type_str() => {
                let d = self.at(
                    Diagnostic::new(format!(
                        "`{path}` is {} in `{}` but {} in `{}`",
                        with_article(value.type_str()),
                        self.lang,
                        with_article(base.type_str()),
                        self.reference_lang
                    )),
                    key,
                );
                self.findings.errors.push(d);
            }
            _ => {}
        }
    }
}

fn with_article(kind: &str) -> String {
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {kind}")
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

fn mark(table: &mut toml::Table, marker: &str) {
    for (_, value) in table.iter_mut() {
        mark_value(value, marker);
    }
}

/// Prefixes every text with the marker; ids and slide kinds stay as they
/// are, because templates match on them.
fn mark_value(value: &mut toml::Value, marker: &str) {
    match value {
        toml::Value::String(s) => *s = format!("{marker}{s}"),
        toml::Value::Array(items) => items.iter_mut().for_each(|v| mark_value(v, marker)),
        toml::Value::Table(t) => {
            for (key, v) in t.iter_mut() {
                if key != "id" && key != "show" {
                    mark_value(v, marker);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(text: &str) -> RawFile {
        RawFile {
            display: PathBuf::from("x.toml"),
            text: text.into(),
            table: toml::from_str(text).unwrap(),
            whole: true,
        }
    }

    fn files(text: &str) -> BTreeMap<&'static str, RawFile> {
        BTreeMap::from([("strings", file(text))])
    }

    #[test]
    fn finds_missing_extra_empty_and_placeholders() {
        let reference = files("a = \"A {year}\"\nb = \"B\"\nc = \"C\"\n");
        let mut ours = files("a = \"A\"\nb = \"\"\nd = \"D\"\n");
        let found = compare("xx", &mut ours, "nb", &reference, false);
        let all: Vec<String> = found.errors.iter().map(|d| d.message.clone()).collect();
        assert!(all.iter().any(|m| m.contains("`c` is missing in `xx`")), "{all:?}");
        assert!(all.iter().any(|m| m.contains("`d` in `xx` is not in the reference")), "{all:?}");
        assert!(all.iter().any(|m| m.contains("`b` is empty")), "{all:?}");
        assert!(all.iter().any(|m| m.contains("placeholders [] in `xx` but [{year}]")), "{all:?}");
    }

    #[test]
    fn allow_missing_falls_back_visibly() {
        let reference = files("a = \"A\"\n[t]\nid = \"x\"\nb = \"B\"\n");
        let mut ours = files("a = \"Å\"\n");
        let found = compare("xx", &mut ours, "nb", &reference, true);
        assert!(found.errors.is_empty());
        assert_eq!(found.warnings.len(), 1);
        let t = &ours["strings"].table["t"];
        assert_eq!(t["b"].as_str(), Some("‹nb› B"));
        assert_eq!(t["id"].as_str(), Some("x"));
    }
}
