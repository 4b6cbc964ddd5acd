//! The roster: a CSV of the people to make forms for.
//!
//! HR exports it from a spreadsheet, so samtale takes what Excel writes in
//! Norway: UTF-8 with or without a byte-order mark, and `;` or `,` between
//! fields. Every row is checked before anything is written, and each
//! problem names the file and line.

use std::path::Path;

use time::Date;

use crate::diagnostics::{Collector, Diagnostic, Error, Location, Result};

/// Columns every roster has.
pub const REQUIRED: &[&str] = &["employee", "leader", "unit", "date", "lang"];
/// Columns a roster may have.
pub const OPTIONAL: &[&str] = &["email", "employee_id"];

/// One row of the roster.
#[derive(Debug, Clone)]
pub struct Person {
    /// The line in the file, for messages and the manifest.
    pub line: u64,
    pub employee: String,
    pub leader: String,
    /// Empty: the organisation's unit from kit.toml is printed.
    pub unit: String,
    pub date: Date,
    pub lang: String,
    pub email: String,
    pub employee_id: String,
}

/// The rows that passed and the problems of those that did not.
pub struct Roster {
    pub people: Vec<Person>,
    pub bad_rows: Vec<Diagnostic>,
}

/// Reads and checks a roster. `languages` are the kit's language codes.
/// A file that cannot be read as a roster at all is an error; bad rows are
/// returned for the caller to refuse or skip.
pub fn read(path: &Path, languages: &[String]) -> Result<Roster> {
    let bytes = std::fs::read(path).map_err(|e| Error::io("read", path, e))?;
    let text = crate::text::decode_utf8(path, bytes).map_err(|e| {
        let mut e = e;
        if let Some(d) = e.diagnostics.first_mut() {
            d.hints.push("save the spreadsheet as \"CSV UTF-8\"".into());
        }
        e
    })?;
    let header_line = text.lines().next().unwrap_or_default();
    let delimiter = if header_line.matches(';').count() > header_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let at = |line: u64| Location { file: path.to_path_buf(), line: line as usize, column: 1 };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());

    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| Error::one(Diagnostic::new(format!("cannot read the header: {e}")).at(at(1))))?
        .iter()
        .map(|h| h.to_lowercase().replace([' ', '-'], "_"))
        .collect();
    let mut problems = Collector::default();
    let known: Vec<&str> = REQUIRED.iter().chain(OPTIONAL).copied().collect();
    for header in &headers {
        if !known.contains(&header.as_str()) {
            problems.push(
                Diagnostic::new(format!("unknown column `{header}`"))
                    .at(at(1))
                    .suggest(header, known.iter().copied())
                    .hint(format!("the columns are {}", known.join(", "))),
            );
        }
    }
    for column in REQUIRED {
        if !headers.iter().any(|h| h == column) {
            problems.push(
                Diagnostic::new(format!("the roster has no column `{column}`"))
                    .at(at(1))
                    .hint(format!("the first line must name the columns: {}", REQUIRED.join(", "))),
            );
        }
    }
    problems.finish(())?;
    let index = |name: &str| headers.iter().position(|h| h == name);

    let mut people = Vec::new();
    let mut bad_rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                bad_rows.push(Diagnostic::new(format!("row cannot be read: {e}")).at(at(line)));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != headers.len() {
            bad_rows.push(
                Diagnostic::new(format!(
                    "row has {} fields, the header {}",
                    record.len(),
                    headers.len()
                ))
                .at(at(line))
                .hint(format!(
                    "a `{}` inside a name needs quotes around the name",
                    delimiter as char
                )),
            );
            continue;
        }
        let get = |name: &str| index(name).and_then(|i| record.get(i)).unwrap_or("").to_string();
        match person(line, &get, languages) {
            Ok(person) => people.push(person),
            Err(problems) => {
                bad_rows.extend(problems.into_iter().map(|d| d.at(at(line))));
            }
        }
    }
    if people.is_empty() && bad_rows.is_empty() {
        return Err(Error::one(
            Diagnostic::new("the roster has no rows")
                .in_file(path)
                .hint("one person per line, after the header"),
        ));
    }
    Ok(Roster { people, bad_rows })
}

/// Checks one row; returns all its problems at once.
fn person(
    line: u64,
    get: &dyn Fn(&str) -> String,
    languages: &[String],
) -> std::result::Result<Person, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    for column in ["employee", "leader"] {
        if get(column).is_empty() {
            problems.push(Diagnostic::new(format!("`{column}` is empty")));
        }
    }
    let date = parse_date(&get("date"));
    if date.is_none() {
        problems.push(
            Diagnostic::new(format!("`{}` is not a date", get("date")))
                .hint("write the planned date as 2027-01-25 or 25.01.2027"),
        );
    }
    let lang = get("lang");
    if !languages.contains(&lang) {
        problems.push(
            Diagnostic::new(format!("unknown language `{lang}`"))
                .suggest(&lang, languages.iter().map(String::as_str))
                .hint(format!("the kit is built in {}", languages.join(", "))),
        );
    }
    match date {
        Some(date) if problems.is_empty() => Ok(Person {
            line,
            employee: get("employee"),
            leader: get("leader"),
            unit: get("unit"),
            date,
            lang,
            email: get("email"),
            employee_id: get("employee_id"),
        }),
        _ => Err(problems),
    }
}

/// `2027-01-25`, or the Norwegian `25.01.2027` / `25.1.2027`.
fn parse_date(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text.split(['-', '.']).collect();
    let [a, b, c] = parts[..] else { return None };
    let (year, month, day) = if text.contains('-') { (a, b, c) } else { (c, b, a) };
    let year: i32 = year.parse().ok().filter(|y| (2000..=2100).contains(y))?;
    let month = time::Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year, month, day.parse().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_iso_and_norwegian_forms() {
        let d = |t: &str| parse_date(t).map(|d| d.to_string());
        assert_eq!(d("2027-01-25").as_deref(), Some("2027-01-25"));
        assert_eq!(d("25.01.2027").as_deref(), Some("2027-01-25"));
        assert_eq!(d("5.1.2027").as_deref(), Some("2027-01-05"));
        for bad in ["31.02.2027", "2027/01/25", "25.01.27", "", "tomorrow", "1.1.1999"] {
            assert_eq!(d(bad), None, "{bad}");
        }
    }
}
