//! `content/<lang>/` → a checked [`LanguageContent`] per language.
//!
//! Every word a reader sees comes from these files. Each file is checked
//! against its schema (see [`schema`]) and kept as a TOML table, which the
//! kit stage turns into template data generically: adding a key to a content
//! file and using it in a template needs no Rust change beyond the schema.

pub mod markdown;
pub mod schema;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::de::DeserializeOwned;

use crate::assets::{Layers, SourceFile};
use crate::diagnostics::{Collector, Diagnostic, Error, Result, from_toml_error};
use crate::text::decode_utf8;

/// The content files of one language, in the order documents use them.
pub const FILES: &[&str] = &[
    "strings",
    "questions",
    "cycle",
    "briefing",
    "guide",
    "preparation",
    "action-plan",
];

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
        let (display, text, _) = parse_table(file)?;
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
        problems.finish(QuestionBank {
            display,
            sources: bank.sources,
            questions: bank.question,
        })
    }
}

impl LanguageContent {
    /// Loads and checks every content file of `lang`, reporting all problems.
    pub fn load(layers: &Layers, lang: &str, bank: &QuestionBank) -> Result<LanguageContent> {
        let mut problems = Collector::default();
        let mut files = BTreeMap::new();
        for stem in FILES {
            let relative = format!("{lang}/{stem}.toml");
            match layers.content(&relative) {
                Ok(Some(file)) => {
                    if let Some(parsed) = problems.take(parse_table(file)) {
                        let (display, text, table) = parsed;
                        problems.take(check_shape(stem, &display, &text));
                        files.insert(
                            *stem,
                            ContentFile {
                                display,
                                text,
                                table,
                            },
                        );
                    }
                }
                Ok(None) => problems.push(
                    Diagnostic::new(format!("content file `content/{relative}` is missing")).hint(
                        format!(
                            "every language needs the same files as the others: {}",
                            FILES.join(".toml, ") + ".toml"
                        ),
                    ),
                ),
                Err(e) => problems.extend(e),
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
            if questions
                .text
                .get(&question.id)
                .is_none_or(|t| t.trim().is_empty())
            {
                problems.push(
                    Diagnostic::new(format!(
                        "question `{}` has no text in `{lang}`",
                        question.id
                    ))
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
                    .hint(format!(
                        "add `{} = \"…\"` under `[categories]`",
                        question.category
                    )),
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

fn parse_table(file: SourceFile) -> Result<(PathBuf, String, toml::Table)> {
    let text = decode_utf8(&file.display, file.bytes)?;
    let table: toml::Table =
        toml::from_str(&text).map_err(|e| Error::one(from_toml_error(&file.display, &text, &e)))?;
    Ok((file.display, text, table))
}

fn typed<T: DeserializeOwned>(display: &std::path::Path, text: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| Error::one(from_toml_error(display, text, &e)))
}

fn typed_file<T: DeserializeOwned>(file: &ContentFile) -> Result<T> {
    typed(&file.display, &file.text)
}

/// Checks a file against the schema of its kind.
fn check_shape(stem: &str, display: &std::path::Path, text: &str) -> Result<()> {
    match stem {
        "strings" => typed::<schema::Strings>(display, text).map(drop),
        "questions" => typed::<schema::QuestionTexts>(display, text).map(drop),
        "cycle" => typed::<schema::Cycle>(display, text).map(drop),
        "briefing" => typed::<schema::Briefing>(display, text).map(drop),
        "guide" => typed::<schema::Guide>(display, text).map(drop),
        "preparation" => typed::<schema::Preparation>(display, text).map(drop),
        "action-plan" => typed::<schema::ActionPlan>(display, text).map(drop),
        _ => Ok(()),
    }
}
