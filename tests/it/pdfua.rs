//! Every PDF samtale makes, checked against PDF/UA-1 by a validator nobody
//! on this project wrote: PyPI's `page-validation` (a Rust engine that
//! passes the veraPDF corpus), run by `tests/python/validate.py`. `.ci/run`
//! installs it; elsewhere the test says what it skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

/// Whether Python can import `page`.
pub fn validator() -> bool {
    let here = Command::new("python3")
        .args(["-c", "import page"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !here {
        let message = "page-validation is not installed (pip install page-validation)";
        assert!(std::env::var_os("SAMTALE_REQUIRE_TOOLS").is_none(), "{message}");
        eprintln!("skipped: {message}");
    }
    here
}

pub fn validate(pdfs: &[PathBuf]) {
    let script = Path::new(REPO).join("tests/python/validate.py");
    let run = Command::new("python3").arg(script).args(pdfs).output().unwrap();
    let report = String::from_utf8_lossy(&run.stdout);
    eprintln!("{report}{}", String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "not every PDF is PDF/UA-1:\n{report}");
    assert!(report.contains(&format!("{} PDFs, 0 not", pdfs.len())), "{report}");
}

fn pdfs_below(dir: &Path) -> Vec<PathBuf> {
    tree(dir)
        .into_iter()
        .map(|(path, _)| dir.join(path))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect()
}

#[test]
fn every_pdf_of_the_demo_kit_and_of_a_roster_is_pdf_ua_1() {
    if !validator() {
        return;
    }
    let kit = pdfs_below(&built_demo().join("output"));
    assert!(kit.iter().any(|p| p.ends_with("nb/kit.pdf")), "the packets are checked too");
    assert!(kit.len() >= 36, "{} PDFs", kit.len());
    validate(&kit);

    // Forms made from a roster, one per person and one per leader.
    let project = demo_project();
    let roster = "employee;leader;unit;date;lang\nÅse Ødegård;Kari Nordmann;;2027-01-20;nb\nSiobhán O'Brien;Kari Nordmann;Drift;2027-01-21;en\n";
    std::fs::write(project.path().join("people.csv"), roster).unwrap();
    for per in ["person", "leader"] {
        let out = format!("forms-{per}");
        let output = samtale(
            &["forms", "--roster", "people.csv", "--per", per, "--out", &out, "--quiet"],
            project.path(),
        );
        assert!(output.status.success(), "{}", stderr(&output));
        validate(&pdfs_below(&project.path().join(&out)));
    }
}
