//! The summary as a PDF (Typst, PDF/UA-1 like every PDF of the kit, in its
//! brand and language) and as one self-contained web page. Both read the
//! same [`Summary`](super::report::Summary) under `collected`, beside the
//! language's model, so neither computes anything.

use typst::foundations::Bytes;

use super::report::Report;
use crate::diagnostics::Result;
use crate::documents::ROUND_SUMMARY;
use crate::kit::LanguageKit;
use crate::project::Project;
use crate::render::typst::world::Theme;
use crate::render::typst::{CompileInput, PdfSettings, compile_pdf};

pub fn pdf(
    project: &Project,
    kit: &LanguageKit,
    report: &Report,
    pdf: PdfSettings,
) -> Result<Vec<u8>> {
    let theme = Theme::load(&project.layers)?;
    // Nothing to fill in: no fields.
    let settings = PdfSettings { fillable: false, ..pdf };
    let mut input = CompileInput::for_document(kit, &ROUND_SUMMARY, settings);
    let mut data: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(input.data.as_slice()).expect("the kit's data is a JSON object");
    let mut collected = serde_json::to_value(&report.summary).expect("plain data");
    crate::text::breakable_words(&mut collected);
    data.insert("collected".into(), collected);
    input.data = Bytes::new(serde_json::to_vec(&data).expect("JSON always serialises"));
    input.ident = format!("{}/collected", kit.lang);
    compile_pdf(&theme, ROUND_SUMMARY.pdfs[0].entry, &input)
}

pub fn html(project: &Project, kit: &LanguageKit, report: &Report) -> Result<Vec<u8>> {
    let context = minijinja::context! {
        collected => minijinja::Value::from_serialize(&report.summary),
        ..minijinja::Value::from_serialize(&kit.model)
    };
    let template = format!("{}.html", ROUND_SUMMARY.id);
    crate::render::html::render_one(&project.layers, &template, context).map(String::into_bytes)
}
