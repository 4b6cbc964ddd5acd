//! Who sees which document, where each is kept, for how long, and who to
//! ask: printed on the cycle overview, the conversation guide, the action
//! plan and the follow-up note, and on their web pages. Where the signed
//! plan is kept, how long and who to ask come from kit.toml's `[records]`
//! when it says, and otherwise from the defaults written here, which fit a
//! municipality as well as a private company.

use super::ContentFile;
use crate::text::{Markdown, Text, texts};

pub const RECORDS: ContentFile = ContentFile::of::<Records>("records");

texts! {
    /// `content/<lang>/records.toml`
    pub struct Records {
        pub title: Text,
        pub intro: Markdown,
        /// Each kind of document: who sees it, where it is kept.
        pub documents: Vec<RecordRow>,
        pub points: Vec<Markdown>,
        pub kept_label: Text,
        pub period_label: Text,
        pub contact_label: Text,
        pub default_kept: Text,
        pub default_period: Text,
        pub default_contact: Text,
        /// A line for the foot of the action plan.
        pub footer: Text,
        /// The employee reads what is written, may comment, and signs.
        pub sign_off: Text,
    }
}

texts! {
    pub struct RecordRow {
        pub name: Text,
        pub who: Text,
        pub kept: Text,
    }
}
