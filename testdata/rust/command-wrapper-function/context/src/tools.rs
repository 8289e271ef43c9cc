use std::io;
use std::process::{Command, ExitStatus};

/// Runs a program with the thumbnailer's own output.
pub fn run(program: &str, args: &[&str]) -> io::Result<ExitStatus> {
    eprintln!("$ {} {}", program, args.join(" "));
    Command::new(program).args(args).status()
}
