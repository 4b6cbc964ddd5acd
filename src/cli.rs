//! Command-line interface: argument types and dispatch.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::build::{BuildOptions, build, prepare};

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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the kit into the output folder (PDF for every language).
    Build {
        /// The organisation's kit file; its folder is the project root.
        #[arg(long, short, default_value = "kit.toml")]
        config: PathBuf,
        /// Output folder [default: output/ beside kit.toml].
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Also write each document as a plain Typst project into DIR.
        #[arg(long, value_name = "DIR")]
        emit_typst: Option<PathBuf>,
        /// Replace the output folder even if samtale did not create it.
        #[arg(long)]
        force: bool,
    },
    /// Check kit.toml, the content and the theme without writing anything.
    Check {
        #[arg(long, short, default_value = "kit.toml")]
        config: PathBuf,
    },
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            config,
            out,
            emit_typst,
            force,
        } => build(&BuildOptions {
            config,
            out,
            emit_typst,
            force,
        })
        .map(|report| {
            eprintln!(
                "built {} files for {} into {} in {:.2} s",
                report.files,
                report.languages.join(", "),
                report.out.display(),
                report.elapsed.as_secs_f64()
            );
        }),
        Command::Check { config } => prepare(&config).map(|prepared| {
            eprintln!(
                "{} is fine: {} languages, {} focus areas",
                prepared.kit.file.display(),
                prepared.languages.len(),
                prepared.kit.focus_areas.len()
            );
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            let count = error.diagnostics.len();
            if count > 1 {
                eprintln!("{count} problems found; nothing was written");
            }
            ExitCode::FAILURE
        }
    }
}
