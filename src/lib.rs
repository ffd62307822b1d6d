//! mera: readiness assessment against Executive Order 14409.
//!
//! The pipeline is load → validate → score → render, each a pure function
//! over plain data. Only the binary's `cli` module touches the terminal and
//! the file system; nothing in this library prints.
//!
//! ```
//! use mera::assessment::{answers, scoring};
//! use mera::content::{catalog::Catalog, set::QuestionnaireSet};
//! use mera::input::source::Source;
//! use mera::assessment::Readiness;
//!
//! let set = QuestionnaireSet::builtin();
//! // The content version the answers are given against, as `mera init` writes it.
//! let content = mera::assessment::stamp::Stamp::current(&set);
//! let text = format!("mera: 1
//! content: {}
//! organization: {{name: Demo, as_of: 2026-11-20}}
//! profile: {{develops_frontier_models: false, deploys_ai_agents: true, critical_infrastructure_operator: false}}
//! answers: {{agt.stop-control: yes, agt.identity-use: no}}
//! ", content.value_text(mera::input::source::Syntax::Yaml));
//! let (answers, warnings) = answers::load(&Source::new("demo.yaml", text), &set).unwrap();
//! assert!(warnings.is_empty());
//! let options = scoring::Options::on(answers.organization.as_of.unwrap());
//! let assessment = scoring::assess(&set, &Catalog::builtin(), &answers, &options);
//! assert_eq!(assessment.readiness, Readiness::NotReady);
//! assert!(assessment.gaps.iter().any(|g| g.question == "agt.identity-use"));
//! ```

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod assessment;
pub mod content;
pub mod input;
pub mod report;
pub mod text;
pub mod workshop;
