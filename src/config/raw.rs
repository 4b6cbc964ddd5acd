//! The shape of `kit.toml` exactly as written, for serde.
//!
//! Unknown keys are errors (`deny_unknown_fields`): a misspelt key that is
//! silently ignored is the worst kind of bug for someone who edits this file
//! once a year.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKit {
    pub organisation: RawOrganisation,
    pub round: RawRound,
    pub languages: RawLanguages,
    #[serde(default)]
    pub focus_areas: Vec<RawFocusArea>,
    #[serde(default)]
    pub questions: RawQuestions,
    #[serde(default)]
    pub documents: RawDocuments,
    pub brand: RawBrand,
    #[serde(default = "default_theme")]
    pub theme: String,
}

fn default_theme() -> String {
    "default".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOrganisation {
    pub name: String,
    pub unit: Option<String>,
    pub hr_contact: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRound {
    pub year: i32,
    pub start: Spanned<toml::value::Datetime>,
    pub end: Spanned<toml::value::Datetime>,
    pub cadence: Spanned<RawCadence>,
    #[serde(default = "default_minutes")]
    pub meeting_minutes: u32,
    pub announce: Option<Spanned<toml::value::Datetime>>,
    pub reflection: Option<Spanned<toml::value::Datetime>>,
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLanguages {
    pub build: Vec<Spanned<String>>,
    pub reference: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFocusArea {
    pub id: Spanned<String>,
    pub title: BTreeMap<String, String>,
    #[serde(default)]
    pub description: BTreeMap<String, String>,
    pub owner: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestions {
    #[serde(default)]
    pub employee_preparation: Vec<Spanned<String>>,
    #[serde(default)]
    pub leader_preparation: Vec<Spanned<String>>,
    #[serde(default)]
    pub conversation_guide: Vec<Spanned<String>>,
    #[serde(default)]
    pub custom: Vec<RawCustomQuestion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCustomQuestion {
    pub id: Spanned<String>,
    pub category: Spanned<String>,
    pub part: Spanned<String>,
    pub source: String,
    pub text: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDocuments {
    pub build: Option<Vec<DocumentKind>>,
    #[serde(default)]
    pub action_plan: RawActionPlan,
    #[serde(default)]
    pub preparation: RawPreparation,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPreparation {
    /// Ruled lines under each question on the preparation sheets.
    #[serde(default = "default_lines")]
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActionPlan {
    #[serde(default = "default_rows")]
    pub rows: u32,
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBrand {
    pub primary: Spanned<String>,
    pub accent: Spanned<String>,
    pub logo: Option<Spanned<String>>,
    pub logo_alt: Option<String>,
    #[serde(default = "default_font")]
    pub font: Spanned<String>,
    pub footer: Option<String>,
}

fn default_font() -> Spanned<String> {
    Spanned::new(0..0, "Inter".into())
}

/// The documents of the kit. The names are the output file stems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    CycleOverview,
    LeaderBriefing,
    ConversationGuide,
    PreparationEmployee,
    PreparationLeader,
    ActionPlan,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 6] = [
        DocumentKind::CycleOverview,
        DocumentKind::LeaderBriefing,
        DocumentKind::ConversationGuide,
        DocumentKind::PreparationEmployee,
        DocumentKind::PreparationLeader,
        DocumentKind::ActionPlan,
    ];

    /// The file stem, also the name of the theme's Typst entry file.
    pub fn stem(self) -> &'static str {
        match self {
            DocumentKind::CycleOverview => "cycle-overview",
            DocumentKind::LeaderBriefing => "leader-briefing",
            DocumentKind::ConversationGuide => "conversation-guide",
            DocumentKind::PreparationEmployee => "preparation-employee",
            DocumentKind::PreparationLeader => "preparation-leader",
            DocumentKind::ActionPlan => "action-plan",
        }
    }
}
