//! Benchmark of `samtale collect`:
//! `cargo run --release --example collect-bench -- [PEOPLE] [DIR]` (default
//! 10,000 people; with DIR the filled forms are kept there, and a second
//! run with the same DIR only collects).
//!
//! Makes a synthetic roster and every person's action plan, as
//! `samtale forms --only action-plan` does, fills each the way a PDF reader
//! saving in place does (an incremental update: two measures with focus
//! area and deadline, both signatures, a follow-up ticked), and then runs
//! `collect --roster --include-text` over the folder in a child process of
//! its own, so the time and the peak memory (VmHWM) it reports are
//! collect's alone.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use lopdf::{IncrementalDocument, Object, ObjectId, StringFormat};
use samtale::collect::{CollectOptions, describe, run};
use samtale::forms::{FormsOptions, Per};

mod shared;
use shared::peak_rss;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("kit.toml");
    if let [flag, forms, roster, out] = &args[..]
        && flag == "--collect"
    {
        return collect(&config, Path::new(forms), Path::new(roster), Path::new(out));
    }
    let people: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let temporary = tempfile::tempdir().unwrap();
    let dir = args.get(1).map_or(temporary.path().to_path_buf(), PathBuf::from);
    let roster = dir.join("people.csv");
    let forms = dir.join("forms");
    if !forms.exists() {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&roster, synthetic_roster(people)).unwrap();
        make_and_fill(&config, &roster, &forms);
    }
    let child = Command::new(std::env::current_exe().unwrap())
        .arg("--collect")
        .args([&forms, &roster, &dir.join("collected")])
        .status()
        .unwrap();
    assert!(child.success());
}

/// Every person's action plan, as `samtale forms --only action-plan`
/// makes them, then filled.
fn make_and_fill(config: &Path, roster: &Path, forms: &Path) {
    let started = Instant::now();
    let options = FormsOptions {
        config: config.to_path_buf(),
        roster: roster.to_path_buf(),
        out: Some(forms.to_path_buf()),
        per: Per::Person,
        only: vec![samtale::documents::ACTION_PLAN.id.into()],
        skip_bad: false,
        quiet: true,
        force: false,
        pdf: Default::default(),
        previous: None,
        reuse: samtale::forms::Reuse::Pdf,
    };
    let made = samtale::forms::run(&options).unwrap_or_else(|e| panic!("{e}"));
    println!("made {} action plans in {:.1} s", made.files, started.elapsed().as_secs_f64());

    let started = Instant::now();
    let plans = pdfs_under(forms);
    std::thread::scope(|scope| {
        for (half, chunk) in plans.chunks(plans.len().div_ceil(2)).enumerate() {
            scope.spawn(move || {
                for (index, path) in chunk.iter().enumerate() {
                    fill(path, half * 1_000_000 + index);
                }
            });
        }
    });
    println!("filled them in {:.1} s", started.elapsed().as_secs_f64());
}

/// `collect` alone, in this process: what the parent measures.
fn collect(config: &Path, forms: &Path, roster: &Path, out: &Path) {
    let options = CollectOptions {
        config: config.to_path_buf(),
        paths: vec![forms.to_path_buf()],
        roster: Some(roster.to_path_buf()),
        out: Some(out.to_path_buf()),
        include_text: true,
        lang: None,
        strict: false,
        quiet: true,
        force: false,
        pdf: Default::default(),
    };
    let started = Instant::now();
    let report = run(&options).unwrap_or_else(|e| panic!("{e}"));
    let seconds = started.elapsed().as_secs_f64();
    assert!(report.problems.is_empty(), "{} files were refused", report.problems.len());
    println!("{}", describe(&report));
    println!(
        "samtale collect: {} files in {seconds:.2} s: {:.0} files/s, {:.3} ms per file (wall, {} threads)",
        report.files,
        report.files as f64 / seconds,
        seconds * 1000.0 / report.files as f64,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("peak memory (VmHWM): {}", peak_rss());
}

/// People with Norwegian-looking names, twelve to a leader, in nb, nn, en.
fn synthetic_roster(people: usize) -> String {
    let mut csv = String::from("employee;leader;unit;date;lang;employee_id\n");
    for n in 0..people {
        let lang = ["nb", "nn", "en"][n % 3];
        let day = 11 + n % 20;
        csv.push_str(&format!(
            "Ansatt Ås {n};Leder Øye {};Enhet {};{day}.01.2027;{lang};E{n}\n",
            n / 12,
            n / 120
        ));
    }
    csv
}

/// Sets field values as a reader saving in place does.
fn fill(path: &Path, seed: usize) {
    let mut update = IncrementalDocument::load(path).unwrap();
    let fields: Vec<(ObjectId, String)> = update
        .get_prev_documents()
        .objects
        .iter()
        .filter_map(|(id, o)| {
            let dict = o.as_dict().ok()?;
            dict.get(b"FT").ok()?;
            Some((*id, lopdf::decode_text_string(dict.get(b"T").ok()?).ok()?))
        })
        .collect();
    let focus = (seed % 4 + 1).to_string();
    let deadline = format!("15.{:02}.2027", seed % 12 + 1);
    let values: [(&str, Object); 9] = [
        ("measure-1", text(&format!("Kurs i sakssystemet, del {seed}"))),
        ("measure-1-focus", text(&focus)),
        ("measure-1-deadline", text(&deadline)),
        ("measure-2", text("Hospitere hos en kollega på nabokontoret")),
        ("measure-2-focus", text("2")),
        ("measure-2-responsible", text("Leder")),
        ("signed-employee", text("Ansatt")),
        ("signed-leader", text("Leder")),
        ("planned-1", Object::Name(b"Yes".to_vec())),
    ];
    for (name, value) in values {
        let id = fields.iter().find(|(_, n)| n == name).unwrap_or_else(|| panic!("{name}")).0;
        update.opt_clone_object_to_new_document(id).unwrap();
        let dict = update.new_document.get_dictionary_mut(id).unwrap();
        if matches!(value, Object::Name(_)) {
            dict.set("AS", value.clone());
        }
        dict.set("V", value);
    }
    update.save(path).unwrap();
}

/// A value as UTF-16BE text, as most readers write it.
fn text(value: &str) -> Object {
    let mut utf16 = vec![0xFE, 0xFF];
    utf16.extend(value.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(utf16, StringFormat::Hexadecimal)
}

fn pdfs_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "pdf") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}
