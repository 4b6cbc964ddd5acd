//! `output/<lang>/calendar.ics`, parsed back with the `icalendar` crate: the
//! round's dates from kit.toml, descriptions in each language, stable UIDs,
//! and the same dates as the cycle overview shows.

use std::collections::BTreeMap;

use crate::common::*;
use chrono::NaiveDate;
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};

struct Event {
    uid: String,
    summary: String,
    description: String,
    start: NaiveDate,
    /// Exclusive, as RFC 5545 all-day events have it.
    end: NaiveDate,
}

fn events(text: &str) -> Vec<Event> {
    let calendar: Calendar = text.parse().unwrap_or_else(|e| panic!("not iCalendar: {e}"));
    let day = |d: Option<DatePerhapsTime>| match d {
        Some(DatePerhapsTime::Date(d)) => d,
        other => panic!("not an all-day date: {other:?}"),
    };
    calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(Event {
                uid: e.get_uid().unwrap().to_string(),
                summary: e.get_summary().unwrap().to_string(),
                description: e.get_description().unwrap().to_string(),
                start: day(e.get_start()),
                end: day(e.get_end()),
            }),
            _ => None,
        })
        .collect()
}

fn kit_date(key: &str) -> NaiveDate {
    let value = kit()["round"][key].as_datetime().unwrap().to_string();
    NaiveDate::parse_from_str(&value, "%Y-%m-%d").unwrap()
}

/// A date as the kit prints it in `lang`, e.g. "4. januar 2027".
fn printed(lang: &str, date: NaiveDate) -> String {
    use chrono::Datelike;
    let dates = content(lang, "strings")["dates"].clone();
    let month = dates["months"][date.month0() as usize].as_str().unwrap();
    dates["format"]
        .as_str()
        .unwrap()
        .replace("{day}", &date.day().to_string())
        .replace("{month}", month)
        .replace("{year}", &date.year().to_string())
}

fn read_calendar(lang: &str) -> String {
    std::fs::read_to_string(built_demo().join("output").join(lang).join("calendar.ics")).unwrap()
}

#[test]
fn each_language_has_the_rounds_dates_as_all_day_events() {
    let mut uids_by_lang = BTreeMap::new();
    for lang in ["nb", "nn", "en"] {
        let text = read_calendar(lang);
        // RFC 5545: CRLF line ends, lines of at most 75 octets.
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{lang}");
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{lang}: {} octets: {line}", line.len());
            assert!(!line.contains('\n'), "{lang}: a bare LF");
        }
        let cycle = content(lang, "cycle");
        let events = events(&text);
        let by_id: BTreeMap<&str, &Event> = events
            .iter()
            .map(|e| (e.uid.split('@').next().unwrap().trim_start_matches("2027-"), e))
            .collect();

        let announce = by_id["announce"];
        assert_eq!(announce.start, kit_date("announce"));
        assert_eq!(announce.end, kit_date("announce").succ_opt().unwrap());
        let period = by_id["conversations"];
        assert_eq!(
            (period.start, period.end),
            (kit_date("start"), kit_date("end").succ_opt().unwrap())
        );
        assert_eq!(by_id["reflection"].start, kit_date("reflection"));
        assert_eq!(by_id["evaluation"].start, kit_date("evaluation"));

        // Descriptions and titles come from content, in the language.
        for (id, key) in [
            ("announce", "announce"),
            ("conversations", "period"),
            ("reflection", "reflection"),
            ("evaluation", "evaluation"),
        ] {
            assert_eq!(
                by_id[id].description,
                cycle["calendar"][key].as_str().unwrap(),
                "{lang}/{id}"
            );
            assert!(
                by_id[id].summary.starts_with(cycle["dates"][key].as_str().unwrap()),
                "{lang}/{id}"
            );
        }

        // Follow-ups: in order, between the conversations and the reflection,
        // and exactly the dates the cycle overview lists.
        let follow_ups: Vec<&Event> =
            events.iter().filter(|e| e.uid.contains("-follow-up-")).collect();
        assert!(follow_ups.len() >= 3, "{lang}");
        let title = cycle["calendar"]["follow_up_title"].as_str().unwrap();
        for (i, event) in follow_ups.iter().enumerate() {
            assert_eq!(
                event.summary.split(" · ").next().unwrap(),
                format!("{title} {}/{}", i + 1, follow_ups.len())
            );
            assert!(event.start > kit_date("end") && event.start < kit_date("reflection"));
            assert_eq!(event.description, cycle["calendar"]["follow_up"].as_str().unwrap());
        }
        assert!(follow_ups.windows(2).all(|w| w[0].start < w[1].start));
        let page = parse_html(&built_demo().join("output").join(lang).join("cycle-overview.html"));
        let listed: Vec<String> =
            select(&page, ".dates-list li").iter().map(|li| li.text().collect()).collect();
        let expected: Vec<String> = follow_ups.iter().map(|e| printed(lang, e.start)).collect();
        assert_eq!(listed, expected, "{lang}: the web page's follow-up dates");
        let pdf = pdf_text(&built_demo().join("output").join(lang).join("cycle-overview.pdf"));
        for event in events.iter().filter(|e| e.end == e.start.succ_opt().unwrap()) {
            assert!(
                pdf.contains(&squeeze(&printed(lang, event.start))),
                "{lang}: {} not in the PDF",
                event.start
            );
        }

        let uids: Vec<String> = events.iter().map(|e| e.uid.clone()).collect();
        let mut unique = uids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), uids.len(), "{lang}: UIDs repeat");
        uids_by_lang.insert(lang, uids);
    }
    // The same event has the same UID in every language.
    assert_eq!(uids_by_lang["nb"], uids_by_lang["en"]);
    assert_eq!(uids_by_lang["nb"], uids_by_lang["nn"]);
}

#[test]
fn uids_stay_when_texts_change_so_a_reimport_updates() {
    let project = demo_project();
    let kit_file = project.path().join("kit.toml");
    let text = std::fs::read_to_string(&kit_file).unwrap();
    std::fs::write(&kit_file, text.replace("reflection = 2027-11-15", "reflection = 2027-11-22"))
        .unwrap();
    // Text that must stay text: commas, semicolons and backslashes are escaped.
    std::fs::create_dir_all(project.path().join("content/en")).unwrap();
    let cycle = std::fs::read_to_string(format!("{REPO}/content/en/cycle.toml")).unwrap();
    let tricky = r#"evaluation = "HR reviews; a, b \\ c <b>""#;
    let cycle = cycle
        .lines()
        .map(|l| if l.starts_with("evaluation = \"After the reflection") { tricky } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(project.path().join("content/en/cycle.toml"), cycle).unwrap();
    let output = build(project.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let changed =
        events(&std::fs::read_to_string(project.path().join("output/en/calendar.ics")).unwrap());
    let original = events(&read_calendar("en"));
    let uids = |events: &[Event]| events.iter().map(|e| e.uid.clone()).collect::<Vec<_>>();
    assert_eq!(uids(&changed), uids(&original));
    let reflection = changed.iter().find(|e| e.uid.starts_with("2027-reflection@")).unwrap();
    assert_eq!(reflection.start, NaiveDate::from_ymd_opt(2027, 11, 22).unwrap());
    let evaluation = changed.iter().find(|e| e.uid.starts_with("2027-evaluation@")).unwrap();
    assert_eq!(evaluation.description, r"HR reviews; a, b \ c <b>");
}
