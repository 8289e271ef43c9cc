package rewrite

import (
	"strconv"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// Install is one package-manager install in the builder stage.
type Install struct {
	In       *dockerfile.Instruction
	Manager  string // apt-get, apt, apk
	Packages []string
}

// Installs lists what the stage installs with apt-get, apt or apk; a
// package whose name cannot be evaluated is listed as "?".
func (st *Stage) Installs() []Install {
	var out []Install
	for i, in := range st.Body {
		if in.Name() != "run" || !st.Mentions(i, "apt", "apk") {
			continue
		}
		calls, _, _ := st.Calls(i)
		for _, c := range calls {
			if pkgs, ok := InstalledBy(c); ok {
				out = append(out, Install{In: in, Manager: c.Name(), Packages: pkgs})
			}
		}
	}
	return out
}

// InstalledBy reads a command as an apt-get, apt or apk install and
// returns the packages it installs ("?" for a name that cannot be
// evaluated); ok is false for any other command.
func InstalledBy(c shell.Call) (pkgs []string, ok bool) {
	if m := c.Name(); m != "apt-get" && m != "apt" && m != "apk" {
		return nil, false
	}
	verb := false
	for j := 1; j < len(c.Args); j++ {
		a := c.Args[j]
		switch {
		case !c.Known[j]:
			if verb {
				pkgs = append(pkgs, "?")
			}
		case !verb:
			verb = a == "install" || a == "add"
		case !strings.HasPrefix(a, "-"):
			pkgs = append(pkgs, a)
		}
	}
	return pkgs, verb
}

// buildTools are packages that only build: compilers, build systems,
// fetchers. A binary never needs them at run time.
var buildTools = WordSet(`build-essential build-base gcc g++ cpp cc c++ clang llvm lld make cmake ninja-build
	ninja meson pkg-config pkgconf autoconf automake libtool git curl wget ca-certificates musl-tools
	musl-dev binutils file patch unzip xz-utils gnupg bison flex gettext libc6-dev libc-dev linux-headers
	protobuf-compiler golang rustc cargo upx upx-ucl`)

// IsBuildTool tells whether a package only builds (gcc-12 counts as gcc).
func IsBuildTool(pkg string) bool {
	pkg, _, _ = strings.Cut(pkg, "=") // apt's name=version
	if buildTools.Has(pkg) {
		return true
	}
	for _, p := range []string{"gcc-", "g++-", "clang-", "llvm-", "lld-", "cpp-"} {
		if strings.HasPrefix(pkg, p) {
			return true
		}
	}
	return false
}

// RuntimeLibraries lists installed packages that a dynamically linked
// binary may need at run time: anything that is not a build tool. The
// runtime image would not have them.
func (st *Stage) RuntimeLibraries() (pkgs []string, line int) {
	for _, inst := range st.Installs() {
		for _, p := range inst.Packages {
			if !IsBuildTool(p) {
				if line == 0 {
					line = inst.In.Line()
				}
				pkgs = append(pkgs, p)
			}
		}
	}
	return pkgs, line
}

// NoRuntimeLibraries refuses a build that installs libraries (anything but
// build tools) when what it makes (what: "the binary", "native modules")
// may load them at run time: the runtime image would not have them.
func (st *Stage) NoRuntimeLibraries(what string) error {
	if pkgs, line := st.RuntimeLibraries(); len(pkgs) > 0 {
		return Skipf(line, "the build installs %s: %s may need its libraries at run time", strings.Join(pkgs, ", "), what)
	}
	return nil
}

// Library is a shared library a binary built in the stage loads at run
// time: the development package it was linked against, and the package
// that installs the library on the runtime image.
type Library struct {
	Dev, Package string
	// Why says where the need comes from (the line that installs Dev, a
	// crate of Cargo.lock, ...).
	Why string
}

// LibrariesFor maps the packages the stage installs besides build tools
// to the libraries a binary built there loads on the runtime image img
// (what: "the binary", "the cgo binary"). A package msrewrite cannot map
// refuses the rewrite: the runtime would lack what it brings.
func (st *Stage) LibrariesFor(img Image, what string) ([]Library, error) {
	var libs []Library
	for _, inst := range st.Installs() {
		for _, p := range inst.Packages {
			if IsBuildTool(p) {
				continue
			}
			pkg, ok := LibraryPackage(img, p)
			if blocked := InstallBlocked(img); ok && blocked != "" {
				return nil, Skipf(inst.In.Line(), "the build installs %s: %s needs its library %s at run time, and %s", p, what, pkg, blocked)
			}
			if !ok {
				return nil, Skipf(inst.In.Line(), "the build installs %s: %s may need its libraries at run time, and msrewrite knows no package of them for %s", p, what, img.Ref)
			}
			libs = append(libs, Library{Dev: p, Package: pkg, Why: "installed on line " + strconv.Itoa(inst.In.Line())})
		}
	}
	return libs, nil
}
