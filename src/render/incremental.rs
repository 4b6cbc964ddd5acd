//! Which PDFs a rebuild can skip.
//!
//! `samtale watch` keeps every PDF of the last build with a fingerprint of
//! what it was made from: the theme's Typst files, the logo, the PDF
//! settings, and the language's data *without the content sections the
//! document's Typst sources never name*. A one-word edit in
//! `content/nb/briefing.toml` then changes the fingerprint of the two
//! briefing PDFs in `nb` and of nothing else, and only those are compiled.
//!
//! The sections a document reads are found in its Typst sources: `t.cycle`,
//! `t.at("action-plan")`, and the same in every file it imports. A source that
//! reaches the texts any other way (`t.at(name)`, `data.text` used directly)
//! makes the document depend on all of them, so a skipped PDF is never stale.

use std::collections::{BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};

use serde_json::Value;

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

/// A fingerprint of everything the PDF `stem` is made from.
pub fn fingerprint(theme: &Theme, stem: &str, data: &Value, input: &CompileInput) -> u64 {
    let reads = reads(theme, stem);
    let mut hasher = DefaultHasher::new();
    for (name, file) in theme.named_files() {
        // Typst files the entry never imports cannot change it; any other
        // theme file (an image, say) might be read, so it always counts.
        let counts =
            !name.ends_with(".typ") || reads.files.as_ref().is_none_or(|f| f.contains(name));
        if counts {
            name.hash(&mut hasher);
            file.bytes.as_slice().hash(&mut hasher);
        }
    }
    stem.hash(&mut hasher);
    let mut data = data.clone();
    if let (Some(read), Some(Value::Object(text))) = (reads.sections, data.get_mut("text")) {
        text.retain(|section, _| read.contains(section));
    }
    data.to_string().hash(&mut hasher);
    input.person.as_slice().hash(&mut hasher);
    if let Some((id, bytes)) = &input.logo {
        id.hash(&mut hasher);
        bytes.as_slice().hash(&mut hasher);
    }
    input.pdf.hash(&mut hasher);
    input.ident.hash(&mut hasher);
    hasher.finish()
}

/// What a document's Typst sources read, as far as can be seen in them.
struct Reads {
    /// The entry and the Typst files it imports; `None`: maybe any.
    files: Option<BTreeSet<String>>,
    /// The content sections they name (`t.<section>`); `None`: maybe any.
    sections: Option<BTreeSet<String>>,
}

fn reads(theme: &Theme, stem: &str) -> Reads {
    let mut files = BTreeSet::new();
    let mut sections = Some(BTreeSet::new());
    let mut queue = vec![format!("{stem}.typ")];
    while let Some(name) = queue.pop() {
        if !files.insert(name.clone()) {
            continue;
        }
        let source = theme
            .named_files()
            .find(|(n, _)| *n == name)
            .and_then(|(_, file)| std::str::from_utf8(file.bytes.as_slice()).ok());
        let Some(source) = source else {
            return Reads { files: None, sections: None };
        };
        if let Some(found) = sections.as_mut()
            && scan(source, found).is_none()
        {
            sections = None;
        }
        queue.extend(imports(source));
    }
    Reads { files: Some(files), sections }
}

/// Adds the sections `source` names; `None` if it reaches the texts in a
/// way that cannot be read off the source.
fn scan(source: &str, sections: &mut BTreeSet<String>) -> Option<()> {
    let defining = "#let t = data.text";
    if source.replace(defining, "").contains("data.text") {
        return None;
    }
    let bytes = source.as_bytes();
    let word =
        |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.' || b == b'\'';
    for (at, _) in source.match_indices('t') {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + 1).copied();
        if before.is_some_and(word) || after.is_some_and(|b| b != b'.' && word(b)) {
            continue;
        }
        if after != Some(b'.') {
            // `t` on its own: fine where it is defined, else it may be
            // handed on whole.
            if source[..at].ends_with("#let ") {
                continue;
            }
            return None;
        }
        let rest = &source[at + 2..];
        if let Some(argument) = rest.strip_prefix("at(") {
            let name = argument.strip_prefix('"')?.split('"').next()?;
            sections.insert(name.to_string());
        } else {
            let name: String =
                rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if name.is_empty() {
                return None;
            }
            sections.insert(name);
        }
    }
    Some(())
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
    fn sections_are_read_off_the_source() {
        let mut found = BTreeSet::new();
        let source =
            "#let t = data.text\n#let c = t.cycle\n#t.at(\"action-plan\").title\n#let at = x.t.y";
        scan(source, &mut found).unwrap();
        assert_eq!(found, BTreeSet::from(["cycle".to_string(), "action-plan".to_string()]));
    }

    #[test]
    fn texts_reached_another_way_mean_every_section() {
        assert!(scan("#let s = t.at(name)", &mut BTreeSet::new()).is_none());
        assert!(scan("#data.text.cycle", &mut BTreeSet::new()).is_none());
        assert!(scan("#let all = t\n", &mut BTreeSet::new()).is_none());
        assert!(scan("#let x = t.", &mut BTreeSet::new()).is_none());
    }

    #[test]
    fn the_default_theme_names_its_sections() {
        let layers = crate::assets::Layers::new(std::path::Path::new("/nonexistent"), "default");
        let theme = Theme::load(&layers).unwrap();
        let briefing = reads(&theme, "leader-briefing").sections.expect("literal sections only");
        assert!(briefing.contains("briefing") && briefing.contains("strings"), "{briefing:?}");
        assert!(!briefing.contains("guide") && !briefing.contains("web"), "{briefing:?}");
        for stem in [
            "cycle-overview",
            "conversation-guide",
            "preparation-employee",
            "preparation-leader",
            "action-plan",
            "leader-briefing-notes",
        ] {
            let read = reads(&theme, stem)
                .sections
                .unwrap_or_else(|| panic!("{stem} reads every section"));
            assert!(!read.contains("web"), "{stem}: {read:?}");
        }
    }

    #[test]
    fn a_document_depends_on_the_typst_files_it_imports() {
        let layers = crate::assets::Layers::new(std::path::Path::new("/nonexistent"), "default");
        let theme = Theme::load(&layers).unwrap();
        let files = reads(&theme, "action-plan").files.unwrap();
        assert_eq!(files, BTreeSet::from(["action-plan.typ".to_string(), "lib.typ".to_string()]));
    }

    #[test]
    fn imports_are_followed() {
        assert_eq!(imports("#import \"/lib.typ\": *\n#import \"/x.typ\""), ["lib.typ", "x.typ"]);
    }
}
