fn main() {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap();
    println!("pinger {version}");
}
