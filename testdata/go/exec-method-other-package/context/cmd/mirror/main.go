// Command mirror keeps a bare copy of a remote repository and serves its
// refs as text.
package main

import (
	"log"
	"net/http"
	"os"

	"example.com/mirror/internal/executor"
)

type server struct {
	git *executor.Executor
}

func (s *server) refs(w http.ResponseWriter, r *http.Request) {
	if _, err := s.git.Run("git", "remote", "update", "--prune"); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	out, err := s.git.Run("git", "show-ref")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Write(out)
}

// Run serves on addr.
func (s *server) Run(addr string) error {
	http.HandleFunc("/refs", s.refs)
	return http.ListenAndServe(addr, nil)
}

func main() {
	ex := executor.New(os.Getenv("MIRROR_DIR"))
	if _, err := ex.Run("ssh-keyscan", "-H", os.Getenv("MIRROR_HOST")); err != nil {
		log.Printf("keyscan: %v", err)
	}
	s := &server{git: ex}
	log.Fatal(s.Run(":8080"))
}
