//! The round's calendar: the conversation period, the follow-up cadence and
//! the dates that follow from it.
//!
//! The guidance behind the kit says to follow up no more often than monthly
//! and no less often than quarterly, so cadences outside that range are
//! refused rather than printed.

use std::path::Path;

use time::{Date, Duration, Month};

use super::raw::{RawCadence, RawRound};
use crate::diagnostics::{Collector, Diagnostic, Error, Result};

/// How often the leader and the employee meet to follow up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    Monthly,
    EverySixWeeks,
    Bimonthly,
    Quarterly,
    Weeks(u32),
}

/// A round (start to reflection conversation) spans at most this long.
const MAX_ROUND_MONTHS: u32 = 24;

/// Dates outside these years are typos; the bound also keeps date
/// arithmetic far from the calendar's limits.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Named cadences as written in `kit.toml`.
pub const CADENCE_NAMES: &[&str] = &["monthly", "every-6-weeks", "bimonthly", "quarterly"];

impl Cadence {
    /// The key of this cadence's wording in `strings.toml` (`[cadence]`).
    pub fn key(self) -> &'static str {
        match self {
            Cadence::Monthly => "monthly",
            Cadence::EverySixWeeks => "every-6-weeks",
            Cadence::Bimonthly => "bimonthly",
            Cadence::Quarterly => "quarterly",
            Cadence::Weeks(_) => "weeks",
        }
    }

    /// The date `k` follow-up intervals after `date`. Counting from the
    /// start each time keeps "the 31st of every month" from drifting to the
    /// 28th after February.
    pub fn after(self, date: Date, k: u32) -> Date {
        match self {
            Cadence::Monthly => add_months(date, k),
            Cadence::Bimonthly => add_months(date, 2 * k),
            Cadence::Quarterly => add_months(date, 3 * k),
            Cadence::EverySixWeeks => date + Duration::weeks(6 * i64::from(k)),
            Cadence::Weeks(n) => date + Duration::weeks(i64::from(n * k)),
        }
    }
}

/// Adds months, keeping the day of month where it exists (31 Jan + 1 month
/// is 28 or 29 Feb), as people expect from "the same day next month".
fn add_months(date: Date, months: u32) -> Date {
    let index = date.year() * 12 + i32::from(u8::from(date.month())) - 1 + months as i32;
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u8 + 1);
    let month = Month::try_from(month).expect("month index is 1..=12");
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).expect("day is clamped to the month")
}

/// The validated calendar of one round.
#[derive(Debug, Clone)]
pub struct Round {
    pub year: i32,
    /// HR announces the round.
    pub announce: Date,
    /// The initial conversations are held between `start` and `end`.
    pub start: Date,
    pub end: Date,
    pub cadence: Cadence,
    pub meeting_minutes: u32,
    /// Target dates of the follow-up conversations after the period.
    pub follow_ups: Vec<Date>,
    /// The learning-and-reflection conversation that closes the cycle.
    pub reflection: Date,
    /// HR's evaluation of the process and its tools.
    pub evaluation: Date,
}

impl Round {
    pub(super) fn from_raw(raw: &RawRound, file: &Path, text: &str) -> Result<Round> {
        let mut problems = Collector::default();
        let mut date = |value: &toml::Spanned<toml::value::Datetime>, key: &str| {
            problems.take(to_date(value, key, file, text))
        };
        let start = date(&raw.start, "round.start");
        let end = date(&raw.end, "round.end");
        let announce = raw.announce.as_ref().map(|v| date(v, "round.announce"));
        let reflection = raw.reflection.as_ref().map(|v| date(v, "round.reflection"));
        let evaluation = raw.evaluation.as_ref().map(|v| date(v, "round.evaluation"));
        let cadence = problems.take(parse_cadence(&raw.cadence, file, text));
        if !(15..=240).contains(&raw.meeting_minutes) {
            problems.push(
                Diagnostic::new(format!(
                    "`round.meeting_minutes` is {}: give the length of one conversation, 15 to 240 minutes",
                    raw.meeting_minutes
                ))
                .in_file(file),
            );
        }
        let (Some(start), Some(end), Some(cadence)) = (start, end, cadence) else {
            return problems.finish(()).and(Err(Error::msg("invalid round")));
        };
        if end < start {
            problems.push(
                Diagnostic::new(format!("`round.end` ({end}) is before `round.start` ({start})"))
                    .at_span(file, text, raw.end.span())
                    .hint("the conversation period must end on or after the day it starts"),
            );
        }
        let announce = announce.flatten().unwrap_or(start - Duration::weeks(2));
        let reflection = reflection.flatten().unwrap_or_else(|| add_months(start, 10));
        let evaluation = evaluation.flatten().unwrap_or_else(|| add_months(reflection, 1));
        let order = [
            ("round.announce", announce, "round.start", start),
            ("round.end", end, "round.reflection", reflection),
            ("round.reflection", reflection, "round.evaluation", evaluation),
        ];
        if reflection > add_months(start, MAX_ROUND_MONTHS) {
            problems.push(
                Diagnostic::new(format!(
                    "the round runs from {start} to the reflection conversation on {reflection}: \
                     more than {MAX_ROUND_MONTHS} months"
                ))
                .in_file(file)
                .hint("one round covers a year; set `round.reflection` within two years of `round.start`"),
            );
        }
        if (start.year() - raw.year).abs() > 1 {
            problems.push(
                Diagnostic::new(format!(
                    "`round.year` is {} but the round starts in {}",
                    raw.year,
                    start.year()
                ))
                .at_span(file, text, raw.start.span())
                .hint(
                    "the year names the round; it should be the year the round starts or the next",
                ),
            );
        }
        for (early_key, early, late_key, late) in order {
            if late < early {
                problems.push(
                    Diagnostic::new(format!(
                        "`{late_key}` ({late}) is before `{early_key}` ({early})"
                    ))
                    .in_file(file)
                    .hint("the round runs: announce ≤ start ≤ end < reflection ≤ evaluation"),
                );
            }
        }
        problems.finish(())?;
        let follow_ups = follow_ups_after(cadence, end, reflection);
        Ok(Round {
            year: raw.year,
            announce,
            start,
            end,
            cadence,
            meeting_minutes: raw.meeting_minutes,
            follow_ups,
            reflection,
            evaluation,
        })
    }
}

impl Round {
    /// The follow-up dates of someone whose conversation is on `date`: at
    /// the round's cadence from that day until the reflection conversation.
    /// The round's own dates ([`Round::follow_ups`]) count from the end of
    /// the conversation period, for everyone at once.
    pub fn follow_ups_from(&self, date: Date) -> Vec<Date> {
        follow_ups_after(self.cadence, date, self.reflection)
    }
}

fn follow_ups_after(cadence: Cadence, from: Date, until: Date) -> Vec<Date> {
    (1..).map(|k| cadence.after(from, k)).take_while(|d| *d < until).collect()
}

fn to_date(
    value: &toml::Spanned<toml::value::Datetime>,
    key: &str,
    file: &Path,
    text: &str,
) -> Result<Date> {
    let datetime = value.get_ref();
    let fail = || {
        Error::one(
            Diagnostic::new(format!("`{key}` must be a date, not `{datetime}`"))
                .at_span(file, text, value.span())
                .hint("write a plain TOML date without quotes, e.g. 2027-01-11"),
        )
    };
    let (Some(date), None) = (datetime.date, datetime.time) else {
        return Err(fail());
    };
    if !YEARS.contains(&i32::from(date.year)) {
        return Err(Error::one(
            Diagnostic::new(format!(
                "`{key}` is in the year {}: give a date between 2000 and 2100",
                date.year
            ))
            .at_span(file, text, value.span()),
        ));
    }
    let month = Month::try_from(date.month).map_err(|_| fail())?;
    Date::from_calendar_date(i32::from(date.year), month, date.day).map_err(|_| fail())
}

fn parse_cadence(value: &toml::Spanned<RawCadence>, file: &Path, text: &str) -> Result<Cadence> {
    let located = |d: Diagnostic| Error::one(d.at_span(file, text, value.span()));
    match value.get_ref() {
        RawCadence::Named(name) => match name.as_str() {
            "monthly" => Ok(Cadence::Monthly),
            "every-6-weeks" => Ok(Cadence::EverySixWeeks),
            "bimonthly" => Ok(Cadence::Bimonthly),
            "quarterly" => Ok(Cadence::Quarterly),
            other => Err(located(
                Diagnostic::new(format!("unknown cadence `{other}`"))
                    .suggest(other, CADENCE_NAMES.iter().copied())
                    .hint("or give a number of weeks between 4 and 13, e.g. cadence = 5"),
            )),
        },
        RawCadence::Weeks(weeks) if (4..=13).contains(weeks) => Ok(Cadence::Weeks(*weeks as u32)),
        RawCadence::Weeks(weeks) => Err(located(
            Diagnostic::new(format!("a follow-up every {weeks} weeks is outside the guidance"))
                .hint("follow up at most monthly and at least quarterly: 4 to 13 weeks"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn months_clamp_to_month_end() {
        assert_eq!(add_months(date!(2027 - 01 - 31), 1), date!(2027 - 02 - 28));
        assert_eq!(add_months(date!(2027 - 11 - 15), 3), date!(2028 - 02 - 15));
    }

    #[test]
    fn cadences_step_as_named() {
        let d = date!(2027 - 03 - 01);
        assert_eq!(Cadence::EverySixWeeks.after(d, 1), date!(2027 - 04 - 12));
        assert_eq!(Cadence::Weeks(5).after(d, 2), date!(2027 - 05 - 10));
        assert_eq!(Cadence::Quarterly.after(d, 1), date!(2027 - 06 - 01));
        // The 31st stays the 31st where the month has one.
        let end = date!(2027 - 01 - 31);
        assert_eq!(Cadence::Monthly.after(end, 1), date!(2027 - 02 - 28));
        assert_eq!(Cadence::Monthly.after(end, 2), date!(2027 - 03 - 31));
    }
}
