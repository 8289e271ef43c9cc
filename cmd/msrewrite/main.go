// Command msrewrite turns a single-stage Dockerfile into a multi-stage one:
// a builder stage and a slim runtime stage. Files it cannot rewrite safely
// come out unchanged, with the reason on stderr.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/aymanbagabas/go-udiff"
	"github.com/msrewrite/msrewrite/internal/lsp"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/transforms"
)

// version is set at release time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

const stdinName = "<standard input>"

func main() {
	// A run is short and allocates much that dies at once, file after
	// file: collect garbage far less often than Go's default, within a
	// bound, unless the user chose. (Over 10 000 files, 400 spent 9% more
	// time than 1000; the bound, not the percentage, caps memory.)
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(1000)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(256 << 20)
	}
	growStack(len(os.Args))
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// growStack makes the main goroutine's stack 16 KiB while few frames are
// on it. Parsing a file needs more than the 8 KiB it has after start-up,
// and growing then copies some thirty frames, each looked up in pages of
// the function tables not yet read: about 15 µs of a 2 ms run, against
// almost nothing here.
//
//go:noinline
func growStack(i int) byte {
	var frame [10 << 10]byte
	frame[i%len(frame)] = 1
	return frame[(i*7)%len(frame)]
}

// exitError carries an exit code to run, the message already printed.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	o, cmd, err := readArgs(args[1:], stdout, stderr)
	switch {
	case err != nil:
	case cmd == cmdLSP:
		cfgs := &configs{}
		rw := func(path string, src []byte) (*rewrite.Result, error) {
			name := path
			if name == "" {
				name = "Dockerfile"
			}
			return rewriteText(o, cfgs, name, src, path != "")
		}
		lsp.New(rw, version).Serve(context.Background(), stdio{stdin, stdout})
	case cmd == cmdRewrite:
		err = action(o, stdin, stdout, stderr)
	}
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	default:
		fmt.Fprintf(stderr, "msrewrite: %v\n", err)
		return 2
	}
}

func action(o options, stdin io.Reader, stdout, stderr io.Writer) error {
	if o.list {
		for _, t := range transforms.All {
			fmt.Fprintf(stdout, "transform  %-12s %s\n", t.Name, t.Doc)
		}
		for _, t := range transforms.Toolchains {
			fmt.Fprintf(stdout, "toolchain  %-12s %s\n", t.Name, t.Doc)
		}
		return nil
	}
	if !dockerfile.ValidStageName(o.alias) {
		fmt.Fprintf(stderr, "msrewrite: --alias %q: a stage name starts with a lowercase letter and has only a-z, 0-9, '-', '_' and '.'\n", o.alias)
		return exitError{2}
	}
	format := o.format
	switch {
	case format != "text" && format != "json" && format != "sarif":
		fmt.Fprintf(stderr, "msrewrite: --format %q: want text, json or sarif\n", format)
		return exitError{2}
	case format != "text" && o.diff:
		fmt.Fprintln(stderr, "msrewrite: --format json and sarif print a report, not a diff: drop -d")
		return exitError{2}
	}
	args := o.args
	if len(args) == 0 {
		args = []string{"-"}
	}
	for _, f := range args {
		if f == "-" && o.write {
			fmt.Fprintln(stderr, "msrewrite: cannot use -w with standard input")
			return exitError{2}
		}
	}
	cfgs := &configs{}
	// Files are processed while folders are still being walked. The first
	// is held back until a second turns up: one file, the format-on-save
	// case, runs here, since handing it to a worker would only wake
	// another thread.
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
						s.r = processFile(o, s.file, stdin, cfgs)
					}
				}()
			}
			jobs <- slots[0]
		}
		jobs <- slots[len(slots)-1]
	}
	walkErrs := expandArgs(args, cfgs, emit)
	if !started && len(slots) == 1 {
		slots[0].r = processFile(o, slots[0].file, stdin, cfgs)
	}
	close(jobs)
	wg.Wait()

	failed, changed := len(walkErrs) > 0, false
	var records []Record
	for _, err := range walkErrs {
		fmt.Fprintln(stderr, err)
		records = append(records, newRecord("", nil, err))
	}
	// Output in the order the files were named, whatever order they
	// finished in; buffered, since a write per file was a system call per
	// file (each stream keeps its order; the two are not interleaved).
	// (Not for one file: the buffers' memory costs a run more than the
	// writes they save.)
	out, errOut := io.Writer(stdout), io.Writer(stderr)
	var bout, berr *bufio.Writer
	if len(slots) > 1 {
		bout, berr = bufio.NewWriterSize(stdout, 64<<10), bufio.NewWriterSize(stderr, 64<<10)
		out, errOut = bout, berr
	}
	for _, s := range slots {
		r := s.r
		if r.stdout.Len() > 0 {
			out.Write(r.stdout.Bytes())
		}
		if r.stderr.Len() > 0 {
			errOut.Write(r.stderr.Bytes())
		}
		failed = failed || r.failed
		changed = changed || r.changed
		records = append(records, r.record)
	}
	if bout != nil {
		bout.Flush()
		berr.Flush()
	}
	switch format {
	case "json":
		if err := writeJSON(stdout, records); err != nil {
			return err
		}
	case "sarif":
		if err := writeSARIF(stdout, records); err != nil {
			return err
		}
	}
	switch {
	case failed:
		return exitError{2}
	case changed && o.check:
		return exitError{1}
	}
	return nil
}

// isDockerfileName tells whether a walked file is one msrewrite rewrites.
func isDockerfileName(name string) bool {
	lower := strings.ToLower(name)
	return name == "Dockerfile" || name == "Containerfile" || strings.HasPrefix(name, "Dockerfile.") ||
		strings.HasSuffix(lower, ".dockerfile") || strings.HasPrefix(name, "Containerfile.")
}

// expandArgs hands each file to process to emit, in order: files named on
// the command line whatever their name, and the Dockerfiles below each
// folder named, folders in lexical order. It returns the folders it could
// not read.
func expandArgs(args []string, cfgs *configs, emit func(string)) []error {
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
		errs = walk(a, abs, cfgs, emit, errs)
	}
	return errs
}

// walk reads a folder, then its Dockerfiles and subfolders in lexical
// order, skipping hidden folders, node_modules and vendor. Before any file
// of a folder is handed on, the configuration lookup learns whether the
// folder holds a ConfigName (abs is the folder's absolute path, "" when
// unknown), so that folders without one cost no failed open per file.
func walk(dir, abs string, cfgs *configs, emit func(string), errs []error) []error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		errs = append(errs, &dockerfile.Error{File: dir, Msg: unwrapPathError(err).Error()})
	} else if abs != "" {
		has := false
		for _, e := range entries {
			has = has || e.Name() == ConfigName
		}
		cfgs.setListed(abs, has)
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
			errs = walk(filepath.Join(dir, name), sub, cfgs, emit, errs)
		case e.Type().IsRegular() && isDockerfileName(name):
			emit(filepath.Join(dir, name))
		}
	}
	return errs
}

// fileResult is what processing one file prints, kept until every file is
// done so that output comes in a stable order.
type fileResult struct {
	stdout, stderr  bytes.Buffer
	changed, failed bool
	record          Record
}

func (r *fileResult) fail(name string, err error) *fileResult {
	fmt.Fprintln(&r.stderr, err)
	r.failed = true
	r.record = newRecord(name, nil, err)
	return r
}

func processFile(o options, file string, stdin io.Reader, cfgs *configs) *fileResult {
	r := &fileResult{}
	name := file
	var src []byte
	var err error
	if file == "-" {
		name = stdinName
		if n := o.stdinFilename; n != "" {
			name = n
		}
		src, err = io.ReadAll(io.LimitReader(stdin, dockerfile.MaxSize+1))
	} else {
		src, err = readFile(file)
	}
	if err != nil {
		return r.fail(name, &dockerfile.Error{File: name, Msg: err.Error()})
	}
	res, err := rewriteText(o, cfgs, name, src, file != "-" || o.stdinFilename != "")
	if err != nil {
		return r.fail(name, err)
	}
	if o.explain {
		for _, n := range res.Notes {
			fmt.Fprintln(&r.stderr, located(name, n.Line, n.Text))
		}
	}
	if res.Skip != nil {
		fmt.Fprintln(&r.stderr, located(name, res.Skip.Line, "not rewritten: "+res.Skip.Reason))
	}
	r.changed = res.Changed
	r.record = newRecord(name, res, nil)
	report := o.format != "text"
	list, diff, write := (o.listChanged || o.check) && !report, o.diff, o.write
	if list && res.Changed {
		fmt.Fprintln(&r.stdout, name)
	}
	if diff && res.Changed {
		fmt.Fprint(&r.stdout, udiff.Unified(name+".orig", name, string(src), string(res.Output)))
	}
	if write && res.Changed {
		if err := writeAtomic(file, res.Output); err != nil {
			return r.fail(name, &dockerfile.Error{File: name, Msg: err.Error()})
		}
	}
	if !list && !diff && !write && !report {
		r.stdout.Write(res.Output)
	}
	return r
}

// rewriteText parses and rewrites src with the flags and the project
// configuration that apply to the file name (a real file when named).
func rewriteText(o options, cfgs *configs, name string, src []byte, named bool) (*rewrite.Result, error) {
	doc, err := dockerfile.Parse(name, src)
	if err != nil {
		return nil, err
	}
	opts := rewrite.Options{Alias: o.alias, RuntimeImage: o.runtimeImage, Context: o.context,
		NoNotes: !o.explain && o.format == defaultFormat}
	if opts.Context == "" && named {
		opts.Context = filepath.Dir(name)
	}
	cfgDir := "."
	if named {
		cfgDir = filepath.Dir(name)
	}
	cfg, err := cfgs.find(cfgDir)
	if err != nil {
		return nil, err
	}
	if cfg != nil {
		if !o.aliasSet && cfg.Alias != "" {
			opts.Alias = cfg.Alias
		}
		opts.RuntimeImages = cfg.RuntimeImage
	}
	ts, tcs := cfg.selected()
	res, err := rewrite.Run(doc, ts, tcs, opts)
	if err != nil {
		return nil, &dockerfile.Error{File: name, Msg: err.Error()}
	}
	return res, nil
}

func located(file string, line int, msg string) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d: %s", file, line, msg)
	}
	return fmt.Sprintf("%s: %s", file, msg)
}

// readFile reads a regular file, refusing folders and files over the size
// limit before reading them whole.
func readFile(file string) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, unwrapPathError(err)
	}
	if fi.IsDir() {
		return nil, errors.New("is a directory")
	}
	// Read into a buffer of the file's size, as os.ReadFile does, but never
	// more than one byte over the limit (which Parse then reports).
	data := make([]byte, 0, min(fi.Size(), dockerfile.MaxSize)+1)
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		switch {
		case err == io.EOF:
			return data, nil
		case err != nil:
			return nil, err
		case len(data) > dockerfile.MaxSize:
			return data, nil
		case len(data) == cap(data):
			data = append(data, 0)[:len(data)] // it grew while we read
		}
	}
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// writeAtomic replaces file's contents by writing a temporary file beside
// it and renaming it over, so a reader never sees half a file. A symlink
// stays a symlink: its target is what gets replaced. The mode is kept.
func writeAtomic(file string, data []byte) error {
	target, err := filepath.EvalSymlinks(file)
	if err != nil {
		return unwrapPathError(err)
	}
	fi, err := os.Stat(target)
	if err != nil {
		return unwrapPathError(err)
	}
	// A file without write permission is one its owner wants left alone;
	// root could write it, but should not, any more than an editor would.
	if fi.Mode().Perm()&0o222 == 0 {
		return errors.New("file is read-only")
	}
	// Refuse what the user could not write in place either.
	if f, err := os.OpenFile(target, os.O_WRONLY, 0); err != nil {
		return unwrapPathError(err)
	} else {
		f.Close()
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".msrewrite-*")
	if err != nil {
		return unwrapPathError(err)
	}
	tmpName := tmp.Name()
	fail := func(err error) error {
		tmp.Close()
		os.Remove(tmpName)
		return unwrapPathError(err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(fi.Mode().Perm()); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmpName)
		return unwrapPathError(err)
	}
	if err := os.Rename(tmpName, target); err != nil {
		os.Remove(tmpName)
		return unwrapPathError(err)
	}
	return nil
}

// stdio joins standard input and output into the stream a language server
// speaks on.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return nil }
