//! Small text helpers every layer uses (wrapping, plurals). They sit at the
//! bottom of the crate, beside `input`, so that content, assessment,
//! report and workshop all import them from below.

/// Greedy word wrap to `width` columns; each line is returned without its prefix.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Wrap `text` and put `prefix` before every line.
pub fn wrap_prefixed(text: &str, width: usize, prefix: &str) -> String {
    wrap(text, width.saturating_sub(prefix.chars().count()))
        .into_iter()
        .map(|l| format!("{prefix}{l}\n"))
        .collect()
}

/// Wrap `text` with `first` before the first line and `rest` before the
/// others (a hanging indent). Words longer than a line stay whole.
pub fn wrap_hanging(text: &str, width: usize, first: &str, rest: &str) -> String {
    let room = width.saturating_sub(first.chars().count().max(rest.chars().count()));
    wrap(text, room.max(20))
        .into_iter()
        .enumerate()
        .map(|(i, l)| format!("{}{l}\n", if i == 0 { first } else { rest }))
        .collect()
}

/// "1 file", "3 files".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_on_word_boundaries() {
        assert_eq!(
            wrap("one two three four", 9),
            vec!["one two", "three", "four"]
        );
        assert_eq!(wrap_prefixed("a b", 80, "# "), "# a b\n");
        assert_eq!(
            wrap_hanging(&"word ".repeat(12), 30, "→ ", "  "),
            "→ word word word word word\n  word word word word word\n  word word\n"
        );
    }
}
