//! Problems found in input files, as data: a stable code, a place, a message
//! and the fix. Rendering them is the CLI's job; `render` here only builds text.

use std::fmt::Write as _;

use serde::Serialize;

use crate::input::source::{Pos, Source};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
}

/// Every kind of problem mera reports. The kebab-case names are stable: they
/// appear in messages, JSON and SARIF rule ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    Unreadable,
    NotUtf8,
    TooLarge,
    YamlSyntax,
    TomlSyntax,
    TooDeep,
    TooManyNodes,
    DuplicateKey,
    UnknownKey,
    MissingKey,
    WrongType,
    InvalidValue,
    InvalidDate,
    UnsupportedVersion,
    UnknownFileKind,
    UnknownQuestion,
    UnknownFact,
    UnknownProvision,
    MissingFact,
    InvalidAnswer,
    NotApplicableRefused,
    ReplacedQuestion,
    DuplicateId,
    InvalidId,
    ConditionCycle,
    MissingAction,
    DuplicateWaiver,
    DuplicateAnswer,
    UnreachableQuestion,
    UnusedProvision,
    InapplicableAnswer,
    OldAssessment,
    ReviewedAfterAsOf,
    PrivilegedUnredacted,
    /// Respondents' files disagree on a fact that must be the same (merge).
    Disagreement,
    /// One file named more than once on a command line (directly, or
    /// through a folder): read once.
    NamedTwice,
    /// A condition that would let an answer (other than a complete decline)
    /// or an unstated fact switch questions off.
    ClosingCondition,
    /// `precedes` entries (with decisions' edges) that form a cycle.
    ScheduleCycle,
    UnknownEvent,
    /// `n/a` that the stated profile facts rule out.
    NotApplicableContradicts,
    /// Evidence that is a placeholder (`tbd`, `-`…), not evidence.
    PlaceholderEvidence,
    /// A waiver that lasts past the event its question prepares for.
    WaiverOutlivesEvent,
    /// A decision put off past the day the schedule needs it.
    LateDecision,
    /// An answers file is answered against older (or newer) content.
    ContentChanged,
    /// A file or standard input with nothing in it.
    EmptyInput,
    /// `as_of` after today.
    FutureAsOf,
    /// A `decide_by` before the assessment date.
    DecideByBeforeAsOf,
    /// `mera init`'s placeholders left in `organization`.
    TemplatePlaceholder,
    /// An active waiver that expires within 30 days of the run date.
    WaiverExpiring,
    /// A control character, or a no-break or zero-width space in a key.
    InvisibleCharacter,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Unreadable => "unreadable",
            Code::NotUtf8 => "not-utf8",
            Code::TooLarge => "too-large",
            Code::YamlSyntax => "yaml-syntax",
            Code::TomlSyntax => "toml-syntax",
            Code::TooDeep => "too-deep",
            Code::TooManyNodes => "too-many-nodes",
            Code::DuplicateKey => "duplicate-key",
            Code::UnknownKey => "unknown-key",
            Code::MissingKey => "missing-key",
            Code::WrongType => "wrong-type",
            Code::InvalidValue => "invalid-value",
            Code::InvalidDate => "invalid-date",
            Code::UnsupportedVersion => "unsupported-version",
            Code::UnknownFileKind => "unknown-file-kind",
            Code::UnknownQuestion => "unknown-question",
            Code::UnknownFact => "unknown-fact",
            Code::UnknownProvision => "unknown-provision",
            Code::MissingFact => "missing-fact",
            Code::InvalidAnswer => "invalid-answer",
            Code::NotApplicableRefused => "not-applicable-refused",
            Code::ReplacedQuestion => "replaced-question",
            Code::DuplicateId => "duplicate-id",
            Code::InvalidId => "invalid-id",
            Code::ConditionCycle => "condition-cycle",
            Code::MissingAction => "missing-action",
            Code::DuplicateWaiver => "duplicate-waiver",
            Code::DuplicateAnswer => "duplicate-answer",
            Code::UnreachableQuestion => "unreachable-question",
            Code::UnusedProvision => "unused-provision",
            Code::InapplicableAnswer => "inapplicable-answer",
            Code::OldAssessment => "old-assessment",
            Code::ReviewedAfterAsOf => "reviewed-after-as-of",
            Code::PrivilegedUnredacted => "privileged-unredacted",
            Code::Disagreement => "disagreement",
            Code::NamedTwice => "named-twice",
            Code::ClosingCondition => "closing-condition",
            Code::ScheduleCycle => "schedule-cycle",
            Code::UnknownEvent => "unknown-event",
            Code::NotApplicableContradicts => "not-applicable-contradicts",
            Code::PlaceholderEvidence => "placeholder-evidence",
            Code::WaiverOutlivesEvent => "waiver-outlives-event",
            Code::LateDecision => "late-decision",
            Code::ContentChanged => "content-changed",
            Code::EmptyInput => "empty-input",
            Code::FutureAsOf => "future-as-of",
            Code::DecideByBeforeAsOf => "decide-by-before-as-of",
            Code::TemplatePlaceholder => "template-placeholder",
            Code::WaiverExpiring => "waiver-expiring",
            Code::InvisibleCharacter => "invisible-character",
        }
    }
}

/// One problem in one file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub level: Level,
    pub code: Code,
    pub file: String,
    pub pos: Option<Pos>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, file: &str, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Error,
            code,
            file: file.to_string(),
            pos,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(code: Code, file: &str, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Warning,
            ..Diagnostic::error(code, file, pos, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    /// `file:line:col` (or just the file when there is no position).
    pub fn location(&self) -> String {
        match self.pos {
            Some(pos) => format!("{}:{}", self.file, pos),
            None => self.file.clone(),
        }
    }

    /// Text in the shape cargo uses: a headline with the place, the source
    /// line with a caret under the column, then the fix.
    pub fn render(&self, source: Option<&Source>) -> String {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        let mut out = format!(
            "{level}[{}]: {}: {}\n",
            self.code.as_str(),
            self.location(),
            self.message
        );
        let mut pad = " ".to_string();
        if let (Some(pos), Some(src)) = (self.pos, source)
            && let Some(line) = src.line_text(pos.line)
        {
            let gutter = pos.line.to_string();
            pad = " ".repeat(gutter.len());
            let skip = pos.col.saturating_sub(1) as usize;
            let (line, skip) = snippet_window(line, skip);
            // Controls would print as nothing, or move the cursor: show a
            // replacement mark in their place, one column for one.
            let line: String = line
                .chars()
                .map(|c| {
                    if c.is_control() && c != '\t' {
                        '\u{fffd}'
                    } else {
                        c
                    }
                })
                .collect();
            let line = line.as_str();
            let caret_pad: String = line
                .chars()
                .take(skip)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let carets = "^".repeat(token_len(line, skip));
            let _ = writeln!(
                out,
                "{pad} |\n{gutter} | {line}\n{pad} | {caret_pad}{carets}"
            );
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "{pad} = help: {help}");
        }
        out
    }
}

/// Rendered diagnostics (and notes) wrapped to a terminal's `width` on word
/// boundaries: each message with a hanging indent, each `= help:` under its
/// own start; the snippet lines, which must line up with their carets, stay
/// as they are. Off a terminal, lines are left whole so that they can be
/// searched by line.
pub fn wrap_for_terminal(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let ending = &line[body.len()..];
        let help_at = body
            .find("= help: ")
            .filter(|&i| body[..i].trim().is_empty());
        let wrapped = if body.chars().count() <= width {
            None
        } else if let Some(at) = help_at {
            let first = &body[..at + "= help: ".len()];
            let rest = " ".repeat(first.chars().count());
            Some(crate::text::wrap_hanging(
                &body[first.len()..],
                width,
                first,
                &rest,
            ))
        } else if ["error", "warning", "note:"]
            .iter()
            .any(|p| body.starts_with(p))
        {
            Some(crate::text::wrap_hanging(body, width, "", "    "))
        } else {
            None
        };
        match wrapped {
            Some(w) => {
                out.push_str(w.trim_end_matches('\n'));
                out.push_str(ending);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// Longest source line shown whole in a snippet, in characters.
pub const MAX_SNIPPET_CHARS: usize = 160;

/// The part of a long line around the column (`…` marks what is left
/// out), and the column's place in it. Without this, every problem on one
/// 4 MiB line would print the whole line: a 19 KB file made 56 MB of errors.
fn snippet_window(line: &str, skip: usize) -> (String, usize) {
    let len = line.chars().count();
    if len <= MAX_SNIPPET_CHARS {
        return (line.to_string(), skip);
    }
    let start = skip.min(len).saturating_sub(MAX_SNIPPET_CHARS / 4);
    let end = (start + MAX_SNIPPET_CHARS).min(len);
    let mut window = String::new();
    if start > 0 {
        window.push('…');
    }
    window.extend(line.chars().skip(start).take(end - start));
    if end < len {
        window.push('…');
    }
    (window, skip - start + usize::from(start > 0))
}

/// Characters from `start` to the end of the key or value there: a quoted
/// string to its closing quote; plain text, spaces included, up to a `: `
/// that ends a key, a ` = ` (TOML), a ` #` comment, or (in a flow
/// collection) a `,`, `]` or `}`.
fn token_len(line: &str, start: usize) -> usize {
    let chars: Vec<char> = line.chars().collect();
    let rest = chars.get(start..).unwrap_or_default();
    let len = match rest.first() {
        Some(&q) if q == '"' || q == '\'' => quoted_len(rest, q),
        Some(_) => {
            let in_flow = chars[..start].iter().any(|c| matches!(c, '{' | '['));
            plain_len(rest, in_flow)
        }
        None => 0,
    };
    len.max(1)
}

fn quoted_len(rest: &[char], quote: char) -> usize {
    let mut i = 1;
    while i < rest.len() {
        match rest[i] {
            '\\' if quote == '"' => i += 2,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    rest.len()
}

fn plain_len(rest: &[char], in_flow: bool) -> usize {
    let spaced = |i: usize| rest.get(i).is_none_or(|c| c.is_whitespace());
    let mut end = rest.len();
    for (i, &c) in rest.iter().enumerate() {
        let stop = match c {
            ':' => spaced(i + 1),
            '=' => i > 0 && spaced(i - 1),
            '#' => i > 0 && spaced(i - 1),
            ',' | ']' | '}' => in_flow,
            _ => false,
        };
        if stop {
            end = i;
            break;
        }
    }
    let text = &rest[..end];
    text.len() - text.iter().rev().take_while(|c| c.is_whitespace()).count()
}

/// Sort for output: by file, then position, then code, so a run's report is
/// stable whatever order the checks ran in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.pos, a.code, &a.message).cmp(&(&b.file, b.pos, b.code, &b.message))
    });
}

/// The closest of `candidates` to `wrong`, when it is close enough to be a
/// plausible typo.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    let len = wrong.chars().count();
    for candidate in candidates {
        // The distance is at least the difference in length, so a name much
        // longer or shorter than the candidate cannot reach the threshold;
        // skipping it keeps thousands of unknown keys from taking seconds.
        let other = candidate.chars().count();
        if len.abs_diff(other) > 1 && len.abs_diff(other) as f64 > 0.3 * len.max(other) as f64 {
            continue;
        }
        let score = strsim::normalized_damerau_levenshtein(wrong, candidate);
        // A short word is near only with one slip (`yse`, `na`), which
        // the ratio alone would call too far.
        let short_slip = len.max(other) <= 4
            && len.min(other) >= 2
            && strsim::damerau_levenshtein(wrong, candidate) == 1;
        if (score >= 0.7 || short_slip) && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// `help` text suggesting the closest candidate, if any.
pub fn suggestion<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    did_you_mean(wrong, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// Join names as prose: "`a`", "`a` or `b`", "`a`, `b` or `c`".
pub fn one_of(names: &[&str]) -> String {
    joined(names, "or")
}

/// Join names as prose: "`a`", "`a` and `b`", "`a`, `b` and `c`".
pub fn all_of(names: &[&str]) -> String {
    joined(names, "and")
}

fn joined(names: &[&str], word: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {word} {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_words_one_slip_away_are_suggested() {
        let words = ["yes", "partial", "no", "unknown", "n/a"];
        assert_eq!(did_you_mean("yse", words), Some("yes"));
        assert_eq!(did_you_mean("na", words), Some("n/a"));
        assert_eq!(did_you_mean("nope", words), None);
        assert_eq!(did_you_mean("x", words), None);
        assert_eq!(did_you_mean("partail", words), Some("partial"));
    }

    #[test]
    fn messages_and_help_wrap_and_snippets_stay_whole() {
        let d = Diagnostic::error(
            Code::UnknownKey,
            "readiness.yaml",
            Some(Pos::new(2, 3)),
            "a message long enough that it cannot fit on one line of forty columns",
        )
        .with_help("a help text that also runs well past the forty columns");
        let source = Source::new(
            "readiness.yaml",
            "mera: 1\n  a very long line of the file that must not be wrapped: x\n",
        );
        let wrapped = wrap_for_terminal(&d.render(Some(&source)), 40);
        assert_eq!(
            wrapped,
            "error[unknown-key]:\n    readiness.yaml:2:3: a message long\n    enough that it cannot fit on one\n    line of forty columns\n  |\n2 |   a very long line of the file that must not be wrapped: x\n  |   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n  = help: a help text that also runs\n          well past the forty columns\n"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        let ids = ["tdw.release-buffer", "tdw.ip-terms"];
        assert_eq!(
            did_you_mean("tdw.release-bufer", ids),
            Some("tdw.release-buffer")
        );
        assert_eq!(did_you_mean("cme.something-else", ids), None);
    }

    #[test]
    fn lists_read_as_prose() {
        assert_eq!(one_of(&["a"]), "`a`");
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
        assert_eq!(all_of(&["a", "b"]), "`a` and `b`");
    }

    #[test]
    fn carets_cover_the_whole_key_or_value() {
        let at = |line: &str, col: usize| token_len(line, col);
        // A multi-word plain value, not just its first word.
        assert_eq!(at("  expires: next year  # soon", 11), "next year".len());
        // A key stops at its colon; a TOML key at ` = `.
        assert_eq!(at("  tdw.release-bufer: yes", 2), "tdw.release-bufer".len());
        assert_eq!(at("agt.inventoy = \"yes\"", 0), "agt.inventoy".len());
        // Quoted strings run to their closing quote, escapes included.
        assert_eq!(at(r#"note: "a \"b\" c" # x"#, 6), r#""a \"b\" c""#.len());
        // In a flow mapping a comma ends the value.
        assert_eq!(at("x: {answer: maybe so, note: n}", 12), "maybe so".len());
        // A URL's colon is not a key's.
        assert_eq!(
            at("- https://x.example/a b", 2),
            "https://x.example/a b".len()
        );
        assert_eq!(at("a:", 2), 1);
    }

    #[test]
    fn a_long_line_is_shown_around_the_column() {
        let line = format!("answers: {{{}bad.key: 1}}", "k: 1, ".repeat(2000));
        let src = Source::new("f.yaml", line.clone());
        let col = line.find("bad.key").unwrap() + 1;
        let d = Diagnostic::error(
            Code::UnknownQuestion,
            "f.yaml",
            Some(Pos::new(1, u32::try_from(col).unwrap())),
            "unknown question `bad.key`",
        );
        let text = d.render(Some(&src));
        let lines: Vec<&str> = text.lines().collect();
        let shown = lines[2].strip_prefix("1 | ").unwrap();
        assert!(shown.starts_with('…') && shown.ends_with("bad.key: 1}"));
        assert!(shown.chars().count() <= MAX_SNIPPET_CHARS + 2);
        let caret = lines[3].strip_prefix("  | ").unwrap();
        let at = caret.chars().position(|c| c == '^').unwrap();
        let under: String = shown.chars().skip(at).take(7).collect();
        assert_eq!(under, "bad.key");
        assert!(text.len() < 600);
    }

    #[test]
    fn renders_place_source_line_caret_and_help() {
        let src = Source::new("f.yaml", "a: 1\nbb: 2\n");
        let d = Diagnostic::error(
            Code::UnknownKey,
            "f.yaml",
            Some(Pos::new(2, 1)),
            "unknown key `bb`",
        )
        .with_help("did you mean `b`?");
        assert_eq!(
            d.render(Some(&src)),
            "error[unknown-key]: f.yaml:2:1: unknown key `bb`\n  |\n2 | bb: 2\n  | ^^\n  = help: did you mean `b`?\n"
        );
    }
}
