//! What a returned action plan or follow-up note says, read from its
//! fields by the names the theme gives them (the PDF's and the web page's
//! are the same: `measure-2-focus`, `status-3`, `signed-leader`, …).

use super::read::{Refusal, Refused, Returned, Value};
use crate::documents::{ACTION_PLAN, FOLLOW_UP_NOTE};

/// The rows a form can have at most (`documents.action_plan.rows` ≤ 30).
const MAX_ROWS: usize = 30;

/// A filled action plan.
#[derive(Debug, Clone, Default)]
pub struct ActionPlan {
    /// Typed on a blank form; a roster form prints them instead.
    pub employee: String,
    pub leader: String,
    pub goals: String,
    pub development: String,
    pub measures: Vec<Measure>,
    /// The numbers (1, 2, …) of the follow-up dates ticked as planned.
    pub planned: Vec<usize>,
    /// The informal follow-up agreed.
    pub follow_up: String,
    pub comment: String,
    pub signed: Signed,
}

/// Which signature lines hold something: on screen a typed name or date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Signed {
    pub date: bool,
    pub employee: bool,
    pub leader: bool,
}

/// One row of the measures table with anything in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Measure {
    pub row: usize,
    pub text: String,
    /// As typed: a focus area's number, or its id or title.
    pub focus: String,
    pub responsible: String,
    pub deadline: String,
}

/// A filled follow-up note.
#[derive(Debug, Clone, Default)]
pub struct FollowUpNote {
    pub employee: String,
    pub leader: String,
    /// Which planned follow-up it is (1, 2, …), when ticked.
    pub which: Option<usize>,
    pub statuses: Vec<MeasureStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureStatus {
    pub row: usize,
    pub measure: String,
    pub status: Option<Status>,
}

/// A measure's status on a follow-up note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    OnTrack,
    Behind,
    Done,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::OnTrack, Status::Behind, Status::Done];

    /// The value the forms give the option.
    pub fn value(self) -> &'static str {
        match self {
            Status::OnTrack => "on-track",
            Status::Behind => "behind",
            Status::Done => "done",
        }
    }
}

/// Whether `collect` reads the document `id`.
pub fn collects(id: &str) -> bool {
    id == ACTION_PLAN.id || id == FOLLOW_UP_NOTE.id
}

/// What a returned form is.
#[derive(Debug, Clone)]
pub enum Filled {
    Plan(ActionPlan),
    Note(FollowUpNote),
}

/// The form's contents, or why it is not one `collect` reads.
pub fn interpret(returned: &Returned) -> Result<Filled, Refusal> {
    let fields = &returned.fields;
    let text = |name: &str| fields.get(name).map(Value::text).unwrap_or_default().to_string();
    match returned.id.document.as_str() {
        id if id == ACTION_PLAN.id => {
            let measures = (1..=MAX_ROWS)
                .map(|row| Measure {
                    row,
                    text: text(&format!("measure-{row}")),
                    focus: text(&format!("measure-{row}-focus")),
                    responsible: text(&format!("measure-{row}-responsible")),
                    deadline: text(&format!("measure-{row}-deadline")),
                })
                .filter(|m| !(m.text.is_empty() && m.focus.is_empty() && m.deadline.is_empty()))
                .collect();
            // The follow-up dates ticked, by number (`planned-10` after `-9`).
            let mut planned: Vec<usize> = fields
                .iter()
                .filter(|(_, value)| value.is_ticked())
                .filter_map(|(name, _)| name.strip_prefix("planned-")?.parse().ok())
                .collect();
            planned.sort_unstable();
            Ok(Filled::Plan(ActionPlan {
                employee: text("employee"),
                leader: text("leader"),
                goals: text("goals"),
                development: text("development"),
                measures,
                planned,
                follow_up: text("follow-up"),
                comment: text("comment"),
                signed: Signed {
                    date: !text("signed-date").is_empty(),
                    employee: !text("signed-employee").is_empty(),
                    leader: !text("signed-leader").is_empty(),
                },
            }))
        }
        id if id == FOLLOW_UP_NOTE.id => {
            let choice = |name: &str| fields.get(name).map(Value::choice).unwrap_or_default();
            let statuses = (1..=MAX_ROWS)
                .map(|row| MeasureStatus {
                    row,
                    measure: text(&format!("status-{row}-measure")),
                    status: Status::ALL
                        .into_iter()
                        .find(|s| s.value() == choice(&format!("status-{row}"))),
                })
                .filter(|s| !s.measure.is_empty() || s.status.is_some())
                .collect();
            Ok(Filled::Note(FollowUpNote {
                employee: text("employee"),
                leader: text("leader"),
                which: choice("follow-up").parse().ok(),
                statuses,
            }))
        }
        crate::forms::PACK => Err(Refused::NotCollected.because(
            "it is a leader's pack of several people's forms, made for printing; \
             collect reads each person's own action plan and follow-up notes",
        )),
        other => Err(Refused::NotCollected.because(format!(
            "it is the kit's `{other}`; collect reads action plans and follow-up notes"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kit::FormId;

    fn returned(document: &str, fields: &[(&str, Value)]) -> Returned {
        Returned {
            path: "x.pdf".into(),
            id: FormId {
                organisation: "o".into(),
                year: 2027,
                document: document.into(),
                lang: "nb".into(),
                person: None,
            },
            fields: fields.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
        }
    }

    #[test]
    fn a_plan_s_rows_ticks_and_signatures_are_read() {
        let t = |s: &str| Value::Text(s.into());
        let form = returned(
            ACTION_PLAN.id,
            &[
                ("employee", t(" Kari ")),
                ("measure-1", t("Kurs")),
                ("measure-1-focus", t("2")),
                ("measure-3-deadline", t("01.03.2027")),
                ("planned-2", Value::Checked(true)),
                ("planned-3", Value::Checked(false)),
                ("signed-employee", t("Kari")),
            ],
        );
        let Ok(Filled::Plan(plan)) = interpret(&form) else { panic!() };
        assert_eq!(plan.employee, "Kari");
        assert_eq!(plan.measures.iter().map(|m| m.row).collect::<Vec<_>>(), [1, 3]);
        assert_eq!(plan.planned, [2]);
        assert_eq!(plan.signed, Signed { date: false, employee: true, leader: false });
    }

    #[test]
    fn a_note_s_statuses_are_read_from_pdf_choices_and_web_values() {
        let form = returned(
            FOLLOW_UP_NOTE.id,
            &[
                ("follow-up", Value::Choice("3".into())),
                ("status-1", Value::Choice("done".into())),
                ("status-2", Value::Text("behind".into())),
                ("status-2-measure", Value::Text("Kurs".into())),
            ],
        );
        let Ok(Filled::Note(note)) = interpret(&form) else { panic!() };
        assert_eq!(note.which, Some(3));
        let statuses: Vec<_> = note.statuses.iter().map(|s| s.status).collect();
        assert_eq!(statuses, [Some(Status::Done), Some(Status::Behind)]);
        let pack = interpret(&returned(crate::forms::PACK, &[])).unwrap_err();
        assert!(pack.message.contains("leader's pack"), "{}", pack.message);
        let refused = interpret(&returned("briefing", &[])).unwrap_err();
        assert!(refused.message.contains("the kit's `briefing`"), "{}", refused.message);
    }
}
