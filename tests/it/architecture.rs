//! The shape of the code: data flows one way between `src/` modules, and
//! each document is named in Rust only where the registry declares it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::REPO;

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The top-level module a file of `src/` belongs to (`main` and `lib` aside).
fn module_of(path: &Path) -> Option<String> {
    let relative = path.strip_prefix(Path::new(REPO).join("src")).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.trim_end_matches(".rs");
    (!["main", "lib"].contains(&name)).then(|| name.to_string())
}

/// The top-level modules `source` names through `crate::` in code (doc
/// comments may point anywhere).
fn uses(source: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let code: String =
        source.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    let source = code.as_str();
    let mut found = BTreeSet::new();
    for (at, _) in source.match_indices("crate::") {
        let rest = &source[at + "crate::".len()..];
        // `crate::{a, b::c}` names several.
        let names: Vec<&str> = match rest.strip_prefix('{') {
            Some(group) => group
                .split('}')
                .next()
                .unwrap_or_default()
                .split(',')
                .map(|n| n.trim().split("::").next().unwrap_or_default())
                .collect(),
            None => vec![rest.split(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap()],
        };
        found.extend(names.into_iter().filter(|n| modules.contains(*n)).map(str::to_string));
    }
    found
}

#[test]
fn no_module_of_src_depends_on_one_that_depends_on_it() {
    let files = rust_files(&Path::new(REPO).join("src"));
    let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let Some(module) = module_of(file) else { continue };
        let source = std::fs::read_to_string(file).unwrap();
        let edges = graph.entry(module.clone()).or_default();
        edges.extend(uses(&source, &modules).into_iter().filter(|m| *m != module));
    }
    // Depth-first search for a path back to where it started.
    fn cycle_from(
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        let last = path.last().unwrap().clone();
        for next in graph.get(&last).into_iter().flatten() {
            if let Some(start) = path.iter().position(|m| m == next) {
                let mut cycle = path[start..].to_vec();
                cycle.push(next.clone());
                return Some(cycle);
            }
            path.push(next.clone());
            if let Some(cycle) = cycle_from(graph, path) {
                return Some(cycle);
            }
            path.pop();
        }
        None
    }
    for module in graph.keys() {
        if let Some(cycle) = cycle_from(&graph, &mut vec![module.clone()]) {
            panic!("import cycle: {}\n{graph:#?}", cycle.join(" → "));
        }
    }
    // The pipeline's order, as lib.rs tells it.
    let depends = |a: &str, b: &str| graph[a].contains(b);
    assert!(depends("kit", "config") && depends("kit", "content"));
    assert!(depends("render", "kit") && !depends("config", "render"));
    assert!(!depends("content", "config"), "content is read without the kit");
}

#[test]
fn each_document_is_named_in_rust_only_by_the_registry() {
    let documents = Path::new(REPO).join("src/documents");
    let mut sources: Vec<PathBuf> = rust_files(&Path::new(REPO).join("src"));
    sources.extend(rust_files(&Path::new(REPO).join("examples")));
    for document in samtale::documents::ALL {
        let quoted = format!("\"{}\"", document.id);
        let named: Vec<String> = sources
            .iter()
            .filter(|f| !f.starts_with(&documents))
            .filter(|f| std::fs::read_to_string(f).unwrap().contains(&quoted))
            .map(|f| f.display().to_string())
            .collect();
        assert!(named.is_empty(), "{quoted} is named outside src/documents/: {named:?}");
    }
}
