//! Text from kit.toml is data, never code: characters that mean something in
//! Typst, Markdown or a template print literally.

mod common;

use common::*;

const HOSTILE: &str = r#"A&B #let x = 1 $x$ *a* _b_ @ref <label> \ ] [ // /* {{ x }} {% if %} {year} <script>alert(1)</script>"#;

#[test]
fn hostile_text_in_kit_toml_prints_literally() {
    let project = demo_project();
    let kit_path = project.path().join("kit.toml");
    let kit = std::fs::read_to_string(&kit_path).unwrap();
    let literal = toml::Value::String(HOSTILE.to_string()).to_string();
    let kit =
        kit.replacen("name = \"Fjordvik kommune\"", &format!("name = {literal}"), 1).replacen(
            "title.en = \"Digital services for residents\"",
            &format!("title.en = {literal}"),
            1,
        );
    std::fs::write(&kit_path, kit).unwrap();
    let output = build(project.path());
    assert!(output.status.success(), "{}", stderr(&output));

    for stem in ["cycle-overview", "action-plan", "preparation-employee", "leader-briefing"] {
        let text = pdf_text(&project.path().join(format!("output/en/{stem}.pdf")));
        assert!(
            text.contains(&fold(HOSTILE)),
            "{stem} does not print the hostile text literally:\n{text}"
        );
    }
    // The Markdown speaker notes escape it, so it reads literally there too.
    let notes =
        std::fs::read_to_string(project.path().join("output/en/leader-briefing-notes.md")).unwrap();
    assert!(notes.contains(r"\*a\*") && notes.contains(r"\<script\>"), "{notes}");
}
