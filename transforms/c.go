package transforms

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/buildctx"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// C detects C and C++ builds: a compiler driver linking with -o, make
// (and make install), and cmake --build, in a gcc image or a Debian,
// Ubuntu or alpine image that installs a compiler.
var C = rewrite.Toolchain{
	Name:        "c",
	Families:    []string{"gcc", "debian", "ubuntu", "alpine"},
	Tools:       nativeTools,
	BuildInputs: cBuildInputs,
	Doc:         "gcc/g++/clang -o, make, cmake --build in gcc, debian, ubuntu or alpine; runtime of the same libc and release",
	Detect:      detectC,
}

// cBuildInputs are the files only the build reads (classify.go).
var cBuildInputs = []rewrite.FileRule{
	{Name: "*.c", Why: "a C source"}, {Name: "*.h", Why: "a C header"}, {Name: "*.cc", Why: "a C++ source"}, {Name: "*.cpp", Why: "a C++ source"},
	{Name: "*.cxx", Why: "a C++ source"}, {Name: "*.c++", Why: "a C++ source"}, {Name: "*.C", Why: "a C++ source"},
	{Name: "*.hpp", Why: "a C++ header"}, {Name: "*.hh", Why: "a C++ header"}, {Name: "*.hxx", Why: "a C++ header"},
	{Name: "*.s", Why: "an assembly source"}, {Name: "*.S", Why: "an assembly source"}, {Name: "*.o", Why: "an object file"},
	{Name: "CMakeLists.txt", Why: "a build script"}, {Name: "*.cmake", Why: "a build script"}, {Name: "meson.build", Why: "a build script"},
	{Name: "configure", Why: "a build script"}, {Name: "configure.ac", Why: "a build script"}, {Name: "Makefile.am", Why: "a build script"},
	{Name: "Makefile.in", Why: "a build script"},
}

var cBuildOnly = rewrite.WordSet(`CC CXX CFLAGS CXXFLAGS CPPFLAGS LDFLAGS MAKEFLAGS PKG_CONFIG_PATH DEBIAN_FRONTEND CMAKE_BUILD_TYPE`)

// compilerInstalls are the packages that bring a C or C++ compiler.
var compilerInstalls = rewrite.WordSet(`build-essential build-base gcc g++ clang cc c++`)

// compilerDriver tells whether a command is a C or C++ compiler driver, and
// which.
func compilerDriver(name string) (ok, cxx bool) {
	base := path.Base(name)
	for _, d := range []string{"gcc", "cc", "clang", "g++", "c++", "clang++"} {
		if base == d || strings.HasPrefix(base, d+"-") {
			return true, strings.HasSuffix(d, "++")
		}
	}
	return false, false
}

// compileAtStart reads a container command that compiles the program
// and then runs it, `CMD ["sh", "-c", "g++ main.cpp -o main && ./main"]`
// (or the shell form, startCompile): the compile moves to the end of the
// builder, where the COPYs have brought the sources, and the runtime
// stage runs what it wrote, named by a path. ok is false when the command
// is not one.
func compileAtStart(st *rewrite.Stage, ctx *buildctx.Context, b *rewrite.Build, cb *cBuild) (ok bool, err error) {
	sc := startCompile(st)
	if sc == nil || !isCompilerDriver(sc.compile[0]) || !strings.Contains(sc.run[0], "/") {
		return false, nil
	}
	prog := st.Program()
	if src := sc.missingSource(st, ctx, ".c", ".cc", ".cpp", ".cxx", ".C", ".c++"); src != "" {
		return false, rewrite.Skipf(prog.In.Line(), "%s compiles %s when the container starts, and no COPY of the build context puts it in the image: it comes when the container starts (a volume), so it cannot be compiled in the builder", strings.ToUpper(prog.In.Name()), src)
	}
	cb.at = slices.Index(st.Body, prog.In)
	if err := cStep(b, cb, prog.In, commandCall(st, prog, sc.compile).Call); err != nil {
		return false, err
	}
	exe := shell.Resolve(st.Final.Workdir, sc.run[0])
	if !slices.ContainsFunc(b.Artifacts, func(a rewrite.Artifact) bool { return a.Path == exe }) {
		return false, rewrite.Skipf(prog.In.Line(), "%s compiles when the container starts and then runs %s, which is not what the compile writes", strings.ToUpper(prog.In.Name()), sc.run[0])
	}
	sc.apply(st, b)
	return true, nil
}

// isCompilerDriver tells whether a program is a C or C++ compiler driver.
func isCompilerDriver(name string) bool {
	ok, _ := compilerDriver(name)
	return ok
}

// cBuild is what the C detector learns from the build steps.
type cBuild struct {
	cxx, static, staticCxx bool
	// contextCxx says whether the build context may hold C++ sources
	// (true when there is no context to look at), for make and cmake.
	contextCxx bool
	// links are the libraries a compiler driver links with -l, as the
	// development packages that bring them.
	links []rewrite.Library
	// scripted says make or cmake builds: their scripts say what links.
	scripted bool
	// openmp says a compiler driver linked OpenMP's runtime (-fopenmp).
	openmp bool
	// shared says which cmake command line turns BUILD_SHARED_LIBS on,
	// "" for none: the libraries the scripts leave unqualified are then
	// built shared, into the build folder.
	shared string
	// at is the place in Body of the RUN being read.
	at int
	// cmakeDirs are the build folders cmake calls configured, and
	// cmakeInstalls the installs of them (make install there, cmake
	// --install): what they put in place, the project's install() rules
	// say (cmakeinstall.go).
	cmakeDirs     map[string]cmakeConfig
	cmakeInstalls []cmakeInstall
}

// cLinkedLibraries maps what -l names to the development package that
// brings the library (Debian's name; the table of libraries in
// pkg/rewrite knows alpine's too); "" for the C library's own parts and
// the C++ runtime's.
var cLinkedLibraries = map[string]string{
	"c": "", "m": "", "pthread": "", "dl": "", "rt": "", "util": "", "resolv": "", "crypt": "",
	"stdc++": "", // the C++ runtime: detectC decides it with the C++ sources
	"ssl":    "libssl-dev", "crypto": "libssl-dev", "sqlite3": "libsqlite3-dev", "pq": "libpq-dev",
	"curl": "libcurl4-openssl-dev", "z": "zlib1g-dev", "ffi": "libffi-dev", "yaml": "libyaml-dev",
	"gmp": "libgmp-dev", "sodium": "libsodium-dev", "zmq": "libzmq3-dev", "pcap": "libpcap-dev",
	"png": "libpng-dev", "png16": "libpng-dev", "jpeg": "libjpeg-dev",
	"mariadb": "default-libmysqlclient-dev", "mysqlclient": "default-libmysqlclient-dev",
	"uuid": "uuid-dev", "json-c": "libjson-c-dev", "event": "libevent-dev", "ncurses": "libncurses-dev",
	"readline": "libreadline-dev", "pcre2-8": "libpcre2-dev",
	"gdal": "libgdal-dev", "geos_c": "libgeos-dev", "proj": "libproj-dev",
	"xml2": "libxml2-dev", "fontconfig": "libfontconfig-dev", "freetype": "libfreetype6-dev", "cairo": "libcairo2-dev",
	"X11": "libx11-dev", "tiff": "libtiff-dev", "webp": "libwebp-dev", "lzma": "liblzma-dev", "bz2": "libbz2-dev",
	"xcb": "libxcb1-dev", "gssapi_krb5": "libkrb5-dev", "krb5": "libkrb5-dev", "ncursesw": "libncursesw5-dev",
	"lcms2": "liblcms2-dev",
}

// cxxSources tells whether a build context holds C++ sources; with no
// context to read (or one too large to read), it must assume so.
func cxxSources(ctx *buildctx.Context) bool {
	if ctx == nil {
		return true
	}
	return ctx.Memo(cxxSourcesKey{}, func() any { return walkCxxSources(ctx) }).(bool)
}

// cxxSourcesKey memoizes cxxSources in its context.
type cxxSourcesKey struct{}

func walkCxxSources(ctx *buildctx.Context) bool {
	found := false
	err := ctx.Walk(".", func(p string, isDir bool) error {
		switch path.Ext(p) {
		case ".cc", ".cpp", ".cxx", ".C", ".c++", ".hpp", ".hh":
			found = true
			return fs.SkipAll
		}
		return nil
	})
	return found || err != nil
}

func detectC(st *rewrite.Stage, p *rewrite.Pass) (*rewrite.Build, error) {
	img := st.BaseImage
	switch img.Family {
	case "gcc":
	case "debian", "ubuntu", "alpine":
		if !installsCompiler(st) {
			return nil, nil
		}
	default:
		return nil, nil
	}
	if err := p.OfficialImage(st, "a C build"); err != nil {
		return nil, err
	}
	read, err := makeInstallRead(st, p)
	if err != nil {
		return nil, err
	}
	noteRead(st, p, read)
	b := &rewrite.Build{BuildOnly: cBuildOnly.Has, BuildOutputs: []string{"*.o", "*.a", "*.d", "dir:CMakeFiles"}}
	cb := cBuild{contextCxx: cxxSources(p.Options.Context)}
	for i, in := range st.Body {
		if in.Name() != "run" || !st.Mentions(i, "cc", "++", "clang", "make", "ninja") {
			continue
		}
		calls, _, err := st.Calls(i)
		if err != nil {
			return nil, rewrite.Skipf(in.Line(), "cannot read the shell of this RUN: %v", err)
		}
		cb.at = i
		for _, c := range calls {
			if err := cStep(b, &cb, in, c); err != nil {
				return nil, err
			}
		}
	}
	if len(b.Steps) == 0 {
		if ok, err := compileAtStart(st, p.Options.Context, b, &cb); !ok || err != nil {
			return nil, err
		}
	}
	// `make && make install`: what make built, make install puts in place.
	installed := madeInstall(b.Unresolved)
	var outs []rewrite.Output
	for _, o := range b.Unresolved {
		if o.What != "make" || !installed {
			outs = append(outs, o)
		}
	}
	b.Unresolved = outs
	if err := cmakeInstalled(st, p, b, &cb); err != nil {
		return nil, err
	}
	cmakeBuilt(st, p, b, &cb)
	if cb.scripted && !cb.static {
		// make and cmake link what their scripts say. The gcc image has
		// the development packages of many libraries: each must be known.
		// Elsewhere the packages the build installs say it, but for
		// OpenMP, which comes with the compiler.
		scripts := readScripts(p.Options.Context)
		if img.Family == "gcc" {
			if scripts.err != nil {
				return nil, rewrite.Skipf(b.Steps[0].Line(), "%v", scripts.err)
			}
			cb.links = append(cb.links, scripts.libs...)
		}
		cb.openmp = cb.openmp || scripts.openmp
		shared := scripts.shared
		if shared == "" {
			shared = cb.shared
		}
		// Installed by make install, or by the install() rules of the
		// project's own CMake targets, a shared library is loaded from
		// where the install put it, which is read (not a -shared link in a
		// script, nor a library FetchContent builds).
		read := len(cb.cmakeInstalls) > 0 && (scripts.shared == "" || scripts.sharedTarget)
		if shared != "" && !installed && !read {
			return nil, rewrite.Skipf(b.Steps[0].Line(), "%s, which the program loads from where the build wrote it: which files of the build folder it needs cannot be told", shared)
		}
	}
	// The gcc image builds its own GCC into /usr/local: what g++ and
	// -fopenmp link is that GCC's libstdc++ and libgomp, newer than the
	// ones of the Debian release below it (a binary built by gcc:13 needs
	// symbols bookworm's libstdc++ lacks), so the runtime stage takes them
	// from the builder.
	var own []string
	switch {
	case cb.cxx && !cb.static && !cb.staticCxx && img.Family == "gcc":
		own = append(own, "libstdc++.so.6", "libgcc_s.so.1")
	case cb.cxx && !cb.static && !cb.staticCxx && img.Libc == rewrite.Musl:
		// alpine's own libstdc++ (and libgcc) is the one g++ linked.
		cb.links = append(cb.links, rewrite.Library{Dev: "libstdc++-dev", Why: "a C++ program links libstdc++"})
	}
	switch {
	case cb.openmp && !cb.static && img.Family == "gcc":
		own = append(own, "libgomp.so.1")
	case cb.openmp && !cb.static:
		cb.links = append(cb.links, rewrite.Library{Dev: "libgomp", Why: "-fopenmp links the OpenMP runtime"})
	}
	if err := compiledRuntime(b, st, p, img.Libc == rewrite.Musl, cb.static, cb.links); err != nil {
		return nil, err
	}
	b.Programs = compiledPrograms(p.Options.Context, ".c")
	if len(own) > 0 {
		b.Loader = &rewrite.LoaderLibs{Dir: gccLibDir, Files: own,
			Why: img.Ref + " links its own GCC's run-time libraries, newer than its Debian's"}
		if !rewrite.LookupImage(b.Runtime).Shell {
			return nil, rewrite.Skipf(b.Steps[0].Line(), "the program loads %s of %s's own GCC, which the runtime stage copies and registers with ldconfig: %s has no shell to run it", strings.Join(own, ", "), img.Ref, b.Runtime)
		}
	}
	return b, nil
}

// gccLibDir is where the gcc image's GCC installs its shared libraries,
// the folder its /etc/ld.so.conf.d file puts first.
const gccLibDir = "/usr/local/lib64"

func installsCompiler(st *rewrite.Stage) bool {
	for _, inst := range st.Installs() {
		for _, pkg := range inst.Packages {
			if compilerInstalls.Has(pkg) || strings.HasPrefix(pkg, "gcc-") || strings.HasPrefix(pkg, "g++-") || strings.HasPrefix(pkg, "clang-") {
				return true
			}
		}
	}
	return false
}

// compilerOpaqueOptions are the compiler driver's options whose value
// msrewrite need not know: header and library folders, macros and the
// language standard. A library folder only says where -l looks; which
// libraries link is still read from the -l options, which must be known.
var compilerOpaqueOptions = []string{"-I", "-D", "-U", "-L", "-isystem", "-iquote", "-idirafter", "-std="}

// cStep reads one command of a RUN for a build step.
func cStep(b *rewrite.Build, cb *cBuild, in *dockerfile.Instruction, c shell.Call) error {
	name := c.Name()
	isDriver, cxx := compilerDriver(name)
	isMake := path.Base(name) == "make" || path.Base(name) == "gmake"
	isCmake := path.Base(name) == "cmake"
	isNinja := path.Base(name) == "ninja"
	if !isDriver && !isMake && !isCmake && !isNinja {
		return nil
	}
	if isMake || isCmake {
		// CXXFLAGS="-O2 -fopenmp", -DCMAKE_CXX_FLAGS=-fopenmp: flags
		// handed to the compiler through a variable.
		cb.openmp = cb.openmp || slices.ContainsFunc(c.Args[1:], func(a string) bool { return strings.Contains(a, "-fopenmp") })
	}
	if isCmake && cb.shared == "" {
		cb.shared = cmakeSharedFlag(c)
	}
	if c.Conditional {
		return rewrite.Skipf(in.Line(), "%s runs only under a condition or in a loop: its output cannot be decided", name)
	}
	if c.Dir == "" {
		return rewrite.Skipf(in.Line(), "%s runs after a cd to a folder that cannot be known", name)
	}
	for i := 1; i < len(c.Args); i++ {
		// make -j"$(nproc)", cmake --build build --parallel "$(nproc)": a
		// job count, however it is written, names no target and no output.
		jobs := (isMake || isCmake || isNinja) && (strings.HasPrefix(c.Prefixes[i], "-j") || isMake && strings.HasPrefix(c.Prefixes[i], "-l") ||
			strings.HasPrefix(c.Prefixes[i], "--parallel=") ||
			(c.Args[i-1] == "-j" || c.Args[i-1] == "--jobs" || isCmake && c.Args[i-1] == "--parallel") && c.Known[i-1])
		// -I"$(pg_config --includedir)", -D VERSION="$(cat VERSION)": a
		// folder searched or a macro defined, which names no output and
		// no library.
		opaque := isDriver && (slices.ContainsFunc(compilerOpaqueOptions, func(o string) bool { return strings.HasPrefix(c.Prefixes[i], o) }) ||
			c.Known[i-1] && slices.Contains(compilerOpaqueOptions, c.Args[i-1]))
		if !c.Known[i] && !jobs && !opaque {
			return rewrite.Skipf(in.Line(), "cannot evaluate an argument of %s", name)
		}
	}
	line := in.Line()
	addStep := func() {
		if len(b.Steps) == 0 || b.Steps[len(b.Steps)-1] != in {
			b.Steps = append(b.Steps, in)
		}
	}
	// scriptedStep is a build make, cmake or ninja runs: their scripts
	// say what it links, and C++ may be among the context's sources.
	scriptedStep := func() {
		addStep()
		cb.cxx = cb.cxx || cb.contextCxx
		cb.scripted = true
	}
	switch {
	case isDriver:
		out, link := "a.out", true
		for i := 1; i < len(c.Args); i++ {
			a := c.Args[i]
			switch {
			case a == "-c" || a == "-S" || a == "-E" || a == "-M" || a == "-MM" || a == "--version" || a == "-v":
				link = false
			case a == "-o" && i+1 < len(c.Args):
				out = c.Args[i+1]
				i++
			case strings.HasPrefix(a, "-o") && len(a) > 2:
				out = a[2:]
			case a == "-static":
				cb.static = true
			case strings.HasPrefix(a, "-l"):
				lib := a[2:]
				if lib == "" && i+1 < len(c.Args) {
					lib = c.Args[i+1]
					i++
				}
				need, known := neededLibrary(cLinkedLibraries, lib, name+" links -l"+lib)
				if !known {
					return rewrite.Skipf(line, "%s links -l%s: msrewrite knows no package of that library for the runtime image", name, lib)
				}
				cb.links = append(cb.links, need...)
			case a == "-static-libstdc++":
				cb.staticCxx = true
			case a == "-fopenmp":
				cb.openmp = true
			case !strings.HasPrefix(a, "-"):
				switch path.Ext(a) {
				case ".cc", ".cpp", ".cxx", ".C", ".c++":
					cxx = true
				}
			}
		}
		if !link {
			return nil
		}
		cb.cxx = cb.cxx || cxx
		addStep()
		b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: shell.Resolve(c.Dir, out), Line: line, How: name + " links -o " + out})
	case isMake:
		dir, install, prefix := makeDir(c), false, "/usr/local"
		for i := 1; i < len(c.Args); i++ {
			a := c.Args[i]
			switch {
			case a == "-C" && i+1 < len(c.Args):
				i++
			case a == "install":
				install = true
			case strings.HasPrefix(a, "PREFIX=") || strings.HasPrefix(a, "prefix="):
				prefix = a[len("PREFIX="):]
			}
		}
		scriptedStep()
		if _, cmake := cb.cmakeDirs[dir]; install && cmake {
			// make install in a folder cmake configured: cmake_install.cmake.
			cb.cmakeInstalls = append(cb.cmakeInstalls, cmakeInstall{dir: dir, line: line, index: cb.at, what: "make install in " + dir})
		} else if install {
			b.Unresolved = append(b.Unresolved, rewrite.Output{Dir: path.Join(shell.Resolve(c.Dir, prefix), "bin"), Line: line, What: "make install"})
		} else {
			b.Unresolved = append(b.Unresolved, rewrite.Output{Dir: dir, Under: true, Line: line, What: "make"})
		}
	case isNinja:
		// Ninja runs the build.ninja a generator wrote: CMake's is read
		// through the project it configured.
		dir := makeDir(c)
		if _, ok := cb.cmakeDirs[dir]; !ok {
			return rewrite.Skipf(line, "ninja runs in %s, which no cmake call of the file configured: what its build.ninja builds and installs is not read", dir)
		}
		scriptedStep()
		if slices.Contains(c.Args[1:], "install") {
			cb.cmakeInstalls = append(cb.cmakeInstalls, cmakeInstall{dir: dir, line: line, index: cb.at, what: "ninja install in " + dir})
		} else {
			b.Unresolved = append(b.Unresolved, rewrite.Output{Dir: dir, Under: true, Line: line, What: "ninja"})
		}
	case isCmake:
		if build, cfg, ok := cmakeConfigure(c); ok {
			if cb.cmakeDirs == nil {
				cb.cmakeDirs = map[string]cmakeConfig{}
			}
			cb.cmakeDirs[build] = cfg
			return nil
		}
		if inst, ok := cmakeInstallCall(c); ok {
			inst.line, inst.index = line, cb.at
			cb.cmakeInstalls = append(cb.cmakeInstalls, inst)
			scriptedStep()
			return nil
		}
		for i := 1; i < len(c.Args)-1; i++ {
			if c.Args[i] == "--build" {
				scriptedStep()
				b.Unresolved = append(b.Unresolved, rewrite.Output{Dir: shell.Resolve(c.Dir, c.Args[i+1]), Under: true, Line: line, What: "cmake --build " + c.Args[i+1]})
			}
		}
	}
	return nil
}

func madeInstall(outs []rewrite.Output) bool {
	for _, o := range outs {
		if o.What == "make install" {
			return true
		}
	}
	return false
}

func init() {
	register(C, rewrite.ImageFamily{Repo: "gcc", Describe: func(img *rewrite.Image) {
		rewrite.LanguageImage(img, gccDefaultRelease)
		img.Programs = img.Programs.With(rewrite.BuildpackDepsFull)
	}})
}

// gccDefaultRelease is the Debian release of a gcc image by major
// version, erring newer as goDefaultRelease does.
func gccDefaultRelease(version string) string {
	major, _, _ := strings.Cut(version, ".")
	if n, err := strconv.Atoi(major); err == nil {
		switch {
		case n <= 10:
			return "bullseye"
		case n <= 13:
			return "bookworm"
		}
	}
	return "trixie"
}

// cmakePackages maps CMake's find_package names to the development
// package that brings the library ("" for none needed at run time).
var cmakePackages = map[string]string{
	"Threads": "", "OpenSSL": "libssl-dev", "SQLite3": "libsqlite3-dev", "PostgreSQL": "libpq-dev",
	"CURL": "libcurl4-openssl-dev", "ZLIB": "zlib1g-dev", "PNG": "libpng-dev", "JPEG": "libjpeg-dev",
}

// scriptLinksKey memoizes readScripts in its context.
type scriptLinksKey struct{}

type scriptLinks struct {
	libs []rewrite.Library
	// openmp says a script compiles with -fopenmp or finds OpenMP.
	openmp bool
	// shared says which script builds a shared library, "" for none;
	// sharedTarget that it is a CMake target of the project's own
	// (add_library SHARED, BUILD_SHARED_LIBS), whose install() reads.
	shared       string
	sharedTarget bool
	err          error
}

// readScripts reads the build scripts of the context (Makefiles,
// CMakeLists.txt) for the libraries they link: -l words and CMake's
// find_package and pkg_check_modules, whether they use OpenMP, and
// whether they build a shared library. One it cannot map is an error.
func readScripts(ctx *buildctx.Context) scriptLinks {
	if ctx == nil {
		return scriptLinks{err: errors.New("make and cmake link what their scripts say, and the build context that holds them cannot be seen")}
	}
	return ctx.Memo(scriptLinksKey{}, func() any {
		var out scriptLinks
		ctx.Walk(".", func(p string, isDir bool) error {
			base := path.Base(p)
			if isDir || out.err != nil {
				if isDir && p != "." && strings.HasPrefix(base, ".") {
					return fs.SkipDir
				}
				return nil
			}
			cmake := base == "CMakeLists.txt" || strings.HasSuffix(base, ".cmake")
			if !cmake && base != "Makefile" && base != "makefile" && base != "GNUmakefile" && !strings.HasSuffix(base, ".mk") {
				return nil
			}
			data, err := ctx.ReadFile(p)
			if err != nil {
				return nil
			}
			for _, w := range strings.FieldsFunc(string(data), func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '(' || r == ')' || r == '"' }) {
				out.openmp = out.openmp || w == "-fopenmp"
				if w == "-shared" && out.shared == "" {
					out.shared = p + " links a shared library (-shared)"
				}
				lib, ok := strings.CutPrefix(w, "-l")
				if !ok || lib == "" {
					continue
				}
				need, known := neededLibrary(cLinkedLibraries, lib, p+" links -l"+lib)
				if !known {
					out.err = fmt.Errorf("%s links -l%s: msrewrite knows no package of that library for the runtime image", p, lib)
				}
				out.libs = append(out.libs, need...)
			}
			if cmake {
				text := string(data)
				if out.shared == "" {
					out.shared = cmakeShared(p, text)
					out.sharedTarget = out.shared != ""
				}
				if out.shared == "" {
					out.shared = cmakeFetched(p, text)
				}
				if strings.Contains(text, "pkg_check_modules") || strings.Contains(text, "pkg_search_module") {
					out.err = fmt.Errorf("%s finds libraries with pkg-config: which the binary loads cannot be known", p)
				}
				for _, part := range strings.Split(text, "find_package(")[1:] {
					name := strings.Fields(strings.TrimSpace(part) + " ")[0]
					name = strings.TrimSuffix(name, ")")
					if name == "OpenMP" {
						out.openmp = true
						continue
					}
					need, known := neededLibrary(cmakePackages, name, p+" finds "+name)
					if !known {
						out.err = fmt.Errorf("%s finds the package %s: msrewrite knows no package of its library for the runtime image", p, name)
					}
					out.libs = append(out.libs, need...)
				}
			}
			return nil
		})
		return out
	}).(scriptLinks)
}

// cmakeShared says whether a CMake script builds a shared library: an
// add_library of SHARED or MODULE kind, or BUILD_SHARED_LIBS turned on,
// which makes the others shared; "" for none.
func cmakeShared(file, text string) string {
	for _, part := range strings.Split(text, "add_library(")[1:] {
		args, _, _ := strings.Cut(part, ")")
		fields := strings.Fields(args)
		if len(fields) > 1 && (fields[1] == "SHARED" || fields[1] == "MODULE") {
			return file + " builds the shared library " + fields[0] + " (add_library " + fields[0] + " " + fields[1] + ")"
		}
	}
	parts := strings.Split(text, "BUILD_SHARED_LIBS")
	for i, part := range parts[1:] {
		// set(BUILD_SHARED_LIBS ON [CACHE BOOL "doc"]) gives the value
		// first; option(BUILD_SHARED_LIBS "doc" ON) last.
		args, _, _ := strings.Cut(part, ")")
		f := strings.Fields(args)
		if len(f) == 0 {
			continue
		}
		value := f[0]
		if before := strings.TrimRight(parts[i], " \t\n"); strings.HasSuffix(before, "option(") {
			value = f[len(f)-1]
		}
		if cmakeTrue(value) {
			return file + " turns BUILD_SHARED_LIBS on: its libraries are built shared"
		}
	}
	return ""
}

// fetchedStatic are projects CMake files fetch and build at configure
// time (FetchContent, CPM) that are header-only, or build a static
// library unless BUILD_SHARED_LIBS (read apart) says otherwise: fmt,
// spdlog (SPDLOG_BUILD_SHARED off), yaml-cpp, googletest, benchmark,
// abseil, protobuf and gRPC build static by default; the others are
// headers. Lowercase.
var fetchedStatic = rewrite.WordSet(`fmt spdlog json nlohmann_json googletest gtest catch2 cli11 cxxopts doctest
	magic_enum glm range-v3 argparse tomlplusplus yaml-cpp benchmark googlebenchmark abseil absl protobuf grpc
	asio crow expected tl-expected`)

// cmakeFetched says whether a CMake script fetches and builds a project
// at configure time that may build shared libraries into the build
// folder, where the program would load them from: ExternalProject_Add
// (which builds and installs where its arguments say), or FetchContent
// and CPM of a project not known to build static. "" for none.
func cmakeFetched(file, text string) string {
	if strings.Contains(text, "ExternalProject_Add(") {
		return file + " builds another project with ExternalProject_Add and may build its shared libraries"
	}
	for _, call := range []string{"FetchContent_Declare(", "CPMAddPackage(", "CPMFindPackage("} {
		for _, part := range strings.Split(text, call)[1:] {
			args, _, _ := strings.Cut(part, ")")
			name := cmakeFetchedName(strings.Fields(args))
			if !fetchedStatic.Has(strings.ToLower(name)) {
				return fmt.Sprintf("%s fetches %s at configure time (%s), not known to build static only, and may build its shared libraries", file, name, strings.TrimSuffix(call, "("))
			}
		}
	}
	return ""
}

// cmakeFetchedName is the project a FetchContent_Declare or CPMAddPackage
// names: its first word, the NAME one, or the repository of CPM's short
// form ("gh:fmtlib/fmt#10.2.1"); "?" when none can be read.
func cmakeFetchedName(args []string) string {
	for i, a := range args {
		if a == "NAME" && i+1 < len(args) {
			return strings.Trim(args[i+1], `"`)
		}
	}
	if len(args) == 0 {
		return "?"
	}
	first := strings.Trim(args[0], `"`)
	if _, repo, ok := strings.Cut(first, ":"); ok {
		repo = repo[strings.LastIndexByte(repo, '/')+1:]
		repo, _, _ = strings.Cut(repo, "#")
		repo, _, _ = strings.Cut(repo, "@")
		return strings.TrimSuffix(repo, ".git")
	}
	if first == "URI" || first == "GITHUB_REPOSITORY" || first == "GIT_REPOSITORY" {
		return "?"
	}
	return first
}

// cmakeSharedFlag says whether a cmake command line turns
// BUILD_SHARED_LIBS on (-DBUILD_SHARED_LIBS=ON, -D BUILD_SHARED_LIBS:BOOL=1),
// as the README of many a library suggests; "" for not.
func cmakeSharedFlag(c shell.Call) string {
	for i := 1; i < len(c.Args); i++ {
		def, ok := strings.CutPrefix(c.Args[i], "-D")
		if ok && def == "" && i+1 < len(c.Args) {
			def = c.Args[i+1]
		}
		name, value, _ := strings.Cut(def, "=")
		name, _, _ = strings.Cut(name, ":")
		if name == "BUILD_SHARED_LIBS" && cmakeTrue(value) {
			return "cmake -D" + def + " builds the project's libraries shared"
		}
	}
	return ""
}

// cmakeTrue tells whether CMake reads a constant as true: 1, ON, YES,
// TRUE, Y or another non-zero number, in any case (the if command's
// documentation).
func cmakeTrue(v string) bool {
	switch strings.ToUpper(strings.Trim(v, `"`)) {
	case "ON", "YES", "TRUE", "Y":
		return true
	}
	n, err := strconv.ParseFloat(v, 64)
	return err == nil && n != 0
}

// neededLibrary looks up, in a table of development packages (""
// for a name the runtime needs nothing for), what linking a name makes
// the binary load: the library to install, none, or known false for a
// name the table lacks.
func neededLibrary(table map[string]string, name, why string) (need []rewrite.Library, known bool) {
	dev, known := table[name]
	if dev != "" {
		need = []rewrite.Library{{Dev: dev, Why: why}}
	}
	return need, known
}
