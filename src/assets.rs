//! The built-in content and theme, and the project files that override them.
//!
//! The default theme and content are compiled into the binary, so `samtale`
//! works on its own. A project may hold `content/<lang>/…` and
//! `themes/<name>/…` files; each one found on disk replaces the built-in file
//! of the same name (the mdBook way: file by file, no merging of templates).

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::diagnostics::{Error, Result};

static CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
static THEMES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes");

/// The name of the theme that ships with samtale.
pub const DEFAULT_THEME: &str = "default";

/// A file from the project or from the binary, with a name to show in errors.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// A path a person can open: the disk path, or `content/nb/x.toml` for a
    /// built-in file (the same path in samtale's own repository).
    pub display: PathBuf,
    pub bytes: Vec<u8>,
}

/// Looks files up in a project folder first and in the built-in files second.
#[derive(Debug, Clone)]
pub struct Layers {
    project: PathBuf,
    theme: String,
}

impl Layers {
    pub fn new(project: &Path, theme: &str) -> Self {
        Self { project: project.to_path_buf(), theme: theme.to_string() }
    }

    /// A content file, e.g. `content("nb", "strings.toml")`.
    pub fn content(&self, relative: &str) -> Result<Option<SourceFile>> {
        self.lookup(&self.project.join("content"), &CONTENT, "content", relative, relative)
    }

    /// Refuses a project file that is a link to somewhere outside the
    /// project: overrides come from the project, nowhere else.
    fn check_inside(&self, path: &Path) -> Result<()> {
        let root = self.project.canonicalize().map_err(|e| Error::io("open", &self.project, e))?;
        let real = path.canonicalize().map_err(|e| Error::io("open", path, e))?;
        if real.starts_with(&root) {
            return Ok(());
        }
        Err(Error::one(
            crate::diagnostics::Diagnostic::new(format!(
                "`{}` points outside the project folder (to `{}`)",
                path.display(),
                real.display()
            ))
            .hint("copy the file into the project instead of linking to it"),
        ))
    }

    /// Both layers of a content file, so that a project file can override
    /// single keys of the built-in one: `(built_in, project)`.
    pub fn content_layers(
        &self,
        relative: &str,
    ) -> Result<(Option<SourceFile>, Option<SourceFile>)> {
        let built_in = CONTENT.get_file(relative).map(|file| SourceFile {
            display: Path::new("content").join(relative),
            bytes: file.contents().to_vec(),
        });
        let on_disk = self.project.join("content").join(relative);
        let project = if on_disk.is_file() {
            self.check_inside(&on_disk)?;
            let bytes = std::fs::read(&on_disk).map_err(|e| Error::io("read", &on_disk, e))?;
            Some(SourceFile { display: on_disk, bytes })
        } else {
            None
        };
        Ok((built_in, project))
    }

    /// A theme file, e.g. `theme("typst/lib.typ")`. A named theme falls back to
    /// the default theme for every file it does not provide.
    pub fn theme(&self, relative: &str) -> Result<Option<SourceFile>> {
        let disk = self.project.join("themes").join(&self.theme);
        self.lookup(&disk, &THEMES, "themes", &format!("{DEFAULT_THEME}/{relative}"), relative)
    }

    /// Names of the files directly in a theme folder, built-in and on disk.
    pub fn theme_files(&self, folder: &str) -> Vec<String> {
        let mut names: Vec<String> = THEMES
            .get_dir(format!("{DEFAULT_THEME}/{folder}"))
            .map(|dir| dir.files().filter_map(|f| file_name(f.path())).collect())
            .unwrap_or_default();
        names.extend(list_disk(&self.project.join("themes").join(&self.theme).join(folder)));
        names.sort();
        names.dedup();
        names
    }

    /// Language codes that have a content folder, built-in or in the project.
    pub fn content_languages(&self) -> Vec<String> {
        let mut codes: Vec<String> = CONTENT.dirs().filter_map(|d| file_name(d.path())).collect();
        if let Ok(entries) = std::fs::read_dir(self.project.join("content")) {
            codes.extend(
                entries
                    .flatten()
                    .filter(|e| e.path().is_dir())
                    .filter_map(|e| e.file_name().into_string().ok()),
            );
        }
        codes.sort();
        codes.dedup();
        codes
    }

    /// `built_in_path` is relative to the root of `built_in` (include_dir
    /// looks paths up from the root, also in sub-folders).
    fn lookup(
        &self,
        disk_root: &Path,
        built_in: &'static Dir<'static>,
        built_in_prefix: &str,
        built_in_path: &str,
        relative: &str,
    ) -> Result<Option<SourceFile>> {
        let on_disk = disk_root.join(relative);
        if on_disk.is_file() {
            self.check_inside(&on_disk)?;
            let bytes = std::fs::read(&on_disk).map_err(|e| Error::io("read", &on_disk, e))?;
            return Ok(Some(SourceFile { display: on_disk, bytes }));
        }
        Ok(built_in.get_file(built_in_path).map(|file| SourceFile {
            display: Path::new(built_in_prefix).join(built_in_path),
            bytes: file.contents().to_vec(),
        }))
    }
}

/// The default theme's own copy of a file, e.g. `typst/lib.typ`.
pub fn built_in_theme_file(relative: &str) -> Option<&'static [u8]> {
    THEMES.get_file(format!("{DEFAULT_THEME}/{relative}")).map(|file| file.contents())
}

/// The bundled font files, read once per process by the Typst world.
pub fn font_files() -> impl Iterator<Item = &'static [u8]> {
    THEMES
        .get_dir(format!("{DEFAULT_THEME}/fonts"))
        .expect("fonts are embedded")
        .files()
        .filter(|f| matches!(f.path().extension().and_then(|e| e.to_str()), Some("otf" | "ttf")))
        .map(|f| f.contents())
}

/// The bundled font files with their names, for `--emit-typst`.
pub fn named_font_files() -> impl Iterator<Item = (String, &'static [u8])> {
    THEMES
        .get_dir(format!("{DEFAULT_THEME}/fonts"))
        .expect("fonts are embedded")
        .files()
        .filter_map(|f| Some((file_name(f.path())?, f.contents())))
}

fn file_name(path: &Path) -> Option<String> {
    path.file_name()?.to_str().map(str::to_string)
}

fn list_disk(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().is_file())
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default()
}
