//! The cycle overview: the process from strategy to evaluation, who does
//! what, the round's dates and how often to follow up.

use super::{ContentFile, Document, Pdf, records};
use crate::text::{Markdown, Text, texts};

pub const CYCLE_OVERVIEW: Document = Document {
    id: "cycle-overview",
    content: &[&CYCLE, &records::RECORDS],
    pdfs: &[Pdf::a4("cycle-overview")],
    ..Document::PLAIN
};

/// The cycle's texts; the briefing shows its dates, the calendar its events.
pub const CYCLE: ContentFile = ContentFile::of::<Cycle>("cycle");

texts! {
    /// `content/<lang>/cycle.toml`
    pub struct Cycle {
        pub title: Text,
        pub intro: Markdown,
        pub purpose: Purpose,
        pub foundation: TitledText,
        pub phases: Vec<Phase>,
        pub roles: Roles,
        pub frequency: Frequency,
        pub documentation: TitledText,
        pub dates: Dates,
        pub wheel: WheelText,
        pub calendar: CalendarText,
    }
}

texts! {
    pub struct Purpose {
        pub title: Text,
        pub points: Vec<Markdown>,
        pub why_title: Text,
        pub why: Markdown,
    }
}

texts! {
    pub struct TitledText {
        pub title: Text,
        pub text: Markdown,
    }
}

texts! {
    pub struct Phase {
        pub title: Text,
        pub when: Text,
        pub items: Vec<Markdown>,
    }
}

texts! {
    pub struct Roles {
        pub title: Text,
        pub role: Vec<Role>,
    }
}

texts! {
    pub struct Role {
        pub name: Text,
        pub items: Vec<Markdown>,
    }
}

texts! {
    pub struct Frequency {
        pub title: Text,
        pub text: Markdown,
        pub this_round: Text,
        pub dates_title: Text,
    }
}

texts! {
    /// The names of the round's dates.
    pub struct Dates {
        pub title: Text,
        pub announce: Text,
        pub period: Text,
        pub follow_up: Text,
        pub reflection: Text,
        pub evaluation: Text,
    }
}

texts! {
    /// The descriptions of the events in `calendar.ics`.
    pub struct CalendarText {
        pub follow_up_title: Text,
        pub announce: Text,
        pub period: Text,
        pub follow_up: Text,
        pub reflection: Text,
        pub evaluation: Text,
    }
}

texts! {
    /// The annual wheel's title and labels: short, they sit on the wheel.
    pub struct WheelText {
        pub title: Text,
        pub announce: Text,
        pub period: Text,
        pub follow_up: Text,
        pub reflection: Text,
        pub evaluation: Text,
        /// The opening of its text alternative; the dates follow.
        pub alt: Text,
    }
}
