//! samtale turns one organisation's `kit.toml` into its yearly goals and
//! development conversation kit.
//!
//! The modules follow the pipeline, and data flows one way:
//! `config` (kit.toml → typed, validated [`config::Kit`]) and `content`
//! (content/<lang>/ → [`content::LanguageContent`]) become a model in `kit`, one
//! [`kit::LanguageKit`] per language; `render` turns that model into files;
//! `output` makes them visible atomically. A renderer never reads TOML and the
//! config never knows about Typst. `forms` runs the same pipeline once per
//! person of a roster, for the forms that are filled in.

pub mod assets;
pub mod build;
pub mod cli;
pub mod commands;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod forms;
pub mod kit;
pub mod output;
pub mod render;
pub mod serve;
pub mod text;
pub mod watch;
