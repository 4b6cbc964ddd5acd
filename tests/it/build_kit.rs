//! End to end: build the demo kit with the real binary and read what a
//! person would read in the PDFs.

use std::path::{Path, PathBuf};

use samtale::documents::Page;

use crate::common::*;

const LANGS: &[&str] = &["nb", "nn", "en"];

fn built() -> &'static Path {
    built_demo()
}

fn out(lang: &str, file: &str) -> PathBuf {
    built().join("output").join(lang).join(file)
}

fn text(lang: &str, stem: &str) -> String {
    pdf_text(&out(lang, &format!("{stem}.pdf")))
}

#[test]
fn every_document_exists_for_every_language() {
    for lang in LANGS {
        for (stem, _) in pdfs() {
            let path = out(lang, &format!("{stem}.pdf"));
            let bytes =
                std::fs::read(&path).unwrap_or_else(|_| panic!("missing {}", path.display()));
            assert!(bytes.starts_with(b"%PDF-"), "{} is not a PDF", path.display());
        }
        assert!(out(lang, "leader-briefing-notes.md").is_file());
    }
    assert!(built().join("output/.samtale-output").is_file());
}

#[test]
fn a4_documents_are_a4_and_slides_are_16_by_9() {
    for lang in LANGS {
        for (stem, _) in pdfs().into_iter().filter(|(_, page)| *page == Page::A4) {
            let (pages, w, h) = pdf_pages(&out(lang, &format!("{stem}.pdf")));
            assert!((w - 595.0).abs() < 1.0 && (h - 842.0).abs() < 1.0, "{lang}/{stem}: {w}×{h}");
            assert!((1..=6).contains(&pages), "{lang}/{stem}: {pages} pages");
        }
        let (pages, w, h) = pdf_pages(&out(lang, "leader-briefing.pdf"));
        assert!((w / h - 16.0 / 9.0).abs() < 0.01, "slides are {w}×{h}");
        let slides = content(lang, "briefing")["slides"].as_array().unwrap().len();
        assert_eq!(pages, slides + 1, "a title slide plus one page per slide");
    }
}

#[test]
fn cycle_overview_fits_on_three_pages_and_action_plan_on_one_or_two() {
    for lang in LANGS {
        assert!(pdf_pages(&out(lang, "cycle-overview.pdf")).0 <= 3);
        assert!(pdf_pages(&out(lang, "action-plan.pdf")).0 <= 2);
    }
}

#[test]
fn selected_questions_are_printed_on_their_sheets() {
    for lang in LANGS {
        for (sheet, stem) in [
            ("employee_preparation", "preparation-employee"),
            ("leader_preparation", "preparation-leader"),
            ("conversation_guide", "conversation-guide"),
        ] {
            let printed = text(lang, stem);
            for id in selected(sheet) {
                let question = question_text(lang, &id);
                assert!(printed.contains(&question), "{lang}/{stem} lacks `{id}`: {question}");
            }
        }
    }
}

#[test]
fn questions_that_are_not_selected_are_not_printed_on_the_sheet() {
    let selected = selected("employee_preparation");
    let printed = text("en", "preparation-employee");
    let unselected = ["miss-most", "share-competence", "best-job"];
    for id in unselected.iter().filter(|id| !selected.contains(&id.to_string())) {
        assert!(!printed.contains(&question_text("en", id)), "`{id}` should not be on the sheet");
    }
}

#[test]
fn focus_areas_appear_where_leaders_and_employees_need_them() {
    let areas = kit()["focus_areas"].as_array().unwrap().clone();
    for lang in LANGS {
        for stem in [
            "cycle-overview",
            "preparation-employee",
            "preparation-leader",
            "leader-briefing",
            "leader-briefing-notes",
        ] {
            let printed = text(lang, stem);
            for area in &areas {
                let title = squeeze(area["title"][*lang].as_str().unwrap());
                assert!(printed.contains(&title), "{lang}/{stem} lacks focus area {title}");
            }
        }
        let notes = std::fs::read_to_string(out(lang, "leader-briefing-notes.md")).unwrap();
        for area in &areas {
            assert!(notes.contains(area["title"][*lang].as_str().unwrap()));
        }
    }
}

#[test]
fn action_plan_has_every_label_of_the_form() {
    for lang in LANGS {
        let printed = text(lang, "action-plan");
        let labels = content(lang, "action-plan");
        for key in [
            "employee",
            "leader",
            "unit",
            "date",
            "goals_title",
            "development_title",
            "col_measure",
            "col_focus",
            "col_responsible",
            "col_deadline",
            "follow_up_title",
            "sign_employee",
            "sign_leader",
        ] {
            let label = squeeze(labels[key].as_str().unwrap());
            assert!(printed.contains(&label), "{lang} action plan lacks {key}: {label}");
        }
    }
    // The measures table is a real table with the organisation's rows.
    assert!(text("nb", "action-plan").contains(&squeeze("Fjordvik kommune")));
}

#[test]
fn kaye_and_jordan_evans_are_credited_wherever_their_questions_are_printed() {
    for lang in LANGS {
        for stem in
            ["preparation-employee", "preparation-leader", "conversation-guide", "leader-briefing"]
        {
            let printed = text(lang, stem);
            assert!(
                printed.contains("Kaye")
                    && printed.contains("Jordan-Evans")
                    && printed.contains("1999"),
                "{lang}/{stem}"
            );
            assert!(printed.contains('†'), "{lang}/{stem} marks credited questions");
        }
    }
}

#[test]
fn norwegian_letters_survive_extraction() {
    let printed = text("nb", "cycle-overview");
    for word in ["Mål- og utviklingssamtaler", "Hvorfor", "Satsingsområder", "høyt nærvær"] {
        assert!(printed.contains(&squeeze(word)), "nb cycle overview lacks `{word}`");
    }
    assert!(text("nb", "action-plan").contains("Handlingsplan"));
}

#[test]
fn cycle_overview_prints_the_rounds_dates_in_each_language() {
    let nb = text("nb", "cycle-overview");
    assert!(
        nb.contains(&squeeze("11. januar 2027")) && nb.contains(&squeeze("26. februar 2027")),
        "{nb}"
    );
    // Monthly follow-up after 26 February until the reflection conversation.
    for date in ["26. mars 2027", "26. april 2027", "26. oktober 2027"] {
        assert!(nb.contains(&squeeze(date)), "nb lacks follow-up date {date}");
    }
    assert!(
        !nb.contains(&squeeze("26. november 2027")),
        "no follow-up after the reflection conversation"
    );
    let en = text("en", "cycle-overview");
    assert!(
        en.contains(&squeeze("11 January 2027")) && en.contains(&squeeze("15 November 2027")),
        "{en}"
    );
}

#[test]
fn every_purpose_point_and_phase_is_in_the_cycle_overview() {
    for lang in LANGS {
        let printed = text(lang, "cycle-overview");
        let cycle = content(lang, "cycle");
        let purpose = cycle["purpose"]["points"].as_array().unwrap();
        assert_eq!(purpose.len(), 8, "all eight purposes of the conversation");
        for phase in cycle["phases"].as_array().unwrap() {
            assert!(printed.contains(&squeeze(phase["title"].as_str().unwrap())));
        }
        for role in cycle["roles"]["role"].as_array().unwrap() {
            assert!(printed.contains(&squeeze(role["name"].as_str().unwrap())));
        }
    }
}

#[test]
fn speaker_notes_have_every_slide_title_and_its_text() {
    for lang in LANGS {
        let notes = std::fs::read_to_string(out(lang, "leader-briefing-notes.md")).unwrap();
        let pdf = text(lang, "leader-briefing-notes");
        for slide in content(lang, "briefing")["slides"].as_array().unwrap() {
            let title = slide["title"].as_str().unwrap();
            assert!(notes.contains(&format!(". {title}")), "{lang} notes lack slide {title}");
            assert!(pdf.contains(&squeeze(title)));
        }
    }
}
