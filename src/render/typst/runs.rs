//! Runs of text: found in laid-out frames, and a person's strings shaped
//! as a full layout would shape them, in the font, size and language of
//! the run they replace (see `stencil`).

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use typst::foundations::{Bytes, Datetime};
use typst::layout::{Abs, Frame, FrameItem};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook, FontInstance, FontStyle, Lang, Region, TextItem};
use typst::utils::LazyHash;
use typst::{Library, World};
use typst_layout::PagedDocument;

use super::world::{self, file_id};

/// Calls `run` with each text item under `frame`, its path, and the widths
/// of the frames from `frame` down to the one that holds it.
pub fn collect_runs(
    frame: &Frame,
    path: &mut Vec<usize>,
    widths: &mut Vec<Abs>,
    run: &mut impl FnMut(&[usize], &TextItem, &[Abs]),
) {
    widths.push(frame.width());
    for (index, (_, item)) in frame.items().enumerate() {
        path.push(index);
        match item {
            FrameItem::Group(group) => collect_runs(&group.frame, path, widths, run),
            FrameItem::Text(text) => run(path, text, widths),
            _ => {}
        }
        path.pop();
    }
    widths.pop();
}

/// A string in the style of a placeholder: what it shapes the same way in.
#[derive(Clone, PartialEq, Eq, Hash)]
struct RunKey {
    font: FontInstance,
    size: Abs,
    lang: Lang,
    region: Option<Region>,
    text: String,
}

/// Strings shaped so far. A roster repeats its leaders, units and dates
/// on every form, and a person's name is on each of their forms, so most
/// strings are shaped once. Emptied when full, to keep memory flat.
static SHAPED: LazyLock<Mutex<HashMap<RunKey, TextItem>>> = LazyLock::new(Default::default);
const SHAPED_MAX: usize = 4096;

/// [`shape`], from [`SHAPED`] where it can.
pub(super) fn shaped<'a>(
    strings: impl Iterator<Item = (&'a TextItem, &'a str)>,
) -> Option<Vec<TextItem>> {
    let keys: Vec<RunKey> = strings
        .map(|(like, text)| RunKey {
            font: like.font.clone(),
            size: like.size,
            lang: like.lang,
            region: like.region,
            text: text.to_string(),
        })
        .collect();
    let known: Vec<Option<TextItem>> = {
        let cache = SHAPED.lock().expect("no panics under the lock");
        keys.iter().map(|key| cache.get(key).cloned()).collect()
    };
    let missing: Vec<&RunKey> =
        keys.iter().zip(&known).filter(|(_, k)| k.is_none()).map(|(key, _)| key).collect();
    let mut new = if missing.is_empty() { Vec::new() } else { shape(&missing)? }.into_iter();
    let runs: Vec<TextItem> =
        known.into_iter().map(|k| k.or_else(|| new.next())).collect::<Option<_>>()?;
    let mut cache = SHAPED.lock().expect("no panics under the lock");
    if cache.len() + missing.len() > SHAPED_MAX {
        cache.clear();
    }
    for (key, run) in keys.into_iter().zip(&runs) {
        cache.entry(key).or_insert_with(|| run.clone());
    }
    Some(runs)
}

/// Each string shaped in its font, size and language: one text item per
/// string, or `None` if any string is not exactly one.
fn shape(strings: &[&RunKey]) -> Option<Vec<TextItem>> {
    let runs: Vec<serde_json::Value> = strings
        .iter()
        .map(|like| {
            let info = like.font.font().info();
            let variant = info.variant;
            serde_json::json!({
                "family": info.family,
                "weight": variant.weight.to_number(),
                "style": match variant.style {
                    FontStyle::Normal => "normal",
                    FontStyle::Italic => "italic",
                    FontStyle::Oblique => "oblique",
                },
                "stretch": variant.stretch.to_ratio().get() * 100.0,
                "size": like.size.to_pt(),
                "lang": like.lang.as_str(),
                "region": like.region.as_ref().map(|r| r.as_str()),
                "text": like.text,
            })
        })
        .collect();
    let world = ShapingWorld { runs: Bytes::new(serde_json::to_vec(&runs).ok()?) };
    let document: PagedDocument = typst::compile(&world).output.ok()?;
    if document.pages().len() != runs.len() {
        return None;
    }
    document
        .pages()
        .iter()
        .map(|page| {
            let mut items = Vec::new();
            collect_runs(&page.frame, &mut Vec::new(), &mut Vec::new(), &mut |_, item, _| {
                items.push(item.clone())
            });
            (items.len() == 1).then(|| items.pop().expect("one"))
        })
        .collect()
}

/// The document that shapes strings: one page per string, as wide as the
/// string, in the font given without fallback (a missing letter shows as
/// glyph 0 instead of coming from another font).
const SHAPING: &str = r#"#set page(width: auto, height: auto, margin: 0pt)
#for (i, run) in json("/runs.json").enumerate() {
  if i > 0 { pagebreak() }
  text(font: run.family, fallback: false, weight: run.weight, style: run.style,
    stretch: run.stretch * 1%, size: run.size * 1pt, lang: run.lang, region: run.region, run.text)
}
"#;

static SHAPING_SOURCE: LazyLock<Source> =
    LazyLock::new(|| Source::new(file_id("/samtale-shaping.typ"), SHAPING.into()));
static RUNS_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/runs.json"));

/// The world of the shaping document: the bundled fonts and the strings.
struct ShapingWorld {
    runs: Bytes,
}

impl World for ShapingWorld {
    fn library(&self) -> &LazyHash<Library> {
        world::library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        world::book()
    }

    fn main(&self) -> FileId {
        SHAPING_SOURCE.id()
    }

    fn source(&self, id: FileId) -> typst::diag::FileResult<Source> {
        if id == SHAPING_SOURCE.id() {
            return Ok(SHAPING_SOURCE.clone());
        }
        Err(world::not_found(id))
    }

    fn file(&self, id: FileId) -> typst::diag::FileResult<Bytes> {
        if id == *RUNS_ID {
            return Ok(self.runs.clone());
        }
        Err(world::not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        world::font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}
