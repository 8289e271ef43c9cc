fn main() { println!("sync"); }
