//! Load: text in, a spanned document tree out, and problems as data with
//! their places. The only modules that know the YAML and TOML parsers.

pub mod diagnostic;
pub mod doc;
pub mod file_kind;
pub mod source;
pub mod toml_doc;
pub mod yaml;
