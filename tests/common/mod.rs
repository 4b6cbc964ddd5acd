//! Helpers shared by the end-to-end tests: run the real binary on a project
//! in a temporary folder, and read its PDFs the way a person's tools would.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_samtale");
pub const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// A copy of the demo project (kit.toml and its logo) in a temp folder, so
/// tests can edit it freely. Content and theme come from the binary.
pub fn demo_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(Path::new(REPO).join("kit.toml"), dir.path().join("kit.toml")).unwrap();
    std::fs::create_dir_all(dir.path().join("assets")).unwrap();
    std::fs::copy(
        Path::new(REPO).join("assets/fjordvik-logo.svg"),
        dir.path().join("assets/fjordvik-logo.svg"),
    )
    .unwrap();
    dir
}

pub fn samtale(args: &[&str], cwd: &Path) -> Output {
    Command::new(BIN).args(args).current_dir(cwd).output().expect("run samtale")
}

pub fn build(project: &Path) -> Output {
    samtale(&["build"], project)
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Text of a PDF as `pdftotext` extracts it, with runs of white space folded
/// so that assertions do not depend on where lines happen to break.
pub fn pdf_text(path: &Path) -> String {
    let output = Command::new("pdftotext")
        .args([OsStr::new("-raw"), path.as_os_str(), OsStr::new("-")])
        .output()
        .expect("pdftotext is needed for the tests (Debian: poppler-utils; .ci/run installs it)");
    assert!(output.status.success(), "pdftotext failed on {}", path.display());
    fold(&String::from_utf8(output.stdout).expect("pdftotext prints UTF-8"))
}

pub fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Page count and the size of the first page in points, from `pdfinfo`.
pub fn pdf_pages(path: &Path) -> (usize, f64, f64) {
    let output = Command::new("pdfinfo").arg(path).output().expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&output.stdout).into_owned();
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_else(|| panic!("pdfinfo has no {name} for {}", path.display()))
            .to_string()
    };
    let pages = field("Pages:").parse().unwrap();
    let size = field("Page size:");
    let mut numbers = size.split_whitespace().filter_map(|w| w.parse::<f64>().ok());
    (pages, numbers.next().unwrap(), numbers.next().unwrap())
}

/// Every file below `dir` with its bytes, sorted by relative path.
pub fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                ));
            }
        }
    }
    files.sort();
    files
}

/// The TOML of a built-in content file, to assert that its text is printed.
pub fn content(lang: &str, file: &str) -> toml::Table {
    let path = Path::new(REPO).join("content").join(lang).join(format!("{file}.toml"));
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Asserts that no run of the tool panicked or printed a backtrace.
pub fn assert_clean_failure(output: &Output) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(1), "expected exit 1, got {:?}: {err}", output.status);
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "panic: {err}");
}
