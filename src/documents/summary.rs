//! HR's overview of the round, made by `samtale collect` from the filled
//! forms that came back: not part of the kit a build makes, but written in
//! each of the kit's languages like its documents, so it is declared here
//! and its content file is checked with theirs.

use super::{ContentFile, Document, Pdf};
use crate::text::{Markdown, Text, texts};

pub const ROUND_SUMMARY: Document = Document {
    id: "round-summary",
    content: &[&SUMMARY],
    pdfs: &[Pdf::a4("round-summary")],
    page: false,
    ..Document::PLAIN
};

pub const SUMMARY: ContentFile = ContentFile::of::<Summary>("summary");

texts! {
    /// `content/<lang>/summary.toml`
    pub struct Summary {
        /// The document's name, in its metadata and the browser's tab.
        pub name: Text,
        pub title: Text,
        pub intro: Markdown,
        /// What the overview holds and what it leaves out.
        pub privacy: Text,
        /// Said when no roster was given: only those who returned count.
        pub no_roster: Text,
        pub totals_title: Text,
        pub people: Text,
        pub returned: Text,
        pub signed: Text,
        pub measures: Text,
        pub notes: Text,
        pub files: Text,
        pub leaders_title: Text,
        pub units_title: Text,
        pub col_leader: Text,
        pub col_unit: Text,
        pub col_people: Text,
        pub col_returned: Text,
        pub col_signed: Text,
        pub col_missing: Text,
        pub focus_title: Text,
        pub focus_intro: Text,
        pub unassigned: Text,
        pub months_title: Text,
        pub undated: Text,
        pub follow_up_title: Text,
        pub plans_planned: Text,
        pub planned: Text,
        pub people_noted: Text,
        pub on_track: Text,
        pub behind: Text,
        pub done: Text,
        pub problems_title: Text,
        pub col_file: Text,
        pub col_reason: Text,
        pub no_problems: Text,
        pub reasons: Reasons,
    }
}

texts! {
    /// Why a file was not collected, one line per kind (`collect::read::Refused`).
    pub struct Reasons {
        pub unreadable: Text,
        pub encrypted: Text,
        pub not_samtale: Text,
        pub other_round: Text,
        pub flattened: Text,
        pub too_large: Text,
        pub not_collected: Text,
        pub no_name: Text,
        pub not_in_roster: Text,
        pub ambiguous: Text,
        pub duplicate: Text,
    }
}
