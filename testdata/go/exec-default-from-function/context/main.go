// Command fetcher downloads the feeds it is given, through curl so that
// the proxy settings of the host apply.
package main

import (
	"os"
	"os/exec"
)

// curlBinary is curl, unless CURL names another build.
func curlBinary() string {
	if p := os.Getenv("CURL"); p != "" {
		return p
	}
	return "curl"
}

func main() {
	for _, url := range os.Args[1:] {
		exec.Command(curlBinary(), "-fsSLO", url).Run()
	}
}
