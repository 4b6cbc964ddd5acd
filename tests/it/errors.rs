//! Bad input gets a clear error, exit code 1, no panic, and the previous
//! output is left exactly as it was.

use std::path::Path;

use crate::common::*;

/// Builds the demo once, breaks the project with `edit`, builds again, and
/// returns the second run's stderr after checking the output is untouched.
fn fails_cleanly(edit: impl FnOnce(&Path)) -> String {
    let project = demo_project();
    let first = build(project.path());
    assert!(first.status.success(), "{}", stderr(&first));
    let before = tree(&project.path().join("output"));
    edit(project.path());
    let second = build(project.path());
    assert_clean_failure(&second);
    assert_eq!(
        tree(&project.path().join("output")),
        before,
        "output/ changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(project.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("samtale-new"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind");
    stderr(&second)
}

fn replace_in_kit(project: &Path, from: &str, to: &str) {
    let path = project.join("kit.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "kit.toml has no `{from}`");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn line_of(project_kit: &str, needle: &str) -> usize {
    project_kit.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn unknown_question_id_names_line_column_and_a_suggestion() {
    let err = fails_cleanly(|p| {
        replace_in_kit(p, "\"challenge-reward\", \"drivers\"", "\"challenge-reward\", \"drivrs\"")
    });
    let kit = std::fs::read_to_string(Path::new(REPO).join("kit.toml")).unwrap();
    let line = line_of(&kit, "\"challenge-reward\", \"drivers\"");
    assert!(err.contains("unknown question id `drivrs`"), "{err}");
    assert!(err.contains(&format!("kit.toml:{line}:23")), "{err}");
    assert!(err.contains("did you mean `drivers`?"), "{err}");
}

#[test]
fn misspelt_key_gets_did_you_mean() {
    let err = fails_cleanly(|p| replace_in_kit(p, "accent = ", "acent = "));
    assert!(err.contains("unknown field `acent`"), "{err}");
    assert!(err.contains("did you mean `accent`?"), "{err}");
    assert!(err.contains("kit.toml:"), "{err}");
}

#[test]
fn broken_toml_names_the_line() {
    let err = fails_cleanly(|p| replace_in_kit(p, "[round]", "[round"));
    let kit = std::fs::read_to_string(Path::new(REPO).join("kit.toml")).unwrap();
    assert!(err.contains(&format!("kit.toml:{}:", line_of(&kit, "[round]"))), "{err}");
}

#[test]
fn several_problems_are_reported_together() {
    let err = fails_cleanly(|p| {
        replace_in_kit(p, "primary = \"#1f4e79\"", "primary = \"#12\"");
        replace_in_kit(p, "cadence = \"monthly\"", "cadence = \"montly\"");
        replace_in_kit(p, "build = [\"nb\", \"nn\", \"en\"]", "build = [\"nb\", \"nn\", \"eng\"]");
    });
    assert!(err.contains("`#12` is not a colour"), "{err}");
    assert!(
        err.contains("unknown cadence `montly`") && err.contains("did you mean `monthly`?"),
        "{err}"
    );
    assert!(
        err.contains("no content for language `eng`") && err.contains("did you mean `en`?"),
        "{err}"
    );
}

#[test]
fn dates_out_of_order_are_refused() {
    let err = fails_cleanly(|p| replace_in_kit(p, "end = 2027-02-26", "end = 2026-12-01"));
    assert!(err.contains("`round.end` (2026-12-01) is before `round.start` (2027-01-11)"), "{err}");
}

#[test]
fn missing_logo_is_named() {
    let err = fails_cleanly(|p| std::fs::remove_file(p.join("assets/fjordvik-logo.svg")).unwrap());
    assert!(err.contains("does not exist") && err.contains("fjordvik-logo.svg"), "{err}");
}

#[test]
fn typst_error_in_a_theme_override_points_at_the_template_line() {
    let err = fails_cleanly(|p| {
        let dir = p.join("themes/default/typst");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("action-plan.typ"), "#import \"/lib.typ\": *\n\n#let x = (1 +\n")
            .unwrap();
    });
    assert!(err.contains("action-plan.typ:"), "{err}");
    assert!(err.contains("template `action-plan.typ`"), "{err}");
}

#[test]
fn templates_cannot_read_files_outside_the_theme() {
    let err = fails_cleanly(|p| {
        let dir = p.join("themes/default/typst");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("action-plan.typ"),
            "#read(\"/etc/passwd\")\n#read(\"../kit.toml\")\n",
        )
        .unwrap();
    });
    assert!(err.contains("not found") || err.contains("file not found"), "{err}");
    assert!(!err.contains("root:"), "{err}");
}

#[test]
fn raw_html_in_content_is_refused_with_file_and_key() {
    let err = fails_cleanly(|p| {
        let dir = p.join("content/en");
        std::fs::create_dir_all(&dir).unwrap();
        let guide = std::fs::read_to_string(Path::new(REPO).join("content/en/guide.toml")).unwrap();
        let guide = guide.replacen("intro = \"", "intro = \"<script>alert(1)</script> ", 1);
        std::fs::write(dir.join("guide.toml"), guide).unwrap();
    });
    assert!(err.contains("raw HTML"), "{err}");
    assert!(err.contains("content/en/guide.toml"), "{err}");
    assert!(err.contains("intro"), "{err}");
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let project = demo_project();
    let precious = project.path().join("precious");
    std::fs::create_dir_all(&precious).unwrap();
    std::fs::write(precious.join("thesis.docx"), b"years of work").unwrap();
    let output = samtale(&["build", "--out", "precious"], project.path());
    assert_clean_failure(&output);
    assert!(stderr(&output).contains("--force"), "{}", stderr(&output));
    assert_eq!(std::fs::read(precious.join("thesis.docx")).unwrap(), b"years of work");
}

#[test]
fn missing_kit_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = build(dir.path());
    assert_clean_failure(&output);
    assert!(
        stderr(&output).contains("cannot read `kit.toml`: it does not exist"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn refuses_root_home_and_the_project_itself_as_output() {
    let project = demo_project();
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("notes.txt"), b"mine").unwrap();
    for out in ["/", ".", home.path().to_str().unwrap()] {
        let output = std::process::Command::new(BIN)
            .args(["build", "--out", out, "--force"])
            .env("HOME", home.path())
            .current_dir(project.path())
            .output()
            .unwrap();
        assert_clean_failure(&output);
        assert!(
            stderr(&output).contains("refusing to write the kit into"),
            "{out}: {}",
            stderr(&output)
        );
    }
    assert_eq!(std::fs::read(home.path().join("notes.txt")).unwrap(), b"mine");
    assert!(project.path().join("kit.toml").is_file());
}

#[test]
fn check_parses_every_template_of_the_theme_also_of_documents_not_built() {
    let project = demo_project();
    // Only the cycle overview is built, yet the action plan's broken web
    // page and Typst override are found: check reads every template.
    replace_in_kit(project.path(), "[documents]\n", "[documents]\nbuild = [\"cycle-overview\"]\n");
    let html = project.path().join("themes/default/html");
    std::fs::create_dir_all(&html).unwrap();
    std::fs::write(
        html.join("action-plan.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ text.web.print }</p>\n{% endblock %}\n",
    )
    .unwrap();
    let typst = project.path().join("themes/default/typst");
    std::fs::create_dir_all(&typst).unwrap();
    std::fs::write(typst.join("action-plan.typ"), "#import \"/lib.typ\": *\n#let x = (1 +\n")
        .unwrap();
    let output = samtale(&["check"], project.path());
    assert_clean_failure(&output);
    let err = stderr(&output);
    assert!(err.contains("themes/default/html/action-plan.html:3"), "{err}");
    assert!(err.contains("themes/default/typst/action-plan.typ:2:"), "{err}");
    // The build, which needs neither, goes ahead.
    assert!(build(project.path()).status.success());
}

#[test]
fn check_renders_what_build_would_and_fails_where_it_would() {
    // A Typst error that only shows when the document is laid out.
    let project = demo_project();
    let typst = project.path().join("themes/default/typst");
    std::fs::create_dir_all(&typst).unwrap();
    std::fs::write(typst.join("action-plan.typ"), "#import \"/lib.typ\": *\n#t.no-such-text\n")
        .unwrap();
    let output = samtale(&["check"], project.path());
    assert_clean_failure(&output);
    let err = stderr(&output);
    assert!(err.contains("themes/default/typst/action-plan.typ:2:"), "{err}");
    assert!(!project.path().join("output").exists(), "check writes nothing");
}
