//! `<lang>/calendar.ics`: the round's dates as an iCalendar file (RFC 5545).
//!
//! Every date is an all-day event, shown as free time, with its description
//! in the kit's language. UIDs are made from the organisation, the year and
//! the event, never from the build, so importing a rebuilt file updates the
//! events instead of adding them twice. The time stamp is the kit's fixed
//! date, so a rebuild gives the same bytes.

use std::path::Path;

use time::Date;

use super::{Job, Renderer};
use crate::config::Kit;
use crate::diagnostics::Result;
use crate::documents::Cycle;
use crate::kit::LanguageKit;
use crate::output::OutputFile;

/// `<lang>/calendar.ics` for every language.
pub struct CalendarRenderer;

impl Renderer for CalendarRenderer {
    fn check_templates(&self, _: &Job) -> Result<()> {
        Ok(())
    }

    fn render(&mut self, job: &Job) -> Result<Vec<OutputFile>> {
        Ok(job
            .project
            .languages
            .iter()
            .map(|language| OutputFile {
                path: Path::new(&language.lang).join("calendar.ics"),
                bytes: ics(&job.project.kit, language),
            })
            .collect())
    }
}

/// One all-day event.
struct Event {
    /// Stable within the round: `announce`, `follow-up-3`, ….
    id: String,
    summary: String,
    description: String,
    first: Date,
    /// The last day (inclusive).
    last: Date,
}

/// The calendar of one language.
pub fn ics(kit: &Kit, language: &LanguageKit) -> Vec<u8> {
    let cycle = language.model.text.sections.get::<Cycle>();
    let (names, texts) = (&cycle.dates, &cycle.calendar);
    let round = &kit.round;
    let label = &language.model.round.label;
    // Each fixed date: its id, its title and description, its first and last day.
    let fixed =
        |id: &str, summary: &crate::text::Text, description: &crate::text::Text, first, last| {
            Event {
                id: id.into(),
                summary: summary.to_string(),
                description: description.to_string(),
                first,
                last,
            }
        };
    let mut events = vec![
        fixed("announce", &names.announce, &texts.announce, round.announce, round.announce),
        fixed("conversations", &names.period, &texts.period, round.start, round.end),
    ];
    let count = round.follow_ups.len();
    for (i, date) in round.follow_ups.iter().enumerate() {
        events.push(Event {
            id: format!("follow-up-{}", i + 1),
            summary: format!("{} {}/{count}", texts.follow_up_title, i + 1),
            description: texts.follow_up.to_string(),
            first: *date,
            last: *date,
        });
    }
    events.push(fixed(
        "reflection",
        &names.reflection,
        &texts.reflection,
        round.reflection,
        round.reflection,
    ));
    events.push(fixed(
        "evaluation",
        &names.evaluation,
        &texts.evaluation,
        round.evaluation,
        round.evaluation,
    ));

    let lang = &language.lang;
    let organisation = kit.organisation.name.get_or_any(lang);
    // One domain for every language, so an event's UID names the kit.
    let reference = kit.organisation.name.get_or_any(&kit.reference_language);
    let domain = format!("{}.samtale", crate::text::slug(reference, "organisation"));
    let stamp = format!("{}T000000Z", basic(language.date));
    let title = format!("{} – {label} – {organisation}", language.model.text.strings.kit.title);
    let mut out = Lines::default();
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.line(&format!(
        "PRODID:-//samtale//samtale {}//{}",
        env!("CARGO_PKG_VERSION"),
        lang.to_uppercase()
    ));
    out.line("CALSCALE:GREGORIAN");
    out.line("METHOD:PUBLISH");
    out.line(&format!("X-WR-CALNAME:{}", escape(&title)));
    for event in &events {
        let next = event.last.next_day().unwrap_or(event.last);
        out.line("BEGIN:VEVENT");
        out.line(&format!("UID:{}-{}@{domain}", round.year, event.id));
        out.line(&format!("DTSTAMP:{stamp}"));
        out.line(&format!("DTSTART;VALUE=DATE:{}", basic(event.first)));
        out.line(&format!("DTEND;VALUE=DATE:{}", basic(next)));
        out.line(&format!(
            "SUMMARY;LANGUAGE={lang}:{}",
            escape(&format!("{} · {label}", event.summary))
        ));
        out.line(&format!("DESCRIPTION;LANGUAGE={lang}:{}", escape(&event.description)));
        out.line("TRANSP:TRANSPARENT");
        out.line("END:VEVENT");
    }
    out.line("END:VCALENDAR");
    out.0.into_bytes()
}

/// `20270104`, the DATE form.
fn basic(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), u8::from(date.month()), date.day())
}

/// TEXT escaping (RFC 5545 §3.3.11); content is plain text, never markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Content lines, CRLF-terminated and folded at 75 octets without
/// splitting a character (RFC 5545 §3.1).
#[derive(Default)]
struct Lines(String);

impl Lines {
    fn line(&mut self, line: &str) {
        let mut width = 0;
        for c in line.chars() {
            // A continuation line starts with a space, which counts.
            if width + c.len_utf8() > 75 {
                self.0.push_str("\r\n ");
                width = 1;
            }
            self.0.push(c);
            width += c.len_utf8();
        }
        self.0.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut lines = Lines::default();
        lines.line(&format!("DESCRIPTION:{}", "æøå ".repeat(40)));
        for line in lines.0.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = lines.0.replace("\r\n ", "");
        assert_eq!(unfolded, format!("DESCRIPTION:{}\r\n", "æøå ".repeat(40)));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }
}
