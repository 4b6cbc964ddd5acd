//! Property tests: no input makes the parsers panic, and text round-trips
//! literally through Markdown. `PROPTEST_CASES=N` runs more cases; CI runs
//! the default 256 per property.

use std::path::Path;

use proptest::prelude::*;
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

proptest! {
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
