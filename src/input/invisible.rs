//! Characters a reader cannot see that change what a parser reads: control
//! characters (a NUL ends the YAML parser's input early, so the rest of the
//! file would silently vanish) anywhere, and no-break or zero-width spaces
//! where they change a key or its indentation (`answers` with a zero-width
//! space in front looks right and is not). Found before parsing, each at
//! its own place.

use super::diagnostic::{Code, Diagnostic};
use super::source::Source;

/// At most this many places are reported per file; the rest are counted.
const MAX_REPORTED: usize = 20;

/// Every invisible character that would change how the file reads. A
/// byte-order mark at the very start is allowed (editors write it).
pub fn check(source: &Source) -> Vec<Diagnostic> {
    let mut found: Vec<(usize, char, bool)> = Vec::new();
    let mut offset = 0;
    for line in source.text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let key_end = key_end(body);
        for (i, c) in body.char_indices() {
            let at = offset + i;
            if at == 0 && c == '\u{feff}' {
                continue;
            }
            if is_control(c) {
                found.push((at, c, false));
            } else if is_blank_lookalike(c) && i < key_end {
                found.push((at, c, true));
            }
        }
        // A carriage return not before a newline is a control too.
        if let Some(i) = body.find('\r') {
            found.push((offset + i, '\r', false));
        }
        offset += line.len();
    }
    found.sort_by_key(|(at, _, _)| *at);
    // One place per line: the first is enough to find the others.
    found.dedup_by_key(|(at, _, _)| source.pos_of_offset(*at).line);
    let total = found.len();
    let mut out: Vec<Diagnostic> = found
        .into_iter()
        .take(MAX_REPORTED)
        .map(|(at, c, in_key)| {
            let pos = source.pos_of_offset(at);
            let what = format!("U+{:04X} {}", u32::from(c), name(c));
            let (message, help) = if in_key {
                (
                    format!("an invisible character ({what}) in this line's key or indentation"),
                    "delete it and retype the key with plain spaces before it: it looks right on screen but is not the key it seems".to_string(),
                )
            } else {
                (
                    format!("an invisible control character ({what})"),
                    "delete it (an editor's \"show invisibles\" or `cat -A` shows where); a control character cannot appear in an answers file or questionnaire".to_string(),
                )
            };
            Diagnostic::error(Code::InvisibleCharacter, &source.name, Some(pos), message)
                .with_help(help)
        })
        .collect();
    if total > MAX_REPORTED
        && let Some(last) = out.last_mut()
    {
        last.message
            .push_str(&format!(" (and {} more places)", total - MAX_REPORTED));
    }
    out
}

/// Where a line's key ends: the indentation and the first word, up to its
/// `:` (YAML) or `=` (TOML), when that word holds no ordinary space (keys
/// in these files never do); otherwise just the indentation, so that text
/// inside values (a note with a no-break space) is left alone.
fn key_end(line: &str) -> usize {
    let indent_end = line
        .char_indices()
        .find(|&(_, c)| !(c == ' ' || c == '\t' || is_blank_lookalike(c)))
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[indent_end..];
    if rest.starts_with('#') {
        return indent_end;
    }
    let rest = rest.strip_prefix("- ").unwrap_or(rest);
    let start = line.len() - rest.len();
    match rest.find([':', '=']) {
        Some(end) if !rest[..end].trim_end().contains([' ', '\t', '"', '\'']) => start + end,
        _ => indent_end,
    }
}

/// C0 and C1 controls and DEL, other than tab and line endings.
fn is_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Characters that show as a space or as nothing.
fn is_blank_lookalike(c: char) -> bool {
    matches!(
        c,
        '\u{00a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200d}' | '\u{202f}' | '\u{205f}' | '\u{2060}' | '\u{3000}' | '\u{feff}'
    )
}

fn name(c: char) -> &'static str {
    match c {
        '\0' => "NUL",
        '\r' => "CARRIAGE RETURN",
        '\u{7f}' => "DELETE",
        '\u{a0}' => "NO-BREAK SPACE",
        '\u{200b}' => "ZERO WIDTH SPACE",
        '\u{200c}' => "ZERO WIDTH NON-JOINER",
        '\u{200d}' => "ZERO WIDTH JOINER",
        '\u{2060}' => "WORD JOINER",
        '\u{feff}' => "ZERO WIDTH NO-BREAK SPACE (byte-order mark)",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        c if c.is_control() => "control character",
        _ => "space",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::source::Pos;

    fn places(text: &str) -> Vec<(Pos, String)> {
        check(&Source::new("t.yaml", text))
            .into_iter()
            .map(|d| (d.pos.unwrap(), d.message))
            .collect()
    }

    #[test]
    fn a_nul_is_found_wherever_it_is() {
        let p = places("mera: 1\n\0answers:\n  a: \"x\0y\"\n");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].0, Pos::new(2, 1));
        assert!(p[0].1.contains("U+0000 NUL"), "{p:?}");
        assert_eq!(p[1].0, Pos::new(3, 8));
    }

    #[test]
    fn a_zero_width_space_in_a_key_and_a_no_break_space_in_indentation_are_found() {
        let p = places("mera: 1\n\u{200b}answers:\n\u{a0}\u{a0}agt.inventory: yes\n");
        assert_eq!(p.len(), 2, "one place per line: {p:?}");
        assert_eq!(p[0].0, Pos::new(2, 1));
        assert!(p[0].1.contains("ZERO WIDTH SPACE"));
        assert_eq!(p[1].0, Pos::new(3, 1));
        assert!(p[1].1.contains("NO-BREAK SPACE"));
    }

    #[test]
    fn values_comments_a_leading_bom_and_crlf_are_left_alone() {
        let text = "\u{feff}mera: 1\r\n# a\u{a0}comment\r\nanswers:\r\n  a: {answer: yes, note: \"a\u{a0}b: c\u{200d}\"}\r\n  b:\r\n    note: >\r\n      two\u{a0}pages of notes: a colon\r\n";
        assert_eq!(places(text), vec![]);
    }

    #[test]
    fn a_lone_carriage_return_is_a_control_character() {
        let p = places("mera: 1\ra: b\n");
        assert_eq!(p.len(), 1);
        assert!(p[0].1.contains("CARRIAGE RETURN"));
    }

    #[test]
    fn many_places_are_capped_and_counted() {
        let text = "\u{1}\u{1}\n".repeat(25);
        let p = places(&text);
        assert_eq!(p.len(), MAX_REPORTED);
        assert!(p.last().unwrap().1.ends_with("(and 5 more places)"));
    }
}
