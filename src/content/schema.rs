//! The shape of each content file, checked with serde.
//!
//! Templates read content generically from `data.json`, so most of these
//! fields are never read in Rust: the types exist so that a missing, misspelt
//! or mistyped key is caught here, with its line and column, instead of
//! surfacing as a blank on a printed page.
#![allow(dead_code)]

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strings {
    pub language_name: String,
    pub kit: KitStrings,
    pub documents: BTreeMap<String, String>,
    pub dates: DateStrings,
    pub cadence: BTreeMap<String, String>,
    pub labels: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KitStrings {
    pub title: String,
    pub round: String,
    pub source_credit: String,
    pub prepared_for: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateStrings {
    pub months: Vec<String>,
    pub format: String,
    pub range: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionTexts {
    pub categories: BTreeMap<String, String>,
    pub text: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cycle {
    pub title: String,
    pub intro: String,
    pub purpose: Purpose,
    pub foundation: TitledText,
    pub phases: Vec<Phase>,
    pub roles: Roles,
    pub frequency: Frequency,
    pub documentation: TitledText,
    pub dates: BTreeMap<String, String>,
    pub calendar: CalendarText,
}

/// The descriptions of the events in `calendar.ics`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarText {
    pub follow_up_title: String,
    pub announce: String,
    pub period: String,
    pub follow_up: String,
    pub reflection: String,
    pub evaluation: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Purpose {
    pub title: String,
    pub points: Vec<String>,
    pub why_title: String,
    pub why: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitledText {
    pub title: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub title: String,
    pub when: String,
    pub items: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roles {
    pub title: String,
    pub role: Vec<Role>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub name: String,
    pub items: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frequency {
    pub title: String,
    pub text: String,
    pub this_round: String,
    pub dates_title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Briefing {
    pub title: String,
    pub subtitle: String,
    pub slides: Vec<Slide>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slide {
    pub title: String,
    #[serde(default)]
    pub bullets: Vec<String>,
    pub notes: String,
    #[serde(default)]
    pub show: SlideInsert,
}

/// What the program adds to a slide from `kit.toml`.
#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum SlideInsert {
    #[default]
    #[serde(rename = "")]
    Nothing,
    FocusAreas,
    Dates,
    Questions,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guide {
    pub title: String,
    pub intro: String,
    pub before_title: String,
    pub before: Vec<String>,
    pub questions_title: String,
    pub after_title: String,
    pub after: Vec<String>,
    pub parts: Vec<GuidePart>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuidePart {
    pub id: String,
    pub title: String,
    pub who: String,
    pub prompts: Vec<String>,
}

/// The guide's parts; bank questions name one of these in `part`.
pub const GUIDE_PARTS: &[&str] =
    &["status", "feedback", "leader-expectations", "employee-expectations", "wellbeing"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preparation {
    pub employee: EmployeePreparation,
    pub leader: LeaderPreparation,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmployeePreparation {
    pub title: String,
    pub intro: String,
    pub focus_title: String,
    pub focus_prompt: String,
    pub questions_title: String,
    pub own_title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaderPreparation {
    pub title: String,
    pub intro: String,
    pub review_title: String,
    pub review: Vec<String>,
    pub feedback_title: String,
    pub feedback_prompts: Vec<String>,
    pub expectations_title: String,
    pub expectations_prompts: Vec<String>,
    pub questions_title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionPlan {
    pub title: String,
    pub intro: String,
    pub employee: String,
    pub leader: String,
    pub unit: String,
    pub date: String,
    pub goals_title: String,
    pub development_title: String,
    pub measures_title: String,
    pub col_measure: String,
    pub col_focus: String,
    pub col_responsible: String,
    pub col_deadline: String,
    pub focus_hint: String,
    pub follow_up_title: String,
    pub follow_up_formal: String,
    pub follow_up_informal: String,
    pub reflection: String,
    pub signatures_title: String,
    pub sign_employee: String,
    pub sign_leader: String,
    pub sign_date: String,
}

/// `content/questions.toml`: the language-neutral question bank.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bank {
    pub sources: BTreeMap<String, BankSource>,
    pub question: Vec<BankQuestion>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankSource {
    pub citation: String,
    pub short: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankQuestion {
    pub id: String,
    pub category: String,
    pub part: String,
    pub source: String,
}

/// Words of the web pages that no printed document has: navigation, form
/// hints and one line about each document for the kit's home page.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Web {
    pub skip_link: String,
    pub home: String,
    pub languages: String,
    pub choose_language: String,
    pub documents_title: String,
    pub open_page: String,
    pub open_pdf: String,
    pub print: String,
    pub slide: String,
    pub speaker_notes: String,
    pub slides_hint: String,
    pub form_privacy: String,
    pub signature_line: String,
    pub row: String,
    pub calendar: String,
    pub descriptions: BTreeMap<String, String>,
}
