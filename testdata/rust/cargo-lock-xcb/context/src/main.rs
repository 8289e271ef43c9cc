fn main() { let _ = xcb::Connection::connect(None); }
