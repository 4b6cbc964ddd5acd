//! The two kinds of text a content file holds, and a walk over them.
//!
//! A content file is deserialized into a typed struct whose fields say what
//! each value is: [`Text`] prints as written, [`Markdown`] may carry
//! emphasis, lists and paragraphs. Both may hold `{placeholders}`, which are
//! only known once the kit is read; [`Texts`] walks every text of a struct so
//! that the kit stage can fill them in (and turn Markdown into the trees the
//! renderers need) without a list of fields written out a second time. The
//! [`texts!`] macro declares a content struct and its walk in one go.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Placeholders;
use super::markdown::{self, Converted};

/// Plain text: printed exactly as written, with `{placeholders}` filled in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(transparent)]
pub struct Text(String);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Fills in the placeholders, once: see [`super::fill`].
    pub fn fill(&mut self, values: &Placeholders) {
        self.0 = super::fill(&self.0, values);
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text(text.to_string())
    }
}

/// Markdown text. It is read as its source, and converted when the kit's
/// placeholder values are known ([`Markdown::convert`]); renderers then get
/// its syntax tree (Typst), its HTML (web pages) and its CommonMark
/// (speaker notes), as `{"blocks", "html", "markdown"}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "String")]
pub struct Markdown {
    source: String,
    converted: Option<Converted>,
}

impl From<String> for Markdown {
    fn from(source: String) -> Self {
        Markdown { source, converted: None }
    }
}

impl Markdown {
    /// Parses the source and fills in the placeholders inside its text, so a
    /// value can never become Markdown syntax. Refuses raw HTML.
    pub fn convert(&mut self, values: &Placeholders) -> Result<(), String> {
        self.converted = Some(markdown::convert(&self.source, values)?);
        Ok(())
    }

    /// The text as CommonMark, once converted.
    pub fn markdown(&self) -> Option<&str> {
        self.converted.as_ref().map(|c| c.markdown.as_str())
    }
}

impl Serialize for Markdown {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match &self.converted {
            Some(converted) => {
                let mut map = serializer.serialize_map(Some(3))?;
                map.serialize_entry("blocks", &converted.tree)?;
                map.serialize_entry("markdown", &converted.markdown)?;
                map.serialize_entry("html", &converted.html)?;
                map.end()
            }
            // Only a kit's converted texts reach a renderer; the source is
            // what an unconverted text honestly is.
            None => serializer.serialize_str(&self.source),
        }
    }
}

/// Where a text sits in its file: `purpose.points[2]`.
#[derive(Debug, Clone, Default)]
pub struct KeyPath(Vec<String>);

impl KeyPath {
    pub fn push(&mut self, key: &str) {
        self.0.push(key.to_string());
    }

    /// Appends `[index]` to the last key.
    pub fn push_index(&mut self, index: usize) {
        self.0.push(format!("[{index}]"));
    }

    pub fn pop(&mut self) {
        self.0.pop();
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, key) in self.0.iter().enumerate() {
            if i > 0 && !key.starts_with('[') {
                f.write_str(".")?;
            }
            f.write_str(key)?;
        }
        Ok(())
    }
}

/// A text found by [`Texts::visit`].
pub enum Slot<'a> {
    Plain(&'a mut Text),
    Markdown(&'a mut Markdown),
}

/// A value holding texts: a content struct, a list or map of them, or a text.
pub trait Texts {
    /// Calls `f` with every text inside and the key path to it.
    fn visit(&mut self, path: &mut KeyPath, f: &mut dyn FnMut(&KeyPath, Slot<'_>));
}

impl Texts for Text {
    fn visit(&mut self, path: &mut KeyPath, f: &mut dyn FnMut(&KeyPath, Slot<'_>)) {
        f(path, Slot::Plain(self));
    }
}

impl Texts for Markdown {
    fn visit(&mut self, path: &mut KeyPath, f: &mut dyn FnMut(&KeyPath, Slot<'_>)) {
        f(path, Slot::Markdown(self));
    }
}

impl<T: Texts> Texts for Vec<T> {
    fn visit(&mut self, path: &mut KeyPath, f: &mut dyn FnMut(&KeyPath, Slot<'_>)) {
        for (i, item) in self.iter_mut().enumerate() {
            path.push_index(i);
            item.visit(path, f);
            path.pop();
        }
    }
}

impl<T: Texts> Texts for std::collections::BTreeMap<String, T> {
    fn visit(&mut self, path: &mut KeyPath, f: &mut dyn FnMut(&KeyPath, Slot<'_>)) {
        for (key, item) in self.iter_mut() {
            path.push(key);
            item.visit(path, f);
            path.pop();
        }
    }
}

/// Values that are not text to a reader: ids and the names templates match
/// on (a guide part's `id`, a slide's `show`), and templates for dates.
macro_rules! no_texts {
    ($($t:ty),*) => {
        $(impl $crate::text::Texts for $t {
            fn visit(
                &mut self,
                _: &mut $crate::text::KeyPath,
                _: &mut dyn FnMut(&$crate::text::KeyPath, $crate::text::Slot<'_>),
            ) {
            }
        })*
    };
}
pub(crate) use no_texts;
no_texts!(String, bool, u32);

/// Declares a content struct: serde reads it from its TOML file (unknown
/// keys are errors), renderers get it serialized, and [`Texts`] walks its
/// fields, so a field is written down once.
///
/// ```ignore
/// texts! {
///     /// `content/<lang>/action-plan.toml`
///     pub struct ActionPlan {
///         pub title: Text,
///         pub intro: Markdown,
///     }
/// }
/// ```
macro_rules! texts {
    ($(#[$meta:meta])* pub struct $name:ident {
        $($(#[$field_meta:meta])* pub $field:ident: $kind:ty,)*
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $($(#[$field_meta])* pub $field: $kind,)*
        }

        impl $crate::text::Texts for $name {
            fn visit(
                &mut self,
                path: &mut $crate::text::KeyPath,
                f: &mut dyn FnMut(&$crate::text::KeyPath, $crate::text::Slot<'_>),
            ) {
                $(
                    path.push(stringify!($field));
                    $crate::text::Texts::visit(&mut self.$field, path, f);
                    path.pop();
                )*
            }
        }
    };
}
pub(crate) use texts;

#[cfg(test)]
mod tests {
    use super::*;

    texts! {
        pub struct Sample {
            pub title: Text,
            pub items: Vec<Markdown>,
            #[serde(default)]
            pub id: String,
        }
    }

    #[test]
    fn every_text_is_visited_with_its_key_path() {
        let mut sample: Sample =
            toml::from_str("title = \"T {year}\"\nitems = [\"*a*\", \"b\"]\nid = \"{year}\"")
                .unwrap();
        let mut seen = Vec::new();
        let mut values = Placeholders::new();
        values.insert("year", "2027".into());
        sample.visit(&mut KeyPath::default(), &mut |path, slot| {
            seen.push(path.to_string());
            match slot {
                Slot::Plain(text) => text.fill(&values),
                Slot::Markdown(md) => md.convert(&values).unwrap(),
            }
        });
        assert_eq!(seen, ["title", "items[0]", "items[1]"]);
        assert_eq!(sample.title.as_str(), "T 2027");
        assert_eq!(sample.id, "{year}", "ids are not text");
        let json = serde_json::to_value(&sample).unwrap();
        assert_eq!(json["items"][0]["blocks"], serde_json::json!([{ "p": [{ "em": ["a"] }] }]));
        assert_eq!(json["items"][0]["html"], "<p><em>a</em></p>");
    }
}
