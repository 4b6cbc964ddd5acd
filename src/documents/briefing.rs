//! The leader briefing: the slides a leader shows the team before the
//! round, the same as speaker text (PDF), and as Markdown to paste.

use serde::{Deserialize, Serialize};

use super::{ContentFile, Document, Pdf, cycle};
use crate::text::{Markdown, Text, texts};

pub const LEADER_BRIEFING: Document = Document {
    id: "leader-briefing",
    // The dates slide names the round's dates as the cycle overview does.
    content: &[&BRIEFING, &cycle::CYCLE],
    pdfs: &[Pdf::slides("leader-briefing"), Pdf::a4("leader-briefing-notes")],
    markdown: Some("leader-briefing-notes"),
    ..Document::PLAIN
};

pub const BRIEFING: ContentFile = ContentFile::of::<Briefing>("briefing");

texts! {
    /// `content/<lang>/briefing.toml`
    pub struct Briefing {
        pub title: Text,
        pub subtitle: Text,
        pub slides: Vec<Slide>,
        pub questions_notes: QuestionsNotes,
    }
}

texts! {
    /// What the speaker says about the questions slide, where it is true
    /// of the questions it shows (the organisation picks them).
    pub struct QuestionsNotes {
        /// When some of them are credited.
        pub credited: Text,
        /// When one of them is about the manager.
        pub about_leader: Text,
    }
}

texts! {
    pub struct Slide {
        pub title: Text,
        #[serde(default)]
        pub bullets: Vec<Markdown>,
        pub notes: Markdown,
        #[serde(default)]
        pub show: SlideInsert,
    }
}

/// What samtale adds to a slide from `kit.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SlideInsert {
    #[default]
    #[serde(rename = "")]
    Nothing,
    FocusAreas,
    Dates,
    Questions,
}

crate::text::no_texts!(SlideInsert);
