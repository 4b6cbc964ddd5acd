//! The PDF renderer: every PDF of every built document, compiled in
//! parallel, with the fillable fields added (see [`super::typst`]).

use std::path::PathBuf;

use super::incremental::{self, PdfCache};
use super::typst::world::Theme;
use super::typst::{self, CompileInput, PdfSettings};
use super::{Job, Renderer, run_parallel};
use crate::diagnostics::{Collector, Diagnostic, Result};
use crate::output::OutputFile;

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
    input: &'a CompileInput,
    lang: &'a str,
    entry: &'static str,
    fingerprint: u64,
}

impl Renderer for PdfRenderer<'_> {
    fn check_templates(&self, job: &Job) -> Result<()> {
        Theme::load(&job.project.layers)?.check_syntax()
    }

    fn render(&mut self, job: &Job) -> Result<Vec<OutputFile>> {
        let theme = Theme::load(&job.project.layers)?;
        let settings = self.settings;
        // One input per language and document: its data holds what it reads.
        let inputs: Vec<(&str, &'static crate::documents::Document, CompileInput)> = job
            .project
            .languages
            .iter()
            .flat_map(|kit| {
                kit.documents.iter().map(move |document| {
                    (
                        kit.lang.as_str(),
                        *document,
                        CompileInput::for_document(kit, document, settings),
                    )
                })
            })
            .collect();
        let jobs: Vec<PdfJob> = inputs
            .iter()
            .flat_map(|(lang, document, input)| {
                let theme = &theme;
                document.pdfs.iter().map(move |pdf| PdfJob {
                    input,
                    lang,
                    entry: pdf.entry,
                    fingerprint: incremental::fingerprint(theme, pdf.entry, input),
                })
            })
            .collect();
        let cached: Vec<Option<Vec<u8>>> =
            jobs.iter().map(|job| self.cache.get(job.lang, job.entry, job.fingerprint)).collect();
        let to_compile: Vec<&PdfJob> =
            jobs.iter().zip(&cached).filter(|(_, c)| c.is_none()).map(|(job, _)| job).collect();
        let mut compiled =
            run_parallel(&to_compile, |job| typst::compile_pdf(&theme, job.entry, job.input))
                .into_iter()
                .zip(&to_compile)
                .map(|(result, job)| {
                    result.unwrap_or_else(|panic| {
                        Err(Diagnostic::new(format!(
                            "Typst failed inside `{}.typ` ({}): {panic}",
                            job.entry, job.lang
                        ))
                        .hint("this is a bug in samtale or Typst; the template may use a feature in an unexpected way")
                        .into())
                    })
                });
        self.cache.reused = cached.iter().filter(|c| c.is_some()).count();
        self.cache.compiled = to_compile.len();
        let results: Vec<Result<Vec<u8>>> = cached
            .into_iter()
            .map(|hit| match hit {
                Some(bytes) => Ok(bytes),
                None => compiled.next().expect("one result per compiled job"),
            })
            .collect();

        let mut problems = Collector::default();
        let mut files = Vec::new();
        for (job, result) in jobs.iter().zip(results) {
            if let Some(bytes) = problems.take(result) {
                self.cache.put(job.lang, job.entry, job.fingerprint, &bytes);
                files.push(OutputFile {
                    path: PathBuf::from(job.lang).join(format!("{}.pdf", job.entry)),
                    bytes,
                });
            }
        }
        // Memoised results of this build are of no use to the next one; drop
        // them so that a process running many builds stays flat in memory. A
        // watch keeps those of its last few builds, for faster recompiles.
        comemo::evict(if self.cache.is_persistent() { 4 } else { 0 });
        problems.finish(files)
    }
}
