//! The preparation sheets: the employee's (with the selected questions and
//! room to write) and the leader's.

use super::{ContentFile, Document, Pdf, PersonField, PersonForm, Setting, action_plan};
use crate::text::{Markdown, Text, texts};

pub const PREPARATION_EMPLOYEE: Document = Document {
    id: "preparation-employee",
    content: &[&PREPARATION],
    pdfs: &[Pdf::a4("preparation-employee")],
    form: Some(PersonForm {
        name: "preparation",
        fields: &[PersonField::Employee, PersonField::Date, PersonField::Previous],
    }),
    settings: &[Setting::Preparation],
    ..Document::PLAIN
};

pub const PREPARATION_LEADER: Document = Document {
    id: "preparation-leader",
    // The employee's name field has the action plan's label.
    content: &[&PREPARATION, &action_plan::ACTION_PLAN_TEXTS],
    pdfs: &[Pdf::a4("preparation-leader")],
    settings: &[Setting::Preparation],
    ..Document::PLAIN
};

pub const PREPARATION: ContentFile = ContentFile::of::<Preparation>("preparation");

texts! {
    /// `content/<lang>/preparation.toml`
    pub struct Preparation {
        pub employee: EmployeePreparation,
        pub leader: LeaderPreparation,
    }
}

texts! {
    pub struct EmployeePreparation {
        pub title: Text,
        pub intro: Markdown,
        pub focus_title: Text,
        pub focus_prompt: Text,
        pub questions_title: Text,
        pub own_title: Text,
        /// Well-being and the work environment: workload, cooperation,
        /// adjustments.
        pub wellbeing_title: Text,
        pub wellbeing_prompts: Vec<Text>,
        /// Last round's plan on a roster sheet made with `--previous`.
        pub previous: PreviousPlan,
    }
}

texts! {
    /// Labels of the "status on last period's plan" section.
    pub struct PreviousPlan {
        pub title: Text,
        pub intro: Text,
        /// Said when the person has no plan from last round.
        pub none: Text,
        pub goals: Text,
        pub col_measure: Text,
        pub col_focus: Text,
        pub col_deadline: Text,
        pub col_status: Text,
        pub overall: Text,
    }
}

texts! {
    pub struct LeaderPreparation {
        pub title: Text,
        pub intro: Markdown,
        pub review_title: Text,
        pub review: Vec<Markdown>,
        pub feedback_title: Text,
        pub feedback_prompts: Vec<Text>,
        pub expectations_title: Text,
        pub expectations_prompts: Vec<Text>,
        pub questions_title: Text,
    }
}
