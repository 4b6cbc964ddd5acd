//! What renderers read: the kit of one language as typed data. Typst gets
//! it as `/data.json`, the web pages and the speaker notes as their
//! template context; the field names are the names templates use.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use crate::config::Settings;
use crate::content::Sections;
use crate::content::schema::{QuestionTexts, Strings, Web};

/// The kit of one language.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    pub lang: String,
    pub organisation: Organisation,
    pub round: Round,
    /// The round's dates on an annual wheel, drawn by the templates.
    pub wheel: super::wheel::Wheel,
    pub brand: Brand,
    pub focus_areas: Vec<FocusArea>,
    pub questions: Questions,
    /// The sources of the bank questions on the sheets, to credit them.
    pub credits: Vec<Credit>,
    /// The `[documents.*]` settings of kit.toml.
    pub options: Settings,
    /// Where the signed plan is kept, how long, who to ask.
    pub records: Records,
    /// Every content file's texts, placeholders filled in.
    pub text: Texts,
}

#[derive(Debug, Clone, Serialize)]
pub struct Organisation {
    pub name: String,
    pub unit: Option<String>,
    pub hr_contact: Option<String>,
}

/// The round's dates, written in the language.
#[derive(Debug, Clone, Serialize)]
pub struct Round {
    pub year: i32,
    /// "Samtalerunden 2027"
    pub label: String,
    pub announce: String,
    pub start: String,
    pub end: String,
    /// The conversation period, start to end.
    pub period: String,
    pub reflection: String,
    pub evaluation: String,
    /// How often to follow up, in words.
    pub cadence: String,
    pub minutes: u32,
    pub follow_ups: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Brand {
    pub primary: String,
    pub accent: String,
    /// The accent checked for text: small text in the accent colour needs
    /// 4.5:1, which the accent itself only has to reach 3:1.
    pub accent_text: Option<String>,
    pub font: String,
    pub footer: Option<String>,
    /// The logo's path in the Typst world, when the kit has one.
    pub logo: Option<String>,
    pub logo_alt: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FocusArea {
    /// Its number on every sheet, from 1.
    pub n: usize,
    pub id: String,
    pub title: String,
    pub description: String,
    pub owner: Option<String>,
}

/// The selected questions of each sheet.
#[derive(Debug, Clone, Serialize)]
pub struct Questions {
    pub employee: Vec<Question>,
    pub leader: Vec<Question>,
    /// The guide's questions by part id.
    pub guide: BTreeMap<String, Vec<Question>>,
    /// What the briefing's questions slide shows: the first of the
    /// employee's questions, so that its speaker text can say what is true
    /// of them, whatever the organisation selected.
    pub slide: SlideQuestions,
    /// Marks questions whose source is credited.
    pub marker: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct SlideQuestions {
    pub shown: Vec<Question>,
    /// Some of them are credited.
    pub credited: bool,
    /// Some of them are about the manager.
    pub about_leader: bool,
}

/// A selected question as the templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub id: String,
    pub text: String,
    /// The bank's category id (`leadership`), and its name in the language.
    pub category: String,
    pub category_name: String,
    pub part: String,
    /// Where it comes from, named in the language.
    pub source: Option<String>,
    /// Its source is credited in the footnote.
    pub credited: bool,
}

/// kit.toml's `[records]` in the language, or the content's defaults.
#[derive(Debug, Clone, Serialize)]
pub struct Records {
    pub kept: String,
    pub period: String,
    pub contact: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Credit {
    pub citation: String,
}

/// The texts of every content file, by file name (`text.strings`,
/// `text.cycle`).
#[derive(Debug, Clone)]
pub struct Texts {
    pub strings: Strings,
    pub questions: QuestionTexts,
    pub web: Web,
    pub sections: Sections,
}

impl Serialize for Texts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("strings", &self.strings)?;
        map.serialize_entry("questions", &self.questions)?;
        for (name, section) in self.sections.iter() {
            map.serialize_entry(name, &section.json())?;
        }
        map.serialize_entry("web", &self.web)?;
        map.end()
    }
}
