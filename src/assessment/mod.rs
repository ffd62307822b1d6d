//! Assess: an answers file is checked against the set, scored into an
//! [`Assessment`], and gated against thresholds from the config and flags.

pub mod answers;
pub mod config;
pub mod gate;
mod result;
pub mod review;
pub mod schedule;
pub mod scoring;
pub mod stamp;
pub mod timeline;
pub mod warnings;

pub use result::*;
