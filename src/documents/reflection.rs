//! The learning-and-reflection conversation at the end of the period: the
//! manager's agenda, and the preparation sheet both parties fill in, each
//! their own.

use super::{ContentFile, Document, Pdf, Setting};
use crate::text::{Markdown, Text, texts};

pub const REFLECTION_GUIDE: Document = Document {
    id: "reflection-guide",
    content: &[&REFLECTION],
    pdfs: &[Pdf::a4("reflection-guide")],
    ..Document::PLAIN
};

pub const REFLECTION_PREPARATION: Document = Document {
    id: "reflection-preparation",
    content: &[&REFLECTION],
    pdfs: &[Pdf::a4("reflection-preparation")],
    settings: &[Setting::Preparation],
    ..Document::PLAIN
};

pub const REFLECTION: ContentFile = ContentFile::of::<Reflection>("reflection");

texts! {
    /// `content/<lang>/reflection.toml`
    pub struct Reflection {
        pub guide: ReflectionGuide,
        pub preparation: ReflectionPreparation,
    }
}

texts! {
    pub struct ReflectionGuide {
        pub title: Text,
        pub intro: Markdown,
        pub before_title: Text,
        pub before: Vec<Markdown>,
        pub after_title: Text,
        pub after: Vec<Markdown>,
        pub parts: Vec<ReflectionPart>,
    }
}

texts! {
    pub struct ReflectionPart {
        pub title: Text,
        pub who: Text,
        pub prompts: Vec<Markdown>,
    }
}

texts! {
    pub struct ReflectionPreparation {
        pub title: Text,
        pub intro: Markdown,
        pub role_title: Text,
        pub role_employee: Text,
        pub role_leader: Text,
        pub name: Text,
        pub date: Text,
        pub questions_title: Text,
        pub questions: Vec<Text>,
        pub own_title: Text,
    }
}
