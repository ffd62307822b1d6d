//! One module per subcommand: its arguments' meaning and a call into the library.

pub mod answers_file;
pub mod assess;
pub mod browse;
pub mod changes;
pub mod diff;
pub mod interview;
pub mod merge;
pub mod packaging;
pub mod plan;
pub mod schema;
pub mod summary;
pub mod timeline;
pub mod upgrade;
pub mod validate;
