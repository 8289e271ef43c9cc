package transforms

import (
	"path"
	"slices"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// What the RUN instructions after the build step leave in the image: the
// runtime stage carries the files they write (COPY --from, at the same
// path), and the file is left alone when what a RUN does there cannot be
// known.

// runWrite is a path a RUN after the build step writes, or removes.
type runWrite struct {
	path    string
	index   int // the RUN's place in Body
	line    int
	removed bool
	dir     bool // made by mkdir
}

// readOnly are commands that write nothing but their output.
var readOnly = rewrite.WordSet(`: true false echo printf test [ sleep ls cat id whoami env pwd date uname grep head tail
	wc sort uniq cut tr basename dirname readlink stat which command type file du df nproc getent`)

// lastStep is the place in Body of the last build step.
func (pl *plan) lastStep() int {
	last := 0
	for i, in := range pl.stage.Body {
		if slices.Contains(pl.build.Steps, in) {
			last = i
		}
	}
	return last
}

// buildTools run build steps: in a build step's RUN, what comes after
// the last of them is read as a RUN after the build is (leniently: the
// build step's other commands were never refused).
var buildTools = rewrite.WordSet(`go cargo rustc gcc g++ cc c++ clang clang++ make gmake cmake ninja mvn mvnw gradle gradlew
	javac jar dotnet npm npx pnpm yarn node pip pip3 python python3 corepack`)

// runWrites reads the RUNs after the last build step, and the commands
// after the build in the build steps' own RUNs.
func (pl *plan) runWrites() error {
	st := pl.stage
	for i, in := range st.Body {
		if !slices.Contains(pl.build.Steps, in) {
			continue
		}
		calls, _, err := st.Calls(i)
		if err != nil {
			continue
		}
		last := -1
		for k, c := range calls {
			if buildTools.Has(path.Base(c.Name())) {
				last = k
			}
		}
		for _, c := range calls[last+1:] {
			pl.callWrites(i, c) // what cannot be known here stays as it was: not carried
		}
	}
	for i := pl.lastStep() + 1; i < len(st.Body); i++ {
		in := st.Body[i]
		if in.Name() != "run" {
			continue
		}
		calls, _, err := st.Calls(i)
		switch {
		case err != nil:
			return rewrite.Skipf(in.Line(), "cannot read the shell of this RUN: %v", err)
		case calls == nil && len(in.Node.Heredocs) > 0:
			return rewrite.Skipf(in.Line(), "this RUN after the build feeds a script to a program msrewrite cannot read: what it leaves in the image cannot be known")
		}
		for _, c := range calls {
			if err := pl.callWrites(i, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// callWrites records what one command of a RUN after the build writes.
func (pl *plan) callWrites(i int, c shell.Call) error {
	in := pl.stage.Body[i]
	line := in.Line()
	name := path.Base(c.Name())
	add := func(p string, write bool) {
		pl.rt.writes = append(pl.rt.writes, runWrite{path: p, index: i, line: line, removed: !write})
	}
	for _, w := range c.Writes {
		if !w.Known {
			return rewrite.Skipf(line, "this RUN after the build writes to a file whose name cannot be known")
		}
		add(w.Path, true)
	}
	if len(c.Args) == 0 {
		return nil // only a redirection
	}
	if c.Name() == "" {
		return rewrite.Skipf(line, "this RUN after the build runs a program whose name cannot be known")
	}
	if c.Dir == "" {
		return rewrite.Skipf(line, "this RUN after the build runs %s after a cd to a folder that cannot be known", name)
	}
	if exe := rewrite.LookPath(c.Name(), c.Dir, finalPath(pl.stage), pl.isArtifact); exe != "" && pl.isArtifact(exe) {
		return rewrite.Skipf(line, "this RUN runs the built program %s: what it writes cannot be known", exe)
	}
	if readOnly.Has(name) && name != "" {
		return nil
	}
	// The words that are not options; a word that cannot be evaluated
	// could be either.
	var paths []string
	for j := 1; j < len(c.Args); j++ {
		if !c.Known[j] {
			return rewrite.Skipf(line, "cannot evaluate an argument of %s in this RUN after the build", name)
		}
		if !strings.HasPrefix(c.Args[j], "-") {
			paths = append(paths, shell.Resolve(c.Dir, c.Args[j]))
		}
	}
	if c.Conditional {
		return rewrite.Skipf(line, "%s runs only under a condition or in a loop: what it leaves in the image cannot be decided", name)
	}
	switch name {
	case "mkdir":
		for _, p := range paths {
			pl.rt.writes = append(pl.rt.writes, runWrite{path: p, index: i, line: line, dir: true})
		}
	case "touch", "tee":
		for _, p := range paths {
			add(p, true)
		}
	case "cp", "mv", "install", "ln":
		if len(paths) < 2 {
			return rewrite.Skipf(line, "cannot tell where %s in this RUN after the build writes", name)
		}
		dest, srcs := paths[len(paths)-1], paths[:len(paths)-1]
		if raw := c.Args[len(c.Args)-1]; strings.HasSuffix(raw, "/") || len(srcs) > 1 {
			// into a folder: each source lands under its own name
			for _, src := range srcs {
				add(path.Join(dest, path.Base(src)), true)
			}
		} else {
			add(dest, true)
		}
		if name == "mv" {
			for _, p := range srcs {
				add(p, false)
			}
		}
	case "chmod", "chown", "chgrp":
		if len(paths) < 2 {
			return rewrite.Skipf(line, "cannot tell what %s in this RUN after the build changes", name)
		}
		for _, p := range paths[1:] { // the first is the mode or owner
			add(p, true)
		}
	case "sed":
		inPlace := false
		for _, a := range c.Args[1:] {
			inPlace = inPlace || a == "-i" || strings.HasPrefix(a, "-i") && !strings.HasPrefix(a, "--")
		}
		if inPlace && len(paths) > 1 {
			for _, p := range paths[1:] { // the first is the script
				add(p, true)
			}
		}
	case "rm", "rmdir", "unlink":
		for _, p := range paths {
			add(p, false)
		}
	case "useradd", "adduser", "groupadd", "addgroup", "usermod":
		pl.rt.users = true
	case "apt-get", "apt", "apk", "yum", "dnf", "microdnf", "zypper":
		for _, a := range c.Args[1:] {
			if a == "install" || a == "add" {
				return rewrite.Skipf(line, "this RUN installs packages after the build: the runtime stage would lack them")
			}
		}
	default:
		return rewrite.Skipf(line, "this RUN after the build runs %s, whose effects on the image cannot be known", name)
	}
	return nil
}

// removedAfter tells whether a RUN after instruction index (of Body)
// removes p, or moves it away: a COPY --from of it would fail.
func (pl *plan) removedAfter(p string, index int) bool {
	for _, w := range pl.rt.writes {
		if !w.removed || w.index <= index {
			continue
		}
		if under(p, w.path) {
			return true
		}
		if ok, _ := path.Match(w.path, p); ok {
			return true
		}
	}
	return false
}
