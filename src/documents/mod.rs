//! The document registry: every document of the kit, declared once.
//!
//! A document is one [`Document`] entry in [`ALL`], kept in a module of its
//! own beside the typed content file(s) its templates read. Everything else
//! is derived from this list: the names `documents.build` accepts (and their
//! did-you-mean), the schema's enum, the content files every language must
//! have, what the data of each PDF holds (and so what `watch` recompiles
//! after an edit), the forms of a roster pack, the cards of the home page and
//! the print order. To add a document, see "Adding a document" in the README.

mod action_plan;
mod briefing;
mod cycle;
mod evaluation;
mod follow_up;
mod guide;
mod preparation;
mod records;
mod reflection;
mod summary;

use std::any::Any;
use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use action_plan::ACTION_PLAN;
pub use cycle::Cycle;
pub use follow_up::FOLLOW_UP_NOTE;
pub use guide::{GUIDE_PARTS, Guide};
pub use records::Records;
pub use summary::{ROUND_SUMMARY, Summary};

use crate::text::Texts;

/// Every document, in the order of the kit: the default of
/// `documents.build`, and the order of a roster pack.
pub const ALL: &[&Document] = &[
    &cycle::CYCLE_OVERVIEW,
    &briefing::LEADER_BRIEFING,
    &guide::CONVERSATION_GUIDE,
    &preparation::PREPARATION_EMPLOYEE,
    &preparation::PREPARATION_LEADER,
    &action_plan::ACTION_PLAN,
    &follow_up::FOLLOW_UP_NOTE,
    &reflection::REFLECTION_GUIDE,
    &reflection::REFLECTION_PREPARATION,
    &evaluation::ROUND_EVALUATION,
];

/// Documents made from what comes back rather than by `build`: their
/// content files are part of every language all the same.
pub const REPORTS: &[&Document] = &[&summary::ROUND_SUMMARY];

/// One document of the kit.
#[derive(Debug)]
pub struct Document {
    /// The name in `documents.build`, the stem of its output files and of
    /// its web page's template (`html/<id>.html`).
    pub id: &'static str,
    /// The content files its templates read (`content/<lang>/<name>.toml`),
    /// besides `strings.toml`, which every document reads. A PDF's data holds
    /// only these, so a rebuild in `watch` depends on exactly them.
    pub content: &'static [&'static ContentFile],
    /// Its PDFs: the theme's Typst entries (`typst/<entry>.typ`).
    pub pdfs: &'static [Pdf],
    /// Whether it has a web page, `html/<id>.html`.
    pub page: bool,
    /// A Markdown rendering, from the theme's `markdown/<stem>.md` to
    /// `<stem>.md` (the briefing's speaker notes, for pasting).
    pub markdown: Option<&'static str>,
    /// Filled in for each person of a roster by `samtale forms`.
    pub form: Option<PersonForm>,
    /// The `[documents.<key>]` tables of kit.toml it reads.
    pub settings: &'static [Setting],
}

impl Document {
    /// What most documents are, to spell out only what differs: a web page,
    /// no Markdown rendering, not filled in per person, no settings.
    pub const PLAIN: Document = Document {
        id: "",
        content: &[],
        pdfs: &[],
        page: true,
        markdown: None,
        form: None,
        settings: &[],
    };
}

/// A PDF of a document.
#[derive(Debug)]
pub struct Pdf {
    /// The Typst entry, `typst/<entry>.typ`; also the PDF's file stem and,
    /// with `_` for `-`, the key of its title in `strings.toml`.
    pub entry: &'static str,
    pub page: Page,
}

impl Pdf {
    pub const fn a4(entry: &'static str) -> Pdf {
        Pdf { entry, page: Page::A4 }
    }

    pub const fn slides(entry: &'static str) -> Pdf {
        Pdf { entry, page: Page::Slides }
    }
}

/// The page format a PDF's template sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// A4 portrait, to print.
    A4,
    /// 16:9 slides, to show.
    Slides,
}

/// How a document is filled in per person.
#[derive(Debug)]
pub struct PersonForm {
    /// `forms --only <name>`, the file suffix (`<person>-<name>.pdf`) and
    /// the manifest's column.
    pub name: &'static str,
    /// What the form prints of each person (`person.<key>` in Typst).
    pub fields: &'static [PersonField],
}

/// What a roster form prints of its person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonField {
    Employee,
    Leader,
    Unit,
    /// The planned date of the conversation, in the person's language.
    Date,
    /// The person's follow-up dates: from their conversation at the round's
    /// cadence until the reflection conversation, in their language.
    FollowUps,
    /// Last round's plan, from `forms --previous`: its goals and measures,
    /// where the conversation starts ("status on last period's plan").
    Previous,
}

impl PersonField {
    pub fn key(self) -> &'static str {
        match self {
            PersonField::Employee => "employee",
            PersonField::Leader => "leader",
            PersonField::Unit => "unit",
            PersonField::Date => "date",
            PersonField::FollowUps => "follow_ups",
            PersonField::Previous => "previous",
        }
    }
}

/// A table of document settings in kit.toml, `[documents.<key>]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// Rows of the measures table, signature lines.
    ActionPlan,
    /// Ruled lines under each question of the preparation sheets.
    Preparation,
}

impl Setting {
    pub fn key(self) -> &'static str {
        match self {
            Setting::ActionPlan => "action_plan",
            Setting::Preparation => "preparation",
        }
    }
}

/// A content file a document's templates read: `content/<lang>/<name>.toml`,
/// read into its typed struct.
pub struct ContentFile {
    pub name: &'static str,
    parse: fn(&str) -> Result<Box<dyn Section>, toml::de::Error>,
}

impl ContentFile {
    /// The content file `name`, read as a `T`.
    pub const fn of<T: Section + DeserializeOwned>(name: &'static str) -> ContentFile {
        ContentFile { name, parse: parse_as::<T> }
    }

    /// Reads the file's TOML into its typed struct. serde reports a missing,
    /// unknown or mistyped key with its line and column.
    pub fn parse(&self, toml: &str) -> Result<Box<dyn Section>, toml::de::Error> {
        (self.parse)(toml)
    }
}

impl Debug for ContentFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ContentFile({})", self.name)
    }
}

fn parse_as<T: Section + DeserializeOwned>(
    toml: &str,
) -> Result<Box<dyn Section>, toml::de::Error> {
    toml::from_str::<T>(toml).map(|section| Box::new(section) as Box<dyn Section>)
}

/// The typed texts of one content file. Templates get them serialized;
/// Rust code that needs a text asks the language's content for its type.
pub trait Section: Texts + Any + Debug + Send + Sync {
    /// The texts as template data.
    fn json(&self) -> serde_json::Value;
    fn as_any(&self) -> &dyn Any;
    fn clone_box(&self) -> Box<dyn Section>;
}

impl<T: Texts + Serialize + Clone + Any + Debug + Send + Sync> Section for T {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("texts are strings, lists and tables")
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn clone_box(&self) -> Box<dyn Section> {
        Box::new(self.clone())
    }
}

impl Clone for Box<dyn Section> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

/// The document `id`, if there is one.
pub fn find(id: &str) -> Option<&'static Document> {
    ALL.iter().copied().find(|d| d.id == id)
}

/// The ids of every document, for did-you-mean and the schema.
pub fn ids() -> impl Iterator<Item = &'static str> {
    ALL.iter().map(|d| d.id)
}

/// Every content file a document reads, each once, in the order of [`ALL`].
pub fn content_files() -> Vec<&'static ContentFile> {
    let mut files: Vec<&'static ContentFile> = Vec::new();
    for file in ALL.iter().chain(REPORTS).flat_map(|d| d.content.iter().copied()) {
        if !files.iter().any(|f| f.name == file.name) {
            files.push(file);
        }
    }
    files
}

/// The documents filled in per person, in pack order.
pub fn forms() -> impl Iterator<Item = (&'static Document, &'static PersonForm)> {
    ALL.iter().filter_map(|d| d.form.as_ref().map(|form| (*d, form)))
}

/// The key of a document's or PDF's title in `strings.toml` (`[documents]`)
/// and of its line in `web.toml` (`[descriptions]`): TOML keys are written
/// with `_`.
pub fn text_key(name: &str) -> String {
    name.replace('-', "_")
}

impl Document {
    /// Whether the document's data holds the content file `name`.
    pub fn reads(&self, name: &str) -> bool {
        self.content.iter().any(|f| f.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_entries_and_form_names_are_unique() {
        let mut names: Vec<&str> = ALL
            .iter()
            .flat_map(|d| std::iter::once(d.id).chain(d.pdfs.iter().map(|p| p.entry)))
            .collect();
        let count = names.len();
        names.sort();
        names.dedup();
        // A document's first PDF carries its id; no other name repeats.
        assert_eq!(names.len() + ALL.iter().filter(|d| d.pdfs[0].entry == d.id).count(), count);
        let forms: Vec<&str> = forms().map(|(_, f)| f.name).collect();
        let mut unique = forms.clone();
        unique.dedup();
        assert_eq!(forms, unique);
    }
}
