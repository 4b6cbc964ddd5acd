//! `content/<lang>/` → the typed texts of each language ([`LanguageContent`]).
//!
//! Every word a reader sees comes from these files. Each file is read into
//! its typed struct: the shared ones in [`schema`], each document's own
//! beside it in [`crate::documents`]. A missing, misspelt or mistyped key is
//! an error here, with its file, line and column, never a blank on a page.

mod layered;
pub mod schema;
pub mod translation;

pub use crate::documents::GUIDE_PARTS;
pub use layered::read_language;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::de::DeserializeOwned;

use crate::assets::Layers;
use crate::diagnostics::{Collector, Diagnostic, Error, Result, from_toml_error};
use crate::documents::{self, Section};
use schema::{QuestionTexts, Strings, Web};

/// The content files every document reads, before the documents' own.
const SHARED: [&str; 2] = ["strings", "questions"];
/// The words of the web pages.
const WEB: &str = "web";

/// The content files of a language, in the order documents use them.
pub fn files() -> Vec<&'static str> {
    let documents = documents::content_files().into_iter().map(|f| f.name);
    SHARED.into_iter().chain(documents).chain([WEB]).collect()
}

/// One content file as read from disk or the binary, before it is typed.
#[derive(Debug, Clone)]
pub struct RawFile {
    pub display: PathBuf,
    pub text: String,
    pub table: toml::Table,
    /// False when project keys were merged into a built-in file: then `text`
    /// is only the project's part and has no line for the other keys.
    pub whole: bool,
}

impl RawFile {
    /// Reads the file as a `T`; a shape error names the file, line and key.
    fn typed<T: DeserializeOwned>(&self) -> Result<T> {
        self.read(|toml| toml::from_str(toml))
    }

    /// Reads the file with `parse`, which sees TOML text. A merged file has
    /// no text of its own, so it is written out again from its table.
    fn read<T>(&self, parse: impl Fn(&str) -> Result<T, toml::de::Error>) -> Result<T> {
        if self.whole {
            return parse(&self.text).map_err(|e| {
                Error::one(from_toml_error(&self.display, &self.text, e.message(), e.span()))
            });
        }
        let merged = toml::to_string(&self.table).map_err(|e| Error::msg(e.to_string()))?;
        parse(&merged).map_err(|e| {
            Error::one(
                Diagnostic::new(format!(
                    "{} (after merging with the built-in file)",
                    e.message().trim()
                ))
                .in_file(&self.display),
            )
        })
    }
}

/// The typed content of one language.
#[derive(Debug, Clone)]
pub struct LanguageContent {
    pub lang: String,
    pub strings: Strings,
    pub questions: QuestionTexts,
    pub web: Web,
    /// The documents' own content files.
    pub sections: Sections,
    /// Where each file came from, for errors found when its texts are
    /// filled in (a Markdown text with raw HTML, say).
    pub sources: BTreeMap<&'static str, Source>,
}

/// A content file's path and text, to place a diagnostic at a key.
#[derive(Debug, Clone)]
pub struct Source {
    pub display: PathBuf,
    pub text: String,
}

/// The documents' content files of one language, typed.
#[derive(Debug, Clone, Default)]
pub struct Sections(Vec<(&'static str, Box<dyn Section>)>);

impl Sections {
    /// The section of type `T`. Every content file of the registry is read
    /// for every language, so a document's section is always there.
    pub fn get<T: Section>(&self) -> &T {
        self.0
            .iter()
            .find_map(|(_, s)| s.as_any().downcast_ref::<T>())
            .expect("every content file of the registry is read for every language")
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &dyn Section)> {
        self.0.iter().map(|(name, s)| (*name, s.as_ref()))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&'static str, &mut Box<dyn Section>)> {
        self.0.iter_mut().map(|(name, s)| (*name, s))
    }
}

/// The language-neutral question bank, `content/questions.toml`.
#[derive(Debug, Clone)]
pub struct QuestionBank {
    pub display: PathBuf,
    pub sources: BTreeMap<String, schema::BankSource>,
    pub questions: Vec<schema::BankQuestion>,
}

impl QuestionBank {
    pub fn load(layers: &Layers) -> Result<QuestionBank> {
        let file = layers
            .content("questions.toml")?
            .ok_or_else(|| Error::msg("the question bank `content/questions.toml` is missing"))?;
        let parsed = layered::parse(file)?;
        let bank: schema::Bank = parsed.typed()?;
        let display = parsed.display;
        let mut problems = Collector::default();
        for question in &bank.question {
            if !bank.sources.contains_key(&question.source) {
                problems.push(
                    Diagnostic::new(format!(
                        "question `{}` names the unknown source `{}`",
                        question.id, question.source
                    ))
                    .in_file(&display)
                    .suggest(&question.source, bank.sources.keys().map(String::as_str)),
                );
            }
            if !GUIDE_PARTS.contains(&question.part.as_str()) {
                problems.push(
                    Diagnostic::new(format!(
                        "question `{}` names the unknown guide part `{}`",
                        question.id, question.part
                    ))
                    .in_file(&display)
                    .suggest(&question.part, GUIDE_PARTS.iter().copied()),
                );
            }
        }
        problems.finish(QuestionBank { display, sources: bank.sources, questions: bank.question })
    }
}

impl LanguageContent {
    /// Reads the files of `lang` (from [`read_language`], compared with the
    /// reference language) into their types, and checks what serde cannot:
    /// placeholders, month names, a text for every question and document.
    pub fn from_files(
        lang: &str,
        files: BTreeMap<&'static str, RawFile>,
        bank: &QuestionBank,
    ) -> Result<LanguageContent> {
        let mut problems = Collector::default();
        // Each file in order: its placeholders, then its type.
        let read = |stem: &str, problems: &mut Collector| {
            let file = files.get(stem);
            match file {
                Some(file) => check_placeholders(&file.table, "", file, problems),
                None => problems.push(
                    Diagnostic::new(format!(
                        "content file `content/{lang}/{stem}.toml` is missing"
                    ))
                    .hint(format!(
                        "every language needs the same files: {}.toml",
                        self::files().join(".toml, ")
                    )),
                ),
            }
            file
        };
        let strings =
            read("strings", &mut problems).and_then(|f| problems.take(f.typed::<Strings>()));
        let questions = read("questions", &mut problems)
            .and_then(|f| problems.take(f.typed::<QuestionTexts>()));
        let mut sections = Vec::new();
        for content in documents::content_files() {
            if let Some(file) = read(content.name, &mut problems)
                && let Some(section) = problems.take(file.read(|toml| content.parse(toml)))
            {
                sections.push((content.name, section));
            }
        }
        let web = read(WEB, &mut problems).and_then(|f| problems.take(f.typed::<Web>()));
        let (Some(strings), Some(questions), Some(web)) = (strings, questions, web) else {
            return problems.finish(()).and(Err(Error::msg("content is incomplete")));
        };
        problems.finish(())?;

        let content = LanguageContent {
            lang: lang.to_string(),
            strings,
            questions,
            web,
            sections: Sections(sections),
            sources: files
                .into_iter()
                .map(|(stem, f)| (stem, Source { display: f.display, text: f.text }))
                .collect(),
        };
        content.check(bank)?;
        Ok(content)
    }

    /// What the types cannot say: twelve months, a text for every question,
    /// category and document, and the guide's parts in order.
    fn check(&self, bank: &QuestionBank) -> Result<()> {
        let mut problems = Collector::default();
        let lang = &self.lang;
        let file = |stem: &str| self.sources[stem].display.as_path();
        let dates = &self.strings.dates;
        for (key, months) in [("months", &dates.months), ("short_months", &dates.short_months)] {
            if months.len() != 12 {
                problems.push(
                    Diagnostic::new(format!(
                        "`dates.{key}` has {} names; it needs all 12, January first",
                        months.len()
                    ))
                    .in_file(file("strings")),
                );
            }
        }
        for question in &bank.questions {
            if self.questions.text.get(&question.id).is_none_or(|t| t.as_str().trim().is_empty()) {
                problems.push(
                    Diagnostic::new(format!("question `{}` has no text in `{lang}`", question.id))
                        .in_file(file("questions"))
                        .hint(format!("add `{} = \"…\"` under `[text]`", question.id)),
                );
            }
            if !self.questions.categories.contains_key(&question.category) {
                problems.push(
                    Diagnostic::new(format!(
                        "category `{}` has no name in `{lang}`",
                        question.category
                    ))
                    .in_file(file("questions"))
                    .hint(format!("add `{} = \"…\"` under `[categories]`", question.category)),
                );
            }
        }
        for source in bank.sources.keys().filter(|s| !self.questions.sources.contains_key(*s)) {
            problems.push(
                Diagnostic::new(format!("source `{source}` has no name in `{lang}`"))
                    .in_file(file("questions"))
                    .hint(format!("add `{source} = \"…\"` under `[sources]`")),
            );
        }
        let pdfs = documents::ALL.iter().flat_map(|d| d.pdfs).map(|p| documents::text_key(p.entry));
        self.check_keys(&mut problems, "strings", "documents", &self.strings.documents, pdfs);
        let pages = documents::ALL.iter().filter(|d| d.page).map(|d| documents::text_key(d.id));
        self.check_keys(&mut problems, WEB, "descriptions", &self.web.descriptions, pages);

        let guide = self.sections.get::<documents::Guide>();
        let part_ids: Vec<&str> = guide.parts.iter().map(|p| p.id.as_str()).collect();
        if part_ids != GUIDE_PARTS {
            problems.push(
                Diagnostic::new(format!(
                    "the guide's parts are [{}]; they must be, in order: {}",
                    part_ids.join(", "),
                    GUIDE_PARTS.join(", ")
                ))
                .in_file(file("guide")),
            );
        }
        problems.finish(())
    }

    /// A table keyed by the registry (`[documents]`, `[descriptions]`) must
    /// have every key the registry names, and no other.
    fn check_keys<T>(
        &self,
        problems: &mut Collector,
        stem: &str,
        table: &str,
        found: &BTreeMap<String, T>,
        wanted: impl Iterator<Item = String>,
    ) {
        let source = &self.sources[stem];
        let wanted: Vec<String> = wanted.collect();
        for key in wanted.iter().filter(|k| !found.contains_key(*k)) {
            problems.push(
                Diagnostic::new(format!("`{table}.{key}` is missing in `{}`", self.lang))
                    .at_key(&source.display, &source.text, table)
                    .hint(format!("add `{key} = \"…\"` under `[{table}]`")),
            );
        }
        for key in found.keys().filter(|k| !wanted.contains(k)) {
            problems.push(
                Diagnostic::new(format!("`{table}.{key}` names no document"))
                    .at_key(&source.display, &source.text, key)
                    .suggest(key, wanted.iter().map(String::as_str)),
            );
        }
    }
}

/// Reports `{names}` that samtale does not fill in: they would print as
/// they are, braces and all.
fn check_placeholders(table: &toml::Table, path: &str, file: &RawFile, problems: &mut Collector) {
    fn walk(value: &toml::Value, path: &str, key: &str, file: &RawFile, problems: &mut Collector) {
        match value {
            toml::Value::String(s) => {
                for unknown in crate::text::placeholders_in(s)
                    .into_iter()
                    .filter(|p| !crate::text::PLACEHOLDERS.contains(p))
                {
                    let known: Vec<String> =
                        crate::text::PLACEHOLDERS.iter().map(|k| format!("{{{k}}}")).collect();
                    problems.push(
                        Diagnostic::new(format!(
                            "unknown placeholder `{{{unknown}}}` (key `{path}`)"
                        ))
                        .at_key(&file.display, &file.text, key)
                        .suggest(unknown, crate::text::PLACEHOLDERS.iter().copied())
                        .hint(format!("samtale fills in {}", known.join(" "))),
                    );
                }
            }
            toml::Value::Array(items) => items
                .iter()
                .enumerate()
                .for_each(|(i, v)| walk(v, &format!("{path}[{i}]"), key, file, problems)),
            toml::Value::Table(t) => check_placeholders(t, path, file, problems),
            _ => {}
        }
    }
    for (key, value) in table {
        let key_path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
        walk(value, &key_path, key, file, problems);
    }
}
