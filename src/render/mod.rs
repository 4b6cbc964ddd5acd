//! Renderers: the assembled kit → files.
//!
//! Each document is an independent job. Jobs run on a few scoped threads
//! that pull from a shared counter. Typst already uses rayon inside a compile,
//! and whole compiles run as rayon tasks can be stolen onto a stack that is
//! waiting inside another compile, nesting until the stack overflows (we
//! measured this with Typst 0.15 at about 1,000 compiles). Plain threads
//! avoid that.

pub mod calendar;
pub mod html;
pub mod incremental;
pub mod notes;
pub mod typst;

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use self::incremental::PdfCache;
use self::typst::CompileInput;
use self::typst::world::Theme;
use crate::config::DocumentKind;
use crate::diagnostics::{Collector, Result};
use crate::kit::LanguageKit;

/// A file of the finished kit, relative to the output folder.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// The Typst entry files a document is made of.
pub fn typst_entries(kind: DocumentKind) -> &'static [&'static str] {
    match kind {
        DocumentKind::LeaderBriefing => &["leader-briefing", "leader-briefing-notes"],
        DocumentKind::CycleOverview => &["cycle-overview"],
        DocumentKind::ConversationGuide => &["conversation-guide"],
        DocumentKind::PreparationEmployee => &["preparation-employee"],
        DocumentKind::PreparationLeader => &["preparation-leader"],
        DocumentKind::ActionPlan => &["action-plan"],
    }
}

/// One PDF to make.
struct Job<'a> {
    input: &'a CompileInput,
    lang: &'a str,
    stem: &'static str,
    fingerprint: u64,
}

/// Which kinds of output a build makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub pdf: bool,
    pub html: bool,
    pub pdf_settings: self::typst::PdfSettings,
}

/// Renders every document of every language; reports all failures. PDFs
/// whose inputs are unchanged since the build `cache` remembers are taken
/// from it (a plain build passes an empty cache).
pub fn render_all(
    theme: &Theme,
    layers: &crate::assets::Layers,
    kits: &[LanguageKit],
    formats: Formats,
    cache: &mut PdfCache,
) -> Result<Vec<OutputFile>> {
    let pdf_kits = if formats.pdf { kits } else { &[] };
    let data: Vec<serde_json::Value> = pdf_kits.iter().map(LanguageKit::typst_data).collect();
    let inputs: Vec<CompileInput> = pdf_kits
        .iter()
        .zip(&data)
        .map(|(kit, data)| CompileInput::for_language(kit, data, formats.pdf_settings))
        .collect();
    let jobs: Vec<Job> = pdf_kits
        .iter()
        .zip(inputs.iter().zip(&data))
        .flat_map(|(kit, (input, data))| {
            kit.documents.iter().flat_map(|kind| typst_entries(*kind)).map(move |stem| Job {
                input,
                lang: &kit.lang,
                stem,
                fingerprint: incremental::fingerprint(theme, stem, data, input),
            })
        })
        .collect();
    let cached: Vec<Option<Vec<u8>>> =
        jobs.iter().map(|job| cache.get(job.lang, job.stem, job.fingerprint)).collect();
    let to_compile: Vec<&Job> =
        jobs.iter().zip(&cached).filter(|(_, c)| c.is_none()).map(|(job, _)| job).collect();
    let mut compiled = run_parallel(&to_compile, |job| typst::compile_pdf(theme, job.stem, job.input))
        .into_iter()
        .zip(&to_compile)
        .map(|(result, job)| {
            result.unwrap_or_else(|panic| {
                Err(crate::diagnostics::Diagnostic::new(format!(
                    "Typst failed inside `{}.typ` ({}): {panic}",
                    job.stem, job.lang
                ))
                .hint("this is a bug in samtale or Typst; the template may use a feature in an unexpected way")
                .into())
            })
        });
    cache.reused = cached.iter().filter(|c| c.is_some()).count();
    cache.compiled = to_compile.len();
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
            cache.put(job.lang, job.stem, job.fingerprint, &bytes);
            files.push(OutputFile {
                path: PathBuf::from(job.lang).join(format!("{}.pdf", job.stem)),
                bytes,
            });
        }
    }
    for kit in kits.iter().filter(|k| k.documents.contains(&DocumentKind::LeaderBriefing)) {
        if let Some(file) = problems.take(notes::render(layers, kit)) {
            files.push(file);
        }
    }
    if formats.html {
        let options = html::WebOptions { with_pdf: formats.pdf };
        if let Some(pages) = problems.take(html::render(layers, kits, options)) {
            files.extend(pages);
        }
    }
    // Memoised results of this build are of no use to the next one; drop
    // them so that a process running many builds stays flat in memory. A
    // watch keeps those of its last few builds, for faster recompiles.
    comemo::evict(if cache.is_persistent() { 4 } else { 0 });
    problems.finish(files)
}

/// The name of the render threads; the panic hook stays quiet for them,
/// because their panics are reported as diagnostics.
pub const WORKER_NAME: &str = "samtale-render";

/// Runs `work` over `items` on one thread per core, keeping the order. A
/// job that panics yields `Err` with the panic's message.
pub fn run_parallel<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
) -> Vec<std::result::Result<R, String>> {
    type Slot<R> = Option<std::result::Result<R, String>>;
    let slots: Mutex<Vec<Slot<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    for_each_parallel(items.len(), |index| {
        let result = catching(|| work(&items[index]));
        slots.lock().expect("no worker panics while holding the lock")[index] = Some(result);
    });
    slots
        .into_inner()
        .expect("workers have finished")
        .into_iter()
        .map(|slot| slot.expect("every index was taken by a worker"))
        .collect()
}

/// Calls `work` with every index below `count`, on one named thread per
/// core that pulls the next index when it is free, so long and short jobs
/// balance out. `work` handles its own panics.
pub fn for_each_parallel(count: usize, work: impl Fn(usize) + Sync) {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).min(count).max(1);
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let worker = || {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= count {
                        break;
                    }
                    work(index);
                }
            };
            std::thread::Builder::new()
                .name(WORKER_NAME.into())
                .spawn_scoped(scope, worker)
                .expect("the system can start a thread");
        }
    });
}

/// A minijinja error, placed in the theme file `display` where it happened.
pub fn template_error(
    display: &std::path::Path,
    err: &minijinja::Error,
) -> crate::diagnostics::Error {
    let name = err.name().unwrap_or("?");
    let detail = err.detail().map_or_else(|| err.kind().to_string(), str::to_string);
    let diagnostic = crate::diagnostics::Diagnostic::new(format!("template `{name}`: {detail}"));
    crate::diagnostics::Error::one(match err.line() {
        Some(line) => {
            diagnostic.at(crate::diagnostics::Location { file: display.into(), line, column: 1 })
        }
        None => diagnostic.in_file(display),
    })
}

/// Runs `work`, turning a panic into `Err` with its message: a panic inside
/// Typst must not take the process down with a backtrace.
pub fn catching<R>(work: impl FnOnce() -> R) -> std::result::Result<R, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
        .map_err(|payload| panic_message(payload.as_ref()))
}

/// The text of a panic's payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}
