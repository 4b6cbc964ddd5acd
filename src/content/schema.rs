//! The content files every document shares: `strings.toml` (titles, dates,
//! labels), `questions.toml` (the question texts), `web.toml` (words only
//! the web pages have), and the language-neutral question bank. Each
//! document's own content file is declared with it, in
//! [`crate::documents`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::text::{Text, texts};

texts! {
    /// `content/<lang>/strings.toml`
    pub struct Strings {
        pub language_name: Text,
        pub kit: KitStrings,
        /// The title of each PDF, keyed by its entry with `_` for `-`.
        pub documents: BTreeMap<String, Text>,
        pub dates: DateStrings,
        pub cadence: CadenceWords,
        pub labels: Labels,
    }
}

texts! {
    pub struct KitStrings {
        pub title: Text,
        pub round: Text,
        pub source_credit: Text,
        pub prepared_for: Text,
    }
}

/// How dates are written: templates samtale fills per date, so they are
/// not texts themselves.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DateStrings {
    /// January first.
    pub months: Vec<String>,
    /// The same, short, for the annual wheel.
    pub short_months: Vec<String>,
    /// `{day}. {month} {year}`
    pub format: String,
    /// `{start} – {end}`
    pub range: String,
}
crate::text::no_texts!(DateStrings);

/// How often to follow up, in words, for each cadence of kit.toml.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CadenceWords {
    pub monthly: String,
    #[serde(rename = "every-6-weeks")]
    pub every_6_weeks: String,
    pub bimonthly: String,
    pub quarterly: String,
    /// `{weeks}` is the number of weeks.
    pub weeks: String,
}
crate::text::no_texts!(CadenceWords);

texts! {
    /// Labels several documents print.
    pub struct Labels {
        pub organisation: Text,
        pub unit: Text,
        pub hr_contact: Text,
        pub period: Text,
        pub follow_up: Text,
        pub focus_areas: Text,
        pub owner: Text,
        pub source: Text,
        pub page: Text,
        pub name: Text,
        pub date: Text,
        pub notes_title: Text,
    }
}

texts! {
    /// `content/<lang>/questions.toml`
    pub struct QuestionTexts {
        /// The name of each category of the bank.
        pub categories: BTreeMap<String, Text>,
        /// The name of each source of the bank.
        pub sources: BTreeMap<String, Text>,
        /// The text of each question of the bank, by id.
        pub text: BTreeMap<String, Text>,
    }
}

texts! {
    /// `content/<lang>/web.toml`: words of the web pages that no printed
    /// document has: navigation, form hints and one line about each
    /// document for the kit's home page.
    pub struct Web {
        pub skip_link: Text,
        pub home: Text,
        pub languages: Text,
        pub choose_language: Text,
        pub documents_title: Text,
        pub open_page: Text,
        pub open_pdf: Text,
        pub print: Text,
        pub slide: Text,
        pub speaker_notes: Text,
        pub slides_hint: Text,
        pub form_privacy: Text,
        /// Downloads what is typed as a small file (see `kit.js`).
        pub save: Text,
        /// Fills the form again from such a file.
        pub open_saved: Text,
        /// Said when a file has been opened into the form.
        pub opened: Text,
        /// Said when a file is not a saved copy of this form.
        pub not_this_form: Text,
        pub signature_line: Text,
        pub row: Text,
        pub calendar: Text,
        /// One line about each document with a web page, keyed by its id
        /// with `_` for `-`.
        pub descriptions: BTreeMap<String, Text>,
    }
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
    /// Whether sheets credit it with a marker and a footnote.
    pub credit: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankQuestion {
    pub id: String,
    pub category: String,
    /// The part of the conversation guide it belongs to.
    pub part: String,
    pub source: String,
}
