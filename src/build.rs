//! The build command: read the project, run the renderers, swap the
//! finished kit into place.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Result};
use crate::output::{self, OutputFile};
use crate::project::{CheckOptions, Project};
use crate::render::incremental::PdfCache;
use crate::render::typst::PdfSettings;
use crate::render::typst::world::{DATA_PATH, PERSON_PATH, PREVIOUS_PATH, Theme};
use crate::render::{self, Format};

pub struct BuildOptions {
    pub config: PathBuf,
    /// Defaults to `output/` beside `kit.toml`.
    pub out: Option<PathBuf>,
    pub emit_typst: Option<PathBuf>,
    pub force: bool,
    /// Compile every PDF, also those the last build in the output folder
    /// made from the same inputs.
    pub fresh: bool,
    pub check: CheckOptions,
    /// The formats to make, each by its renderer.
    pub formats: Vec<Format>,
    pub pdf: PdfSettings,
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
    /// The folder of the logo kit.toml names, which `watch` watches too.
    pub logo_folder: Option<PathBuf>,
}

pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    build_with(options, &mut PdfCache::default())
}

/// [`build`], reusing the PDFs in `cache` whose inputs have not changed
/// (`samtale watch` keeps one cache for all its rebuilds).
pub fn build_with(options: &BuildOptions, cache: &mut PdfCache) -> Result<BuildReport> {
    let started = Instant::now();
    let project = Project::load(&options.config, options.check)?;
    let out = options.out.clone().unwrap_or_else(|| project.kit.root.join("output"));
    if !options.fresh {
        cache.read_previous(&out);
    }
    let mut files = render::render(&project, &options.formats, options.pdf, cache)?;
    files.push(archive(&project, &files)?);
    // The Typst sources first: if they cannot be written, output/ stays as it was.
    if let Some(dir) = &options.emit_typst {
        output::write_atomically(dir, &project.kit.root, &emit_typst(&project)?, options.force)?;
    }
    // Forms made from a roster (output/forms) and what collect read back
    // (output/collected) are not the kit's to replace; a new kit keeps them.
    let staging = output::PERSONAL
        .iter()
        .fold(output::Staging::begin(&out, &project.kit.root, options.force)?, |s, name| {
            s.keep(name)
        });
    // The PDFs' fingerprints are for the next build, not part of the kit.
    for file in files.iter().chain(&cache.manifest()) {
        staging.write(file)?;
    }
    staging.finish()?;
    Ok(BuildReport {
        out,
        warnings: project.warnings.clone(),
        files: files.len(),
        languages: project.languages.iter().map(|l| l.lang.clone()).collect(),
        elapsed: started.elapsed(),
        compiled: cache.compiled,
        reused: cache.reused,
        logo_folder: project
            .kit
            .brand
            .logo
            .as_ref()
            .and_then(|l| l.path.parent().map(Path::to_path_buf)),
    })
}

/// The whole kit as `samtale-<organisation>-<year>.zip`, for HR to send or
/// archive (roster forms, personal data, never go in).
fn archive(project: &Project, files: &[OutputFile]) -> Result<OutputFile> {
    let kit = &project.kit;
    let name = crate::text::slug(kit.organisation.name.get_or_any(&kit.reference_language), "kit");
    let files: Vec<&OutputFile> = files.iter().collect();
    Ok(OutputFile {
        path: PathBuf::from(format!("samtale-{name}-{}.zip", kit.round.year)),
        bytes: output::zip(&files, kit.round.announce)?,
    })
}

/// Each language as a plain Typst project (`<lang>/*.typ`, `data.json`,
/// the logo) plus `fonts/`, so `typst compile --root DIR/<lang> --font-path
/// DIR/fonts` reproduces a document for debugging and benchmarking. The
/// files are named as the Typst world serves them.
pub fn emit_typst(project: &Project) -> Result<Vec<OutputFile>> {
    let theme = Theme::load(&project.layers)?;
    let mut files: Vec<OutputFile> = crate::assets::named_font_files()
        .map(|(name, bytes)| OutputFile {
            path: Path::new("fonts").join(name),
            bytes: bytes.to_vec(),
        })
        .collect();
    let in_project =
        |dir: &Path, virtual_path: &str| dir.join(virtual_path.trim_start_matches('/'));
    for language in &project.languages {
        let dir = PathBuf::from(&language.lang);
        for (name, file) in theme.named_files() {
            files.push(OutputFile { path: dir.join(name), bytes: file.bytes.to_vec() });
        }
        files.push(OutputFile {
            path: in_project(&dir, DATA_PATH),
            bytes: language.typst_data_all(),
        });
        // The blank forms are for nobody in particular.
        files.push(OutputFile { path: in_project(&dir, PERSON_PATH), bytes: b"null".to_vec() });
        files.push(OutputFile { path: in_project(&dir, PREVIOUS_PATH), bytes: b"null".to_vec() });
        if let Some((bytes, ext)) = &language.logo {
            let path = in_project(&dir, &crate::kit::logo_path(ext));
            files.push(OutputFile { path, bytes: bytes.clone() });
        }
    }
    Ok(files)
}
