//! A project read and checked: `kit.toml`, every language's content and
//! the question bank, assembled into the model renderers read.

use std::path::Path;

use crate::assets::Layers;
use crate::config::Kit;
use crate::content::{LanguageContent, QuestionBank, read_language, translation};
use crate::diagnostics::{Collector, Diagnostic, Result};
use crate::kit::{self, LanguageKit};

/// What every renderer reads.
pub struct Project {
    pub kit: Kit,
    pub layers: Layers,
    pub bank: QuestionBank,
    pub languages: Vec<LanguageKit>,
    /// Problems that do not stop a build (a translation that falls back).
    pub warnings: Vec<Diagnostic>,
}

/// How strict [`Project::load`] is about translations.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions {
    /// Fill missing translations from the reference language, marked.
    pub allow_missing: bool,
}

impl Project {
    /// Reads `kit.toml` and the content and checks them. Problems in
    /// different files are all reported together.
    pub fn load(config: &Path, options: CheckOptions) -> Result<Project> {
        Project::from_kit(Kit::load(config)?, options)
    }

    /// [`Project::load`] with `kit.toml` already read.
    pub fn from_kit(kit: Kit, options: CheckOptions) -> Result<Project> {
        let layers = Layers::new(&kit.root, &kit.theme);
        let mut problems = Collector::default();
        let mut warnings = kit.warnings.clone();
        let bank = problems.take(QuestionBank::load(&layers));
        let reference = problems.take(read_language(&layers, &kit.reference_language));
        let mut contents = Vec::new();
        for lang in &kit.languages {
            let Some(mut files) = problems.take(read_language(&layers, &lang.name)) else {
                continue;
            };
            if let Some(reference) =
                reference.as_ref().filter(|_| lang.name != kit.reference_language)
            {
                let findings = translation::compare(
                    &lang.name,
                    &mut files,
                    &kit.reference_language,
                    reference,
                    options.allow_missing,
                );
                warnings.extend(findings.warnings);
                if !findings.errors.is_empty() {
                    // The shape check would only repeat these in serde's words.
                    findings.errors.into_iter().for_each(|d| problems.push(d));
                    continue;
                }
            }
            if let Some(bank) = &bank {
                contents
                    .extend(problems.take(LanguageContent::from_files(&lang.name, files, bank)));
            }
        }
        problems.finish(())?;
        let bank = bank.expect("checked above");
        let languages = kit::assemble(&kit, &bank, contents)?;
        Ok(Project { kit, layers, bank, languages, warnings })
    }
}
