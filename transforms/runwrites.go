package transforms

import (
	"bytes"
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
	// file tells that the path is a file (a redirection, touch, tee).
	file bool
	// change is the command that sets the owner or mode again, with its
	// owner or mode ("chown app:app", "chmod 1777" for mkdir -m); "" when
	// not chown, chgrp, chmod or mkdir -m.
	change string
}

// readOnly are commands that write nothing but their output, and shell
// builtins that only change the shell itself.
var readOnly = rewrite.WordSet(`: true false echo printf test [ sleep ls cat id whoami env pwd date uname grep head tail
	wc sort uniq cut tr basename dirname readlink stat which command type file du df nproc getent
	cd set export unset shift umask local readonly declare`)

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

// buildTools run build steps. Before the build, and in a build step's RUN
// up to the last of them, what they do is the build's; after it, they are
// read as any other command is.
var buildTools = rewrite.WordSet(`go cargo rustc rustup gcc g++ cc c++ clang clang++ make gmake cmake ninja mvn mvnw gradle gradlew
	javac jar dotnet npm npx pnpm yarn node pip pip3 python python3 corepack poetry`)

// goGenerators are Go code generators whose output is Go source of the
// module, compiled into the program when they run before the build:
// templ generate, sqlc generate, wire, gqlgen, stringer, mockgen,
// oapi-codegen.
var goGenerators = rewrite.WordSet(`templ sqlc wire gqlgen stringer mockgen oapi-codegen`)

// pythonPackaging are the modules python runs as a build tool.
var pythonPackaging = rewrite.WordSet("pip venv ensurepip virtualenv compileall build")

// buildToolCall tells whether a command is a build tool at work (poetry
// but for poetry run and shell). Python is one only as packaging (-m pip, -m venv, setup.py): running code of
// its own (python -m nltk.downloader, python -c "...load_model()"), it
// writes wherever that code chooses, outside the virtualenv as often as
// not, and is read as any other command (callWrites).
func buildToolCall(c shell.Call) bool {
	name := path.Base(c.Name())
	if !buildTools.Has(name) && !goGenerators.Has(name) {
		return false
	}
	if name == "poetry" {
		// poetry run and poetry shell run the project's code.
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
	if name != "python" && name != "python3" && name != "node" {
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
			if step && buildToolCall(c) {
				lastTool = k
			}
		}
		for k, c := range calls {
			after := i > last || i == last && k > lastTool
			if !after && buildToolCall(c) {
				continue // the build's own: dependencies, toolchains, caches
			}
			if err := pl.callWrites(i, c, this, after); err != nil {
				return err
			}
		}
	}
	return nil
}

// callWrites records what one command of a RUN writes; this names the RUN
// in reasons, and after tells that the build is over.
func (pl *plan) callWrites(i int, c shell.Call, this string, after bool) error {
	in := pl.stage.Body[i]
	line := in.Line()
	name := path.Base(c.Name())
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
	if exe := rewrite.LookPath(c.Name(), c.Dir, finalPath(pl.stage), pl.isArtifact); exe != "" && pl.isArtifact(exe) {
		return rewrite.Skipf(line, "this RUN runs the built program %s: what it writes cannot be known", exe)
	}
	if readOnly.Has(name) && name != "" {
		return nil
	}
	if pkgs, ok := rewrite.InstalledBy(c); ok {
		for _, p := range pkgs {
			installed := slices.ContainsFunc(pl.build.Libraries, func(l rewrite.Library) bool { return l.Dev == p })
			switch {
			case !pl.stays(in, p):
				// The same RUN removes it again (apk del of its group).
			case installed:
				// The runtime stage installs it, or its library, too.
			case after:
				return rewrite.Skipf(line, "this RUN installs %s after the build: the runtime stage would lack it", p)
			case !rewrite.IsBuildTool(p):
				return rewrite.Skipf(line, "the build installs %s, which the program may run, load or read at run time: %s would lack it", p, pl.build.Runtime)
			}
		}
		return nil // build tools, or what the runtime stage installs again
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
		srcs, dest, into, ok := copyArgs(c)
		if !ok {
			return rewrite.Skipf(line, "cannot tell where %s in %s writes", name, this)
		}
		if into {
			// into a folder: each source lands under its own name (the
			// folder itself for a glob, whose names the shell decides)
			for _, src := range srcs {
				if strings.ContainsAny(path.Base(src), "*?[") {
					add(dest, true)
				} else {
					add(path.Join(dest, path.Base(src)), true)
				}
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
	case "update-ca-certificates":
		// It rebuilds the CA bundle from the certificates installed and
		// those copied into /usr/local/share/ca-certificates (a company's
		// own CA): the program reads the bundle.
		addFile("/etc/ssl/certs/ca-certificates.crt")
	case "swag":
		// swag init writes docs.go, swagger.json and swagger.yaml into
		// its output folder (-o, --output; ./docs by default); the
		// program may serve the last two from there.
		if len(c.Args) < 2 || c.Args[1] != "init" {
			return rewrite.Skipf(line, "%s runs %s, whose effects on the image cannot be known", this, programWords(c))
		}
		out := "docs"
		for j := 2; j < len(c.Args); j++ {
			a := c.Args[j]
			switch {
			case (a == "-o" || a == "--output") && j+1 < len(c.Args):
				out = c.Args[j+1]
			case strings.HasPrefix(a, "--output=") || strings.HasPrefix(a, "-o="):
				_, out, _ = strings.Cut(a, "=")
			}
		}
		for _, o := range strings.Split(out, ",") {
			pl.rt.writes = append(pl.rt.writes, runWrite{path: shell.Resolve(c.Dir, o), index: i, line: line, dir: true, by: this + " (swag init)"})
		}
	case "python", "python3":
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

// makesHome tells whether a useradd or adduser makes the user's home
// folder: useradd only when asked (-m), BusyBox's adduser (alpine) unless
// asked not to (-H), Debian's unless asked not to (--no-create-home) or,
// from bookworm's adduser on, for a system user without --home, whose
// home is /nonexistent (adduser(8)).
func makesHome(c shell.Call, builder rewrite.Image) bool {
	args := c.Args[1:]
	switch path.Base(c.Name()) {
	case "useradd":
		return slices.Contains(args, "-m") || slices.Contains(args, "--create-home")
	case "adduser":
		if slices.Contains(args, "--system") && adduserNonexistentHome(builder) &&
			!slices.ContainsFunc(args, func(a string) bool { return a == "--home" || strings.HasPrefix(a, "--home=") }) {
			return false
		}
		return !slices.Contains(args, "-H") && !slices.Contains(args, "--no-create-home")
	}
	return false
}

// userValueOptions are the options of useradd, Debian's adduser and
// BusyBox's adduser that take a value (the next word unless written
// --name=value).
var userValueOptions = rewrite.WordSet(`-b -c -d -e -f -g -G -k -K -p -s -u -h -R -P -Z --base-dir --comment
	--home-dir --expiredate --inactive --gid --groups --skel --key --password --shell --uid --root --prefix
	--selinux-user --home --gecos --ingroup --firstuid --lastuid --firstgid --lastgid --conf`)

// homeOf is the home folder a useradd or adduser that makes one gives
// its user: the one named (-d, --home-dir, --home, BusyBox's -h), or
// the base folder (-b) or /home, then the user's name; "" when it cannot
// be told (another root, a second name: adduser USER GROUP adds a user
// to a group).
func homeOf(c shell.Call) string {
	var names []string
	home, base := "", "/home"
	args := c.Args[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		opt, value, inline := strings.Cut(a, "=")
		if !strings.HasPrefix(a, "-") {
			names = append(names, a)
			continue
		}
		if !strings.HasPrefix(a, "--") || !userValueOptions.Has(opt) {
			inline = false
			value = ""
			if !userValueOptions.Has(a) {
				continue // a flag
			}
			opt = a
		}
		if !inline {
			if i+1 == len(args) {
				return ""
			}
			i++
			value = args[i]
		}
		switch opt {
		case "-R", "-P", "--root", "--prefix":
			return ""
		case "-d", "--home-dir", "--home":
			home = value
		case "-h":
			if path.Base(c.Name()) == "adduser" {
				home = value // BusyBox
			}
		case "-b", "--base-dir":
			base = value
		}
	}
	if len(names) != 1 {
		return ""
	}
	if home == "" {
		home = path.Join(base, names[0])
	}
	if !path.IsAbs(home) {
		return ""
	}
	return path.Clean(home)
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

// manageWrites reads the Django commands whose writes the project's
// settings tell: `python manage.py collectstatic` copies the static files
// into STATIC_ROOT (a folder), `python manage.py migrate` creates or
// updates the SQLite database the settings name (a file). It returns that
// write; an empty one when the call is something else. The settings are
// read from the build context: a literal path (relative to the call's
// folder) or one below BASE_DIR (the folder of manage.py, as Django's
// project template sets it); a value computed otherwise (from the
// environment) leaves the file alone, as does a database that is not a
// file.
func (pl *plan) manageWrites(c shell.Call, line int, this string) (runWrite, error) {
	if len(c.Args) < 3 || path.Base(c.Args[1]) != "manage.py" {
		return runWrite{}, nil
	}
	var command string
	for _, a := range c.Args[2:] {
		if !strings.HasPrefix(a, "-") {
			command = a
			break
		}
	}
	var setting string
	switch command {
	case "collectstatic":
		setting = "STATIC_ROOT"
	case "migrate":
		setting = "NAME"
	default:
		return runWrite{}, nil
	}
	ctx := pl.pass.Options.Context
	if ctx == nil {
		return runWrite{}, rewrite.Skipf(line, "%s runs manage.py %s, which writes where the project's settings say, and the build context is not seen (give --context)", this, command)
	}
	baseDir := path.Dir(shell.Resolve(c.Dir, c.Args[1]))
	found, where := "", ""
	isPython := func(base string) bool { return strings.HasSuffix(base, ".py") }
	err := walkFiles(ctx, pythonSkipDirs, isPython, func(p string) error {
		src, _ := ctx.ReadFile(p)
		if command == "migrate" {
			if !bytes.Contains(src, []byte("DATABASES")) {
				return nil
			}
			if !bytes.Contains(src, []byte("django.db.backends.sqlite3")) {
				return rewrite.Skipf(line, "%s runs manage.py migrate, and the DATABASES of %s is not an SQLite file: the build would need its database server", this, p)
			}
		} else if !bytes.Contains(src, []byte(setting)) {
			return nil
		}
		lines := strings.Split(string(src), "\n")
		if command == "migrate" {
			lines = databasesBlock(lines)
		}
		for _, l := range lines {
			value, ok := settingValue(strings.TrimSpace(l), setting)
			if !ok {
				continue
			}
			dir, known := staticRoot(value, c.Dir, baseDir)
			switch {
			case !known:
				return rewrite.Skipf(line, "%s runs manage.py %s, and %s in %s is %s: where it writes cannot be known", this, command, setting, p, value)
			case found != "" && dir != found:
				return rewrite.Skipf(line, "%s runs manage.py %s, and the settings give %s two values (%s, %s): which one the build used cannot be known", this, command, setting, where, p)
			}
			found, where = dir, p
		}
		return nil
	})
	if err != nil {
		return runWrite{}, err
	}
	if found == "" {
		return runWrite{}, rewrite.Skipf(line, "%s runs manage.py %s, and no settings file in the build context sets %s", this, command, setting)
	}
	return runWrite{path: found, line: line, by: this + " (manage.py " + command + ")", file: command == "migrate"}, nil
}

// curlValueOptions and wgetValueOptions are the options of curl and wget
// that take a value (the next word), besides those that name the output.
var (
	curlValueOptions = rewrite.WordSet(`-H --header -u --user -A --user-agent -e --referer -d --data --data-raw
		--data-binary -F --form -X --request -m --max-time --connect-timeout --retry --retry-delay --retry-max-time
		-w --write-out -x --proxy --cacert --cert --key -r --range -b --cookie -c --cookie-jar -T --upload-file
		-K --config --limit-rate -C --continue-at --resolve --interface --max-redirs -z --time-cond --proto`)
	wgetValueOptions = rewrite.WordSet(`-t --tries -T --timeout -U --user-agent --header -e --execute
		--user --password --http-user --http-password -a --append-output -o --output-file -w --wait -Q --quota`)
)

// downloadedFiles reads where curl or wget save what they download: curl's
// -o FILE (--output) and -O (the URL's file name, in --output-dir or the
// working folder), wget's -O FILE (--output-document) or the URL's file
// name in -P DIR or the working folder. Standard output (curl without
// -o, -o - or -O -) writes no file. ok is false when it cannot be told
// (several URLs with -O, a URL without a file name, an unknown option).
func downloadedFiles(c shell.Call) (files []string, ok bool) {
	wget := path.Base(c.Name()) == "wget"
	var urls []string
	out, dir, remoteName := "", c.Dir, wget
	args := c.Args[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		value := func() (string, bool) {
			if _, v, inline := strings.Cut(a, "="); inline && strings.HasPrefix(a, "--") {
				return v, true
			}
			if i+1 < len(args) {
				i++
				return args[i], true
			}
			return "", false
		}
		name, _, _ := strings.Cut(a, "=")
		var v string
		switch {
		case !strings.HasPrefix(a, "-"):
			urls = append(urls, a)
		case !wget && (name == "-o" || name == "--output"), wget && (name == "-O" || name == "--output-document"):
			if v, ok = value(); !ok {
				return nil, false
			}
			out = v
		case !wget && (name == "-O" || name == "--remote-name"):
			remoteName = true
		case !wget && name == "--output-dir", wget && (name == "-P" || name == "--directory-prefix"):
			if v, ok = value(); !ok {
				return nil, false
			}
			dir = shell.Resolve(c.Dir, v)
		case !wget && curlValueOptions.Has(name), wget && wgetValueOptions.Has(name):
			if !strings.Contains(a, "=") {
				i++
			}
		case !strings.HasPrefix(a, "--"):
			// A bundle of short options (-fsSLo FILE, -fsSLO, wget's
			// -qO- or -qO FILE): the output option takes the rest of
			// the word, or the next one.
			outLetter := "o"
			if wget {
				outLetter = "O"
			}
			if j := strings.Index(a[1:], outLetter); j >= 0 {
				if rest := a[j+2:]; rest != "" {
					out = rest
				} else if i+1 < len(args) {
					i++
					out = args[i]
				} else {
					return nil, false
				}
			} else if !wget && strings.Contains(a, "O") {
				remoteName = true
			}
		}
	}
	switch {
	case out == "-":
		return nil, true
	case out != "":
		return []string{shell.Resolve(c.Dir, out)}, true
	case !remoteName:
		return nil, true // curl writes to standard output
	case len(urls) != 1:
		return nil, false
	}
	u := urls[0]
	u, _, _ = strings.Cut(u, "?")
	u, _, _ = strings.Cut(u, "#")
	base := path.Base(u)
	if base == "" || base == "." || base == "/" || strings.HasSuffix(u, "/") || !strings.Contains(u, "/") {
		return nil, false
	}
	return []string{shell.Resolve(dir, base)}, true
}

// modelDownload reads the language models Python packages download in a
// RUN: `python -m spacy download MODEL` pip-installs the model into the
// environment of the python that runs it (a virtualenv the runtime stage
// copies whole); `python -m nltk.downloader [-d DIR] DATA...` writes into
// DIR, or the user's ~/nltk_data, where nltk looks at run time. It
// returns that write; an empty one when the call is something else.
func (pl *plan) modelDownload(c shell.Call, i int, this string) (runWrite, error) {
	line := pl.stage.Body[i].Line()
	flag, module := interpreterTarget(c, "-c")
	if flag != "-m" {
		return runWrite{}, nil
	}
	at := slices.Index(c.Args, module) + 1
	switch module {
	case "spacy":
		if at >= len(c.Args) || c.Args[at] != "download" {
			return runWrite{}, nil
		}
		// The python on PATH is the virtualenv's: its bin comes first, by
		// the file's own ENV PATH or the one the rewrite adds before the
		// first pip install.
		pathVar, _, known := c.Getenv("PATH")
		first, _, _ := strings.Cut(pathVar, ":")
		if b := pl.build; len(b.PathPrefix) > 0 && slices.ContainsFunc(b.Steps, func(in *dockerfile.Instruction) bool { return in.Index <= pl.stage.Body[i].Index }) {
			first, known = b.PathPrefix[0], true
		}
		if venv := path.Dir(path.Clean(first)); known && path.Base(first) == "bin" && pl.isFolderArtifact(venv) {
			return runWrite{path: venv, line: line, dir: true, by: this + " (spacy download, a pip install)"}, nil
		}
		return runWrite{}, rewrite.Skipf(line, "%s runs python -m spacy download, which pip-installs the model into the Python it runs in, and that is not a virtualenv the runtime stage copies", this)
	case "nltk.downloader", "nltk":
		if module == "nltk" && (at >= len(c.Args) || c.Args[at] != "download") {
			return runWrite{}, nil
		}
		dir := ""
		for j := at; j < len(c.Args); j++ {
			if (c.Args[j] == "-d" || c.Args[j] == "--dir") && j+1 < len(c.Args) {
				dir = shell.Resolve(c.Dir, c.Args[j+1])
			}
		}
		if dir == "" {
			if _, set, _ := c.Getenv("NLTK_DATA"); set {
				return runWrite{}, rewrite.Skipf(line, "%s runs the nltk downloader with NLTK_DATA set and no -d: where it writes depends on which of those folders exist", this)
			}
			home, _, known := c.Getenv("HOME")
			if !known || home == "" {
				home = "/root"
				if u := nonRootUser(pl.stage.Before[i].User); u != "" {
					return runWrite{}, rewrite.Skipf(line, "%s runs the nltk downloader as USER %s: its home folder cannot be told", this, u)
				}
			}
			dir = path.Join(home, "nltk_data")
		}
		return runWrite{path: dir, line: line, dir: true, by: this + " (nltk downloader)"}, nil
	}
	return runWrite{}, nil
}

// pythonSkipDirs hold no settings of the project: installed packages and
// bytecode.
var pythonSkipDirs = rewrite.WordSet(`node_modules venv __pycache__ site-packages`)

// databasesBlock are the lines of the DATABASES setting, from its
// assignment to the brace that closes it at the start of a line: other
// settings have NAME keys too (AUTH_PASSWORD_VALIDATORS).
func databasesBlock(lines []string) []string {
	for i, l := range lines {
		if key, _, ok := strings.Cut(l, "="); !ok || strings.TrimSpace(key) != "DATABASES" || strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			if strings.HasPrefix(lines[j], "}") {
				return lines[i:j]
			}
		}
		return lines[i:]
	}
	return nil
}

// settingValue reads the value of a Django setting from one line: NAME =
// value at the top of a settings file, or 'NAME': value, inside a dict
// (the DATABASES entry).
func settingValue(l, name string) (string, bool) {
	if key, value, ok := strings.Cut(l, "="); ok && strings.TrimSpace(key) == name && !strings.HasPrefix(value, "=") {
		return strings.TrimSpace(value), true
	}
	for _, q := range []string{"'", `"`} {
		if value, ok := strings.CutPrefix(l, q+name+q); ok {
			if value, ok = strings.CutPrefix(strings.TrimSpace(value), ":"); ok {
				value = strings.TrimSpace(strings.SplitN(value, "#", 2)[0])
				return strings.TrimSpace(strings.TrimSuffix(value, ",")), true
			}
		}
	}
	return "", false
}

// staticRoot evaluates the value of a STATIC_ROOT setting of the forms
// Django projects write: "/srv/static", "staticfiles", BASE_DIR /
// "staticfiles", os.path.join(BASE_DIR, "static", "root").
func staticRoot(value, cwd, baseDir string) (string, bool) {
	literal := func(s string) (string, bool) {
		s = strings.TrimSpace(s)
		if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] && !strings.ContainsAny(s[1:len(s)-1], "\"'{}%\\") {
			return s[1 : len(s)-1], true
		}
		return "", false
	}
	value = strings.TrimSpace(strings.SplitN(value, "#", 2)[0])
	if inner, ok := strings.CutPrefix(value, "str("); ok && strings.HasSuffix(inner, ")") {
		value = strings.TrimSuffix(inner, ")") // str(BASE_DIR / "static")
	}
	if s, ok := literal(value); ok {
		return shell.Resolve(cwd, s), cwd != "" || path.IsAbs(s)
	}
	var parts []string
	if inner, ok := strings.CutPrefix(value, "os.path.join("); ok && strings.HasSuffix(inner, ")") {
		parts = strings.Split(strings.TrimSuffix(inner, ")"), ",")
	} else {
		parts = strings.Split(value, "/")
	}
	if len(parts) < 2 || strings.TrimSpace(parts[0]) != "BASE_DIR" {
		return "", false
	}
	dir := baseDir
	for _, part := range parts[1:] {
		s, ok := literal(part)
		if !ok || path.IsAbs(s) {
			return "", false
		}
		dir = path.Join(dir, s)
	}
	return dir, true
}

// adduserNonexistentHome tells whether the builder's adduser gives system
// users /nonexistent for a home: Debian's from bookworm (adduser 3.134;
// older ones made /home/NAME), on every release the builder's tag may
// stand for.
func adduserNonexistentHome(builder rewrite.Image) bool {
	if builder.Libc != rewrite.Glibc || builder.Family == "ubuntu" {
		return false
	}
	for _, r := range append(releasesUnsure(builder), builder.Release) {
		if r != "" && r != "bookworm" && r != "trixie" && r != "forky" {
			return false
		}
	}
	return true
}
