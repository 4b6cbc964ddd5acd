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
use crate::diagnostics::{Error, Result};
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
    // A page's context is its language's data, converted once per language,
    // with the page's own `page` entry merged over it.
    let render = |template: &str, data: &minijinja::Value, page: Value, path: PathBuf| {
        let context = minijinja::context! { page => page, ..data.clone() };
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
                Some(json!({ "file": name, "weight": weight, "style": style }))
            })
            .collect(),
    };
    let first_data = minijinja::Value::from_serialize(&first.data);
    let page = page_entry(first, &site, &[], "", None, "");
    files.push(render("index.html", &first_data, page, PathBuf::from("index.html"))?);
    for kit in kits {
        let data = minijinja::Value::from_serialize(&kit.data);
        let documents = documents(kit, options);
        let dir = PathBuf::from(&kit.lang);
        let page = page_entry(kit, &site, &documents, "index", None, "../");
        files.push(render("home.html", &data, page, dir.join("index.html"))?);
        for document in &documents {
            let stem = document["stem"].as_str().expect("documents have stems");
            let page = page_entry(kit, &site, &documents, stem, Some(document), "../");
            let path = dir.join(format!("{stem}.html"));
            files.push(render(&format!("{stem}.html"), &data, page, path)?);
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
    languages: Vec<Value>,
    /// The brand font's files, for `@font-face` rules.
    fonts: Vec<Value>,
}

/// The `page` entry of a page's context: where it is and what it links to.
fn page_entry(
    kit: &LanguageKit,
    site: &Site,
    documents: &[Value],
    stem: &str,
    document: Option<&Value>,
    root: &str,
) -> Value {
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
    json!({
        "stem": stem,
        "root": root,
        "assets": format!("{root}{ASSETS}/"),
        "document": document,
        "documents": documents,
        "languages": page_languages,
        "fonts": site.fonts,
        "logo": kit.logo.as_ref().map(|(_, ext)| format!("{root}{ASSETS}/logo.{ext}")),
    })
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
    let family = kit.data["brand"]["font"].as_str().unwrap_or("Inter");
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
