//! `kit.toml` → a typed, validated [`Kit`].
//!
//! The file is read once; every later stage sees only these types. Names that
//! other stages must check against the content (question ids, languages) keep
//! their byte spans, so an unknown id is reported at its line and column.

mod checks;
pub mod contrast;
mod local;
pub mod logo;
mod raw;
mod round;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

pub use checks::{MAX_NAME, MAX_TEXT};
pub use local::LocalText;
pub use raw::RawKit;
pub use round::{Cadence, Round};

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Collector, Diagnostic, Error, Location, Result, from_toml_error};
use crate::documents::{self, Document};
use checks::{check_text_lengths, check_unique, parse_colour, resolve_inside};

/// A name as written in `kit.toml`, with where it was written.
#[derive(Debug, Clone)]
pub struct Named {
    pub name: String,
    pub span: Range<usize>,
}

impl From<toml::Spanned<String>> for Named {
    fn from(value: toml::Spanned<String>) -> Self {
        let span = value.span();
        Self { name: value.into_inner(), span }
    }
}

/// The organisation's configuration for one round.
#[derive(Debug, Clone)]
pub struct Kit {
    /// Where `kit.toml` is; the folder is the project root, and every relative
    /// path in the file resolves against it.
    pub file: PathBuf,
    pub root: PathBuf,
    /// The file's text, kept so later stages can point at a line and column.
    pub text: String,
    pub organisation: Organisation,
    pub round: Round,
    pub languages: Vec<Named>,
    pub reference_language: String,
    pub focus_areas: Vec<FocusArea>,
    pub questions: QuestionSelection,
    /// The documents to build, in the order of `documents.build`.
    pub documents: Vec<&'static Document>,
    pub settings: Settings,
    pub records: Records,
    pub brand: Brand,
    pub theme: String,
    /// What looks wrong but does not stop a build: a printed text that is
    /// the same in every language.
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, Clone)]
pub struct Organisation {
    pub name: LocalText,
    pub unit: Option<LocalText>,
    pub hr_contact: Option<LocalText>,
}

/// Where the signed plans are kept, how long, and who to ask; what is not
/// given, the content's defaults say.
#[derive(Debug, Clone, Default)]
pub struct Records {
    pub kept: Option<LocalText>,
    pub period: Option<LocalText>,
    pub contact: Option<LocalText>,
}

#[derive(Debug, Clone)]
pub struct FocusArea {
    pub id: Named,
    /// Title and one-line description per language code.
    pub title: BTreeMap<String, String>,
    pub description: BTreeMap<String, String>,
    pub owner: Option<LocalText>,
}

/// Which bank questions go on which sheet, by id and in order.
#[derive(Debug, Clone)]
pub struct QuestionSelection {
    pub employee_preparation: Vec<Named>,
    pub leader_preparation: Vec<Named>,
    pub conversation_guide: Vec<Named>,
    pub custom: Vec<CustomQuestion>,
}

/// A question the organisation adds to the bank itself.
#[derive(Debug, Clone)]
pub struct CustomQuestion {
    pub id: Named,
    pub category: Named,
    pub part: Named,
    pub source: LocalText,
    pub text: BTreeMap<String, String>,
}

/// The `[documents.*]` tables: how the documents that read them look.
/// Templates get them as `options`.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    pub action_plan: ActionPlanOptions,
    pub preparation: PreparationOptions,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionPlanOptions {
    /// Ruled rows in the measures table: enough to write by hand.
    pub rows: u32,
    pub signatures: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PreparationOptions {
    /// Ruled lines under each question on the preparation sheets.
    pub lines: u32,
}

#[derive(Debug, Clone)]
pub struct Brand {
    /// `#rrggbb`, lower case.
    pub primary: String,
    pub accent: String,
    /// The logo, read from inside the project and checked.
    pub logo: Option<logo::Logo>,
    pub logo_alt: Option<LocalText>,
    pub font: String,
    pub footer: Option<LocalText>,
}

/// At most this many focus areas: each gets a card on a slide and a block
/// on the preparation sheet.
pub const MAX_FOCUS_AREAS: usize = 12;

/// The text font families bundled with samtale.
pub const FONTS: &[&str] = &["Inter", "Lato"];

impl Kit {
    /// The project root: the folder `kit.toml` is in (`.` for a bare name).
    pub fn root_of(file: &Path) -> PathBuf {
        match file.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// Reads and validates `kit.toml`, reporting every problem found. The
    /// file is parsed once: the length checks walk the parsed document,
    /// which serde then reads into its types.
    pub fn load(file: &Path) -> Result<Kit> {
        let bytes = std::fs::read(file).map_err(|e| Error::io("read", file, e))?;
        let text = crate::text::decode_utf8(file, bytes)?;
        let located = |e: toml_edit::de::Error| {
            Error::one(from_toml_error(file, &text, e.message(), e.span()))
        };
        let document = toml_edit::ImDocument::parse(text.as_str())
            .map_err(|e| located(toml_edit::de::Error::from(e)))?;
        let too_long = check_text_lengths(file, &text, document.as_table());
        let raw = raw::RawKit::deserialize(toml_edit::de::Deserializer::from(document))
            .map_err(located)?;
        too_long?;
        let root = Kit::root_of(file);
        let available = crate::assets::Layers::new(&root, &raw.theme).content_languages();
        Self::validate(file.to_path_buf(), root, text, raw, &available)
    }

    /// Where `span` of `kit.toml` is, for diagnostics raised by later stages.
    pub fn locate(&self, span: Range<usize>) -> Location {
        Location::from_span(&self.file, &self.text, span)
    }

    /// Checks the raw file; `available` are the languages that have content,
    /// so that an unknown language is reported with everything else.
    fn validate(
        file: PathBuf,
        root: PathBuf,
        text: String,
        raw: raw::RawKit,
        available: &[String],
    ) -> Result<Kit> {
        let mut problems = Collector::default();
        let at = |message: String, span: Range<usize>| {
            Diagnostic::new(message).at_span(&file, &text, span)
        };

        let round = problems.take(Round::from_raw(&raw.round, &file, &text));

        let languages: Vec<Named> = raw.languages.build.into_iter().map(Named::from).collect();
        if languages.is_empty() {
            problems.push(
                Diagnostic::new("`languages.build` is empty: list at least one language to build")
                    .in_file(&file)
                    .hint("for example: build = [\"nb\", \"en\"]"),
            );
        }
        check_unique(&mut problems, &languages, "language", &file, &text);
        for lang in languages.iter().filter(|l| !available.contains(&l.name)) {
            problems.push(
                at(
                    format!("no content for language `{}`", lang.name),
                    lang.span.clone(),
                )
                .suggest(&lang.name, available.iter().map(String::as_str))
                .hint(
                    "a language needs a folder content/<code>/ with the same files as the others",
                ),
            );
        }
        let reference_language = match raw.languages.reference {
            Some(reference) => {
                if !available.contains(reference.get_ref()) {
                    problems.push(
                        at(
                            format!(
                                "no content for the reference language `{}`",
                                reference.get_ref()
                            ),
                            reference.span(),
                        )
                        .suggest(reference.get_ref(), available.iter().map(String::as_str)),
                    );
                }
                reference.into_inner()
            }
            None => languages.first().map(|l| l.name.clone()).unwrap_or_default(),
        };

        if raw.organisation.name.texts().any(|name| name.trim().is_empty()) {
            problems.push(
                Diagnostic::new("`organisation.name` is empty: the kit prints it on every page")
                    .in_file(&file),
            );
        }

        let focus_areas: Vec<FocusArea> = raw
            .focus_areas
            .into_iter()
            .enumerate()
            .map(|(i, area)| FocusArea {
                id: area.id.into(),
                title: area.title,
                description: area.description,
                owner: area.owner.map(|o| LocalText::new(format!("focus_areas[{i}].owner"), o)),
            })
            .collect();
        if focus_areas.len() > MAX_FOCUS_AREAS {
            problems.push(
                Diagnostic::new(format!(
                    "{} focus areas is more than a team can work on: at most {MAX_FOCUS_AREAS}",
                    focus_areas.len()
                ))
                .in_file(&file)
                .hint("pick the 3–5 areas that matter most this year"),
            );
        }
        let area_ids: Vec<Named> = focus_areas.iter().map(|a| a.id.clone()).collect();
        check_unique(&mut problems, &area_ids, "focus area", &file, &text);
        for area in &focus_areas {
            for lang in languages.iter().filter(|l| available.contains(&l.name)) {
                if !area.title.contains_key(&lang.name) {
                    problems.push(
                        at(
                            format!(
                                "focus area `{}` has no title in `{}`",
                                area.id.name, lang.name
                            ),
                            area.id.span.clone(),
                        )
                        .hint(format!("add `title.{} = \"…\"` to this focus area", lang.name)),
                    );
                }
            }
        }

        let questions = QuestionSelection {
            employee_preparation: raw
                .questions
                .employee_preparation
                .into_iter()
                .map(Named::from)
                .collect(),
            leader_preparation: raw
                .questions
                .leader_preparation
                .into_iter()
                .map(Named::from)
                .collect(),
            conversation_guide: raw
                .questions
                .conversation_guide
                .into_iter()
                .map(Named::from)
                .collect(),
            custom: raw
                .questions
                .custom
                .into_iter()
                .enumerate()
                .map(|(i, q)| CustomQuestion {
                    id: q.id.into(),
                    category: q.category.into(),
                    part: q.part.into(),
                    source: LocalText::new(format!("questions.custom[{i}].source"), q.source),
                    text: q.text,
                })
                .collect(),
        };

        let brand = Brand {
            primary: problems
                .take(parse_colour(
                    "brand.primary",
                    &raw.brand.primary,
                    &file,
                    &text,
                    contrast::TEXT,
                    "text and white text on it",
                ))
                .unwrap_or_default(),
            accent: problems
                .take(parse_colour(
                    "brand.accent",
                    &raw.brand.accent,
                    &file,
                    &text,
                    contrast::GRAPHICS,
                    "rules, bullets and borders",
                ))
                .unwrap_or_default(),
            logo: match &raw.brand.logo {
                Some(value) => {
                    problems.take(resolve_inside(&root, value, &file, &text)).and_then(|path| {
                        let at = |d: Diagnostic| d.at_span(&file, &text, value.span());
                        problems.take(logo::load(&path, value.get_ref(), at))
                    })
                }
                None => None,
            },
            logo_alt: raw.brand.logo_alt.map(|t| LocalText::new("brand.logo_alt", t)),
            font: raw.brand.font.get_ref().clone(),
            footer: raw.brand.footer.map(|t| LocalText::new("brand.footer", t)),
        };
        if brand.logo_alt.as_ref().is_some_and(|alt| alt.all().any(|a| a.trim().is_empty())) {
            // PDF/UA-1 and WCAG both need a text alternative for the logo.
            problems.push(
                Diagnostic::new("`brand.logo_alt` is empty, but the logo needs a text alternative")
                    .at_key(&file, &text, "brand.logo_alt")
                    .hint("write what the logo says, usually the organisation's name, or remove the key to use `organisation.name`"),
            );
        }
        if !FONTS.contains(&brand.font.as_str()) {
            problems.push(
                at(format!("unknown font `{}`", brand.font), raw.brand.font.span())
                    .suggest(&brand.font, FONTS.iter().copied()),
            );
        }

        let none_requested = raw.documents.build.as_ref().is_some_and(Vec::is_empty);
        let documents = match raw.documents.build {
            Some(list) => {
                let names: Vec<Named> = list.into_iter().map(Named::from).collect();
                check_unique(&mut problems, &names, "document", &file, &text);
                names
                    .iter()
                    .filter_map(|name| {
                        let found = documents::find(&name.name);
                        if found.is_none() {
                            problems.push(
                                at(format!("unknown document `{}`", name.name), name.span.clone())
                                    .suggest(&name.name, documents::ids()),
                            );
                        }
                        found
                    })
                    .collect()
            }
            None => documents::ALL.to_vec(),
        };
        if none_requested {
            problems.push(
                Diagnostic::new("`documents.build` is empty: the kit would have no documents")
                    .in_file(&file)
                    .hint("list the documents to build, or remove the key to build them all"),
            );
        }
        let settings = Settings {
            action_plan: ActionPlanOptions {
                rows: raw.documents.action_plan.rows,
                signatures: raw.documents.action_plan.signatures,
            },
            preparation: PreparationOptions { lines: raw.documents.preparation.lines },
        };
        if !(1..=30).contains(&settings.action_plan.rows) {
            problems.push(
                Diagnostic::new(format!(
                    "`documents.action_plan.rows` is {}: it must be between 1 and 30",
                    settings.action_plan.rows
                ))
                .in_file(&file),
            );
        }

        let preparation_lines = settings.preparation.lines;
        if !(1..=12).contains(&preparation_lines) {
            problems.push(
                Diagnostic::new(format!(
                    "`documents.preparation.lines` is {preparation_lines}: it must be between 1 and 12"
                ))
                .in_file(&file),
            );
        }
        let organisation = Organisation {
            name: LocalText::new("organisation.name", raw.organisation.name),
            unit: raw.organisation.unit.map(|t| LocalText::new("organisation.unit", t)),
            hr_contact: raw
                .organisation
                .hr_contact
                .map(|t| LocalText::new("organisation.hr_contact", t)),
        };
        let theme = raw.theme;
        let plain_name =
            !theme.is_empty() && theme.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if !plain_name {
            let span = text.find("theme").map_or(0..0, |i| i..i);
            return Err(Error::one(
                Diagnostic::new(format!("`theme = \"{theme}\"` is not a folder name"))
                    .at_span(&file, &text, span)
                    .hint("name a folder under themes/, e.g. theme = \"corporate\""),
            ));
        }
        if theme != crate::assets::DEFAULT_THEME && !root.join("themes").join(&theme).is_dir() {
            let span = text.find("theme").map_or(0..0, |i| i..i);
            problems.push(
                Diagnostic::new(format!("there is no theme folder `themes/{theme}`"))
                    .at_span(&file, &text, span)
                    .hint(format!(
                        "create themes/{theme}/ with the files to override, or use theme = \"default\""
                    )),
            );
        }
        let records = Records {
            kept: raw.records.kept.map(|t| LocalText::new("records.kept", t)),
            period: raw.records.period.map(|t| LocalText::new("records.period", t)),
            contact: raw.records.contact.map(|t| LocalText::new("records.contact", t)),
        };
        // Texts that are printed: one per language, or a warning.
        let mut warnings = Vec::new();
        let built: Vec<Named> =
            languages.iter().filter(|l| available.contains(&l.name)).cloned().collect();
        let printed =
            [&organisation.unit, &organisation.hr_contact, &brand.logo_alt, &brand.footer]
                .into_iter()
                .chain([&records.kept, &records.period, &records.contact])
                .flatten()
                .chain(focus_areas.iter().filter_map(|a| a.owner.as_ref()))
                .chain(questions.custom.iter().map(|q| &q.source));
        for local in printed {
            local.check(&built, (&file, &text), &mut problems, &mut warnings);
        }
        // A name usually stays the same in every language: no warning.
        organisation.name.check(&built, (&file, &text), &mut problems, &mut Vec::new());
        problems.finish(())?;
        Ok(Kit {
            file,
            root,
            text,
            organisation,
            round: round.expect("round is valid when no problem was recorded"),
            languages,
            reference_language,
            focus_areas,
            questions,
            documents,
            settings,
            records,
            brand,
            theme,
            warnings,
        })
    }
}
