package rewrite

import (
	"slices"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// Install is one package-manager install in the builder stage.
type Install struct {
	In       *dockerfile.Instruction
	Manager  string // apt-get, apt, apk
	Packages []string
	// Recommends says apt installed the packages' recommended packages
	// too, as it does unless told not to.
	Recommends bool
	// Source says where the packages come from when that is not the
	// image's own package sources: a target release (-t), a repository
	// (apk -X, pkg@tag), or a source an earlier line added; "" for the
	// image's own.
	Source string
	// Pins are the words of the packages installed at a version the
	// build asks for (curl=7.88.1-10+deb12u5), by package.
	Pins map[string]string
	// Written are the words, as the RUN writes them, of the packages
	// named through a variable (postgresql-client-${PG_MAJOR}), by
	// package: a --build-arg changes them.
	Written map[string]string
	// Frontend is DEBIAN_FRONTEND as apt saw it (ENV, ARG, export or the
	// command's own assignment), "" when unset or not known: the runtime
	// stage's apt-get install answers debconf's questions the same way.
	Frontend string
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
	added := "" // a package source the build adds, and where
	for i, in := range st.Body {
		var sd instructions.SourcesAndDest
		switch c := in.Cmd.(type) {
		case *instructions.CopyCommand:
			sd = c.SourcesAndDest
		case *instructions.AddCommand:
			sd = c.SourcesAndDest
		}
		if sd.DestPath != "" && (strings.Contains(sd.DestPath, "sources.list") || strings.HasPrefix(st.Before[i].Workdir, "/etc/apt")) {
			if dest := shell.Resolve(st.Before[i].Workdir, sd.DestPath); addsSource(dest, false) {
				added = "from the package source line " + strconv.Itoa(in.Line()) + " adds (" + dest + ")"
			}
		}
		if in.Name() != "run" || !st.Mentions(i, "apt", "apk") {
			continue
		}
		calls, script, _ := st.Calls(i)
		first := len(out)
		groups := map[string][]string{} // apk --virtual NAME: its packages
		for _, c := range calls {
			for _, w := range sourceWrites(c) {
				if w.Known && addsSource(w.Path, w.Append) {
					added = "from the package source line " + strconv.Itoa(in.Line()) + " adds (" + w.Path + ")"
				}
			}
			cmd, ok := packageCommand(c, sourceWords(script, c))
			switch {
			case !ok:
			case cmd.verb == "install" || cmd.verb == "add":
				source := cmd.source
				if source == "" {
					source = added
				}
				inst := Install{In: in, Manager: c.Name(), Packages: cmd.pkgs, Recommends: cmd.recommends, Source: source, Pins: cmd.pins, Written: cmd.written}
				if fe, _, known := c.Getenv("DEBIAN_FRONTEND"); known && c.Name() != "apk" && debconfFrontend(fe) {
					inst.Frontend = fe
				}
				out = append(out, inst)
				if cmd.group != "" {
					groups[cmd.group] = cmd.pkgs
				}
			case cmd.verb == "del" || cmd.verb == "remove" || cmd.verb == "purge":
				for _, gone := range cmd.pkgs {
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

// debconfFrontend tells whether a word is a frontend's name
// (noninteractive, readline, ...): a value written into a new RUN as it
// is, which anything else would not be.
func debconfFrontend(w string) bool {
	return w != "" && strings.Trim(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
}

// AptFrontend is the DEBIAN_FRONTEND the stage's first apt install that
// set one ran with, and that install's line; "" and 0 for none. A build
// that says noninteractive has debconf take its packages' default
// answers (tzdata's Etc/UTC): without it, the runtime stage's install
// would ask on a terminal the build does not have, and take empty
// answers instead (tzdata then writes "/UTC"; seen on the engine).
func (st *Stage) AptFrontend() (string, int) {
	for _, inst := range st.Installs() {
		if inst.Frontend != "" {
			return inst.Frontend, inst.In.Line()
		}
	}
	return "", 0
}

// InstalledBy reads a command as an apt-get, apt or apk install and
// returns the packages it installs ("?" for a name that cannot be
// evaluated); ok is false for any other command.
func InstalledBy(c shell.Call) (pkgs []string, ok bool) {
	cmd, ok := packageCommand(c, nil)
	if cmd.verb != "install" && cmd.verb != "add" {
		return nil, false
	}
	return cmd.pkgs, ok
}

// packageVerbs are the verbs of package-manager commands the stage's
// reading follows: what installs, and what removes.
var packageVerbs = WordSet(`install add del remove purge`)

// packageCmd is what packageCommand reads of one apt-get, apt or apk
// command.
type packageCmd struct {
	// verb is the first word that is one of packageVerbs; "" for none, as
	// in apt-get update.
	verb string
	// pkgs are the packages the words after it name ("?" for one that
	// cannot be evaluated), without the version a word may ask for;
	// pins keeps those words, by package.
	pkgs []string
	pins map[string]string
	// written keeps the words as written where they use a variable.
	written map[string]string
	// group is the name an apk --virtual (-t) option gives them.
	group string
	// recommends says apt installs the packages' recommended ones too,
	// its default: no --no-install-recommends, no
	// -o APT::Install-Recommends=false.
	recommends bool
	// source names the packages' source when an option chooses one (a
	// target release, a repository); "" for the default.
	source string
}

// packageValueOptions are the options of apt-get, apt and apk whose value
// is the next word (a configuration item, a target release, a
// repository), which is no package.
var packageValueOptions = map[string]Words{
	"apt-get": WordSet(`-o --option -c --config-file -t --target-release --default-release`),
	"apt":     WordSet(`-o --option -c --config-file -t --target-release --default-release`),
	"apk":     WordSet(`-X --repository -p --root --arch --keys-dir --cache-dir --repositories-file`),
}

// packageCommand reads an apt-get, apt or apk command; ok is false for
// any other command.
func packageCommand(c shell.Call, written []string) (cmd packageCmd, ok bool) {
	m := c.Name()
	if m != "apt-get" && m != "apt" && m != "apk" {
		return packageCmd{}, false
	}
	cmd.recommends = m != "apk"
	for j := 1; j < len(c.Args); j++ {
		a := c.Args[j]
		switch {
		case !c.Known[j]:
			if cmd.verb != "" {
				cmd.pkgs = append(cmd.pkgs, "?")
			}
		case a == "--no-install-recommends":
			cmd.recommends = false
		case m != "apk" && (a == "-o" || a == "--option") && j+1 < len(c.Args):
			j++
			if noRecommends(c.Args[j]) {
				cmd.recommends = false
			}
		case m != "apk" && (strings.HasPrefix(a, "-o") || strings.HasPrefix(a, "--option=")) && noRecommends(a):
			cmd.recommends = false
		case m == "apk" && (a == "--virtual" || a == "-t") && j+1 < len(c.Args) && cmd.verb != "":
			cmd.group = c.Args[j+1]
			j++
		case strings.HasPrefix(a, "--virtual="):
			cmd.group = strings.TrimPrefix(a, "--virtual=")
		case packageValueOptions[m].Has(a) && j+1 < len(c.Args):
			j++ // the option's value
			if a != "-o" && a != "--option" && a != "-c" && a != "--config-file" && a != "-p" && a != "--root" {
				cmd.source = "with " + a + " " + c.Args[j]
			}
		case strings.HasPrefix(a, "--target-release=") || strings.HasPrefix(a, "--default-release=") || strings.HasPrefix(a, "--repository="):
			cmd.source = "with " + a
		case m == "apk" && cmd.verb != "" && strings.Contains(a, "@") && !strings.HasPrefix(a, "-"):
			cmd.pkgs = append(cmd.pkgs, a)
			cmd.source = "from the repository " + a[strings.Index(a, "@"):] + " tags"
		case cmd.verb == "":
			if packageVerbs.Has(a) {
				cmd.verb = a
			}
		case !strings.HasPrefix(a, "-"):
			name := PackageName(a)
			if name != a {
				if cmd.pins == nil {
					cmd.pins = map[string]string{}
				}
				cmd.pins[name] = a
			}
			cmd.pkgs = append(cmd.pkgs, name)
			if written != nil && strings.Contains(written[j], "$") {
				if cmd.written == nil {
					cmd.written = map[string]string{}
				}
				cmd.written[name] = written[j]
			}
		}
	}
	return cmd, true
}

// sourceWords are a call's words as the script writes them, one for each
// of its Args, where some use a variable; nil otherwise.
func sourceWords(script *Script, c shell.Call) []string {
	if script == nil || c.Offset < 0 || c.End > len(script.Text) {
		return nil
	}
	text := script.Text[c.Offset:c.End]
	if !strings.Contains(text, "$") {
		return nil
	}
	words, ok := shell.SourceWords(text)
	if !ok || len(words) < len(c.Args) {
		return nil
	}
	return words[len(words)-len(c.Args):]
}

// PackageName is the package an install's word names: apt's name=version,
// apk's name=version, name~version and name>version (or <) ask for a
// version of the package name. (hadolint's DL3008 and DL3018 ask for
// them.)
func PackageName(word string) string {
	if i := strings.IndexAny(word, "=<>~"); i > 0 {
		return word[:i]
	}
	return word
}

// Pinned is the word that installs pkg on img as the build installed it:
// with the version the build asked for, where img has the builder's
// package manager and release (a version is a release's: another one
// may not have it); else pkg.
func (st *Stage) Pinned(img Image, pkg string) string {
	if m := PackageManager(img); m == "" || m != PackageManager(st.BaseImage) || img.Release == "" || img.Release != st.BaseImage.Release {
		return pkg
	}
	if word, _ := st.Pin(pkg); word != "" {
		return word
	}
	return pkg
}

// Written is the word, as the RUN writes it, with which the build last
// installed pkg through a variable (postgresql-client-${PG_MAJOR}), and
// that RUN, where img has the builder's package manager and release;
// "" otherwise.
func (st *Stage) Written(img Image, pkg string) (word string, in *dockerfile.Instruction) {
	if m := PackageManager(img); m == "" || m != PackageManager(st.BaseImage) || img.Release != st.BaseImage.Release {
		return "", nil
	}
	for _, inst := range st.Installs() {
		if w, ok := inst.Written[pkg]; ok {
			word, in = w, inst.In
		} else if slices.Contains(inst.Packages, pkg) {
			word, in = "", nil
		}
	}
	return word, in
}

// Pin is the word with which the build last installed pkg at a version
// it asks for, and its line; "" when it did not, or installed the
// package again later at the release's version.
func (st *Stage) Pin(pkg string) (word string, line int) {
	for _, inst := range st.Installs() {
		if w, ok := inst.Pins[pkg]; ok {
			word, line = w, inst.In.Line()
		} else if slices.Contains(inst.Packages, pkg) {
			word, line = "", 0
		}
	}
	return word, line
}

// SourcesOf is the package manager whose package sources a file lists,
// or trusts the keys of: "apk" for /etc/apk/repositories and
// /etc/apk/keys, "apt-get" for /etc/apt/sources.list, the files of
// /etc/apt/sources.list.d and the keyrings of /etc/apt/keyrings,
// /usr/share/keyrings and /etc/apt/trusted.gpg.d; "" for any other file.
func SourcesOf(p string) string {
	in := func(dir string) bool { return p == dir || strings.HasPrefix(p, dir+"/") }
	switch {
	case p == "/etc/apk/repositories" || in("/etc/apk/keys"):
		return "apk"
	case p == "/etc/apt/sources.list" || strings.HasPrefix(p, "/etc/apt/sources.list.d/"),
		in("/etc/apt/keyrings"), strings.HasPrefix(p, "/usr/share/keyrings/"), strings.HasPrefix(p, "/etc/apt/trusted.gpg.d/"):
		return "apt-get"
	}
	return ""
}

// OwnSources tells whether a file is where an image lists its own
// package sources: /etc/apk/repositories, /etc/apt/sources.list, or the
// deb822 file of Debian since bookworm and Ubuntu since noble.
func OwnSources(p string) bool {
	switch p {
	case "/etc/apk/repositories", "/etc/apt/sources.list", "/etc/apt/sources.list.d/debian.sources", "/etc/apt/sources.list.d/ubuntu.sources":
		return true
	}
	return false
}

// addsSource tells whether writing a file (appending, for append) adds a
// package source: a file of /etc/apt/sources.list.d, a line appended to
// /etc/apt/sources.list or /etc/apk/repositories. Replacing those files
// whole is how builds choose a mirror, which serves the same packages; so
// is replacing the deb822 file the images list their own sources in
// (debian.sources since bookworm, ubuntu.sources since noble).
func addsSource(p string, append bool) bool {
	return p == "/etc/apt/sources.list.d" || strings.HasPrefix(p, "/etc/apt/sources.list.d/") && (append || !OwnSources(p)) ||
		append && (p == "/etc/apt/sources.list" || p == "/etc/apk/repositories")
}

// sourceWrites are the files a command writes that may add a package
// source: its redirections, and tee's files.
func sourceWrites(c shell.Call) []shell.Write {
	if c.Name() != "tee" {
		return c.Writes
	}
	out := slices.Clone(c.Writes)
	appends := slices.Contains(c.Args, "-a") || slices.Contains(c.Args, "--append")
	for j, a := range c.Args[1:] {
		if c.Known[j+1] && !strings.HasPrefix(a, "-") && c.Dir != "" {
			out = append(out, shell.Write{Path: shell.Resolve(c.Dir, a), Known: true, Append: appends})
		}
	}
	return out
}

// noRecommends tells whether an apt -o option's value turns recommended
// packages off (APT::Install-Recommends=false, "0", "no").
func noRecommends(option string) bool {
	_, kv, _ := strings.Cut(option, "APT::")
	if kv == "" {
		_, kv, _ = strings.Cut(strings.ToLower(option), "apt::")
	}
	key, value, _ := strings.Cut(kv, "=")
	value = strings.ToLower(strings.Trim(value, `"'`))
	return strings.EqualFold(key, "Install-Recommends") && (value == "false" || value == "0" || value == "no")
}

// buildTools are packages that only build: compilers, build systems,
// fetchers, npm (which builds a front end's assets; node itself stays,
// as a program a library may run). A binary never needs them at run
// time; a program the container runs by name is checked on its own.
var buildTools = WordSet(`build-essential build-base gcc g++ cpp cc c++ clang llvm lld make cmake ninja-build
	ninja meson pkg-config pkgconf pkgconfig autoconf automake libtool git curl wget ca-certificates musl-tools
	musl-dev binutils file patch unzip xz-utils gnupg bison flex gettext libc6-dev libc-dev linux-headers gfortran
	protobuf-compiler go golang rustc cargo upx upx-ucl npm`)

// IsBuildTool tells whether a package only builds (gcc-12 counts as gcc;
// Debian's golang-* are Go toolchains, golang-go and golang-1.22-go, and
// Go libraries' sources, golang-github-...-dev).
func IsBuildTool(pkg string) bool {
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
	// Recommends says an AsIs package was installed with its recommended
	// packages (git's ca-certificates, imagemagick's ghostscript), which
	// the program may use as it uses the package: the runtime installs
	// them too.
	Recommends bool
	// Programs are programs the package brings that the checks of what
	// the container runs may not know it by (python3 of Debian's python3,
	// which python3-pip brought to the builder; java of openjdk-17-jre).
	Programs []string
}

// LibrariesFor maps the packages the stage installs besides build tools
// to the packages the runtime image img installs (what: "the binary",
// "the cgo binary"): a development package's library (the table), or,
// when img has the builder's package manager and release, the package
// again as it is (ffmpeg, tzdata, libxml2-dev). Anything else refuses
// the rewrite: the runtime would lack what the package brings. The
// packages of buildOnly are ones this build only builds with.
func (st *Stage) LibrariesFor(img Image, what string, buildOnly ...string) ([]Library, error) {
	return st.libraries(img, what, true, buildOnly)
}

// PackagesFor is LibrariesFor for a program that loads native libraries
// by name while it runs (Java's System.loadLibrary, .NET's DllImport):
// those ask for the unversioned libfoo.so, which only the development
// package ships, so every package is installed again as the build named
// it, on the same distribution and release, or the rewrite is refused.
func (st *Stage) PackagesFor(img Image, what string, buildOnly ...string) ([]Library, error) {
	return st.libraries(img, what, false, buildOnly)
}

func (st *Stage) libraries(img Image, what string, mapped bool, buildOnly []string) ([]Library, error) {
	var libs []Library
	blocked := InstallBlocked(img)
	for _, inst := range st.Installs() {
		for _, p := range inst.Packages {
			if IsBuildTool(p) || slices.Contains(buildOnly, p) {
				continue
			}
			if inst.Source != "" {
				return nil, Skipf(inst.In.Line(), "the build installs %s %s: %s may need it at run time, and %s would install it from its own package sources", p, inst.Source, what, img.Ref)
			}
			line := "installed on line " + strconv.Itoa(inst.In.Line())
			pkg, ok := "", false
			if mapped {
				pkg, ok = LibraryPackage(img, p)
			}
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
			libs = append(libs, Library{Dev: p, Package: pkg, Why: line, AsIs: asIs, Recommends: asIs && inst.Recommends})
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
