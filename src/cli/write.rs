//! Every file mera writes (`--output`, `init`, `merge`, each save of
//! `interview`) goes through here. What is at the path decides how:
//!
//! - nothing: a new file, written to a temporary file beside it and renamed
//!   into place, so a reader never sees half a file;
//! - a regular file, or a symbolic link to one: the same, at the file the
//!   link leads to, so the link stays a link; a file mera may not write
//!   (read-only, or another user's) is refused, never replaced;
//! - a character device or FIFO, or a link to one (`/dev/null`,
//!   `/dev/stdout`, a named pipe): written straight through, never
//!   replaced; so is a path that reaches an open file through `/proc` or
//!   `/dev/fd` (`/dev/stdout` redirected to a file);
//! - anything else (a folder, a block device, a socket, a link to nothing)
//!   is refused.
//!
//! Every refusal comes before anything is written, and says what to do.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::cli::files::{display, io_reason, parent_dir};

/// Who may read a file mera writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// The usual mode for a new file (0644 less the umask); a file being
    /// replaced keeps its own mode.
    Usual,
    /// Owner only (0600): reports of a privileged assessment.
    Private,
}

/// Write `text` to `path` (see the module's rules), replacing a file there.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    let mut file = PendingFile::create(path)?;
    file.write(text)?;
    file.commit(Access::Usual)
}

/// Write `text` to a new file at `path`; anything already there (a file,
/// a link, a device) is refused.
pub fn write_new(path: &Path, text: &str) -> Result<(), String> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(already_exists(path));
    }
    let mut file = PendingFile::create(path)?;
    file.write(text)?;
    file.commit_new()
}

/// Create the folder `path` goes in, if it is missing.
pub fn create_parent(path: &Path) -> Result<(), String> {
    let dir = parent_dir(path);
    std::fs::create_dir_all(&dir).map_err(|e| {
        format!(
            "cannot create the folder `{}`: {}; create it yourself or choose another path",
            dir.display(),
            io_reason(&e)
        )
    })
}

fn already_exists(path: &Path) -> String {
    format!(
        "`{}` already exists; mera never overwrites it (choose another name or remove it)",
        display(path)
    )
}

/// How a path is written, once what is there is known.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A file through a temporary file renamed onto `real` (the path itself,
    /// or the regular file a link leads to); `existed` when one is there.
    File { real: PathBuf, existed: bool },
    /// A device, FIFO or open file: written straight through.
    Stream,
    /// This process's own standard output or error, reached by a path
    /// (`/dev/stdout`, `/proc/self/fd/2`): written through the handle
    /// mera already has, so the text lands in order with the rest.
    Own(Standard),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standard {
    Output,
    Error,
}

/// Whether `path` leads to this process's standard output or error (the
/// same file, pipe or terminal, judged by device and inode).
fn own_standard(path: &Path) -> Option<Standard> {
    let id = crate::cli::files::file_id(path);
    [
        ("/proc/self/fd/1", Standard::Output),
        ("/proc/self/fd/2", Standard::Error),
    ]
    .into_iter()
    .find(|(fd, _)| {
        std::fs::metadata(fd).is_ok() && crate::cli::files::file_id(Path::new(fd)) == id
    })
    .map(|(_, s)| s)
}

/// The longest chain of symbolic links followed before giving up (Linux's
/// own limit).
const MAX_LINKS: usize = 40;

/// Whether following `path`'s links passes through `/proc` or `/dev/fd`:
/// such a path names a file another process has open (`/dev/stdout` is
/// `/proc/self/fd/1`), which must be written, not replaced.
fn through_open_file(path: &Path) -> bool {
    let special = |p: &Path| p.starts_with("/proc") || p.starts_with("/dev/fd");
    let mut current = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    for _ in 0..MAX_LINKS {
        if special(&current) {
            return true;
        }
        match std::fs::read_link(&current) {
            Ok(next) => current = parent_dir(&current).join(next),
            Err(_) => return false,
        }
    }
    false
}

/// What kind of thing `meta` is, in words, for a refusal.
fn kind_name(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let t = meta.file_type();
        if t.is_block_device() {
            return "a block device (a disk)";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Character devices and FIFOs are written through.
fn is_stream(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let t = meta.file_type();
        t.is_char_device() || t.is_fifo()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// Decide how to write `path`, refusing what must not be written.
fn target(path: &Path) -> Result<Target, String> {
    let name = display(path);
    let link = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Target::File {
                real: path.to_path_buf(),
                existed: false,
            });
        }
        Err(e) => return Err(format!("cannot write `{name}`: {}", io_reason(&e))),
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(_) if link.file_type().is_symlink() => {
            let to = std::fs::read_link(path)
                .map(|t| format!(" to `{}`", t.display()))
                .unwrap_or_default();
            return Err(format!(
                "`{name}` is a symbolic link{to}, which leads to nothing; create the file it points to, remove the link, or choose another path"
            ));
        }
        Err(e) => return Err(format!("cannot write `{name}`: {}", io_reason(&e))),
    };
    if meta.is_dir() {
        return Err(format!(
            "`{name}` is a folder; name a file inside it (e.g. `{}`)",
            display(&path.join("report"))
        ));
    }
    if is_stream(&meta) || (meta.is_file() && through_open_file(path)) {
        return Ok(own_standard(path).map_or(Target::Stream, Target::Own));
    }
    if !meta.is_file() {
        return Err(format!(
            "`{name}` is {}; mera writes to files, to character devices such as /dev/null or /dev/stdout, and to FIFOs: choose another path",
            kind_name(&meta)
        ));
    }
    refuse_unwritable(path, &meta)?;
    let real = if link.file_type().is_symlink() {
        std::fs::canonicalize(path)
            .map_err(|e| format!("cannot write `{name}`: {}", io_reason(&e)))?
    } else {
        path.to_path_buf()
    };
    Ok(Target::File {
        real,
        existed: true,
    })
}

/// A file the user has made read-only, or may not write, is kept as it is
/// (even for root, who could rename over it): replacing it would undo a
/// decision someone took on purpose.
fn refuse_unwritable(path: &Path, meta: &std::fs::Metadata) -> Result<(), String> {
    let name = display(path);
    let read_only = || {
        format!(
            "`{name}` is read-only; mera does not replace it: make it writable (`chmod u+w {name}`) or choose another path"
        )
    };
    if meta.permissions().readonly() {
        return Err(read_only());
    }
    match std::fs::OpenOptions::new().write(true).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Err(format!(
            "`{name}` cannot be written by you (permission denied); mera does not replace it: choose another path, or ask its owner"
        )),
        Err(e) => Err(format!("cannot write `{name}`: {}", io_reason(&e))),
    }
}

/// A file being written; dropped before it is committed, it leaves nothing
/// behind (a stream keeps what was written to it). Messages name the path
/// the user gave, never a temporary file.
pub struct PendingFile {
    /// The path as the user gave it.
    target: PathBuf,
    inner: Pending,
}

enum Pending {
    Temporary {
        tmp: tempfile::NamedTempFile,
        real: PathBuf,
        existed: bool,
    },
    Stream(std::fs::File),
    Own(Standard),
}

impl PendingFile {
    /// Prepare to write `path`: every refusal happens here, before a byte
    /// is written.
    pub fn create(path: &Path) -> Result<PendingFile, String> {
        let inner = match target(path)? {
            Target::Stream => Pending::Stream(
                std::fs::OpenOptions::new()
                    .write(true)
                    .truncate(true)
                    .open(path)
                    .map_err(|e| write_error(path, &e))?,
            ),
            Target::Own(which) => Pending::Own(which),
            Target::File { real, existed } => Pending::Temporary {
                tmp: temporary_beside(path, &real)?,
                real,
                existed,
            },
        };
        Ok(PendingFile {
            target: path.to_path_buf(),
            inner,
        })
    }

    /// Whether this writes to a device, pipe or open stream rather than a
    /// file (a "wrote FILE" message would be noise there).
    pub fn is_stream(&self) -> bool {
        !matches!(self.inner, Pending::Temporary { .. })
    }

    pub fn write(&mut self, text: &str) -> Result<(), String> {
        let result = match &mut self.inner {
            Pending::Temporary { tmp, .. } => tmp.write_all(text.as_bytes()),
            Pending::Stream(file) => file.write_all(text.as_bytes()),
            Pending::Own(Standard::Output) => {
                let mut out = std::io::stdout().lock();
                out.write_all(text.as_bytes()).and_then(|()| out.flush())
            }
            Pending::Own(Standard::Error) => std::io::stderr().lock().write_all(text.as_bytes()),
        };
        result.map_err(|e| write_error(&self.target, &e))
    }

    /// Put the file in place, replacing a file there (which keeps its mode
    /// unless `access` is private).
    pub fn commit(self, access: Access) -> Result<(), String> {
        self.finish(access, true)
    }

    /// Put the file in place only if nothing is there yet.
    pub fn commit_new(self) -> Result<(), String> {
        self.finish(Access::Usual, false)
    }

    fn finish(self, access: Access, replace: bool) -> Result<(), String> {
        let target = self.target;
        let (tmp, real, existed) = match self.inner {
            Pending::Stream(mut file) => return file.flush().map_err(|e| write_error(&target, &e)),
            Pending::Own(_) => return Ok(()),
            Pending::Temporary { tmp, real, existed } => (tmp, real, existed),
        };
        let file = tmp.as_file();
        file.sync_all().map_err(|e| write_error(&target, &e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let existing = std::fs::metadata(&real).ok().filter(|_| replace && existed);
            let mode = match (existing, access) {
                (_, Access::Private) => 0o600,
                (Some(meta), Access::Usual) => meta.permissions().mode() & 0o7777,
                (None, Access::Usual) => 0o666 & !umask(),
            };
            file.set_permissions(std::fs::Permissions::from_mode(mode))
                .map_err(|e| write_error(&target, &e))?;
        }
        #[cfg(not(unix))]
        let _ = (access, existed);
        if replace {
            tmp.persist(&real)
                .map_err(|e| write_error(&target, &e.error))?;
        } else {
            tmp.persist_noclobber(&real).map_err(|e| {
                if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                    already_exists(&target)
                } else {
                    write_error(&target, &e.error)
                }
            })?;
        }
        Ok(())
    }
}

/// The temporary file, in the folder of the file it will become.
fn temporary_beside(path: &Path, real: &Path) -> Result<tempfile::NamedTempFile, String> {
    let name = display(path);
    let dir = parent_dir(real);
    match std::fs::metadata(&dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(format!(
                "cannot write `{name}`: `{}` is not a folder; choose another path",
                dir.display()
            ));
        }
        Err(_) => {
            return Err(format!(
                "cannot write `{name}`: the folder `{}` does not exist; create it first (`mkdir -p {}`) or choose another path",
                dir.display(),
                dir.display()
            ));
        }
    }
    tempfile::Builder::new()
        .prefix(".mera-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| {
            let reason = match e.kind() {
                // The folder is there, yet a file cannot be made in it: a
                // virtual file system such as /proc or /sys.
                std::io::ErrorKind::NotFound => "it takes no new files".to_string(),
                _ => io_reason(&e),
            };
            format!(
                "cannot write `{name}`: no file can be created in the folder `{}` ({reason}); mera writes through a temporary file beside the target, so choose a folder you can write to",
                dir.display()
            )
        })
}

fn write_error(target: &Path, e: &std::io::Error) -> String {
    format!("cannot write `{}`: {}", display(target), io_reason(e))
}

/// The process's file-creation mask, so a report file gets the mode any
/// other program's new file would. Linux shows it in /proc/self/status
/// (reading it through umask(2) would mean changing it); elsewhere the
/// common 022 is assumed.
#[cfg(unix)]
fn umask() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        })
        .unwrap_or(0o022)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_is_written_and_a_link_to_a_file_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        write_atomic(&real, "one").unwrap();
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "one");
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        write_atomic(&link, "two").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "two");
        // Nothing is left beside it.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn devices_and_links_to_them_are_written_through() {
        assert_eq!(target(Path::new("/dev/null")), Ok(Target::Stream));
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("null.json");
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        assert_eq!(target(&link), Ok(Target::Stream));
        write_atomic(&link, "gone").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(through_open_file(Path::new("/dev/stdout")));
        assert!(!through_open_file(&link));
    }

    #[test]
    fn read_only_files_folders_and_dangling_links_are_refused() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("kept.html");
        std::fs::write(&kept, "keep me").unwrap();
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o444)).unwrap();
        let e = write_atomic(&kept, "x").unwrap_err();
        assert!(e.contains("is read-only") && e.contains("chmod u+w"), "{e}");
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), "keep me");
        let e = write_atomic(dir.path(), "x").unwrap_err();
        assert!(e.contains("is a folder"), "{e}");
        let dangling = dir.path().join("dangling.json");
        std::os::unix::fs::symlink("nowhere/x.json", &dangling).unwrap();
        let e = write_atomic(&dangling, "x").unwrap_err();
        assert!(e.contains("leads to nothing"), "{e}");
        let e = write_atomic(&dir.path().join("missing/x.json"), "x").unwrap_err();
        assert!(
            e.contains("does not exist") && e.contains("mkdir -p"),
            "{e}"
        );
    }
}
