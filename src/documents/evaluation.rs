//! HR's evaluation of the round: a short questionnaire for managers and
//! employees about the process and its tools, handed out after the
//! reflection conversations.

use super::{ContentFile, Document, Pdf};
use crate::text::{Markdown, Text, texts};

pub const ROUND_EVALUATION: Document = Document {
    id: "round-evaluation",
    content: &[&EVALUATION],
    pdfs: &[Pdf::a4("round-evaluation")],
    ..Document::PLAIN
};

pub const EVALUATION: ContentFile = ContentFile::of::<Evaluation>("evaluation");

texts! {
    /// `content/<lang>/evaluation.toml`
    pub struct Evaluation {
        pub title: Text,
        pub intro: Markdown,
        pub role_title: Text,
        pub role_employee: Text,
        pub role_leader: Text,
        pub unit: Text,
        /// The questions answered on a scale, one tick each.
        pub items: Vec<ScaleQuestion>,
        pub training_title: Text,
        pub training_options: Vec<Text>,
        pub training_other: Text,
        pub comments_title: Text,
    }
}

texts! {
    pub struct ScaleQuestion {
        /// The name of its field in the filled-in form: the same in every
        /// language, so answers can be counted together.
        pub id: String,
        pub question: Text,
        pub options: Vec<Text>,
    }
}
