package transforms

import (
	"strings"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

// Python detects pip installs in a python:* builder. The builder installs
// into a virtualenv, which the runtime stage copies with the application
// folder onto the slim image of the same Python version.
var Python = rewrite.Toolchain{
	Name:     "python",
	Doc:      "pip install in a python image; a virtualenv and the app folder on python:<same version>-slim",
	Families: []string{"python"},
	Detect:   detectPython,
}

// venv is where the builder's packages go.
const venv = "/opt/venv"

var pythonBuildOnly = rewrite.WordSet(`PIP_NO_CACHE_DIR PIP_DISABLE_PIP_VERSION_CHECK PIP_INDEX_URL PIP_EXTRA_INDEX_URL
	PIP_DEFAULT_TIMEOUT PIP_TRUSTED_HOST PIP_ROOT_USER_ACTION DEBIAN_FRONTEND`)

func detectPython(st *rewrite.Stage, p *rewrite.Pass) (*rewrite.Build, error) {
	var installs []rewrite.ToolCall
	for _, prog := range []string{"pip", "pip3"} {
		calls, err := st.CallsOf(prog, "install")
		if err != nil {
			return nil, err
		}
		installs = append(installs, calls...)
	}
	for _, prog := range []string{"python", "python3"} {
		calls, err := st.CallsOf(prog)
		if err != nil {
			return nil, err
		}
		for _, tc := range calls {
			a := tc.Call.Args
			if len(a) >= 4 && a[1] == "-m" && a[2] == "pip" && a[3] == "install" {
				installs = append(installs, tc)
			}
			if len(a) >= 3 && a[1] == "-m" && (a[2] == "venv" || a[2] == "virtualenv") {
				return nil, rewrite.Skipf(tc.In.Line(), "the build makes its own virtualenv: not handled")
			}
		}
	}
	// Package managers that keep their environment, or their settings,
	// outside the folders the rewrite copies.
	for _, m := range pythonManagers {
		calls, err := st.CallsOf(m.name, m.verbs...)
		if err != nil {
			return nil, err
		}
		if len(calls) > 0 && (st.BaseImage.Family == "python" || len(installs) > 0) {
			return nil, rewrite.Skipf(calls[0].In.Line(), "%s %s: %s; not handled", m.name, calls[0].Call.Args[1], m.why)
		}
	}
	if len(installs) == 0 {
		return nil, nil
	}
	if err := p.OfficialImage(st, "pip"); err != nil {
		return nil, err
	}
	img := st.BaseImage
	first := installs[0].In
	for _, tc := range installs {
		if tc.In.Index < first.Index {
			first = tc.In
		}
		if err := tc.Decidable(); err != nil {
			return nil, err
		}
		for _, a := range tc.Call.Args {
			switch {
			case a == "--user", a == "--target", a == "-t", a == "--prefix", a == "--root", strings.HasPrefix(a, "--target="), strings.HasPrefix(a, "--prefix="):
				return nil, rewrite.Skipf(tc.In.Line(), "pip install %s puts packages outside the environment", a)
			}
		}
	}
	if err := st.NoRuntimeLibraries("compiled packages"); err != nil {
		return nil, err
	}
	app, err := appFolder(st)
	if err != nil {
		return nil, err
	}
	b := &rewrite.Build{BuildOnly: pythonBuildOnly.Has, PathPrefix: []string{venv + "/bin"}}
	for _, tc := range installs {
		b.Steps = append(b.Steps, tc.In)
	}
	b.Artifacts = []rewrite.Artifact{
		{Path: venv, Dir: true, Line: first.Line(), How: "the virtualenv pip installs into (added before the first pip install)"},
		{Path: app, Dir: true, Line: first.Line(), How: "the application folder (the final WORKDIR)"},
	}
	nl := st.Doc.Newline
	b.Edits = append(b.Edits, dockerfile.Insert(st.Doc.Offset(first.CommentStart),
		st.Doc.Keyword("RUN")+" python3 -m venv "+venv+nl+st.Doc.Keyword("ENV")+` PATH="`+venv+`/bin:$PATH"`+nl))
	p.Notef(first.Line(), "a virtualenv in %s is made before the first pip install, so the packages can be copied alone", venv)
	if userRuntime(b, p) {
		return b, nil
	}
	b.Runtime = slimRuntime(img)
	b.Why = "the slim image of the same Python version and distribution: the virtualenv's interpreter and compiled wheels need the same Python and libc"
	return b, nil
}

// pythonManagers are the Python package managers whose environment the
// runtime stage would lack, with where they keep it.
var pythonManagers = []struct {
	name  string
	verbs []string
	why   string
}{
	{"pipenv", []string{"install", "sync"}, "pipenv keeps the packages in a virtualenv under /root/.local/share/virtualenvs (or ./.venv with PIPENV_VENV_IN_PROJECT), or with --system in the interpreter it finds, and pipenv run needs that virtualenv"},
	{"poetry", []string{"install", "config"}, "poetry keeps its settings in /root/.config/pypoetry and, unless virtualenvs.create is false, the packages in a virtualenv under /root/.cache/pypoetry"},
	{"uv", []string{"sync", "pip", "venv", "python"}, "uv may install its own Python under /root/.local/share/uv, which the project's .venv links to"},
	{"pdm", []string{"install", "sync"}, "pdm keeps the packages in __pypackages__ or a virtualenv it chooses"},
	{"conda", []string{"install", "create", "env"}, "conda keeps the packages in its own prefix, outside the application folder"},
}

func init() {
	register(Python, rewrite.ImageFamily{Repo: "python", Describe: describePython})
}

// describePython is what the official python images hold: Python and pip
// on PATH, LANG C.UTF-8, a Debian or alpine base.
func describePython(img *rewrite.Image) {
	if version := rewrite.LanguageImage(img, func(string) string { return "trixie" }); version != "" {
		img.Env["PYTHON_VERSION"] = version
	}
	img.Env["LANG"] = "C.UTF-8"
	img.Programs = img.Programs.With("python python3 pip pip3")
}
