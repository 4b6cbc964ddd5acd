//! What a person's copy of a form prints (`/person.json`, and last
//! round's plan in `/previous.json`), and the stencil each copy can be
//! made from.

use typst::foundations::Bytes;

use super::previous;
use super::roster::Person;
use crate::documents::{PersonField, PersonForm};
use crate::kit::LanguageKit;
use crate::render::typst::stencil::{Stencil, placeholder};
use crate::render::typst::world::Theme;
use crate::render::typst::{CompileInput, lay_out, writing_areas};

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
