//! `content/<lang>/` → a checked [`LanguageContent`] per language.
//!
//! Every word a reader sees comes from these files. Each file is checked
//! against its schema (see [`schema`]) and kept as a TOML table, which the
//! kit stage turns into template data generically: adding a key to a content
//! file and using it in a template needs no Rust change beyond the schema.

mod layered;
pub mod markdown;
pub mod schema;
pub mod translation;

pub use layered::read_language;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::de::DeserializeOwned;

use crate::assets::Layers;
use crate::diagnostics::{Collector, Diagnostic, Error, Result, from_toml_error};

/// The content files of one language, in the order documents use them.
pub const FILES: &[&str] =
    &["strings", "questions", "cycle", "briefing", "guide", "preparation", "action-plan", "web"];

/// Keys whose string values are Markdown; every other string is plain text.
pub const MARKDOWN_KEYS: &[&str] = &[
    "text", "intro", "body", "notes", "points", "items", "bullets", "prompts", "why", "before",
    "after", "review",
];

/// One parsed content file.
#[derive(Debug, Clone)]
pub struct ContentFile {
    pub display: PathBuf,
    pub text: String,
    pub table: toml::Table,
    /// False when project keys were merged into a built-in file: then `text`
    /// is only the project's part and has no line for the other keys.
    pub whole: bool,
}

/// The checked content of one language.
#[derive(Debug, Clone)]
pub struct LanguageContent {
    pub lang: String,
    /// The files by stem (`"strings"`, `"cycle"`, …).
    pub files: BTreeMap<&'static str, ContentFile>,
    pub months: Vec<String>,
    pub date_format: String,
    pub date_range: String,
    pub cadence: BTreeMap<String, String>,
    pub categories: BTreeMap<String, String>,
    pub question_text: BTreeMap<String, String>,
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
        let (display, text) = (parsed.display, parsed.text);
        let bank: schema::Bank = typed(&display, &text)?;
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
            if !schema::GUIDE_PARTS.contains(&question.part.as_str()) {
                problems.push(
                    Diagnostic::new(format!(
                        "question `{}` names the unknown guide part `{}`",
                        question.id, question.part
                    ))
                    .in_file(&display)
                    .suggest(&question.part, schema::GUIDE_PARTS.iter().copied()),
                );
            }
        }
        problems.finish(QuestionBank { display, sources: bank.sources, questions: bank.question })
    }
}

impl LanguageContent {
    /// Checks the files of `lang` (read with [`read_language`] and compared
    /// with the reference language) and keeps what renderers need.
    pub fn from_files(
        lang: &str,
        files: BTreeMap<&'static str, ContentFile>,
        bank: &QuestionBank,
    ) -> Result<LanguageContent> {
        let mut problems = Collector::default();
        for stem in FILES {
            match files.get(stem) {
                Some(file) => {
                    problems.take(check_shape(stem, file));
                    check_placeholders(&file.table, "", file, &mut problems);
                }
                None => problems.push(
                    Diagnostic::new(format!(
                        "content file `content/{lang}/{stem}.toml` is missing"
                    ))
                    .hint(format!(
                        "every language needs the same files: {}.toml",
                        FILES.join(".toml, ")
                    )),
                ),
            }
        }
        problems.finish(())?;

        let strings: schema::Strings = typed_file(&files["strings"])?;
        let questions: schema::QuestionTexts = typed_file(&files["questions"])?;
        let guide: schema::Guide = typed_file(&files["guide"])?;
        let mut problems = Collector::default();
        let strings_file = &files["strings"].display;
        if strings.dates.months.len() != 12 {
            problems.push(
                Diagnostic::new(format!(
                    "`dates.months` has {} names; it needs all 12, January first",
                    strings.dates.months.len()
                ))
                .in_file(strings_file),
            );
        }
        let questions_file = &files["questions"].display;
        for question in &bank.questions {
            if questions.text.get(&question.id).is_none_or(|t| t.trim().is_empty()) {
                problems.push(
                    Diagnostic::new(format!("question `{}` has no text in `{lang}`", question.id))
                        .in_file(questions_file)
                        .hint(format!("add `{} = \"…\"` under `[text]`", question.id)),
                );
            }
            if !questions.categories.contains_key(&question.category) {
                problems.push(
                    Diagnostic::new(format!(
                        "category `{}` has no name in `{lang}`",
                        question.category
                    ))
                    .in_file(questions_file)
                    .hint(format!("add `{} = \"…\"` under `[categories]`", question.category)),
                );
            }
        }
        let part_ids: Vec<&str> = guide.parts.iter().map(|p| p.id.as_str()).collect();
        if part_ids != schema::GUIDE_PARTS {
            problems.push(
                Diagnostic::new(format!(
                    "the guide's parts are [{}]; they must be, in order: {}",
                    part_ids.join(", "),
                    schema::GUIDE_PARTS.join(", ")
                ))
                .in_file(&files["guide"].display),
            );
        }
        problems.finish(LanguageContent {
            lang: lang.to_string(),
            files,
            months: strings.dates.months,
            date_format: strings.dates.format,
            date_range: strings.dates.range,
            cadence: strings.cadence,
            categories: questions.categories,
            question_text: questions.text,
        })
    }
}

fn typed<T: DeserializeOwned>(display: &std::path::Path, text: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| Error::one(from_toml_error(display, text, &e)))
}

fn typed_file<T: DeserializeOwned>(file: &ContentFile) -> Result<T> {
    if file.whole {
        return typed(&file.display, &file.text);
    }
    // Merged with the built-in file: no line numbers for the whole, so name
    // the key path serde reports.
    toml::Value::Table(file.table.clone()).try_into().map_err(|e: toml::de::Error| {
        Error::one(
            Diagnostic::new(format!(
                "{} (after merging with the built-in file)",
                e.message().trim()
            ))
            .in_file(&file.display),
        )
    })
}

/// Reports `{names}` that samtale does not fill in: they would print as
/// they are, braces and all.
fn check_placeholders(
    table: &toml::Table,
    path: &str,
    file: &ContentFile,
    problems: &mut Collector,
) {
    fn walk(
        value: &toml::Value,
        path: &str,
        key: &str,
        file: &ContentFile,
        problems: &mut Collector,
    ) {
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

/// Checks a file against the schema of its kind.
fn check_shape(stem: &str, file: &ContentFile) -> Result<()> {
    match stem {
        "strings" => typed_file::<schema::Strings>(file).map(drop),
        "questions" => typed_file::<schema::QuestionTexts>(file).map(drop),
        "cycle" => typed_file::<schema::Cycle>(file).map(drop),
        "briefing" => typed_file::<schema::Briefing>(file).map(drop),
        "guide" => typed_file::<schema::Guide>(file).map(drop),
        "preparation" => typed_file::<schema::Preparation>(file).map(drop),
        "action-plan" => typed_file::<schema::ActionPlan>(file).map(drop),
        "web" => typed_file::<schema::Web>(file).map(drop),
        _ => Ok(()),
    }
}
