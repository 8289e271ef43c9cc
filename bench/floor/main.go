// Command floor is the floor for msrewrite's speed: the parts msrewrite is
// made of and nothing else. It reads its command line with urfave/cli/v2,
// each Dockerfile with BuildKit's parser and its instructions package
// (instructions.Parse), and prints the file back by splicing its source
// lines around the instructions, unchanged. scripts/bench builds it as the
// release is built and measures msrewrite against it; built with -tags
// linked, it also links msrewrite's packages (linked.go).
//
//	floor FILE   print FILE back
//	floor DIR    parse and splice every Dockerfile below DIR, in
//	             parallel, and print how many it read
package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/urfave/cli/v2"
)

// splice parses src, reads its instructions as a build would, and
// rebuilds it from their line ranges and the gaps between them, as
// msrewrite's document model does.
func splice(src []byte) ([]byte, error) {
	res, err := parser.Parse(bytes.NewReader(src))
	if err != nil {
		return nil, err
	}
	if _, _, err := instructions.Parse(res.AST, linter.New(&linter.Config{})); err != nil {
		return nil, err
	}
	lines := bytes.SplitAfter(src, []byte("\n"))
	var out bytes.Buffer
	out.Grow(len(src))
	next := 0
	for _, n := range res.AST.Children {
		for ; next < n.StartLine-1; next++ {
			out.Write(lines[next])
		}
		for ; next < n.EndLine; next++ {
			out.Write(lines[next])
		}
	}
	for ; next < len(lines); next++ {
		out.Write(lines[next])
	}
	return out.Bytes(), nil
}

func isDockerfile(name string) bool {
	return name == "Dockerfile" || strings.HasPrefix(name, "Dockerfile.") || strings.HasSuffix(strings.ToLower(name), ".dockerfile") || name == "Containerfile"
}

func main() {
	// msrewrite's command line: its flags by name, kind and environment
	// variable, --version, the bash completion flag and its two
	// subcommands, which urfave/cli adds to or walks on every run.
	var b [6]bool
	var v [5]string
	app := &cli.App{
		Name:                 "floor",
		Usage:                "parse and print Dockerfiles back, as msrewrite's floor",
		UsageText:            "floor FILE|DIR",
		Version:              "floor",
		HideHelpCommand:      true,
		EnableBashCompletion: true,
		Commands:             []*cli.Command{{Name: "lsp", Action: func(*cli.Context) error { return nil }}, {Name: "completion", Action: func(*cli.Context) error { return nil }}},
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "diff", Aliases: []string{"d"}, Destination: &b[0]},
			&cli.BoolFlag{Name: "write", Aliases: []string{"w"}, Destination: &b[1]},
			&cli.BoolFlag{Name: "explain", Destination: &b[2]},
			&cli.StringFlag{Name: "alias", Value: "compiler", EnvVars: []string{"MSREWRITE_ALIAS"}, Destination: &v[0]},
			&cli.StringFlag{Name: "runtime-image", EnvVars: []string{"MSREWRITE_RUNTIME_IMAGE"}, Destination: &v[1]},
			&cli.StringFlag{Name: "context", EnvVars: []string{"MSREWRITE_CONTEXT"}, Destination: &v[2]},
			&cli.BoolFlag{Name: "list-changed", Aliases: []string{"l"}, Destination: &b[3]},
			&cli.BoolFlag{Name: "check", Destination: &b[4]},
			&cli.StringFlag{Name: "stdin-filename", Destination: &v[3]},
			&cli.StringFlag{Name: "format", Value: "text", EnvVars: []string{"MSREWRITE_FORMAT"}, Destination: &v[4]},
			&cli.BoolFlag{Name: "list", Destination: &b[5]},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return cli.Exit("usage: floor FILE|DIR", 2)
			}
			return run(c.Args().First())
		},
	}
	if err := app.Run(os.Args); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}

func run(arg string) error {
	fi, err := os.Stat(arg)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		src, err := os.ReadFile(arg)
		if err == nil {
			src, err = splice(src)
		}
		if err != nil {
			return fmt.Errorf("%s: %v", arg, err)
		}
		os.Stdout.Write(src)
		return nil
	}
	var files []string
	filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && isDockerfile(d.Name()) {
			files = append(files, p)
		}
		return nil
	})
	var n, failed atomic.Int64
	jobs := make(chan string)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				src, err := os.ReadFile(f)
				if err == nil {
					var out []byte
					out, err = splice(src)
					if err == nil && !bytes.Equal(out, src) {
						err = fmt.Errorf("splicing changed it")
					}
				}
				if err != nil {
					failed.Add(1)
					continue
				}
				n.Add(1)
			}
		}()
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	fmt.Printf("%d files parsed, %d failed\n", n.Load(), failed.Load())
	return nil
}
