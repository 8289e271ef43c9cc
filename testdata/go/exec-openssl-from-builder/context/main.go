package main

import (
	"log"
	"net/http"
	"os"
	"os/exec"
)

// selfSigned makes a certificate on first start when none is mounted.
func selfSigned() {
	if _, err := os.Stat("/certs/tls.crt"); err == nil {
		return
	}
	cmd := exec.Command("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
		"-keyout", "/certs/tls.key", "-out", "/certs/tls.crt", "-days", "365", "-subj", "/CN=localhost")
	if out, err := cmd.CombinedOutput(); err != nil {
		log.Fatalf("openssl: %v: %s", err, out)
	}
}

func main() {
	os.MkdirAll("/certs", 0o755)
	selfSigned()
	log.Fatal(http.ListenAndServeTLS(":8443", "/certs/tls.crt", "/certs/tls.key", nil))
}
