//! What kind of mera file a parsed document is, judged by its top-level keys.

use crate::input::doc::Node;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Starts with `mera: 1`.
    Answers,
    /// Has `questions`, `facts` or an `id`.
    Questionnaire,
    /// Nothing in it (or only comments): an answers file not yet written,
    /// or one emptied by mistake. Never taken for "not a mera file".
    Empty,
}

/// Keys only an answers file has: a file with one of them but no `mera: 1`
/// is a broken answers file, not some other YAML.
pub const ANSWERS_KEYS: [&str; 4] = ["organization", "profile", "answers", "waivers"];

pub const UNKNOWN_HELP: &str = "an answers file starts with `mera: 1`; a questionnaire has `id`, `title`, `version` and `questions`";

impl FileKind {
    pub fn detect(root: &Node) -> Option<FileKind> {
        if root.get("mera").is_some() {
            Some(FileKind::Answers)
        } else if root.is_empty_document() {
            Some(FileKind::Empty)
        } else if ["questions", "facts", "id"]
            .iter()
            .any(|k| root.get(k).is_some())
        {
            Some(FileKind::Questionnaire)
        } else if ANSWERS_KEYS.iter().any(|k| root.get(k).is_some()) {
            Some(FileKind::Answers)
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
        // A broken answers file is still an answers file.
        assert_eq!(
            kind("organization: {name: X}\nanswers: {}\n"),
            Some(FileKind::Answers)
        );
        assert_eq!(kind("waivers: []\n"), Some(FileKind::Answers));
        assert_eq!(kind(""), Some(FileKind::Empty));
        assert_eq!(kind("# only a comment\n"), Some(FileKind::Empty));
        assert_eq!(kind("---\n"), Some(FileKind::Empty));
    }
}
