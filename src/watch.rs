//! `samtale watch`: rebuild when `kit.toml`, `content/` or `themes/` change.
//!
//! One process keeps what a rebuild can reuse: the fonts (loaded once), the
//! PDFs whose inputs did not change ([`PdfCache`]) and Typst's memoised
//! layout. A build that fails leaves the last good output in place, because
//! every build is staged and swapped in whole; the error is printed and the
//! watch goes on.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::build::{BuildOptions, build_with};
use crate::diagnostics::{Error, Result};
use crate::render::incremental::PdfCache;

pub struct WatchOptions {
    pub build: BuildOptions,
    /// Serve the output folder on this port of 127.0.0.1 (0: any free port).
    pub serve: Option<u16>,
}

/// Editors save in bursts (a temporary file, a rename, a chmod); wait this
/// long after the last event before rebuilding.
const SETTLE: Duration = Duration::from_millis(60);

/// Runs until the process is stopped (Ctrl-C).
pub fn run(options: &WatchOptions) -> Result<()> {
    let config = &options.build.config;
    let root = crate::config::Kit::root_of(config);
    let root = root.canonicalize().map_err(|e| Error::io("open", &root, e))?;
    let out = match &options.build.out {
        Some(out) => std::path::absolute(out).map_err(|e| Error::io("open", out, e))?,
        None => root.join("output"),
    };
    let builds = crate::serve::BuildCounter::default();
    if let Some(port) = options.serve {
        let address = crate::serve::start(out.clone(), port, builds.clone())?;
        eprintln!("serving {} at {address}", out.display());
    }

    let (sender, events) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = sender.send(event);
    })
    .map_err(|e| Error::msg(format!("cannot watch files: {e}")))?;
    let mut watched = BTreeSet::new();
    let mut cache = PdfCache::persistent();

    let mut logo_folder = rebuild(&options.build, &mut cache, &builds).flatten();
    watch_inputs(&mut watcher, &root, logo_folder.as_deref(), &mut watched);
    eprintln!("watching {} (Ctrl-C stops)", describe_inputs(&watched, &root));
    loop {
        let changed = next_changes(&events, &root, config, &out)?;
        if changed.is_empty() {
            continue;
        }
        let names: Vec<String> = changed.iter().map(|p| relative(p, &root)).collect();
        eprintln!("changed: {}", names.join(", "));
        if let Some(folder) = rebuild(&options.build, &mut cache, &builds) {
            logo_folder = folder;
        }
        // A new content or theme folder, or a new logo, is watched from now on.
        watch_inputs(&mut watcher, &root, logo_folder.as_deref(), &mut watched);
    }
}

/// Builds once and reports, in one line, what was rebuilt and how fast.
/// Returns, after a good build, the folder of the kit's logo (if it has one).
fn rebuild(
    options: &BuildOptions,
    cache: &mut PdfCache,
    builds: &crate::serve::BuildCounter,
) -> Option<Option<PathBuf>> {
    match build_with(options, cache) {
        Ok(report) => {
            for warning in &report.warnings {
                eprintln!("{warning}");
            }
            builds.fetch_add(1, Ordering::SeqCst);
            eprintln!(
                "rebuilt in {} ms: {} PDFs compiled, {} unchanged; {} files in {}",
                report.elapsed.as_millis(),
                report.compiled,
                report.reused,
                report.files,
                report.out.display()
            );
            Some(report.logo_folder)
        }
        Err(error) => {
            eprintln!("{error}");
            eprintln!("build failed; the output folder keeps the last good build");
            None
        }
    }
}

/// Blocks for the next batch of events; returns the input files they touch.
fn next_changes(
    events: &Receiver<notify::Result<notify::Event>>,
    root: &Path,
    config: &Path,
    out: &Path,
) -> Result<BTreeSet<PathBuf>> {
    let mut changed = BTreeSet::new();
    let first = events.recv().map_err(|_| Error::msg("the file watcher stopped unexpectedly"))?;
    let mut add = |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && !matches!(event.kind, notify::EventKind::Access(_))
        {
            changed.extend(event.paths.into_iter().filter(|p| is_input(p, root, config, out)));
        }
    };
    add(first);
    loop {
        match events.recv_timeout(SETTLE) {
            Ok(event) => add(event),
            Err(RecvTimeoutError::Timeout) => {
                // A file that came and went without an extension was an
                // editor's or `sed -i`'s temporary file, not an input.
                changed.retain(|p| p.exists() || p.extension().is_some());
                return Ok(changed);
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(Error::msg("the file watcher stopped unexpectedly"));
            }
        }
    }
}

/// Whether `path` is one of the inputs of a build: `kit.toml`, a file under
/// `content/` or `themes/`, or a file beside them (the logo). Editors' swap
/// and backup files are not.
fn is_input(path: &Path, root: &Path, config: &Path, out: &Path) -> bool {
    if path.starts_with(out) {
        return false;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") {
        return false;
    }
    if path.file_name() == config.file_name() && path.parent() == Some(root) {
        return true;
    }
    let Ok(inside) = path.strip_prefix(root) else { return false };
    match inside.components().next().and_then(|c| c.as_os_str().to_str()) {
        Some("content" | "themes") => true,
        // The logo and other files kit.toml names live in their own folders.
        Some(first) => first != "output" && inside.components().count() > 1 && !is_ignored(first),
        None => false,
    }
}

fn is_ignored(folder: &str) -> bool {
    matches!(folder, "target" | "node_modules" | "tests" | "src") || folder.starts_with('.')
}

/// Adds watches for the inputs that exist now: the project folder itself
/// (for `kit.toml` and new folders), `content/`, `themes/` and the folder
/// of the logo the last good build read.
fn watch_inputs(
    watcher: &mut notify::RecommendedWatcher,
    root: &Path,
    logo_folder: Option<&Path>,
    watched: &mut BTreeSet<PathBuf>,
) {
    let mut wanted = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    for folder in ["content", "themes"] {
        wanted.push((root.join(folder), RecursiveMode::Recursive));
    }
    if let Some(folder) = logo_folder.filter(|f| *f != root) {
        wanted.push((folder.to_path_buf(), RecursiveMode::NonRecursive));
    }
    for (path, mode) in wanted {
        if path.is_dir() && !watched.contains(&path) && watcher.watch(&path, mode).is_ok() {
            watched.insert(path);
        }
    }
}

fn describe_inputs(watched: &BTreeSet<PathBuf>, root: &Path) -> String {
    let names: Vec<String> = watched
        .iter()
        .map(|p| if p == root { "kit.toml".to_string() } else { format!("{}/", relative(p, root)) })
        .collect();
    names.join(", ")
}

fn relative(path: &Path, root: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inputs_trigger_a_rebuild() {
        let root = Path::new("/p");
        let config = Path::new("/p/kit.toml");
        let out = Path::new("/p/output");
        assert!(is_input(Path::new("/p/kit.toml"), root, config, out));
        assert!(is_input(Path::new("/p/content/nb/briefing.toml"), root, config, out));
        assert!(is_input(Path::new("/p/themes/default/typst/lib.typ"), root, config, out));
        assert!(is_input(Path::new("/p/assets/logo.svg"), root, config, out));
        assert!(!is_input(Path::new("/p/output/nb/index.html"), root, config, out));
        assert!(!is_input(Path::new("/p/.output.samtale-new-12/nb/x.pdf"), root, config, out));
        assert!(!is_input(Path::new("/p/content/nb/.briefing.toml.swp"), root, config, out));
        assert!(!is_input(Path::new("/p/target/release/samtale"), root, config, out));
        assert!(!is_input(Path::new("/p/notes.txt"), root, config, out));
        let site = Path::new("/p/site");
        assert!(!is_input(Path::new("/p/site/nb/index.html"), root, config, site));
    }
}
