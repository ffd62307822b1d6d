//! A loaded input file: its name, its text, and positions inside it.

use std::fmt;

/// The name standard input is reported under.
pub const STDIN_NAME: &str = "<stdin>";

/// Largest input file mera reads, in bytes. Real answers files and
/// questionnaires are a few kilobytes; anything near this is a mistake or an
/// attack, and is refused before parsing.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// How a file is written: YAML, or TOML (chosen by a `.toml` name, or by
/// `--stdin-format toml` for standard input).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Syntax {
    #[default]
    Yaml,
    Toml,
}

impl Syntax {
    pub fn of_name(name: &str) -> Syntax {
        let toml = std::path::Path::new(name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
        if toml { Syntax::Toml } else { Syntax::Yaml }
    }
}

/// The text of one input file and the name it is reported under.
#[derive(Clone, Debug)]
pub struct Source {
    pub name: String,
    pub text: String,
    pub syntax: Syntax,
    /// Where each line starts, found on first use: a file with 100,000
    /// problems would otherwise be scanned from the top for each snippet.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl Source {
    /// A leading UTF-8 byte-order mark (written by Notepad and Excel) is
    /// dropped, so it never becomes part of the first key.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let name = name.into();
        Source {
            syntax: Syntax::of_name(&name),
            name,
            text,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    /// The same text read as `syntax` whatever the name says (standard input).
    #[must_use]
    pub fn with_syntax(mut self, syntax: Syntax) -> Self {
        self.syntax = syntax;
        self
    }

    /// Line and column of a byte offset (clamped to the text).
    pub fn pos_of_offset(&self, offset: usize) -> Pos {
        pos_of_offset(&self.text, offset)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: u32) -> Option<&str> {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .filter(|&i| i < self.text.len())
                .collect()
        });
        let start = *starts.get(line.checked_sub(1)? as usize)?;
        let rest = &self.text[start..];
        let end = rest.find('\n').unwrap_or(rest.len());
        Some(rest[..end].trim_end_matches('\r'))
    }
}

/// Line and column of a byte offset in `text` (clamped to the text).
pub fn pos_of_offset(text: &str, offset: usize) -> Pos {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    Pos::new(to_u32(line), to_u32(col))
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_one_based_lines_and_character_columns() {
        let text = "ab\ncé d\n";
        assert_eq!(pos_of_offset(text, 0), Pos::new(1, 1));
        assert_eq!(pos_of_offset(text, 3), Pos::new(2, 1));
        // `é` is two bytes; the space after it is the third character.
        assert_eq!(pos_of_offset(text, 6), Pos::new(2, 3));
        assert_eq!(pos_of_offset(text, 999), Pos::new(3, 1));
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let s = Source::new("bom.yaml", "\u{feff}mera: 1\n");
        assert_eq!(s.text, "mera: 1\n");
        assert_eq!(s.line_text(1), Some("mera: 1"));
    }

    #[test]
    fn line_text_is_each_line_without_its_ending() {
        let src = Source::new("a", "one\r\ntwo\n\nfour");
        let lines: Vec<Option<&str>> = (0..=5).map(|n| src.line_text(n)).collect();
        assert_eq!(
            lines,
            vec![None, Some("one"), Some("two"), Some(""), Some("four"), None]
        );
        assert_eq!(Source::new("a", "x\n").line_text(2), None);
        assert_eq!(Source::new("a", "").line_text(1), None);
    }
}
