package transforms

import (
	"cmp"
	"encoding/json"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
	"github.com/pelletier/go-toml/v2"
)

// Python detects pip installs in a python:* builder. The builder installs
// into a virtualenv, which the runtime stage copies with the application
// folder onto the slim image of the same Python version. On debian or
// ubuntu with Python from their packages, pip's folders under /usr/local
// go onto the builder's release, which installs the Python again.
var Python = rewrite.Toolchain{
	Name:     "python",
	Doc:      "pip install (poetry, pipenv, uv) in a python image, or with the Python of debian's or ubuntu's packages; a virtualenv (or ~/.local, or the image's site-packages) and the app folder on python:<same version>-slim, or on the builder's release",
	Families: []string{"python"},
	Tools:    []string{"pip", "pip3", "python", "python3", "poetry", "pipenv", "uv"},
	Detect:   detectPython,
}

// venv is where the builder's packages go.
const venv = "/opt/venv"

var pythonBuildOnly = rewrite.WordSet(`PIP_NO_CACHE_DIR PIP_DISABLE_PIP_VERSION_CHECK PIP_INDEX_URL PIP_EXTRA_INDEX_URL
	PIP_DEFAULT_TIMEOUT PIP_TRUSTED_HOST PIP_ROOT_USER_ACTION DEBIAN_FRONTEND`)

func detectPython(st *rewrite.Stage, p *rewrite.Pass) (*rewrite.Build, error) {
	var installs []rewrite.ToolCall
	for _, prog := range pipNames(st.BaseImage) {
		calls, err := st.CallsOf(prog, "install")
		if err != nil {
			return nil, err
		}
		installs = append(installs, calls...)
	}
	var ownVenv *rewrite.ToolCall // python -m venv DIR
	ownDir := ""
	for _, prog := range pythonNames(st.BaseImage) {
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
				dir, err := venvDir(tc)
				if err != nil {
					return nil, err
				}
				if ownVenv != nil && dir != ownDir {
					return nil, rewrite.Skipf(tc.In.Line(), "the build makes two virtualenvs: not handled")
				}
				ownVenv, ownDir = &tc, dir
			}
		}
	}
	distro := distroPython(st)
	if distro && len(installs) > 0 {
		// Their environments and settings are read for the python
		// images' own Python only.
		for _, m := range []string{"poetry", "pipenv", "uv", "pdm", "conda"} {
			calls, err := st.CallsOf(m)
			if err != nil {
				return nil, err
			}
			if len(calls) > 0 {
				return nil, rewrite.Skipf(calls[0].In.Line(), "%s with the Python %s's packages install: not handled (it is on the official python images)", m, st.BaseImage.Repo)
			}
		}
	}
	if venv, dir, err := uvVenv(st, p); err != nil {
		return nil, err
	} else if venv != nil {
		if ownVenv != nil && dir != ownDir {
			return nil, rewrite.Skipf(venv.In.Line(), "the build makes two virtualenvs: not handled")
		}
		ownVenv, ownDir = venv, dir
	}
	// poetry install: into the virtualenv msrewrite adds, which VIRTUAL_ENV
	// makes the active one (poetry installs into an active virtualenv,
	// whatever virtualenvs.create says); or, with virtualenvs.in-project
	// and no virtualenv active, into the project's .venv, as uv sync; or,
	// with neither setting, into one of its own, as pipenv does.
	poetry, inProject, poetryVenvs, runsPoetry, err := poetryInstalls(st, p, ownVenv != nil, installs)
	if err != nil {
		return nil, err
	}
	if inProject.venv != "" {
		// poetry's own virtualenv, in the project: as uv sync's.
		if ownVenv != nil || slices.ContainsFunc(installs, func(tc rewrite.ToolCall) bool { return !installsToolOnly(tc, "poetry") }) {
			return nil, rewrite.Skipf(poetry[0].In.Line(), "poetry install into the project's .venv beside other installs into Python (pip, a virtualenv): the packages would be in two places; not handled")
		}
		return projectVenvBuild(st, p, inProject, nil)
	}
	installs = append(installs, poetry...)
	pipenv, pipenvVenvs, err := pipenvInstalls(st, p, ownVenv != nil)
	if err != nil {
		return nil, err
	}
	if len(pipenv) > 0 && !slices.ContainsFunc(installs, func(tc rewrite.ToolCall) bool {
		return tc.Index <= pipenv[0].Index && slices.ContainsFunc(pipArguments([]rewrite.ToolCall{tc}), func(r requirement) bool { return r.name == "pipenv" })
	}) {
		// pipenv --system installs with the Python it runs in: pip's
		// pipenv runs in the added virtualenv; another one may not. Its
		// own virtualenv is made by a pipenv the runtime stage must have.
		return nil, rewrite.Skipf(pipenv[0].In.Line(), "pipenv %s with a pipenv the file does not install with pip: which Python it runs in cannot be told", pipenv[0].Call.Args[1])
	}
	installs = append(installs, pipenv...)
	// A package manager's own virtualenv, which it finds again by the
	// project's path: the runtime stage needs the manager and the folder.
	var managed managerVenvs
	switch {
	case pipenvVenvs != "" && poetryVenvs != "":
		return nil, rewrite.Skipf(pipenv[0].In.Line(), "pipenv and poetry each install into a virtualenv of their own: the packages would be in two places; not handled")
	case pipenvVenvs != "":
		managed = managerVenvs{"pipenv", pipenvVenvs, pipenv[0]}
	case poetryVenvs != "":
		managed = managerVenvs{"poetry", poetryVenvs, poetry[0]}
	}
	uv, uvInVenv, err := uvPipInstalls(st, p.Options.Context)
	if err != nil {
		return nil, err
	}
	if len(uv) > 0 && (ownVenv != nil || len(poetry) > 0 || len(pipenv) > 0) {
		return nil, rewrite.Skipf(uv[0].In.Line(), "uv pip install --system beside another environment (a virtualenv, poetry or pipenv): the packages would be in two places; not handled")
	}
	if len(uvInVenv) > 0 && ownVenv == nil {
		return nil, rewrite.Skipf(uvInVenv[0].In.Line(), "uv pip %s without --system installs into the virtualenv uv finds (VIRTUAL_ENV, or .venv in the folder or above), and the build makes none msrewrite reads; not handled", uvInVenv[0].Call.Args[2])
	}
	installs = append(append(installs, uv...), uvInVenv...)
	sync, hasSync, err := uvSyncs(st, p)
	if err != nil {
		return nil, err
	}
	if hasSync {
		if ownVenv != nil || slices.ContainsFunc(installs, func(tc rewrite.ToolCall) bool { return !installsToolOnly(tc, "uv") }) {
			return nil, rewrite.Skipf(sync.calls[0].In.Line(), "uv sync beside other installs into Python (pip, poetry, pipenv, a virtualenv): the packages would be in two places; not handled")
		}
		return projectVenvBuild(st, p, sync, installs)
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
	if !distro {
		if err := p.OfficialImage(st, "pip"); err != nil {
			return nil, err
		}
	}
	img := st.BaseImage
	first := installs[0].In
	userInstalls := 0 // pip install --user, or as a user who may not write site-packages
	for _, tc := range installs {
		if tc.In.Index < first.Index {
			first = tc.In
		}
		if err := tc.Decidable(); err != nil {
			return nil, err
		}
		if tc.Call.Sudo && ownVenv == nil {
			// The PATH the added virtualenv goes first on is not sudo's.
			return nil, rewrite.Skipf(tc.In.Line(), "%s runs under sudo, with sudo's PATH, which does not reach the virtualenv msrewrite would add: not handled", tc.Call.Summary())
		}
		user := false
		// pip reads its options from PIP_<OPTION> too.
		if v, _, _ := tc.Call.Getenv("PIP_USER"); v == "1" || strings.EqualFold(v, "true") || strings.EqualFold(v, "yes") {
			user = true
		}
		for _, name := range []string{"PIP_TARGET", "PIP_PREFIX", "PIP_ROOT"} {
			if v, set, _ := tc.Call.Getenv(name); set && v != "" {
				return nil, rewrite.Skipf(tc.In.Line(), "pip install with %s set puts packages outside the environment", name)
			}
		}
		for _, a := range tc.Call.Args {
			switch {
			case a == "--user":
				user = true
			case a == "--target", a == "-t", a == "--prefix", a == "--root", strings.HasPrefix(a, "--target="), strings.HasPrefix(a, "--prefix="):
				return nil, rewrite.Skipf(tc.In.Line(), "pip install %s puts packages outside the environment", a)
			case a == "--python", a == "-p", strings.HasPrefix(a, "--python="):
				verb := slices.IndexFunc(tc.Call.Args, func(w string) bool { return w == "install" || w == "sync" })
				return nil, rewrite.Skipf(tc.In.Line(), "%s %s installs into another Python than the one first on PATH: not handled", strings.Join(tc.Call.Args[:verb+1], " "), a)
			}
		}
		// pip (20 on) installs as --user when the site-packages of the
		// image's Python are not the user's to write, and says so.
		name := path.Base(tc.Call.Name())
		pip := slices.Contains(pipNames(img), name) || slices.Contains(pythonNames(img), name)
		if pip && ownVenv == nil && nonRootUser(st.Before[tc.Index].User) != "" {
			user = true
		}
		if user {
			userInstalls++
		}
	}
	// uv pip install --system, or the container runs the image's own
	// Python: its site-packages, and why.
	site, siteHow := "", "uv pip install --system installs into the image's own Python"
	if len(uv) > 0 {
		for _, tc := range installs {
			if u := nonRootUser(st.Before[tc.Index].User); u != "" || userInstalls > 0 {
				return nil, rewrite.Skipf(tc.In.Line(), "uv pip install --system beside installs into a user's folder (--user, or as a USER who cannot write the image's Python): the packages would be in two places; not handled")
			}
		}
		if site = imageSitePackages(img); site == "" {
			return nil, rewrite.Skipf(uv[0].In.Line(), "uv pip install --system installs into the image's own Python, whose version the tag of %s does not name: where its site-packages are cannot be told", img.Ref)
		}
	}
	if managed.dir != "" {
		// The manager's own virtualenv is found by the manager, which
		// stays where pip put it, in the image's own Python: both reach
		// the runtime stage as the build left them.
		verb := managed.tool + " " + managed.call.Call.Args[1]
		switch {
		case userInstalls > 0 || len(poetry) > 0 && len(pipenv) > 0:
			return nil, rewrite.Skipf(managed.call.In.Line(), "%s into a virtualenv of its own, beside installs into a user's folder or another manager's: the packages would be in two places; not handled", verb)
		case imageSitePackages(img) == "":
			return nil, rewrite.Skipf(managed.call.In.Line(), "%s makes a virtualenv of its own, which the container finds through %s, installed into the image's own Python: the tag of %s does not name its version, so where %s is cannot be told", verb, managed.tool, img.Ref, managed.tool)
		}
		site, siteHow = imageSitePackages(img), "pip installs "+managed.tool+" into the image's own Python, where the container's "+managed.tool+" runs"
		if !slices.ContainsFunc(pipArguments(installs), func(r requirement) bool { return r.name == managed.tool }) {
			siteHow = "the image's own Python, which " + managed.tool + "'s virtualenv links to (" + managed.tool + " is in one of its own, carried)"
		}
	}
	if distro && ownVenv == nil {
		if userInstalls > 0 {
			return nil, rewrite.Skipf(first.Line(), "pip install --user, or as a USER other than root, with the Python %s's packages install: not handled", img.Repo)
		}
		// Debian's Python: pip installs as root into
		// /usr/local/lib/pythonX.Y/dist-packages, whichever X.Y the
		// release has (or Python 2's).
		site, siteHow = distroSitePrefix, "pip installs as root into /usr/local/lib/python<version>/dist-packages, where "+img.Repo+"'s Python looks for the packages of the machine's own"
		p.Notef(st.From.Line(), "Python from %s's packages: the runtime stage installs it again from the same release, and what pip installed into it is copied", img.Repo)
	}
	userBase := ""
	if userInstalls > 0 {
		if userInstalls != len(installs) || ownVenv != nil || len(poetry) > 0 {
			return nil, rewrite.Skipf(first.Line(), "some pip installs use --user and others do not: the packages would be in two places; not handled")
		}
		var err error
		if userBase, err = pipUserBase(st, installs); err != nil {
			return nil, err
		}
	}
	app, err := appFolder(st)
	if err != nil && st.Final.Workdir != "/" {
		return nil, err
	}
	if site == "" && userBase == "" && ownVenv == nil {
		for i, in := range st.Body {
			if u := nonRootUser(st.Before[i].User); in == first && u != "" {
				return nil, rewrite.Skipf(first.Line(), "pip install runs as USER %s: pip installs into that user's home (or fails), and the virtualenv msrewrite would make before it needs root; not handled", u)
			}
		}
		// Where the container runs the image's own Python, the packages
		// stay in it, as uv pip install --system leaves them (Poetry makes
		// a virtualenv of its own unless it finds one active).
		sitePackages := imageSitePackages(img)
		if line, what, interp := systemPython(st, p.Options.Context, first, venv); what != "" {
			if !under(interp, "/usr/local/bin") {
				return nil, rewrite.Skipf(line, "%s, by its path: another Python than the one %s has in /usr/local/bin, which pip installs into; not handled", what, img.Ref)
			}
			if sitePackages == "" || len(poetry) > 0 {
				return nil, rewrite.Skipf(line, "%s, the image's own Python by its path: it sees the packages pip installs into it, and would see none of those in the virtualenv msrewrite adds (run python or pip by name)%s", what, untoldSite(img))
			}
			site, siteHow = sitePackages, "pip installs into the image's own Python, which the container runs"
			p.Notef(line, "%s, the image's own Python by its path: no virtualenv is added, and the packages pip installs into that Python are copied", what)
		} else if line, what := resetsPath(st, p.Options.Context); what != "" {
			if sitePackages == "" || len(poetry) > 0 {
				return nil, rewrite.Skipf(line, "%s, which starts commands with an environment of its own, without the image's ENV PATH: their python is the image's own, which would see none of the packages in the virtualenv msrewrite adds%s", what, untoldSite(img))
			}
			site, siteHow = sitePackages, "pip installs into the image's own Python, which the container's commands run without its ENV PATH"
			p.Notef(line, "%s, which starts commands without the image's ENV PATH: no virtualenv is added, and the packages pip installs into the image's own Python are copied", what)
		}
	}
	// With no WORKDIR, the application is what the COPYs put in /: the
	// run-time files are carried as any build's are (carry.go), and no
	// folder is the application's.
	b := &rewrite.Build{BuildOnly: pythonBuildOnly.Has, BuildOutputs: []string{"dir:__pycache__"}, MimeTypes: pythonMimeTypes}
	for _, tc := range installs {
		if !slices.Contains(b.Steps, tc.In) {
			b.Steps = append(b.Steps, tc.In) // one for a RUN of two installs
		}
	}
	if site != "" {
		// uv pip install --system skips every virtualenv, and the image's
		// own Python named by its path would see none: no virtualenv is
		// added, and the packages are where the original has them, with
		// their console scripts beside the image's python in /usr/local/bin.
		b.Artifacts = imageSite(img, site, app, first.Line(), siteHow)
		if managed.dir != "" && !under(managed.dir, app) {
			b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: managed.dir, Dir: true, Line: managed.call.In.Line(),
				How: "where " + managed.tool + " keeps the project's virtualenv, which " + managed.tool + " run finds by the project's path"})
		}
	} else if userBase != "" {
		// pip install --user: the user's site-packages and scripts, which
		// the same Python finds in the runtime stage by the same HOME.
		b.Artifacts = []rewrite.Artifact{
			{Path: userBase, Dir: true, Line: first.Line(), How: "pip install --user installs into the user's base folder"},
			{Path: app, Dir: true, Line: first.Line(), How: "the application folder (the final WORKDIR)"},
		}
	} else if ownVenv != nil {
		// The file's own virtualenv: every pip install must go into it.
		for _, tc := range installs {
			if installsToolOnly(tc, "uv") && tc.Index <= ownVenv.Index {
				continue // pip install uv, for the uv venv that follows
			}
			if tc.Index < ownVenv.Index || !pipInto(tc, ownDir) {
				return nil, rewrite.Skipf(tc.In.Line(), "this pip install does not install into the virtualenv %s the build makes: not handled", ownDir)
			}
		}
		b.Artifacts = []rewrite.Artifact{
			{Path: ownDir, Dir: true, Line: ownVenv.In.Line(), How: "the virtualenv the build makes, which pip installs into"},
			{Path: app, Dir: true, Line: first.Line(), How: "the application folder (the final WORKDIR)"},
		}
		if app != "" && under(ownDir, app) {
			b.Artifacts = b.Artifacts[1:] // ./.venv comes with the application folder
		}
	} else {
		// The virtualenv goes first on the ENV's PATH: an install that
		// runs with a PATH its RUN set itself may not find its pip.
		for _, tc := range installs {
			callPath, _, known := tc.Call.Getenv("PATH")
			envPath, _, _ := st.Before[tc.Index].Lookup("PATH")
			if !known || callPath != envPath {
				return nil, rewrite.Skipf(tc.In.Line(), "%s runs with a PATH its RUN sets itself, on which the virtualenv msrewrite would put first on the ENV's may not come first: not handled", tc.Call.Summary())
			}
		}
		b.PathPrefix = []string{venv + "/bin"}
		b.Artifacts = []rewrite.Artifact{
			{Path: venv, Dir: true, Line: first.Line(), How: "the virtualenv pip installs into (added before the first pip install)"},
			{Path: app, Dir: true, Line: first.Line(), How: "the application folder (the final WORKDIR)"},
		}
		nl := st.Doc.Newline
		env := `PATH="` + venv + `/bin:$PATH"`
		if len(poetry) > 0 {
			env += " VIRTUAL_ENV=" + venv
		}
		b.Edits = append(b.Edits, dockerfile.Insert(st.Doc.Offset(first.CommentStart),
			st.Doc.Keyword("RUN")+" python3 -m venv "+venv+nl+st.Doc.Keyword("ENV")+" "+env+nl))
		if runsPoetry {
			b.RuntimeEnv = append(b.RuntimeEnv, rewrite.RuntimeEnv{Name: "VIRTUAL_ENV", Value: venv,
				Why: "the container runs poetry, which runs the program in the active virtualenv: the one the packages are in"})
		}
		p.Notef(first.Line(), "a virtualenv in %s is made before the first pip install, so the packages can be copied alone", venv)
	}
	// No WORKDIR: no folder is the application's.
	b.Artifacts = slices.DeleteFunc(b.Artifacts, func(a rewrite.Artifact) bool { return a.Path == "" })
	packages := "the virtualenv's interpreter and compiled wheels"
	switch {
	case managed.dir != "":
		packages = "the packages in " + site + " and in " + managed.tool + "'s virtualenv, whose links point to the image's Python, and their compiled wheels"
	case site != "":
		packages = "the packages in " + site + " and their compiled wheels"
	case userBase != "":
		packages = "the packages in " + userBase + " and their compiled wheels"
	}
	return pythonRuntime(b, st, p, installs, packages)
}

// pythonRuntime gives a Python build its runtime, the slim image of the
// builder's Python unless the user chose one (what names what needs the
// same Python and libc, for the reason), and the libraries and programs
// that the packages the installs bring need there.
func pythonRuntime(b *rewrite.Build, st *rewrite.Stage, p *rewrite.Pass, installs []rewrite.ToolCall, what string) (*rewrite.Build, error) {
	img := st.BaseImage
	user := userRuntime(b, p)
	switch {
	case user:
	case distroImage(img):
		b.Runtime = rewrite.GlibcRuntime(img)
		b.Why = "the builder's distribution and release, whose Python the runtime stage installs again: " + what + " need the same Python and libc"
	default:
		b.Runtime = slimRuntime(img)
		b.Why = "the slim image of the same Python version and distribution: " + what + " need the same Python and libc"
	}
	if err := pythonNeeds(b, st, p, installs); err != nil {
		return nil, err
	}
	if !user {
		namesBeforeT64(p, img, b.Libraries, releasesUnsure(img))
		if err := sameOnEvery(st, img, tableLibraries(b.Libraries), releasesUnsure(img)...); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// packageNeed is what a package of a language's registry (PyPI, npm)
// needs of the runtime image: a program it runs, the development package
// whose library it loads, or why msrewrite cannot provide what it needs.
type packageNeed struct {
	dev, refuse string
	// program is one the package runs, which the runtime stage must have
	// where the builder had it.
	program string
	// imageLibs says the refusal comes from the full image's libraries
	// only: built on a slim or alpine image, the package links what the
	// build installs, which the runtime stage gets as any install.
	imageLibs bool
	// fonts says the package draws text with the system's fonts.
	fonts bool
}

// pythonPackageNeeds are PyPI packages that pip builds from source (no
// Linux wheel on PyPI) against a library the python image carries, or
// that load one at run time, with the development package that brings
// it, or that run a program; refuse says why msrewrite cannot install
// what one needs.
var pythonPackageNeeds = map[string]packageNeed{
	"psycopg2":     {dev: "libpq-dev"},
	"psycopg":      {dev: "libpq-dev"}, // psycopg 3 without [binary] loads libpq
	"mysqlclient":  {dev: "default-libmysqlclient-dev"},
	"pycurl":       {dev: "libcurl4-openssl-dev"}, // older releases: no wheel, built against the image's libcurl
	"mysql-python": {dev: "default-libmysqlclient-dev"},
	// MariaDB's connector has Linux wheels for no release: it builds with
	// mariadb_config, which the python image has through
	// default-libmysqlclient-dev (libmariadb-dev), and links libmariadb.
	"mariadb":      {dev: "default-libmysqlclient-dev"},
	"python-magic": {dev: "libmagic-dev"},      // loads libmagic with ctypes; the python image has it, slim not
	"wand":         {dev: "libmagickwand-dev"}, // loads ImageMagick's MagickWand with ctypes; buildpack-deps has it, slim not
	"python-ldap":  {refuse: "links OpenLDAP's and Cyrus SASL's libraries"},
	"weasyprint":   {refuse: "loads Pango, HarfBuzz and their libraries through cffi"},
	"cairosvg":     {refuse: "loads Cairo through cffi"},
	"uwsgi":        {refuse: "links the libraries the builder had (libxml2, PCRE, OpenSSL, ...)"},
	"pyodbc":       {refuse: "loads unixODBC and a database's ODBC driver"},
	"pygobject":    {refuse: "loads GLib, GObject and their typelibs"},
	"gitpython":    {program: "git"},    // runs git, and fails to import without it
	"python-gnupg": {program: "gpg"},    // runs gpg for every operation; the python image has it, slim not
	"gnupg":        {program: "gpg"},    // the same wrapper's fork, which runs gpg too
	"ansible":      {program: "ssh"},    // connects to hosts through OpenSSH's ssh by default
	"ansible-core": {program: "ssh"},    // the same, for the engine alone
	"pycrypto":     {dev: "libgmp-dev"}, // no wheels; its _fastmath links GMP when the image has it, as the python image does

	// No Linux wheels: built against the Kerberos of buildpack-deps
	// (libkrb5-dev), whose libraries slim lacks.
	"gssapi":     {refuse: "builds against the image's Kerberos libraries (libkrb5-dev)", imageLibs: true},
	"pykerberos": {refuse: "builds against the image's Kerberos libraries (libkrb5-dev)", imageLibs: true},
	"kerberos":   {refuse: "builds against the image's Kerberos libraries (libkrb5-dev)", imageLibs: true},

	// dlib has no Linux wheels: its CMake build links what the image
	// offers (libjpeg, libpng, libwebp, X11 through ImageMagick's
	// headers), which cannot be told from here.
	"dlib":             {refuse: "builds from source with CMake against the image's libraries (libjpeg, libpng, X11, ...), which ones cannot be told", imageLibs: true},
	"face-recognition": {refuse: "depends on dlib, which builds from source with CMake against the image's libraries (libjpeg, libpng, X11, ...), which ones cannot be told", imageLibs: true},

	// OpenCV's manylinux wheels leave GLib out, as PEP 513 allows: the
	// python image has it (buildpack-deps' libglib2.0-dev), slim not
	// (opencv/opencv-python#203). The last ones depend on OpenCV.
	"opencv-python":                  {dev: "libglib2.0-dev"},
	"opencv-python-headless":         {dev: "libglib2.0-dev"},
	"opencv-contrib-python":          {dev: "libglib2.0-dev"},
	"opencv-contrib-python-headless": {dev: "libglib2.0-dev"},
	"ultralytics":                    {dev: "libglib2.0-dev"},
	"easyocr":                        {dev: "libglib2.0-dev"},
	"albumentations":                 {dev: "libglib2.0-dev"},
	"mediapipe":                      {dev: "libglib2.0-dev"},

	// Packages that depend on one above, named in requirements files
	// without it: unstructured detects file types with python-magic
	// (libmagic), DVC's Git backend is GitPython (git); the others bring
	// WeasyPrint, cairocffi's cairo (which the python image has through
	// ImageMagick) or gssapi.
	"unstructured":      {dev: "libmagic-dev"},
	"dvc":               {program: "git"},
	"django-weasyprint": {refuse: "depends on WeasyPrint, which loads Pango, HarfBuzz and their libraries through cffi"},
	"flask-weasyprint":  {refuse: "depends on WeasyPrint, which loads Pango, HarfBuzz and their libraries through cffi"},
	"cairocffi":         {refuse: "loads Cairo through cffi"},
	"requests-kerberos": {refuse: "depends on gssapi or pykerberos, which build against the image's Kerberos libraries (libkrb5-dev)", imageLibs: true},
	"requests-gssapi":   {refuse: "depends on gssapi, which builds against the image's Kerberos libraries (libkrb5-dev)", imageLibs: true},

	// pycairo has no Linux wheels: pip builds it against the python
	// image's Cairo (buildpack-deps' libmagickwand-dev brings
	// libcairo2-dev through librsvg2-dev), and slim has no libcairo.
	// rlPyCairo, svglib (1.6 on) and xhtml2pdf (0.2.13 on) bring it.
	"pycairo":   {dev: "libcairo2-dev"},
	"rlpycairo": {dev: "libcairo2-dev"},
	"svglib":    {dev: "libcairo2-dev"},
	"xhtml2pdf": {dev: "libcairo2-dev"},
}

// distroPythonDev tells whether a package is the distribution's own
// Python headers (python3-dev, python3.11-dev, libpython3-dev, alpine's
// python3-dev), which builds in the python image install out of habit.
func distroPythonDev(pkg string) bool {
	name, ok := strings.CutSuffix(strings.TrimPrefix(pkg, "lib"), "-dev")
	if !ok {
		return false
	}
	name = strings.TrimSuffix(name, "-all")
	rest, ok := strings.CutPrefix(name, "python")
	return ok && strings.Trim(rest, "0123456789.") == ""
}

// distroSitePrefix is where pip installs as root with the Python of
// Debian's and Ubuntu's packages: Debian's python3.X looks in
// /usr/local/lib/python3.X/dist-packages for the machine's own packages
// (Python 2's in python2.7), so the folder holds them whichever Python
// the release has.
const distroSitePrefix = "/usr/local/lib"

// distroPython tells whether the stage builds with the Python of its
// image's distribution: the official debian or ubuntu image, with
// python3 or its pip installed from the distribution's packages.
func distroPython(st *rewrite.Stage) bool {
	if !st.BaseKnown || !distroImage(st.BaseImage) {
		return false
	}
	for _, inst := range st.Installs() {
		if slices.ContainsFunc(inst.Packages, distroPythonPackage) {
			return true
		}
	}
	return false
}

// distroPythonPackage tells whether a Debian package is a Python
// interpreter, its pip or its venv module, which depend on it: python3,
// python3.11, python2.7, python3-pip, python-pip, python-is-python3,
// python3-venv, python3-full.
func distroPythonPackage(pkg string) bool {
	if rest, ok := strings.CutPrefix(pkg, "python"); ok && strings.Trim(rest, "0123456789.") == "" {
		return true
	}
	return pkg == "python3-pip" || pkg == "python-pip" || pkg == "python-is-python3" || pkg == "python3-venv" || pkg == "python3-full"
}

// containerRunsPip tells whether what the container starts may run pip
// (or pip3): then Debian's python3-pip stays in the runtime stage.
func containerRunsPip(st *rewrite.Stage, ctx *buildctx.Context) bool {
	prog := st.Program()
	if prog == nil {
		return false
	}
	for _, c := range commandCalls(st, prog, ctx) {
		if len(c.words) == 0 || c.words[0] == "" {
			return true // a program whose name cannot be known
		}
		name := path.Base(c.words[0])
		if strings.HasPrefix(name, "pip") || strings.HasPrefix(name, "python") && slices.Contains(c.words, "pip") {
			return true
		}
	}
	return false
}

// pythonNeeds maps what the build installed and what the requirements
// and sources need (pythonPackageNeeds, programs the sources run) to the
// runtime stage.
func pythonNeeds(b *rewrite.Build, st *rewrite.Stage, p *rewrite.Pass, installs []rewrite.ToolCall) error {
	runtime := rewrite.LookupImage(b.Runtime)
	distro := distroImage(st.BaseImage)
	if distro && b.Why == chosenByUser && !rewrite.SameDistribution(st.BaseImage, runtime) {
		// The packages are in the builder's Python's dist-packages.
		return rewrite.Skipf(st.From.Line(), "Python from %s's packages runs on the same release, whose Python the packages pip installed were made for: %s, the runtime image chosen, is another", st.BaseImage.Repo, b.Runtime)
	}
	var pipLine int        // python3-pip's, when it stays in the builder
	var pipRecommends bool // and whether apt installed what it recommends
	for _, inst := range st.Installs() {
		for _, pkg := range inst.Packages {
			if slices.Contains(b.BuildPackages, pkg) {
				continue
			}
			switch {
			case distroPythonDev(pkg) && distro:
				b.BuildPackages = append(b.BuildPackages, pkg)
				p.Notef(inst.In.Line(), "%s, the Python headers pip builds against, stays in the builder: the program needs only the Python they belong to", pkg)
			case distroPythonDev(pkg):
				b.BuildPackages = append(b.BuildPackages, pkg)
				p.Notef(inst.In.Line(), "%s, the distribution's Python headers, stays in the builder: pip builds against the image's own Python (its headers in /usr/local/include), and the program runs that Python", pkg)
			case distro && pkg == "python3-pip" && !containerRunsPip(st, p.Options.Context):
				b.BuildPackages = append(b.BuildPackages, pkg)
				pipLine, pipRecommends = inst.In.Line(), inst.Recommends
			}
		}
	}
	var nodePrograms []rewrite.Exec // what may run node: the sources' programs, PyExecJS
	if ctx := p.Options.Context; ctx != nil {
		nodePrograms = pyFacts(ctx).programs
		if slices.ContainsFunc(pythonRequirements(ctx), func(r requirement) bool { return pythonNodeRunners.Has(r.name) }) {
			nodePrograms = append(slices.Clip(nodePrograms), rewrite.Exec{Name: "node"})
		}
	}
	if pkg := nodeForAssets(st, p, nodePrograms); pkg != "" {
		b.BuildPackages = append(b.BuildPackages, pkg)
	}
	libsFor := librariesFor(st, p, func(ctx *buildctx.Context) string { return pyFacts(ctx).loadsByName })
	libs, err := libsFor(runtime, "the Python program", b.BuildPackages...)
	if err != nil {
		return err
	}
	b.Libraries = libs
	if pipLine > 0 && !slices.ContainsFunc(st.Installs(), func(inst rewrite.Install) bool { return slices.Contains(inst.Packages, "python3") }) {
		// python3-pip depends on python3, which makes /usr/bin/python3;
		// python3.6 named beside it (ubuntu 18.04) is only the
		// interpreter python3 links to.
		b.Libraries = append(b.Libraries, rewrite.Library{Dev: "python3", Package: "python3", AsIs: true, Recommends: pipRecommends, Programs: []string{"python3"},
			Why: "which python3-pip, installed on line " + strconv.Itoa(pipLine) + ", brought: the Python pip installed into"})
	}
	if pipLine > 0 {
		// What python3-pip depends on besides pip: setuptools (and
		// distutils before Python 3.12) and wheel, which packages may
		// import when they run (pkg_resources); ca-certificates comes
		// with the CA bundle the runtime stage copies.
		for _, dep := range []string{"python3-setuptools", "python3-wheel"} {
			b.Libraries = append(b.Libraries, rewrite.Library{Dev: dep, Package: dep, AsIs: true,
				Why: "which python3-pip, installed on line " + strconv.Itoa(pipLine) + ", depends on: packages may import it at run time (pip, and the compilers it recommends, stay in the builder)"})
		}
	}
	bare := bareBuilder(st.BaseImage)
	if bare {
		b.Libraries = append(b.Libraries, compilerRuntimes(st, runtime)...)
	}
	more, unknown := pipSources(st, p.Options.Context, installs)
	if unknown != "" && !bare {
		return rewrite.Skipf(b.Steps[0].Line(), "%s: what pip builds from source links what it finds of the development packages of %s (psycopg2 libpq, lxml libxml2 and libxslt, ...), whose libraries the slim runtime lacks, and which ones cannot be known", unknown, st.Base)
	}
	reqs := pipArguments(installs)
	if ctx := p.Options.Context; ctx != nil {
		facts := pyFacts(ctx)
		b.Programs = slices.Clip(facts.programs) // shared by the documents of the context: appends must not write into it
		b.Libraries = append(b.Libraries, dejavuFonts(st, runtime, facts.fonts)...)
		if tk := facts.tkinter; tk != "" && !bare {
			// The slim images keep the libraries of every extension
			// module but _tkinter's.
			lib, ok := rewrite.LibraryPackage(runtime, "tk-dev")
			if !ok {
				return rewrite.Skipf(b.Steps[0].Line(), "%s, whose Tk libraries %s lacks, and msrewrite knows no package of them there", tk, runtime.Ref)
			}
			b.Libraries = append(b.Libraries, rewrite.Library{Dev: "tk-dev", Package: lib, Why: tk + ", whose _tkinter module links Tk"})
		}
		read := map[string]bool{}
		for _, r := range more {
			read[r.file] = true
		}
		for _, r := range pythonRequirements(ctx) {
			// When every install's files were read, a requirements file
			// at the root none of them reads (requirements-dev.txt) is
			// not installed.
			if unknown == "" && len(installs) > 0 && rootRequirementsFile(r.file) && !read[r.file] {
				continue
			}
			reqs = append(reqs, r)
		}
	}
	reqs = append(reqs, more...)
	seen := map[requirement]bool{} // a root requirements file pip install reads is read twice
	minor := imagePython(st.BaseImage)
	for _, req := range reqs {
		need, ok := pythonPackageNeeds[req.name]
		why, binary := req.file+" requires "+req.name, req.binary
		if fw, built := firstWheels[req.name]; built && !bare && builtFromSource(req.version, fw.from[minor]) {
			if fw.dev != "" {
				// Built from source, it loads the image's library.
				need, ok, binary = packageNeed{dev: fw.dev}, true, false
				why += req.version + ", which pip builds from source: no release it allows has wheels for the image's Python"
			} else if first := fw.from[minor]; first != "" {
				return rewrite.Skipf(b.Steps[0].Line(), "%s requires %s%s, and the first release with wheels for Python %s is %s: pip builds it from source against the %s of %s, which the slim runtime lacks", req.file, req.name, req.version, minor, first, fw.libs, st.Base)
			} else {
				return rewrite.Skipf(b.Steps[0].Line(), "%s requires %s%s, and whether a release it allows has wheels for the Python of %s is not known: pip may build it from source against the %s of the image, which the slim runtime lacks", req.file, req.name, req.version, st.Base, fw.libs)
			}
		}
		switch {
		case seen[req]:
			continue
		case ok && need.program != "":
			b.Programs = append(b.Programs, rewrite.Exec{Name: need.program, Why: why})
		case !ok || binary || bare && (need.refuse == "" || need.imageLibs):
		case need.refuse != "":
			return rewrite.Skipf(b.Steps[0].Line(), "%s requires %s, which %s", req.file, req.name, need.refuse)
		default:
			lib, ok := rewrite.LibraryPackage(runtime, need.dev)
			if !ok {
				return rewrite.Skipf(b.Steps[0].Line(), "%s requires %s, which loads the library of %s, and msrewrite knows no package of it for %s", req.file, req.name, need.dev, runtime.Ref)
			}
			b.Libraries = append(b.Libraries, rewrite.Library{Dev: need.dev, Package: lib, Why: why})
		}
		seen[req] = true
	}
	return nil
}

// pythonNodeRunners are the Python packages that run node at run time.
var pythonNodeRunners = rewrite.WordSet(`pyexecjs javascript`)

// compilerLibraries are the runtime libraries of the compilers a build on
// a slim or alpine image installs for pip's source builds: what a C++
// extension (g++), an OpenMP one (gcc's libgomp) or a Fortran one links,
// which stay behind with the compilers. Debian's slim images have
// libstdc++6 already.
var compilerLibraries = map[string][]string{
	"build-base": {"libstdc++-dev", "libgomp"}, "build-essential": {"libgomp"},
	"g++": {"libstdc++-dev"}, "clang": {"libstdc++-dev"}, "gcc": {"libgomp"},
	"gfortran": {"libgfortran"},
}

// compilerRuntimes are the libraries the runtime stage installs for what
// pip may have built with the compilers the build installed: which
// packages it built from source cannot be known, and a library too many
// costs a package, one too few an ImportError.
func compilerRuntimes(st *rewrite.Stage, runtime rewrite.Image) []rewrite.Library {
	var out []rewrite.Library
	for _, inst := range st.Installs() {
		for _, p := range inst.Packages {
			for _, dev := range compilerLibraries[p] {
				if dev == "libstdc++-dev" && runtime.Libc == rewrite.Glibc {
					continue // in every Debian image
				}
				lib, ok := rewrite.LibraryPackage(runtime, dev)
				if !ok || slices.ContainsFunc(out, func(l rewrite.Library) bool { return l.Package == lib }) {
					continue
				}
				out = append(out, rewrite.Library{Dev: dev, Package: lib,
					Why: p + ", installed on line " + strconv.Itoa(inst.In.Line()) + ", may build packages pip installs from source, which then link its runtime library"})
			}
		}
	}
	return out
}

// pipValueFlags are pip install's options that take a value.
var pipValueFlags = rewrite.WordSet(`-r --requirement -c --constraint -e --editable -i --index-url --extra-index-url
	-f --find-links --target -t --prefix --root --platform --python-version --implementation --abi --src --trusted-host
	--no-binary --only-binary`)

// pipArguments are the packages pip install calls name on their command
// line.
func pipArguments(installs []rewrite.ToolCall) []requirement {
	var out []requirement
	for _, tc := range installs {
		args := tc.Call.Args
		i := slices.Index(args, "install") + 1
		for ; i > 0 && i < len(args); i++ {
			a := args[i]
			switch {
			case pipValueFlags.Has(a):
				i++
			case strings.HasPrefix(a, "-") || strings.ContainsAny(a, "/.") && !strings.ContainsAny(a, "=<>~"):
				// an option, or a path (., ./pkg, a wheel file)
			default:
				out = append(out, parseRequirement(a, "pip install on line "+strconv.Itoa(tc.In.Line())))
			}
		}
	}
	return out
}

// parseRequirement reads a requirement specifier: its normalized name,
// and whether it asks for the [binary] extra.
func parseRequirement(spec, file string) requirement {
	if i := strings.Index(spec, " -"); i >= 0 {
		spec = spec[:i] // pillow==9.5.0 --hash=sha256:...
	}
	spec = strings.TrimSpace(strings.TrimSuffix(spec, "\\"))
	name := spec
	if end := strings.IndexAny(spec, "<>=!~;[ @"); end >= 0 {
		name = spec[:end]
	}
	name = strings.ReplaceAll(strings.ToLower(name), "_", "-")
	version := ""
	if at := strings.IndexAny(spec, "<>=!~"); at >= 0 && !strings.Contains(spec[:at], ";") {
		version, _, _ = strings.Cut(spec[at:], ";")
		version = strings.ReplaceAll(strings.TrimSpace(version), " ", "")
	}
	return requirement{name: name, file: file, binary: strings.Contains(spec, "[binary"), version: version}
}

// rootRequirementsFile tells whether a context path is one of the
// requirements*.txt files at the root that pythonRequirements reads.
func rootRequirementsFile(p string) bool {
	ok, _ := path.Match("requirements*.txt", p)
	return ok
}

// requirement is one package a requirements file or pyproject.toml names.
type requirement struct {
	name, file string
	// binary says the [binary] extra, which brings the library along.
	binary bool
	// version is the version specifier (PEP 440, "==8.4.0", "<9,>=8"),
	// "" for none.
	version string
}

// pythonRequirements reads the project at the context's root
// (projectRequirements: requirements*.txt, pyproject.toml's lists and
// Poetry tables, setup.cfg, setup.py), the packages of Pipfile, and those
// poetry.lock, uv.lock and Pipfile.lock pin (every one the install
// installs, those the dependencies bring too).
func pythonRequirements(ctx *buildctx.Context) []requirement {
	return ctx.Memo(pythonRequirementsKey{}, func() any { return readPythonRequirements(ctx) }).([]requirement)
}

// pythonRequirementsKey memoizes pythonRequirements in its context, which
// the Dockerfiles of one folder share.
type pythonRequirementsKey struct{}

func readPythonRequirements(ctx *buildctx.Context) []requirement {
	out, _ := projectRequirements(ctx, ".", nil)
	for _, f := range []string{"poetry.lock", "uv.lock", "Pipfile", "Pipfile.lock"} {
		if data, err := ctx.ReadFile(f); err == nil {
			out = append(out, requirementLines(f, data)...)
		}
	}
	return out
}

// requirementLines reads the packages a pyproject.toml, Pipfile,
// Pipfile.lock, poetry.lock or uv.lock names, by the file's name.
func requirementLines(f string, data []byte) []requirement {
	var out []requirement
	base := path.Base(f)
	if base == "Pipfile.lock" {
		// JSON: the packages of "default" and "develop", by name.
		var lock map[string]map[string]json.RawMessage
		if json.Unmarshal(data, &lock) == nil {
			for _, section := range []string{"default", "develop"} {
				for _, name := range slices.Sorted(maps.Keys(lock[section])) {
					var pin struct {
						Version string `json:"version"`
					}
					json.Unmarshal(lock[section][name], &pin) //nolint:errcheck // no version: none known
					out = append(out, parseRequirement(name+pin.Version, f))
				}
			}
		}
		return out
	}
	table := ""
	locked := -1 // the requirement of the lockfile's [[package]] being read
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			table, locked = line, -1
			continue
		}
		switch base {
		case "pyproject.toml":
			key, value, isKey := strings.Cut(line, "=")
			switch {
			case strings.HasPrefix(table, "[tool.poetry") && strings.HasSuffix(table, "dependencies]") && isKey:
				// psycopg2 = "^2.9", in [tool.poetry.dependencies] or a group's.
				if line = strings.Trim(strings.TrimSpace(key), `"'`); line == "python" {
					continue
				}
				if c := poetryConstraint(poetryVersion(value)); !strings.ContainsAny(c, "|^") {
					line += c
				}
			case strings.HasPrefix(line, `"`) || strings.HasPrefix(line, "'"):
				// "psycopg2>=2.9", inside a dependencies list.
				line = strings.Trim(line, `"',`)
			case isKey && strings.HasPrefix(strings.TrimSpace(value), "[") &&
				(table == "[project]" && strings.TrimSpace(key) == "dependencies" || table == "[project.optional-dependencies]" || table == "[dependency-groups]"):
				// dependencies = ["flask", "psycopg2>=2.9"] on one line,
				// or an optional group's, a dependency group's.
				for _, q := range pyStrings().FindAllStringSubmatch(value, -1) {
					out = append(out, parseRequirement(q[1]+q[2], f))
				}
				continue
			default:
				continue
			}
		case "Pipfile":
			// psycopg2 = "*", in [packages] or [dev-packages].
			key, _, isKey := strings.Cut(line, "=")
			if table != "[packages]" && table != "[dev-packages]" || !isKey {
				continue
			}
			line = strings.Trim(strings.TrimSpace(key), `"'`)
		case "poetry.lock", "uv.lock":
			// name = "psycopg2", the first key of each [[package]], and
			// version = "2.9.9" after it.
			if v, ok := strings.CutPrefix(line, "version = "); ok && table == "[[package]]" && locked >= 0 && out[locked].version == "" {
				out[locked].version = "==" + strings.Trim(v, `"`)
			}
			value, ok := strings.CutPrefix(line, "name = ")
			if table != "[[package]]" || !ok {
				continue
			}
			line, locked = strings.Trim(value, `"`), len(out)
		}
		if line == "" || line[0] == '#' || line[0] == '-' {
			continue
		}
		out = append(out, parseRequirement(line, f))
	}
	return out
}

// poetryVersion is the version constraint of a Poetry dependency's TOML
// value: "^8.4", or the version key of an inline table.
func poetryVersion(value string) string {
	value = strings.TrimSpace(value)
	if strings.HasPrefix(value, "{") {
		_, after, ok := strings.Cut(value, "version")
		if !ok {
			return ""
		}
		_, value, _ = strings.Cut(after, "=")
		value, _, _ = strings.Cut(strings.TrimSpace(value), ",")
		value = strings.TrimSuffix(strings.TrimSpace(value), "}")
	}
	return strings.Trim(strings.TrimSpace(value), `"'`)
}

// venvDir is the folder `python -m venv [options] DIR` makes.
func venvDir(tc rewrite.ToolCall) (string, error) {
	if err := tc.Decidable(); err != nil {
		return "", err
	}
	a := tc.Call.Args
	dir := ""
	for _, w := range a[3:] {
		switch {
		case w == "--system-site-packages":
			return "", rewrite.Skipf(tc.In.Line(), "a virtualenv with --system-site-packages needs the packages of the builder's own Python: not handled")
		case !strings.HasPrefix(w, "-"):
			if dir != "" {
				return "", rewrite.Skipf(tc.In.Line(), "python -m venv makes several virtualenvs: not handled")
			}
			dir = shell.Resolve(tc.Call.Dir, w)
		}
	}
	if dir == "" || tc.Call.Dir == "" {
		return "", rewrite.Skipf(tc.In.Line(), "cannot tell which folder python -m venv makes")
	}
	return dir, nil
}

// pipInto tells whether a pip install runs the virtualenv's own pip: by
// its path, or first on PATH.
func pipInto(tc rewrite.ToolCall, dir string) bool {
	name := tc.Call.Name()
	if path.Base(name) == "uv" {
		// uv pip installs into VIRTUAL_ENV, else a .venv it finds.
		v, set, known := tc.Call.Getenv("VIRTUAL_ENV")
		return set && known && path.Clean(v) == dir || !set && path.Join(tc.Call.Dir, ".venv") == dir
	}
	if strings.Contains(name, "/") {
		return strings.HasPrefix(name, dir+"/bin/")
	}
	pathVar, _, known := tc.Call.Getenv("PATH")
	first, _, _ := strings.Cut(pathVar, ":")
	return known && path.Clean(first) == dir+"/bin"
}

// pipUserBase is the folder pip install --user installs into:
// PYTHONUSERBASE, else ~/.local of the user the installs run as (HOME,
// or root's /root, or the home a useradd -m of the file gives a named
// user). Every install must agree, and the container must run as the
// same user, who finds the packages by the same HOME.
func pipUserBase(st *rewrite.Stage, installs []rewrite.ToolCall) (string, error) {
	base := ""
	for _, tc := range installs {
		b, _, known := tc.Call.Getenv("PYTHONUSERBASE")
		if !known {
			return "", rewrite.Skipf(tc.In.Line(), "PYTHONUSERBASE cannot be known")
		}
		if b == "" {
			if _, _, known := tc.Call.Getenv("HOME"); !known {
				return "", rewrite.Skipf(tc.In.Line(), "pip install --user: the user's home cannot be known")
			}
			user := nonRootUser(st.Before[tc.Index].User)
			home := callHome(st, tc.Index, tc.Call)
			if home == "" {
				return "", rewrite.Skipf(tc.In.Line(), "pip install as USER %s installs into that user's home (pip's --user), which cannot be told (set HOME or PYTHONUSERBASE, or make it with useradd -m)", user)
			}
			b = path.Join(home, ".local")
		}
		if base != "" && b != base {
			return "", rewrite.Skipf(tc.In.Line(), "pip install --user into %s and %s: not handled", base, b)
		}
		base = b
	}
	if nonRootUser(st.Final.User) != nonRootUser(st.Before[installs[0].Index].User) {
		if _, set, _ := st.Final.Get("PYTHONUSERBASE"); !set {
			return "", rewrite.Skipf(installs[0].In.Line(), "pip install --user as one user and the container runs as another, who does not see those packages")
		}
	}
	return base, nil
}

// userHome is the home folder of a user the file makes with useradd -m
// or adduser ("" when none of its RUNs does).
func userHome(st *rewrite.Stage, user string) string {
	for _, prog := range []string{"useradd", "adduser"} {
		calls, err := st.CallsOf(prog)
		if err != nil {
			return ""
		}
		for _, tc := range calls {
			if !makesHome(tc.Call, st.BaseImage) {
				continue
			}
			if h := homeOf(tc.Call); h != "" && path.Base(h) == user || h != "" && slices.Contains(tc.Call.Args, user) {
				return h
			}
		}
	}
	return ""
}

// callHome is the home folder a call runs with: HOME when the Dockerfile
// sets it, else the one Docker sets from the USER's /etc/passwd entry
// (/root for root; for another user, the home useradd made, root's /root
// not being theirs); "" when it cannot be told.
func callHome(st *rewrite.Stage, index int, c shell.Call) string {
	home, _, known := c.Getenv("HOME")
	user := nonRootUser(st.Before[index].User)
	switch {
	case !known:
		return ""
	case user == "" && home == "":
		return "/root"
	case user != "" && (home == "" || home == "/root"):
		return userHome(st, user)
	}
	return home
}

// poetryInstalls are the build's poetry install calls, when msrewrite can
// steer them into its virtualenv: poetry installs into the image's Python
// (virtualenvs.create false, by poetry config or POETRY_VIRTUALENVS_CREATE),
// as pip does; not with the file's own virtualenv (own). Or, with
// virtualenvs.in-project (poetry config, POETRY_VIRTUALENVS_IN_PROJECT or
// the project's poetry.toml), poetry makes the project's .venv with the
// Python it runs in, which the rewrite carries as uv sync's (inProject);
// a container that runs poetry is then refused, its poetry run would look
// for an environment by settings the runtime stage lacks. With neither
// setting, poetry makes a virtualenv of its own in virtualenvs.path
// (venvs, poetryVenvs), which poetry run finds again by the project's
// name and path: carried with poetry itself, pip's or its installer's.
// runs says the container runs poetry with the virtualenv msrewrite adds.
func poetryInstalls(st *rewrite.Stage, p *rewrite.Pass, own bool, pips []rewrite.ToolCall) (calls []rewrite.ToolCall, inProject projectVenv, venvs string, runs bool, err error) {
	calls, err = st.CallsOf("poetry", "install", "sync")
	if err != nil || len(calls) == 0 {
		return nil, inProject, "", false, err
	}
	if own {
		return nil, inProject, "", false, rewrite.Skipf(calls[0].In.Line(), "poetry install with the build's own virtualenv: where poetry installs depends on its settings; not handled")
	}
	configs, err := st.CallsOf("poetry", "config")
	if err != nil {
		return nil, inProject, "", false, err
	}
	setting := func(tc rewrite.ToolCall, key, env string) string {
		v, _, _ := tc.Call.Getenv(env)
		for _, c := range configs {
			a := c.Call.Args
			if c.Index <= tc.Index && len(a) >= 4 && a[2] == key {
				v = a[3]
			}
		}
		return v
	}
	// poetry where the runtime stage gets it: pip's, in the image's own
	// Python or the added virtualenv, or the official installer's, in a
	// virtualenv of its own (carried as what a RUN before the build wrote).
	knownPoetry := slices.ContainsFunc(pipArguments(pips), func(r requirement) bool { return r.name == "poetry" }) ||
		scriptInstalled(st, calls[0].Index, "Poetry's official installer")
	inProjectFile := poetryTomlInProject(p.Options.Context)
	var cached []rewrite.ToolCall // into a virtualenv of poetry's own, in virtualenvs.path
	for _, tc := range calls {
		create := setting(tc, "virtualenvs.create", "POETRY_VIRTUALENVS_CREATE")
		if create == "false" || create == "0" {
			continue
		}
		if in := setting(tc, "virtualenvs.in-project", "POETRY_VIRTUALENVS_IN_PROJECT"); in == "true" || in == "1" || in == "" && inProjectFile {
			inProject.calls = append(inProject.calls, tc)
			continue
		}
		if !knownPoetry {
			return nil, inProject, "", false, rewrite.Skipf(tc.In.Line(), "poetry install makes a virtualenv of its own (virtualenvs.create is not false), which poetry finds again, and the file does not install poetry with pip or its official installer: where poetry is cannot be told")
		}
		dir, err := poetryVenvs(st, p, tc, configs)
		if err != nil {
			return nil, inProject, "", false, err
		}
		if venvs != "" && dir != venvs {
			return nil, inProject, "", false, rewrite.Skipf(tc.In.Line(), "poetry install makes its virtualenv in %s, and an earlier one in %s: not handled", dir, venvs)
		}
		venvs = dir
		cached = append(cached, tc)
	}
	if n := len(inProject.calls) + len(cached); n > 0 && (n != len(calls) || len(cached) > 0 && len(inProject.calls) > 0) {
		return nil, inProject, "", false, rewrite.Skipf(calls[0].In.Line(), "some poetry installs go into the project's .venv, some into a virtualenv of poetry's own and others into the image's Python: the packages would be in two places; not handled")
	}
	if in := containerRuns(st, p.Options.Context, "poetry"); in != nil && len(cached) == 0 {
		// poetry run uses the active virtualenv whatever its settings
		// say: with the packages installed into the virtualenv msrewrite
		// adds, and poetry itself with them (a pip install of it) or in
		// its own (the installer's), the runtime stage makes that one
		// active too.
		if len(inProject.calls) > 0 || !knownPoetry {
			return nil, inProject, "", false, rewrite.Skipf(in.Line(), "%s runs poetry, which looks for the project's environment by its settings (in /root/.config/pypoetry), and the runtime stage has neither: run the program by name", strings.ToUpper(in.Name()))
		}
		runs = true
	}
	if len(inProject.calls)+len(cached) > 0 {
		// The Python poetry makes the environment with is the same check
		// for both: the project's .venv and poetry's own virtualenv.
		pv, err := poetryProjectVenv(st, p, append(inProject.calls, cached...))
		if err != nil {
			return nil, inProject, "", false, err
		}
		if len(inProject.calls) > 0 {
			inProject = pv
		}
	}
	return calls, inProject, venvs, runs, nil
}

// containerRuns finds the CMD, ENTRYPOINT or HEALTHCHECK that names a
// program among its words (in the exec form, or in a shell form's
// script), or the CMD or ENTRYPOINT whose commands run it by name in a
// script of the build context (./start.sh that runs poetry run, as the
// programs' checks read it); nil for none.
func containerRuns(st *rewrite.Stage, ctx *buildctx.Context, program string) *dockerfile.Instruction {
	for _, in := range st.Body {
		cl, ok := in.CommandLine()
		if !ok || in.Name() == "run" {
			continue
		}
		if slices.ContainsFunc(cl.CmdLine, func(w string) bool { return slices.Contains(strings.Fields(w), program) || path.Base(w) == program }) {
			return in
		}
	}
	if prog := st.Program(); prog != nil {
		for _, c := range commandCalls(st, prog, ctx) {
			if len(c.words) > 0 && path.Base(c.words[0]) == program {
				return prog.In
			}
		}
	}
	return nil
}

// pipenvInstalls are the build's pipenv install and sync calls. With
// --system (or PIPENV_SYSTEM) pipenv installs with the python first on
// PATH, which is the virtualenv msrewrite adds (venvs is ""); a container
// that runs pipenv run would then look for a virtualenv of the project's
// that is not there, and is refused. Without, pipenv makes that
// virtualenv itself, and finds it again by the project's path: venvs is
// the folder it keeps it in (pipenvVenvs), which the runtime stage
// carries at the same path, with pipenv installed into the image's own
// Python, so that the container's pipenv run finds the same environment.
func pipenvInstalls(st *rewrite.Stage, p *rewrite.Pass, own bool) (calls []rewrite.ToolCall, venvs string, err error) {
	calls, err = st.CallsOf("pipenv", "install", "sync")
	if err != nil || len(calls) == 0 {
		return nil, "", err
	}
	systems := 0
	for _, tc := range calls {
		if v, _, _ := tc.Call.Getenv("PIPENV_SYSTEM"); slices.Contains(tc.Call.Args, "--system") || v == "1" || v == "true" {
			systems++
			continue
		}
		dir, err := pipenvVenvs(st, p, tc)
		if err != nil {
			return nil, "", err
		}
		if venvs != "" && dir != venvs {
			return nil, "", rewrite.Skipf(tc.In.Line(), "pipenv %s keeps its virtualenv in %s, and an earlier one in %s: not handled", tc.Call.Args[1], dir, venvs)
		}
		venvs = dir
	}
	switch {
	case systems > 0 && venvs != "":
		return nil, "", rewrite.Skipf(calls[0].In.Line(), "some pipenv installs use --system and others pipenv's own virtualenv: the packages would be in two places; not handled")
	case own:
		return nil, "", rewrite.Skipf(calls[0].In.Line(), "pipenv %s beside the build's own virtualenv: the packages would be in two places; not handled", calls[0].Call.Args[1])
	case venvs != "":
		return calls, venvs, nil
	}
	if in := containerRuns(st, p.Options.Context, "pipenv"); in != nil {
		return nil, "", rewrite.Skipf(in.Line(), "%s runs pipenv, which looks for the project's virtualenv, and pipenv install --system made none: run the program by name", strings.ToUpper(in.Name()))
	}
	return calls, "", nil
}

// pipenvVenvs is the folder a pipenv install without --system keeps the
// project's virtualenv in: the project's .venv with PIPENV_VENV_IN_PROJECT,
// else WORKON_HOME, else virtualenvs in XDG_DATA_HOME or ~/.local/share
// (pipenv's documented places). Under WORKON_HOME the virtualenv's name
// is made of the project folder's path, the same in the runtime stage,
// so the whole folder is carried. pipenv makes it with the Python it
// finds for the Pipfile's [requires] python_version, first on PATH: the
// image's own only when the Pipfile names the image's version, or none.
func pipenvVenvs(st *rewrite.Stage, p *rewrite.Pass, tc rewrite.ToolCall) (string, error) {
	c := tc.Call
	if err := tc.Decidable(); err != nil {
		return "", err
	}
	for _, a := range c.Args[2:] {
		if a == "--python" || strings.HasPrefix(a, "--python=") || a == "--two" || a == "--three" {
			return "", rewrite.Skipf(tc.In.Line(), "pipenv %s %s makes its virtualenv with the Python it names: not handled", c.Args[1], a)
		}
	}
	env := func(name string) (string, error) {
		v, _, known := c.Getenv(name)
		if !known {
			return "", rewrite.Skipf(tc.In.Line(), "pipenv %s: %s cannot be known, and tells where pipenv keeps its virtualenv", c.Args[1], name)
		}
		return v, nil
	}
	project := c.Dir
	if pipfile, err := env("PIPENV_PIPFILE"); err != nil {
		return "", err
	} else if pipfile != "" {
		project = path.Dir(shell.Resolve(c.Dir, pipfile))
	}
	if project == "" {
		return "", rewrite.Skipf(tc.In.Line(), "pipenv %s: the folder it runs in cannot be told", c.Args[1])
	}
	if ctx := p.Options.Context; ctx != nil {
		if at, ok := contextPathAt(st, ctx, tc.Index, path.Join(project, "Pipfile")); ok {
			if data, err := ctx.ReadFile(at); err == nil {
				var pipfile struct {
					Requires struct {
						Version     string `toml:"python_version"`
						FullVersion string `toml:"python_full_version"`
					} `toml:"requires"`
				}
				_ = toml.Unmarshal(data, &pipfile)
				want := pipfile.Requires.Version
				if full := pipfile.Requires.FullVersion; full != "" {
					want = full
				}
				if minor := imagePython(st.BaseImage); want != "" && pythonMinor(want) != minor {
					return "", rewrite.Skipf(tc.In.Line(), "pipenv %s makes its virtualenv with the Python %s the Pipfile requires, and %s's own is %s: which one it finds cannot be told", c.Args[1], want, st.BaseImage.Ref, cmp.Or(minor, "not named by its tag"))
				}
			}
		}
	}
	inProject, err := env("PIPENV_VENV_IN_PROJECT")
	if err != nil {
		return "", err
	}
	if _, ok := contextPathAt(st, p.Options.Context, tc.Index, path.Join(project, ".venv")); ok && inProject == "" {
		return "", rewrite.Skipf(tc.In.Line(), "pipenv %s finds the .venv the build context put in %s, and uses it or makes another elsewhere by its version: not handled (leave .venv out with .dockerignore)", c.Args[1], project)
	}
	switch strings.ToLower(inProject) {
	case "1", "true", "yes", "on", "y":
		return path.Join(project, ".venv"), nil
	case "", "0", "false", "no", "off", "n":
	default:
		// pipenv before 2022 took any value for yes.
		return "", rewrite.Skipf(tc.In.Line(), "PIPENV_VENV_IN_PROJECT=%s: pipenv's versions read it differently (any value, or yes and no words); not handled", inProject)
	}
	return venvsFolder(st, tc, "pipenv "+c.Args[1], []venvsSetting{{"WORKON_HOME", ""}, {"XDG_DATA_HOME", "virtualenvs"}}, ".local/share/virtualenvs")
}

// managerVenvs is where a package manager keeps the virtualenvs it makes
// of its own (the first install's call), which it finds again by the
// project's path.
type managerVenvs struct {
	tool string // pipenv, poetry
	dir  string
	call rewrite.ToolCall
}

// venvsSetting is a variable that tells a package manager where to keep
// the virtualenvs it makes: the folder it names, or sub in it.
type venvsSetting struct{ name, sub string }

// venvsFolder is where a package manager keeps the virtualenvs it makes:
// by the first of its settings the call's environment sets, else in the
// home of the user it runs as (home in it).
func venvsFolder(st *rewrite.Stage, tc rewrite.ToolCall, what string, settings []venvsSetting, home string) (string, error) {
	for _, s := range settings {
		dir, _, known := tc.Call.Getenv(s.name)
		switch {
		case !known:
			return "", rewrite.Skipf(tc.In.Line(), "%s: %s cannot be known, and tells where the virtualenv goes", what, s.name)
		case dir == "":
			continue
		case !path.IsAbs(dir):
			return "", rewrite.Skipf(tc.In.Line(), "%s=%s is not a folder by its absolute path: not handled", s.name, dir)
		}
		return path.Join(dir, s.sub), nil
	}
	h := callHome(st, tc.Index, tc.Call)
	if h == "" {
		return "", rewrite.Skipf(tc.In.Line(), "%s keeps its virtualenv in the home of the user it runs as, which cannot be told (set %s)", what, settings[0].name)
	}
	return path.Join(h, home), nil
}

// poetryVenvs is the folder a poetry install keeps the virtualenv it
// makes in, virtualenvs.path: POETRY_VIRTUALENVS_PATH, else virtualenvs
// in the cache folder (POETRY_CACHE_DIR, else pypoetry in XDG_CACHE_HOME
// or ~/.cache). Its name is made of the project's name and path and the
// Python's version, the same in the runtime stage, so the whole folder
// is carried. Set by poetry config, it is in the user's config.toml,
// which the runtime stage would lack; a .venv the build context brings
// would be used instead.
func poetryVenvs(st *rewrite.Stage, p *rewrite.Pass, tc rewrite.ToolCall, configs []rewrite.ToolCall) (string, error) {
	for _, c := range configs {
		if a := c.Call.Args; c.Index <= tc.Index && len(a) >= 3 && (a[2] == "virtualenvs.path" || a[2] == "cache-dir") {
			return "", rewrite.Skipf(c.In.Line(), "poetry config %s keeps poetry's virtualenvs where only its config.toml says: not handled (set POETRY_VIRTUALENVS_PATH)", a[2])
		}
	}
	if ctx := p.Options.Context; ctx != nil {
		var conf struct {
			CacheDir    string `toml:"cache-dir"`
			Virtualenvs struct {
				Path string `toml:"path"`
			} `toml:"virtualenvs"`
		}
		if data, err := ctx.ReadFile("poetry.toml"); err == nil && (toml.Unmarshal(data, &conf) != nil || conf.CacheDir != "" || conf.Virtualenvs.Path != "") {
			return "", rewrite.Skipf(tc.In.Line(), "the project's poetry.toml sets where poetry keeps its virtualenvs (or cannot be read): not handled")
		}
	}
	if _, ok := contextPathAt(st, p.Options.Context, tc.Index, path.Join(tc.Call.Dir, ".venv")); ok {
		return "", rewrite.Skipf(tc.In.Line(), "poetry install finds the .venv the build context put in %s, and uses it: not handled (leave .venv out with .dockerignore)", tc.Call.Dir)
	}
	return venvsFolder(st, tc, "poetry "+tc.Call.Args[1], []venvsSetting{{"POETRY_VIRTUALENVS_PATH", ""}, {"POETRY_CACHE_DIR", "virtualenvs"}, {"XDG_CACHE_HOME", "pypoetry/virtualenvs"}}, ".cache/pypoetry/virtualenvs")
}

// pipNames are the names pip goes by in an image: pip and pip3, and
// pip3.12 where the tag names the version (the official images install
// the three, as does a virtualenv made with that Python).
func pipNames(img rewrite.Image) []string {
	if minor := imagePython(img); minor != "" {
		return []string{"pip", "pip3", "pip" + minor}
	}
	return []string{"pip", "pip3"}
}

// pythonNames are the names Python goes by in an image: python and
// python3, and python3.12 where the tag names the version.
func pythonNames(img rewrite.Image) []string {
	if minor := imagePython(img); minor != "" {
		return []string{"python", "python3", "python" + minor}
	}
	return []string{"python", "python3"}
}

// imagePython is the major.minor of the official python image a stage
// builds on, as its tag names it; "" for another image, or a tag that
// names none.
func imagePython(img rewrite.Image) string {
	if img.Family != "python" {
		return ""
	}
	return pythonMinor(img.Tag)
}

// imageSitePackages is the site-packages folder of the image's own
// Python, where the tag names its version; "" where it names none.
func imageSitePackages(img rewrite.Image) string {
	if minor := imagePython(img); minor != "" {
		return "/usr/local/lib/python" + minor + "/site-packages"
	}
	return ""
}

// imageSite is what a build that installs into the image's own Python
// leaves for the runtime stage: the site-packages, the console scripts
// beside the image's python in /usr/local/bin, the data files pip puts
// under the same prefix, and the application folder.
//
// A package's data files land in /usr/local/share (Jupyter's kernels,
// JupyterLab's assets, nbconvert's templates) and /usr/local/etc
// (Jupyter's server extension settings), which a virtualenv would keep
// in itself. Every python image has /usr/local/share (alpine-baselayout
// makes it, and Python's make install writes its manual there); only the
// Debian ones /usr/local/etc (base-files makes it), which COPY --from
// needs to exist.
func imageSite(img rewrite.Image, site, app string, line int, how string) []rewrite.Artifact {
	out := []rewrite.Artifact{
		{Path: site, Dir: true, Line: line, How: how},
		{Path: "/usr/local/bin", Dir: true, Line: line, How: "the console scripts of the packages installed into the image's Python"},
		{Path: "/usr/local/share", Dir: true, Line: line, How: "the data files pip installs beside the image's Python, as Jupyter's kernels and assets"},
	}
	if img.Libc == rewrite.Glibc {
		out = append(out, rewrite.Artifact{Path: "/usr/local/etc", Dir: true, Line: line, How: "the settings pip installs beside the image's Python, as those of Jupyter's server extensions"})
	}
	return append(out, rewrite.Artifact{Path: app, Dir: true, Line: line, How: "the application folder (the final WORKDIR)"})
}

// untoldSite says why the packages cannot stay in the image's own Python
// instead of a virtualenv: a tag that names no version does not tell
// where its site-packages are ("" when it does).
func untoldSite(img rewrite.Image) string {
	if imagePython(img) == "" {
		return "; nor can the packages stay in the image's Python, whose version the tag of " + img.Ref + " does not name"
	}
	return ""
}

// pythonMinor is the major.minor version a python tag names (3.12 of
// 3.12.4-slim), or "" for a tag that names none (3, latest, slim).
func pythonMinor(tag string) string {
	version, _, _ := strings.Cut(tag, "-")
	major, rest, ok := strings.Cut(version, ".")
	minor, _, _ := strings.Cut(rest, ".")
	if !ok || major == "" || minor == "" || strings.Trim(major+minor, "0123456789") != "" {
		return ""
	}
	return major + "." + minor
}

// pythonManagers are the Python package managers whose environment the
// runtime stage would lack, with where they keep it.
var pythonManagers = []struct {
	name  string
	verbs []string
	why   string
}{
	{"uv", []string{"python"}, "uv may install its own Python under /root/.local/share/uv, which the project's .venv links to"},
	{"pdm", []string{"install", "sync"}, "pdm keeps the packages in __pypackages__ or a virtualenv it chooses"},
	{"conda", []string{"install", "create", "env"}, "conda keeps the packages in its own prefix, outside the application folder"},
}

func init() {
	register(Python, rewrite.ImageFamily{Repo: "python", Describe: describePython})
}

// pythonMimeTypes is why a Python program may read /etc/mime.types:
// mimetypes reads it on first use for the types its own table lacks
// (.woff2, .md, .yaml, .xlsx), and web frameworks (Flask's send_file,
// Starlette's StaticFiles, Django's static serving) and upload clients
// type files with it.
const pythonMimeTypes = "Python's mimetypes reads /etc/mime.types for the types its own table lacks"

// describePython is what the official python images hold: Python and pip
// on PATH, LANG C.UTF-8, a Debian or alpine base.
func describePython(img *rewrite.Image) {
	if version := rewrite.LanguageImage(img, func(v string) string { return pythonReleases(v)[0] }); version != "" {
		img.Env["PYTHON_VERSION"] = version
	}
	img.Env["LANG"] = "C.UTF-8"
	img.Programs = img.Programs.With("python python3 pip pip3")
	if parts := strings.SplitN(img.Env["PYTHON_VERSION"], ".", 3); len(parts) >= 2 {
		// The versioned names the image's make altinstall writes too.
		img.Programs = img.Programs.With("python" + parts[0] + "." + parts[1] + " pip" + parts[0] + "." + parts[1])
	}
	switch {
	case img.Libc == rewrite.Glibc && !strings.Contains(img.Tag, "slim"):
		img.Programs = img.Programs.With(rewrite.BuildpackDepsFull)
		img.MimeTypes = true // buildpack-deps' scm layer (describeGolang)
	case img.Libc == rewrite.Glibc:
		// The slim images install ca-certificates, netbase and tzdata
		// for Python's run time; ca-certificates depends on openssl.
		img.Programs = img.Programs.With(rewrite.CACertificatesPrograms)
	}
}

// pythonReleases are the Debian releases a python tag that names none
// may stand for, the one it stands for now (or last did) first.
// docker-library/python moves the default of every supported version
// when Debian releases (as for golang: stretch in 2017, buster in 2019,
// bullseye in August 2021, bookworm in June 2023, trixie in August
// 2025), so a version lists each release from its first images to its
// last: a build may pull any of them, or find it in its cache.
func pythonReleases(version string) []string {
	major, rest, _ := strings.Cut(version, ".")
	minorText, _, _ := strings.Cut(rest, ".")
	minor, err := strconv.Atoi(minorText)
	switch {
	case major == "2" && minorText == "7":
		return []string{"buster", "jessie", "stretch"}
	case major != "3" || err != nil:
		return []string{"trixie", "bookworm"} // python:3, latest
	case minor <= 4:
		return []string{"jessie"}
	case minor >= 14:
		return []string{"trixie"}
	}
	return strings.Fields(pythonMinorReleases[minor-5])
}

// pythonMinorReleases are pythonReleases' table, for 3.5 to 3.13.
var pythonMinorReleases = [...]string{
	"buster jessie stretch",            // 3.5
	"bullseye jessie stretch buster",   // 3.6
	"bookworm stretch buster bullseye", // 3.7
	"bookworm buster bullseye",         // 3.8
	"trixie buster bullseye bookworm",  // 3.9
	"trixie bullseye bookworm",         // 3.10
	"trixie bullseye bookworm",         // 3.11
	"trixie bookworm",                  // 3.12
	"trixie bookworm",                  // 3.13
}

// pathResetters start commands with a PATH of their own: cron's jobs,
// and su's, sudo's and runuser's (login.defs' ENV_PATH, sudo's
// secure_path); gosu and su-exec keep the environment.
var pathResetters = rewrite.WordSet(`cron crond su sudo runuser`)

// resetsPath tells whether the container runs a program that starts
// commands without the image's environment (cron, su, sudo, env -i), by
// its command, a script of it, or a supervisord program: where, and
// what; "" for none.
func resetsPath(st *rewrite.Stage, ctx *buildctx.Context) (line int, what string) {
	prog := st.Program()
	if prog == nil {
		return 0, ""
	}
	resets := func(words []string) bool {
		name := path.Base(words[0])
		return pathResetters.Has(name) || name == "env" && slices.ContainsFunc(words[1:], func(w string) bool { return w == "-i" || w == "--ignore-environment" })
	}
	for _, c := range commandCalls(st, prog, ctx) {
		if len(c.words) > 0 && resets(c.words) {
			return prog.In.Line(), strings.ToUpper(prog.In.Name()) + " runs " + c.words[0]
		}
	}
	if cmd, words := passedCmd(st, prog); cmd != nil && resets(words) {
		return cmd.Line(), "CMD, which the ENTRYPOINT may run as a command, runs " + words[0]
	}
	return 0, ""
}

// passedCmd is the exec-form CMD, and its words, that an exec-form
// ENTRYPOINT is given: one that may run it as a command (exec "$@", tini
// --, gosu); nil for none.
func passedCmd(st *rewrite.Stage, prog *rewrite.Program) (*dockerfile.Instruction, []string) {
	if line, ok := prog.In.CommandLine(); !ok || prog.In.Name() != "entrypoint" || line.PrependShell {
		return nil, nil
	}
	var cmd *dockerfile.Instruction
	for _, in := range st.Body {
		if in.Name() == "cmd" {
			cmd = in
		}
	}
	if cmd == nil {
		return nil, nil
	}
	if c, ok := cmd.CommandLine(); ok && !c.PrependShell && len(c.CmdLine) > 0 {
		return cmd, c.CmdLine
	}
	return nil, nil
}

// systemPython finds the image's own Python or pip named by its path
// where the virtualenv msrewrite adds changes what it sees: a RUN from
// the first pip install on, the container's command (and the commands of
// its sh -c or shell form), or the #! line of a script from the build
// context it runs; what names it, and its path. "" for none.
func systemPython(st *rewrite.Stage, ctx *buildctx.Context, first *dockerfile.Instruction, venv string) (line int, what, interp string) {
	system := func(p string) bool {
		if !path.IsAbs(p) || under(p, venv) {
			return false
		}
		for _, prefix := range []string{"python", "pip"} {
			if rest, ok := strings.CutPrefix(path.Base(p), prefix); ok && strings.Trim(rest, "0123456789.") == "" {
				return true
			}
		}
		return false
	}
	// A program the container runs by its path in /usr/local/bin that
	// neither the build context nor a line of the file puts there
	// (gunicorn, uvicorn, celery): pip's console script, whose #! line
	// names the image's python. A COPY of the build context's files is
	// read for what it puts there; any other line that names the
	// program's path (a download, a link) or the folder alone (mv into
	// it, an installer's -b /usr/local/bin, a COPY --from of a folder) may
	// have put it there instead, and is left to the programs' checks.
	consoleScript := func(p string) bool {
		if path.Dir(p) != "/usr/local/bin" || system(p) {
			return false
		}
		if _, ok := contextPathAt(st, ctx, len(st.Body), p); ok {
			return false
		}
		return !slices.ContainsFunc(st.Body, func(in *dockerfile.Instruction) bool {
			if c, ok := in.Cmd.(*instructions.CopyCommand); ok && c.From == "" {
				return false // the build context's files, which contextPathAt reads
			}
			switch in.Name() {
			case "run", "copy", "add":
				return namesBinFile(in.Text(), path.Base(p))
			}
			return false
		})
	}
	for i, in := range st.Body {
		if in.Name() != "run" || in.Index < first.Index {
			continue
		}
		calls, _, _ := st.Calls(i)
		for _, c := range calls {
			if system(c.Name()) {
				return in.Line(), "this RUN runs " + c.Name(), c.Name()
			}
		}
	}
	// The first system Python a command runs: by its words, those of
	// its shell form or sh -c script, or of the build context's shell
	// scripts it runs, or through a link a RUN made; or the #! line of a
	// script it runs.
	links := stageLinks(st)
	runsSystem := func(calls []containerCall) (what, interp string) {
		for _, c := range calls {
			if len(c.words) == 0 || c.words[0] == "" {
				continue
			}
			if system(c.words[0]) {
				return c.words[0], c.words[0]
			}
			if to := linkedProgram(links, c.words[0], c.dir, finalPath(st)); system(to) {
				return c.words[0] + ", a link to " + to, to
			}
			if c.dir == "" && !path.IsAbs(c.words[0]) || !strings.Contains(c.words[0], "/") {
				continue
			}
			src, ok := contextPathAt(st, ctx, len(st.Body), shell.Resolve(c.dir, c.words[0]))
			if !ok {
				if consoleScript(c.words[0]) {
					return c.words[0] + ", a console script pip writes beside the image's python", "/usr/local/bin/python"
				}
				continue
			}
			data, err := readScript(ctx, src)
			if err != nil {
				continue
			}
			if interp, _, _ := shebang(data); system(interp) {
				return c.words[0] + ", whose #! line names " + interp, interp
			}
		}
		return "", ""
	}
	for _, in := range st.Body {
		if in.Name() != "healthcheck" {
			continue
		}
		if name, interp := runsSystem(commandCalls(st, &rewrite.Program{In: in}, ctx)); name != "" {
			return in.Line(), "HEALTHCHECK runs " + name, interp
		}
	}
	prog := st.Program()
	if prog == nil {
		return 0, "", ""
	}
	if name, interp := runsSystem(commandCalls(st, prog, ctx)); name != "" {
		return prog.In.Line(), strings.ToUpper(prog.In.Name()) + " runs " + name, interp
	}
	// CMD given to an exec-form ENTRYPOINT that may run it as a command
	// (exec "$@" after a dispatch on $1, tini --, gosu): its words.
	if cmd, words := passedCmd(st, prog); cmd != nil {
		switch {
		case system(words[0]):
			return cmd.Line(), "CMD, which the ENTRYPOINT may run as a command, runs " + words[0], words[0]
		case consoleScript(words[0]):
			return cmd.Line(), "CMD, which the ENTRYPOINT may run as a command, runs " + words[0] + ", a console script pip writes beside the image's python", "/usr/local/bin/python"
		}
	}
	return 0, "", ""
}

// stageLinks are the symbolic links the stage's RUNs make to programs,
// by their path: ln -s's (ln -s /usr/local/bin/python3 /usr/bin/py) and
// update-alternatives --install's (through /etc/alternatives).
func stageLinks(st *rewrite.Stage) map[string]string {
	links := map[string]string{}
	for i, in := range st.Body {
		if in.Name() != "run" || !st.Mentions(i, "ln", "update-alternatives") {
			continue
		}
		calls, _, _ := st.Calls(i)
		for _, c := range calls {
			switch path.Base(c.Name()) {
			case "ln":
				paths, raw, target := copyPaths(c)
				if !lnOption(c, 's', "--symbolic") || target != "" || len(paths) != 2 || slices.Contains(c.Known, false) || c.Dir == "" {
					continue
				}
				link := paths[1]
				if strings.HasSuffix(raw[1], "/") {
					link = path.Join(link, path.Base(raw[0])) // into a folder
				}
				links[link] = linkTarget(c, raw[0], paths[0], link)
			case "update-alternatives":
				if alt, why := readAlternatives(c); why == "" && alt != nil {
					for k, l := range alt.links {
						links[l] = alt.paths[k]
					}
				}
			}
		}
	}
	return links
}

// linkedProgram is what a command's program is through the stage's
// links (stageLinks): a path, or a name found as a link in a folder of
// PATH; "" when it is no link. A name of Python's or pip's own is the
// virtualenv's, first on PATH, and is not followed.
func linkedProgram(links map[string]string, name, dir, pathVar string) string {
	if base := path.Base(name); !strings.Contains(name, "/") && (strings.HasPrefix(base, "python") || strings.HasPrefix(base, "pip")) {
		return ""
	}
	isLink := func(p string) bool { _, ok := links[p]; return ok }
	p := rewrite.LookPath(name, dir, pathVar, isLink)
	if !isLink(p) {
		return ""
	}
	for range 8 { // a link to a link, not a loop
		to, ok := links[p]
		if !ok {
			break
		}
		p = to
	}
	return p
}

// namesBinFile tells whether a line's text names /usr/local/bin/name, or
// /usr/local/bin itself as a folder something is put in.
func namesBinFile(text, name string) bool {
	const bin = "/usr/local/bin"
	for rest := text; ; {
		i := strings.Index(rest, bin)
		if i < 0 {
			return false
		}
		rest = rest[i+len(bin):]
		after, ok := strings.CutPrefix(rest, "/")
		if !ok {
			return true // the folder itself (or /usr/local/binaries)
		}
		end := strings.IndexFunc(after, func(r rune) bool { return strings.ContainsRune(" \t\n\"';&|)>", r) })
		if end < 0 {
			end = len(after)
		}
		if word := after[:end]; word == "" || word == name {
			return true
		}
	}
}
