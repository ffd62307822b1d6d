//! Content: the provision catalog, the questionnaires and their conditions,
//! the set they form and its checks, and the views of it (browse, template).

pub mod browse;
pub mod catalog;
pub mod condition;
pub mod history;
pub mod questionnaire;
pub mod reachability;
pub mod schema;
pub mod set;
pub mod template;
