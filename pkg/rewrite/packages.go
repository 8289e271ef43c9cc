package rewrite

import (
	"slices"
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
// package whose name cannot be evaluated is listed as "?". Packages the
// same RUN removes again (apk del of a --virtual group, apt-get purge)
// are not listed: they are not in the image. Read once per stage: the
// detectors, the programs' checks and the RUNs' writes all ask.
func (st *Stage) Installs() []Install {
	if st.installs == nil {
		st.installs = st.readInstalls()
	}
	return *st.installs
}

func (st *Stage) readInstalls() *[]Install {
	out := []Install{}
	for i, in := range st.Body {
		if in.Name() != "run" || !st.Mentions(i, "apt", "apk") {
			continue
		}
		calls, _, _ := st.Calls(i)
		first := len(out)
		groups := map[string][]string{} // apk --virtual NAME: its packages
		for _, c := range calls {
			verb, pkgs, group, ok := packageCommand(c)
			switch {
			case !ok:
			case verb == "install" || verb == "add":
				out = append(out, Install{In: in, Manager: c.Name(), Packages: pkgs})
				if group != "" {
					groups[group] = pkgs
				}
			case verb == "del" || verb == "remove" || verb == "purge":
				for _, gone := range pkgs {
					if gone == "?" {
						continue // what it removes cannot be known: count it installed
					}
					drop := append([]string{gone}, groups[gone]...)
					for k := first; k < len(out); k++ {
						out[k].Packages = slices.DeleteFunc(out[k].Packages, func(p string) bool { return slices.Contains(drop, p) })
					}
				}
			}
		}
	}
	return &out
}

// InstalledBy reads a command as an apt-get, apt or apk install and
// returns the packages it installs ("?" for a name that cannot be
// evaluated); ok is false for any other command.
func InstalledBy(c shell.Call) (pkgs []string, ok bool) {
	verb, pkgs, _, ok := packageCommand(c)
	if verb != "install" && verb != "add" {
		return nil, false
	}
	return pkgs, ok
}

// packageVerbs are the verbs of package-manager commands the stage's
// reading follows: what installs, and what removes.
var packageVerbs = WordSet(`install add del remove purge`)

// packageCommand reads an apt-get, apt or apk command: its verb (the
// first word that is one of packageVerbs; "" for none, as in apt-get
// update), the package words after it ("?" for one that cannot be
// evaluated), and the name an apk --virtual (-t) option gives them as a
// group; ok is false for any other command.
func packageCommand(c shell.Call) (verb string, pkgs []string, group string, ok bool) {
	if m := c.Name(); m != "apt-get" && m != "apt" && m != "apk" {
		return "", nil, "", false
	}
	for j := 1; j < len(c.Args); j++ {
		a := c.Args[j]
		switch {
		case !c.Known[j]:
			if verb != "" {
				pkgs = append(pkgs, "?")
			}
		case verb == "":
			if packageVerbs.Has(a) {
				verb = a
			}
		case c.Name() == "apk" && (a == "--virtual" || a == "-t") && j+1 < len(c.Args):
			group = c.Args[j+1]
			j++
		case strings.HasPrefix(a, "--virtual="):
			group = strings.TrimPrefix(a, "--virtual=")
		case !strings.HasPrefix(a, "-"):
			pkgs = append(pkgs, a)
		}
	}
	return verb, pkgs, group, true
}

// buildTools are packages that only build: compilers, build systems,
// fetchers. A binary never needs them at run time.
var buildTools = WordSet(`build-essential build-base gcc g++ cpp cc c++ clang llvm lld make cmake ninja-build
	ninja meson pkg-config pkgconf autoconf automake libtool git curl wget ca-certificates musl-tools
	musl-dev binutils file patch unzip xz-utils gnupg bison flex gettext libc6-dev libc-dev linux-headers
	protobuf-compiler go golang rustc cargo upx upx-ucl`)

// IsBuildTool tells whether a package only builds (gcc-12 counts as gcc;
// Debian's golang-* are Go toolchains, golang-go and golang-1.22-go, and
// Go libraries' sources, golang-github-...-dev).
func IsBuildTool(pkg string) bool {
	pkg, _, _ = strings.Cut(pkg, "=") // apt's name=version
	if buildTools.Has(pkg) {
		return true
	}
	for _, p := range []string{"gcc-", "g++-", "clang-", "llvm-", "lld-", "cpp-", "golang-"} {
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

// Library is a shared library a binary built in the stage loads at run
// time: the development package it was linked against, and the package
// that installs the library on the runtime image.
type Library struct {
	Dev, Package string
	// Why says where the need comes from (the line that installs Dev, a
	// crate of Cargo.lock, ...).
	Why string
	// AsIs says the runtime installs Dev itself: a package msrewrite
	// cannot map, on the builder's distribution and release.
	AsIs bool
}

// LibrariesFor maps the packages the stage installs besides build tools
// to the packages the runtime image img installs (what: "the binary",
// "the cgo binary"): a development package's library (the table), or,
// when img has the builder's package manager and release, the package
// again as it is (ffmpeg, tzdata, libxml2-dev). Anything else refuses
// the rewrite: the runtime would lack what the package brings.
func (st *Stage) LibrariesFor(img Image, what string) ([]Library, error) {
	var libs []Library
	blocked := InstallBlocked(img)
	for _, inst := range st.Installs() {
		for _, p := range inst.Packages {
			if IsBuildTool(p) {
				continue
			}
			line := "installed on line " + strconv.Itoa(inst.In.Line())
			pkg, ok := LibraryPackage(img, p)
			asIs := false
			if !ok && p != "?" && SameDistribution(st.BaseImage, img) {
				pkg, ok, asIs = p, true, true
			}
			if ok && blocked != "" {
				return nil, Skipf(inst.In.Line(), "the build installs %s: %s needs %s at run time, and %s", p, what, pkg, blocked)
			}
			switch {
			case !ok && p == "?":
				return nil, Skipf(inst.In.Line(), "the build installs a package whose name cannot be known: %s may need it at run time", what)
			case !ok:
				return nil, Skipf(inst.In.Line(), "the build installs %s: %s may need it at run time, and %s cannot install it under that name", p, what, img.Ref)
			}
			libs = append(libs, Library{Dev: p, Package: pkg, Why: line, AsIs: asIs})
		}
	}
	return libs, nil
}

// SameDistribution tells whether a package of the builder's is installed
// on img by the same name: the same package manager and release (alpine
// releases keep their packages' names).
func SameDistribution(builder, img Image) bool {
	m := PackageManager(img)
	if m == "" || m != PackageManager(builder) {
		return false
	}
	return m == "apk" || builder.Release == img.Release
}
