//! The same input gives byte-identical files, wherever the project lives.

use std::process::Command;

use crate::common::*;

#[test]
fn two_builds_on_different_paths_are_byte_identical() {
    let a = demo_project();
    let b = demo_project();
    for project in [&a, &b] {
        let output = build(project.path());
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let (ta, tb) = (tree(&a.path().join("output")), tree(&b.path().join("output")));
    assert_eq!(ta.len(), tb.len());
    for ((pa, ba), (pb, bb)) in ta.iter().zip(&tb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{} differs between builds", pa.display());
    }
    // Rebuilding in place gives the same bytes again.
    let again = build(a.path());
    assert!(again.status.success());
    assert!(tree(&a.path().join("output")) == ta, "a rebuild changed the output");
}

#[test]
fn pdf_date_comes_from_the_round_or_source_date_epoch() {
    let project = demo_project();
    let creation = |epoch: Option<&str>| {
        let mut command = Command::new(BIN);
        command.arg("build").current_dir(project.path());
        if let Some(epoch) = epoch {
            command.env("SOURCE_DATE_EPOCH", epoch);
        } else {
            command.env_remove("SOURCE_DATE_EPOCH");
        }
        assert!(command.output().unwrap().status.success());
        pdf_creation_date(&project.path().join("output/en/action-plan.pdf"))
    };
    assert!(creation(None).starts_with("D:2027"), "round's announcement date: {}", creation(None));
    let pinned = creation(Some("1700000000"));
    assert!(pinned.starts_with("D:2023"), "SOURCE_DATE_EPOCH: {pinned}");
}

/// "… in 0.12 s (34 PDFs unchanged since the last build)" → 34; none → 0.
fn unchanged(output: &std::process::Output) -> usize {
    let said = stderr(output);
    said.split(" PDFs unchanged")
        .next()
        .filter(|before| before.len() < said.len())
        .map_or(0, |before| before.rsplit('(').next().unwrap().trim().parse().unwrap())
}

#[test]
fn a_rebuild_takes_over_the_pdfs_whose_inputs_are_unchanged_and_makes_the_rest() {
    let project = demo_project();
    let output_dir = project.path().join("output");
    let first = build(project.path());
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(unchanged(&first), 0, "nothing to take over: {}", stderr(&first));
    let made = tree(&output_dir);
    let pdfs = made.iter().filter(|(p, _)| p.extension().is_some_and(|e| e == "pdf")).count();
    assert!(pdfs >= 30, "{pdfs} PDFs");

    // Nothing changed: every PDF is taken over, and the kit is the same.
    let again = build(project.path());
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(unchanged(&again), pdfs, "{}", stderr(&again));
    assert!(tree(&output_dir) == made, "a rebuild changed the output");

    // One word in one document of one language: its two PDFs and that
    // language's packet are made again, with the edit.
    let briefing = std::fs::read_to_string(format!("{REPO}/content/nb/briefing.toml")).unwrap();
    let title = briefing.lines().find(|l| l.starts_with("title = ")).unwrap().to_string();
    let edited = briefing.replacen(&title, "title = \"Årets samtaler, nå med tyttebær\"", 1);
    std::fs::create_dir_all(project.path().join("content/nb")).unwrap();
    std::fs::write(project.path().join("content/nb/briefing.toml"), edited).unwrap();
    let edit = build(project.path());
    assert!(edit.status.success(), "{}", stderr(&edit));
    assert_eq!(unchanged(&edit), pdfs - 3, "{}", stderr(&edit));
    let text = pdf_text(&output_dir.join("nb/leader-briefing.pdf"));
    assert!(text.contains(&squeeze("nå med tyttebær")), "the edit is in the PDF");
    std::fs::remove_dir_all(project.path().join("content")).unwrap();

    // A PDF changed after the build is not trusted: it is made again.
    let plan = output_dir.join("en/action-plan.pdf");
    let original = std::fs::read(&plan).unwrap();
    let mut tampered = original.clone();
    tampered[original.len() / 2] ^= 0x20;
    std::fs::write(&plan, tampered).unwrap();
    let repaired = build(project.path());
    assert!(repaired.status.success(), "{}", stderr(&repaired));
    assert_eq!(
        unchanged(&repaired),
        pdfs - 4,
        "nb's briefing back, and the plan: {}",
        stderr(&repaired)
    );
    assert!(tree(&output_dir) == made, "back to the first build, byte for byte");

    // --fresh compiles everything, to the same bytes.
    let fresh = samtale(&["build", "--fresh"], project.path());
    assert!(fresh.status.success(), "{}", stderr(&fresh));
    assert_eq!(unchanged(&fresh), 0, "{}", stderr(&fresh));
    assert!(tree(&output_dir) == made, "--fresh gives the same bytes");
}
