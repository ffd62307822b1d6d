//! What the user named on the command line, expanded: files as given,
//! folders walked for YAML and TOML files, and `-` for standard input.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use mera::input::diagnostic::{Code, Diagnostic};
use mera::input::source::{Source, Syntax};

use crate::cli::Ui;
use crate::cli::files::{self, FileId};

/// Extensions a folder walk picks up.
pub const EXTENSIONS: [&str; 3] = ["yaml", "yml", "toml"];

/// One input to load.
#[derive(Debug)]
pub enum Input {
    /// A file named on the command line, or found in a folder (`walked`):
    /// a walked file that is not an answers file is skipped, not an error.
    File { path: PathBuf, walked: bool },
    /// Standard input, already read (it can be read only once).
    Stdin(Result<Source, Diagnostic>),
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Input::File { path, .. } => files::display(path),
            Input::Stdin(_) => files::STDIN_NAME.to_string(),
        }
    }

    /// The file's path; `None` for standard input.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::File { path, .. } => Some(path),
            Input::Stdin(_) => None,
        }
    }

    pub fn walked(&self) -> bool {
        matches!(self, Input::File { walked: true, .. })
    }

    /// The text, within the size limit.
    pub fn read(&self) -> Result<Source, Diagnostic> {
        match self {
            Input::File { path, .. } => files::read(path),
            Input::Stdin(read) => read.clone(),
        }
    }
}

/// The inputs of a run, and a warning for each file named more than once.
#[derive(Debug)]
pub struct Expanded {
    pub inputs: Vec<Input>,
    pub warnings: Vec<Diagnostic>,
}

impl Expanded {
    /// The inputs, once the warnings are on standard error (unless `quiet`),
    /// in the order the files were first named.
    pub fn warned(self, ui: &Ui, quiet: bool) -> Vec<Input> {
        if !quiet {
            for w in &self.warnings {
                ui.err(&w.render(None));
            }
        }
        self.inputs
    }
}

/// Expand the arguments in order: `-` reads standard input (as `syntax`),
/// a folder becomes the YAML and TOML files below it (sorted; hidden
/// entries, symbolic links to folders and `mera.toml` skipped), anything
/// else is a file. A folder with nothing to read is a problem (`what` says
/// what the command would have done, e.g. "assess"). `configs` keeps
/// `mera.toml` files found in folders (for `validate`). A file reached more
/// than once (named again, spelled another way, through a link or through a
/// folder; see [`files::FileId`]) is kept once, where it was first reached,
/// with a warning; named directly anywhere, it is not a walked file.
pub fn expand(
    args: &[PathBuf],
    syntax: Syntax,
    what: &str,
    configs: bool,
) -> Result<Expanded, Vec<Diagnostic>> {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    let mut stdin_read = false;
    let mut seen: HashMap<FileId, usize> = HashMap::new();
    // For an input reached more than once: how the later times named it.
    let mut again: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut add = |inputs: &mut Vec<Input>, path: PathBuf, walked: bool| {
        let id = files::file_id(&path);
        if let Some(&i) = seen.get(&id) {
            again.entry(i).or_default().push(files::display(&path));
            if !walked && let Input::File { walked: w, .. } = &mut inputs[i] {
                *w = false;
            }
        } else {
            seen.insert(id, inputs.len());
            inputs.push(Input::File { path, walked });
        }
    };
    for arg in args {
        if arg.as_os_str() == "-" {
            if stdin_read {
                problems.push(
                    Diagnostic::error(
                        Code::Unreadable,
                        files::STDIN_NAME,
                        None,
                        "`-` (standard input) is named twice",
                    )
                    .with_help("standard input can be read only once; name it once"),
                );
                continue;
            }
            stdin_read = true;
            let read = files::read_stdin().map(|s| s.with_syntax(syntax));
            inputs.push(Input::Stdin(read));
        } else if arg.is_dir() {
            let mut found = Vec::new();
            if let Err(d) = walk(arg, configs, &mut found) {
                problems.push(d);
                continue;
            }
            if found.is_empty() {
                problems.push(nothing_in(arg, what));
            }
            for path in found {
                add(&mut inputs, path, true);
            }
        } else {
            add(&mut inputs, arg.clone(), false);
        }
    }
    let warnings: Vec<Diagnostic> = again
        .into_iter()
        .map(|(i, names)| named_twice(&inputs[i].name(), &names))
        .collect();
    if problems.is_empty() {
        Ok(Expanded { inputs, warnings })
    } else {
        problems.extend(warnings);
        Err(problems)
    }
}

/// "`f.yaml` is named twice; read once", with the other names it went by.
fn named_twice(first: &str, again: &[String]) -> Diagnostic {
    let times = match again.len() + 1 {
        2 => "twice".to_string(),
        n => format!("{n} times"),
    };
    let mut others: Vec<String> = Vec::new();
    for name in again {
        let quoted = format!("`{name}`");
        if name != first && !others.contains(&quoted) {
            others.push(quoted);
        }
    }
    let help = if others.is_empty() {
        "name each file once".to_string()
    } else {
        format!("also named as {}; name each file once", others.join(", "))
    };
    Diagnostic::warning(
        Code::NamedTwice,
        first,
        None,
        format!("`{first}` is named {times}; read once"),
    )
    .with_help(help)
}

/// "nothing to assess in EMPTY/": a folder without a file to read.
pub fn nothing_in(dir: &Path, what: &str) -> Diagnostic {
    let mut name = files::display(dir);
    if !name.ends_with('/') {
        name.push('/');
    }
    Diagnostic::error(
        Code::Unreadable,
        &name,
        None,
        format!("nothing to {what} in {name}"),
    )
    .with_help(match what {
        "validate" => "the folder holds no .yaml, .yml or .toml file; name the files or the folder that holds them",
        _ => "the folder holds no answers file (a .yaml, .yml or .toml file starting with `mera: 1`); name the files or the folder that holds them",
    })
}

fn walk(dir: &Path, configs: bool, out: &mut Vec<PathBuf>) -> Result<(), Diagnostic> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Diagnostic::error(
            Code::Unreadable,
            &files::display(dir),
            None,
            format!("cannot list the folder: {}", files::io_reason(&e)),
        )
        .with_help("check the folder's permissions, or name the files in it")
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    paths.sort();
    for path in paths {
        let Ok(link) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if link.is_dir() {
            walk(&path, configs, out)?;
        } else if is_candidate(&path, configs) {
            out.push(path);
        }
    }
    Ok(())
}

/// A YAML or TOML file (a config only when `configs`).
fn is_candidate(path: &Path, configs: bool) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let ext_ok = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)));
    let config = mera::assessment::config::FILE_NAMES.contains(&name);
    ext_ok && (configs || !config) && path.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_walked_in_order_skipping_hidden_files_and_configs() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("b/deeper")).unwrap();
        std::fs::create_dir_all(d.join(".git")).unwrap();
        for f in [
            "z.yaml",
            "a.toml",
            "b/deeper/c.yml",
            "b/notes.txt",
            "mera.toml",
            ".hidden.yaml",
            ".git/x.yaml",
        ] {
            std::fs::write(d.join(f), "mera: 1\n").unwrap();
        }
        let inputs = expand(&[d.to_path_buf()], Syntax::Yaml, "assess", false)
            .unwrap()
            .inputs;
        let names: Vec<String> = inputs
            .iter()
            .map(|i| {
                let Input::File { path, walked } = i else {
                    panic!()
                };
                assert!(walked);
                path.strip_prefix(d).unwrap().display().to_string()
            })
            .collect();
        assert_eq!(names, ["a.toml", "b/deeper/c.yml", "z.yaml"]);
        let with_configs = expand(&[d.to_path_buf()], Syntax::Yaml, "validate", true).unwrap();
        assert_eq!(with_configs.inputs.len(), 4);
        assert!(with_configs.warnings.is_empty());
    }

    #[test]
    fn a_file_reached_twice_is_kept_once_where_first_seen() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for f in ["a.yaml", "b.yaml"] {
            std::fs::write(d.join(f), "mera: 1\n").unwrap();
        }
        // Walked first, then named: kept first, and no longer a walked file.
        let args = [d.to_path_buf(), d.join("b.yaml"), d.join("./a.yaml")];
        let e = expand(&args, Syntax::Yaml, "assess", false).unwrap();
        let kept: Vec<(String, bool)> = e.inputs.iter().map(|i| (i.name(), i.walked())).collect();
        let name = |f: &str| files::display(&d.join(f));
        assert_eq!(kept, [(name("a.yaml"), false), (name("b.yaml"), false)]);
        assert_eq!(e.warnings.len(), 2);
        assert_eq!(
            e.warnings[0].message,
            format!("`{}` is named twice; read once", name("a.yaml"))
        );
    }

    #[test]
    fn an_empty_folder_is_a_problem_that_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let problems =
            expand(&[dir.path().to_path_buf()], Syntax::Yaml, "validate", true).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.starts_with("nothing to validate in "));
        assert!(problems[0].message.ends_with('/'));
    }
}
