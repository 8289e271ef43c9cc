fn main() {
    println!("bot");
}
