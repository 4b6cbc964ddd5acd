//! The small commands: `init`, `questions` and `schema`.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::assets::{DEFAULT_THEME, Layers};
use crate::config::Kit;
use crate::content::{LanguageContent, QuestionBank, read_language};
use crate::diagnostics::{Diagnostic, Error, Result};

/// The JSON Schema of `kit.toml`, generated from the types serde reads it
/// into, so the two cannot disagree.
pub fn schema() -> String {
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<crate::config::RawKit>();
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema is JSON");
    text.push('\n');
    text
}

/// The commented starter `kit.toml` that `init` writes.
const STARTER: &str = include_str!("config/starter.toml");

/// The languages the starter builds.
const STARTER_LANGUAGES: &[&str] = &["nb", "en"];

/// The built-in `[records]` defaults in `languages`, as commented lines:
/// HR sees what the kit will print before deciding to change it.
fn records_defaults(languages: &[&str]) -> Result<String> {
    let layers = Layers::new(Path::new("."), DEFAULT_THEME);
    let bank = QuestionBank::load(&layers)?;
    let mut out = String::new();
    let mut lines: [Vec<String>; 3] = Default::default();
    for lang in languages {
        let content = LanguageContent::from_files(lang, read_language(&layers, lang)?, &bank)?;
        let records = content.sections.get::<crate::documents::Records>();
        let defaults = [&records.default_kept, &records.default_period, &records.default_contact];
        for ((key, lines), default) in
            ["kept", "period", "contact"].iter().zip(&mut lines).zip(defaults)
        {
            let value = toml::Value::String(default.to_string());
            lines.push(format!("# {key}.{lang} = {value}"));
        }
    }
    out.push_str("# [records]\n");
    for line in lines.iter().flatten() {
        let _ = writeln!(out, "{line}");
    }
    Ok(out)
}

/// Writes a starter `kit.toml` into `dir`, never over an existing file.
pub fn init(dir: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    let path = dir.join("kit.toml");
    let mut file =
        std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::one(
                    Diagnostic::new(format!(
                        "`{}` already exists; init never overwrites it",
                        path.display()
                    ))
                    .hint("edit the existing file, or run `samtale init` in a new folder"),
                )
            } else {
                Error::io("write", &path, e)
            }
        })?;
    let documents: Vec<String> = crate::documents::ids().map(|id| format!("\"{id}\"")).collect();
    let starter = STARTER
        .replace("{documents}", &documents.join(", "))
        .replace("{records}\n", &records_defaults(STARTER_LANGUAGES)?);
    std::io::Write::write_all(&mut file, starter.as_bytes())
        .map_err(|e| Error::io("write", &path, e))?;
    Ok(path)
}

/// The question bank as a table: id, category, source, text; with the
/// organisation's own questions when `config` exists.
pub fn questions(config: &Path, lang: Option<&str>) -> Result<String> {
    let kit = if config.exists() { Some(Kit::load(config)?) } else { None };
    let layers = match &kit {
        Some(kit) => Layers::new(&kit.root, &kit.theme),
        None => Layers::new(Path::new("."), DEFAULT_THEME),
    };
    let lang = lang
        .map(str::to_string)
        .or_else(|| kit.as_ref().map(|k| k.reference_language.clone()))
        .unwrap_or_else(|| "nb".into());
    let available = layers.content_languages();
    if !available.contains(&lang) {
        return Err(Diagnostic::new(format!("no content for language `{lang}`"))
            .suggest(&lang, available.iter().map(String::as_str))
            .into());
    }
    let bank = QuestionBank::load(&layers)?;
    let content = LanguageContent::from_files(&lang, read_language(&layers, &lang)?, &bank)?;
    let texts = &content.questions;
    let category =
        |name: &str| texts.categories.get(name).map_or_else(|| name.to_string(), |c| c.to_string());
    let mut rows: Vec<[String; 4]> = bank
        .questions
        .iter()
        .map(|q| {
            [
                q.id.clone(),
                category(&q.category),
                texts.sources.get(&q.source).map_or_else(|| q.source.clone(), |s| s.to_string()),
                texts.text.get(&q.id).map(|t| t.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    for q in kit.iter().flat_map(|k| &k.questions.custom) {
        rows.push([
            q.id.name.clone(),
            category(&q.category.name),
            q.source.get(&lang).unwrap_or_default().to_string(),
            q.text.get(&lang).cloned().unwrap_or_default(),
        ]);
    }
    let header = ["id", "category", "source", "text"].map(String::from);
    let widths: Vec<usize> = (0..3)
        .map(|i| rows.iter().chain([&header]).map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        for (i, width) in widths.iter().enumerate() {
            let _ = write!(out, "{:<width$}  ", row[i], width = width);
        }
        let _ = writeln!(out, "{}", row[3]);
    }
    Ok(out)
}
