//! Whose is each returned form? A roster form says so in its identifiers,
//! and maps to its roster row without guessing. A blank form filled in by
//! hand names its employee (and leader) in typed fields; with a roster,
//! that must match exactly one row, and a form that could belong to
//! several is reported as ambiguous, never guessed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::form::{self, ActionPlan, Filled, FollowUpNote};
use super::read::{Refusal, Refused, Returned};
use crate::diagnostics::Diagnostic;
use crate::forms::roster;
use crate::kit::form_id::PersonId;
use crate::project::Project;

/// One person of the round, and what came back from them.
#[derive(Debug, Clone)]
pub struct Person {
    /// The roster row's id (see [`PersonId::row_id`]), or for a blank form
    /// without a roster the typed names.
    pub key: String,
    pub employee: String,
    pub leader: String,
    pub unit: String,
    pub lang: String,
    /// The planned conversation, from the roster: the person's follow-up
    /// dates count from it. None for a blank form without a roster.
    pub date: Option<time::Date>,
    pub plan: Option<(PathBuf, ActionPlan)>,
    pub notes: Vec<(PathBuf, FollowUpNote)>,
}

/// Every person with what came back, and every file that could not be used.
pub struct Collected<'a> {
    project: &'a Project,
    organisation: String,
    /// Whether `people` started from a roster: everyone expected.
    pub from_roster: bool,
    pub people: Vec<Person>,
    by_key: HashMap<String, usize>,
    /// Blank forms are matched by name: each normalised name's rows.
    by_name: HashMap<String, Vec<usize>>,
    /// The files that were not collected, and why.
    pub refused: Vec<(PathBuf, Refusal)>,
}

impl<'a> Collected<'a> {
    pub fn new(project: &'a Project, roster: Option<&[roster::Person]>) -> Collected<'a> {
        let mut collected = Collected {
            project,
            organisation: crate::kit::organisation_id(&project.kit),
            from_roster: roster.is_some(),
            people: Vec::new(),
            by_key: HashMap::new(),
            by_name: HashMap::new(),
            refused: Vec::new(),
        };
        for row in roster.unwrap_or_default() {
            let unit = match row.unit.as_str() {
                "" => crate::kit::unit(&project.kit, &row.lang),
                unit => unit.to_string(),
            };
            collected.insert(Person {
                key: PersonId::row_id(&row.employee_id, &row.leader, &row.employee),
                employee: row.employee.clone(),
                leader: row.leader.clone(),
                unit,
                lang: row.lang.clone(),
                date: Some(row.date),
                plan: None,
                notes: Vec::new(),
            });
        }
        collected
    }

    fn insert(&mut self, person: Person) -> usize {
        let index = self.people.len();
        self.by_key.insert(person.key.clone(), index);
        self.by_name.entry(normalise(&person.employee)).or_default().push(index);
        self.people.push(person);
        index
    }

    /// Someone known only from a returned form (collected without a
    /// roster), in the form's language and the kit's unit.
    fn insert_unlisted(
        &mut self,
        key: String,
        employee: &str,
        leader: &str,
        returned: &Returned,
    ) -> usize {
        self.insert(Person {
            key,
            employee: employee.to_string(),
            leader: leader.to_string(),
            unit: crate::kit::unit(&self.project.kit, &returned.id.lang),
            lang: returned.id.lang.clone(),
            date: None,
            plan: None,
            notes: Vec::new(),
        })
    }

    /// A file that could not be used, with the reason.
    pub fn refuse(&mut self, path: &Path, refusal: Refusal) {
        self.refused.push((path.to_path_buf(), refusal));
    }

    /// The refusals as warnings, for the terminal.
    pub fn problems(&self) -> Vec<Diagnostic> {
        self.refused
            .iter()
            .map(|(path, refusal)| Diagnostic::warning(refusal.message.clone()).in_file(path))
            .collect()
    }

    /// Files that were read as plans and as notes.
    pub fn counts(&self) -> (usize, usize) {
        let plans = self.people.iter().filter(|p| p.plan.is_some()).count();
        let notes = self.people.iter().map(|p| p.notes.len()).sum();
        (plans, notes)
    }

    /// Adds a form that was read to its person, or says why it cannot be.
    pub fn add(&mut self, returned: Returned) {
        let id = &returned.id;
        let kit = &self.project.kit;
        if id.organisation != self.organisation || id.year != kit.round.year {
            let reason = Refused::OtherRound.because(format!(
                "it is a form of `{}` for {}, and this kit is `{}` for {}",
                id.organisation, id.year, self.organisation, kit.round.year
            ));
            return self.refuse(&returned.path, reason);
        }
        let filled = match form::interpret(&returned) {
            Ok(filled) => filled,
            Err(reason) => return self.refuse(&returned.path, reason),
        };
        let (employee, leader) = match &filled {
            Filled::Plan(plan) => (plan.employee.clone(), plan.leader.clone()),
            Filled::Note(note) => (note.employee.clone(), note.leader.clone()),
        };
        let index = match self.person_of(&returned, &employee, &leader) {
            Ok(index) => index,
            Err(reason) => return self.refuse(&returned.path, reason),
        };
        let person = &mut self.people[index];
        match filled {
            Filled::Plan(plan) => {
                if let Some((first, _)) = &person.plan {
                    let reason = Refused::Duplicate.because(format!(
                        "a second action plan for {}; the first, {}, is the one collected",
                        person.employee,
                        first.display()
                    ));
                    return self.refuse(&returned.path, reason);
                }
                person.plan = Some((returned.path, plan));
            }
            Filled::Note(note) => person.notes.push((returned.path, note)),
        }
    }

    /// The person a form belongs to.
    fn person_of(
        &mut self,
        returned: &Returned,
        employee: &str,
        leader: &str,
    ) -> Result<usize, Refusal> {
        if let Some(person) = &returned.id.person {
            if let Some(&index) = self.by_key.get(&person.id) {
                return Ok(index);
            }
            if self.from_roster {
                return Err(Refused::NotInRoster.because(format!(
                    "it was made for {} (`{}`), who is not in this roster",
                    person.employee, person.id
                )));
            }
            let key = person.id.clone();
            return Ok(self.insert_unlisted(key, &person.employee, &person.leader, returned));
        }
        if employee.is_empty() {
            return Err(Refused::NoName
                .because("no employee name is filled in, so whose it is cannot be told"));
        }
        let rows = self.by_name.get(&normalise(employee)).cloned().unwrap_or_default();
        let rows: Vec<usize> = rows
            .into_iter()
            .filter(|&i| {
                leader.is_empty() || normalise(&self.people[i].leader) == normalise(leader)
            })
            .collect();
        match (rows.as_slice(), self.from_roster) {
            ([one], _) => Ok(*one),
            ([], true) => {
                Err(Refused::NotInRoster.because(format!("{employee} is not in the roster")))
            }
            ([], false) => {
                let key = format!("{}/{}", normalise(leader), normalise(employee));
                Ok(self.insert_unlisted(key, employee, leader, returned))
            }
            (many, _) => {
                let whose: Vec<String> = many
                    .iter()
                    .map(|&i| {
                        format!("{} (leader {})", self.people[i].employee, self.people[i].leader)
                    })
                    .collect();
                Err(Refused::Ambiguous.because(format!(
                    "it could be the form of {}; fill in the leader's name too, or use the form made from the roster",
                    whose.join(" or ")
                )))
            }
        }
    }
}

/// A typed name as it compares: spacing collapsed, case folded, and
/// composed (NFC), because a reader on macOS may type "å" as "a" plus a
/// combining ring, which looks the same and must match the roster.
fn normalise(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.split_whitespace().collect::<Vec<_>>().join(" ").nfc().collect::<String>().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn typed_names_compare_as_a_reader_sees_them() {
        assert_eq!(normalise("  anne   LIE "), normalise("Anne Lie"));
        // "Bjørn Ås" typed with a combining ring above (as macOS may).
        assert_eq!(normalise("Bjørn A\u{30A}s"), normalise("Bjørn Ås"));
        assert_ne!(normalise("Per Olsen"), normalise("Per Olsén"));
    }
}
