//! The build command: every stage of the pipeline, in order.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::assets::Layers;
use crate::config::Kit;
use crate::content::{LanguageContent, QuestionBank, read_language, translation};
use crate::diagnostics::{Collector, Diagnostic, Result};
use crate::kit::{self, LanguageKit};
use crate::render::typst::world::Theme;
use crate::render::{self, Formats, OutputFile};

/// A project read and checked, ready to render.
pub struct Prepared {
    pub kit: Kit,
    pub layers: Layers,
    pub theme: Theme,
    pub bank: QuestionBank,
    pub languages: Vec<LanguageKit>,
    /// Problems that do not stop a build (a translation that falls back).
    pub warnings: Vec<Diagnostic>,
}

/// How strict [`prepare`] is about translations.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions {
    /// Fill missing translations from the reference language, marked.
    pub allow_missing: bool,
}

/// Reads `kit.toml`, the content and the theme, and checks them all.
/// Problems in different files are all reported together.
pub fn prepare(config: &Path, options: CheckOptions) -> Result<Prepared> {
    let kit = Kit::load(config)?;
    let layers = Layers::new(&kit.root, &kit.theme);
    let mut problems = Collector::default();
    let mut warnings = Vec::new();
    let bank = problems.take(QuestionBank::load(&layers));
    let reference = problems.take(read_language(&layers, &kit.reference_language));
    let mut contents = Vec::new();
    for lang in &kit.languages {
        let Some(mut files) = problems.take(read_language(&layers, &lang.name)) else {
            continue;
        };
        if let Some(reference) = reference.as_ref().filter(|_| lang.name != kit.reference_language)
        {
            let findings = translation::compare(
                &lang.name,
                &mut files,
                &kit.reference_language,
                reference,
                options.allow_missing,
            );
            warnings.extend(findings.warnings);
            if !findings.errors.is_empty() {
                // The shape check would only repeat these in serde's words.
                findings.errors.into_iter().for_each(|d| problems.push(d));
                continue;
            }
        }
        if let Some(bank) = &bank {
            contents.extend(problems.take(LanguageContent::from_files(&lang.name, files, bank)));
        }
    }
    let theme = problems.take(Theme::load(&layers));
    problems.finish(())?;
    let bank = bank.expect("checked above");
    let languages = kit::assemble(&kit, &bank, &contents)?;
    Ok(Prepared { kit, layers, theme: theme.expect("checked above"), bank, languages, warnings })
}

pub struct BuildOptions {
    pub config: PathBuf,
    /// Defaults to `output/` beside `kit.toml`.
    pub out: Option<PathBuf>,
    pub emit_typst: Option<PathBuf>,
    pub force: bool,
    pub check: CheckOptions,
    pub formats: Formats,
}

pub struct BuildReport {
    pub out: PathBuf,
    pub warnings: Vec<Diagnostic>,
    pub files: usize,
    pub languages: Vec<String>,
    pub elapsed: Duration,
    /// PDFs compiled, and PDFs taken unchanged from the previous build.
    pub compiled: usize,
    pub reused: usize,
}

pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    build_with(options, &mut render::incremental::PdfCache::default())
}

/// [`build`], reusing the PDFs in `cache` whose inputs have not changed
/// (`samtale watch` keeps one cache for all its rebuilds).
pub fn build_with(
    options: &BuildOptions,
    cache: &mut render::incremental::PdfCache,
) -> Result<BuildReport> {
    let started = Instant::now();
    let prepared = prepare(&options.config, options.check)?;
    let mut files = render::render_all(
        &prepared.theme,
        &prepared.layers,
        &prepared.languages,
        options.formats,
        cache,
    )?;
    for language in &prepared.languages {
        files.push(OutputFile {
            path: Path::new(&language.lang).join("calendar.ics"),
            bytes: render::calendar::ics(&prepared.kit, language),
        });
    }
    let out = options.out.clone().unwrap_or_else(|| prepared.kit.root.join("output"));
    // The Typst sources first: if they cannot be written, output/ stays as it was.
    if let Some(dir) = &options.emit_typst {
        crate::output::write_atomically(
            dir,
            &prepared.kit.root,
            &emit_typst(&prepared),
            options.force,
        )?;
    }
    // Forms made from a roster live in output/forms; a new kit keeps them.
    let staging = crate::output::Staging::begin(&out, &prepared.kit.root, options.force)?
        .keep(crate::forms::FOLDER);
    for file in &files {
        staging.write(file)?;
    }
    staging.finish()?;
    Ok(BuildReport {
        out,
        warnings: prepared.warnings.clone(),
        files: files.len(),
        languages: prepared.languages.iter().map(|l| l.lang.clone()).collect(),
        elapsed: started.elapsed(),
        compiled: cache.compiled,
        reused: cache.reused,
    })
}

/// Each language as a plain Typst project (`<lang>/*.typ`, `data.json`, the
/// logo) plus `fonts/`, so `typst compile --root DIR/<lang> --font-path
/// DIR/fonts` reproduces a document for debugging and benchmarking.
pub fn emit_typst(prepared: &Prepared) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = crate::assets::named_font_files()
        .map(|(name, bytes)| OutputFile {
            path: Path::new("fonts").join(name),
            bytes: bytes.to_vec(),
        })
        .collect();
    for language in &prepared.languages {
        let dir = PathBuf::from(&language.lang);
        for (name, file) in prepared.theme.named_files() {
            files.push(OutputFile { path: dir.join(name), bytes: file.bytes.to_vec() });
        }
        let data = serde_json::to_vec_pretty(&language.typst_data())
            .expect("JSON values always serialise");
        files.push(OutputFile { path: dir.join("data.json"), bytes: data });
        // The blank forms are for nobody in particular.
        files.push(OutputFile { path: dir.join("person.json"), bytes: b"null".to_vec() });
        if let Some((bytes, ext)) = &language.logo {
            files.push(OutputFile { path: dir.join(format!("logo.{ext}")), bytes: bytes.clone() });
        }
    }
    files
}
