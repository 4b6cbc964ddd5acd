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

use super::{Job, Renderer};
use crate::assets::Layers;
use crate::diagnostics::{Collector, Error, Result};
use crate::output::OutputFile;
use crate::text::markdown::escape;

/// `<lang>/<stem>.md` for every built document with a Markdown rendering.
pub struct MarkdownRenderer;

impl Renderer for MarkdownRenderer {
    fn check_templates(&self, job: &Job) -> Result<()> {
        let mut problems = Collector::default();
        for name in job.project.layers.theme_files("markdown") {
            problems.take(environment(&job.project.layers, &format!("markdown/{name}")));
        }
        problems.finish(())
    }

    fn render(&mut self, job: &Job) -> Result<Vec<OutputFile>> {
        let mut problems = Collector::default();
        let mut files = Vec::new();
        for kit in &job.project.languages {
            for stem in kit.documents.iter().filter_map(|d| d.markdown) {
                let template = format!("markdown/{stem}.md");
                let Some((env, display)) =
                    problems.take(environment(&job.project.layers, &template))
                else {
                    continue;
                };
                let text = env
                    .get_template(&template)
                    .and_then(|t| t.render(Value::from_serialize(&kit.model)))
                    .map_err(|e| super::template_error(&display, &e));
                if let Some(text) = problems.take(text) {
                    files.push(OutputFile {
                        path: PathBuf::from(&kit.lang).join(format!("{stem}.md")),
                        bytes: text.into_bytes(),
                    });
                }
            }
        }
        problems.finish(files)
    }
}

/// An environment holding the theme's template `name`, parsed, with
/// Markdown escaping; and the path a person would open to fix it.
fn environment(layers: &Layers, name: &str) -> Result<(Environment<'static>, PathBuf)> {
    let file = layers
        .theme(name)?
        .ok_or_else(|| Error::msg(format!("the theme has no template `{name}`")))?;
    let source = crate::text::decode_utf8(&file.display, file.bytes)?;
    let mut env = Environment::new();
    env.set_formatter(markdown_formatter);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_template_owned(name.to_string(), source)
        .map_err(|e| super::template_error(&file.display, &e))?;
    Ok((env, file.display))
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
