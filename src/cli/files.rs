//! Everything that touches the file system: reading inputs within limits,
//! finding the config, expanding folders, and atomic writes.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use mera::input::diagnostic::{Code, Diagnostic};
use mera::input::source::{MAX_FILE_BYTES, Source, pos_of_offset};

pub fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Read a UTF-8 text file no larger than [`MAX_FILE_BYTES`].
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
    if meta.len() > MAX_FILE_BYTES as u64 {
        let message = format!(
            "`{name}` is {} bytes; the limit is {MAX_FILE_BYTES}",
            meta.len()
        );
        return fail(
            Code::TooLarge,
            message,
            "answers files and questionnaires are small text files; check this is the right file",
        );
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return fail(
                Code::Unreadable,
                format!("cannot read `{name}`: {}", io_reason(&e)),
                "check the path and its permissions",
            );
        }
    };
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

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
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

/// Write through a temporary file in the same folder, then rename it into
/// place, so a reader never sees half a file and a failed write loses nothing.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    let dir = parent_dir(path);
    let mut tmp = tempfile::NamedTempFile::new_in(&dir)
        .map_err(|e| format!("cannot write in `{}`: {e}", dir.display()))?;
    tmp.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    tmp.persist(path)
        .map_err(|e| format!("cannot write `{}`: {}", path.display(), e.error))?;
    Ok(())
}

/// Create the folder `path` goes in, if it is missing.
pub fn create_parent(path: &Path) -> Result<(), String> {
    let dir = parent_dir(path);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create `{}`: {e}", dir.display()))
}

/// Like [`write_atomic`], but refuses to replace an existing file.
pub fn write_new(path: &Path, text: &str) -> Result<(), String> {
    let dir = parent_dir(path);
    let mut tmp = tempfile::NamedTempFile::new_in(&dir)
        .map_err(|e| format!("cannot write in `{}`: {e}", dir.display()))?;
    tmp.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    tmp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            format!("`{}` already exists; mera init never overwrites a file (choose another name or remove it)", path.display())
        } else {
            format!("cannot write `{}`: {}", path.display(), e.error)
        }
    })?;
    Ok(())
}
