//go:build goproxy

// The table of modules that need cgo decides whether a rewrite may turn
// cgo off. This test fetches each row's module through the Go module
// proxy and checks that a linux/amd64 build of the row's package brings
// a package with cgo files (its own, or a dependency's: GORM's SQLite
// driver is go-sqlite3's). A row whose module the proxy does not serve
// is skipped and named. It needs the network, so it runs only when asked
// (.ci/run does):
//
//	go test -tags goproxy -run TestCgoModules ./transforms
package transforms

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// cgoProbes are the packages to import for rows that name a module, or a
// folder above one, rather than a package.
var cgoProbes = map[string]string{
	"github.com/confluentinc/confluent-kafka-go":    "github.com/confluentinc/confluent-kafka-go/kafka",
	"github.com/confluentinc/confluent-kafka-go/v2": "github.com/confluentinc/confluent-kafka-go/v2/kafka",
	"gopkg.in/gographics/imagick.v2":                "gopkg.in/gographics/imagick.v2/imagick",
	"gopkg.in/gographics/imagick.v3":                "gopkg.in/gographics/imagick.v3/imagick",
	"github.com/davidbyttow/govips":                 "github.com/davidbyttow/govips/v2/vips",
	"github.com/libgit2/git2go":                     "github.com/libgit2/git2go/v34",
	"github.com/go-gl/glfw":                         "github.com/go-gl/glfw/v3.3/glfw",
	"github.com/go-gl/gl":                           "github.com/go-gl/gl/v4.1-core/gl",
	"fyne.io/fyne":                                  "fyne.io/fyne/app",
	"fyne.io/fyne/v2":                               "fyne.io/fyne/v2/app",
	"github.com/veandco/go-sdl2":                    "github.com/veandco/go-sdl2/sdl",
	"github.com/gotk3/gotk3":                        "github.com/gotk3/gotk3/gtk",
	"github.com/mattn/go-gtk":                       "github.com/mattn/go-gtk/gtk",
	"gioui.org":                                     "gioui.org/app",
	"github.com/otiai10/gosseract":                  "github.com/otiai10/gosseract/v2",
	"github.com/duckdb/duckdb-go":                   "github.com/duckdb/duckdb-go/v2",
	"github.com/ebitengine/oto":                     "github.com/ebitengine/oto/v3",
	"github.com/DataDog/go-libddwaf":                "github.com/DataDog/go-libddwaf/v5",
}

func TestCgoModules(t *testing.T) {
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	for row := range cgoModules {
		if !strings.Contains(strings.SplitN(row, "/", 2)[0], ".") {
			continue // the standard library's plugin
		}
		t.Run(row, func(t *testing.T) {
			t.Parallel()
			pkg := row
			if p, ok := cgoProbes[row]; ok {
				pkg = p
			}
			dir := t.TempDir()
			run := func(env []string, args ...string) (string, error) {
				cmd := exec.Command(gocmd, args...)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), append([]string{"GOWORK=off", "GOFLAGS=-mod=mod", "GOOS=linux", "GOARCH=amd64"}, env...)...)
				out, err := cmd.CombinedOutput()
				return string(out), err
			}
			if out, err := run(nil, "mod", "init", "probe"); err != nil {
				t.Fatalf("go mod init: %v\n%s", err, out)
			}
			src := "package main\n\nimport _ \"" + pkg + "\"\n\nfunc main() {}\n"
			if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := run(nil, "get", pkg+"@latest"); err != nil {
				if strings.Contains(out, "not available") {
					t.Skipf("the module proxy does not serve %s (or a module it needs)", pkg)
				}
				t.Fatalf("go get %s: %v\n%s", pkg, err, out)
			}
			out, err := run([]string{"CGO_ENABLED=1"}, "list", "-deps", "-f", "{{if and (not .Standard) .CgoFiles}}{{.ImportPath}}{{end}}", ".")
			if err != nil {
				t.Fatalf("go list: %v\n%s", err, out)
			}
			if strings.TrimSpace(out) == "" {
				t.Errorf("no package a linux/amd64 build of %s brings has cgo files: the row %q says it needs cgo", pkg, row)
			}
		})
	}
}
