// A Rust program with no crates from a registry, so it builds offline.
use std::env;

fn main() {
    let who = env::var("WHO").unwrap_or_else(|_| String::from("world"));
    let args: Vec<String> = env::args().skip(1).collect();
    println!("Hello, {} from Rust! args: {:?}", who, args);
}
