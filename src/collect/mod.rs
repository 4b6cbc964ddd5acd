//! `samtale collect PATH…`: filled action plans and follow-up notes back
//! into HR's overview of the round.
//!
//! The pipeline is the kit's, turned round: files → [`read`] (untrusted
//! bytes to fields: a PDF through [`lazy`] or lopdf's whole parse, then
//! [`acroform`]; or a saved web form) → [`form`] (fields to a plan or a
//! note) → [`people`] (each form to its person: by the identifiers a
//! roster form carries, by typed names on a blank one) → [`report`] (the
//! CSVs and the summary's model, with [`typed`] reading typed focus areas
//! and deadlines) → [`summary`] (the summary as PDF and web page). It writes into
//! `output/collected/` all at once, as `build` does, and holds counts and
//! focus areas, not what people wrote, unless `--include-text` asks.

pub mod acroform;
pub mod form;
pub mod lazy;
pub mod people;
pub mod read;
pub mod report;
pub mod summary;
pub mod typed;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Error, Result};
use crate::forms::roster;
use crate::output::{self, OutputFile};
use crate::project::{CheckOptions, Project};
use crate::render::for_each_parallel;
use crate::render::typst::PdfSettings;

pub struct CollectOptions {
    pub config: PathBuf,
    /// Files and folders of returned forms.
    pub paths: Vec<PathBuf>,
    /// The roster the forms were made from: who is expected.
    pub roster: Option<PathBuf>,
    /// Defaults to `output/collected` beside `kit.toml`.
    pub out: Option<PathBuf>,
    /// Write what people wrote (measures, goals) into the CSVs.
    pub include_text: bool,
    /// The summary's language; the kit's reference language by default.
    pub lang: Option<String>,
    /// Fail, writing nothing, if any file could not be used.
    pub strict: bool,
    pub quiet: bool,
    pub force: bool,
    pub pdf: PdfSettings,
}

pub struct CollectReport {
    pub out: PathBuf,
    /// Files found, and those read as plans or notes.
    pub files: usize,
    pub plans: usize,
    pub notes: usize,
    /// Files that could not be used, each with its reason.
    pub problems: Vec<Diagnostic>,
    pub elapsed: Duration,
}

pub fn run(options: &CollectOptions) -> Result<CollectReport> {
    let started = Instant::now();
    let project = Project::load(&options.config, CheckOptions::default())?;
    let lang = options.lang.clone().unwrap_or_else(|| project.kit.reference_language.clone());
    let Some(kit) = project.languages.iter().find(|k| k.lang == lang) else {
        let codes = project.languages.iter().map(|k| k.lang.as_str());
        return Err(Diagnostic::new(format!("the kit has no language `{lang}`"))
            .suggest(&lang, codes)
            .into());
    };
    let files = find_files(&options.paths)?;
    let roster = match &options.roster {
        Some(path) => {
            let codes: Vec<String> = project.languages.iter().map(|l| l.lang.clone()).collect();
            let roster = roster::read(path, &codes)?;
            if !roster.bad_rows.is_empty() {
                let mut error = Error { diagnostics: roster.bad_rows };
                let last = error.diagnostics.last_mut().expect("not empty");
                last.hints.push("fix these rows of the roster, then collect again".into());
                return Err(error);
            }
            Some(roster.people)
        }
        None => None,
    };

    let progress = progress_bar(files.len(), options.quiet);
    let results: Mutex<Vec<Option<std::result::Result<read::Returned, read::Refusal>>>> =
        Mutex::new(vec![None; files.len()]);
    for_each_parallel(files.len(), |index| {
        let result = read::read(&files[index]);
        results.lock().expect("no panics under the lock")[index] = Some(result);
        progress.inc(1);
    });
    progress.finish_and_clear();
    let results = results.into_inner().expect("workers have finished");

    let mut collected = people::Collected::new(&project, roster.as_deref());
    for (path, result) in files.iter().zip(results) {
        match result.expect("every file was read") {
            Ok(returned) => collected.add(returned),
            Err(reason) => collected.refuse(path, reason),
        }
    }
    let (plans, notes) = collected.counts();
    let report = report::Report::new(&project, kit, &collected);
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| project.kit.root.join("output").join(output::COLLECTED));
    let mut outputs = vec![
        OutputFile { path: "plans.csv".into(), bytes: report.plans_csv(options.include_text)? },
        OutputFile { path: "summary.html".into(), bytes: summary::html(&project, kit, &report)? },
        OutputFile {
            path: "summary.pdf".into(),
            bytes: summary::pdf(&project, kit, &report, options.pdf)?,
        },
    ];
    if options.include_text {
        outputs.push(OutputFile { path: "measures.csv".into(), bytes: report.measures_csv()? });
    }
    if options.strict && !collected.refused.is_empty() {
        let mut error = Error { diagnostics: collected.problems() };
        error.diagnostics.push(Diagnostic::new(format!(
            "{} of {} files could not be used, and --strict is set; nothing was written",
            collected.refused.len(),
            files.len()
        )));
        return Err(error);
    }
    if plans + notes == 0 {
        let mut error = Error { diagnostics: collected.problems() };
        error.diagnostics.push(
            Diagnostic::new(format!(
                "no action plan or follow-up note could be read from {} files",
                files.len()
            ))
            .hint("give the folders or files of filled forms, e.g. `samtale collect returned/`"),
        );
        return Err(error);
    }
    output::write_atomically(&out, &project.kit.root, &outputs, options.force)?;
    Ok(CollectReport {
        out,
        files: files.len(),
        plans,
        notes,
        problems: collected.problems(),
        elapsed: started.elapsed(),
    })
}

/// The PDFs and saved web forms under `paths`: a file given by name is
/// read whatever it is called; in a folder, `*.pdf` and `*.json`, sorted.
fn find_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| Error::io("read", path, e))?;
        if !meta.is_dir() {
            files.push(path.clone());
            continue;
        }
        let mut stack = vec![path.clone()];
        while let Some(dir) = stack.pop() {
            let entries = std::fs::read_dir(&dir).map_err(|e| Error::io("read", &dir, e))?;
            for entry in entries.flatten() {
                let path = entry.path();
                let hidden = entry.file_name().to_string_lossy().starts_with('.');
                let Ok(kind) = entry.file_type() else { continue };
                if hidden || kind.is_symlink() {
                    continue;
                }
                if kind.is_dir() {
                    stack.push(path);
                } else if is_form_file(&path) {
                    files.push(path);
                }
            }
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn is_form_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf") || e.eq_ignore_ascii_case("json"))
}

fn progress_bar(len: usize, quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    let style =
        indicatif::ProgressStyle::with_template("{bar:40.cyan/blue} {pos}/{len} files  {eta} left")
            .expect("a valid template");
    bar.set_style(style);
    bar
}

/// The summary line of a run.
pub fn describe(report: &CollectReport) -> String {
    format!(
        "collected {} action plans and {} follow-up notes from {} files into {} in {:.2} s",
        report.plans,
        report.notes,
        report.files,
        report.out.display(),
        report.elapsed.as_secs_f64()
    )
}
