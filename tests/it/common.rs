//! Helpers shared by the end-to-end tests: run the real binary on a project
//! in a temporary folder, and read its PDFs the way a person's tools would.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

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

/// Whether poppler's tools are here. CI installs them (`.ci/run`); without
/// them the tests read PDFs with the `pdf-extract` and `lopdf` crates, so
/// `cargo test` also works on a machine with only Rust. Setting
/// `SAMTALE_TEST_NO_POPPLER` forces the Rust readers, to test that path.
pub fn poppler() -> bool {
    if std::env::var_os("SAMTALE_TEST_NO_POPPLER").is_some() {
        return false;
    }
    let here = Command::new("pdftotext").arg("-v").output().is_ok_and(|o| o.status.success());
    // CI installs poppler-utils; there a missing tool is a failure.
    assert!(here || std::env::var_os("SAMTALE_REQUIRE_TOOLS").is_none(), "pdftotext is missing");
    here
}

/// The text of a PDF without white space or zero-width spaces. Extractors
/// agree on the characters and their order, not on where spaces and line
/// breaks go; compare with [`squeeze`]d expectations.
pub fn pdf_text(path: &Path) -> String {
    squeeze(&pdf_raw_text(path))
}

/// The text of a PDF as a reader copies it, spaces and all.
pub fn pdf_raw_text(path: &Path) -> String {
    if poppler() {
        let output = Command::new("pdftotext")
            .args([OsStr::new("-raw"), path.as_os_str(), OsStr::new("-")])
            .output()
            .expect("run pdftotext");
        assert!(output.status.success(), "pdftotext failed on {}", path.display());
        String::from_utf8(output.stdout).expect("pdftotext prints UTF-8")
    } else {
        let bytes = std::fs::read(path).unwrap();
        pdf_extract::extract_text_from_mem(&bytes)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }
}

/// `text` without white space and zero-width spaces.
pub fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '\u{200B}').collect()
}

/// Page count and the size of the first page in points.
pub fn pdf_pages(path: &Path) -> (usize, f64, f64) {
    let document =
        lopdf::Document::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let pages = document.get_pages();
    let first = *pages.values().next().expect("at least one page");
    let page = document.get_dictionary(first).unwrap();
    let media_box = page.get(b"MediaBox").unwrap().as_array().unwrap();
    let number = |o: &lopdf::Object| {
        o.as_float().map(f64::from).or_else(|_| o.as_i64().map(|i| i as f64)).unwrap()
    };
    (
        pages.len(),
        number(&media_box[2]) - number(&media_box[0]),
        number(&media_box[3]) - number(&media_box[1]),
    )
}

/// The PDF's creation date as written in its Info dictionary.
pub fn pdf_creation_date(path: &Path) -> String {
    let document = lopdf::Document::load(path).unwrap();
    let info = document.trailer.get(b"Info").and_then(|o| o.as_reference()).unwrap();
    let info = document.get_dictionary(info).unwrap();
    let date = info.get(b"CreationDate").unwrap().as_str().unwrap();
    String::from_utf8_lossy(date).into_owned()
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

/// The demo's kit.toml as TOML.
pub fn kit() -> toml::Table {
    toml::from_str(&std::fs::read_to_string(Path::new(REPO).join("kit.toml")).unwrap()).unwrap()
}

/// The question ids the demo selects for a sheet.
pub fn selected(sheet: &str) -> Vec<String> {
    kit()["questions"][sheet]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// A question's text in a language, [`squeeze`]d.
pub fn question_text(lang: &str, id: &str) -> String {
    if let Some(text) = content(lang, "questions")["text"].get(id) {
        return squeeze(text.as_str().unwrap());
    }
    let custom = kit()["questions"]["custom"].as_array().unwrap().clone();
    let q = custom.iter().find(|q| q["id"].as_str() == Some(id)).expect("custom question");
    squeeze(q["text"][lang].as_str().unwrap())
}

/// An HTML page of the kit, parsed as a browser would.
pub fn parse_html(path: &Path) -> scraper::Html {
    let source = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    scraper::Html::parse_document(&source)
}

/// The text a person reads on a page (the body's text nodes, not markup),
/// [`squeeze`]d.
pub fn html_text(page: &scraper::Html) -> String {
    let body = scraper::Selector::parse("body").unwrap();
    page.select(&body).flat_map(|b| b.text()).map(squeeze).collect()
}

/// Elements of a page matching a CSS selector.
pub fn select<'a>(page: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    page.select(&scraper::Selector::parse(css).unwrap()).collect()
}

/// The demo kit, built once per test binary for all its tests to read.
pub fn built_demo() -> &'static Path {
    static BUILT: OnceLock<tempfile::TempDir> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let project = demo_project();
            let output = build(project.path());
            assert!(output.status.success(), "demo build failed: {}", stderr(&output));
            project
        })
        .path()
}

/// Every PDF of a language, as the registry declares it: (file stem, page).
pub fn pdfs() -> Vec<(&'static str, samtale::documents::Page)> {
    samtale::documents::ALL.iter().flat_map(|d| d.pdfs).map(|p| (p.entry, p.page)).collect()
}

/// The stems of every document with a web page.
pub fn pages() -> Vec<&'static str> {
    samtale::documents::ALL.iter().filter(|d| d.page).map(|d| d.id).collect()
}
