//! One module per subcommand: its arguments' meaning and a call into the library.

pub mod assess;
pub mod browse;
pub mod interview;
pub mod validate;
