//! `samtale collect` end to end: forms made from a roster, filled by three
//! tools nobody here wrote (pdf-lib from npm, qpdf, pypdf from PyPI) and by
//! an in-place save (an incremental update), some left blank and some
//! broken on purpose; then the CSVs, the summary and `forms --previous` are
//! compared with what was filled in.

use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::{Document, IncrementalDocument, Object, dictionary};
use serde_json::json;

use crate::common::*;

/// Two managers; Per Olsen twice, under each of them.
const ROSTER: &str = "employee;leader;unit;date;lang;employee_id
Kari Nordmann;Per Hansen;Drift;25.01.2027;nb;E1
Ola Berg;Per Hansen;Drift;26.01.2027;nn;E2
Anne Lie;Siri Dahl;Eiendom;27.01.2027;en;
Bjørn Ås;Siri Dahl;;28.01.2027;nb;
Per Olsen;Per Hansen;Drift;29.01.2027;nb;E5
Per Olsen;Siri Dahl;Eiendom;29.01.2027;nb;E6
Liv Ro;Siri Dahl;Eiendom;30.01.2027;en;E7
";

/// Whether the fillers are here; CI installs them, and there a missing one
/// fails the test.
fn fillers() -> bool {
    let ok = |cmd: &mut Command| cmd.output().is_ok_and(|o| o.status.success());
    let here = ok(Command::new("qpdf").arg("--version"))
        && ok(Command::new("node").arg("--version"))
        && Path::new(REPO).join("tests/axe/node_modules/pdf-lib").is_dir()
        && ok(Command::new("python3").args(["-c", "import pypdf"]));
    assert!(
        here || std::env::var_os("SAMTALE_REQUIRE_TOOLS").is_none(),
        "qpdf, node with tests/axe/node_modules (pdf-lib) and python3 with pypdf are needed"
    );
    if !here {
        eprintln!("skipped: qpdf, pdf-lib or pypdf is not installed");
    }
    here
}

/// The values for a filler, in a file outside the folder being collected.
fn write_json(values: &serde_json::Value) -> tempfile::TempPath {
    let file = tempfile::Builder::new().suffix(".json").tempfile().unwrap();
    std::fs::write(file.path(), values.to_string()).unwrap();
    file.into_temp_path()
}

/// pdf-lib fills and saves the whole file (object streams, xref stream).
fn pdf_lib(input: &Path, output: &Path, values: serde_json::Value) {
    let values = write_json(&values);
    let script = Path::new(REPO).join("tests/axe/fill-pdf.mjs");
    let run = Command::new("node").arg(script).args([input, output, &*values]).output().unwrap();
    assert!(run.status.success(), "pdf-lib: {}", String::from_utf8_lossy(&run.stderr));
}

/// pypdf fills and writes the file anew.
fn pypdf(input: &Path, output: &Path, values: serde_json::Value) {
    let values = write_json(&values);
    let script = Path::new(REPO).join("tests/python/fill.py");
    let run = Command::new("python3").arg(script).args([input, output, &*values]).output().unwrap();
    assert!(run.status.success(), "pypdf: {}", String::from_utf8_lossy(&run.stderr));
}

/// qpdf as a filler: its JSON of the file, each field's `/V` set, and the
/// objects written back with `--update-from-json`.
fn qpdf_fill(input: &Path, output: &Path, values: &[(&str, &str)]) {
    let json_path = output.with_extension("qpdf.json");
    let run = Command::new("qpdf").arg("--json-output").arg(input).arg(&json_path).output();
    assert!(run.unwrap().status.success());
    let whole: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    let mut changed = serde_json::Map::new();
    for (key, object) in whole["qpdf"][1].as_object().unwrap() {
        let Some(dict) = object["value"].as_object() else { continue };
        let name = dict.get("/T").and_then(|t| t.as_str()).unwrap_or_default();
        if let Some((_, value)) = values.iter().find(|(n, _)| format!("u:{n}") == name)
            && dict.contains_key("/FT")
        {
            let mut dict = dict.clone();
            dict.insert("/V".into(), json!(format!("u:{value}")));
            changed.insert(key.clone(), json!({ "value": dict }));
        }
    }
    assert_eq!(changed.len(), values.len(), "every field was found");
    let update = json!({ "qpdf": [whole["qpdf"][0].clone(), changed] });
    std::fs::write(&json_path, update.to_string()).unwrap();
    let run = Command::new("qpdf")
        .arg(input)
        .arg(format!("--update-from-json={}", json_path.display()))
        .arg(output)
        .output()
        .unwrap();
    assert!(run.status.success(), "qpdf: {}", String::from_utf8_lossy(&run.stderr));
    std::fs::remove_file(json_path).unwrap();
}

/// What a PDF reader does when it saves in place: an incremental update
/// that sets field values (here as UTF-16 text).
pub fn save_in_place(input: &Path, output: &Path, values: &[(&str, &str)]) {
    let mut update = IncrementalDocument::load(input).unwrap();
    let fields: Vec<(lopdf::ObjectId, String)> = update
        .get_prev_documents()
        .objects
        .iter()
        .filter_map(|(id, o)| {
            let dict = o.as_dict().ok()?;
            dict.get(b"FT").ok()?;
            Some((*id, lopdf::decode_text_string(dict.get(b"T").ok()?).ok()?))
        })
        .collect();
    for (name, value) in values {
        let id = fields.iter().find(|(_, n)| n == name).expect("the field exists").0;
        update.opt_clone_object_to_new_document(id).unwrap();
        let dict = update.new_document.get_dictionary_mut(id).unwrap();
        let mut utf16 = vec![0xFE, 0xFF];
        utf16.extend(value.encode_utf16().flat_map(u16::to_be_bytes));
        dict.set("V", Object::String(utf16, lopdf::StringFormat::Hexadecimal));
    }
    update.save(output).unwrap();
}

/// A copy of `input` whose keywords name another round.
fn another_round(input: &Path, output: &Path) {
    let mut update = IncrementalDocument::load(input).unwrap();
    let info = update.get_prev_documents().trailer.get(b"Info").unwrap().as_reference().unwrap();
    update.opt_clone_object_to_new_document(info).unwrap();
    let dict = update.new_document.get_dictionary_mut(info).unwrap();
    let words = lopdf::decode_text_string(dict.get(b"Keywords").unwrap()).unwrap();
    dict.set("Keywords", lopdf::text_string(&words.replace("year=2027", "year=2026")));
    update.save(output).unwrap();
}

/// A samtale action plan whose field tree nests 200 deep.
fn deeply_nested(output: &Path) {
    let mut doc = Document::with_version("1.7");
    let mut kid =
        doc.add_object(dictionary! { "T" => Object::string_literal("leaf"), "FT" => "Tx" });
    for level in 0..200 {
        kid = doc.add_object(dictionary! {
            "T" => Object::string_literal(format!("n{level}")),
            "Kids" => vec![Object::Reference(kid)],
        });
    }
    let form = doc.add_object(dictionary! { "Fields" => vec![Object::Reference(kid)] });
    let pages = doc.add_object(
        dictionary! { "Type" => "Pages", "Kids" => Vec::<Object>::new(), "Count" => 0 },
    );
    let catalog =
        doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages, "AcroForm" => form });
    let keywords =
        "samtale-form, organisation=fjordvik-kommune, year=2027, document=action-plan, lang=nb";
    let info = doc.add_object(dictionary! { "Keywords" => lopdf::text_string(keywords) });
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    doc.save(output).unwrap();
}

struct Round {
    project: tempfile::TempDir,
}

impl Round {
    fn path(&self) -> &Path {
        self.project.path()
    }

    fn form(&self, leader: &str, person: &str, form: &str) -> PathBuf {
        self.path().join(format!("output/forms/{leader}/{person}-{form}.pdf"))
    }

    fn collect(&self, args: &[&str]) -> std::process::Output {
        let mut all = vec!["collect", "returned", "--roster", "people.csv"];
        all.extend(args);
        samtale(&all, self.path())
    }
}

/// The demo with roster forms, filled and broken as described above.
fn filled_round() -> Round {
    let project = demo_project();
    let dir = project.path().to_path_buf();
    let dir = dir.as_path();
    std::fs::write(dir.join("people.csv"), ROSTER).unwrap();
    let made = samtale(&["forms", "--roster", "people.csv"], dir);
    assert!(made.status.success(), "{}", stderr(&made));
    let blank = samtale(&["build", "--format", "pdf"], dir);
    assert!(blank.status.success(), "{}", stderr(&blank));
    let returned = dir.join("returned");
    std::fs::create_dir_all(returned.join("per-hansen")).unwrap();
    let round = Round { project };
    let at = |name: &str| returned.join(name);

    pdf_lib(
        &round.form("per-hansen", "kari-nordmann", "action-plan"),
        &at("per-hansen/kari.pdf"),
        json!({
            "goals": "Bli trygg på sakssystemet",
            "measure-1": "Kurs i sakssystemet", "measure-1-focus": "1",
            "measure-1-responsible": "Kari", "measure-1-deadline": "01.03.2027",
            "measure-2": "Flomberedskap #2 $x", "measure-2-focus": "climate-adaptation",
            "measure-2-deadline": "mai 2027",
            "planned-1": true, "planned-3": true,
            "signed-employee": "Kari N", "signed-leader": "Per H", "signed-date": "Fjordvik 1.2.2027",
        }),
    );
    pdf_lib(
        &round.form("per-hansen", "kari-nordmann", "follow-up-note"),
        &at("per-hansen/kari-note.pdf"),
        json!({ "follow-up": "2", "status-1": "done", "status-2": "behind", "status-2-measure": "Flom" }),
    );
    qpdf_fill(
        &round.form("per-hansen", "ola-berg", "action-plan"),
        &at("per-hansen/ola.pdf"),
        &[("measure-1", "Flomvern, fase 2"), ("measure-1-focus", "2"), ("signed-leader", "PH")],
    );
    pypdf(
        &round.form("siri-dahl", "bjorn-aas", "action-plan"),
        &at("bjorn.pdf"),
        json!({ "measure-1": "Åpen dør – hver fredag", "measure-1-focus": "4",
                "measure-1-deadline": "15. juni 2027", "planned-1": true,
                "signed-employee": "BÅ", "signed-leader": "SD" }),
    );
    save_in_place(
        &round.form("siri-dahl", "liv-ro", "action-plan"),
        &at("liv.pdf"),
        &[("measure-1", "Liv’s plan – ÆØÅ"), ("measure-1-focus", "3")],
    );
    // A blank form from the kit, typed by hand: matched by name.
    let blank = dir.join("output/en/action-plan.pdf");
    pdf_lib(
        &blank,
        &at("anne.pdf"),
        json!({ "employee": "anne  LIE", "measure-1": "Mentoring", "measure-1-focus": "3" }),
    );
    // Per Olsen is two people: without a leader's name the form is ambiguous.
    pdf_lib(&blank, &at("per-olsen.pdf"), json!({ "employee": "Per Olsen", "measure-1": "Noe" }));

    // Broken on purpose.
    std::fs::write(at("notes.pdf"), "these are my notes, not a PDF").unwrap();
    let ola = std::fs::read(round.form("per-hansen", "ola-berg", "action-plan")).unwrap();
    std::fs::write(at("truncated.pdf"), &ola[..ola.len() / 3]).unwrap();
    let locked = Command::new("qpdf")
        .args(["--encrypt", "secret", "owner", "256", "--"])
        .arg(round.form("per-hansen", "ola-berg", "action-plan"))
        .arg(at("locked.pdf"))
        .status()
        .unwrap();
    assert!(locked.success());
    another_round(&at("per-hansen/kari.pdf"), &at("last-year.pdf"));
    // (pdf-lib itself overflows its stack drawing 1 MB of text.)
    let megabyte = "x".repeat(1_000_000);
    save_in_place(
        &round.form("siri-dahl", "per-olsen", "action-plan"),
        &at("huge-field.pdf"),
        &[("goals", &megabyte)],
    );
    deeply_nested(&at("nested.pdf"));
    let flat = Command::new("qpdf")
        .args(["--generate-appearances", "--flatten-annotations=all"])
        .arg(at("per-hansen/kari.pdf"))
        .arg(at("flattened.pdf"))
        .status()
        .unwrap();
    assert!(flat.success() || flat.code() == Some(3));
    std::fs::copy(dir.join("output/nb/cycle-overview.pdf"), at("overview.pdf")).unwrap();
    let mut big = b"%PDF-1.7\n".to_vec();
    big.resize(21 * 1024 * 1024, b' ');
    std::fs::write(at("big.pdf"), big).unwrap();
    round
}

/// The broken files and the reason each gets.
const REFUSED: &[(&str, &str)] = &[
    ("notes.pdf", "unreadable"),
    ("truncated.pdf", "unreadable"),
    ("locked.pdf", "encrypted"),
    ("last-year.pdf", "other_round"),
    ("huge-field.pdf", "too_large"),
    ("nested.pdf", "too_large"),
    ("flattened.pdf", "flattened"),
    ("overview.pdf", "not_collected"),
    ("big.pdf", "too_large"),
    ("per-olsen.pdf", "ambiguous"),
];

fn csv_rows(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv_reader(path);
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers.iter().map(String::from).zip(r.iter().map(String::from)).collect()
        })
        .collect()
}

fn csv_reader(path: &Path) -> csv::Reader<std::fs::File> {
    csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn collect_reads_what_three_fillers_wrote_and_lists_what_it_could_not() {
    if !fillers() {
        return;
    }
    let round = filled_round();
    let output = round.collect(&["--include-text"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("collected 5 action plans and 1 follow-up notes from 16 files"), "{err}");
    for (file, _) in REFUSED {
        assert!(err.contains(file), "{file} is not reported: {err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    let out = round.path().join("output/collected");

    // Every filled measure, with its person and focus area.
    let mut measures: Vec<(String, String, String)> = csv_rows(&out.join("measures.csv"))
        .into_iter()
        .map(|r| (r["person_id"].clone(), r["focus_area"].clone(), r["measure"].clone()))
        .collect();
    measures.sort();
    let expected = [
        ("E1", "1", "Kurs i sakssystemet"),
        ("E1", "2", "Flomberedskap #2 $x"),
        ("E2", "2", "Flomvern, fase 2"),
        ("E7", "3", "Liv’s plan – ÆØÅ"),
        ("siri-dahl/anne-lie", "3", "Mentoring"),
        ("siri-dahl/bjorn-aas", "4", "Åpen dør – hver fredag"),
    ]
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()));
    assert_eq!(measures, expected);
    let flood = csv_rows(&out.join("measures.csv"))
        .into_iter()
        .find(|r| r["measure"] == "Flomvern, fase 2")
        .unwrap();
    let kit = kit();
    let climate = &kit["focus_areas"].as_array().unwrap()[1];
    assert_eq!(flood["focus_id"], climate["id"].as_str().unwrap());
    assert_eq!(
        flood["focus_title"],
        climate["title"]["nb"].as_str().unwrap(),
        "in the summary's language"
    );
    assert_eq!(
        (&flood["employee"][..], &flood["leader"][..], &flood["unit"][..]),
        ("Ola Berg", "Per Hansen", "Drift")
    );

    // One row per roster row: returned, signed, follow-up.
    let plans = csv_rows(&out.join("plans.csv"));
    assert_eq!(plans.len(), 7);
    let row = |id: &str| plans.iter().find(|r| r["person_id"] == id).unwrap();
    assert_eq!(
        (
            &row("E1")["plan_returned"][..],
            &row("E1")["signed_employee"][..],
            &row("E1")["signed_leader"][..]
        ),
        ("yes", "yes", "yes")
    );
    assert_eq!(row("E1")["planned_follow_ups"], "2");
    // Kari's conversation is on 25 January and the cadence monthly: the
    // first and third of her own follow-up dates.
    assert_eq!(row("E1")["planned_dates"], "2027-02-25;2027-04-25");
    assert_eq!(row("E1")["focus_areas"], "1;2");
    assert_eq!(
        (&row("E1")["notes_returned"][..], &row("E1")["done"][..], &row("E1")["behind"][..]),
        ("1", "1", "1")
    );
    assert_eq!((&row("E2")["signed_employee"][..], &row("E2")["signed_leader"][..]), ("no", "yes"));
    assert_eq!(row("siri-dahl/bjorn-aas")["planned_follow_ups"], "1");
    assert_eq!(row("siri-dahl/bjorn-aas")["unit"], "Teknisk drift og eiendom");
    for id in ["E5", "E6"] {
        assert_eq!(row(id)["plan_returned"], "no", "{id}");
    }
    assert_eq!(row("E1")["goals"], "Bli trygg på sakssystemet");

    // The summary: returned per manager, exact; each refused file with its
    // reason in the kit's reference language.
    let page = parse_html(&out.join("summary.html"));
    let leaders: Vec<Vec<String>> = select(&page, "#leaders ~ div table tbody tr")
        .iter()
        .take(2)
        .map(|tr| {
            tr.children()
                .filter_map(scraper::ElementRef::wrap)
                .map(|c| c.text().collect())
                .collect()
        })
        .collect();
    assert_eq!(leaders[0][..4], ["Per Hansen", "3", "2", "1"].map(String::from));
    assert_eq!(leaders[0][4], "Per Olsen");
    assert_eq!(leaders[1][..4], ["Siri Dahl", "4", "3", "1"].map(String::from));
    assert_eq!(leaders[1][4], "Per Olsen");
    let reasons = content("nb", "summary")["reasons"].as_table().unwrap().clone();
    let problems: Vec<(String, String)> = select(&page, "#problems ~ div table tbody tr")
        .iter()
        .map(|tr| {
            let cells: Vec<String> = tr
                .children()
                .filter_map(scraper::ElementRef::wrap)
                .map(|c| c.text().collect())
                .collect();
            (cells[0].clone(), cells[1].clone())
        })
        .collect();
    assert_eq!(problems.len(), REFUSED.len(), "{problems:?}");
    for (file, reason) in REFUSED {
        let (_, said) = problems.iter().find(|(f, _)| f.ends_with(file)).expect(file);
        assert_eq!(said, reasons[*reason].as_str().unwrap(), "{file}");
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if crate::html_axe::missing_tools(&chromium).is_empty() {
        crate::html_axe::axe(&out, &chromium);
    }
    if crate::pdfua::validator() {
        crate::pdfua::validate(&[out.join("summary.pdf")]);
    }
    let summary = pdf_text(&out.join("summary.pdf"));
    for text in ["PerHansen", "SiriDahl", "PerOlsen", "Digitaletjenesterforinnbyggerne"] {
        assert!(summary.contains(text), "{text} not in the summary: {summary}");
    }

    // --strict: the same files, a failure, and nothing written.
    let strict_out = round.path().join("strict");
    let strict = round.collect(&["--strict", "--out", strict_out.to_str().unwrap()]);
    assert_clean_failure(&strict);
    assert!(stderr(&strict).contains("--strict"), "{}", stderr(&strict));
    assert!(!strict_out.exists());

    // Without --include-text nothing anyone wrote leaves the forms.
    let private_out = round.path().join("private");
    let private = round.collect(&["--out", private_out.to_str().unwrap()]);
    assert!(private.status.success(), "{}", stderr(&private));
    assert!(!private_out.join("measures.csv").exists());
    let csv = std::fs::read_to_string(private_out.join("plans.csv")).unwrap();
    let html = std::fs::read_to_string(private_out.join("summary.html")).unwrap();
    let pdf = pdf_text(&private_out.join("summary.pdf"));
    for written in ["Kurs i sakssystemet", "Bli trygg", "Flomvern", "Mentoring"] {
        assert!(!csv.contains(written) && !html.contains(written), "{written} leaked");
        assert!(!pdf.contains(&squeeze(written)), "{written} leaked into the PDF");
    }
    assert!(!csv.lines().next().unwrap().contains("goals"));

    // Next round starts from this one: each person's own measures on their
    // preparation sheet and follow-up note; the blank section for the rest.
    let next = round.path().join("next");
    let forms = samtale(
        &[
            "forms",
            "--roster",
            "people.csv",
            "--previous",
            "output/collected",
            "--out",
            next.to_str().unwrap(),
        ],
        round.path(),
    );
    assert!(forms.status.success(), "{}", stderr(&forms));
    let sheet = |leader: &str, person: &str, form: &str| {
        pdf_text(&next.join(format!("{leader}/{person}-{form}.pdf")))
    };
    let kari = sheet("per-hansen", "kari-nordmann", "preparation");
    assert!(
        kari.contains(&squeeze("Kurs i sakssystemet"))
            && kari.contains(&squeeze("Flomberedskap #2 $x")),
        "{kari}"
    );
    assert!(kari.contains(&squeeze("Bli trygg på sakssystemet")));
    assert!(!kari.contains("Flomvern"), "Ola's measure is not on Kari's sheet");
    let ola = sheet("per-hansen", "ola-berg", "preparation");
    assert!(ola.contains(&squeeze("Flomvern, fase 2")) && !ola.contains("Kurs"), "{ola}");
    let note = sheet("per-hansen", "kari-nordmann", "follow-up-note");
    assert!(note.contains(&squeeze("Kurs i sakssystemet")), "{note}");
    let none =
        content("nb", "preparation")["employee"]["previous"]["none"].as_str().unwrap().to_string();
    assert!(sheet("per-hansen", "per-olsen", "preparation").contains(&squeeze(&none)));
    let title =
        content("nb", "preparation")["employee"]["previous"]["title"].as_str().unwrap().to_string();
    assert!(
        !pdf_text(&round.form("per-hansen", "kari-nordmann", "preparation"))
            .contains(&squeeze(&title)),
        "without --previous there is no such section"
    );
}

#[test]
fn collect_needs_the_forms_and_the_text_it_is_asked_for() {
    let project = demo_project();
    let missing = samtale(&["collect", "nowhere"], project.path());
    assert_clean_failure(&missing);
    assert!(stderr(&missing).contains("nowhere"), "{}", stderr(&missing));
    std::fs::create_dir_all(project.path().join("empty")).unwrap();
    let empty = samtale(&["collect", "empty"], project.path());
    assert_clean_failure(&empty);
    assert!(stderr(&empty).contains("no action plan or follow-up note could be read from 0 files"));
    // --previous wants the text: a folder collected without it is refused.
    std::fs::create_dir_all(project.path().join("counts")).unwrap();
    std::fs::write(project.path().join("counts/plans.csv"), "person_id,plan_returned\nE1,yes\n")
        .unwrap();
    std::fs::write(project.path().join("people.csv"), ROSTER).unwrap();
    let forms =
        samtale(&["forms", "--roster", "people.csv", "--previous", "counts"], project.path());
    assert_clean_failure(&forms);
    assert!(stderr(&forms).contains("--include-text"), "{}", stderr(&forms));
}

#[test]
fn a_web_form_saved_to_a_file_opens_again_and_is_collected() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let here = Path::new(&chromium).is_file()
        && Path::new(REPO).join("tests/axe/node_modules/puppeteer-core").is_dir();
    if !here {
        assert!(
            std::env::var_os("SAMTALE_REQUIRE_TOOLS").is_none(),
            "chromium and puppeteer-core are needed"
        );
        eprintln!("skipped: chromium or tests/axe/node_modules is missing");
        return;
    }
    let project = demo_project();
    let built = samtale(&["build", "--format", "html"], project.path());
    assert!(built.status.success(), "{}", stderr(&built));
    let downloads = project.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let script = Path::new(REPO).join("tests/axe/save-open.mjs");
    let page = project.path().join("output/en/action-plan.html");
    let run = Command::new("node")
        .arg(script)
        .arg(&page)
        .arg(&downloads)
        .arg(&chromium)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{said}{}", String::from_utf8_lossy(&run.stderr));
    let saved = PathBuf::from(said.trim().lines().last().unwrap());
    let file: serde_json::Value = serde_json::from_slice(&std::fs::read(&saved).unwrap()).unwrap();
    assert_eq!(file["form"]["document"], "action-plan");
    assert_eq!(file["form"]["organisation"], "fjordvik-kommune");

    // Siri Dahl is in the roster once: her saved form is hers.
    std::fs::write(
        project.path().join("people.csv"),
        "employee;leader;unit;date;lang\nSiri Dahl;Per Hansen;Drift;25.01.2027;en\n",
    )
    .unwrap();
    let collected = samtale(
        &["collect", "downloads", "--roster", "people.csv", "--include-text"],
        project.path(),
    );
    assert!(collected.status.success(), "{}", stderr(&collected));
    let measures = csv_rows(&project.path().join("output/collected/measures.csv"));
    assert_eq!(measures.len(), 1);
    assert_eq!(measures[0]["measure"], "Lære <b>#Typst</b> & {{ x }}");
    assert_eq!(
        (&measures[0]["focus_area"][..], &measures[0]["deadline_month"][..]),
        ("2", "2027-03")
    );
    let plans = csv_rows(&project.path().join("output/collected/plans.csv"));
    assert_eq!((&plans[0]["plan_returned"][..], &plans[0]["signed_employee"][..]), ("yes", "yes"));
    assert_eq!(plans[0]["planned_follow_ups"], "1");
}
