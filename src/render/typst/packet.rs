//! The print packet: every A4 PDF of a language in one file, for the
//! manager who prints everything at once.
//!
//! Each document is laid out on its own, exactly as its own PDF, and the
//! pages are put one after the other into one document, which Typst then
//! exports once: tags, headings (one bookmark per document) and the
//! standard's identification come out as for any other PDF. The forms keep
//! their fields, named per document (`action-plan:goals`), and every page
//! gets a page label with its document's name and own page number
//! (`Handlingsplan 2`), matching the number printed in its footer.

use lopdf::{IncrementalDocument, Object, dictionary, text_string};
use typst::model::Document as _;
use typst_layout::PagedDocument;

use super::world::Theme;
use super::{CompileInput, export_pdf_with, lay_out, world, writing_areas};
use crate::diagnostics::{Error, Result};

/// One document of the packet.
pub struct Part<'a> {
    /// The Typst entry.
    pub entry: &'static str,
    pub input: &'a CompileInput,
    /// The document's name, the prefix of its pages' labels.
    pub label: String,
}

/// Lays out every part and exports them as one PDF titled `title`.
pub fn compile_packet(theme: &Theme, parts: &[Part], title: &str, ident: &str) -> Result<Vec<u8>> {
    let first = parts.first().ok_or_else(|| Error::msg("the print packet has no documents"))?;
    let mut pages = Vec::new();
    let mut fields = Vec::new();
    let mut labels = Vec::new();
    let mut info = None;
    for part in parts {
        let (_, document) = lay_out(theme, part.entry, part.input)?;
        if part.input.pdf.fillable {
            for mut area in writing_areas(&document, part.entry)? {
                area.page += pages.len();
                area.name = format!("{}:{}", part.entry, area.name);
                fields.push(area);
            }
        }
        labels.push((pages.len(), part.label.clone()));
        info.get_or_insert_with(|| document.info().clone());
        pages.extend(document.pages().iter().cloned());
    }
    let mut info = info.expect("at least one part");
    info.title = Some(title.into());
    let document = PagedDocument::new(pages.into_iter().collect(), info);
    let world = world(theme, first.entry, first.input)?;
    let input = CompileInput { ident: ident.to_string(), ..first.input.clone() };
    let pdf = export_pdf_with(&world, &document, "kit", &input, fields)?;
    page_labels(pdf, &labels)
        .map_err(|e| Error::msg(format!("cannot label the print packet's pages: {e}")))
}

/// Adds `/PageLabels` as an incremental update: from each first page on,
/// the pages are numbered from 1 after their prefix.
fn page_labels(pdf: Vec<u8>, labels: &[(usize, String)]) -> Result<Vec<u8>, lopdf::Error> {
    let previous = match super::lazy_pdf::open(&pdf) {
        Some(document) => document,
        None => lopdf::Document::load_mem(&pdf)?,
    };
    let catalog = previous.trailer.get(b"Root")?.as_reference()?;
    let version = previous.version.clone();
    let mut update = IncrementalDocument::create_from(pdf, previous);
    update.new_document.version = version;
    let nums: Vec<Object> = labels
        .iter()
        .flat_map(|(first, prefix)| {
            let label =
                dictionary! { "S" => "D", "P" => text_string(&format!("{prefix} ")), "St" => 1 };
            [Object::Integer(*first as i64), Object::Dictionary(label)]
        })
        .collect();
    update.opt_clone_object_to_new_document(catalog)?;
    update
        .new_document
        .get_dictionary_mut(catalog)?
        .set("PageLabels", dictionary! { "Nums" => nums });
    let mut bytes = Vec::new();
    update.save_to(&mut bytes)?;
    Ok(bytes)
}
