// Command previewd checks out a branch of the site's repository and
// serves it, for reviewers.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
)

func checkout(branch string) (string, error) {
	dir := filepath.Join(os.TempDir(), "preview-"+branch)
	script := fmt.Sprintf("rm -rf %q && git clone --depth 1 --branch %s %s %q", dir, branch, os.Getenv("SITE_REPO"), dir)
	if out, err := exec.Command("sh", "-c", script).CombinedOutput(); err != nil {
		return "", fmt.Errorf("%v: %s", err, out)
	}
	return dir, nil
}

func main() {
	http.HandleFunc("/preview/", func(w http.ResponseWriter, r *http.Request) {
		dir, err := checkout(filepath.Base(r.URL.Path))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		http.ServeFile(w, r, filepath.Join(dir, "index.html"))
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
