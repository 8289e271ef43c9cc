package transforms

import (
	"path"
	"slices"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
	"golang.org/x/mod/semver"
)

// scriptInstaller is an install script that Dockerfiles pipe from its
// address into an interpreter (`curl -sSL URL | python3 -`), whose
// writes its documentation and source give: what it leaves in the image
// is then known, and carried as any folder a RUN before the build fills.
// Any other script piped into a shell leaves the file alone.
type scriptInstaller struct {
	name string // for messages
	// version is the installer's version an address of it names ("" for
	// the latest); ok is false for an address not of this installer.
	version func(url string) (v string, ok bool)
	runs    []string // the interpreters it is piped into, by base name
	// writes are the folders the script fills, the files it writes and
	// the links it makes, for the call's environment and the home of
	// the user it runs as; why says what stops it ("" for nothing).
	writes func(c shell.Call, version, home string) (ws []runWrite, why string)
	// toolchain names the toolchain whose compiler the script installs
	// ("" for none): before the end of that toolchain's build, its run
	// is the build's own, as the official image's toolchain is, and
	// stays in the builder.
	toolchain string
}

// scriptInstallers are the installers msrewrite reads.
var scriptInstallers = []scriptInstaller{
	{"Poetry's official installer", func(url string) (string, bool) {
		return "", strings.TrimSuffix(url, "/") == "https://install.python-poetry.org"
	}, []string{"python", "python3"}, poetryInstallerWrites, ""},
	{"uv's installer", func(url string) (string, bool) {
		// https://astral.sh/uv/install.sh, or https://astral.sh/uv/0.9.5/install.sh
		rest, ok := strings.CutPrefix(url, "https://astral.sh/uv/")
		if !ok {
			return "", false
		}
		rest, ok = strings.CutSuffix(rest, "install.sh")
		return strings.TrimSuffix(rest, "/"), ok
	}, []string{"sh", "bash", "dash"}, uvInstallerWrites, ""},
	{"rustup's installer", func(url string) (string, bool) {
		return "", strings.TrimSuffix(url, "/") == "https://sh.rustup.rs"
	}, []string{"sh", "bash", "dash"}, rustupInstallerWrites, "rust"},
}

// rustupInstallerWrites refuses: rustup's installer puts a whole Rust
// toolchain in CARGO_HOME and RUSTUP_HOME (~/.cargo, ~/.rustup) and edits
// the shell's startup files. Before a Rust build that is the build's own
// (scriptInstaller.toolchain); for any other build, which of it the
// program needs cannot be told.
func rustupInstallerWrites(shell.Call, string, string) ([]runWrite, string) {
	return nil, "installs a Rust toolchain for a build that is not Rust's: what the program needs of it cannot be told"
}

// installsToolchain tells whether a call runs an installer of the named
// toolchain's compiler.
func installsToolchain(c shell.Call, toolchain string) bool {
	si, _, ok := installerOf(c)
	return ok && si.toolchain != "" && si.toolchain == toolchain
}

// installerOf finds the installer a call runs, and the version its
// address names: the script a curl or wget on the left of a pipe fetches
// from an installer's address, read by one of its interpreters from its
// input.
func installerOf(c shell.Call) (si scriptInstaller, version string, ok bool) {
	if len(c.Stdin) == 0 || len(c.Args) == 0 || !c.Known[0] {
		return si, "", false
	}
	if fetch := path.Base(c.Stdin[0]); fetch != "curl" && fetch != "wget" {
		return si, "", false
	}
	// The script comes from the input: no file named before it (python3
	// -, sh -s -- options, or nothing).
	if len(c.Args) > 1 && c.Args[1] != "-" && c.Args[1] != "-s" {
		return si, "", false
	}
	name := path.Base(c.Args[0])
	for _, si := range scriptInstallers {
		if !slices.ContainsFunc(si.runs, func(r string) bool { return name == r || strings.HasPrefix(name, r+".") }) {
			continue
		}
		for _, a := range c.Stdin[1:] {
			if v, ok := si.version(a); ok {
				return si, v, true
			}
		}
	}
	return scriptInstaller{}, "", false
}

// scriptInstalled tells whether a RUN before Body[index] runs the named
// installer.
func scriptInstalled(st *rewrite.Stage, index int, name string) bool {
	for i, c := range st.ReadableCalls() {
		if i >= index {
			break
		}
		if si, _, ok := installerOf(c); ok && si.name == name {
			return true
		}
	}
	return false
}

// poetryInstallerWrites are the writes of install.python-poetry.org: a
// virtualenv of poetry's own in venv of its data folder (POETRY_HOME,
// else pypoetry in XDG_DATA_HOME or ~/.local/share), with a VERSION
// file, and the poetry program linked into the bin folder (POETRY_HOME's
// bin, else that of the user base, ~/.local/bin). The virtualenv's
// python is a copy of the interpreter it runs, which loads the image's
// libpython: the runtime stage of a Python build has it.
func poetryInstallerWrites(c shell.Call, _, home string) ([]runWrite, string) {
	for _, a := range c.Args[1:] {
		switch a {
		case "--uninstall", "--git", "--path":
			return nil, "is run with " + a + ", which msrewrite does not read"
		}
	}
	env := func(name string) (string, bool) {
		v, _, known := c.Getenv(name)
		return v, known && (v == "" || path.IsAbs(v))
	}
	if v, _, _ := c.Getenv("POETRY_UNINSTALL"); v != "" {
		return nil, "is run with POETRY_UNINSTALL set, which msrewrite does not read"
	}
	poetryHome, ok1 := env("POETRY_HOME")
	data, ok2 := env("XDG_DATA_HOME")
	userBase, ok3 := env("PYTHONUSERBASE")
	if !ok1 || !ok2 || !ok3 {
		return nil, "installs where POETRY_HOME, XDG_DATA_HOME or PYTHONUSERBASE say, which cannot be known or are not absolute paths"
	}
	if poetryHome != "" {
		return []runWrite{{path: path.Clean(poetryHome), tree: true}}, ""
	}
	if home == "" && (data == "" || userBase == "") {
		return nil, "installs into the home of the user it runs as, which cannot be told"
	}
	if data == "" {
		data = path.Join(home, ".local/share")
	}
	if userBase == "" {
		userBase = path.Join(home, ".local")
	}
	dir := path.Join(data, "pypoetry")
	return []runWrite{
		{path: dir, tree: true},
		{path: path.Join(userBase, "bin/poetry"), link: path.Join(dir, "venv/bin/poetry")},
	}, ""
}

// uvInstallerWrites are the writes of uv's installer (a cargo-dist
// script): the uv and uvx programs in UV_INSTALL_DIR, else XDG_BIN_HOME,
// else the bin beside XDG_DATA_HOME, else ~/.local/bin, from uv 0.5.0
// on (before, in CARGO_HOME's bin). What it adds to the shell's
// startup files, and the env script they source, is read only by login
// and interactive shells, which the container does not start.
func uvInstallerWrites(c shell.Call, version, home string) ([]runWrite, string) {
	if version != "" && semver.Compare("v"+version, "v0.5.0") < 0 {
		return nil, "is of uv " + version + ", which installs where msrewrite does not read"
	}
	dir := ""
	for _, v := range []string{"UV_INSTALL_DIR", "XDG_BIN_HOME", "XDG_DATA_HOME"} {
		d, _, known := c.Getenv(v)
		switch {
		case !known || d != "" && !path.IsAbs(d):
			return nil, "installs where " + v + " says, which cannot be known or is not an absolute path"
		case d == "":
			continue
		case v == "XDG_DATA_HOME":
			d = path.Join(d, "../bin")
		}
		dir = path.Clean(d)
		break
	}
	if dir == "" {
		if home == "" {
			return nil, "installs into the home of the user it runs as, which cannot be told"
		}
		dir = path.Join(home, ".local/bin")
	}
	return []runWrite{{path: path.Join(dir, "uv"), file: true}, {path: path.Join(dir, "uvx"), file: true}}, ""
}
