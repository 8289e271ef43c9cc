// Prints the changelog from the repository's history, with the git found on PATH.
use std::process::Command;

fn main() {
    let git = which::which("git").expect("git on PATH");
    let out = Command::new(git).args(["log", "--oneline"]).output().unwrap();
    print!("{}", String::from_utf8_lossy(&out.stdout));
}
