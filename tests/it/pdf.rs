//! The PDFs as PDF readers see them: PDF/UA-1 by default (tags, title,
//! language, identification), `--pdf-standard`, and the fillable fields of
//! the forms: where they are, what they are called, that they can be filled
//! and read back, and that an empty form prints as before.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::common::*;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// qpdf checks structure and flattens filled fields; CI installs it.
fn qpdf() -> bool {
    let here = Command::new("qpdf").arg("--version").output().is_ok_and(|o| o.status.success());
    if !here {
        assert!(
            std::env::var_os("SAMTALE_REQUIRE_TOOLS").is_none(),
            "qpdf is missing, and SAMTALE_REQUIRE_TOOLS is set"
        );
        eprintln!("skipped: qpdf is not installed");
    }
    here
}

fn load(path: &Path) -> Document {
    Document::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn catalog(doc: &Document) -> &Dictionary {
    doc.catalog().unwrap()
}

fn text_of(doc: &Document, object: &Object) -> String {
    let object = match object {
        Object::Reference(id) => doc.get_object(*id).unwrap(),
        o => o,
    };
    lopdf::decode_text_string(object).unwrap()
}

fn metadata(doc: &Document) -> String {
    let id = catalog(doc).get(b"Metadata").unwrap().as_reference().unwrap();
    let stream = doc.get_object(id).unwrap().as_stream().unwrap();
    String::from_utf8(stream.content.clone()).unwrap()
}

/// One field as a reader lists it.
#[derive(Debug)]
struct Field {
    label: String,
    multiline: bool,
    rect: [f32; 4],
    page: usize,
    widget: ObjectId,
}

/// The text fields of a PDF by name, read from `/AcroForm` (check boxes and
/// radio groups are in `year.rs`).
fn fields(doc: &Document) -> BTreeMap<String, Field> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let Ok(form) = catalog(doc).get(b"AcroForm") else { return BTreeMap::new() };
    let form = match form {
        Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
        o => o.as_dict().unwrap(),
    };
    let mut out = BTreeMap::new();
    for field in form.get(b"Fields").unwrap().as_array().unwrap() {
        let id = field.as_reference().unwrap();
        let dict = doc.get_dictionary(id).unwrap();
        if dict.get(b"FT").unwrap().as_name().unwrap() != b"Tx" {
            continue;
        }
        let rect: Vec<f32> = dict
            .get(b"Rect")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_float().unwrap())
            .collect();
        let page = dict.get(b"P").unwrap().as_reference().unwrap();
        let flags = dict.get(b"Ff").and_then(Object::as_i64).unwrap_or(0);
        let name = text_of(doc, dict.get(b"T").unwrap());
        let previous = out.insert(
            name.clone(),
            Field {
                label: text_of(doc, dict.get(b"TU").unwrap()),
                multiline: flags & (1 << 12) != 0,
                rect: [rect[0], rect[1], rect[2], rect[3]],
                page: pages.iter().position(|p| *p == page).expect("the field's page is a page"),
                widget: id,
            },
        );
        assert!(previous.is_none(), "two fields are named {name}");
    }
    out
}

fn demo_pdf(lang: &str, stem: &str) -> std::path::PathBuf {
    built_demo().join("output").join(lang).join(format!("{stem}.pdf"))
}

#[test]
fn every_pdf_is_tagged_pdf_ua_1_with_title_language_and_author() {
    for lang in ["nb", "nn", "en"] {
        let organisation = kit()["organisation"]["name"][lang].as_str().unwrap().to_string();
        let strings = content(lang, "strings");
        for (stem, _) in pdfs() {
            let path = demo_pdf(lang, stem);
            let doc = load(&path);
            let root = catalog(&doc);
            let what = format!("{lang}/{stem}");
            assert_eq!(text_of(&doc, root.get(b"Lang").unwrap()), lang, "{what}");
            let mark = root.get(b"MarkInfo").unwrap().as_dict().unwrap();
            assert!(mark.get(b"Marked").unwrap().as_bool().unwrap(), "{what}");
            let tree = doc
                .get_dictionary(root.get(b"StructTreeRoot").unwrap().as_reference().unwrap())
                .unwrap();
            assert!(tree.get(b"K").is_ok() && tree.get(b"ParentTree").is_ok(), "{what}");
            let prefs = root.get(b"ViewerPreferences").unwrap().as_dict().unwrap();
            assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap(), "{what}");

            let xmp = metadata(&doc);
            assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{what}: no PDF/UA-1 id");
            assert!(!xmp.contains("pdfaid:part"), "{what}");
            assert!(xmp.contains(&format!("<rdf:li>{lang}</rdf:li>")), "{what}: no dc:language");

            let info = doc
                .get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap())
                .unwrap();
            let title = text_of(&doc, info.get(b"Title").unwrap());
            let round = strings["kit"]["round"].as_str().unwrap().replace("{year}", "2027");
            assert!(title.ends_with(&round), "{what}: title {title:?}");
            assert_eq!(text_of(&doc, info.get(b"Author").unwrap()), organisation, "{what}");
        }
    }
}

/// The struct tree's element types, counted.
fn tag_counts(doc: &Document) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for object in doc.objects.values() {
        if let Ok(dict) = object.as_dict()
            && dict.get(b"Type").and_then(Object::as_name).is_ok_and(|n| n == b"StructElem")
        {
            let kind =
                String::from_utf8_lossy(dict.get(b"S").unwrap().as_name().unwrap()).into_owned();
            *counts.entry(kind).or_default() += 1;
        }
    }
    counts
}

#[test]
fn headings_tables_and_the_logo_are_tagged_for_screen_readers() {
    let plan = tag_counts(&load(&demo_pdf("nb", "action-plan")));
    assert_eq!(plan.get("H1"), Some(&1), "{plan:?}");
    assert!(plan.get("H2").is_some_and(|n| *n >= 4), "{plan:?}");
    assert_eq!(plan.get("Table"), Some(&1), "{plan:?}");
    assert!(plan.get("TH").is_some_and(|n| *n == 4), "header row: {plan:?}");
    // Who does what: each role heads its row.
    let cycle = tag_counts(&load(&demo_pdf("nb", "cycle-overview")));
    // Each role heads its row, and each kind of record in who-sees-what.
    let roles = content("nb", "cycle")["roles"]["role"].as_array().unwrap().len();
    let records = content("nb", "records")["documents"].as_array().unwrap().len();
    assert_eq!(cycle.get("TH"), Some(&(roles + records)), "{cycle:?}");

    // The logo in the page header is an artifact, as page furniture should
    // be; on the briefing's title slide it is a figure with alt text.
    let doc = load(&demo_pdf("nb", "leader-briefing"));
    let alt: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").and_then(Object::as_name).is_ok_and(|n| n == b"Figure"))
        .map(|d| text_of(&doc, d.get(b"Alt").expect("a figure has alt text")))
        .collect();
    assert!(alt.iter().any(|a| a == "Fjordvik kommune"), "{alt:?}");

    let slides = tag_counts(&load(&demo_pdf("en", "leader-briefing")));
    let briefing = content("en", "briefing");
    let count = briefing["slides"].as_array().unwrap().len();
    assert_eq!(slides.get("H1"), Some(&1), "{slides:?}");
    assert_eq!(slides.get("H2"), Some(&count), "one heading per slide: {slides:?}");
}

#[test]
fn pdf_standard_a_2b_and_none_are_chosen_with_a_flag() {
    let project = demo_project();
    for (standard, expect, refuse) in
        [("a-2b", "<pdfaid:part>2</pdfaid:part>", "pdfuaid"), ("none", "", "pdfaid")]
    {
        let out = format!("out-{standard}");
        let output = samtale(
            &["build", "--format", "pdf", "--pdf-standard", standard, "--out", &out],
            project.path(),
        );
        assert!(output.status.success(), "{standard}: {}", stderr(&output));
        for stem in ["action-plan", "cycle-overview"] {
            let doc = load(&project.path().join(&out).join("nb").join(format!("{stem}.pdf")));
            let xmp = metadata(&doc);
            assert!(xmp.contains(expect), "{standard}/{stem}");
            assert!(!xmp.contains(refuse), "{standard}/{stem}");
            // Tagged and fillable whatever the standard.
            assert!(catalog(&doc).get(b"StructTreeRoot").is_ok());
        }
        let plan = load(&project.path().join(&out).join("nb/action-plan.pdf"));
        assert!(fields(&plan).contains_key("goals"), "{standard}");
    }
    if qpdf() {
        let a2b = project.path().join("out-a-2b/nb/action-plan.pdf");
        assert_qpdf_check(&a2b);
    }

    let wrong = samtale(&["build", "--pdf-standard", "ua-2"], project.path());
    assert_eq!(wrong.status.code(), Some(2));
    let message = stderr(&wrong);
    assert!(message.contains("ua-1") && message.contains("a-2b"), "{message}");
}

fn assert_qpdf_check(path: &Path) {
    let check = Command::new("qpdf").arg("--check").arg(path).output().unwrap();
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "qpdf --check {}: {report}", path.display());
    assert!(report.contains("No syntax or stream encoding errors"), "{report}");
}

#[test]
fn forms_have_named_labelled_fields_inside_their_writing_areas() {
    let plan_text = content("nb", "action-plan");
    let doc = load(&demo_pdf("nb", "action-plan"));
    let found = fields(&doc);
    let rows = kit()["documents"]["action_plan"]["rows"].as_integer().unwrap();
    let mut expected: Vec<String> =
        ["employee", "leader", "date", "goals", "development", "follow-up", "comment"]
            .map(String::from)
            .into();
    // The signature lines take a typed name or date on screen.
    expected.extend(["signed-date", "signed-employee", "signed-leader"].map(String::from));
    for row in 1..=rows {
        for column in ["", "-focus", "-responsible", "-deadline"] {
            expected.push(format!("measure-{row}{column}"));
        }
    }
    expected.sort();
    assert_eq!(found.keys().cloned().collect::<Vec<_>>(), expected);

    let (width, height) = (595.28, 841.89);
    for (name, field) in &found {
        let [x1, y1, x2, y2] = field.rect;
        assert!(
            0.0 < x1 && x1 < x2 && x2 < width && 0.0 < y1 && y1 < y2 && y2 < height,
            "{name}: {:?}",
            field.rect
        );
        assert!(
            y2 - y1 >= 10.0 && x2 - x1 >= 30.0,
            "{name} is too small to write in: {:?}",
            field.rect
        );
        assert_eq!(field.page, 0);
        let page = doc.get_dictionary(doc.get_pages()[&1]).unwrap();
        let annots = page.get(b"Annots").unwrap().as_array().unwrap();
        assert!(annots.contains(&Object::Reference(field.widget)), "{name} is not on its page");
    }
    // Writing space is multi-line; names, dates and table cells are not.
    for name in ["goals", "development", "follow-up"] {
        assert!(found[name].multiline, "{name}");
    }
    for name in ["employee", "date", "measure-1", "measure-3-deadline"] {
        assert!(!found[name].multiline, "{name}");
    }
    // Tooltips are the printed labels, in the document's language.
    assert_eq!(found["goals"].label, plan_text["goals_title"].as_str().unwrap());
    assert_eq!(found["employee"].label, plan_text["employee"].as_str().unwrap());
    assert_eq!(
        found["measure-2"].label,
        format!("{} 2", plan_text["col_measure"].as_str().unwrap())
    );
    // The goals area sits left of the development area, in the same band.
    let (goals, development) = (&found["goals"].rect, &found["development"].rect);
    assert!(goals[2] <= development[0] && (goals[1] - development[1]).abs() < 1.0);

    // The goals field lies between its heading and the measures' heading.
    if poppler() {
        let words = first_page_words(&demo_pdf("nb", "action-plan"));
        let top_of = |word: &str| {
            words.iter().find(|(w, _, _)| w == word).map(|(_, top, bottom)| (*top, *bottom))
        };
        let (_, heading_bottom) = top_of("prioriterte").expect("the goals heading");
        let (measures_top, _) = top_of("Tiltak").expect("the measures heading");
        let [_, y1, _, y2] = found["goals"].rect;
        let (field_top, field_bottom) = (height - y2, height - y1);
        assert!(heading_bottom <= field_top + 1.0, "the field covers its heading");
        assert!(field_bottom < measures_top, "the field runs into the next section");
    }

    // The preparation sheet: one field per selected question, labelled with it.
    let doc = load(&demo_pdf("en", "preparation-employee"));
    let found = fields(&doc);
    let questions = selected("employee_preparation");
    for (i, id) in questions.iter().enumerate() {
        let field = &found[&format!("question-{}", i + 1)];
        assert_eq!(squeeze(&field.label), squeeze(&question_text("en", id)));
        assert!(field.multiline);
    }
    let focus = kit()["focus_areas"].as_array().unwrap().len();
    assert_eq!(found.keys().filter(|k| k.starts_with("focus-area-")).count(), focus);
    assert!(found.contains_key("own-topics") && found.contains_key("name"));
    assert!(found.values().any(|f| f.page > 0), "fields follow the questions onto later pages");
}

#[test]
fn every_field_is_tagged_as_a_form_with_tab_order_by_structure() {
    let doc = load(&demo_pdf("nn", "preparation-leader"));
    let found = fields(&doc);
    assert!(found.len() >= 8, "{found:?}");
    let root = doc
        .get_dictionary(catalog(&doc).get(b"StructTreeRoot").unwrap().as_reference().unwrap())
        .unwrap();
    let next = root.get(b"ParentTreeNextKey").unwrap().as_i64().unwrap();
    let nums = root
        .get(b"ParentTree")
        .unwrap()
        .as_dict()
        .unwrap()
        .get(b"Nums")
        .unwrap()
        .as_array()
        .unwrap();
    let tree: BTreeMap<i64, &Object> =
        nums.chunks(2).map(|pair| (pair[0].as_i64().unwrap(), &pair[1])).collect();
    for (name, field) in &found {
        let widget = doc.get_dictionary(field.widget).unwrap();
        let key = widget.get(b"StructParent").unwrap().as_i64().unwrap();
        assert!(key < next, "{name}");
        let form = doc.get_dictionary(tree[&key].as_reference().unwrap()).unwrap();
        assert_eq!(form.get(b"S").unwrap().as_name().unwrap(), b"Form", "{name}");
        let objr = form.get(b"K").unwrap().as_dict().unwrap();
        assert_eq!(objr.get(b"Obj").unwrap().as_reference().unwrap(), field.widget, "{name}");
        let page = doc.get_dictionary(widget.get(b"P").unwrap().as_reference().unwrap()).unwrap();
        assert_eq!(page.get(b"Tabs").unwrap().as_name().unwrap(), b"S", "{name}");
        // Nothing is drawn: no border, no background.
        let mk = widget.get(b"MK").unwrap().as_dict().unwrap();
        assert!(mk.get(b"BG").is_err() && mk.get(b"BC").is_err(), "{name}");
    }
}

#[test]
fn fields_can_be_filled_and_the_text_read_back() {
    if !qpdf() || !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let forms = [
        ("nb", "action-plan"),
        ("en", "preparation-employee"),
        ("nn", "follow-up-note"),
        ("en", "round-evaluation"),
    ];
    for (lang, stem) in forms {
        let mut doc = load(&demo_pdf(lang, stem));
        let found = fields(&doc);
        // Short values, so they fit the narrowest cell: F01æø#, F02æø#, …
        let names: Vec<&String> = found.keys().collect();
        let value = |name: &String| {
            format!("F{:02}æø#", names.iter().position(|n| *n == name).unwrap() + 1)
        };
        for (name, field) in &found {
            let widget = doc.get_dictionary_mut(field.widget).unwrap();
            widget.set("V", lopdf::text_string(&value(name)));
        }
        // What a PDF reader does when someone types: mark the appearances stale.
        let form_id = catalog(&doc).get(b"AcroForm").unwrap().clone();
        let form = match form_id {
            Object::Reference(id) => doc.get_dictionary_mut(id).unwrap(),
            _ => doc.catalog_mut().unwrap().get_mut(b"AcroForm").unwrap().as_dict_mut().unwrap(),
        };
        form.set("NeedAppearances", true);
        let filled = dir.path().join(format!("{lang}-{stem}-filled.pdf"));
        doc.save(&filled).unwrap();

        let flat = dir.path().join(format!("{lang}-{stem}-flat.pdf"));
        let status = Command::new("qpdf")
            .args(["--generate-appearances", "--flatten-annotations=all"])
            .arg(&filled)
            .arg(&flat)
            .status()
            .unwrap();
        assert!(status.success() || status.code() == Some(3), "qpdf failed: {status}");
        // `SAMTALE_KEEP_FILLED=DIR` keeps the filled forms to look at.
        if let Some(keep) = std::env::var_os("SAMTALE_KEEP_FILLED") {
            for file in [&filled, &flat] {
                std::fs::copy(file, Path::new(&keep).join(file.file_name().unwrap())).unwrap();
            }
        }
        let text = pdf_text(&flat);
        for name in found.keys() {
            assert!(
                text.contains(&squeeze(&value(name))),
                "{lang}/{stem}: `{name}` not in the filled page"
            );
        }
    }
}

/// Words of page 1 with their top and bottom, from the top of the page.
fn first_page_words(pdf: &Path) -> Vec<(String, f32, f32)> {
    let output = Command::new("pdftotext")
        .args(["-bbox", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&output.stdout).into_owned();
    let number = |line: &str, key: &str| -> f32 {
        let at = line.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
        line[at..].split('"').next().unwrap().parse().unwrap()
    };
    html.lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .map(|l| {
            let text = l.split('>').nth(1).unwrap().split('<').next().unwrap().to_string();
            (text, number(l, "yMin"), number(l, "yMax"))
        })
        .collect()
}

/// The demo's PDFs built with `--fillable=false`, once for this test binary.
fn plain_demo() -> &'static Path {
    static PLAIN: std::sync::OnceLock<(tempfile::TempDir, std::path::PathBuf)> =
        std::sync::OnceLock::new();
    let (_, out) = PLAIN.get_or_init(|| {
        let project = demo_project();
        let output = samtale(
            &["build", "--format", "pdf", "--fillable=false", "--out", "plain"],
            project.path(),
        );
        assert!(output.status.success(), "{}", stderr(&output));
        let out = project.path().join("plain");
        (project, out)
    });
    out
}

#[test]
fn an_empty_fillable_form_prints_exactly_like_the_plain_one() {
    for stem in ["action-plan", "preparation-employee", "preparation-leader"] {
        let plain = plain_demo().join("nb").join(format!("{stem}.pdf"));
        assert!(fields(&load(&plain)).is_empty(), "{stem}: --fillable=false still made fields");
        let fillable = demo_pdf("nb", stem);
        assert!(!fields(&load(&fillable)).is_empty(), "{stem}");
        if qpdf() {
            assert_qpdf_check(&fillable);
        }
        if poppler() {
            assert_eq!(
                render(&plain),
                render(&fillable),
                "{stem}: the empty fields change the print"
            );
        }
    }
}

/// Every page as a PPM image, as `pdftoppm` prints it.
fn render(pdf: &Path) -> Vec<Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("pdftoppm")
        .args(["-r", "50"])
        .arg(pdf)
        .arg(dir.path().join("p"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut pages: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    pages.sort();
    pages.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

#[test]
fn personal_forms_keep_printed_names_and_packs_name_fields_per_person() {
    let project = demo_project();
    let roster = "employee,leader,unit,date,lang\nÅse Ødegård,Kari Nordmann,,2027-01-20,nb\nOla Nordmann,Kari Nordmann,,2027-01-21,nb\n";
    std::fs::write(project.path().join("people.csv"), roster).unwrap();
    let output =
        samtale(&["forms", "--roster", "people.csv", "--per", "leader", "--quiet"], project.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let pack = load(&project.path().join("output/forms/kari-nordmann.pdf"));
    let found = fields(&pack);
    // Names and planned dates are printed, so they are no fields; the date of
    // a follow-up is still written on its note.
    assert!(!found.keys().any(|k| k.ends_with(":employee") || k.ends_with(":leader")), "{found:?}");
    let printed = |stem: &str, field: &str| {
        ["employee", "leader", "name"].contains(&field)
            || (field == "date" && stem != "follow-up-note")
    };
    // In a pack, each field is named for its person and form:
    // `aase-odegaard:action-plan:goals`, so no two forms' fields meet.
    let mut blank: Vec<String> = samtale::documents::forms()
        .flat_map(|(document, form)| {
            fields(&load(&demo_pdf("nb", document.id)))
                .into_keys()
                .filter(move |k| !printed(document.id, k))
                .map(move |k| format!("{}:{k}", form.name))
        })
        .collect();
    blank.sort();
    for person in ["aase-odegaard", "ola-nordmann"] {
        let prefix = format!("{person}:");
        let mine: Vec<String> =
            found.keys().filter_map(|k| k.strip_prefix(&prefix)).map(str::to_string).collect();
        assert_eq!(mine, blank, "{person}");
    }
    for person in ["aase-odegaard", "ola-nordmann"] {
        assert!(found.contains_key(&format!("{person}:action-plan:goals")), "{found:?}");
        assert!(found.contains_key(&format!("{person}:preparation:question-1")), "{found:?}");
    }
    let first = found["aase-odegaard:action-plan:goals"].page;
    let second = found["ola-nordmann:action-plan:goals"].page;
    assert!(first < second, "each person's fields are on their own pages");
    if qpdf() {
        assert_qpdf_check(&project.path().join("output/forms/kari-nordmann.pdf"));
    }
}

#[test]
fn the_quick_reader_opens_typsts_pdfs_as_lopdf_does() {
    // The fields update reads Typst's PDFs through a partial reader and falls
    // back to lopdf's full parse; the quick path must work on every PDF we
    // make, and agree with the full parse on what it reads.
    for lang in ["nb", "en"] {
        for (stem, _) in pdfs() {
            let bytes = std::fs::read(plain_demo().join(lang).join(format!("{stem}.pdf"))).unwrap();
            let quick = samtale::render::typst::lazy_pdf::open(&bytes)
                .unwrap_or_else(|| panic!("{lang}/{stem}: the quick reader gave up"));
            let full = Document::load_mem(&bytes).unwrap();
            assert_eq!(quick.get_pages(), full.get_pages(), "{lang}/{stem}");
            assert_eq!(quick.trailer.get(b"Root").unwrap(), full.trailer.get(b"Root").unwrap());
            assert_eq!(quick.trailer.get(b"ID").unwrap(), full.trailer.get(b"ID").unwrap());
            assert_eq!(quick.max_id, full.max_id);
            for (id, object) in &quick.objects {
                assert_eq!(object, full.get_object(*id).unwrap(), "{lang}/{stem}: object {id:?}");
            }
        }
    }
}
