//! The fillable fields of a roster's forms, worked out once and reused.
//!
//! Every person's action plan has the same writing areas at the same places,
//! and Typst writes the objects the fields update touches (catalog, page
//! tree, structure tree root, its top element, parent tree) byte for byte
//! the same each time: only names, fonts and ids differ, and those live in
//! other objects. So the update [`fields::add_fields`] appends is the same
//! for every person, apart from where it starts in the file and the
//! trailer's `/ID` and `/Prev`. A [`FieldTemplate`] keeps one such update
//! and, for each new PDF that provably has the same layout, appends it with
//! its cross-reference offsets moved: 0.6–0.8 ms of lopdf work per form
//! becomes a copy. Anything that does not match exactly gets the full
//! update, so the result is always the bytes `add_fields` would write.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::fields::{self, Field};
use super::lazy_pdf;

/// One fields update, with what it depends on in the PDF it was made for.
#[derive(Debug)]
pub struct FieldTemplate {
    areas: Vec<Field>,
    /// The base PDF's objects the update reads or rewrites: id and the
    /// bytes from `N 0 obj` to `endobj`.
    depends_on: Vec<(u32, Vec<u8>)>,
    /// The base's trailer, except `/ID`: its `/Size`, `/Root`, `/Info`.
    trailer_start: String,
    /// The update up to its cross-reference table.
    objects: Vec<u8>,
    /// The table's lines; offsets are relative to the end of the base.
    xref: Vec<XrefLine>,
    /// The update's trailer before `/ID` and between `/ID` and `/Prev`.
    trailer_head: String,
    trailer_tail: String,
}

#[derive(Debug)]
enum XrefLine {
    /// A subsection header or a free entry, copied as it is.
    Verbatim(String),
    /// An object in the update, at this offset after the base.
    InUse { offset: usize, generation: u16 },
}

impl FieldTemplate {
    /// Learns the update `add_fields` made: `filled` is `base` with the
    /// fields for `areas`. `None` when the files are not as Typst and lopdf
    /// write them, and the template would not be safe to reuse.
    pub fn learn(base: &[u8], filled: &[u8], areas: &[Field]) -> Option<FieldTemplate> {
        let update = filled.strip_prefix(base)?;
        let base_index = Index::read(base)?;
        let document = lazy_pdf::open(base)?;
        let depends_on = document
            .objects
            .keys()
            .map(|&(id, _)| Some((id, base.get(base_index.object(base, id)?)?.to_vec())))
            .collect::<Option<Vec<_>>>()?;

        let xref_at = lazy_pdf::last_startxref(filled)?.checked_sub(base.len())?;
        let text = std::str::from_utf8(update.get(xref_at..)?).ok()?;
        let table = text.strip_prefix("xref\n")?;
        let (table, trailer) = table.split_once("trailer\n")?;
        let mut xref = Vec::new();
        for line in table.lines() {
            let parts: Vec<&str> = line.split_whitespace().collect();
            xref.push(match parts.as_slice() {
                [offset, generation, "n"] => XrefLine::InUse {
                    offset: offset.parse::<usize>().ok()?.checked_sub(base.len())?,
                    generation: generation.parse().ok()?,
                },
                _ => XrefLine::Verbatim(line.to_string()),
            });
        }
        let dict = trailer.split("\nstartxref").next()?;
        let (trailer_head, rest) = dict.split_once("/ID[")?;
        let (_, trailer_tail) = rest.split_once(']')?;
        let trailer_tail = trailer_tail.strip_prefix(&format!("/Prev {}", base_index.startxref))?;
        Some(FieldTemplate {
            areas: areas.to_vec(),
            depends_on,
            trailer_start: base_index.trailer_start,
            objects: update[..xref_at].to_vec(),
            xref,
            trailer_head: trailer_head.to_string(),
            trailer_tail: trailer_tail.to_string(),
        })
    }

    /// `base` with the fields, when it has exactly the layout and objects
    /// the template was learnt from; otherwise `base` back, untouched.
    pub fn apply(&self, mut base: Vec<u8>, areas: &[Field]) -> Result<Vec<u8>, Vec<u8>> {
        let Some(index) = Index::read(&base).filter(|index| {
            areas == self.areas
                && index.trailer_start == self.trailer_start
                && self.depends_on.iter().all(|(id, bytes)| {
                    index.object(&base, *id).and_then(|r| base.get(r)) == Some(bytes.as_slice())
                })
        }) else {
            return Err(base);
        };
        let start = base.len();
        base.extend_from_slice(&self.objects);
        let xref_at = base.len();
        let mut tail = String::with_capacity(self.xref.len() * 20 + 200);
        tail.push_str("xref\n");
        for line in &self.xref {
            match line {
                XrefLine::Verbatim(text) => tail.push_str(text),
                XrefLine::InUse { offset, generation } => {
                    tail.push_str(&format!("{:010} {generation:05} n ", start + offset));
                }
            }
            tail.push('\n');
        }
        tail.push_str(&format!(
            "trailer\n{}/ID[{}]/Prev {}{}\nstartxref\n{xref_at}\n%%EOF",
            self.trailer_head, index.id, index.startxref, self.trailer_tail
        ));
        base.extend_from_slice(tail.as_bytes());
        Ok(base)
    }
}

/// Where a base PDF's objects and trailer are.
struct Index {
    startxref: usize,
    xref: lopdf::xref::Xref,
    /// The trailer up to `/ID`.
    trailer_start: String,
    /// What is between `/ID[` and `]`.
    id: String,
}

impl Index {
    fn read(pdf: &[u8]) -> Option<Index> {
        let startxref = lazy_pdf::last_startxref(pdf)?;
        let (xref, _) = lazy_pdf::xref_and_trailer(pdf.get(startxref..)?)?;
        let tail = std::str::from_utf8(pdf.get(startxref..)?).ok()?;
        let trailer = tail.split_once("trailer")?.1.split("startxref").next()?.trim();
        let (trailer_start, rest) = trailer.split_once("/ID[")?;
        let id = rest.split_once(']')?.0.to_string();
        Some(Index { startxref, xref, trailer_start: trailer_start.to_string(), id })
    }

    /// The bytes of object `id`, from `N 0 obj` to `endobj`.
    fn object(&self, pdf: &[u8], id: u32) -> Option<Range<usize>> {
        let lopdf::xref::XrefEntry::Normal { offset, .. } = self.xref.get(id)? else {
            return None;
        };
        let start = *offset as usize;
        let end = pdf.get(start..)?.windows(6).position(|w| w == b"endobj")? + start + 6;
        Some(start..end)
    }
}

/// The fields updates of one form in one language, one per layout met: a
/// follow-up note prints each person's own dates as its options, so its
/// fields differ with the dates, of which a round has a few dozen.
#[derive(Debug, Default)]
pub struct FieldTemplates {
    learnt: Mutex<Vec<Arc<FieldTemplate>>>,
    /// How many PDFs got their fields from a template.
    reused: AtomicUsize,
}

/// At most this many layouts are remembered per form and language; the
/// rest get the full update.
const MOST_LAYOUTS: usize = 64;

impl FieldTemplates {
    /// [`fields::add_fields`], through the template for `areas` when there
    /// is one that fits, and learning one when there is not.
    pub fn add_fields(&self, pdf: Vec<u8>, areas: &[Field]) -> Result<Vec<u8>, lopdf::Error> {
        let found = self.lock().iter().find(|t| t.areas == areas).cloned();
        let pdf = match &found {
            Some(template) => match template.apply(pdf, areas) {
                Ok(filled) => {
                    self.reused.fetch_add(1, Ordering::Relaxed);
                    return Ok(filled);
                }
                Err(pdf) => pdf,
            },
            None => pdf,
        };
        if found.is_some() || self.lock().len() >= MOST_LAYOUTS {
            return fields::add_fields(pdf, areas);
        }
        let base = pdf.clone();
        let filled = fields::add_fields(pdf, areas)?;
        if let Some(template) = FieldTemplate::learn(&base, &filled, areas) {
            let mut learnt = self.lock();
            if learnt.len() < MOST_LAYOUTS && !learnt.iter().any(|t| t.areas == areas) {
                learnt.push(Arc::new(template));
            }
        }
        Ok(filled)
    }

    /// The layouts learnt, and the PDFs that reused one.
    pub fn counts(&self) -> (usize, usize) {
        (self.lock().len(), self.reused.load(Ordering::Relaxed))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Arc<FieldTemplate>>> {
        self.learnt.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::ACTION_PLAN;
    use crate::project::{CheckOptions, Project};
    use crate::render::typst::world::Theme;
    use crate::render::typst::{CompileInput, PdfSettings, compile, export_tagged, world};

    /// The demo's action plan in `lang` for `employee`: the PDF without
    /// fields, and its writing areas.
    fn plan(project: &Project, theme: &Theme, lang: &str, employee: &str) -> (Vec<u8>, Vec<Field>) {
        let kit = project.languages.iter().find(|k| k.lang == lang).unwrap();
        let mut input = CompileInput::for_document(kit, &ACTION_PLAN, PdfSettings::default());
        let person = serde_json::json!({
            "employee": employee, "leader": "Kari Nordmann", "unit": "Drift", "date": "1. mars 2027",
        });
        input.person = typst::foundations::Bytes::new(serde_json::to_vec(&person).unwrap());
        input.ident = format!("{lang}/{employee}");
        let stem = ACTION_PLAN.pdfs[0].entry;
        let world = world(theme, stem, &input).unwrap();
        let document = compile(&world, stem).unwrap();
        let mut areas = fields::writing_areas(&document).unwrap();
        fields::make_names_unique(&mut areas);
        (export_tagged(&world, &document, stem, &input).unwrap(), areas)
    }

    #[test]
    fn a_template_writes_the_bytes_of_the_full_update_and_only_where_it_fits() {
        let config = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("kit.toml");
        let project = Project::load(&config, CheckOptions::default()).unwrap();
        let theme = Theme::load(&project.layers).unwrap();
        let templates = FieldTemplates::default();
        // The third name wraps onto more lines and moves every field below it.
        let long = "Maximiliane Kristiansen-Haugen-Ødegård-Bjørnstad-Aasheim von Fjordvik-Nordmann";
        for employee in ["Åse Ødegård-Ås", "#set text(red) $x$ *y* <b>", long, "Ola O'Brien"] {
            let (pdf, areas) = plan(&project, &theme, "nb", employee);
            let full = fields::add_fields(pdf.clone(), &areas).unwrap();
            assert!(templates.add_fields(pdf, &areas).unwrap() == full, "{employee}");
        }
        // The long name's layout is learnt apart; the two others reuse the first.
        assert_eq!(templates.counts(), (2, 2));

        // Another language has other objects: a template from nb refuses an
        // English plan even when handed the nb plan's areas.
        let (nb, areas) = plan(&project, &theme, "nb", "Åse Ødegård-Ås");
        let template =
            FieldTemplate::learn(&nb, &fields::add_fields(nb.clone(), &areas).unwrap(), &areas)
                .unwrap();
        let (en, _) = plan(&project, &theme, "en", "Åse Ødegård-Ås");
        assert!(template.apply(en.clone(), &areas) == Err(en));
    }
}
