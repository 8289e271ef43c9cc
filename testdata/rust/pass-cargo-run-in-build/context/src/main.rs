fn main() {
    std::fs::write("/app/seed.db", b"").unwrap();
}
