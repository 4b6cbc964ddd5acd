//! One unit of work of `samtale forms`: a person's forms, or a leader's
//! pack, each copy made the cheapest way that gives the right file.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Instant;

use typst::model::Document as _;
use typst_layout::PagedDocument;

use super::manifest::ManifestRow;
use super::printed::{
    KEYWORDS_JOINED_BY, Printing, add_letters, make_plate, make_stencil, person_file, person_json,
    person_title, previous_file,
};
use super::roster::Person;
use super::timings::{Stage, Timings};
use super::{PACK, Per, Reuse, previous};
use crate::diagnostics::Result;
use crate::documents::{Document, PersonForm};
use crate::kit::LanguageKit;
use crate::kit::form_id::{FormId, PersonId};
use crate::output::{self, OutputFile};
use crate::render::typst::field_template::FieldTemplates;
use crate::render::typst::stencil::Stencil;
use crate::render::typst::world::Theme;
use crate::render::typst::{
    CompileInput, add_fields_at, add_form_fields, export_pdf_with, export_tagged, identify,
    lay_out, pdf_ident, world, writing_areas,
};
use crate::text::{UniqueNames, slug};

/// A unit of work: one person's pack, or all packs of one leader.
pub(super) struct Job<'a> {
    pub(super) people: Vec<(&'a Person, String)>,
    /// The path of the PDF of a leader's packs; per person it is `None`.
    pub(super) merged: Option<PathBuf>,
    pub(super) folder: PathBuf,
}

/// Groups people into jobs and gives every file a unique, safe name.
pub(super) fn plan(people: &[Person], per: Per) -> Vec<Job<'_>> {
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
pub(super) type Inputs<'a> = HashMap<(&'a str, &'static str), Blank<'a>>;

/// What every person's copy of one form in one language starts from.
pub(super) struct Blank<'a> {
    pub(super) input: CompileInput,
    pub(super) kit: &'a LanguageKit,
    /// The fields update, the same for everyone whose form has the same
    /// layout (see [`FieldTemplates`]).
    pub(super) fields: FieldTemplates,
    /// How many pages the first person's form had: a one-page form is told
    /// so, and Typst then lays it out once instead of twice (see
    /// `page-of-pages` in lib.typ).
    pub(super) pages: OnceLock<usize>,
    /// The form laid out once with placeholders, made for the first person
    /// (`None` where the form cannot be made that way).
    pub(super) stencil: OnceLock<Option<Stencil>>,
    /// The stencil's PDF, to print copies from (`None` where it cannot be).
    pub(super) plate: OnceLock<Option<Printing>>,
}

/// What every job shares.
pub(super) struct Context<'a> {
    pub(super) pack: &'a [(&'static Document, &'static PersonForm)],
    pub(super) theme: &'a Theme,
    pub(super) inputs: &'a Inputs<'a>,
    /// Last round's plans by person id, with `--previous`.
    pub(super) previous: Option<&'a HashMap<String, previous::PreviousPlan>>,
    pub(super) timings: &'a Timings,
    pub(super) reuse: Reuse,
    /// Every letter the roster's forms print, for the plates' fonts.
    pub(super) letters: &'a str,
}

/// Every letter the forms print for the people of the roster.
pub(super) fn letters(
    people: &[Person],
    pack: &[(&'static Document, &'static PersonForm)],
    inputs: &Inputs,
    config: &crate::config::Kit,
) -> String {
    let mut letters = BTreeSet::new();
    for person in people {
        let unit = unit(person, config);
        for (document, form) in pack {
            if let Some(blank) = inputs.get(&(person.lang.as_str(), document.id)) {
                add_letters(
                    &person_json(form, person, &unit, blank.kit, &config.round),
                    &mut letters,
                );
            }
        }
    }
    letters.into_iter().collect()
}

/// The roster's unit, or the kit's in the person's language.
fn unit(person: &Person, config: &crate::config::Kit) -> String {
    match person.unit.as_str() {
        "" => crate::kit::unit(config, &person.lang),
        unit => unit.to_string(),
    }
}

/// Compiles and writes one job; returns its manifest rows.
pub(super) fn render_job(
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
        let unit = unit(person, config);
        let id = PersonId {
            id: PersonId::row_id(&person.employee_id, &person.leader, &person.employee),
            employee: person.employee.clone(),
            leader: person.leader.clone(),
        };
        let previous = context.previous.map(|plans| plans.get(&id.id));
        let mut files = Vec::new();
        for (document, form) in pack {
            let blank = &inputs[&(person.lang.as_str(), document.id)];
            let Blank { input: base, kit, fields, pages, stencil, .. } = blank;
            let mut input = base.clone();
            let printed = person_json(form, person, &unit, kit, round);
            let one_page = pages.get() == Some(&1);
            input.person = person_file(&printed, one_page);
            input.previous = previous_file(form, previous, kit);
            input.ident = format!("{}/{}/{name}", person.lang, job.folder.display());
            let stem = document.pdfs[0].entry;
            let clock = Instant::now();
            let stencil = match context.reuse >= Reuse::Layout
                && input.previous.as_slice() == b"null"
            {
                true => stencil.get_or_init(|| make_stencil(theme, stem, base, &printed)).as_ref(),
                false => None,
            };
            // A file of the person's own is printed from the plate where it
            // can be; a leader's pack is one PDF of laid-out pages.
            if job.merged.is_none() && context.reuse == Reuse::Pdf {
                let copy = Copy { blank, stem, printed: &printed, id: &id, input: &input };
                if let Some(made) = stencil.and_then(|s| print_copy(&copy, s, context, clock)) {
                    let (bytes, clock) = made?;
                    let path = job.folder.join(format!("{name}-{}.pdf", form.name));
                    staging.write(&OutputFile { path: path.clone(), bytes })?;
                    context.timings.written(clock);
                    files.push(path.display().to_string());
                    continue;
                }
            }
            let stencilled = stencil.and_then(|stencil| stencil.fill(&printed));
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
            laid_out.info_mut().title = person_title(&laid_out, &person.employee).map(Into::into);
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

/// One person's copy of one form.
struct Copy<'a> {
    blank: &'a Blank<'a>,
    stem: &'a str,
    printed: &'a serde_json::Map<String, serde_json::Value>,
    id: &'a PersonId,
    input: &'a CompileInput,
}

/// The copy printed from its form's plate (see [`Printing`]), with the time
/// its fields were done; `None` where it cannot be, and the copy is made
/// as before.
fn print_copy(
    copy: &Copy,
    stencil: &Stencil,
    context: &Context,
    clock: Instant,
) -> Option<Result<(Vec<u8>, Instant)>> {
    let Copy { blank, stem, input, .. } = *copy;
    let printing = blank
        .plate
        .get_or_init(|| make_plate(context.theme, stem, &blank.input, stencil, context.letters))
        .as_ref()?;
    let runs = stencil.runs(copy.printed)?;
    let title = person_title(stencil.document(), &copy.id.employee)?;
    let form = FormId { person: Some(copy.id.clone()), ..input.form.clone() };
    let keywords = form.keywords().join(KEYWORDS_JOINED_BY);
    let clock = context.timings.lap(Stage::Layout, clock);
    let pdf = printing.plate.print(&runs, &title, &keywords, &pdf_ident(stem, input))?;
    let clock = context.timings.lap(Stage::Export, clock);
    context.timings.count_stencilled();
    context.timings.count_plated();
    let _ = blank.pages.set(stencil.pages());
    let filled = add_fields_at(printing.areas.clone(), stem, input, pdf, &printing.fields);
    Some(filled.map(|bytes| (bytes, context.timings.lap(Stage::Fields, clock))))
}
