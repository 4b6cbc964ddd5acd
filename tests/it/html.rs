//! The web pages of the kit, parsed as HTML: every page is there, holds the
//! kit's text, has labelled fields and ordered headings, and links only to
//! files that exist. axe-core in a browser is in `html_axe.rs`.

use std::path::{Path, PathBuf};

use crate::common::{self, *};

const LANGS: &[&str] = &["nb", "nn", "en"];

fn built() -> &'static Path {
    built_demo()
}

fn page_path(lang: &str, stem: &str) -> PathBuf {
    built().join("output").join(lang).join(format!("{stem}.html"))
}

fn page(lang: &str, stem: &str) -> scraper::Html {
    parse_html(&page_path(lang, stem))
}

/// Every HTML page of the output, the language picker included.
fn all_pages() -> Vec<PathBuf> {
    let out = built().join("output");
    let mut pages = vec![out.join("index.html")];
    for lang in LANGS {
        pages.push(page_path(lang, "index"));
        pages.extend(common::pages().into_iter().map(|stem| page_path(lang, stem)));
    }
    pages
}

#[test]
fn every_page_exists_with_its_language_one_h1_and_ordered_headings() {
    for path in all_pages() {
        let page = parse_html(&path);
        let name = path.display();
        let lang = select(&page, "html")[0].attr("lang").unwrap_or_default().to_string();
        let folder = path.parent().unwrap().file_name().unwrap().to_str().unwrap();
        let expected = if LANGS.contains(&folder) { folder } else { "nb" };
        assert_eq!(lang, expected, "{name}: lang");
        assert_eq!(select(&page, "h1").len(), 1, "{name}: one h1");
        assert_eq!(select(&page, "main").len(), 1, "{name}: one main landmark");
        assert_eq!(select(&page, "header").len(), 1, "{name}: a banner");
        assert!(!html_text(&page).is_empty());
        let mut last = 0;
        for heading in select(&page, "h1, h2, h3, h4, h5, h6") {
            let level: usize = heading.value().name()[1..].parse().unwrap();
            assert!(level <= last + 1, "{name}: <{}> follows <h{last}>", heading.value().name());
            assert!(heading.text().any(|t| !t.trim().is_empty()), "{name}: empty heading");
            last = level;
        }
        for img in select(&page, "img") {
            assert!(img.attr("alt").is_some_and(|a| !a.trim().is_empty()), "{name}: image alt");
        }
    }
}

#[test]
fn selected_questions_focus_areas_and_dates_are_on_the_pages() {
    let areas = kit()["focus_areas"].as_array().unwrap().clone();
    for lang in LANGS {
        for (sheet, stem) in [
            ("employee_preparation", "preparation-employee"),
            ("leader_preparation", "preparation-leader"),
            ("conversation_guide", "conversation-guide"),
        ] {
            let text = html_text(&page(lang, stem));
            for id in selected(sheet) {
                assert!(text.contains(&question_text(lang, &id)), "{lang}/{stem} lacks `{id}`");
            }
        }
        for stem in ["index", "cycle-overview", "preparation-employee", "leader-briefing"] {
            let text = html_text(&page(lang, stem));
            for area in &areas {
                let title = squeeze(area["title"][*lang].as_str().unwrap());
                assert!(text.contains(&title), "{lang}/{stem} lacks focus area {title}");
            }
        }
    }
    let overview = html_text(&page("nb", "cycle-overview"));
    for date in ["4.januar2027", "11.januar2027–26.februar2027", "26.mars2027", "15.november2027"]
    {
        assert!(overview.contains(date), "cycle overview lacks {date}");
    }
    let credit = squeeze(content("nb", "strings")["kit"]["source_credit"].as_str().unwrap());
    let credit = credit.replace("{marker}", "†");
    assert!(html_text(&page("nb", "preparation-employee")).contains(&credit));
}

#[test]
fn every_field_has_a_label_a_person_can_read() {
    for lang in LANGS {
        for stem in ["preparation-employee", "preparation-leader", "action-plan"] {
            let page = page(lang, stem);
            let fields = select(&page, "input, textarea, select");
            assert!(fields.len() >= 5, "{lang}/{stem} has only {} fields", fields.len());
            let mut ids = std::collections::HashSet::new();
            for field in fields {
                let id = field.attr("id").expect("every field has an id");
                assert!(ids.insert(id.to_string()), "{lang}/{stem}: duplicate id {id}");
                let label: String = match field.attr("aria-labelledby") {
                    Some(refs) => refs
                        .split_whitespace()
                        .flat_map(|r| select(&page, &format!("#{r}")))
                        .flat_map(|e| e.text())
                        .collect(),
                    None => select(&page, &format!("label[for=\"{id}\"]"))
                        .iter()
                        .flat_map(|l| l.text())
                        .collect(),
                };
                assert!(!label.trim().is_empty(), "{lang}/{stem}: field #{id} has no label");
            }
        }
    }
    // The action plan: date fields, the unit filled in, one row per kit.toml row.
    let plan = page("en", "action-plan");
    assert!(!select(&plan, "input[type=date]#date").is_empty());
    let unit = select(&plan, "input#unit")[0].attr("value").unwrap().to_string();
    assert_eq!(unit, kit()["organisation"]["unit"]["en"].as_str().unwrap(), "in English");
    let rows = kit()["documents"]["action_plan"]["rows"].as_integer().unwrap() as usize;
    assert_eq!(select(&plan, "table.measures tbody tr").len(), rows);
    let follow_ups = select(&plan, "input[type=checkbox][id^=planned-]").len();
    assert!(follow_ups >= 6, "{follow_ups} follow-up dates");
}

#[test]
fn links_resolve_to_files_and_nothing_is_loaded_from_outside() {
    let mut checked = 0;
    for path in all_pages() {
        let page = parse_html(&path);
        let dir = path.parent().unwrap();
        let name = path.display();
        for (css, attr) in [("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")] {
            for element in select(&page, css) {
                let target =
                    element.attr(attr).unwrap_or_else(|| panic!("{name}: {css} lacks {attr}"));
                assert!(
                    !target.contains("//") && !target.starts_with("data:"),
                    "{name}: <{css}> points outside the kit: {target}"
                );
                let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
                let file = if file.is_empty() { path.clone() } else { dir.join(file) };
                assert!(file.is_file(), "{name}: {target} does not exist");
                if !fragment.is_empty() {
                    let linked = parse_html(&file);
                    assert!(
                        !select(&linked, &format!("#{fragment}")).is_empty(),
                        "{name}: {target}"
                    );
                }
                checked += 1;
            }
        }
        // Inline styles may only point at files of the kit too.
        for style in select(&page, "style") {
            let css: String = style.text().collect();
            for url in css.split("url(\"").skip(1) {
                let url = url.split('"').next().unwrap();
                assert!(!url.contains("//"), "{name}: {url}");
                assert!(dir.join(url).is_file(), "{name}: font {url} does not exist");
                checked += 1;
            }
        }
    }
    assert!(checked > 300, "only {checked} links checked");
    let css = std::fs::read_to_string(built().join("output/assets/style.css")).unwrap();
    assert!(!css.contains("@import") && !css.contains("http"), "style.css loads from outside");
    // Every document card links to its page and its PDF, and both exist.
    let home = page("nn", "index");
    let cards = select(&home, ".card");
    assert_eq!(cards.len(), common::pages().len());
    for card in cards {
        let links: Vec<_> = card
            .select(&scraper::Selector::parse("a").unwrap())
            .filter_map(|a| a.attr("href"))
            .collect();
        assert!(
            links.iter().any(|l| l.ends_with(".html")) && links.iter().any(|l| l.ends_with(".pdf"))
        );
    }
}

#[test]
fn the_language_picker_names_the_organisation_and_every_language() {
    let root = parse_html(&built().join("output/index.html"));
    let text = html_text(&root);
    assert!(text.contains("Fjordvikkommune") && text.contains("2027"), "{text}");
    let links: Vec<(String, String)> = select(&root, "main a")
        .iter()
        .map(|a| (a.attr("href").unwrap().to_string(), a.attr("hreflang").unwrap().to_string()))
        .collect();
    assert_eq!(
        links,
        LANGS.iter().map(|l| (format!("{l}/index.html"), l.to_string())).collect::<Vec<_>>()
    );
    for (lang, name) in [("nb", "Norskbokmål"), ("nn", "Norsknynorsk"), ("en", "English")] {
        let item = select(&root, &format!("main li[lang={lang}]"));
        assert!(html_text_of(&item[0]).contains(name), "{lang}");
    }
    assert!(select(&root, "script:not([src])").is_empty(), "no inline scripts");
}

fn html_text_of(element: &scraper::ElementRef) -> String {
    element.text().map(squeeze).collect()
}

#[test]
fn the_briefing_has_a_section_per_slide_with_its_speaker_notes() {
    let briefing = content("en", "briefing");
    let slides = briefing["slides"].as_array().unwrap();
    let page = page("en", "leader-briefing");
    let sections = select(&page, "section[data-slide]");
    assert_eq!(sections.len(), slides.len());
    for (section, slide) in sections.iter().zip(slides) {
        let text = html_text_of(section);
        assert!(text.contains(&squeeze(slide["title"].as_str().unwrap())), "{text}");
        let notes = slide["notes"].as_str().unwrap();
        assert!(text.contains(&squeeze(notes)), "the notes of a slide are beside it");
    }
}

#[test]
fn format_picks_renderers_by_name() {
    let project = demo_project();
    let files = |format: &str| {
        let output = samtale(&["build", "--format", format], project.path());
        assert!(output.status.success(), "{}", stderr(&output));
        tree(&project.path().join("output")).into_iter().map(|(p, _)| p).collect::<Vec<_>>()
    };
    let html_only = files("html");
    assert!(html_only.iter().all(|p| p.extension().is_none_or(|e| e != "pdf")));
    assert!(html_only.iter().any(|p| p.ends_with("nb/action-plan.html")));
    let home = parse_html(&project.path().join("output/nb/index.html"));
    assert!(select(&home, "a[href$=\".pdf\"]").is_empty(), "no links to PDFs that were not built");
    assert!(select(&home, "a[href$=\".ics\"]").is_empty(), "no link to a calendar not built");
    let pdf_only = files("pdf");
    assert!(
        pdf_only.iter().all(|p| p.extension().is_some_and(|e| e == "pdf") || !p.starts_with("nb"))
    );
    assert!(pdf_only.iter().any(|p| p.ends_with("nb/action-plan.pdf")));
    // Formats combine; each is one renderer's.
    let some = files("html,calendar");
    assert!(some.iter().any(|p| p.ends_with("nb/calendar.ics")));
    assert!(!some.iter().any(|p| p.extension().is_some_and(|e| e == "pdf" || e == "md")));
    let home = parse_html(&project.path().join("output/nb/index.html"));
    assert_eq!(select(&home, "a[href=\"calendar.ics\"]").len(), 1, "the calendar is linked");
    let err = stderr(&samtale(&["build", "--format", "docx"], project.path()));
    assert!(err.contains("possible values: pdf, html, markdown, calendar, all"), "{err}");
}
