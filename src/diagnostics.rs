//! One error type for the whole tool, printed in one place.
//!
//! Every problem a user can cause is a [`Diagnostic`] that names the file, the
//! line and column where there is one, and what would be valid. Stages collect
//! as many diagnostics as they can before failing, so a user fixes a whole
//! batch per run instead of one error at a time.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Where in a file a problem is. Lines and columns are 1-based, as editors show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Location {
    /// Turns a byte range in `text` into a line and column (columns count characters).
    pub fn from_span(file: &Path, text: &str, span: Range<usize>) -> Self {
        let start = span.start.min(text.len());
        let before = &text[..floor_char_boundary(text, start)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Self { file: file.to_path_buf(), line, column }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Errors stop a build; warnings are printed and stop only `check --deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, with where it is and how to fix it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// The file, when the problem is not tied to a line (a missing file, say).
    pub file: Option<PathBuf>,
    pub location: Option<Location>,
    pub hints: Vec<String>,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            file: None,
            location: None,
            hints: Vec::new(),
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::new(message) }
    }

    pub fn in_file(mut self, file: &Path) -> Self {
        self.file = Some(file.to_path_buf());
        self
    }

    pub fn at(mut self, location: Location) -> Self {
        self.file = Some(location.file.clone());
        self.location = Some(location);
        self
    }

    /// Places the diagnostic at `span` of `text`, the contents of `file`.
    pub fn at_span(self, file: &Path, text: &str, span: Range<usize>) -> Self {
        self.at(Location::from_span(file, text, span))
    }

    /// Places the diagnostic at the first assignment of `key` in `text`
    /// (`key =`, `[key]`, `key.sub`). Parsed TOML tables carry no spans; the
    /// first assignment is where a person looks. `key` may be a dotted path
    /// with `[i]` indices; its last name is searched.
    pub fn at_key(self, file: &Path, text: &str, key: &str) -> Self {
        let leaf = key.rsplit('.').next().unwrap_or(key);
        let leaf = leaf.split('[').next().unwrap_or(leaf);
        let offset = text
            .match_indices(leaf)
            .find(|(i, _)| {
                let before = text[..*i].chars().next_back();
                let after = text[i + leaf.len()..].trim_start();
                matches!(before, None | Some('\n' | ' ' | '.' | '['))
                    && (after.starts_with('=') || after.starts_with(']') || after.starts_with('.'))
            })
            .map(|(i, _)| i);
        match offset {
            Some(i) => self.at_span(file, text, i..i),
            None => self.in_file(file),
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Adds "did you mean …?" when one of `valid` is close to `given`, and
    /// otherwise lists what is valid, so the user never has to guess.
    pub fn suggest<'a>(self, given: &str, valid: impl IntoIterator<Item = &'a str>) -> Self {
        let valid: Vec<&str> = valid.into_iter().collect();
        match did_you_mean(given, valid.iter().copied()) {
            Some(best) => self.hint(format!("did you mean `{best}`?")),
            None if valid.len() <= 12 => {
                let list = valid.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>();
                self.hint(format!("valid values: {}", list.join(", ")))
            }
            None => self,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.message)?;
        match (&self.location, &self.file) {
            (Some(loc), _) => {
                write!(f, "\n  --> {}:{}:{}", loc.file.display(), loc.line, loc.column)?
            }
            (None, Some(file)) => write!(f, "\n  --> {}", file.display())?,
            (None, None) => {}
        }
        for hint in &self.hints {
            write!(f, "\n   = help: {hint}")?;
        }
        Ok(())
    }
}

/// A failed step: one or more diagnostics.
#[derive(Debug, Clone)]
pub struct Error {
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    pub fn one(diagnostic: Diagnostic) -> Self {
        Self { diagnostics: vec![diagnostic] }
    }

    pub fn msg(message: impl Into<String>) -> Self {
        Self::one(Diagnostic::new(message))
    }

    /// An I/O failure on `path`, worded for a person rather than as an OS code.
    pub fn io(action: &str, path: &Path, err: std::io::Error) -> Self {
        let reason = match err.kind() {
            std::io::ErrorKind::NotFound => "it does not exist".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => err.to_string(),
        };
        Self::one(Diagnostic::new(format!("cannot {action} `{}`: {reason}", path.display())))
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Self::one(diagnostic)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Collects diagnostics so a stage can report every problem, not just the first.
#[derive(Debug, Default)]
pub struct Collector {
    diagnostics: Vec<Diagnostic>,
}

impl Collector {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub fn extend(&mut self, error: Error) {
        self.diagnostics.extend(error.diagnostics);
    }

    /// Keeps the value of `result`, recording its error if it failed.
    pub fn take<T>(&mut self, result: Result<T>) -> Option<T> {
        result.map_err(|e| self.extend(e)).ok()
    }

    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// Fails with every diagnostic collected, each reported once (the same
    /// template error in three languages is one problem to fix).
    pub fn finish<T>(self, value: T) -> Result<T> {
        if self.diagnostics.is_empty() {
            return Ok(value);
        }
        let mut seen = std::collections::HashSet::new();
        let diagnostics =
            self.diagnostics.into_iter().filter(|d| seen.insert(d.to_string())).collect();
        Err(Error { diagnostics })
    }
}

/// The closest valid name to a misspelt one, if any is close enough to be a
/// likely typo (cargo uses the same Jaro-Winkler cut-off idea).
pub fn did_you_mean<'a>(given: &str, valid: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    valid
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(given, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// Turns a TOML parse or shape error (its message and where it is) into a
/// diagnostic at its line and column, with a did-you-mean for unknown keys
/// and variants.
pub fn from_toml_error(
    file: &Path,
    text: &str,
    message: &str,
    span: Option<Range<usize>>,
) -> Diagnostic {
    // serde names Rust types; a person editing TOML thinks in numbers and text.
    let message = [
        ("i8", "a whole number"),
        ("i16", "a whole number"),
        ("i32", "a whole number"),
        ("i64", "a whole number"),
        ("u8", "a whole number of 0 or more"),
        ("u16", "a whole number of 0 or more"),
        ("u32", "a whole number of 0 or more"),
        ("u64", "a whole number of 0 or more"),
        ("usize", "a whole number of 0 or more"),
    ]
    .iter()
    .fold(message.trim().to_string(), |m, (rust, person)| {
        m.replace(&format!("expected {rust}"), &format!("expected {person}"))
    });
    let mut diagnostic = Diagnostic::new(message.clone());
    diagnostic = match span {
        Some(span) => diagnostic.at_span(file, text, span),
        None => diagnostic.in_file(file),
    };
    // serde words these as "unknown field `x`, expected one of `a`, `b`" and
    // "unknown variant `x`, expected `a` or `b`": the quoted names are all we need.
    if message.starts_with("unknown field `") || message.starts_with("unknown variant `") {
        let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
        if let Some((given, expected)) = quoted.split_first()
            && let Some(best) = did_you_mean(given, expected.iter().copied())
        {
            diagnostic = diagnostic.hint(format!("did you mean `{best}`?"));
        }
    }
    diagnostic
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_lines_and_characters() {
        let text = "a = 1\nblå = 2\n";
        let loc = Location::from_span(Path::new("k.toml"), text, 13..14);
        assert_eq!((loc.line, loc.column), (2, 7));
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("colr", ["color", "font"]), Some("color"));
        assert_eq!(did_you_mean("zzz", ["color", "font"]), None);
    }

    #[test]
    fn unknown_field_gets_did_you_mean() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Brand {
            primary: String,
            accent: Option<String>,
        }
        let text = "primary = \"#000\"\naccnt = \"#fff\"\n";
        let err = toml::from_str::<Brand>(text).unwrap_err();
        let d = from_toml_error(Path::new("kit.toml"), text, err.message(), err.span());
        let shown = d.to_string();
        assert!(shown.contains("kit.toml:2:1"), "{shown}");
        assert!(shown.contains("did you mean `accent`?"), "{shown}");
    }
}
