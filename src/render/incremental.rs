//! Which PDFs a rebuild can skip.
//!
//! `samtale watch` keeps every PDF of the last build with a fingerprint of
//! what it was made from: its data, the theme's Typst files its entry
//! imports, the logo and the PDF settings. A PDF's data holds only the
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

use super::typst::CompileInput;
use super::typst::world::Theme;

/// The PDFs of the last build, by language and entry file. The default
/// cache is off: a one-off build keeps nothing.
#[derive(Default)]
pub struct PdfCache {
    entries: HashMap<(String, &'static str), (u64, Vec<u8>)>,
    /// Remember PDFs, and keep Typst's memoised layout between builds too,
    /// so a long-running watch recompiles the changed documents faster.
    persistent: bool,
    /// Of the last build: PDFs taken from the cache, and PDFs compiled.
    pub reused: usize,
    pub compiled: usize,
}

impl PdfCache {
    /// A cache that remembers across builds, for `samtale watch`.
    pub fn persistent() -> PdfCache {
        PdfCache { persistent: true, ..PdfCache::default() }
    }

    pub fn is_persistent(&self) -> bool {
        self.persistent
    }

    /// The PDF made from `fingerprint` last time, if any.
    pub fn get(&self, lang: &str, stem: &'static str, fingerprint: u64) -> Option<Vec<u8>> {
        self.entries
            .get(&(lang.to_string(), stem))
            .filter(|(print, _)| *print == fingerprint)
            .map(|(_, bytes)| bytes.clone())
    }

    pub fn put(&mut self, lang: &str, stem: &'static str, fingerprint: u64, bytes: &[u8]) {
        if self.persistent {
            self.entries.insert((lang.to_string(), stem), (fingerprint, bytes.to_vec()));
        }
    }
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
