//! Shared by the end-to-end test files: the `mera` binary run with the
//! environment pinned (colour, CI, the clock), and scratch folders.
#![allow(dead_code)] // each test file uses its own subset

use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::get_cargo_bin;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The "today" every test runs on (2026-11-23, noon UTC): three days after
/// the examples' `as_of`, so the gate's run date differs from it.
pub const TODAY_EPOCH: &str = "1795435200";

/// `mera` run from the repository root, with colour, config search, CI and
/// the clock pinned.
pub fn mera(args: &[&str]) -> Command {
    let mut cmd = Command::new(get_cargo_bin("mera"));
    cmd.current_dir(root())
        .args(args)
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CI")
        .env("SOURCE_DATE_EPOCH", TODAY_EPOCH)
        .env("NO_COLOR", "1");
    cmd
}

pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = mera(args).output().expect("mera runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

/// A scratch folder for generated inputs, fresh for each test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn mera_in(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = mera(args);
    cmd.current_dir(dir);
    cmd
}
