//! The shape of `kit.toml` exactly as written, for serde, and for the JSON
//! Schema that `samtale schema` prints (schemars reads these types and their
//! doc comments, so the schema cannot drift from what samtale accepts).
//!
//! Unknown keys are errors (`deny_unknown_fields`): a misspelt key that is
//! silently ignored is the worst kind of bug for someone who edits this file
//! once a year.

use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use toml::Spanned;

/// One organisation's round of goals and development conversations.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "samtale kit.toml")]
pub struct RawKit {
    pub organisation: RawOrganisation,
    pub round: RawRound,
    pub languages: RawLanguages,
    /// This year's focus areas: 3–5 is a good number, at most 12.
    #[serde(default)]
    pub focus_areas: Vec<RawFocusArea>,
    #[serde(default)]
    pub questions: RawQuestions,
    #[serde(default)]
    pub documents: RawDocuments,
    /// Where the signed action plans are kept, how long, and who to ask;
    /// the kit prints the content's defaults for what is not given.
    #[serde(default)]
    pub records: RawRecords,
    pub brand: RawBrand,
    /// Theme folder under themes/; its files override the built-in theme's.
    #[serde(default = "default_theme")]
    pub theme: String,
}

fn default_theme() -> String {
    "default".into()
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Organisation")]
pub struct RawOrganisation {
    /// Printed on every page; one name for every language unless it is
    /// translated (`name.en = "Fjordvik Municipality"`).
    pub name: RawText,
    /// Unit or department, printed on the forms.
    pub unit: Option<RawText>,
    /// Who in HR to ask.
    pub hr_contact: Option<RawText>,
}

/// A text kit.toml prints: one for every language (`unit = "…"`), or one
/// per language code (`unit.nb = "…"`, `unit.en = "…"`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "Text")]
pub enum RawText {
    /// The same in every language.
    One(String),
    /// Per language code.
    PerLanguage(BTreeMap<String, String>),
}

impl RawText {
    /// Every text it holds, whatever the language.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        let texts: Vec<&str> = match self {
            RawText::One(text) => vec![text.as_str()],
            RawText::PerLanguage(texts) => texts.values().map(String::as_str).collect(),
        };
        texts.into_iter()
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Round")]
pub struct RawRound {
    /// The round's year, used in titles.
    pub year: i32,
    /// First day of the initial conversations.
    #[schemars(schema_with = "date")]
    pub start: Spanned<toml::value::Datetime>,
    /// Last day of the initial conversations.
    #[schemars(schema_with = "date")]
    pub end: Spanned<toml::value::Datetime>,
    /// How often to follow up: at most monthly, at least quarterly.
    #[schemars(schema_with = "cadence")]
    pub cadence: Spanned<RawCadence>,
    /// The length of one conversation, in minutes.
    #[serde(default = "default_minutes")]
    #[schemars(range(min = 15, max = 240))]
    pub meeting_minutes: u32,
    /// HR announces the round (default: two weeks before start).
    #[schemars(schema_with = "date")]
    pub announce: Option<Spanned<toml::value::Datetime>>,
    /// Learning-and-reflection conversation (default: ten months after start).
    #[schemars(schema_with = "date")]
    pub reflection: Option<Spanned<toml::value::Datetime>>,
    /// HR evaluates the round (default: a month after reflection).
    #[schemars(schema_with = "date")]
    pub evaluation: Option<Spanned<toml::value::Datetime>>,
}

fn default_minutes() -> u32 {
    60
}

/// `"monthly"`, `"every-6-weeks"`, … or a number of weeks.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawCadence {
    Named(String),
    Weeks(i64),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Languages")]
pub struct RawLanguages {
    /// Language codes to build; each needs content/<code>/ (nb, nn and en are built in).
    #[schemars(with = "Vec<String>", length(min = 1))]
    pub build: Vec<Spanned<String>>,
    /// The language translations are checked against (default: the first).
    #[schemars(with = "Option<String>")]
    pub reference: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "FocusArea")]
pub struct RawFocusArea {
    /// A stable id.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The title per language code: `title.nb = "…"`.
    pub title: BTreeMap<String, String>,
    /// One line per language code.
    #[serde(default)]
    pub description: BTreeMap<String, String>,
    /// Who is responsible for the area.
    pub owner: Option<RawText>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Questions")]
pub struct RawQuestions {
    /// Question ids for the employee's preparation sheet, in print order
    /// (`samtale questions` lists them).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub employee_preparation: Vec<Spanned<String>>,
    /// Question ids for the leader's preparation sheet.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub leader_preparation: Vec<Spanned<String>>,
    /// Question ids for the conversation guide; each goes under its part.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub conversation_guide: Vec<Spanned<String>>,
    /// The organisation's own questions.
    #[serde(default)]
    pub custom: Vec<RawCustomQuestion>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CustomQuestion")]
pub struct RawCustomQuestion {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// A category of the bank: development, leadership, follow-up,
    /// motivation, skills or contribution.
    #[schemars(with = "String")]
    pub category: Spanned<String>,
    /// The part of the conversation guide it belongs to.
    #[schemars(schema_with = "guide_part")]
    pub part: Spanned<String>,
    /// Where the question comes from, shown with it.
    pub source: RawText,
    /// The text per language code.
    pub text: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Records")]
pub struct RawRecords {
    /// Where the signed action plan is kept, e.g. "in your personnel file".
    pub kept: Option<RawText>,
    /// How long it is kept.
    pub period: Option<RawText>,
    /// Who to ask about the records (default: `organisation.hr_contact`).
    pub contact: Option<RawText>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Documents")]
pub struct RawDocuments {
    /// Which documents to build, in this order (default: all).
    #[schemars(schema_with = "document_ids")]
    pub build: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub action_plan: RawActionPlan,
    #[serde(default)]
    pub preparation: RawPreparation,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Preparation")]
pub struct RawPreparation {
    /// Ruled lines under each question on the preparation sheets and the reflection sheet.
    #[serde(default = "default_lines")]
    #[schemars(range(min = 1, max = 12))]
    pub lines: u32,
}

impl Default for RawPreparation {
    fn default() -> Self {
        Self { lines: default_lines() }
    }
}

fn default_lines() -> u32 {
    3
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ActionPlan")]
pub struct RawActionPlan {
    /// Ruled rows in the measures table, and in the follow-up note's status table.
    #[serde(default = "default_rows")]
    #[schemars(range(min = 1, max = 30))]
    pub rows: u32,
    /// Signature lines at the bottom.
    #[serde(default = "default_true")]
    pub signatures: bool,
}

impl Default for RawActionPlan {
    fn default() -> Self {
        Self { rows: default_rows(), signatures: true }
    }
}

fn default_rows() -> u32 {
    8
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Brand")]
pub struct RawBrand {
    /// Headings and white text on it: at least 4.5:1 against white.
    #[schemars(schema_with = "colour")]
    pub primary: Spanned<String>,
    /// Rules, bullets and borders: at least 3:1 against white.
    #[schemars(schema_with = "colour")]
    pub accent: Spanned<String>,
    /// SVG or PNG, relative to kit.toml.
    #[schemars(with = "Option<String>", regex(pattern = r"\.(svg|png|SVG|PNG)$"))]
    pub logo: Option<Spanned<String>>,
    /// Text alternative for the logo.
    pub logo_alt: Option<RawText>,
    /// A bundled font family.
    #[serde(default = "default_font")]
    #[schemars(schema_with = "font")]
    pub font: Spanned<String>,
    /// Printed in every page's footer.
    pub footer: Option<RawText>,
}

fn default_font() -> Spanned<String> {
    Spanned::new(0..0, "Inter".into())
}

fn date(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "format": "date", "description": "A TOML date: 2027-01-11" })
}

fn cadence(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "description": "How often to follow up: at most monthly, at least quarterly.",
        "oneOf": [
            { "type": "string", "enum": super::round::CADENCE_NAMES },
            { "type": "integer", "minimum": 4, "maximum": 13, "description": "Every N weeks." }
        ]
    })
}

fn guide_part(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "enum": crate::documents::GUIDE_PARTS })
}

fn document_ids(_: &mut SchemaGenerator) -> Schema {
    let ids: Vec<&str> = crate::documents::ids().collect();
    json_schema!({
        "type": "array",
        "uniqueItems": true,
        "items": { "type": "string", "enum": ids }
    })
}

fn colour(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "pattern": "^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$" })
}

fn font(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "enum": super::FONTS, "default": "Inter" })
}
