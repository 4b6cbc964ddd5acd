//! `manifest.csv`: which files hold whose forms, safe to open in a
//! spreadsheet.

use super::roster::Person;
use crate::diagnostics::{Error, Result};
use crate::documents::{Document, PersonForm};

/// A row of `manifest.csv`: who, and which files hold their forms (one per
/// form of the pack, in pack order).
pub(super) struct ManifestRow {
    pub line: u64,
    pub person: Person,
    pub files: Vec<String>,
}

/// The manifest's rows, one per person, and a column per form of the pack.
pub(super) fn manifest_csv(
    rows: &[ManifestRow],
    pack: &[(&'static Document, &'static PersonForm)],
) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = ["line", "employee", "employee_id", "email", "leader", "unit", "date", "lang"];
    let fail = |e: csv::Error| Error::msg(format!("cannot write manifest.csv: {e}"));
    let columns = pack.iter().map(|(_, form)| form.name.replace('-', "_"));
    writer.write_record(header.iter().map(|h| h.to_string()).chain(columns)).map_err(fail)?;
    for row in rows {
        let p = &row.person;
        let date = p.date.to_string();
        let line = row.line.to_string();
        let cells =
            [&line, &p.employee, &p.employee_id, &p.email, &p.leader, &p.unit, &date, &p.lang];
        let cells = cells.into_iter().chain(&row.files).map(|c| spreadsheet_safe(c));
        writer.write_record(cells).map_err(fail)?;
    }
    writer.into_inner().map_err(|e| Error::msg(format!("cannot write manifest.csv: {e}")))
}

/// What a cell a spreadsheet would run as a formula starts with.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell a spreadsheet will show as text: one starting with `=`, `+`, `-`
/// or `@` would otherwise run as a formula when HR opens the manifest.
pub fn spreadsheet_safe(cell: &str) -> String {
    if cell.starts_with(FORMULA_STARTS) { format!("'{cell}") } else { cell.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_would_be_formulas_are_quoted() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("-1+2"), "'-1+2");
        assert_eq!(spreadsheet_safe("Åse Ødegård-Ås"), "Åse Ødegård-Ås");
    }
}
