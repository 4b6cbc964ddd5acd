//! The one Typst `World` samtale compiles in.
//!
//! It serves exactly these files: the theme's files, the logo, the virtual
//! `/data.json` of the language being compiled, `/person.json`, the
//! person a form is for (`null` for the kit's blank forms), and
//! `/previous.json`, their plan from last round (`null` but with `forms
//! --previous`). Anything else,
//! `/etc/passwd` included, is "not found": a theme cannot read the disk.
//!
//! Fonts and the standard library are built once per process and shared by
//! every compile. Each compile gets a cheap [`DocumentWorld`] that borrows
//! them; the data files keep one interned [`FileId`] each for the whole
//! process, because Typst's id table is a `u16` that never frees: 70,000
//! forms from one roster reuse the same two ids.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{DiagSpanKind, FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::assets::{self, Layers};
use crate::diagnostics::{Collector, Error, Result};

/// Bundled fonts, parsed once per process (parsing is lazy and cheap; the
/// point is that no compile ever reads font files again).
struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> =
        assets::font_files().flat_map(|bytes| Font::iter(Bytes::new(bytes))).collect();
    Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
});

/// The standard library, with Typst's accessibility extras (`pdf.header-cell`)
/// so that tables can mark their row headers for PDF/UA.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| {
    let features = [typst::Feature::A11yExtras].into_iter().collect();
    LazyHash::new(Library::builder().with_features(features).build())
});

/// The standard library every compile shares.
pub fn library() -> &'static LazyHash<Library> {
    &LIBRARY
}

/// The bundled fonts' book, shared by every compile.
pub fn book() -> &'static LazyHash<FontBook> {
    &FONTS.book
}

/// A bundled font by its index in [`book`].
pub fn font(index: usize) -> Option<Font> {
    FONTS.fonts.get(index).cloned()
}

/// The error for a file a world does not have.
pub fn not_found(id: FileId) -> FileError {
    FileError::NotFound(PathBuf::from(id.vpath().get_with_slash()))
}

/// The virtual path every document reads its data from.
pub const DATA_PATH: &str = "/data.json";

/// Interns a virtual path once; ids are never freed, so the set is bounded.
pub fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("samtale's virtual paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// The virtual path of the person a form is for.
pub const PERSON_PATH: &str = "/person.json";

static DATA_ID: LazyLock<FileId> = LazyLock::new(|| file_id(DATA_PATH));
static PERSON_ID: LazyLock<FileId> = LazyLock::new(|| file_id(PERSON_PATH));

/// The virtual path of the person's plan from last round. It is a file of
/// its own, read while evaluating: without `--previous` it is `null` for
/// everyone, and the sections it fills stay in Typst's cache.
pub const PREVIOUS_PATH: &str = "/previous.json";

static PREVIOUS_ID: LazyLock<FileId> = LazyLock::new(|| file_id(PREVIOUS_PATH));

/// A theme file, with the path a person would open to fix it.
#[derive(Clone)]
pub struct ThemeFile {
    pub display: PathBuf,
    pub source: Option<Source>,
    pub bytes: Bytes,
}

/// The theme's Typst files, read and parsed once per build.
pub struct Theme {
    files: HashMap<FileId, ThemeFile>,
    names: Vec<(String, FileId)>,
    /// Every Typst file is the default theme's own: see [`Theme::is_built_in`].
    built_in: bool,
}

impl Theme {
    /// Loads every file of the theme's `typst/` folder.
    pub fn load(layers: &Layers) -> Result<Theme> {
        let mut problems = Collector::default();
        let mut files = HashMap::new();
        let mut names = Vec::new();
        for name in layers.theme_files("typst") {
            let Some(file) = problems.take(layers.theme(&format!("typst/{name}"))).flatten() else {
                continue;
            };
            let Ok(vpath) = VirtualPath::new(format!("/{name}")) else {
                problems.push(
                    crate::diagnostics::Diagnostic::new(format!(
                        "the theme file name `{name}` cannot be used in Typst"
                    ))
                    .in_file(&file.display)
                    .hint("rename it with letters, digits, `-` and `_` only"),
                );
                continue;
            };
            let id = RootedPath::new(VirtualRoot::Project, vpath).intern();
            let source = if name.ends_with(".typ") {
                let text =
                    problems.take(crate::text::decode_utf8(&file.display, file.bytes.clone()));
                text.map(|t| Source::new(id, t))
            } else {
                None
            };
            files.insert(
                id,
                ThemeFile { display: file.display, source, bytes: Bytes::new(file.bytes) },
            );
            names.push((name, id));
        }
        let built_in = names.iter().all(|(name, id)| {
            assets::built_in_theme_file(&format!("typst/{name}"))
                == Some(files[id].bytes.as_slice())
        });
        problems.finish(Theme { files, names, built_in })
    }

    /// Whether every file is the one samtale ships. Roster forms take a
    /// shortcut that relies on how the default theme prints a person's
    /// words (see `stencil`); a project's own theme gets full layouts.
    pub fn is_built_in(&self) -> bool {
        self.built_in
    }

    /// The entry file of a document, e.g. `action-plan.typ`.
    pub fn entry(&self, stem: &str) -> Result<FileId> {
        let wanted = format!("{stem}.typ");
        self.names
            .iter()
            .find(|(name, _)| *name == wanted)
            .map(|(_, id)| *id)
            .ok_or_else(|| Error::msg(format!("the theme has no template `typst/{wanted}`")))
    }

    pub fn file(&self, id: FileId) -> Option<&ThemeFile> {
        self.files.get(&id)
    }

    /// Every file by name, for `--emit-typst`.
    pub fn named_files(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.names.iter().map(|(name, id)| (name.as_str(), &self.files[id]))
    }

    /// Syntax errors in any Typst file of the theme, also in files no
    /// built document imports, each at its line and column.
    pub fn check_syntax(&self) -> Result<()> {
        let mut problems = Collector::default();
        for (name, file) in self.named_files() {
            let Some(source) = &file.source else { continue };
            for error in source.root().errors_and_warnings().0 {
                let range = match error.span.get() {
                    DiagSpanKind::Number { num, sub_range, .. } => source.range(num, sub_range),
                    DiagSpanKind::Range { range, .. } => Some(range),
                    DiagSpanKind::Detached => None,
                };
                let start = range.map_or(0, |r| r.start);
                let (line, column) = source.lines().byte_to_line_column(start).unwrap_or((0, 0));
                problems.push(
                    crate::diagnostics::Diagnostic::new(format!(
                        "template `{name}`: {}",
                        error.message
                    ))
                    .at(crate::diagnostics::Location {
                        file: file.display.clone(),
                        line: line + 1,
                        column: column + 1,
                    }),
                );
            }
        }
        problems.finish(())
    }
}

/// The world of one compile: shared fonts, library and theme, plus this
/// document's data and logo.
pub struct DocumentWorld<'a> {
    pub theme: &'a Theme,
    pub main: FileId,
    pub data: Bytes,
    pub person: Bytes,
    pub previous: Bytes,
    pub logo: Option<(FileId, Bytes)>,
    pub today: Datetime,
}

impl DocumentWorld<'_> {
    fn lookup(&self, id: FileId) -> FileResult<Bytes> {
        if id == *DATA_ID {
            return Ok(self.data.clone());
        }
        if id == *PERSON_ID {
            return Ok(self.person.clone());
        }
        if id == *PREVIOUS_ID {
            return Ok(self.previous.clone());
        }
        if let Some((logo_id, bytes)) = &self.logo
            && *logo_id == id
        {
            return Ok(bytes.clone());
        }
        self.theme.file(id).map(|f| f.bytes.clone()).ok_or_else(|| not_found(id))
    }
}

impl World for DocumentWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        match self.theme.file(id) {
            Some(ThemeFile { source: Some(source), .. }) => Ok(source.clone()),
            Some(_) => Err(FileError::NotSource),
            None => Err(not_found(id)),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.lookup(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
