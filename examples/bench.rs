//! Benchmark of the build: `cargo run --release --example bench [-- ROUNDS]`.
//!
//! Reports the cold build of the whole demo kit in this process (fonts,
//! theme, first compile included), warm rebuilds, the compile time of each
//! document, and, when a `typst` binary is on PATH, the same documents
//! through `typst compile` on the `--emit-typst` output.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use samtale::build::emit_typst;
use samtale::project::Project;
use samtale::render::incremental::PdfCache;
use samtale::render::typst::world::Theme;
use samtale::render::typst::{CompileInput, PdfSettings, compile, compile_pdf, export_pdf, world};
use samtale::render::{Format, render};

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10);
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("kit.toml");
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

fn mean(times: &[Duration]) -> Duration {
    times.iter().sum::<Duration>() / times.len().max(1) as u32
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
