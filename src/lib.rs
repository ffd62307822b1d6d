//! mera: readiness assessment against Executive Order 14409.
//!
//! The pipeline is load → validate → score → render, each a pure function
//! over plain data. Only the binary's `cli` module touches the terminal and
//! the file system; nothing in this library prints.

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod answers;
pub mod assessment;
pub mod browse;
pub mod catalog;
pub mod condition;
pub mod config;
pub mod diagnostic;
pub mod doc;
pub mod gate;
pub mod questionnaire;
pub mod report;
pub mod scoring;
pub mod set;
pub mod source;
pub mod template;
pub mod text;
pub mod toml_doc;
pub mod yaml;
