//! Makes a finished kit visible all at once, or not at all.
//!
//! Files are written to a staging folder beside the output folder and then
//! swapped in with one rename (on Linux `renameat2(RENAME_EXCHANGE)`, which
//! swaps two folders atomically), so a failed or killed build leaves the
//! previous kit exactly as it was.

mod archive;

pub use archive::zip;

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Error, Result};

/// A file of the output, relative to the output folder.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// The subfolder of the output that `samtale forms` writes to. A kit's
/// build keeps it, and `watch --serve` never serves it (personal data).
pub const FORMS: &str = "forms";

/// The subfolder `samtale collect` writes to: personal data too, kept by a
/// build and never served, like [`FORMS`].
pub const COLLECTED: &str = "collected";

/// The subfolders of the output that hold personal data.
pub const PERSONAL: [&str; 2] = [FORMS, COLLECTED];

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
    let staging = Staging::begin(out_dir, project_root, force)?;
    for file in files {
        staging.write(file)?;
    }
    staging.finish()
}

/// A new output folder being written beside the one it will replace. Files
/// can be written as they are made (a roster of 20,000 forms never has to
/// fit in memory); nothing is visible until [`Staging::finish`], and a
/// staging folder that is dropped unfinished is removed.
pub struct Staging {
    dir: PathBuf,
    out_dir: PathBuf,
    /// Subfolders of the previous output to carry into the new one.
    keep: Vec<String>,
    finished: bool,
}

impl Staging {
    pub fn begin(out_dir: &Path, project_root: &Path, force: bool) -> Result<Staging> {
        check_replaceable(out_dir, project_root, force)?;
        let parent =
            out_dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = out_dir.file_name().and_then(|n| n.to_str()).unwrap_or("output");
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        remove_stale_staging(parent, name);
        let dir = parent.join(format!(".{name}.samtale-new-{}", std::process::id()));
        let staging =
            Staging { dir, out_dir: out_dir.to_path_buf(), keep: Vec::new(), finished: false };
        write_tree(&staging.dir, &[])?;
        Ok(staging)
    }

    /// Carries `name`, a folder of the previous output that samtale wrote
    /// (it holds the marker), into the new output: the kit's build keeps
    /// the forms made from a roster.
    pub fn keep(mut self, name: &str) -> Self {
        self.keep.push(name.to_string());
        self
    }

    pub fn write(&self, file: &OutputFile) -> Result<()> {
        write_file(&self.dir, file)
    }

    /// Swaps the new folder in.
    pub fn finish(mut self) -> Result<()> {
        let mut moved = Vec::new();
        for name in &self.keep {
            let (from, to) = (self.out_dir.join(name), self.dir.join(name));
            if from.join(MARKER).is_file() && !to.exists() {
                std::fs::rename(&from, &to).map_err(|e| Error::io("keep", &from, e))?;
                moved.push((from, to));
            }
        }
        let result = swap_in(&self.dir, &self.out_dir);
        if result.is_err() {
            for (from, to) in moved {
                let _ = std::fs::rename(to, from);
            }
        }
        self.finished = result.is_ok();
        result
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
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
        write_file(dir, file)?;
    }
    Ok(())
}

fn write_file(dir: &Path, file: &OutputFile) -> Result<()> {
    let path = dir.join(&file.path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
    }
    std::fs::write(&path, &file.bytes).map_err(|e| Error::io("write", &path, e))
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
    // Only folders samtale wrote itself (`forms` or `collect` run before the
    // first `build`): the kit goes in beside them, and they are kept.
    let ours = |name: &String| {
        name == ".gitignore"
            || (PERSONAL.contains(&name.as_str()) && out_dir.join(name).join(MARKER).is_file())
    };
    if entries.iter().all(ours) {
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
