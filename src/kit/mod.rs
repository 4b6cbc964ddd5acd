//! Config + content → one [`LanguageKit`] per language: the model every
//! renderer reads.
//!
//! This is where names meet: question ids in `kit.toml` are looked up in the
//! bank, dates are written in the language's own words, and `{placeholders}`
//! in content are filled in (inside Markdown's text only, after parsing, so
//! a value never becomes markup). Renderers get typed data ([`Model`]);
//! Typst gets it as JSON, so user text is always a string to place, never
//! Typst source.

pub mod form_id;
pub mod model;
pub mod wheel;

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use serde_json::{Map, Value};
use time::Date;

pub use model::Model;

pub use self::form_id::FormId;
use crate::config::{Cadence, Kit, Named};
use crate::content::{LanguageContent, QuestionBank, Source};
use crate::diagnostics::{Collector, Diagnostic, Result};
use crate::documents::{self, Cycle, Document, GUIDE_PARTS, Records};
use crate::text::{KeyPath, Placeholders, Slot, Texts, fill};

/// Marks questions whose source is credited.
pub const CREDIT_MARKER: &str = "†";

/// How many of the employee's questions the briefing's slide shows.
const SLIDE_QUESTIONS: usize = 5;

/// The bank's category of questions about the manager.
const LEADERSHIP: &str = "leadership";

/// Everything needed to render one language of the kit.
#[derive(Debug, Clone)]
pub struct LanguageKit {
    pub lang: String,
    pub documents: Vec<&'static Document>,
    pub model: Model,
    /// The logo's bytes and extension, when the kit has one.
    pub logo: Option<(Vec<u8>, String)>,
    /// The date stamped into the PDFs, for reproducible files.
    pub date: Date,
    /// The organisation as its forms name it (see [`FormId`]).
    pub organisation_id: String,
    /// Month names and date format, for dates that come later (a roster's).
    months: Vec<String>,
    date_format: String,
    /// The model as Typst reads it, made once (see [`LanguageKit::typst_data`]).
    typst: OnceLock<Map<String, Value>>,
}

impl LanguageKit {
    /// What a PDF or web form of `document` in this language says about
    /// itself, for `collect` to recognise it when it comes back.
    pub fn form_id(&self, document: &str) -> FormId {
        FormId {
            organisation: self.organisation_id.clone(),
            year: self.model.round.year,
            document: document.to_string(),
            lang: self.lang.clone(),
            person: None,
        }
    }

    /// A date in this language's words, e.g. "4. januar 2027".
    pub fn format_date(&self, date: Date) -> String {
        format_date(&self.months, &self.date_format, date)
    }

    /// `/data.json` for the PDFs of `document`: the model with only the
    /// content files and settings the registry says it reads, so that what
    /// a PDF depends on is exactly what it declares, and `watch` recompiles
    /// it when, and only when, one of those changes.
    pub fn typst_data(&self, document: &Document) -> Vec<u8> {
        let mut data = self.typst_model().clone();
        if let Some(Value::Object(text)) = data.get_mut("text") {
            text.retain(|name, _| name == "strings" || document.reads(name));
        }
        if let Some(Value::Object(options)) = data.get_mut("options") {
            options.retain(|key, _| document.settings.iter().any(|s| s.key() == key));
        }
        serde_json::to_vec(&data).expect("JSON values always serialise")
    }

    /// `/data.json` with every content file, for `--emit-typst`, whose
    /// project compiles any entry with the Typst CLI.
    pub fn typst_data_all(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self.typst_model()).expect("JSON values always serialise")
    }

    /// The model as Typst reads it, serialised once per language: long words
    /// carry zero-width spaces so Typst can wrap them (web pages and Markdown
    /// get the plain text, where such characters would only be in the way),
    /// and Markdown is its syntax tree only, without the HTML and CommonMark
    /// renderings, since every memoised call that sees the data hashes it.
    fn typst_model(&self) -> &Map<String, Value> {
        self.typst.get_or_init(|| {
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
            let mut data = serde_json::to_value(&self.model).expect("the model serialises");
            tree_only(&mut data);
            crate::text::breakable_words(&mut data);
            match data {
                Value::Object(map) => map,
                _ => unreachable!("the model is a struct"),
            }
        })
    }

    /// The title of a document's PDF or page (`strings.toml`, `[documents]`).
    pub fn title(&self, name: &str) -> &str {
        self.model.text.strings.documents[&documents::text_key(name)].as_str()
    }
}

/// The logo's path in the Typst world, which the model names in
/// `brand.logo`; also its file name in an `--emit-typst` project.
pub fn logo_path(extension: &str) -> String {
    format!("/logo.{extension}")
}

/// Builds the kit of every language, reporting every problem found.
pub fn assemble(
    kit: &Kit,
    bank: &QuestionBank,
    contents: Vec<LanguageContent>,
) -> Result<Vec<LanguageKit>> {
    let mut problems = Collector::default();
    check_questions(&mut problems, kit, bank, &contents);
    let kits: Vec<LanguageKit> = contents
        .into_iter()
        .filter_map(|content| problems.take(language_kit(kit, bank, content)))
        .collect();
    problems.finish(kits)
}

/// Question ids in kit.toml must name bank or custom questions, and custom
/// questions need a text in every language and known names.
fn check_questions(
    problems: &mut Collector,
    kit: &Kit,
    bank: &QuestionBank,
    contents: &[LanguageContent],
) {
    let selections = [
        &kit.questions.employee_preparation,
        &kit.questions.leader_preparation,
        &kit.questions.conversation_guide,
    ];
    let known: Vec<&str> = bank
        .questions
        .iter()
        .map(|q| q.id.as_str())
        .chain(kit.questions.custom.iter().map(|q| q.id.name.as_str()))
        .collect();
    for id in selections.into_iter().flatten() {
        if !known.contains(&id.name.as_str()) {
            problems.push(
                Diagnostic::new(format!("unknown question id `{}`", id.name))
                    .at(kit.locate(id.span.clone()))
                    .suggest(&id.name, known.iter().copied()),
            );
        }
    }
    let mut custom_ids = HashSet::new();
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
            let categories: Vec<&str> =
                content.questions.categories.keys().map(String::as_str).collect();
            check_name(problems, kit, &custom.category, &categories, "question category");
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
        check_name(problems, kit, &custom.part, GUIDE_PARTS, "guide part");
    }
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

/// The placeholder values of one language.
fn placeholders(kit: &Kit, content: &LanguageContent) -> Placeholders {
    let round = &kit.round;
    let date =
        |d: Date| format_date(&content.strings.dates.months, &content.strings.dates.format, d);
    let mut values = Placeholders::new();
    values.insert("year", round.year.to_string());
    values.insert("organisation", kit.organisation.name.get_or_any(&content.lang).to_string());
    values.insert("unit", unit(kit, &content.lang));
    values.insert("announce", date(round.announce));
    values.insert("start", date(round.start));
    values.insert("end", date(round.end));
    values.insert("cadence", cadence_words(content, round.cadence));
    values.insert("minutes", round.meeting_minutes.to_string());
    values.insert("count", round.follow_ups.len().to_string());
    values.insert("reflection", date(round.reflection));
    values.insert("evaluation", date(round.evaluation));
    values.insert("marker", CREDIT_MARKER.to_string());
    if let Cadence::Weeks(weeks) = round.cadence {
        values.insert("weeks", weeks.to_string());
    }
    values
}

/// The organisation as its forms name it: the slug of its name in the
/// reference language, the same in every language of the kit.
pub fn organisation_id(kit: &Kit) -> String {
    crate::text::slug(kit.organisation.name.get_or_any(&kit.reference_language), "organisation")
}

/// The unit's name in `lang`, or the organisation's when the kit has none.
pub fn unit(kit: &Kit, lang: &str) -> String {
    let unit = kit.organisation.unit.as_ref().and_then(|u| u.get(lang));
    unit.unwrap_or(kit.organisation.name.get_or_any(lang)).to_string()
}

/// Fills in the placeholders of every text of `content` and converts its
/// Markdown; a Markdown text with raw HTML is reported at its key.
fn resolve(content: &mut LanguageContent, values: &Placeholders) -> Result<()> {
    let mut problems = Collector::default();
    let mut resolve_file = |texts: &mut dyn Texts, source: &Source| {
        texts.visit(&mut KeyPath::default(), &mut |path, slot| match slot {
            Slot::Plain(text) => text.fill(values),
            Slot::Markdown(markdown) => {
                if let Err(message) = markdown.convert(values) {
                    let key = path.to_string();
                    problems.push(
                        Diagnostic::new(format!("{message} (key `{key}`)"))
                            .at_key(&source.display, &source.text, &key)
                            .hint(
                                "write plain text or Markdown; use *emphasis* instead of HTML tags",
                            ),
                    );
                }
            }
        });
    };
    let sources = &content.sources;
    resolve_file(&mut content.strings, &sources["strings"]);
    resolve_file(&mut content.questions, &sources["questions"]);
    for (name, section) in content.sections.iter_mut() {
        resolve_file(section.as_mut(), &sources[name]);
    }
    resolve_file(&mut content.web, &sources["web"]);
    problems.finish(())
}

fn language_kit(
    kit: &Kit,
    bank: &QuestionBank,
    mut content: LanguageContent,
) -> Result<LanguageKit> {
    let values = placeholders(kit, &content);
    resolve(&mut content, &values)?;
    let lang = content.lang.clone();
    let round = &kit.round;
    let (months, date_format) =
        (content.strings.dates.months.clone(), content.strings.dates.format.clone());
    let date = |d: Date| format_date(&months, &date_format, d);

    let question = |id: &str| question(kit, bank, &content, id);
    let pick = |list: &[Named]| list.iter().filter_map(|id| question(&id.name)).collect::<Vec<_>>();
    let mut guide: BTreeMap<String, Vec<model::Question>> = BTreeMap::new();
    for q in pick(&kit.questions.conversation_guide) {
        guide.entry(q.part.clone()).or_default().push(q);
    }
    let employee = pick(&kit.questions.employee_preparation);
    let shown: Vec<model::Question> = employee.iter().take(SLIDE_QUESTIONS).cloned().collect();
    let slide = model::SlideQuestions {
        credited: shown.iter().any(|q| q.credited),
        about_leader: shown.iter().any(|q| q.category == LEADERSHIP),
        shown,
    };
    let questions = model::Questions {
        employee,
        leader: pick(&kit.questions.leader_preparation),
        guide,
        slide,
        marker: CREDIT_MARKER,
    };
    let focus_areas = kit
        .focus_areas
        .iter()
        .enumerate()
        .map(|(i, area)| model::FocusArea {
            n: i + 1,
            id: area.id.name.clone(),
            title: area.title.get(&lang).cloned().unwrap_or_default(),
            description: area.description.get(&lang).cloned().unwrap_or_default(),
            owner: area.owner.as_ref().and_then(|o| o.get(&lang)).map(str::to_string),
        })
        .collect();
    let logo = kit.brand.logo.as_ref().map(|l| (l.bytes.clone(), l.extension.to_string()));
    let cycle = content.sections.get::<Cycle>();
    let names = &cycle.dates;
    let wheel = wheel::wheel(
        round,
        wheel::Words {
            short_months: &content.strings.dates.short_months,
            alt: cycle.wheel.alt.as_str(),
            dates: vec![
                (names.announce.to_string(), date(round.announce)),
                (names.period.to_string(), fill(&content.strings.dates.range, &values)),
                (
                    names.follow_up.to_string(),
                    round.follow_ups.iter().map(|d| date(*d)).collect::<Vec<_>>().join(", "),
                ),
                (names.reflection.to_string(), date(round.reflection)),
                (names.evaluation.to_string(), date(round.evaluation)),
            ],
        },
    );
    let model = Model {
        lang: lang.clone(),
        organisation: model::Organisation {
            name: kit.organisation.name.get_or_any(&lang).to_string(),
            unit: local(&kit.organisation.unit, &lang),
            hr_contact: local(&kit.organisation.hr_contact, &lang),
        },
        round: model::Round {
            year: round.year,
            label: content.strings.kit.round.to_string(),
            announce: date(round.announce),
            start: date(round.start),
            end: date(round.end),
            period: fill(&content.strings.dates.range, &values),
            reflection: date(round.reflection),
            evaluation: date(round.evaluation),
            cadence: values["cadence"].clone(),
            minutes: round.meeting_minutes,
            follow_ups: round.follow_ups.iter().map(|d| date(*d)).collect(),
        },
        wheel,
        brand: model::Brand {
            primary: kit.brand.primary.clone(),
            accent: kit.brand.accent.clone(),
            accent_text: crate::config::contrast::rgb(&kit.brand.accent).map(|rgb| {
                crate::config::contrast::darkened_to(rgb, crate::config::contrast::TEXT)
            }),
            font: kit.brand.font.clone(),
            footer: local(&kit.brand.footer, &lang),
            logo: logo.as_ref().map(|(_, ext)| logo_path(ext)),
            logo_alt: local(&kit.brand.logo_alt, &lang)
                .unwrap_or_else(|| kit.organisation.name.get_or_any(&lang).to_string()),
        },
        focus_areas,
        questions,
        credits: credits(kit, bank),
        options: kit.settings.clone(),
        records: records(kit, &content, &lang),
        text: model::Texts {
            strings: content.strings,
            questions: content.questions,
            web: content.web,
            sections: content.sections,
        },
    };
    Ok(LanguageKit {
        lang,
        documents: kit.documents.clone(),
        model,
        logo,
        date: round.announce,
        organisation_id: organisation_id(kit),
        months,
        date_format,
        typst: OnceLock::new(),
    })
}

/// Where the signed plan is kept, how long, who to ask: what kit.toml says,
/// and otherwise the content's defaults (the contact: the HR contact).
fn records(kit: &Kit, content: &LanguageContent, lang: &str) -> model::Records {
    let defaults = content.sections.get::<Records>();
    let or = |given: &Option<crate::config::LocalText>, default: &crate::text::Text| {
        local(given, lang).unwrap_or_else(|| default.to_string())
    };
    model::Records {
        kept: or(&kit.records.kept, &defaults.default_kept),
        period: or(&kit.records.period, &defaults.default_period),
        contact: local(&kit.records.contact, lang)
            .or_else(|| local(&kit.organisation.hr_contact, lang))
            .unwrap_or_else(|| defaults.default_contact.to_string()),
    }
}

/// A printed text of kit.toml in `lang`, if the kit has it.
fn local(text: &Option<crate::config::LocalText>, lang: &str) -> Option<String> {
    text.as_ref().and_then(|t| t.get(lang)).map(str::to_string)
}

/// A selected question as the templates see it.
fn question(
    kit: &Kit,
    bank: &QuestionBank,
    content: &LanguageContent,
    id: &str,
) -> Option<model::Question> {
    let category = |name: &str| {
        content.questions.categories.get(name).map_or_else(|| name.to_string(), |c| c.to_string())
    };
    if let Some(q) = bank.questions.iter().find(|q| q.id == id) {
        return Some(model::Question {
            id: q.id.clone(),
            text: content.questions.text.get(id).map(|t| t.to_string()).unwrap_or_default(),
            category: q.category.clone(),
            category_name: category(&q.category),
            part: q.part.clone(),
            source: content.questions.sources.get(&q.source).map(|s| s.to_string()),
            credited: bank.sources.get(&q.source).is_some_and(|s| s.credit),
        });
    }
    let q = kit.questions.custom.iter().find(|q| q.id.name == id)?;
    let text = q.text.get(&content.lang).or_else(|| q.text.get(&kit.reference_language));
    Some(model::Question {
        id: q.id.name.clone(),
        text: text.cloned().unwrap_or_default(),
        category: q.category.name.clone(),
        category_name: category(&q.category.name),
        part: q.part.name.clone(),
        source: q.source.get(&content.lang).map(str::to_string),
        credited: false,
    })
}

/// The citations of every credited source that a selected question comes from.
fn credits(kit: &Kit, bank: &QuestionBank) -> Vec<model::Credit> {
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
        .filter(|s| s.credit)
        .map(|s| model::Credit { citation: s.citation.clone() })
        .collect()
}

fn format_date(months: &[String], format: &str, date: Date) -> String {
    let mut values = Placeholders::new();
    values.insert("day", date.day().to_string());
    values.insert("month", months[usize::from(u8::from(date.month())) - 1].clone());
    values.insert("year", date.year().to_string());
    fill(format, &values)
}

/// How often to follow up, in the language's words.
fn cadence_words(content: &LanguageContent, cadence: Cadence) -> String {
    let words = &content.strings.cadence;
    let template = match cadence {
        Cadence::Monthly => &words.monthly,
        Cadence::EverySixWeeks => &words.every_6_weeks,
        Cadence::Bimonthly => &words.bimonthly,
        Cadence::Quarterly => &words.quarterly,
        Cadence::Weeks(_) => &words.weeks,
    };
    let mut values = Placeholders::new();
    if let Cadence::Weeks(weeks) = cadence {
        values.insert("weeks", weeks.to_string());
    }
    fill(template, &values)
}
