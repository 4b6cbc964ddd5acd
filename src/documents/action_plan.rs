//! The action plan: the form the employee writes after the conversation
//! and both sign.

use super::{ContentFile, Document, Pdf, PersonField, PersonForm, Setting, records};
use crate::text::{Markdown, Text, texts};

pub const ACTION_PLAN: Document = Document {
    id: "action-plan",
    content: &[&ACTION_PLAN_TEXTS, &records::RECORDS],
    pdfs: &[Pdf::a4("action-plan")],
    form: Some(PersonForm {
        name: "action-plan",
        fields: &[PersonField::Employee, PersonField::Leader, PersonField::Unit, PersonField::Date],
    }),
    settings: &[Setting::ActionPlan],
    ..Document::PLAIN
};

pub const ACTION_PLAN_TEXTS: ContentFile = ContentFile::of::<ActionPlan>("action-plan");

texts! {
    /// `content/<lang>/action-plan.toml`
    pub struct ActionPlan {
        pub title: Text,
        pub intro: Markdown,
        pub employee: Text,
        pub leader: Text,
        pub unit: Text,
        pub date: Text,
        pub goals_title: Text,
        pub development_title: Text,
        pub measures_title: Text,
        pub col_measure: Text,
        pub col_focus: Text,
        pub col_responsible: Text,
        pub col_deadline: Text,
        pub focus_hint: Text,
        pub follow_up_title: Text,
        pub follow_up_formal: Text,
        pub follow_up_informal: Text,
        pub reflection: Text,
        /// The line for the employee's comment before signing.
        pub comment_label: Text,
        pub signatures_title: Text,
        pub sign_employee: Text,
        pub sign_leader: Text,
        pub sign_date: Text,
    }
}
