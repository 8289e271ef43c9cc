// Counts its arguments. The Dockerfile runs it with `cargo run`, which
// the rewrite turns into the binary cargo built.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    println!("{} arguments: {:?}", args.len(), args);
}
