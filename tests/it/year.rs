//! The year around the conversation, read as a person would.

use std::path::PathBuf;

use lopdf::{Document, Object};

use crate::common::*;

const LANGS: &[&str] = &["nb", "nn", "en"];

fn out(lang: &str, file: &str) -> PathBuf {
    built_demo().join("output").join(lang).join(file)
}

fn text(lang: &str, stem: &str) -> String {
    pdf_text(&out(lang, &format!("{stem}.pdf")))
}

/// The round's dates as the kit writes them in `lang`.
fn follow_up_dates(lang: &str) -> Vec<String> {
    let project =
        samtale::project::Project::load(&built_demo().join("kit.toml"), Default::default())
            .unwrap_or_else(|e| panic!("{e}"));
    let kit = project.languages.iter().find(|k| k.lang == lang).unwrap();
    project.kit.round.follow_ups.iter().map(|d| kit.format_date(*d)).collect()
}

#[test]
fn the_follow_up_note_lists_the_rounds_follow_up_dates_to_tick() {
    for lang in LANGS {
        let dates = follow_up_dates(lang);
        assert!(dates.len() >= 4, "the demo follows up monthly");
        let printed = text(lang, "follow-up-note");
        for (i, date) in dates.iter().enumerate() {
            let want = squeeze(&format!("{}/{} {date}", i + 1, dates.len()));
            assert!(printed.contains(&want), "{lang} lacks `{want}`");
        }
        let doc = Document::load(out(lang, "follow-up-note.pdf")).unwrap();
        assert_eq!(pdf_pages(&out(lang, "follow-up-note.pdf")).0, 1, "{lang}: one A4 page");
        let group = &buttons(&doc)["follow-up"];
        assert_eq!(group.states.len(), dates.len(), "{lang}: one box per planned date");
        assert_eq!(group.boxes.len(), dates.len(), "{lang}: one widget per box");
        assert_eq!(group.label, content(lang, "follow-up")["which_title"].as_str().unwrap());
    }
}

#[test]
fn a_roster_gives_each_person_a_follow_up_note_with_their_own_dates() {
    let project = demo_project();
    let roster = "employee;leader;unit;date;lang\nÅse Ødegård;Kari Nordmann;;2027-01-20;nb\n";
    std::fs::write(project.path().join("people.csv"), roster).unwrap();
    let output = samtale(&["forms", "--roster", "people.csv", "--quiet"], project.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let note = project.path().join("output/forms/kari-nordmann/aase-odegaard-follow-up-note.pdf");
    let printed = pdf_text(&note);
    for want in ["Åse Ødegård", "Kari Nordmann", "1/9 20. februar 2027", "9/9 20. oktober 2027"]
    {
        assert!(printed.contains(&squeeze(want)), "the note lacks {want}:\n{printed}");
    }
    // The names are printed, so they are no fields; the status table is.
    let found = fields(&Document::load(&note).unwrap());
    assert!(!found.contains("employee") && found.contains("status-1-measure"), "{found:?}");
    let manifest =
        std::fs::read_to_string(project.path().join("output/forms/manifest.csv")).unwrap();
    assert!(manifest.lines().next().unwrap().ends_with(",follow_up_note"), "{manifest}");
}

/// A check box or radio group as a reader lists it: its question, and the
/// states its boxes can take (one per box of a radio group).
#[derive(Debug)]
struct Buttons {
    label: String,
    states: Vec<String>,
    /// Each box: its widget and rectangle.
    boxes: Vec<(lopdf::ObjectId, [f32; 4])>,
}

fn buttons(doc: &Document) -> std::collections::BTreeMap<String, Buttons> {
    let catalog = doc.catalog().unwrap();
    let form = match catalog.get(b"AcroForm").unwrap() {
        Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
        o => o.as_dict().unwrap(),
    };
    let mut found = std::collections::BTreeMap::new();
    for field in form.get(b"Fields").unwrap().as_array().unwrap() {
        let dict = doc.get_dictionary(field.as_reference().unwrap()).unwrap();
        if dict.get(b"FT").unwrap().as_name().unwrap() != b"Btn" {
            continue;
        }
        let name = lopdf::decode_text_string(dict.get(b"T").unwrap()).unwrap();
        let label = lopdf::decode_text_string(dict.get(b"TU").unwrap()).unwrap();
        let widgets: Vec<lopdf::ObjectId> = match dict.get(b"Kids") {
            Ok(kids) => {
                kids.as_array().unwrap().iter().map(|k| k.as_reference().unwrap()).collect()
            }
            Err(_) => vec![field.as_reference().unwrap()],
        };
        let mut states = Vec::new();
        let mut boxes = Vec::new();
        for id in widgets {
            let widget = doc.get_dictionary(id).unwrap();
            let normal =
                widget.get(b"AP").unwrap().as_dict().unwrap().get(b"N").unwrap().as_dict().unwrap();
            states.extend(
                normal
                    .iter()
                    .map(|(k, _)| String::from_utf8_lossy(k).into_owned())
                    .filter(|s| s != "Off"),
            );
            let rect: Vec<f32> = widget
                .get(b"Rect")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_float().unwrap())
                .collect();
            boxes.push((id, [rect[0], rect[1], rect[2], rect[3]]));
        }
        found.insert(name, Buttons { label, states, boxes });
    }
    found
}

/// The text fields of a PDF by name.
fn fields(doc: &Document) -> std::collections::BTreeSet<String> {
    let catalog = doc.catalog().unwrap();
    let Ok(form) = catalog.get(b"AcroForm") else { return Default::default() };
    let form = match form {
        Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
        o => o.as_dict().unwrap(),
    };
    form.get(b"Fields")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| doc.get_dictionary(f.as_reference().unwrap()).unwrap())
        .filter(|d| d.get(b"FT").unwrap().as_name().unwrap() == b"Tx")
        .map(|d| lopdf::decode_text_string(d.get(b"T").unwrap()).unwrap())
        .collect()
}
