//! samtale turns one organisation's `kit.toml` into its yearly goals and
//! development conversation kit.
//!
//! The modules follow the pipeline, and data flows one way, with no module
//! reaching back up:
//! - `config`: kit.toml → a typed, validated [`config::Kit`];
//! - `documents`: the registry, every document declared once with the
//!   content file(s) it reads;
//! - `content`: content/<lang>/ → typed texts ([`content::LanguageContent`]);
//! - `kit`: both → one [`kit::LanguageKit`] per language, the model every
//!   renderer reads; `project` loads and checks all of it;
//! - `render`: one [`render::Renderer`] per output format;
//! - `output`: makes the files visible atomically.
//!
//! `build` runs them in order; `forms` renders the per-person documents for
//! every row of a roster; `collect` reads the filled forms back into HR's
//! overview of the round; `watch` rebuilds on change and `serve` previews.
//! A renderer never reads TOML, and the config never knows about Typst.

pub mod assets;
pub mod build;
pub mod cli;
pub mod collect;
pub mod commands;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod documents;
pub mod forms;
pub mod kit;
pub mod output;
pub mod project;
pub mod render;
pub mod serve;
pub mod text;
pub mod watch;
