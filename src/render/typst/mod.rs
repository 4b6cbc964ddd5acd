//! PDF documents through Typst, embedded as a library.

pub mod field_template;
pub mod fields;
pub mod lazy_pdf;
mod origin;
pub mod packet;
pub mod plate;
mod runs;
pub mod stencil;
pub mod world;

use typst::World;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::FileId;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use self::world::{DocumentWorld, Theme, file_id};
use crate::diagnostics::{Diagnostic, Error, Location, Result};
use crate::documents::Document;
use crate::kit::{FormId, LanguageKit};

/// What a compile needs besides the theme: the data of one document in
/// one language.
#[derive(Clone)]
pub struct CompileInput {
    /// `/data.json`: see [`LanguageKit::typst_data`].
    pub data: Bytes,
    /// `/person.json`: the person a form is filled in for, or `null`.
    pub person: Bytes,
    /// `/previous.json`: the person's plan from last round (`forms
    /// --previous`), or `null`.
    pub previous: Bytes,
    pub logo: Option<(FileId, Bytes)>,
    pub date: Datetime,
    /// Seeds the PDF's document id, so rebuilding gives the same bytes.
    pub ident: String,
    pub pdf: PdfSettings,
    /// What the PDF says about itself in its keywords (see [`FormId`]).
    pub form: FormId,
}

/// How PDFs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PdfSettings {
    pub standard: PdfStandard,
    /// Lay fillable fields over the writing areas the theme marks.
    pub fillable: bool,
}

impl Default for PdfSettings {
    fn default() -> Self {
        PdfSettings { standard: PdfStandard::default(), fillable: true }
    }
}

/// The PDF standard every PDF is built to.
///
/// PDF/UA-1 is the default: Norwegian public bodies must meet WCAG 2.1 AA in
/// their documents, intranet PDFs included, and a tagged, titled PDF with
/// its language set is what screen readers need.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum PdfStandard {
    /// Tagged, but no standard enforced.
    None,
    #[default]
    Ua1,
    /// For archives (PDF/A-2b).
    A2b,
}

impl PdfStandard {
    pub const ALL: [PdfStandard; 3] = [PdfStandard::None, PdfStandard::Ua1, PdfStandard::A2b];

    /// The name `--pdf-standard` takes.
    pub fn name(self) -> &'static str {
        match self {
            PdfStandard::None => "none",
            PdfStandard::Ua1 => "ua-1",
            PdfStandard::A2b => "a-2b",
        }
    }

    pub fn about(self) -> &'static str {
        match self {
            PdfStandard::None => "Tagged PDF, no standard enforced",
            PdfStandard::Ua1 => "PDF/UA-1: accessible (the default)",
            PdfStandard::A2b => "PDF/A-2b: for archiving",
        }
    }

    fn standards(self) -> typst_pdf::PdfStandards {
        let list: &[typst_pdf::PdfStandard] = match self {
            PdfStandard::None => &[],
            PdfStandard::Ua1 => &[typst_pdf::PdfStandard::Ua_1],
            PdfStandard::A2b => &[typst_pdf::PdfStandard::A_2b],
        };
        typst_pdf::PdfStandards::new(list).expect("a single standard is always consistent")
    }
}

impl CompileInput {
    /// The blank PDFs of `document` in the language of `kit`.
    pub fn for_document(kit: &LanguageKit, document: &Document, pdf: PdfSettings) -> CompileInput {
        let d = kit.date;
        CompileInput {
            data: Bytes::new(kit.typst_data(document)),
            person: Bytes::new(b"null".to_vec()),
            previous: Bytes::new(b"null".to_vec()),
            logo: kit.logo.as_ref().map(|(bytes, ext)| {
                (file_id(&crate::kit::logo_path(ext)), Bytes::new(bytes.clone()))
            }),
            date: Datetime::from_ymd(d.year(), u8::from(d.month()), d.day())
                .expect("a valid calendar date"),
            ident: kit.lang.clone(),
            pdf,
            form: kit.form_id(document.id),
        }
    }
}

/// Compiles the theme's entry `stem` with `input` and exports a PDF.
pub fn compile_pdf(theme: &Theme, stem: &str, input: &CompileInput) -> Result<Vec<u8>> {
    let (world, mut document) = lay_out(theme, stem, input)?;
    identify(&mut document, &FormId { document: stem.to_string(), ..input.form.clone() });
    export_pdf(&world, &document, stem, input)
}

/// The world of `stem` with `input`, and the document laid out in it.
pub fn lay_out<'a>(
    theme: &'a Theme,
    stem: &str,
    input: &CompileInput,
) -> Result<(DocumentWorld<'a>, PagedDocument)> {
    let world = world(theme, stem, input)?;
    let document = compile(&world, stem)?;
    Ok((world, document))
}

/// Writes a form's identifiers into the document's keywords. They are set
/// after layout, as a form's title is: a set rule that differs per person
/// would make Typst lay out every form from scratch.
pub fn identify(document: &mut PagedDocument, form: &FormId) {
    document.info_mut().keywords = form.keywords().into_iter().map(Into::into).collect();
}

/// The world one document compiles in.
pub fn world<'a>(theme: &'a Theme, stem: &str, input: &CompileInput) -> Result<DocumentWorld<'a>> {
    Ok(DocumentWorld {
        theme,
        main: theme.entry(stem)?,
        data: input.data.clone(),
        person: input.person.clone(),
        previous: input.previous.clone(),
        logo: input.logo.clone(),
        today: input.date,
    })
}

/// Lays out a document.
pub fn compile(world: &DocumentWorld, stem: &str) -> Result<PagedDocument> {
    typst::compile(world).output.map_err(|errors| to_error(world, stem, &errors))
}

/// Writes a laid-out document as PDF, with a stable id and date, and with
/// fillable fields over its writing areas.
pub fn export_pdf(
    world: &DocumentWorld,
    document: &PagedDocument,
    stem: &str,
    input: &CompileInput,
) -> Result<Vec<u8>> {
    let areas = if input.pdf.fillable { writing_areas(document, stem)? } else { Vec::new() };
    export_pdf_with(world, document, stem, input, areas)
}

/// The writing areas the theme marked in `document`, for fillable fields.
pub fn writing_areas(document: &PagedDocument, stem: &str) -> Result<Vec<fields::Field>> {
    fields::writing_areas(document).map_err(|message| template_error(stem, message))
}

/// [`export_pdf`] with the fields given. A leader's pack is made of pages
/// laid out one person at a time, so their areas are found per person
/// (positions from separate layouts cannot be told apart once merged).
pub fn export_pdf_with(
    world: &DocumentWorld,
    document: &PagedDocument,
    stem: &str,
    input: &CompileInput,
    areas: Vec<fields::Field>,
) -> Result<Vec<u8>> {
    let pdf = export_tagged(world, document, stem, input)?;
    with_fields(pdf, stem, input, areas, fields::add_fields)
}

/// The fillable fields of one of many forms with the same layout, added to
/// its `pdf`: the update is worked out once per layout (see
/// [`field_template`]).
pub fn add_form_fields(
    document: &PagedDocument,
    stem: &str,
    input: &CompileInput,
    pdf: Vec<u8>,
    templates: &field_template::FieldTemplates,
) -> Result<Vec<u8>> {
    if !input.pdf.fillable {
        return Ok(pdf);
    }
    add_fields_at(writing_areas(document, stem)?, stem, input, pdf, templates)
}

/// [`add_form_fields`] with the writing areas already known.
pub fn add_fields_at(
    areas: Vec<fields::Field>,
    stem: &str,
    input: &CompileInput,
    pdf: Vec<u8>,
    templates: &field_template::FieldTemplates,
) -> Result<Vec<u8>> {
    with_fields(pdf, stem, input, areas, |pdf, areas| templates.add_fields(pdf, areas))
}

/// `pdf` with fields over `areas`, each with a name of its own, added by
/// `add`; `pdf` as it is when the forms are not to be fillable.
fn with_fields(
    pdf: Vec<u8>,
    stem: &str,
    input: &CompileInput,
    mut areas: Vec<fields::Field>,
    add: impl FnOnce(Vec<u8>, &[fields::Field]) -> std::result::Result<Vec<u8>, lopdf::Error>,
) -> Result<Vec<u8>> {
    if !input.pdf.fillable {
        return Ok(pdf);
    }
    fields::make_names_unique(&mut areas);
    add(pdf, &areas).map_err(|e| fields_error(stem, e))
}

/// Typst's PDF of `document`, tagged, with a stable id and date, without
/// fields.
pub fn export_tagged(
    world: &DocumentWorld,
    document: &PagedDocument,
    stem: &str,
    input: &CompileInput,
) -> Result<Vec<u8>> {
    let timestamp = source_date_epoch().unwrap_or(input.date);
    let options = PdfOptions {
        ident: Smart::Custom(pdf_ident(stem, input)),
        creator: Smart::Custom(Some("samtale".into())),
        timestamp: Some(Timestamp::new_utc(timestamp)),
        standards: input.pdf.standard.standards(),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|errors| to_error(world, stem, &errors))
}

/// What Typst hashes into the PDF's document id: stable across builds of
/// the same document, different for each person's copy.
pub fn pdf_ident(stem: &str, input: &CompileInput) -> String {
    format!("samtale/{}/{stem}", input.ident)
}

fn fields_error(stem: &str, e: lopdf::Error) -> Error {
    template_error(stem, format!("cannot add the fillable fields to the PDF: {e}"))
}

fn template_error(stem: &str, message: String) -> Error {
    Error::msg(format!("template `{stem}.typ`: {message}"))
}

/// `SOURCE_DATE_EPOCH` wins over the round's date when set, as reproducible
/// build tooling expects.
fn source_date_epoch() -> Option<Datetime> {
    let seconds: i64 = std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()?;
    let t = time::OffsetDateTime::from_unix_timestamp(seconds).ok()?;
    Datetime::from_ymd_hms(t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute(), t.second())
}

/// Typst's errors, located in the theme file a person would edit.
fn to_error(world: &DocumentWorld, stem: &str, errors: &[SourceDiagnostic]) -> Error {
    let diagnostics = errors
        .iter()
        .filter(|e| e.severity == Severity::Error)
        .map(|error| {
            let mut d = Diagnostic::new(format!("template `{stem}.typ`: {}", error.message));
            if let Some(location) = locate(world, error) {
                d = d.at(location);
            }
            // Typst's "try using a different font" is for Typst users; ours
            // get the key that holds the text instead.
            let origins = origin::hints(&error.message, &world.data, &world.person, &world.previous);
            if origins.is_empty() {
                for hint in &error.hints {
                    d = d.hint(hint.v.to_string());
                }
            }
            for hint in origins {
                d = d.hint(hint);
            }
            let message = error.message.to_lowercase();
            if message.contains("alt text") {
                d = d.hint("the logo's alt text is `brand.logo_alt` in kit.toml; an image a theme adds needs its own `alt:`");
            }
            if message.contains("pdf/ua") || message.contains("pdf/a") {
                d = d.hint("`--pdf-standard none` builds without the standard's checks");
            }
            if message.contains("svg") || message.contains("image") || message.contains("png") {
                d = d.hint("if this is the logo, check `brand.logo` in kit.toml: export it again as plain SVG or PNG");
            }
            d
        })
        .collect();
    Error { diagnostics }
}

fn locate(world: &DocumentWorld, error: &SourceDiagnostic) -> Option<Location> {
    let id = error.span.id()?;
    let range = typst::WorldExt::range(world, error.span)?;
    let file = world.theme.file(id)?;
    let source = world.source(id).ok()?;
    let (line, column) = source.lines().byte_to_line_column(range.start)?;
    Some(Location { file: file.display.clone(), line: line + 1, column: column + 1 })
}
