//! Workshop: the commands a consultant runs in the room, as pure functions
//! over the same answers files `assess` reads. The interview's state
//! machine, in-place edits to an answers file, the diff of two assessments,
//! the merge of several respondents, the dated timeline and the shortest
//! plan to a readiness level. The CLI drives them; nothing here prints.

pub mod edit;
pub mod interview;
pub mod yaml_text;
