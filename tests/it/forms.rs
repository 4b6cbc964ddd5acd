//! `samtale forms --roster`: forms filled in from a CSV, read back from the
//! PDFs; bad rows by line; the manifest against the files.

use std::path::{Path, PathBuf};

use crate::common::*;

/// Names that break naive code: apostrophes, Norwegian letters, markup,
/// template and Typst syntax, a `;` inside quotes, a duplicate name.
const ROSTER: &str = "\u{feff}employee;leader;unit;date;lang;email;employee_id
Åse Ødegård-Ås;Kari Nordmann;Teknisk drift;2027-01-20;nb;ase@example.no;1001
Siobhán O'Brien;Kari Nordmann;;25.01.2027;en;;1002
\"#1 $x$ <b>bold</b> {{ y }}\";Per Hansen;\"Vann; avløp & <i>\";2027-02-01;nn;;1003
Ola Nordmann;Per Hansen;Kultur;2027-02-02;nb;;1004
Ola Nordmann;Per Hansen;Kultur;3.2.2027;nb;;1005
";

fn project_with_roster(roster: &str) -> tempfile::TempDir {
    let project = demo_project();
    std::fs::write(project.path().join("people.csv"), roster).unwrap();
    project
}

fn forms(project: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["forms", "--roster", "people.csv"];
    args.extend(extra);
    samtale(&args, project)
}

/// The manifest's rows, each cell by its column's name.
fn manifest(project: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let text = std::fs::read_to_string(project.join("output/forms/manifest.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    reader
        .records()
        .map(|r| header.iter().cloned().zip(r.unwrap().iter().map(str::to_string)).collect())
        .collect()
}

#[test]
fn each_person_gets_forms_with_their_names_unit_and_date_in_their_language() {
    let project = project_with_roster(ROSTER);
    let output = forms(project.path(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = project.path().join("output/forms");
    let rows = manifest(project.path());
    assert_eq!(rows.len(), 5);
    // (employee, leader, unit as printed, date as printed, a label in the row's language)
    let expected = [
        ("Åse Ødegård-Ås", "Kari Nordmann", "Teknisk drift", "20. januar 2027", "Medarbeider"),
        // No unit in the roster: the kit's, in the person's language.
        (
            "Siobhán O'Brien",
            "Kari Nordmann",
            "Technical operations and property",
            "25 January 2027",
            "Employee",
        ),
        (
            "#1 $x$ <b>bold</b> {{ y }}",
            "Per Hansen",
            "Vann; avløp & <i>",
            "1. februar 2027",
            "Medarbeidar",
        ),
        ("Ola Nordmann", "Per Hansen", "Kultur", "2. februar 2027", "Medarbeider"),
        ("Ola Nordmann", "Per Hansen", "Kultur", "3. februar 2027", "Medarbeider"),
    ];
    let mut files_in_manifest = Vec::new();
    for (row, (employee, leader, unit, date, label)) in rows.iter().zip(expected) {
        assert_eq!(row["employee"], employee);
        let plan = pdf_text(&out.join(&row["action_plan"]));
        for want in [employee, leader, unit, date, label] {
            assert!(plan.contains(&squeeze(want)), "{} lacks {want}:\n{plan}", row["action_plan"]);
        }
        let preparation = pdf_text(&out.join(&row["preparation"]));
        for want in [employee, date] {
            assert!(preparation.contains(&squeeze(want)), "{} lacks {want}", row["preparation"]);
        }
        let note = pdf_text(&out.join(&row["follow_up_note"]));
        for want in [employee, leader] {
            assert!(note.contains(&squeeze(want)), "{} lacks {want}", row["follow_up_note"]);
        }
        files_in_manifest.extend(
            ["action_plan", "preparation", "follow_up_note"].map(|column| row[column].clone()),
        );
    }
    // The duplicate name got a suffix, and the manifest lists exactly the PDFs.
    assert!(files_in_manifest.contains(&"per-hansen/ola-nordmann-2-action-plan.pdf".to_string()));
    let mut pdfs: Vec<String> = tree(&out)
        .into_iter()
        .map(|(p, _)| p.display().to_string())
        .filter(|p| p.ends_with(".pdf"))
        .collect();
    pdfs.sort();
    files_in_manifest.sort();
    assert_eq!(pdfs, files_in_manifest);
    // Nothing else with personal data: the PDFs, the manifest, the marker files.
    let others: Vec<String> = tree(&out)
        .into_iter()
        .map(|(p, _)| p.display().to_string())
        .filter(|p| !p.ends_with(".pdf"))
        .collect();
    assert_eq!(others, [".gitignore", ".samtale-output", "manifest.csv"]);
}

#[test]
fn bad_rows_are_all_reported_by_line_and_nothing_is_written() {
    let roster = "employee,leader,unit,date,lang
Kari Nordmann,Per Hansen,Drift,2027-01-20,nb
,Per Hansen,Drift,2027-01-20,nb
Ola Nordmann,Per Hansen,Drift,31.02.2027,nb
Ola Nordmann,Per Hansen,Drift,2027-01-20,nbb
Ola Nordmann,Per Hansen,2027-01-20,nb
";
    let project = project_with_roster(roster);
    let output = forms(project.path(), &[]);
    assert_clean_failure(&output);
    let err = stderr(&output);
    for want in [
        "people.csv:3:1",
        "`employee` is empty",
        "people.csv:4:1",
        "`31.02.2027` is not a date",
        "people.csv:5:1",
        "unknown language `nbb`",
        "did you mean `nb`?",
        "people.csv:6:1",
        "row has 4 fields, the header 5",
        "--skip-bad",
    ] {
        assert!(err.contains(want), "missing {want:?} in:\n{err}");
    }
    assert!(!err.contains("people.csv:2:"), "the good row is not reported");
    assert!(!project.path().join("output/forms").exists(), "nothing may be written");

    // --skip-bad: the good row gets its forms, the others are listed.
    let output = forms(project.path(), &["--skip-bad"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("skipped 4 bad rows") && err.contains("people.csv:6:1"), "{err}");
    let rows = manifest(project.path());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["line"], "2");
}

#[test]
fn a_roster_with_unknown_or_missing_columns_is_refused_with_the_valid_names() {
    let project = project_with_roster("employe,leader,unit,date\nKari,Per,Drift,2027-01-20\n");
    let output = forms(project.path(), &[]);
    assert_clean_failure(&output);
    let err = stderr(&output);
    assert!(
        err.contains("unknown column `employe`") && err.contains("did you mean `employee`?"),
        "{err}"
    );
    assert!(err.contains("no column `lang`"), "{err}");
}

#[test]
fn per_leader_one_pdf_holds_every_pack_in_roster_order() {
    let project = project_with_roster(ROSTER);
    let output = forms(project.path(), &["--per", "leader", "--quiet"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = project.path().join("output/forms");
    let pdfs: Vec<String> = tree(&out)
        .into_iter()
        .map(|(p, _)| p.display().to_string())
        .filter(|p| p.ends_with(".pdf"))
        .collect();
    assert_eq!(pdfs, ["kari-nordmann.pdf", "per-hansen.pdf"]);
    let text = pdf_text(&out.join("per-hansen.pdf"));
    let first = text.find(&squeeze("#1 $x$ <b>bold</b> {{ y }}")).expect("first pack");
    let second = text.find(&squeeze("2. februar 2027")).expect("second pack");
    let third = text.find(&squeeze("3. februar 2027")).expect("third pack");
    assert!(first < second && second < third, "packs out of order");
    let (pages, _, _) = pdf_pages(&out.join("per-hansen.pdf"));
    let (plan, _, _) = pdf_pages(&built_demo().join("output/nb/action-plan.pdf"));
    let (sheet, _, _) = pdf_pages(&built_demo().join("output/nb/preparation-employee.pdf"));
    let (note, _, _) = pdf_pages(&built_demo().join("output/nb/follow-up-note.pdf"));
    assert_eq!(pages, 3 * (plan + sheet + note));
    // Each pack in the registry's order: the preparation sheet, then the plan.
    let rows = manifest(project.path());
    assert_eq!(rows[2]["preparation"], "per-hansen.pdf#page=1");
    assert_eq!(rows[2]["action_plan"], format!("per-hansen.pdf#page={}", sheet + 1));
    assert_eq!(rows[2]["follow_up_note"], format!("per-hansen.pdf#page={}", sheet + plan + 1));
    assert_eq!(rows[3]["preparation"], format!("per-hansen.pdf#page={}", plan + sheet + note + 1));
}

#[test]
fn a_new_kit_build_keeps_the_forms() {
    let project = project_with_roster(ROSTER);
    assert!(build(project.path()).status.success());
    assert!(forms(project.path(), &["--quiet"]).status.success());
    let output = build(project.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(project.path().join("output/forms/manifest.csv").is_file());
    assert!(project.path().join("output/nb/action-plan.pdf").is_file());
}

#[test]
fn the_same_roster_gives_the_same_bytes_and_says_where_the_time_went() {
    let project = project_with_roster(ROSTER);
    let mut timings = String::new();
    for out in ["a", "b"] {
        let output = forms(project.path(), &["--out", out, "--quiet", "--timings"]);
        assert!(output.status.success(), "{}", stderr(&output));
        timings = stderr(&output);
    }
    // Where one form's time went: four stages, each a number of ms.
    let line = timings.lines().find(|l| l.starts_with("per form")).expect(&timings);
    for stage in
        ["evaluation and layout", "PDF export with tags", "fillable fields", "writing the file"]
    {
        let after = line.split(stage).nth(1).unwrap_or_else(|| panic!("{stage} in {line}"));
        let words: Vec<&str> = after.split_whitespace().take(2).collect();
        let ms: f64 = words[0].parse().expect(line);
        assert!(ms >= 0.0 && words[1].trim_end_matches(',') == "ms", "{line}");
    }
    // Five people's three forms; the follow-up note, with its list of
    // dates, is never made from a stencil.
    assert!(line.contains("(mean of 15 forms, "), "{line}");
    let stencilled: usize = line
        .split("forms, ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect(line);
    assert!((1..=10).contains(&stencilled), "{line}");
    let (a, b) = (tree(&project.path().join("a")), tree(&project.path().join("b")));
    assert_eq!(
        a.len(),
        5 * 3 + 3,
        "three forms for each of five people, the manifest, two markers"
    );
    assert!(a == b, "two runs differ");
}

#[test]
fn dates_outside_the_conversation_period_are_made_but_warned_about() {
    let roster = "employee,leader,unit,date,lang
Kari Nordmann,Per Hansen,Drift,2027-01-20,nb
Ola Nordmann,Per Hansen,Drift,2027-06-01,nb
Siri Nordmann,Per Hansen,Drift,2026-12-24,nb
";
    let project = project_with_roster(roster);
    let output = forms(project.path(), &["--quiet"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("warning: 2 planned dates lie outside the conversation period"), "{err}");
    assert!(err.contains("(lines 3, 4)") && err.contains("people.csv"), "{err}");
    assert_eq!(manifest(project.path()).len(), 3);
}

#[test]
fn a_form_that_runs_onto_a_second_page_counts_its_pages() {
    // One-page forms are told they have one page once the first is made (so
    // Typst lays each out once); a name long enough to push the action plan
    // onto a second page must still get "1 / 2" and "2 / 2".
    let long = "Åse Ødegård-Ås ".repeat(40);
    let mut roster = String::from("employee;leader;unit;date;lang\n");
    for i in 1..=6 {
        roster.push_str(&format!("Person {i};Kari Nordmann;Drift;2027-01-20;nb\n"));
    }
    roster.push_str(&format!("{};Kari Nordmann;Drift;2027-01-21;nb\n", long.trim()));
    let project = project_with_roster(&roster);
    let output = forms(project.path(), &["--only", "action-plan", "--quiet"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let rows = manifest(project.path());
    let out = project.path().join("output/forms");
    for row in &rows {
        let pdf = out.join(&row["action_plan"]);
        let text = pdf_text(&pdf);
        if row["employee"].starts_with("Person") {
            assert_eq!(pdf_pages(&pdf).0, 1);
            assert!(text.contains("Side1/1"), "{}: {text}", row["employee"]);
        } else {
            assert_eq!(pdf_pages(&pdf).0, 2, "the long name pushes the plan onto a second page");
            assert!(text.contains("Side1/2") && text.contains("Side2/2"), "{text}");
            assert!(!text.contains("Side1/1"), "{text}");
        }
    }
}

/// Every copy laid out from the stencil is the same file as laid out in
/// full, and every copy printed from the plate prints the same pages,
/// pixel for pixel, with the same text: names in both fonts, apostrophes,
/// markup, a name that wraps, one in Arabic script (another font), and
/// strings with a line break or a zero-width space, which the stencil must
/// leave to a full layout.
#[test]
fn copies_from_the_stencil_and_the_plate_are_what_a_full_layout_gives() {
    use samtale::forms::Reuse;
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("people.csv");
    let long = "Maximiliane Kristiansen-Haugen-Ødegård-Bjørnstad-Aasheim von Fjordvik";
    let rows = [
        "Åse Ødegård-Ås (2);Kari Nordmann;Teknisk drift;2027-01-20;nb",
        "Siobhán O'Brien;Kari Nordmann;;25.01.2027;en",
        "\"#1 $x$ <b>bold</b> {{ y }} @ref \\ [a]\";Per Hansen;\"Vann; avløp & <i>\";2027-02-01;nn",
        &format!("{long};Per Hansen;Kultur;2027-02-02;nb"),
        "نور الهدى;Per Hansen;Kultur;2027-02-03;nb",
        "\"Ola\nNordmann\";Per Hansen;Kultur;2027-02-03;nb",
        "Zero\u{200B}Width;Per Hansen;Kultur;2027-02-04;en",
        "Ærlig Øystein;Åshild Bø;Økonomi;2027-02-05;nn",
    ];
    let text = format!("employee;leader;unit;date;lang\n{}\n", rows.join("\n"));
    std::fs::write(&roster, text).unwrap();
    let run_with = |reuse: Reuse| {
        let out = dir.path().join(format!("{reuse:?}"));
        let options = samtale::forms::FormsOptions {
            config: Path::new(env!("CARGO_MANIFEST_DIR")).join("kit.toml"),
            roster: roster.clone(),
            out: Some(out.clone()),
            per: samtale::forms::Per::Person,
            // Every form but the follow-up note, which prints a list.
            only: samtale::documents::forms()
                .filter(|(document, _)| document.id != samtale::documents::FOLLOW_UP_NOTE.id)
                .map(|(_, form)| form.name.to_string())
                .collect(),
            skip_bad: false,
            quiet: true,
            force: false,
            pdf: Default::default(),
            previous: None,
            reuse,
        };
        let timings = samtale::forms::run(&options).unwrap().timings.unwrap();
        (timings, tree(&out), out)
    };
    let (full, a, _) = run_with(Reuse::Nothing);
    let (stencilled, b, _) = run_with(Reuse::Layout);
    let (plated, c, plate_out) = run_with(Reuse::Pdf);
    assert_eq!((full.stencilled, full.plated), (0, 0));
    // The long, Arabic, two-line and zero-width names, and the person
    // with no unit (an empty line), are laid out in full on both forms;
    // the other three people's come from the stencil, and their PDFs from
    // the plate.
    assert_eq!((stencilled.stencilled, stencilled.plated), (6, 0));
    assert_eq!((plated.stencilled, plated.plated), (6, 6));
    let pdfs: Vec<&PathBuf> = a
        .iter()
        .map(|(path, _)| path)
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(pdfs.len(), 8 * 2);
    let paths = |t: &[(PathBuf, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&a), paths(&b));
    assert_eq!(paths(&a), paths(&c));
    for ((path, full), (_, stencilled)) in a.iter().zip(&b) {
        assert!(full == stencilled, "{} differs", path.display());
    }
    let printed = a.iter().zip(&c).filter(|((_, full), (_, plated))| full != plated).count();
    assert_eq!(printed, 6, "the plate's copies are files of their own");
    if poppler() {
        for ((path, _), _) in
            a.iter().zip(&c).filter(|((p, _), _)| p.extension().is_some_and(|e| e == "pdf"))
        {
            let (full, plated) = (dir.path().join("Nothing").join(path), plate_out.join(path));
            assert_eq!(pdf_text(&full), pdf_text(&plated), "{}", path.display());
            assert!(pixels(&full) == pixels(&plated), "{} prints differently", path.display());
        }
    }
    if crate::pdfua::validator() {
        let pdfs: Vec<PathBuf> = c
            .iter()
            .zip(&a)
            .filter(|((_, plated), (_, full))| plated != full)
            .map(|((path, _), _)| plate_out.join(path))
            .collect();
        crate::pdfua::validate(&pdfs);
    }
    // And what they print is the person's, as it was given.
    if poppler() {
        let text: String = pdfs.iter().map(|p| pdf_text(&plate_out.join(p))).collect();
        for name in
            ["Åse Ødegård-Ås (2)", "Ærlig Øystein", "#1 $x$ <b>bold</b> {{ y }} @ref \\ [a]"]
        {
            assert!(text.contains(&squeeze(name)), "{name} is not printed:\n{text}");
        }
    }
}

/// Each page of `pdf` as PNG at 100 dpi, by poppler.
fn pixels(pdf: &Path) -> Vec<Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("page");
    let run = std::process::Command::new("pdftoppm")
        .args(["-r", "100", "-png"])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .unwrap();
    assert!(run.status.success(), "pdftoppm: {}", String::from_utf8_lossy(&run.stderr));
    let mut pages: Vec<PathBuf> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    pages.sort();
    pages.iter().map(|p| std::fs::read(p).unwrap()).collect()
}
