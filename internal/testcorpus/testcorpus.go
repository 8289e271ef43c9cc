// Package testcorpus finds Dockerfiles nobody on this project wrote, for
// tests and fuzz seeds: BuildKit's own parser test files, read from the Go
// module cache at test time (never copied into this repository).
package testcorpus

import (
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

var (
	once  sync.Once
	files []string
	err   error
)

// BuildKitParserFiles lists BuildKit's parser test Dockerfiles, the
// negative ones included, of the version this module requires.
func BuildKitParserFiles() ([]string, error) {
	once.Do(func() {
		var out []byte
		out, err = exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/moby/buildkit").Output()
		if err != nil {
			return
		}
		dir := filepath.Join(strings.TrimSpace(string(out)), "frontend", "dockerfile", "parser")
		for _, pattern := range []string{"testfiles/*/Dockerfile", "testfiles-negative/*/Dockerfile"} {
			var m []string
			m, err = filepath.Glob(filepath.Join(dir, pattern))
			if err != nil {
				return
			}
			files = append(files, m...)
		}
		sort.Strings(files)
	})
	return files, err
}
