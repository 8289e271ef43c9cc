package transforms

import (
	"path"
	"slices"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// What the RUN instructions leave in the image besides the artifacts:
// the runtime stage carries the files they write (COPY --from, at the
// same path), and the file is left alone when what a RUN does there
// cannot be known. That holds before the build as after it (DESIGN §1): a
// config file written, a tool downloaded or a package installed before
// `go build` is in the image as much as one written after it. Only the
// build tools' own effects before and during the build (dependencies,
// toolchains, caches) and the build-only packages stay behind.

// runWrite is a path a RUN writes, or removes.
type runWrite struct {
	path    string
	index   int // the RUN's place in Body
	line    int
	removed bool
	dir     bool   // made by mkdir
	by      string // "this RUN before the build", for --explain
	// meta tells that the RUN sets the path's owner or mode (chown,
	// chmod, mkdir -m), and recursive that it does so below it too (-R).
	meta, recursive bool
	// file tells that the path is a file (a redirection, touch, tee);
	// tree that it is a folder the RUN filled (git clone, a Node project's
	// scripts), copied whole: copies inside it are dropped.
	file, tree bool
	// change is the command that sets the owner or mode again, with its
	// owner or mode ("chown app:app", "chmod 1777" for mkdir -m); "" when
	// not chown, chgrp, chmod or mkdir -m.
	change string
	// link is what a symbolic link ln -s makes at path points to, as an
	// image path; "" for anything else.
	link string
}

// readOnly are commands that write nothing but their output, and shell
// builtins that only change the shell itself.
var readOnly = rewrite.WordSet(`: true false echo printf test [ sleep ls cat id whoami env pwd date uname grep head tail
	wc sort uniq cut tr basename dirname readlink stat which command type file du df nproc getent ssh-keyscan
	cd pushd popd dirs set export unset shift umask local readonly declare typeset`)

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

// nativeTools build C and C++: the C toolchain's own. The drivers among
// them (make, cmake, ninja) are every toolchain's too, as they run the
// build (a Makefile's go build); a compiler another toolchain's build runs
// itself (cc -shared -o libgreet.so) is read for what it writes. Before
// the build, and in a build step's RUN up to the last of them, what a
// build tool does is the build's; after it, it is read as any other
// command is.
var nativeTools = []string{"gcc", "g++", "cc", "c++", "clang", "clang++", "make", "gmake", "cmake", "ninja"}

// buildDrivers are the nativeTools that drive a build rather than compile.
var buildDrivers = []string{"make", "gmake", "cmake", "ninja"}

// buildTools are the programs whose runs are the build's own work: the
// building toolchain's (Toolchain.Tools) and the native ones.
func buildTools(tc rewrite.Toolchain) []string {
	return append(slices.Clip(tc.Tools), buildDrivers...)
}

// buildTools are the build tools of the toolchain that builds.
func (pl *plan) buildTools() []string {
	for _, tc := range pl.pass.Toolchains {
		if tc.Name == pl.build.Toolchain {
			return buildTools(tc)
		}
	}
	return nativeTools
}

// checkTools are linters and test runners: a RUN of one, before or after
// the build, checks the sources and leaves nothing the program reads at
// run time (its caches, a report), so it is not read for writes.
var checkTools = rewrite.WordSet(`golangci-lint staticcheck golint govulncheck gosec revive errcheck pytest flake8
	mypy black ruff pylint isort bandit tox`)

// versionless is a Python or pip command's name without its minor version
// (python3.12 is python3, pip3.12 pip3), as the images and virtualenvs
// install it beside the others; any other name as it is.
func versionless(name string) string {
	for _, prefix := range []string{"python3.", "pip3."} {
		if rest, ok := strings.CutPrefix(name, prefix); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			return prefix[:len(prefix)-1]
		}
	}
	return name
}

// checkCall tells whether a command runs a checkTools program, by name or
// as python -m.
func checkCall(c shell.Call) bool {
	name := versionless(path.Base(c.Name()))
	if checkTools.Has(name) {
		return true
	}
	if name == "python" || name == "python3" {
		flag, target := interpreterTarget(c, "-c")
		return flag == "-m" && checkTools.Has(target)
	}
	return false
}

// pythonPackaging are the modules python runs as a build tool.
var pythonPackaging = rewrite.WordSet("pip venv ensurepip virtualenv compileall build")

// buildToolCall tells whether a command is a build tool at work (poetry
// and pipenv but for their run and shell). Python is one only as
// packaging (-m pip, -m venv, setup.py): running code of its own (python
// -m nltk.downloader, python -c "...load_model()"), it writes wherever
// that code chooses, outside the virtualenv as often as not, and is read
// as any other command (callWrites).
func buildToolCall(c shell.Call, tools []string) bool {
	name := versionless(path.Base(c.Name()))
	if name == "" || !slices.Contains(tools, name) {
		return false
	}
	if name == "poetry" || name == "pipenv" {
		// poetry run, pipenv run and their shell run the project's code.
		for i, a := range c.Args[1:] {
			if !c.Known[i+1] {
				return false
			}
			if !strings.HasPrefix(a, "-") {
				return a != "run" && a != "shell"
			}
		}
		return true
	}
	if name == "uv" {
		return uvBuildCall(c)
	}
	if name == "dotnet" && devCertsCall(c) {
		return false // the certificate Kestrel serves HTTPS with (devCerts)
	}
	if runsOwnCode(c) {
		return false // a program of the build context: callWrites refuses it
	}
	if name != "python" && name != "python3" {
		return true
	}
	// Nothing known to run is the interactive interpreter, which reads
	// its standard input.
	flag, target := interpreterTarget(c, "-c")
	return flag == "-m" && pythonPackaging.Has(target) || flag == "" && path.Base(target) == "setup.py"
}

// interpreterTarget is what an interpreter's call runs: ("-m", module),
// (flag, "") for code given with one of codeFlags, or ("", script);
// ("", "") when a word before it cannot be known or none is given.
func interpreterTarget(c shell.Call, codeFlags ...string) (flag, target string) {
	for i := 1; i < len(c.Args); i++ {
		switch a := c.Args[i]; {
		case !c.Known[i]:
			return "", ""
		case slices.Contains(codeFlags, a):
			return a, ""
		case a == "-m" && i+1 < len(c.Args) && c.Known[i+1]:
			return a, c.Args[i+1]
		case a == "-m":
			return "", ""
		case !strings.HasPrefix(a, "-"):
			return "", a
		}
	}
	return "", ""
}

// programWords names what a command runs in a reason: the program, and
// for an interpreter the module or script (python -m nltk.downloader).
func programWords(c shell.Call) string {
	name := path.Base(c.Name())
	if (name == "." || name == "source") && len(c.Args) > 1 && c.Known[1] {
		return name + " " + c.Args[1] + " (a script whose commands and variables the RUN takes on)"
	}
	if base := versionless(name); base != "python" && base != "python3" && base != "node" {
		return name
	}
	switch flag, target := interpreterTarget(c, "-c", "-e"); {
	case flag == "-m":
		return name + " -m " + target
	case flag != "":
		return name + " " + flag
	case target != "":
		return name + " " + target
	}
	return name
}

// runWrites reads what every RUN writes, but the build tools' own work
// before the end of the build.
func (pl *plan) runWrites() error {
	st := pl.stage
	last := pl.lastStep()
	tools := pl.buildTools()
	setup := pl.toolchainSetup()
	for i, in := range st.Body {
		if in.Name() != "run" {
			continue
		}
		step := slices.Contains(pl.build.Steps, in)
		this := "this RUN before the build"
		switch {
		case step:
			this = "this build step's RUN"
		case i > last:
			this = "this RUN after the build"
		}
		calls, _, err := st.Calls(i)
		switch {
		case err != nil:
			return rewrite.Skipf(in.Line(), "cannot read the shell of this RUN: %v", err)
		case calls == nil && len(in.Node.Heredocs) > 0:
			return rewrite.Skipf(in.Line(), "%s feeds a script to a program msrewrite cannot read: what it leaves in the image cannot be known", this)
		}
		lastTool := -1
		for k, c := range calls {
			if step && buildToolCall(c, tools) {
				lastTool = k
			}
		}
		for k, c := range calls {
			after := i > last || i == last && k > lastTool
			if sub, _ := subcommand(c); path.Base(c.Name()) == "go" && sub == "generate" {
				if why := unknownGenerator(pl.pass.Options.Context); why != "" {
					return rewrite.Skipf(in.Line(), "%s runs go generate, and %s: what it writes, which the program may read, cannot be known", this, why)
				}
			}
			if !after && (buildToolCall(c, tools) || setup(i, c)) || checkCall(c) {
				continue // the build's own: dependencies, toolchains, caches, checks
			}
			if err := pl.callWrites(i, c, this, after); err != nil {
				return err
			}
		}
	}
	return nil
}

// toolchainSetup tells the commands (of Body[i]) that set up the
// building toolchain itself, which stays in the builder as an official
// image's toolchain does: an install script of its compiler (rustup's),
// the env script rustup wrote, Go's release archive fetched or unpacked.
func (pl *plan) toolchainSetup() func(i int, c shell.Call) bool {
	var archives []string // the files the stage's fetches of Go's archive wrote
	fetched := false
	if pl.build.Toolchain == "go" {
		archives, fetched = goArchiveFiles(pl.stage)
	}
	return func(i int, c shell.Call) bool {
		return installsToolchain(c, pl.build.Toolchain) || pl.sourcesCargoEnv(i, c) || fetched && goArchiveCall(c, archives)
	}
}

// sourcesCargoEnv tells whether a command of a Rust build sources the
// env script rustup's installer (on an earlier line, or in this RUN)
// wrote in CARGO_HOME, ~/.cargo without it, as rustup's instructions say
// to: the script only puts CARGO_HOME's bin on PATH.
func (pl *plan) sourcesCargoEnv(i int, c shell.Call) bool {
	name := path.Base(c.Name())
	if pl.build.Toolchain != "rust" || name != "." && name != "source" || len(c.Args) != 2 || !c.Known[1] {
		return false
	}
	cargoHome, set, known := c.Getenv("CARGO_HOME")
	if !known {
		return false
	}
	if !set || cargoHome == "" {
		home := callHome(pl.stage, i, c)
		if home == "" {
			return false
		}
		cargoHome = path.Join(home, ".cargo")
	}
	// (The installer may run earlier in the same RUN.)
	return shell.Resolve(c.Dir, c.Args[1]) == path.Join(cargoHome, "env") && scriptInstalled(pl.stage, i+1, "rustup's installer")
}

// callWrites records what one command of a RUN writes; this names the RUN
// in reasons, and after tells that the build is over.
func (pl *plan) callWrites(i int, c shell.Call, this string, after bool) error {
	in := pl.stage.Body[i]
	line := in.Line()
	name := versionless(path.Base(c.Name()))
	add := func(p string, write bool) {
		w := runWrite{path: p, index: i, line: line, removed: !write, by: this}
		pl.rt.writes = append(pl.rt.writes, w)
		if !write {
			pl.rt.removals = append(pl.rt.removals, w)
		}
	}
	addFile := func(p string) {
		pl.rt.writes = append(pl.rt.writes, runWrite{path: p, index: i, line: line, by: this, file: true})
	}
	for _, w := range c.Writes {
		if !w.Known {
			return rewrite.Skipf(line, "%s writes to a file whose name cannot be known", this)
		}
		addFile(w.Path)
	}
	if len(c.Args) == 0 {
		return nil // only a redirection
	}
	if c.Name() == "" {
		return rewrite.Skipf(line, "%s runs a program whose name cannot be known", this)
	}
	if c.Dir == "" {
		return rewrite.Skipf(line, "%s runs %s after a cd to a folder that cannot be known", this, name)
	}
	callPath, _, known := c.Getenv("PATH")
	if !known {
		callPath = finalPath(pl.stage)
	}
	if name == "huggingface-cli" || name == "hf" {
		// pip installs it into the virtualenv, which makes it one of the
		// built programs; what it writes is known.
		p, err := hfDownload(c, callHome(pl.stage, i, c))
		if err != "" {
			return rewrite.Skipf(line, "%s runs %s %s", this, name, err)
		}
		pl.rt.writes = append(pl.rt.writes, runWrite{path: p, index: i, line: line, by: this + " (" + name + " download)"})
		return nil
	}
	if si, version, ok := installerOf(c); ok {
		ws, why := si.writes(c, version, callHome(pl.stage, i, c))
		if why != "" {
			return rewrite.Skipf(line, "%s runs %s, which %s", this, si.name, why)
		}
		for _, w := range ws {
			w.index, w.line, w.by = i, line, this+" ("+si.name+")"
			pl.rt.writes = append(pl.rt.writes, w)
			if w.file {
				// A program the installer downloads, as curl -o would.
				pl.rt.downloads = append(pl.rt.downloads, w.path)
			}
		}
		return nil
	}
	// What a build step makes is there from its RUN on: before it, a
	// folder artifact (pip's /usr/local/bin for the distribution's
	// Python) holds only what the image and earlier lines put there.
	built := func(p string) bool { return pl.isArtifactBy(p, line) }
	if exe := rewrite.LookPath(c.Name(), c.Dir, callPath, built); exe != "" && built(exe) && !pl.systemInFolder(exe) {
		return rewrite.Skipf(line, "this RUN runs the built program %s: what it writes cannot be known", exe)
	}
	if name == "fc-cache" {
		// Its cache is rebuilt when the runtime stage installs fonts or
		// fontconfig again, and fontconfig reads the fonts themselves
		// where a folder has no cache: only the first lookup is slower.
		pl.pass.Notef(line, "fc-cache writes fontconfig's cache, which fontconfig does without: not carried")
		return nil
	}
	if readOnly.Has(name) && name != "" || c.ActivatesVenv() || c.Nested {
		// activate changes only the variables, which are read; sh -c's
		// script's commands are read one by one.
		return nil
	}
	if pkgs, ok := rewrite.InstalledBy(c); ok {
		for _, p := range pkgs {
			installed := slices.ContainsFunc(pl.build.Libraries, func(l rewrite.Library) bool { return l.Dev == p }) ||
				slices.Contains(pl.build.BuildPackages, p)
			switch {
			case !pl.stays(in, p):
				// The same RUN removes it again (apk del of its group).
			case installed:
				// The runtime stage installs it, or its library, too; or
				// the build only builds with it.
			case after && !rewrite.IsBuildTool(p):
				// (A build tool after the build fetches or unpacks, as
				// before it: what the container runs is checked itself.)
				return rewrite.Skipf(line, "this RUN installs %s after the build: the runtime stage would lack it", p)
			case !rewrite.IsBuildTool(p):
				return rewrite.Skipf(line, "the build installs %s, which the program may run, load or read at run time: %s would lack it", p, pl.build.Runtime)
			}
		}
		return nil // build tools, or what the runtime stage installs again
	}
	if name == "git" && len(c.Args) > 1 && c.Known[1] && c.Args[1] == "config" {
		return pl.gitConfig(i, c, this)
	}
	if name == "dotnet" && devCertsCall(c) {
		return pl.devCerts(i, c, this)
	}
	if name == "keytool" {
		return pl.keytool(i, c, this)
	}
	if words, ok := playwrightWords(c); ok {
		return pl.playwright(i, c, this, words)
	}
	if name == "gpg" {
		// gpg --dearmor -o /etc/apt/keyrings/x.gpg: a key in a file.
		if out, ok := gpgOutput(c); ok {
			addFile(out)
			return nil
		}
	}
	if runsOwnCode(c) {
		return rewrite.Skipf(line, "%s runs %s run, which runs a program rather than building one: its effects on the image cannot be known", this, name)
	}
	// The words that are not options; a word that cannot be evaluated
	// could be either.
	var paths []string
	for j := 1; j < len(c.Args); j++ {
		if !c.Known[j] {
			return rewrite.Skipf(line, "cannot evaluate an argument of %s in %s", name, this)
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
		dirs, mode := rewrite.MadeDirs(c)
		change := ""
		if mode != "" {
			change = "chmod " + mode
		}
		for _, p := range dirs {
			pl.rt.writes = append(pl.rt.writes, runWrite{path: p, index: i, line: line, dir: true, by: this, meta: mode != "", change: change})
		}
	case "touch", "tee", "strip", "upx":
		for _, p := range paths {
			addFile(p)
		}
	case "cp", "mv", "install", "ln":
		if name == "install" && slices.ContainsFunc(c.Args[1:], func(a string) bool { return a == "-d" || a == "--directory" }) {
			// install -d makes each folder it names, as mkdir -p does, and
			// -m, -o and -g set their mode and owner as mkdir -m does.
			meta := slices.ContainsFunc(c.Args[1:], installSetsMeta)
			dirs, _, _ := copyPaths(c)
			for _, p := range dirs {
				pl.rt.writes = append(pl.rt.writes, runWrite{path: p, index: i, line: line, dir: true, by: this, meta: meta})
			}
			return nil
		}
		fc, ok := pl.copyTargets(i, c)
		if !ok {
			return rewrite.Skipf(line, "cannot tell where %s in %s writes", name, this)
		}
		srcs, dest, into := fc.srcs, fc.dest, fc.into
		// A copy of a download, or of what an archive held, is as
		// unknown: a folder (one an archive filled, or above one, or
		// the folder a glob's files come from) stays a folder.
		unknown := func(src, dst string, folder bool) {
			above := slices.ContainsFunc(pl.rt.unpacked, func(d string) bool { return under(d, src) })
			switch {
			case above || folder && pl.isFromImage(src):
				pl.rt.unpacked = append(pl.rt.unpacked, dst)
			case pl.isFromImage(src):
				pl.rt.downloads = append(pl.rt.downloads, dst)
			}
		}
		if name == "ln" && lnOption(c, 's', "--symbolic") {
			_, raw, _ := copyPaths(c)
			for k, src := range srcs {
				at := fc.at(src)
				if into && strings.ContainsAny(path.Base(src), "*?[") {
					add(dest, true) // links named by the shell
					unknown(path.Dir(src), dest, true)
					continue
				}
				pl.rt.writes = append(pl.rt.writes, runWrite{path: at, index: i, line: line, by: this, link: linkTarget(c, raw[k], src, at)})
				unknown(src, at, false)
			}
			return nil
		}
		if into {
			// into a folder: each source lands under its own name (the
			// folder itself for a glob, whose names the shell decides)
			for _, src := range srcs {
				if strings.ContainsAny(path.Base(src), "*?[") {
					add(dest, true)
					unknown(path.Dir(src), dest, true)
				} else {
					add(path.Join(dest, path.Base(src)), true)
					unknown(src, path.Join(dest, path.Base(src)), false)
				}
			}
		} else {
			add(dest, true)
			for _, src := range srcs {
				unknown(src, dest, false)
			}
		}
		if name == "mv" {
			for _, p := range srcs {
				add(p, false)
			}
		}
	case "chmod", "chown", "chgrp":
		if len(paths) < 2 {
			return rewrite.Skipf(line, "cannot tell what %s in %s changes", name, this)
		}
		recursive := slices.ContainsFunc(c.Args[1:], func(a string) bool {
			return a == "--recursive" || strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && strings.Contains(a, "R")
		})
		change := ""
		for _, a := range c.Args[1:] {
			if !strings.HasPrefix(a, "-") {
				change = name + " " + a // the mode or owner
				break
			}
		}
		for _, p := range paths[1:] { // the first is the mode or owner
			pl.rt.writes = append(pl.rt.writes, runWrite{path: p, index: i, line: line, by: this, meta: true, recursive: recursive, change: change})
		}
	case "sed":
		inPlace := false
		for _, a := range c.Args[1:] {
			inPlace = inPlace || a == "-i" || strings.HasPrefix(a, "-i") && !strings.HasPrefix(a, "--")
		}
		if inPlace && len(paths) > 1 {
			if mgr := rewrite.SourcesOf(paths[1]); mgr != "" && !slices.ContainsFunc(paths[1:], func(p string) bool { return rewrite.SourcesOf(p) != mgr }) {
				// A mirror: the runtime stage's installs use it too.
				if cmd, args, ok := pl.callText(in, c); ok {
					pl.rt.sourceEdits = append(pl.rt.sourceEdits, sourceEdit{line: line, manager: mgr, command: cmd, args: args})
				}
			}
			for _, p := range paths[1:] { // the first is the script
				add(p, true)
			}
		}
	case "rm", "rmdir", "unlink":
		for _, p := range paths {
			add(p, false)
		}
	case "useradd", "adduser", "groupadd", "addgroup", "usermod":
		if makesHome(c, pl.stage.BaseImage) {
			home := homeOf(c)
			if home == "" {
				return rewrite.Skipf(line, "%s makes the home folder of a user, and which folder cannot be told", this)
			}
			if path.Dir(home) != "/home" {
				return rewrite.Skipf(line, "%s makes the home folder of a user outside /home, which COPY --from cannot carry with its owner", this)
			}
			pl.rt.homes = append(pl.rt.homes, runWrite{path: home, index: i, line: line, dir: true, by: this})
		}
		pl.rt.usersBy = "a" + strings.TrimPrefix(this, "this")
	case "curl", "wget":
		files, ok := downloadedFiles(c)
		if !ok {
			return rewrite.Skipf(line, "%s runs %s, whose output file cannot be told", this, name)
		}
		for _, f := range files {
			addFile(f)
			pl.rt.downloads = append(pl.rt.downloads, f)
		}
	case "git":
		// git clone makes a folder the program may read (copied whole);
		// git config --global writes the user's settings.
		p, dir, ok := gitWrites(c, callHome(pl.stage, i, c))
		if !ok {
			return rewrite.Skipf(line, "%s runs %s, whose effects on the image cannot be known", this, c.Summary())
		}
		if dir {
			// Not a folder made (dir), which the runtime stage may make
			// anyway: one filled, whose content is carried.
			pl.rt.writes = append(pl.rt.writes, runWrite{path: p, index: i, line: line, tree: true, by: this + " (git clone)"})
		} else {
			addFile(p)
		}
	case "npm", "npx", "pnpm", "yarn", "corepack":
		// Node's package managers in another toolchain's build (a Django
		// or Flask application's assets): what they and the project's
		// scripts write lands in the project, as in a Node build; a global
		// install writes what cannot be known. (node running a script of
		// its own is read as any other program: refused.)
		global := slices.ContainsFunc(c.Args[1:], func(a string) bool {
			return a == "-g" || a == "--global" || a == "--location=global" || strings.HasPrefix(a, "--prefix") || a == "global"
		})
		what := c.Summary() // npm ci, npm run
		if global {
			return rewrite.Skipf(line, "%s runs %s outside the folder the runtime stage copies whole: what it leaves in the image cannot be known", this, what)
		}
		if pl.isFolderArtifact(c.Dir) || pl.insideFolderArtifact(c.Dir) {
			pl.pass.Notef(line, "%s runs %s in %s, which the runtime stage copies whole with what it writes there", this, what, c.Dir)
			return nil
		}
		// A Go or Rust build's assets: the folder the build context
		// landed in is copied whole, with what the scripts wrote there.
		root := pl.contextLanding(i, c.Dir)
		if root == "" {
			return rewrite.Skipf(line, "%s runs %s outside the folder the runtime stage copies whole: what it leaves in the image cannot be known", this, what)
		}
		pl.rt.writes = append(pl.rt.writes, runWrite{path: root, index: i, line: line, tree: true, by: this + " (" + what + ", whose scripts write in the project)"})
	case "ldconfig":
		// It rebuilds the loader's cache (/etc/ld.so.cache) from the
		// libraries installed, which only the image they are in can.
		for _, a := range c.Args[1:] {
			if strings.HasPrefix(a, "-") && a != "-v" || strings.ContainsAny(a, " \t'\"$") {
				return rewrite.Skipf(line, "%s runs %s, which msrewrite does not run again", this, strings.Join(c.Args, " "))
			}
		}
		pl.rt.ldconfig, pl.rt.ldconfigBy, pl.rt.ldconfigLine = strings.Join(c.Args, " "), this, line
	case "cc", "gcc", "g++", "c++", "clang", "clang++":
		// A compiler another toolchain's build runs: what it links (a
		// shared library, a program) may be loaded at run time; object
		// files and static archives are linked into something else.
		if out := compilerOutput(c); out != "" {
			addFile(out)
		}
	case "locale-gen", "localedef":
		// Debian's locale-gen, and localedef, compile the locales into
		// the archive glibc's setlocale reads.
		if slices.Contains(c.Args, "--no-archive") {
			return rewrite.Skipf(line, "%s runs %s --no-archive, whose output folder msrewrite does not read", this, name)
		}
		addFile("/usr/lib/locale/locale-archive")
	case "update-locale":
		addFile("/etc/default/locale")
	case "debconf-set-selections":
		// Answers for the questions of packages installed later (a
		// licence accepted, a time zone chosen), which the runtime
		// stage's installs are given again.
		cmd, ok := preseedCommand(c)
		if !ok {
			return rewrite.Skipf(line, "%s runs debconf-set-selections with answers msrewrite cannot read, which the runtime stage's installs would need too", this)
		}
		pl.rt.preseeds = append(pl.rt.preseeds, preseed{command: cmd, line: line, by: this})
	case "dpkg-reconfigure":
		// It runs a package's configuration again: for tzdata (after
		// ln -fs /usr/share/zoneinfo/$TZ /etc/localtime) and locales,
		// what that writes is known.
		var pkgs []string
		for j := 1; j < len(c.Args); j++ {
			switch a := c.Args[j]; {
			case !c.Known[j]:
				return rewrite.Skipf(line, "%s runs dpkg-reconfigure with a word that cannot be known", this)
			case a == "-f" || a == "--frontend" || a == "-p" || a == "--priority":
				j++
			case strings.HasPrefix(a, "-"):
			default:
				pkgs = append(pkgs, a)
			}
		}
		for _, pkg := range pkgs {
			switch pkg {
			case "tzdata":
				addFile("/etc/localtime")
				addFile("/etc/timezone")
			case "locales":
				addFile("/etc/default/locale")
				addFile("/usr/lib/locale/locale-archive")
			default:
				return rewrite.Skipf(line, "%s runs dpkg-reconfigure %s, whose configuration scripts may write anything", this, pkg)
			}
		}
	case "update-alternatives":
		alt, why := readAlternatives(c)
		if why != "" {
			return rewrite.Skipf(line, "%s runs update-alternatives %s", this, why)
		}
		if alt != nil {
			alt.line, alt.by = line, this
			pl.rt.alternatives = append(pl.rt.alternatives, *alt)
		}
	case "update-ca-certificates":
		// It rebuilds the CA bundle from the certificates installed and
		// those copied into /usr/local/share/ca-certificates (a company's
		// own CA): the program reads the bundle.
		addFile("/etc/ssl/certs/ca-certificates.crt")
	case "pybabel":
		ws, err := pybabelWrites(c, line, this)
		if err != nil {
			return err
		}
		for _, w := range ws {
			w.index = i
			pl.rt.writes = append(pl.rt.writes, w)
		}
	case "swag":
		dirs, err := swagWrites(c, line, this)
		if err != nil {
			return err
		}
		for _, d := range dirs {
			pl.rt.writes = append(pl.rt.writes, runWrite{path: d, index: i, line: line, dir: true, by: this + " (swag init)"})
		}
	case "python", "python3":
		if dirs, ok := compileallDirs(c); ok {
			// Bytecode beside the sources (__pycache__): each folder
			// it compiles is carried as a whole, or with its artifact.
			for _, d := range dirs {
				pl.rt.writes = append(pl.rt.writes, runWrite{path: d, index: i, line: line, tree: true, by: this + " (compileall)"})
			}
			return nil
		}
		w, err := pl.manageWrites(c, line, this)
		if err != nil {
			return err
		}
		if w.path == "" {
			w, err = pl.modelDownload(c, i, this)
			if err != nil {
				return err
			}
		}
		if w.path == "" {
			return rewrite.Skipf(line, "%s runs %s, whose effects on the image cannot be known", this, programWords(c))
		}
		w.index = i
		pl.rt.writes = append(pl.rt.writes, w)
	case "tar", "unzip":
		u, extracts, ok := archiveWrites(c)
		switch {
		case !ok:
			return rewrite.Skipf(line, "%s runs %s, whose effects on the image cannot be known", this, programWords(c))
		case !extracts:
		case u.dir != "" && rewrite.IsSystemDir(u.dir):
			return rewrite.Skipf(line, "%s unpacks an archive into %s, which the runtime image has too: which files it adds cannot be told (name the members, or unpack into a folder of its own)", this, u.dir)
		case u.dir != "":
			// A folder the archive filled (an Oracle Instant Client,
			// a tool's release): copied whole.
			pl.rt.writes = append(pl.rt.writes, runWrite{path: u.dir, index: i, line: line, tree: true, by: this + " (" + name + ")"})
			if !pl.isArtifact(u.dir) {
				// (In a folder artifact, they are the artifact's: the
				// runtime has the builder's C library.)
				pl.rt.unpacked = append(pl.rt.unpacked, u.dir)
			}
		default:
			for _, m := range u.members {
				addFile(m)
				pl.rt.downloads = append(pl.rt.downloads, m)
			}
		}
	case "apt-get", "apt", "apk":
		// not an install (update, clean, del): nothing the runtime needs
	case "yum", "dnf", "microdnf", "zypper":
		for _, a := range c.Args[1:] {
			if a == "install" || a == "in" {
				return rewrite.Skipf(line, "%s installs packages with %s, which msrewrite does not read: the runtime stage would lack them", this, name)
			}
		}
	default:
		return rewrite.Skipf(line, "%s runs %s, whose effects on the image cannot be known", this, programWords(c))
	}
	return nil
}

// contextLanding is the outermost folder a COPY before Body[index] filled
// from the build context that holds dir ("" for none).
func (pl *plan) contextLanding(index int, dir string) string {
	copies, err := pl.stage.ContextCopies(pl.pass.Options.Context)
	if err != nil || dir == "" {
		return ""
	}
	root := ""
	for _, cp := range copies {
		for _, l := range cp.Landings {
			if cp.Index < index && l.Dir && under(dir, l.Dest) && (root == "" || len(l.Dest) < len(root)) && !rewrite.IsSystemDir(l.Dest) {
				root = l.Dest
			}
		}
	}
	return root
}

// compilerOutput is the file a compiler call links ("" when it only
// compiles, to object files, or links a static archive): its -o, or
// a.out in its folder.
func compilerOutput(c shell.Call) string {
	out := ""
	for j := 1; j < len(c.Args); j++ {
		switch a := c.Args[j]; {
		case a == "-c" || a == "-S" || a == "-E" || a == "-M" || a == "-MM":
			return ""
		case a == "-o" && j+1 < len(c.Args):
			j++
			out = c.Args[j]
		case strings.HasPrefix(a, "-o"):
			out = a[2:]
		}
	}
	if out == "" {
		out = "a.out"
	}
	if strings.HasSuffix(out, ".o") || strings.HasSuffix(out, ".a") {
		return ""
	}
	return shell.Resolve(c.Dir, out)
}

// linkTarget is the image path a symbolic link made by ln -s at the path
// at points to, given as raw (src resolved from the working folder): a
// relative target is the link's folder's, unless -r made it relative.
func linkTarget(c shell.Call, raw, src, at string) string {
	if path.IsAbs(raw) || lnOption(c, 'r', "--relative") {
		return src
	}
	return path.Join(path.Dir(at), raw)
}

// preseed is a debconf-set-selections run: command writes it again.
type preseed struct {
	command string
	line    int
	by      string
}

// preseedCommand is debconf-set-selections fed by echo with words all
// known (echo "ttf-mscorefonts-installer msttcorefonts/accepted-mscorefonts-eula
// select true" | debconf-set-selections), written again; ok is false for
// answers read from a file or a command msrewrite does not read.
func preseedCommand(c shell.Call) (string, bool) {
	if len(c.Args) != 1 || len(c.Stdin) < 2 || c.Stdin[0] != "echo" {
		return "", false
	}
	for _, w := range c.Stdin[1:] {
		if w == "" || strings.HasPrefix(w, "-") {
			return "", false // not known, or an option (-e, -n)
		}
	}
	line, _, ok := shell.Join([]string{"echo", strings.Join(c.Stdin[1:], " ")})
	return line + " | debconf-set-selections", ok
}

// alternatives is an update-alternatives run that chooses what a name
// such as python points to (the links of Debian's alternatives system,
// through /etc/alternatives), which the runtime stage runs again: the
// choice depends on the priorities of the alternatives the packages it
// installs register, as it did in the builder, and COPY --from would
// copy the programs the links point to in their place.
type alternatives struct {
	cmd string
	// links are the names it makes (--install's link and --slave's);
	// paths the programs they come to point to.
	links, paths []string
	line         int
	by           string
}

// readAlternatives reads an update-alternatives command: nil for one
// that only reads (--display, --query), or why it is not run again.
func readAlternatives(c shell.Call) (*alternatives, string) {
	alt := &alternatives{}
	args := c.Args[1:]
	for i, a := range args {
		if !c.Known[i+1] || strings.ContainsAny(a, " \t'\"\\$`;&|<>(){}*?[]~#") {
			return nil, "with a word msrewrite cannot write again"
		}
	}
	for len(args) > 0 {
		a := args[0]
		switch {
		case a == "--quiet" || a == "--verbose" || a == "--debug" || a == "--force" || a == "--skip-auto":
			args = args[1:]
		case a == "--display" || a == "--query" || a == "--list" || a == "--get-selections":
			return nil, ""
		case a == "--install" && len(args) >= 5:
			alt.links = append(alt.links, args[1])
			alt.paths = append(alt.paths, args[3])
			args = args[5:]
			for len(args) >= 4 && args[0] == "--slave" {
				alt.links = append(alt.links, args[1])
				alt.paths = append(alt.paths, args[3])
				args = args[4:]
			}
		case a == "--set" && len(args) >= 3:
			alt.paths = append(alt.paths, args[2])
			args = args[3:]
		default:
			// --config asks on a terminal; --altdir, --admindir and
			// --root keep the choices elsewhere; --remove and --auto
			// undo a choice the packages made.
			return nil, "with " + a + ", which msrewrite does not run again"
		}
	}
	if len(alt.paths) == 0 {
		return nil, "without --install or --set"
	}
	alt.cmd = strings.Join(c.Args, " ")
	return alt, ""
}

// systemInFolder tells whether a program found only because a folder
// artifact may hold anything (a virtualenv's bin, ~/.local/bin on PATH)
// is a system program by its name (useradd, chown, curl), which no
// package installs there.
func (pl *plan) systemInFolder(exe string) bool {
	name := path.Base(exe)
	system := readOnly.Has(name) || rewrite.IsSystemProgram(name) || systemCommands.Has(name) || buildpackPrograms.Has(name)
	if !system || fromLanguagePackages.Has(name) {
		return false
	}
	return !pl.namedArtifact(exe)
}

// buildpackPrograms are the programs buildpack-deps gives the full
// language images (xz, bzip2, patch, make, ...): the system's, which no
// virtualenv is taken to hold.
var buildpackPrograms = rewrite.WordSet(rewrite.BuildpackDepsFull)

// fromLanguagePackages are system programs that PyPI or npm packages
// install too (pip install supervisor, dumb-init), so that a
// virtualenv's bin may well hold them.
var fromLanguagePackages = rewrite.WordSet(`supervisord supervisorctl dumb-init`)

// systemCommands are the commands callWrites reads that come with the
// base image, or with a distribution's package in the system's folders
// (Debian's locale-gen of locales, in /usr/sbin): a folder the build
// fills later (/usr/local/bin, where pip puts console scripts for the
// distribution's Python) is not where they are.
var systemCommands = rewrite.WordSet(`mkdir touch tee cp mv install ln chmod chown chgrp sed rm rmdir unlink
	useradd adduser groupadd addgroup usermod apt-get apt apk update-ca-certificates
	ldconfig locale-gen localedef update-locale update-alternatives dpkg-reconfigure debconf-set-selections fc-cache`)

// gitConfig records what git config writes: the user's ~/.gitconfig
// (--global) or /etc/gitconfig (--system); a repository's own (no
// option) is inside its folder, which is carried or not as a whole. Its
// settings are git's: credentials and URL rewrites for fetching private
// modules, which only the build uses when the container runs no git
// (and which the final image should not keep).
func (pl *plan) gitConfig(i int, c shell.Call, this string) error {
	file := ""
	for j, a := range c.Args[2:] {
		switch {
		case !c.Known[j+2]:
			continue // a value: the file is the option's
		case a == "--global":
			home := callHome(pl.stage, i, c)
			if home == "" {
				return rewrite.Skipf(pl.stage.Body[i].Line(), "%s runs git config --global for a user whose home cannot be known", this)
			}
			file = path.Join(home, ".gitconfig")
		case a == "--system":
			file = "/etc/gitconfig"
		case a == "--file" || a == "-f" || strings.HasPrefix(a, "--file="):
			return rewrite.Skipf(pl.stage.Body[i].Line(), "%s runs git config --file, whose file msrewrite does not follow", this)
		}
	}
	if file == "" {
		return nil
	}
	if pl.runsGit() {
		pl.rt.writes = append(pl.rt.writes, runWrite{path: file, index: i, line: pl.stage.Body[i].Line(), by: this, file: true})
		return nil
	}
	pl.pass.Notef(pl.stage.Body[i].Line(), "%s: not carried: git's settings (credentials, URL rewrites), for the build's fetches; the container runs no git", file)
	return nil
}

// runsGit tells whether the container may run git: its command line,
// its scripts or the built program name it.
func (pl *plan) runsGit() bool {
	if slices.ContainsFunc(pl.build.Programs, func(e rewrite.Exec) bool { return path.Base(e.Name) == "git" }) {
		return true
	}
	return containerMayRun(pl.stage, pl.pass.Options.Context, func(name string) bool { return path.Base(name) == "git" })
}

// keytool reads keytool -importcert into the JDK's own trust store
// (-cacerts, or -keystore naming it): a CA the program trusts for its TLS
// connections. The runtime's JRE has a trust store of its own, its
// version's, so the import is run again there after the copies (the
// certificate file is carried as any other). Any other keytool use is
// refused.
func (pl *plan) keytool(i int, c shell.Call, this string) error {
	line := pl.stage.Body[i].Line()
	if pl.build.Toolchain != Java.Name || !c.AllKnown() || c.Conditional {
		return rewrite.Skipf(line, "%s runs keytool, whose effects on the image cannot be known", this)
	}
	imports, cacerts := false, false
	file := ""
	home := pl.runtime.Env["JAVA_HOME"]
	for j := 1; j < len(c.Args); j++ {
		switch a := c.Args[j]; {
		case a == "-importcert" || a == "-import":
			imports = true
		case a == "-file" && j+1 < len(c.Args):
			file = shell.Resolve(c.Dir, c.Args[j+1])
			j++
		case a == "-cacerts":
			cacerts = true
		case a == "-keystore" && j+1 < len(c.Args):
			cacerts = home != "" && path.Clean(c.Args[j+1]) == path.Join(home, "lib/security/cacerts")
			j++
		}
	}
	if !imports || !cacerts || file == "" || c.Dir == "" {
		return rewrite.Skipf(line, "%s runs keytool other than -importcert -file into the JDK's cacerts: its effects on the image cannot be known", this)
	}
	pl.rt.imported = append(pl.rt.imported, runWrite{path: file, index: i, line: line})
	cmd, args, ok := pl.callText(pl.stage.Body[i], c)
	if !ok {
		return rewrite.Skipf(line, "%s runs keytool with words that cannot be written again", this)
	}
	pl.declare(args)
	pl.rt.topChanges = append(pl.rt.topChanges, cmd)
	pl.pass.Notef(line, "keytool imports a certificate into the JDK's trust store: the runtime stage runs it again in %s's", pl.build.Runtime)
	return nil
}

// gpgOutput is the file a gpg call writes its result to (-o, --output),
// with the key converted or exported (--dearmor, --enarmor, --export);
// ok is false for any other gpg call, which may change the keyring of
// the user's home.
func gpgOutput(c shell.Call) (string, bool) {
	out, converts := "", false
	for j := 1; j < len(c.Args); j++ {
		switch a := c.Args[j]; {
		case !c.Known[j]:
			return "", false
		case (a == "-o" || a == "--output") && j+1 < len(c.Args) && c.Known[j+1]:
			out = c.Args[j+1]
			j++
		case a == "--dearmor" || a == "--enarmor" || a == "--export" || a == "--yes" || a == "--batch":
			converts = converts || a != "--yes" && a != "--batch"
		default:
			return "", false
		}
	}
	if out == "" || out == "-" || !converts || c.Dir == "" {
		return "", false
	}
	return shell.Resolve(c.Dir, out), true
}

// runsOwnCode tells whether a build tool's call runs a program rather
// than building one: cargo run, dotnet run, go run of anything but a
// known generator of Go code (goRunUnknown).
func runsOwnCode(c shell.Call) bool {
	switch path.Base(c.Name()) {
	case "go":
		return goRunUnknown(c)
	case "cargo", "dotnet":
		sub, _ := subcommand(c)
		return sub == "run"
	}
	return false
}

// subcommand is a call's first word that is not an option ("run" of
// cargo --locked run), and its index; "" when none is, or one before it
// cannot be known.
func subcommand(c shell.Call) (string, int) {
	for i, a := range c.Args[1:] {
		if !c.Known[i+1] {
			return "", -1
		}
		if !strings.HasPrefix(a, "-") {
			return a, i + 1
		}
	}
	return "", -1
}

// goGenerators are modules whose programs go run runs to write Go code
// (and the files it is generated from), which the build compiles in.
var goGenerators = []string{"github.com/99designs/gqlgen", "entgo.io/ent", "github.com/sqlc-dev/sqlc", "github.com/kyleconroy/sqlc",
	"github.com/google/wire", "go.uber.org/mock", "github.com/golang/mock", "golang.org/x/tools/cmd/stringer",
	"github.com/oapi-codegen/oapi-codegen", "github.com/deepmap/oapi-codegen", "github.com/a-h/templ", "github.com/swaggo/swag",
	"github.com/bufbuild/buf", "google.golang.org/protobuf/cmd/protoc-gen-go", "google.golang.org/grpc/cmd/protoc-gen-go-grpc",
	"github.com/vektra/mockery", "github.com/maxbrunsfeld/counterfeiter", "github.com/ogen-go/ogen"}

// knownGenerator tells whether a package go run runs is one of a known
// generator of Go code (goGenerators), or one of its packages.
func knownGenerator(pkg string) bool {
	return slices.ContainsFunc(goGenerators, func(g string) bool { return pkg == g || strings.HasPrefix(pkg, g+"/") })
}

// goRunUnknown tells whether a go call is go run of a program whose writes
// cannot be known: a package of the build context (./tools/gen, a .go
// file), the project's own code, or one from elsewhere that is not a
// known generator of Go code (goGenerators: gqlgen, ent, sqlc, ...,
// which write what the build compiles in). The Playwright driver's
// installer (playwright-go's cmd/playwright) is such a program: browsers
// in the user's cache. A package that cannot be known is one too.
func goRunUnknown(c shell.Call) bool {
	name, sub := subcommand(c)
	if name != "run" {
		return false
	}
	for i := sub + 1; i < len(c.Args); i++ {
		a := c.Args[i]
		switch {
		case !c.Known[i]:
			return true
		case strings.HasPrefix(a, "-"):
			continue // a build flag (-tags x takes its value in the next word, taken for a package: local, or a path)
		}
		pkg, _, _ := strings.Cut(a, "@")
		return !knownGenerator(pkg)
	}
	return true
}

// playwrightWords are the words of a call that runs Playwright's command
// line (playwright, python -m playwright) up to its subcommand, and
// whether it is one.
func playwrightWords(c shell.Call) ([]string, bool) {
	switch name := versionless(path.Base(c.Name())); {
	case name == "playwright":
		return c.Args[:1], true
	case name == "python" || name == "python3":
		if flag, module := interpreterTarget(c, "-c"); flag == "-m" && module == "playwright" {
			k := slices.Index(c.Args, "playwright")
			return c.Args[:k+1], true
		}
	}
	return nil, false
}

// playwright reads Playwright's install and install-deps: the browsers
// go into PLAYWRIGHT_BROWSERS_PATH or ~/.cache/ms-playwright, which is
// carried, and the system libraries they load (--with-deps, install-deps)
// are installed with apt-get, which the runtime stage does again with the
// same command after it has the virtualenv, on the builder's Debian or
// Ubuntu release; a plain install gets them too, since the browsers
// need them on the slim image whatever the builder had. pre names the
// command (playwright, python -m playwright).
func (pl *plan) playwright(i int, c shell.Call, this string, pre []string) error {
	line := pl.stage.Body[i].Line()
	if !c.AllKnown() || c.Conditional || c.Dir == "" {
		return rewrite.Skipf(line, "%s runs playwright with words that cannot be known", this)
	}
	args := c.Args[len(pre):]
	if len(args) == 0 || args[0] != "install" && args[0] != "install-deps" {
		return rewrite.Skipf(line, "%s runs playwright %s, whose effects on the image cannot be known", this, strings.Join(args, " "))
	}
	var browsers []string
	deps := args[0] == "install-deps"
	for _, a := range args[1:] {
		switch {
		case a == "--with-deps":
			deps = true
		case strings.HasPrefix(a, "-"):
			return rewrite.Skipf(line, "%s runs playwright %s %s, an option msrewrite does not read", this, args[0], a)
		default:
			browsers = append(browsers, a)
		}
	}
	if args[0] == "install" {
		dir, set, _ := c.Getenv("PLAYWRIGHT_BROWSERS_PATH")
		switch home := callHome(pl.stage, i, c); {
		case set && dir == "0":
			// Inside the package, in the virtualenv: carried with it.
		case set && dir != "":
			pl.rt.writes = append(pl.rt.writes, runWrite{path: shell.Resolve(c.Dir, dir), index: i, line: line, dir: true, by: this + " (playwright install)"})
		case home == "":
			return rewrite.Skipf(line, "%s runs playwright install for a user whose home cannot be known", this)
		default:
			pl.rt.writes = append(pl.rt.writes, runWrite{path: path.Join(home, ".cache/ms-playwright"), index: i, line: line, dir: true, by: this + " (playwright install)"})
		}
	}
	// Without deps, the browsers alone: the libraries they load came from
	// the builder's image or its other installs, and the slim image has
	// not the full image's (X11, cairo, pango, fonts). The runtime stage
	// puts in what the browsers need, as install-deps does.
	why, what := "playwright installs the browsers' system libraries with apt-get", "installs the browsers' system libraries"
	if !deps {
		why = "playwright installs browsers without their system libraries, which " + pl.build.Runtime + " lacks even where the builder had them"
		what = "installs browsers whose system libraries the runtime image needs"
	}
	if rewrite.PackageManager(pl.runtime) != "apt-get" || pl.runtime.Release != pl.stage.BaseImage.Release {
		return rewrite.Skipf(line, "%s %s with apt-get, which %s cannot do as the builder did", this, what, pl.build.Runtime)
	}
	if blocked := rewrite.InstallBlocked(pl.runtime); blocked != "" {
		return rewrite.Skipf(line, "%s %s: %s", this, what, blocked)
	}
	cmd, _, ok := shell.Join(append(append(slices.Clone(pre), "install-deps"), browsers...))
	all, _, _ := shell.Join(append(slices.Clone(pre), "install-deps"))
	if !ok {
		return rewrite.Skipf(line, "%s runs playwright with words that cannot be written again", this)
	}
	if !deps && slices.Contains(pl.rt.topChanges, all) {
		return nil // install-deps before it put in every browser's
	}
	if !slices.Contains(pl.rt.topChanges, cmd) {
		pl.rt.topChanges = append(pl.rt.topChanges, cmd)
		pl.pass.Notef(line, "%s: the runtime stage runs %s after its copies", why, cmd)
	}
	return nil
}

// devCertsCall tells whether a dotnet call is dotnet dev-certs.
func devCertsCall(c shell.Call) bool {
	sub, _ := subcommand(c)
	return sub == "dev-certs"
}

// devCerts records what dotnet dev-certs https writes: the development
// certificate in the user's .NET certificate store, which Kestrel serves
// HTTPS with when no other is configured; with --trust, the folder of
// the certificates OpenSSL trusts; with --export-path, the file (and,
// for --format PEM, its key beside it). --check and --clean write none
// a later run needs.
func (pl *plan) devCerts(i int, c shell.Call, this string) error {
	line := pl.stage.Body[i].Line()
	home := callHome(pl.stage, i, c)
	if home == "" || c.Dir == "" {
		return rewrite.Skipf(line, "%s runs dotnet dev-certs for a user whose home cannot be known", this)
	}
	add := func(p string, dir bool) {
		pl.rt.writes = append(pl.rt.writes, runWrite{path: p, index: i, line: line, by: this + " (dotnet dev-certs)", dir: dir, file: !dir})
	}
	var export string
	pem := false
	for j := 1; j < len(c.Args); j++ {
		switch a := c.Args[j]; {
		case a == "--check" || a == "-c" || a == "--clean" || a == "--help" || a == "-h":
			return nil
		case (a == "-ep" || a == "--export-path") && j+1 < len(c.Args):
			export = shell.Resolve(c.Dir, c.Args[j+1])
			j++
		case a == "--format" && j+1 < len(c.Args):
			pem = strings.EqualFold(c.Args[j+1], "pem")
			j++
		case a == "--trust" || a == "-t":
			add(path.Join(home, ".aspnet/dev-certs/trust"), true)
		}
	}
	add(path.Join(home, ".dotnet/corefx/cryptography/x509stores"), true)
	if export != "" {
		add(export, false)
		if pem {
			add(strings.TrimSuffix(export, path.Ext(export))+".key", false)
		}
	}
	return nil
}

// callText is a command of a RUN as the file writes it, on one line, for
// the runtime stage to run, and the ARGs it uses (a mirror's), which that
// stage must declare too (pl.declare) so that --build-arg reaches both
// stages. Its words are written anew where its text cannot be cut out (a
// heredoc's, a nested script's) or expands a variable the runtime stage
// cannot declare as the builder had it (an ENV's). ok is false for a word
// that cannot be known.
func (pl *plan) callText(in *dockerfile.Instruction, c shell.Call) (text string, args []*dockerfile.Instruction, ok bool) {
	if !c.AllKnown() {
		return "", nil, false
	}
	if sc := pl.stage.RunScript(in); sc != nil && c.Offset >= 0 && c.End > c.Offset && c.End <= len(sc.Text) {
		text := sc.Text[c.Offset:c.End]
		if args, ok := pl.argsOf(in, pl.stage.Refs(text)); ok && !strings.ContainsAny(text, "\n`") {
			return text, args, true
		}
	}
	text, _, ok = shell.Join(c.Args)
	return text, nil, ok
}

// argsOf are the ARGs whose values the instruction in sees for names,
// with those their defaults use; ok is false when a name is not an ARG
// there (an ENV sets it, or the image).
func (pl *plan) argsOf(in *dockerfile.Instruction, names []string) (args []*dockerfile.Instruction, ok bool) {
	type use struct {
		name string
		at   int // the instruction, in Body, that uses it
	}
	at := slices.Index(pl.stage.Body, in)
	var queue []use
	for _, name := range names {
		queue = append(queue, use{name, at})
	}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		if u.at < 0 {
			return nil, false
		}
		arg := pl.stage.Before[u.at].ArgBinding(u.name)
		if arg == nil {
			return nil, false
		}
		if !slices.Contains(args, arg) {
			args = append(args, arg)
			// ARG B=${A}: A as B's default saw it.
			for _, name := range pl.refs(arg) {
				queue = append(queue, use{name, slices.Index(pl.stage.Body, arg)})
			}
		}
	}
	return args, true
}

// declare has the runtime stage declare ARGs a command it runs uses.
func (pl *plan) declare(args []*dockerfile.Instruction) {
	for _, arg := range args {
		pl.rt.args[arg] = true
	}
}

// removedAfter tells whether a RUN after instruction index (of Body)
// removes p, or moves it away: a COPY --from of it would fail.
func (pl *plan) removedAfter(p string, index int) bool {
	for _, w := range pl.rt.removals {
		if w.index <= index {
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

// removedLater tells whether the RUN that made rt.writes[k] removes it
// again in a later command (curl -o /tmp/x.zip && unzip /tmp/x.zip &&
// rm /tmp/x.zip): the writes are in the order of the commands.
func (pl *plan) removedLater(k int) bool {
	w := pl.rt.writes[k]
	for _, r := range pl.rt.writes[k+1:] {
		if r.index != w.index {
			break
		}
		if r.removed && under(w.path, r.path) {
			return true
		}
		if ok, _ := path.Match(r.path, w.path); ok && r.removed {
			return true
		}
	}
	return false
}

// stays tells whether a package a RUN installs is still there when the
// RUN ends (Stage.Installs leaves out what the same RUN removes).
func (pl *plan) stays(in *dockerfile.Instruction, pkg string) bool {
	for _, inst := range pl.stage.Installs() {
		if inst.In == in && slices.Contains(inst.Packages, pkg) {
			return true
		}
	}
	return false
}

// compileallValueOptions are python -m compileall's options that take
// the next word.
var compileallValueOptions = rewrite.WordSet(`-j -r -x -d -s -p -o -e --invalidation-mode`)

// compileallDirs are the folders and files python -m compileall compiles
// (writing their bytecode beside them, in __pycache__); ok is false for
// another command, or one that compiles what it does not name (sys.path,
// a list file).
func compileallDirs(c shell.Call) (dirs []string, ok bool) {
	args := c.Args[1:]
	if len(args) < 2 || args[0] != "-m" || args[1] != "compileall" || c.Dir == "" {
		return nil, false
	}
	for i := 2; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-i" || a == "-":
			return nil, false // the names come from a file, or standard input
		case compileallValueOptions.Has(a):
			i++
		case strings.HasPrefix(a, "-"):
		default:
			dirs = append(dirs, shell.Resolve(c.Dir, a))
		}
	}
	return dirs, len(dirs) > 0
}
