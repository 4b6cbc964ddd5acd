//! What a person's copy of a form prints (`/person.json`, and last
//! round's plan in `/previous.json`), and the stencil each copy can be
//! made from.

use std::collections::BTreeSet;

use typst::foundations::Bytes;
use typst::model::Document as _;
use typst_layout::PagedDocument;

use super::previous;
use super::roster::Person;
use crate::documents::{PersonField, PersonForm};
use crate::kit::LanguageKit;
use crate::kit::form_id::{FormId, PersonId};
use crate::render::typst::field_template::FieldTemplates;
use crate::render::typst::fields::Field;
use crate::render::typst::plate::{Plate, PlateSource};
use crate::render::typst::stencil::{Stencil, placeholder};
use crate::render::typst::world::Theme;
use crate::render::typst::{
    CompileInput, export_tagged, identify, lay_out, pdf_ident, world, writing_areas,
};

/// How Typst joins a document's keywords in its PDF metadata.
pub(super) const KEYWORDS_JOINED_BY: &str = ", ";

/// The stencil of a form (see [`Stencil`]): laid out with a placeholder in
/// place of each of the person's strings, as a one-page form's copies are
/// (told they have one page). `None` for a project's own theme, for a form
/// that prints more than strings of the person (the follow-up note's list
/// of dates), and where the placeholders cannot be found as runs of their
/// own or would show in a field's name or tooltip.
pub(super) fn make_stencil(
    theme: &Theme,
    stem: &str,
    blank: &CompileInput,
    printed: &serde_json::Map<String, serde_json::Value>,
) -> Option<Stencil> {
    if !theme.is_built_in() || printed.values().any(|value| !value.is_string()) {
        return None;
    }
    let keys: Vec<(String, String)> =
        printed.keys().enumerate().map(|(i, key)| (key.clone(), placeholder(i))).collect();
    let file = keys.iter().map(|(key, text)| (key.clone(), text.as_str().into())).collect();
    let mut input = blank.clone();
    input.person = person_file(&file, false);
    let (_, mut document) = lay_out(theme, stem, &input).ok()?;
    if document.pages().len() == 1 {
        input.person = person_file(&file, true);
        document = lay_out(theme, stem, &input).ok()?.1;
    }
    let areas = format!("{:?}", writing_areas(&document, stem).ok()?);
    if keys.iter().any(|(_, text)| areas.contains(text.as_str())) {
        return None;
    }
    Stencil::find(document, &keys)
}

/// `/person.json` of one form: the person's fields that the form prints.
pub(super) fn person_json(
    form: &PersonForm,
    person: &Person,
    unit: &str,
    kit: &LanguageKit,
    round: &crate::config::Round,
) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::Value;
    form.fields
        .iter()
        .filter_map(|field| {
            let value = match field {
                PersonField::Employee => Value::from(person.employee.clone()),
                PersonField::Leader => Value::from(person.leader.clone()),
                PersonField::Unit => Value::from(unit),
                PersonField::Date => Value::from(kit.format_date(person.date)),
                PersonField::FollowUps => round
                    .follow_ups_from(person.date)
                    .into_iter()
                    .map(|d| Value::from(kit.format_date(d)))
                    .collect(),
                // In a file of its own: see `previous_file`.
                PersonField::Previous => return None,
            };
            Some((field.key().to_string(), value))
        })
        .collect()
}

/// The bytes of `/person.json`: what the form prints, and `"pages": 1`
/// when the form is known to fit on one page.
pub(super) fn person_file(
    printed: &serde_json::Map<String, serde_json::Value>,
    one_page: bool,
) -> Bytes {
    let mut file = printed.clone();
    if one_page {
        file.insert("pages".into(), 1.into());
    }
    Bytes::new(serde_json::to_vec(&file).expect("JSON always serialises"))
}

/// `/previous.json` of one form: last round's plan with `--previous`
/// (`previous` is then `Some`, and `Some(None)` for a person with no plan
/// from last round, who gets the section blank), else `null`.
pub(super) fn previous_file(
    form: &PersonForm,
    previous: Option<Option<&previous::PreviousPlan>>,
    kit: &LanguageKit,
) -> Bytes {
    let plan = previous
        .filter(|_| form.fields.contains(&PersonField::Previous))
        .map(|plan| previous_json(plan, kit));
    Bytes::new(serde_json::to_vec(&plan).expect("JSON always serialises"))
}

/// Last round's plan as a form prints it: a focus area's number becomes
/// its title in the person's language.
fn previous_json(plan: Option<&previous::PreviousPlan>, kit: &LanguageKit) -> serde_json::Value {
    let plan = plan.cloned().unwrap_or_default();
    let measures: Vec<serde_json::Value> = plan
        .measures
        .iter()
        .map(|m| {
            let area = kit.model.focus_areas.iter().find(|a| a.n.to_string() == m.focus.trim());
            serde_json::json!({
                "text": m.text,
                "focus": area.map_or(m.focus.as_str(), |a| a.title.as_str()),
                "number": area.map(|a| a.n),
                "deadline": m.deadline,
            })
        })
        .collect();
    serde_json::json!({ "goals": plan.goals, "development": plan.development, "measures": measures })
}

/// A copy's title: the form's, then the person's name. It is set after
/// layout (see lib.typ), so every copy shares the layout of the rest.
pub(super) fn person_title(document: &PagedDocument, employee: &str) -> Option<String> {
    document.info().title.as_ref().map(|title| format!("{title} – {employee}"))
}

/// A form's PDF printed once for all copies (see [`Plate`]), with the
/// writing areas its fields go over and the fields update they share.
pub(super) struct Printing {
    pub plate: Plate,
    pub areas: Vec<Field>,
    pub fields: FieldTemplates,
}

/// The plate of a form whose copies come from `stencil`, with every letter
/// of `letters` in its fonts. `None` where the plate's checks fail, where
/// the PDF would change with the width of a slot's frame, or where a
/// placeholder shows up anywhere in the PDF but in a page's text (a
/// heading's outline entry, a tag's alternate text).
pub(super) fn make_plate(
    theme: &Theme,
    stem: &str,
    blank: &CompileInput,
    stencil: &Stencil,
    letters: &str,
) -> Option<Printing> {
    let someone = PersonId {
        id: "plate-id".into(),
        employee: "Plate Employee".into(),
        leader: "Plate Leader".into(),
    };
    let form = FormId { person: Some(someone.clone()), ..blank.form.clone() };
    let title = person_title(stencil.document(), &someone.employee)?;
    let keywords = form.keywords().join(KEYWORDS_JOINED_BY);
    let mut input = blank.clone();
    input.ident = "plate".into();
    let world = world(theme, stem, &input).ok()?;
    let export = |mut document: PagedDocument| {
        document.info_mut().title = Some(title.as_str().into());
        identify(&mut document, &form);
        export_tagged(&world, &document, stem, &input).ok().map(|pdf| (pdf, document))
    };
    let (placeholders, _) = export(stencil.document().clone())?;
    let shown_elsewhere = (0..stencil.positions().len()).any(|i| {
        let text = placeholder(i);
        let utf16: String = text.encode_utf16().map(|unit| format!("{unit:04X}")).collect();
        [text.as_bytes(), utf16.as_bytes()]
            .iter()
            .any(|needle| placeholders.windows(needle.len()).any(|w| w == *needle))
    });
    let palette = stencil.palette(letters)?;
    let (pdf, document) = export(stencil.with_runs(palette.clone(), false))?;
    let (resized, _) = export(stencil.with_runs(palette, true))?;
    if shown_elsewhere || resized != pdf {
        return None;
    }
    let plate = Plate::make(PlateSource {
        pdf,
        document: &document,
        slots: stencil.positions(),
        title: &title,
        keywords: &keywords,
        ident: &pdf_ident(stem, &input),
    })?;
    let areas = writing_areas(stencil.document(), stem).ok()?;
    Some(Printing { plate, areas, fields: FieldTemplates::default() })
}

/// Every letter the strings of `printed` use, for a plate's palette.
pub(super) fn add_letters(
    printed: &serde_json::Map<String, serde_json::Value>,
    letters: &mut BTreeSet<char>,
) {
    letters.extend(printed.values().filter_map(|v| v.as_str()).flat_map(str::chars));
}
