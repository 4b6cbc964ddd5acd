//! What people type into a form's free fields, read as the kit's own
//! values: a focus area by its number, id or title in any language, and a
//! deadline's month in the date formats and month names of the kit's
//! languages.

use crate::project::Project;

/// Each focus area's number with the words that name it in any language:
/// its number, id and titles, lower-cased.
pub fn focus_names(project: &Project) -> Vec<(usize, Vec<String>)> {
    project
        .kit
        .focus_areas
        .iter()
        .enumerate()
        .map(|(i, area)| {
            let mut names = vec![(i + 1).to_string(), area.id.name.to_lowercase()];
            names.extend(area.title.values().map(|t| t.trim().to_lowercase()));
            (i + 1, names)
        })
        .collect()
}

/// The focus area a measure's typed focus names: "2", "2.", the id or a
/// title.
pub fn focus_of(typed: &str, names: &[(usize, Vec<String>)]) -> Option<usize> {
    let typed = typed.trim().trim_end_matches(['.', ')']).trim().to_lowercase();
    if typed.is_empty() {
        return None;
    }
    names.iter().find(|(_, words)| words.contains(&typed)).map(|(n, _)| *n)
}

/// The month of a typed deadline: `2027-03-01`, `2027-03`, `1.3.2027`,
/// `01/03/27`, `15. mars 2027`, `March 2027`, in any of the kit's languages.
pub fn month_of(typed: &str, project: &Project) -> Option<(i32, u8)> {
    let typed = typed.trim().to_lowercase();
    let year = |s: &str| -> Option<i32> {
        let y: i32 = s.parse().ok()?;
        match y {
            0..=99 => Some(2000 + y),
            1900..=2200 => Some(y),
            _ => None,
        }
    };
    let month = |s: &str| s.parse::<u8>().ok().filter(|m| (1..=12).contains(m));
    let parts: Vec<&str> = typed
        .split(|c: char| c == '-' || c == '.' || c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect();
    // Numbers only: year first (ISO) or last (Norwegian order).
    if parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
        return match parts.as_slice() {
            [y, m] | [y, m, _] if y.len() == 4 => Some((year(y)?, month(m)?)),
            [_, m, y] => Some((year(y)?, month(m)?)),
            [m, y] if y.len() == 4 => Some((year(y)?, month(m)?)),
            _ => None,
        };
    }
    // A month's name in any language of the kit, and a year.
    let y = parts.iter().rev().find_map(|p| (p.len() == 4).then(|| year(p)).flatten())?;
    let m = parts.iter().find_map(|p| {
        project.languages.iter().find_map(|kit| {
            let months = &kit.model.text.strings.dates.months;
            months
                .iter()
                .position(|name| {
                    let name = name.to_lowercase();
                    *p == name || (p.len() >= 3 && name.starts_with(*p))
                })
                .map(|i| i as u8 + 1)
        })
    })?;
    Some((y, m))
}
