package transforms

import (
	"cmp"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// What a pip install installs besides the packages it names: the
// requirements files it is given (-r, -c) and the projects it installs
// by path (., ./pkg, -e .), read through the build context. On the full
// python image a package without wheels builds against the image's
// development packages (psycopg2 against libpq), so the runtime stage must
// know every package; when one of these cannot be read, the file is left
// alone.

// pipSources reads the requirements files and projects the pip install
// calls name. unknown says which one cannot be read, "" when all can.
func pipSources(st *rewrite.Stage, ctx *buildctx.Context, installs []rewrite.ToolCall) (reqs []requirement, unknown string) {
	notIn := ", which is not in the build context"
	if ctx == nil {
		notIn = ": the build context cannot be seen"
	}
	for _, tc := range installs {
		c := tc.Call
		if files, tool := projectInstall(c); tool != "" {
			more, why := projectLock(st, ctx, tc, files)
			if why != "" {
				return nil, tool + " on line " + strconv.Itoa(tc.In.Line()) + why
			}
			reqs = append(reqs, more...)
			continue
		}
		i, filesOnly := pipInstallWord(c)
		if i < 0 {
			continue
		}
		at := "pip install on line " + strconv.Itoa(tc.In.Line())
		if v, set, known := c.Getenv("PIP_NO_BINARY"); set && (!known || v != ":none:") {
			return nil, at + " builds packages from source (PIP_NO_BINARY=" + v + ")"
		}
		for i++; i < len(c.Args); i++ {
			a := c.Args[i]
			if !c.Known[i] {
				return nil, at + " has an argument that cannot be evaluated"
			}
			file := ""
			switch flag, value, eq := strings.Cut(a, "="); {
			case (a == "-r" || a == "--requirement" || a == "-c" || a == "--constraint") && i+1 < len(c.Args):
				if !c.Known[i+1] {
					return nil, at + " reads a requirements file whose name cannot be evaluated"
				}
				i++
				file = c.Args[i]
			case eq && (flag == "--requirement" || flag == "--constraint"):
				file = value
			case a == "--no-binary" || flag == "--no-binary":
				if !eq && i+1 < len(c.Args) {
					i++
					value = c.Args[i]
				}
				if value != ":none:" {
					return nil, at + " builds " + value + " from source (--no-binary)"
				}
			case a == "-e" || a == "--editable":
				// The next word is a project: read below.
			case pipValueFlags.Has(a):
				i++
			case strings.HasPrefix(a, "-"):
			case filesOnly:
				file = a // uv pip sync requirements.txt
			case strings.HasSuffix(a, ".whl") || strings.HasSuffix(a, ".tar.gz") || strings.HasSuffix(a, ".zip") || strings.Contains(a, "://"):
				return nil, at + " installs " + a + ", whose requirements cannot be read"
			case project(a) != "":
				dir, ok := contextPathAt(st, ctx, tc.Index, shell.Resolve(c.Dir, project(a)))
				if !ok {
					return nil, at + " installs the project " + a + notIn
				}
				more, ok := projectRequirements(ctx, dir, nil)
				if !ok {
					return nil, at + " installs the project " + a + ", whose requirements cannot be read (no pyproject.toml dependencies or setup.py install_requires list)"
				}
				reqs = append(reqs, more...)
			}
			if file == "" {
				continue
			}
			p, ok := contextPathAt(st, ctx, tc.Index, shell.Resolve(c.Dir, file))
			if !ok {
				// poetry export -o requirements.txt, and the like: the
				// lockfile it is written from says the packages.
				more, found := exportedRequirements(st, ctx, tc.Index, shell.Resolve(c.Dir, file))
				if !found {
					return nil, at + " reads " + file + notIn
				}
				reqs = append(reqs, more...)
				continue
			}
			more, why := requirementsFile(ctx, p, nil)
			if why != "" {
				return nil, at + " " + why
			}
			reqs = append(reqs, more...)
		}
	}
	return reqs, ""
}

// project is the folder a pip install argument installs (".", "./api",
// ".[prod]" without its extras), "" for a package by name.
func project(arg string) string {
	dir, _, _ := strings.Cut(arg, "[")
	if strings.Contains(dir, "://") || strings.HasPrefix(dir, "git+") {
		return "" // a repository's URL: a package by name as far as this goes
	}
	if dir == "." || dir == ".." || strings.Contains(dir, "/") && !strings.ContainsAny(dir, "=<>~@") {
		return dir
	}
	return ""
}

// projectTools are the package managers that install a Python project
// from its lockfile: the files each reads in its folder (the lockfile
// first), its subcommands that install from them, the one that writes a
// requirements file from them, and that one's output options besides a
// redirection.
var projectTools = []struct {
	name     string
	files    []string
	installs []string
	export   string
	out      []string
}{
	{"poetry", []string{"poetry.lock", "pyproject.toml"}, []string{"install"}, "export", []string{"-o", "--output"}},
	{"pipenv", []string{"Pipfile.lock", "Pipfile"}, []string{"install", "sync"}, "requirements", nil},
	{"uv", []string{"uv.lock", "pyproject.toml"}, []string{"sync"}, "export", []string{"-o", "--output-file"}},
}

// exportedRequirements reads the lockfile behind a requirements file a
// RUN before Body[index] wrote with poetry export, pipenv requirements
// or uv export (to a redirection or its output option); found is false
// when none did, or its lockfile cannot be read.
func exportedRequirements(st *rewrite.Stage, ctx *buildctx.Context, index int, file string) (reqs []requirement, found bool) {
	for i := index; i >= 0; i-- {
		if st.Body[i].Name() != "run" {
			continue
		}
		calls, _, err := st.Calls(i)
		if err != nil {
			continue
		}
		for _, c := range slices.Backward(calls) {
			for _, e := range projectTools {
				if path.Base(c.Name()) != e.name || len(c.Args) < 2 || c.Args[1] != e.export {
					continue
				}
				writes := slices.ContainsFunc(c.Writes, func(w shell.Write) bool { return w.Known && w.Path == file })
				for j := 2; j < len(c.Args); j++ {
					flag, value, eq := strings.Cut(c.Args[j], "=")
					if !eq && j+1 < len(c.Args) {
						value = c.Args[j+1]
					}
					writes = writes || slices.Contains(e.out, flag) && value != "" && shell.Resolve(c.Dir, value) == file
				}
				if !writes {
					continue
				}
				more, why := projectLock(st, ctx, rewrite.ToolCall{In: st.Body[i], Index: i, Call: c}, e.files)
				return more, why == ""
			}
		}
	}
	return nil, false
}

// projectInstall tells what a poetry install, pipenv install or sync, or
// uv sync reads in its folder, the lockfile first ("" for any other call).
func projectInstall(c shell.Call) (files []string, tool string) {
	if len(c.Args) < 2 || !c.Known[1] {
		return nil, ""
	}
	for _, t := range projectTools {
		if path.Base(c.Name()) == t.name && slices.Contains(t.installs, c.Args[1]) {
			return t.files, t.name + " " + c.Args[1]
		}
	}
	return nil, ""
}

// projectLock reads the first of files a COPY put in the folder the call
// runs in; why says what stops it ("" when read).
func projectLock(st *rewrite.Stage, ctx *buildctx.Context, tc rewrite.ToolCall, files []string) (reqs []requirement, why string) {
	c := tc.Call
	for i, a := range c.Args {
		switch {
		case !c.Known[i]:
			return nil, " has an argument that cannot be evaluated"
		case a == "-C" || strings.HasPrefix(a, "--directory") || strings.HasPrefix(a, "--project"):
			return nil, " names its project with " + a + ", which msrewrite does not read"
		}
	}
	for _, f := range files {
		p, ok := contextPathAt(st, ctx, tc.Index, shell.Resolve(c.Dir, f))
		if !ok {
			continue
		}
		data, err := ctx.ReadFile(p)
		if err != nil {
			break
		}
		return requirementLines(p, data), ""
	}
	if ctx == nil {
		return nil, " reads " + files[0] + ": the build context cannot be seen"
	}
	return nil, " reads " + strings.Join(files, " or ") + ", which no COPY brings from the build context"
}

// pipInstallWord is the place of "install" in a pip install call (pip,
// pip3, python -m pip, uv pip), or of "sync" in uv pip sync, whose
// arguments are requirements files; -1 for any other call.
func pipInstallWord(c shell.Call) (i int, filesOnly bool) {
	name := path.Base(c.Name())
	switch {
	case name == "pip" || strings.HasPrefix(name, "pip3"):
	case name == "uv" && len(c.Args) > 2 && c.Args[1] == "pip":
		if c.Args[2] == "sync" {
			return 2, true
		}
	case strings.HasPrefix(name, "python"):
		if flag, target := interpreterTarget(c); flag != "-m" || target != "pip" {
			return -1, false
		}
	default:
		return -1, false
	}
	return slices.Index(c.Args, "install"), false
}

// requirementsFile reads a requirements file of the context and the files
// it includes (-r, -c, relative to it); why says what makes its packages
// unknowable ("" when nothing does): a file it includes is missing, or it
// asks pip to build packages from source (--no-binary).
func requirementsFile(ctx *buildctx.Context, file string, seen []string) (reqs []requirement, why string) {
	if slices.Contains(seen, file) {
		return nil, ""
	}
	seen = append(seen, file)
	data, err := ctx.ReadFile(file)
	if err != nil {
		return nil, "reads " + file + ", which the build context does not hold"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if hash := strings.Index(line, "#"); hash >= 0 && (hash == 0 || line[hash-1] == ' ' || line[hash-1] == '\t') {
			line = line[:hash]
		}
		line = strings.TrimSpace(line)
		flag, rest, _ := strings.Cut(line, " ")
		if f, v, eq := strings.Cut(flag, "="); eq {
			flag, rest = f, v
		}
		rest = strings.TrimSpace(rest)
		switch {
		case line == "":
		case flag == "-r" || flag == "--requirement" || flag == "-c" || flag == "--constraint":
			more, why := requirementsFile(ctx, buildctx.Clean(path.Join(path.Dir(file), rest)), seen)
			if why != "" {
				return nil, why
			}
			reqs = append(reqs, more...)
		case flag == "--no-binary" && rest != ":none:":
			return nil, "builds " + rest + " from source (--no-binary in " + file + ")"
		case (flag == "-e" || flag == "--editable") && project(rest) != "":
			// -e . installs a project of the context: its requirements.
			dir := buildctx.Clean(path.Join(path.Dir(file), project(rest)))
			more, ok := projectRequirements(ctx, dir, seen)
			if !ok {
				return nil, "installs the project " + rest + " (" + file + "), whose requirements cannot be read"
			}
			reqs = append(reqs, more...)
		case strings.HasPrefix(line, "-"):
			// -e ., --index-url: no package by name
		default:
			reqs = append(reqs, parseRequirement(line, file))
		}
	}
	return reqs, ""
}

// setupRequires finds install_requires=[...] in setup.py, a list of
// string literals.
var setupRequires = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`install_requires\s*=\s*\[([^\]]*)\]`)
})

// pyStrings finds the string literals of a Python list.
var pyStrings = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`"([^"]*)"|'([^']*)'`)
})

// projectRequirements reads the requirements of the project in a context
// folder: pyproject.toml's (PEP 621 or Poetry), setup.cfg's
// install_requires, setup.py's install_requires when it is a list of
// literals, and requirements*.txt beside them, which a setup.py often
// reads. ok is false when the folder holds no project whose requirements
// can be read. seen are the files and projects being read (a
// requirements file's -e . reads the project that reads it).
func projectRequirements(ctx *buildctx.Context, dir string, seen []string) (reqs []requirement, ok bool) {
	if slices.Contains(seen, dir+"/") {
		return nil, true
	}
	seen = append(seen, dir+"/")
	join := func(name string) string { return buildctx.Clean(path.Join(dir, name)) }
	if data, err := ctx.ReadFile(join("pyproject.toml")); err == nil {
		// Its lists say the requirements, none being none, unless
		// they are dynamic (setuptools reads them from another file).
		text := string(data)
		dynamic := strings.Contains(text, "dynamic") && strings.Contains(text, `"dependencies"`)
		reqs, ok = append(reqs, requirementLines(join("pyproject.toml"), data)...), !dynamic
	}
	if files, err := ctx.Glob(join("requirements*.txt")); err == nil {
		for _, f := range files {
			more, why := requirementsFile(ctx, f, seen)
			reqs, ok = append(reqs, more...), ok || why == ""
		}
	}
	if data, err := ctx.ReadFile(join("setup.cfg")); err == nil {
		in := false
		for _, line := range strings.Split(string(data), "\n") {
			trimmed := strings.TrimSpace(line)
			key, value, isKey := strings.Cut(trimmed, "=")
			switch {
			case isKey && strings.TrimSpace(key) == "install_requires":
				in, ok = true, true
				trimmed = strings.TrimSpace(value)
			case in && (trimmed == "" || line[0] != ' ' && line[0] != '\t'):
				in = false
			}
			if in && trimmed != "" && !strings.HasPrefix(trimmed, "#") {
				reqs = append(reqs, parseRequirement(trimmed, join("setup.cfg")))
			}
		}
	}
	if data, err := ctx.ReadFile(join("setup.py")); err == nil {
		m := setupRequires().FindSubmatch(data)
		switch {
		case m != nil:
			ok = true
			for _, q := range pyStrings().FindAllSubmatch(m[1], -1) {
				reqs = append(reqs, parseRequirement(string(q[1])+string(q[2]), join("setup.py")))
			}
		case !strings.Contains(string(data), "install_requires"):
			ok = true // no requirements of its own
		}
	}
	return reqs, ok
}

// firstWheels are packages that link the python image's libraries when
// pip builds them from source, with those libraries and, for each Python
// minor version, the first release with Linux wheels for it: an older
// pin is built on the full image against what slim lacks. A version
// named later than the real first one only leaves a file alone that
// could have been rewritten.
var firstWheels = map[string]struct {
	// libs names the libraries the build links, for the refusal; dev,
	// when set, is the development package whose library the runtime
	// stage installs instead.
	libs, dev string
	from      map[string]string
}{
	// Pillow's table of the Python versions each release supports
	// (docs/installation/newer-versions.csv, python-pillow/Pillow#8181),
	// and its release notes for 8.3.2 (3.10), 9.3.0 (3.11), 10.1.0 (3.12).
	"pillow": {libs: "libjpeg, zlib, libtiff, FreeType, Little CMS, libwebp and OpenJPEG", from: map[string]string{
		"3.6": "7.0", "3.7": "7.0", "3.8": "7.0", "3.9": "8.0", "3.10": "8.3.2", "3.11": "9.3", "3.12": "10.1", "3.13": "11.0", "3.14": "12.0"}},
	// lxml's changelog (4.9.3: "Python 3.12-compatible release") and
	// wheels; a release later than the first is named where unsure.
	"lxml": {libs: "libxml2 and libxslt", from: map[string]string{
		"3.9": "4.6.2", "3.10": "4.6.4", "3.11": "4.9.2", "3.12": "4.9.3", "3.13": "5.3.0", "3.14": "6.0.2"}},
	// psycopg2's NEWS: 2.9.5 adds Python 3.11, 2.9.9 3.12, 2.9.10 3.13,
	// 2.9.11 3.14. Built from source, it links the image's libpq.
	"psycopg2-binary": {dev: "libpq-dev", from: map[string]string{
		"3.8": "2.8.4", "3.9": "2.8.6", "3.10": "2.9.2", "3.11": "2.9.5", "3.12": "2.9.9", "3.13": "2.9.10", "3.14": "2.9.11"}},
	// scikit-learn's release notes: 1.0.1 wheels for 3.10, 1.1.3 "Create
	// wheels for Python 3.11", 1.3.1 supports 3.12, 1.5.2 3.13. Built
	// from source, it links gcc's OpenMP runtime (-fopenmp).
	"scikit-learn": {dev: "libgomp", from: map[string]string{
		"3.8": "0.22", "3.9": "0.24", "3.10": "1.0.1", "3.11": "1.1.3", "3.12": "1.3.1", "3.13": "1.5.2"}},
}

// builtFromSource tells whether the newest release a version specifier
// allows is older than first; with first unknown (""), whether the
// specifier bounds the release at all.
func builtFromSource(spec, first string) bool {
	var upper []int // the newest allowed, or the first not allowed
	inclusive := false
	for _, clause := range strings.Split(spec, ",") {
		op := strings.TrimRight(clause[:min(3, len(clause))], "0123456789.*")
		v := strings.TrimPrefix(clause, op)
		parts := releaseParts(strings.TrimSuffix(v, ".*"))
		if parts == nil {
			continue
		}
		switch {
		case op == "==" && strings.HasSuffix(v, ".*"):
			parts[len(parts)-1]++
		case op == "~=" && len(parts) > 1:
			parts = parts[:len(parts)-1]
			parts[len(parts)-1]++
		case op == "<":
		case op == "==" || op == "===" || op == "<=":
			if upper == nil || compareRelease(parts, upper) < 0 {
				upper, inclusive = parts, true
			}
			continue
		default:
			continue
		}
		if upper == nil || compareRelease(parts, upper) <= 0 {
			upper, inclusive = parts, false
		}
	}
	switch {
	case upper == nil:
		return false
	case first == "":
		return true
	}
	c := compareRelease(upper, releaseParts(first))
	return c < 0 || c == 0 && !inclusive
}

// releaseParts reads a release's numbers (9.5.0, 10.0.0rc1 as 10.0.0);
// nil when it starts with none.
func releaseParts(v string) []int {
	var out []int
	for _, f := range strings.Split(v, ".") {
		end := 0
		for end < len(f) && f[end] >= '0' && f[end] <= '9' {
			end++
		}
		n, err := strconv.Atoi(f[:end])
		if err != nil {
			break
		}
		out = append(out, n)
		if end < len(f) {
			break
		}
	}
	return out
}

// compareRelease compares two releases number by number, a missing one
// counting as 0.
func compareRelease(a, b []int) int {
	for i := range max(len(a), len(b)) {
		x, y := 0, 0
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return cmp.Compare(x, y)
		}
	}
	return 0
}
