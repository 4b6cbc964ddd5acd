//! axe-core, the accessibility engine browsers' dev tools use, run on every
//! page of the kit in Debian's headless Chromium (WCAG 2.1 A and AA rules,
//! at 1200 and 390 px wide). Goal: no violations at all.
//!
//! `.ci/run` installs Chromium and `tests/axe/node_modules` and sets
//! `SAMTALE_REQUIRE_TOOLS=1`, so there a missing tool fails the test. On a
//! machine with only Rust it says what it skipped and why.

use std::path::Path;
use std::process::Command;

use crate::common::*;

/// What is missing to run axe here, if anything.
pub fn missing_tools(chromium: &str) -> Vec<String> {
    let mut missing = Vec::new();
    if !Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success()) {
        missing.push("node".to_string());
    }
    if !Path::new(chromium).is_file() {
        missing.push(format!("{chromium} (apt-get install chromium)"));
    }
    if !Path::new(REPO).join("tests/axe/node_modules/axe-core").is_dir() {
        missing.push("tests/axe/node_modules (npm ci --prefix tests/axe)".to_string());
    }
    missing
}

pub fn axe(output: &Path, chromium: &str) {
    let script = Path::new(REPO).join("tests/axe/run-axe.mjs");
    let run = Command::new("node").arg(script).arg(output).arg(chromium).output().unwrap();
    let report = String::from_utf8_lossy(&run.stdout);
    eprintln!("{report}{}", String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "axe found violations in {}:\n{report}", output.display());
    assert!(report.contains(" 0 violations"), "{report}");
}

#[test]
fn axe_finds_no_violations_in_the_demo_or_at_the_contrast_limit() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let missing = missing_tools(&chromium);
    if !missing.is_empty() {
        let message = format!("axe-core cannot run here; missing: {}", missing.join(", "));
        assert!(std::env::var_os("SAMTALE_REQUIRE_TOOLS").is_none(), "{message}");
        eprintln!("skipped: {message}");
        return;
    }

    let demo = demo_project();
    let output = samtale(&["build", "--format", "html"], demo.path());
    assert!(output.status.success(), "{}", stderr(&output));
    axe(&demo.path().join("output"), &chromium);

    // The palest colours kit.toml accepts (each the shade the contrast check
    // proposes, exactly at 4.5:1 and 3:1): the theme's tints must still
    // leave text readable.
    let limit = demo_project();
    let kit_path = limit.path().join("kit.toml");
    let kit = std::fs::read_to_string(&kit_path)
        .unwrap()
        .replace("primary = \"#1f4e79\"", "primary = \"#ffcc00\"")
        .replace("accent = \"#c2571a\"", "accent = \"#00ff99\"");
    std::fs::write(&kit_path, &kit).unwrap();
    let err = stderr(&samtale(&["check"], limit.path()));
    let proposed: Vec<&str> = err
        .lines()
        .filter_map(|l| l.split("reaches it: \"").nth(1))
        .map(|rest| rest.trim_end_matches('"'))
        .collect();
    assert_eq!(proposed.len(), 2, "{err}");
    let kit = kit
        .replace("#ffcc00", proposed[0])
        .replace("#00ff99", proposed[1])
        .replace("build = [\"nb\", \"nn\", \"en\"]", "build = [\"nb\"]");
    assert!(kit.contains("build = [\"nb\"]"), "one language is enough here");
    std::fs::write(&kit_path, kit).unwrap();
    let output = samtale(&["build", "--format", "html"], limit.path());
    assert!(output.status.success(), "{}", stderr(&output));
    axe(&limit.path().join("output"), &chromium);
}
