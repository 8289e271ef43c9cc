use std::process::Command;

fn main() {
    // The rust image has ImageMagick and git; debian slim has neither.
    let resized = Command::new("convert").args(["in.png", "-resize", "64x64", "out.png"]).status();
    let commit = Command::new("git").args(["rev-parse", "--short", "HEAD"]).output();
    println!("{:?} {:?}", resized, commit.map(|o| o.status));
}
