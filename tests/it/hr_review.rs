//! What an HR adviser checks before printing the kit for everyone: who sees
//! which document and where it is kept, what the conversation is not for,
//! sign-off, true credits, and every printed text in the reader's language.

use std::path::{Path, PathBuf};

use crate::common::*;

const LANGS: &[&str] = &["nb", "nn", "en"];

fn out(lang: &str, file: &str) -> PathBuf {
    built_demo().join("output").join(lang).join(file)
}

/// A content text, [`squeeze`]d.
fn said(lang: &str, file: &str, key: &str) -> String {
    squeeze(content(lang, file)[key].as_str().unwrap_or_else(|| panic!("{lang}/{file}: {key}")))
}

#[test]
fn every_language_says_who_sees_what_where_it_is_kept_and_for_how_long() {
    for lang in LANGS {
        let records = content(lang, "records");
        let rows = records["documents"].as_array().unwrap();
        for stem in ["cycle-overview", "conversation-guide"] {
            let pdf = pdf_text(&out(lang, &format!("{stem}.pdf")));
            let html = html_text(&parse_html(&out(lang, &format!("{stem}.html"))));
            for (what, text) in [("pdf", &pdf), ("html", &html)] {
                for key in ["title", "default_kept", "default_period", "kept_label"] {
                    assert!(
                        text.contains(&said(lang, "records", key)),
                        "{lang}/{stem}.{what}: {key}"
                    );
                }
                for row in rows {
                    for key in ["name", "who", "kept"] {
                        let cell = squeeze(row[key].as_str().unwrap());
                        assert!(text.contains(&cell), "{lang}/{stem}.{what}: {cell}");
                    }
                }
                // No contact in [records]: the HR contact is the one to ask.
                let contact = squeeze(kit()["organisation"]["hr_contact"][*lang].as_str().unwrap());
                assert!(text.contains(&contact), "{lang}/{stem}.{what}: contact");
            }
        }
        // The action plan: the employee's comment, the sign-off, and the foot note.
        let plan = pdf_text(&out(lang, "action-plan.pdf"));
        let plan_html = html_text(&parse_html(&out(lang, "action-plan.html")));
        for text in [&plan, &plan_html] {
            assert!(text.contains(&said(lang, "records", "footer")), "{lang}: plan footer");
            assert!(text.contains(&said(lang, "records", "sign_off")), "{lang}: plan sign-off");
            assert!(text.contains(&said(lang, "action-plan", "comment_label")), "{lang}: comment");
        }
        let note = pdf_text(&out(lang, "follow-up-note.pdf"));
        assert!(note.contains(&said(lang, "records", "sign_off")), "{lang}: note sign-off");
        assert!(note.contains(&said(lang, "follow-up", "comment_label")), "{lang}: note comment");
    }
}

/// Sections every kit must have, in each language's own words, so that a
/// content file that loses them fails here rather than in HR's review.
const SCOPE_AND_PRIVACY: &[(&str, &str, &[&str])] = &[
    (
        "nb",
        "Hva samtalen ikke",
        &["Lønn", "sykefravær", "arbeidsmiljøloven § 4-6", "Personalsaker", "personalmappen"],
    ),
    (
        "nn",
        "Kva samtalen ikkje",
        &["Løn", "sjukefråvær", "arbeidsmiljølova § 4-6", "Personalsaker", "personalmappa"],
    ),
    (
        "en",
        "What the conversation is not",
        &[
            "Pay",
            "sick leave",
            "Working Environment Act, section 4-6",
            "Personnel matters",
            "personnel file",
        ],
    ),
];

#[test]
fn the_guide_and_the_briefing_say_what_the_conversation_is_not_for() {
    for (lang, title, words) in SCOPE_AND_PRIVACY {
        let guide = pdf_text(&out(lang, "conversation-guide.pdf"));
        let guide_html = html_text(&parse_html(&out(lang, "conversation-guide.html")));
        for text in [&guide, &guide_html] {
            assert!(text.contains(&squeeze(title)), "{lang}: guide scope title");
            for word in *words {
                assert!(text.contains(&squeeze(word)), "{lang}: guide lacks {word:?}");
            }
        }
        let briefing = pdf_text(&out(lang, "leader-briefing.pdf"));
        let notes = std::fs::read_to_string(out(lang, "leader-briefing-notes.md")).unwrap();
        assert!(briefing.contains(&squeeze(title)), "{lang}: no scope slide");
        assert!(squeeze(&notes).contains(&squeeze(title)), "{lang}: no scope slide notes");
    }
}

#[test]
fn the_well_being_part_asks_about_the_work_environment() {
    let prompts = [
        ("nb", ["arbeidsmengden", "samarbeidet", "tilrettelegges"]),
        ("nn", ["arbeidsmengda", "samarbeidet", "leggjast til rette"]),
        ("en", ["workload", "cooperation", "adjusted"]),
    ];
    for (lang, words) in prompts {
        for stem in ["conversation-guide", "preparation-employee"] {
            let text = pdf_text(&out(lang, &format!("{stem}.pdf"))).to_lowercase();
            for word in words {
                assert!(text.contains(&squeeze(word)), "{lang}/{stem} lacks {word:?}");
            }
        }
    }
}

/// The readable text of every PDF, web page and speaker-notes file of a
/// language, with line breaks kept so words stay words.
fn words_of(lang: &str) -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(built_demo().join("output").join(lang))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let name = path.file_name()?.to_string_lossy().into_owned();
            let text = match path.extension()?.to_str()? {
                "pdf" => pdf_raw_text(&path),
                "html" => own_language_text(&parse_html(&path), lang),
                "md" => std::fs::read_to_string(&path).ok()?,
                _ => return None,
            };
            Some((name, text))
        })
        .collect()
}

/// The text of a page in `lang`, leaving out what is marked as another
/// language: the language picker names each language in its own words.
fn own_language_text(page: &scraper::Html, lang: &str) -> String {
    let body = &select(page, "body")[0];
    body.descendants()
        .filter_map(|node| node.value().as_text().map(|text| (node, text)))
        .filter(|(node, _)| {
            let marked = node.ancestors().find_map(|a| {
                a.value().as_element().and_then(|e| e.attr("lang")).map(str::to_string)
            });
            marked.is_none_or(|marked| marked == lang)
        })
        .map(|(_, text)| text.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words of one language that must not turn up in another's kit.
fn foreign(text: &str, words: &[&str]) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| words.iter().any(|f| w.eq_ignore_ascii_case(f)))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_english_kit_has_no_norwegian_and_the_nynorsk_kit_no_bokmal() {
    // Web and mail addresses are names, not words.
    let address = |text: &str| {
        text.split_whitespace().filter(|w| !w.contains(".example")).collect::<Vec<_>>().join(" ")
    };
    let norwegian = [
        "og",
        "ikke",
        "ikkje",
        "kommune",
        "leder",
        "leiar",
        "medarbeider",
        "medarbeidar",
        "drift",
        "enhet",
        "eining",
        "verneombud",
        "verneombod",
        "samtale",
        "samtalen",
        "hva",
        "kva",
    ];
    for (file, text) in words_of("en") {
        let text = address(&text);
        assert!(!text.contains(['æ', 'ø', 'å', 'Æ', 'Ø', 'Å']), "en/{file}: {text}");
        assert_eq!(foreign(&text, &norwegian), Vec::<String>::new(), "en/{file}");
    }
    let bokmål = [
        "ikke",
        "hva",
        "hvordan",
        "hvem",
        "hvor",
        "hvis",
        "jeg",
        "noen",
        "mye",
        "fra",
        "bare",
        "dere",
        "gjør",
        "hvilke",
        "leder",
        "lederen",
        "medarbeider",
        "medarbeideren",
        "tjenester",
        "ble",
        "frem",
        "enhet",
        "nærmeste",
        "avdelingen",
    ];
    for (file, text) in words_of("nn") {
        assert_eq!(foreign(&address(&text), &bokmål), Vec::<String>::new(), "nn/{file}");
    }
}

#[test]
fn web_and_mail_addresses_copy_from_the_pdf_exactly() {
    for lang in LANGS {
        for stem in ["cycle-overview", "conversation-guide", "action-plan"] {
            let text = pdf_raw_text(&out(lang, &format!("{stem}.pdf")));
            assert!(!text.contains('\u{200B}'), "{lang}/{stem}: a zero-width space");
            assert!(text.contains("intranett.fjordvik.example/samtaler"), "{lang}/{stem}: {text}");
        }
        let overview = pdf_raw_text(&out(lang, "cycle-overview.pdf"));
        assert!(overview.contains("kari.nordmann@fjordvik.example"), "{lang}: {overview}");
    }
}

#[test]
fn the_demos_employee_preparation_sheet_is_one_duplex_sheet() {
    for lang in LANGS {
        let path = out(lang, "preparation-employee.pdf");
        assert_eq!(pdf_pages(&path).0, 2, "{lang}");
        // Every selected question and the closing part are on those pages.
        let text = pdf_text(&path);
        for id in selected("employee_preparation") {
            assert!(text.contains(&question_text(lang, &id)), "{lang}: {id}");
        }
        let own =
            content(lang, "preparation")["employee"]["own_title"].as_str().unwrap().to_string();
        assert!(text.contains(&squeeze(&own)), "{lang}: own topics");
    }
}

/// The demo with its own questions on the slide and its own records.
fn variant(project: &Path) {
    let kit_path = project.join("kit.toml");
    let kit = std::fs::read_to_string(&kit_path).unwrap();
    let start = kit.find("employee_preparation = [").unwrap();
    let end = start + kit[start..].find(']').unwrap() + 1;
    let kit = format!(
        "{}employee_preparation = [\"leader-change\", \"best-job\", \"next-years\", \"follow-up-goals\", \"feedback-type\", \"drivers\"]{}",
        &kit[..start],
        &kit[end..]
    );
    let records = "[records]\nkept.nb = \"i arkivet vårt – #9 <b>\"\nkept.nn = \"i arkivet vårt\"\nkept.en = \"in our archive, box *7*\"\ncontact = \"Personal@Fjordvik\"\n\n[brand]";
    std::fs::write(&kit_path, kit.replacen("[brand]", records, 1)).unwrap();
}

/// Whether the questions slide's notes say (that some questions are
/// credited, that one is about the manager).
fn questions_notes(notes: &Path, lang: &str) -> (bool, bool) {
    let notes = squeeze(&std::fs::read_to_string(notes).unwrap());
    let texts = content(lang, "briefing")["questions_notes"].as_table().unwrap().clone();
    let says = |key: &str| {
        notes.contains(&squeeze(&texts[key].as_str().unwrap().replace("{marker}", "†")))
    };
    (says("credited"), says("about_leader"))
}

#[test]
fn slide_notes_and_records_follow_what_the_kit_selects() {
    // The demo: the first five employee questions include Kaye and
    // Jordan-Evans' and none about the manager.
    for lang in LANGS {
        let says = questions_notes(&out(lang, "leader-briefing-notes.md"), lang);
        assert_eq!(says, (true, false), "{lang}: credited, and none about the manager");
    }

    let project = demo_project();
    variant(project.path());
    let output = build(project.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let built = |lang: &str, file: &str| project.path().join("output").join(lang).join(file);
    for lang in LANGS {
        let says = questions_notes(&built(lang, "leader-briefing-notes.md"), lang);
        assert_eq!(says, (false, true), "{lang}: none credited, one about the manager");
        // The sixth question, Kaye and Jordan-Evans', is on the sheet, not the slide.
        let slides = pdf_text(&built(lang, "leader-briefing.pdf"));
        assert!(!slides.contains("Jordan-Evans"), "{lang}: a credit without its question");
        let sheet = pdf_text(&built(lang, "preparation-employee.pdf"));
        assert!(sheet.contains("Jordan-Evans"), "{lang}: the sheet credits `drivers`");
    }
    // [records] replaces the defaults, literally, in print and on the web.
    let overview = pdf_text(&built("nb", "cycle-overview.pdf"));
    let page = html_text(&parse_html(&built("en", "cycle-overview.html")));
    assert!(overview.contains(&squeeze("i arkivet vårt – #9 <b>")), "{overview}");
    assert!(!overview.contains(&said("nb", "records", "default_kept")));
    assert!(page.contains(&squeeze("in our archive, box *7*")), "{page}");
    assert!(page.contains("Personal@Fjordvik"), "{page}");
}

#[test]
fn check_warns_when_one_text_prints_in_every_language() {
    let project = demo_project();
    let kit_path = project.path().join("kit.toml");
    let kit = std::fs::read_to_string(&kit_path).unwrap();
    let units: Vec<&str> = kit.lines().filter(|l| l.starts_with("unit.")).collect();
    let one = kit.replacen(units[0], "unit = \"Teknisk drift\"", 1);
    let one = units[1..].iter().fold(one, |kit, line| kit.replacen(&format!("{line}\n"), "", 1));
    std::fs::write(&kit_path, &one).unwrap();
    let output = samtale(&["check"], project.path());
    assert!(output.status.success(), "a warning is not an error: {}", stderr(&output));
    let err = stderr(&output);
    let line = one.lines().position(|l| l == "unit = \"Teknisk drift\"").unwrap() + 1;
    assert!(err.contains("warning: `organisation.unit` is one text for every language"), "{err}");
    assert!(err.contains(&format!("kit.toml:{line}:")) && err.contains("unit.nb"), "{err}");
    // One organisation name is a name, and names are not translated.
    assert!(!err.contains("organisation.name"), "{err}");

    // A per-language table must cover every language built.
    let missing = kit.replacen(&format!("{}\n", units[2]), "", 1);
    std::fs::write(&kit_path, missing).unwrap();
    let output = samtale(&["check"], project.path());
    assert_clean_failure(&output);
    let err = stderr(&output);
    assert!(err.contains("`organisation.unit` has no text in `en`"), "{err}");
    assert!(err.contains("add `unit.en = \"…\"`"), "{err}");
}

#[test]
fn every_web_page_title_is_the_document_and_the_organisation() {
    for lang in LANGS {
        let name = kit()["organisation"]["name"][*lang].as_str().unwrap().to_string();
        for stem in pages() {
            let page = parse_html(&out(lang, &format!("{stem}.html")));
            let title: String = select(&page, "title")[0].text().collect();
            assert!(title.ends_with(&format!(" – {name}")), "{lang}/{stem}: {title:?}");
            assert!(title.chars().count() < 120, "{lang}/{stem}: {title:?}");
        }
    }
}
