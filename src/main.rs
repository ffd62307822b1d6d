//! The `mera` binary: parse arguments, run, print, exit. See `cli`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
