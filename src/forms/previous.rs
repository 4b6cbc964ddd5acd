//! `forms --previous output/collected/`: last round's plans, read from what
//! `collect --include-text` wrote, so that each person's preparation sheet
//! and follow-up note start from the status of their own plan.
//!
//! People are matched by the same row id the forms carry (`employee_id`,
//! or the slugs of leader and name), so a roster that keeps its ids from
//! year to year finds everyone again.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Error, Result};

/// One person's plan from last round.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PreviousPlan {
    pub goals: String,
    pub development: String,
    pub measures: Vec<PreviousMeasure>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PreviousMeasure {
    pub text: String,
    /// The focus area's number in last round's kit, or what was typed.
    pub focus: String,
    pub deadline: String,
}

/// Every plan of a collected folder, by person id.
pub fn read(dir: &Path) -> Result<HashMap<String, PreviousPlan>> {
    let plans = dir.join("plans.csv");
    let measures = dir.join("measures.csv");
    let without_text = || {
        Error::one(
            Diagnostic::new(format!(
                "`{}` holds no goals or measures, only counts",
                dir.display()
            ))
            .hint("collect last round's forms with `samtale collect --include-text`, then use that folder"),
        )
    };
    if !plans.is_file() {
        return Err(Error::one(
            Diagnostic::new(format!("`{}` has no plans.csv", dir.display())).hint(
                "give the folder `samtale collect --include-text` wrote, e.g. output/collected",
            ),
        ));
    }
    if !measures.is_file() {
        return Err(without_text());
    }
    let mut found: HashMap<String, PreviousPlan> = HashMap::new();
    for row in rows(&plans)? {
        if row.get("plan_returned").map(String::as_str) != Some("yes") {
            continue;
        }
        let (Some(id), Some(goals)) = (row.get("person_id"), row.get("goals")) else {
            return Err(without_text());
        };
        let plan = found.entry(id.clone()).or_default();
        plan.goals = goals.clone();
        plan.development = row.get("development").cloned().unwrap_or_default();
    }
    for row in rows(&measures)? {
        let Some(id) = row.get("person_id") else { return Err(without_text()) };
        let cell = |key: &str| row.get(key).cloned().unwrap_or_default();
        found.entry(id.clone()).or_default().measures.push(PreviousMeasure {
            text: cell("measure"),
            focus: cell("focus_area"),
            deadline: cell("deadline"),
        });
    }
    Ok(found)
}

/// The rows of a CSV as maps from header to cell, with the quote a
/// spreadsheet guard put before a formula-like cell taken off again.
fn rows(path: &Path) -> Result<Vec<HashMap<String, String>>> {
    let fail =
        |e: csv::Error| Error::one(Diagnostic::new(format!("cannot read it: {e}")).in_file(path));
    let mut reader = csv::Reader::from_path(path).map_err(fail)?;
    let headers = reader.headers().map_err(fail)?.clone();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(fail)?;
        let row = headers
            .iter()
            .zip(record.iter())
            .map(|(h, cell)| (h.to_string(), unguard(cell).to_string()))
            .collect();
        rows.push(row);
    }
    Ok(rows)
}

/// A cell `'=SUM(…)` as the CSV wrote it, back to what was typed.
fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(super::FORMULA_STARTS) => rest,
        _ => cell,
    }
}
