//! Benchmark of `samtale forms`:
//! `cargo run --release --example forms-bench -- people.csv [RUNS] [FORMS] [CLI_PEOPLE]`
//! (make a roster with `cargo run --release --example make-roster -- 1000 > people.csv`).
//!
//! Runs `samtale forms --per person` RUNS times (default 3), each in a child
//! process of its own writing into a fresh folder, so each run's peak memory
//! (VmHWM) is its own; FORMS is `--only`'s list (default: every form). Prints
//! each run, the minimum, median and maximum, and where one form's time went
//! (layout, PDF export, fields, writing; `forms --timings`). With
//! CLI_PEOPLE > 0 and `typst` 0.15 on PATH, it then runs `typst compile`
//! once per form for that many people on the `--emit-typst` output, one
//! process at a time and two at a time, and reports how many times faster
//! samtale is per form. The runs write under `FORMS_BENCH_DIR` when it is
//! set (`/dev/shm` leaves the disk's file system out), else in `/tmp`.
//! `FORMS_BENCH_REUSE=nothing` lays out and exports every copy in full,
//! `=layout` lays copies out from the stencil and exports each, and the
//! default `=pdf` also prints their PDFs from the plate.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use samtale::forms::{FormsOptions, Per, Reuse, run};

mod shared;
use shared::peak_rss;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("kit.toml");
    if let [flag, roster, only, out] = &args[..]
        && flag == "--run"
    {
        return one_run(&config, Path::new(roster), only, Path::new(out));
    }
    let usage = "usage: forms-bench people.csv [RUNS] [FORMS] [CLI_PEOPLE]";
    let roster = PathBuf::from(args.first().expect(usage));
    let runs: usize = args.get(1).map_or(3, |a| a.parse().expect(usage));
    let only = args.get(2).cloned().unwrap_or_else(|| "all".into());
    let cli_people: usize = args.get(3).map_or(0, |a| a.parse().expect(usage));
    // FORMS_BENCH_DIR=/dev/shm measures without the disk's file system.
    let dir = match std::env::var_os("FORMS_BENCH_DIR") {
        Some(base) => tempfile::tempdir_in(base).unwrap(),
        None => tempfile::tempdir().unwrap(),
    };

    let mut seconds = Vec::new();
    let mut files = 0;
    for i in 0..runs {
        let out = dir.path().join(format!("run-{i}"));
        let child = Command::new(std::env::current_exe().unwrap())
            .arg("--run")
            .args([roster.as_os_str(), only.as_ref(), out.as_os_str()])
            .output()
            .unwrap();
        assert!(child.status.success(), "{}", String::from_utf8_lossy(&child.stderr));
        let line = String::from_utf8(child.stdout).unwrap();
        print!("run {}: {line}", i + 1);
        let words: Vec<&str> = line.split_whitespace().collect();
        files = words[2].parse::<usize>().unwrap();
        seconds.push(words[5].parse::<f64>().unwrap());
        std::fs::remove_dir_all(&out).unwrap();
    }
    seconds.sort_by(f64::total_cmp);
    println!(
        "{runs} runs: min {:.2} s, median {:.2} s, max {:.2} s",
        seconds[0],
        seconds[runs / 2],
        seconds[runs - 1]
    );
    if cli_people > 0 {
        compare_with_cli(
            &config,
            &roster,
            cli_people,
            dir.path(),
            seconds[runs / 2] / files as f64,
        );
    }
}

/// One run, in a process of its own: prints one line with the people,
/// files, seconds, peak memory and the stages of one form.
fn one_run(config: &Path, roster: &Path, only: &str, out: &Path) {
    let options = FormsOptions {
        config: config.to_path_buf(),
        roster: roster.to_path_buf(),
        out: Some(out.to_path_buf()),
        per: Per::Person,
        only: if only == "all" { Vec::new() } else { only.split(',').map(Into::into).collect() },
        skip_bad: false,
        quiet: true,
        force: false,
        pdf: Default::default(),
        previous: None,
        // FORMS_BENCH_REUSE compares the ways of making copies in one binary.
        reuse: match std::env::var("FORMS_BENCH_REUSE").as_deref() {
            Ok("nothing") => Reuse::Nothing,
            Ok("layout") => Reuse::Layout,
            _ => Reuse::Pdf,
        },
    };
    let started = Instant::now();
    let report = run(&options).unwrap_or_else(|e| panic!("{e}"));
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{} people, {} forms in {seconds:.3} s ({:.2} ms per form, wall), peak memory {}",
        report.people,
        report.files,
        seconds * 1000.0 / report.files as f64,
        peak_rss()
    );
    if let Some(stages) = report.timings {
        println!("       {stages}");
    }
}

/// The same forms through `typst compile`, for comparison.
fn compare_with_cli(config: &Path, roster: &Path, cli_people: usize, dir: &Path, ours: f64) {
    if !Command::new("typst").arg("--version").output().is_ok_and(|o| o.status.success()) {
        println!("`typst` is not on PATH: install typst-cli 0.15 to compare with the CLI.");
        return;
    }
    // The same forms through the CLI: the emitted project, with each
    // person's person.json written before each pair of compiles.
    let emitted = dir.join("typst");
    let build = samtale::build::BuildOptions {
        config: config.to_path_buf(),
        out: Some(dir.join("kit")),
        emit_typst: Some(emitted.clone()),
        force: false,
        fresh: false,
        check: Default::default(),
        formats: vec![samtale::render::Format::Pdf],
        pdf: Default::default(),
    };
    samtale::build::build(&build).unwrap_or_else(|e| panic!("{e}"));
    let people: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path(roster)
        .unwrap()
        .records()
        .take(cli_people)
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let prepare = |i: usize, person: &[String]| -> PathBuf {
        // A root of its own per worker, so parallel compiles do not share person.json.
        let root = dir.join(format!("cli-{}", i % 2)).join(&person[4]);
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
