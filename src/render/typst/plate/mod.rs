//! A roster form's PDF written once, and each person's copy printed from it
//! by swapping their words in at the level of the file.
//!
//! With a [`Stencil`](super::stencil::Stencil), a copy lays nothing out, but
//! Typst still exported every copy in full: fonts subset and compressed,
//! tags, content, metadata, about 2 ms of a copy's 2.6. Yet the page is the
//! same for everyone but a few runs of text, and the title and keywords.
//! A [`Plate`] is the form exported once with, in each slot, a run of every
//! letter the roster's strings use (the palette), so the font subsets hold
//! every glyph a copy needs. A copy is then the plate's bytes with, for
//! each slot, the show operator of the person's glyphs in place of the
//! palette's (same font resource, same position, same marked content and
//! so the same tags), a new title and keywords in the document information
//! and XMP, new ids, and the cross-reference table moved.
//!
//! Everything the plate relies on is checked against Typst's own output
//! when it is made: the text objects line up with the text items, the
//! show operator it writes for the palette is krilla's byte for byte, the
//! table and ids come out as krilla wrote them. If any check fails there
//! is no plate and copies are exported as before. A copy's glyph must be
//! in the plate's subset with the same text as there, or the copy is
//! exported in full.

mod content;
mod file;
mod glyphs;
mod stream;

use std::io::{Read as _, Write as _};
use std::ops::Range;
use std::sync::Arc;

use typst::text::TextItem;
use typst_layout::PagedDocument;

use self::file::{
    Hole, Objects, Pieces, StreamObject, document_id, instance_id, pdf_text, write_xref, xmp_text,
};
use self::glyphs::{FontGlyphs, PageGlyphs, show_glyphs};
use self::stream::Segments;

/// A form's PDF with holes for a person's runs, title, keywords and ids.
pub struct Plate {
    template: Vec<u8>,
    objects: Objects,
    /// The objects a copy writes anew, in the order of the file; the XMP
    /// metadata is last (its instance id hashes what comes before).
    changes: Vec<(Range<usize>, Change)>,
    /// Each slot's change (a page's content) and hole there, and its glyphs.
    slots: Vec<Slot>,
}

enum Change {
    /// A page's content stream, with a hole for each of its slots.
    Content { object: StreamObject, segments: Segments, holes: usize },
    /// The document information: title and keywords.
    Info(Pieces),
    /// The XMP metadata: title, keywords and both ids.
    Xmp { object: StreamObject, body: Pieces },
}

struct Slot {
    change: usize,
    hole: usize,
    /// The glyphs of the slot's font in the plate's subset.
    glyphs: Arc<FontGlyphs>,
}

/// What a plate is made from.
pub struct PlateSource<'a> {
    /// The PDF Typst exported of `document`.
    pub pdf: Vec<u8>,
    /// The document laid out with the palette in each slot.
    pub document: &'a PagedDocument,
    /// Each slot's page and its index among its page's text items, in
    /// the order a copy's runs come in.
    pub slots: Vec<(usize, usize)>,
    /// The title, keywords (as Typst joins them) and ident the PDF was
    /// exported with.
    pub title: &'a str,
    pub keywords: &'a str,
    pub ident: &'a str,
}

impl Plate {
    /// The plate of `source`, or `None` where any check fails.
    pub fn make(source: PlateSource) -> Option<Plate> {
        let pdf = &source.pdf;
        let objects = Objects::read(pdf, source.ident)?;
        if objects.contents.len() != source.document.pages().len() {
            return None;
        }
        // Each page's text objects against its text items, in document
        // order: the first use of a glyph decides the text it maps to.
        let mut glyphs = PageGlyphs::new(&source.slots);
        let mut plains = Vec::new();
        let pages = objects.contents.iter().zip(source.document.pages());
        for (page, ((_, stream), laid_out)) in pages.enumerate() {
            let mut plain = Vec::new();
            flate2::read::ZlibDecoder::new(&stream[..]).read_to_end(&mut plain).ok()?;
            glyphs.read_page(page, &plain, &laid_out.frame)?;
            plains.push(plain);
        }
        let found = glyphs.finish()?;

        // The pages with slots, each cut around its slots' show operators,
        // which must be what this module writes for the palette.
        let mut changes = Vec::new();
        let mut slots: Vec<Option<Slot>> = (0..found.len()).map(|_| None).collect();
        for (page, plain) in plains.iter().enumerate() {
            let mut on_page: Vec<usize> =
                (0..found.len()).filter(|&i| found[i].0.page == page).collect();
            if on_page.is_empty() {
                continue;
            }
            on_page.sort_by_key(|&i| found[i].0.show.start);
            for (hole, &i) in on_page.iter().enumerate() {
                let (slot, glyphs) = &found[i];
                if show_glyphs(&slot.run, glyphs)? != plain[slot.show.clone()] {
                    return None;
                }
                slots[i] = Some(Slot { change: changes.len(), hole, glyphs: glyphs.clone() });
            }
            let holes: Vec<Range<usize>> =
                on_page.iter().map(|&i| found[i].0.show.clone()).collect();
            let range = objects.layout.object(objects.contents[page].0)?;
            let object = StreamObject::cut(&pdf[range.clone()])?;
            let segments = Segments::new(plain, &holes)?;
            changes.push((range, Change::Content { object, segments, holes: holes.len() }));
        }
        let slots = slots.into_iter().collect::<Option<Vec<Slot>>>()?;

        let title = |text: Vec<u8>| (Hole::Title, text);
        let keywords = |text: Vec<u8>| (Hole::Keywords, text);
        let range = objects.layout.object(objects.info)?;
        let cuts = [title(pdf_text(source.title)), keywords(pdf_text(source.keywords))];
        changes.push((range.clone(), Change::Info(Pieces::split(&pdf[range], &cuts)?)));

        let range = objects.layout.object(objects.metadata)?;
        if objects.instance != instance_id(&pdf[..range.start]) {
            return None;
        }
        let object = StreamObject::cut(&pdf[range.clone()])?;
        let cuts = [
            title(xmp_text(source.title)),
            keywords(xmp_text(source.keywords)),
            (Hole::Instance, objects.instance.clone().into_bytes()),
            (Hole::Document, objects.document.clone().into_bytes()),
        ];
        let body = Pieces::split(object.data(&pdf[range.clone()]), &cuts)?;
        changes.push((range, Change::Xmp { object, body }));
        changes.sort_by_key(|(range, _)| range.start);
        if !matches!(changes.last(), Some((_, Change::Xmp { .. }))) {
            return None;
        }
        Some(Plate { template: source.pdf, objects, changes, slots })
    }

    /// The copy with `runs` (one per slot, each in its slot's font), and
    /// the person's title, keywords and ident; `None` where a glyph is not
    /// in the plate as the run needs it.
    pub fn print(
        &self,
        runs: &[TextItem],
        title: &str,
        keywords: &str,
        ident: &str,
    ) -> Option<Vec<u8>> {
        if runs.len() != self.slots.len() {
            return None;
        }
        let mut fills: Vec<Vec<Vec<u8>>> = self
            .changes
            .iter()
            .map(|(_, change)| match change {
                Change::Content { holes, .. } => vec![Vec::new(); *holes],
                _ => Vec::new(),
            })
            .collect();
        for (slot, run) in self.slots.iter().zip(runs) {
            fills[slot.change][slot.hole] = show_glyphs(run, &slot.glyphs)?;
        }
        let document = document_id(&self.objects.version, ident);
        let mut instance = String::new();
        let mut out = Vec::with_capacity(self.template.len() + 2048);
        // Where each changed object started in the plate, and how much
        // longer the copy's is.
        let mut moves: Vec<(usize, isize)> = Vec::new();
        let mut at = 0;
        for ((range, change), fills) in self.changes.iter().zip(&fills) {
            out.extend_from_slice(&self.template[at..range.start]);
            let start = out.len();
            match change {
                Change::Content { object, segments, .. } => {
                    object.write(&mut out, &segments.join(fills)?);
                }
                Change::Info(pieces) => pieces.fill(&mut out, |hole| match hole {
                    Hole::Title => pdf_text(title),
                    _ => pdf_text(keywords),
                }),
                Change::Xmp { object, body } => {
                    instance = instance_id(&out);
                    let mut xmp = Vec::new();
                    body.fill(&mut xmp, |hole| match hole {
                        Hole::Title => xmp_text(title),
                        Hole::Keywords => xmp_text(keywords),
                        Hole::Instance => instance.clone().into_bytes(),
                        Hole::Document => document.clone().into_bytes(),
                    });
                    object.write(&mut out, &xmp);
                }
            }
            let growth =
                isize::try_from(out.len() - start).ok()? - isize::try_from(range.len()).ok()?;
            moves.push((range.start, growth));
            at = range.end;
        }
        let layout = &self.objects.layout;
        out.extend_from_slice(&self.template[at..layout.xref_at]);
        let xref_at = out.len();
        write_xref(&mut out, layout, self.objects.size, |offset| {
            let growth: isize =
                moves.iter().filter(|(start, _)| *start < offset).map(|m| m.1).sum();
            offset.checked_add_signed(growth).unwrap_or(offset)
        });
        self.objects.trailer.fill(&mut out, |hole| match hole {
            Hole::Document => document.clone().into_bytes(),
            _ => instance.clone().into_bytes(),
        });
        let _ = write!(out, "startxref\n{xref_at}\n%%EOF");
        Some(out)
    }
}
