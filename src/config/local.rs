//! Texts of kit.toml that the kit prints: one for every language, or one
//! per language code, as focus-area titles are.
//!
//! A unit's name or a footer written once prints the same in every
//! language, which is right for a name and wrong for "Teknisk drift og
//! eiendom" in the English kit; so one text for a kit of several languages
//! is a warning, and a per-language table must cover every language built.

use std::path::Path;

use super::Named;
use super::raw::RawText;
use crate::diagnostics::{Collector, Diagnostic};

/// A printed text of kit.toml, with its key for messages.
#[derive(Debug, Clone)]
pub struct LocalText {
    key: String,
    value: RawText,
}

impl LocalText {
    pub fn new(key: impl Into<String>, value: RawText) -> Self {
        LocalText { key: key.into(), value }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: &str) -> Option<&str> {
        match &self.value {
            RawText::One(text) => Some(text),
            RawText::PerLanguage(texts) => texts.get(lang).map(String::as_str),
        }
    }

    /// Every text it holds, whatever the language.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.value.texts()
    }

    /// The text in `lang`, or else in any language: for a text the kit
    /// cannot do without, such as the organisation's name.
    pub fn get_or_any(&self, lang: &str) -> &str {
        self.get(lang).or_else(|| self.all().next()).unwrap_or_default()
    }

    /// Reports a language of `languages` a per-language table lacks, and
    /// warns when one text stands for several languages.
    pub fn check(
        &self,
        languages: &[Named],
        (file, text): (&Path, &str),
        problems: &mut Collector,
        warnings: &mut Vec<Diagnostic>,
    ) {
        let leaf = self.key.rsplit('.').next().unwrap_or(&self.key);
        match &self.value {
            RawText::PerLanguage(texts) => {
                for lang in languages.iter().filter(|l| !texts.contains_key(&l.name)) {
                    problems.push(
                        Diagnostic::new(format!("`{}` has no text in `{}`", self.key, lang.name))
                            .at_key(file, text, &self.key)
                            .hint(format!("add `{leaf}.{} = \"…\"`", lang.name)),
                    );
                }
            }
            RawText::One(value) if languages.len() > 1 => {
                let codes: Vec<&str> = languages.iter().map(|l| l.name.as_str()).collect();
                warnings.push(
                    Diagnostic::warning(format!(
                        "`{}` is one text for every language: \"{value}\" prints in {}",
                        self.key,
                        codes.join(", ")
                    ))
                    .at_key(file, text, &self.key)
                    .hint(format!(
                        "write it per language (`{leaf}.{} = \"…\"`), unless it is a name that stays the same",
                        codes[0]
                    )),
                );
            }
            RawText::One(_) => {}
        }
    }
}
