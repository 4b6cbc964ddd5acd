//! The annual wheel (*årshjul*): the round's dates on a circle of months,
//! the way Norwegian organisations draw a year's cycle.
//!
//! The geometry is computed here once, as numbers in a 200 × 200 box, so
//! that the PDF (Typst polygons) and the web page (inline SVG) draw the same
//! wheel and neither template needs trigonometry. Months run clockwise from
//! the top, starting with the month HR announces the round; a round that
//! crosses New Year simply goes on round the circle.

use serde::Serialize;
use time::{Date, Month};

use crate::config::Round;

/// The side of the box the wheel is drawn in.
const SIZE: f64 = 200.0;
const CENTRE: f64 = SIZE / 2.0;
/// The ring of months.
const MONTHS_OUTER: f64 = 98.0;
const MONTHS_INNER: f64 = 74.0;
/// The band of the conversation period, inside the months.
const PERIOD_OUTER: f64 = 72.0;
const PERIOD_INNER: f64 = 62.0;
/// Where the dates are marked.
const MARKS: f64 = 52.0;
/// One point of an arc every this many degrees.
const STEP: f64 = 3.0;

/// The wheel of one language.
#[derive(Debug, Clone, Serialize)]
pub struct Wheel {
    pub size: f64,
    pub months: Vec<Sector>,
    /// The conversation period, as a band inside the months.
    pub period: Sector,
    pub marks: Vec<Mark>,
    /// "2027", or "2027–2028" for a round that crosses New Year.
    pub years: String,
    /// The text alternative: every date of the round, in words.
    pub alt: String,
}

/// A ring segment: its outline, and where its label goes.
#[derive(Debug, Clone, Serialize)]
pub struct Sector {
    pub label: String,
    pub points: Vec<[f64; 2]>,
    pub label_at: [f64; 2],
    /// Every other month is shaded darker, so the ring reads in greyscale.
    pub shade: usize,
    /// The year, on the first month of a new year after the start.
    pub new_year: Option<i32>,
}

/// A date of the round on the wheel.
#[derive(Debug, Clone, Serialize)]
pub struct Mark {
    /// `announce`, `follow-up`, `reflection` or `evaluation`: each has its
    /// own shape, so they differ without colour.
    pub kind: &'static str,
    pub at: [f64; 2],
    /// What is written in the mark: a follow-up's number.
    pub number: Option<usize>,
}

/// The words the wheel is labelled with, in the kit's language.
pub struct Words<'a> {
    pub short_months: &'a [String],
    /// The alt text's opening, e.g. "Årshjul for samtalerunden 2027".
    pub alt: &'a str,
    /// (name, date in words) of each date, in order, for the alt text.
    pub dates: Vec<(String, String)>,
}

/// Draws the round on a wheel of at least twelve months.
pub fn wheel(round: &Round, words: Words) -> Wheel {
    let first = month_index(round.announce);
    let last = month_index(round.evaluation.max(round.reflection));
    let count = (last - first + 1).max(12);
    let angle = |date: Date| {
        let day = f64::from(date.day() - 1) / f64::from(date.month().length(date.year()));
        (f64::from(month_index(date) - first) + day) * 360.0 / f64::from(count)
    };
    let months = (0..count)
        .map(|i| {
            let (year, month) = from_index(first + i);
            let (from, to) = (f64::from(i), f64::from(i + 1));
            let (from, to) = (from * 360.0 / f64::from(count), to * 360.0 / f64::from(count));
            Sector {
                label: words.short_months[usize::from(u8::from(month)) - 1].clone(),
                points: ring(from, to, MONTHS_OUTER, MONTHS_INNER),
                label_at: polar((from + to) / 2.0, (MONTHS_OUTER + MONTHS_INNER) / 2.0),
                shade: (i % 2) as usize,
                new_year: (month == Month::January && i > 0).then_some(year),
            }
        })
        .collect();
    let end = round.end.next_day().unwrap_or(round.end);
    let period = Sector {
        label: String::new(),
        points: ring(angle(round.start), angle(end), PERIOD_OUTER, PERIOD_INNER),
        label_at: polar((angle(round.start) + angle(end)) / 2.0, MARKS),
        shade: 0,
        new_year: None,
    };
    let mark = |kind, date, number| Mark { kind, at: polar(angle(date), MARKS), number };
    let mut marks = vec![mark("announce", round.announce, None)];
    marks.extend(
        round.follow_ups.iter().enumerate().map(|(i, d)| mark("follow-up", *d, Some(i + 1))),
    );
    marks.push(mark("reflection", round.reflection, None));
    marks.push(mark("evaluation", round.evaluation, None));
    let (first_year, last_year) = (round.announce.year(), round.evaluation.year());
    let years = if first_year == last_year {
        first_year.to_string()
    } else {
        format!("{first_year}–{last_year}")
    };
    let dates: Vec<String> =
        words.dates.iter().map(|(name, date)| format!("{name}: {date}")).collect();
    Wheel {
        size: SIZE,
        months,
        period,
        marks,
        years,
        alt: format!("{}. {}.", words.alt, dates.join("; ")),
    }
}

/// Months counted from year 0, so that months of different years subtract.
fn month_index(date: Date) -> i32 {
    date.year() * 12 + i32::from(u8::from(date.month())) - 1
}

fn from_index(index: i32) -> (i32, Month) {
    let month = Month::try_from((index.rem_euclid(12) + 1) as u8).expect("1..=12");
    (index.div_euclid(12), month)
}

/// A point at `degrees` clockwise from the top and `radius` from the centre,
/// rounded to what the eye can see.
fn polar(degrees: f64, radius: f64) -> [f64; 2] {
    let (sin, cos) = degrees.to_radians().sin_cos();
    let round = |v: f64| (v * 100.0).round() / 100.0;
    [round(CENTRE + radius * sin), round(CENTRE - radius * cos)]
}

/// The outline of the ring between `inner` and `outer` from `from` to `to`
/// degrees: the outer arc clockwise, then the inner arc back.
fn ring(from: f64, to: f64, outer: f64, inner: f64) -> Vec<[f64; 2]> {
    let steps = (((to - from) / STEP).ceil() as usize).max(1);
    let at = |i: usize| from + (to - from) * i as f64 / steps as f64;
    let mut points: Vec<[f64; 2]> = (0..=steps).map(|i| polar(at(i), outer)).collect();
    points.extend((0..=steps).rev().map(|i| polar(at(i), inner)));
    points
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn round(announce: Date, start: Date, end: Date, reflection: Date, evaluation: Date) -> Round {
        Round {
            year: start.year(),
            announce,
            start,
            end,
            cadence: crate::config::Cadence::Monthly,
            meeting_minutes: 60,
            follow_ups: (1..)
                .map(|k| crate::config::Cadence::Monthly.after(end, k))
                .take_while(|d| *d < reflection)
                .collect(),
            reflection,
            evaluation,
        }
    }

    fn words() -> (Vec<String>, String) {
        let months =
            ["jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des"];
        (months.iter().map(|m| m.to_string()).collect(), "Årshjul".to_string())
    }

    #[test]
    fn a_round_across_new_year_starts_at_its_first_month_and_goes_round() {
        let (months, alt) = words();
        let r = round(
            date!(2026 - 08 - 24),
            date!(2026 - 09 - 07),
            date!(2026 - 10 - 16),
            date!(2027 - 06 - 07),
            date!(2027 - 06 - 21),
        );
        let w = wheel(&r, Words { short_months: &months, alt: &alt, dates: vec![] });
        let labels: Vec<&str> = w.months.iter().map(|m| m.label.as_str()).collect();
        assert_eq!(
            labels,
            ["aug", "sep", "okt", "nov", "des", "jan", "feb", "mar", "apr", "mai", "jun", "jul"]
        );
        assert_eq!(w.months[5].new_year, Some(2027));
        assert_eq!(w.years, "2026–2027");
        // The announcement near the top, the reflection two thirds round.
        let announce = &w.marks[0];
        assert!(announce.at[1] < 60.0 && announce.at[0] > 100.0, "{:?}", announce.at);
        let reflection = w.marks.iter().find(|m| m.kind == "reflection").unwrap();
        assert!(reflection.at[0] < 100.0, "left half: {:?}", reflection.at);
        assert_eq!(w.marks.iter().filter(|m| m.kind == "follow-up").count(), r.follow_ups.len());
    }

    #[test]
    fn every_point_lies_in_the_box_and_months_close_the_circle() {
        let (months, alt) = words();
        let r = round(
            date!(2027 - 01 - 04),
            date!(2027 - 01 - 11),
            date!(2027 - 02 - 26),
            date!(2027 - 11 - 15),
            date!(2027 - 12 - 10),
        );
        let w = wheel(&r, Words { short_months: &months, alt: &alt, dates: vec![] });
        assert_eq!(w.months.len(), 12);
        let all = w.months.iter().chain([&w.period]).flat_map(|s| &s.points);
        for [x, y] in all {
            assert!((0.0..=200.0).contains(x) && (0.0..=200.0).contains(y));
        }
        assert_eq!(w.months[0].points[0], [100.0, 2.0], "January starts at the top");
        assert!(w.months[11].points.contains(&[100.0, 2.0]), "December ends there");
    }
}
