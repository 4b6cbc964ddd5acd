//! Benchmark of `samtale forms`:
//! `cargo run --release --example forms-bench -- people.csv [CLI_PEOPLE]`
//! (make a roster with `cargo run --release --example make-roster -- 1000 > people.csv`).
//!
//! Makes every person's action plan and preparation sheet in this process,
//! as `samtale forms --per person` does, and reports people and forms per
//! second and the peak memory (VmHWM). When `typst` 0.15 is on PATH it then
//! runs `typst compile` once per form for the first CLI_PEOPLE people
//! (default 40) on the `--emit-typst` output, one process at a time and two
//! at a time, and reports how many times faster samtale is per form.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use samtale::forms::{FormsOptions, Per, run};

mod shared;
use shared::peak_rss;

/// The allocator the samtale binary uses (see src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let roster = PathBuf::from(args.next().expect("usage: forms-bench people.csv [CLI_PEOPLE]"));
    let cli_people: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(40);
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("kit.toml");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("forms");

    let options = FormsOptions {
        config: config.clone(),
        roster: roster.clone(),
        out: Some(out.clone()),
        per: Per::Person,
        only: Vec::new(),
        skip_bad: false,
        quiet: true,
        force: false,
        pdf: Default::default(),
        previous: None,
    };
    let started = Instant::now();
    let report = run(&options).unwrap_or_else(|e| panic!("{e}"));
    let seconds = started.elapsed().as_secs_f64();
    let forms = report.files as f64;
    println!(
        "samtale forms: {} people, {} forms in {seconds:.2} s: {:.0} people/s, {:.0} forms/s, {:.2} ms per form (wall, {} threads)",
        report.people,
        report.files,
        report.people as f64 / seconds,
        forms / seconds,
        seconds * 1000.0 / forms,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("peak memory (VmHWM): {}", peak_rss());
    let ours = seconds / forms;

    if !Command::new("typst").arg("--version").output().is_ok_and(|o| o.status.success()) {
        println!("`typst` is not on PATH: install typst-cli 0.15 to compare with the CLI.");
        return;
    }
    // The same forms through the CLI: the emitted project, with each
    // person's person.json written before each pair of compiles.
    let emitted = dir.path().join("typst");
    let build = samtale::build::BuildOptions {
        config: config.clone(),
        out: Some(dir.path().join("kit")),
        emit_typst: Some(emitted.clone()),
        force: false,
        check: Default::default(),
        formats: vec![samtale::render::Format::Pdf],
        pdf: Default::default(),
    };
    samtale::build::build(&build).unwrap_or_else(|e| panic!("{e}"));
    let people: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path(&roster)
        .unwrap()
        .records()
        .take(cli_people)
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let prepare = |i: usize, person: &[String]| -> PathBuf {
        // A root of its own per worker, so parallel compiles do not share person.json.
        let root = dir.path().join(format!("cli-{}", i % 2)).join(&person[4]);
        if !root.exists() {
            copy_dir(&emitted.join(&person[4]), &root);
        }
        let json = serde_json::json!({
            "employee": person[0], "leader": person[1], "unit": person[2], "date": person[3],
        });
        std::fs::write(root.join("person.json"), json.to_string()).unwrap();
        root
    };
    let compile = |root: &Path, stem: &str| {
        Command::new("typst")
            .args(["compile", "--features", "a11y-extras"])
            .arg("--root")
            .arg(root)
            .arg("--font-path")
            .arg(emitted.join("fonts"))
            .arg("--ignore-system-fonts")
            .arg(root.join(format!("{stem}.typ")))
            .arg(root.join(format!("{stem}.pdf")))
            .spawn()
            .unwrap()
    };
    let stems: Vec<&str> = samtale::documents::forms().map(|(d, _)| d.pdfs[0].entry).collect();
    let started = Instant::now();
    for (i, person) in people.iter().enumerate() {
        let root = prepare(i, person);
        for stem in &stems {
            assert!(compile(&root, stem).wait().unwrap().success());
        }
    }
    let sequential = started.elapsed().as_secs_f64() / (people.len() * stems.len()) as f64;
    let started = Instant::now();
    for (i, pair) in people.chunks(2).enumerate() {
        for stem in &stems {
            let children: Vec<_> = pair
                .iter()
                .enumerate()
                .map(|(j, person)| compile(&prepare(i * 2 + j, person), stem))
                .collect();
            for mut child in children {
                assert!(child.wait().unwrap().success());
            }
        }
    }
    let parallel = started.elapsed().as_secs_f64() / (people.len() * stems.len()) as f64;
    println!(
        "typst compile, {} people: {:.1} ms per form one at a time ({:.1}× samtale), {:.1} ms two at a time ({:.1}× samtale)",
        people.len(),
        sequential * 1000.0,
        sequential / ours,
        parallel * 1000.0,
        parallel / ours
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}
