fn main() {
    let _ = native_tls::TlsConnector::new();
}
