//! The kit as self-contained web pages: minijinja templates from the
//! theme's `html/` folder, the same model as the PDFs.
//!
//! Every page is a template of the theme rendered with HTML auto-escaping,
//! so text from `kit.toml` or content can only ever be text. Content
//! Markdown arrives as HTML that comrak made from text nodes (raw HTML is
//! refused when content is read), and only that is marked `|safe` in the
//! templates. Fonts, styles, the logo and the small slide script are copied
//! next to the pages, so the kit works from disk with no network.

use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, Error as TemplateError, ErrorKind};
use serde::Serialize;

use super::{Format, Job, Renderer};
use crate::assets::Layers;
use crate::diagnostics::{Collector, Error, Result};
use crate::kit::LanguageKit;
use crate::output::OutputFile;

/// Where the shared files go, relative to the output folder.
const ASSETS: &str = "assets";
/// The calendar beside each language's pages.
const CALENDAR: &str = "calendar.ics";

/// The language picker, each language's home page and one page per
/// document with a page, plus the assets they share.
pub struct HtmlRenderer;

impl Renderer for HtmlRenderer {
    fn check_templates(&self, job: &Job) -> Result<()> {
        let layers = &job.project.layers;
        let env = environment(layers);
        let mut problems = Collector::default();
        for name in layers.theme_files("html").into_iter().filter(|n| n.ends_with(".html")) {
            problems
                .take(env.get_template(&name).map(drop).map_err(|e| template_error(layers, &e)));
        }
        problems.finish(())
    }

    fn render(&mut self, job: &Job) -> Result<Vec<OutputFile>> {
        render(&job.project.layers, &job.project.languages, Links::of(job))
    }
}

/// What the pages link to besides themselves.
#[derive(Debug, Clone, Copy)]
struct Links {
    /// The PDFs are built too.
    pdf: bool,
    /// So is `calendar.ics`.
    calendar: bool,
}

impl Links {
    fn of(job: &Job) -> Links {
        Links { pdf: job.makes(Format::Pdf), calendar: job.makes(Format::Calendar) }
    }
}

fn render(layers: &Layers, kits: &[LanguageKit], links: Links) -> Result<Vec<OutputFile>> {
    let env = environment(layers);
    // A page's context is its language's model, converted once per
    // language, with the page's own `page` entry merged over it.
    let render = |template: &str, model: &minijinja::Value, page: Page, path: PathBuf| {
        let context = minijinja::context! { page => page, ..model.clone() };
        let html = env
            .get_template(template)
            .and_then(|t| t.render(context))
            .map_err(|e| template_error(layers, &e))?;
        Ok::<_, Error>(OutputFile { path, bytes: html.into_bytes() })
    };
    let Some(first) = kits.first() else { return Ok(Vec::new()) };
    let fonts = brand_fonts(first);
    let mut files = assets(layers, first, &fonts)?;
    let site = Site {
        languages: kits.iter().map(language_entry).collect(),
        fonts: fonts
            .iter()
            .filter_map(|(name, _)| {
                let (weight, style) = font_face(name)?;
                Some(FontFace { file: name.clone(), weight, style })
            })
            .collect(),
        calendar: links.calendar.then_some(CALENDAR),
    };
    let first_model = minijinja::Value::from_serialize(&first.model);
    let page = site.page(first, &[], "", None, "");
    files.push(render("index.html", &first_model, page, PathBuf::from("index.html"))?);
    for kit in kits {
        let model = minijinja::Value::from_serialize(&kit.model);
        let documents = documents(kit, links);
        let dir = PathBuf::from(&kit.lang);
        let page = site.page(kit, &documents, "index", None, "../");
        files.push(render("home.html", &model, page, dir.join("index.html"))?);
        for document in &documents {
            let page = site.page(kit, &documents, document.stem, Some(document), "../");
            let path = dir.join(format!("{}.html", document.stem));
            files.push(render(&format!("{}.html", document.stem), &model, page, path)?);
        }
    }
    Ok(files)
}

/// Renders one template of the theme's `html/` with `context`: a page
/// outside the kit's site, such as `collect`'s summary.
pub fn render_one(layers: &Layers, template: &str, context: minijinja::Value) -> Result<String> {
    environment(layers)
        .get_template(template)
        .and_then(|t| t.render(context))
        .map_err(|e| template_error(layers, &e))
}

fn environment(layers: &Layers) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    // Every template is HTML, whatever its name: escaping is never optional.
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    let layers = layers.clone();
    env.set_loader(move |name| {
        let file = layers
            .theme(&format!("html/{name}"))
            .map_err(|e| TemplateError::new(ErrorKind::TemplateNotFound, e.to_string()))?;
        file.map(|f| {
            crate::text::decode_utf8(&f.display, f.bytes)
                .map_err(|e| TemplateError::new(ErrorKind::InvalidOperation, e.to_string()))
        })
        .transpose()
    });
    env
}

/// A template error, placed in the theme file where it happened.
fn template_error(layers: &Layers, err: &TemplateError) -> Error {
    let name = err.name().unwrap_or("?");
    let display = layers
        .theme(&format!("html/{name}"))
        .ok()
        .flatten()
        .map_or_else(|| PathBuf::from(format!("themes/default/html/{name}")), |f| f.display);
    super::template_error(&display, err)
}

/// What every page of the kit shares.
struct Site {
    /// One entry per language, for the language picker.
    languages: Vec<Language>,
    /// The brand font's files, for `@font-face` rules.
    fonts: Vec<FontFace>,
    /// The calendar's file name beside the pages, when it is built.
    calendar: Option<&'static str>,
}

/// The `page` entry of a page's context: where it is and what it links to.
#[derive(Serialize)]
struct Page<'a> {
    stem: &'a str,
    /// The way back to the output folder: `""` or `"../"`.
    root: &'a str,
    assets: String,
    document: Option<&'a DocumentCard>,
    documents: &'a [DocumentCard],
    languages: Vec<Language>,
    fonts: &'a [FontFace],
    logo: Option<String>,
    calendar: Option<&'a str>,
    /// A document page's identifiers (see [`crate::kit::FormId`]), which
    /// its saved file carries back to `collect`.
    form: Option<String>,
}

impl Site {
    fn page<'a>(
        &'a self,
        kit: &LanguageKit,
        documents: &'a [DocumentCard],
        stem: &'a str,
        document: Option<&'a DocumentCard>,
        root: &'a str,
    ) -> Page<'a> {
        let languages = self
            .languages
            .iter()
            .map(|l| {
                let file = if stem.is_empty() { "index" } else { stem };
                Language {
                    href: format!("{root}{}/{file}.html", l.lang),
                    current: l.lang == kit.lang && !stem.is_empty(),
                    ..l.clone()
                }
            })
            .collect();
        Page {
            stem,
            root,
            assets: format!("{root}{ASSETS}/"),
            document,
            documents,
            languages,
            fonts: &self.fonts,
            logo: kit.logo.as_ref().map(|(_, ext)| format!("{root}{ASSETS}/logo.{ext}")),
            calendar: self.calendar,
            form: document.map(|d| kit.form_id(d.stem).keywords().join(", ")),
        }
    }
}

/// A language as the language picker shows it, in its own words.
#[derive(Debug, Clone, Serialize)]
struct Language {
    lang: String,
    name: String,
    title: String,
    round: String,
    choose: String,
    href: String,
    current: bool,
}

fn language_entry(kit: &LanguageKit) -> Language {
    let text = &kit.model.text;
    Language {
        lang: kit.lang.clone(),
        name: text.strings.language_name.to_string(),
        title: text.strings.kit.title.to_string(),
        round: kit.model.round.label.clone(),
        choose: text.web.choose_language.to_string(),
        href: String::new(),
        current: false,
    }
}

/// A document's card on the home page and its entry in the navigation.
#[derive(Serialize)]
struct DocumentCard {
    stem: &'static str,
    title: String,
    description: String,
    href: String,
    pdf: Option<String>,
}

/// The documents of a language that have a page, in the order of
/// `documents.build`.
fn documents(kit: &LanguageKit, links: Links) -> Vec<DocumentCard> {
    kit.documents
        .iter()
        .filter(|d| d.page)
        .map(|d| DocumentCard {
            stem: d.id,
            title: kit.title(d.id).to_string(),
            description: kit.model.text.web.descriptions[&crate::documents::text_key(d.id)]
                .to_string(),
            href: format!("{}.html", d.id),
            pdf: links.pdf.then(|| format!("{}.pdf", d.id)),
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
struct FontFace {
    file: String,
    weight: u16,
    style: &'static str,
}

/// The files every page shares: the theme's non-template files of `html/`
/// (styles, script), the brand font with its licence, and the logo.
fn assets(
    layers: &Layers,
    kit: &LanguageKit,
    fonts: &[(String, &[u8])],
) -> Result<Vec<OutputFile>> {
    let assets = Path::new(ASSETS);
    let mut files = Vec::new();
    for name in layers.theme_files("html").into_iter().filter(|n| !n.ends_with(".html")) {
        if let Some(file) = layers.theme(&format!("html/{name}"))? {
            files.push(OutputFile { path: assets.join(&name), bytes: file.bytes });
        }
    }
    for (name, bytes) in fonts {
        files.push(OutputFile { path: assets.join("fonts").join(name), bytes: bytes.to_vec() });
    }
    if let Some((bytes, ext)) = &kit.logo {
        files.push(OutputFile { path: assets.join(format!("logo.{ext}")), bytes: bytes.clone() });
    }
    Ok(files)
}

/// The bundled files of the kit's brand font, with its licence.
fn brand_fonts(kit: &LanguageKit) -> Vec<(String, &'static [u8])> {
    let family = &kit.model.brand.font;
    let licence = format!("LICENSE-{family}.txt");
    crate::assets::named_font_files()
        .filter(|(name, _)| name.starts_with(&format!("{family}-")) || *name == licence)
        .collect()
}

/// The `@font-face` weight and style of a bundled font file, from its name
/// (`Inter-SemiBold.otf`, `Lato-BoldItalic.ttf`).
pub fn font_face(name: &str) -> Option<(u16, &'static str)> {
    let (_, style) = name.split_once('-')?;
    let style = style.rsplit_once('.')?.0;
    let italic = style.ends_with("Italic");
    let weight = match style.trim_end_matches("Italic") {
        "" | "Regular" => 400,
        "SemiBold" => 600,
        "Bold" => 700,
        _ => return None,
    };
    Some((weight, if italic { "italic" } else { "normal" }))
}
