//! The bad-input corpus: every file in `tests/bad/*.toml` breaks a copy of the
//! demo project in one way. Each must fail with exit code 1, no panic, a
//! message naming what is wrong, and the previous `output/` untouched.
//!
//! The whole message is kept beside the case as `<case>.stderr`, so a
//! change in wording shows up in review. `SAMTALE_BLESS=1 cargo test --test
//! bad_input` rewrites the snapshots after a deliberate change.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::common::*;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    about: String,
    /// Substrings the message must contain.
    expect: Vec<String>,
    /// Inputs that look odd but are fine: the build must succeed.
    #[serde(default)]
    succeeds: bool,
    #[serde(default)]
    replace: Vec<Replace>,
    #[serde(default)]
    write: Vec<Write>,
    #[serde(default)]
    symlink: Vec<Symlink>,
    /// `"bom:<file>"` prepends a byte-order mark, `"crlf:<file>"` makes line
    /// ends CRLF, as Windows editors save.
    #[serde(default)]
    transform: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Replace {
    file: String,
    from: String,
    to: String,
    /// Repeat `to` this many times (for runaway inputs).
    #[serde(default = "one")]
    times: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Write {
    path: String,
    #[serde(default)]
    text: String,
    /// Raw bytes, as hex, for files that are not valid UTF-8.
    hex: Option<String>,
    /// Append instead of replacing the file; `{n}` in `text` counts 1..=times.
    #[serde(default)]
    append: bool,
    #[serde(default = "one")]
    times: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Symlink {
    path: String,
    target: String,
}

fn one() -> usize {
    1
}

fn cases() -> Vec<(String, PathBuf)> {
    let dir = Path::new(REPO).join("tests/bad");
    let mut cases: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    cases.sort();
    cases
}

fn apply(case: &Case, project: &Path) {
    for r in &case.replace {
        let path = project.join(&r.file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(&r.from), "{}: `{}` not found", r.file, r.from);
        std::fs::write(&path, text.replacen(&r.from, &r.to.repeat(r.times), 1)).unwrap();
    }
    for w in &case.write {
        let path = project.join(&w.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let bytes: Vec<u8> = match &w.hex {
            Some(hex) => (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect(),
            None => (1..=w.times)
                .map(|n| w.text.replace("{n}", &n.to_string()))
                .collect::<String>()
                .into_bytes(),
        };
        if w.append {
            let mut old = std::fs::read(&path).unwrap_or_default();
            old.extend(bytes);
            std::fs::write(&path, old).unwrap();
        } else {
            std::fs::write(&path, bytes).unwrap();
        }
    }
    for t in &case.transform {
        let (kind, file) = t.split_once(':').unwrap();
        let path = project.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let text = match kind {
            "bom" => format!("\u{feff}{text}"),
            "crlf" => text.replace('\n', "\r\n"),
            other => panic!("unknown transform {other}"),
        };
        std::fs::write(&path, text).unwrap();
    }
    for s in &case.symlink {
        let path = project.join(&s.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let _ = std::fs::remove_file(&path);
        std::os::unix::fs::symlink(&s.target, &path).unwrap();
    }
}

/// Runs one case; returns a failure description, if any.
fn run(name: &str, file: &Path, previous: &Path) -> Option<String> {
    let case: Case = toml::from_str(&std::fs::read_to_string(file).unwrap())
        .unwrap_or_else(|e| panic!("{name}: bad case file: {e}"));
    let project = demo_project();
    copy_dir(previous, &project.path().join("output"));
    let before = tree(&project.path().join("output"));
    apply(&case, project.path());
    let output = build(project.path());
    let err = stderr(&output);
    let mut failures = Vec::new();
    if case.succeeds {
        if !output.status.success() {
            failures.push(format!("should build: {err}"));
        }
    } else {
        if output.status.code() != Some(1) {
            failures.push(format!("exit code {:?}, expected 1", output.status.code()));
        }
        if err.contains("panicked") || err.contains("RUST_BACKTRACE") {
            failures.push("panicked".into());
        }
        if tree(&project.path().join("output")) != before {
            failures.push("output/ changed".into());
        }
        let snapshot = file.with_extension("stderr");
        if std::env::var_os("SAMTALE_BLESS").is_some() {
            std::fs::write(&snapshot, &err).unwrap();
        } else {
            match std::fs::read_to_string(&snapshot) {
                Ok(expected) if expected == err => {}
                Ok(expected) => failures.push(format!(
                    "message changed:\n--- {}\n{expected}\n--- now\n{err}",
                    snapshot.display()
                )),
                Err(_) => failures
                    .push(format!("no snapshot {} (run with SAMTALE_BLESS=1)", snapshot.display())),
            }
        }
    }
    for expected in &case.expect {
        if !err.contains(expected.as_str()) {
            failures.push(format!("message lacks `{expected}`"));
        }
    }
    let leftovers = std::fs::read_dir(project.path())
        .unwrap()
        .flatten()
        .any(|e| e.file_name().to_string_lossy().contains("samtale-new"));
    if leftovers {
        failures.push("staging folder left behind".into());
    }
    (!failures.is_empty())
        .then(|| format!("{name} ({}):\n  {}\n  stderr: {err}", case.about, failures.join("\n  ")))
}

fn copy_dir(from: &Path, to: &Path) {
    for (relative, bytes) in tree(from) {
        let path = to.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

#[test]
fn every_bad_input_fails_cleanly_and_keeps_the_previous_output() {
    let previous = demo_project();
    let first = build(previous.path());
    assert!(first.status.success(), "{}", stderr(&first));
    let previous_output = previous.path().join("output");

    let cases = cases();
    assert!(cases.len() >= 30, "the corpus has {} cases", cases.len());
    let failures = Mutex::new(Vec::new());
    let next = Mutex::new(cases.iter());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let Some((name, file)) = next.lock().unwrap().next() else { break };
                    if let Some(failure) = run(name, file, &previous_output) {
                        failures.lock().unwrap().push(failure);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
