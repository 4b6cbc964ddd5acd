//! Benchmark of the build: `cargo run --release --example bench [-- ROUNDS]`.
//!
//! Reports the cold build of the whole demo kit in this process (fonts,
//! theme, first compile included), warm rebuilds, the compile time of each
//! document, and, when a `typst` binary is on PATH, the same documents
//! through `typst compile` on the `--emit-typst` output.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use samtale::build::{emit_typst, prepare};
use samtale::render::typst::{CompileInput, compile_pdf};
use samtale::render::{render_all, typst_entries};

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10);
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("kit.toml");

    let started = Instant::now();
    let prepared = prepare(&config, Default::default()).unwrap_or_else(|e| panic!("{e}"));
    let prepare_time = started.elapsed();
    let files = render_all(&prepared.theme, &prepared.layers, &prepared.languages).unwrap();
    let cold = started.elapsed();
    println!(
        "cold build, whole kit ({} files, {} languages): {}",
        files.len(),
        prepared.languages.len(),
        ms(cold)
    );
    println!("  of which reading and checking kit.toml, content, theme: {}", ms(prepare_time));

    let mut warm = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        let prepared = prepare(&config, Default::default()).unwrap();
        render_all(&prepared.theme, &prepared.layers, &prepared.languages).unwrap();
        warm.push(t.elapsed());
    }
    println!("warm build, whole kit, mean of {rounds}: {}", ms(mean(&warm)));

    println!("\nper document (nb), one thread, mean of {rounds} compiles + PDF export:");
    let kit = &prepared.languages[0];
    let input = CompileInput { ident: kit.lang.clone(), ..CompileInput::for_language(kit) };
    let mut ours = Vec::new();
    for kind in &kit.documents {
        for stem in typst_entries(*kind) {
            let mut times = Vec::new();
            for _ in 0..rounds {
                comemo::evict(0);
                let t = Instant::now();
                compile_pdf(&prepared.theme, stem, &input).unwrap();
                times.push(t.elapsed());
            }
            let m = mean(&times);
            ours.push((stem.to_string(), m));
            println!("  {stem:<24} {}", ms(m));
        }
    }

    let typst_ok =
        Command::new("typst").arg("--version").output().is_ok_and(|o| o.status.success());
    if !typst_ok {
        println!("\n`typst` is not on PATH: install typst-cli 0.15 to compare with the CLI.");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    samtale::output::write_tree(dir.path(), &emit_typst(&prepared)).unwrap();
    let root = dir.path().join(&kit.lang);
    println!("\nthe same documents through `typst compile` (one process each, mean of 3):");
    let mut ratios = Vec::new();
    for (stem, our_time) in &ours {
        let mut times = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            let status = Command::new("typst")
                .arg("compile")
                .arg("--root")
                .arg(&root)
                .arg("--font-path")
                .arg(dir.path().join("fonts"))
                .arg("--ignore-system-fonts")
                .arg(root.join(format!("{stem}.typ")))
                .arg(dir.path().join(format!("{stem}.pdf")))
                .status()
                .unwrap();
            assert!(status.success(), "typst compile failed for {stem}");
            times.push(t.elapsed());
        }
        let m = mean(&times);
        let ratio = m.as_secs_f64() / our_time.as_secs_f64();
        ratios.push(ratio);
        println!("  {stem:<24} {}  ({ratio:.1}× samtale)", ms(m));
    }
    let geo = ratios.iter().map(|r| r.ln()).sum::<f64>() / ratios.len() as f64;
    println!("geometric mean: samtale is {:.1}× faster per document", geo.exp());
}

fn mean(times: &[Duration]) -> Duration {
    times.iter().sum::<Duration>() / times.len().max(1) as u32
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
