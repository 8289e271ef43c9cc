// Command benchd runs the benchmarks of a submitted package and serves
// the results: it needs the go command at run time.
package main

import (
	"flag"
	"net/http"
	"os/exec"
)

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	flag.Parse()
	http.HandleFunc("/run", func(w http.ResponseWriter, r *http.Request) {
		cmd := exec.Command("go", "test", "-run", "^$", "-bench", ".", "./...")
		cmd.Dir = r.URL.Query().Get("dir")
		out, _ := cmd.CombinedOutput()
		w.Write(out)
	})
	http.ListenAndServe(*addr, nil)
}
