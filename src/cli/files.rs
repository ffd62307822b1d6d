//! Reading from the file system: inputs within limits, the config, folders,
//! and what makes two paths one file. Writing is in `write`.

use std::io::Read;
use std::path::{Path, PathBuf};

use mera::input::diagnostic::{Code, Diagnostic};
use mera::input::source::{MAX_FILE_BYTES, Source, pos_of_offset};

pub fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Read a UTF-8 text file no larger than [`MAX_FILE_BYTES`]. Only regular
/// files are read: a device, FIFO or `/proc` file can report a length of 0
/// and never end, so it is refused by kind, and every read is capped at the
/// limit plus one byte whatever the metadata says.
pub fn read(path: &Path) -> Result<Source, Diagnostic> {
    let name = display(path);
    let fail = |code, message: String, help: &str| {
        Err(Diagnostic::error(code, &name, None, message).with_help(help))
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            return fail(
                Code::Unreadable,
                format!("cannot read `{name}`: {}", io_reason(&e)),
                "check the path",
            );
        }
    };
    if meta.is_dir() {
        return fail(
            Code::Unreadable,
            format!("`{name}` is a folder, not a file"),
            "name a file inside it",
        );
    }
    if !meta.is_file() {
        return fail(
            Code::Unreadable,
            format!("`{name}` is not a regular file (a device, pipe or socket)"),
            "name an answers file, questionnaire or config; to read standard input, pass `-`",
        );
    }
    match std::fs::File::open(path) {
        Ok(file) => read_limited(file, name),
        Err(e) => fail(
            Code::Unreadable,
            format!("cannot read `{name}`: {}", io_reason(&e)),
            "check the path and its permissions",
        ),
    }
}

pub use mera::input::source::STDIN_NAME;

/// Read standard input, within the same limit as a file.
pub fn read_stdin() -> Result<Source, Diagnostic> {
    read_limited(std::io::stdin().lock(), STDIN_NAME.to_string())
}

/// Read at most [`MAX_FILE_BYTES`] + 1 bytes: one more than the limit is
/// enough to know the input is too large, and no input can fill memory.
fn read_limited(reader: impl Read, name: String) -> Result<Source, Diagnostic> {
    let mut bytes = Vec::new();
    let limit = MAX_FILE_BYTES as u64 + 1;
    if let Err(e) = reader.take(limit).read_to_end(&mut bytes) {
        return Err(Diagnostic::error(
            Code::Unreadable,
            &name,
            None,
            format!("cannot read `{name}`: {}", io_reason(&e)),
        )
        .with_help("check the path and its permissions"));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            Code::TooLarge,
            &name,
            None,
            format!("`{name}` is larger than the limit of {MAX_FILE_BYTES} bytes"),
        )
        .with_help(
            "answers files and questionnaires are small text files; check this is the right file",
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source::new(name, text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let pos = pos_of_offset(&prefix, valid);
            Err(Diagnostic::error(
                Code::NotUtf8,
                &name,
                Some(pos),
                "the file is not valid UTF-8 text",
            )
            .with_help("save it as UTF-8 (most editors offer this under \"Save with encoding\")"))
        }
    }
}

/// Why an I/O operation failed, in words, without any temporary path an
/// error may carry (the user never sees mera's temporary file names).
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => match e.raw_os_error() {
            Some(code) => std::io::Error::from_raw_os_error(code).to_string(),
            None => e.kind().to_string(),
        },
    }
}

/// The config to use: `explicit`, else the nearest mera.toml / .mera.toml
/// walking up from `start` to the repository root (a folder with `.git`).
pub fn find_config(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).ok()?;
    let mut dir = Some(start.as_path());
    while let Some(d) = dir {
        for name in mera::assessment::config::FILE_NAMES {
            let candidate = d.join(name);
            if candidate.is_file() {
                return Some(relative_to_cwd(candidate));
            }
        }
        if d.join(".git").exists() {
            return None;
        }
        dir = d.parent();
    }
    None
}

/// `path` relative to the working directory when it lies below it, so
/// messages and reports show the short path a user would type.
fn relative_to_cwd(path: PathBuf) -> PathBuf {
    let Ok(cwd) = std::env::current_dir() else {
        return path;
    };
    path.strip_prefix(&cwd)
        .map(Path::to_path_buf)
        .unwrap_or(path)
}

/// `path` relative to the root of the repository holding it (the nearest
/// folder above it with `.git`), with forward slashes; `None` outside a
/// repository. Code scanning places alerts by this path.
pub fn repo_relative(path: &Path) -> Option<String> {
    let absolute = std::path::absolute(path).ok()?;
    let mut dir = absolute.parent();
    while let Some(d) = dir {
        if d.join(".git").exists() {
            let rel = absolute.strip_prefix(d).ok()?;
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            return Some(parts.join("/"));
        }
        dir = d.parent();
    }
    None
}

/// `file` as seen from `dir` (a config's folder), without a leading `./`.
pub fn join(dir: &Path, file: &str) -> PathBuf {
    if dir == Path::new(".") {
        PathBuf::from(file)
    } else {
        dir.join(file)
    }
}

/// The folder a path lives in ("." for a bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// What makes two paths one file: on Unix the device and inode of what the
/// path leads to (so `./a.yaml`, `a.yaml`, a symbolic link to it and a hard
/// link all agree), elsewhere the canonical path. A path with nothing there
/// yet is its resolved folder and its name, so `./new.json` and `new.json`
/// still agree.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    Path(PathBuf),
}

pub fn file_id(path: &Path) -> FileId {
    #[cfg(unix)]
    if let Ok(meta) = std::fs::metadata(path) {
        use std::os::unix::fs::MetadataExt as _;
        return FileId::Inode(meta.dev(), meta.ino());
    }
    if let Ok(canonical) = std::fs::canonicalize(path) {
        return FileId::Path(canonical);
    }
    let absolute = || std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (std::fs::canonicalize(parent_dir(path)), path.file_name()) {
        (Ok(dir), Some(name)) => FileId::Path(dir.join(name)),
        _ => FileId::Path(absolute()),
    }
}

/// Whether two paths name the same file (see [`FileId`]).
pub fn same_file(a: &Path, b: &Path) -> bool {
    file_id(a) == file_id(b)
}

/// Refuse, before anything is written, an output that is the same file as
/// one of the run's inputs (`-`, standard input, is no file): a report must
/// never replace what the user typed. `what` is what is written, e.g. "the
/// report". Every command with an output path calls this.
pub fn refuse_inputs_as_outputs(
    outputs: &[&Path],
    inputs: &[&Path],
    what: &str,
) -> Result<(), String> {
    let inputs: Vec<(FileId, &Path)> = inputs
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .map(|p| (file_id(p), *p))
        .collect();
    for output in outputs {
        let id = file_id(output);
        if let Some((_, input)) = inputs.iter().find(|(i, _)| *i == id) {
            let (out, input) = (display(output), display(input));
            let also = if out == input {
                String::new()
            } else {
                format!(" (`{input}`)")
            };
            return Err(format!(
                "`{out}` is an input of this run{also}; write {what} to another path"
            ));
        }
    }
    Ok(())
}

/// Files to load for a path: itself, or the YAML/TOML files in a folder
/// (sorted, so runs are repeatable).
pub fn expand(path: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>, Diagnostic> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| {
        Diagnostic::error(
            Code::Unreadable,
            &display(path),
            None,
            format!("cannot list the folder: {}", io_reason(&e)),
        )
        .with_help("check the folder's permissions, or name the files in it")
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| extensions.contains(&e))
        })
        .collect();
    files.sort();
    Ok(files)
}
