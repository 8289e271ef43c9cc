fn main() {
    println!("{}", serde_json::json!({"tally": 0}));
}
