//! The leader briefing as plain Markdown speaker notes, for pasting into an
//! e-mail or one's own slides.
//!
//! The layout lives in the theme (`markdown/leader-briefing-notes.md`), a
//! minijinja template. Auto-escaping is Markdown escaping: any plain string
//! (a focus-area title from `kit.toml`, say) is escaped on output, so it reads
//! literally; only content Markdown, already escaped where filled, is marked
//! `|safe` in the template.

use std::path::PathBuf;

use minijinja::{Environment, Error as TemplateError, ErrorKind, Output, State, Value};

use super::OutputFile;
use crate::assets::Layers;
use crate::content::markdown::escape;
use crate::diagnostics::{Error, Result};
use crate::kit::LanguageKit;

const TEMPLATE: &str = "markdown/leader-briefing-notes.md";

pub fn render(layers: &Layers, kit: &LanguageKit) -> Result<OutputFile> {
    let file = layers
        .theme(TEMPLATE)?
        .ok_or_else(|| Error::msg(format!("the theme has no template `{TEMPLATE}`")))?;
    let source = crate::text::decode_utf8(&file.display, file.bytes)?;
    let mut env = Environment::new();
    env.set_formatter(markdown_formatter);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    let located = |err: TemplateError| super::template_error(&file.display, &err);
    env.add_template(TEMPLATE, &source).map_err(located)?;
    let text = env
        .get_template(TEMPLATE)
        .and_then(|t| t.render(Value::from_serialize(&kit.data)))
        .map_err(located)?;
    Ok(OutputFile {
        path: PathBuf::from(&kit.lang).join("leader-briefing-notes.md"),
        bytes: text.into_bytes(),
    })
}

fn markdown_formatter(
    out: &mut Output,
    _state: &State,
    value: &Value,
) -> Result<(), TemplateError> {
    let written = if value.is_none() || value.is_undefined() {
        Ok(())
    } else if let (true, Some(text)) = (value.is_safe(), value.as_str()) {
        out.write_str(text)
    } else if let Some(text) = value.as_str() {
        out.write_str(&escape(text))
    } else {
        write!(out, "{value}")
    };
    written.map_err(|e| TemplateError::new(ErrorKind::WriteFailure, e.to_string()))
}
