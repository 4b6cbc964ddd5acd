//! The year around the conversation: the follow-up note, the reflection
//! conversation's guide and preparation sheet, HR's evaluation, the annual
//! wheel, the print packet and the archive, read as a person would.

use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::{Document, Object};
use samtale::documents::Page;

use crate::common::*;

const LANGS: &[&str] = &["nb", "nn", "en"];

fn out(lang: &str, file: &str) -> PathBuf {
    built_demo().join("output").join(lang).join(file)
}

fn text(lang: &str, stem: &str) -> String {
    pdf_text(&out(lang, &format!("{stem}.pdf")))
}

/// Every string of a TOML value, for comparing with a PDF's text.
fn strings(value: &toml::Value) -> Vec<String> {
    match value {
        toml::Value::String(s) => vec![s.clone()],
        toml::Value::Array(items) => items.iter().flat_map(strings).collect(),
        toml::Value::Table(t) => t.values().flat_map(strings).collect(),
        _ => Vec::new(),
    }
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
fn each_document_of_the_year_prints_its_own_texts_in_every_language() {
    for lang in LANGS {
        let follow_up = content(lang, "follow-up");
        let printed = text(lang, "follow-up-note");
        for key in [
            "title",
            "col_measure",
            "col_comment",
            "on_track",
            "behind",
            "done",
            "since_title",
            "next_title",
            "wellbeing_title",
            "initial_employee",
            "initial_leader",
        ] {
            let want = squeeze(follow_up[key].as_str().unwrap());
            assert!(printed.contains(&want), "{lang} follow-up note lacks {key}: {want}");
        }
        for prompt in strings(&follow_up["wellbeing_prompts"]) {
            assert!(printed.contains(&squeeze(&prompt)), "{lang}: {prompt}");
        }

        let reflection = content(lang, "reflection");
        let guide = text(lang, "reflection-guide");
        let parts = reflection["guide"]["parts"].as_array().unwrap();
        assert_eq!(parts.len(), 5, "the guide's five parts");
        for part in parts {
            assert!(guide.contains(&squeeze(part["title"].as_str().unwrap())), "{lang}: {part}");
        }
        let sheet = text(lang, "reflection-preparation");
        let preparation = &reflection["preparation"];
        for question in strings(&preparation["questions"]) {
            assert!(sheet.contains(&squeeze(&question)), "{lang}: {question}");
        }
        for key in ["role_employee", "role_leader"] {
            assert!(
                sheet.contains(&squeeze(preparation[key].as_str().unwrap())),
                "{lang}: both parties"
            );
        }

        let evaluation = content(lang, "evaluation");
        let form = text(lang, "round-evaluation");
        for item in evaluation["items"].as_array().unwrap() {
            assert!(form.contains(&squeeze(item["question"].as_str().unwrap())), "{lang}: {item}");
            for option in strings(&item["options"]) {
                assert!(form.contains(&squeeze(&option)), "{lang}: option {option}");
            }
        }
        for option in strings(&evaluation["training_options"]) {
            assert!(form.contains(&squeeze(&option)), "{lang}: training {option}");
        }

        // The same documents as web pages, in the language.
        for stem in
            ["follow-up-note", "reflection-guide", "reflection-preparation", "round-evaluation"]
        {
            let page = parse_html(&out(lang, &format!("{stem}.html")));
            assert_eq!(select(&page, "html")[0].attr("lang"), Some(*lang));
            let title = squeeze(
                content(lang, "strings")["documents"][stem.replace('-', "_")].as_str().unwrap(),
            );
            assert!(html_text(&page).contains(&title), "{lang}/{stem}.html lacks its title");
        }
    }
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

#[test]
fn the_scales_and_statuses_are_radio_groups_and_ticks_print() {
    let evaluation = Document::load(out("en", "round-evaluation.pdf")).unwrap();
    let found = buttons(&evaluation);
    for item in content("en", "evaluation")["items"].as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        let options = item["options"].as_array().unwrap().len();
        assert_eq!(found[id].states.len(), options, "{id}: {found:?}");
        assert_eq!(found[id].label, item["question"].as_str().unwrap(), "{id}");
    }
    assert!(
        found.contains_key("training-1") && found.contains_key("training-other"),
        "check boxes"
    );
    assert_eq!(found["role"].states, ["employee", "leader"]);

    let note = Document::load(out("nb", "follow-up-note.pdf")).unwrap();
    let status = &buttons(&note)["status-1"];
    assert_eq!(status.states, ["on-track", "behind", "done"]);

    // Tick the second status box as a reader would, flatten with qpdf, and
    // see the tick on the page where the box is.
    if !qpdf_here() || !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut doc = note.clone();
    let parent = {
        let catalog = doc.catalog().unwrap();
        let form = match catalog.get(b"AcroForm").unwrap() {
            Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
            o => o.as_dict().unwrap(),
        };
        let fields = form.get(b"Fields").unwrap().as_array().unwrap();
        let mut ids = fields.iter().map(|f| f.as_reference().unwrap());
        ids.find(|id| {
            let d = doc.get_dictionary(*id).unwrap();
            d.get(b"T").is_ok_and(|t| lopdf::decode_text_string(t).unwrap() == "status-1")
        })
        .unwrap()
    };
    doc.get_dictionary_mut(parent).unwrap().set("V", Object::Name(b"behind".to_vec()));
    let (widget, rect) = status.boxes[1];
    doc.get_dictionary_mut(widget).unwrap().set("AS", Object::Name(b"behind".to_vec()));
    let (blank, ticked) = (dir.path().join("blank.pdf"), dir.path().join("ticked.pdf"));
    let flatten = |from: &Path, to: &Path| {
        let status = Command::new("qpdf")
            .args(["--flatten-annotations=all"])
            .arg(from)
            .arg(to)
            .status()
            .unwrap();
        assert!(status.success() || status.code() == Some(3));
    };
    let filled = dir.path().join("filled.pdf");
    doc.save(&filled).unwrap();
    flatten(&out("nb", "follow-up-note.pdf"), &blank);
    flatten(&filled, &ticked);
    let dark = |pdf: &Path| {
        let image = dir.path().join("page");
        let status = Command::new("pdftoppm")
            .args(["-r", "72", "-gray", "-singlefile"])
            .arg(pdf)
            .arg(&image)
            .status()
            .unwrap();
        assert!(status.success());
        let pgm = std::fs::read(image.with_extension("pgm")).unwrap();
        // P5 width height 255\n, then one byte per pixel, from the top.
        let header: Vec<&[u8]> = pgm.splitn(5, |b| b.is_ascii_whitespace()).take(4).collect();
        let width: usize = std::str::from_utf8(header[1]).unwrap().parse().unwrap();
        let height: usize = std::str::from_utf8(header[2]).unwrap().parse().unwrap();
        let pixels = &pgm[pgm.len() - width * height..];
        let [x1, y1, x2, y2] = rect;
        let (top, bottom) = (height - y2 as usize, height - y1 as usize);
        (top..bottom)
            .flat_map(|y| (x1 as usize..x2 as usize).map(move |x| (x, y)))
            .filter(|(x, y)| pixels[y * width + x] < 128)
            .count()
    };
    assert!(dark(&ticked) > dark(&blank) + 3, "the tick does not print in its box");
}

fn qpdf_here() -> bool {
    Command::new("qpdf").arg("--version").output().is_ok_and(|o| o.status.success())
}

#[test]
fn the_cycle_overview_draws_the_round_on_an_annual_wheel() {
    for lang in LANGS {
        let printed = text(lang, "cycle-overview");
        let strings = content(lang, "strings");
        for month in strings["dates"]["short_months"].as_array().unwrap() {
            assert!(printed.contains(&squeeze(month.as_str().unwrap())), "{lang}: {month}");
        }
        // The wheel is a figure whose text alternative gives every date.
        let doc = Document::load(out(lang, "cycle-overview.pdf")).unwrap();
        let alt: Vec<String> = doc
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter(|d| d.get(b"S").and_then(Object::as_name).is_ok_and(|n| n == b"Figure"))
            .filter_map(|d| d.get(b"Alt").ok().map(|a| lopdf::decode_text_string(a).unwrap()))
            .collect();
        let wheel = alt
            .iter()
            .find(|a| a.contains(&follow_up_dates(lang)[0]))
            .expect("the wheel's alt text");
        for date in follow_up_dates(lang) {
            assert!(wheel.contains(&date), "{lang}: alt text lacks {date}: {wheel}");
        }
        // Every date is printed beside the wheel, too.
        for date in follow_up_dates(lang) {
            assert!(printed.contains(&squeeze(&date)), "{lang} lacks {date}");
        }
        assert!(pdf_pages(&out(lang, "cycle-overview.pdf")).0 <= 3, "{lang}: three pages");
        // The web page has the same wheel, as SVG with its text alternative.
        let page = parse_html(&out(lang, "cycle-overview.html"));
        let svg = select(&page, "figure.wheel svg[role=img]");
        assert_eq!(svg.len(), 1, "{lang}: one wheel");
        let desc = select(&page, "figure.wheel desc");
        assert!(desc[0].text().collect::<String>().contains(&follow_up_dates(lang)[0]));
    }
}

#[test]
fn a_round_across_new_year_gets_its_wheel_from_september_to_june() {
    let project = demo_project();
    let kit = project.path().join("kit.toml");
    let text = std::fs::read_to_string(&kit)
        .unwrap()
        .replace("year = 2027", "year = 2026")
        .replace("announce = 2027-01-04", "announce = 2026-08-24")
        .replace("start = 2027-01-11", "start = 2026-09-07")
        .replace("end = 2027-02-26", "end = 2026-10-16")
        .replace("reflection = 2027-11-15", "reflection = 2027-06-07")
        .replace("evaluation = 2027-12-10", "evaluation = 2027-06-21");
    std::fs::write(&kit, text).unwrap();
    let output = samtale(&["build", "--format", "pdf,html"], project.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = pdf_text(&project.path().join("output/nb/cycle-overview.pdf"));
    assert!(printed.contains(&squeeze("2026–2027")), "both years in the wheel's middle");
    assert!(
        printed.contains(&squeeze("16. november 2026"))
            && printed.contains(&squeeze("16. mai 2027"))
    );
    if let Some(keep) = std::env::var_os("SAMTALE_KEEP_WHEEL") {
        std::fs::copy(
            project.path().join("output/nb/cycle-overview.pdf"),
            Path::new(&keep).join("wheel-sept-june.pdf"),
        )
        .unwrap();
    }
}

/// The titles of a PDF's top-level bookmarks.
fn bookmarks(doc: &Document) -> Vec<String> {
    let outlines = doc.catalog().unwrap().get(b"Outlines").unwrap().as_reference().unwrap();
    let mut next =
        doc.get_dictionary(outlines).unwrap().get(b"First").ok().map(|f| f.as_reference().unwrap());
    let mut titles = Vec::new();
    while let Some(id) = next {
        let item = doc.get_dictionary(id).unwrap();
        titles.push(lopdf::decode_text_string(item.get(b"Title").unwrap()).unwrap());
        next = item.get(b"Next").ok().map(|n| n.as_reference().unwrap());
    }
    titles
}

#[test]
fn the_print_packet_holds_every_a4_pdf_with_a_bookmark_and_page_labels_each() {
    for lang in LANGS {
        let a4: Vec<&str> = pdfs()
            .into_iter()
            .filter(|(_, page)| *page == Page::A4)
            .map(|(stem, _)| stem)
            .collect();
        let pages: usize =
            a4.iter().map(|stem| pdf_pages(&out(lang, &format!("{stem}.pdf"))).0).sum();
        let packet = out(lang, "kit.pdf");
        assert_eq!(pdf_pages(&packet).0, pages, "{lang}: the packet's pages");
        let doc = Document::load(&packet).unwrap();
        let titles = bookmarks(&doc);
        assert_eq!(titles.len(), a4.len(), "{lang}: one bookmark per document: {titles:?}");
        // The page labels name each document, from its own first page.
        let labels = doc.catalog().unwrap().get(b"PageLabels").unwrap().as_dict().unwrap();
        let nums = labels.get(b"Nums").unwrap().as_array().unwrap();
        assert_eq!(nums.len(), 2 * a4.len(), "{lang}");
        let strings = content(lang, "strings");
        let first_prefix =
            lopdf::decode_text_string(nums[1].as_dict().unwrap().get(b"P").unwrap()).unwrap();
        let first_title = strings["documents"][a4[0].replace('-', "_")].as_str().unwrap();
        assert_eq!(first_prefix, format!("{first_title} "));
        // The packet's forms are fillable too, their fields named per document.
        assert!(fields(&doc).iter().any(|f| f.starts_with("action-plan:")), "{lang}");
    }
}

#[test]
fn the_archive_holds_the_whole_kit_and_nothing_personal() {
    let zip = built_demo().join("output/samtale-fjordvik-kommune-2027.zip");
    let bytes = std::fs::read(&zip).unwrap();
    // The central directory's names, read as any unzip would.
    let end = bytes.len() - 22;
    let count = u16::from_le_bytes([bytes[end + 10], bytes[end + 11]]) as usize;
    let mut at = u32::from_le_bytes(bytes[end + 16..end + 20].try_into().unwrap()) as usize;
    let mut names = Vec::new();
    for _ in 0..count {
        assert_eq!(&bytes[at..at + 4], &0x0201_4b50u32.to_le_bytes());
        let len = u16::from_le_bytes([bytes[at + 28], bytes[at + 29]]) as usize;
        names.push(String::from_utf8(bytes[at + 46..at + 46 + len].to_vec()).unwrap());
        at += 46 + len;
    }
    for want in [
        "nb/action-plan.pdf",
        "en/kit.pdf",
        "nn/follow-up-note.html",
        "nb/calendar.ics",
        "assets/style.css",
        "index.html",
    ] {
        assert!(names.iter().any(|n| n == want), "the archive lacks {want}: {names:?}");
    }
    assert!(!names.iter().any(|n| n.starts_with("forms/") || n.ends_with(".zip")), "{names:?}");
    if Command::new("unzip").arg("-v").output().is_ok_and(|o| o.status.success()) {
        let test = Command::new("unzip").arg("-tq").arg(&zip).output().unwrap();
        assert!(test.status.success(), "unzip -t: {}", String::from_utf8_lossy(&test.stdout));
    }
}
