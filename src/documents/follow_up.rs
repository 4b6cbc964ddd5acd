//! The follow-up note: one page filled in at every follow-up conversation
//! through the year.

use super::{ContentFile, Document, Pdf, PersonField, PersonForm, Setting, records};
use crate::text::{Markdown, Text, texts};

pub const FOLLOW_UP_NOTE: Document = Document {
    id: "follow-up-note",
    content: &[&FOLLOW_UP, &records::RECORDS],
    pdfs: &[Pdf::a4("follow-up-note")],
    form: Some(PersonForm {
        name: "follow-up-note",
        fields: &[
            PersonField::Employee,
            PersonField::Leader,
            PersonField::FollowUps,
            PersonField::Previous,
        ],
    }),
    // The status table has a row for each row of the plan's measures table.
    settings: &[Setting::ActionPlan],
    ..Document::PLAIN
};

pub const FOLLOW_UP: ContentFile = ContentFile::of::<FollowUp>("follow-up");

texts! {
    /// `content/<lang>/follow-up.toml`
    pub struct FollowUp {
        pub title: Text,
        pub intro: Markdown,
        pub employee: Text,
        pub leader: Text,
        pub date: Text,
        pub which_title: Text,
        pub which_hint: Text,
        pub status_title: Text,
        pub col_measure: Text,
        pub col_focus: Text,
        pub col_comment: Text,
        pub on_track: Text,
        pub behind: Text,
        pub done: Text,
        pub since_title: Text,
        pub next_title: Text,
        pub wellbeing_title: Text,
        pub wellbeing_prompts: Vec<Text>,
        /// The line for the employee's comment on the note.
        pub comment_label: Text,
        pub initials_title: Text,
        pub initial_employee: Text,
        pub initial_leader: Text,
    }
}
