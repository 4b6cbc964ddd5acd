//! Renderers: the prepared project → files.
//!
//! Each output format is one [`Renderer`] over the same [`Project`], in the
//! spirit of mdBook's: PDFs through Typst, web pages and Markdown speaker
//! notes through minijinja, and the round's calendar. `--format` picks
//! renderers by name ([`Format`]); adding a format touches no other.
//!
//! PDFs are independent jobs that run on a few scoped threads pulling from
//! a shared counter. Typst already uses rayon inside a compile, and whole
//! compiles run as rayon tasks can be stolen onto a stack that is waiting
//! inside another compile, nesting until the stack overflows (we measured
//! this with Typst 0.15 at about 1,000 compiles). Plain threads avoid that.

pub mod calendar;
pub mod html;
pub mod incremental;
pub mod notes;
pub mod pdf;
pub mod typst;

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use self::incremental::PdfCache;
use self::typst::PdfSettings;
use crate::diagnostics::{Collector, Result};
use crate::output::OutputFile;
use crate::project::Project;

/// An output format; each is made by one renderer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Pdf,
    Html,
    Markdown,
    Calendar,
}

impl Format {
    /// Every format, in the order a build makes them.
    pub const ALL: [Format; 4] = [Format::Pdf, Format::Html, Format::Markdown, Format::Calendar];

    /// The name `--format` selects it by.
    pub fn name(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Markdown => "markdown",
            Format::Calendar => "calendar",
        }
    }

    /// What it makes, for `--help`.
    pub fn about(self) -> &'static str {
        match self {
            Format::Pdf => "PDFs to print and fill in (Typst)",
            Format::Html => "self-contained web pages",
            Format::Markdown => "the briefing's speaker notes as Markdown",
            Format::Calendar => "the round's dates as calendar.ics",
        }
    }

    fn renderer<'a>(
        self,
        pdf: PdfSettings,
        cache: &mut Option<&'a mut PdfCache>,
    ) -> Box<dyn Renderer + 'a> {
        match self {
            Format::Pdf => Box::new(pdf::PdfRenderer::new(
                pdf,
                cache.take().expect("one PDF renderer per build"),
            )),
            Format::Html => Box::new(html::HtmlRenderer),
            Format::Markdown => Box::new(notes::MarkdownRenderer),
            Format::Calendar => Box::new(calendar::CalendarRenderer),
        }
    }
}

/// What every renderer is given.
pub struct Job<'a> {
    pub project: &'a Project,
    /// The formats this build makes: a web page links to a PDF or the
    /// calendar only when they exist.
    pub formats: &'a [Format],
}

impl Job<'_> {
    pub fn makes(&self, format: Format) -> bool {
        self.formats.contains(&format)
    }
}

/// Turns the project into the files of one format.
pub trait Renderer {
    /// Reads and checks every template of the theme this renderer uses,
    /// also those of documents this kit does not build: `samtale check`
    /// reports a broken override before anyone builds with it.
    fn check_templates(&self, job: &Job) -> Result<()>;

    fn render(&mut self, job: &Job) -> Result<Vec<OutputFile>>;
}

/// Renders the kit in every format of `formats`, reporting every failure.
/// PDFs whose inputs are unchanged since the build `cache` remembers are
/// taken from it (a one-off build passes an empty cache).
pub fn render(
    project: &Project,
    formats: &[Format],
    pdf: PdfSettings,
    cache: &mut PdfCache,
) -> Result<Vec<OutputFile>> {
    let job = Job { project, formats };
    let mut problems = Collector::default();
    let mut files = Vec::new();
    for mut renderer in renderers(formats, pdf, cache) {
        files.extend(problems.take(renderer.render(&job)).into_iter().flatten());
    }
    problems.finish(files)
}

/// Everything `build` would do, without writing: checks every template of
/// the theme, then renders every format and drops the files.
pub fn check(project: &Project) -> Result<()> {
    let job = Job { project, formats: &Format::ALL };
    let mut cache = PdfCache::default();
    let mut problems = Collector::default();
    let mut renderers = renderers(&Format::ALL, PdfSettings::default(), &mut cache);
    for renderer in &renderers {
        problems.take(renderer.check_templates(&job));
    }
    problems.finish(())?;
    let mut problems = Collector::default();
    for renderer in &mut renderers {
        problems.take(renderer.render(&job));
    }
    problems.finish(())
}

fn renderers<'a>(
    formats: &[Format],
    pdf: PdfSettings,
    cache: &'a mut PdfCache,
) -> Vec<Box<dyn Renderer + 'a>> {
    let mut cache = Some(cache);
    Format::ALL
        .into_iter()
        .filter(|f| formats.contains(f))
        .map(|format| format.renderer(pdf, &mut cache))
        .collect()
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
