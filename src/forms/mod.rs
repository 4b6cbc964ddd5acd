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

mod manifest;
pub mod previous;
mod printed;
pub mod roster;
mod timings;

pub use manifest::{FORMULA_STARTS, spreadsheet_safe};
pub use timings::StageTimes;

use manifest::{ManifestRow, manifest_csv};
use printed::{make_stencil, person_file, person_json, previous_file};
use timings::{Stage, Timings};

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use typst::model::Document as _;
use typst_layout::PagedDocument;

use self::roster::Person;
use crate::diagnostics::{Collector, Diagnostic, Error, Result};
use crate::documents::{self, Document, PersonForm};
use crate::kit::LanguageKit;
use crate::kit::form_id::{FormId, PersonId};
use crate::output::{self, OutputFile};
use crate::project::{CheckOptions, Project};
use crate::render::typst::field_template::FieldTemplates;
use crate::render::typst::stencil::Stencil;
use crate::render::typst::world::Theme;
use crate::render::typst::{
    CompileInput, add_form_fields, export_pdf_with, export_tagged, identify, lay_out, world,
    writing_areas,
};
use crate::render::{catching, for_each_parallel};
use crate::text::{UniqueNames, slug};

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
    /// Make each copy from a form laid out once (see [`Stencil`]) where it
    /// gives what a full layout would; `false` lays out every copy in full,
    /// which the tests and the benchmark compare against.
    pub stencil: bool,
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

/// A unit of work: one person's pack, or all packs of one leader.
struct Job<'a> {
    people: Vec<(&'a Person, String)>,
    /// The path of the PDF of a leader's packs; per person it is `None`.
    merged: Option<PathBuf>,
    folder: PathBuf,
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
                    },
                )
            })
        })
        .collect();
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
            stencil: options.stencil,
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

/// Groups people into jobs and gives every file a unique, safe name.
fn plan(people: &[Person], per: Per) -> Vec<Job<'_>> {
    // Leaders in the order they first appear, each with their people.
    let mut leaders: Vec<(&str, Vec<&Person>)> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for person in people {
        let slot = *index.entry(&person.leader).or_insert_with(|| {
            leaders.push((&person.leader, Vec::new()));
            leaders.len() - 1
        });
        leaders[slot].1.push(person);
    }
    let mut folders = UniqueNames::default();
    let mut jobs = Vec::new();
    for (leader, list) in leaders {
        let folder =
            PathBuf::from(folders.claim(slug(leader, &format!("leader-{}", list[0].line))));
        let mut files = UniqueNames::default();
        let named: Vec<(&Person, String)> = list
            .into_iter()
            .map(|p| (p, files.claim(slug(&p.employee, &format!("person-{}", p.line)))))
            .collect();
        match per {
            Per::Person => jobs.extend(named.into_iter().map(|one| Job {
                people: vec![one],
                merged: None,
                folder: folder.clone(),
            })),
            Per::Leader => {
                jobs.push(Job { people: named, merged: Some(folder.with_extension("pdf")), folder })
            }
        }
    }
    jobs
}

/// The blank form of each language and document, with its language's kit.
type Inputs<'a> = HashMap<(&'a str, &'static str), Blank<'a>>;

/// What every person's copy of one form in one language starts from.
struct Blank<'a> {
    input: CompileInput,
    kit: &'a LanguageKit,
    /// The fields update, the same for everyone whose form has the same
    /// layout (see [`FieldTemplates`]).
    fields: FieldTemplates,
    /// How many pages the first person's form had: a one-page form is told
    /// so, and Typst then lays it out once instead of twice (see
    /// `page-of-pages` in lib.typ).
    pages: OnceLock<usize>,
    /// The form laid out once with placeholders, made for the first person
    /// (`None` where the form cannot be made that way).
    stencil: OnceLock<Option<Stencil>>,
}

/// What every job shares.
struct Context<'a> {
    pack: &'a [(&'static Document, &'static PersonForm)],
    theme: &'a Theme,
    inputs: &'a Inputs<'a>,
    /// Last round's plans by person id, with `--previous`.
    previous: Option<&'a HashMap<String, previous::PreviousPlan>>,
    timings: &'a Timings,
    /// See [`FormsOptions::stencil`].
    stencil: bool,
}

/// Compiles and writes one job; returns its manifest rows.
fn render_job(
    job: &Job,
    context: &Context,
    config: &crate::config::Kit,
    staging: &output::Staging,
) -> Result<Vec<ManifestRow>> {
    let Context { pack, theme, inputs, .. } = *context;
    let round = &config.round;
    let mut merged_pages = Vec::new();
    let mut merged_info = None;
    // A leader's pack: each person's fillable fields, named for them.
    let mut merged_fields = Vec::new();
    let mut rows = Vec::new();
    for (person, name) in &job.people {
        // The roster's unit, or the kit's in the person's language.
        let unit = match person.unit.as_str() {
            "" => crate::kit::unit(config, &person.lang),
            unit => unit.to_string(),
        };
        let id = PersonId {
            id: PersonId::row_id(&person.employee_id, &person.leader, &person.employee),
            employee: person.employee.clone(),
            leader: person.leader.clone(),
        };
        let previous = context.previous.map(|plans| plans.get(&id.id));
        let mut files = Vec::new();
        for (document, form) in pack {
            let Blank { input: base, kit, fields, pages, stencil } =
                &inputs[&(person.lang.as_str(), document.id)];
            let mut input = base.clone();
            let printed = person_json(form, person, &unit, kit, round);
            let one_page = pages.get() == Some(&1);
            input.person = person_file(&printed, one_page);
            input.previous = previous_file(form, previous, kit);
            input.ident = format!("{}/{}/{name}", person.lang, job.folder.display());
            let stem = document.pdfs[0].entry;
            let clock = Instant::now();
            let stencilled = match context.stencil && input.previous.as_slice() == b"null" {
                true => stencil.get_or_init(|| make_stencil(theme, stem, base, &printed)).as_ref(),
                false => None,
            }
            .and_then(|stencil| stencil.fill(&printed));
            let (world, mut laid_out) = match stencilled {
                Some(document) => {
                    context.timings.count_stencilled();
                    (world(theme, stem, &input)?, document)
                }
                None => {
                    let (mut world, mut laid_out) = lay_out(theme, stem, &input)?;
                    if one_page && laid_out.pages().len() != 1 {
                        // A long name or last round's plan ran onto a second
                        // page: lay it out again, counting its pages.
                        input.person = person_file(&printed, false);
                        (world, laid_out) = lay_out(theme, stem, &input)?;
                    }
                    (world, laid_out)
                }
            };
            let _ = pages.set(laid_out.pages().len());
            let clock = context.timings.lap(Stage::Layout, clock);
            identify(&mut laid_out, &FormId { person: Some(id.clone()), ..input.form.clone() });
            // The person's name goes into the title only now: see lib.typ.
            let title =
                laid_out.info().title.as_ref().map(|t| format!("{t} – {}", person.employee));
            laid_out.info_mut().title = title.map(Into::into);
            match &job.merged {
                None => {
                    let path = job.folder.join(format!("{name}-{}.pdf", form.name));
                    let pdf = export_tagged(&world, &laid_out, stem, &input)?;
                    let clock = context.timings.lap(Stage::Export, clock);
                    let bytes = add_form_fields(&laid_out, stem, &input, pdf, fields)?;
                    let clock = context.timings.lap(Stage::Fields, clock);
                    staging.write(&OutputFile { path: path.clone(), bytes })?;
                    context.timings.written(clock);
                    files.push(path.display().to_string());
                }
                Some(merged) => {
                    files.push(format!("{}#page={}", merged.display(), merged_pages.len() + 1));
                    if input.pdf.fillable {
                        for mut area in writing_areas(&laid_out, stem)? {
                            area.page += merged_pages.len();
                            area.name = format!("{name}:{}:{}", form.name, area.name);
                            merged_fields.push(area);
                        }
                    }
                    merged_info
                        .get_or_insert_with(|| (world, input.clone(), laid_out.info().clone()));
                    merged_pages.extend(laid_out.pages().iter().cloned());
                }
            }
        }
        rows.push(ManifestRow { line: person.line, person: (*person).clone(), files });
    }
    if let (Some(merged), Some((world, input, mut info))) = (&job.merged, merged_info) {
        // Named for the leader, in the first person's language.
        let (first_person, _) = &job.people[0];
        let kit = inputs[&(first_person.lang.as_str(), pack[0].0.id)].kit;
        let title = &kit.model.text.strings.kit.title;
        info.title = Some(format!("{title} – {}", first_person.leader).into());
        let mut document = PagedDocument::new(merged_pages.into_iter().collect(), info);
        // A pack is for printing; its keywords say so, and name no person.
        identify(
            &mut document,
            &FormId { document: PACK.to_string(), person: None, ..input.form.clone() },
        );
        let input = CompileInput { ident: format!("pack/{}", merged.display()), ..input };
        let bytes = export_pdf_with(&world, &document, "pack", &input, merged_fields)?;
        staging.write(&OutputFile { path: merged.clone(), bytes })?;
    }
    Ok(rows)
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
