//! Text from kit.toml and content files is data, never code: characters that
//! mean something in Typst, Markdown or a template print literally, in every
//! field, and very long words wrap instead of running off the page.

use crate::common::*;

/// Strings that would do something if spliced into Typst, Markdown or a
/// template. `{n}` makes each field's string unique.
const HOSTILE: &[&str] = &[
    "#let x{n} = 1",
    "$x{n}$ *a{n}* _b{n}_",
    "@ref{n} <label{n}> \\ ] [",
    "// /* {{ x{n} }} {% if %}",
    "<script>alert({n})</script> &amp; A&B",
    "é{n} ø å Æ",
];

fn hostile(n: usize) -> String {
    HOSTILE.iter().map(|s| s.replace("{n}", &n.to_string())).collect::<Vec<_>>().join(" ")
}

/// The text without white space and zero-width spaces: lines may break
/// after a `/` or inside a long word, but no character may change.
fn readable(text: &str) -> String {
    squeeze(text)
}

#[test]
fn hostile_text_in_every_field_prints_literally() {
    let project = demo_project();
    let kit_path = project.path().join("kit.toml");
    let mut kit = std::fs::read_to_string(&kit_path).unwrap();
    let quoted = |n: usize| toml::Value::String(hostile(n)).to_string();
    // (what to replace in kit.toml, the field number, a document that prints it)
    let fields = [
        ("name.en = \"Fjordvik Municipality\"", "name.en", 1, "action-plan"),
        ("unit.en = \"Technical operations and property\"", "unit.en", 2, "cycle-overview"),
        (
            "hr_contact.en = \"HR department, Kari Nordmann, kari.nordmann@fjordvik.example\"",
            "hr_contact.en",
            3,
            "cycle-overview",
        ),
        ("title.en = \"Digital services for residents\"", "title.en", 4, "preparation-employee"),
        (
            "description.en = \"More requests can be handled online, quickly and without paper.\"",
            "description.en",
            5,
            "preparation-employee",
        ),
        ("owner.en = \"Head of digital services\"", "owner.en", 6, "cycle-overview"),
        (
            "text.en = \"Which of our tasks could be made simpler with a digital solution?\"",
            "text.en",
            7,
            "preparation-employee",
        ),
        (
            "footer.en = \"More at intranett.fjordvik.example/samtaler\"",
            "footer.en",
            8,
            "conversation-guide",
        ),
    ];
    for (from, key, n, _) in &fields {
        assert!(kit.contains(from), "{from}");
        kit = kit.replacen(from, &format!("{key} = {}", quoted(*n)), 1);
    }
    std::fs::write(&kit_path, kit).unwrap();
    // A content file: a plain label and a Markdown text.
    let content = project.path().join("content/en");
    std::fs::create_dir_all(&content).unwrap();
    let label = hostile(9);
    let markdown =
        "Typst code #let y = 2 $y$ @cite {{ y }} {% raw %} ] [ stays text; {minutes} minutes.";
    std::fs::write(
        content.join("strings.toml"),
        format!("[labels]\nfocus_areas = {}\n", toml::Value::String(label.clone())),
    )
    .unwrap();
    std::fs::write(
        content.join("guide.toml"),
        format!("intro = {}\n", toml::Value::String(markdown.into())),
    )
    .unwrap();

    let output = build(project.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let pdf =
        |stem: &str| readable(&pdf_text(&project.path().join(format!("output/en/{stem}.pdf"))));
    for (_, key, n, stem) in &fields {
        let text = pdf(stem);
        assert!(text.contains(&readable(&hostile(*n))), "{key} is not literal in {stem}:\n{text}");
    }
    assert!(pdf("cycle-overview").contains(&readable(&label)), "the content label is not literal");
    assert!(pdf("conversation-guide").contains(&readable(
        "Typst code #let y = 2 $y$ @cite {{ y }} {% raw %} ] [ stays text; 60 minutes."
    )));
    // The web pages: the same text, as text, and no script but the kit's own.
    for (_, key, n, stem) in &fields {
        let page = parse_html(&project.path().join(format!("output/en/{stem}.html")));
        let text = html_text(&page);
        assert!(text.contains(&readable(&hostile(*n))), "{key} is not literal in {stem}.html");
        let scripts: Vec<_> = select(&page, "script").iter().map(|s| s.attr("src")).collect();
        assert_eq!(scripts, [Some("../assets/kit.js")], "{stem}.html");
        let smuggled = select(&page, &format!("label{n}"));
        assert!(smuggled.is_empty(), "<label{n}> from kit.toml became an element");
    }
    let guide = html_text(&parse_html(&project.path().join("output/en/conversation-guide.html")));
    assert!(guide.contains(&readable(
        "Typst code #let y = 2 $y$ @cite {{ y }} {% raw %} ] [ stays text; 60 minutes."
    )));
    // The Markdown speaker notes escape text from kit.toml, so it reads literally there too.
    let notes =
        std::fs::read_to_string(project.path().join("output/en/leader-briefing-notes.md")).unwrap();
    assert!(notes.contains(r"\*a4\*") && notes.contains(r"\<script\>"), "{notes}");
}

#[test]
fn long_words_rtl_and_combining_marks_stay_on_the_page() {
    let project = demo_project();
    let kit_path = project.path().join("kit.toml");
    let (short, long) = ("W".repeat(120), "L".repeat(900));
    let unit = format!("مرحبا بالعالم שלום e\u{301} 🙂 {short}");
    let kit = std::fs::read_to_string(&kit_path)
        .unwrap()
        .replacen(
            "unit.en = \"Technical operations and property\"",
            &format!("unit.en = {}", toml::Value::String(unit)),
            1,
        )
        .replacen(
            "description.en = \"More requests can be handled online, quickly and without paper.\"",
            &format!("description.en = \"{long}\""),
            1,
        );
    std::fs::write(&kit_path, kit).unwrap();
    // No bundled font has the emoji, and PDF/UA-1 forbids a missing glyph:
    // the default build refuses and names the key.
    let refused = build(project.path());
    assert_clean_failure(&refused);
    assert!(
        stderr(&refused).contains("comes from `organisation.unit` in kit.toml"),
        "{}",
        stderr(&refused)
    );
    let output = samtale(&["build", "--pdf-standard", "none"], project.path());
    assert!(output.status.success(), "{}", stderr(&output));
    for stem in ["action-plan", "cycle-overview", "preparation-employee"] {
        let path = project.path().join(format!("output/en/{stem}.pdf"));
        let squeezed = pdf_text(&path);
        if stem != "preparation-employee" {
            // The unit is printed on these two. Right-to-left text reads
            // back in logical order only with poppler; the Rust reader gives
            // visual order, so the check needs poppler (CI has it).
            let rtl: &[&str] =
                if poppler() { &["مرحبا", "بالعالم", "שלום"] } else { &[] };
            for word in rtl.iter().chain(&["e\u{301}"]) {
                assert!(squeezed.contains(word), "{stem} lacks {word}");
            }
            assert!(squeezed.contains(&short), "{stem} lost part of the long name");
        }
        if stem != "action-plan" {
            // The word may continue on the next page, after the footer.
            let letters: usize =
                squeezed.split(|c| c != 'L').filter(|run| run.len() >= 20).map(str::len).sum();
            assert_eq!(letters, long.len(), "{stem} lost part of the long word");
        }
        // Every word box lies within the A4 page (595 pt wide); only
        // poppler reports positions.
        if !poppler() {
            continue;
        }
        let bbox = std::process::Command::new("pdftotext")
            .arg("-bbox")
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        let bbox = String::from_utf8_lossy(&bbox.stdout).into_owned();
        for x_max in bbox
            .split("xMax=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap().parse::<f64>().unwrap())
        {
            assert!(x_max <= 595.0, "{stem}: text runs off the page at x = {x_max}");
        }
    }
}
