//! File names from people's names: safe on every file system, readable,
//! and never the same for two people.

use std::collections::HashMap;

/// A lower-case ASCII slug: Norwegian letters spelt out (`Åse Ødegård-Ås`
/// → `aase-odegaard-aas`), other accents dropped, anything else a hyphen.
/// Names with no Latin letters at all give `fallback`.
pub fn slug(name: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let spelt: &str = match c {
            'æ' => "ae",
            'ø' | 'ö' | 'ó' | 'ò' | 'ô' | 'õ' => "o",
            'å' => "aa",
            'ä' | 'á' | 'à' | 'â' | 'ã' => "a",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'í' | 'ì' | 'î' | 'ï' => "i",
            'ú' | 'ù' | 'û' | 'ü' => "u",
            'ç' => "c",
            'ñ' => "n",
            'ß' => "ss",
            'ý' | 'ÿ' => "y",
            'š' => "s",
            'ž' => "z",
            'č' => "c",
            'ł' => "l",
            _ => "",
        };
        if !spelt.is_empty() {
            out.push_str(spelt);
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c == '\'' || c == '’' {
            // O'Brien → obrien
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let slug: String = out.trim_matches('-').chars().take(60).collect();
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() { fallback.to_string() } else { slug.to_string() }
}

/// Hands out names, adding `-2`, `-3`, … when a name is taken.
#[derive(Default)]
pub struct UniqueNames {
    taken: HashMap<String, usize>,
}

impl UniqueNames {
    pub fn claim(&mut self, wanted: String) -> String {
        let mut candidate = wanted.clone();
        while let Some(count) = self.taken.get_mut(&candidate) {
            *count += 1;
            candidate = format!("{wanted}-{count}");
        }
        self.taken.insert(candidate.clone(), 1);
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_safe_readable_slugs() {
        assert_eq!(slug("Åse Ødegård-Ås", "x"), "aase-odegaard-aas");
        assert_eq!(slug("Siobhán O'Brien", "x"), "siobhan-obrien");
        assert_eq!(slug("#1 $ <b>bold</b>", "x"), "1-b-bold-b");
        assert_eq!(slug("../../etc/passwd", "x"), "etc-passwd");
        assert_eq!(slug("مرحبا", "person-7"), "person-7");
        assert_eq!(slug(&"a".repeat(200), "x").len(), 60);
    }

    #[test]
    fn collisions_get_a_suffix() {
        let mut names = UniqueNames::default();
        let got: Vec<String> =
            ["kari", "kari", "kari-2", "kari"].map(|n| names.claim(n.to_string())).to_vec();
        assert_eq!(got, ["kari", "kari-2", "kari-2-2", "kari-3"]);
    }
}
