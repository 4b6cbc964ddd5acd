//! The kit as self-contained web pages: minijinja templates from the
//! theme's `html/` folder, the same data as the PDFs.
//!
//! Every page is a template of the theme rendered with HTML auto-escaping,
//! so text from `kit.toml` or content can only ever be text. Content
//! Markdown arrives as HTML that comrak made from text nodes (raw HTML is
//! refused when content is read), and only that is marked `|safe` in the
//! templates. Fonts, styles, the logo and the small slide script are copied
//! next to the pages, so the kit works from disk with no network.

use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, Error as TemplateError, ErrorKind};
use serde_json::{Value, json};

use super::OutputFile;
use crate::assets::Layers;
use crate::diagnostics::{Diagnostic, Error, Location, Result};
use crate::kit::LanguageKit;

/// Where the shared files go, relative to the output folder.
const ASSETS: &str = "assets";

/// What the web pages link to besides themselves.
#[derive(Debug, Clone, Copy)]
pub struct WebOptions {
    /// The PDFs are built too, so the pages can link to them.
    pub with_pdf: bool,
}

/// Renders the language picker, each language's home page and one page per
/// document, plus the assets they share.
pub fn render(
    layers: &Layers,
    kits: &[LanguageKit],
    options: WebOptions,
) -> Result<Vec<OutputFile>> {
    let env = environment(layers);
    let render = |template: &str, context: Value, path: PathBuf| -> Result<OutputFile> {
        let html = env
            .get_template(template)
            .and_then(|t| t.render(minijinja::Value::from_serialize(&context)))
            .map_err(|e| template_error(layers, &e))?;
        Ok(OutputFile { path, bytes: html.into_bytes() })
    };
    let Some(first) = kits.first() else { return Ok(Vec::new()) };
    let mut files = assets(layers, first)?;
    let family = first.data["brand"]["font"].as_str().unwrap_or("Inter");
    let site = Site {
        languages: kits.iter().map(language_entry).collect(),
        fonts: crate::assets::named_font_files()
            .filter_map(|(name, _)| {
                let (weight, style) = font_face(&name).filter(|_| name.starts_with(family))?;
                Some(json!({ "file": name, "weight": weight, "style": style }))
            })
            .collect(),
    };
    files.push(render(
        "index.html",
        page_context(first, &site, &[], "", None, ""),
        PathBuf::from("index.html"),
    )?);
    for kit in kits {
        let documents = documents(kit, options);
        let dir = PathBuf::from(&kit.lang);
        files.push(render(
            "home.html",
            page_context(kit, &site, &documents, "index", None, "../"),
            dir.join("index.html"),
        )?);
        for document in &documents {
            let stem = document["stem"].as_str().expect("documents have stems");
            files.push(render(
                &format!("{stem}.html"),
                page_context(kit, &site, &documents, stem, Some(document), "../"),
                dir.join(format!("{stem}.html")),
            )?);
        }
    }
    Ok(files)
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
            String::from_utf8(f.bytes).map_err(|_| {
                TemplateError::new(ErrorKind::InvalidOperation, "the template is not UTF-8")
            })
        })
        .transpose()
    });
    env
}

/// A template error, placed in the theme file where it happened.
fn template_error(layers: &Layers, err: &TemplateError) -> Error {
    let name = err.name().unwrap_or("?");
    let detail = err.detail().map_or_else(|| err.kind().to_string(), str::to_string);
    let mut diagnostic = Diagnostic::new(format!("HTML template `{name}`: {detail}"));
    let display = layers
        .theme(&format!("html/{name}"))
        .ok()
        .flatten()
        .map_or_else(|| PathBuf::from(format!("themes/default/html/{name}")), |f| f.display);
    diagnostic = match err.line() {
        Some(line) => diagnostic.at(Location { file: display, line, column: 1 }),
        None => diagnostic.in_file(&display),
    };
    Error::one(diagnostic)
}

/// What every page of the kit shares.
struct Site {
    /// One entry per language, for the language picker.
    languages: Vec<Value>,
    /// The brand font's files, for `@font-face` rules.
    fonts: Vec<Value>,
}

/// The context of one page: the language's data, plus where the page is.
fn page_context(
    kit: &LanguageKit,
    site: &Site,
    documents: &[Value],
    stem: &str,
    document: Option<&Value>,
    root: &str,
) -> Value {
    let mut context = kit.data.clone();
    let page_languages: Vec<Value> = site
        .languages
        .iter()
        .map(|l| {
            let lang = l["lang"].as_str().unwrap_or_default();
            let file = if stem.is_empty() { "index".to_string() } else { stem.to_string() };
            let mut l = l.clone();
            l["href"] = json!(format!("{root}{lang}/{file}.html"));
            l["current"] = json!(lang == kit.lang && !stem.is_empty());
            l
        })
        .collect();
    context["page"] = json!({
        "stem": stem,
        "root": root,
        "assets": format!("{root}{ASSETS}/"),
        "document": document,
        "documents": documents,
        "languages": page_languages,
        "fonts": site.fonts,
        "logo": kit.logo.as_ref().map(|(_, ext)| format!("{root}{ASSETS}/logo.{ext}")),
    });
    context
}

/// A language as the language picker shows it, in its own words.
fn language_entry(kit: &LanguageKit) -> Value {
    let strings = &kit.data["text"]["strings"];
    json!({
        "lang": kit.lang,
        "name": strings["language_name"],
        "title": strings["kit"]["title"],
        "round": kit.data["round"]["label"],
        "choose": kit.data["text"]["web"]["choose_language"],
    })
}

/// The documents of a language, in the order of `kit.toml`.
fn documents(kit: &LanguageKit, options: WebOptions) -> Vec<Value> {
    kit.documents
        .iter()
        .map(|kind| {
            let stem = kind.stem();
            let key = stem.replace('-', "_");
            json!({
                "stem": stem,
                "title": kit.data["text"]["strings"]["documents"][&key],
                "description": kit.data["text"]["web"]["descriptions"][&key],
                "href": format!("{stem}.html"),
                "pdf": options.with_pdf.then(|| format!("{stem}.pdf")),
            })
        })
        .collect()
}

/// The files every page shares: the theme's non-template files of `html/`
/// (styles, script), the brand font with its licence, and the logo.
fn assets(layers: &Layers, kit: &LanguageKit) -> Result<Vec<OutputFile>> {
    let assets = Path::new(ASSETS);
    let mut files = Vec::new();
    for name in layers.theme_files("html").into_iter().filter(|n| !n.ends_with(".html")) {
        if let Some(file) = layers.theme(&format!("html/{name}"))? {
            files.push(OutputFile { path: assets.join(&name), bytes: file.bytes });
        }
    }
    let family = kit.data["brand"]["font"].as_str().unwrap_or("Inter");
    for (name, bytes) in crate::assets::named_font_files()
        .filter(|(name, _)| name.starts_with(family) || name == &format!("LICENSE-{family}.txt"))
    {
        files.push(OutputFile { path: assets.join("fonts").join(name), bytes: bytes.to_vec() });
    }
    if let Some((bytes, ext)) = &kit.logo {
        files.push(OutputFile { path: assets.join(format!("logo.{ext}")), bytes: bytes.clone() });
    }
    Ok(files)
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
