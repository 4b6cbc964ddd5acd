//! Benchmark of the build: `cargo run --release --example bench [-- ROUNDS]`.
//!
//! Reports `build --format pdf` of the demo kit as a user runs it, each in
//! a process of its own: into an output folder that holds the last build
//! (whose unchanged PDFs are taken over), and with `--fresh` (every PDF
//! compiled). Then the cold build of the whole demo kit in this process
//! (fonts, theme, first compile included), warm rebuilds, the compile time
//! of each document, and, when a `typst` binary is on PATH, the same
//! documents through `typst compile` on the `--emit-typst` output.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use samtale::build::{BuildOptions, build, emit_typst};
use samtale::project::Project;
use samtale::render::incremental::PdfCache;
use samtale::render::typst::world::Theme;
use samtale::render::typst::{CompileInput, PdfSettings, compile, compile_pdf, export_pdf, world};
use samtale::render::{Format, render};

mod shared;
use shared::peak_rss;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("kit.toml");
    if let [flag, out, fresh] = &args[..]
        && flag == "--build"
    {
        return build_once(&config, Path::new(out), fresh == "fresh");
    }
    let rounds: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10);
    build_processes(rounds.max(3));
    let pdf = PdfSettings::default();
    let load =
        |config: &Path| Project::load(config, Default::default()).unwrap_or_else(|e| panic!("{e}"));
    let render_all = |project: &Project, cache: &mut PdfCache| {
        render(project, &Format::ALL, pdf, cache).unwrap_or_else(|e| panic!("{e}"))
    };

    let started = Instant::now();
    let project = load(&config);
    let prepare_time = started.elapsed();
    let files = render_all(&project, &mut PdfCache::default());
    let cold = started.elapsed();
    println!(
        "cold build, whole kit ({} files, {} languages): {}",
        files.len(),
        project.languages.len(),
        ms(cold)
    );
    println!("  of which reading and checking kit.toml and content: {}", ms(prepare_time));

    let mut warm = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        render_all(&load(&config), &mut PdfCache::default());
        warm.push(t.elapsed());
    }
    println!("warm build, whole kit, mean of {rounds}: {}", ms(mean(&warm)));

    // What `samtale watch` does after a one-word edit in one document: the
    // project read again with the edit, the same cache, everything rendered.
    let edited = tempfile::tempdir().unwrap();
    std::fs::copy(&config, edited.path().join("kit.toml")).unwrap();
    std::fs::create_dir_all(edited.path().join("assets")).unwrap();
    std::fs::copy(
        config.with_file_name("assets/fjordvik-logo.svg"),
        edited.path().join("assets/fjordvik-logo.svg"),
    )
    .unwrap();
    std::fs::create_dir_all(edited.path().join("content/nb")).unwrap();
    let edited_config = edited.path().join("kit.toml");
    let mut cache = PdfCache::persistent();
    render_all(&load(&edited_config), &mut cache);
    let mut edits = Vec::new();
    for round in 0..rounds {
        let briefing = format!("title = \"Slik blir runden {round}\"\n");
        std::fs::write(edited.path().join("content/nb/briefing.toml"), briefing).unwrap();
        let t = Instant::now();
        render_all(&load(&edited_config), &mut cache);
        edits.push(t.elapsed());
    }
    println!(
        "rebuild after a one-word edit in one document (watch), mean of {rounds}: {} ({} PDFs compiled, {} reused)",
        ms(mean(&edits)),
        cache.compiled,
        cache.reused
    );

    println!(
        "\nper document (nb), one thread, mean of {rounds}: layout + PDF export (after one warm-up)"
    );
    println!("  {:<24} {:>9} {:>9} {:>9} {:>11}", "", "cold", "warm", "layout", "pdf export");
    let theme = Theme::load(&project.layers).unwrap();
    let kit = &project.languages[0];
    let other = &project.languages[project.languages.len() - 1];
    let mut ours = Vec::new();
    for document in &kit.documents {
        let input = CompileInput::for_document(kit, document, pdf);
        let other_input = CompileInput::for_document(other, document, pdf);
        for stem in document.pdfs.iter().map(|p| p.entry) {
            let (mut cold, mut warm, mut layout, mut export) = (vec![], vec![], vec![], vec![]);
            for _ in 0..rounds {
                // Cold: nothing memoised. Warm: the same template was just
                // compiled for another language, as in a real build.
                comemo::evict(0);
                let t = Instant::now();
                compile_pdf(&theme, stem, &other_input).unwrap();
                cold.push(t.elapsed());
                let t = Instant::now();
                let world = world(&theme, stem, &input).unwrap();
                let document = compile(&world, stem).unwrap();
                layout.push(t.elapsed());
                let t2 = Instant::now();
                export_pdf(&world, &document, stem, &input).unwrap();
                export.push(t2.elapsed());
                warm.push(t.elapsed());
            }
            let (c, w) = (mean(&cold), mean(&warm));
            ours.push((stem.to_string(), c, w));
            println!(
                "  {stem:<24} {:>9} {:>9} {:>9} {:>11}",
                ms(c),
                ms(w),
                ms(mean(&layout)),
                ms(mean(&export))
            );
        }
    }

    let typst_ok =
        Command::new("typst").arg("--version").output().is_ok_and(|o| o.status.success());
    if !typst_ok {
        println!("\n`typst` is not on PATH: install typst-cli 0.15 to compare with the CLI.");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let emitted = dir.path().join("typst");
    samtale::output::write_atomically(&emitted, dir.path(), &emit_typst(&project).unwrap(), false)
        .unwrap();
    let root = emitted.join(&kit.lang);
    println!("\nthe same documents through `typst compile` (one process each, mean of 3):");
    let (mut cold_ratios, mut warm_ratios) = (Vec::new(), Vec::new());
    for (stem, cold, warm) in &ours {
        let mut times = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            let status = Command::new("typst")
                .args(["compile", "--features", "a11y-extras"])
                .arg("--root")
                .arg(&root)
                .arg("--font-path")
                .arg(emitted.join("fonts"))
                .arg("--ignore-system-fonts")
                .arg(root.join(format!("{stem}.typ")))
                .arg(dir.path().join(format!("{stem}.pdf")))
                .status()
                .unwrap();
            assert!(status.success(), "typst compile failed for {stem}");
            times.push(t.elapsed());
        }
        let m = mean(&times);
        let (rc, rw) = (m.as_secs_f64() / cold.as_secs_f64(), m.as_secs_f64() / warm.as_secs_f64());
        cold_ratios.push(rc);
        warm_ratios.push(rw);
        println!("  {stem:<24} {}  ({rc:.1}× samtale cold, {rw:.1}× warm)", ms(m));
    }
    let geo = |r: &[f64]| (r.iter().map(|r| r.ln()).sum::<f64>() / r.len() as f64).exp();
    println!(
        "geometric mean: samtale is {:.1}× faster per document cold, {:.1}× warm",
        geo(&cold_ratios),
        geo(&warm_ratios)
    );
}

/// `build --format pdf` of the demo kit, each run a process of its own
/// (this example run again with `--build`), timed from outside as a shell
/// would: into a folder holding the last build, and with `--fresh`.
fn build_processes(runs: usize) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    let run = |mode: &str| {
        let started = Instant::now();
        let child = Command::new(std::env::current_exe().unwrap())
            .args(["--build".as_ref(), out.as_os_str(), mode.as_ref()])
            .output()
            .unwrap();
        assert!(child.status.success(), "{}", String::from_utf8_lossy(&child.stderr));
        (started.elapsed(), String::from_utf8(child.stdout).unwrap())
    };
    let (first, memory) = run("fresh");
    println!("`build --format pdf`, demo kit, one process each:");
    println!("  first build into an empty folder: {} (peak memory {})", ms(first), memory.trim());
    for mode in ["warm", "fresh"] {
        let (mut times, memory): (Vec<Duration>, Vec<String>) =
            (0..runs).map(|_| run(mode)).unzip();
        times.sort();
        let what = match mode {
            "warm" => "again, taking over the unchanged PDFs",
            _ => "again with --fresh, compiling every PDF",
        };
        println!(
            "  {what}, {runs} runs: min {}, median {}, max {} (peak memory of the last {})",
            ms(times[0]),
            ms(times[runs / 2]),
            ms(times[runs - 1]),
            memory[runs - 1].trim()
        );
    }
    println!();
}

/// One `build --format pdf` into `out`, as `samtale build` makes it.
fn build_once(config: &Path, out: &Path, fresh: bool) {
    let options = BuildOptions {
        config: config.to_path_buf(),
        out: Some(out.to_path_buf()),
        emit_typst: None,
        force: false,
        fresh,
        check: Default::default(),
        formats: vec![Format::Pdf],
        pdf: PdfSettings::default(),
    };
    build(&options).unwrap_or_else(|e| panic!("{e}"));
    println!("{}", peak_rss());
}

fn mean(times: &[Duration]) -> Duration {
    times.iter().sum::<Duration>() / times.len().max(1) as u32
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
