//! `kit.toml` → a typed, validated [`Kit`].
//!
//! The file is read once; every later stage sees only these types. Names that
//! other stages must check against the content (question ids, languages) keep
//! their byte spans, so an unknown id is reported at its line and column.

pub mod logo;
mod raw;
mod round;

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

pub use raw::DocumentKind;
pub use round::{Cadence, Round};

use crate::diagnostics::{Collector, Diagnostic, Error, Location, Result, from_toml_error};

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
    pub documents: Vec<DocumentKind>,
    pub action_plan: ActionPlanOptions,
    /// Ruled lines under each question on the preparation sheets.
    pub preparation_lines: u32,
    pub brand: Brand,
    pub theme: String,
}

#[derive(Debug, Clone)]
pub struct Organisation {
    pub name: String,
    pub unit: Option<String>,
    pub hr_contact: Option<String>,
}

#[derive(Debug, Clone)]
pub struct FocusArea {
    pub id: Named,
    /// Title and one-line description per language code.
    pub title: BTreeMap<String, String>,
    pub description: BTreeMap<String, String>,
    pub owner: Option<String>,
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
    pub source: String,
    pub text: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct ActionPlanOptions {
    /// Ruled rows in the measures table: enough to write by hand.
    pub rows: u32,
    pub signatures: bool,
}

#[derive(Debug, Clone)]
pub struct Brand {
    /// `#rrggbb`, lower case.
    pub primary: String,
    pub accent: String,
    /// The logo, read from inside the project and checked.
    pub logo: Option<logo::Logo>,
    pub logo_alt: Option<String>,
    pub font: String,
    pub footer: Option<String>,
}

/// The longest text a `kit.toml` value may hold: every value is printed in a
/// header, a box or a table cell, and a runaway paste should be an error,
/// not a hundred-page PDF.
pub const MAX_TEXT: usize = 1_000;

/// Names and titles sit in narrow fields and headers: they get less room.
pub const MAX_NAME: usize = 150;

/// Keys holding a name or a title, limited to [`MAX_NAME`].
const NAME_KEYS: &[&str] = &["name", "unit", "title", "owner", "footer", "logo_alt", "hr_contact"];

/// The most characters the value at `path` may hold.
fn max_length(path: &str) -> usize {
    let named = path.split('.').any(|segment| NAME_KEYS.contains(&segment));
    if named { MAX_NAME } else { MAX_TEXT }
}

/// At most this many focus areas: each gets a card on a slide and a block
/// on the preparation sheet.
pub const MAX_FOCUS_AREAS: usize = 12;

/// The text font families bundled with samtale.
pub const FONTS: &[&str] = &["Inter", "Lato"];

impl Kit {
    /// Reads and validates `kit.toml`, reporting every problem found.
    pub fn load(file: &Path) -> Result<Kit> {
        let bytes = std::fs::read(file).map_err(|e| Error::io("read", file, e))?;
        let text = crate::text::decode_utf8(file, bytes)?;
        let raw: raw::RawKit =
            toml::from_str(&text).map_err(|e| Error::one(from_toml_error(file, &text, &e)))?;
        check_text_lengths(file, &text)?;
        let root = file.parent().map(Path::to_path_buf).unwrap_or_default();
        let root = if root.as_os_str().is_empty() { PathBuf::from(".") } else { root };
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

        if raw.organisation.name.trim().is_empty() {
            problems.push(
                Diagnostic::new("`organisation.name` is empty: the kit prints it on every page")
                    .in_file(&file),
            );
        }

        let focus_areas: Vec<FocusArea> = raw
            .focus_areas
            .into_iter()
            .map(|area| FocusArea {
                id: area.id.into(),
                title: area.title,
                description: area.description,
                owner: area.owner,
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
                .map(|q| CustomQuestion {
                    id: q.id.into(),
                    category: q.category.into(),
                    part: q.part.into(),
                    source: q.source,
                    text: q.text,
                })
                .collect(),
        };

        let brand = Brand {
            primary: problems
                .take(parse_colour(&raw.brand.primary, &file, &text))
                .unwrap_or_default(),
            accent: problems
                .take(parse_colour(&raw.brand.accent, &file, &text))
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
            logo_alt: raw.brand.logo_alt,
            font: raw.brand.font.get_ref().clone(),
            footer: raw.brand.footer,
        };
        if !FONTS.contains(&brand.font.as_str()) {
            problems.push(
                at(format!("unknown font `{}`", brand.font), raw.brand.font.span())
                    .suggest(&brand.font, FONTS.iter().copied()),
            );
        }

        let documents = match raw.documents.build {
            Some(list) => list,
            None => DocumentKind::ALL.to_vec(),
        };
        if documents.is_empty() {
            problems.push(
                Diagnostic::new("`documents.build` is empty: the kit would have no documents")
                    .in_file(&file)
                    .hint("list the documents to build, or remove the key to build them all"),
            );
        }
        let action_plan = ActionPlanOptions {
            rows: raw.documents.action_plan.rows,
            signatures: raw.documents.action_plan.signatures,
        };
        if !(1..=30).contains(&action_plan.rows) {
            problems.push(
                Diagnostic::new(format!(
                    "`documents.action_plan.rows` is {}: it must be between 1 and 30",
                    action_plan.rows
                ))
                .in_file(&file),
            );
        }

        let preparation_lines = raw.documents.preparation.lines;
        if !(1..=12).contains(&preparation_lines) {
            problems.push(
                Diagnostic::new(format!(
                    "`documents.preparation.lines` is {preparation_lines}: it must be between 1 and 12"
                ))
                .in_file(&file),
            );
        }
        let organisation = Organisation {
            name: raw.organisation.name,
            unit: raw.organisation.unit,
            hr_contact: raw.organisation.hr_contact,
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
            action_plan,
            preparation_lines,
            brand,
            theme,
        })
    }
}

/// Refuses text values longer than their limit, naming the key.
fn check_text_lengths(file: &Path, text: &str) -> Result<()> {
    fn walk(value: &toml::Value, path: &str, found: &mut Vec<(String, String)>) {
        match value {
            toml::Value::String(s) if s.chars().count() > max_length(path) => found.push((
                path.to_string(),
                format!("is {} characters long: at most {}", s.chars().count(), max_length(path)),
            )),
            // A line break in a name would break a header or a form field.
            toml::Value::String(s)
                if max_length(path) == MAX_NAME && s.chars().any(char::is_control) =>
            {
                found.push((path.to_string(), "contains a line break or control character".into()))
            }
            toml::Value::Table(table) => {
                for (key, v) in table {
                    let key_path =
                        if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                    walk(v, &key_path, found);
                }
            }
            toml::Value::Array(items) => items.iter().for_each(|v| walk(v, path, found)),
            _ => {}
        }
    }
    let table: toml::Table =
        toml::from_str(text).map_err(|e| Error::one(from_toml_error(file, text, &e)))?;
    let mut found = Vec::new();
    walk(&toml::Value::Table(table), "", &mut found);
    let mut problems = Collector::default();
    for (key, problem) in found {
        let leaf = key.rsplit('.').next().unwrap_or(&key);
        let offset = text.find(&format!("{leaf} =")).unwrap_or(0);
        problems.push(
            Diagnostic::new(format!("`{key}` {problem}"))
                .at_span(file, text, offset..offset)
                .hint("shorten the text; longer guidance belongs in the content files"),
        );
    }
    problems.finish(())
}

fn check_unique(problems: &mut Collector, names: &[Named], what: &str, file: &Path, text: &str) {
    let mut seen = HashSet::new();
    for named in names {
        if !seen.insert(named.name.as_str()) {
            problems.push(
                Diagnostic::new(format!("duplicate {what} `{}`", named.name))
                    .at_span(file, text, named.span.clone())
                    .hint(format!("each {what} may appear only once")),
            );
        }
    }
}

/// Accepts `#rgb` or `#rrggbb` and returns `#rrggbb` in lower case.
fn parse_colour(value: &toml::Spanned<String>, file: &Path, text: &str) -> Result<String> {
    let raw = value.get_ref().trim();
    let hex = raw.strip_prefix('#').unwrap_or("");
    let valid = hex.chars().all(|c| c.is_ascii_hexdigit());
    let expanded = match hex.len() {
        3 if valid => hex.chars().flat_map(|c| [c, c]).collect::<String>(),
        6 if valid => hex.to_string(),
        _ => {
            return Err(Diagnostic::new(format!("`{raw}` is not a colour"))
                .at_span(file, text, value.span())
                .hint("write a hex colour such as \"#1f4e79\" or \"#e70\"")
                .into());
        }
    };
    Ok(format!("#{}", expanded.to_ascii_lowercase()))
}

/// Resolves a path from `kit.toml` against the project root and refuses
/// anything that leaves it, so a kit file cannot make samtale read elsewhere.
fn resolve_inside(
    root: &Path,
    value: &toml::Spanned<String>,
    file: &Path,
    text: &str,
) -> Result<PathBuf> {
    let relative = Path::new(value.get_ref());
    let fail = |message: String, hint: &str| {
        Error::one(
            Diagnostic::new(message).at_span(file, text, value.span()).hint(hint.to_string()),
        )
    };
    if relative.is_absolute() {
        return Err(fail(
            format!("`{}` is an absolute path", relative.display()),
            "write a path relative to the folder of kit.toml, e.g. \"assets/logo.svg\"",
        ));
    }
    let joined = root.join(relative);
    let canonical_root = root.canonicalize().map_err(|e| Error::io("open", root, e))?;
    let canonical = joined.canonicalize().map_err(|_| {
        fail(
            format!("`{}` does not exist", joined.display()),
            "put the file in the project folder and give its path relative to kit.toml",
        )
    })?;
    if !canonical.starts_with(&canonical_root) {
        return Err(fail(
            format!("`{}` lies outside the project folder", relative.display()),
            "copy the file into the folder of kit.toml and refer to it there",
        ));
    }
    Ok(canonical)
}
