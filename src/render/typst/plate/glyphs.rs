//! Which code each glyph has in a plate's font subsets, learnt by lining up
//! each page's text objects with the text items Typst laid out.
//!
//! krilla numbers a subset's glyphs in the order the document first shows
//! them, and maps each to the text it first stood for; nothing in the PDF
//! says which original glyph a code is. But krilla shows each text item as
//! one text object, in the order of the frames, one code per glyph, so the
//! two lists zip: the n-th glyph of the n-th item is the n-th code of the
//! n-th text object. Any mismatch (a count, a font, a code) and there is
//! no plate.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use typst::layout::Frame;
use typst::text::{FontInstance, TextItem};

use super::content::{ShownGlyph, show_operator, text_objects};
use crate::render::typst::runs::collect_runs;

/// A font's glyphs as the plate shows them: each one's code in the subset,
/// and the text it stands for (`None` where the plate shows it for more
/// than one text, so that its map cannot say which).
pub struct FontGlyphs {
    codes: HashMap<u16, (u16, Option<String>)>,
}

/// A slot's run in the plate: its page, where its show operator is in the
/// page's content, and the run (the palette) it shows.
pub struct FoundSlot {
    pub page: usize,
    pub show: Range<usize>,
    pub run: TextItem,
}

/// What the pages read so far have shown.
pub struct PageGlyphs<'a> {
    /// Each slot's page and index among its page's text items.
    wanted: &'a [(usize, usize)],
    found: Vec<Option<FoundSlot>>,
    /// Each font met, with its resource name: few enough to search.
    fonts: Vec<(FontInstance, Vec<u8>, FontGlyphs)>,
}

impl<'a> PageGlyphs<'a> {
    pub fn new(wanted: &'a [(usize, usize)]) -> PageGlyphs<'a> {
        let found = wanted.iter().map(|_| None).collect();
        PageGlyphs { wanted, found, fonts: Vec::new() }
    }

    /// Lines up the text objects of page `page`'s `content` with the text
    /// items of its `frame`.
    pub fn read_page(&mut self, page: usize, content: &[u8], frame: &Frame) -> Option<()> {
        let objects = text_objects(content)?;
        let items = text_items(frame);
        if objects.len() != items.len() {
            return None;
        }
        for (index, (object, item)) in objects.iter().zip(items).enumerate() {
            if object.codes.len() != item.glyphs.len() {
                return None;
            }
            let known = self.fonts.iter().position(|(font, ..)| *font == item.font);
            let at = known.unwrap_or_else(|| {
                let glyphs = FontGlyphs { codes: HashMap::new() };
                self.fonts.push((item.font.clone(), object.font.clone(), glyphs));
                self.fonts.len() - 1
            });
            let (_, resource, glyphs) = &mut self.fonts[at];
            // One font, one resource: a copy's run keeps the slot's `Tf`.
            if *resource != object.font {
                return None;
            }
            for (glyph, &code) in item.glyphs.iter().zip(&object.codes) {
                let text = item.text.get(glyph.range())?;
                let entry = glyphs.codes.entry(glyph.id).or_insert((code, Some(text.into())));
                if entry.0 != code {
                    return None;
                }
                if entry.1.as_deref() != Some(text) {
                    entry.1 = None;
                }
            }
            if let Some(slot) = self.wanted.iter().position(|&w| w == (page, index)) {
                // The palette shows as what it is, with no `/ActualText`.
                if object.marked {
                    return None;
                }
                self.found[slot] = Some(FoundSlot { page, show: object.show.clone(), run: item });
            }
        }
        Some(())
    }

    /// Every slot, found, with the glyphs of its font.
    pub fn finish(self) -> Option<Vec<(FoundSlot, Arc<FontGlyphs>)>> {
        let fonts: Vec<(FontInstance, Arc<FontGlyphs>)> =
            self.fonts.into_iter().map(|(font, _, glyphs)| (font, Arc::new(glyphs))).collect();
        self.found
            .into_iter()
            .map(|slot| {
                let slot = slot?;
                let (_, glyphs) = fonts.iter().find(|(font, _)| *font == slot.run.font)?;
                Some((slot, glyphs.clone()))
            })
            .collect()
    }
}

/// The text items of a page, in the order Typst exports them.
fn text_items(frame: &Frame) -> Vec<TextItem> {
    let mut items = Vec::new();
    collect_runs(frame, &mut Vec::new(), &mut Vec::new(), &mut |_, item, _| {
        items.push(item.clone())
    });
    items
}

/// The show operator of `run` in a font whose glyphs are `glyphs`; `None`
/// where a glyph is not there with the run's text, or where krilla would
/// not show the run with one operator (right to left, or moved up or down).
pub fn show_glyphs(run: &TextItem, glyphs: &FontGlyphs) -> Option<Vec<u8>> {
    let reversed =
        run.glyphs.len() > 1 && run.glyphs.windows(2).all(|w| w[0].range.start >= w[1].range.end);
    if reversed || run.glyphs.is_empty() {
        return None;
    }
    let font = &run.font;
    let per_em = font.units_per_em() as f32;
    let shown = run
        .glyphs
        .iter()
        .map(|glyph| {
            let (code, text) = glyphs.codes.get(&glyph.id)?;
            let same_text = text.as_deref() == Some(run.text.get(glyph.range())?);
            let level = glyph.y_offset.get() == 0.0 && glyph.y_advance.get() == 0.0;
            let advance = font.ttf().glyph_hor_advance(ttf_parser::GlyphId(glyph.id));
            (same_text && level).then(|| ShownGlyph {
                code: *code,
                x_advance: glyph.x_advance.get(),
                x_offset: glyph.x_offset.get(),
                font_advance: advance.map(|units| (f32::from(units), per_em)),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(show_operator(&shown))
}
