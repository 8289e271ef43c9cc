const HELP: &str = include_str!("../assets/help.txt");
const LOGO: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/logo.png"));

fn main() {
    let words = std::fs::read_to_string("data/words.txt").unwrap();
    println!("{} {} {}", HELP, LOGO.len(), words.len());
}
