// Command parseonly is the floor for any tool built on BuildKit's parser:
// it reads Dockerfiles with parser.Parse and prints each back by splicing
// its source lines around the instructions, unchanged. msrewrite's speed is
// measured against it (scripts/bench).
//
//	parseonly FILE   print FILE back
//	parseonly DIR    parse and splice every Dockerfile below DIR, in
//	                 parallel, and print how many it read
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

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// splice parses src and rebuilds it from its instructions' line ranges and
// the gaps between them, as msrewrite's document model does.
func splice(src []byte) ([]byte, error) {
	res, err := parser.Parse(bytes.NewReader(src))
	if err != nil {
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
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: parseonly FILE|DIR")
		os.Exit(2)
	}
	arg := os.Args[1]
	fi, err := os.Stat(arg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if !fi.IsDir() {
		src, err := os.ReadFile(arg)
		if err == nil {
			src, err = splice(src)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", arg, err)
			os.Exit(2)
		}
		os.Stdout.Write(src)
		return
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
}
