// Compiles and runs snippets sent on stdin: cargo is needed at run time.
use std::io::Read;
use std::process::Command;

fn main() {
    let mut code = String::new();
    std::io::stdin().read_to_string(&mut code).unwrap();
    std::fs::write("/tmp/snippet/src/main.rs", code).unwrap();
    let out = Command::new("cargo")
        .args(["run", "--quiet", "--manifest-path", "/tmp/snippet/Cargo.toml"])
        .output()
        .expect("cargo");
    print!("{}", String::from_utf8_lossy(&out.stdout));
}
