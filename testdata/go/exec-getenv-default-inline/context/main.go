package main

import (
	"log"
	"net/http"
	"os/exec"
)

const repoDir = "/srv/repo"

func changelog(w http.ResponseWriter, r *http.Request) {
	fetch := exec.Command(getEnv("GIT_BIN", "git"), "-C", repoDir, "fetch", "--tags")
	if err := fetch.Run(); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	out, err := exec.Command(getEnv("GIT_BIN", "git"), "-C", repoDir, "log", "--oneline", "-n", "50").Output()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Write(out)
}

func main() {
	http.HandleFunc("/changelog", changelog)
	log.Fatal(http.ListenAndServe(":8000", nil))
}
