//! The PDF renderer: every PDF of every built document, and each
//! language's print packet (`kit.pdf`), compiled in parallel, with the
//! fillable fields added (see [`super::typst`]).

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;

use super::incremental::{self, PdfCache};
use super::typst::packet::{Part, compile_packet};
use super::typst::world::Theme;
use super::typst::{self, CompileInput, PdfSettings};
use super::{Job, Renderer, run_parallel};
use crate::diagnostics::{Collector, Diagnostic, Result};
use crate::documents::{Document, Page};
use crate::kit::LanguageKit;
use crate::output::OutputFile;

/// The print packet's file name in each language's folder.
pub const PACKET: &str = "kit";

pub struct PdfRenderer<'a> {
    settings: PdfSettings,
    cache: &'a mut PdfCache,
}

impl<'a> PdfRenderer<'a> {
    pub fn new(settings: PdfSettings, cache: &'a mut PdfCache) -> Self {
        PdfRenderer { settings, cache }
    }
}

/// One PDF to make.
struct PdfJob<'a> {
    lang: &'a str,
    /// The file stem: a Typst entry, or [`PACKET`].
    stem: &'static str,
    what: What<'a>,
    fingerprint: u64,
}

enum What<'a> {
    /// One document's PDF: its entry compiled with its input.
    Single(&'a CompileInput),
    /// The language's print packet: its A4 PDFs, in the kit's order.
    Packet(&'a LanguageKit, Vec<Part<'a>>),
}

impl Renderer for PdfRenderer<'_> {
    fn check_templates(&self, job: &Job) -> Result<()> {
        Theme::load(&job.project.layers)?.check_syntax()
    }

    fn render(&mut self, job: &Job) -> Result<Vec<OutputFile>> {
        let theme = Theme::load(&job.project.layers)?;
        let settings = self.settings;
        // One input per language and document: its data holds what it reads.
        let inputs: Vec<(&LanguageKit, &'static Document, CompileInput)> = job
            .project
            .languages
            .iter()
            .flat_map(|kit| {
                kit.documents.iter().map(move |document| {
                    (kit, *document, CompileInput::for_document(kit, document, settings))
                })
            })
            .collect();
        let jobs: Vec<PdfJob> = inputs
            .iter()
            .flat_map(|(kit, document, input)| {
                let theme = &theme;
                document.pdfs.iter().map(move |pdf| PdfJob {
                    lang: &kit.lang,
                    stem: pdf.entry,
                    what: What::Single(input),
                    fingerprint: incremental::fingerprint(theme, pdf.entry, input),
                })
            })
            .collect();
        self.cache.begin();
        let mut problems = Collector::default();
        let mut files = Vec::new();
        self.make(&theme, &jobs, &mut problems, &mut files);
        // The packets once their parts are good: a part's error would only
        // be reported again.
        if problems.is_empty() {
            let packets: Vec<PdfJob> = job
                .project
                .languages
                .iter()
                .filter_map(|kit| packet(kit, &inputs, &jobs))
                .collect();
            self.make(&theme, &packets, &mut problems, &mut files);
        }
        // Memoised results of this build are of no use to the next one; drop
        // them so that a process running many builds stays flat in memory. A
        // watch keeps those of its last few builds, for faster recompiles.
        comemo::evict(if self.cache.is_persistent() { 4 } else { 0 });
        problems.finish(files)
    }
}

impl PdfRenderer<'_> {
    /// Makes `jobs` in parallel, or takes them from the cache; adds the
    /// files to `files` and the failures to `problems`.
    fn make(
        &mut self,
        theme: &Theme,
        jobs: &[PdfJob],
        problems: &mut Collector,
        files: &mut Vec<OutputFile>,
    ) {
        let cached: Vec<Option<Vec<u8>>> =
            jobs.iter().map(|job| self.cache.get(job.lang, job.stem, job.fingerprint)).collect();
        let to_compile: Vec<&PdfJob> =
            jobs.iter().zip(&cached).filter(|(_, c)| c.is_none()).map(|(job, _)| job).collect();
        let mut compiled = run_parallel(&to_compile, |job| match &job.what {
            What::Single(input) => typst::compile_pdf(theme, job.stem, input),
            What::Packet(kit, parts) => {
                let title = format!("{} – {}", kit.model.text.strings.kit.title, kit.model.round.label);
                compile_packet(theme, parts, &title, &format!("{}/{PACKET}", kit.lang))
            }
        })
        .into_iter()
        .zip(&to_compile)
        .map(|(result, job)| {
            result.unwrap_or_else(|panic| {
                Err(Diagnostic::new(format!(
                    "Typst failed inside `{}.typ` ({}): {panic}",
                    job.stem, job.lang
                ))
                .hint("this is a bug in samtale or Typst; the template may use a feature in an unexpected way")
                .into())
            })
        });
        self.cache.reused += cached.iter().filter(|c| c.is_some()).count();
        self.cache.compiled += to_compile.len();
        for (job, hit) in jobs.iter().zip(cached) {
            let result = match hit {
                Some(bytes) => Ok(bytes),
                None => compiled.next().expect("one result per compiled job"),
            };
            if let Some(bytes) = problems.take(result) {
                self.cache.put(job.lang, job.stem, job.fingerprint, &bytes);
                files.push(OutputFile {
                    path: PathBuf::from(job.lang).join(format!("{}.pdf", job.stem)),
                    bytes,
                });
            }
        }
    }
}

/// The print packet of `kit`'s language: its A4 PDFs in the order of
/// `documents.build`. The 16:9 slides stay out; their speaker notes, on A4,
/// are in. Its fingerprint is that of its parts and their labels. None
/// without A4 PDFs.
fn packet<'a>(
    kit: &'a LanguageKit,
    inputs: &'a [(&LanguageKit, &'static Document, CompileInput)],
    singles: &[PdfJob],
) -> Option<PdfJob<'a>> {
    let mut hasher = DefaultHasher::new();
    let parts: Vec<Part> = inputs
        .iter()
        .filter(|(k, _, _)| k.lang == kit.lang)
        .flat_map(|(_, document, input)| {
            document.pdfs.iter().filter(|p| p.page == Page::A4).map(move |pdf| (pdf.entry, input))
        })
        .map(|(entry, input)| {
            let single = singles.iter().find(|j| j.lang == kit.lang && j.stem == entry);
            let label = kit.title(entry).to_string();
            (single.map(|j| j.fingerprint), &label).hash(&mut hasher);
            Part { entry, input, label }
        })
        .collect();
    (!parts.is_empty()).then(|| PdfJob {
        lang: &kit.lang,
        stem: PACKET,
        what: What::Packet(kit, parts),
        fingerprint: hasher.finish(),
    })
}
