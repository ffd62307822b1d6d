//! `--output` for every command that takes it: `FORMAT:PATH`, or a `PATH`
//! whose extension names the format (`cal.ics`, `report.html`). The words
//! and extensions come from the command; the rules are the same for all:
//!
//! - `FORMAT:PATH` with a format word the command knows: that format, at PATH;
//! - a word the command does not know before the colon (`ics:cal.ics` to
//!   `assess`) is an error with the closest word, never part of a file name;
//! - otherwise the whole text is the path, and its extension picks the
//!   format (the command decides what happens when none does);
//! - two `--output`s naming one file (however spelled or linked) are refused.

use std::path::{Path, PathBuf};

use crate::cli::files;

/// The formats a command writes: the words `FORMAT:` takes, and the file
/// extensions (without the dot, longest first where one ends another) that
/// imply one.
pub struct Choices<F: 'static> {
    pub words: &'static [(&'static str, F)],
    pub extensions: &'static [(&'static str, F)],
}

impl<F: Copy + PartialEq> Choices<F> {
    /// One word per format (the first; later ones are aliases).
    pub fn names(&self) -> Vec<&'static str> {
        let mut names: Vec<(&'static str, F)> = Vec::new();
        for (word, format) in self.words {
            if !names.iter().any(|(_, f)| f == format) {
                names.push((word, *format));
            }
        }
        names.into_iter().map(|(w, _)| w).collect()
    }
}

/// One `--output`, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec<F> {
    pub path: PathBuf,
    /// The format named before the colon.
    pub named: Option<F>,
    /// The format the path's extension implies.
    pub inferred: Option<F>,
}

impl<F: Copy> Spec<F> {
    /// The named format, else the inferred one; else an error that says
    /// how to name it.
    pub fn format(&self, choices: &Choices<F>) -> Result<F, String> {
        self.named.or(self.inferred).ok_or_else(|| {
            let path = files::display(&self.path);
            format!(
                "--output `{path}` does not say which format to write: write FORMAT:PATH (e.g. --output {}:{path}) or use a known extension ({})",
                choices
                    .words
                    .iter()
                    .find(|(w, _)| *w == "json")
                    .or(choices.words.first())
                    .map_or("json", |(w, _)| *w),
                extension_list(choices)
            )
        })
    }
}

fn extension_list<F>(choices: &Choices<F>) -> String {
    let list: Vec<String> = choices
        .extensions
        .iter()
        .map(|(e, _)| format!(".{e}"))
        .collect();
    list.join(", ")
}

/// Whether `prefix` (the text before the first colon) reads as a format
/// word rather than part of a path.
fn word_like(prefix: &str) -> bool {
    !prefix.is_empty()
        && prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        // A Windows drive letter (`C:\reports\x.json`) is a path.
        && prefix.len() > 1
}

/// Parse one `--output` value.
pub fn parse<F: Copy + PartialEq>(spec: &str, choices: &Choices<F>) -> Result<Spec<F>, String> {
    let (named, path) = match spec.split_once(':') {
        Some((prefix, rest)) if word_like(prefix) => {
            let Some((_, format)) = choices
                .words
                .iter()
                .find(|(w, _)| w.eq_ignore_ascii_case(prefix))
            else {
                let names = choices.names();
                let hint = mera::input::diagnostic::suggestion(prefix, names.iter().copied())
                    .unwrap_or_else(|| format!("use {}", names.join(", ")));
                return Err(format!("unknown format `{prefix}`: {hint}"));
            };
            if rest.is_empty() {
                return Err(format!(
                    "--output `{spec}` names no file: write {prefix}:PATH"
                ));
            }
            (Some(*format), rest)
        }
        _ => (None, spec),
    };
    if path.is_empty() {
        return Err("--output needs a path: write FORMAT:PATH or PATH".to_string());
    }
    let path = PathBuf::from(path);
    Ok(Spec {
        inferred: infer(&path, choices),
        named,
        path,
    })
}

/// The format a path's extension implies (case-insensitively).
fn infer<F: Copy>(path: &Path, choices: &Choices<F>) -> Option<F> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    choices
        .extensions
        .iter()
        .find(|(ext, _)| {
            name.strip_suffix(ext)
                .is_some_and(|stem| stem.len() > 1 && stem.ends_with('.'))
        })
        .map(|(_, f)| *f)
}

/// Parse every `--output`, refusing two that name one file.
pub fn parse_all<F: Copy + PartialEq>(
    specs: &[String],
    choices: &Choices<F>,
) -> Result<Vec<Spec<F>>, String> {
    let parsed: Vec<Spec<F>> = specs
        .iter()
        .map(|s| parse(s, choices))
        .collect::<Result<_, _>>()?;
    for (i, later) in parsed.iter().enumerate() {
        if is_a_stream(&later.path) {
            continue;
        }
        if let Some(first) = parsed[..i]
            .iter()
            .find(|s| files::same_file(&s.path, &later.path))
        {
            let (a, b) = (files::display(&first.path), files::display(&later.path));
            let also = if a == b {
                String::new()
            } else {
                format!(" (as `{a}` and `{b}`)")
            };
            return Err(format!(
                "two --output flags name the same file{also}; the second would replace the first: give each format its own path"
            ));
        }
    }
    Ok(parsed)
}

/// A device, FIFO or open stream (`/dev/stdout`, `/dev/null`): several
/// outputs may go to one, each written through in turn.
fn is_a_stream(path: &Path) -> bool {
    let special =
        std::path::absolute(path).is_ok_and(|p| p.starts_with("/dev") || p.starts_with("/proc"));
    special || std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum F {
        Json,
        Sarif,
        Ics,
    }

    const CHOICES: Choices<F> = Choices {
        words: &[("json", F::Json), ("sarif", F::Sarif), ("ics", F::Ics)],
        extensions: &[
            ("sarif.json", F::Sarif),
            ("json", F::Json),
            ("sarif", F::Sarif),
            ("ics", F::Ics),
        ],
    };

    fn spec(text: &str) -> Spec<F> {
        parse(text, &CHOICES).unwrap()
    }

    #[test]
    fn a_format_word_before_the_colon_names_the_format() {
        let s = spec("ics:cal.ics");
        assert_eq!(
            (s.named, s.path.as_path()),
            (Some(F::Ics), Path::new("cal.ics"))
        );
        assert_eq!(spec("json:out/x.txt").format(&CHOICES), Ok(F::Json));
        assert_eq!(spec("JSON:x").named, Some(F::Json));
    }

    #[test]
    fn the_extension_names_the_format_when_no_word_does() {
        assert_eq!(spec("cal.ics").format(&CHOICES), Ok(F::Ics));
        assert_eq!(spec("dir/r.SARIF").format(&CHOICES), Ok(F::Sarif));
        assert_eq!(spec("r.sarif.json").format(&CHOICES), Ok(F::Sarif));
        assert_eq!(spec("./a:b.json").format(&CHOICES), Ok(F::Json));
        assert_eq!(spec("./a:b.json").path, Path::new("./a:b.json"));
        // A hidden file named only by the extension is not inferred.
        assert_eq!(spec(".json").inferred, None);
        let e = spec("report").format(&CHOICES).unwrap_err();
        assert!(e.contains("write FORMAT:PATH") && e.contains(".ics"), "{e}");
    }

    #[test]
    fn an_unknown_word_is_an_error_not_a_file_name() {
        let e = parse("icss:cal.ics", &CHOICES).unwrap_err();
        assert_eq!(e, "unknown format `icss`: did you mean `ics`?");
        let e = parse("html:r.html", &CHOICES).unwrap_err();
        assert_eq!(e, "unknown format `html`: use json, sarif, ics");
        assert!(
            parse("json:", &CHOICES)
                .unwrap_err()
                .contains("names no file")
        );
        assert!(parse("", &CHOICES).is_err());
    }

    #[test]
    fn two_outputs_to_one_file_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("r.json");
        let b = format!("sarif:{}/./r.json", dir.path().display());
        let e = parse_all(&[a.display().to_string(), b], &CHOICES).unwrap_err();
        assert!(e.contains("name the same file"), "{e}");
        let c = dir.path().join("r.sarif");
        assert!(
            parse_all(
                &[a.display().to_string(), c.display().to_string()],
                &CHOICES
            )
            .is_ok()
        );
    }
}
