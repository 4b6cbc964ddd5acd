//! Command-line interface: argument types and dispatch.
//!
//! The values a flag accepts are declared once, by the domain type they
//! become ([`Format`], [`PdfStandard`], [`Per`], the registry's forms);
//! [`choice`] turns such a list into a clap parser with help for each value.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};

use crate::build::{BuildOptions, build};
use crate::diagnostics::{Diagnostic, Error};
use crate::forms::Per;
use crate::project::{CheckOptions, Project};
use crate::render::Format;
use crate::render::typst::{PdfSettings, PdfStandard};

#[derive(Debug, Parser)]
#[command(
    name = "samtale",
    version,
    about = "Builds the goals and development conversation kit from kit.toml"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct ConfigArg {
    /// The organisation's kit file; its folder is the project root.
    #[arg(long, short, default_value = "kit.toml")]
    pub config: PathBuf,
}

/// What `build` and `watch` share.
#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    config: ConfigArg,
    /// Output folder [default: output/ beside kit.toml].
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Replace the output folder even if samtale did not create it.
    #[arg(long)]
    force: bool,
    /// Use the reference language, visibly marked, where a translation is missing.
    #[arg(long)]
    allow_missing: bool,
    /// Compile every PDF again, also those the last build made from the same inputs.
    #[arg(long)]
    fresh: bool,
    /// What to make, by renderer; several with commas (`pdf,calendar`).
    #[arg(long, value_delimiter = ',', default_value = "all", value_parser = formats())]
    format: Vec<Formats>,
    #[command(flatten)]
    pdf: PdfArgs,
}

/// What `forms` and `collect`, the commands that run through many files,
/// share.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
    /// Replace the output folder even if samtale did not create it.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    pdf: PdfArgs,
}

impl BuildArgs {
    fn options(self, emit_typst: Option<PathBuf>) -> BuildOptions {
        let formats = Format::ALL
            .into_iter()
            .filter(|f| self.format.iter().any(|chosen| chosen.includes(*f)))
            .collect();
        BuildOptions {
            config: self.config.config,
            out: self.out,
            emit_typst,
            force: self.force,
            fresh: self.fresh,
            check: CheckOptions { allow_missing: self.allow_missing },
            formats,
            pdf: (&self.pdf).into(),
        }
    }
}

/// A value of `--format`: one renderer's format, or all of them.
#[derive(Debug, Clone, Copy)]
enum Formats {
    All,
    One(Format),
}

impl Formats {
    fn includes(self, format: Format) -> bool {
        match self {
            Formats::All => true,
            Formats::One(one) => one == format,
        }
    }
}

fn formats() -> impl TypedValueParser<Value = Formats> {
    let all = PossibleValue::new("all").help("every format (the default)");
    let values =
        Format::ALL.iter().map(|f| PossibleValue::new(f.name()).help(f.about())).chain([all]);
    PossibleValuesParser::new(values).map(|name| {
        Format::ALL.into_iter().find(|f| f.name() == name).map_or(Formats::All, Formats::One)
    })
}

/// A parser for the values of a domain type, by their names.
fn choice<T: Copy + Send + Sync + 'static>(
    all: &'static [T],
    name: fn(T) -> &'static str,
    about: fn(T) -> &'static str,
) -> impl TypedValueParser<Value = T> {
    let values = all.iter().map(move |&t| PossibleValue::new(name(t)).help(about(t)));
    PossibleValuesParser::new(values).map(move |given| {
        *all.iter().find(|&&t| name(t) == given).expect("clap accepts only these names")
    })
}

/// How PDFs are written, for `build`, `watch` and `forms`.
#[derive(Debug, Args)]
pub struct PdfArgs {
    /// The standard every PDF is checked against and marked with.
    #[arg(long, default_value = "ua-1",
          value_parser = choice(&PdfStandard::ALL, PdfStandard::name, PdfStandard::about))]
    pub pdf_standard: PdfStandard,
    /// Fillable fields over the writing areas of the forms; `--fillable=false`
    /// for plain printouts.
    #[arg(long, default_value_t = true, num_args = 0..=1, default_missing_value = "true",
          action = clap::ArgAction::Set, value_name = "BOOL")]
    pub fillable: bool,
}

impl From<&PdfArgs> for PdfSettings {
    fn from(args: &PdfArgs) -> Self {
        PdfSettings { standard: args.pdf_standard, fillable: args.fillable }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the kit into the output folder (PDF and web pages for every language).
    Build {
        #[command(flatten)]
        build: BuildArgs,
        /// Also write each document as a plain Typst project into DIR.
        #[arg(long, value_name = "DIR")]
        emit_typst: Option<PathBuf>,
    },
    /// Build, then rebuild whenever kit.toml, content/ or themes/ change.
    Watch {
        #[command(flatten)]
        build: BuildArgs,
        /// Also serve the output folder on http://127.0.0.1:PORT, reloading
        /// open pages after each rebuild.
        #[arg(long)]
        serve: bool,
        /// The port for `--serve`; 0 picks a free one.
        #[arg(long, default_value_t = 8040, requires = "serve")]
        port: u16,
    },
    /// Fill in the action plan and preparation sheet for every person in a roster.
    Forms {
        #[command(flatten)]
        config: ConfigArg,
        /// CSV with the columns employee, leader, unit, date, lang (and optionally
        /// email, employee_id); `,` or `;` between fields.
        #[arg(long, value_name = "CSV")]
        roster: PathBuf,
        /// Output folder [default: output/forms beside kit.toml].
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// One set of PDFs per person, or one PDF per leader to print in one go.
        #[arg(long, default_value = "person", value_parser = choice(&Per::ALL, Per::name, Per::about))]
        per: Per,
        /// Only these forms, several with commas [default: every form].
        #[arg(long, value_delimiter = ',',
              value_parser = PossibleValuesParser::new(crate::forms::form_names()))]
        only: Vec<String>,
        /// Make forms for the good rows and list the bad ones, instead of stopping.
        #[arg(long)]
        skip_bad: bool,
        /// Last round's collected plans (`samtale collect --include-text`
        /// wrote them): each preparation sheet and follow-up note starts from
        /// the person's own goals and measures.
        #[arg(long, value_name = "DIR")]
        previous: Option<PathBuf>,
        /// Also print where the time of one form went: layout, PDF export,
        /// fields, writing.
        #[arg(long)]
        timings: bool,
        #[command(flatten)]
        batch: BatchArgs,
    },
    /// Read filled action plans and follow-up notes (PDFs, saved web forms,
    /// or folders of them) into HR's overview of the round.
    Collect {
        /// Filled forms, or folders to search for *.pdf and *.json.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        config: ConfigArg,
        /// The roster the forms were made from: who is expected to return one.
        #[arg(long, value_name = "CSV")]
        roster: Option<PathBuf>,
        /// Output folder [default: output/collected beside kit.toml].
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Also write what people wrote: measures.csv, and goals and comments
        /// in plans.csv. Without it only counts, names and focus areas leave
        /// the forms.
        #[arg(long)]
        include_text: bool,
        /// The summary's language [default: the kit's reference language].
        #[arg(long)]
        lang: Option<String>,
        /// Fail (exit 1, writing nothing) if any file could not be used.
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        batch: BatchArgs,
    },
    /// Check kit.toml, every content folder and the theme; write nothing.
    Check {
        #[command(flatten)]
        config: ConfigArg,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Treat missing translations as warnings (as `build --allow-missing` would).
        #[arg(long)]
        allow_missing: bool,
    },
    /// Write a commented starter kit.toml into DIR (default: this folder).
    Init {
        /// The folder for the new project.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// List the question bank: id, category, source and text.
    Questions {
        /// The language of the texts [default: the kit's reference language, or nb].
        #[arg(long)]
        lang: Option<String>,
        #[command(flatten)]
        config: ConfigArg,
    },
    /// Print a JSON Schema for kit.toml, for editor completion and checks.
    Schema,
}

pub fn run() -> ExitCode {
    // No backtraces for users: render threads report their panics as
    // diagnostics; anything else is one clear line and exit code 101.
    std::panic::set_hook(Box::new(|info| {
        if std::thread::current().name() != Some(crate::render::WORKER_NAME) {
            let message = crate::render::panic_message(info.payload());
            let at = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            eprintln!(
                "error: samtale hit an internal error{at}: {message}\n   = help: please report this"
            );
        }
    }));
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build { build: args, emit_typst } => {
            let options = args.options(emit_typst);
            build(&options).map(|report| {
                print_warnings(&report.warnings);
                let reused = match report.reused {
                    0 => String::new(),
                    n => format!(" ({n} PDFs unchanged since the last build)"),
                };
                eprintln!(
                    "built {} files for {} into {} in {:.2} s{reused}",
                    report.files,
                    report.languages.join(", "),
                    report.out.display(),
                    report.elapsed.as_secs_f64()
                );
            })
        }
        Command::Watch { build: args, serve, port } => {
            let options = crate::watch::WatchOptions {
                build: args.options(None),
                serve: serve.then_some(port),
            };
            crate::watch::run(&options)
        }
        Command::Forms { config, roster, out, per, only, skip_bad, previous, timings, batch } => {
            let options = crate::forms::FormsOptions {
                config: config.config,
                roster,
                out,
                per,
                only,
                skip_bad,
                quiet: batch.quiet,
                force: batch.force,
                pdf: (&batch.pdf).into(),
                previous,
                reuse: crate::forms::Reuse::Pdf,
            };
            crate::forms::run(&options).map(|report| {
                print_warnings(&report.skipped);
                print_warnings(&report.warnings);
                if !report.skipped.is_empty() {
                    eprintln!("skipped {} bad rows (--skip-bad)", report.skipped.len());
                }
                eprintln!("{}", crate::forms::describe(&report));
                if let Some(stages) = report.timings.filter(|_| timings) {
                    eprintln!("{stages}");
                }
            })
        }
        Command::Collect { paths, config, roster, out, include_text, lang, strict, batch } => {
            let options = crate::collect::CollectOptions {
                config: config.config,
                paths,
                roster,
                out,
                include_text,
                lang,
                strict,
                quiet: batch.quiet,
                force: batch.force,
                pdf: (&batch.pdf).into(),
            };
            crate::collect::run(&options).map(|report| {
                print_warnings(&report.problems);
                eprintln!("{}", crate::collect::describe(&report));
            })
        }
        Command::Check { config, deny_warnings, allow_missing } => {
            Project::load(&config.config, CheckOptions { allow_missing }).and_then(|project| {
                print_warnings(&project.warnings);
                crate::render::check(&project)?;
                if deny_warnings && !project.warnings.is_empty() {
                    return Err(Error::msg(format!(
                        "{} warnings, and --deny-warnings is set",
                        project.warnings.len()
                    )));
                }
                eprintln!(
                    "{} is fine: {} languages, {} focus areas, {} documents, {} warnings",
                    project.kit.file.display(),
                    project.languages.len(),
                    project.kit.focus_areas.len(),
                    project.kit.documents.len(),
                    project.warnings.len()
                );
                Ok(())
            })
        }
        Command::Init { dir } => crate::commands::init(&dir).map(|path| {
            eprintln!("wrote {}; edit it, then run `samtale build`", path.display());
        }),
        Command::Questions { lang, config } => {
            crate::commands::questions(&config.config, lang.as_deref())
                .map(|table| print!("{table}"))
        }
        Command::Schema => {
            print!("{}", crate::commands::schema());
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            let count = error.diagnostics.len();
            if count > 1 {
                eprintln!("{count} problems found");
            }
            ExitCode::FAILURE
        }
    }
}

fn print_warnings(warnings: &[Diagnostic]) {
    for warning in warnings {
        eprintln!("{warning}");
    }
}
