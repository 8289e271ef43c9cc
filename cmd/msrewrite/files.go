package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
)

// processAll runs process on every file the arguments name, folders
// walked, and returns the results in the order the files were named. It
// also returns the folders it could not read.
//
// Files are processed while folders are still being walked. The first is
// held back until a second turns up: one file, the format-on-save case,
// runs here, since handing it to a worker would only wake another thread.
func processAll(args []string, run *session, process func(file string) *fileResult) ([]*fileResult, []error) {
	type slot struct {
		file string
		r    *fileResult
	}
	var slots []*slot
	jobs := make(chan *slot, 256)
	var wg sync.WaitGroup
	started := false
	emit := func(file string) {
		slots = append(slots, &slot{file: file})
		if len(slots) < 2 {
			return
		}
		if !started {
			started = true
			for w := 0; w < runtime.GOMAXPROCS(0); w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for s := range jobs {
						s.r = process(s.file)
					}
				}()
			}
			jobs <- slots[0]
		}
		jobs <- slots[len(slots)-1]
	}
	walkErrs := expandArgs(args, run, emit)
	if !started && len(slots) == 1 {
		slots[0].r = process(slots[0].file)
	}
	close(jobs)
	wg.Wait()
	results := make([]*fileResult, len(slots))
	for i, s := range slots {
		results[i] = s.r
	}
	return results, walkErrs
}

// isDockerfileName tells whether a walked file is one msrewrite rewrites:
// not Dockerfile.dockerignore, a Dockerfile's own ignore file.
func isDockerfileName(name string) bool {
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".dockerignore") {
		return false
	}
	return name == "Dockerfile" || name == "Containerfile" || strings.HasPrefix(name, "Dockerfile.") ||
		strings.HasSuffix(lower, ".dockerfile") || strings.HasPrefix(name, "Containerfile.")
}

// expandArgs hands each file to process to emit, in order: files named on
// the command line whatever their name, and the Dockerfiles below each
// folder named, folders in lexical order. It returns the folders it could
// not read.
func expandArgs(args []string, run *session, emit func(string)) []error {
	var errs []error
	for _, a := range args {
		fi, err := os.Stat(a)
		if a == "-" || err != nil || !fi.IsDir() {
			emit(a) // reading it reports any problem
			continue
		}
		abs, err := filepath.Abs(a)
		if err != nil {
			abs = "" // the configuration lookup will read each folder
		}
		errs = walk(a, abs, run, emit, errs)
	}
	return errs
}

// walk reads a folder, then its Dockerfiles and subfolders in lexical
// order, skipping hidden folders, node_modules and vendor. Before any file
// of a folder is handed on, the run learns the folder's listing (abs is
// its absolute path, "" when unknown): the configuration lookup and the
// build context then cost no read or failed open per Dockerfile.
func walk(dir, abs string, run *session, emit func(string), errs []error) []error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		errs = append(errs, &dockerfile.Error{File: dir, Msg: unwrapPathError(err).Error()})
	} else if abs != "" {
		run.listed(abs, entries)
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case e.IsDir():
			if strings.HasPrefix(name, ".") || name == "node_modules" || name == "vendor" {
				continue
			}
			sub := ""
			if abs != "" {
				sub = filepath.Join(abs, name)
			}
			errs = walk(filepath.Join(dir, name), sub, run, emit, errs)
		case e.Type().IsRegular() && isDockerfileName(name):
			emit(filepath.Join(dir, name))
		}
	}
	return errs
}
