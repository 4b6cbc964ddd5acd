//! What HR gets back: `plans.csv` (one row per person), `measures.csv`
//! (one row per measure, only with `--include-text`) and the model of the
//! summary, computed once from the collected forms.
//!
//! Privacy by default: without `--include-text` nothing a person wrote
//! leaves their form, only counts, ticks, focus-area numbers and month of
//! deadline. Names of people and leaders are in, because "whose plan came
//! back" is the point of the exercise.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::form::{ActionPlan, Measure, Status};
use super::people::{Collected, Person};
use super::typed::{focus_names, focus_of, month_of};
use crate::diagnostics::{Error, Result};
use crate::forms::spreadsheet_safe;
use crate::kit::LanguageKit;
use crate::project::Project;

/// Everything the CSVs and the summary say, computed once.
pub struct Report {
    pub people: Vec<PersonRow>,
    pub summary: Summary,
    /// Each focus area's id and title in the report's language, by number.
    focus_areas: Vec<(String, String)>,
}

/// A person and what their forms say, as `plans.csv` has it.
pub struct PersonRow {
    pub person: Person,
    /// The follow-up dates the plan ticks as planned.
    pub planned: Vec<time::Date>,
    pub focus: Vec<Option<usize>>,
    pub months: Vec<Option<(i32, u8)>>,
    pub latest: Option<usize>,
    pub statuses: [usize; 3],
}

/// The summary's model: what `summary.typ` and `summary.html` print.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Whether a roster said who was expected.
    pub roster: bool,
    pub totals: Totals,
    pub leaders: Vec<Group>,
    pub units: Vec<Group>,
    pub focus: Vec<Bar>,
    /// Measures whose focus area is blank or not one of the kit's.
    pub unassigned: usize,
    pub months: Vec<Bar>,
    /// Measures without a deadline that reads as a date.
    pub undated: usize,
    pub follow_up: FollowUp,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Default, Serialize)]
pub struct Totals {
    pub people: usize,
    pub returned: usize,
    pub signed: usize,
    pub measures: usize,
    pub notes: usize,
    pub files: usize,
}

/// A leader's or unit's people: how many, and whose plans came back.
#[derive(Debug, Serialize)]
pub struct Group {
    pub name: String,
    pub people: usize,
    pub returned: usize,
    pub signed: usize,
    /// Whose plan has not come back (with a roster).
    pub missing: Vec<String>,
}

/// One bar of a chart: its label, its count and its length (0–1).
#[derive(Debug, Serialize)]
pub struct Bar {
    pub label: String,
    pub count: usize,
    pub share: f64,
}

#[derive(Debug, Default, Serialize)]
pub struct FollowUp {
    /// Plans with at least one follow-up date ticked, and the ticks.
    pub plans_planned: usize,
    pub planned: usize,
    /// People with at least one follow-up note back.
    pub people_noted: usize,
    pub on_track: usize,
    pub behind: usize,
    pub done: usize,
}

#[derive(Debug, Serialize)]
pub struct Problem {
    pub file: String,
    /// The key of its reason's words under `[reasons]` in `summary.toml`.
    pub reason: &'static str,
}

impl Report {
    pub fn new(project: &Project, kit: &LanguageKit, collected: &Collected) -> Report {
        let focus_names = focus_names(project);
        let people: Vec<PersonRow> = collected
            .people
            .iter()
            .map(|person| {
                let measures = person.plan.as_ref().map(|(_, p)| p.measures.as_slice());
                let measures = measures.unwrap_or_default();
                let latest = person.notes.iter().max_by_key(|(_, n)| n.which.unwrap_or(0));
                let mut statuses = [0; 3];
                for status in latest.iter().flat_map(|(_, n)| &n.statuses).filter_map(|s| s.status)
                {
                    statuses[Status::ALL.iter().position(|s| *s == status).unwrap_or(0)] += 1;
                }
                // A plan's follow-up boxes are the person's own dates on a
                // roster form, the round's dates on a blank one.
                let dates = match person.date {
                    Some(date) => project.kit.round.follow_ups_from(date),
                    None => project.kit.round.follow_ups.clone(),
                };
                let planned = person.plan.iter().flat_map(|(_, p)| &p.planned);
                PersonRow {
                    planned: planned
                        .filter_map(|n| dates.get(n.wrapping_sub(1)).copied())
                        .collect(),
                    person: person.clone(),
                    focus: measures.iter().map(|m| focus_of(&m.focus, &focus_names)).collect(),
                    months: measures.iter().map(|m| month_of(&m.deadline, project)).collect(),
                    latest: latest.and_then(|(_, n)| n.which),
                    statuses,
                }
            })
            .collect();
        let summary = summarise(kit, collected, &people);
        let focus_areas =
            kit.model.focus_areas.iter().map(|a| (a.id.clone(), a.title.clone())).collect();
        Report { people, summary, focus_areas }
    }

    /// One row per person: returned, signed, counts; with `text`, also
    /// the goals and comments they wrote.
    pub fn plans_csv(&self, text: bool) -> Result<Vec<u8>> {
        let mut header = vec![
            "person_id",
            "employee",
            "leader",
            "unit",
            "lang",
            "plan_returned",
            "plan_file",
            "signed_employee",
            "signed_leader",
            "signed_date",
            "measures",
            "focus_areas",
            "planned_follow_ups",
            "planned_dates",
            "notes_returned",
            "latest_follow_up",
            "on_track",
            "behind",
            "done",
        ];
        if text {
            header.extend(["goals", "development", "follow_up", "comment"]);
        }
        let yes = |b: bool| if b { "yes" } else { "no" }.to_string();
        let rows = self.people.iter().map(|row| {
            let p = &row.person;
            let plan = p.plan.as_ref().map(|(_, plan)| plan);
            let signed = plan.map(|plan| plan.signed).unwrap_or_default();
            let mut focus: Vec<usize> = row.focus.iter().flatten().copied().collect();
            focus.sort();
            focus.dedup();
            let mut cells = vec![
                p.key.clone(),
                p.employee.clone(),
                p.leader.clone(),
                p.unit.clone(),
                p.lang.clone(),
                yes(plan.is_some()),
                p.plan.as_ref().map(|(f, _)| file_name(f)).unwrap_or_default(),
                yes(signed.employee),
                yes(signed.leader),
                yes(signed.date),
                plan.map_or(0, |plan| plan.measures.len()).to_string(),
                focus.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(";"),
                plan.map_or(0, |plan| plan.planned.len()).to_string(),
                row.planned.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(";"),
                p.notes.len().to_string(),
                row.latest.map(|n| n.to_string()).unwrap_or_default(),
                row.statuses[0].to_string(),
                row.statuses[1].to_string(),
                row.statuses[2].to_string(),
            ];
            if text {
                let empty = ActionPlan::default();
                let plan = plan.unwrap_or(&empty);
                cells.extend(
                    [&plan.goals, &plan.development, &plan.follow_up, &plan.comment]
                        .map(String::clone),
                );
            }
            cells
        });
        csv(&header, rows)
    }

    /// One row per measure, with its person and focus area.
    pub fn measures_csv(&self) -> Result<Vec<u8>> {
        let header = [
            "person_id",
            "employee",
            "leader",
            "unit",
            "row",
            "focus_area",
            "focus_id",
            "focus_title",
            "measure",
            "responsible",
            "deadline",
            "deadline_month",
            "file",
        ];
        let rows = self.people.iter().flat_map(|row| {
            let p = &row.person;
            let measures: &[Measure] = p.plan.as_ref().map_or(&[], |(_, plan)| &plan.measures);
            let file = p.plan.as_ref().map(|(f, _)| file_name(f)).unwrap_or_default();
            measures.iter().enumerate().map(move |(i, m)| {
                let area = row.focus[i].and_then(|n| self.focus_areas.get(n - 1));
                let (id, title) = area.cloned().unwrap_or_default();
                vec![
                    p.key.clone(),
                    p.employee.clone(),
                    p.leader.clone(),
                    p.unit.clone(),
                    m.row.to_string(),
                    row.focus[i].map(|n| n.to_string()).unwrap_or_else(|| m.focus.clone()),
                    id,
                    title,
                    m.text.clone(),
                    m.responsible.clone(),
                    m.deadline.clone(),
                    row.months[i].map(|(y, m)| format!("{y}-{m:02}")).unwrap_or_default(),
                    file.clone(),
                ]
            })
        });
        csv(&header, rows)
    }
}

fn file_name(path: &Path) -> String {
    path.display().to_string()
}

fn csv(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Result<Vec<u8>> {
    let fail = |e: csv::Error| Error::msg(format!("cannot write the CSV: {e}"));
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header).map_err(fail)?;
    for row in rows {
        writer.write_record(row.iter().map(|c| spreadsheet_safe(c))).map_err(fail)?;
    }
    writer.into_inner().map_err(|e| Error::msg(format!("cannot write the CSV: {e}")))
}

fn summarise(kit: &LanguageKit, collected: &Collected, rows: &[PersonRow]) -> Summary {
    let returned = |r: &PersonRow| r.person.plan.is_some();
    let signed = |r: &PersonRow| {
        r.person.plan.as_ref().is_some_and(|(_, p)| p.signed.employee && p.signed.leader)
    };
    let group = |key: fn(&Person) -> &str| -> Vec<Group> {
        let mut groups: BTreeMap<String, Vec<&PersonRow>> = BTreeMap::new();
        for row in rows {
            groups.entry(key(&row.person).to_string()).or_default().push(row);
        }
        groups
            .into_iter()
            .map(|(name, rows)| Group {
                name,
                people: rows.len(),
                returned: rows.iter().filter(|r| returned(r)).count(),
                signed: rows.iter().filter(|r| signed(r)).count(),
                missing: if collected.from_roster {
                    rows.iter()
                        .filter(|r| r.person.plan.is_none())
                        .map(|r| r.person.employee.clone())
                        .collect()
                } else {
                    Vec::new()
                },
            })
            .collect()
    };
    let mut by_focus = vec![0; kit.model.focus_areas.len()];
    let mut unassigned = 0;
    let mut by_month: BTreeMap<(i32, u8), usize> = BTreeMap::new();
    let mut undated = 0;
    for row in rows {
        for focus in &row.focus {
            match focus {
                Some(n) if *n <= by_focus.len() => by_focus[n - 1] += 1,
                _ => unassigned += 1,
            }
        }
        for month in &row.months {
            match month {
                Some(m) => *by_month.entry(*m).or_default() += 1,
                None => undated += 1,
            }
        }
    }
    let bars = |counts: Vec<(String, usize)>| -> Vec<Bar> {
        let most = counts.iter().map(|(_, c)| *c).max().unwrap_or(0).max(1);
        counts
            .into_iter()
            .map(|(label, count)| Bar { label, count, share: count as f64 / most as f64 })
            .collect()
    };
    let months = &kit.model.text.strings.dates.months;
    let plans: Vec<&ActionPlan> =
        rows.iter().filter_map(|r| r.person.plan.as_ref().map(|(_, p)| p)).collect();
    Summary {
        roster: collected.from_roster,
        totals: Totals {
            people: rows.len(),
            returned: rows.iter().filter(|r| returned(r)).count(),
            signed: rows.iter().filter(|r| signed(r)).count(),
            measures: plans.iter().map(|p| p.measures.len()).sum(),
            notes: rows.iter().map(|r| r.person.notes.len()).sum(),
            files: rows
                .iter()
                .map(|r| usize::from(r.person.plan.is_some()) + r.person.notes.len())
                .sum::<usize>()
                + collected.refused.len(),
        },
        leaders: group(|p| &p.leader),
        units: group(|p| &p.unit),
        focus: bars(
            kit.model
                .focus_areas
                .iter()
                .zip(by_focus)
                .map(|(area, count)| (format!("{}. {}", area.n, area.title), count))
                .collect(),
        ),
        unassigned,
        months: bars(
            by_month
                .into_iter()
                .map(|((y, m), count)| {
                    let name = months
                        .get(usize::from(m) - 1)
                        .map_or_else(|| m.to_string(), |n| n.to_string());
                    (format!("{name} {y}"), count)
                })
                .collect(),
        ),
        undated,
        follow_up: FollowUp {
            plans_planned: plans.iter().filter(|p| !p.planned.is_empty()).count(),
            planned: plans.iter().map(|p| p.planned.len()).sum(),
            people_noted: rows.iter().filter(|r| !r.person.notes.is_empty()).count(),
            on_track: rows.iter().map(|r| r.statuses[0]).sum(),
            behind: rows.iter().map(|r| r.statuses[1]).sum(),
            done: rows.iter().map(|r| r.statuses[2]).sum(),
        },
        problems: collected
            .refused
            .iter()
            .map(|(file, refusal)| Problem {
                file: file.display().to_string(),
                reason: refusal.kind.key(),
            })
            .collect(),
    }
}
