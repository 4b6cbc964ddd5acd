//! samtale's end-to-end tests, in one binary: each module drives the real
//! `samtale` binary (or the library) the way a person uses it and reads what
//! a person would read. One binary links Typst once, and the demo kit that
//! most modules read is built once ([`common::built_demo`]).

mod architecture;
mod atomic;
mod bad_input;
mod build_kit;
mod calendar;
mod collect;
mod common;
mod errors;
mod forms;
mod fuzz;
mod hostile;
mod hr_review;
mod html;
mod html_axe;
mod pdf;
mod pdfua;
mod reproducible;
mod watch;
mod workflow;
mod year;
