//! Property tests: no input makes the parsers (kit.toml, Markdown, returned
//! forms) panic, and text round-trips literally through Markdown. `PROPTEST_CASES=N` runs more cases; CI runs
//! the default 256 per property.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use samtale::collect::{form, read};
use samtale::config::Kit;
use samtale::text::markdown::{convert, escape};
use samtale::text::{Placeholders, fill};
use serde_json::json;

const DEMO: &str = include_str!("../../kit.toml");

/// One line of text as a person might type it: any printable characters,
/// Markdown and Typst syntax included, no line breaks.
fn line() -> impl Strategy<Value = String> {
    "[^\\p{C}\\n\\r]{1,60}"
        .prop_map(|s| s.trim().to_string())
        .prop_filter("not empty", |s| !s.is_empty())
}

/// The demo kit with a few random edits: characters deleted, inserted or
/// swapped, so the parser sees near-valid files like a person's typos.
fn mutated_kit() -> impl Strategy<Value = String> {
    prop::collection::vec((0usize..DEMO.len(), any::<char>(), 0u8..3), 1..6).prop_map(|edits| {
        let mut text: Vec<char> = DEMO.chars().collect();
        for (at, c, kind) in edits {
            let at = at % text.len();
            match kind {
                0 => {
                    text.remove(at);
                }
                1 => text.insert(at, c),
                _ => text[at] = c,
            }
        }
        text.into_iter().collect()
    })
}

fn load(text: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("assets")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fjordvik-logo.svg"),
        dir.path().join("assets/fjordvik-logo.svg"),
    )
    .unwrap();
    let path = dir.path().join("kit.toml");
    std::fs::write(&path, text).unwrap();
    // Ok or a clear error; a panic fails the property.
    if let Err(error) = Kit::load(&path) {
        assert!(!error.diagnostics.is_empty());
        assert!(error.to_string().starts_with("error: "));
    }
}

/// A filled action plan as a reader saves it in place (an incremental
/// update with UTF-16 values), and the same form saved from the web page:
/// the two kinds of file `collect` reads, made once for every case.
fn filled_forms() -> &'static [Vec<u8>; 2] {
    static FORMS: OnceLock<[Vec<u8>; 2]> = OnceLock::new();
    FORMS.get_or_init(|| {
        let blank = crate::common::built_demo().join("output/nb/action-plan.pdf");
        let dir = tempfile::tempdir().unwrap();
        let filled = dir.path().join("filled.pdf");
        crate::collect::save_in_place(
            &blank,
            &filled,
            &[("employee", "Åse Ødegård"), ("measure-1", "Kurs # $ [x]"), ("measure-1-focus", "2")],
        );
        let saved = json!({
            "samtale": "saved-form", "version": 1,
            "form": { "organisation": "fjordvik-kommune", "year": "2027", "document": "action-plan", "lang": "nb" },
            "fields": { "employee": "Åse", "measure-1": "Kurs", "planned-1": true },
        });
        [std::fs::read(filled).unwrap(), saved.to_string().into_bytes()]
    })
}

/// A returned form damaged the ways files are: cut short, garbage inserted,
/// a stretch deleted or repeated; and, more often, bytes overwritten in
/// place, which keeps the cross-reference offsets right, so the damage
/// reaches the object parser and the field walk instead of stopping at the
/// table.
fn damaged_form() -> impl Strategy<Value = Vec<u8>> {
    let edit = (
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        any::<u8>(),
        0u8..8,
        1usize..64,
    );
    (0usize..2, prop::collection::vec(edit, 1..8)).prop_map(|(which, edits)| {
        let mut bytes = filled_forms()[which].clone();
        for (at, from, byte, kind, len) in edits {
            if bytes.is_empty() {
                break;
            }
            let at = at.index(bytes.len());
            let end = (at + len).min(bytes.len());
            match kind {
                0 => bytes.truncate(at),
                1 => bytes.splice(at..at, std::iter::repeat_n(byte, len)).for_each(drop),
                2 => bytes.drain(at..end).for_each(drop),
                3 => {
                    let copy = bytes[at..end].to_vec();
                    bytes.splice(at..at, copy).for_each(drop);
                }
                4 | 5 => bytes[at] ^= byte | 1,
                6 => bytes[at..end].fill(byte),
                _ => {
                    let from = from.index(bytes.len() - (end - at) + 1);
                    let copy = bytes[from..from + (end - at)].to_vec();
                    bytes[at..end].copy_from_slice(&copy);
                }
            }
        }
        bytes
    })
}

proptest! {
    /// A damaged form is read or refused with a reason; never a panic.
    #[test]
    fn reading_a_damaged_form_never_panics(bytes in damaged_form()) {
        match read::from_bytes(Path::new("returned.pdf"), &bytes) {
            Ok(returned) => {
                let _ = form::interpret(&returned);
            }
            Err(refusal) => prop_assert!(!refusal.message.is_empty()),
        }
    }

    #[test]
    fn config_parsing_never_panics_on_near_valid_files(text in mutated_kit()) {
        load(&text);
    }

    #[test]
    fn config_parsing_never_panics_on_arbitrary_text(text in "\\PC{0,400}") {
        load(&text);
    }

    #[test]
    fn markdown_conversion_never_panics(text in "\\PC{0,300}") {
        let _ = convert(&text, &Placeholders::new());
    }

    #[test]
    fn escaped_text_round_trips_literally(text in line()) {
        let converted = convert(&escape(&text), &Placeholders::new()).unwrap();
        prop_assert_eq!(converted.tree, json!([{ "p": [text] }]));
    }

    #[test]
    fn placeholder_values_are_never_markup(value in line()) {
        let mut values = Placeholders::new();
        values.insert("organisation", value.clone());
        let converted = convert("We are {organisation}.", &values).unwrap();
        prop_assert_eq!(&converted.tree, &json!([{ "p": [format!("We are {value}.")] }]));
        // And the Markdown written for the speaker notes reads back the same.
        let again = convert(&converted.markdown, &Placeholders::new()).unwrap();
        prop_assert_eq!(again.tree, converted.tree);
    }

    #[test]
    fn filling_never_rescans_inserted_values(value in "\\PC{0,40}", template in "\\PC{0,40}") {
        let mut values = Placeholders::new();
        values.insert("year", value.clone());
        let once = fill(&format!("{template}{{year}}"), &values);
        prop_assert!(once.ends_with(&value));
    }
}

/// A form saved in place is read through its cross-reference tables, and
/// that quick path reads what lopdf's parse of the whole file reads.
#[test]
fn the_quick_path_reads_what_the_whole_parse_reads() {
    let bytes = &filled_forms()[0];
    let quick =
        samtale::collect::lazy::open(bytes).expect("a form saved in place takes the quick path");
    let whole = lopdf::Document::load_mem(bytes).unwrap();
    assert!(quick.objects.len() * 4 < whole.objects.len(), "it reads only the field tree");
    let (id, fields) = samtale::collect::acroform::from_document(&quick).unwrap();
    assert_eq!((id, fields.clone()), samtale::collect::acroform::from_document(&whole).unwrap());
    assert_eq!(fields["employee"], read::Value::Text("Åse Ødegård".into()), "{fields:?}");
    assert_eq!(fields["measure-1"], read::Value::Text("Kurs # $ [x]".into()));
}

/// The fuzzer starts from forms that read whole, so its damage is all that
/// can go wrong.
#[test]
fn the_forms_the_fuzzer_damages_read_whole() {
    for bytes in filled_forms() {
        let returned = read::from_bytes(Path::new("returned.pdf"), bytes).unwrap();
        assert_eq!(returned.id.document, "action-plan");
        let form::Filled::Plan(plan) = form::interpret(&returned).unwrap() else {
            panic!("an action plan reads as a plan")
        };
        assert!(plan.employee.starts_with("Åse"), "{}", plan.employee);
        assert!(plan.measures[0].text.starts_with("Kurs"));
    }
}
