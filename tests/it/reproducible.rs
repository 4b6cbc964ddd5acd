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
