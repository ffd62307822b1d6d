//! What `--output` (and every other write) does to what is already at the
//! path: a device, a FIFO, a link to either, `/dev/stdout`, a link to a
//! regular file, a read-only file, a folder that does not exist or takes
//! no files. Each case runs as the current user and, when that is root
//! (most CI containers), again as `nobody` through `setpriv`, since root
//! may rename over anything and a normal user may not.

mod common;

use std::os::unix::fs::{FileTypeExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use insta_cmd::get_cargo_bin;

#[derive(Clone, Copy, Debug, PartialEq)]
enum User {
    Current,
    Nobody,
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Uid:"))
                .map(|v| v.split_whitespace().next() == Some("0"))
        })
        .unwrap_or(false)
}

/// The users to run as: always the current one; `nobody` too when the
/// tests run as root and `setpriv` works. A skipped user is said on
/// standard error, with the reason.
#[allow(clippy::print_stderr)] // a skipped case says why
fn users() -> Vec<User> {
    if !is_root() {
        eprintln!("note: not root, so the root cases ran as this user only");
        return vec![User::Current];
    }
    let works = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if works {
        vec![User::Current, User::Nobody]
    } else {
        eprintln!("note: `setpriv` is missing or refused, so the normal-user cases were skipped");
        vec![User::Current]
    }
}

/// A scratch folder anyone may write in (so `nobody` can too).
fn open_scratch(name: &str) -> PathBuf {
    let dir = common::scratch(name);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    dir
}

/// Run a shell script as `user` from the repository root, with `$MERA`
/// the binary and the environment pinned as for every other test.
fn sh(user: User, script: &str) -> Output {
    let mut cmd = match user {
        User::Current => Command::new("sh"),
        User::Nobody => {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "sh"]);
            c
        }
    };
    cmd.args(["-c", script])
        .current_dir(common::root())
        .env("MERA", get_cargo_bin("mera"))
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CI")
        .env("SOURCE_DATE_EPOCH", common::TODAY_EPOCH)
        .env("NO_COLOR", "1");
    cmd.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn is_link(p: &Path) -> bool {
    std::fs::symlink_metadata(p)
        .unwrap()
        .file_type()
        .is_symlink()
}

#[test]
fn dev_stdout_is_written_through_and_stays_a_link() {
    assert!(is_link(Path::new("/dev/stdout")));
    for user in users() {
        let dir = open_scratch(&format!("stdout-{user:?}"));
        // Standard output a pipe (made by the shell, so `nobody` owns it).
        let out = sh(
            user,
            "\"$MERA\" assess examples/agent-retailer.yaml --format markdown --output json:/dev/stdout | cat",
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{user:?}: {}",
            text(&out.stderr)
        );
        let stdout = text(&out.stdout);
        assert!(
            stdout.starts_with("# EO 14409 readiness"),
            "{user:?}: {stdout}"
        );
        assert!(stdout.contains("\"format_version\": 1"), "{user:?}");
        // Standard output a regular file: the report lands in it, in order.
        let file = dir.join("out.json");
        let out = sh(
            user,
            &format!(
                "\"$MERA\" timeline examples/agent-retailer.yaml --output json:/dev/stdout > {}",
                file.display()
            ),
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{user:?}: {}",
            text(&out.stderr)
        );
        let written = std::fs::read_to_string(&file).unwrap();
        serde_json::from_str::<serde_json::Value>(&written)
            .unwrap_or_else(|e| panic!("{user:?}: {e}: {written}"));
        assert!(is_link(Path::new("/dev/stdout")), "{user:?}");
    }
}

/// A character device of our own (as root: a copy of /dev/null made with
/// mknod, so a regression could only replace that) or /dev/null itself.
fn a_device(dir: &Path) -> PathBuf {
    if !is_root() {
        return PathBuf::from("/dev/null");
    }
    let node = dir.join("null");
    let made = Command::new("mknod")
        .args([node.to_str().unwrap(), "c", "1", "3"])
        .status()
        .unwrap();
    assert!(made.success());
    std::fs::set_permissions(&node, std::fs::Permissions::from_mode(0o666)).unwrap();
    node
}

#[test]
fn devices_fifos_and_links_to_them_are_written_through_never_replaced() {
    for user in users() {
        let dir = open_scratch(&format!("devices-{user:?}"));
        let device = a_device(&dir);
        let link = dir.join("to-device.json");
        std::os::unix::fs::symlink(&device, &link).unwrap();
        let fifo = dir.join("pipe");
        assert!(
            Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        std::fs::set_permissions(&fifo, std::fs::Permissions::from_mode(0o666)).unwrap();
        let got = dir.join("from-pipe.json");
        let script = format!(
            "timeout 30 cat {fifo} > {got} & \"$MERA\" assess examples/agent-retailer.yaml --format markdown --output json:{device} --output {link} --output json:{fifo} > /dev/null; status=$?; wait; exit $status",
            fifo = fifo.display(),
            got = got.display(),
            device = device.display(),
            link = link.display(),
        );
        let out = sh(user, &script);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{user:?}: {}",
            text(&out.stderr)
        );
        let kind = |p: &Path| std::fs::metadata(p).unwrap().file_type();
        assert!(
            kind(&device).is_char_device(),
            "{user:?}: the device was replaced"
        );
        assert!(is_link(&link), "{user:?}: the link was replaced");
        assert!(kind(&link).is_char_device(), "{user:?}");
        assert!(kind(&fifo).is_fifo(), "{user:?}: the FIFO was replaced");
        let through = std::fs::read_to_string(&got).unwrap();
        assert!(
            through.contains("\"format_version\": 1"),
            "{user:?}: {through}"
        );
    }
}

#[test]
fn a_link_to_a_regular_file_is_written_through_and_stays_a_link() {
    for user in users() {
        let dir = open_scratch(&format!("link-{user:?}"));
        std::fs::create_dir(dir.join("real")).unwrap();
        std::fs::set_permissions(dir.join("real"), std::fs::Permissions::from_mode(0o777)).unwrap();
        let real = dir.join("real/r.sarif");
        let link = dir.join("report.sarif");
        std::os::unix::fs::symlink("real/r.sarif", &link).unwrap();
        // First through a link to nothing: refused, with the way out.
        let run = || {
            sh(
                user,
                &format!(
                    "\"$MERA\" check --isolated examples/agent-retailer.yaml --format sarif --output {}",
                    link.display()
                ),
            )
        };
        let out = run();
        assert_eq!(out.status.code(), Some(2), "{user:?}");
        assert!(
            text(&out.stderr).contains("which leads to nothing"),
            "{user:?}"
        );
        assert!(is_link(&link) && !real.exists(), "{user:?}");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o666)).unwrap();
        let out = run();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{user:?}: {}",
            text(&out.stderr)
        );
        assert!(is_link(&link), "{user:?}: the link was replaced by a file");
        let written = std::fs::read_to_string(&real).unwrap();
        assert_eq!(written, text(&out.stdout), "{user:?}");
        assert!(written.contains("\"version\": \"2.1.0\""), "{user:?}");
    }
}

#[test]
fn read_only_files_are_kept_by_every_command_that_writes() {
    let ciso = "tests/fixtures/workshop/ciso.yaml";
    let counsel = "tests/fixtures/workshop/counsel.yaml";
    for user in users() {
        let dir = open_scratch(&format!("read-only-{user:?}"));
        let commands = [
            ("assess.json", format!("assess {ciso} --output json:FILE")),
            (
                "check.sarif",
                format!("check --isolated {ciso} --output FILE"),
            ),
            ("timeline.ics", format!("timeline {ciso} --output FILE")),
            (
                "merged.yaml",
                format!("merge {ciso} {counsel} --force --output FILE"),
            ),
        ];
        for (name, args) in commands {
            let file = dir.join(name);
            std::fs::write(&file, "keep me\n").unwrap();
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
            let script = format!(
                "\"$MERA\" {}",
                args.replace("FILE", &file.display().to_string())
            );
            let out = sh(user, &script);
            let stderr = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{user:?} {name}: {stderr}");
            assert!(
                stderr.contains("is read-only; mera does not replace it")
                    && stderr.contains("chmod u+w"),
                "{user:?} {name}: {stderr}"
            );
            assert_eq!(
                std::fs::read_to_string(&file).unwrap(),
                "keep me\n",
                "{user:?} {name}"
            );
            let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o444, "{user:?} {name}");
        }
    }
}

#[test]
fn output_paths_that_cannot_be_written_say_why_and_what_to_do() {
    for user in users() {
        let cases = [
            (
                "html:/proc/x.html",
                "no file can be created in the folder `/proc`",
                "choose a folder you can write to",
            ),
            (
                "json:no/such/folder/r.json",
                "the folder `no/such/folder` does not exist",
                "mkdir -p no/such/folder",
            ),
            (
                "report",
                "does not say which format to write",
                "write FORMAT:PATH (e.g. --output json:report)",
            ),
            ("ics:cal.ics", "unknown format `ics`", "use table, markdown"),
            (
                "json:examples",
                "`examples` is a folder",
                "name a file inside it",
            ),
        ];
        for (spec, what, fix) in cases {
            let out = sh(
                user,
                &format!("\"$MERA\" assess examples/agent-retailer.yaml --output {spec}"),
            );
            let stderr = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{user:?} {spec}: {stderr}");
            assert!(
                stderr.contains(what) && stderr.contains(fix),
                "{user:?} {spec}: {stderr}"
            );
            assert!(!Path::new("no").exists());
        }
    }
}

#[test]
fn every_command_infers_the_format_from_the_extension() {
    let dir = common::scratch("inferred");
    let path = |name: &str| dir.join(name).display().to_string();
    let (code, _, stderr) = common::run(&[
        "timeline",
        "examples/agent-retailer.yaml",
        "--output",
        &path("cal.ics"),
        "--output",
        &format!("md:{}", path("plan.txt")),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        std::fs::read_to_string(dir.join("cal.ics"))
            .unwrap()
            .starts_with("BEGIN:VCALENDAR\r\n")
    );
    assert!(
        std::fs::read_to_string(dir.join("plan.txt"))
            .unwrap()
            .starts_with("## Timeline: ")
    );
    // `ics:` names the format; it is never part of the file name.
    let (code, _, _) = common::run(&[
        "timeline",
        "examples/agent-retailer.yaml",
        "--output",
        &format!("ics:{}", path("named.ics")),
    ]);
    assert_eq!(code, 0);
    assert!(dir.join("named.ics").exists());
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains(':')), "{names:?}");
    let (code, _, stderr) = common::run(&[
        "assess",
        "examples/agent-retailer.yaml",
        "--output",
        &path("r.sarif"),
        "--output",
        &path("r.xml"),
        "--output",
        &path("r.html"),
        "--output",
        &path("r.md"),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let read = |n: &str| std::fs::read_to_string(dir.join(n)).unwrap();
    assert!(read("r.sarif").contains("\"version\": \"2.1.0\""));
    assert!(read("r.xml").starts_with("<?xml"));
    assert!(read("r.html").starts_with("<!DOCTYPE html>"));
    assert!(read("r.md").starts_with("# EO 14409 readiness"));
    // The timeline's --format still picks the format of an output that
    // names none, and an explicit FORMAT: beats both.
    let (code, _, _) = common::run(&[
        "timeline",
        "examples/agent-retailer.yaml",
        "--format",
        "json",
        "--output",
        &path("t.out"),
    ]);
    assert_eq!(code, 0);
    assert!(read("t.out").starts_with('{'));
    // Two outputs to one file are refused before either is written.
    let (code, _, stderr) = common::run(&[
        "assess",
        "examples/agent-retailer.yaml",
        "--output",
        &path("same.json"),
        "--output",
        &format!("sarif:{}", path("./same.json")),
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("two --output flags name the same file"),
        "{stderr}"
    );
    assert!(!dir.join("same.json").exists());
}

#[test]
fn merge_and_init_take_yaml_names_only() {
    let dir = common::scratch("merge-init-names");
    let ciso = common::root().join("tests/fixtures/workshop/ciso.yaml");
    let counsel = common::root().join("tests/fixtures/workshop/counsel.yaml");
    let merge = |out: &str| {
        common::mera_in(
            &dir,
            &[
                "merge",
                ciso.to_str().unwrap(),
                counsel.to_str().unwrap(),
                "--output",
                out,
            ],
        )
        .output()
        .unwrap()
    };
    assert_eq!(merge("yaml:m.yaml").status.code(), Some(0));
    assert!(dir.join("m.yaml").exists());
    let out = merge("m.json");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("is not a YAML name"));
    let out = common::mera_in(&dir, &["init", "e.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("an answers file is YAML or TOML"),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.join("e.json").exists() && !dir.join("mera.schema.json").exists());
}
