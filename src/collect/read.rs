//! Reads one returned form: a PDF filled in whatever reader the employee
//! had, or the file a web form saved. Forms come back from other people's
//! machines, so every file is untrusted: its size, the number of its
//! objects and fields, the depth of its field tree, the length of every
//! value and the time it takes are limited, and anything a file does wrong
//! is a reason, in words, to skip that file; never a panic.
//!
//! A PDF's values may sit in incremental updates (readers that save in
//! place), in a file rewritten whole (pdf-lib, qpdf, pypdf), with object
//! streams, as UTF-16BE or PDFDocEncoding text: lopdf reads them all. A
//! flattened form has no fields left, which is said as such.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use lopdf::Document;
use serde::Deserialize;

use crate::kit::FormId;

/// A file larger than this is not a filled form.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;
/// More objects than a form has ten times over.
pub const MAX_OBJECTS: usize = 100_000;
pub const MAX_FIELDS: usize = 5_000;
pub const MAX_DEPTH: usize = 32;
/// Characters in one field: a page of dense handwriting is about 3,000.
pub const MAX_CHARS: usize = 10_000;
/// Time to read one file; a form takes a millisecond or two.
pub const TIME_LIMIT: Duration = Duration::from_secs(5);

/// Why a file was not collected: a kind, which the summary says in its
/// language, and the details, which `collect` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub kind: Refused,
    pub message: String,
}

/// The kinds of [`Refusal`], by the key of their words in `summary.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Unreadable,
    Encrypted,
    NotSamtale,
    OtherRound,
    Flattened,
    TooLarge,
    NotCollected,
    NoName,
    NotInRoster,
    Ambiguous,
    Duplicate,
}

impl Refused {
    pub const ALL: [Refused; 11] = [
        Refused::Unreadable,
        Refused::Encrypted,
        Refused::NotSamtale,
        Refused::OtherRound,
        Refused::Flattened,
        Refused::TooLarge,
        Refused::NotCollected,
        Refused::NoName,
        Refused::NotInRoster,
        Refused::Ambiguous,
        Refused::Duplicate,
    ];

    /// Its key under `[reasons]` in `summary.toml`.
    pub fn key(self) -> &'static str {
        match self {
            Refused::Unreadable => "unreadable",
            Refused::Encrypted => "encrypted",
            Refused::NotSamtale => "not_samtale",
            Refused::OtherRound => "other_round",
            Refused::Flattened => "flattened",
            Refused::TooLarge => "too_large",
            Refused::NotCollected => "not_collected",
            Refused::NoName => "no_name",
            Refused::NotInRoster => "not_in_roster",
            Refused::Ambiguous => "ambiguous",
            Refused::Duplicate => "duplicate",
        }
    }

    /// A refusal of this kind with its details.
    pub fn because(self, message: impl Into<String>) -> Refusal {
        Refusal { kind: self, message: message.into() }
    }
}

/// What a filled-in field holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    /// A check box, ticked or not.
    Checked(bool),
    /// The chosen option of a radio group.
    Choice(String),
}

impl Value {
    /// The text typed, trimmed; empty for anything else.
    pub fn text(&self) -> &str {
        match self {
            Value::Text(text) => text.trim(),
            _ => "",
        }
    }

    /// The option chosen: a PDF radio group's state, or the value a web
    /// form saved for it.
    pub fn choice(&self) -> &str {
        match self {
            Value::Choice(option) | Value::Text(option) => option.trim(),
            Value::Checked(_) => "",
        }
    }

    pub fn is_ticked(&self) -> bool {
        matches!(self, Value::Checked(true))
    }
}

/// A form as it came back.
#[derive(Debug, Clone)]
pub struct Returned {
    pub path: PathBuf,
    pub id: FormId,
    pub fields: BTreeMap<String, Value>,
}

/// Reads `path`. A panic in a parser is a reason like any other; the
/// parse that may take long on a hostile file runs under [`TIME_LIMIT`]
/// (see [`with_time_limit`]).
pub fn read(path: &Path) -> Result<Returned, Refusal> {
    crate::render::catching(|| read_now(path)).unwrap_or_else(|panic| {
        Err(Refused::Unreadable.because(format!("the file could not be read ({panic})")))
    })
}

/// Runs `work` on a thread of its own and gives up after [`TIME_LIMIT`];
/// work that takes longer is left to finish on its thread, which the
/// process does not wait for. Only lopdf's parse of a whole file needs
/// this: the quick path reads a bounded number of objects.
fn with_time_limit<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, Refusal> + Send + 'static,
) -> Result<T, Refusal> {
    let (send, receive) = mpsc::channel();
    let spawned =
        std::thread::Builder::new().name(crate::render::WORKER_NAME.into()).spawn(move || {
            let result = crate::render::catching(work).unwrap_or_else(|panic| {
                Err(Refused::Unreadable.because(format!("the file could not be read ({panic})")))
            });
            let _ = send.send(result);
        });
    if spawned.is_err() {
        return Err(Refused::Unreadable.because("no thread could be started to read it"));
    }
    receive.recv_timeout(TIME_LIMIT).unwrap_or_else(|_| {
        Err(Refused::TooLarge
            .because(format!("reading it took longer than {} s; skipped", TIME_LIMIT.as_secs())))
    })
}

fn read_now(path: &Path) -> Result<Returned, Refusal> {
    let unreadable =
        |e: std::io::Error| Refused::Unreadable.because(format!("cannot read it: {e}"));
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MAX_BYTES {
        return Err(Refused::TooLarge.because(format!(
            "it is {} MB; a filled form is well under {} MB",
            size / (1024 * 1024),
            MAX_BYTES / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    from_bytes(path, &bytes)
}

/// Reads a form from its bytes: what [`read`] does after its checks, and
/// what the fuzz tests call.
pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Returned, Refusal> {
    let (id, fields) = if looks_like_pdf(bytes) {
        pdf(bytes)?
    } else if bytes.trim_ascii_start().starts_with(b"{") {
        saved_web_form(bytes)?
    } else {
        return Err(
            Refused::Unreadable.because("it is neither a PDF nor a form saved from the web pages")
        );
    };
    Ok(Returned { path: path.to_path_buf(), id, fields })
}

fn looks_like_pdf(bytes: &[u8]) -> bool {
    bytes.get(..1024).unwrap_or(bytes).windows(5).any(|w| w == b"%PDF-")
}

/// A PDF's identifiers and fields.
fn pdf(bytes: &[u8]) -> Result<(FormId, BTreeMap<String, Value>), Refusal> {
    let encrypted =
        || Refused::Encrypted.because("it is encrypted with a password; save it again without one");
    let full = |bytes: Vec<u8>| {
        with_time_limit(move || {
            Document::load_mem(&bytes).map_err(|e| match e {
                lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => encrypted(),
                e => Refused::Unreadable
                    .because(format!("it is not a readable PDF (damaged or cut short?): {e}")),
            })
        })
    };
    let document = match super::lazy::open(bytes) {
        Some(document) => document,
        None => full(bytes.to_vec())?,
    };
    super::acroform::from_document(&document)
}

/// Refuses a field holding more than [`MAX_CHARS`].
pub(super) fn too_long(name: &str, text: &str) -> Result<(), Refusal> {
    let chars = text.chars().count();
    if chars > MAX_CHARS {
        return Err(Refused::TooLarge.because(format!(
            "the field `{name}` holds {chars} characters; a form's field holds at most {MAX_CHARS}"
        )));
    }
    Ok(())
}

/// The file "Save to file" on a web form downloads (see `kit.js`).
#[derive(Deserialize)]
struct SavedForm {
    samtale: String,
    form: SavedId,
    fields: BTreeMap<String, serde_json::Value>,
}

#[derive(Deserialize)]
struct SavedId {
    organisation: String,
    year: String,
    document: String,
    lang: String,
}

fn saved_web_form(bytes: &[u8]) -> Result<(FormId, BTreeMap<String, Value>), Refusal> {
    let not_saved = |detail: String| {
        Refused::NotSamtale.because(format!("it is not a form saved from the web pages{detail}"))
    };
    let saved: SavedForm =
        serde_json::from_slice(bytes).map_err(|e| not_saved(format!(": {e}")))?;
    if saved.samtale != "saved-form" {
        return Err(not_saved(String::new()));
    }
    if saved.fields.len() > MAX_FIELDS {
        return Err(Refused::TooLarge.because(format!("it has more than {MAX_FIELDS} fields")));
    }
    let id = FormId {
        organisation: saved.form.organisation,
        year: saved
            .form
            .year
            .trim()
            .parse()
            .map_err(|_| not_saved(": its round year is not a number".into()))?,
        document: saved.form.document,
        lang: saved.form.lang,
        person: None,
    };
    let mut fields = BTreeMap::new();
    for (name, value) in saved.fields {
        let value = match value {
            serde_json::Value::Bool(ticked) => Value::Checked(ticked),
            serde_json::Value::String(text) => {
                too_long(&name, &text)?;
                // A radio group saves its choice; `status-1` = "done".
                Value::Text(text)
            }
            serde_json::Value::Null => continue,
            _ => {
                return Err(not_saved(format!(
                    ": the field `{name}` holds something other than text"
                )));
            }
        };
        fields.insert(name, value);
    }
    Ok((id, fields))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_refusal_has_its_words_in_the_summary() {
        let toml = include_str!("../../content/en/summary.toml");
        let texts: crate::documents::Summary = toml::from_str(toml).unwrap();
        let reasons = serde_json::to_value(&texts.reasons).unwrap();
        for kind in Refused::ALL {
            assert!(reasons.get(kind.key()).is_some(), "{}", kind.key());
        }
        assert_eq!(reasons.as_object().unwrap().len(), Refused::ALL.len());
    }

    #[test]
    fn a_saved_web_form_is_read_and_a_bad_one_is_named() {
        let saved = br#"{"samtale":"saved-form","version":1,
            "form":{"organisation":"fjordvik-kommune","year":"2027","document":"a-form","lang":"nb"},
            "fields":{"employee":"Kari","planned-1":true,"measure-1":"Kurs i #Typst"}}"#;
        let (id, fields) = saved_web_form(saved).unwrap();
        assert_eq!((id.document.as_str(), id.year), ("a-form", 2027));
        assert_eq!(fields["planned-1"], Value::Checked(true));
        assert_eq!(fields["measure-1"].text(), "Kurs i #Typst");
        let long = format!(
            r#"{{"samtale":"saved-form","form":{{"organisation":"o","year":"2027","document":"d","lang":"nb"}},"fields":{{"goals":"{}"}}}}"#,
            "x".repeat(MAX_CHARS + 1)
        );
        assert!(
            saved_web_form(long.as_bytes()).unwrap_err().message.contains("`goals` holds 10001")
        );
        assert!(saved_web_form(b"{\"samtale\":1}").is_err());
    }
}
