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
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/aymanbagabas/go-udiff"
	"github.com/msrewrite/msrewrite/internal/lsp"
	"github.com/msrewrite/msrewrite/internal/verify"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/transforms"
)

// version is set at release time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

const stdinName = "<standard input>"

func main() {
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// session is what the files of one run share: the configuration files
// and the build context folders, each read once.
type session struct {
	configs  *configs
	contexts *contexts
}

// listed tells the run what a folder it walked holds.
func (s *session) listed(abs string, entries []fs.DirEntry) {
	hasConfig, hasDockerfile := false, false
	for _, e := range entries {
		hasConfig = hasConfig || e.Name() == configName
		hasDockerfile = hasDockerfile || e.Type().IsRegular() && isDockerfileName(e.Name())
	}
	s.configs.setListed(abs, hasConfig)
	if hasDockerfile {
		s.contexts.setListed(abs, entries)
	}
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
			// The folders are read anew for each request: the editor's
			// files change while the server runs.
			return rewriteText(o, &session{configs: cfgs, contexts: &contexts{}}, name, src, path != "")
		}
		lsp.New(rw, version).Serve(context.Background(), stdio{stdin, stdout})
	case cmd == cmdRewrite:
		err = action(o, stdin, stdout, stderr)
	case cmd == cmdVerify:
		err = runVerify(o, o.verify, stdout, stderr)
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
		for _, t := range transforms.Optional {
			fmt.Fprintf(stdout, "transform  %-12s (off by default: --with %s) %s\n", t.Name, t.Name, t.Doc)
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
	case o.report() && o.diff:
		fmt.Fprintln(stderr, "msrewrite: --format json and sarif print a report, not a diff: drop -d")
		return exitError{2}
	}
	if _, unknown := transforms.Chain(o.with.Value()); unknown != "" {
		fmt.Fprintf(stderr, "msrewrite: --with %q: no such transform (msrewrite --list names them)\n", unknown)
		return exitError{2}
	}
	if o.verifyWrite && !o.write {
		fmt.Fprintln(stderr, "msrewrite: --verify checks what -w writes: give -w too (or run msrewrite verify FILE)")
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
	if err := checkContextFlag(o.context); err != nil {
		fmt.Fprintf(stderr, "msrewrite: %v\n", err)
		return exitError{2}
	}
	run := &session{configs: &configs{}, contexts: &contexts{}}
	results, walkErrs := processAll(args, run, func(file string) *fileResult {
		return processFile(o, file, stdin, run)
	})
	failed, changed, unverified := len(walkErrs) > 0, false, false
	var records []record
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
	if len(results) > 1 {
		bout, berr = bufio.NewWriterSize(stdout, 64<<10), bufio.NewWriterSize(stderr, 64<<10)
		out, errOut = bout, berr
	}
	for _, r := range results {
		if r.stdout.Len() > 0 {
			out.Write(r.stdout.Bytes())
		}
		if r.stderr.Len() > 0 {
			errOut.Write(r.stderr.Bytes())
		}
		failed = failed || r.failed
		changed = changed || r.changed
		unverified = unverified || r.unverified
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
	case changed && o.check, unverified:
		return exitError{1}
	}
	return nil
}

// fileResult is what processing one file prints, kept until every file is
// done so that output comes in a stable order.
type fileResult struct {
	stdout, stderr  bytes.Buffer
	changed, failed bool
	// unverified says -w --verify found something and did not write.
	unverified bool
	record     record
}

func (r *fileResult) fail(name string, err error) *fileResult {
	fmt.Fprintln(&r.stderr, err)
	r.failed = true
	r.record = newRecord(name, nil, err)
	return r
}

func processFile(o options, file string, stdin io.Reader, run *session) *fileResult {
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
	res, err := rewriteText(o, run, name, src, file != "-" || o.stdinFilename != "")
	if err != nil {
		return r.fail(name, err)
	}
	if o.explain {
		for _, n := range res.Notes {
			fmt.Fprintln(&r.stderr, located(name, n.Line, n.Text))
		}
	}
	if res.Skip != nil {
		fmt.Fprintln(&r.stderr, located(name, res.Skip.Line, res.SkipText()))
	}
	r.changed = res.Changed
	report := o.report()
	if report {
		// Kept until the run ends, for the report: not made otherwise.
		r.record = newRecord(name, res, nil)
	}
	list, diff, write := (o.listChanged || o.check) && !report, o.diff, o.write
	if list && res.Changed {
		fmt.Fprintln(&r.stdout, name)
	}
	if diff && res.Changed {
		fmt.Fprint(&r.stdout, udiff.Unified(name+".orig", name, string(src), string(res.Output)))
	}
	if write && res.Changed && o.verifyWrite {
		report, err := verifyRewrite(o, o.verify, file, src, res)
		var cv *verify.CannotVerify
		switch {
		case errors.As(err, &cv):
			fmt.Fprintf(&r.stderr, "%s: not written: cannot verify: %s\n", name, cv.Reason)
			r.failed = true
			return r
		case err != nil:
			return r.fail(name, err)
		case len(report.Findings) > 0:
			fmt.Fprintf(&r.stderr, "%s: not written: verify found:\n", name)
			for _, f := range report.Findings {
				fmt.Fprintf(&r.stderr, "  %s\n", f)
			}
			r.unverified = true
			return r
		}
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
func rewriteText(o options, run *session, name string, src []byte, named bool) (*rewrite.Result, error) {
	doc, err := dockerfile.Parse(name, src)
	if err != nil {
		return nil, err
	}
	ctx, err := run.contexts.forFile(o.context, name, named)
	if err != nil {
		return nil, &dockerfile.Error{File: name, Msg: "build context: " + err.Error()}
	}
	opts := rewrite.Options{Alias: o.alias, RuntimeImage: o.runtimeImage, Context: ctx,
		Explain: o.explain || o.report()}
	cfgDir := "."
	if named {
		cfgDir = filepath.Dir(name)
	}
	cfg, err := run.configs.find(cfgDir)
	if err != nil {
		return nil, err
	}
	if cfg != nil {
		if !o.aliasSet && cfg.Alias != "" {
			opts.Alias = cfg.Alias
		}
		opts.RuntimeImages = cfg.RuntimeImage
		opts.Keep, opts.Drop = cfg.Keep, cfg.Drop
	}
	ts, tcs := cfg.selected()
	if with := o.with.Value(); len(with) > 0 {
		names := slices.Clone(with)
		for _, t := range ts {
			names = append(names, t.Name)
		}
		ts, _ = transforms.Chain(names)
	}
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

// stdio joins standard input and output into the stream a language server
// speaks on.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return nil }
