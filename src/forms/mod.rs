//! `samtale forms --roster people.csv`: the documents filled in per person
//! (those with a [`PersonForm`] in the registry: the employee's preparation
//! sheet and the action plan) with each person's names, unit, date and
//! language, one set per person or one print job per leader.
//!
//! The kit is read and checked once; every form compiles in the same Typst
//! world with the language's data (parsed once, memoised) and a small
//! `/person.json` that always has the same file id. Most copies are not
//! laid out at all: each form is laid out once with placeholders, and a
//! person's copy swaps in their shaped words (see [`Stencil`]); the rest,
//! whose words would wrap or need another font, are laid out in full.
//! Workers write each PDF into the staging folder as soon as it exists, so
//! memory stays flat however long the roster is, and the folder appears
//! whole at the end.

mod job;
mod manifest;
pub mod previous;
mod printed;
pub mod roster;
mod timings;

pub use manifest::{FORMULA_STARTS, spreadsheet_safe};
pub use timings::StageTimes;

use job::{Blank, Context, Inputs, letters, plan, render_job};
use manifest::{ManifestRow, manifest_csv};
use timings::Timings;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use self::roster::Person;
use crate::diagnostics::{Collector, Diagnostic, Error, Result};
use crate::documents::{self, Document, PersonForm};
use crate::output::{self, OutputFile};
use crate::project::{CheckOptions, Project};
use crate::render::typst::CompileInput;
use crate::render::typst::field_template::FieldTemplates;
use crate::render::typst::world::Theme;
use crate::render::{catching, for_each_parallel};

/// Memoised layouts unused for [`EVICT_AGE`] rounds are dropped every this
/// many units of work. The parts all forms share are used again soon and
/// survive; each person's own parts go. Measured: a cache left to grow
/// makes every compile slower (4.1 ms of layout per action plan) than one
/// pruned this often (1.9 ms), and keeps memory flat.
const EVICT_EVERY: usize = 4;
/// Most copies come from a stencil and lay nothing out, so the shared parts
/// are needed again only by the next copy laid out in full, a few dozen
/// units later. Kept for 8 rounds instead of 2, those copies find them
/// (1,000 action plans 1.36–1.38 s instead of 1.44–1.53 s, interleaved;
/// 10,000 people's two forms peak at 116 MB instead of 123 MB).
const EVICT_AGE: usize = 8;

/// The document a leader's pack names itself in its keywords.
pub const PACK: &str = "leader-pack";

/// One PDF per person, or one per leader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    Person,
    Leader,
}

impl Per {
    pub const ALL: [Per; 2] = [Per::Person, Per::Leader];

    pub fn name(self) -> &'static str {
        match self {
            Per::Person => "person",
            Per::Leader => "leader",
        }
    }

    pub fn about(self) -> &'static str {
        match self {
            Per::Person => "one PDF per form and person",
            Per::Leader => "one PDF per leader, all their people's forms, to print in one go",
        }
    }
}

/// The names `--only` accepts: the registry's per-person forms.
pub fn form_names() -> impl Iterator<Item = &'static str> {
    documents::forms().map(|(_, form)| form.name)
}

pub struct FormsOptions {
    pub config: PathBuf,
    pub roster: PathBuf,
    /// Defaults to `output/forms` beside `kit.toml`.
    pub out: Option<PathBuf>,
    pub per: Per,
    /// Only these forms (by [`PersonForm::name`]); every form when empty.
    pub only: Vec<String>,
    pub skip_bad: bool,
    pub quiet: bool,
    pub force: bool,
    pub pdf: crate::render::typst::PdfSettings,
    /// A folder `collect --include-text` wrote last round: each person's
    /// preparation sheet and follow-up note start from their plan.
    pub previous: Option<PathBuf>,
    /// How much of the first copy of a form the others reuse; less than
    /// [`Reuse::Pdf`] is for the tests and the benchmark to compare with.
    pub reuse: Reuse,
}

/// How much one copy of a form is made from what was made for all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reuse {
    /// Every copy is laid out and exported in full.
    Nothing,
    /// Copies are laid out from a [`Stencil`] where that gives what a full
    /// layout would, and exported in full.
    Layout,
    /// As `Layout`, and their PDF is printed from a [`Plate`] exported
    /// once, where every glyph they need is in it.
    ///
    /// [`Plate`]: crate::render::typst::plate::Plate
    Pdf,
}

pub struct FormsReport {
    pub out: PathBuf,
    pub people: usize,
    pub files: usize,
    pub skipped: Vec<Diagnostic>,
    /// Rows that were made but look wrong (a date outside the period).
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// Where the time of one form went (per person only).
    pub timings: Option<StageTimes>,
}

pub fn run(options: &FormsOptions) -> Result<FormsReport> {
    let started = Instant::now();
    let project = Project::load(&options.config, CheckOptions::default())?;
    let theme = Theme::load(&project.layers)?;
    let codes: Vec<String> = project.languages.iter().map(|l| l.lang.clone()).collect();
    let roster = roster::read(&options.roster, &codes)?;
    if !roster.bad_rows.is_empty() && !options.skip_bad {
        let mut error = Error { diagnostics: roster.bad_rows };
        let last = error.diagnostics.last_mut().expect("not empty");
        last.hints.push("fix these rows, or pass --skip-bad to make forms for the others".into());
        return Err(error);
    }
    let warnings = outside_the_period(&roster.people, &project.kit.round, &options.roster);
    let previous = options.previous.as_deref().map(previous::read).transpose()?;
    let out =
        options.out.clone().unwrap_or_else(|| project.kit.root.join("output").join(output::FORMS));
    let mut jobs = plan(&roster.people, options.per);
    // Forms of one language after another: what Typst laid out for the last
    // form is then still in the cache for the next (the manifest is sorted
    // by line, so the order of work does not show).
    jobs.sort_by(|a, b| a.people[0].0.lang.cmp(&b.people[0].0.lang));
    let pack: Vec<(&'static Document, &'static PersonForm)> = documents::forms()
        .filter(|(_, form)| options.only.is_empty() || options.only.iter().any(|o| o == form.name))
        .collect();
    // Each language's blank form of each document, to fill in per person.
    let inputs: Inputs = project
        .languages
        .iter()
        .flat_map(|kit| {
            pack.iter().map(move |(document, _)| {
                let input = CompileInput::for_document(kit, document, options.pdf);
                (
                    (kit.lang.as_str(), document.id),
                    Blank {
                        input,
                        kit,
                        fields: FieldTemplates::default(),
                        pages: OnceLock::new(),
                        stencil: OnceLock::new(),
                        plate: OnceLock::new(),
                    },
                )
            })
        })
        .collect();
    let letters = letters(&roster.people, &pack, &inputs, &project.kit);
    let staging = output::Staging::begin(&out, &project.kit.root, options.force)?;
    let progress = progress_bar(roster.people.len(), options.quiet);
    let manifest = Mutex::new(Vec::new());
    let problems = Mutex::new(Collector::default());
    let done = AtomicUsize::new(0);
    let timings = Timings::default();
    for_each_parallel(jobs.len(), |index| {
        let job = &jobs[index];
        let context = Context {
            pack: &pack,
            theme: &theme,
            inputs: &inputs,
            previous: previous.as_ref(),
            timings: &timings,
            reuse: options.reuse,
            letters: &letters,
        };
        let result = catching(|| render_job(job, &context, &project.kit, &staging))
            .unwrap_or_else(|panic| Err(Error::msg(format!("Typst failed: {panic}"))));
        match result {
            Ok(rows) => manifest.lock().expect("no panics under the lock").extend(rows),
            Err(e) => {
                let mut problems = problems.lock().expect("no panics under the lock");
                e.diagnostics.into_iter().for_each(|d| problems.push(d));
            }
        }
        progress.inc(job.people.len() as u64);
        if done.fetch_add(1, Ordering::Relaxed) % EVICT_EVERY == EVICT_EVERY - 1 {
            comemo::evict(EVICT_AGE);
        }
    });
    progress.finish_and_clear();
    comemo::evict(0);
    problems.into_inner().expect("workers have finished").finish(())?;

    let mut rows = manifest.into_inner().expect("workers have finished");
    rows.sort_by_key(|row: &ManifestRow| row.line);
    staging
        .write(&OutputFile { path: "manifest.csv".into(), bytes: manifest_csv(&rows, &pack)? })?;
    staging.finish()?;
    let files = match options.per {
        Per::Person => rows.len() * pack.len(),
        Per::Leader => jobs.len(),
    };
    Ok(FormsReport {
        out,
        people: rows.len(),
        files,
        skipped: roster.bad_rows,
        warnings,
        elapsed: started.elapsed(),
        timings: timings.per_form(),
    })
}

/// A planned date outside the round's conversation period is most likely a
/// typo in the roster; the forms are made, and HR is told where to look.
fn outside_the_period(
    people: &[Person],
    round: &crate::config::Round,
    roster: &Path,
) -> Vec<Diagnostic> {
    let lines: Vec<String> = people
        .iter()
        .filter(|p| p.date < round.start || p.date > round.end)
        .map(|p| p.line.to_string())
        .collect();
    if lines.is_empty() {
        return Vec::new();
    }
    let shown = lines.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
    let more =
        if lines.len() > 10 { format!(" and {} more", lines.len() - 10) } else { String::new() };
    vec![
        Diagnostic::warning(format!(
            "{} planned dates lie outside the conversation period {} – {} (lines {shown}{more})",
            lines.len(),
            round.start,
            round.end
        ))
        .in_file(roster)
        .hint("check the dates, or the period in kit.toml (`round.start`, `round.end`)"),
    ]
}

/// A progress bar with rate and time left, on a terminal only.
fn progress_bar(len: usize, quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    let style = indicatif::ProgressStyle::with_template(
        "{bar:40.cyan/blue} {pos}/{len} people  {rate} people/s  {eta} left",
    )
    .expect("a valid template")
    .with_key("rate", |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
        let _ = write!(w, "{:.0}", state.per_sec());
    });
    bar.set_style(style);
    bar
}

/// Where the forms of a report went, for the summary line.
pub fn describe(report: &FormsReport) -> String {
    format!(
        "made {} files for {} people into {} in {:.2} s",
        report.files,
        report.people,
        report.out.display(),
        report.elapsed.as_secs_f64()
    )
}
