//! The conversation guide: the agenda of the conversation, part by part.

use super::{ContentFile, Document, Pdf, records};
use crate::text::{Markdown, Text, texts};

pub const CONVERSATION_GUIDE: Document = Document {
    id: "conversation-guide",
    content: &[&GUIDE, &records::RECORDS],
    pdfs: &[Pdf::a4("conversation-guide")],
    ..Document::PLAIN
};

pub const GUIDE: ContentFile = ContentFile::of::<Guide>("guide");

texts! {
    /// `content/<lang>/guide.toml`
    pub struct Guide {
        pub title: Text,
        pub intro: Markdown,
        pub before_title: Text,
        pub before: Vec<Markdown>,
        pub questions_title: Text,
        pub after_title: Text,
        pub after: Vec<Markdown>,
        /// What the conversation is not for: pay, sick leave, personnel cases.
        pub not_for_title: Text,
        pub not_for: Vec<Markdown>,
        pub parts: Vec<GuidePart>,
    }
}

texts! {
    pub struct GuidePart {
        /// One of [`GUIDE_PARTS`], in that order; questions name it.
        pub id: String,
        pub title: Text,
        pub who: Text,
        pub prompts: Vec<Markdown>,
    }
}

/// The guide's parts, in order; bank and custom questions name one of these.
pub const GUIDE_PARTS: &[&str] =
    &["status", "feedback", "leader-expectations", "employee-expectations", "wellbeing"];
