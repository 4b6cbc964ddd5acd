//! Makes a finished kit visible all at once, or not at all.
//!
//! Files are written to a staging folder beside the output folder and then
//! swapped in with one rename (on Linux `renameat2(RENAME_EXCHANGE)`, which
//! swaps two folders atomically), so a failed or killed build leaves the
//! previous kit exactly as it was.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Error, Result};
use crate::render::OutputFile;

/// Marks a folder as samtale's output, so it may be replaced.
pub const MARKER: &str = ".samtale-output";
/// Keeps generated files out of version control.
const GITIGNORE: &str = "*\n!.gitignore\n";

/// Replaces `out_dir` with a folder holding exactly `files`.
pub fn write_atomically(
    out_dir: &Path,
    project_root: &Path,
    files: &[OutputFile],
    force: bool,
) -> Result<()> {
    check_replaceable(out_dir, project_root, force)?;
    let parent = out_dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = out_dir.file_name().and_then(|n| n.to_str()).unwrap_or("output");
    remove_stale_staging(parent, name);
    let staging = parent.join(format!(".{name}.samtale-new-{}", std::process::id()));
    let result = write_tree(&staging, files).and_then(|()| swap_in(&staging, out_dir));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Removes staging folders left by builds that were killed: their process
/// is gone, so nobody will finish or swap them. Where `/proc` cannot tell
/// (another OS), only folders untouched for an hour count as stale.
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.samtale-new-");
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    let proc_works = Path::new("/proc/self").exists();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else { continue };
        let pid = rest.trim_end_matches(".old");
        let stale = if proc_works {
            !Path::new("/proc").join(pid).exists()
        } else {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 3600)
        };
        if stale {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Writes files into a new folder `dir`, replacing one of a previous build.
fn write_tree(dir: &Path, files: &[OutputFile]) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| Error::io("clear", dir, e))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    let marker = [
        OutputFile {
            path: MARKER.into(),
            bytes: b"This folder is written by samtale build and replaced on every build.\n"
                .to_vec(),
        },
        OutputFile { path: ".gitignore".into(), bytes: GITIGNORE.as_bytes().to_vec() },
    ];
    for file in marker.iter().chain(files) {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        }
        std::fs::write(&path, &file.bytes).map_err(|e| Error::io("write", &path, e))?;
    }
    Ok(())
}

fn swap_in(staging: &Path, out_dir: &Path) -> Result<()> {
    if !out_dir.exists() {
        return std::fs::rename(staging, out_dir).map_err(|e| Error::io("create", out_dir, e));
    }
    if exchange(staging, out_dir).is_err() {
        // Filesystems without RENAME_EXCHANGE: two renames, with a short
        // window in which the output folder is missing but never half-written.
        let old = PathBuf::from(format!("{}.old", staging.display()));
        std::fs::rename(out_dir, &old).map_err(|e| Error::io("move aside", out_dir, e))?;
        if let Err(e) = std::fs::rename(staging, out_dir) {
            // Put the previous kit back: a failed build must not lose it.
            let _ = std::fs::rename(&old, out_dir);
            return Err(Error::io("replace", out_dir, e));
        }
        let _ = std::fs::remove_dir_all(&old);
        return Ok(());
    }
    // `staging` now holds the previous kit.
    let _ = std::fs::remove_dir_all(staging);
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Refuses to replace a folder that is not a previous samtale output: a typo
/// in `--out` must never delete someone's documents.
fn check_replaceable(out_dir: &Path, project_root: &Path, force: bool) -> Result<()> {
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let target = canonical(out_dir);
    let home = std::env::var_os("HOME").map(PathBuf::from).map(|h| canonical(&h));
    let cwd = std::env::current_dir().map(|d| canonical(&d)).unwrap_or_default();
    // The root, the home folder, and the project or any folder holding it
    // (replacing those would delete the project itself), even with --force.
    if target.parent().is_none()
        || Some(&target) == home.as_ref()
        || canonical(project_root).starts_with(&target)
        || cwd.starts_with(&target)
    {
        return Err(Error::one(
            Diagnostic::new(format!("refusing to write the kit into `{}`", out_dir.display()))
                .hint("the output folder is replaced on every build; choose a folder of its own, e.g. `output`"),
        ));
    }
    if !out_dir.exists() || out_dir.join(MARKER).exists() || force {
        return Ok(());
    }
    let entries: Vec<String> = std::fs::read_dir(out_dir)
        .map_err(|e| Error::io("read", out_dir, e))?
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    if entries.iter().all(|name| name == ".gitignore") {
        return Ok(());
    }
    Err(Error::one(
        Diagnostic::new(format!(
            "`{}` holds files that samtale did not write ({} entries), so it will not replace it",
            out_dir.display(),
            entries.len()
        ))
        .hint("choose an empty or new folder with --out, or pass --force to replace it anyway"),
    ))
}
