//! What kind of mera file a parsed document is, judged by its top-level keys.

use crate::input::doc::Node;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Starts with `mera: 1`.
    Answers,
    /// Has `questions`, `facts` or an `id`.
    Questionnaire,
}

pub const UNKNOWN_HELP: &str = "an answers file starts with `mera: 1`; a questionnaire has `id`, `title`, `version` and `questions`";

impl FileKind {
    pub fn detect(root: &Node) -> Option<FileKind> {
        if root.get("mera").is_some() {
            Some(FileKind::Answers)
        } else if ["questions", "facts", "id"]
            .iter()
            .any(|k| root.get(k).is_some())
        {
            Some(FileKind::Questionnaire)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::source::Source;

    fn kind(text: &str) -> Option<FileKind> {
        FileKind::detect(&crate::input::yaml::parse(&Source::new("k.yaml", text)).unwrap())
    }

    #[test]
    fn detects_by_top_level_keys() {
        assert_eq!(kind("mera: 1\n"), Some(FileKind::Answers));
        assert_eq!(
            kind("id: x\nquestions: []\n"),
            Some(FileKind::Questionnaire)
        );
        assert_eq!(kind("facts: []\n"), Some(FileKind::Questionnaire));
        assert_eq!(kind("name: x\n"), None);
    }
}
