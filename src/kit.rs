//! Config + content → one [`LanguageKit`] per language: the data every
//! renderer reads.
//!
//! This is where names meet: question ids in `kit.toml` are looked up in the
//! bank, dates are written in the language's own words, and `{placeholders}`
//! in content are filled. The result is plain JSON, so the Typst theme reads
//! it with `json()` and user text never becomes markup.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};
use time::Date;

use crate::config::{Cadence, DocumentKind, Kit, Named};
use crate::content::{LanguageContent, MARKDOWN_KEYS, QuestionBank, markdown};
use crate::diagnostics::{Collector, Diagnostic, Result};
use crate::text::{Placeholders, fill};

/// Marks questions whose source is credited in the footnote.
pub const CREDIT_MARKER: &str = "†";

/// Everything needed to render one language of the kit.
#[derive(Debug, Clone)]
pub struct LanguageKit {
    pub lang: String,
    pub documents: Vec<DocumentKind>,
    /// The template data every renderer reads. Typst reads it through
    /// [`LanguageKit::typst_data`].
    pub data: Value,
    /// The logo's bytes and extension, when the kit has one.
    pub logo: Option<(Vec<u8>, String)>,
    /// The date stamped into the PDFs, for reproducible files.
    pub date: Date,
    /// Month names and date format, for dates that come later (a roster's).
    months: Vec<String>,
    date_format: String,
}

impl LanguageKit {
    /// A date in this language's words, e.g. "4. januar 2027".
    pub fn format_date(&self, date: Date) -> String {
        format_date(&self.months, &self.date_format, date)
    }

    /// The data as Typst gets it, as `/data.json`: long words carry
    /// zero-width spaces so Typst can wrap them. Web pages and Markdown get
    /// the plain data, where such characters would only be in the way (and
    /// would corrupt a link inside rendered HTML).
    ///
    /// Typst reads Markdown as its syntax tree only, so the HTML and
    /// CommonMark renderings are left out: every memoised call that sees the
    /// data hashes it, and without them it is a third of the size.
    pub fn typst_data(&self) -> Value {
        fn tree_only(value: &mut Value) {
            match value {
                Value::Object(map) => {
                    if map.contains_key("blocks") {
                        map.remove("html");
                        map.remove("markdown");
                    }
                    map.values_mut().for_each(tree_only);
                }
                Value::Array(items) => items.iter_mut().for_each(tree_only),
                _ => {}
            }
        }
        let mut data = self.data.clone();
        tree_only(&mut data);
        crate::text::breakable_words(&mut data);
        data
    }
}

/// Builds the kit of every language, reporting every problem found.
pub fn assemble(
    kit: &Kit,
    bank: &QuestionBank,
    contents: &[LanguageContent],
) -> Result<Vec<LanguageKit>> {
    let mut problems = Collector::default();
    let logo = kit.brand.logo.as_ref().map(|l| (l.bytes.clone(), l.extension.to_string()));
    let selections = [
        ("employee", &kit.questions.employee_preparation),
        ("leader", &kit.questions.leader_preparation),
        ("guide", &kit.questions.conversation_guide),
    ];
    let known: Vec<&str> = bank
        .questions
        .iter()
        .map(|q| q.id.as_str())
        .chain(kit.questions.custom.iter().map(|q| q.id.name.as_str()))
        .collect();
    for (_, selection) in selections {
        for id in selection.iter() {
            if !known.contains(&id.name.as_str()) {
                problems.push(
                    Diagnostic::new(format!("unknown question id `{}`", id.name))
                        .at(kit.locate(id.span.clone()))
                        .suggest(&id.name, known.iter().copied()),
                );
            }
        }
    }
    let mut custom_ids = std::collections::HashSet::new();
    for custom in &kit.questions.custom {
        if !custom_ids.insert(custom.id.name.as_str()) {
            problems.push(
                Diagnostic::new(format!("duplicate custom question `{}`", custom.id.name))
                    .at(kit.locate(custom.id.span.clone())),
            );
        }
        for content in contents {
            if custom.text.get(&content.lang).is_none_or(|t| t.trim().is_empty()) {
                problems.push(
                    Diagnostic::new(format!(
                        "custom question `{}` has no text in `{}`",
                        custom.id.name, content.lang
                    ))
                    .at(kit.locate(custom.id.span.clone()))
                    .hint(format!("add `text.{} = \"…\"` to this question", content.lang)),
                );
            }
        }
        if let Some(content) = contents.first() {
            let categories: Vec<&str> = content.categories.keys().map(String::as_str).collect();
            check_name(&mut problems, kit, &custom.category, &categories, "question category");
        }
        if bank.questions.iter().any(|q| q.id == custom.id.name) {
            problems.push(
                Diagnostic::new(format!(
                    "custom question `{}` has the id of a bank question",
                    custom.id.name
                ))
                .at(kit.locate(custom.id.span.clone()))
                .hint("give the organisation's own questions ids of their own, e.g. \"org-…\""),
            );
        }
        check_name(
            &mut problems,
            kit,
            &custom.part,
            crate::content::schema::GUIDE_PARTS,
            "guide part",
        );
    }
    let kits: Vec<LanguageKit> = contents
        .iter()
        .filter_map(|content| problems.take(language_kit(kit, bank, content, logo.clone())))
        .collect();
    problems.finish(kits)
}

fn check_name(problems: &mut Collector, kit: &Kit, named: &Named, valid: &[&str], what: &str) {
    if !valid.contains(&named.name.as_str()) {
        problems.push(
            Diagnostic::new(format!("unknown {what} `{}`", named.name))
                .at(kit.locate(named.span.clone()))
                .suggest(&named.name, valid.iter().copied()),
        );
    }
}

fn language_kit(
    kit: &Kit,
    bank: &QuestionBank,
    content: &LanguageContent,
    logo: Option<(Vec<u8>, String)>,
) -> Result<LanguageKit> {
    let lang = content.lang.as_str();
    let round = &kit.round;
    let date = |d: Date| format_date(&content.months, &content.date_format, d);
    let cadence = cadence_words(content, round.cadence);
    let mut values = Placeholders::new();
    values.insert("year", round.year.to_string());
    values.insert("organisation", kit.organisation.name.clone());
    values.insert(
        "unit",
        kit.organisation.unit.clone().unwrap_or_else(|| kit.organisation.name.clone()),
    );
    values.insert("start", date(round.start));
    values.insert("end", date(round.end));
    values.insert("cadence", cadence.clone());
    values.insert("minutes", round.meeting_minutes.to_string());
    values.insert("count", round.follow_ups.len().to_string());
    values.insert("reflection", date(round.reflection));
    values.insert("marker", CREDIT_MARKER.to_string());
    if let Cadence::Weeks(weeks) = round.cadence {
        values.insert("weeks", weeks.to_string());
    }

    let mut problems = Collector::default();
    let mut text = Map::new();
    for (stem, file) in &content.files {
        let converted = convert_table(&file.table, &values, "").map_err(|(key, message)| {
            Diagnostic::new(format!("{message} (key `{key}`)"))
                .at_key(&file.display, &file.text, &key)
                .hint("write plain text or Markdown; use *emphasis* instead of HTML tags")
        });
        if let Some(value) = problems.take(converted.map_err(Into::into)) {
            text.insert(stem.to_string(), value);
        }
    }
    problems.finish(())?;

    let question = |id: &str| question_data(kit, bank, content, id);
    let pick = |list: &[Named]| list.iter().filter_map(|id| question(&id.name)).collect::<Vec<_>>();
    let mut guide: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for q in pick(&kit.questions.conversation_guide) {
        let part = q["part"].as_str().unwrap_or_default().to_string();
        guide.entry(part).or_default().push(q);
    }
    let focus_areas: Vec<Value> = kit
        .focus_areas
        .iter()
        .enumerate()
        .map(|(i, area)| {
            json!({
                "n": i + 1,
                "id": area.id.name,
                "title": area.title.get(lang).cloned().unwrap_or_default(),
                "description": area.description.get(lang).cloned().unwrap_or_default(),
                "owner": area.owner,
            })
        })
        .collect();
    let logo_path = logo.as_ref().map(|(_, ext)| format!("/logo.{ext}"));
    let data = json!({
        "lang": lang,
        "organisation": {
            "name": kit.organisation.name,
            "unit": kit.organisation.unit,
            "hr_contact": kit.organisation.hr_contact,
        },
        "round": {
            "year": round.year,
            "label": text_str(&text, &["strings", "kit", "round"]),
            "announce": date(round.announce),
            "start": date(round.start),
            "end": date(round.end),
            "period": fill(&content.date_range, &values),
            "reflection": date(round.reflection),
            "evaluation": date(round.evaluation),
            "cadence": cadence,
            "minutes": round.meeting_minutes,
            "follow_ups": round.follow_ups.iter().map(|d| date(*d)).collect::<Vec<_>>(),
        },
        "brand": {
            "primary": kit.brand.primary,
            "accent": kit.brand.accent,
            // The accent checked for text: small text in the accent colour
            // needs 4.5:1, which the accent itself only has to reach 3:1.
            "accent_text": crate::config::contrast::rgb(&kit.brand.accent)
                .map(|rgb| crate::config::contrast::darkened_to(rgb, crate::config::contrast::TEXT)),
            "font": kit.brand.font,
            "footer": kit.brand.footer,
            "logo": logo_path,
            "logo_alt": kit.brand.logo_alt.clone().unwrap_or_else(|| kit.organisation.name.clone()),
        },
        "focus_areas": focus_areas,
        "questions": {
            "employee": pick(&kit.questions.employee_preparation),
            "leader": pick(&kit.questions.leader_preparation),
            "guide": guide,
            "marker": CREDIT_MARKER,
        },
        "credits": credits(kit, bank),
        "options": {
            "action_plan": { "rows": kit.action_plan.rows, "signatures": kit.action_plan.signatures },
            "preparation": { "lines": kit.preparation_lines },
        },
        "text": text,
    });
    Ok(LanguageKit {
        lang: lang.to_string(),
        documents: kit.documents.clone(),
        data,
        logo,
        date: round.announce,
        months: content.months.clone(),
        date_format: content.date_format.clone(),
    })
}

fn text_str(text: &Map<String, Value>, path: &[&str]) -> String {
    let mut value = text.get(path[0]);
    for key in &path[1..] {
        value = value.and_then(|v| v.get(key));
    }
    value.and_then(Value::as_str).unwrap_or_default().to_string()
}

/// A selected question as the templates see it.
fn question_data(
    kit: &Kit,
    bank: &QuestionBank,
    content: &LanguageContent,
    id: &str,
) -> Option<Value> {
    if let Some(q) = bank.questions.iter().find(|q| q.id == id) {
        let source = bank.sources.get(&q.source);
        return Some(json!({
            "id": q.id,
            "text": content.question_text.get(id).cloned().unwrap_or_default(),
            "category": content.categories.get(&q.category).cloned().unwrap_or_else(|| q.category.clone()),
            "part": q.part,
            "source": source.map(|s| s.short.clone()),
            "credited": source.is_some(),
        }));
    }
    let q = kit.questions.custom.iter().find(|q| q.id.name == id)?;
    Some(json!({
        "id": q.id.name,
        "text": q.text.get(&content.lang).or_else(|| q.text.get(&kit.reference_language)).cloned().unwrap_or_default(),
        "category": content.categories.get(&q.category.name).cloned().unwrap_or_else(|| q.category.name.clone()),
        "part": q.part.name,
        "source": q.source,
        "credited": false,
    }))
}

/// The citations of every bank source that a selected question comes from.
fn credits(kit: &Kit, bank: &QuestionBank) -> Vec<Value> {
    let selected: Vec<&str> = [
        &kit.questions.employee_preparation,
        &kit.questions.leader_preparation,
        &kit.questions.conversation_guide,
    ]
    .into_iter()
    .flatten()
    .map(|n| n.name.as_str())
    .collect();
    let mut used: Vec<&String> = bank
        .questions
        .iter()
        .filter(|q| selected.contains(&q.id.as_str()))
        .map(|q| &q.source)
        .collect();
    used.sort();
    used.dedup();
    used.into_iter()
        .filter_map(|s| bank.sources.get(s))
        .map(|s| json!({ "short": s.short, "citation": s.citation }))
        .collect()
}

fn format_date(months: &[String], format: &str, date: Date) -> String {
    let mut values = Placeholders::new();
    values.insert("day", date.day().to_string());
    values.insert("month", months[usize::from(u8::from(date.month())) - 1].clone());
    values.insert("year", date.year().to_string());
    fill(format, &values)
}

fn cadence_words(content: &LanguageContent, cadence: Cadence) -> String {
    let template = content.cadence.get(cadence.key()).cloned().unwrap_or_default();
    let mut values = Placeholders::new();
    if let Cadence::Weeks(weeks) = cadence {
        values.insert("weeks", weeks.to_string());
    }
    fill(&template, &values)
}

/// Converts a content table to template data: Markdown keys become
/// `{"blocks": …, "markdown": …}`, other strings are filled plain text.
fn convert_table(
    table: &toml::Table,
    values: &Placeholders,
    path: &str,
) -> std::result::Result<Value, (String, String)> {
    let mut map = Map::new();
    for (key, value) in table {
        let key_path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
        let markdown = MARKDOWN_KEYS.contains(&key.as_str());
        map.insert(key.clone(), convert_value(value, values, &key_path, markdown)?);
    }
    Ok(Value::Object(map))
}

fn convert_value(
    value: &toml::Value,
    values: &Placeholders,
    path: &str,
    markdown: bool,
) -> std::result::Result<Value, (String, String)> {
    Ok(match value {
        toml::Value::String(s) if markdown => {
            let converted = markdown::convert(s, values).map_err(|e| (path.to_string(), e))?;
            json!({ "blocks": converted.tree, "markdown": converted.markdown, "html": converted.html })
        }
        toml::Value::String(s) => Value::String(fill(s, values)),
        toml::Value::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| convert_value(item, values, &format!("{path}[{i}]"), markdown))
                .collect::<std::result::Result<_, _>>()?,
        ),
        toml::Value::Table(table) => convert_table(table, values, path)?,
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => json!(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
    })
}
