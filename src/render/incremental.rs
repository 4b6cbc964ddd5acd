//! Which PDFs a rebuild can skip.
//!
//! Every PDF has a fingerprint of what it was made from: its data, the
//! theme's Typst files its entry imports, the logo and the PDF settings.
//! `samtale watch` keeps each PDF of its last build in memory with its
//! fingerprint; every build also writes the fingerprints into the output
//! folder ([`MANIFEST`]), so the next `samtale build` takes over the PDFs
//! whose fingerprint is unchanged instead of compiling them again, as
//! `make` or cargo skip what is up to date. A PDF's data holds only the
//! content files and settings its document declares in the registry
//! ([`crate::documents`]), so a one-word edit in `content/nb/briefing.toml`
//! changes the fingerprint of the two briefing PDFs in `nb` and of nothing
//! else, and only those are compiled.
//!
//! The Typst files an entry imports are read off its sources
//! (`#import "/lib.typ"`); a theme file that is not Typst (an image, say)
//! might be read by any entry, so it always counts.

use std::collections::{BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use super::typst::CompileInput;
use super::typst::world::Theme;
use crate::output::OutputFile;

/// The file in the output folder that lists how each PDF of the build was
/// made, so the next build can take over those whose inputs are the same.
pub const MANIFEST: &str = ".samtale-pdfs";

/// The PDFs of the last build, by language and file stem. The default
/// cache remembers nothing in memory; what it learns from the output
/// folder's [`MANIFEST`] it reads back from the files there.
#[derive(Default)]
pub struct PdfCache {
    entries: HashMap<(String, String), (u64, Cached)>,
    /// Remember PDFs, and keep Typst's memoised layout between builds too,
    /// so a long-running watch recompiles the changed documents faster.
    persistent: bool,
    /// What this build made, for the next build's [`MANIFEST`].
    made: Vec<Made>,
    /// Of the last build: PDFs taken from the cache, and PDFs compiled.
    pub reused: usize,
    pub compiled: usize,
}

/// A PDF a rebuild can take over.
enum Cached {
    /// Kept by this process (`samtale watch`).
    InMemory(Vec<u8>),
    /// Written by an earlier build into the output folder, as it was then:
    /// a file that was edited, replaced or cut short since is made again.
    OnDisk { path: PathBuf, len: u64, crc: u32 },
}

/// One line of the [`MANIFEST`].
struct Made {
    lang: String,
    stem: String,
    fingerprint: u64,
    len: u64,
    crc: u32,
}

impl PdfCache {
    /// A cache that remembers across builds, for `samtale watch`.
    pub fn persistent() -> PdfCache {
        PdfCache { persistent: true, ..PdfCache::default() }
    }

    pub fn is_persistent(&self) -> bool {
        self.persistent
    }

    /// Starts a build: nothing made or reused yet.
    pub fn begin(&mut self) {
        self.made.clear();
        self.reused = 0;
        self.compiled = 0;
    }

    /// The PDF made from `fingerprint` last time, if any.
    pub fn get(&self, lang: &str, stem: &str, fingerprint: u64) -> Option<Vec<u8>> {
        let (print, cached) = self.entries.get(&(lang.to_string(), stem.to_string()))?;
        if *print != fingerprint {
            return None;
        }
        match cached {
            Cached::InMemory(bytes) => Some(bytes.clone()),
            Cached::OnDisk { path, len, crc } => std::fs::read(path)
                .ok()
                .filter(|bytes| bytes.len() as u64 == *len && crc32fast::hash(bytes) == *crc),
        }
    }

    /// Records that `bytes` were made from `fingerprint`.
    pub fn put(&mut self, lang: &str, stem: &str, fingerprint: u64, bytes: &[u8]) {
        self.made.push(Made {
            lang: lang.to_string(),
            stem: stem.to_string(),
            fingerprint,
            len: bytes.len() as u64,
            crc: crc32fast::hash(bytes),
        });
        if self.persistent {
            let key = (lang.to_string(), stem.to_string());
            self.entries.insert(key, (fingerprint, Cached::InMemory(bytes.to_vec())));
        }
    }

    /// Learns the PDFs of the build in `out` from its [`MANIFEST`], if that
    /// build was made by this very binary with the same `SOURCE_DATE_EPOCH`
    /// (the fingerprints cover everything else). PDFs this process holds
    /// already win; a missing or unreadable manifest is no cache at all.
    pub fn read_previous(&mut self, out: &Path) {
        let Ok(text) = std::fs::read_to_string(out.join(MANIFEST)) else { return };
        let mut lines = text.lines();
        if build_identity().is_none() || lines.next() != build_identity() {
            return;
        }
        for line in lines {
            let Some(made) = Made::parse(line) else { continue };
            let path = out.join(&made.lang).join(format!("{}.pdf", made.stem));
            let cached = Cached::OnDisk { path, len: made.len, crc: made.crc };
            self.entries.entry((made.lang, made.stem)).or_insert((made.fingerprint, cached));
        }
    }

    /// The [`MANIFEST`] of this build, to write beside its PDFs; none when
    /// it made no PDF or cannot tell which binary it is.
    pub fn manifest(&self) -> Option<OutputFile> {
        let mut text = build_identity().filter(|_| !self.made.is_empty())?.to_string();
        text.push('\n');
        for made in &self.made {
            text.push_str(&made.line());
        }
        Some(OutputFile { path: PathBuf::from(MANIFEST), bytes: text.into_bytes() })
    }
}

impl Made {
    fn line(&self) -> String {
        let Made { lang, stem, fingerprint, len, crc } = self;
        format!("{fingerprint:016x} {crc:08x} {len} {lang} {stem}\n")
    }

    fn parse(line: &str) -> Option<Made> {
        let mut words = line.split(' ');
        let mut next = || words.next();
        let made = Made {
            fingerprint: u64::from_str_radix(next()?, 16).ok()?,
            crc: u32::from_str_radix(next()?, 16).ok()?,
            len: next()?.parse().ok()?,
            lang: next()?.to_string(),
            stem: next()?.to_string(),
        };
        let safe = |name: &str| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        };
        (safe(&made.lang) && safe(&made.stem)).then_some(made)
    }
}

/// Which binary, with which `SOURCE_DATE_EPOCH`, made a build. A PDF also
/// depends on what is compiled into samtale (Typst, the fonts, the fields
/// code), which no input file shows; so a PDF is taken over only from a
/// build by the same executable: same version, size and modification time.
/// Read once per process: it is the running code that makes the PDFs, even
/// if the file is replaced while a `watch` runs.
fn build_identity() -> Option<&'static str> {
    static IDENTITY: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let identity = IDENTITY.get_or_init(|| {
        let exe = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
        let modified = exe.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
        let epoch = std::env::var("SOURCE_DATE_EPOCH").unwrap_or_default();
        let mut hasher = DefaultHasher::new();
        (exe.len(), modified.as_nanos(), epoch).hash(&mut hasher);
        Some(format!("samtale {} build {:016x}", env!("CARGO_PKG_VERSION"), hasher.finish()))
    });
    identity.as_deref()
}

/// A fingerprint of everything the PDF `entry` is made from.
pub fn fingerprint(theme: &Theme, entry: &str, input: &CompileInput) -> u64 {
    let imported = imports_of(theme, entry);
    let mut hasher = DefaultHasher::new();
    for (name, file) in theme.named_files() {
        let counts = !name.ends_with(".typ") || imported.as_ref().is_none_or(|f| f.contains(name));
        if counts {
            name.hash(&mut hasher);
            file.bytes.as_slice().hash(&mut hasher);
        }
    }
    entry.hash(&mut hasher);
    input.data.as_slice().hash(&mut hasher);
    input.person.as_slice().hash(&mut hasher);
    input.previous.as_slice().hash(&mut hasher);
    if let Some((id, bytes)) = &input.logo {
        id.hash(&mut hasher);
        bytes.as_slice().hash(&mut hasher);
    }
    input.date.hash(&mut hasher);
    input.pdf.hash(&mut hasher);
    input.ident.hash(&mut hasher);
    input.form.hash(&mut hasher);
    hasher.finish()
}

/// The entry and the Typst files it imports, transitively; `None` when a
/// file it imports is not in the theme (then any may count).
fn imports_of(theme: &Theme, entry: &str) -> Option<BTreeSet<String>> {
    let mut files = BTreeSet::new();
    let mut queue = vec![format!("{entry}.typ")];
    while let Some(name) = queue.pop() {
        if !files.insert(name.clone()) {
            continue;
        }
        let source = theme
            .named_files()
            .find(|(n, _)| *n == name)
            .and_then(|(_, file)| std::str::from_utf8(file.bytes.as_slice()).ok())?;
        queue.extend(imports(source));
    }
    Some(files)
}

/// The theme files `source` imports: `#import "/lib.typ": *`.
fn imports(source: &str) -> Vec<String> {
    source
        .match_indices("import \"/")
        .filter_map(|(at, text)| source[at + text.len()..].split('"').next())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_depends_on_the_typst_files_it_imports() {
        let layers = crate::assets::Layers::new(std::path::Path::new("/nonexistent"), "default");
        let theme = Theme::load(&layers).unwrap();
        for pdf in crate::documents::ALL.iter().flat_map(|d| d.pdfs) {
            let files = imports_of(&theme, pdf.entry).unwrap();
            let entry = format!("{}.typ", pdf.entry);
            assert_eq!(files, BTreeSet::from([entry, "lib.typ".to_string()]));
        }
    }

    #[test]
    fn imports_are_followed() {
        assert_eq!(imports("#import \"/lib.typ\": *\n#import \"/x.typ\""), ["lib.typ", "x.typ"]);
    }
}
