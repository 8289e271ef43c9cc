fn main() {
    println!("serving feeds");
}
