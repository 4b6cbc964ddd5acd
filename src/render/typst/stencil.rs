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

use typst::layout::{Abs, Frame, FrameItem};
use typst::model::Document as _;
use typst::text::{Glyph, TextItem};
use typst_layout::PagedDocument;

use super::runs::{collect_runs, shaped};

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

    /// The laid-out form with its placeholders.
    pub fn document(&self) -> &PagedDocument {
        &self.document
    }

    /// Where each slot's run is: its page, and its index among the text
    /// items of that page in the order Typst exports them.
    pub fn positions(&self) -> Vec<(usize, usize)> {
        self.slots
            .iter()
            .map(|slot| {
                let mut index = None;
                let mut count = 0;
                let frame = &self.document.pages()[slot.page].frame;
                collect_runs(frame, &mut Vec::new(), &mut Vec::new(), &mut |path, _, _| {
                    if path == slot.path.as_slice() {
                        index = Some(count);
                    }
                    count += 1;
                });
                (slot.page, index.expect("each slot is a run of its page"))
            })
            .collect()
    }

    /// The person's copy: `values` has a string for each key and no other
    /// key. `None` where it would not be what a full layout gives.
    pub fn fill(
        &self,
        values: &serde_json::Map<String, serde_json::Value>,
    ) -> Option<PagedDocument> {
        Some(self.with_runs(self.runs(values)?, true))
    }

    /// The person's run for each slot, shaped as a full layout would shape
    /// it; `None` where a run would not be one line in the placeholder's
    /// style, with room to spare.
    pub fn runs(
        &self,
        values: &serde_json::Map<String, serde_json::Value>,
    ) -> Option<Vec<TextItem>> {
        if values.len() != self.slots.len() {
            return None;
        }
        let strings = self
            .slots
            .iter()
            .map(|slot| values.get(&slot.key)?.as_str().filter(|s| plain_line(s)))
            .collect::<Option<Vec<&str>>>()?;
        let runs = shaped(self.slots.iter().map(|s| &s.placeholder).zip(strings))?;
        self.slots
            .iter()
            .zip(runs)
            .map(|(slot, run)| {
                let fits = run.width() <= slot.room - Abs::pt(SPARE_PT);
                slot.styled(run).filter(|_| fits)
            })
            .collect()
    }

    /// For each slot, a run of every glyph its font shows `letters` with:
    /// printed once, it puts all of them in the PDF's font subsets (see
    /// `plate`). Each letter is shaped alone and between capitals, digits
    /// and small letters, since a font may swap in another glyph there
    /// (Inter raises the brackets of "(1)"); a glyph met nowhere else makes
    /// that copy's PDF exported in full.
    pub fn palette(&self, letters: &str) -> Option<Vec<TextItem>> {
        const CONTEXTS: [(&str, &str); 4] = [("", ""), ("H", "H"), ("1", "1"), ("n", "n")];
        let mut strings: Vec<(usize, String)> = Vec::new();
        for (index, slot) in self.slots.iter().enumerate() {
            let ttf = slot.placeholder.font.ttf();
            let mut covered: Vec<char> = letters
                .chars()
                .filter(|&c| !c.is_whitespace() && !c.is_control())
                .filter(|&c| ttf.glyph_index(c).is_some_and(|g| g.0 != 0))
                .collect();
            covered.sort_unstable();
            covered.dedup();
            covered.truncate(PALETTE_MAX);
            for (before, after) in CONTEXTS {
                let words: Vec<String> =
                    covered.iter().map(|c| format!("{before}{c}{after}")).collect();
                strings.push((index, if words.is_empty() { "x".into() } else { words.join(" ") }));
            }
        }
        let likes = strings.iter().map(|(index, _)| &self.slots[*index].placeholder);
        let runs = shaped(likes.zip(strings.iter().map(|(_, s)| s.as_str())))?;
        self.slots
            .iter()
            .enumerate()
            .map(|(index, slot)| {
                let mine = strings.iter().zip(&runs).filter(|((i, _), _)| *i == index);
                slot.styled(every_glyph_once(mine.map(|(_, run)| run))?)
            })
            .collect()
    }

    /// The stencil with `runs` in its slots; `resize` makes the frames
    /// that shrank to their placeholder as wide as the new run.
    pub fn with_runs(&self, runs: Vec<TextItem>, resize: bool) -> PagedDocument {
        let mut pages = self.document.pages().to_vec();
        for (slot, item) in self.slots.iter().zip(runs) {
            let width = (resize && slot.shrunk).then(|| item.width());
            replace(&mut pages[slot.page].frame, &slot.path, item, width);
        }
        PagedDocument::new(pages.into_iter().collect(), self.document.info().clone())
    }
}

impl Slot {
    /// `run` in the placeholder's colours, if it is in its font, size and
    /// language and every glyph is in the font.
    fn styled(&self, run: TextItem) -> Option<TextItem> {
        let like = &self.placeholder;
        let same_style = run.font == like.font
            && run.size == like.size
            && run.lang == like.lang
            && run.region == like.region;
        let every_glyph = run.glyphs.iter().all(|g| g.id != 0);
        (same_style && every_glyph).then(|| TextItem {
            fill: like.fill.clone(),
            stroke: like.stroke.clone(),
            ..run
        })
    }
}

/// At most this many letters go into a palette, to keep the fonts of a
/// roster with every script of the world from growing without end.
const PALETTE_MAX: usize = 1000;

/// One run with each glyph of `runs` once, as the text it shows there.
fn every_glyph_once<'a>(runs: impl Iterator<Item = &'a TextItem>) -> Option<TextItem> {
    let mut first: Option<&TextItem> = None;
    let mut text = String::new();
    let mut glyphs = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for run in runs {
        first.get_or_insert(run);
        for glyph in &run.glyphs {
            if seen.insert(glyph.id) {
                let start = u16::try_from(text.len()).ok()?;
                text.push_str(run.text.get(glyph.range())?);
                let end = u16::try_from(text.len()).ok()?;
                glyphs.push(Glyph { range: start..end, ..glyph.clone() });
            }
        }
    }
    Some(TextItem { text: text.into(), glyphs, ..first?.clone() })
}

/// One line of text with no space at its ends and nothing that breaks or
/// splits it: a line feed, a tab, or the zero-width space the theme turns
/// into a break opportunity.
fn plain_line(s: &str) -> bool {
    !s.is_empty()
        && s.trim() == s
        && !s.chars().any(|c| c.is_control() || c == '\u{200B}' || c == '\u{00AD}')
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
