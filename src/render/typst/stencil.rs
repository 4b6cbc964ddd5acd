//! A roster form laid out once, and each person's copy made from it by
//! swapping in their words.
//!
//! From one person's action plan to the next only a handful of short
//! strings change (names, unit, date), yet Typst lays out the whole page
//! again for each, because the content around those strings changed. A
//! [`Stencil`] is the form laid out once with a placeholder for each
//! string. Per person, only the person's strings are shaped (a tiny Typst
//! document of one page per string, in the placeholder's font, size and
//! language), and each placeholder's run of text in the stencil's frames
//! is replaced by the person's. The rest of the page, tags included, is
//! shared.
//!
//! This gives exactly the frames a full layout would, as long as the
//! person's string shapes as one run in the placeholder's font and fits on
//! the placeholder's line: a line's height comes from the font's metrics,
//! not from its glyphs, and a start-aligned single line starts where the
//! placeholder started. Anything else (a name that would wrap, a letter the
//! font lacks, a line break, a placeholder that shows up anywhere else) is
//! `None`, and the caller lays the form out in full. The tests compare the
//! two paths byte for byte.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use typst::foundations::{Bytes, Datetime};
use typst::layout::{Abs, Frame, FrameItem};
use typst::model::Document as _;
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook, FontInstance, FontStyle, Lang, Region, TextItem};
use typst::utils::LazyHash;
use typst::{Library, World};
use typst_layout::PagedDocument;

use super::world::{self, file_id};

/// A line is only taken as fitting with this much room to spare, so that
/// where Typst would break a line is never decided by rounding.
const SPARE_PT: f64 = 1.0;

/// The text a stencil prints for the `index`th of the person's strings: one
/// word in the form's own font, which nothing else on a form prints.
pub fn placeholder(index: usize) -> String {
    format!("Qzx{index}xzQ")
}

/// A form laid out with placeholders, and where each of them is.
pub struct Stencil {
    document: PagedDocument,
    slots: Vec<Slot>,
}

/// Where one of the person's strings goes.
struct Slot {
    key: String,
    page: usize,
    /// Indices of the groups from the page's frame down to the text item,
    /// and the item's own index last.
    path: Vec<usize>,
    /// The placeholder's run: font, size, colour and language to keep.
    placeholder: TextItem,
    /// The width of the line the run may fill.
    room: Abs,
    /// The frame that holds the run is as wide as the run, and a person's
    /// copy makes it as wide as theirs, as Typst would.
    shrunk: bool,
}

impl Stencil {
    /// Finds each placeholder of `keys` (key, placeholder text) in the laid
    /// out `document`. `None` unless each is exactly one run of its own and
    /// no run prints a placeholder beside other text.
    pub fn find(document: PagedDocument, keys: &[(String, String)]) -> Option<Stencil> {
        // The document's title and description are copied as they are.
        let info = format!("{:?}", document.info());
        if keys.iter().any(|(_, text)| info.contains(text.as_str())) {
            return None;
        }
        let mut found = Vec::new();
        for (page, p) in document.pages().iter().enumerate() {
            collect_runs(&p.frame, &mut Vec::new(), &mut Vec::new(), &mut |path, item, widths| {
                found.push((page, path.to_vec(), item.clone(), widths.to_vec()))
            });
        }
        let mut slots = Vec::new();
        for (key, text) in keys {
            let mut matching = found.iter().filter(|(_, _, item, _)| item.text.contains(text));
            let (page, path, item, widths) = matching.next()?;
            if matching.next().is_some() || item.text != *text {
                return None;
            }
            // The frame that holds the run is as wide as the run when the
            // theme's block shrank to its text (the default theme's fields
            // do); the line the text may fill is then the frame around it.
            let (&holder, outer) = widths.split_last()?;
            let shrunk = holder.approx_eq(item.width());
            let room = if shrunk { *outer.last()? } else { holder };
            slots.push(Slot {
                key: key.clone(),
                page: *page,
                path: path.clone(),
                placeholder: item.clone(),
                room,
                shrunk,
            });
        }
        Some(Stencil { document, slots })
    }

    /// The pages the stencil has; a person's copy has as many.
    pub fn pages(&self) -> usize {
        self.document.pages().len()
    }

    /// The person's copy: `values` has a string for each key and no other
    /// key. `None` where it would not be what a full layout gives.
    pub fn fill(
        &self,
        values: &serde_json::Map<String, serde_json::Value>,
    ) -> Option<PagedDocument> {
        if values.len() != self.slots.len() {
            return None;
        }
        let strings = self
            .slots
            .iter()
            .map(|slot| values.get(&slot.key)?.as_str().filter(|s| plain_line(s)))
            .collect::<Option<Vec<&str>>>()?;
        let runs = shaped(self.slots.iter().map(|s| &s.placeholder).zip(strings))?;
        let mut pages = self.document.pages().to_vec();
        for (slot, run) in self.slots.iter().zip(runs) {
            let same_style = run.font == slot.placeholder.font
                && run.size == slot.placeholder.size
                && run.lang == slot.placeholder.lang
                && run.region == slot.placeholder.region;
            let every_glyph = run.glyphs.iter().all(|g| g.id != 0);
            if !same_style || !every_glyph || run.width() > slot.room - Abs::pt(SPARE_PT) {
                return None;
            }
            let item = TextItem {
                fill: slot.placeholder.fill.clone(),
                stroke: slot.placeholder.stroke.clone(),
                ..run
            };
            let width = slot.shrunk.then(|| item.width());
            replace(&mut pages[slot.page].frame, &slot.path, item, width);
        }
        Some(PagedDocument::new(pages.into_iter().collect(), self.document.info().clone()))
    }
}

/// One line of text with no space at its ends and nothing that breaks or
/// splits it: a line feed, a tab, or the zero-width space the theme turns
/// into a break opportunity.
fn plain_line(s: &str) -> bool {
    !s.is_empty()
        && s.trim() == s
        && !s.chars().any(|c| c.is_control() || c == '\u{200B}' || c == '\u{00AD}')
}

/// Calls `run` with each text item under `frame`, its path, and the widths
/// of the frames from `frame` down to the one that holds it.
fn collect_runs(
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

/// Puts `text` in place of the item at `path`, and gives the frame that
/// holds it `width` if there is one. Only the frames on the path are
/// copied; the rest stays shared with the stencil.
fn replace(frame: &mut Frame, path: &[usize], text: TextItem, width: Option<Abs>) {
    let Some((&wanted, rest)) = path.split_first() else { return };
    let mut text = Some(text);
    let mut index = 0;
    frame.retain(|item| {
        if index == wanted {
            let text = text.take().expect("one item at each index");
            match item {
                FrameItem::Group(group) => replace(&mut group.frame, rest, text, width),
                FrameItem::Text(run) => *run = text,
                _ => {}
            }
        }
        index += 1;
        true
    });
    if let (true, Some(width)) = (rest.is_empty(), width) {
        frame.size_mut().x = width;
    }
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
fn shaped<'a>(strings: impl Iterator<Item = (&'a TextItem, &'a str)>) -> Option<Vec<TextItem>> {
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
