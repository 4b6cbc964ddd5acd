//! `<lang>/calendar.ics`: the round's dates as an iCalendar file (RFC 5545).
//!
//! Every date is an all-day event, shown as free time, with its description
//! in the kit's language. UIDs are made from the organisation, the year and
//! the event, never from the build, so importing a rebuilt file updates the
//! events instead of adding them twice. The time stamp is the kit's fixed
//! date, so a rebuild gives the same bytes.

use time::Date;

use crate::config::Kit;
use crate::kit::LanguageKit;

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
    let text = |path: &[&str]| -> String {
        let value = path.iter().fold(&language.data["text"], |v, key| &v[*key]);
        value.as_str().unwrap_or_default().to_string()
    };
    let round = &kit.round;
    let label = language.data["round"]["label"].as_str().unwrap_or_default().to_string();
    // Each fixed date: its id, its key in `cycle.dates` (the title) and in
    // `cycle.calendar` (the description), its first and last day.
    let fixed = |id: &str, key: &str, first: Date, last: Date| Event {
        id: id.into(),
        summary: text(&["cycle", "dates", key]),
        description: text(&["cycle", "calendar", key]),
        first,
        last,
    };
    let mut events = vec![
        fixed("announce", "announce", round.announce, round.announce),
        fixed("conversations", "period", round.start, round.end),
    ];
    let count = round.follow_ups.len();
    let follow_up = text(&["cycle", "calendar", "follow_up_title"]);
    for (i, date) in round.follow_ups.iter().enumerate() {
        events.push(Event {
            id: format!("follow-up-{}", i + 1),
            summary: format!("{follow_up} {}/{count}", i + 1),
            description: text(&["cycle", "calendar", "follow_up"]),
            first: *date,
            last: *date,
        });
    }
    events.push(fixed("reflection", "reflection", round.reflection, round.reflection));
    events.push(fixed("evaluation", "evaluation", round.evaluation, round.evaluation));

    let organisation = &kit.organisation.name;
    let domain = format!("{}.samtale", crate::forms::names::slug(organisation, "organisation"));
    let stamp = format!("{}T000000Z", basic(language.date));
    let lang = &language.lang;
    let title = format!("{} – {label} – {organisation}", text(&["strings", "kit", "title"]));
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
