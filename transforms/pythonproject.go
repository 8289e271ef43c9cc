package transforms

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
	"github.com/pelletier/go-toml/v2"
)

// Python environments that package managers other than pip make, and
// the Python detector reads: uv pip install --system, into the image's
// own Python; uv venv, the build's own virtualenv as python -m venv's;
// and the project's .venv that uv sync, or poetry install with
// virtualenvs.in-project, fill. Each virtualenv links to the Python its
// tool chose, which must be the image's: the runtime stage has no other.

// uvPipInstalls are the build's uv pip install and sync calls: those with
// --system (or UV_SYSTEM_PYTHON), which install into the first Python on
// PATH that is not in a virtualenv (docs.astral.sh/uv, "Using Python
// environments"), the image's own; and the others, which install into
// the virtualenv uv finds (VIRTUAL_ENV, or .venv in the folder or above),
// for detectPython to match with the one the build makes. A container
// that runs uv is refused: its uv run would look for the project's
// environment.
func uvPipInstalls(st *rewrite.Stage, ctx *buildctx.Context) (system, inVenv []rewrite.ToolCall, err error) {
	calls, err := st.CallsOf("uv", "pip")
	if err != nil {
		return nil, nil, err
	}
	for _, tc := range calls {
		a := tc.Call.Args
		if len(a) < 3 || !tc.Call.Known[2] {
			return nil, nil, rewrite.Skipf(tc.In.Line(), "cannot tell what this uv pip command does")
		}
		if a[2] != "install" && a[2] != "sync" {
			continue
		}
		if v, _, _ := tc.Call.Getenv("UV_SYSTEM_PYTHON"); slices.Contains(a, "--system") || v == "1" || v == "true" {
			system = append(system, tc)
		} else {
			inVenv = append(inVenv, tc)
		}
	}
	if len(system)+len(inVenv) > 0 {
		if err := uvNotRun(st, ctx); err != nil {
			return nil, nil, err
		}
	}
	return system, inVenv, nil
}

// uvVenv reads the build's uv venv, which makes a virtualenv as python -m
// venv does (DIR, or .venv), with the Python uv finds: the first on PATH
// unless the project's .python-version or requires-python asks for
// another, which uv would download. nil when the build runs none.
func uvVenv(st *rewrite.Stage, p *rewrite.Pass) (*rewrite.ToolCall, string, error) {
	calls, err := st.CallsOf("uv", "venv")
	if err != nil || len(calls) == 0 {
		return nil, "", err
	}
	if len(calls) > 1 {
		return nil, "", rewrite.Skipf(calls[1].In.Line(), "the build runs uv venv twice: not handled")
	}
	tc := calls[0]
	if err := tc.Decidable(); err != nil {
		return nil, "", err
	}
	dir := ""
	for _, a := range tc.Call.Args[2:] {
		name, _, _ := strings.Cut(a, "=")
		switch {
		case name == "--python" || name == "-p" || name == "--system-site-packages" || name == "--python-preference" || name == "--managed-python":
			return nil, "", rewrite.Skipf(tc.In.Line(), "uv venv %s: which Python the virtualenv links to is not read; not handled", name)
		case strings.HasPrefix(a, "-"):
		case dir != "":
			return nil, "", rewrite.Skipf(tc.In.Line(), "cannot tell which folder uv venv makes")
		default:
			dir = a
		}
	}
	for _, v := range []string{"UV_PYTHON", "UV_PYTHON_PREFERENCE", "UV_MANAGED_PYTHON"} {
		if val, set, _ := tc.Call.Getenv(v); set && val != "" {
			return nil, "", rewrite.Skipf(tc.In.Line(), "uv venv with %s set: which Python the virtualenv links to is not read; not handled", v)
		}
	}
	if dir == "" {
		dir = ".venv"
	}
	if tc.Call.Dir == "" {
		return nil, "", rewrite.Skipf(tc.In.Line(), "cannot tell which folder uv venv makes")
	}
	minor := imagePython(st.BaseImage)
	if minor == "" {
		return nil, "", rewrite.Skipf(tc.In.Line(), "uv venv links the virtualenv to a Python it chooses, and the tag of %s does not name the image's version: uv may download another one", st.BaseImage.Ref)
	}
	if ctx := p.Options.Context; ctx != nil {
		if why := pythonPins(ctx, minor); why != "" {
			return nil, "", rewrite.Skipf(tc.In.Line(), "uv venv: %s: uv would download that Python, and the runtime stage would lack it", why)
		}
	}
	return &tc, shell.Resolve(tc.Call.Dir, dir), nil
}

// pythonPins says which of the build context's .python-version and
// pyproject.toml's requires-python and [tool.uv] python-preference may
// have uv take another Python than the image's major.minor; "" when none
// does.
func pythonPins(ctx *buildctx.Context, minor string) string {
	if pin, err := ctx.ReadFile(".python-version"); err == nil {
		want := strings.TrimPrefix(strings.TrimSpace(strings.SplitN(string(pin), "\n", 2)[0]), "cpython-")
		if want != minor && want != "" {
			return ".python-version asks for Python " + want
		}
	}
	if project, ok := pyProjectOf(ctx); ok {
		if ok, known := requiresPython(project.Project.RequiresPython, minor); !ok || !known {
			return "pyproject.toml requires Python " + project.Project.RequiresPython
		}
		if pref := project.Tool.UV.PythonPreference; pref != "" && pref != "system" && pref != "only-system" {
			return "pyproject.toml sets python-preference = " + strconv.Quote(pref)
		}
	}
	return ""
}

// uvNotRun refuses a container that runs uv: uv run checks the project's
// environment against its lockfile and may install into it at start.
func uvNotRun(st *rewrite.Stage, ctx *buildctx.Context) error {
	if in := containerRuns(st, ctx, "uv"); in != nil {
		return rewrite.Skipf(in.Line(), "%s runs uv, whose uv run looks for the project's environment and may make one at start: run the program by name", strings.ToUpper(in.Name()))
	}
	return nil
}

// projectVenv is a package manager's installs into the project's own
// virtualenv (uv sync, poetry install with virtualenvs.in-project).
type projectVenv struct {
	calls []rewrite.ToolCall
	venv  string // <project>/.venv
	tool  string // uv sync, poetry install
}

// uvSyncs reads the build's uv sync calls: each must sync the project
// whose pyproject.toml the build context holds at the folder the call
// runs in, into its .venv, with a Python the image has. uv makes that
// .venv with the first Python that satisfies the project's
// requires-python and .python-version, and downloads one into
// /root/.local/share/uv when none does; the runtime stage has only the
// image's, so both must name the image's version. ok is false when the
// build runs no uv sync.
func uvSyncs(st *rewrite.Stage, p *rewrite.Pass) (projectVenv, bool, error) {
	calls, err := st.CallsOf("uv", "sync")
	if err != nil || len(calls) == 0 {
		return projectVenv{}, false, err
	}
	env := "" // UV_PROJECT_ENVIRONMENT: the project's environment, not its .venv
	for i, tc := range calls {
		if err := tc.Decidable(); err != nil {
			return projectVenv{}, true, err
		}
		e, _, known := tc.Call.Getenv("UV_PROJECT_ENVIRONMENT")
		if e != "" && tc.Call.Dir != "" {
			e = shell.Resolve(tc.Call.Dir, e)
		}
		if !known || e != "" && !path.IsAbs(e) || i > 0 && e != env {
			return projectVenv{}, true, rewrite.Skipf(tc.In.Line(), "uv sync with UV_PROJECT_ENVIRONMENT unknown, relative to a folder that cannot be told, or another than an earlier uv sync's: not handled")
		}
		env = e
		for _, a := range tc.Call.Args[2:] {
			name, _, _ := strings.Cut(a, "=")
			switch name {
			case "--python", "-p", "--project", "--directory", "--package", "--all-packages", "--active", "--script",
				"--python-preference", "--managed-python":
				return projectVenv{}, true, rewrite.Skipf(tc.In.Line(), "uv sync %s: which environment it fills, and with which Python, is not read; not handled", name)
			}
		}
		for _, v := range []string{"UV_PYTHON", "VIRTUAL_ENV", "UV_PROJECT", "UV_PYTHON_PREFERENCE", "UV_MANAGED_PYTHON"} {
			if val, set, _ := tc.Call.Getenv(v); set && val != "" {
				return projectVenv{}, true, rewrite.Skipf(tc.In.Line(), "uv sync with %s set: which environment it fills, and with which Python, is not read; not handled", v)
			}
		}
	}
	pv, _, err := readProject(st, p, calls, "uv sync")
	if err != nil {
		return pv, true, err
	}
	if env != "" {
		pv.venv = env
	}
	minor := imagePython(st.BaseImage)
	if why := pythonPins(p.Options.Context, minor); why != "" {
		return pv, true, rewrite.Skipf(calls[0].In.Line(), "uv sync: %s, and %s has %s: uv would download that Python, and the runtime stage would lack it", why, st.BaseImage.Ref, minor)
	}
	if err := uvRunsProject(st, p.Options.Context); err != nil {
		return pv, true, err
	}
	return pv, true, nil
}

// uvRunsProject refuses a container that runs uv other than as uv run
// from its CMD or ENTRYPOINT. uv run syncs the project's .venv with its
// lockfile first, which the runtime stage does as the original image
// would: a no-op when the build synced what uv run asks for, an install
// (from the network) in both when it did not, since the build's cache
// holds only what the build synced. uv itself must be in the runtime
// stage, which the check of the container's programs sees to.
func uvRunsProject(st *rewrite.Stage, ctx *buildctx.Context) error {
	in := containerRuns(st, ctx, "uv")
	if in == nil {
		return nil
	}
	prog := st.Program()
	if prog == nil || prog.In != in {
		return uvNotRun(st, ctx)
	}
	for _, cc := range commandCalls(st, prog, ctx) {
		c := cc.words
		if len(c) > 0 && path.Base(c[0]) == "uv" && (len(c) < 2 || c[1] != "run") {
			return rewrite.Skipf(in.Line(), "%s runs uv %s, not uv run: not handled", strings.ToUpper(in.Name()), strings.Join(c[1:min(2, len(c))], " "))
		}
	}
	return nil
}

// poetryProjectVenv reads poetry installs into the project's .venv:
// poetry makes it with the Python it runs in (the image's, for a poetry
// pip installs) when that satisfies the project's python constraint, and
// else looks for another python3.X on PATH, such as the Debian one the
// full images also have; so the constraint must allow the image's
// version. poetry env use chooses another: refused.
func poetryProjectVenv(st *rewrite.Stage, p *rewrite.Pass, calls []rewrite.ToolCall) (projectVenv, error) {
	if uses, err := st.CallsOf("poetry", "env"); err != nil || len(uses) > 0 {
		if err == nil {
			err = rewrite.Skipf(uses[0].In.Line(), "poetry env chooses the Python of the project's environment: not handled")
		}
		return projectVenv{}, err
	}
	pv, project, err := readProject(st, p, calls, "poetry install")
	if err != nil {
		return pv, err
	}
	spec := project.Project.RequiresPython
	if spec == "" {
		if v, ok := project.Tool.Poetry.Dependencies["python"].(string); ok {
			spec = poetryConstraint(v)
		}
	}
	minor := imagePython(st.BaseImage)
	if ok, known := requiresPython(spec, minor); !ok || !known {
		return pv, rewrite.Skipf(calls[0].In.Line(), "poetry install: the project requires Python %s, which %s's %s may not satisfy: poetry would make the project's environment with another Python, which the runtime stage lacks", spec, st.BaseImage.Ref, minor)
	}
	return pv, nil
}

// pyProject is what msrewrite reads of a pyproject.toml.
type pyProject struct {
	Project struct {
		RequiresPython string `toml:"requires-python"`
	} `toml:"project"`
	Tool struct {
		UV struct {
			PythonPreference string `toml:"python-preference"`
		} `toml:"uv"`
		Poetry struct {
			Dependencies map[string]any `toml:"dependencies"`
		} `toml:"poetry"`
	} `toml:"tool"`
}

// pyProjectOf is the build context's pyproject.toml, parsed once per
// context (uv sync reads it for the project and for the Python it
// allows); ok is false when it is missing or cannot be read. Its maps are
// shared: read them, never write.
func pyProjectOf(ctx *buildctx.Context) (pyProject, bool) {
	r := ctx.Memo(pyProjectKey{}, func() any {
		var project pyProject
		data, err := ctx.ReadFile("pyproject.toml")
		ok := err == nil && toml.Unmarshal(data, &project) == nil
		return parsedPyProject{project, ok}
	}).(parsedPyProject)
	return r.project, r.ok
}

// pyProjectKey memoizes pyProjectOf in its context.
type pyProjectKey struct{}

type parsedPyProject struct {
	project pyProject
	ok      bool
}

// readProject checks that a package manager's calls (tool names them)
// run in the folder where the build context's pyproject.toml lands, on an
// official python image whose tag names its version, and reads that
// pyproject.toml.
func readProject(st *rewrite.Stage, p *rewrite.Pass, calls []rewrite.ToolCall, tool string) (projectVenv, pyProject, error) {
	pv := projectVenv{tool: tool}
	var project pyProject
	ctx := p.Options.Context
	root := contextRoot(st, "pyproject.toml")
	for _, tc := range calls {
		if ctx == nil || root == "" || tc.Call.Dir != root {
			return pv, project, rewrite.Skipf(tc.In.Line(), "%s runs in %s, where msrewrite cannot read the project's pyproject.toml from the build context: which Python makes its environment cannot be told", tool, tc.Call.Dir)
		}
	}
	if imagePython(st.BaseImage) == "" {
		return pv, project, rewrite.Skipf(calls[0].In.Line(), "%s makes the project's environment with a Python that satisfies the project, and the tag of %s does not name its version", tool, st.BaseImage.Ref)
	}
	project, ok := pyProjectOf(ctx)
	if !ok {
		return pv, project, rewrite.Skipf(calls[0].In.Line(), "%s: the build context's pyproject.toml cannot be read", tool)
	}
	pv.calls, pv.venv = calls, path.Join(root, ".venv")
	return pv, project, nil
}

// poetryConstraint writes a Poetry version constraint (^3.11, ~3.11,
// 3.11.*, >=3.10,<3.13) as a PEP 440 specifier; "" for *, and what it
// cannot write it leaves for requiresPython to reject.
func poetryConstraint(c string) string {
	if strings.Contains(c, "||") {
		return c
	}
	var out []string
	for _, clause := range strings.Split(c, ",") {
		clause = strings.TrimSpace(clause)
		parts, ok := versionParts(strings.TrimLeft(clause, "^~"))
		switch {
		case clause == "*" || clause == "":
		case strings.HasPrefix(clause, "^") && ok && parts[0] > 0:
			out = append(out, ">="+clause[1:], "<"+strconv.Itoa(parts[0]+1))
		case strings.HasPrefix(clause, "~") && !strings.HasPrefix(clause, "~=") && ok && len(parts) >= 2:
			out = append(out, ">="+clause[1:], "<"+strconv.Itoa(parts[0])+"."+strconv.Itoa(parts[1]+1))
		case strings.HasSuffix(clause, ".*") || ok:
			out = append(out, "=="+clause) // 3.11.*, or 3.11 exactly
		default:
			out = append(out, clause)
		}
	}
	return strings.Join(out, ",")
}

// projectVenvBuild is the build of a project's own .venv: carried with
// the application folder (or beside it), on the slim image of the same
// Python, which its links and compiled wheels need.
func projectVenvBuild(st *rewrite.Stage, p *rewrite.Pass, pv projectVenv, tools []rewrite.ToolCall) (*rewrite.Build, error) {
	if err := p.OfficialImage(st, pv.tool); err != nil {
		return nil, err
	}
	app, err := appFolder(st)
	if err != nil {
		return nil, err
	}
	first := pv.calls[0].In
	b := &rewrite.Build{BuildOnly: pythonBuildOnly.Has, BuildOutputs: []string{"dir:__pycache__"}}
	for _, tc := range pv.calls {
		b.Steps = append(b.Steps, tc.In)
	}
	b.Artifacts = []rewrite.Artifact{{Path: app, Dir: true, Line: first.Line(), How: "the application folder (the final WORKDIR)"}}
	if !under(pv.venv, app) {
		b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: pv.venv, Dir: true, Line: first.Line(), How: "the project's environment, which " + pv.tool + " fills"})
	}
	if pv.tool == "uv sync" && containerRuns(st, p.Options.Context, "uv") != nil {
		// uv run: the uv that pip installed as root into the image's own
		// Python is a program of its own in /usr/local/bin (its package
		// in site-packages only finds it; uvx came with uv 0.3).
		for _, tc := range tools {
			if v, _, _ := tc.Call.Getenv("PIP_USER"); nonRootUser(st.Before[tc.Index].User) == "" && !slices.Contains(tc.Call.Args, "--user") && v == "" {
				b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: "/usr/local/bin/uv", Line: tc.In.Line(), How: "the uv program pip installs beside the image's Python, which the container's uv run needs"})
				break
			}
		}
	}
	p.Notef(first.Line(), "%s fills %s with the image's Python (the project's Python constraints allow it): no virtualenv is added", pv.tool, pv.venv)
	return pythonRuntime(b, st, p, pv.calls, pv.venv+", whose links point to the image's Python, and its compiled wheels")
}

// poetryTomlInProject tells whether the project's poetry.toml sets
// virtualenvs.in-project.
func poetryTomlInProject(ctx *buildctx.Context) bool {
	if ctx == nil {
		return false
	}
	data, err := ctx.ReadFile("poetry.toml")
	var conf struct {
		Virtualenvs struct {
			InProject bool `toml:"in-project"`
		} `toml:"virtualenvs"`
	}
	return err == nil && toml.Unmarshal(data, &conf) == nil && conf.Virtualenvs.InProject
}

// installsToolOnly tells whether a pip install installs one tool alone
// (pip install uv, pip install "poetry==1.8.*"), not the project's
// packages.
func installsToolOnly(tc rewrite.ToolCall, tool string) bool {
	args := tc.Call.Args
	i := slices.Index(args, "install")
	if i < 0 {
		return false
	}
	named := false
	for _, a := range args[i+1:] {
		switch {
		case pipValueFlags.Has(a):
			return false // -r requirements.txt, -e ., -c constraints
		case strings.HasPrefix(a, "-"):
		case parseRequirement(a, "").name == tool:
			named = true
		default:
			return false
		}
	}
	return named
}

// requiresPython tells whether every Python of a major.minor version
// satisfies a requires-python specifier (PEP 440: ">=3.10,<4",
// "~=3.11", "==3.12.*"); known is false when it depends on the patch
// release, or the specifier cannot be read. An empty one allows any.
func requiresPython(spec, minor string) (ok, known bool) {
	image, good := versionParts(minor)
	if !good {
		return false, false
	}
	for _, clause := range strings.Split(spec, ",") {
		clause = strings.TrimSpace(clause)
		if clause == "" {
			continue
		}
		op := strings.TrimRight(clause[:min(2, len(clause))], "0123456789. ")
		v := strings.TrimSpace(clause[len(op):])
		wildcard := strings.HasSuffix(v, ".*")
		parts, good := versionParts(strings.TrimSuffix(v, ".*"))
		if !good {
			return false, false
		}
		if op == "~=" {
			// ~=3.11 is >=3.11 and ==3.*; ~=3.11.2 is >=3.11.2 and ==3.11.*
			upper := strings.Join(strings.Split(strings.TrimSuffix(v, ".*"), ".")[:len(parts)-1], ".") + ".*"
			ok1, k1 := requiresPython(">="+v, minor)
			ok2, k2 := requiresPython("=="+upper, minor)
			if !k1 || !k2 {
				return false, false
			}
			if !ok1 || !ok2 {
				return false, true
			}
			continue
		}
		c := compareMinor(parts, image)          // the clause's major.minor against the image's
		patch := len(parts) > 2 && parts[2] != 0 // the clause names a patch release
		var sat bool
		switch op {
		case ">=":
			if c == 0 && patch {
				return false, false
			}
			sat = c <= 0
		case ">":
			if c == 0 {
				return false, false
			}
			sat = c < 0
		case "<":
			if c == 0 && patch {
				return false, false
			}
			sat = c > 0
		case "<=":
			if c == 0 {
				return false, false
			}
			sat = c > 0
		case "==", "!=":
			switch {
			case wildcard && len(parts) == 1:
				sat = parts[0] == image[0]
			case wildcard && len(parts) == 2:
				sat = c == 0
			case c != 0:
				sat = false
			default:
				return false, false // ==3.12.4: one patch release
			}
			if op == "!=" {
				sat = !sat
			}
		default:
			return false, false
		}
		if !sat {
			return false, true
		}
	}
	return true, true
}

// versionParts reads a dotted version of one to three numbers.
func versionParts(v string) ([]int, bool) {
	fields := strings.Split(v, ".")
	if len(fields) > 3 {
		return nil, false
	}
	out := make([]int, len(fields))
	for i, f := range fields {
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, false
		}
		out[i] = n
	}
	return out, true
}

// compareMinor compares two versions by major and minor (a missing minor
// is 0): -1, 0 or 1 as a is below, at or above b.
func compareMinor(a, b []int) int {
	return compareRelease(a[:min(2, len(a))], b[:min(2, len(b))])
}

// uvBuildCall tells whether a call is one of uv's that detectPython
// reads: uv pip install and sync, uv sync, uv venv (uv run runs the
// project's code).
func uvBuildCall(c shell.Call) bool {
	a := c.Args
	switch {
	case len(a) > 1 && c.Known[1] && (a[1] == "sync" || a[1] == "venv"):
		return true
	case len(a) > 2 && c.Known[1] && c.Known[2] && a[1] == "pip":
		return a[2] == "install" || a[2] == "sync"
	}
	return false
}
